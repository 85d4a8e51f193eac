"""The paper's development-stage model (§4) applied to every NNA and date.

The paper: at establishment an NNA is in the **start-up** stage and needs "a leading group with
high-level officials ... with economic management functions"; after 3-5 years it enters the
**expansion** stage, where functions expand to social management and administrative relations are
integrated into a three-level "new district - functional area - town" structure (or a two-level
"new district - strong town" one); after 7-10 years (**maturity**) it "may consider gradually
incorporating complete social functions and further establishing a full government to upgrade
the new district to the sub-provincial level".

Governance is graded on three levels, one per stage: level 1 (start-up governance: a provincial
leadership group and economic functions), level 2 (expansion governance: some social functions
and a two- or three-level mode), level 3 (maturity governance: a government with complete social
functions and sub-provincial rank). The gap compares the highest level reached with the stage's.
"""

from __future__ import annotations

import datetime as dt
import difflib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from nnatlas.atlas import AreaState, Atlas, Snapshot, snapshot_of
from nnatlas.core.errors import UnknownAreaError, UsageError
from nnatlas.ingest import vocab

STAGES, GAPS, RISKS = vocab.DEVELOPMENT_STAGES, vocab.GAPS, vocab.RISKS
RECOMMENDATIONS = {
    "start_up": {
        "level": 1,
        "en": "Set up a leading group of high-level officials with economic management functions",
        "zh": "设立高规格领导小组，赋予经济管理职能",
    },
    "expansion": {
        "level": 2,
        "en": "Extend functions to social management; integrate administrative relations by adjusting "
        "divisions: three-level 'new district - functional area - town', or two-level 'new district - strong town'",
        "zh": "职能由经济管理拓展到社会管理；调整行政区划，形成“新区—功能区—镇（街道）”三级或“新区—强镇”两级管理",
    },
    "maturity": {
        "level": 3,
        "en": "Incorporate complete social functions, establish a full government and upgrade to sub-provincial level",
        "zh": "纳入完整社会职能，设立政府，升格为副省级",
    },
}
#: Fields an override file may set, and the facts they stand for.
GOVERNANCE_FIELDS = (
    "org_type",
    "social_functions",
    "economic_functions",
    "provincial_leadership_group",
    "management_mode",
    "rank",
    "direct_management_area",
)


@dataclass(frozen=True)
class StageModel:
    """Stage boundaries in years since approval (the paper gives 3-5 and 7-10; defaults take the lower ends)."""

    expansion_from: float = 3.0
    maturity_from: float = 7.0

    def __post_init__(self) -> None:
        if not 0 < self.expansion_from < self.maturity_from:
            raise UsageError(
                f"stage boundaries must satisfy 0 < expansion_from < maturity_from, "
                f"not {self.expansion_from} and {self.maturity_from}"
            )

    def stage(self, age_years: float) -> str:
        if age_years >= self.maturity_from:
            return "maturity"
        if age_years >= self.expansion_from:
            return "expansion"
        return "start_up"


def age_years(approved: dt.date, day: dt.date) -> float:
    return round((day - approved).days / 365.25, 2)


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
    """Whether each governance level's criteria hold (True), fail (False) or cannot be judged (None)."""
    org, social, mode, rank = g.get("org_type"), g.get("social_functions"), g.get("management_mode"), g.get("rank")
    return {
        1: _any(_known(g.get("provincial_leadership_group"), bool), _known(g.get("economic_functions"), bool), _known(org, bool)),
        2: _all(
            _known(social, lambda v: v in ("incomplete", "complete")), _known(mode, lambda v: v in ("two_level", "three_level"))
        ),
        3: _all(
            _known(org, lambda v: v == "government"),
            _known(social, lambda v: v == "complete"),
            _known(rank, lambda v: v in ("sub_provincial", "provincial")),
        ),
    }


def judge(levels: dict[int, bool | None], expected: int) -> tuple[int, str]:
    """The highest level reached (0 if none) and the gap to the expected level."""
    reached = max((k for k, v in levels.items() if v), default=0)
    if reached > expected:
        return reached, "ahead"
    if reached == expected:
        return reached, "aligned"
    return reached, "lagging" if levels[expected] is False else "unknown"


_CRITERIA = {
    1: "a leadership group, a governing body or economic functions",
    2: "some social functions and a two- or three-level mode",
    3: "a government with complete social functions at sub-provincial rank",
}


def assess(st: AreaState, model: StageModel = StageModel(), override: dict[str, Any] | None = None) -> dict[str, Any]:
    """Stage, recommendation, actual governance, gap and risks of one NNA state."""
    a = st.area
    age = age_years(a.approved, st.day)
    stage = model.stage(age)
    actual = {f: st.value(f) for f in GOVERNANCE_FIELDS}
    if override:
        actual.update(override)
    expected = RECOMMENDATIONS[stage]["level"]
    levels = governance_levels(actual)
    level, gap = judge(levels, expected)
    word = {True: "met", False: "not met", None: "cannot be judged (facts unknown)"}
    reason = f"{stage.replace('_', '-')} stage (age {age:.1f} years) calls for level {expected} governance; " + "; ".join(
        f"level {k} ({_CRITERIA[k]}): {word[v]}" for k, v in levels.items()
    )
    risks = []
    if actual.get("direct_management_area"):
        risks.append("inconsistent_execution")
    if actual.get("management_mode") == "two_level":
        risks.append("flat_two_level")
    return {
        "id": a.id,
        "as_of": st.day.isoformat(),
        "age_years": age,
        "stage": stage,
        "recommendation": RECOMMENDATIONS[stage]["en"],
        "expected_level": expected,
        "actual": actual,
        "actual_level": level,
        "gap": gap,
        "reason": reason,
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
                    "actual_level": r["actual_level"],
                    "gap": r["gap"],
                    "risks": ";".join(r["risks"]),
                }
            )
    return rows


def load_overrides(path, atlas) -> dict[str, dict[str, Any]]:
    """Read and check a what-if YAML file: ``{id: {field: value}}`` (an ``overrides:`` top key is allowed).

    Raises :class:`UsageError` with the file, the NNA, the field and what is accepted.
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
        "management_mode": vocab.MANAGEMENT_MODES,
        "rank": vocab.RANKS,
        "direct_management_area": bool,
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
