"""Paper tables, codebook, coverage, the stages figure and the main job."""

from __future__ import annotations

import json
import sys
import warnings

import pytest

import nnatlas as na
from nnatlas import UsageError
from nnatlas.analysis.coverage import coverage
from nnatlas.analysis.framework import REGISTRY
from nnatlas.outputs.codebook import render
from nnatlas.outputs.tables import table


@pytest.mark.parametrize("which", ["1", "2", "fig2", "fig3"])
def test_tables_have_one_row_per_nna(which):
    rows = table(na.load(), which)
    assert len(rows) == 19 and all(r["id"] for r in rows)


def test_table_2_columns():
    row = next(r for r in table(na.load(), "2") if r["id"] == "xihaian")
    assert row["org_type"] == "area_division_integration" and row["formal_hierarchy"] is True


def test_bad_table():
    with pytest.raises(UsageError, match="use 1, 2, fig2 or fig3"):
        table(na.load(), "3")


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_codebook_lists_every_variable(lang):
    md = render("md", lang)
    for key in REGISTRY:
        assert key in md
    html = render("html", lang)
    assert html.startswith("<!doctype html>") and f'lang="{lang}"' in html
    if lang == "zh":
        assert "组织类型" in md


def test_coverage_counts_add_up():
    data = coverage(na.load(), __import__("datetime").date(2018, 12, 31))
    assert len(data["areas"]) == 19
    cells = sum(len(row) for row in data["areas"].values())
    assert sum(data["totals"].values()) == cells
    assert data["areas"]["guian"]["planning_area_km2:approved_land"]["status"] == "known"


def test_stages_figure_renders_chinese_without_missing_glyphs(tmp_path):
    from nnatlas.analysis.framework.stages import StageModel
    from nnatlas.outputs.plot.stages import draw

    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        png = draw(na.load(), 2010, 2020, StageModel(), tmp_path / "s.png", lang="zh")
        svg = draw(na.load(), 2010, 2020, StageModel(), tmp_path / "s.svg", lang="en")
    assert png.stat().st_size > 20_000 and svg.read_text(encoding="utf-8").startswith("<?xml")


def test_figure_suffix_is_checked(tmp_path):
    from nnatlas.outputs.plot._base import check_figure_path

    with pytest.raises(UsageError, match=r"\.png or \.svg"):
        check_figure_path(tmp_path / "x.jpg")


def test_build_writes_the_outputs(tmp_path, capsys):
    from nnatlas.outputs.build import build
    from nnatlas.validation import validated

    report, atlas = validated()
    written = build(atlas.at("2018-12-31"), report, tmp_path, echo=lambda m: print(m, file=sys.stdout))
    names = {p.name for p in written}
    assert {
        "claims.json",
        "framework.json",
        "stages.json",
        "codebook.md",
        "datapackage.json",
        "nnatlas.sqlite",
        "nnatlas.xlsx",
        "stages.png",
        "fig3_functions.en.png",
    } <= names
    assert len(json.loads((tmp_path / "claims.json").read_text(encoding="utf-8"))) >= 30
    out = capsys.readouterr().out
    assert "valid:" in out and "claims" in out


def test_tables_as_dataframes():
    from nnatlas.outputs.tables import frame

    df = frame(na.load(), "1", "2018-12-31")
    assert df.index.name == "id" and len(df) == 19 and "planning_area_km2" in df.columns


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_figure_3_is_drawn_from_the_data(tmp_path, lang):
    from nnatlas.outputs.plot.paper import draw_figure

    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*Glyph.*missing.*")
        out = draw_figure(3, na.load().at("2018-12-31"), tmp_path / f"fig3.{lang}.svg", lang=lang)
    text = out.read_text(encoding="utf-8")
    assert text.lstrip().startswith("<?xml") and len(text) > 20_000


def test_figures_drawn_in_two_processes_are_the_files_drawn_in_one(tmp_path):
    """The build draws its figures in forked workers; the files must not depend on it."""
    from nnatlas.outputs.build import build
    from nnatlas.validation import validated

    report, atlas = validated()
    snap = atlas.at("2018-12-31")
    serial = build(snap, report, tmp_path / "one", echo=lambda m: None, workers=1)
    parallel = build(snap, report, tmp_path / "two", echo=lambda m: None, workers=2)
    assert [p.relative_to(tmp_path / "one") for p in serial] == [p.relative_to(tmp_path / "two") for p in parallel]
    drawn = [p for p in serial if p.suffix in (".png", ".geojson")]
    assert len(drawn) >= 9
    for p in drawn:
        assert p.read_bytes() == (tmp_path / "two" / p.relative_to(tmp_path / "one")).read_bytes(), p.name
