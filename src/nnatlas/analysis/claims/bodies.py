"""Statements about the paper's types and governance structures, checked against the recorded
governance bodies, relations, units and events (paper §3.2-§3.3)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from nnatlas.analysis.claims.rules import Claim, Outcome, fw, list_outcome, nnas
from nnatlas.atlas import AreaState, Snapshot

GOVERNMENT_BODIES = ("district_government", "county_government")
MUNICIPALITIES = ("110000", "120000", "310000", "500000")  # Beijing, Tianjin, Shanghai, Chongqing (GB/T 2260)


def _of_type(snap: Snapshot, org_type: str) -> list[AreaState]:
    return [st for st in nnas(snap) if fw(snap, st)["level"]["org_type"] == org_type]


def _kinds(st: AreaState) -> set[str]:
    return {b.kind for b in st.bodies}


def _every(
    org_type: str, test: Callable[[AreaState], bool | None], says: str, unknown_means: str = "no governance bodies recorded"
) -> Callable[[Snapshot, Any], Outcome]:
    """Every NNA of ``org_type`` passes ``test``, which ``says`` in words (None: the data cannot tell,
    for the reason ``unknown_means``)."""

    def check(snap: Snapshot, paper: Any) -> Outcome:
        states = _of_type(snap, org_type)
        if not states:
            return Outcome({}, "not_checkable", f"no NNA has org_type {org_type} at this date")
        results = {st.area.id: test(st) for st in states}
        failing = sorted(i for i, v in results.items() if v is False)
        unknown = sorted(i for i, v in results.items() if v is None)
        if failing:
            return Outcome(
                results, "differs", f"against the definition ({says}), the data has {', '.join(failing)} of type {org_type}"
            )
        if unknown:
            return Outcome(results, "not_checkable", f"{unknown_means} for {', '.join(unknown)}")
        return Outcome(results, "reproduced", None)

    return check


def _has_bodies(test: Callable[[AreaState], bool]) -> Callable[[AreaState], bool | None]:
    return lambda st: test(st) if st.bodies else None


def _sub_provincial_in_municipalities(snap: Snapshot, paper: int) -> Outcome:
    ranked = {st.area.id: st.area.province for st in nnas(snap) if fw(snap, st)["level"]["rank"] == "sub_provincial"}
    inside = sorted(i for i, prov in ranked.items() if prov in MUNICIPALITIES)
    outside = sorted(set(ranked) - set(inside))
    if outside:
        return Outcome(inside, "differs", f"sub-provincial NNAs outside the four municipalities: {', '.join(outside)}")
    if len(inside) != paper:
        return Outcome(
            inside, "not_checkable", f"{len(inside)} sub-provincial NNAs known in municipalities; the paper names {paper}"
        )
    return Outcome(inside, "reproduced", None)


def _adi_coextensive(st: AreaState) -> bool | None:
    """One whole county-level unit (True), several or a part (False), or no units or coverage unknown (None)."""
    if not st.counties:
        return None
    if len(st.counties) > 1:
        return False
    return {"whole": True, "part": False}.get(st.counties[0].coverage)


def _mc_spanning(snap: Snapshot, paper: list[str]) -> Outcome:
    """The management-committee NNAs that 'span cities and counties', under two readings."""
    committee = _of_type(snap, "management_committee")
    readings = {
        "multi_prefecture": [st.area.id for st in committee if fw(snap, st)["size"]["multi_prefecture"]],
        "multi_county": [st.area.id for st in committee if fw(snap, st)["size"]["multi_county"]],
    }
    out = list_outcome(readings["multi_prefecture"], paper, [], what="management-committee NNAs spanning cities")
    out.variants = readings | {"reproduced_by": [k for k, v in readings.items() if sorted(v) == sorted(paper)]}
    return out


def _named_bodies(area: str, kind: str, words: dict[str, str], what: str) -> Callable[[Snapshot, Any], Outcome]:
    """``area`` has a body of ``kind`` whose Chinese or English name names each place of ``words``
    (Chinese -> English)."""

    def check(snap: Snapshot, paper: Any) -> Outcome:
        if area not in snap.atlas:
            return Outcome(None, "not_checkable", f"{area} is not in the data")
        st = snap.state(area)
        bodies = [b for b in st.bodies if b.kind == kind]
        names = [b.name_zh or b.name_en or b.id for b in bodies]
        if not st.bodies:
            return Outcome([], "not_checkable", f"no governance bodies recorded for {area} at this date")
        found = {zh: any(zh in (b.name_zh or "") or en in (b.name_en or "") for b in bodies) for zh, en in words.items()}
        missing = [w for w, ok in found.items() if not ok]
        return Outcome(
            names,
            "reproduced" if not missing else "differs",
            None if not missing else f"the data records no {what} for {', '.join(missing)}; it has: {', '.join(names) or 'none'}",
        )

    return check


def _trusteeship_of_streets(area: str, body_word: str) -> Callable[[Snapshot, Any], Outcome]:
    def check(snap: Snapshot, paper: int) -> Outcome:
        if area not in snap.atlas:
            return Outcome(None, "not_checkable", f"{area} is not in the data")
        st = snap.state(area)
        bodies = {b.id: b for b in st.bodies}
        trustee = [b.id for b in st.bodies if body_word in (b.name_zh or "") or body_word in (b.name_en or "")]
        if not trustee:
            return Outcome(None, "not_checkable", f"no body named {body_word} recorded for {area} at this date")
        streets = sorted(
            r.to
            for r in st.relations
            if r.from_ in trustee and r.kind == "holds_in_trust" and bodies[r.to].kind in ("street", "township")
        )
        if not streets:
            return Outcome(0, "not_checkable", f"no trusteeship relations of {body_word} to streets recorded")
        return Outcome(
            len(streets),
            "reproduced" if len(streets) == paper else "differs",
            None if len(streets) == paper else f"the data records {len(streets)}: {', '.join(streets)}",
        )

    return check


def _guian_county_authority(snap: Snapshot, paper: bool) -> Outcome:
    if "guian" not in snap.atlas:
        return Outcome(None, "not_checkable", "guian is not in the data")
    st = snap.state("guian")
    kinds = {b.id: b.kind for b in st.bodies}
    rels = [
        r
        for r in st.relations
        if r.kind == "delegates_county_authority" or (r.kind == "holds_in_trust" and kinds.get(r.to) == "township")
    ]
    if not st.bodies:
        return Outcome(None, "not_checkable", "no governance bodies recorded for guian")
    return Outcome(
        len(rels) > 0,
        "reproduced" if rels else "differs",
        None if rels else "no delegation of county-level authority or trusteeship of townships is recorded",
    )


BODIES: list[Claim] = [
    Claim(
        "sub-provincial-in-municipalities",
        "§3.2",
        "with three new areas located in the core areas of municipalities enjoying the treatment of sub-provincial cities",
        3,
        _sub_provincial_in_municipalities,
        reads=("fact:rank",),
    ),
    Claim(
        "government-formal-entities",
        "§3.2",
        "only Pudong New Area and Binhai New Area established earliest are fully-established governments which are "
        "equipped with formal administrative entities",
        True,
        _every(
            "government", _has_bodies(lambda st: bool(_kinds(st) & set(GOVERNMENT_BODIES))), "each has a district government body"
        ),
        kind="definition",
        reads=("fact:org_type", "bodies"),
    ),
    Claim(
        "adi-coextensive",
        "§3.2",
        "The type of area-division integration, that is, the coverage area of the new area is unified with the "
        "boundary of the administrative division where it is located.",
        True,
        _every(
            "area_division_integration",
            _adi_coextensive,
            "each is one whole county-level division",
            "no county-level unit with a known coverage recorded",
        ),
        kind="definition",
        reads=("fact:org_type", "units"),
    ),
    Claim(
        "adi-two-sets",
        "§3.2",
        "The new area retains two sets of management organizations: fully-established government and management committee.",
        True,
        _every(
            "area_division_integration",
            _has_bodies(lambda st: bool(_kinds(st) & set(GOVERNMENT_BODIES)) and "management_committee" in _kinds(st)),
            "each has both a government and a management committee",
        ),
        kind="definition",
        reads=("fact:org_type", "bodies"),
    ),
    Claim(
        "mc-dispatched",
        "§3.2",
        "Management committee type, that is, management is carried out in the form of institutions dispatched by "
        "higher-level governments.",
        True,
        _every(
            "management_committee",
            _has_bodies(
                lambda st: any(
                    r.kind in ("dispatches", "leads")
                    and any(b.id == r.to and b.kind == "management_committee" for b in st.bodies)
                    for r in st.relations
                )
            ),
            "each has a management committee dispatched or led by a higher government",
        ),
        kind="definition",
        reads=("fact:org_type", "bodies"),
    ),
    Claim(
        "mc-economic",
        "§3.2",
        "The management committee ... mainly responsible for economic functions such as investment promotion, planning "
        "and construction within the new area.",
        True,
        _every(
            "management_committee",
            lambda st: None if st.value("social_functions") is None else st.value("social_functions") != "complete",
            "none has complete social functions",
            "social functions unknown",
        ),
        kind="definition",
        reads=("fact:org_type", "fact:social_functions"),
    ),
    Claim(
        "lg-no-committee",
        "§3.2",
        "Leadership group type, that is, neither the fully-established government nor the management committee has "
        "been established.",
        True,
        _every(
            "leadership_group",
            _has_bodies(lambda st: not (_kinds(st) & {"management_committee", *GOVERNMENT_BODIES})),
            "none has a government or a management committee",
        ),
        kind="definition",
        reads=("fact:org_type", "bodies"),
    ),
    Claim(
        "government-district-status",
        "§3.2",
        "The government-type new area has established an administrative-district status through the administrative "
        "division adjustment",
        True,
        _every(
            "government",
            lambda st: any(e.kind == "district_established" and e.date.first_day <= st.day for e in st.area.events) or None,
            "each has a recorded district establishment",
            "no district_established event recorded (which is not evidence that none happened)",
        ),
        reads=("fact:org_type", "event:district_established"),
    ),
    Claim(
        "mc-spanning-four",
        "§3.3",
        "Taking the example of a new area that implements the management-committee type and spans cities and counties, "
        "except for Xi'xian New Area, the other three new areas (Liangjiang New Area, Gui'an New Area, Jinpu New Area)",
        ["xixian", "liangjiang", "guian", "jinpu"],
        _mc_spanning,
        reads=("fact:org_type", "units"),
    ),
    Claim(
        "guian-county-authority",
        "§3.3",
        "Each township retains its original administrative system while the management committee exercises "
        "county-level economic-social affairs management authority.",
        True,
        _guian_county_authority,
        reads=("bodies",),
        areas=("guian",),
    ),
    Claim(
        "fengdong-six-streets",
        "§3.3",
        "Among them, Fengdong New City is responsible for trusteeship of 6 streets in its jurisdiction",
        6,
        _trusteeship_of_streets("xixian", "沣东"),
        reads=("bodies",),
        areas=("xixian",),
    ),
    Claim(
        "tianfu-three-committees",
        "§3.3",
        "in Tianfu New Area whose planning scope involves Chengdu, Ziyang and Meishan cities respectively established "
        "management committees while Meishan city government directly leads it",
        ["成都", "资阳", "眉山"],
        _named_bodies("tianfu", "management_committee", {"成都": "Chengdu", "资阳": "Ziyang", "眉山": "Meishan"}, "committee"),
        reads=("bodies",),
        areas=("tianfu",),
    ),
]
