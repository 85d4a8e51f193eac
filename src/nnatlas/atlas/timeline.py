"""The state of an NNA as of a date, derived from dated records.

Rules (see docs/data-format.md):
- A record with ``start`` holds from ``start`` until its ``end`` or, without one, until the next
  record of the same key (field and qualifier; unit code; body id) starts.
- A record with ``as_of`` (an attestation, like the paper's classifications) holds from then
  (through the whole attested period: "2018" covers all of 2018) until a record of the same key
  begins after that period; it never ends an earlier record, so an attestation that contradicts
  a running record is a dispute, not a change.
- Records covering the same day with equal values corroborate each other (their sources merge);
  with different values they are disputed and the ``preferred`` one is the default.
- A null value means unknown; a known value from another source outranks it, and an unknown
  record never ends a known one (it records a failed search, not a change).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from nnatlas.ingest.dates import PartialDate
from nnatlas.ingest.models import Fact, NewArea, SourceRef, Statistic


@dataclass(frozen=True)
class FactState:
    """A field's resolved value on one day, with its support."""

    field: str
    qualifier: str | None
    value: Any
    status: str  # known | unknown | disputed
    sources: tuple[SourceRef, ...]
    since: PartialDate | None
    until: dt.date | None
    attested: bool
    note: str | None = None
    alternatives: tuple[tuple[Any, tuple[SourceRef, ...]], ...] = field(default=())

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "value": self.value,
            "status": self.status,
            "sources": [str(s) for s in self.sources],
            "valid_from": str(self.since) if self.since else None,
            "valid_to": self.until.isoformat() if self.until else None,
            "basis": "attested" if self.attested else "interval",
        }
        if self.qualifier:
            out["qualifier"] = self.qualifier
        if self.note:
            out["note"] = self.note
        if self.alternatives:
            out["alternatives"] = [{"value": v, "sources": [str(s) for s in src]} for v, src in self.alternatives]
        return out


def _begins(record: Any) -> dt.date:
    return record.begins.first_day


def _informative(record: Any) -> bool:
    """A record that says something: an unknown (null) fact never ends another record."""
    return getattr(record, "value", True) is not None


def _is_attested(record: Any) -> bool:
    return bool(getattr(record, "attested", False))


def effective_end(record: Any, group: Sequence[Any]) -> dt.date | None:
    """The first day ``record`` no longer holds, given the other records of its key.

    An attestation covers its whole period ("as of 2018" holds through 2018), so only a record
    that begins after that period ends it.
    """
    ends = [record.end.first_day] if record.end else []
    mine = record.begins.last_day if _is_attested(record) else _begins(record)
    later = (_begins(o) for o in group if _begins(o) > mine and (_is_attested(record) or not _is_attested(o)) and _informative(o))
    ends.extend(later)
    return min(ends) if ends else None


def covering(group: Sequence[Any], day: dt.date) -> list[Any]:
    """The records of one key that hold on ``day``."""
    out = []
    for record in group:
        end = effective_end(record, group)
        if _begins(record) <= day and (end is None or day < end):
            out.append(record)
    return out


def _norm(value: Any) -> Any:
    return round(value, 6) if isinstance(value, float) else value


def resolve(group: Sequence[Fact], day: dt.date) -> FactState | None:
    """Resolve one field's records on ``day``; ``None`` when no record covers it."""
    live = covering(group, day)
    if not live:
        return None
    first = live[0]
    known = [r for r in live if r.value is not None]
    if not known:
        return FactState(
            first.field,
            first.qualifier,
            None,
            "unknown",
            tuple(s for r in live for s in r.sources),
            min(r.begins for r in live),
            effective_end(first, group),
            first.attested,
            "; ".join(r.note for r in live if r.note) or None,
        )
    by_value: dict[Any, list[Fact]] = defaultdict(list)
    for r in known:
        by_value[_norm(r.value)].append(r)
    if len(by_value) == 1:
        status, chosen = "known", known
    else:
        preferred = [r for r in known if r.preferred]
        # without exactly one preferred record (a validation error), fall back deterministically:
        # the latest start, then the best-supported value, then the value's text
        pick = (
            preferred[0]
            if len(preferred) == 1
            else max(preferred or known, key=lambda r: (_begins(r), len(by_value[_norm(r.value)]), str(r.value)))
        )
        status, chosen = "disputed", by_value[_norm(pick.value)]
    lead = chosen[0]
    ends = [e for e in (effective_end(r, group) for r in chosen) if e]
    others = tuple((v, tuple(s for r in rs for s in r.sources)) for v, rs in by_value.items() if v != _norm(lead.value))
    return FactState(
        field=lead.field,
        qualifier=lead.qualifier,
        value=lead.value,
        status=status,
        sources=tuple(dict.fromkeys(s for r in chosen for s in r.sources)),
        since=min(r.begins for r in chosen),
        until=min(ends) if ends else None,
        attested=all(r.attested for r in chosen),
        note="; ".join(dict.fromkeys(r.note for r in chosen if r.note)) or None,
        alternatives=others,
    )


def unresolved_disputes(area: NewArea) -> Iterator[tuple[tuple[str, str | None], dt.date, set[Any]]]:
    """Each (field key, day, values) where records disagree with no single ``preferred`` one."""
    for key, group in group_facts(area.facts).items():
        for day in sorted({r.begins.first_day for r in group if r.begins}):
            live = [r for r in covering(group, day) if r.value is not None]
            values = {_norm(r.value) for r in live}
            if len(values) > 1 and sum(r.preferred for r in live) != 1:
                yield key, day, values


def group_facts(facts: Iterable[Fact]) -> dict[tuple[str, str | None], list[Fact]]:
    groups: dict[tuple[str, str | None], list[Fact]] = defaultdict(list)
    for f in facts:
        groups[(f.field, f.qualifier)].append(f)
    return groups


def state_at(area: NewArea, day: dt.date) -> dict[tuple[str, str | None], FactState]:
    """Every field's state on ``day``, keyed by (field, qualifier). Missing keys are unknown."""
    out = {}
    for key, group in group_facts(area.facts).items():
        state = resolve(group, day)
        if state is not None:
            out[key] = state
    return out


def _live(records: Sequence[Any], key, day: dt.date) -> list[Any]:
    groups: dict[Any, list[Any]] = defaultdict(list)
    for r in records:
        groups[key(r)].append(r)
    return [r for g in groups.values() for r in covering(g, day)]


def units_at(area: NewArea, day: dt.date):
    """Constituent units on ``day`` (a later record for the same code supersedes an earlier one)."""
    return _live(area.units, lambda u: u.code or u.name_zh, day)


def bodies_at(area: NewArea, day: dt.date):
    return _live(area.bodies, lambda b: b.id, day)


def relations_at(area: NewArea, day: dt.date):
    live = {b.id for b in bodies_at(area, day)}
    rels = _live(area.relations, lambda r: (r.kind, r.from_, r.to), day)
    return [r for r in rels if r.from_ in live and r.to in live]


def exists_at(area: NewArea, day: dt.date) -> bool:
    return area.approved is not None and area.approved <= day


def statistic(area: NewArea, indicator: str, year: int, scope: str | None = "whole") -> Statistic | None:
    """The preferred figure for one indicator and year (any scope when ``scope`` is None)."""
    rows = [
        s
        for s in area.statistics
        if s.indicator == indicator and s.year == year and s.value is not None and (scope is None or s.scope == scope)
    ]
    if not rows:
        return None
    rows.sort(key=lambda s: (not s.preferred, s.scope != "whole", s.vintage == "first_published"))
    return rows[0]


def change_dates(area: NewArea) -> list[dt.date]:
    """Every day on which some record of the area starts or ends, sorted."""
    days = set()
    for r in (*area.facts, *area.units, *area.bodies, *area.relations):
        days.add(_begins(r))
        if r.end:
            days.add(r.end.first_day)
    return sorted(days)
