"""One writer per tabular format: CSV with a Frictionless ``datapackage.json``, Parquet, Stata,
SQLite (with Datasette's ``metadata.json``) and JSON; the workbook is in :mod:`.workbook`.

Each writer writes every file of its format under temporary names and puts them in place with
:func:`nnatlas.core.files.atomic_files`: the format's manifest (``datapackage.json`` for CSV, the
database for SQLite, the one file of JSON) goes last, so a stopped export never leaves a folder
whose manifest describes files of another date. Parquet and Stata have no manifest: the old
files go before the new ones come, so the folder never mixes two exports either.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from pathlib import Path
from typing import Any

from nnatlas.core.files import atomic_files
from nnatlas.outputs.export.meta import LICENCE, TITLE, ExportMeta
from nnatlas.outputs.export.schema import LINKS, SCHEMAS, creation_order

Tables = dict[str, list[dict[str, Any]]]

#: Column names that are Stata reserved words, and the names the .dta files use instead.
STATA_RENAMES = {"end": "end_date"}
#: Stata's value label of every boolean column (stored as a 0/1 byte).
STATA_NO_YES = {0: "no", 1: "yes"}
#: How the CSV files write booleans (declared as the fields' trueValues/falseValues). Upper case because R's
#: read.csv reads TRUE/FALSE as logical but true/false as text; pandas, Frictionless, Excel and DuckDB read both.
CSV_TRUE, CSV_FALSE = "TRUE", "FALSE"
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "DATE"}
#: The SQLite view of every citation, whatever table the cited record is in.
CITATIONS_VIEW = "citations"
CITATIONS_DESCRIPTION = (
    "Every citation of every table in one view (the union of the *_sources link tables): "
    "table, the record's key (seq for facts, units, events and statistics; key for state), position, source, locator"
)
META_TABLE = "_meta"
META_DESCRIPTION = "What this database is: title, as_of (the export date), data version, licence, source (key, value)"


def frame(name: str, rows: list[dict[str, Any]]):
    """A DataFrame with the schema's columns and dtypes (dates as ``datetime.date`` objects)."""
    import pandas as pd

    schema = SCHEMAS[name]
    df = pd.DataFrame(rows, columns=schema.column_names)
    for c in schema.columns:
        if c.type == "integer":
            df[c.name] = df[c.name].astype("Int64")
        elif c.type == "number":
            df[c.name] = df[c.name].astype("Float64")
        elif c.type == "boolean":
            df[c.name] = df[c.name].astype("boolean")
        elif c.type == "date":
            df[c.name] = df[c.name].astype(object).where(df[c.name].notna(), None)
        else:
            df[c.name] = df[c.name].astype("string")
    return df


# --- CSV + Frictionless ---------------------------------------------------------------------------
def _field(c, primary_key: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"name": c.name, "type": c.type, "description": c.description}
    if c.type == "boolean":
        out |= {"trueValues": [CSV_TRUE], "falseValues": [CSV_FALSE]}
    if c.type == "date":
        out["format"] = "default"  # ISO 8601, YYYY-MM-DD
    constraints: dict[str, Any] = {}
    if c.name in primary_key:
        constraints["required"] = True
    if c.enum:
        constraints["enum"] = list(c.enum)
    if constraints:
        out["constraints"] = constraints
    return out


def datapackage(meta: ExportMeta, sources: list[dict[str, Any]]) -> dict[str, Any]:
    """The Frictionless Data Package descriptor of the CSV files (``as_of`` is a custom property)."""
    resources = []
    for name, schema in SCHEMAS.items():
        res: dict[str, Any] = {
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "mediatype": "text/csv",
            "encoding": "utf-8",
            "description": schema.description,
            "schema": {
                "fields": [_field(c, schema.primary_key) for c in schema.columns],
                "primaryKey": list(schema.primary_key),
                "missingValues": [""],
            },
        }
        if schema.foreign_keys:
            res["schema"]["foreignKeys"] = [
                {"fields": list(cols), "reference": {"resource": t, "fields": list(ref)}} for cols, t, ref in schema.foreign_keys
            ]
        resources.append(res)
    return {
        "profile": "tabular-data-package",
        "name": "nnatlas",
        "title": TITLE,
        "description": meta.description,
        "version": meta.version,
        "as_of": meta.as_of.isoformat(),
        "data_sha256": meta.data.sha256,
        "created": meta.created,
        "licenses": [LICENCE],
        "sources": [
            {"title": s["title_en"] or s["title_zh"] or s["id"], **({"path": s["url"]} if s["url"] else {})} for s in sources
        ],
        "resources": resources,
    }


def _csv_frame(name: str, rows: list[dict[str, Any]]):
    """:func:`frame` with booleans as :data:`CSV_TRUE`/:data:`CSV_FALSE` and dates as ISO text, as the descriptor declares."""
    df = frame(name, rows)
    for c in SCHEMAS[name].columns:
        if c.type == "boolean":
            df[c.name] = df[c.name].astype(object).map({True: CSV_TRUE, False: CSV_FALSE})  # missing stays missing
        elif c.type == "date":
            df[c.name] = df[c.name].map(lambda v: None if v is None else v.isoformat())
    return df


def write_csv(tables: Tables, out: Path, meta: ExportMeta) -> list[Path]:
    targets = [out / f"{name}.csv" for name in SCHEMAS]
    manifest = out / "datapackage.json"
    with atomic_files(targets, manifest) as tmp:
        for name, target in zip(SCHEMAS, targets, strict=True):
            _csv_frame(name, tables[name]).to_csv(tmp[target], index=False, encoding="utf-8", lineterminator="\n")
        descriptor = datapackage(meta, tables["sources"])
        tmp[manifest].write_text(json.dumps(descriptor, ensure_ascii=False, indent=2), encoding="utf-8")
    return [*targets, manifest]


# --- Parquet -------------------------------------------------------------------------------------
def parquet_metadata(name: str, meta: ExportMeta) -> dict[str, str]:
    """The schema metadata of each Parquet file (besides pandas' own)."""
    return {
        **{f"nnatlas.{k}": v for k, v in meta.items()},
        "nnatlas.table": name,
        "nnatlas.table_description": SCHEMAS[name].description,
    }


def write_parquet(tables: Tables, out: Path, meta: ExportMeta) -> list[Path]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    targets = [out / f"{name}.parquet" for name in SCHEMAS]
    with atomic_files(targets) as tmp:
        for name, target in zip(SCHEMAS, targets, strict=True):
            table = pa.Table.from_pandas(frame(name, tables[name]), preserve_index=False)
            described = {c.name: c.description for c in SCHEMAS[name].columns}
            fields = [f.with_metadata({"description": described[f.name]}) for f in table.schema]
            metadata = {
                **(table.schema.metadata or {}),
                **{k.encode(): v.encode() for k, v in parquet_metadata(name, meta).items()},
            }
            pq.write_table(table.cast(pa.schema(fields, metadata=metadata)), tmp[target])
    return targets


# --- Stata ---------------------------------------------------------------------------------------
def stata_label(name: str, meta: ExportMeta) -> str:
    """The data label of a .dta file (Stata allows 80 characters): the table, the date, the data version."""
    return f"nnatlas {name} as of {meta.as_of.isoformat()}; data {meta.version}"[:80]


def stata_time_stamp(meta: ExportMeta) -> dt.datetime | None:
    """The time stamp of a .dta file: the export's ``created`` (so a release with a fixed one is reproducible)."""
    try:
        return dt.datetime.fromisoformat(meta.created)
    except (TypeError, ValueError):
        return None


def write_dta(tables: Tables, out: Path, meta: ExportMeta) -> list[Path]:
    import pandas as pd

    targets = [out / f"{name}.dta" for name in SCHEMAS]
    with atomic_files(targets) as tmp:
        for name, target in zip(SCHEMAS, targets, strict=True):
            schema = SCHEMAS[name]
            df = frame(name, tables[name])
            dates, labels = {}, {}
            for c in schema.columns:
                if c.type == "boolean":  # a byte 0/1 with the value label no/yes (missing: Stata's .)
                    df[c.name] = df[c.name].astype("Int8")
                    labels[c.name] = STATA_NO_YES
                elif c.type == "date":
                    df[c.name] = pd.to_datetime(df[c.name])
                    dates[c.name] = "td"
                elif c.type == "string":  # Stata has no missing string
                    df[c.name] = df[c.name].astype(object).where(df[c.name].notna(), "")
                else:
                    df[c.name] = df[c.name].astype("float64")
            renames = {k: v for k, v in STATA_RENAMES.items() if k in df.columns}
            variable_labels = {
                renames.get(c.name, c.name): (f"{c.description} ({c.name})" if c.name in renames else c.description)[:80]
                for c in schema.columns
            }
            df = df.rename(columns=renames)
            df.to_stata(
                tmp[target],
                write_index=False,
                version=118,
                variable_labels=variable_labels,
                data_label=stata_label(name, meta),
                convert_dates={renames.get(k, k): v for k, v in dates.items()},
                value_labels={renames.get(k, k): v for k, v in labels.items()},
                time_stamp=stata_time_stamp(meta),
            )
    return targets


# --- SQLite + Datasette ----------------------------------------------------------------------------
def _sql_value(v: Any) -> Any:
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return int(v) if isinstance(v, bool) else v


def _create(name: str) -> str:
    schema = SCHEMAS[name]
    cols = []
    for c in schema.columns:
        check = f' CHECK ("{c.name}" IN (0, 1))' if c.type == "boolean" else ""
        cols.append(f'"{c.name}" {_SQL_TYPES[c.type]}{check}')
    pk = ", ".join(f'"{k}"' for k in schema.primary_key)
    cols.append(f"PRIMARY KEY ({pk})")
    for fk_cols, table, ref in schema.foreign_keys:
        here = ", ".join(f'"{k}"' for k in fk_cols)
        there = ", ".join(f'"{k}"' for k in ref)
        cols.append(f'FOREIGN KEY ({here}) REFERENCES "{table}" ({there})')
    return f'CREATE TABLE "{name}" ({", ".join(cols)})'


def _citations_view() -> str:
    parts = []
    for link, cited in LINKS.items():
        names = SCHEMAS[link].column_names
        seq = '"seq"' if "seq" in names else "NULL"
        key = '"key"' if "key" in names else "NULL"
        parts.append(
            f'SELECT \'{cited}\' AS "table", area_id, {seq} AS seq, {key} AS key, position, source_id, locator FROM "{link}"'
        )
    return f'CREATE VIEW "{CITATIONS_VIEW}" AS ' + " UNION ALL ".join(parts)


def write_sqlite_file(tables: Tables, path: Path, meta: ExportMeta) -> None:
    con = sqlite3.connect(path)
    try:
        con.execute("PRAGMA foreign_keys = ON")  # a row that breaks a key is an error here, not a surprise later
        con.execute(f'CREATE TABLE "{META_TABLE}" ("key" TEXT PRIMARY KEY, "value" TEXT NOT NULL)')
        con.executemany(f'INSERT INTO "{META_TABLE}" VALUES (?, ?)', meta.items())
        for name in creation_order():
            con.execute(_create(name))
            names = SCHEMAS[name].column_names
            con.executemany(
                f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(names))})',
                [tuple(_sql_value(r.get(n)) for n in names) for r in tables[name]],
            )
        for link in LINKS:
            con.execute(f'CREATE INDEX "{link}_source_id" ON "{link}" ("source_id")')
        con.execute(_citations_view())
        con.commit()
    finally:
        con.close()


def datasette_metadata(meta: ExportMeta, database: str = "nnatlas") -> dict[str, Any]:
    """Datasette's ``metadata.json``: title, description, licence, source, and every table's and column's description."""
    tables: dict[str, Any] = {
        name: {"description": t.description, "columns": {c.name: c.description for c in t.columns}} for name, t in SCHEMAS.items()
    }
    tables["sources"]["label_column"] = "title_en"  # a link to a source shows its title
    tables["areas_all"]["label_column"] = "name_en"
    tables[META_TABLE] = {"description": META_DESCRIPTION, "columns": {"key": "Property", "value": "Its value (text)"}}
    tables[CITATIONS_VIEW] = {
        "description": CITATIONS_DESCRIPTION,
        "columns": {
            "table": "The table of the cited record: facts, state, units, events or statistics",
            "area_id": "New Area id (statistics: or 'china')",
            "seq": "Record number in that table (empty for state)",
            "key": "state.key (empty for the other tables)",
            "position": "Order of the citation within the record's sources (0: first)",
            "source_id": "Id of the cited source (sources.id)",
            "locator": "Where in the source; empty when not given",
        },
    }
    out: dict[str, Any] = {
        "title": TITLE,
        "description": meta.description,
        "license": LICENCE["name"],
        "license_url": LICENCE["path"],
        "source": meta.source,
    }
    if meta.source_url:
        out["source_url"] = meta.source_url
    out["databases"] = {
        database: {"description": f"as_of {meta.as_of.isoformat()}; data version {meta.version}", "tables": tables}
    }
    return out


def write_sqlite(tables: Tables, out: Path, meta: ExportMeta) -> list[Path]:
    db, metadata = out / "nnatlas.sqlite", out / "metadata.json"
    with atomic_files([metadata], db) as tmp:
        write_sqlite_file(tables, tmp[db], meta)
        doc = datasette_metadata(meta, database=db.stem)
        tmp[metadata].write_text(json.dumps(doc, ensure_ascii=False, indent=2), encoding="utf-8")
    return [db, metadata]


# --- JSON ----------------------------------------------------------------------------------------
def write_json(tables: Tables, out: Path, meta: ExportMeta) -> list[Path]:
    target = out / "nnatlas.json"
    doc = {
        "title": TITLE,
        "as_of": meta.as_of.isoformat(),
        "data_version": meta.version,
        "meta": dict(meta.items()),
        "tables": tables,
    }
    with atomic_files([], target) as tmp:
        tmp[target].write_text(json.dumps(doc, ensure_ascii=False, indent=1, default=str), encoding="utf-8")
    return [target]
