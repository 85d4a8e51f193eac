"""The paper's statements as data, checked against the dataset.

Each :class:`Claim` has an id, the paper's words, its section, the paper's value and a function
that computes the value from the data as of a date. ``evaluate`` returns ``status``
(``reproduced``, ``differs`` or ``not_checkable``) and, for every difference, a ``reason``
naming the NNAs, definitions or dates behind it. The paper is one source among others: a claim
that differs is reported, never forced.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from .dates import as_of
from .framework import assess_state
from .framework.size import AREA_DEFINITION_SETS, PERIODS, planning_area_under, regional_layout
from .timeline import statistic

PAPER_DATE = dt.date(2018, 12, 31)


@dataclass
class Outcome:
    """What a claim's computation found."""

    computed: Any
    status: str
    reason: str | None = None
    variants: dict[str, Any] = field(default_factory=dict)
    rests_on: str | None = None


@dataclass(frozen=True)
class Claim:
    id: str
    section: str
    quote: str
    paper_value: Any
    check: Callable[[Any, list, Any], Outcome]


# --- helpers -------------------------------------------------------------------------------------


def _ids(states, pred) -> list[str]:
    return [st.area.id for st in states if pred(st)]


def _fw(st, atlas) -> dict[str, Any]:
    return assess_state(st, atlas)


def _unknown(states, atlas, dim: str, var: str) -> list[str]:
    return [st.area.id for st in states if _fw(st, atlas)[dim][var] is None]


def _list_outcome(found: list[str], paper: list[str], unknown: list[str], *, open_list: bool = False, what: str = "") -> Outcome:
    """Compare a list of NNAs the paper names with the data's; ``open_list`` for lists ending in 'etc.'."""
    extra = sorted(set(found) - set(paper))
    missing = sorted(set(paper) - set(found))
    ok = not missing and (open_list or not extra)
    parts = []
    if missing:
        miss_unknown = [m for m in missing if m in unknown]
        miss_other = [m for m in missing if m not in unknown]
        if miss_other:
            parts.append(f"the data does not put {', '.join(miss_other)} in {what or 'this category'} at this date")
        if miss_unknown:
            parts.append(f"the data has no value for {', '.join(miss_unknown)}")
    if extra and not open_list:
        parts.append(f"the data also puts {', '.join(extra)} in {what or 'this category'}")
    if ok:
        status = "reproduced"
    elif missing and all(m in unknown for m in missing) and not (extra and not open_list):
        status = "not_checkable"
    else:
        status = "differs"
    reason = "; ".join(parts) or None
    if ok and extra and open_list:
        reason = f"the paper's list ends in 'etc.'; the data adds {', '.join(extra)}"
    return Outcome(found, status, reason, rests_on=f"{len(unknown)} NNAs without a value" if unknown else None)


def _count_outcome(found: list[str], paper: int, unknown: list[str], what: str) -> Outcome:
    n = len(found)
    if n == paper:
        return Outcome(n, "reproduced", None, {"ids": found}, _rests(unknown))
    if n < paper and n + len(unknown) >= paper:
        return Outcome(
            n,
            "not_checkable",
            f"{n} known {what} ({', '.join(found)}); {len(unknown)} NNAs "
            f"without a value ({', '.join(unknown)}) could make up the difference",
            {"ids": found},
            _rests(unknown),
        )
    return Outcome(
        n,
        "differs",
        f"the data has {n} {what}: {', '.join(found)}"
        + (f"; {len(unknown)} without a value: {', '.join(unknown)}" if unknown else ""),
        {"ids": found},
        _rests(unknown),
    )


def _rests(unknown: list[str]) -> str | None:
    return f"{len(unknown)} NNAs have no value: {', '.join(unknown)}" if unknown else None


def _by_fw(dim: str, var: str, value: Any):
    def pick(states, atlas):
        found = [st.area.id for st in states if _fw(st, atlas)[dim][var] == value]
        return found, _unknown(states, atlas, dim, var)

    return pick


# --- the claims ----------------------------------------------------------------------------------


def _count_nnas(atlas, states, day) -> Outcome:
    n = len(states)
    return Outcome(
        n,
        "reproduced" if n == 19 else "differs",
        None if n == 19 else f"{n} NNAs had been approved by {day}; the 19th (xiongan) was approved 2017-04",
    )


def _early_two(atlas, states, day) -> Outcome:
    early = _ids(states, lambda st: st.area.approved < dt.date(2010, 1, 1))
    later = len(states) - len(early)
    ok = early == ["pudong", "binhai"] and later == 17
    return Outcome(
        {"before_2010": early, "from_2010": later},
        "reproduced" if ok else "differs",
        None if ok else f"before 2010: {', '.join(early)}; from 2010: {later}",
    )


def _share(indicator: str, paper_pct: float):
    def check(atlas, states, day) -> Outcome:
        year = day.year
        values, missing, scopes = [], [], {}
        for st in states:
            s = statistic(st.area, indicator, year, scope=None)
            if s is None:
                missing.append(st.area.id)
            else:
                values.append(s.value)
                scopes[st.area.id] = s.scope
        national = [s for s in atlas.national if s.indicator == indicator and s.year == year and s.value]
        if not national:
            return Outcome(None, "not_checkable", f"no national {indicator} for {year} in national.yaml")
        variants = {}
        for s in sorted(national, key=lambda s: not s.preferred):
            label = s.vintage or "figure"
            variants[f"national_{label}"] = round(100 * sum(values) / s.value, 2) if values else None
        if missing:
            part = round(100 * sum(values) / national[0].value, 2) if values else None
            return Outcome(
                part,
                "not_checkable",
                f"{year} {indicator} is known for {len(values)} of {len(states)} NNAs; missing: "
                f"{', '.join(missing)}; the known ones sum to {part}% of the national total",
                variants,
                f"{len(values)} of {len(states)} NNAs",
            )
        pct = next(iter(variants.values()))
        status = "reproduced" if abs(pct - paper_pct) <= 0.05 else "differs"
        sub = [k for k, v in scopes.items() if v != "whole"]
        reason = (
            None
            if status == "reproduced"
            else (f"{pct}% from the data" + (f"; figures for {', '.join(sub)} cover part of the NNA only" if sub else ""))
        )
        return Outcome(pct, status, reason, variants, f"{len(values)} of {len(states)} NNAs")

    return check


def _land_share(atlas, states, day) -> Outcome:
    national = [s for s in atlas.national if s.indicator == "land_area_km2" and s.value]
    if not national:
        return Outcome(None, "not_checkable", "no national land area in national.yaml")
    land = national[0].value
    variants, reasons = {}, []
    for d in AREA_DEFINITION_SETS:
        vals = [planning_area_under(st, d) for st in states]
        known = [v for v in vals if v is not None]
        variants[d] = round(100 * sum(known) / land, 3) if known else None
        if len(known) < len(vals):
            reasons.append(f"{d}: {len(vals) - len(known)} NNAs without a value")
    main = variants["approved_land"]
    match = [d for d, v in variants.items() if v is not None and round(v, 2) == 0.26]
    status = "reproduced" if round(main or 0, 2) == 0.26 else ("differs" if main is not None else "not_checkable")
    implied = 0.26 / 100 * land
    reason = (
        None
        if status == "reproduced"
        else (
            f"sum of approved land planning areas / {land:,.0f} km2 = {main}%; the paper's 0.26% implies a total of "
            f"about {implied:,.0f} km2 (a mean of {implied / max(len(states), 1):,.0f} km2 over {len(states)} NNAs)"
            + (f"; reproduced under {', '.join(match)}" if match else "; no area definition gives 0.26%")
            + (f" ({'; '.join(reasons)})" if reasons else "")
        )
    )
    return Outcome(main, status, reason, variants | {"reproduced_by": match})


def _mean_area(paper: float, tolerance: float, section_note: str):
    def check(atlas, states, day) -> Outcome:
        variants = {}
        for d in AREA_DEFINITION_SETS:
            vals = [v for v in (planning_area_under(st, d) for st in states) if v is not None]
            variants[d] = round(sum(vals) / len(vals), 1) if vals else None
        main = variants["approved_land"]
        match = [d for d, v in variants.items() if v is not None and abs(v - paper) <= tolerance]
        if main is None:
            return Outcome(None, "not_checkable", "no planning areas known")
        n = sum(planning_area_under(st, "approved_land") is not None for st in states)
        status = "reproduced" if abs(main - paper) <= tolerance else "differs"
        reason = (
            None
            if status == "reproduced"
            else (
                f"mean approved land planning area of {n} NNAs is {main} km2 ({section_note})"
                + (f"; within tolerance under {', '.join(match)}" if match else "; no area definition reproduces it")
            )
        )
        return Outcome(main, status, reason, variants | {"reproduced_by": match}, f"{n} of {len(states)} NNAs")

    return check


def _above(threshold: float, paper: int):
    def check(atlas, states, day) -> Outcome:
        variants = {}
        for d in AREA_DEFINITION_SETS:
            variants[d] = sorted(st.area.id for st in states if (planning_area_under(st, d) or 0) > threshold)
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
        return Outcome(len(found), status, reason, {k: v for k, v in variants.items()} | {"reproduced_by": match})

    return check


def _crossing(atlas, states, day) -> Outcome:
    pref = [st.area.id for st in states if _fw(st, atlas)["size"]["multi_prefecture"]]
    county = [st.area.id for st in states if _fw(st, atlas)["size"]["multi_county"]]
    unknown = _unknown(states, atlas, "size", "multi_county")
    variants = {
        "multi_prefecture": len(pref),
        "multi_county": len(county),
        "multi_prefecture_ids": pref,
        "multi_county_ids": county,
    }
    match = [k for k in ("multi_prefecture", "multi_county") if variants[k] == 14]
    status = "reproduced" if match else "differs"
    reason = (
        None
        if match == ["multi_prefecture"]
        else (
            f"{len(pref)} NNAs span more than one prefecture-level city and {len(county)} more than one county-level unit"
            + (f"; 14 matches the {match[0]} reading of 'crossing single city boundaries'" if match else "")
            + (f"; units unknown for {', '.join(unknown)}" if unknown else "")
        )
    )
    return Outcome(variants[match[0]] if match else len(pref), status, reason, variants)


def _regions(atlas, states, day) -> Outcome:
    layout = regional_layout(states, atlas)
    paper = {"east": 8, "central": 2, "west": 6, "northeast": 3}
    ok = all(layout.get(k) == v for k, v in paper.items())
    return Outcome(layout, "reproduced" if ok else "differs", None if ok else f"data: {layout}")


def _stage(stage: str, paper: list[str]):
    def check(atlas, states, day) -> Outcome:
        found = [st.area.id for st in states if PERIODS.stage(st.area.approved) == stage]
        return _list_outcome(found, paper, [], what=f"the {stage} stage")

    return check


def _added(start: int, end: int, paper: int):
    def check(atlas, states, day) -> Outcome:
        found = [st.area.id for st in states if start <= st.area.approved.year <= end]
        return _count_outcome(found, paper, [], f"NNAs approved in {start}-{end}")

    return check


def _first_two(atlas, states, day) -> Outcome:
    order = [st.area.id for st in sorted(states, key=lambda s: s.area.approved)][:2]
    return Outcome(
        order,
        "reproduced" if order == ["pudong", "binhai"] else "differs",
        None if order == ["pudong", "binhai"] else f"the first two approved are {order}",
    )


def _explain(st, fact: str) -> str:
    """One NNA's value of a fact in words: value, since when, sources, and any disputed alternative."""
    s = st.facts.get((fact, None))
    if s is None:
        return f"{st.area.id}: no record"
    text = f"{st.area.id}: {s.value} since {s.since} [{', '.join(map(str, s.sources))}]"
    for value, srcs in s.alternatives:
        text += f", disputed by {value} [{', '.join(map(str, srcs))}]"
    return text


def _list_claim(dim: str, var: str, value: Any, paper: list[str], *, open_list: bool = False):
    def check(atlas, states, day) -> Outcome:
        found, unknown = _by_fw(dim, var, value)(states, atlas)
        out = _list_outcome(found, paper, unknown, open_list=open_list, what=f"{var} = {value}")
        differing = sorted((set(paper) ^ set(found)) - set(unknown))
        if out.status != "reproduced" and differing:
            by_id = {st.area.id: st for st in states}
            out.reason = f"{out.reason}. Details: " + "; ".join(_explain(by_id[i], var) for i in differing if i in by_id)
        return out

    return check


def _provenance(states, ids: list[str], fact: str) -> str:
    """Which of ``ids`` the paper classifies otherwise, and which rest only on other sources."""
    by_id = {st.area.id: st for st in states}
    against, elsewhere = [], []
    for i in ids:
        s = by_id[i].facts.get((fact, None))
        if s is None:
            continue
        if any(r.id == "paper" for _, srcs in s.alternatives for r in srcs):
            paper_value = next(v for v, srcs in s.alternatives if any(r.id == "paper" for r in srcs))
            against.append(f"{i} (the paper: {paper_value}; the data prefers {s.value} [{', '.join(map(str, s.sources))}])")
        elif not any(r.id == "paper" for r in s.sources):
            elsewhere.append(i)
    parts = []
    if against:
        parts.append("disputed with the paper: " + "; ".join(against))
    if elsewhere:
        parts.append(f"classified from sources other than the paper's text: {', '.join(elsewhere)}")
    return "; ".join(parts)


def _count_claim(dim: str, var: str, value: Any, paper: int, note: str | None = None):
    def check(atlas, states, day) -> Outcome:
        found, unknown = _by_fw(dim, var, value)(states, atlas)
        out = _count_outcome(found, paper, unknown, f"NNAs with {var} = {value}")
        if out.status != "reproduced":
            detail = _provenance(states, found, var) if dim != "level" or var != "formal_hierarchy" else ""
            out.reason = "; ".join(x for x in (out.reason, detail, note) if x)
        return out

    return check


def _for_all(detail: dict, counter: list[str], counter_reason: str, unknown: list[str], unknown_reason: str) -> Outcome:
    """A claim about every NNA: differs on a counterexample, else not checkable while any is unknown."""
    if counter:
        return Outcome(False, "differs", counter_reason, detail)
    if unknown:
        return Outcome(True, "not_checkable", unknown_reason, detail, _rests(unknown))
    return Outcome(True, "reproduced", None, detail)


def _rank_floor(atlas, states, day) -> Outcome:
    high = {"national", "provincial", "sub_provincial", "prefecture"}
    ranks = {st.area.id: _fw(st, atlas)["level"]["rank"] for st in states}
    below = [i for i, r in ranks.items() if r is not None and r not in high]
    unknown = [i for i, r in ranks.items() if r is None]
    return _for_all(
        {"ranks": ranks},
        below,
        f"ranks below prefecture: {', '.join(below)}",
        unknown,
        f"rank unknown for {', '.join(unknown)}; all known ranks are prefecture or above",
    )


def _all_value(dim: str, var: str, value: Any):
    def check(atlas, states, day) -> Outcome:
        found, unknown = _by_fw(dim, var, value)(states, atlas)
        other = [st.area.id for st in states if st.area.id not in found and st.area.id not in unknown]
        return _for_all(
            {"ids": found},
            other,
            f"{', '.join(other)} have another {var}",
            unknown,
            f"{var} unknown for {', '.join(unknown)}; all known are {value}",
        )

    return check


def _org_paths(atlas, states, day) -> Outcome:
    want = ["leadership_group", "management_committee", "government"]
    paths = {i: _fw(atlas.state(i, day), atlas)["level"]["org_path"] for i in ("pudong", "binhai") if i in atlas}
    ok = all(p == want for p in paths.values())
    reason = None if ok else "; ".join(f"{i}: {' -> '.join(p) or 'no dated org_type records'}" for i, p in paths.items())
    return Outcome(paths, "reproduced" if ok else "differs", reason)


def _lanzhou_institutions(atlas, states, day) -> Outcome:
    if "lanzhou" not in atlas:
        return Outcome(None, "not_checkable", "lanzhou is not in the data")
    st = atlas.state("lanzhou", day)
    count, police = st.value("administrative_bodies_count"), st.value("public_security")
    if count is None or police is None:
        return Outcome(
            {"bodies": count, "public_security": police},
            "not_checkable",
            "the data lacks lanzhou's administrative_bodies_count or public_security",
        )
    ok = count > 20 and police is True
    return Outcome(
        {"bodies": count, "public_security": police},
        "reproduced" if ok else "differs",
        None if ok else f"data: {count} bodies, public security {police}",
    )


def _lg_for_cross_mc(atlas, states, day) -> Outcome:
    ids = ["liangjiang", "guian", "jinpu", "xixian"]
    vals = {i: atlas.state(i, day).value("provincial_leadership_group") for i in ids if i in atlas}
    want = {"liangjiang": True, "guian": True, "jinpu": True, "xixian": False}
    unknown = [i for i, v in vals.items() if v is None]
    wrong = [i for i, v in vals.items() if v is not None and v != want[i]]
    if wrong:
        return Outcome(vals, "differs", f"the data disagrees for {', '.join(wrong)}")
    if unknown:
        return Outcome(vals, "not_checkable", f"provincial_leadership_group unknown for {', '.join(unknown)}")
    return Outcome(vals, "reproduced")


def _guian_townships(atlas, states, day) -> Outcome:
    paper = ["湖潮", "党武", "红枫湖", "马场", "高峰"]
    if "guian" not in atlas:
        return Outcome(None, "not_checkable", "guian is not in the data")
    st = atlas.state("guian", day)
    names = [u.name_zh for u in st.units if u.level == "township" and u.role == "direct_management"]
    missing = [p for p in paper if not any(n.startswith(p) for n in names)]
    if not names:
        return Outcome([], "not_checkable", "no township units with role direct_management for guian at this date")
    return Outcome(
        names,
        "reproduced" if not missing else "differs",
        None if not missing else f"the data's direct-management townships lack {', '.join(missing)}",
    )


def _xixian_committees(atlas, states, day) -> Outcome:
    if "xixian" not in atlas:
        return Outcome(None, "not_checkable", "xixian is not in the data")
    st = atlas.state("xixian", day)
    found = [b.name_zh or b.id for b in st.bodies if b.kind == "functional_area_committee"]
    if not found:
        return Outcome(0, "not_checkable", "no functional_area_committee bodies recorded for xixian at this date")
    return Outcome(
        len(found),
        "reproduced" if len(found) == 5 else "differs",
        None if len(found) == 5 else f"the data has {len(found)}: {', '.join(found)}",
        {"committees": found},
    )


CLAIMS: list[Claim] = [
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
    Claim("population-share-2018", "§1", "... and 2.16% of its population", 2.16, _share("population_10k", 2.16)),
    Claim("gdp-share-2018", "§1", "... creating 4.40% of the country's regional GDP", 4.40, _share("gdp_100m_yuan", 4.40)),
    Claim(
        "mean-planning-area",
        "§3.1",
        "the average land planning area of the 19 NNAs in China reaches 1300 km2",
        1300,
        _mean_area(1300, 50, "the paper's figure is approximate; tolerance ±50 km2"),
    ),
    Claim("above-2000", "§3.1", "with five new areas exceeding 2000 km2", 5, _above(2000, 5)),
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
        _stage("domestic_demand", ["liangjiang", "zhoushan", "lanzhou", "nansha"]),
    ),
    Claim("added-2014-2015", "§3.1", "Especially in 2014-2015, China rapidly added 10 NNAs", 10, _added(2014, 2015, 10)),
    Claim(
        "rank-floor", "§3.2", "the administrative level of all new areas is at or above the prefecture level", True, _rank_floor
    ),
    Claim(
        "sub-provincial-three",
        "§3.2",
        "three new areas located in the core areas of municipalities enjoying the treatment of sub-provincial cities",
        3,
        _count_claim("level", "rank", "sub_provincial", 3),
    ),
    Claim(
        "org-government",
        "§3.2",
        "Currently, only Pudong New Area and Binhai New Area established earliest are fully-established governments",
        ["pudong", "binhai"],
        _list_claim("level", "org_type", "government", ["pudong", "binhai"]),
    ),
    Claim(
        "org-area-division-integration",
        "§3.2",
        "This type of new area includes Zhoushan Islands New Area in Zhejiang "
        "Province, Nansha New Area in Guangzhou and West Coast New Area in Qingdao.",
        ["zhoushan", "nansha", "xihaian"],
        _list_claim("level", "org_type", "area_division_integration", ["zhoushan", "nansha", "xihaian"]),
    ),
    Claim(
        "org-management-committee",
        "§3.2",
        "Currently, 11 new areas in China implement a management committee system model.",
        11,
        _count_claim(
            "level",
            "org_type",
            "management_committee",
            11,
            "the paper's four type counts (2 + 3 + 11 + 2) add to 18, not 19: one NNA (its text never names "
            "xiongan) is not classified in the text; Table 2 is not in the project's copy",
        ),
    ),
    Claim(
        "org-leadership-group",
        "§3.2",
        "This type of new area includes Tianfu New Area in Sichuan and Ha'erbin New Area.",
        ["tianfu", "harbin"],
        _list_claim("level", "org_type", "leadership_group", ["tianfu", "harbin"]),
    ),
    Claim(
        "formal-hierarchy",
        "§3.2",
        "except for two new areas of fully-established government type and three of "
        "area-division integration type, other new areas do not exist in the formal administrative organization sequence",
        5,
        _count_claim("level", "formal_hierarchy", True, 5),
    ),
    Claim(
        "economic-functions-all",
        "§3.2",
        "all new areas currently enjoy relatively complete economic management functions",
        True,
        _all_value("level", "economic_functions", "complete"),
    ),
    Claim(
        "social-complete",
        "§3.2",
        "The first category is complete social management functions. The government-type new area ...",
        ["pudong", "binhai"],
        _list_claim("level", "social_functions", "complete", ["pudong", "binhai"]),
    ),
    Claim(
        "social-incomplete",
        "§3.2",
        "The second category is incomplete social management functions ... area-division "
        "integration type ... Liangjiang New Area, Lanzhou New Area and Shaanxi New Area ... also undertake some "
        "social functions",
        ["zhoushan", "nansha", "xihaian", "liangjiang", "lanzhou", "xixian"],
        _list_claim(
            "level",
            "social_functions",
            "incomplete",
            ["zhoushan", "nansha", "xihaian", "liangjiang", "lanzhou", "xixian"],
            open_list=True,
        ),
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
        _list_claim("relation", "trusteeship", True, ["liangjiang", "lanzhou", "xixian", "guian", "dianzhong", "tianfu"]),
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
        _list_claim("relation", "management_mode", "two_level", ["lanzhou", "guian"], open_list=True),
    ),
    Claim(
        "three-level",
        "§3.3",
        "Such new areas include Pudong New Area, Binhai New Area, Liangjiang New Area, Zhoushan Island "
        "New Area, Qingdao West Coast New Area, Xi'an New Area, Jinpu New Area, etc.",
        ["pudong", "binhai", "liangjiang", "zhoushan", "xihaian", "xixian", "jinpu"],
        _list_claim(
            "relation",
            "management_mode",
            "three_level",
            ["pudong", "binhai", "liangjiang", "zhoushan", "xihaian", "xixian", "jinpu"],
            open_list=True,
        ),
    ),
    Claim(
        "leadership-group-mode",
        "§3.3",
        "there are also special management systems of leadership-group type such as Tianfu New Area and Ha'erbin New Area",
        ["tianfu", "harbin"],
        _list_claim("relation", "management_mode", "leadership_group", ["tianfu", "harbin"], open_list=True),
    ),
    Claim(
        "xixian-five-committees",
        "§3.3",
        "Xi'an New Area has set up 5 groups of management committee to perform economic functions",
        5,
        _xixian_committees,
    ),
    Claim(
        "mean-over-1000",
        "§4",
        "The average planning scope of new areas over 1000 km2",
        ">1000",
        lambda atlas, states, day: _over_1000(atlas, states, day),
    ),
]


def _over_1000(atlas, states, day) -> Outcome:
    out = _mean_area(1300, 50, "")(atlas, states, day)
    if out.computed is None:
        return out
    ok = out.computed > 1000
    return Outcome(
        out.computed, "reproduced" if ok else "differs", None if ok else f"mean is {out.computed} km2", out.variants, out.rests_on
    )


def evaluate(atlas, at: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Every claim evaluated as of ``at`` (default: the end of 2018, the paper's date).

    What ``nnatlas claims --json`` prints: ``id``, ``section``, ``quote``, ``paper_value``,
    ``computed_value``, ``status``, ``reason`` (for every difference), ``variants`` and
    ``rests_on``.
    """
    day = PAPER_DATE if at is None else as_of(at)
    states = atlas.states(day)
    rows = []
    for c in CLAIMS:
        out = c.check(atlas, states, day)
        rows.append(
            {
                "id": c.id,
                "section": c.section,
                "quote": c.quote,
                "paper_value": c.paper_value,
                "computed_value": out.computed,
                "status": out.status,
                "reason": out.reason,
                "variants": out.variants,
                "rests_on": out.rests_on,
                "as_of": day.isoformat(),
            }
        )
    return rows
