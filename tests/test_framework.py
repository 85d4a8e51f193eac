"""Framework variables on a hand-made fixture with known answers, and on the real data against
expectations read from the sources (approval texts and code lists), not from the code's output."""

from __future__ import annotations

import datetime as dt

import pytest

import nnatlas as na
from nnatlas.analysis.framework import REGISTRY, assess, assess_state
from nnatlas.analysis.framework.level import org_history
from nnatlas.analysis.framework.size import Periodisation, area_summary, planning_area_statistics, regional_layout


def test_fixture_answers(mini):
    alpha = assess_state(mini.state("alpha", "2016-12-31"), mini)
    assert alpha["size"] == {
        "planning_area_km2": 150,
        "region": "east",
        "stage": "domestic_demand",
        "county_units": 2,
        "prefecture_units": 1,
        "multi_county": True,
        "multi_prefecture": False,
        "coincides_with_district": False,
    }
    assert alpha["level"]["org_type"] == "government"
    assert alpha["level"]["formal_hierarchy"] is True
    assert alpha["level"]["org_path"] == ["management_committee", "government"]
    assert alpha["relation"]["trusteeship"] is None  # recorded as unknown, stays null
    beta = assess_state(mini.state("beta", "2018-12-31"), mini)
    assert beta["size"]["multi_prefecture"] is True  # 510104 Chengdu and 511402 Meishan
    assert beta["level"]["formal_hierarchy"] is False
    assert beta["relation"]["management_levels"] is None


def test_unknown_stays_null_never_a_default(mini):
    beta = assess_state(mini.state("beta", "2016-12-31"), mini)
    assert beta["level"]["org_type"] is None
    assert beta["level"]["formal_hierarchy"] is None
    assert beta["relation"]["management_mode"] is None


def test_management_levels_follow_the_mode(mini):
    alpha = assess_state(mini.state("alpha", "2018-12-31"), mini)
    assert alpha["relation"]["management_mode"] == "three_level"
    assert alpha["relation"]["management_levels"] == 3


def test_periodisation_boundaries_are_parameters():
    p = Periodisation()
    assert p.stage(dt.date(2007, 12, 31)) == "coastal_opening"
    assert p.stage(dt.date(2008, 1, 1)) == "domestic_demand"
    assert p.stage(dt.date(2013, 12, 31)) == "domestic_demand"
    assert p.stage(dt.date(2014, 1, 1)) == "regional_coordination"
    assert Periodisation(regional_coordination_from=dt.date(2015, 1, 1)).stage(dt.date(2014, 6, 1)) == "domestic_demand"


def test_area_summary_says_what_it_rests_on():
    s = area_summary([100, 300, None, 2500], thresholds=(1000, 2000))
    assert s == {
        "n": 3,
        "unknown": 1,
        "mean": pytest.approx(966.6667, rel=1e-4),
        "median": 300,
        "sum": 2900,
        "above_1000": 1,
        "above_2000": 1,
    }


def test_every_variable_is_documented():
    for var in REGISTRY.values():
        assert var.definition and var.section.startswith("§") and var.derivation and all(var.label) and var.zh_definition


# --- real data, expectations from the sources ------------------------------------------------


@pytest.fixture(scope="module")
def atlas():
    return na.load()


@pytest.fixture(scope="module")
def fw2018(atlas):
    return {r["id"]: r for r in assess(atlas, "2018-12-31")}


def test_json_keys_of_the_issue(fw2018):
    record = fw2018["liangjiang"]
    for key in ("stage", "multi_prefecture", "multi_county"):
        assert key in record["size"]
    for key in ("rank", "org_type", "social_functions"):
        assert key in record["level"]
    for key in ("trusteeship", "provincial_leadership_group", "management_levels", "management_mode"):
        assert key in record["relation"]


@pytest.mark.parametrize(
    ("nna", "multi_prefecture"),
    [
        ("guian", True),  # approval: 贵阳、安顺两市
        ("xixian", True),  # Xi'an and Xianyang
        ("liangjiang", False),  # Jiangbei, Yubei, Beibei: all in Chongqing
        ("lanzhou", False),  # Yongdeng and Gaolan counties of Lanzhou
    ],
)
def test_cross_city(fw2018, nna, multi_prefecture):
    assert fw2018[nna]["size"]["multi_prefecture"] is multi_prefecture


@pytest.mark.parametrize("nna", ["pudong", "xihaian", "nansha"])  # the whole of one district
def test_coincides_with_one_district(fw2018, nna):
    assert fw2018[nna]["size"]["coincides_with_district"] is True


@pytest.mark.parametrize(
    ("nna", "stage"),
    [
        ("pudong", "coastal_opening"),
        ("binhai", "coastal_opening"),
        ("lanzhou", "domestic_demand"),
        ("guian", "regional_coordination"),
    ],
)
def test_establishment_stage(fw2018, nna, stage):
    assert fw2018[nna]["size"]["stage"] == stage


def test_pudong_path_to_government(atlas):
    path = [step["org_type"] for step in org_history(atlas["pudong"], dt.date(2018, 12, 31))]
    assert path[-1] == "government" and "management_committee" in path
    assert assess_state(atlas.state("pudong", "1995"), atlas)["level"]["org_type"] == "management_committee"


def test_regional_layout_and_area_statistics(atlas):
    states = atlas.states("2018-12-31")
    assert regional_layout(states, atlas) == {"east": 8, "central": 2, "west": 6, "northeast": 3}
    stats = planning_area_statistics(states)
    for summary in stats.values():
        assert summary["n"] + summary["unknown"] == 19
