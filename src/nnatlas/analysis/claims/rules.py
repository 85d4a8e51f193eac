"""The generic rules of the claims: how a list, a count or an "every NNA" statement is compared
with the data, and what an outcome says. The paper's statements themselves are in
:mod:`.catalogue`."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from nnatlas.analysis import framework
from nnatlas.atlas import AreaState, Snapshot
from nnatlas.ingest import vocab


@dataclass
class Outcome:
    """What a claim's computation found."""

    computed: Any
    status: str
    reason: str | None = None
    variants: dict[str, Any] = field(default_factory=dict)
    rests_on: str | None = None


#: A rule: the snapshot and the paper's value in, an outcome out.
Check = Callable[[Snapshot, Any], Outcome]


#: What a claim is: a statement of fact the data can test, a definition of one of the paper's types,
#: a context statement about China at large, a prediction, the paper's governance advice, or a
#: tension inside the paper itself.
KINDS = {
    "statement": "A statement of fact about the NNAs",
    "definition": "The definition of one of the paper's types, tested on the NNAs of that type",
    "context": "A statement about China's wider context, checkable only against a cited source",
    "prediction": "A statement about the future, checked at later dates",
    "advice": "The paper's governance advice (§4), assessed by the stage model",
    "tension": "A tension inside the paper: two of its statements that cannot both hold",
}
#: Statuses: ``consistent`` is an agreement that rests only on the paper's own values.
STATUSES = tuple(vocab.CLAIM_STATUSES)


@dataclass(frozen=True)
class Claim:
    """A checkable statement of the paper: the verbatim quote, its section, the paper's value (written
    once) and the rule that checks it. ``reads`` are the evidence keys its deciding values come from
    (see :func:`nnatlas.analysis.evidence.evidence`), over the NNAs ``areas`` (default: every
    State-level New Area); the basis of the outcome is computed from their sources."""

    id: str
    section: str
    quote: str
    paper_value: Any
    check: Check
    kind: str = "statement"
    reads: tuple[str, ...] = ()
    areas: tuple[str, ...] | None = None


def fw(snap: Snapshot, st: AreaState) -> dict[str, Any]:
    """The framework record of one NNA of the snapshot (computed once per snapshot)."""
    return framework.record(snap, st.area.id)


def nnas(snap: Snapshot) -> tuple[AreaState, ...]:
    """The State-level New Areas of the snapshot: what every claim about "the 19 NNAs" counts. A
    user's provincial-level new area or other zone (``kind``) is listed and framed, never counted."""
    return snap.state_level


def nna_ids(snap: Snapshot) -> list[str]:
    return [st.area.id for st in nnas(snap)]


def ids(snap: Snapshot, pred: Callable[[AreaState], bool]) -> list[str]:
    return [st.area.id for st in nnas(snap) if pred(st)]


def unknown(snap: Snapshot, dim: str, var: str) -> list[str]:
    return [st.area.id for st in nnas(snap) if fw(snap, st)[dim][var] is None]


def by_value(snap: Snapshot, dim: str, var: str, value: Any) -> tuple[list[str], list[str]]:
    """The NNAs whose framework variable ``dim.var`` equals ``value``, and those where it is unknown."""
    return [st.area.id for st in nnas(snap) if fw(snap, st)[dim][var] == value], unknown(snap, dim, var)


def rests(missing: list[str]) -> str | None:
    return f"{len(missing)} NNAs have no value: {', '.join(missing)}" if missing else None


def list_outcome(
    found: list[str], paper: list[str], missing_values: list[str], *, open_list: bool = False, what: str = ""
) -> Outcome:
    """Compare a list of NNAs the paper names with the data's; ``open_list`` for lists ending in 'etc.'."""
    extra = sorted(set(found) - set(paper))
    missing = sorted(set(paper) - set(found))
    ok = not missing and (open_list or not extra)
    parts = []
    if missing:
        miss_unknown = [m for m in missing if m in missing_values]
        miss_other = [m for m in missing if m not in missing_values]
        if miss_other:
            parts.append(f"the data does not put {', '.join(miss_other)} in {what or 'this category'} at this date")
        if miss_unknown:
            parts.append(f"the data has no value for {', '.join(miss_unknown)}")
    if extra and not open_list:
        parts.append(f"the data also puts {', '.join(extra)} in {what or 'this category'}")
    if ok and not open_list and missing_values:  # a closed list: an unknown NNA might belong to it
        status = "not_checkable"
        parts.append(
            f"the paper's list is closed, and {len(missing_values)} NNAs without a value could belong to it: "
            + ", ".join(missing_values)
        )
    elif ok:
        status = "reproduced"
    elif missing and all(m in missing_values for m in missing) and not (extra and not open_list):
        status = "not_checkable"
    else:
        status = "differs"
    reason = "; ".join(parts) or None
    if ok and extra and open_list:
        reason = f"the paper's list ends in 'etc.'; the data adds {', '.join(extra)}"
    return Outcome(found, status, reason, rests_on=f"{len(missing_values)} NNAs without a value" if missing_values else None)


def count_outcome(found: list[str], paper: int, missing_values: list[str], what: str) -> Outcome:
    n = len(found)
    if n == paper and missing_values:  # a count is closed: unknown NNAs could raise it
        return Outcome(
            n,
            "not_checkable",
            f"{n} known {what} ({', '.join(found)}), as the paper says, but {len(missing_values)} NNAs without a "
            f"value could raise the count: {', '.join(missing_values)}",
            {"ids": found},
            rests(missing_values),
        )
    if n == paper:
        return Outcome(n, "reproduced", None, {"ids": found}, rests(missing_values))
    if n < paper and n + len(missing_values) >= paper:
        return Outcome(
            n,
            "not_checkable",
            f"{n} known {what} ({', '.join(found)}); {len(missing_values)} NNAs "
            f"without a value ({', '.join(missing_values)}) could make up the difference",
            {"ids": found},
            rests(missing_values),
        )
    return Outcome(
        n,
        "differs",
        f"the data has {n} {what}: {', '.join(found)}"
        + (f"; {len(missing_values)} without a value: {', '.join(missing_values)}" if missing_values else ""),
        {"ids": found},
        rests(missing_values),
    )


def for_all(detail: dict, counter: list[str], counter_reason: str, missing_values: list[str], unknown_reason: str) -> Outcome:
    """A claim about every NNA: differs on a counterexample, else not checkable while any is unknown."""
    if counter:
        return Outcome(False, "differs", counter_reason, detail)
    if missing_values:
        return Outcome(True, "not_checkable", unknown_reason, detail, rests(missing_values))
    return Outcome(True, "reproduced", None, detail)


def shown(value: Any) -> str:
    """A value as a reason text shows it: ``unknown`` for None, never the word None."""
    return "unknown" if value is None else str(value)


def explain(st: AreaState, fact: str) -> str:
    """One NNA's value of a fact in words: value, since when, sources, and any disputed alternative."""
    s = st.facts.get((fact, None))
    if s is None:
        return f"{st.area.id}: no record"
    since = f" since {s.since}" if s.since else ""
    text = f"{st.area.id}: {shown(s.value)}{since} [{', '.join(map(str, s.sources))}]"
    for value, srcs in s.alternatives:
        text += f", disputed by {shown(value)} [{', '.join(map(str, srcs))}]"
    return text


def provenance(snap: Snapshot, area_ids: list[str], fact: str) -> str:
    """Which of ``area_ids`` the paper classifies otherwise, and which rest only on other sources."""
    against, elsewhere = [], []
    for i in area_ids:
        s = snap.state(i).facts.get((fact, None))
        if s is None:
            continue
        if any(r.id == "paper" for _, srcs in s.alternatives for r in srcs):
            paper_value = next(v for v, srcs in s.alternatives if any(r.id == "paper" for r in srcs))
            against.append(
                f"{i} (the paper: {shown(paper_value)}; the data prefers {shown(s.value)} [{', '.join(map(str, s.sources))}])"
            )
        elif not any(r.id == "paper" for r in s.sources):
            elsewhere.append(i)
    parts = []
    if against:
        parts.append("disputed with the paper: " + "; ".join(against))
    if elsewhere:
        parts.append(f"classified from sources other than the paper's text: {', '.join(elsewhere)}")
    return "; ".join(parts)


def list_claim(dim: str, var: str, value: Any, *, open_list: bool = False) -> Check:
    """The NNAs whose ``dim.var`` is ``value`` against the paper's list."""

    def check(snap: Snapshot, paper: list[str]) -> Outcome:
        found, missing_values = by_value(snap, dim, var, value)
        out = list_outcome(found, paper, missing_values, open_list=open_list, what=f"{var} = {value}")
        differing = sorted((set(paper) ^ set(found)) - set(missing_values))
        if out.status != "reproduced" and differing:
            present = set(nna_ids(snap))
            out.reason = f"{out.reason}. Details: " + "; ".join(explain(snap.state(i), var) for i in differing if i in present)
        return out

    check.reads = framework_reads(dim, var)  # type: ignore[attr-defined]
    return check


def count_claim(dim: str, var: str, value: Any, note: str | None = None) -> Check:
    """The number of NNAs whose ``dim.var`` is ``value`` against the paper's count."""

    def check(snap: Snapshot, paper: int) -> Outcome:
        found, missing_values = by_value(snap, dim, var, value)
        out = count_outcome(found, paper, missing_values, f"NNAs with {var} = {value}")
        if out.status != "reproduced":
            detail = provenance(snap, found, var) if dim != "level" or var != "formal_hierarchy" else ""
            out.reason = "; ".join(x for x in (out.reason, detail, note) if x)
        return out

    check.reads = framework_reads(dim, var)  # type: ignore[attr-defined]
    return check


def all_value(dim: str, var: str, value: Any) -> Check:
    """Every NNA has ``dim.var`` equal to ``value``."""

    def check(snap: Snapshot, paper: Any) -> Outcome:
        found, missing_values = by_value(snap, dim, var, value)
        other = [i for i in nna_ids(snap) if i not in found and i not in missing_values]
        return for_all(
            {"ids": found},
            other,
            f"{', '.join(other)} have another {var}",
            missing_values,
            f"{var} unknown for {', '.join(missing_values)}; all known are {value}",
        )

    check.reads = framework_reads(dim, var)  # type: ignore[attr-defined]
    return check


def not_checkable(needs: str) -> Check:
    """A statement the data cannot check; ``needs`` names the field or source it would need."""

    def check(snap: Snapshot, paper: Any) -> Outcome:
        return Outcome(None, "not_checkable", f"the data cannot check this: it would need {needs}")

    return check


def framework_reads(dim: str, var: str) -> tuple[str, ...]:
    """The evidence keys of a framework variable (what its value is computed from)."""
    return framework.REGISTRY[f"{dim}.{var}"].reads
