"""Writing the tables to files researchers use: CSV (+ Frictionless descriptor), Parquet, Excel,
Stata, SQLite (Datasette-ready), JSON, and with the geo extra GeoJSON and GeoPackage.

Every file is written to a temporary name in the target directory and renamed into place, so an
interrupted export leaves either the old file or the new one, never half of one.
"""

from __future__ import annotations

import datetime as dt
import difflib
import json
import sqlite3
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nnatlas.atlas import Atlas, Snapshot, snapshot_of
from nnatlas.core.errors import UsageError
from nnatlas.core.files import atomic_path
from nnatlas.core.settings import VERSION
from nnatlas.outputs.export.schema import SCHEMAS, build

FORMATS = ("csv", "parquet", "xlsx", "dta", "sqlite", "json", "geojson", "gpkg")
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
#: Column names that are Stata reserved words, and the names the .dta files use instead.
STATA_RENAMES = {"end": "end_date"}
_SQL_TYPES = {"string": "TEXT", "integer": "INTEGER", "number": "REAL", "boolean": "INTEGER", "date": "TEXT"}


def frame(name: str, rows: list[dict[str, Any]]):
    """A DataFrame with the schema's columns and dtypes."""
    import pandas as pd

    schema = SCHEMAS[name]
    df = pd.DataFrame(rows, columns=[c.name for c in schema.columns])
    for c in schema.columns:
        if c.type == "integer":
            df[c.name] = df[c.name].astype("Int64")
        elif c.type == "number":
            df[c.name] = df[c.name].astype("Float64")
        elif c.type == "boolean":
            df[c.name] = df[c.name].astype("boolean")
        else:
            df[c.name] = df[c.name].astype("string")
    return df


def datapackage(tables: dict[str, list[dict[str, Any]]], snap: Snapshot) -> dict[str, Any]:
    """A Frictionless Data Package descriptor for the CSV files."""
    resources = []
    for name, schema in SCHEMAS.items():
        fields = [{"name": c.name, "type": c.type, "description": c.description} for c in schema.columns]
        res: dict[str, Any] = {
            "name": name,
            "path": f"{name}.csv",
            "profile": "tabular-data-resource",
            "format": "csv",
            "encoding": "utf-8",
            "description": schema.description,
            "schema": {"fields": fields, "primaryKey": list(schema.primary_key), "missingValues": [""]},
        }
        if schema.foreign_keys:
            res["schema"]["foreignKeys"] = [
                {"fields": col, "reference": {"resource": t, "fields": tc}} for col, t, tc in schema.foreign_keys
            ]
        resources.append(res)
    return {
        "profile": "tabular-data-package",
        "name": "nnatlas",
        "title": "nnatlas: China's State-level New Areas (sourced, dated)",
        "description": f"Curated facts on the State-level New Areas with their sources; state as of {snap.day}.",
        "version": VERSION,
        "created": dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        "licenses": [LICENCE],
        "sources": [{"title": s.title, "path": s.url} if s.url else {"title": s.title} for s in snap.atlas.sources.values()],
        "resources": resources,
    }


def _csv(tables, out: Path, snap: Snapshot) -> list[Path]:
    paths = []
    for name in SCHEMAS:
        target = out / f"{name}.csv"
        with atomic_path(target) as tmp:
            frame(name, tables[name]).to_csv(tmp, index=False, encoding="utf-8")
        paths.append(target)
    target = out / "datapackage.json"
    with atomic_path(target) as tmp:
        tmp.write_text(json.dumps(datapackage(tables, snap), ensure_ascii=False, indent=2), encoding="utf-8")
    return [*paths, target]


def _parquet(tables, out: Path, snap: Snapshot) -> list[Path]:
    paths = []
    for name in SCHEMAS:
        target = out / f"{name}.parquet"
        with atomic_path(target) as tmp:
            frame(name, tables[name]).to_parquet(tmp, index=False)
        paths.append(target)
    return paths


def _xlsx(tables, out: Path, snap: Snapshot) -> list[Path]:
    import pandas as pd

    target = out / "nnatlas.xlsx"
    with atomic_path(target) as tmp, pd.ExcelWriter(tmp, engine="openpyxl") as xl:
        for name in SCHEMAS:
            frame(name, tables[name]).to_excel(xl, sheet_name=name, index=False)
    return [target]


def _dta(tables, out: Path, snap: Snapshot) -> list[Path]:
    paths = []
    for name, schema in SCHEMAS.items():
        df = frame(name, tables[name])
        for c in schema.columns:  # Stata has no nullable booleans or pandas string dtype
            if c.type == "boolean":
                df[c.name] = df[c.name].astype("Float64").astype("float64")
            elif c.type in ("string", "date"):
                df[c.name] = df[c.name].astype(object).where(df[c.name].notna(), "")
            elif c.type in ("integer", "number"):
                df[c.name] = df[c.name].astype("float64")
        labels = {c.name: c.description[:80] for c in schema.columns}
        renames = {k: v for k, v in STATA_RENAMES.items() if k in df.columns}
        df = df.rename(columns=renames)
        labels = {renames.get(k, k): (f"{v} ({k})" if k in renames else v)[:80] for k, v in labels.items()}
        target = out / f"{name}.dta"
        with atomic_path(target) as tmp:
            df.to_stata(tmp, write_index=False, version=118, variable_labels=labels, data_label=schema.description[:80])
        paths.append(target)
    return paths


def _sqlite(tables, out: Path, snap: Snapshot) -> list[Path]:
    target = out / "nnatlas.sqlite"
    with atomic_path(target) as tmp:
        con = sqlite3.connect(tmp)
        try:
            order = ["areas_all", *[n for n in SCHEMAS if n != "areas_all"]]
            for name in order:
                schema = SCHEMAS[name]
                cols = [f'"{c.name}" {_SQL_TYPES[c.type]}' for c in schema.columns]
                cols.append(f"PRIMARY KEY ({', '.join(schema.primary_key)})")
                cols += [f'FOREIGN KEY ("{c}") REFERENCES "{t}"("{tc}")' for c, t, tc in schema.foreign_keys]
                con.execute(f'CREATE TABLE "{name}" ({", ".join(cols)})')
                names = [c.name for c in schema.columns]
                con.executemany(
                    f'INSERT INTO "{name}" VALUES ({", ".join("?" * len(names))})',
                    [tuple(r.get(n) for n in names) for r in tables[name]],
                )
            con.commit()
        finally:
            con.close()
    return [target]


def _json(tables, out: Path, snap: Snapshot) -> list[Path]:
    target = out / "nnatlas.json"
    with atomic_path(target) as tmp:
        tmp.write_text(
            json.dumps({"as_of": snap.day.isoformat(), "tables": tables}, ensure_ascii=False, indent=1), encoding="utf-8"
        )
    return [target]


def _geo(fmt: str) -> Callable[..., list[Path]]:
    def write(tables, out: Path, snap: Snapshot) -> list[Path]:
        from nnatlas.outputs.export.geo import write_footprints

        return write_footprints(snap, out, fmt)

    return write


_WRITERS = {
    "csv": _csv,
    "parquet": _parquet,
    "xlsx": _xlsx,
    "dta": _dta,
    "sqlite": _sqlite,
    "json": _json,
    "geojson": _geo("geojson"),
    "gpkg": _geo("gpkg"),
}


def check_format(fmt: str) -> None:
    """Raise :class:`UsageError` naming the accepted formats when ``fmt`` is not one."""
    if fmt not in _WRITERS:
        close = difflib.get_close_matches(fmt, FORMATS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"unknown export format {fmt!r}{hint} (accepted: {', '.join(FORMATS)})")


def export(source: Atlas | Snapshot, fmt: str, out: str | Path, *, at: str | dt.date | None = None) -> list[Path]:
    """Write every table of a snapshot (or of an atlas as of ``at``, default today) in ``fmt``
    into directory ``out``; returns the files written."""
    check_format(fmt)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a directory")
    snap = snapshot_of(source, at)
    tables = build(snap) if fmt not in ("geojson", "gpkg") else {}
    return _WRITERS[fmt](tables, out, snap)
