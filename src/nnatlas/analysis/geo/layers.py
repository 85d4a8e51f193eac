"""The footprint layers as GeoDataFrames, ready to be written: one row per NNA, and one row per
(NNA, county-level unit) found, each with ``as_of``, the coordinate system and the boundary
source. :mod:`nnatlas.outputs.export.geo` writes them."""

from __future__ import annotations

from nnatlas.analysis.geo import boundaries
from nnatlas.analysis.geo._deps import gpd, pd
from nnatlas.analysis.geo.footprint import _frame, snapshot_footprints
from nnatlas.analysis.geo.source import source_note
from nnatlas.atlas import Snapshot

COORDINATE_SYSTEM = "GCJ-02 (Amap) longitude/latitude; differs from WGS-84 by a few hundred metres"


def _flat(gdf: gpd.GeoDataFrame, day) -> gpd.GeoDataFrame:
    out = gdf.reset_index()
    out["missing_codes"] = out["missing_codes"].map(lambda v: "; ".join(v) if v else "")
    out["as_of"] = day.isoformat()
    out["coordinate_system"] = COORDINATE_SYSTEM
    out["boundary_source"] = source_note("en")
    return out


def _units(fps, day) -> gpd.GeoDataFrame:
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
    return gdf


def footprint_layers(snap: Snapshot) -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The footprints of a snapshot's NNAs and their county-level units, as two GeoDataFrames."""
    fps = snapshot_footprints(snap)
    return _flat(_frame(fps, snap.day), snap.day), _units(fps, snap.day)
