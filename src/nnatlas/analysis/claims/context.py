"""Statements the data can check only in part: the paper's historical stages, its context, its
predictions and advice, the tensions inside the paper, and statements the data cannot check (each
naming what it would need)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from nnatlas.analysis.claims.rules import Claim, Outcome, fw, nnas, not_checkable
from nnatlas.atlas import Snapshot
from nnatlas.core.settings import PAPER_DATE

FORMAL = ("government", "area_division_integration")


def _approved_within(area: str, first: int, last: int):
    def check(snap: Snapshot, paper: Any) -> Outcome:
        if area not in snap.atlas:
            return Outcome(None, "not_checkable", f"{area} is not in the data")
        day = snap.atlas[area].approved
        if day is None:
            return Outcome(None, "not_checkable", f"{area}'s approval date is unknown")
        ok = first <= day.year <= last
        return Outcome(str(day), "reproduced" if ok else "differs", None if ok else f"approved {day}, outside {first}-{last}")

    return check


def _type_counts(snap: Snapshot, paper: dict[str, int]) -> Outcome:
    """The paper's own four type counts against its own total."""
    total = sum(paper["types"].values())
    return Outcome(
        total,
        "differs" if total != paper["nnas"] else "reproduced",
        None
        if total == paper["nnas"]
        else f"the paper's type counts (government {paper['types']['government']}, area-division integration "
        f"{paper['types']['area_division_integration']}, management committee {paper['types']['management_committee']}, "
        f"leadership group {paper['types']['leadership_group']}) add to {total}, not the {paper['nnas']} NNAs it counts; "
        "its text classifies no type for xiongan",
    )


def _adi_formal_status(snap: Snapshot, paper: Any) -> Outcome:
    """§3.2 says the ADI type 'lacks a formal administrative district status' and, later, counts it in the
    formal administrative organisation sequence: the data shows what each ADI NNA has."""
    adi = [st for st in nnas(snap) if fw(snap, st)["level"]["org_type"] == "area_division_integration"]
    has_district = {
        st.area.id: any(b.kind in ("district_government", "county_government") for b in st.bodies) if st.bodies else None
        for st in adi
    }
    return Outcome(
        has_district,
        "differs",
        "a tension in the paper: §3.2 (2) says the area-division integration type 'lacks a formal administrative district "
        "status', and §3.2 later counts its three NNAs in 'the formal administrative organization sequence'; in the data, "
        + "; ".join(
            f"{i} {'has' if v else 'has no' if v is False else 'has no recorded'} district government body"
            for i, v in has_district.items()
        ),
    )


def _lg_against_tianfu(snap: Snapshot, paper: Any) -> Outcome:
    tianfu = snap.state("tianfu") if "tianfu" in snap.atlas else None
    committees = [b.name_zh or b.id for b in tianfu.bodies if b.kind == "management_committee"] if tianfu else []
    return Outcome(
        committees,
        "differs",
        "a tension in the paper: §3.2 (4) defines the leadership-group type as one where 'neither the fully-established "
        "government nor the management committee has been established' and names Tianfu; §3.3 says Chengdu, Ziyang and "
        "Meishan 'respectively established management committees' for Tianfu"
        + (f"; the data records for tianfu: {', '.join(committees)}" if committees else "; the data records no tianfu committee"),
    )


def _later_formalisation(snap: Snapshot, paper: Any) -> Outcome:
    """Some NNAs 'will further transform into formal administrative organizations': which did, after the paper's date."""
    if snap.day <= PAPER_DATE:
        return Outcome(
            None, "not_checkable", f"a prediction from the paper's date ({PAPER_DATE}): evaluate it at a later date (--at)"
        )
    then = snap.atlas.at(PAPER_DATE)
    moved = [
        st.area.id
        for st in nnas(snap)
        if fw(snap, st)["level"]["org_type"] in FORMAL
        and st.area.id in then.ids
        and fw(then, then.state(st.area.id))["level"]["org_type"] not in FORMAL
    ]
    return Outcome(
        moved,
        "reproduced" if moved else "differs",
        None if moved else f"no NNA moved into the formal administrative sequence between {PAPER_DATE} and {snap.day}",
    )


def _early_leadership_groups(snap: Snapshot, paper: Any) -> Outcome:
    """'In the early stage ... a leadership group headed by the provincial-level leaders is generally established':
    the provincial leadership group in each NNA's first year, read as 'more than half of the NNAs known'."""
    values = {}
    for st in nnas(snap):
        approved = st.area.approved
        if approved is None:
            continue
        early = min(approved + dt.timedelta(days=365), snap.day)
        values[st.area.id] = snap.atlas.at(early).state(st.area.id).value("provincial_leadership_group")
    known = {i: v for i, v in values.items() if v is not None}
    yes = sorted(i for i, v in known.items() if v)
    unknown = sorted(set(values) - set(known))
    if not known:
        return Outcome(None, "not_checkable", "no NNA's provincial leadership group is known for its first year")
    majority = len(yes) > len(values) / 2
    status = "reproduced" if majority else ("not_checkable" if len(yes) + len(unknown) > len(values) / 2 else "differs")
    return Outcome(
        {"with_group": yes, "unknown": unknown},
        status,
        f"{len(yes)} of {len(values)} NNAs had a provincial leadership group within a year of approval; {len(unknown)} unknown"
        + ("" if majority else " ('generally' is read as more than half of all NNAs)"),
    )


def _local_initiative(snap: Snapshot, paper: Any) -> Outcome:
    """'the new area production mode created by local initiative and central preferential approval in recent 10
    years': the NNAs approved from 2010 with a recorded local predecessor or a local announcement before approval."""
    recent = [st for st in nnas(snap) if st.area.approved and st.area.approved.year >= 2010]
    local = sorted(
        st.area.id
        for st in recent
        if st.area.predecessors
        or any(e.kind == "announced" and e.date.first_day < (st.area.approved or snap.day) for e in st.area.events)
    )
    return Outcome(
        local,
        "reproduced" if len(local) > len(recent) / 2 else "not_checkable",
        f"{len(local)} of {len(recent)} NNAs approved from 2010 have a recorded local predecessor or announcement "
        "before approval; the others have none recorded, which is not evidence that none existed",
    )


def _advice(snap: Snapshot, paper: Any) -> Outcome:
    return Outcome(
        None, "not_checkable", "advice, not a statement of fact: the stage model applies it to every NNA (nnatlas stages)"
    )


CONTEXT: list[Claim] = [
    Claim(
        "larger-than-development-zones",
        "§3.1",
        "From the perspective of spatial scope, the NNA has a larger construction scale than general development zones",
        True,
        not_checkable("the planning areas of China's general development zones, which the data does not hold"),
    ),
    Claim(
        "wto-context",
        "§3.1",
        "After China joined the WTO, with the accelerated expansion of capital, population, land and other elements",
        "China joined the WTO",
        not_checkable("a cited, dated source for China's accession to the WTO (a context statement)"),
        kind="context",
    ),
    Claim(
        "decentralisation-reforms",
        "§3.1",
        "since the 1990s, China has implemented a series of decentralized systems that stimulate local rise, including "
        "the tax-sharing system in 1994, urban housing reform in 1998 and land system reform in 2002",
        {"tax_sharing": 1994, "housing_reform": 1998, "land_reform": 2002},
        not_checkable("cited, dated sources for the 1994 tax-sharing reform, the 1998 housing reform and the 2002 land reform"),
        kind="context",
    ),
    Claim(
        "pudong-early-1990s",
        "§3.1",
        "In the early 1990s, with the establishment of the global trade system ... Pudong New Area took the lead in "
        "joining the global market",
        "1990-1994",
        _approved_within("pudong", 1990, 1994),
        reads=("approval",),
        areas=("pudong",),
    ),
    Claim(
        "binhai-early-2000s",
        "§3.1",
        "At the beginning of the twenty-first century ... Binhai New Area timely undertook the transfer of global "
        "equipment manufacturing industry",
        "2000-2009",
        _approved_within("binhai", 2000, 2009),
        reads=("approval",),
        areas=("binhai",),
    ),
    Claim(
        "type-counts-sum",
        "§3.2",
        "only Pudong New Area and Binhai New Area ... Zhoushan Islands New Area in Zhejiang Province, Nansha New Area in "
        "Guangzhou and West Coast New Area in Qingdao ... 11 new areas ... Tianfu New Area in Sichuan and Ha'erbin New Area",
        {
            "nnas": 19,
            "types": {"government": 2, "area_division_integration": 3, "management_committee": 11, "leadership_group": 2},
        },
        _type_counts,
        kind="tension",
    ),
    Claim(
        "lg-definition-against-tianfu",
        "§3.2, §3.3",
        "neither the fully-established government nor the management committee has been established ... Chengdu, "
        "Ziyang and Meishan cities respectively established management committees",
        "tension",
        _lg_against_tianfu,
        kind="tension",
        reads=("bodies",),
        areas=("tianfu",),
    ),
    Claim(
        "adi-formal-status-tension",
        "§3.2",
        "it lacks a formal administrative district status ... except for two new areas of fully-established government "
        "type and three of area-division integration type, other new areas do not exist in the formal administrative "
        "organization sequence",
        "tension",
        _adi_formal_status,
        kind="tension",
        reads=("fact:org_type", "bodies"),
    ),
    Claim(
        "lg-virtual-area",
        "§3.2",
        "The new area is essentially a virtual area defined by policy, and each sub-area still develops independently.",
        True,
        not_checkable("a measure of how independently the sub-areas develop (budgets, plans or projects by sub-area)"),
    ),
    Claim(
        "government-courts",
        "§3.2",
        "as well as judicial agencies such as courts and procuratorates that correspond to its management functions",
        True,
        not_checkable("a record of each NNA's courts and procuratorates (a field the data does not have)"),
    ),
    Claim(
        "adi-no-court",
        "§3.2",
        "This type of the NNA has not established a complete procuratorate or court that corresponds to its management "
        "functions.",
        True,
        not_checkable("a record of each NNA's courts and procuratorates (a field the data does not have)"),
    ),
    Claim(
        "later-formalisation",
        "§3.2",
        "some new areas have sustainable adaptability in managing their own patterns in the future after completing "
        "phased tasks and will further transform into formal administrative organizations",
        "some NNAs move into the formal sequence",
        _later_formalisation,
        kind="prediction",
        reads=("fact:org_type",),
    ),
    Claim(
        "early-leadership-groups",
        "§3.3",
        "In the early stage of the NNA construction, in order to accelerate the development of new areas, a leadership "
        "group headed by the provincial-level leaders is generally established",
        "generally",
        _early_leadership_groups,
        reads=("fact:provincial_leadership_group",),
    ),
    Claim(
        "two-level-cancels-county",
        "§3.3",
        "These new areas cancel the county level and directly exercises the county-level economic and social management "
        "authority by townships through power delegation.",
        True,
        not_checkable("the delegation of county-level authority to townships, recorded as relations (found for Gui'an only)"),
    ),
    Claim(
        "bureau-and-department-levels",
        "§3.3",
        "the functional area management committee under the new area is at the bureau level ... the street level is at "
        "the department level",
        {"functional_area_committee": "prefecture", "street": "county"},
        not_checkable("the ranks of functional-area committees and streets, which the data records for almost none"),
    ),
    Claim(
        "vice-provincial-authority",
        "§4",
        "almost all new areas enjoy partial vice-provincial management authority",
        True,
        not_checkable("a record of the management authority delegated to each NNA (a field the data does not have)"),
    ),
    Claim(
        "local-initiative",
        "§4",
        "the new area production mode created by local initiative and central preferential approval in recent 10 years",
        "local initiative",
        _local_initiative,
        reads=("predecessors", "event:announced"),
    ),
    Claim(
        "advice-start-up",
        "§4",
        "the establishment of the NNA is the start-up stage of development ... at this stage, a leading group with "
        "high-level officials should be set with economic management functions",
        "advice",
        _advice,
        kind="advice",
    ),
    Claim(
        "advice-expansion",
        "§4",
        "When the NNA has been developing for 3-5 years, it will enter the expansion management stage ... forming a "
        "three-level management structure ... further forming a two-level management structure",
        "advice",
        _advice,
        kind="advice",
    ),
    Claim(
        "advice-maturity",
        "§4",
        "When the NNA develops for 7-10 years and has basically completed its construction and development mission, the "
        "new district may consider gradually incorporating complete social functions and further establishing a full "
        "government to upgrade the new district to the sub-provincial level",
        "advice",
        _advice,
        kind="advice",
    ),
]
