"""The web atlas end to end: Playwright (PyPI) driving Debian's Chromium against the real app
(``nnatlas.web.app.create_app()`` under uvicorn in a background thread on a free loopback port).

Every test asserts that no request left the machine and that the page logged no console error.
Expected answers are computed from the atlas, never copied from the pages. Screenshots are
saved under tmp and copied to /tmp/web-screenshots/.

This file fails, never skips, when Chromium or Playwright is missing: CI installs Chromium
(.ci/run) and Playwright comes with the dev extra.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import re
import shutil
import socket
import threading
import time
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import pytest

import nnatlas as na
from nnatlas.analysis.framework import REGISTRY
from nnatlas.outputs.export import FORMATS
from nnatlas.outputs.export.meta import data_version
from nnatlas.web import pages

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
SCREENSHOTS = Path("/tmp/web-screenshots")
LOOPBACK = {"127.0.0.1", "localhost", "::1", "[::1]"}
READY = "body[data-ready]"


@pytest.fixture(scope="module")
def atlas():
    return na.load()


@pytest.fixture(scope="module")
def base_url():
    import uvicorn

    from nnatlas.web.app import create_app
    from nnatlas.web.vendor import TARGET

    assert (TARGET / "leaflet.js").is_file(), (
        "vendor the map library first: npm ci --ignore-scripts && python -m nnatlas.web.vendor"
    )
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.bind(("127.0.0.1", 0))
    sock.listen(128)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(), log_level="warning", access_log=False, lifespan="off"))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "the web server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    sock.close()


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "install chromium (apt-get install chromium): the browser test needs it"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("web-screenshots")
    yield folder
    SCREENSHOTS.mkdir(exist_ok=True)
    for shot in folder.iterdir():
        shutil.copy(shot, SCREENSHOTS / shot.name)


class Watched:
    """A browser context whose every request is checked to stay on the loopback host, and whose
    pages' console errors and failed requests are collected."""

    def __init__(self, browser, **options):
        self.outside: list[str] = []
        self.errors: list[str] = []
        self.context = browser.new_context(viewport={"width": 1400, "height": 900}, accept_downloads=True, **options)
        self.context.route("**/*", self._guard)
        self.context.set_default_timeout(120_000)  # a figure is drawn on its first request
        self.page = self.context.new_page()
        self.page.on("console", lambda m: self.errors.append(f"{m.type}: {m.text}") if m.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(f"page error: {exc}"))

    def _guard(self, route):
        url = urlparse(route.request.url)
        if url.scheme in ("data", "blob") or url.hostname in LOOPBACK:
            route.continue_()
        else:
            self.outside.append(route.request.url)
            route.abort()

    def check(self):
        assert self.outside == [], f"requests left the machine: {self.outside}"
        assert self.errors == [], self.errors

    def close(self):
        self.context.close()


@pytest.fixture
def web(browser):
    w = Watched(browser)
    yield w
    w.close()


def _open_map(page, url: str) -> None:
    page.goto(url, wait_until="load")
    page.wait_for_selector(READY)


def _drawn(page) -> tuple[list[str], list[str], list[str]]:
    """The ids listed beside the map, those drawn (a marker each) and those listed as not drawn."""
    listed = page.eval_on_selector_all("#area-list li[data-id]", "els => els.map(e => e.dataset.id)")
    marked = page.eval_on_selector_all("path.nna-marker", "els => els.map(e => e.dataset.id)")
    missing = page.eval_on_selector_all("#not-drawn li[data-id]", "els => els.map(e => e.dataset.id)")
    return listed, marked, missing


def _approved_by(atlas, day: dt.date) -> set[str]:
    return {a.id for a in atlas if a.approval.date.first_day <= day}


def _most_isolated_marker(page) -> str:
    boxes = page.eval_on_selector_all(
        "path.nna-marker",
        "els => els.map(e => { const b = e.getBoundingClientRect(); "
        "return [e.dataset.id, b.x + b.width / 2, b.y + b.height / 2]; })",
    )
    assert boxes, "no marker drawn"

    def gap(item):
        return min((math.dist(item[1:], other[1:]) for other in boxes if other is not item), default=math.inf)

    return max(boxes, key=gap)[0]


def _query(page) -> dict[str, str]:
    return {k: v[0] for k, v in parse_qs(urlparse(page.url).query).items()}


# --- page data without the browser ------------------------------------------------------------------
@pytest.mark.parametrize("kind", pages.KINDS)
def test_every_page_dict_has_its_chrome_and_no_report_links(atlas, kind):
    snap = atlas.at("2016-12-31")
    params = {"id": "liangjiang"} if kind == "area" else {}
    for lang in ("en", "zh"):
        page = pages.build(kind, snap, lang, params)
        for key in ("template", "title", "as_of", "data_version", "lang", "t", "nav"):
            assert key in page, (kind, key)
        assert page["as_of"] == "2016-12-31"
        assert page["data_version"] == data_version(atlas).version
        hrefs = re.findall(r"'(?:\w*href|paper_source)': '([^']*)'", repr({k: v for k, v in page.items() if k != "t"}))
        assert not [h for h in hrefs if h.endswith(".html") or ".html#" in h], (kind, hrefs)


def test_the_map_page_counts_every_nna_of_the_day(atlas):
    day = dt.date(2016, 12, 31)
    page = pages.build("index", atlas.at(day), "zh", {"var": "level.org_type"})
    assert {a["id"] for a in page["areas"]} == _approved_by(atlas, day)
    assert sum(e["count"] for e in page["legend"]) == len(page["areas"])
    assert page["var_label"] == REGISTRY["level.org_type"].title("zh")
    assert page["slider"]["value"] == pages.month_index(day)


# --- in the browser ----------------------------------------------------------------------------------
def test_the_slider_shows_exactly_the_nnas_approved_by_then_and_a_click_opens_one(web, base_url, atlas, shots):
    page = web.page
    _open_map(page, f"{base_url}/?lang=en")
    day = dt.date(2012, 12, 31)
    slider = page.locator("#slider")
    steps = int(slider.get_attribute("max")) - pages.month_index(day)
    slider.focus()
    page.keyboard.press("End")
    for _ in range(steps // 12):
        page.keyboard.press("PageDown")
    for _ in range(steps % 12):
        page.keyboard.press("ArrowLeft")
    page.wait_for_selector(f'body[data-drawn-at="{day}"]')
    assert page.input_value("#date") == str(day)
    assert _query(page)["at"] == str(day)
    listed, marked, missing = _drawn(page)
    expected = _approved_by(atlas, day)
    assert set(listed) == expected and len(listed) == len(expected)
    assert set(marked) | set(missing) == expected and not set(marked) & set(missing)
    assert page.locator("#legend .count").all_inner_texts() and sum(
        int(n) for n in page.locator("#legend .count").all_inner_texts()
    ) == len(expected)
    page.screenshot(path=str(shots / "map-2012-en.png"))

    target = _most_isolated_marker(page)
    page.locator(f"path.nna-marker.nna-{target}").hover()
    tip = page.locator(".leaflet-tooltip.nna-tip")
    tip.wait_for()
    assert atlas[target].names.en in tip.inner_text()
    page.locator(f"path.nna-marker.nna-{target}").click()
    page.wait_for_url(re.compile(rf"/areas/{target}\?"))
    assert _query(page) == {"at": str(day), "lang": "en"}
    assert page.locator("h1").inner_text() == atlas[target].names.en
    assert page.locator("time.as-of").first.inner_text() == str(day)
    page.screenshot(path=str(shots / f"area-{target}-2012-en.png"), full_page=True)

    page.go_back()  # the map again, with the clicked NNA selected
    page.wait_for_selector(f'body[data-drawn-at="{day}"]')
    assert page.locator("#area-list li.selected").get_attribute("data-id") == target
    web.check()


def test_switching_to_chinese_shows_chinese_labels_and_is_remembered(web, base_url, atlas, shots):
    page = web.page
    _open_map(page, f"{base_url}/?at=2018-12-31&var=level.org_type&lang=en")
    page.click("a.lang[data-lang=zh]")
    page.wait_for_url(re.compile(r"lang=zh"))
    page.wait_for_selector(READY)
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert _query(page)["at"] == "2018-12-31" and _query(page)["var"] == "level.org_type"
    var = REGISTRY["level.org_type"]
    assert page.locator("#var option:checked").inner_text() == var.title("zh")
    assert page.locator("#var-label").inner_text() == var.title("zh")
    names = page.locator("#area-list li a").all_inner_texts()
    snap = atlas.at("2018-12-31")
    assert sorted(names) == sorted(st.area.names.zh for st in snap.states)
    legend = page.locator("#legend .label").all_inner_texts()
    assert legend and set(legend) <= {zh for _, zh in var.categories.labels.values()} | {"未知"}
    page.screenshot(path=str(shots / "map-2018-zh.png"))

    page.goto(f"{base_url}/compare", wait_until="load")  # no lang in the address: the remembered one
    page.wait_for_url(re.compile(r"lang=zh"))
    page.wait_for_selector(READY)
    assert page.get_attribute("html", "lang") == "zh-Hans"
    page.goto(f"{base_url}/compare?lang=en", wait_until="load")  # an explicit lang wins
    page.wait_for_selector(READY)
    assert page.get_attribute("html", "lang") == "en"
    web.check()


def test_the_compare_csv_is_exactly_the_table_shown(web, base_url, atlas, shots, tmp_path):
    page = web.page
    day = "2016-12-31"
    page.goto(f"{base_url}/compare?at={day}&lang=zh", wait_until="load")
    page.wait_for_selector(READY)
    page.check("fieldset.columns input[value='relation.trusteeship']")
    page.uncheck("fieldset.columns input[value='level.rank']")
    region = page.locator("tr.filters td[data-col='size.region'] select")
    choice = region.locator("option").nth(1).inner_text()
    region.select_option(label=choice)
    page.click("th[data-col='name'] button.sort")
    page.click("th[data-col='name'] button.sort")  # descending
    headers = page.eval_on_selector_all(
        "#compare thead tr:first-child th", "els => els.filter(e => e.checkVisibility()).map(e => e.innerText.trim())"
    )
    shown = page.eval_on_selector_all(
        "#compare tbody tr",
        "rows => rows.filter(r => r.checkVisibility())"
        ".map(r => [...r.cells].filter(c => c.checkVisibility()).map(c => c.innerText.trim()))",
    )
    assert shown and len(shown) < len(atlas.at(day).states)
    assert REGISTRY["relation.trusteeship"].title("zh") in headers and REGISTRY["level.rank"].title("zh") not in headers
    with page.expect_download() as info:
        page.click("#download-csv")
    download = info.value
    assert day in download.suggested_filename and data_version(atlas).version in download.suggested_filename
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    table = list(csv.reader(raw.decode("utf-8-sig").splitlines()))
    assert table[0] == ["as_of", *headers]
    assert table[1:] == [[day, *row] for row in shown]
    page.screenshot(path=str(shots / "compare-2016-zh.png"), full_page=True)

    page.reload(wait_until="load")  # the view is in the address: it opens as it was
    page.wait_for_selector(READY)
    assert (
        page.eval_on_selector_all(
            "#compare thead tr:first-child th", "els => els.filter(e => e.checkVisibility()).map(e => e.innerText.trim())"
        )
        == headers
    )
    assert page.eval_on_selector_all(
        "#compare tbody tr", "rows => rows.filter(r => r.checkVisibility()).map(r => r.dataset.id)"
    ) == [row[0] for row in shown]
    web.check()


def test_a_shared_address_opens_as_it_was(web, base_url, atlas, shots):
    page = web.page
    day = dt.date(2016, 12, 31)
    sel = max(_approved_by(atlas, day), key=lambda i: atlas[i].approval.date.first_day)
    url = f"{base_url}/?at={day}&var=level.org_type&sel={sel}&lang=zh"

    def assert_view():
        page.wait_for_selector(f'body[data-drawn-at="{day}"]')
        assert page.input_value("#slider") == str(pages.month_index(day))
        assert page.input_value("#date") == str(day)
        assert page.input_value("#var") == "level.org_type"
        assert page.get_attribute("html", "lang") == "zh-Hans"
        assert page.locator("#area-list li.selected").get_attribute("data-id") == sel
        assert "selected" in (page.locator(f"path.nna-marker.nna-{sel}").get_attribute("class") or "")
        assert _query(page) == {"at": str(day), "var": "level.org_type", "sel": sel, "lang": "zh"}

    _open_map(page, url)
    assert_view()
    page.screenshot(path=str(shots / "map-shared-2016-zh.png"))
    page.reload(wait_until="load")
    assert_view()
    web.check()


def test_the_answer_to_which_had_a_management_committee_at_the_end_of_2016(web, base_url, atlas):
    page = web.page
    _open_map(page, f"{base_url}/?lang=en")
    page.select_option("#var", "level.org_type")
    page.fill("#date", "2016-12-31")
    page.dispatch_event("#date", "change")
    page.wait_for_selector('body[data-drawn-at="2016-12-31"][data-drawn-var="level.org_type"]')
    label = pages.value_label("level.org_type", "management_committee", "en")
    rows = page.eval_on_selector_all("#area-list li", "els => els.map(e => [e.dataset.id, e.querySelector('.value').innerText])")
    snap = atlas.at("2016-12-31")
    from nnatlas.analysis import framework

    expected = {r["id"] for r in framework.assess(snap) if r["level"]["org_type"] == "management_committee"}
    assert {i for i, value in rows if value == label} == expected
    assert expected, "no NNA had a management committee at the end of 2016: the question needs another date"
    entry = page.locator("#legend button.entry", has_text=label)
    assert entry.locator(".count").inner_text() == str(len(expected))
    entry.click()  # the list narrowed to that entry, the others dimmed on the map
    listed = page.eval_on_selector_all("#area-list li", "els => els.filter(e => e.checkVisibility()).map(e => e.dataset.id)")
    assert set(listed) == expected
    assert page.locator("#legend button.entry[aria-pressed=true]").inner_text().startswith(label)
    page.click("#legend button.show-all")
    assert page.locator("#area-list li:visible").count() == len(snap.states)
    web.check()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_loads_without_errors(web, base_url, atlas, shots, lang):
    page = web.page
    area = atlas.at("2018-12-31").states[0].area.id
    for name, path in (
        ("map", "/"),
        ("area", f"/areas/{area}"),
        ("compare", "/compare"),
        ("claims", "/claims"),
        ("typologies", "/typologies"),
        ("sources", "/sources"),
        ("downloads", "/downloads"),
        ("about", "/about"),
    ):
        at = "" if name == "claims" else "at=2018-12-31&"
        page.goto(f"{base_url}{path}?{at}lang={lang}", wait_until="load")
        page.wait_for_selector(READY)
        assert page.locator("time.as-of").first.inner_text() == "2018-12-31", name
        assert page.locator(".data-version").first.inner_text() == data_version(atlas).version, name
        assert page.get_attribute("html", "lang") == ("zh-Hans" if lang == "zh" else "en")
        page.wait_for_load_state("networkidle")
        broken = page.evaluate("() => [...document.images].filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)")
        assert broken == [], f"{name}: images not loaded: {broken}"
        links = page.eval_on_selector_all("a[href]", "els => els.map(a => a.getAttribute('href'))")
        report_links = [h for h in links if re.search(r"\.html($|#)", h) and not re.match(r"https?://", h)]
        assert report_links == [], f"{name}: links to the report's files left"
        twin = page.request.get(base_url + page.get_attribute("a.json-twin", "href"))  # the page's JSON twin
        assert twin.ok and twin.json()["as_of"] == "2018-12-31" and twin.json()["lang"] == lang, name
        if name == "downloads":
            hrefs = page.eval_on_selector_all("a.download", "els => els.map(a => a.getAttribute('href'))")
            assert hrefs == [f"/api/export/{f}?at=2018-12-31" for f in FORMATS]
        if name == "about":
            licence = page.request.get(base_url + page.get_attribute("a[href$='leaflet/LICENSE']", "href"))
            assert licence.ok and "BSD 2-Clause" in licence.text()
        if name in ("area", "claims", "downloads", "about"):
            page.screenshot(path=str(shots / f"{name}-{lang}.png"), full_page=name not in ("claims",))
    web.check()


def test_an_unknown_area_is_an_error_page_in_the_language(web, base_url):
    page = web.page
    response = page.goto(f"{base_url}/areas/nowhere?lang=zh", wait_until="load")
    assert response.status == 404
    assert page.get_attribute("html", "lang") == "zh-Hans"
    assert "nowhere" in page.locator(".error-message").inner_text()
    web.errors = [e for e in web.errors if "404" not in e]  # the page's own status
    web.check()


@pytest.mark.parametrize("path", ["/areas/ganjiang", "/", "/compare", "/sources"])
def test_at_phone_width_the_language_switch_is_in_view_and_nothing_scrolls_sideways(web, base_url, shots, path):
    page = web.page
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{base_url}{path}?lang=zh", wait_until="load")
    page.wait_for_selector(READY)
    page.wait_for_load_state("networkidle")
    width = page.evaluate("document.documentElement.clientWidth")
    assert width == 390
    assert page.evaluate("document.documentElement.scrollWidth") <= width, path
    for selector in (".lang-switch a[data-lang=en]", ".lang-switch a[data-lang=zh]", "a.nav-link[data-kind=about]"):
        box = page.locator(selector).bounding_box()
        assert box and box["x"] >= 0 and box["x"] + box["width"] <= width and box["y"] >= 0, (path, selector, box)
    name = path.strip("/").replace("/", "-") or "map"
    page.screenshot(path=str(shots / f"phone-{name}-zh.png"))
    page.click(".lang-switch a[data-lang=en]")  # reachable: it switches the language
    page.wait_for_selector(READY)
    assert page.get_attribute("html", "lang") == "en"
    web.check()


def test_back_after_changing_the_variable_or_selection_restores_the_view(web, base_url, atlas):
    page = web.page
    day = dt.date(2016, 12, 31)
    first, second = "size.region", "level.org_type"
    _open_map(page, f"{base_url}/?at={day}&var={first}&lang=en")
    page.wait_for_selector(f'body[data-drawn-var="{first}"]')
    page.select_option("#var", second)
    page.wait_for_selector(f'body[data-drawn-var="{second}"]')
    assert _query(page)["var"] == second
    target = sorted(_approved_by(atlas, day))[0]
    page.click(f'#area-list li[data-id="{target}"] .value')
    assert _query(page).get("sel") == target
    page.go_back()
    page.wait_for_function("() => !new URLSearchParams(location.search).get('sel')")
    assert page.locator("#area-list li.selected").count() == 0
    assert page.input_value("#var") == second
    page.go_back()
    page.wait_for_selector(f'body[data-drawn-var="{first}"]')
    assert urlparse(page.url).path == "/", "Back left the atlas"
    assert page.input_value("#var") == first
    assert _query(page)["var"] == first and _query(page)["at"] == str(day)
    assert page.locator("#var-label").inner_text() == REGISTRY[first].title("en")
    page.go_forward()
    page.wait_for_selector(f'body[data-drawn-var="{second}"]')
    assert page.input_value("#var") == second
    web.check()
