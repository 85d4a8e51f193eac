"""The paper's claims: every one evaluates, every difference has a reason, and the outcomes of
claims whose answer is settled by the sources are what the sources say."""

from __future__ import annotations

import pytest

import nnatlas as na
from nnatlas.analysis.claims import CLAIMS, evaluate


@pytest.fixture(scope="module")
def rows():
    return {r["id"]: r for r in evaluate(na.load())}


def test_every_claim_has_quote_section_and_status(rows):
    assert len(rows) == len(CLAIMS) >= 30
    for r in rows.values():
        assert r["quote"] and r["section"].startswith("§")
        assert r["status"] in ("reproduced", "differs", "not_checkable")
        assert r["as_of"] == "2018-12-31"


def test_every_difference_has_a_reason(rows):
    for r in rows.values():
        if r["status"] != "reproduced":
            assert r["reason"], r["id"]


@pytest.mark.parametrize(
    "claim",
    [
        "nna-count",
        "regional-split",
        "added-2014-2015",
        "first-two",
        "stage-domestic-demand",
        "org-government",
        "org-area-division-integration",
    ],
)
def test_claims_the_sources_settle(rows, claim):
    assert rows[claim]["status"] == "reproduced", rows[claim]


def test_count_differs_before_xiongan():
    atlas = na.load()
    r = {c["id"]: c for c in evaluate(atlas, "2016-12-31")}["nna-count"]
    assert (r["computed_value"], r["status"]) == (18, "differs")
    assert "xiongan" in r["reason"]


def test_area_claims_show_every_definition(rows):
    for claim in ("mean-planning-area", "above-2000", "land-share-2018"):
        variants = rows[claim]["variants"]
        assert {"approved_land", "approved_total_else_land", "administrative_else_land"} <= set(variants)
        assert "reproduced_by" in variants


def test_crossing_claim_reports_both_readings(rows):
    v = rows["crossing-14"]["variants"]
    assert v["multi_prefecture"] == len(v["multi_prefecture_ids"])
    assert v["multi_county"] >= v["multi_prefecture"]


def test_share_claims_say_what_they_rest_on(rows):
    from nnatlas.atlas.timeline import statistic

    atlas = na.load()
    for claim, indicator in (("gdp-share-2018", "gdp_100m_yuan"), ("population-share-2018", "population_10k")):
        r = rows[claim]
        known = [a.id for a in atlas if statistic(a, indicator, 2018, scope=None) is not None]
        assert r["rests_on"] == f"{len(known)} of 19 NNAs", claim
        if len(known) < 19:  # a share of a total with missing parts cannot be checked
            assert r["status"] == "not_checkable" and f"known for {len(known)} of 19" in r["reason"], claim
        else:
            assert r["status"] in ("reproduced", "differs"), claim
