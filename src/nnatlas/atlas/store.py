"""The Atlas: all New Areas, their sources and reference tables, queried by id; ``at(date)`` gives
the :class:`~nnatlas.atlas.snapshot.Snapshot` of that day."""

from __future__ import annotations

import datetime as dt
import difflib
from collections import OrderedDict
from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING, Any

from nnatlas.atlas.snapshot import AreaState, Snapshot
from nnatlas.core.errors import UnknownAreaError, UsageError
from nnatlas.ingest.dates import as_of
from nnatlas.ingest.models import NewArea, Source
from nnatlas.ingest.parse import Parsed, normalise_name

if TYPE_CHECKING:
    import pandas as pd

#: Snapshots kept per atlas (a web server asks for the same few dates again and again).
SNAPSHOTS_KEPT = 64


class Atlas:
    """All 19 National New Areas with sources, regions and national totals.

    Index it by id or by any alias (``atlas["Xi'xian"]``); an unknown key raises
    :class:`UnknownAreaError` (a ``KeyError``) naming the closest ids. ``atlas.at("2018")`` is
    the atlas as of the end of 2018.
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
        self._snapshots: OrderedDict[dt.date, Snapshot] = OrderedDict()
        #: The ``--data`` folder the atlas was loaded from (None: the packaged data alone) and
        #: whether it was read alone; :func:`nnatlas.atlas.load` sets them, for the data version.
        self.data_path: str | None = None
        self.standalone = False

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
        if key in self._areas:
            return key
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
    def at(self, at: str | dt.date | None = None) -> Snapshot:
        """The atlas as of ``at``: ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` (its last day), a date,
        or ``None``/``"today"``. The one place a date given by a caller is parsed."""
        day = as_of(at)
        snap = self._snapshots.get(day)
        if snap is None:
            snap = self._snapshots[day] = Snapshot(self, day)
            while len(self._snapshots) > SNAPSHOTS_KEPT:
                self._snapshots.popitem(last=False)
        return snap

    def state(self, key: str, at: str | dt.date | None = None) -> AreaState:
        """One NNA as of ``at`` (default today): ``atlas.at(at).state(key)``."""
        return self.at(at).state(key)

    def states(self, at: str | dt.date | None = None) -> list[AreaState]:
        """States of every NNA that existed on ``at``: ``list(atlas.at(at).states)``."""
        return list(self.at(at).states)

    def records(self, at: str | dt.date | None = None, *, lang: str = "en") -> list[dict[str, Any]]:
        """``atlas.at(at).records(lang=lang)``: what ``nnatlas list --json`` prints."""
        return self.at(at).records(lang=lang)

    def table(self, at: str | dt.date | None = None, *, lang: str = "en") -> pd.DataFrame:
        """A DataFrame indexed by id, one row per NNA that existed on ``at``."""
        return self.at(at).table(lang=lang)

    def describe(self, key: str, at: str | dt.date | None = None) -> dict[str, Any]:
        """``atlas.at(at).describe(key)``: what ``nnatlas show ID --json`` prints."""
        return self.at(at).describe(key)


def snapshot_of(source: Atlas | Snapshot, at: str | dt.date | None = None, *, default: dt.date | None = None) -> Snapshot:
    """The snapshot a public function works on: ``source`` itself when it is a snapshot, else
    ``source.at(at)``, with ``default`` (else today) when ``at`` is None."""
    if isinstance(source, Snapshot):
        if at is not None:
            raise UsageError("give a date with an Atlas, not with a Snapshot (a snapshot has its date)")
        return source
    return source.at(default if at is None else at)
