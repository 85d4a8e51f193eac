"""What a value rests on: the sources of each deciding value, and the basis of an outcome.

A value read for an NNA (a dated fact, its units, its approval, its region) is **independent**
when at least one of its sources is not the paper, **paper-only** when the paper is its only
source, and **unknown** when the data has no value. An outcome over several values is
``independent`` when every known deciding value is, ``paper_only`` when every one is paper-only,
``partly_paper`` in between, and ``none`` when no value is known. An outcome that rests only on
the paper can only show that the data is consistent with it, never reproduce it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from nnatlas.atlas import AreaState, Atlas
from nnatlas.atlas.timeline import statistic
from nnatlas.ingest import vocab

#: The id of the paper's own source record.
PAPER = "paper"

BASES = vocab.CLAIM_BASES


@dataclass(frozen=True)
class Evidence:
    """One value read for one NNA, with the ids of its sources and any disputed alternative."""

    area: str
    key: str
    value: Any
    sources: tuple[str, ...]
    alternatives: tuple[tuple[Any, tuple[str, ...]], ...] = ()

    @property
    def known(self) -> bool:
        return self.value is not None and self.value != []

    @property
    def paper_only(self) -> bool:
        return self.known and bool(self.sources) and all(s == PAPER for s in self.sources)

    @property
    def disputed(self) -> bool:
        return bool(self.alternatives)


def evidence(st: AreaState, key: str, atlas: Atlas) -> Evidence:
    """What ``key`` reads for one NNA: ``fact:FIELD[:QUALIFIER]``, ``units``, ``bodies``,
    ``event:KIND`` (events of a kind by the date), ``stat:INDICATOR`` (the figure for the date's
    year), ``predecessors``, ``approval`` or ``region``."""
    area = st.area
    if key.startswith("fact:"):
        _, fld, *qual = key.split(":")
        state = st.facts.get((fld, qual[0] if qual else None))
        if state is None:
            return Evidence(area.id, key, None, ())
        alts = tuple((v, tuple(s.id for s in srcs)) for v, srcs in state.alternatives)
        return Evidence(area.id, key, state.value, tuple(dict.fromkeys(s.id for s in state.sources)), alts)
    if key == "units":
        units = [u for u in st.units if u.level in ("county", "prefecture")]
        return Evidence(area.id, key, [u.code for u in units], tuple(dict.fromkeys(s.id for u in units for s in u.sources)))
    if key == "bodies":
        records = [*st.bodies, *st.relations]
        return Evidence(area.id, key, len(st.bodies) or None, tuple(dict.fromkeys(s.id for r in records for s in r.sources)))
    if key.startswith("event:"):
        kind = key.split(":", 1)[1]
        events = [e for e in area.events if e.kind == kind and e.date.first_day <= st.day]
        return Evidence(
            area.id, key, [str(e.date) for e in events], tuple(dict.fromkeys(s.id for e in events for s in e.sources))
        )
    if key == "predecessors":
        return Evidence(
            area.id,
            key,
            [p.name_zh for p in area.predecessors],
            tuple(dict.fromkeys(s.id for p in area.predecessors for s in p.sources)),
        )
    if key.startswith("stat:"):
        stat = statistic(area, key.split(":", 1)[1], st.day.year, scope=None)
        return Evidence(area.id, key, stat.value if stat else None, tuple(s.id for s in stat.sources) if stat else ())
    if key == "approval":
        date = area.approval.date
        return Evidence(area.id, key, str(date) if date else None, tuple(s.id for s in area.approval.sources))
    if key == "region":
        region = atlas.region(area)
        return Evidence(area.id, key, region, (atlas.region_source,) if region and atlas.region_source else ())
    raise ValueError(f"unknown evidence key {key!r}")


def basis(items: Iterable[Evidence]) -> dict[str, Any]:
    """The basis of an outcome from its deciding values: ``basis`` (a key of :data:`BASES`), the
    counts of independent, paper-only and unknown values, the NNAs behind the last two, and the
    ids of every source of a known deciding value."""
    items = list(items)
    known = [e for e in items if e.known]
    paper = [e for e in known if e.paper_only]
    if not known:
        kind = "none"
    elif not paper:
        kind = "independent"
    elif len(paper) == len(known):
        kind = "paper_only"
    else:
        kind = "partly_paper"
    return {
        "basis": kind,
        "independent": len(known) - len(paper),
        "paper_only": len(paper),
        "unknown": len(items) - len(known),
        "paper_only_ids": sorted({e.area for e in paper}),
        "unknown_ids": sorted({e.area for e in items if not e.known}),
        "source_ids": sorted({s for e in known for s in e.sources if s}),
    }
