"""The replication report (``nnatlas report``): built for the real data in English and Chinese,
every page present, every internal link resolving, nothing fetched from outside, every page
dated and versioned, the tables' CSV files reading back, and the PDF with a page per NNA."""

from __future__ import annotations

import csv
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path

import pytest

import nnatlas as na
from conftest import run
from nnatlas.outputs.export.meta import data_version
from nnatlas.outputs.pages import page_files
from nnatlas.outputs.report import report
from nnatlas.outputs.tables import table

LANGS = ("en", "zh")


@pytest.fixture(scope="module")
def snap():
    return na.load().at("2018-12-31")


@pytest.fixture(scope="module")
def sites(snap, tmp_path_factory) -> dict[str, Path]:
    """The report in English (with the PDF when Chromium is installed) and in Chinese."""
    root = tmp_path_factory.mktemp("report")
    pdf = shutil.which("chromium") is not None
    return {lang: _build(snap, root / lang, lang, pdf=pdf and lang == "en") for lang in LANGS}


def _build(snap, out: Path, lang: str, pdf: bool) -> Path:
    report(snap, out, lang, pdf=pdf, echo=lambda _: None)
    return out


class _Refs(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.refs: list[tuple[str, str, str]] = []  # (tag, attribute, value)
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.refs.append((tag, name, value))
            if name == "id" and value:
                self.ids.add(value)


def _parse(path: Path) -> _Refs:
    p = _Refs()
    p.feed(path.read_text(encoding="utf-8"))
    return p


def _pages(site: Path) -> list[Path]:
    return sorted(site.glob("*.html"))


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_listed_exists(sites, snap, lang):
    site = sites[lang]
    expected = page_files(snap)
    assert len(expected) == 10 + len(snap.states)
    missing = [f for f in expected if not (site / f).is_file()]
    assert missing == []
    assert (site / "static" / "report.css").is_file()
    for n in (1, 2, 3):
        for suffix in ("png", "svg"):
            assert (site / "figures" / f"fig{n}.{suffix}").stat().st_size > 0


@pytest.mark.parametrize("lang", LANGS)
def test_every_internal_link_resolves(sites, lang):
    site = sites[lang]
    ids = {p.name: _parse(p).ids for p in _pages(site)}
    broken = []
    for page in _pages(site):
        for _, _, ref in _parse(page).refs:
            if re.match(r"^[a-z]+:", ref):  # http(s): links to sources' pages are checked below
                continue
            target, _, frag = ref.partition("#")
            path = (page.parent / target).resolve() if target else page
            if not path.is_file() or site.resolve() not in path.parents:
                broken.append(f"{page.name}: {ref}")
            elif frag and path.suffix == ".html" and frag not in ids[path.name]:
                broken.append(f"{page.name}: {ref} (no anchor)")
    assert broken == []


@pytest.mark.parametrize("lang", LANGS)
def test_nothing_is_fetched_from_outside(sites, lang):
    site = sites[lang]
    outside = []
    for page in _pages(site):
        for tag, attr, ref in _parse(page).refs:
            if re.match(r"^(https?:)?//", ref) and not (tag == "a" and attr == "href"):
                outside.append(f"{page.name}: <{tag} {attr}={ref}>")
        text = page.read_text(encoding="utf-8")
        assert "<script" not in text and "@import" not in text
    css = (site / "static" / "report.css").read_text(encoding="utf-8")
    assert not re.search(r"url\(|@import|@font-face|https?:", css)
    assert '"Noto Sans CJK SC", sans-serif' in css and "@media print" in css
    assert outside == []


@pytest.mark.parametrize("lang", LANGS)
def test_every_page_states_its_date_and_data_version(sites, snap, lang):
    version = data_version(snap.atlas).version
    for page in _pages(sites[lang]):
        text = page.read_text(encoding="utf-8")
        assert '<time class="as-of">2018-12-31</time>' in text, page.name
        assert version in text, page.name
        if page.name != "index.html" and page.name != "print.html":
            assert 'href="index.html"' in text, page.name


def test_the_chinese_report_is_in_chinese(sites):
    index = (sites["zh"] / "index.html").read_text(encoding="utf-8")
    assert 'lang="zh-Hans"' in index and "论文的观点" in index and "浦东新区" in index
    assert "重庆两江新区" in (sites["zh"] / "area-liangjiang.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("which", ["1", "2"])
def test_table_csv_reads_back(sites, snap, which):
    rows = table(snap, which)
    with open(sites["en"] / f"table{which}.csv", encoding="utf-8", newline="") as f:
        back = list(csv.DictReader(f))
    assert [r["id"] for r in back] == [r["id"] for r in rows]
    assert back == [{k: "" if v is None else str(v) for k, v in r.items()} for r in rows]
    assert f'href="table{which}.csv"' in (sites["en"] / "tables.html").read_text(encoding="utf-8")


def test_claims_page_has_every_claim_with_status_and_basis(sites, snap):
    text = (sites["en"] / "claims.html").read_text(encoding="utf-8")
    for c in na.claims.evaluate(snap):
        assert f'id="claim-{c["id"]}"' in text
    assert 'href="sources.html#src-paper"' in text


def test_nna_page_has_its_parts(sites):
    text = (sites["en"] / "area-liangjiang.html").read_text(encoding="utf-8")
    for part in ("Facts", "Timeline", "Locator map", "Governance network", "Development stage", "What is unknown"):
        assert part in text
    assert 'src="figures/locator-liangjiang.png"' in text and 'href="sources.html#src-liangjiang-approval"' in text


def test_a_second_build_copies_the_figures(snap, sites, tmp_path):
    lines: list[str] = []
    report(snap, tmp_path / "again", "en", echo=lines.append)
    assert any("0 to draw" in line for line in lines), lines
    assert (tmp_path / "again" / "figures" / "fig2.png").read_bytes() == (sites["en"] / "figures" / "fig2.png").read_bytes()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")], "a temporary folder was left"


def test_the_command_writes_the_report(capsys, tmp_path, sites):
    code, out, err = run(capsys, "report", "--out", str(tmp_path / "r"), "--lang", "zh")
    assert code == 0, err
    assert out.startswith("nnatlas report as of 2018-12-31 (zh)") and "done:" in out
    assert (tmp_path / "r" / "index.html").is_file()


def test_the_pdf_has_a_page_per_nna(sites, snap, tmp_path):
    """Fails (never skips) without chromium and poppler-utils: CI installs them (.ci/run)."""
    assert shutil.which("chromium"), "install chromium and poppler-utils (apt-get install chromium poppler-utils)"
    pdf = sites["en"] / "report.pdf"
    assert pdf.is_file()
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))
    assert pages >= len(snap.states)
    subprocess.run(["pdftoppm", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "first")], check=True)
    first = list(tmp_path.glob("first*.png"))
    assert len(first) == 1 and first[0].stat().st_size > 1000


def test_a_figure_with_nothing_to_draw_shows_its_reason(snap):
    from nnatlas.outputs.pages.data import area_page
    from nnatlas.outputs.report import render_pages

    reason = "nothing to draw for guian on 2018-12-31: no county-level unit has a polygon"
    page = area_page(snap, "guian", "en", {"figures/locator-guian.png": reason})
    html = render_pages([page])["area-guian.html"]
    assert f"Not drawn: {reason}" in html and 'src="figures/locator-guian.png"' not in html
    assert 'src="figures/network-guian.png"' in html
