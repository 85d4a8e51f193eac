"""The tidy tables nnatlas exports, with one schema per table (columns, types, keys, descriptions).

The same schema describes the CSV files (Frictionless ``datapackage.json``), the SQLite tables
(with primary and foreign keys, so Datasette shows links), the Parquet and Stata column types,
the workbook's codebook and the Datasette ``metadata.json``.

Tidy means: one value per cell, typed. A fact's value is in ``value_text``, ``value_number`` or
``value_bool`` as ``value_type`` says (none of them for an unknown value); sources are rows of
the ``*_sources`` link tables (one row per citation, with its locator), joined on the cited
record's key; ``is_default`` marks the records that give each field's default value.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from nnatlas.atlas import Snapshot
from nnatlas.atlas.snapshot import fact_key
from nnatlas.atlas.timeline import effective_end, group_facts
from nnatlas.outputs.export.defaults import default_spans

#: The column types: Frictionless Table Schema types, mapped by every writer.
TYPES = ("string", "integer", "number", "boolean", "date")
#: ``value_type`` of a fact: the JSON type of its value (``null``: unknown).
VALUE_TYPES = ("string", "number", "integer", "boolean", "null")


@dataclass(frozen=True)
class Column:
    name: str
    type: str  # one of TYPES
    description: str
    enum: tuple[str, ...] | None = None


@dataclass(frozen=True)
class Table:
    name: str
    description: str
    columns: tuple[Column, ...]
    primary_key: tuple[str, ...]
    #: (columns, table, columns referred to)
    foreign_keys: tuple[tuple[tuple[str, ...], str, tuple[str, ...]], ...] = ()

    @property
    def column_names(self) -> list[str]:
        return [c.name for c in self.columns]


def _c(name: str, type_: str, description: str, enum: tuple[str, ...] | None = None) -> Column:
    assert type_ in TYPES, type_
    return Column(name, type_, description, enum)


_AREA = (("area_id",), "areas_all", ("id",))
_SOURCE = (("source_id",), "sources", ("id",))
_VALUE = (
    _c(
        "value_type",
        "string",
        "Type of the value: string, number, integer, boolean, or null (unknown: no value column is filled)",
        VALUE_TYPES,
    ),
    _c("value_text", "string", "The value when value_type is string (a category, a name); else empty"),
    _c("value_number", "number", "The value when value_type is number or integer; else empty"),
    _c("value_bool", "boolean", "The value when value_type is boolean; else empty"),
)
_SOURCE_IDS = "Source ids, '; '-separated (for reading; join the {link} table for the sources and their locators)"
IS_DEFAULT = (
    "True when this record gives its field's default value (the value the state table reports) on some days: "
    "from default_from to default_until. Derived with the timeline rules (docs/data-format.md): on those days the "
    "record holds (start or as_of up to effective_end) and its value is the resolved value: the only value, the "
    "value agreeing records share (each of them is true), or the preferred one of a dispute; for a field whose state "
    "is unknown, the unknown (null) records. Undisputed records are included; false for a record that never gives "
    "the default (the other side of a dispute, a null record outranked by a known value). "
    "Filter is_default, and default_from <= date < default_until, for the default value of every field."
)


def _link(name: str, cited: str, key: tuple[Column, ...], what: str) -> Table:
    keys = tuple(c.name for c in key)
    return Table(
        name,
        f"Sources of the {cited} table: one row per citation of a {what}, in the order cited (join on {', '.join(keys)})",
        (
            *key,
            _c("position", "integer", "Order of the citation within the record's sources (0: first)"),
            _c("source_id", "string", "Id of the cited source (sources.id)"),
            _c("locator", "string", "Where in the source (section, article, page); empty when not given"),
        ),
        (*keys, "position"),
        ((keys, cited, keys), _SOURCE),
    )


_AREA_ID = _c("area_id", "string", "New Area id (areas_all.id)")
_SEQ = _c("seq", "integer", "Record number within the area (0-based, in the order of the data file)")

SCHEMAS: dict[str, Table] = {
    t.name: t
    for t in (
        Table(
            "areas",
            "One row per New Area existing at the export date (as_of), with its state on that date",
            (
                _c("id", "string", "Stable nnatlas id"),
                _c("as_of", "date", "The date this row describes (the export date)"),
                _c("name_en", "string", "English name"),
                _c("name_zh", "string", "Chinese full name"),
                _c("name_zh_short", "string", "Chinese short name"),
                _c("pinyin", "string", "Pinyin name"),
                _c("province_code", "string", "GB/T 2260 code of the province"),
                _c("province", "string", "Province name"),
                _c("region", "string", "east, central, west or northeast (statistics bureau scheme)"),
                _c("approved", "string", "State Council approval date (ISO; may be YYYY-MM or YYYY)"),
                _c("planning_area_km2", "number", "Approved land planning area in force at the date, km2"),
                _c(
                    "planning_area_best_km2",
                    "number",
                    "The best planning area the data holds at the date, km2: the approved land area, else the approved "
                    "total, administrative or other area (see planning_area_definition)",
                ),
                _c(
                    "planning_area_definition",
                    "string",
                    "The definition of planning_area_best_km2 (approved_land, approved_total, ...)",
                ),
                _c("org_type", "string", "Organisation type (paper §3.2)"),
                _c("rank", "string", "Rank of the NNA body"),
                _c("social_functions", "string", "Social management functions"),
                _c("management_mode", "string", "Vertical management mode (paper §3.3)"),
                _c("trusteeship", "boolean", "Administrative trusteeship in place"),
                _c("county_units", "integer", "County-level units spanned at the date"),
                _c("prefecture_units", "integer", "Prefecture-level units spanned at the date"),
            ),
            ("id",),
            ((("id",), "areas_all", ("id",)),),
        ),
        Table(
            "facts",
            "Every curated fact record, with its typed value, validity and whether it gives the field's default",
            (
                _AREA_ID,
                _SEQ,
                _c("field", "string", "Fact field"),
                _c("qualifier", "string", "Qualifier (which area definition, which part); empty for none"),
                *_VALUE,
                _c("start", "string", "Date the value began (ISO, may be YYYY-MM or YYYY; empty for attestations)"),
                _c("as_of", "string", "Date the value is attested for (paper classifications; ISO, may be YYYY-MM or YYYY)"),
                _c("end", "string", "Explicit end date (exclusive; ISO, may be YYYY-MM or YYYY)"),
                _c(
                    "effective_end",
                    "date",
                    "First day the record no longer holds: its end, or the start of the next record of the field",
                ),
                _c("preferred", "boolean", "Marked as the default among disagreeing records (set only inside a dispute)"),
                _c("is_default", "boolean", IS_DEFAULT),
                _c(
                    "default_from",
                    "date",
                    "First day on which this record gives the field's default value (empty when is_default is false)",
                ),
                _c(
                    "default_until",
                    "date",
                    "Day (exclusive) the record stops giving the default; empty: it still does, or is_default is false",
                ),
                _c("source_ids", "string", _SOURCE_IDS.format(link="fact_sources")),
                _c("note", "string", "Note"),
            ),
            ("area_id", "seq"),
            (_AREA,),
        ),
        Table(
            "state",
            "Each New Area's resolved facts on the export date (as_of): the default value of every field, typed",
            (
                _AREA_ID,
                _c("as_of", "date", "The date of the state (the export date)"),
                _c("key", "string", "field or field:qualifier"),
                _c("field", "string", "Fact field"),
                _c("qualifier", "string", "Qualifier; empty for none"),
                *_VALUE,
                _c(
                    "status",
                    "string",
                    "known, unknown or disputed (records disagree; the value is the preferred one)",
                    ("known", "unknown", "disputed"),
                ),
                _c(
                    "basis",
                    "string",
                    "interval (records with a start) or attested (attestations as of a date)",
                    ("interval", "attested"),
                ),
                _c("valid_from", "string", "Start of validity (ISO, may be YYYY-MM or YYYY)"),
                _c("valid_to", "date", "End of validity (exclusive); empty: open"),
                _c("source_ids", "string", _SOURCE_IDS.format(link="state_sources")),
            ),
            ("area_id", "key"),
            (_AREA,),
        ),
        Table(
            "units",
            "Constituent administrative units over time",
            (
                _AREA_ID,
                _SEQ,
                _c("code", "string", "GB/T 2260 code (townships: statistics code)"),
                _c("name_zh", "string", "Chinese name"),
                _c("name_en", "string", "English name"),
                _c("level", "string", "prefecture, county or township"),
                _c("coverage", "string", "whole, part or unknown"),
                _c("role", "string", "direct_management or empty"),
                _c("start", "string", "Start (ISO, may be YYYY-MM or YYYY)"),
                _c("end", "string", "End (exclusive; ISO, may be YYYY-MM or YYYY)"),
                _c("source_ids", "string", _SOURCE_IDS.format(link="unit_sources")),
            ),
            ("area_id", "seq"),
            (_AREA,),
        ),
        Table(
            "events",
            "Dated events of every New Area",
            (
                _AREA_ID,
                _SEQ,
                _c("date", "string", "Date (ISO, may be YYYY-MM or YYYY)"),
                _c("kind", "string", "Event kind"),
                _c("en", "string", "Description (English)"),
                _c("zh", "string", "Description (Chinese)"),
                _c("source_ids", "string", _SOURCE_IDS.format(link="event_sources")),
            ),
            ("area_id", "seq"),
            (_AREA,),
        ),
        Table(
            "statistics",
            "Annual statistics (GDP, population, land area) with scope",
            (
                _c("area_id", "string", "New Area id, or 'china' for national totals"),
                _c("seq", "integer", "Record number within the area (or within the national totals)"),
                _c("indicator", "string", "gdp_100m_yuan, population_10k or land_area_km2"),
                _c("year", "integer", "Year"),
                _c("value", "number", "Value (empty: unknown)"),
                _c("scope", "string", "whole, direct_management or other"),
                _c("vintage", "string", "first_published or revised"),
                _c("preferred", "boolean", "Default among disagreeing figures"),
                _c("source_ids", "string", _SOURCE_IDS.format(link="statistic_sources")),
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
                _c("authors", "string", "Authors, '; '-joined, in the order of the publication"),
                _c("journal", "string", "Journal of an article"),
                _c("volume", "string", "Volume of the journal"),
                _c("issue", "string", "Issue of the journal"),
                _c("pages", "string", "Pages or article number"),
                _c("doi", "string", "DOI (10.xxxx/...)"),
                _c("issuer", "string", "Issuer"),
                _c("doc_number", "string", "Document number"),
                _c("date", "string", "Date (ISO, may be YYYY-MM or YYYY)"),
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
                _c("approved", "string", "Approval date (ISO, may be YYYY-MM or YYYY)"),
            ),
            ("id",),
        ),
        _link("fact_sources", "facts", (_AREA_ID, _c("seq", "integer", "facts.seq of the cited record")), "fact record"),
        _link("state_sources", "state", (_AREA_ID, _c("key", "string", "state.key of the resolved fact")), "resolved fact"),
        _link("unit_sources", "units", (_AREA_ID, _c("seq", "integer", "units.seq of the cited record")), "unit record"),
        _link("event_sources", "events", (_AREA_ID, _c("seq", "integer", "events.seq of the cited record")), "event"),
        _link(
            "statistic_sources",
            "statistics",
            (
                _c("area_id", "string", "statistics.area_id (a New Area id or 'china')"),
                _c("seq", "integer", "statistics.seq of the cited record"),
            ),
            "figure",
        ),
    )
}

#: Each link table and the table whose sources it holds.
LINKS = {
    "fact_sources": "facts",
    "state_sources": "state",
    "unit_sources": "units",
    "event_sources": "events",
    "statistic_sources": "statistics",
}


def creation_order() -> list[str]:
    """The tables in an order where every table comes after those its foreign keys refer to."""
    done: list[str] = []
    pending = list(SCHEMAS)
    while pending:
        for name in pending:
            if all(ref in done or ref == name for _, ref, _ in SCHEMAS[name].foreign_keys):
                done.append(name)
                pending.remove(name)
                break
        else:  # pragma: no cover - a cycle of foreign keys is a mistake in SCHEMAS
            raise AssertionError(f"foreign keys form a cycle among {pending}")
    return done


def _s(value: Any) -> str | None:
    return None if value is None else str(value)


def value_columns(v: Any) -> dict[str, Any]:
    """A value as the typed columns: ``value_type`` and exactly one of text, number, bool (none when unknown)."""
    out: dict[str, Any] = {"value_type": "null", "value_text": None, "value_number": None, "value_bool": None}
    if isinstance(v, bool):
        out.update(value_type="boolean", value_bool=v)
    elif isinstance(v, int):
        out.update(value_type="integer", value_number=v)
    elif isinstance(v, float):
        out.update(value_type="number", value_number=v)
    elif v is not None:
        out.update(value_type="string", value_text=str(v))
    return out


def _ids(refs) -> str | None:
    return "; ".join(dict.fromkeys(r.id for r in refs)) or None


def _cite(rows: list[dict[str, Any]], key: dict[str, Any], refs) -> None:
    for i, r in enumerate(refs):
        rows.append({**key, "position": i, "source_id": r.id, "locator": r.locator})


def build(snap: Snapshot) -> dict[str, list[dict[str, Any]]]:
    """Every export table of a snapshot as a list of records, in the schemas' column order.

    Values are Python values of the column's type (``datetime.date`` for dates, None for empty).
    """
    atlas = snap.atlas
    out: dict[str, list[dict[str, Any]]] = {name: [] for name in SCHEMAS}
    out["areas"] = [{c: r.get(c) for c in SCHEMAS["areas"].column_names} | {"as_of": snap.day} for r in snap.records()]
    for a in atlas:
        out["areas_all"].append({"id": a.id, "name_en": a.names.en, "name_zh": a.names.zh, "approved": _s(a.approval.date)})
        groups = group_facts(a.facts)
        spans = {id(r): s for g in groups.values() for r, s in zip(g, default_spans(g), strict=True)}
        for i, f in enumerate(a.facts):
            end = effective_end(f, groups[(f.field, f.qualifier)])
            span = spans[id(f)]
            out["facts"].append(
                {
                    "area_id": a.id,
                    "seq": i,
                    "field": f.field,
                    "qualifier": f.qualifier,
                    **value_columns(f.value),
                    "start": _s(f.start),
                    "as_of": _s(f.as_of),
                    "end": _s(f.end),
                    "effective_end": end,
                    "preferred": f.preferred,
                    "is_default": span is not None,
                    "default_from": span.start if span else None,
                    "default_until": span.end if span else None,
                    "source_ids": _ids(f.sources),
                    "note": f.note,
                }
            )
            _cite(out["fact_sources"], {"area_id": a.id, "seq": i}, f.sources)
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
                    "source_ids": _ids(u.sources),
                }
            )
            _cite(out["unit_sources"], {"area_id": a.id, "seq": i}, u.sources)
        for i, e in enumerate(a.events):
            out["events"].append(
                {
                    "area_id": a.id,
                    "seq": i,
                    "date": _s(e.date),
                    "kind": e.kind,
                    "en": e.en,
                    "zh": e.zh,
                    "source_ids": _ids(e.sources),
                }
            )
            _cite(out["event_sources"], {"area_id": a.id, "seq": i}, e.sources)
        for i, s in enumerate(a.statistics):
            _stat(out, a.id, i, s)
    for i, s in enumerate(atlas.national):
        _stat(out, "china", i, s)
    for st in snap.states:
        for (fld, qual), s in st.facts.items():
            key = fact_key(fld, qual)
            out["state"].append(
                {
                    "area_id": st.area.id,
                    "as_of": snap.day,
                    "key": key,
                    "field": fld,
                    "qualifier": qual,
                    **value_columns(s.value),
                    "status": s.status,
                    "basis": "attested" if s.attested else "interval",
                    "valid_from": _s(s.since),
                    "valid_to": s.until,
                    "source_ids": _ids(s.sources),
                }
            )
            _cite(out["state_sources"], {"area_id": st.area.id, "key": key}, s.sources)
    for src in atlas.sources.values():
        d = src.model_dump(mode="json")
        d["authors"] = "; ".join(d["authors"]) if d.get("authors") else None
        out["sources"].append({c: d.get(c) for c in SCHEMAS["sources"].column_names})
    return out


def _stat(out: dict[str, list[dict[str, Any]]], area_id: str, seq: int, s) -> None:
    out["statistics"].append(
        {
            "area_id": area_id,
            "seq": seq,
            "indicator": s.indicator,
            "year": s.year,
            "value": s.value,
            "scope": s.scope,
            "vintage": s.vintage,
            "preferred": s.preferred,
            "source_ids": _ids(s.sources),
            "note": s.note,
        }
    )
    _cite(out["statistic_sources"], {"area_id": area_id, "seq": seq}, s.sources)
