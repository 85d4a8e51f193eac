"""Which fact record gives a field's default value, and on which days: derived with the timeline
rules (:mod:`nnatlas.atlas.timeline`), never guessed.

The records of one key (field and qualifier) change what holds only where one of them begins or
ends, so between two such days :func:`~nnatlas.atlas.timeline.covering` and
:func:`~nnatlas.atlas.timeline.resolve` are constant. On each such stretch a covering record
*gives the default* when the resolved state is known or disputed and the record's value is the
resolved value (corroborating records with the same value all give it), or when the state is
unknown and the record is one of the unknown (null) records that cover the day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from nnatlas.atlas.timeline import _norm, covering, effective_end, resolve
from nnatlas.ingest.models import Fact


@dataclass(frozen=True)
class DefaultSpan:
    """The days on which a record gives its field's default: ``start`` to ``end`` (exclusive; None: open)."""

    start: dt.date
    end: dt.date | None
    runs: int = 1  # stretches: 1 unless another record took over in between and then ended


def _change_days(group: Sequence[Fact]) -> list[dt.date]:
    days = {r.begins.first_day for r in group}
    days |= {e for e in (effective_end(r, group) for r in group) if e is not None}
    return sorted(days)


def _gives_default(record: Fact, state) -> bool:
    if state.status == "unknown":
        return record.value is None
    return record.value is not None and _norm(record.value) == _norm(state.value)


def default_spans(group: Sequence[Fact]) -> list[DefaultSpan | None]:
    """For each record of one key's ``group`` (in order), the span on which it gives the default, or None."""
    days = _change_days(group)
    found: list[list[tuple[dt.date, dt.date | None]]] = [[] for _ in group]
    for i, day in enumerate(days):
        until = days[i + 1] if i + 1 < len(days) else None
        state = resolve(group, day)
        if state is None:
            continue
        live = {id(r) for r in covering(group, day)}
        for j, record in enumerate(group):
            if id(record) in live and _gives_default(record, state):
                runs = found[j]
                if runs and runs[-1][1] == day:
                    runs[-1] = (runs[-1][0], until)
                else:
                    runs.append((day, until))
    return [DefaultSpan(r[0][0], r[-1][1], len(r)) if r else None for r in found]
