"""Scale as size: territory, regional layout, establishment stages, spanning units (paper §3.1)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass
from typing import Any

from nnatlas.analysis.framework._registry import variable
from nnatlas.atlas.snapshot import BEST_AREA_ORDER, best_planning_area  # noqa: F401 - part of this module's API
from nnatlas.ingest import vocab

ESTABLISHMENT_STAGES = vocab.ESTABLISHMENT_STAGES


@dataclass(frozen=True)
class Periodisation:
    """Boundaries of the paper's three establishment stages (§3.1), by State Council approval date.

    The paper dates the second stage from "the outbreak of global financial crisis in 2008" and
    names Liangjiang (2010), Zhoushan (2011), Lanzhou and Nansha (2012) in it; it dates the third
    from "2014-2015". The defaults put the boundaries at 2008-01-01 and 2014-01-01.
    """

    domestic_demand_from: dt.date = dt.date(2008, 1, 1)
    regional_coordination_from: dt.date = dt.date(2014, 1, 1)

    def stage(self, approved: dt.date | None) -> str | None:
        if approved is None:
            return None
        if approved >= self.regional_coordination_from:
            return "regional_coordination"
        if approved >= self.domestic_demand_from:
            return "domestic_demand"
        return "coastal_opening"


PERIODS = Periodisation()


@variable(
    "size",
    "planning_area_km2",
    reads=("fact:planning_area_km2:approved_land",),
    label=("Planning area (km²)", "规划面积（km²）"),
    zh_definition="国务院批复的陆域规划面积（平方公里），取该日期有效值",
    kind="number",
    section="§3.1, Table 1",
    definition="Land planning area approved by the State Council, in force at the date (km2)",
    derivation="Fact planning_area_km2 with qualifier approved_land, resolved as of the date",
)
def planning_area(st, atlas) -> float | None:
    return st.value("planning_area_km2", "approved_land")


@variable(
    "size",
    "region",
    reads=("region",),
    label=("Region", "地区"),
    zh_definition="所在省份在国家统计局四大区域划分（2011）中的地区",
    categories=vocab.REGIONS,
    section="§3.1, Fig. 2",
    definition="Region of the host province in the statistics bureau's four-region scheme (2011)",
    derivation="Province code looked up in regions.yaml (source nbs-regions-2011)",
)
def region(st, atlas) -> str | None:
    return atlas.region(st.area)


@variable(
    "size",
    "stage",
    reads=("approval",),
    label=("Establishment stage", "设立阶段"),
    zh_definition="论文对新区设立的三阶段划分：沿海开放、扩大内需、区域协调",
    categories=ESTABLISHMENT_STAGES,
    section="§3.1",
    definition="Establishment stage in the paper's periodisation of NNA approvals",
    derivation="Approval date against Periodisation (default boundaries 2008-01-01 and 2014-01-01)",
)
def stage(st, atlas) -> str | None:
    return PERIODS.stage(st.area.approved)


@variable(
    "size",
    "county_units",
    reads=("units",),
    label=("County-level units", "县级单元数"),
    zh_definition="该日期新区涉及（全部或部分）的县级行政单元数",
    kind="integer",
    section="§3.1",
    definition="Number of county-level units (whole or part) the NNA spans at the date",
    derivation="Count of county-level constituent units valid at the date",
)
def county_units(st, atlas) -> int | None:
    return len(st.counties) or None


@variable(
    "size",
    "prefecture_units",
    reads=("units",),
    label=("Prefecture-level units", "地级单元数"),
    zh_definition="该日期新区涉及的地级行政单元数",
    kind="integer",
    section="§3.1",
    definition="Number of prefecture-level units the NNA spans at the date",
    derivation="Distinct first four digits of the county-level (and prefecture-level) unit codes",
)
def prefecture_units(st, atlas) -> int | None:
    return len(st.prefecture_codes) or None


@variable(
    "size",
    "multi_county",
    reads=("units",),
    label=("Spans several counties", "跨县级单元"),
    zh_definition="新区是否涉及一个以上县级单元",
    kind="boolean",
    section="§3.1",
    definition="The NNA spans more than one county-level unit",
    derivation="county_units > 1; null when no units are recorded",
)
def multi_county(st, atlas) -> bool | None:
    n = len(st.counties)
    return None if n == 0 else n > 1


@variable(
    "size",
    "multi_prefecture",
    reads=("units",),
    label=("Spans several prefectures", "跨地级市"),
    zh_definition="新区是否跨越地级市边界",
    kind="boolean",
    section="§3.1",
    definition="The NNA crosses a prefecture-level city boundary (spans more than one prefecture-level unit)",
    derivation="prefecture_units > 1; null when no units are recorded",
)
def multi_prefecture(st, atlas) -> bool | None:
    n = len(st.prefecture_codes)
    return None if n == 0 else n > 1


@variable(
    "size",
    "coincides_with_district",
    reads=("units",),
    label=("Coincides with a district", "与行政区重合"),
    zh_definition="新区范围是否恰为一个完整的县级行政区",
    kind="boolean",
    section="§3.2 (2)",
    definition="The NNA's territory is exactly one whole county-level administrative district",
    derivation="Exactly one county-level unit, with coverage whole, and no other units; null when "
    "coverage is unknown or no units are recorded",
)
def coincides_with_district(st, atlas) -> bool | None:
    counties = st.counties
    if not counties:
        return None
    if len(counties) > 1:
        return False
    return {"whole": True, "part": False}.get(counties[0].coverage)


def area_summary(values: list[float | None], thresholds: tuple[float, ...] = (1000, 2000)) -> dict[str, Any]:
    """Mean, median, sum and counts above thresholds of the known values; ``n`` and ``unknown`` say
    how many values the statistics rest on."""
    known = [v for v in values if v is not None]
    out: dict[str, Any] = {"n": len(known), "unknown": len(values) - len(known)}
    out["mean"] = statistics.fmean(known) if known else None
    out["median"] = statistics.median(known) if known else None
    out["sum"] = sum(known) if known else None
    for t in thresholds:
        out[f"above_{t:g}"] = sum(v > t for v in known)
    return out


#: Area definitions over which planning-area statistics are computed: each is the first of its
#: qualifiers with a value in force at the date, except ``widest_by_date``.
AREA_DEFINITION_SETS = {
    "approved_land": ("approved_land",),
    "approved_total_else_land": ("approved_total", "approved_land"),
    "administrative_else_land": ("administrative", "approved_land"),
    "widest_by_date": ("approved_land", "approved_total", "administrative", "other"),
}
AREA_DEFINITION_MEANINGS = {
    "approved_land": "The land planning area approved by the State Council, in force at the date",
    "approved_total_else_land": "The approved land-plus-sea area where one exists, else the approved land area",
    "administrative_else_land": "The area of the coinciding administrative districts where known, else the approved land area",
    "widest_by_date": "The widest planning scope the NNA had by the date: the largest approved land, approved total, "
    "administrative or other planning area of any record begun by then (construction and direct-management areas, "
    "which lie inside the NNA, are left out)",
}


def planning_area_under(st, definition: str) -> float | None:
    """The planning area of an NNA state under a definition of :data:`AREA_DEFINITION_SETS`."""
    qualifiers = AREA_DEFINITION_SETS[definition]
    if definition == "widest_by_date":
        values = [
            f.value
            for f in st.area.facts
            if f.field == "planning_area_km2"
            and f.qualifier in qualifiers
            and f.value is not None
            and f.begins.first_day <= st.day
        ]
        return max(values) if values else None
    for qualifier in qualifiers:
        value = st.value("planning_area_km2", qualifier)
        if value is not None:
            return value
    return None


def planning_area_statistics(states, thresholds: tuple[float, ...] = (1000, 2000)) -> dict[str, dict[str, Any]]:
    """Planning-area statistics of a set of NNA states under each area definition set."""
    return {d: area_summary([planning_area_under(st, d) for st in states], thresholds) for d in AREA_DEFINITION_SETS}


def regional_layout(states, atlas) -> dict[str, int]:
    """Number of NNAs per region (east, central, west, northeast; 'unknown' if a province has none)."""
    counts = dict.fromkeys(vocab.REGIONS, 0)
    for st in states:
        r = atlas.region(st.area) or "unknown"
        counts[r] = counts.get(r, 0) + 1
    return counts
