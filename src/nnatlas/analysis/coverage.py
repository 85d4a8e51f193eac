"""How complete the dataset is: per New Area and field, known / unknown / disputed."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from nnatlas.atlas import Atlas, Snapshot, snapshot_of
from nnatlas.atlas.timeline import statistic

#: Fields every NNA should have for the paper's date, with how to read each from a state.
STATE_FIELDS = [
    ("planning_area_km2", "approved_land"),
    ("rank", None),
    ("org_type", None),
    ("economic_functions", None),
    ("social_functions", None),
    ("provincial_leadership_group", None),
    ("leadership_group_head_rank", None),
    ("direct_management_area", None),
    ("trusteeship", None),
    ("management_mode", None),
]
STAT_FIELDS = ["gdp_100m_yuan", "population_10k"]


def _cell(status: str, n_sources: int) -> dict[str, Any]:
    return {"status": status, "sources": n_sources}


def coverage(source: Atlas | Snapshot, at: str | dt.date | None = None) -> dict[str, Any]:
    """Coverage of every NNA existing at the date: ``{"as_of", "areas": {id: {field: {status, sources}}}, "totals", "by_field"}``.

    ``source`` is a snapshot, or an atlas and ``at`` (default today).

    ``status`` is ``known``, ``unknown`` (no record, or a null value) or ``disputed`` (sources
    disagree; a default is chosen). Statistics are for the year of ``day``.
    """
    snap = snapshot_of(source, at)
    atlas, day = snap.atlas, snap.day
    areas: dict[str, dict[str, Any]] = {}
    for st in snap.states:
        a = st.area
        row: dict[str, Any] = {
            "approval_document": _cell(
                "known"
                if a.approval.date and any(atlas.sources.get(r.id) and atlas.sources[r.id].doc_number for r in a.approval.sources)
                else "unknown",
                len(a.approval.sources),
            ),
            "inauguration": _cell(
                "known" if a.inauguration and a.inauguration.date else "unknown",
                len(a.inauguration.sources) if a.inauguration else 0,
            ),
            "region": _cell("known" if atlas.region(a) else "unknown", 1 if atlas.region(a) else 0),
            "county_units": _cell("known" if st.counties else "unknown", len({s.id for u in st.counties for s in u.sources})),
        }
        for fld, qual in STATE_FIELDS:
            s = st.facts.get((fld, qual))
            key = f"{fld}:{qual}" if qual else fld
            row[key] = _cell(s.status if s else "unknown", len({r.id for r in s.sources}) if s else 0)
        for ind in STAT_FIELDS:
            s = statistic(a, ind, day.year, scope=None)
            row[f"{ind}:{day.year}"] = _cell("known" if s else "unknown", len(s.sources) if s else 0)
        row["governance_bodies"] = _cell("known" if st.bodies else "unknown", len({r.id for b in st.bodies for r in b.sources}))
        areas[a.id] = row
    totals: Counter[str] = Counter(c["status"] for row in areas.values() for c in row.values())
    by_field = {}
    for row in areas.values():
        for fld, c in row.items():
            by_field.setdefault(fld, Counter())[c["status"]] += 1
    return {
        "as_of": day.isoformat(),
        "areas": areas,
        "totals": {k: totals.get(k, 0) for k in ("known", "unknown", "disputed")},
        "by_field": {f: {k: c.get(k, 0) for k in ("known", "unknown", "disputed")} for f, c in by_field.items()},
    }
