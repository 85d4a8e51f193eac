"""The web atlas's JSON API in-process (TestClient): the CLI's records, one error envelope for
every route, read-only, offline headers, no path out of the package."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile

import pytest
from fastapi.testclient import TestClient

from conftest import run
from nnatlas.web.app import create_app
from nnatlas.web.middleware import CSP


@pytest.fixture(scope="module")
def client():
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        yield c


@pytest.fixture(scope="module")
def atlas(client):
    return client.app.state.service.atlas


def approved_by(atlas, day: dt.date) -> set[str]:
    return {a.id for a in atlas if a.kind == "state_level" and a.approval.date.last_day <= day}


# --- the same records as the CLI -------------------------------------------------------------------
@pytest.mark.parametrize(
    ("address", "args"),
    [
        ("/api/areas?at=2012-12-31", ("list", "--at", "2012-12-31", "--json")),
        ("/api/areas?at=2016-12-31&lang=zh", ("list", "--at", "2016-12-31", "--lang", "zh", "--json")),
        ("/api/areas/guian?at=2016", ("show", "guian", "--at", "2016", "--json")),
        ("/api/areas/贵安新区?at=2016", ("show", "guian", "--at", "2016", "--json")),
        ("/api/framework?at=2016-12-31", ("framework", "--at", "2016-12-31", "--json")),
        ("/api/claims", ("claims", "--json")),
        ("/api/stages?at=2020-06-30", ("stages", "--at", "2020-06-30", "--json")),
        ("/api/network/binhai?at=2018-12-31", ("network", "binhai", "--at", "2018-12-31", "--json")),
        ("/api/sources", ("sources", "--json")),
    ],
)
def test_the_api_returns_what_the_cli_prints(client, capsys, address, args):
    code, out, _ = run(capsys, *args)
    assert code == 0
    r = client.get(address)
    assert r.status_code == 200, r.text
    assert r.json() == json.loads(out)
    assert r.headers["x-data-version"] == client.app.state.service.data_version


def test_every_dated_record_states_its_date(client):
    for address in ("/api/areas?at=2014-06-30", "/api/framework?at=2014-06-30", "/api/stages?at=2014-06-30"):
        rows = client.get(address).json()
        assert rows and {r["as_of"] for r in rows} == {"2014-06-30"}
    assert client.get("/api/areas?at=2014-06-30").headers["x-as-of"] == "2014-06-30"
    assert client.get("/api/areas").headers["x-as-of"] == str(dt.date.today())


def test_areas_at_a_date_are_exactly_those_approved_by_then(client, atlas):
    for day in (dt.date(1992, 1, 1), dt.date(2012, 12, 31), dt.date(2017, 6, 1)):
        ids = {r["id"] for r in client.get(f"/api/areas?at={day}").json()}
        assert ids == approved_by(atlas, day)


def test_meta_lists_every_variable_with_both_labels(client, atlas):
    from nnatlas.analysis.framework import REGISTRY

    meta = client.get("/api/meta").json()
    assert [v["key"] for v in meta["variables"]] == list(REGISTRY)
    for v in meta["variables"]:
        assert v["label"]["en"] and v["label"]["zh"]
        assert set(v["categories"]) == set(REGISTRY[v["key"]].categories)
    assert {a["id"] for a in meta["areas"]} == set(atlas.ids)
    assert meta["data_version"] == client.app.state.service.data_version and meta["as_of"] == str(dt.date.today())
    org = next(v for v in meta["variables"] if v["key"] == "level.org_type")
    assert org["categories"]["management_committee"]["zh"] != "management_committee"


# --- the map's layers -------------------------------------------------------------------------------
def test_footprints_are_the_nnas_of_the_date_in_wgs84(client, atlas):
    day = dt.date(2012, 12, 31)
    fc = client.get(f"/api/geo/footprints?at={day}").json()
    drawn = {f["properties"]["id"] for f in fc["features"]}
    assert drawn | {n["id"] for n in fc["not_drawn"]} == {st.area.id for st in atlas.at(day).states}
    assert drawn and fc["as_of"] == str(day) and "WGS 84" in fc["crs_note"]
    for f in fc["features"]:
        assert f["geometry"]["type"] in ("Polygon", "MultiPolygon")
        assert 73 < f["properties"]["label_lon"] < 136 and 3 < f["properties"]["label_lat"] < 54


def test_an_nna_without_a_footprint_is_listed_with_its_reason(client, atlas):
    fc = client.get("/api/geo/footprints").json()
    today = {st.area.id for st in atlas.at(dt.date.today()).states}
    drawn = {f["properties"]["id"] for f in fc["features"]}
    assert {n["id"] for n in fc["not_drawn"]} == today - drawn
    assert all(n["reason"] for n in fc["not_drawn"])


def test_the_basemap_is_a_coverage_provinces_meet_without_overlaps(client):
    import shapely
    from shapely.geometry import shape

    base = client.get("/api/geo/base").json()
    provinces = [shape(f["geometry"]) for f in base["provinces"]["features"]]
    assert len(provinces) == 34 and all(p.is_valid for p in provinces)
    union = shapely.union_all(provinces)
    overlap = sum(p.area for p in provinces) - union.area
    assert overlap / union.area < 1e-3  # simplified as a coverage: shared borders simplified once
    names = {f["properties"]["code"]: f["properties"]["name_en"] for f in base["provinces"]["features"]}
    assert names["520000"] == "Guizhou"


def test_large_bodies_are_served_compressed_and_revalidated(client):
    r = client.get("/api/geo/base", headers={"Accept-Encoding": "gzip"})
    assert r.headers["content-encoding"] == "gzip"
    assert int(r.headers["content-length"]) < 250_000  # the compressed basemap
    again = client.get("/api/geo/base", headers={"If-None-Match": r.headers["etag"]})
    assert again.status_code == 304 and not again.content


def test_an_export_downloads_with_its_date(client):
    r = client.get("/api/export/csv?at=2016-12-31")
    assert r.status_code == 200 and r.headers["content-type"] == "application/zip"
    assert 'filename="nnatlas-csv-2016-12-31.zip"' in r.headers["content-disposition"]
    with zipfile.ZipFile(io.BytesIO(r.content)) as zf:
        names = zf.namelist()
        package = json.loads(zf.read(next(n for n in names if n.endswith("datapackage.json"))))
    assert any(n.endswith("areas.csv") for n in names)
    assert "2016-12-31" in json.dumps(package)
    late = client.get("/api/export/json?at=2108-01-01")  # past the zip format's last date, 2107
    assert late.status_code == 200 and zipfile.ZipFile(io.BytesIO(late.content)).namelist()
    db = client.get("/api/export/sqlite?at=2016-12-31")
    assert db.headers["content-type"] == "application/zip"
    assert {n.rsplit("/", 1)[1] for n in zipfile.ZipFile(io.BytesIO(db.content)).namelist()} == {
        "nnatlas.sqlite",
        "metadata.json",
    }
    one = client.get("/api/export/xlsx?at=2016-12-31")
    assert one.status_code == 200 and one.content[:2] == b"PK" and "nnatlas-2016-12-31.xlsx" in one.headers["content-disposition"]


# --- one error envelope -----------------------------------------------------------------------------
ROUTES = [
    "/api/areas",
    "/api/areas/pudong",
    "/api/framework",
    "/api/claims",
    "/api/stages",
    "/api/network/pudong",
    "/api/geo/footprints",
    "/api/export/csv",
    "/index.json",
    "/compare.json",
    "/areas/pudong.json",
    "/figures/locator/pudong.png",
]


def envelope(r, status: int, code: str) -> dict:
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/json")
    err = r.json()["error"]
    assert err["status"] == status and err["code"] == code and err["message"]
    assert "\n" not in err["message"] and "Traceback" not in r.text
    return err


@pytest.mark.parametrize("route", ROUTES)
@pytest.mark.parametrize("bad", ["2018-13-01", "yesterday", "2018-02-30", "99999", "0000"])
def test_a_bad_date_is_a_422_naming_the_accepted_form(client, route, bad):
    err = envelope(client.get(f"{route}?at={bad}"), 422, "bad_date")
    assert "YYYY-MM-DD" in err["accepted"] or "up to" in err["accepted"]


@pytest.mark.parametrize("route", ["/api/areas", "/api/meta", "/index.json", "/claims.json", "/figures/network/pudong.png"])
def test_a_bad_language_is_a_422(client, route):
    err = envelope(client.get(f"{route}?lang=fr"), 422, "bad_lang")
    assert err["accepted"] == "en or zh"


@pytest.mark.parametrize("route", ["/api/areas/{}", "/api/network/{}", "/areas/{}.json", "/figures/locator/{}.png"])
def test_an_unknown_id_is_a_404_naming_the_closest(client, route):
    err = envelope(client.get(route.format("pudongg")), 404, "unknown_area")
    assert "pudong" in err["did_you_mean"]
    assert "pudong" in err["accepted"]


def test_a_bad_variable_format_or_selection(client):
    err = envelope(client.get("/index.json?var=level.org_tpye"), 422, "bad_variable")
    assert err["did_you_mean"][0] == "level.org_type"
    envelope(client.get("/index.json?sel=nowhere"), 404, "unknown_area")
    err = envelope(client.get("/api/export/xls"), 422, "bad_format")
    assert err["did_you_mean"] == ["xlsx"] and "parquet" in err["accepted"]
    envelope(client.get("/figures/map/pudong.png"), 422, "bad_figure")


def test_a_figure_that_cannot_be_drawn_is_a_404_saying_why(client, atlas):
    xiongan = atlas["xiongan"].approval.date.last_day
    err = envelope(client.get(f"/figures/locator/xiongan.png?at={xiongan - dt.timedelta(days=1)}"), 404, "not_drawn")
    assert "did not exist" in err["message"]


def test_the_server_is_read_only(client):
    for method in ("post", "put", "delete", "patch"):
        r = getattr(client, method)("/api/areas")
        envelope(r, 405, "method_not_allowed")
        assert r.headers["allow"] == "GET, HEAD"


@pytest.mark.parametrize(
    "address",
    [
        "/nothing",
        "/api/nothing",
        "/static/../app.py",
        "/static/%2e%2e/app.py",
        "/static/..%2fapp.py",
        "/static/%2e%2e/%2e%2e/pyproject.toml",
        "/static//etc/passwd",
        "/static/report/../../pages/data.py",
    ],
)
def test_no_address_leaves_the_package(client, address):
    r = client.get(address)
    assert r.status_code == 404
    assert b"import " not in r.content and b"root:" not in r.content


def test_every_response_forbids_other_origins(client):
    for address in ("/api/areas", "/nothing", "/api/areas?at=x", "/static/report/report.css", "/openapi.json"):
        r = client.get(address)
        assert r.headers["content-security-policy"] == CSP
        assert r.headers["x-content-type-options"] == "nosniff"
    assert "default-src 'self'" in CSP and "http" not in CSP


def test_openapi_describes_every_api_route_and_the_envelope(client):
    spec = client.get("/openapi.json").json()
    for path in (
        "/api/areas",
        "/api/areas/{area_id}",
        "/api/framework",
        "/api/claims",
        "/api/stages",
        "/api/network/{area_id}",
        "/api/geo/footprints",
        "/api/sources",
        "/api/export/{fmt}",
    ):
        assert path in spec["paths"], path
        assert "422" in spec["paths"][path]["get"]["responses"]
    assert "Envelope" in spec["components"]["schemas"]


def test_warming_computes_the_map_page_before_the_first_visitor():
    from nnatlas.web.app import warm, warm_paths

    app = create_app()
    day = dt.date.today()
    warm(app, warm_paths(day))
    kept = app.state.service.memo._items
    assert ("footprints", day) in kept and ("framework", day) in kept and ("base",) in kept


@pytest.mark.parametrize("address", ["/", "/api/areas?at=2016", "/api/export/csv?at=2016", "/areas/pudong?at=2016"])
def test_head_is_the_get_without_its_body(client, address):
    got, head = client.get(address), client.head(address)
    assert head.status_code == 200 and head.content == b""
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["etag"] == got.headers["etag"]


def test_a_query_parameter_a_route_does_not_take_is_refused(client):
    err = envelope(client.get("/api/framework?var=level.org_type"), 422, "unknown_parameter")
    assert err["accepted"] == "at"
    err = envelope(client.get("/api/areas?lnag=zh"), 422, "unknown_parameter")
    assert err["did_you_mean"] == ["lang"]
    envelope(client.get("/api/sources?at=2016"), 422, "unknown_parameter")
    envelope(client.get("/api/areas?at=2016&at=2017"), 422, "repeated_parameter")


def test_an_error_never_echoes_a_whole_input(client):
    err = envelope(client.get("/api/areas?at=" + "9" * 5000), 422, "bad_date")
    assert len(err["message"]) < 120


def test_a_trailing_slash_is_a_404_not_a_redirect(client):
    envelope(client.get("/api/areas/", follow_redirects=False), 404, "not_found")


def test_a_browser_asking_for_a_missing_page_gets_a_page(client):
    r = client.get("/compar", headers={"Accept": "text/html"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("text/html")
    assert client.get("/compar").headers["content-type"].startswith("application/json")  # a program gets the envelope
    assert client.get("/api/nothing", headers={"Accept": "text/html"}).headers["content-type"].startswith("application/json")


def test_headers_are_not_repeated(client):
    r = client.get("/", headers={"Accept-Encoding": "gzip"})
    names = [k.lower() for k, _ in r.headers.multi_items()]
    assert names.count("vary") == 1 and names.count("content-security-policy") == 1
