"""The catalogue of the paper's checkable statements: id, section, the verbatim quote, the paper's
value (written here once) and the rule that checks it against a snapshot."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from nnatlas.analysis.claims.bodies import BODIES
from nnatlas.analysis.claims.context import CONTEXT
from nnatlas.analysis.claims.rules import (
    Check,
    Claim,
    Outcome,
    all_value,
    count_claim,
    count_outcome,
    for_all,
    fw,
    ids,
    list_claim,
    list_outcome,
    nnas,
    unknown,
)
from nnatlas.analysis.framework.size import AREA_DEFINITION_SETS, PERIODS, planning_area_under, regional_layout
from nnatlas.atlas import Snapshot
from nnatlas.atlas.timeline import statistic

# --- rules particular to one statement --------------------------------------------------------------


def _count_nnas(snap: Snapshot, paper: int) -> Outcome:
    n = len(nnas(snap))
    return Outcome(
        n,
        "reproduced" if n == paper else "differs",
        None if n == paper else f"{n} NNAs had been approved by {snap.day}; the 19th (xiongan) was approved 2017-04",
    )


def _early_two(snap: Snapshot, paper: dict[str, Any]) -> Outcome:
    early = ids(snap, lambda st: st.area.approved < dt.date(2010, 1, 1))
    later = len(nnas(snap)) - len(early)
    ok = early == paper["before_2010"] and later == paper["from_2010"]
    return Outcome(
        {"before_2010": early, "from_2010": later},
        "reproduced" if ok else "differs",
        None if ok else f"before 2010: {', '.join(early)}; from 2010: {later}",
    )


def _share(indicator: str) -> Check:
    def check(snap: Snapshot, paper_pct: float) -> Outcome:
        year = snap.day.year
        values, missing, scopes = [], [], {}
        for st in nnas(snap):
            s = statistic(st.area, indicator, year, scope=None)
            if s is None:
                missing.append(st.area.id)
            else:
                values.append(s.value)
                scopes[st.area.id] = s.scope
        national = [s for s in snap.atlas.national if s.indicator == indicator and s.year == year and s.value]
        if not national:
            return Outcome(None, "not_checkable", f"no national {indicator} for {year} in national.yaml")
        variants = {}
        for s in sorted(national, key=lambda s: not s.preferred):
            label = s.vintage or "figure"
            variants[f"national_{label}"] = round(100 * sum(values) / s.value, 2) if values else None
        n = len(nnas(snap))
        if not values:
            return Outcome(
                None,
                "not_checkable",
                f"{year} {indicator} is known for 0 of {n} NNAs"
                + (f"; missing: {', '.join(missing)}" if missing else "")
                + "; with no known figure, no share of the national total can be computed",
                variants,
                f"0 of {n} NNAs",
            )
        if missing:
            part = round(100 * sum(values) / national[0].value, 2)
            return Outcome(
                part,
                "not_checkable",
                f"{year} {indicator} is known for {len(values)} of {n} NNAs; missing: "
                f"{', '.join(missing)}; the known ones sum to {part}% of the national total",
                variants,
                f"{len(values)} of {n} NNAs",
            )
        pct = next(iter(variants.values()))
        status = "reproduced" if abs(pct - paper_pct) <= 0.05 else "differs"
        sub = [k for k, v in scopes.items() if v != "whole"]
        reason = (
            None
            if status == "reproduced"
            else (f"{pct}% from the data" + (f"; figures for {', '.join(sub)} cover part of the NNA only" if sub else ""))
        )
        return Outcome(pct, status, reason, variants, f"{len(values)} of {len(nnas(snap))} NNAs")

    return check


def _land_share(snap: Snapshot, paper: float) -> Outcome:
    national = [s for s in snap.atlas.national if s.indicator == "land_area_km2" and s.value]
    if not national:
        return Outcome(None, "not_checkable", "no national land area in national.yaml")
    land = national[0].value
    variants, reasons = {}, []
    for d in AREA_DEFINITION_SETS:
        vals = [planning_area_under(st, d) for st in nnas(snap)]
        known = [v for v in vals if v is not None]
        variants[d] = round(100 * sum(known) / land, 3) if known else None
        if len(known) < len(vals):
            reasons.append(f"{d}: {len(vals) - len(known)} NNAs without a value")
    main = variants["approved_land"]
    match = [d for d, v in variants.items() if v is not None and round(v, 2) == paper]
    status = "reproduced" if round(main or 0, 2) == paper else ("differs" if main is not None else "not_checkable")
    implied = paper / 100 * land
    n = len(nnas(snap))
    found = (
        f"sum of approved land planning areas / {land:,.0f} km2 = {main}%"
        if main is not None
        else f"no approved land planning area is known for any of the {n} NNAs"
    )
    reason = (
        None
        if status == "reproduced"
        else (
            f"{found}; the paper's {paper}% implies a total of "
            f"about {implied:,.0f} km2 (a mean of {implied / max(n, 1):,.0f} km2 over {n} NNAs)"
            + (f"; reproduced under {', '.join(match)}" if match else f"; no area definition gives {paper}%")
            + (f" ({'; '.join(reasons)})" if reasons else "")
        )
    )
    return Outcome(main, status, reason, variants | {"reproduced_by": match})


def _mean_area(tolerance: float, section_note: str) -> Check:
    def check(snap: Snapshot, paper: float) -> Outcome:
        variants = {}
        for d in AREA_DEFINITION_SETS:
            vals = [v for v in (planning_area_under(st, d) for st in nnas(snap)) if v is not None]
            variants[d] = round(sum(vals) / len(vals), 1) if vals else None
        main = variants["approved_land"]
        match = [d for d, v in variants.items() if v is not None and abs(v - paper) <= tolerance]
        if main is None:
            return Outcome(None, "not_checkable", "no planning areas known")
        n = sum(planning_area_under(st, "approved_land") is not None for st in nnas(snap))
        status = "reproduced" if abs(main - paper) <= tolerance else "differs"
        reason = (
            None
            if status == "reproduced"
            else (
                f"mean approved land planning area of {n} NNAs is {main} km2 ({section_note})"
                + (f"; within tolerance under {', '.join(match)}" if match else "; no area definition reproduces it")
            )
        )
        return Outcome(main, status, reason, variants | {"reproduced_by": match}, f"{n} of {len(nnas(snap))} NNAs")

    return check


def _above(threshold: float) -> Check:
    def check(snap: Snapshot, paper: int) -> Outcome:
        variants: dict[str, Any] = {}
        for d in AREA_DEFINITION_SETS:
            areas = {st.area.id: planning_area_under(st, d) for st in nnas(snap)}
            variants[d] = sorted(i for i, v in areas.items() if (v or 0) > threshold)
            variants[f"{d} (at least {threshold:g})"] = sorted(i for i, v in areas.items() if (v or 0) >= threshold)
        found = variants["approved_land"]
        match = [d for d, v in variants.items() if len(v) == paper]
        status = "reproduced" if len(found) == paper else "differs"
        reason = (
            None
            if status == "reproduced"
            else (
                f"{len(found)} NNAs have an approved land planning area above {threshold:g} km2: {', '.join(found)}"
                + (f"; {paper} under {', '.join(match)}" if match else "")
            )
        )
        return Outcome(len(found), status, reason, dict(variants) | {"reproduced_by": match})

    return check


def _crossing(snap: Snapshot, paper: int) -> Outcome:
    """'14 new areas crossing single city boundaries', under each defensible reading."""
    readings = {
        "multi_prefecture": lambda r: r["size"]["multi_prefecture"],
        "multi_county": lambda r: r["size"]["multi_county"],
        "not_one_district": lambda r: (
            None if r["size"]["coincides_with_district"] is None else not r["size"]["coincides_with_district"]
        ),
    }
    ids_by = {name: [st.area.id for st in nnas(snap) if test(fw(snap, st))] for name, test in readings.items()}
    missing = unknown(snap, "size", "multi_county")
    variants: dict[str, Any] = {name: len(v) for name, v in ids_by.items()} | {f"{k}_ids": v for k, v in ids_by.items()}
    match = [k for k in readings if variants[k] == paper]
    status = "reproduced" if match else "differs"
    words = {
        "multi_prefecture": "more than one prefecture-level city",
        "multi_county": "more than one county-level unit",
        "not_one_district": "more than a single district or county-level city (not coextensive with one)",
    }
    reason = (
        None
        if match == ["multi_prefecture"]
        else "; ".join(f"{variants[k]} NNAs span {w}" for k, w in words.items())
        + (f"; {paper} matches the {', '.join(match)} reading of 'crossing single city boundaries'" if match else "")
        + (f"; units unknown for {', '.join(missing)}" if missing else "")
    )
    return Outcome(
        variants[match[0]] if match else variants["multi_prefecture"], status, reason, variants | {"reproduced_by": match}
    )


def _regions(snap: Snapshot, paper: dict[str, int]) -> Outcome:
    layout = regional_layout(nnas(snap), snap.atlas)
    ok = all(layout.get(k) == v for k, v in paper.items())
    return Outcome(layout, "reproduced" if ok else "differs", None if ok else f"data: {layout}")


def _stage(stage: str) -> Check:
    def check(snap: Snapshot, paper: list[str]) -> Outcome:
        found = [st.area.id for st in nnas(snap) if PERIODS.stage(st.area.approved) == stage]
        return list_outcome(found, paper, [], what=f"the {stage} stage")

    return check


def _added(start: int, end: int) -> Check:
    def check(snap: Snapshot, paper: int) -> Outcome:
        found = [st.area.id for st in nnas(snap) if start <= st.area.approved.year <= end]
        return count_outcome(found, paper, [], f"NNAs approved in {start}-{end}")

    return check


def _first_two(snap: Snapshot, paper: list[str]) -> Outcome:
    order = [st.area.id for st in sorted(nnas(snap), key=lambda s: s.area.approved)][: len(paper)]
    return Outcome(
        order,
        "reproduced" if order == paper else "differs",
        None if order == paper else f"the first two approved are {order}",
    )


def _rank_floor(snap: Snapshot, paper: bool) -> Outcome:
    high = {"national", "provincial", "sub_provincial", "prefecture"}
    ranks = {st.area.id: fw(snap, st)["level"]["rank"] for st in nnas(snap)}
    below = [i for i, r in ranks.items() if r is not None and r not in high]
    missing = [i for i, r in ranks.items() if r is None]
    return for_all(
        {"ranks": ranks},
        below,
        f"ranks below prefecture: {', '.join(below)}",
        missing,
        f"rank unknown for {', '.join(missing)}; all known ranks are prefecture or above",
    )


def _org_paths(snap: Snapshot, paper: list[str]) -> Outcome:
    absent = [i for i in ("pudong", "binhai") if i not in snap.atlas]
    if absent:
        return Outcome(None, "not_checkable", f"{', '.join(absent)} not in the data")
    paths = {i: fw(snap, snap.state(i))["level"]["org_path"] for i in ("pudong", "binhai")}
    ok = all(p == paper for p in paths.values())
    reason = None if ok else "; ".join(f"{i}: {' -> '.join(p) or 'no dated org_type records'}" for i, p in paths.items())
    return Outcome(paths, "reproduced" if ok else "differs", reason)


def _lanzhou_institutions(snap: Snapshot, paper: dict[str, Any]) -> Outcome:
    if "lanzhou" not in snap.atlas:
        return Outcome(None, "not_checkable", "lanzhou is not in the data")
    st = snap.state("lanzhou")
    count, police = st.value("administrative_bodies_count"), st.value("public_security")
    if count is None or police is None:
        return Outcome(
            {"bodies": count, "public_security": police},
            "not_checkable",
            "the data lacks lanzhou's administrative_bodies_count or public_security",
        )
    floor = int(str(paper["bodies"]).lstrip(">"))
    ok = count > floor and police is paper["public_security"]
    return Outcome(
        {"bodies": count, "public_security": police},
        "reproduced" if ok else "differs",
        None if ok else f"data: {count} bodies, public security {police}",
    )


def _lg_for_cross_mc(snap: Snapshot, paper: dict[str, bool]) -> Outcome:
    absent = [i for i in paper if i not in snap.atlas]
    if absent:
        return Outcome(None, "not_checkable", f"{', '.join(absent)} not in the data")
    vals = {i: snap.state(i).value("provincial_leadership_group") for i in paper}
    missing = [i for i, v in vals.items() if v is None]
    wrong = [i for i, v in vals.items() if v is not None and v != paper[i]]
    if wrong:
        return Outcome(vals, "differs", f"the data disagrees for {', '.join(wrong)}")
    if missing:
        return Outcome(vals, "not_checkable", f"provincial_leadership_group unknown for {', '.join(missing)}")
    return Outcome(vals, "reproduced")


def _guian_townships(snap: Snapshot, paper: list[str]) -> Outcome:
    if "guian" not in snap.atlas:
        return Outcome(None, "not_checkable", "guian is not in the data")
    st = snap.state("guian")
    names = [u.name_zh for u in st.units if u.level == "township" and u.role == "direct_management"]
    # the paper's English names the places; match on the name before its 乡/镇 suffix
    missing = [p for p in paper if not any(n.startswith(p.rstrip("乡镇")) for n in names)]
    if not names:
        return Outcome([], "not_checkable", "no township units with role direct_management for guian at this date")
    return Outcome(
        names,
        "reproduced" if not missing else "differs",
        None if not missing else f"the data's direct-management townships lack {', '.join(missing)}",
    )


def _xixian_committees(snap: Snapshot, paper: int) -> Outcome:
    if "xixian" not in snap.atlas:
        return Outcome(None, "not_checkable", "xixian is not in the data")
    st = snap.state("xixian")
    found = [b.name_zh or b.id for b in st.bodies if b.kind == "functional_area_committee"]
    if not found:
        return Outcome(0, "not_checkable", "no functional_area_committee bodies recorded for xixian at this date")
    return Outcome(
        len(found),
        "reproduced" if len(found) == paper else "differs",
        None if len(found) == paper else f"the data has {len(found)}: {', '.join(found)}",
        {"committees": found},
    )


def _over(snap: Snapshot, paper: str) -> Outcome:
    floor = float(paper.lstrip(">"))
    out = _mean_area(0, "")(snap, floor)
    if out.computed is None:
        return out
    ok = out.computed > floor
    variants = out.variants | {"reproduced_by": [d for d, v in out.variants.items() if isinstance(v, float) and v > floor]}
    return Outcome(
        out.computed, "reproduced" if ok else "differs", None if ok else f"mean is {out.computed} km2", variants, out.rests_on
    )


# --- the catalogue ---------------------------------------------------------------------------------

_STATEMENTS: list[Claim] = [
    Claim("nna-count", "§1", "At present, China has established 19 NNAs.", 19, _count_nnas),
    Claim(
        "early-two",
        "§1",
        "Except for Pudong New Area and Binhai New Area, which were established earlier, the other "
        "17 NNAs were approved for establishment intensively after 2010.",
        {"before_2010": ["pudong", "binhai"], "from_2010": 17},
        _early_two,
    ),
    Claim(
        "land-share-2018",
        "§1",
        "At the end of 2018, the 19 NNAs accounted for 0.26% of the country's land area",
        0.26,
        _land_share,
    ),
    Claim("population-share-2018", "§1", "... and 2.16% of its population", 2.16, _share("population_10k")),
    Claim("gdp-share-2018", "§1", "... creating 4.40% of the country's regional GDP", 4.40, _share("gdp_100m_yuan")),
    Claim(
        "mean-planning-area",
        "§3.1",
        "the average land planning area of the 19 NNAs in China reaches 1300 km2",
        1300,
        _mean_area(50, "the paper's figure is approximate; tolerance ±50 km2"),
    ),
    Claim("above-2000", "§3.1", "with five new areas exceeding 2000 km2", 5, _above(2000)),
    Claim("crossing-14", "§3.1", "and 14 new areas crossing single city boundaries", 14, _crossing),
    Claim(
        "regional-split",
        "§3.1",
        "the distribution of 8 NNAs in the east, 2 in the central, 6 in the west and 3 in the northeast",
        {"east": 8, "central": 2, "west": 6, "northeast": 3},
        _regions,
    ),
    Claim(
        "first-two",
        "§3.1",
        "Pudong New Area took the lead ... Binhai New Area timely undertook ...",
        ["pudong", "binhai"],
        _first_two,
    ),
    Claim(
        "stage-domestic-demand",
        "§3.1",
        "During this period, Liangjiang New Area, Zhoushan Islands New Area, Lanzhou New Area "
        "and Nansha New Area were established",
        ["liangjiang", "zhoushan", "lanzhou", "nansha"],
        _stage("domestic_demand"),
    ),
    Claim("added-2014-2015", "§3.1", "Especially in 2014-2015, China rapidly added 10 NNAs", 10, _added(2014, 2015)),
    Claim(
        "rank-floor", "§3.2", "the administrative level of all new areas is at or above the prefecture level", True, _rank_floor
    ),
    Claim(
        "sub-provincial-three",
        "§3.2",
        "three new areas located in the core areas of municipalities enjoying the treatment of sub-provincial cities",
        3,
        count_claim("level", "rank", "sub_provincial"),
    ),
    Claim(
        "org-government",
        "§3.2",
        "Currently, only Pudong New Area and Binhai New Area established earliest are fully-established governments",
        ["pudong", "binhai"],
        list_claim("level", "org_type", "government"),
    ),
    Claim(
        "org-area-division-integration",
        "§3.2",
        "This type of new area includes Zhoushan Islands New Area in Zhejiang "
        "Province, Nansha New Area in Guangzhou and West Coast New Area in Qingdao.",
        ["zhoushan", "nansha", "xihaian"],
        list_claim("level", "org_type", "area_division_integration"),
    ),
    Claim(
        "org-management-committee",
        "§3.2",
        "Currently, 11 new areas in China implement a management committee system model.",
        11,
        count_claim(
            "level",
            "org_type",
            "management_committee",
            "the paper's four type counts (2 + 3 + 11 + 2) add to 18, not 19: one NNA (its text never names "
            "xiongan) is not classified in the text; Table 2 is not in the copy of the paper consulted",
        ),
    ),
    Claim(
        "org-leadership-group",
        "§3.2",
        "This type of new area includes Tianfu New Area in Sichuan and Ha'erbin New Area.",
        ["tianfu", "harbin"],
        list_claim("level", "org_type", "leadership_group"),
    ),
    Claim(
        "formal-hierarchy",
        "§3.2",
        "except for two new areas of fully-established government type and three of "
        "area-division integration type, other new areas do not exist in the formal administrative organization sequence",
        5,
        count_claim("level", "formal_hierarchy", True),
    ),
    Claim(
        "economic-functions-all",
        "§3.2",
        "all new areas currently enjoy relatively complete economic management functions",
        True,
        all_value("level", "economic_functions", "complete"),
    ),
    Claim(
        "social-complete",
        "§3.2",
        "The first category is complete social management functions. The government-type new area ...",
        ["pudong", "binhai"],
        list_claim("level", "social_functions", "complete"),
    ),
    Claim(
        "social-incomplete",
        "§3.2",
        "The second category is incomplete social management functions ... area-division "
        "integration type ... Liangjiang New Area, Lanzhou New Area and Shaanxi New Area ... also undertake some "
        "social functions",
        ["zhoushan", "nansha", "xihaian", "liangjiang", "lanzhou", "xixian"],
        list_claim("level", "social_functions", "incomplete", open_list=True),
    ),
    Claim(
        "lanzhou-institutions",
        "§3.2",
        "The new area has established more than 20 administrative institutions and also set up public security.",
        {"bodies": ">20", "public_security": True},
        _lanzhou_institutions,
    ),
    Claim(
        "org-path-pudong-binhai",
        "§3.2",
        "the administrative bodies of both have evolved from leadership group to management "
        "committee and finally gone to fully-established government",
        ["leadership_group", "management_committee", "government"],
        _org_paths,
    ),
    Claim(
        "leadership-groups-cross-mc",
        "§3.3",
        "except for Xi'xian New Area, the other three new areas (Liangjiang New Area, "
        "Gui'an New Area, Jinpu New Area) are all equipped with leadership groups headed by provincial-level leader",
        {"liangjiang": True, "guian": True, "jinpu": True, "xixian": False},
        _lg_for_cross_mc,
    ),
    Claim(
        "trusteeship-six",
        "§3.3",
        "At present, Liangjiang New Area, Lanzhou New Area, Xi'xian New Area, Gui'an New Area, "
        "Dianzhong New Area and Tianfu New Area are implementing the administrative trusteeship mode.",
        ["liangjiang", "lanzhou", "xixian", "guian", "dianzhong", "tianfu"],
        list_claim("relation", "trusteeship", True),
    ),
    Claim(
        "guian-direct-townships",
        "§3.3",
        "its direct management district covers Huchao Township and Danwu Township in Guiyang "
        "City, Hongfeng Lake Town in Qingzhen City, and Machang Town and Gaofeng Town in Anshun City",
        ["湖潮乡", "党武乡", "红枫湖镇", "马场镇", "高峰镇"],
        _guian_townships,
    ),
    Claim(
        "two-level",
        "§3.3",
        "Lanzhou New Area and Gui'an New Area are typical new areas that adopt the 'new area-township' two-level management mode",
        ["lanzhou", "guian"],
        list_claim("relation", "management_mode", "two_level", open_list=True),
    ),
    Claim(
        "three-level",
        "§3.3",
        "Such new areas include Pudong New Area, Binhai New Area, Liangjiang New Area, Zhoushan Island "
        "New Area, Qingdao West Coast New Area, Xi'an New Area, Jinpu New Area, etc.",
        ["pudong", "binhai", "liangjiang", "zhoushan", "xihaian", "xixian", "jinpu"],
        list_claim("relation", "management_mode", "three_level", open_list=True),
    ),
    Claim(
        "leadership-group-mode",
        "§3.3",
        "there are also special management systems of leadership-group type such as Tianfu New Area and Ha'erbin New Area",
        ["tianfu", "harbin"],
        list_claim("relation", "management_mode", "leadership_group", open_list=True),
    ),
    Claim(
        "xixian-five-committees",
        "§3.3",
        "Xi'an New Area has set up 5 groups of management committee to perform economic functions",
        5,
        _xixian_committees,
    ),
    Claim("mean-over-1000", "§4", "The average planning scope of new areas over 1000 km2", ">1000", _over),
]

#: What each statement above rests on: the evidence keys of its deciding values, and the NNAs when not all.
_READS: dict[str, tuple[tuple[str, ...], tuple[str, ...] | None]] = {
    "nna-count": (("approval",), None),
    "early-two": (("approval",), None),
    "land-share-2018": (("fact:planning_area_km2:approved_land",), None),
    "population-share-2018": (("stat:population_10k",), None),
    "gdp-share-2018": (("stat:gdp_100m_yuan",), None),
    "mean-planning-area": (("fact:planning_area_km2:approved_land",), None),
    "above-2000": (("fact:planning_area_km2:approved_land",), None),
    "crossing-14": (("units",), None),
    "regional-split": (("region",), None),
    "first-two": (("approval",), None),
    "stage-domestic-demand": (("approval",), None),
    "added-2014-2015": (("approval",), None),
    "rank-floor": (("fact:rank",), None),
    "lanzhou-institutions": (("fact:administrative_bodies_count", "fact:public_security"), ("lanzhou",)),
    "org-path-pudong-binhai": (("fact:org_type",), ("pudong", "binhai")),
    "leadership-groups-cross-mc": (("fact:provincial_leadership_group",), ("liangjiang", "guian", "jinpu", "xixian")),
    "guian-direct-townships": (("units",), ("guian",)),
    "xixian-five-committees": (("bodies",), ("xixian",)),
    "mean-over-1000": (("fact:planning_area_km2:approved_land",), None),
}


def _section_order(claim: Claim) -> tuple[float, ...]:
    """§1 < §3.1 < §3.2 < §3.3 < §4 (the first section a claim names)."""
    first = claim.section.split(",")[0].strip().lstrip("§")
    return tuple(float(x) for x in first.split("."))


CLAIMS: list[Claim] = sorted(
    [
        *(replace(c, reads=_READS[c.id][0], areas=_READS[c.id][1]) if c.id in _READS else c for c in _STATEMENTS),
        *BODIES,
        *CONTEXT,
    ],
    key=_section_order,
)
