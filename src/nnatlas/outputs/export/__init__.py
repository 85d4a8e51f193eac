"""Writing the tables to files researchers use: CSV (+ Frictionless descriptor), Parquet, Excel,
Stata, SQLite (+ Datasette ``metadata.json``), JSON, and with the geo extra GeoJSON and GeoPackage.

The tables are tidy and typed (see :mod:`.schema`): typed value columns, ``*_sources`` link
tables, an ``is_default`` column. Every format says its date (``as_of``) and the data version
(:mod:`.meta`): the descriptor, the ``_meta`` table, the Parquet schema metadata, the workbook's
README sheet and properties, the Stata data label, the JSON document.

Writes never mix two exports: every file of a format is written under a temporary name in the
target folder and renamed into place with the format's manifest last (see
:func:`nnatlas.core.files.atomic_files`), and an export starts by removing the partial files a
stopped one left (:func:`nnatlas.core.files.remove_partials`).
"""

from __future__ import annotations

import datetime as dt
import difflib
from collections.abc import Callable
from pathlib import Path

from nnatlas.atlas import Atlas, Snapshot, snapshot_of
from nnatlas.core.errors import UsageError
from nnatlas.core.files import remove_partials
from nnatlas.outputs.export.meta import LICENCE, export_meta
from nnatlas.outputs.export.schema import SCHEMAS, build
from nnatlas.outputs.export.writers import (
    STATA_RENAMES,
    datapackage,
    frame,
    write_csv,
    write_dta,
    write_json,
    write_parquet,
    write_sqlite,
)

FORMATS = ("csv", "parquet", "xlsx", "dta", "sqlite", "json", "geojson", "gpkg")
GEO_FORMATS = ("geojson", "gpkg")


def _xlsx(tables, out, meta):
    from nnatlas.outputs.export.workbook import write_xlsx

    return write_xlsx(tables, out, meta)


_WRITERS: dict[str, Callable[..., list[Path]]] = {
    "csv": write_csv,
    "parquet": write_parquet,
    "xlsx": _xlsx,
    "dta": write_dta,
    "sqlite": write_sqlite,
    "json": write_json,
}


def check_format(fmt: str) -> None:
    """Raise :class:`UsageError` naming the accepted formats when ``fmt`` is not one."""
    if fmt not in FORMATS:
        close = difflib.get_close_matches(fmt, FORMATS, n=1)
        hint = f"; did you mean {close[0]!r}?" if close else ""
        raise UsageError(f"unknown export format {fmt!r}{hint} (accepted: {', '.join(FORMATS)})")


def _footprints(snap: Snapshot, out: Path, fmt: str, crs: str) -> list[Path]:
    from nnatlas.outputs.export.geo import write_footprints

    return write_footprints(snap, out, fmt, crs=crs)


def export(
    source: Atlas | Snapshot,
    fmt: str,
    out: str | Path,
    *,
    at: str | dt.date | None = None,
    crs: str = "wgs84",
    data_dir: str | Path | None = None,
    standalone: bool = False,
    clean: bool = True,
) -> list[Path]:
    """Write every table of a snapshot (or of an atlas as of ``at``, default today) in ``fmt``
    into directory ``out``; returns the files written.

    ``crs``: the coordinates of geojson/gpkg (see :mod:`.geo`). ``data_dir``/``standalone``: the
    ``--data`` folder the atlas was loaded from, for the data version (see :mod:`.meta`). ``clean``:
    first remove the partial files a stopped export left in ``out``; a caller that writes other files
    into the same folder at the same time (the build's workers) cleans once itself and passes False.
    """
    check_format(fmt)
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise UsageError(f"--out {out} exists and is not a directory")
    snap = snapshot_of(source, at)
    out.mkdir(parents=True, exist_ok=True)
    if clean:
        remove_partials(out)  # what a stopped export left; this folder is nnatlas's to write
    if fmt in GEO_FORMATS:
        return _footprints(snap, out, fmt, crs)
    meta = export_meta(snap, data_dir, standalone=standalone)
    return _WRITERS[fmt](build(snap), out, meta)


__all__ = ["FORMATS", "LICENCE", "SCHEMAS", "STATA_RENAMES", "build", "check_format", "datapackage", "export", "frame"]
