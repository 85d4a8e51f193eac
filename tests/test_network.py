"""Governance networks (scale as relation, paper §3.3): measures with known answers, JSON, figures."""

from __future__ import annotations

import json
import warnings
from pathlib import Path

import pytest

import nnatlas as na
from conftest import MINI, MINI_ARGS, edit_yaml, run
from nnatlas.analysis.network import (
    build_graph,
    check_networks,
    governance_graph,
    management_levels,
    network_json,
    network_metrics,
)
from nnatlas.ingest.models import Body, Relation
from nnatlas.outputs.plot import network as network_draw
from nnatlas.outputs.plot.framework import FRAMEWORK
from nnatlas.outputs.plot.paper import check_figure, draw_figure


def body(id_: str, kind: str, **kw) -> Body:
    return Body(id=id_, kind=kind, start="2014", sources=["src"], **kw)


def rel(kind: str, a: str, b: str) -> Relation:
    return Relation(kind=kind, from_=a, to=b, start="2014", sources=["src"])


class Coded:
    """A stand-in for an AreaState: only ``value(field, qualifier)`` is used by the measures."""

    def __init__(self, **values):
        self.values = values

    def value(self, field, qualifier=None):
        return self.values.get(f"{field}:{qualifier}" if qualifier else field)


PROVINCE = body("prov", "provincial_government", rank="provincial")


def two_level():
    """Gui'an-like: the committee entrusts townships directly."""
    bodies = [PROVINCE, body("mc", "management_committee"), body("t1", "township"), body("t2", "township")]
    relations = [rel("dispatches", "prov", "mc"), rel("entrusts", "mc", "t1"), rel("entrusts", "mc", "t2")]
    return build_graph(bodies, relations, approval_sources=["approval"])


def three_level():
    """Qingdao-West-Coast-like: committee -> district government / functional area -> street."""
    bodies = [
        PROVINCE,
        body("mc", "management_committee"),
        body("dist", "district_government"),
        body("fa", "functional_area_committee"),
        body("s1", "street"),
        body("s2", "street"),
    ]
    relations = [
        rel("leads", "prov", "mc"),
        rel("leads", "mc", "dist"),
        rel("leads", "mc", "fa"),
        rel("leads", "dist", "s1"),
        rel("dispatches", "fa", "s2"),
    ]
    return build_graph(bodies, relations)


def leadership_group():
    """Tianfu-like: a provincial group coordinates city committees; each sub-area goes its own way."""
    bodies = [
        PROVINCE,
        body("lg", "leadership_group", rank="provincial"),
        body("city", "municipal_government", rank="sub_provincial"),
        body("mc_a", "management_committee"),
        body("mc_b", "management_committee"),
        body("county", "county_government"),
    ]
    relations = [
        rel("leads", "prov", "lg"),
        rel("coordinates", "lg", "mc_a"),
        rel("coordinates", "lg", "mc_b"),
        rel("dispatches", "city", "mc_a"),
        rel("leads", "city", "mc_b"),
        rel("hosts", "county", "mc_b"),
    ]
    return build_graph(bodies, relations)


# --- measures on hand-built graphs ---------------------------------------------------------------
def test_two_level_graph_has_two_levels():
    m = network_metrics(two_level(), Coded(management_mode="two_level"))
    assert m["management_levels"] == 2
    assert m["management_levels_found"] == [2]
    assert m["agrees_with_coded_mode"] is True
    assert m["governments_involved"] == 1


def test_three_level_graph_has_three_levels_via_district_or_functional_area():
    m = network_metrics(three_level(), Coded(management_mode="three_level"))
    assert m["management_levels"] == 3
    assert m["agrees_with_coded_mode"] is True
    assert m["highest_coordinating_rank"] == "provincial" and m["highest_coordinator"] == "prov"


def test_a_coded_mode_that_the_graph_contradicts_disagrees():
    assert network_metrics(two_level(), Coded(management_mode="three_level"))["agrees_with_coded_mode"] is False


def test_leadership_group_graph_without_townships_has_null_levels_and_says_why():
    m = network_metrics(leadership_group(), Coded(management_mode="leadership_group"))
    assert m["management_levels"] is None
    assert "no township" in m["management_levels_note"]
    assert m["agrees_with_coded_mode"] is None  # leadership_group implies no level count
    assert m["highest_coordinating_rank"] == "provincial" and m["highest_coordinator"] == "lg"
    assert m["governments_involved"] == 3


def test_no_township_nodes_gives_null_even_when_the_mode_is_coded():
    g = build_graph([PROVINCE, body("mc", "management_committee")], [rel("leads", "prov", "mc")])
    m = network_metrics(g, Coded(management_mode="two_level"))
    assert m["management_levels"] is None and m["agrees_with_coded_mode"] is None
    assert "no township or street bodies" in m["management_levels_note"]


def test_mixed_depths_report_the_deepest_and_all_found():
    bodies = [body("mc", "management_committee"), body("t1", "township"), body("fa", "functional_area_committee")]
    bodies.append(body("s1", "street"))
    relations = [rel("entrusts", "mc", "t1"), rel("leads", "mc", "fa"), rel("leads", "fa", "s1")]
    levels, found, note = management_levels(build_graph(bodies, relations))
    assert (levels, found) == (3, [2, 3])
    assert "2 and 3" in note


def test_territorial_and_filing_relations_are_not_management():
    bodies = [body("mc", "management_committee"), body("dist", "district_government"), body("t1", "township")]
    relations = [rel("hosts", "dist", "mc"), rel("reviews_files", "mc", "dist"), rel("leads", "dist", "t1")]
    levels, _, note = management_levels(build_graph(bodies, relations))
    assert levels is None and "none reached" in note


def test_trusteeship_written_from_the_township_counts_towards_its_trustee():
    bodies = [body("mc", "management_committee"), body("t1", "township")]
    assert management_levels(build_graph(bodies, [rel("entrusts", "t1", "mc")]))[0] == 2


def test_a_leadership_group_is_the_authority_only_without_a_committee_or_own_government():
    bodies = [body("lg", "leadership_group"), body("t1", "township")]
    g = build_graph(bodies, [rel("leads", "lg", "t1")])
    assert g.nodes["lg"]["nna_authority"] and management_levels(g)[0] == 2
    g = build_graph([*bodies, body("mc", "management_committee")], [rel("leads", "lg", "t1")])
    assert not g.nodes["lg"]["nna_authority"]


def test_an_own_government_is_recognised_by_the_nna_name():
    bodies = [
        body("dgov", "district_government", name_zh="上海市浦东新区人民政府"),
        body("other_gov", "district_government", name_zh="上海市黄浦区人民政府"),
        body("towns", "other", name_zh="托管给浦东新区的乡镇街道"),
    ]
    g = build_graph(bodies, [], short_names=["浦东新区"])
    assert [n for n, d in g.nodes(data=True) if d["nna_authority"]] == ["dgov"]


def test_a_leadership_group_without_rank_takes_its_heads_rank():
    bodies = [body("lg", "leadership_group"), body("mc", "management_committee")]
    g = build_graph(bodies, [rel("coordinates", "lg", "mc")])
    assert network_metrics(g)["highest_coordinating_rank"] is None
    m = network_metrics(g, Coded(leadership_group_head_rank="provincial"))
    assert m["highest_coordinating_rank"] == "provincial"


def test_direct_management_share_is_direct_over_approved_land():
    st = Coded(**{"planning_area_km2:direct_management": 470, "planning_area_km2:approved_land": 1880})
    assert network_metrics(two_level(), st)["direct_management_share"] == 0.25
    assert network_metrics(two_level(), Coded())["direct_management_share"] is None


# --- the approval ----------------------------------------------------------------------------------
def test_a_missing_state_council_is_added_with_the_approvals_sources():
    g = two_level()
    council = [n for n, d in g.nodes(data=True) if d["kind"] == "state_council"]
    assert council == ["state_council"] and g.nodes["state_council"]["derived"]
    assert g.edges["state_council", "prov"]["kind"] == "approves"
    assert g.edges["state_council", "prov"]["sources"] == ["approval"]


def test_an_existing_state_council_without_approval_gets_a_derived_approves_edge():
    g = build_graph([body("sc", "state_council"), PROVINCE], [], approval_sources=["approval"])
    assert "state_council" not in g
    assert g.edges["sc", "prov"]["kind"] == "approves" and g.edges["sc", "prov"]["derived"]


def test_a_recorded_approval_is_kept_as_it_is():
    g = build_graph([body("sc", "state_council"), PROVINCE], [rel("approves", "sc", "prov")])
    assert not g.edges["sc", "prov"]["derived"] and g.number_of_edges() == 1


def test_without_bodies_the_approval_reaches_the_new_area_itself():
    g = build_graph([], [], approval_sources=["approval"], new_area_names=("乙新区", "Beta New Area"))
    assert g.edges["state_council", "new_area"]["kind"] == "approves"
    assert g.nodes["new_area"]["name_en"] == "Beta New Area"


def test_several_relations_between_two_bodies_share_one_edge():
    bodies = [body("city", "municipal_government"), body("mc", "management_committee")]
    g = build_graph(bodies, [rel("hosts", "city", "mc"), rel("leads", "city", "mc")], add_approval=False)
    edge = g.edges["city", "mc"]
    assert edge["kind"] == "leads" and edge["kinds"] == ["leads", "hosts"] and len(edge["relations"]) == 2


# --- the mini fixture ------------------------------------------------------------------------------
def test_mini_graph_starts_from_the_approval(mini):
    g = governance_graph(mini, "alpha", "2012")
    assert set(g) == {"state_council", "gov", "mc"}
    assert g.edges["state_council", "gov"]["kind"] == "approves"
    assert g.edges["state_council", "gov"]["sources"] == ["doc-a"]
    assert g.edges["gov", "mc"]["kind"] == "dispatches"
    assert g.nodes["mc"]["nna_authority"] and g.nodes["mc"]["rank"] == "sub_provincial"


def test_mini_graph_follows_the_date(mini):
    assert "mc" not in governance_graph(mini, "alpha", "2016")  # the committee ended in 2015
    beta = governance_graph(mini, "beta", "2018")
    assert set(beta) == {"state_council", "new_area"}


def test_mini_json_is_serialisable_and_has_the_documented_keys(mini):
    data = network_json(mini, "alpha", "2012")
    json.dumps(data)
    for key in (
        "id",
        "as_of",
        "nodes",
        "edges",
        "management_levels",
        "management_levels_note",
        "governments_involved",
        "highest_coordinating_rank",
        "direct_management_share",
        "coded_mode",
        "agrees_with_coded_mode",
    ):
        assert key in data
    assert {e["kind"] for e in data["edges"]} == {"approves", "dispatches"}
    assert data["management_levels"] is None and data["governments_involved"] == 1


def test_check_networks_reports_a_disagreement(mini_dir: Path):
    assert check_networks(na.load(MINI, standalone=True).at("2018")) == []

    def add_two_level_body(area):
        area["bodies"] += [
            {"id": "mc2", "kind": "management_committee", "start": "2015-07-01", "sources": ["doc-b"]},
            {"id": "t1", "kind": "township", "start": "2015-07-01", "sources": ["doc-b"]},
        ]
        area["relations"].append({"kind": "entrusts", "from": "mc2", "to": "t1", "start": "2015-07-01", "sources": ["doc-b"]})

    edit_yaml(mini_dir / "areas" / "alpha.yaml", add_two_level_body)
    problems = check_networks(na.load(mini_dir, standalone=True).at("2018"))
    assert [p["record"] for p in problems] == ["alpha"]
    assert problems[0]["code"] == "network-mode-mismatch" and "three_level" in problems[0]["message"]


# --- commands ------------------------------------------------------------------------------------
def test_network_command_json_equals_the_api(mini, capsys):
    code, out, _ = run(capsys, *MINI_ARGS, "network", "alpha", "--at", "2012", "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(network_json(mini, "alpha", "2012")))


def test_network_command_text_names_measures_bodies_and_relations(capsys):
    code, out, _ = run(capsys, *MINI_ARGS, "network", "Alpha New Area", "--at", "2012")
    assert code == 0
    assert out.splitlines()[0].endswith("as of 2012-12-31")
    assert "management levels" in out and "dispatches" in out and "Bodies (3)" in out


@pytest.mark.parametrize("name", ["a.jpg", "a", "a.pdf"])
def test_network_command_rejects_bad_figure_names(capsys, tmp_path, name):
    code, out, err = run(capsys, *MINI_ARGS, "network", "alpha", "--at", "2012", "--out", tmp_path / name)
    assert code == 2 and out == ""
    assert "must end in .png or .svg" in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


def test_network_command_rejects_an_unknown_language(capsys):
    code, _, err = run(capsys, *MINI_ARGS, "network", "alpha", "--lang", "fr")
    assert code == 2 and "en or zh" in err


def test_figure_numbers_are_checked(tmp_path):
    with pytest.raises(na.UsageError) as err:
        check_figure(4)
    message = str(err.value)
    assert "1 (The analytical framework" in message and "3 (The management functions" in message
    assert "\n" not in message


# --- figures -------------------------------------------------------------------------------------
def glyph_warnings(draw) -> list[str]:
    """Run ``draw()`` and return the messages of missing-glyph warnings it raised."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        draw()
    return [str(w.message) for w in caught if "Glyph" in str(w.message)]


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_network_figure_is_written_without_missing_glyphs(mini, tmp_path, lang, capsys):
    out = tmp_path / f"alpha.{lang}.png"
    assert glyph_warnings(lambda: run(capsys, *MINI_ARGS, "network", "alpha", "--at", "2012", "--out", out, "--lang", lang)) == []
    assert out.stat().st_size > 10_000


def test_network_figure_as_svg(mini, tmp_path):
    out = network_draw.draw_network(mini.at("2018"), "beta", "en", tmp_path / "beta.svg")
    assert out.read_text(encoding="utf-8").lstrip().startswith("<?xml")


def test_a_network_before_any_body_is_a_usage_error(mini, tmp_path):
    with pytest.raises(na.UsageError, match="approved 2015-06"):
        network_draw.draw_network(mini.at("2012"), "beta", "en", tmp_path / "beta.png")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_framework_figure_is_written_without_missing_glyphs(tmp_path, lang):
    out = tmp_path / f"fig1.{lang}.png"
    assert glyph_warnings(lambda: draw_figure(1, None, out, lang=lang)) == []
    assert out.stat().st_size > 20_000


def test_framework_figure_wording_comes_from_the_paper():
    """Phrases quoted from §2.2 and §4 of the paper (the caption of Fig. 1 is its title)."""
    text = FRAMEWORK["en"]
    assert text["title"] == "The analytical framework of NNA state rescaling"
    words = " ".join(" ".join(row) for row in text["rows"]).replace("\n", " ")
    for phrase in (
        "Scale as size",
        "Scale as level",
        "Scale as relation",
        "spatial level",
        "organizational status",
        "administrative functions",
        "Scaling up",
        "high configuration",
        "tendency to formal state",
        "large scale, cross-regional",
        "dynamic overlapping power",
    ):
        assert phrase in words, phrase


def test_layout_puts_the_state_council_on_top_and_townships_at_the_bottom():
    g = two_level()
    layout = network_draw.layered_layout(g)
    assert layout.rows == ["national", "provincial", "nna", "township"]
    assert layout.pos["state_council"][1] > layout.pos["prov"][1] > layout.pos["mc"][1] > layout.pos["t1"][1]


def test_equivalent_bodies_share_a_box():
    grouped = network_draw.group_equivalent(two_level(), 2)
    members = [d["members"] for _, d in grouped.nodes(data=True) if d.get("members")]
    assert [len(m) for m in members] == [2]
    assert "2 township" in network_draw.node_label(grouped.nodes["group:t1"], "en")


# --- the packaged data -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def atlas():
    return na.load()  # invalid packaged data fails here: a failure is due, not a skip


@pytest.mark.parametrize("at", ["2018-12-31", "today"])
def test_every_network_starts_from_the_state_councils_approval(atlas, at):
    for st in atlas.states(at):
        g = governance_graph(atlas, st.area.id, st.day)
        councils = [n for n, d in g.nodes(data=True) if d["kind"] == "state_council"]
        assert councils, st.area.id
        assert any(g.edges[e]["kind"] == "approves" for c in councils for e in g.out_edges(c)), st.area.id


def test_every_network_json_has_nodes_edges_and_levels(atlas):
    for area_id in atlas.ids:
        data = network_json(atlas, area_id, "2018-12-31")
        assert data["nodes"] and data["edges"], area_id
        assert "management_levels" in data
        assert data["management_levels"] in (None, 2, 3, 4, 5), area_id
        if data["management_levels"] is None:
            assert data["management_levels_note"], area_id


def test_the_packaged_network_warnings_are_exactly_the_disagreements(atlas):
    """A network-mode-mismatch warning for exactly the NNAs whose countable levels differ from the
    levels their coded mode implies (the data's findings, such as Pudong's two levels after 2010)."""
    from nnatlas.analysis.framework.relation import LEVELS_BY_MODE

    for day in ("2018-12-31", "today"):
        snap = atlas.at(day)
        expected = set()
        for area_id in snap.ids:
            data = network_json(snap, area_id)
            coded = LEVELS_BY_MODE.get(data["coded_mode"])
            if data["management_levels"] is not None and coded is not None and data["management_levels"] != coded:
                expected.add(area_id)
        warned = {p["record"] for p in check_networks(snap)}
        assert warned == expected, day
    counted = [i for i in atlas.ids if network_json(atlas, i, "2018-12-31")["management_levels"] is not None]
    assert counted, "no NNA's network has countable levels: the check would compare nothing"


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_archetype_figure_is_written(atlas, tmp_path, lang):
    out = tmp_path / f"archetypes.{lang}.png"
    assert glyph_warnings(lambda: network_draw.draw_archetypes(atlas.at("2018-12-31"), lang, out)) == []
    assert out.stat().st_size > 50_000
