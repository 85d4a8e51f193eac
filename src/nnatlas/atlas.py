"""The Atlas: all New Areas, their sources and reference tables, queried by id and date."""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cached_property
from typing import TYPE_CHECKING, Any

from ._errors import UnknownAreaError
from .dates import as_of
from .models import Body, NewArea, Relation, Source, Unit
from .timeline import FactState, bodies_at, exists_at, relations_at, state_at, units_at
from .validation import Parsed, normalise_name

if TYPE_CHECKING:
    import pandas as pd

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


class Atlas:
    """All 19 National New Areas with sources, regions and national totals.

    Index it by id or by any alias (``atlas["Xi'xian"]``); an unknown key raises
    :class:`UnknownAreaError` (a ``KeyError``) naming the closest ids.
    """

    def __init__(self, parsed: Parsed):
        order = sorted(parsed.areas.values(), key=lambda a: (a.approved or dt.date.max, a.id))
        self._areas: dict[str, NewArea] = {a.id: a for a in order}
        self.files = parsed.files
        self.sources: dict[str, Source] = parsed.sources
        self.regions: dict[str, str] = parsed.regions
        self.region_source = parsed.region_source
        self.provinces = parsed.provinces
        self.prefectures = parsed.prefectures
        self.national = parsed.national

    # --- lookup ------------------------------------------------------------------------------
    @cached_property
    def _aliases(self) -> dict[str, str]:
        out = {}
        for area in self._areas.values():
            n = area.names
            for name in (area.id, n.zh, n.zh_short, n.en, n.pinyin, *n.aliases):
                if name:
                    out[normalise_name(name)] = area.id
        return out

    @property
    def ids(self) -> list[str]:
        """Ids in order of approval."""
        return list(self._areas)

    def resolve(self, key: str) -> str:
        """The id an id, name or alias refers to."""
        found = self._aliases.get(normalise_name(str(key)))
        if found:
            return found
        close = difflib.get_close_matches(str(key).lower(), self.ids, n=3, cutoff=0.5)
        if not close:
            norm = normalise_name(str(key))
            near = difflib.get_close_matches(norm, self._aliases, n=3, cutoff=0.6)
            near += [alias for alias in self._aliases if len(alias) >= 4 and alias in norm]
            close = list(dict.fromkeys(self._aliases[n] for n in near))[:3]
        raise UnknownAreaError(str(key), close, self.ids)

    def __getitem__(self, key: str) -> NewArea:
        return self._areas[self.resolve(key)]

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and normalise_name(key) in self._aliases

    def __iter__(self) -> Iterator[NewArea]:
        return iter(self._areas.values())

    def __len__(self) -> int:
        return len(self._areas)

    def __repr__(self) -> str:
        return f"<Atlas: {len(self)} New Areas, {len(self.sources)} sources>"

    # --- reference -----------------------------------------------------------------------------
    def region(self, area: NewArea) -> str | None:
        return self.regions.get(area.province)

    def province_name(self, code: str, lang: str = "en") -> str | None:
        rec = self.provinces.get(code)
        return rec.get(lang) if rec else None

    # --- as of a date ----------------------------------------------------------------------------
    def state(self, key: str, at: str | dt.date | None = None) -> AreaState:
        """One NNA as of ``at`` (default today; a year means its last day)."""
        area = self[key]
        day = as_of(at)
        return AreaState(area, day, state_at(area, day), units_at(area, day), bodies_at(area, day), relations_at(area, day))

    def states(self, at: str | dt.date | None = None) -> list[AreaState]:
        """States of every NNA that existed on ``at``, in order of approval."""
        day = as_of(at)
        return [self.state(a.id, day) for a in self if exists_at(a, day)]

    def records(self, at: str | dt.date | None = None, *, lang: str = "en") -> list[dict[str, Any]]:
        """One flat record per NNA existing at ``at``: names, province, region, approval and facts.

        This is what ``nnatlas list --json`` prints and what :meth:`table` is built from.
        """
        rows = []
        for st in self.states(at):
            a = st.area
            row: dict[str, Any] = {
                "id": a.id,
                "name_en": a.names.en,
                "name_zh": a.names.zh,
                "name_zh_short": a.names.zh_short,
                "pinyin": a.names.pinyin,
                "province_code": a.province,
                "province": self.province_name(a.province, lang),
                "region": self.region(a),
                "approved": str(a.approval.date) if a.approval.date else None,
                "planning_area_km2": st.value("planning_area_km2", "approved_land"),
                "org_type": st.value("org_type"),
                "rank": st.value("rank"),
                "social_functions": st.value("social_functions"),
                "management_mode": st.value("management_mode"),
                "trusteeship": st.value("trusteeship"),
                "county_units": len(st.counties),
                "prefecture_units": len(st.prefecture_codes),
            }
            rows.append(row)
        return rows

    def table(self, at: str | dt.date | None = None, *, lang: str = "en") -> pd.DataFrame:
        """A DataFrame indexed by id, one row per NNA that existed on ``at``."""
        import pandas as pd

        rows = self.records(at, lang=lang)
        df = pd.DataFrame(rows, columns=list(rows[0]) if rows else list(LIST_COLUMNS))
        return df.set_index("id")

    def describe(self, key: str, at: str | dt.date | None = None) -> dict[str, Any]:
        """Everything about one NNA as of ``at``: facts with sources and validity, units, timeline.

        This is what ``nnatlas show ID --json`` prints.
        """
        st = self.state(key, at)
        a = st.area
        facts = {fact_key(f, q): s.to_dict() for (f, q), s in sorted(st.facts.items(), key=lambda kv: str(kv[0]))}
        return {
            "id": a.id,
            "as_of": st.day.isoformat(),
            "exists": st.exists,
            "names": a.names.model_dump(mode="json", exclude={"sources"}) | {"sources": [str(s) for s in a.names.sources]},
            "province_code": a.province,
            "province": self.province_name(a.province),
            "region": self.region(a),
            "region_source": self.region_source,
            "host_prefectures": [{"code": c, "name_zh": self.prefectures.get(c)} for c in st.prefecture_codes],
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


def _dump(record) -> dict[str, Any]:
    out = record.model_dump(mode="json", by_alias=True, exclude_none=True)
    out["sources"] = [str(s) for s in record.sources]
    return out


def _mark(mark) -> dict[str, Any]:
    return {"date": str(mark.date) if mark.date else None, "sources": [str(s) for s in mark.sources], "note": mark.note}
