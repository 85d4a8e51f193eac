"""Other typologies of the New Areas beside the paper's organisation types.

:func:`typologies` gives each typology of ``typologies.yaml`` with its source and citation;
:func:`by_area` one row per NNA with the paper's ``org_type`` and its type in each typology;
:func:`agreement` the cross-table of one typology's types against the paper's ``org_type``
(counts and the NNA ids in each cell; an unknown on either side is a row or column of its own,
never dropped, so the counts add up to the number of NNAs).

The typologies are read from the packaged data and, when given, the ``data_dir`` the atlas was
loaded from (as :func:`nnatlas.outputs.export.meta.data_version` takes it). Every function
takes an :class:`~nnatlas.atlas.Atlas` or a :class:`~nnatlas.atlas.Snapshot`; the date defaults
to the paper's, 2018-12-31, since the paper's classification is an attestation for 2018.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nnatlas.atlas.snapshot import Snapshot
from nnatlas.atlas.store import Atlas, snapshot_of
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import PAPER_DATE
from nnatlas.ingest import typologies as records
from nnatlas.ingest import vocab
from nnatlas.ingest.models import Source
from nnatlas.ingest.typologies import Typology

#: The column of the paper's classification.
PAPER = "org_type"


def _atlas(source: Atlas | Snapshot) -> Atlas:
    return source.atlas if isinstance(source, Snapshot) else source


def load(source: Atlas | Snapshot, data_dir: str | Path | None = None, *, standalone: bool = False) -> tuple[Typology, ...]:
    """The typology records, checked against the atlas's New Areas and sources."""
    atlas = _atlas(source)
    return records.load(atlas.ids, atlas.sources, data_dir, standalone=standalone)


def citation(src: Source | None) -> str:
    """A short citation: ``朱江涛, 卢向虎 (2016). 国家级新区行政管理体制比较研究. 行政管理改革 (11): 19-23``."""
    if src is None:
        return ""
    authors = ", ".join(a.split(" (")[0] for a in src.authors)
    year = f" ({src.date.first_day.year})" if src.date else ""
    where = src.journal or ""
    if src.volume:
        where += f" {src.volume}"
    if src.issue:
        where += f" ({src.issue})"
    if src.pages:
        where += f": {src.pages}"
    title = src.title_zh or src.title_en or src.id
    return ". ".join(x for x in (f"{authors}{year}" if authors else year.strip(), title, where.strip()) if x)


def cited_as(src: Source | None) -> str:
    """Authors and year: ``朱江涛, 卢向虎 (2016)``."""
    if src is None or not src.authors:
        return ""
    year = f" ({src.date.first_day.year})" if src.date else ""
    return ", ".join(a.split(" (")[0] for a in src.authors) + year


def _record(t: Typology, atlas: Atlas) -> dict[str, Any]:
    src = atlas.sources.get(t.source_id)
    out = t.model_dump(mode="json")
    out["citation"] = citation(src)
    out["cited_as"] = cited_as(src) or t.source_id
    out["url"] = src.url if src else None
    out["doi"] = src.doi if src else None
    out["assignments"] = {a.pop("area"): a for a in out["assignments"]}
    return out


def typologies(source: Atlas | Snapshot, data_dir: str | Path | None = None, *, standalone: bool = False) -> list[dict[str, Any]]:
    """Every typology: id, source (with its citation, URL and DOI), title, types and assignments
    (``{nna_id: {"type", "locator", "note"}}``; a null type is unknown, its note says what was searched)."""
    atlas = _atlas(source)
    return [_record(t, atlas) for t in load(atlas, data_dir, standalone=standalone)]


def _type_of(t: Typology, area_id: str) -> str | None:
    a = t.assignment(area_id)
    return a.type if a else None


def by_area(
    source: Atlas | Snapshot, at: Any = None, *, data_dir: str | Path | None = None, standalone: bool = False
) -> dict[str, Any]:
    """One row per NNA existing on the date: its paper's ``org_type`` and its type in each typology
    (None: unknown, or not classified by the typology), with the typologies themselves."""
    snap = snapshot_of(source, at, default=PAPER_DATE)
    found = load(snap, data_dir, standalone=standalone)
    rows = []
    for st in snap.states:
        row = {"id": st.area.id, "as_of": str(snap.day), "name_en": st.area.names.en, "name_zh": st.area.names.zh}
        row[PAPER] = st.value("org_type")
        row.update((t.id, _type_of(t, st.area.id)) for t in found)
        rows.append(row)
    return {"as_of": str(snap.day), "typologies": [_record(t, snap.atlas) for t in found], "areas": rows}


def agreement(
    source: Atlas | Snapshot,
    typology_id: str,
    at: Any = None,
    *,
    data_dir: str | Path | None = None,
    standalone: bool = False,
) -> dict[str, Any]:
    """The cross-table of one typology's types (rows) against the paper's ``org_type`` (columns) on
    the date (default 2018-12-31), over every NNA existing then.

    ``cells`` holds every row-column pair, with its ``count`` and the NNA ids; ``None`` (null) as
    a row or column is unknown (not found in the publication, or not classified by it; no paper
    org_type on the date), counted like any other. ``total`` is the number of NNAs, the sum of the
    counts.
    """
    snap = snapshot_of(source, at, default=PAPER_DATE)
    found = {t.id: t for t in load(snap, data_dir, standalone=standalone)}
    if typology_id not in found:
        if not found:
            raise UsageError(f"unknown typology {typology_id!r}: this data has no typologies (no typologies.yaml)")
        raise UsageError(f"unknown typology {typology_id!r}: use one of {', '.join(found)}")
    t = found[typology_id]
    pairs = [(st.area.id, _type_of(t, st.area.id), st.value("org_type")) for st in snap.states]
    rows: list[str | None] = [*t.type_ids, None]
    columns: list[str | None] = [*vocab.ORG_TYPES, None]
    extra = sorted({p for _, _, p in pairs if p is not None and p not in vocab.ORG_TYPES})
    columns[-1:-1] = extra  # a value outside the vocabulary (a user's data) keeps a column of its own
    cells = [
        {"type": r, PAPER: c, "count": len(ids), "areas": ids}
        for r in rows
        for c in columns
        for ids in [[a for a, ty, p in pairs if ty == r and p == c]]
    ]
    by_row = [{"type": r, "count": sum(c["count"] for c in cells if c["type"] == r)} for r in rows]
    by_column = [{PAPER: c, "count": sum(x["count"] for x in cells if x[PAPER] == c)} for c in columns]
    return {
        "as_of": str(snap.day),
        "typology": t.id,
        "source": t.source_id,
        "citation": citation(snap.atlas.sources.get(t.source_id)),
        "cited_as": cited_as(snap.atlas.sources.get(t.source_id)) or t.source_id,
        "title": t.title,
        "types": [tp.model_dump(mode="json") for tp in t.types],
        "rows": rows,
        "columns": columns,
        "cells": cells,
        "row_totals": by_row,
        "column_totals": by_column,
        "unknown": {"type": by_row[-1]["count"], PAPER: by_column[-1]["count"]},
        "total": len(pairs),
    }
