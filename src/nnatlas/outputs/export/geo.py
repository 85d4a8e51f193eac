"""Footprints as GeoJSON or GeoPackage: one feature per NNA, written atomically.

``nnatlas export --format geojson|gpkg --out DIR`` calls :func:`write_footprints`. Files:

- ``footprints.geojson`` / layer ``footprints`` of ``footprints.gpkg``: one feature per NNA
  existing at the date, with every indicator of :func:`nnatlas.analysis.geo.footprint.footprints` as
  properties (lists joined with ``"; "``) plus ``as_of``, ``coordinate_system`` and
  ``boundary_source``. NNAs without any unit found have a null geometry.
- ``footprint_units.geojson`` / layer ``footprint_units``: one feature per (NNA, county-level
  unit) found, with the unit's code, names and coverage, so partial units can be told apart.

Coordinates are GCJ-02 longitude/latitude (Amap), written with 6 decimals (about 0.1 m).
GeoJSON (RFC 7946) presumes WGS-84: the GCJ-02 offset of a few hundred metres is stated in
each feature's ``coordinate_system``.
"""

from __future__ import annotations

import os
from pathlib import Path

from nnatlas.atlas import Snapshot
from nnatlas.core.errors import UsageError
from nnatlas.core.files import atomic_path

FORMATS = {"geojson": "GeoJSON", "gpkg": "GPKG"}


def write_footprints(snap: Snapshot, out_dir: str | Path, fmt: str = "geojson") -> list[Path]:
    """Write the footprints of a snapshot into ``out_dir`` as ``fmt`` ('geojson' or 'gpkg').

    Returns the files written. Each file is written under a temporary name and renamed into
    place, so an interrupted run never leaves half a file.
    """
    import pyogrio

    from nnatlas.analysis.geo.layers import footprint_layers

    if fmt not in FORMATS:
        raise UsageError(f"unknown geographic format {fmt!r} (accepted: {', '.join(FORMATS)})")
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a directory")
    areas, units = footprint_layers(snap)
    driver = FORMATS[fmt]
    options = {"COORDINATE_PRECISION": 6, "WRITE_NAME": "NO"} if fmt == "geojson" else {}
    written = []
    if fmt == "geojson":
        for name, layer in (("footprints", areas), ("footprint_units", units)):
            target = out / f"{name}.geojson"
            with atomic_path(target) as tmp:
                tmp.unlink()  # GDAL refuses to overwrite an existing GeoJSON file
                pyogrio.write_dataframe(layer, tmp, driver=driver, layer_options=options)
            written.append(target)
    else:
        target = out / "footprints.gpkg"
        with atomic_path(target) as tmp:
            # GDAL wants a .gpkg name: write beside the temporary file, then move it onto it
            named = tmp.with_name(tmp.name + ".gpkg")
            try:
                pyogrio.write_dataframe(areas, named, layer="footprints", driver=driver)
                pyogrio.write_dataframe(units, named, layer="footprint_units", driver=driver, append=True)
                os.replace(named, tmp)
            finally:
                named.unlink(missing_ok=True)
        written.append(target)
    return written
