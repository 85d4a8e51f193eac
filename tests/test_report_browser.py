"""The report in a real browser: Playwright (PyPI) driving Debian's Chromium opens every page of
the English and Chinese reports from disk. Every image loads, no request leaves file://, no
console error. Screenshots of the index, the claims page and one NNA page in each language are
saved under tmp and copied to /tmp/report-screenshots/.

This test fails, never skips, when Chromium or Playwright is missing: CI installs Chromium
(.ci/run) and Playwright comes with the dev extra.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import nnatlas as na
from nnatlas.outputs.pages import page_files
from nnatlas.outputs.report import report

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"]
SHOTS = ("index.html", "claims.html", "area-liangjiang.html")
SCREENSHOTS = Path("/tmp/report-screenshots")


@pytest.fixture(scope="module")
def snap():
    return na.load().at("2018-12-31")


@pytest.fixture(scope="module")
def sites(snap, tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("report-browser")
    for lang in ("en", "zh"):
        report(snap, root / lang, lang, echo=lambda _: None)
    return {lang: root / lang for lang in ("en", "zh")}


@pytest.fixture(scope="module")
def browser():
    assert Path(CHROMIUM).exists(), "install chromium (apt-get install chromium): the browser test needs it"
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        b = pw.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


@pytest.mark.parametrize("lang", ["en", "zh"])
def test_every_page_loads_in_the_browser(browser, sites, snap, lang, tmp_path):
    site = sites[lang]
    shots = tmp_path / "screenshots"
    shots.mkdir()
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    outside: list[str] = []
    context.route(lambda url: not url.startswith("file:"), lambda route: (outside.append(route.request.url), route.abort()))
    page = context.new_page()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(f"{msg.type}: {msg.text}") if msg.type == "error" else None)
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    failed: list[str] = []
    page.on("requestfailed", lambda req: failed.append(req.url))
    for name in page_files(snap):
        page.goto((site / name).resolve().as_uri(), wait_until="load")
        broken = page.evaluate(
            "() => Array.from(document.images).filter(i => !i.complete || i.naturalWidth === 0).map(i => i.src)"
        )
        assert broken == [], f"{name}: images not loaded: {broken}"
        assert page.evaluate("() => getComputedStyle(document.querySelector('nav')).display") != "", name
        if name in SHOTS:
            page.screenshot(path=str(shots / f"{lang}-{name.removesuffix('.html')}.png"), full_page=name != "claims.html")
    context.close()
    assert outside == [], f"requests left file://: {outside}"
    assert errors == [], errors
    assert [u for u in failed if u.startswith("file:")] == []
    SCREENSHOTS.mkdir(exist_ok=True)
    for shot in shots.iterdir():
        shutil.copy(shot, SCREENSHOTS / shot.name)
    assert len(list(shots.iterdir())) == len(SHOTS)
