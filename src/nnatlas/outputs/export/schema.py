"""The long-form tables nnatlas exports, with one schema per table (columns, types, keys).

The same schema describes the CSV files (Frictionless ``datapackage.json``), the SQLite tables
(with primary and foreign keys, so Datasette shows links) and the column order elsewhere.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from nnatlas.atlas import Snapshot
from nnatlas.atlas.snapshot import fact_key
from nnatlas.atlas.timeline import effective_end, group_facts


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # string | integer | number | boolean | date
    description: str


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    foreign_keys: tuple[tuple[str, str, str], ...] = ()  # (column, table, column)


def _c(name: str, type_: str, description: str) -> Column:
    return Column(name, type_, description)


SCHEMAS: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "areas",
            "One row per New Area existing at the export date, with its state on that date",
            (
                _c("id", "string", "Stable nnatlas id"),
                _c("name_en", "string", "English name"),
                _c("name_zh", "string", "Chinese full name"),
                _c("name_zh_short", "string", "Chinese short name"),
                _c("pinyin", "string", "Pinyin name"),
                _c("province_code", "string", "GB/T 2260 code of the province"),
                _c("province", "string", "Province name"),
                _c("region", "string", "east, central, west or northeast (statistics bureau scheme)"),
                _c("approved", "string", "State Council approval date (ISO; may be YYYY-MM or YYYY)"),
                _c("planning_area_km2", "number", "Approved land planning area in force at the date, km2"),
                _c("org_type", "string", "Organisation type (paper §3.2)"),
                _c("rank", "string", "Rank of the NNA body"),
                _c("social_functions", "string", "Social management functions"),
                _c("management_mode", "string", "Vertical management mode (paper §3.3)"),
                _c("trusteeship", "boolean", "Administrative trusteeship in place"),
                _c("county_units", "integer", "County-level units spanned at the date"),
                _c("prefecture_units", "integer", "Prefecture-level units spanned at the date"),
            ),
            ("id",),
        ),
        Table(
            "facts",
            "Every curated fact record, with its validity interval and sources",
            (
                _c("area_id", "string", "New Area id"),
                _c("seq", "integer", "Record number within the area"),
                _c("field", "string", "Fact field"),
                _c("qualifier", "string", "Qualifier (area definition)"),
                _c("value", "string", "Value as JSON text (null = unknown)"),
                _c("value_type", "string", "number, integer, boolean, string or null"),
                _c("start", "string", "Date the value began (empty for attestations)"),
                _c("as_of", "string", "Date the value is attested for (paper classifications)"),
                _c("end", "string", "Explicit end date (exclusive)"),
                _c("effective_end", "string", "End implied by the next record of the same field"),
                _c("preferred", "boolean", "Default among disagreeing records"),
                _c("sources", "string", "Source ids with locators, separated by '; '"),
                _c("note", "string", "Note"),
            ),
            ("area_id", "seq"),
            (("area_id", "areas_all", "id"),),
        ),
        Table(
            "state",
            "Each New Area's resolved facts on the export date",
            (
                _c("area_id", "string", "New Area id"),
                _c("key", "string", "field or field:qualifier"),
                _c("value", "string", "Value as JSON text"),
                _c("status", "string", "known, unknown or disputed"),
                _c("valid_from", "string", "Start of validity"),
                _c("valid_to", "string", "End of validity"),
                _c("sources", "string", "Source ids, '; '-separated"),
            ),
            ("area_id", "key"),
            (("area_id", "areas_all", "id"),),
        ),
        Table(
            "units",
            "Constituent administrative units over time",
            (
                _c("area_id", "string", "New Area id"),
                _c("seq", "integer", "Record number"),
                _c("code", "string", "GB/T 2260 code (townships: statistics code)"),
                _c("name_zh", "string", "Chinese name"),
                _c("name_en", "string", "English name"),
                _c("level", "string", "prefecture, county or township"),
                _c("coverage", "string", "whole, part or unknown"),
                _c("role", "string", "direct_management or empty"),
                _c("start", "string", "Start"),
                _c("end", "string", "End (exclusive)"),
                _c("sources", "string", "Source ids"),
            ),
            ("area_id", "seq"),
            (("area_id", "areas_all", "id"),),
        ),
        Table(
            "events",
            "Dated events of every New Area",
            (
                _c("area_id", "string", "New Area id"),
                _c("seq", "integer", "Record number"),
                _c("date", "string", "Date"),
                _c("kind", "string", "Event kind"),
                _c("en", "string", "Description (English)"),
                _c("zh", "string", "Description (Chinese)"),
                _c("sources", "string", "Source ids"),
            ),
            ("area_id", "seq"),
            (("area_id", "areas_all", "id"),),
        ),
        Table(
            "statistics",
            "Annual statistics (GDP, population, land area) with scope",
            (
                _c("area_id", "string", "New Area id, or 'china' for national totals"),
                _c("seq", "integer", "Record number"),
                _c("indicator", "string", "gdp_100m_yuan, population_10k or land_area_km2"),
                _c("year", "integer", "Year"),
                _c("value", "number", "Value"),
                _c("scope", "string", "whole, direct_management or other"),
                _c("vintage", "string", "first_published or revised"),
                _c("preferred", "boolean", "Default among disagreeing"),
                _c("sources", "string", "Source ids"),
                _c("note", "string", "Note"),
            ),
            ("area_id", "seq"),
        ),
        Table(
            "sources",
            "Every cited source",
            (
                _c("id", "string", "Source id"),
                _c("kind", "string", "Kind of source"),
                _c("title_zh", "string", "Title (Chinese)"),
                _c("title_en", "string", "Title (English)"),
                _c("issuer", "string", "Issuer"),
                _c("doc_number", "string", "Document number"),
                _c("date", "string", "Date"),
                _c("url", "string", "URL"),
                _c("citation", "string", "Citation"),
                _c("accessed", "string", "Date accessed"),
                _c("note", "string", "Note"),
            ),
            ("id",),
        ),
        Table(
            "areas_all",
            "Every New Area regardless of date (the key the other tables refer to)",
            (
                _c("id", "string", "Stable nnatlas id"),
                _c("name_en", "string", "English name"),
                _c("name_zh", "string", "Chinese name"),
                _c("approved", "string", "Approval date"),
            ),
            ("id",),
        ),
    )
}


def _refs(refs) -> str:
    return "; ".join(str(r) for r in refs)


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def _value_type(v: Any) -> str:
    if v is None:
        return "null"
    return {bool: "boolean", int: "integer", float: "number"}.get(type(v), "string")


def build(snap: Snapshot) -> dict[str, list[dict[str, Any]]]:
    """Every export table of a snapshot as a list of records, in the schemas' column order."""
    atlas = snap.atlas
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    out["areas"] = snap.records()
    for a in atlas:
        out["areas_all"].append({"id": a.id, "name_en": a.names.en, "name_zh": a.names.zh, "approved": _s(a.approval.date)})
        groups = group_facts(a.facts)
        for i, f in enumerate(a.facts):
            end = effective_end(f, groups[(f.field, f.qualifier)])
            out["facts"].append(
                {
                    "area_id": a.id,
                    "seq": i,
                    "field": f.field,
                    "qualifier": f.qualifier,
                    "value": json.dumps(f.value, ensure_ascii=False),
                    "value_type": _value_type(f.value),
                    "start": _s(f.start),
                    "as_of": _s(f.as_of),
                    "end": _s(f.end),
                    "effective_end": end.isoformat() if end else None,
                    "preferred": f.preferred,
                    "sources": _refs(f.sources),
                    "note": f.note,
                }
            )
        for i, u in enumerate(a.units):
            out["units"].append(
                {
                    "area_id": a.id,
                    "seq": i,
                    "code": u.code,
                    "name_zh": u.name_zh,
                    "name_en": u.name_en,
                    "level": u.level,
                    "coverage": u.coverage,
                    "role": u.role,
                    "start": _s(u.start),
                    "end": _s(u.end),
                    "sources": _refs(u.sources),
                }
            )
        for i, e in enumerate(a.events):
            out["events"].append(
                {
                    "area_id": a.id,
                    "seq": i,
                    "date": _s(e.date),
                    "kind": e.kind,
                    "en": e.en,
                    "zh": e.zh,
                    "sources": _refs(e.sources),
                }
            )
        for i, s in enumerate(a.statistics):
            out["statistics"].append(_stat(a.id, i, s))
    for i, s in enumerate(atlas.national):
        out["statistics"].append(_stat("china", i, s))
    for st in snap.states:
        for (fld, qual), s in st.facts.items():
            out["state"].append(
                {
                    "area_id": st.area.id,
                    "key": fact_key(fld, qual),
                    "value": json.dumps(s.value, ensure_ascii=False),
                    "status": s.status,
                    "valid_from": _s(s.since),
                    "valid_to": _s(s.until),
                    "sources": _refs(s.sources),
                }
            )
    for src in atlas.sources.values():
        d = src.model_dump(mode="json")
        out["sources"].append({c.name: d.get(c.name) for c in SCHEMAS["sources"].columns})
    return out


def _stat(area_id: str, seq: int, s) -> dict[str, Any]:
    return {
        "area_id": area_id,
        "seq": seq,
        "indicator": s.indicator,
        "year": s.year,
        "value": s.value,
        "scope": s.scope,
        "vintage": s.vintage,
        "preferred": s.preferred,
        "sources": _refs(s.sources),
        "note": s.note,
    }
