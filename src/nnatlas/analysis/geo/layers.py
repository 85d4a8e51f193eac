"""The footprint layers as GeoDataFrames, ready to be written: one row per NNA, and one row per
(NNA, county-level unit) found, each with ``as_of``, the coordinate system and the boundary
source. :mod:`nnatlas.outputs.export.geo` writes them.

Coordinates (``crs``): ``"wgs84"`` (the default) converts Amap's GCJ-02 geometry, and the
``centroid_lon``/``centroid_lat`` columns, to WGS 84 (:mod:`.gcj02`) and declares EPSG:4326;
``"gcj02"`` keeps Amap's raw coordinates and declares no CRS (GCJ-02 has no EPSG code). Either
way the ``coordinate_system`` column says which, and the indicators (areas, parts, distances)
are those of :mod:`.footprint`, computed as always; the conversion changes areas by well under
0.5%.
"""

from __future__ import annotations

from nnatlas.analysis.geo import boundaries
from nnatlas.analysis.geo._deps import gpd, np, pd
from nnatlas.analysis.geo.footprint import _frame, snapshot_footprints
from nnatlas.analysis.geo.gcj02 import TRANSFORMATION, gcj02_to_wgs84, geometry_to_wgs84
from nnatlas.analysis.geo.source import source_note
from nnatlas.atlas import Snapshot
from nnatlas.core.errors import UsageError

#: The accepted values of ``crs`` and what each one's coordinates are (the ``coordinate_system`` column).
COORDINATE_SYSTEMS = {
    "wgs84": f"WGS 84 (EPSG:4326) longitude/latitude, converted from GCJ-02 (Amap) with {TRANSFORMATION}",
    "gcj02": "GCJ-02 (Amap) longitude/latitude, not WGS 84: no EPSG code exists; differs from WGS 84 by a few hundred metres",
}


def check_crs(crs: str) -> str:
    """``crs`` if it is an accepted value, else a one-line :class:`UsageError`."""
    if crs not in COORDINATE_SYSTEMS:
        raise UsageError(f"unknown coordinate system {crs!r} (accepted: {', '.join(COORDINATE_SYSTEMS)})")
    return crs


def _in_crs(gdf: gpd.GeoDataFrame, crs: str) -> gpd.GeoDataFrame:
    """``gdf`` with its geometry in ``crs``: converted to WGS 84 and labelled EPSG:4326, or raw
    GCJ-02 with no CRS."""
    geoms = gdf.geometry.to_numpy()
    if crs == "wgs84":
        geoms, label = geometry_to_wgs84(geoms), boundaries.geographic_crs()
    else:
        label = None
    data = pd.DataFrame(gdf.drop(columns=gdf.geometry.name))
    out = gpd.GeoDataFrame(data, geometry=np.asarray(geoms, dtype=object), crs=label)
    out.attrs.update(gdf.attrs, coordinate_system=COORDINATE_SYSTEMS[crs])
    return out


def _flat(gdf: gpd.GeoDataFrame, day, crs: str) -> gpd.GeoDataFrame:
    out = gdf.reset_index()
    out["missing_codes"] = out["missing_codes"].map(lambda v: "; ".join(v) if v else "")
    if crs == "wgs84" and len(out):  # the centroid columns are coordinates too
        lon, lat = gcj02_to_wgs84(
            out["centroid_lon"].to_numpy(float, na_value=np.nan), out["centroid_lat"].to_numpy(float, na_value=np.nan)
        )
        out["centroid_lon"] = pd.array(np.round(lon, 5), dtype="Float64")
        out["centroid_lat"] = pd.array(np.round(lat, 5), dtype="Float64")
    out["as_of"] = day.isoformat()
    out["coordinate_system"] = COORDINATE_SYSTEMS[crs]
    out["boundary_source"] = source_note("en")
    return _in_crs(out, crs)


def _units(fps, day, crs: str) -> gpd.GeoDataFrame:
    frames = []
    for f in fps:
        u = f.units.reset_index()
        if not len(u):
            continue
        frames.append(
            pd.DataFrame(
                {
                    "id": f.id,
                    "code": u["code"],
                    "name_zh": u["unit_name_zh"],
                    "name_en": u["name_en"],
                    "coverage": u["coverage"],
                    "prefecture_code": u["prefecture"],
                    "geometry": u.geometry,
                }
            )
        )
    cols = ["id", "code", "name_zh", "name_en", "coverage", "prefecture_code", "geometry"]
    data = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(columns=cols)
    gdf = gpd.GeoDataFrame(data, geometry="geometry", crs=boundaries.geographic_crs())
    gdf["as_of"] = day.isoformat()
    gdf["coordinate_system"] = COORDINATE_SYSTEMS[crs]
    return _in_crs(gdf, crs)


def footprint_layers(snap: Snapshot, crs: str = "wgs84") -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The footprints of a snapshot's NNAs and their county-level units, as two GeoDataFrames.

    ``crs``: ``"wgs84"`` (default; converted from GCJ-02, CRS EPSG:4326) or ``"gcj02"`` (Amap's raw
    coordinates, no CRS); anything else is a :class:`UsageError`.
    """
    check_crs(crs)
    fps = snapshot_footprints(snap)
    return _flat(_frame(fps, snap.day), snap.day, crs), _units(fps, snap.day, crs)
