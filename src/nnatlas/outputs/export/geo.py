"""Footprints as GeoJSON or GeoPackage: one feature per NNA, written atomically.

``nnatlas export --format geojson|gpkg --out DIR [--crs wgs84|gcj02]`` calls :func:`write_footprints`.
Files:

- ``footprints.geojson`` / layer ``footprints`` of ``footprints.gpkg``: one feature per NNA
  existing at the date, with every indicator of :func:`nnatlas.analysis.geo.footprint.footprints` as
  properties (lists joined with ``"; "``) plus ``as_of``, ``coordinate_system`` and
  ``boundary_source``. NNAs without any unit found have a null geometry.
- ``footprint_units.geojson`` / layer ``footprint_units``: one feature per (NNA, county-level
  unit) found, with the unit's code, names and coverage, so partial units can be told apart.

Coordinates (``crs``): ``"wgs84"`` (default) are WGS 84 longitude/latitude, converted from Amap's
GCJ-02 (:mod:`nnatlas.analysis.geo.gcj02`), and the files declare EPSG:4326; ``"gcj02"`` keeps
Amap's GCJ-02 coordinates and the files declare no CRS (GCJ-02 has no EPSG code; GeoJSON readers
will still presume WGS 84, as RFC 7946 says). Every feature's ``coordinate_system`` says which,
as do the GeoJSON's top-level ``description`` and the GeoPackage's layer description and
metadata. Coordinates are written with 6 decimals in GeoJSON (about 0.1 m). ``as_of`` is an ISO
date string in GeoJSON and a DATE column in the GeoPackage.
"""

from __future__ import annotations

import os
from pathlib import Path

from nnatlas.atlas import Snapshot
from nnatlas.core.errors import UsageError
from nnatlas.core.files import atomic_path

FORMATS = {"geojson": "GeoJSON", "gpkg": "GPKG"}


def _description(name: str, snap: Snapshot, crs: str) -> str:
    """One paragraph saying what a file holds and in which coordinates."""
    from nnatlas.analysis.geo.layers import COORDINATE_SYSTEMS
    from nnatlas.analysis.geo.source import source_note

    what = "footprints" if name == "footprints" else "county-level units of the footprints"
    text = (
        f"nnatlas: {what} of China's State-level New Areas as of {snap.day.isoformat()}. "
        f"Coordinates: {COORDINATE_SYSTEMS[crs]}. {source_note('en')}"
    )
    if crs == "gcj02":
        text += " Not for overlay with WGS 84 data (GPS, OpenStreetMap) without conversion."
    return text


def write_footprints(snap: Snapshot, out_dir: str | Path, fmt: str = "geojson", crs: str = "wgs84") -> list[Path]:
    """Write the footprints of a snapshot into ``out_dir`` as ``fmt`` ('geojson' or 'gpkg').

    ``crs``: 'wgs84' (default: converted from Amap's GCJ-02, declared EPSG:4326) or 'gcj02'
    (Amap's raw coordinates, no CRS declared). Returns the files written. Each file is written
    under a temporary name and renamed into place, so an interrupted run never leaves half a file.
    """
    import warnings

    import pyogrio

    from nnatlas.analysis.geo.layers import COORDINATE_SYSTEMS, check_crs, footprint_layers

    if fmt not in FORMATS:
        raise UsageError(f"unknown geographic format {fmt!r} (accepted: {', '.join(FORMATS)})")
    check_crs(crs)
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} exists and is not a directory")
    layers = dict(zip(("footprints", "footprint_units"), footprint_layers(snap, crs=crs), strict=True))
    driver = FORMATS[fmt]
    written = []
    with warnings.catch_warnings():
        # GCJ-02 has no CRS to declare: that is the point, not a mistake to warn about
        warnings.filterwarnings("ignore", message="'crs' was not provided", category=UserWarning)
        if fmt == "geojson":
            for name, layer in layers.items():
                options = {"COORDINATE_PRECISION": 6, "WRITE_NAME": "NO", "DESCRIPTION": _description(name, snap, crs)}
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
                    for i, (name, layer) in enumerate(layers.items()):
                        pyogrio.write_dataframe(
                            _dated(layer, snap),
                            named,
                            layer=name,
                            driver=driver,
                            append=i > 0,
                            use_arrow=True,  # writes as_of as a DATE column
                            layer_options={"DESCRIPTION": _description(name, snap, crs)},
                            layer_metadata={
                                "coordinate_system": COORDINATE_SYSTEMS[crs],
                                "crs": crs,
                                "as_of": snap.day.isoformat(),
                            },
                        )
                    os.replace(named, tmp)
                finally:
                    named.unlink(missing_ok=True)
            written.append(target)
    return written


def _dated(layer, snap: Snapshot):
    """``layer`` with ``as_of`` as an Arrow date column (a GeoPackage DATE, even with no rows)."""
    import pandas as pd
    import pyarrow as pa

    out = layer.copy()
    out["as_of"] = pd.Series([snap.day] * len(out), index=out.index, dtype=pd.ArrowDtype(pa.date32()))
    return out
