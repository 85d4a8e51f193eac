"""Other typologies of the New Areas (typologies.yaml): the packaged file, its checks, the
agreement table against the paper's org_type, and the command line."""

from __future__ import annotations

import json

import pytest
import yaml

import nnatlas as na
from conftest import run
from nnatlas.analysis import typologies as ty
from nnatlas.ingest import typologies as records
from nnatlas.ingest.typologies import TypologyError

PACKAGED = ("zhu-lu-2016", "zhu-jing-2022", "chao-li-2020", "cao-2017")


@pytest.fixture(scope="module")
def atlas():
    return na.load()


# --- the packaged file ---------------------------------------------------------------------------
def test_the_packaged_file_parses_and_every_assignment_exists(atlas):
    found = ty.load(atlas)
    assert tuple(t.id for t in found) == PACKAGED
    for t in found:
        src = atlas.sources[t.source_id]
        assert src.kind == "academic" and src.authors, t.id
        assert {a.area for a in t.assignments} == set(atlas.ids), t.id  # every NNA, known or not
        for a in t.assignments:
            assert a.area in atlas.ids
            if a.type is None:
                assert a.note and a.note.strip(), (t.id, a.area)  # an unknown says what was searched
            else:
                assert a.type in t.type_ids, (t.id, a.area)
                assert a.locator and a.locator.strip(), (t.id, a.area)  # and a known one where it was found


def test_the_packaged_file_has_no_problem_and_its_sources_count_as_cited():
    report = na.validate()
    assert report.valid
    assert not [p for p in report.problems if (p.file or "").endswith("typologies.yaml")]
    cited = records.cited_sources(records.read()[0])
    assert not [p for p in report.problems if p.code == "source-unused" and p.record in cited]
    assert report.checked["typologies"] == len(PACKAGED)


def test_what_the_publications_say(atlas):
    """Spot checks against the publications: Zhu & Lu's Table 1, Zhu & Jing's text."""
    rows = {r["id"]: r for r in ty.by_area(atlas)["areas"]}
    assert [i for i, r in rows.items() if r["zhu-lu-2016"] == "government"] == ["pudong", "binhai"]
    assert sum(r["zhu-lu-2016"] == "management_committee" for r in rows.values()) == 13
    assert rows["tianfu"]["zhu-lu-2016"] == "management_committee" and rows["tianfu"]["org_type"] == "leadership_group"
    assert rows["xiongan"]["zhu-lu-2016"] is None  # approved after the article
    assert {i for i, r in rows.items() if r["zhu-jing-2022"] == "area_division_integration"} == {"nansha", "zhoushan", "xihaian"}
    assert all(r["chao-li-2020"] is None and r["cao-2017"] is None for r in rows.values())


# --- a bad file ----------------------------------------------------------------------------------
GOOD = [
    {
        "id": "test-typology",
        "source": "doc-c",
        "title": "A test typology",
        "types": [
            {"id": "one", "en": "One", "zh": "一", "definition": "the first"},
            {"id": "two", "en": "Two", "zh": "二", "definition": None},
        ],
        "assignments": {"alpha": {"type": "one", "locator": "Table 1"}, "beta": {"type": None, "note": "not in Table 1"}},
    }
]


def _write(folder, data):
    (folder / "typologies.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def _bad(change):
    data = json.loads(json.dumps(GOOD))
    change(data[0])
    return data


BAD = {
    "unknown New Area": (
        _bad(lambda t: t["assignments"].update(alpah={"type": "one", "locator": "p. 2"})),
        "vocabulary",
        "New Area 'alpah' is not one of the New Area ids; did you mean 'alpha'?",
    ),
    "unknown type": (
        _bad(lambda t: t["assignments"]["alpha"].update(type="three")),
        "vocabulary",
        "type 'three' is not one of the typology's types",
    ),
    "missing source": (_bad(lambda t: t.pop("source")), "missing-field", "the required field 'source' is missing"),
    "undefined source": (_bad(lambda t: t.update(source="doc-zz")), "source-unknown", "source 'doc-zz' is not in sources.yaml"),
    "no locator": (_bad(lambda t: t["assignments"]["alpha"].pop("locator")), "source-missing", "without a locator"),
    "unknown without a note": (
        _bad(lambda t: t["assignments"]["beta"].pop("note")),
        "unknown-without-note",
        "without a note saying what was searched",
    ),
    "extra field": (_bad(lambda t: t.update(colour="red")), "extra-field", "colour"),
    "not a list": ({"id": "x"}, "type-error", "must be a list of typologies"),
}


def test_a_good_file_of_ones_own_is_read(mini_dir):
    _write(mini_dir, GOOD)
    mini = na.load(mini_dir, standalone=True)
    assert [t.id for t in ty.load(mini, mini_dir, standalone=True)] == ["test-typology"]
    assert na.validate(mini_dir, standalone=True).problems == []


@pytest.mark.parametrize("case", sorted(BAD))
def test_a_bad_file_is_reported_in_one_line(capsys, mini_dir, case):
    data, code, needle = BAD[case]
    _write(mini_dir, data)
    report = na.validate(mini_dir, standalone=True)
    assert not report.valid
    assert [p.code for p in report.errors] == [code], [str(p) for p in report.problems]
    assert needle in report.errors[0].message
    assert report.errors[0].file == "typologies.yaml"
    mini = na.load(mini_dir, standalone=True)  # the record checks do not read the file
    with pytest.raises(TypologyError, match=needle.replace("?", r"\?").replace("(", r"\(")):
        ty.by_area(mini, data_dir=mini_dir, standalone=True)
    status, out, err = run(capsys, "--data", mini_dir, "--standalone", "typologies")
    assert status == 1 and out == ""
    assert len(err.strip().splitlines()) == 1 and err.startswith("nnatlas: the data is invalid: typologies.yaml")
    assert needle in err and "Traceback" not in err


def test_a_users_typology_replaces_a_packaged_one_and_the_rest_are_kept(tmp_path, atlas):
    folder = tmp_path / "mine"
    folder.mkdir()
    (folder / "sources.yaml").write_text("[]\n", encoding="utf-8")
    mine = {
        "id": "cao-2017",
        "source": "cao-2017",
        "title": "My reading",
        "types": [{"id": "x", "en": "X", "zh": "甲", "definition": None}],
        "assignments": {"pudong": {"type": "x", "locator": "p. 3"}},
    }
    _write(folder, [mine])
    found = {t.id: t for t in ty.load(na.load(folder), folder)}
    assert list(found) == list(PACKAGED) and found["cao-2017"].title == "My reading"
    assert found["zhu-lu-2016"] == {t.id: t for t in ty.load(atlas)}["zhu-lu-2016"]
    rows = {r["id"]: r for r in ty.by_area(na.load(folder), data_dir=folder)["areas"]}
    assert rows["pudong"]["cao-2017"] == "x" and rows["binhai"]["cao-2017"] is None  # not listed: unknown


# --- the agreement table -------------------------------------------------------------------------
@pytest.mark.parametrize("typology", PACKAGED)
def test_agreement_counts_add_up_to_the_number_of_nnas(atlas, typology):
    data = ty.agreement(atlas, typology)
    snap = atlas.at("2018-12-31")
    assert data["as_of"] == "2018-12-31" and data["total"] == len(snap) == 19
    assert sum(c["count"] for c in data["cells"]) == data["total"]
    assert sorted(a for c in data["cells"] for a in c["areas"]) == sorted(snap.ids)  # each NNA in exactly one cell
    assert all(c["count"] == len(c["areas"]) for c in data["cells"])
    assert len(data["cells"]) == len(data["rows"]) * len(data["columns"])  # every cell, the empty ones too
    assert sum(r["count"] for r in data["row_totals"]) == sum(c["count"] for c in data["column_totals"]) == 19
    assert None in data["rows"] and None in data["columns"]  # unknowns are a row and a column, never dropped
    unknown = {a for c in data["cells"] if c["type"] is None for a in c["areas"]}
    assert data["unknown"]["type"] == len(unknown)
    found = {t.id: t for t in ty.load(atlas)}[typology]
    assert unknown == {a.area for a in found.assignments if a.type is None}


def test_agreement_of_zhu_and_lu(atlas):
    cells = {(c["type"], c["org_type"]): c["areas"] for c in ty.agreement(atlas, "zhu-lu-2016")["cells"] if c["count"]}
    assert cells[("government", "government")] == ["pudong", "binhai"]
    assert cells[("management_committee", "leadership_group")] == ["tianfu"]
    assert cells[(None, "management_committee")] == ["xiongan"]


def test_agreement_needs_a_known_typology(atlas):
    with pytest.raises(na.UsageError, match="unknown typology 'zhu': use one of zhu-lu-2016"):
        ty.agreement(atlas, "zhu")


def test_agreement_at_another_date_counts_the_nnas_then(atlas):
    data = ty.agreement(atlas, "zhu-lu-2016", "2014")
    assert data["total"] == len(atlas.at("2014")) == sum(c["count"] for c in data["cells"])


# --- the command line ----------------------------------------------------------------------------
def test_json_equals_the_api(capsys, atlas):
    code, out, _ = run(capsys, "typologies", "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(ty.by_area(atlas), ensure_ascii=False))
    code, out, _ = run(capsys, "typologies", "--agreement", "zhu-jing-2022", "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(ty.agreement(atlas, "zhu-jing-2022"), ensure_ascii=False))


def test_text_names_the_date_and_the_typologies(capsys):
    code, out, _ = run(capsys, "typologies")
    assert code == 0
    first = out.splitlines()[0]
    assert "as of 2018-12-31" in first and all(t in first for t in PACKAGED)
    assert len([line for line in out.splitlines() if line.startswith(("pudong ", "xiongan "))]) == 2
    for word in ("None", "null", "nan"):
        assert word not in out.split()
    code, out, _ = run(capsys, "typologies", "--agreement", "zhu-lu-2016", "--at", "2018")
    assert code == 0 and "as of 2018-12-31: 19 New Areas" in out.splitlines()[0]
    assert "xiongan" in out and "unknown" in out


def test_csv_has_one_row_per_nna_or_cell(capsys, atlas):
    code, out, _ = run(capsys, "typologies", "--csv")
    assert code == 0 and len(out.splitlines()) == 1 + 19
    assert out.splitlines()[0].split(",")[:5] == ["id", "as_of", "name_en", "name_zh", "org_type"]
    code, out, _ = run(capsys, "typologies", "--agreement", "cao-2017", "--csv")
    assert code == 0 and len(out.splitlines()) == 1 + len(ty.agreement(atlas, "cao-2017")["cells"])


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("typologies", "--agreement", "zhu"), "unknown typology 'zhu'"),
        (("typologies", "--json", "--csv"), "choose one of"),
        (("typologies", "--at", "2018-13-01"), "YYYY-MM-DD"),
        (("typologies", "--agreement"), "requires an argument"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, needle):
    code, out, err = run(capsys, *args)
    assert code == 2 and needle in err and len(err.strip().splitlines()) == 1 and out == ""


def test_data_without_typologies(capsys, mini):
    from conftest import MINI, MINI_ARGS

    code, out, _ = run(capsys, *MINI_ARGS, "typologies", "--at", "2018")
    assert code == 0 and "none (this data has no typologies.yaml)" in out.splitlines()[0]
    assert ty.by_area(mini, data_dir=MINI, standalone=True)["typologies"] == []


# --- the codebook --------------------------------------------------------------------------------
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_codebook_lists_each_typology_with_its_source_and_types(lang, atlas):
    from nnatlas.outputs.codebook import render

    md, html = render("md", lang), render("html", lang)
    for t in ty.load(atlas):
        for text in (md, html):
            assert t.id in text and atlas.sources[t.source_id].url in text
            assert all(tp.zh.replace('"', "&quot;" if text is html else '"') in text for tp in t.types)
