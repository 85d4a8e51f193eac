"""``nnatlas diff``: what changed between two dates, and between two versions of the data."""

from __future__ import annotations

import datetime as dt
import json
import re
import shlex
import shutil
from pathlib import Path

import pytest
import yaml

from conftest import MINI, MINI_ARGS, edit_yaml, run
from nnatlas.analysis.diff import between_data, between_dates
from nnatlas.analysis.framework import record
from nnatlas.core.errors import UsageError
from nnatlas.ingest.datasets import packaged_data_dir

D = dt.date


@pytest.fixture(scope="module")
def atlas():
    import nnatlas as na

    return na.load()


def _by_kind(result, kind):
    return [r for r in result["changes"] if r["kind"] == kind]


# --- between dates ----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("a", "b"), [(D(2014, 12, 31), D(2018, 12, 31)), (D(1990, 1, 1), D(2012, 12, 31)), (D(2018, 1, 1), D(2026, 1, 1))]
)
def test_the_areas_added_are_those_approved_in_the_window(atlas, a, b):
    result = between_dates(atlas, a, b)
    expected = {x.id for x in atlas if x.approved and a < x.approved <= b}
    added = _by_kind(result, "area_added")
    assert {r["area"] for r in added} == expected and len(added) == len(expected)
    assert result["counts"].get("area_added", 0) == len(expected)
    for r in added:
        mark = atlas[r["area"]].approval
        assert r["on"] == str(mark.date) and r["sources"] == [str(s) for s in mark.sources]


def test_the_paper_window_adds_some_but_not_all(atlas):
    added = _by_kind(between_dates(atlas, D(2014, 12, 31), D(2018, 12, 31)), "area_added")
    assert 0 < len(added) < len(atlas)


def test_a_unit_joins_in_its_window_and_not_in_another(atlas):
    """A unit whose start the data give, after its area's approval, with no earlier record of its code."""
    area, unit = next(
        (x, u)
        for x in atlas
        for u in x.units
        if u.start and u.start.first_day > x.approved and not any(o.begins < u.begins for o in x.units if o.code == u.code)
    )
    start = u_day = unit.start.first_day
    joined = _by_kind(between_dates(atlas, start - dt.timedelta(days=1), u_day), "unit_joined")
    mine = [r for r in joined if r["area"] == area.id and r["what"] == (unit.code or unit.name_zh)]
    assert len(mine) == 1 and mine[0]["on"] == str(unit.start)
    assert mine[0]["sources"] == [str(s) for s in unit.sources]
    later = _by_kind(between_dates(atlas, start, start + dt.timedelta(days=400)), "unit_joined")
    assert not [r for r in later if r["area"] == area.id and r["what"] == mine[0]["what"]]


def test_a_unit_leaves_on_its_end_day(mini):
    unit = next(u for a in mini for u in a.units if u.end)
    end = unit.end.first_day
    left = _by_kind(between_dates(mini, end - dt.timedelta(days=1), end), "unit_left")
    assert [(r["what"], r["on"]) for r in left] == [(unit.code, str(unit.end))]
    assert _by_kind(between_dates(mini, end - dt.timedelta(days=30), end - dt.timedelta(days=1)), "unit_left") == []
    assert _by_kind(between_dates(mini, end, end + dt.timedelta(days=30)), "unit_left") == []


def test_an_organisation_type_change_is_dated_and_sourced(mini):
    a, b = D(2015, 1, 1), D(2015, 12, 31)
    rows = _by_kind(between_dates(mini, a, b), "org_type")
    ids = mini.at(a).ids
    before = {i: record(mini.at(a), i)["level"]["org_type"] for i in ids}
    after = {i: record(mini.at(b), i)["level"]["org_type"] for i in ids}
    changed = {i for i in before if before[i] != after[i]}
    assert changed and {r["area"] for r in rows} == changed
    for r in rows:
        assert (r["before"], r["after"]) == (before[r["area"]], after[r["area"]])
        new = [f for f in mini[r["area"]].facts if f.field == "org_type" and f.value == r["after"] and f.start]
        assert r["on"] == str(new[0].start) and r["attested"] is None
        assert set(map(str, new[0].sources)) <= set(r["sources"])


def test_a_value_known_only_from_an_attestation_has_no_date(mini):
    fact = next(f for a in mini for f in a.facts if f.field == "management_mode" and f.as_of)
    day = fact.as_of.first_day
    rows = _by_kind(between_dates(mini, day - dt.timedelta(days=1), fact.as_of.last_day), "mode")
    assert [(r["after"], r["on"], r["attested"]) for r in rows] == [(fact.value, None, str(fact.as_of))]
    assert between_dates(mini, day - dt.timedelta(days=1), fact.as_of.last_day)["attested"] >= 1


def test_an_area_added_in_the_window_is_compared_from_its_approval(mini):
    """Its founding records are not changes; what changed after its approval is."""
    beta = mini["beta"]
    result = between_dates(mini, beta.approved - dt.timedelta(days=1), D(2019, 12, 31))
    assert not [r for r in result["changes"] if r["area"] == "beta" and r["kind"].startswith("unit")]
    org = [r for r in result["changes"] if r["area"] == "beta" and r["kind"] == "org_type"]
    assert len(org) == 1 and org[0]["before"] is None and org[0]["attested"]


def test_equal_dates_change_nothing_and_the_order_is_checked(mini):
    assert between_dates(mini, D(2016, 1, 1), D(2016, 1, 1))["changes"] == []
    with pytest.raises(UsageError, match="is after the second"):
        between_dates(mini, D(2018, 1, 1), D(2016, 1, 1))


def test_counts_match_the_rows(atlas):
    result = between_dates(atlas, D(2010, 1, 1), D(2020, 1, 1))
    assert sum(result["counts"].values()) == len(result["changes"]) > 0
    assert result["attested"] == sum(bool(r["attested"]) for r in result["changes"])
    assert all(r["sources"] for r in result["changes"] if r["kind"] in ("area_added", "unit_joined", "event"))


# --- between data versions ----------------------------------------------------------------------------
@pytest.fixture
def copy(tmp_path) -> Path:
    target = tmp_path / "data"
    shutil.copytree(packaged_data_dir(), target)
    return target


def _load(path):
    import nnatlas as na

    return na.load(path, standalone=True)


def test_identical_data_have_no_changes(atlas, copy):
    assert between_data(atlas, atlas)["changes"] == []
    result = between_data(atlas, _load(copy))
    assert result["changes"] == [] and result["counts"] == {}


def test_a_value_a_source_and_a_unit(atlas, copy):
    area = next(x for x in atlas if x.units and any(isinstance(f.value, int) and not isinstance(f.value, bool) for f in x.facts))
    path = copy / "areas" / Path(atlas.files[area.id]).name
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    n = next(i for i, f in enumerate(data["facts"]) if isinstance(f.get("value"), int) and not isinstance(f["value"], bool))
    fact, gone = data["facts"][n], data["units"][0]
    data["facts"][n] = fact | {"value": fact["value"] + 1}
    del data["units"][0]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    edit_yaml(copy / "sources.yaml", lambda s: s.append({"id": "a-new-source", "kind": "news", "title_en": "A page"}))

    result = between_data(atlas, _load(copy))
    rows = {(r["change"], r["record"]): r for r in result["changes"]}
    assert set(rows) == {("changed", "fact"), ("added", "source"), ("removed", "unit")}, result["changes"]
    changed = rows["changed", "fact"]
    begins = fact.get("start") or f"as_of {fact['as_of']}"
    field = f"{fact['field']}:{fact['qualifier']}" if fact.get("qualifier") else fact["field"]
    assert changed["area"] == area.id and changed["key"] == f"{field}@{begins}"
    assert changed["fields_changed"] == ["value"]
    assert (changed["before"]["value"], changed["after"]["value"]) == (fact["value"], fact["value"] + 1)
    assert rows["added", "source"]["key"] == "a-new-source" and rows["added", "source"]["before"] is None
    removed = rows["removed", "unit"]
    assert removed["key"] == f"{gone['code'] or gone['name_zh']}@{gone.get('start') or 'as_of ' + gone['as_of']}"
    assert removed["after"] is None and removed["area"] == area.id
    assert result["counts"] == {
        "source": {"added": 1, "changed": 0, "removed": 0},
        "fact": {"added": 0, "changed": 1, "removed": 0},
        "unit": {"added": 0, "changed": 0, "removed": 1},
    }


def test_a_corrected_start_or_note_alone_is_a_change(mini, mini_dir):
    def change(d):
        facts = d["facts"]
        facts[0]["start"] = "2010-02-01"  # the first planning area, a corrected start
        facts[2]["note"] = "a reviewer's note"  # the first org_type

    edit_yaml(mini_dir / "areas" / "alpha.yaml", change)
    rows = between_data(mini, _load(mini_dir))["changes"]
    assert [(r["change"], r["record"], r["fields_changed"]) for r in rows] == [
        ("changed", "fact", ["start"]),
        ("changed", "fact", ["note"]),
    ]
    assert rows[0]["key"] == "planning_area_km2:approved_land@2010-01-01"


def test_removed_sources_and_areas_show_when_read_alone(mini, mini_dir):
    edit_yaml(mini_dir / "sources.yaml", lambda s: s.append({"id": "spare", "kind": "news", "title_en": "Unused"}))
    (mini_dir / "areas" / "beta.yaml").unlink()
    edit_yaml(mini_dir / "sources.yaml", lambda s: s.remove(next(x for x in s if x["id"] == "doc-c")))
    rows = between_data(mini, _load(mini_dir))["changes"]
    assert {(r["change"], r["record"], r["key"]) for r in rows} == {
        ("removed", "area", "beta"),
        ("removed", "source", "doc-c"),
        ("added", "source", "spare"),
    }


def test_a_disputed_pair_is_matched_by_likeness(mini, mini_dir):
    """alpha's two rank records share field and start: changing one changes that one only."""

    def change(d):
        rank = next(f for f in d["facts"] if f["field"] == "rank" and f["value"] == "prefecture")
        rank["sources"] = ["doc-a"]

    edit_yaml(mini_dir / "areas" / "alpha.yaml", change)
    rows = between_data(mini, _load(mini_dir))["changes"]
    assert [(r["change"], r["fields_changed"], r["after"]["value"]) for r in rows] == [("changed", ["sources"], "prefecture")]


# --- the command ---------------------------------------------------------------------------------------
def _text_rows(text: str) -> int:
    return len([line for line in text.splitlines()[1:] if re.match(r"^  \S", line)])


@pytest.mark.parametrize("args", [("2009", "2019"), ("2016-01-01", "2018-06-30"), ("2015-06", "2015-06")])
def test_json_csv_and_text_agree_between_dates(capsys, mini, args):
    code, out, _ = run(capsys, *MINI_ARGS, "diff", *args, "--json")
    data = json.loads(out)
    assert code == 0 and (data["from"], data["to"]) == tuple(str(mini.at(a).day) for a in args)
    expected = between_dates(mini, mini.at(args[0]).day, mini.at(args[1]).day)
    assert data["changes"] == expected["changes"] and data["data"]["version"].startswith(tuple("0123456789"))
    _, csv_out, _ = run(capsys, *MINI_ARGS, "diff", *args, "--csv")
    _, text, _ = run(capsys, *MINI_ARGS, "diff", *args)
    assert len(csv_out.strip().splitlines()) - 1 == len(data["changes"]) == _text_rows(text)
    assert text.startswith(f"Changes from {data['from']} to {data['to']} (data {data['data']['version']})")


def test_json_csv_and_text_agree_between_data(capsys, mini_dir):
    edit_yaml(mini_dir / "areas" / "alpha.yaml", lambda d: d["units"].pop())
    edit_yaml(mini_dir / "sources.yaml", lambda s: s.append({"id": "spare", "kind": "news"}))
    args = (*MINI_ARGS, "diff", "--data", mini_dir, "--standalone")
    code, out, _ = run(capsys, *args, "--json")
    data = json.loads(out)
    assert code == 0 and [(r["change"], r["record"]) for r in data["changes"]] == [("added", "source"), ("removed", "unit")]
    assert data["data"]["old"]["version"] != data["data"]["new"]["version"]
    assert data["data"]["new"]["folder"] == str(mini_dir)
    _, csv_out, _ = run(capsys, *args, "--csv")
    _, text, _ = run(capsys, *args)
    assert len(csv_out.strip().splitlines()) - 1 == 2
    assert len([line for line in text.splitlines() if re.match(r"^  (added|changed|removed) ", line)]) == 2
    assert "1 source added, 1 unit removed" in text.splitlines()[0]


def test_the_same_data_twice_prints_no_changes(capsys):
    code, out, _ = run(capsys, *MINI_ARGS, "diff", "--data", MINI, "--standalone")
    assert code == 0 and out.splitlines()[0].endswith("no changes")
    code, out, _ = run(capsys, *MINI_ARGS, "diff", "--data", MINI, "--standalone", "--csv")
    assert code == 0 and out.strip().startswith("as_of,change,record") and len(out.strip().splitlines()) == 1


def test_chinese_text(capsys):
    code, out, _ = run(capsys, *MINI_ARGS, "diff", "2009", "2019", "--lang", "zh")
    assert code == 0 and out.startswith("2009-12-31 至 2019-12-31 的变化") and "乙新区 获批" in out


# --- bad input -------------------------------------------------------------------------------------------
BAD = [
    ("diff", 2, "give two dates"),
    ("diff 2018", 2, "give a second date"),
    ("diff 2018-12-31 2014-12-31", 2, "the first date 2018-12-31 is after the second 2014-12-31"),
    ("diff 2018-13-45 2019", 2, "invalid date"),
    ("diff 2014 2018/12/31", 2, "invalid date"),
    ("diff 2014 2018 2019", 2, "unexpected extra argument"),
    ("diff 2014 2018 --data {mini}", 2, "not both"),
    ("diff 2014 2018 --standalone", 2, "applies to its --data"),
    ("diff 2014 2018 --json --csv", 2, "choose one of --json and --csv"),
    ("diff 2014 2018 --lang fr", 2, "use en or zh"),
    ("diff --data", 2, "requires an argument"),
    ("diff --data /no/such/folder", 2, "no such data folder or file"),
    ("diff --data {empty}", 2, "does not look like a data folder"),
    ("diff --data {broken} --standalone", 1, "the data is invalid"),
    ("diff --data {broken} --standalone", 1, "validate' for the problems"),
]


@pytest.fixture(scope="module")
def places(tmp_path_factory):
    root = tmp_path_factory.mktemp("diff-bad")
    (root / "empty").mkdir()
    shutil.copytree(MINI, root / "broken")
    (root / "broken" / "areas" / "alpha.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    return {"mini": str(MINI), "empty": str(root / "empty"), "broken": str(root / "broken")}


@pytest.mark.parametrize(("args", "status", "needle"), BAD, ids=[c[0] for c in BAD])
def test_bad_input_is_one_line_and_writes_nothing(args, status, needle, places, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *MINI_ARGS, *shlex.split(args.format(**places)))
    lines = err.strip().splitlines()
    assert code == status, (code, out, err)
    assert len(lines) == 1 and lines[0].startswith("nnatlas: ") and needle in err, err
    assert "Traceback" not in err and out == ""
    assert list(tmp_path.iterdir()) == []


def test_a_relation_ends_with_its_body(mini):
    """A relation without an end of its own ends when one of its bodies does."""
    area = mini["alpha"]
    body = next(b for b in area.bodies if b.end)
    rels = [r for r in area.relations if body.id in (r.from_, r.to) and not r.end]
    end = body.end.first_day
    rows = between_dates(mini, end - dt.timedelta(days=1), end)
    assert rels and [r["what"] for r in _by_kind(rows, "relation_ended")] == [f"{r.from_} -{r.kind}-> {r.to}" for r in rels]
    assert [(r["what"], r["on"]) for r in _by_kind(rows, "body_ended")] == [(body.id, str(body.end))]


def test_a_reference_row_is_compared(mini, mini_dir):
    edit_yaml(mini_dir / "provinces.yaml", lambda d: d["provinces"]["510000"].update(en="Szechwan"))
    rows = between_data(mini, _load(mini_dir))["changes"]
    assert [(r["change"], r["record"], r["key"], r["fields_changed"]) for r in rows] == [
        ("changed", "reference", "province:510000", ["en"])
    ]
