"""One NNA on one day (:class:`AreaState`), and the whole atlas on one day (:class:`Snapshot`).

A snapshot is what every analysis and output takes: its ``day``, the state of every NNA on that
day (each computed once, on first use) and a memo for what later rings derive from it (the
framework records, the claims), so nothing is computed twice for one date.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeVar

from nnatlas.atlas.timeline import FactState, bodies_at, exists_at, relations_at, state_at, units_at
from nnatlas.ingest.models import Body, NewArea, Relation, Unit

if TYPE_CHECKING:
    import pandas as pd

    from nnatlas.atlas.store import Atlas

T = TypeVar("T")

LIST_COLUMNS = ("id", "name_en", "name_zh", "province_code", "region", "approved", "planning_area_km2", "org_type")


def fact_key(field: str, qualifier: str | None) -> str:
    return f"{field}:{qualifier}" if qualifier else field


@dataclass(frozen=True)
class AreaState:
    """One NNA as of one day: its resolved facts, units, bodies and relations."""

    area: NewArea
    day: dt.date
    facts: dict[tuple[str, str | None], FactState]
    units: list[Unit]
    bodies: list[Body]
    relations: list[Relation]

    @classmethod
    def of(cls, area: NewArea, day: dt.date) -> AreaState:
        return cls(area, day, state_at(area, day), units_at(area, day), bodies_at(area, day), relations_at(area, day))

    def value(self, field: str, qualifier: str | None = None) -> Any:
        """The resolved value of a field, or None when unknown."""
        state = self.facts.get((field, qualifier))
        return state.value if state else None

    @property
    def exists(self) -> bool:
        return exists_at(self.area, self.day)

    @property
    def counties(self) -> list[Unit]:
        return [u for u in self.units if u.level == "county"]

    @property
    def prefecture_codes(self) -> list[str]:
        """Prefecture-level units spanned, from county codes (first four digits) and prefecture units."""
        codes = {u.code[:4] + "00" for u in self.units if u.code and u.level in ("county", "prefecture")}
        return sorted(codes)


@dataclass(frozen=True, eq=False)
class Snapshot:
    """The atlas as of one day. Get one with :meth:`Atlas.at`; never build one yourself.

    ``snapshot.states`` are the NNAs that existed on ``day`` (approved by then), in order of
    approval; ``snapshot.state(id)`` is any NNA's state, existing or not.
    """

    atlas: Atlas
    day: dt.date
    _states: dict[str, AreaState] = field(default_factory=dict, repr=False)
    _memo: dict[str, Any] = field(default_factory=dict, repr=False)

    def state(self, key: str) -> AreaState:
        """The state of the NNA ``key`` (an id or alias) on this day, computed once."""
        area = self.atlas[key]
        if area.id not in self._states:
            self._states[area.id] = AreaState.of(area, self.day)
        return self._states[area.id]

    @cached_property
    def states(self) -> tuple[AreaState, ...]:
        """States of the NNAs that existed on this day, in order of approval."""
        return tuple(self.state(a.id) for a in self.atlas if exists_at(a, self.day))

    @cached_property
    def state_level(self) -> tuple[AreaState, ...]:
        """The :attr:`states` of State-level New Areas only (kind ``state_level``), in the same order:
        what the paper's counts of "the 19 NNAs" are about. A user's provincial-level new area or
        other zone is in :attr:`states` but not here."""
        return tuple(st for st in self.states if st.area.kind == "state_level")

    @property
    def ids(self) -> list[str]:
        return [st.area.id for st in self.states]

    def __iter__(self) -> Iterator[AreaState]:
        return iter(self.states)

    def __len__(self) -> int:
        return len(self.states)

    def __repr__(self) -> str:
        return f"<Snapshot {self.day}: {len(self)} New Areas>"

    def derived(self, name: str, compute: Callable[[Snapshot], T]) -> T:
        """``compute(self)``, computed once per snapshot and kept under ``name``.

        Later rings (the framework, the claims) keep what they derive from a snapshot here, so the
        atlas ring never imports them and no date is computed twice.
        """
        if name not in self._memo:
            self._memo[name] = compute(self)
        return self._memo[name]

    # --- flat views ---------------------------------------------------------------------------
    def records(self, *, lang: str = "en") -> list[dict[str, Any]]:
        """One flat record per NNA: names, province, region, approval and facts (``nnatlas list --json``)."""
        atlas = self.atlas
        rows = []
        for st in self.states:
            a = st.area
            rows.append(
                {
                    "id": a.id,
                    "as_of": self.day.isoformat(),
                    "name_en": a.names.en,
                    "name_zh": a.names.zh,
                    "name_zh_short": a.names.zh_short,
                    "pinyin": a.names.pinyin,
                    "province_code": a.province,
                    "province": atlas.province_name(a.province, lang),
                    "region": atlas.region(a),
                    "approved": str(a.approval.date) if a.approval.date else None,
                    "planning_area_km2": st.value("planning_area_km2", "approved_land"),
                    **_best_area(st),
                    "org_type": st.value("org_type"),
                    "rank": st.value("rank"),
                    "social_functions": st.value("social_functions"),
                    "management_mode": st.value("management_mode"),
                    "trusteeship": st.value("trusteeship"),
                    "county_units": len(st.counties),
                    "prefecture_units": len(st.prefecture_codes),
                }
            )
        return rows

    def table(self, *, lang: str = "en") -> pd.DataFrame:
        """:meth:`records` as a DataFrame indexed by id."""
        import pandas as pd

        rows = self.records(lang=lang)
        df = pd.DataFrame(rows, columns=list(rows[0]) if rows else ["as_of", *LIST_COLUMNS])
        return df.set_index("id")

    def describe(self, key: str) -> dict[str, Any]:
        """Everything about one NNA: facts with sources and validity, units, timeline (``nnatlas show --json``)."""
        atlas, st = self.atlas, self.state(key)
        a = st.area
        facts = {fact_key(f, q): s.to_dict() for (f, q), s in sorted(st.facts.items(), key=lambda kv: str(kv[0]))}
        return {
            "id": a.id,
            "as_of": self.day.isoformat(),
            "exists": st.exists,
            "names": a.names.model_dump(mode="json", exclude={"sources"}) | {"sources": [str(s) for s in a.names.sources]},
            "province_code": a.province,
            "province": atlas.province_name(a.province),
            "region": atlas.region(a),
            "region_source": atlas.region_source,
            "host_prefectures": [{"code": c, "name_zh": atlas.prefectures.get(c)} for c in st.prefecture_codes],
            "approval": _mark(a.approval),
            "inauguration": _mark(a.inauguration) if a.inauguration else None,
            "facts": facts,
            "units": [_dump(u) for u in st.units],
            "events": [_dump(e) for e in sorted(a.events, key=lambda e: e.date)],
            "predecessors": [_dump(p) for p in a.predecessors],
            "statistics": [_dump(s) for s in sorted(a.statistics, key=lambda s: (s.indicator, s.year))],
            "bodies": len(st.bodies),
            "relations": len(st.relations),
        }


#: Where the approved land area is unknown, the next best planning-area definition (paper §3.1).
BEST_AREA_ORDER = ("approved_land", "approved_total", "administrative", "other")


def best_planning_area(st: AreaState) -> dict[str, Any]:
    """The best planning-area figure the data holds for an NNA at its date, with its definition and
    the date it holds from: the approved land area, else (in :data:`BEST_AREA_ORDER`) another
    definition, never a blank where the data has a figure."""
    for qualifier in BEST_AREA_ORDER:
        state = st.facts.get(("planning_area_km2", qualifier))
        if state is not None and state.value is not None:
            return {"value": state.value, "definition": qualifier, "since": str(state.since) if state.since else None}
    return {"value": None, "definition": None, "since": None}


def _best_area(st: AreaState) -> dict[str, Any]:
    best = best_planning_area(st)
    return {"planning_area_best_km2": best["value"], "planning_area_definition": best["definition"]}


def _dump(record) -> dict[str, Any]:
    out = record.model_dump(mode="json", by_alias=True, exclude_none=True)
    out["sources"] = [str(s) for s in record.sources]
    return out


def _mark(mark) -> dict[str, Any]:
    return {"date": str(mark.date) if mark.date else None, "sources": [str(s) for s in mark.sources], "note": mark.note}
