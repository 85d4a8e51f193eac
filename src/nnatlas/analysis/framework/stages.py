"""The paper's development-stage model (§4) applied to every NNA and date, and back-tested.

The paper (§4, second paragraph of the conclusions' "realistic implications"):

    "the establishment of the NNA is the start-up stage of development ... at this stage, a leading
    group with high-level officials should be set with economic management functions. When the NNA
    has been developing for 3-5 years, it will enter the expansion management stage. ... its
    functional scope begins to expand from the economic management to the social management ...
    administrative organizational relationships should be integrated by adjusting administrative
    divisions ... forming a three-level management structure of 'new district-functional area-town
    (subdistrict)'. For some towns (subdistricts) that are not in functional areas and have strong
    economic strength, counties could be directly removed ... (chexiancaiqu in Chinese) ... further
    forming a two-level management structure of 'new districts-strong towns (subdistricts)'. When
    the NNA develops for 7-10 years and has basically completed its construction and development
    mission, the new district may consider gradually incorporating complete social functions and
    further establishing a full government to upgrade the new district to the sub-provincial level."

Rules of the model (each a parameter of :class:`StageModel` where the paper leaves a choice):

**Start.** Years are counted from the national approval (``start="approval"``, the default) or
from the local launch (``start="local"``: the earliest predecessor's start, e.g. a provincial new
area before national status, or else the inauguration). An undated start is an unknown stage,
never a guess; so is a start known only to the month or year when the two ends of that period
give different stages.

**Windows, not points.** "3-5 years" and "7-10 years" are transition bands, half-open
``[from, by)``: an NNA aged 3 to under 5 years is ``transition_to_expansion`` ("start-up or
expansion"), from 5 it is in ``expansion``; aged 7 to under 10 it is ``transition_to_maturity``,
from 10 ``maturity``. Defaults 3, 5, 7, 10; a band with ``from == by`` is a point boundary. In a
band the governance of either neighbouring stage is aligned: aligned if it meets the lower
stage's level, ahead only beyond the upper one.

**Levels.** Governance is graded on three levels, one per stage, each three-valued (met, not met,
unknown), and the level reached is the highest one met:

1. start-up governance: a provincial leadership group (``provincial_leadership_group``) headed by
   high-level officials (``leadership_group_head_rank`` sub-provincial or above: the paper's §3.3
   "leadership group headed by the provincial-level leaders") AND economic management functions
   (``economic_functions`` known). It fails when there is no provincial group or its head ranks
   lower; an unknown head rank leaves it unknown.
2. expansion governance: some or complete social functions AND an expansion structure: the
   three-level "new district - functional area - town" or the two-level "new district - strong
   town", either or both at once (coexisting). The structures are read from the governance
   network's levels per branch (:func:`nnatlas.analysis.network.management_levels`: townships two
   or three levels below the NNA authority) where the network reaches townships, else from the coded
   ``management_mode``.
3. maturity governance: a full government with complete social functions at sub-provincial rank or
   above.

**The mission.** Maturity also needs the NNA to have "basically completed its construction and
development mission". The data hold no measure of that (no plan targets or their attainment), so it
is an explicit unknown criterion (``mission_completed: null``): in the 7-10 year band and after,
the NNA is mature if the mission is complete and still in expansion if not, and a verdict that
differs between the two is ``unknown`` (both are reported in ``gap_if_mission``). An explicit
assumption (``StageModel(mission=True)``, ``--mission completed``) or a per-NNA override
(``mission_completed``) can settle it; the data never do.

**Administrative-division adjustment** ("integrated by adjusting administrative divisions") is
detected from the area's ``merger``, ``district_established`` and ``boundary_change`` events up to
the date and shown in every assessment; it is evidence, not a criterion of level 2 (the paper makes
it the means to the structures, which are graded), and no event recorded is unknown, not "none",
since the event lists are not exhaustive.

**Attestations lapse.** An attested fact (``as_of``, like the paper's "as of 2018"
classifications) counts in the model only until ``attestation_years`` (default 3) years after the
end of its attested period: "as of 2018" counts through 2021-12-31. Three years is the lower end of
the paper's first transition band: the model itself expects an NNA's governance to change within
that time, so an older attestation cannot describe the current stage. After the horizon the field
is read again without the lapsed attestation (an interval record, if any, then decides; else it is
unknown), so later states are judged on later facts. Interval records (``start``/``end``) never
lapse. The same horizon applies to the attested bodies and relations of the governance network
the structures are read from. This is the stage model's reading of the data only; the atlas's
timeline is unchanged.

**Back-test** (:func:`backtest`). The model rests on Pudong's and Binhai's histories ("the
administrative bodies of both have evolved from leadership group to management committee and
finally gone to fully-established government", §3.2), so it is run on each year of theirs from
their local launch, and each step of their organisation path and each governance level is dated
from the data and judged against the band in which the model expects it (reproduced, earlier,
later, undetermined, not reached). Reported plainly, including where it does not reproduce them.
"""

from __future__ import annotations

import datetime as dt
import difflib
import itertools
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import yaml

from nnatlas.analysis.framework.level import org_history
from nnatlas.analysis.network import management_levels, state_graph
from nnatlas.atlas import AreaState, Atlas, Snapshot, snapshot_of
from nnatlas.atlas.timeline import covering, group_facts, resolve
from nnatlas.core.errors import UnknownAreaError, UsageError
from nnatlas.ingest import vocab
from nnatlas.ingest.dates import PartialDate
from nnatlas.ingest.models import NewArea

STAGES, GAPS, RISKS = vocab.DEVELOPMENT_STAGES, vocab.GAPS, vocab.RISKS
#: The stages in order of age (``unknown`` apart).
STAGE_ORDER = ("start_up", "transition_to_expansion", "expansion", "transition_to_maturity", "maturity")
#: The stages a transition band lies between.
BETWEEN = {"transition_to_expansion": ("start_up", "expansion"), "transition_to_maturity": ("expansion", "maturity")}
#: Stages whose expectation depends on the mission criterion.
MISSION_STAGES = ("transition_to_maturity", "maturity")
#: "High-level officials": the ranks of provincial-level leaders and above (paper §3.3).
HIGH_LEVEL_RANKS = ("national", "provincial", "sub_provincial")
#: Event kinds that are administrative-division adjustments.
DIVISION_EVENTS = ("merger", "district_established", "boundary_change")
#: Management levels of the network -> expansion structure.
STRUCTURE_OF_LEVELS = {2: "two_level", 3: "three_level"}

QUOTES = {
    "start_up": "the establishment of the NNA is the start-up stage ... a leading group with high-level officials "
    "should be set with economic management functions",
    "expansion": "When the NNA has been developing for 3-5 years, it will enter the expansion management stage",
    "division": "administrative organizational relationships should be integrated by adjusting administrative divisions",
    "three_level": "a three-level management structure of 'new district-functional area-town (subdistrict)'",
    "two_level": "counties could be directly removed by townships (chexiancaiqu in Chinese) ... a two-level management "
    "structure of 'new districts-strong towns (subdistricts)'",
    "maturity": "When the NNA develops for 7-10 years and has basically completed its construction and development "
    "mission, the new district may consider gradually incorporating complete social functions and further "
    "establishing a full government to upgrade the new district to the sub-provincial level",
    "path": "the administrative bodies of both have evolved from leadership group to management committee and finally "
    "gone to fully-established government (§3.2, on Pudong and Binhai)",
}

RECOMMENDATIONS = {
    "start_up": {
        "level": 1,
        "en": "Set up a leading group of high-level officials with economic management functions",
        "zh": "设立高规格领导小组，赋予经济管理职能",
    },
    "expansion": {
        "level": 2,
        "en": "Extend functions to social management; integrate administrative relations by adjusting "
        "divisions: three-level 'new district - functional area - town', and/or two-level 'new district - strong town'",
        "zh": "职能由经济管理拓展到社会管理；调整行政区划，形成“新区—功能区—镇（街道）”三级和/或“新区—强镇”两级管理",
    },
    "maturity": {
        "level": 3,
        "en": "Incorporate complete social functions, establish a full government and upgrade to sub-provincial level",
        "zh": "纳入完整社会职能，设立政府，升格为副省级",
    },
}
#: Fields the model reads (after lapsing attestations) and an override file may set.
GOVERNANCE_FIELDS = (
    "org_type",
    "social_functions",
    "economic_functions",
    "provincial_leadership_group",
    "leadership_group_head_rank",
    "management_mode",
    "rank",
    "direct_management_area",
)
_CRITERIA = {
    1: "a provincial leadership group headed by high-level officials, and economic functions",
    2: "some social functions and a two- and/or three-level structure",
    3: "a government with complete social functions at sub-provincial rank",
}
#: Organisation types of the §3.2 path and the stage each is the governance of.
ORG_STAGE = {"leadership_group": "start_up", "management_committee": "expansion", "government": "maturity"}


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


@dataclass(frozen=True)
class StageModel:
    """The parameters of the stage model (see the module docstring).

    ``expansion_from``/``expansion_by`` bound the start-up/expansion band and
    ``maturity_from``/``maturity_by`` the expansion/maturity band, in years since the start
    (paper: 3-5 and 7-10). ``start`` is ``approval`` or ``local``; ``attestation_years`` the
    horizon after which an attested fact no longer counts; ``mission`` an explicit assumption
    about the mission criterion (None: unknown, as in the data).
    """

    expansion_from: float = 3.0
    maturity_from: float = 7.0
    expansion_by: float = 5.0
    maturity_by: float = 10.0
    attestation_years: int = 3
    start: str = "approval"
    mission: bool | None = None

    def __post_init__(self) -> None:
        e0, e1, m0, m1 = self.expansion_from, self.expansion_by, self.maturity_from, self.maturity_by
        if not 0 < e0 < m0:
            raise UsageError(f"stage bands must satisfy 0 < expansion_from < maturity_from, not {e0:g} and {m0:g}")
        if not e0 <= e1:
            raise UsageError(
                f"the expansion band must satisfy expansion_from <= expansion_by, not {e0:g} and {e1:g} (give --expansion-by too)"
            )
        if not e1 <= m0:
            raise UsageError(
                f"the bands must not overlap: expansion_by <= maturity_from, not {e1:g} and {m0:g} (paper: 3-5 and 7-10)"
            )
        if not m0 <= m1:
            raise UsageError(
                f"the maturity band must satisfy maturity_from <= maturity_by, not {m0:g} and {m1:g} (give --maturity-by too)"
            )
        if isinstance(self.attestation_years, bool) or not isinstance(self.attestation_years, int) or self.attestation_years < 0:
            raise UsageError(f"attestation_years must be a whole number of years, 0 or more, not {self.attestation_years!r}")
        if self.start not in vocab.STAGE_STARTS:
            raise UsageError(f"unknown start {self.start!r}: use {' or '.join(vocab.STAGE_STARTS)}")
        if self.mission not in (None, True, False):
            raise UsageError(f"mission must be None (unknown), True or False, not {self.mission!r}")

    # --- stages ---------------------------------------------------------------------------
    def stage(self, age_years: float | None) -> str:
        """The stage at an age in years since the start (``unknown`` for None)."""
        if age_years is None:
            return "unknown"
        if age_years >= self.maturity_by:
            return "maturity"
        if age_years >= self.maturity_from:
            return "transition_to_maturity"
        if age_years >= self.expansion_by:
            return "expansion"
        if age_years >= self.expansion_from:
            return "transition_to_expansion"
        return "start_up"

    def band(self, stage: str) -> dict[str, Any] | None:
        """The transition band of a transition stage: the stages it lies between and its bounds."""
        if stage == "transition_to_expansion":
            return {"between": list(BETWEEN[stage]), "from_years": self.expansion_from, "by_years": self.expansion_by}
        if stage == "transition_to_maturity":
            return {"between": list(BETWEEN[stage]), "from_years": self.maturity_from, "by_years": self.maturity_by}
        return None

    @staticmethod
    def accepted(stage: str, mission: bool | None = True) -> tuple[int, ...]:
        """The governance levels aligned with a stage, given the mission criterion (True, False).

        Without the mission basically completed an NNA past 7 years is still in expansion.
        """
        if stage in MISSION_STAGES and mission is False:
            return (2,)
        return {
            "start_up": (1,),
            "transition_to_expansion": (1, 2),
            "expansion": (2,),
            "transition_to_maturity": (2, 3),
            "maturity": (3,),
        }.get(stage, ())

    # --- the start ------------------------------------------------------------------------
    def start_of(self, area: NewArea) -> tuple[PartialDate | None, str]:
        """The date years are counted from, and what it is (or why it is unknown)."""
        if self.start == "approval":
            if area.approval.date is None:
                return None, "the approval date is not in the data"
            return area.approval.date, "national approval"
        return local_start(area)

    # --- facts ----------------------------------------------------------------------------
    def counted_until(self, attested: PartialDate) -> dt.date:
        """The last day an attestation of ``attested`` counts in the model."""
        return _add_years(attested.last_day, self.attestation_years)

    def describe(self) -> str:
        """The parameters in one line (notes, figure captions)."""
        mission = {None: "unknown (not in the data)", True: "assumed completed", False: "assumed not completed"}[self.mission]
        return (
            f"start: {vocab.STAGE_STARTS.label(self.start).lower()}; bands: start-up or expansion {self.expansion_from:g}-"
            f"{self.expansion_by:g} years, expansion or maturity {self.maturity_from:g}-{self.maturity_by:g} years; "
            f"attested facts count {self.attestation_years} years after their period; mission: {mission}"
        )

    def describe_zh(self) -> str:
        mission = {None: "未知（数据中无此项）", True: "假定已基本完成", False: "假定未完成"}[self.mission]
        return (
            f"起算：{vocab.STAGE_STARTS.label(self.start, 'zh')}；过渡区间：起步期或拓展期 {self.expansion_from:g}–"
            f"{self.expansion_by:g} 年，拓展期或成熟期 {self.maturity_from:g}–{self.maturity_by:g} 年；"
            f"“截至”类事实在其所述期间后 {self.attestation_years} 年内有效；建设发展任务：{mission}"
        )


def local_start(area: NewArea) -> tuple[PartialDate | None, str]:
    """The local launch: the earliest predecessor's start, or else the inauguration.

    Returns the date and what it is (``predecessor <name>`` or ``inauguration``), or None and why it
    is unknown: a predecessor has no start date (it may be the earliest), or there is no
    predecessor and the inauguration is not dated.
    """
    undated = [p for p in area.predecessors if p.start is None]
    if undated:
        p = undated[0]
        return None, f"the start of the predecessor {p.name_zh} is not in the data"
    options = [(p.start, f"predecessor {p.name_zh}") for p in area.predecessors]
    if area.inauguration is not None and area.inauguration.date is not None:
        options.append((area.inauguration.date, "inauguration"))
    if not options:
        return None, "no predecessor and no inauguration date in the data"
    return min(options, key=lambda o: o[0].first_day)


def age_years(start: dt.date, day: dt.date) -> float:
    return round((day - start).days / 365.25, 2)


def _all(*vals: bool | None) -> bool | None:
    """Three-valued AND: False if any is False, None if any is unknown, else True."""
    if any(v is False for v in vals):
        return False
    return None if any(v is None for v in vals) else True


def _any(*vals: bool | None) -> bool | None:
    """Three-valued OR: True if any is True, None if any is unknown, else False."""
    if any(v is True for v in vals):
        return True
    return None if any(v is None for v in vals) else False


def _known(value: Any, test) -> bool | None:
    return None if value is None else bool(test(value))


def governance_levels(g: dict[str, Any]) -> dict[int, bool | None]:
    """Whether each governance level's criteria hold (True), fail (False) or cannot be judged (None).

    ``g`` holds the governance fields; ``expansion_structure`` (True, False or None), when given,
    is whether a two- or three-level structure exists, else it follows ``management_mode``.
    """
    org, social, mode, rank = g.get("org_type"), g.get("social_functions"), g.get("management_mode"), g.get("rank")
    structure = (
        g["expansion_structure"] if "expansion_structure" in g else _known(mode, lambda v: v in ("two_level", "three_level"))
    )
    return {
        1: _all(
            _known(g.get("provincial_leadership_group"), bool),
            _known(g.get("leadership_group_head_rank"), lambda v: v in HIGH_LEVEL_RANKS),
            _known(g.get("economic_functions"), lambda v: v in vocab.ECONOMIC_FUNCTIONS),
        ),
        2: _all(_known(social, lambda v: v in ("incomplete", "complete")), structure),
        3: _all(
            _known(org, lambda v: v == "government"),
            _known(social, lambda v: v == "complete"),
            _known(rank, lambda v: v in ("sub_provincial", "provincial")),
        ),
    }


def _gap(reached: int, accepted: tuple[int, ...]) -> str:
    if reached > max(accepted):
        return "ahead"
    return "aligned" if reached >= min(accepted) else "lagging"


def judge(levels: dict[int, bool | None], expected: int | tuple[int, ...]) -> tuple[int, str]:
    """The highest level known reached (0 if none) and the gap to the accepted level(s).

    ``expected`` is a level or the levels a stage accepts (two in a transition band): aligned if
    the level reached is among them, lagging below, ahead beyond. Three-valued: the gap is the one
    every way of filling in the unknown levels gives, else ``unknown``.
    """
    accepted = (expected,) if isinstance(expected, int) else tuple(expected)
    if not accepted:
        return max((k for k, v in levels.items() if v), default=0), "unknown"
    unknown = [k for k, v in levels.items() if v is None]
    gaps = set()
    for combo in itertools.product((True, False), repeat=len(unknown)):
        filled = {**levels, **dict(zip(unknown, combo, strict=True))}
        gaps.add(_gap(max((k for k, v in filled.items() if v), default=0), accepted))
    reached = max((k for k, v in levels.items() if v), default=0)
    return reached, gaps.pop() if len(gaps) == 1 else "unknown"


# --- reading one state ---------------------------------------------------------------------------
def read_governance(st: AreaState, model: StageModel = StageModel()) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The governance fields as the model reads them on ``st.day``, and the attestations set aside.

    A field whose resolved state (``st.facts``) rests on attestations is read again without the
    attestations past their horizon (:meth:`StageModel.counted_until`); each lapsed attestation
    that covered the day with a known value is listed with the day it counted until.
    """
    actual: dict[str, Any] = {}
    lapsed: list[dict[str, Any]] = []
    groups = None
    for field in GOVERNANCE_FIELDS:
        fs = st.facts.get((field, None))
        if fs is None or not fs.attested:
            actual[field] = fs.value if fs else None
            continue
        groups = groups if groups is not None else group_facts(st.area.facts)
        group = groups.get((field, None), [])
        gone = [r for r in group if r.attested and st.day > model.counted_until(r.begins)]
        if not gone:
            actual[field] = fs.value
            continue
        live = {id(r) for r in covering(group, st.day)}
        seen = set()
        for r in gone:
            if id(r) in live and r.value is not None and (r.value, str(r.begins)) not in seen:
                seen.add((r.value, str(r.begins)))
                lapsed.append(
                    {
                        "field": field,
                        "value": r.value,
                        "attested": str(r.begins),
                        "counted_until": model.counted_until(r.begins).isoformat(),
                        "sources": [str(s) for s in r.sources],
                    }
                )
        kept = [r for r in group if not any(r is g for g in gone)]
        again = resolve(kept, st.day) if kept else None
        actual[field] = again.value if again else None
    return actual, lapsed


def structures_of(
    st: AreaState,
    actual: dict[str, Any],
    override: dict[str, Any] | None = None,
    model: StageModel = StageModel(),
) -> dict[str, Any]:
    """The expansion structures in place: from the network's levels per branch, else the coded mode.

    The network is the state's bodies and relations without attested ones past the model's horizon
    (as for facts). Returns ``levels`` (management levels found: 2, 3 or both), ``structures``
    (their names), ``coexisting`` (both at once), ``expansion_structure`` (a two- or three-level
    structure exists; three-valued), ``basis`` (``network``, ``management_mode``, ``override`` or
    None) and ``coded_mode`` (``management_mode`` as read, to compare).
    """
    mode = actual.get("management_mode")
    levels: list[int] | None
    note = None
    if override and "management_mode" in override:
        basis, levels = "override", {"two_level": [2], "three_level": [3]}.get(mode, [])
    else:
        found = _network_levels(st, model)
        if found:
            basis, levels = "network", found
        elif mode is not None:
            basis, levels = "management_mode", {"two_level": [2], "three_level": [3]}.get(mode, [])
            note = "the governance network does not reach townships; read from management_mode"
        else:
            basis, levels = None, None
            note = "neither the governance network nor management_mode gives the structure"
    names = None if levels is None else [STRUCTURE_OF_LEVELS[n] for n in levels if n in STRUCTURE_OF_LEVELS]
    if basis == "network" and mode in ("two_level", "three_level") and mode not in names:
        note = f"the network's levels disagree with the coded management_mode {mode!r}; the network is used"
    return {
        "levels": levels,
        "structures": names,
        "coexisting": None if names is None else len(names) == 2,
        "expansion_structure": None if names is None else bool(names),
        "basis": basis,
        "coded_mode": mode,
        "note": note,
    }


def _network_levels(st: AreaState, model: StageModel) -> list[int]:
    """Management levels per branch of the state's governance network, attestations lapsed."""
    if not st.bodies:
        return []

    def counts(r) -> bool:
        return not (r.attested and st.day > model.counted_until(r.begins))

    bodies = [b for b in st.bodies if counts(b)]
    ids = {b.id for b in bodies}
    relations = [r for r in st.relations if counts(r) and r.from_ in ids and r.to in ids]
    return management_levels(state_graph(replace(st, bodies=bodies, relations=relations)))[1]


def division_adjustments(area: NewArea, day: dt.date, start: PartialDate | None = None) -> list[dict[str, Any]]:
    """Administrative-division adjustments (merger, district established, boundary change) up to ``day``."""
    return [
        {
            "date": str(e.date),
            "kind": e.kind,
            "en": e.en,
            "before_start": bool(start and e.date.last_day < start.first_day),
        }
        for e in sorted(area.events, key=lambda e: e.date)
        if e.kind in DIVISION_EVENTS and e.date.first_day <= day
    ]


def _stage_at(model: StageModel, start: PartialDate | None, day: dt.date) -> tuple[str, float | None, str | None]:
    """Stage, age (from the start's first day) and a note when the start's precision leaves it open."""
    if start is None:
        return "unknown", None, None
    age = age_years(start.first_day, day)
    if age < 0:
        return "start_up", age, "before its start"
    oldest, youngest = model.stage(age), model.stage(max(age_years(start.last_day, day), 0))
    if oldest != youngest:
        return "unknown", age, f"the start ({start}) is known only to the {start.precision}: {youngest} or {oldest}"
    return oldest, age, None


def _recommendation(stage: str, mission: bool | None, lang: str) -> str:
    r = {k: v[lang] for k, v in RECOMMENDATIONS.items()}
    if stage == "unknown":
        return "Stage unknown: the start date is not known" if lang == "en" else "阶段未知：起算日期不详"
    if stage == "transition_to_expansion":
        return (
            f"In transition from start-up to expansion: {r['start_up']}; then {r['expansion'][0].lower()}{r['expansion'][1:]}"
            if lang == "en"
            else f"由起步期向拓展期过渡：{r['start_up']}；随后{r['expansion']}"
        )
    if stage in MISSION_STAGES:
        if mission is False:
            return (
                f"Mission not completed, so still expansion: {r['expansion']}"
                if lang == "en"
                else f"建设发展任务未完成，仍属拓展期：{r['expansion']}"
            )
        cond = (
            ""
            if mission
            else (
                "If the construction and development mission is basically completed (unknown): "
                if lang == "en"
                else "若已基本完成建设发展任务（未知）："
            )
        )
        now = (
            r["maturity"]
            if stage == "maturity"
            else (
                f"expansion governance suffices; consider: {r['maturity']}"
                if lang == "en"
                else f"拓展期治理即可；可考虑：{r['maturity']}"
            )
        )
        return cond + now
    return r[stage]


def assess(st: AreaState, model: StageModel = StageModel(), override: dict[str, Any] | None = None) -> dict[str, Any]:
    """Stage, recommendation, actual governance, gap and risks of one NNA state."""
    a = st.area
    override = dict(override or {})
    start, start_basis = model.start_of(a)
    stage, age, stage_note = _stage_at(model, start, st.day)
    actual, lapsed = read_governance(st, model)
    mission_override = override.pop("mission_completed", None)
    if override:
        actual.update(override)
        lapsed = [x for x in lapsed if x["field"] not in override]
    mission = mission_override if mission_override is not None else model.mission
    mission_basis = "override" if mission_override is not None else "assumption" if model.mission is not None else "unknown"
    structure = structures_of(st, actual, override, model)
    levels = governance_levels({**actual, "expansion_structure": structure["expansion_structure"]})
    if stage in MISSION_STAGES and mission is None:
        by_mission = {
            "completed": judge(levels, model.accepted(stage, True))[1],
            "not_completed": judge(levels, model.accepted(stage, False))[1],
        }
        accepted_if = {"completed": list(model.accepted(stage, True)), "not_completed": list(model.accepted(stage, False))}
        accepted = tuple(sorted(set(model.accepted(stage, True)) | set(model.accepted(stage, False))))
        level = judge(levels, accepted)[0]
        gap = by_mission["completed"] if by_mission["completed"] == by_mission["not_completed"] else "unknown"
        both_min = {min(v) for v in accepted_if.values()}
        expected = both_min.pop() if len(both_min) == 1 else None
    else:
        by_mission, accepted_if = None, None
        accepted = model.accepted(stage, mission if stage in MISSION_STAGES else True)
        level, gap = judge(levels, accepted)
        expected = min(accepted) if accepted else None
    adjustments = division_adjustments(a, st.day, start)
    word = {True: "met", False: "not met", None: "cannot be judged (facts unknown)"}
    where = f"age {age:.1f} years since {start_basis} {start}" if age is not None else f"start unknown: {start_basis}"
    parts = [
        f"{STAGES.label(stage)} ({where}{'; ' + stage_note if stage_note else ''})"
        + (f" accepts level {' or '.join(map(str, accepted))} governance" if accepted else "")
    ]
    parts += [f"level {k} ({_CRITERIA[k]}): {word[v]}" for k, v in levels.items()]
    if stage in MISSION_STAGES:
        parts.append(
            {
                "unknown": "mission basically completed: unknown (not in the data); "
                f"gap {by_mission['completed']} if completed, {by_mission['not_completed']} if not"
                if by_mission
                else "mission: unknown",
                "assumption": f"mission basically completed: {'assumed' if mission else 'assumed not'} (--mission)",
                "override": f"mission basically completed: {mission} (override)",
            }[mission_basis]
        )
    if structure["structures"] is not None:
        names = " and ".join(structure["structures"]) or "no two- or three-level structure"
        parts.append(f"structure ({structure['basis']}): {names}" + (" coexisting" if structure["coexisting"] else ""))
    parts.append(
        "division adjustment: " + (", ".join(f"{e['kind']} {e['date']}" for e in adjustments) if adjustments else "none recorded")
    )
    if lapsed:
        parts.append(
            "lapsed attestations: "
            + ", ".join(f"{x['field']} ({x['attested']}, counted until {x['counted_until']})" for x in lapsed)
        )
    risks = []
    if actual.get("direct_management_area"):
        risks.append("inconsistent_execution")
    if "two_level" in (structure["structures"] or ()):
        risks.append("flat_two_level")
    return {
        "id": a.id,
        "as_of": st.day.isoformat(),
        "start": {"basis": model.start, "date": str(start) if start else None, "what": start_basis},
        "age_years": age,
        "stage": stage,
        "in_transition": None if stage == "unknown" else stage in BETWEEN,
        "band": model.band(stage),
        "recommendation": _recommendation(stage, mission, "en"),
        "recommendation_zh": _recommendation(stage, mission, "zh"),
        "expected_level": expected,
        "expected_levels": list(accepted),
        "expected_levels_if_mission": accepted_if,
        "mission_completed": mission,
        "mission_basis": mission_basis,
        "actual": actual,
        "lapsed": lapsed,
        "levels": {str(k): v for k, v in levels.items()},
        "actual_level": level,
        "structure": structure,
        "division_adjustment": True if adjustments else None,
        "division_adjustment_events": adjustments,
        "gap": gap,
        "gap_if_mission": by_mission,
        "reason": "; ".join(parts),
        "risks": risks,
    }


def assess_all(
    source: Atlas | Snapshot,
    at: str | dt.date | None = None,
    model: StageModel = StageModel(),
    overrides: dict[str, dict] | None = None,
) -> list[dict[str, Any]]:
    """Stage assessments of every NNA existing at the date (what ``nnatlas stages --json`` prints).

    ``source`` is a snapshot, or an atlas and ``at`` (default today).
    """
    overrides = overrides or {}
    rows = []
    for st in snapshot_of(source, at).states:
        row = assess(st, model, overrides.get(st.area.id))
        if st.area.id in overrides:
            base = assess(st, model)
            row["baseline"] = {"actual": base["actual"], "actual_level": base["actual_level"], "gap": base["gap"]}
            row["override"] = overrides[st.area.id]
        rows.append(row)
    return rows


def panel(atlas: Atlas, start: int, end: int, model: StageModel = StageModel()) -> list[dict[str, Any]]:
    """Year-by-year panel (state at each year's end) of every NNA existing then."""
    rows = []
    for year in range(start, end + 1):
        for r in assess_all(atlas.at(dt.date(year, 12, 31)), model=model):
            rows.append(
                {
                    "year": year,
                    "id": r["id"],
                    "age_years": r["age_years"],
                    "stage": r["stage"],
                    "in_transition": r["in_transition"],
                    "expected_levels": ";".join(map(str, r["expected_levels"])),
                    "actual_level": r["actual_level"],
                    "gap": r["gap"],
                    "structures": None if r["structure"]["structures"] is None else ";".join(r["structure"]["structures"]),
                    "coexisting": r["structure"]["coexisting"],
                    "division_adjustment": r["division_adjustment"],
                    "lapsed": len(r["lapsed"]),
                    "risks": ";".join(r["risks"]),
                }
            )
    return rows


# --- back-test -----------------------------------------------------------------------------------
BACKTEST_IDS = ("pudong", "binhai")


def _verdict(lo: float | None, hi: float | None, w0: float | None, w1: float | None) -> str:
    """Whether a step dated within [lo, hi] falls in the window [w0, w1] (None: an open end; a step
    with no ``hi`` is undated)."""
    if hi is None:
        return "undetermined"
    if w0 is not None and hi < w0:
        return "earlier"
    if w1 is not None and lo is not None and lo > w1:
        return "later"
    if (w0 is None or (lo is not None and lo >= w0)) and (w1 is None or hi <= w1):
        return "reproduced"
    return "undetermined"


def _org_windows(model: StageModel) -> dict[str, tuple[float | None, float | None]]:
    """Ages (years since the start) at which the model expects each step of the §3.2 path to begin."""
    return {
        "leadership_group": (None, model.expansion_from),
        "management_committee": (model.expansion_from, model.expansion_by),
        "government": (model.maturity_from, model.maturity_by),
    }


def backtest(
    atlas: Atlas,
    model: StageModel | None = None,
    ids: tuple[str, ...] = BACKTEST_IDS,
    at: str | dt.date | None = None,
) -> list[dict[str, Any]]:
    """Run the model on each year of an NNA's own history and compare its path with the data's.

    The model is run (default: local-launch start) on the state at the end of each year from the
    start to the date (default today). Two comparisons, each step judged with
    :data:`vocab.BACKTEST_VERDICTS`:

    ``org_path``
        Each organisation type of the §3.2 path (``level.org_path``: leadership group ->
        management committee -> government) with the age at which the data date it, against the
        band in which the model expects it to begin: the leadership group before the
        start-up/expansion band (start-up governance), the management committee in that band (3-5
        years: §4 names no organisation for expansion, so the path's middle step is taken as the
        expansion stage's), the government in the expansion/maturity band (7-10 years).
    ``levels``
        For each governance level, the year from which the model, reading the data, knows it met
        (``known_from_year``) and the earliest year it may have been met (``possible_from_year``,
        after the last year it was known not met), against the years of the band that calls for it
        (level 3 assuming the mission basically completed, which the data do not say).
    """
    model = model or StageModel(start="local")
    day = snapshot_of(atlas, at).day
    missing = [key for key in ids if key not in atlas]
    if missing:
        raise UsageError(f"the back-test needs {' and '.join(missing)} in the data, which has no such New Area")
    out = []
    for key in ids:
        area = atlas[key]
        start, what = model.start_of(area)
        rec: dict[str, Any] = {
            "id": area.id,
            "as_of": day.isoformat(),
            "name_en": area.names.en,
            "name_zh": area.names.zh_short or area.names.zh,
            "start": {"basis": model.start, "date": str(start) if start else None, "what": what},
            "model": model.describe(),
        }
        if start is None:
            rec |= {"years": [], "org_path": [], "levels": [], "reproduced": None}
            rec["summary"] = _summary(rec, model, "en")
            rec["summary_zh"] = _summary(rec, model, "zh")
            out.append(rec)
            continue
        years = []
        for year in range(start.first_day.year, day.year + 1):
            when = min(dt.date(year, 12, 31), day)
            st = atlas.at(when).state(area.id)
            r = assess(st, model)
            years.append(
                {
                    "year": year,
                    "as_of": when.isoformat(),
                    "age_years": r["age_years"],
                    "stage": r["stage"],
                    "expected_levels": r["expected_levels"],
                    "levels": r["levels"],
                    "actual_level": r["actual_level"],
                    "gap": r["gap"],
                    "org_type": r["actual"]["org_type"],
                    "lapsed": [x["field"] for x in r["lapsed"]],
                }
            )
        rec["years"] = years
        rec["org_path"] = _org_steps(area, day, start, model)
        rec["levels"] = _level_steps(years, model)
        verdicts = [s["verdict"] for s in (*rec["org_path"], *rec["levels"])]
        rec["reproduced"] = (
            False
            if any(v in ("earlier", "later", "not_reached") for v in verdicts)
            else True
            if verdicts and all(v == "reproduced" for v in verdicts)
            else None
        )
        rec["summary"] = _summary(rec, model, "en")
        rec["summary_zh"] = _summary(rec, model, "zh")
        out.append(rec)
    return out


def _org_steps(area: NewArea, day: dt.date, start: PartialDate, model: StageModel) -> list[dict[str, Any]]:
    windows = _org_windows(model)
    records = group_facts(area.facts).get(("org_type", None), [])
    steps = []
    for step in org_history(area, day):
        since = PartialDate.parse(step["since"])
        note = next((r.note for r in records if r.value == step["org_type"] and str(r.begins) == step["since"]), None)
        lo, hi = age_years(start.first_day, since.first_day), age_years(start.first_day, since.last_day)
        w0, w1 = windows.get(step["org_type"], (None, None))
        known = step["org_type"] in windows
        if area.approval.date is not None and since == area.approval.date and start.first_day < since.first_day:
            # the record begins where the data's record of the NNA begins: the body may be older
            lo = None
            note = (note + " " if note else "") + (
                "(The record begins at the national approval, where the data begin; the body may be older, so "
                "only the latest age is known.)"
            )
        steps.append(
            {
                "org_type": step["org_type"],
                "since": step["since"],
                "age_years": [lo, hi],  # lo None: at or before hi
                "stage_expected": ORG_STAGE.get(step["org_type"]),
                "expected_age_years": [w0, w1] if known else None,
                "expected_dates": [
                    None if w0 is None else (start.first_day + dt.timedelta(days=round(w0 * 365.25))).isoformat(),
                    None if w1 is None else (start.last_day + dt.timedelta(days=round(w1 * 365.25))).isoformat(),
                ]
                if known
                else None,
                "verdict": _verdict(lo, hi, w0, w1) if known else "undetermined",
                "note": note if known else f"the stage model names no stage for {step['org_type']}",
            }
        )
    dated = bool(steps)
    missing = [t for t in ORG_STAGE if t not in {s["org_type"] for s in steps}]
    for t in missing:
        w0, w1 = windows[t]
        steps.append(
            {
                "org_type": t,
                "since": None,
                "age_years": None,
                "stage_expected": ORG_STAGE[t],
                "expected_age_years": [w0, w1],
                "expected_dates": None,
                # not reached: another type is dated by the date and the maturity band is over
                "verdict": "not_reached"
                if t == "government" and dated and _add_years(start.last_day, int(model.maturity_by) + 1) <= day
                else "undetermined",
                "note": "no org_type record of this type in the data",
            }
        )
    order = list(ORG_STAGE)
    steps.sort(key=lambda s: (s["since"] is None, order.index(s["org_type"]) if s["org_type"] in order else 9))
    return steps


def _level_steps(years: list[dict[str, Any]], model: StageModel) -> list[dict[str, Any]]:
    out = []
    for k in (1, 2, 3):
        vals = [(y["year"], y["levels"][str(k)]) for y in years]
        known = next((yr for yr, v in vals if v is True), None)
        before = [yr for yr, v in vals if v is False and (known is None or yr < known)]
        possible = (before[-1] + 1 if before else vals[0][0]) if vals else None
        if known is None and vals and vals[-1][1] is False:
            possible = None
        accepting = [y["year"] for y in years if k in StageModel.accepted(y["stage"], True)]
        requiring = [y["year"] for y in years if y["stage"] != "unknown" and min(StageModel.accepted(y["stage"], True)) >= k]
        e0 = accepting[0] if accepting else None
        e1 = requiring[0] if requiring else None
        unmet = "not_reached" if possible is None and e0 is not None else "undetermined"
        verdict = unmet if known is None else _verdict(possible, known, e0, e1)
        out.append(
            {
                "level": k,
                "criteria": _CRITERIA[k],
                "expected_from_year": e0,
                "expected_by_year": e1,
                "possible_from_year": possible,
                "known_from_year": known,
                "known_years": [yr for yr, v in vals if v is True],
                "verdict": verdict,
                "note": "assumes the mission basically completed by then (not in the data)" if k == 3 else None,
            }
        )
    return out


def _fmt_age(a: list[float | None] | None) -> str:
    if not a:
        return "?"
    if a[0] is None:
        return f"<={a[1]:.1f}"
    return f"{a[0]:.1f}" if a[0] == a[1] else f"{a[0]:.1f}-{a[1]:.1f}"


def _fmt_years(a: int | None, b: int | None) -> str:
    if a is None and b is None:
        return "?"
    return str(a) if a == b or b is None else f"{a}-{b}"


def _summary(rec: dict[str, Any], model: StageModel, lang: str) -> str:
    """One paragraph: the back-test of one NNA in plain words."""
    zh = lang == "zh"
    v = vocab.BACKTEST_VERDICTS
    org = vocab.ORG_TYPES
    if rec["start"]["date"] is None:
        return (
            f"{rec['id']}：起算日期不详（{rec['start']['what']}），无法回测。"
            if zh
            else f"{rec['id']}: start unknown ({rec['start']['what']}); no back-test."
        )
    bits = []
    for s in rec["org_path"]:
        w = s["expected_age_years"]
        window = "" if not w else (f"{w[0]:g}-{w[1]:g}" if w[0] is not None else f"<{w[1]:g}")
        if zh:
            when = f"{s['since']}（{_fmt_age(s['age_years'])} 年）" if s["since"] else "数据无记录"
            bits.append(f"{org.label(s['org_type'], 'zh')} {when}，模型预期 {window} 年：{v.label(s['verdict'], 'zh')}")
        else:
            when = f"{s['since']} (age {_fmt_age(s['age_years'])})" if s["since"] else "not in the data"
            bits.append(
                f"{org.label(s['org_type']).lower()} {when}, model expects {window} years: {v.label(s['verdict']).lower()}"
            )
    lv = []
    for s in rec["levels"]:
        exp = _fmt_years(s["expected_from_year"], s["expected_by_year"])
        if zh:
            got = (
                f"{s['known_from_year']} 年起已知达到（最早可能 {s['possible_from_year']} 年）"
                if s["known_from_year"]
                else ("从未已知达到" if s["possible_from_year"] else "未达到")
            )
            lv.append(f"{s['level']} 级 {got}，模型预期 {exp} 年：{v.label(s['verdict'], 'zh')}")
        else:
            got = (
                f"known met from {s['known_from_year']} (possibly from {s['possible_from_year']})"
                if s["known_from_year"]
                else ("never known met" if s["possible_from_year"] else "not reached")
            )
            lv.append(f"level {s['level']} {got}, model expects {exp}: {v.label(s['verdict']).lower()}")
    verdict = rec["reproduced"]
    if zh:
        head = f"{rec['id']}（起算：{vocab.STAGE_STARTS.label(rec['start']['basis'], 'zh')} {rec['start']['date']}）："
        tail = {True: "模型复现其路径。", False: "模型未能复现其路径。", None: "数据不足以判定模型是否复现其路径。"}[verdict]
        return head + "；".join(bits) + "。治理层级：" + "；".join(lv) + "。" + tail
    what = rec["start"]["what"].split(" ")[0]
    head = f"{rec['id']} (start: {vocab.STAGE_STARTS.label(rec['start']['basis']).lower()} {rec['start']['date']}, {what}): "
    tail = {
        True: "The model reproduces its path.",
        False: "The model does not reproduce its path.",
        None: "The data cannot tell whether the model reproduces its path.",
    }[verdict]
    return head + "; ".join(bits) + ". Governance levels: " + "; ".join(lv) + ". " + tail


def codebook_backtest(lang: str = "en") -> str:
    """The back-test on the packaged data as of today, in words (the codebook's ``stages.backtest``)."""
    from nnatlas.atlas import load

    recs = backtest(load())
    if lang == "zh":
        return "以地方启动日为起点，对浦东、滨海自身历史逐年回测发展阶段模型（内置数据，截至今日）：" + " ".join(
            r["summary_zh"] for r in recs
        )
    return "The stage model run on each year of Pudong's and Binhai's own histories from their local launch " + (
        "(packaged data, as of today): " + " ".join(r["summary"] for r in recs)
    )


# --- overrides -----------------------------------------------------------------------------------
def load_overrides(path, atlas) -> dict[str, dict[str, Any]]:
    """Read and check a what-if YAML file: ``{id: {field: value}}`` (an ``overrides:`` top key is allowed).

    Fields are the governance fields and ``mission_completed`` (true or false: the maturity
    criterion the data lack). Raises :class:`UsageError` with the file, the NNA, the field and what
    is accepted.
    """
    p = Path(path)
    if not p.is_file():
        raise UsageError(f"override file {p} does not exist")
    try:
        data = yaml.safe_load(p.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        raise UsageError(f"override file {p} is not valid YAML" + (f" (line {mark.line + 1})" if mark else "")) from None
    if isinstance(data, dict) and "overrides" in data:
        data = data["overrides"]
    if not isinstance(data, dict) or not data:
        raise UsageError(f"override file {p} must map NNA ids to fields, e.g. 'lanzhou: {{org_type: government}}'")
    allowed = {
        "org_type": vocab.ORG_TYPES,
        "social_functions": vocab.SOCIAL_FUNCTIONS,
        "economic_functions": vocab.ECONOMIC_FUNCTIONS,
        "provincial_leadership_group": bool,
        "leadership_group_head_rank": vocab.RANKS,
        "management_mode": vocab.MANAGEMENT_MODES,
        "rank": vocab.RANKS,
        "direct_management_area": bool,
        "mission_completed": bool,
    }
    out = {}
    for key, fields in data.items():
        try:
            area_id = atlas.resolve(str(key))
        except UnknownAreaError as exc:
            raise UsageError(f"override file {p}: {exc}") from None
        if not isinstance(fields, dict):
            raise UsageError(f"override file {p}: {key} must map fields to values")
        for field, value in fields.items():
            if field not in allowed:
                close = difflib.get_close_matches(str(field), allowed, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise UsageError(
                    f"override file {p}: {key}.{field} is not a governance field{hint} (accepted: {', '.join(allowed)})"
                )
            terms = allowed[field]
            if terms is bool:
                if not isinstance(value, bool):
                    raise UsageError(f"override file {p}: {key}.{field} must be true or false, not {value!r}")
            elif value not in terms:
                close = difflib.get_close_matches(str(value), terms, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                raise UsageError(
                    f"override file {p}: {key}.{field}: {value!r} is not accepted{hint} (accepted: {', '.join(terms)})"
                )
        out[area_id] = dict(fields)
    return out
