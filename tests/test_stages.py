"""The development-stage model at its boundaries, its three-valued levels, overrides and panel."""

from __future__ import annotations

import datetime as dt

import pytest

import nnatlas as na
from nnatlas import UsageError
from nnatlas.analysis.framework.stages import StageModel, assess_all, governance_levels, judge, load_overrides, panel


@pytest.mark.parametrize(
    ("age", "stage"),
    [(0, "start_up"), (2.99, "start_up"), (3.0, "expansion"), (6.99, "expansion"), (7.0, "maturity"), (30, "maturity")],
)
def test_stage_boundaries(age, stage):
    assert StageModel().stage(age) == stage


def test_boundaries_are_parameters():
    assert StageModel(expansion_from=5, maturity_from=10).stage(6) == "expansion"
    with pytest.raises(UsageError):
        StageModel(expansion_from=8, maturity_from=7)


def test_levels_are_three_valued():
    mature = {
        "org_type": "government",
        "social_functions": "complete",
        "management_mode": "three_level",
        "rank": "sub_provincial",
        "provincial_leadership_group": None,
        "economic_functions": "complete",
    }
    assert governance_levels(mature) == {1: True, 2: True, 3: True}
    committee = {
        "org_type": "management_committee",
        "social_functions": None,
        "management_mode": "two_level",
        "rank": None,
        "provincial_leadership_group": True,
        "economic_functions": None,
    }
    assert governance_levels(committee) == {1: True, 2: None, 3: False}
    assert judge(governance_levels(committee), 2) == (1, "unknown")  # level 2 cannot be judged
    assert judge(governance_levels(committee), 3) == (1, "lagging")  # level 3 known not met
    assert judge(governance_levels(mature), 2) == (3, "ahead")


def test_real_data(tmp_path):
    atlas = na.load()
    rows = {r["id"]: r for r in assess_all(atlas, "2018-12-31")}
    assert rows["pudong"]["stage"] == "maturity" and rows["pudong"]["gap"] == "aligned"  # a government since 2000
    assert rows["xiongan"]["stage"] == "start_up"  # approved 2017-04
    assert "flat_two_level" in rows["lanzhou"]["risks"]  # two-level per the paper
    for r in rows.values():
        assert set(r) >= {"id", "age_years", "stage", "recommendation", "actual", "gap", "risks"}


def test_override_changes_the_assessment(tmp_path):
    atlas = na.load()
    f = tmp_path / "what-if.yaml"
    f.write_text("liangjiang: {org_type: government, social_functions: complete, rank: sub_provincial}\n", encoding="utf-8")
    overrides = load_overrides(f, atlas)
    row = next(r for r in assess_all(atlas, "2020-12-31", overrides=overrides) if r["id"] == "liangjiang")
    assert row["gap"] == "aligned" and row["baseline"]["gap"] == "lagging"


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("liangjang: {org_type: government}\n", "did you mean 'liangjiang'"),
        ("liangjiang: {org_typ: government}\n", "did you mean 'org_type'"),
        ("liangjiang: {org_type: goverment}\n", "did you mean 'government'"),
        ("liangjiang: {org_type: govt}\n", "accepted: government"),
        ("liangjiang: {provincial_leadership_group: maybe}\n", "true or false"),
        ("liangjiang: [\n", "not valid YAML"),
        ("- 1\n", "must map NNA ids"),
    ],
)
def test_bad_override_files(tmp_path, text, needle):
    f = tmp_path / "bad.yaml"
    f.write_text(text, encoding="utf-8")
    with pytest.raises(UsageError, match=needle):
        load_overrides(f, na.load())


def test_panel_is_year_by_year():
    rows = panel(na.load(), 2014, 2016)
    assert {r["year"] for r in rows} == {2014, 2015, 2016}
    guian = [r for r in rows if r["id"] == "guian"]
    assert [r["stage"] for r in guian] == ["start_up", "start_up", "start_up"]
    assert all(r["id"] != "xiongan" for r in rows)
    assert dt.date(2014, 1, 6).year in {r["year"] for r in guian}
