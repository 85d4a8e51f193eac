"""The replication report (``nnatlas report``): a self-contained static site of the paper's
argument, its claims checked against the data, its tables and figures, one page per New Area,
the typologies, codebook, coverage and sources.

The pages come from :mod:`nnatlas.outputs.pages` (page data + Jinja2 templates). Figures are
drawn once per (data version, date, language, figure kind, id) and cached under
``cache_root() / "report-figures"``: a second build with the same data, date and language copies
them. Every file is written atomically, into a sibling temporary folder that is moved into place
only when the site is complete. With ``pdf=True``, ``report.pdf`` is printed by headless Chromium
from one print page that concatenates every page.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import json
import multiprocessing
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from nnatlas.atlas import Snapshot
from nnatlas.core.errors import UsageError
from nnatlas.core.files import atomic_path, folder_beside, replace_folder
from nnatlas.core.settings import cache_root, check_lang
from nnatlas.outputs.export.meta import data_version
from nnatlas.outputs.pages.data import FIGURES, STATIC, environment, site

CHROMIUM = "/usr/bin/chromium"
#: The report's earliest date: the first New Area (Pudong) was approved in 1992.
FIRST_DAY = dt.date(1992, 1, 1)
CHROMIUM_HINT = "--pdf needs Chromium: install it (Debian: apt-get install chromium)"


def check_day(day: dt.date) -> dt.date:
    """``day`` unless it is before 1992-01-01 (no New Area to report on), else a one-line UsageError."""
    if day < FIRST_DAY:
        raise UsageError(f"--at {day} is before the first New Area (Pudong, 1992): use a date from {FIRST_DAY} on")
    return day


def figure_cache() -> Path:
    return cache_root() / "report-figures"


def _key(version: str, day: str, lang: str, kind: str, ident: str, suffix: str) -> str:
    raw = json.dumps([version, day, lang, kind, ident, suffix])
    return hashlib.sha256(raw.encode()).hexdigest()[:24] + suffix


def _figure_specs(snap: Snapshot, lang: str) -> list[tuple[str, str, str, str]]:
    """Every figure of the report: (site path, kind, id, suffix)."""
    specs = [(f"figures/fig{n}{s}", "paper", str(n), s) for n in FIGURES for s in (".png", ".svg")]
    for st in snap.states:
        specs.append((f"figures/locator-{st.area.id}.png", "locator", st.area.id, ".png"))
        specs.append((f"figures/network-{st.area.id}.png", "network", st.area.id, ".png"))
    return specs


def _draw(snap: Snapshot, lang: str, kind: str, ident: str, out: Path) -> None:
    if kind == "paper":
        from nnatlas.outputs.plot.paper import draw_figure

        draw_figure(int(ident), snap, out, lang=lang)
    elif kind == "locator":
        from nnatlas.outputs.plot.locator import locator_map

        locator_map(snap, ident, lang=lang, out=out)
    else:
        from nnatlas.outputs.plot.network import draw_network

        draw_network(snap, ident, lang, out)


#: The figure jobs of the running report, read by forked workers (which inherit them).
_JOBS: list[Callable[[], str | None]] = []


def _run_job(i: int) -> tuple[int, str | None]:
    return i, _JOBS[i]()


def _quiet_on_interrupt() -> None:
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))


def _cached_draw(snap: Snapshot, lang: str, kind: str, ident: str, cached: Path) -> str | None:
    """Draw into the cache (atomically); return the reason when there is nothing to draw."""
    reason_file = cached.with_suffix(cached.suffix + ".reason")
    try:
        with atomic_path(cached) as tmp:
            tmp_fig = tmp.with_name(tmp.stem + cached.suffix)  # the drawing functions check the suffix
            try:
                _draw(snap, lang, kind, ident, tmp_fig)
                os.replace(tmp_fig, tmp)
            finally:
                tmp_fig.unlink(missing_ok=True)
    except UsageError as exc:
        with atomic_path(reason_file) as tmp:
            tmp.write_text(str(exc), encoding="utf-8")
        return str(exc)
    return None


def _figures(snap: Snapshot, lang: str, site_dir: Path, step, workers: int) -> dict[str, str]:
    """Draw (or copy from the cache) every figure into ``site_dir``; return {site path: reason}
    for those with nothing to draw."""
    version = data_version(snap.atlas).version
    cache = figure_cache()
    cache.mkdir(parents=True, exist_ok=True)
    specs = _figure_specs(snap, lang)
    cached = {path: cache / _key(version, str(snap.day), lang, kind, ident, suffix) for path, kind, ident, suffix in specs}
    todo = [
        (p, k, i)
        for p, k, i, _ in specs
        if not cached[p].exists() and not cached[p].with_suffix(cached[p].suffix + ".reason").exists()
    ]
    step(f"figures: {len(specs) - len(todo)} from the cache, {len(todo)} to draw")
    _JOBS[:] = [lambda k=k, i=i, c=cached[p]: _cached_draw(snap, lang, k, i, c) for p, k, i in todo]
    if len(todo) > 1 and workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_on_interrupt) as pool:
            for n, _ in enumerate(pool.imap_unordered(_run_job, range(len(_JOBS))), 1):
                if n % 10 == 0 or n == len(_JOBS):
                    step(f"  drawn {n}/{len(_JOBS)}")
    else:
        for n in range(len(_JOBS)):
            _run_job(n)
    errors: dict[str, str] = {}
    for path, *_ in specs:
        src, reason = cached[path], cached[path].with_suffix(cached[path].suffix + ".reason")
        if src.exists():
            _copy(src, site_dir / path)
        elif reason.exists():
            errors[path] = reason.read_text(encoding="utf-8")
        else:  # pragma: no cover - a worker died
            raise RuntimeError(f"figure {path} was not drawn")
    # an SVG of a paper figure that could not be drawn has the same reason as its PNG
    return errors


def _copy(src: Path, dest: Path) -> None:
    with atomic_path(dest) as tmp:
        shutil.copyfile(src, tmp)


def _write(path: Path, text: str) -> None:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")


def _csv(records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    columns = list(records[0]) if records else []
    w = csv.DictWriter(buf, fieldnames=columns, lineterminator="\n")
    w.writeheader()
    for r in records:
        w.writerow({k: ("" if v is None else v) for k, v in r.items()})
    return buf.getvalue()


def render_pages(pages: list[dict[str, Any]], root: str = "") -> dict[str, str]:
    """Every page rendered to HTML: {file name: html}."""
    env = environment()
    return {p["file"]: env.get_template(f"{p['kind']}.html").render(p, root=root) for p in pages}


def _print_page(pages: list[dict[str, Any]]) -> str:
    """One page concatenating every page's content, for printing."""
    env = environment()
    sections = []
    for p in pages:
        tmpl = env.get_template(f"{p['kind']}.html")
        ctx = tmpl.new_context(dict(p, root=""))
        sections.append({"kind": p["kind"], "file": p["file"], "title": p["title"], "html": "".join(tmpl.blocks["content"](ctx))})
    first = pages[0]
    return env.get_template("print.html").render(
        dict(first, file="print.html", title=first["t"]["site"]), sections=sections, root=""
    )


def chromium() -> str | None:
    found = shutil.which("chromium") or (CHROMIUM if Path(CHROMIUM).exists() else None)
    return found


def print_pdf(html: Path, pdf: Path, timeout: float = 180) -> Path:
    """Print ``html`` to ``pdf`` with headless Chromium (atomically)."""
    exe = chromium()
    if exe is None:
        raise UsageError(CHROMIUM_HINT)
    with atomic_path(pdf) as tmp, tempfile.TemporaryDirectory() as profile:
        cmd = [
            exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--no-first-run", f"--user-data-dir={profile}",
            "--no-pdf-header-footer", f"--print-to-pdf={tmp}", html.resolve().as_uri(),
        ]  # fmt: skip
        done = subprocess.run(cmd, capture_output=True, timeout=timeout, check=False)
        if done.returncode != 0 or tmp.stat().st_size == 0:
            raise RuntimeError(f"chromium could not print {html}: {done.stderr.decode(errors='replace')[-300:]}")
    return pdf


def report(
    snap: Snapshot,
    out: Path,
    lang: str = "en",
    *,
    pdf: bool = False,
    echo: Callable[[str], None] = print,
    workers: int | None = None,
) -> list[Path]:
    """Write the report for the snapshot into the folder ``out``; returns the files written."""
    check_lang(lang)
    check_day(snap.day)
    if pdf and chromium() is None:
        raise UsageError(CHROMIUM_HINT)
    workers = workers or min(2, os.cpu_count() or 1)
    out = Path(out)
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        echo(f"[{time.perf_counter() - t0:5.1f}s] {msg}")

    echo(f"nnatlas report as of {snap.day} ({lang})")
    work = folder_beside(out)
    try:
        errors = _figures(snap, lang, work, step, workers)
        step("page data")
        pages = site(snap, lang, errors)
        step(f"rendering {len(pages)} pages")
        for name, html in render_pages(pages).items():
            _write(work / name, html)
        tables = next(p for p in pages if p["kind"] == "tables")
        for tb in tables["tables"]:
            _write(work / tb["csv"], _csv(tb["records"]))
        for f in STATIC.iterdir():
            if f.is_file():
                _copy(f, work / "static" / f.name)
        if pdf:
            step("printing report.pdf with Chromium")
            _write(work / "print.html", _print_page(pages))
            print_pdf(work / "print.html", work / "report.pdf")
        step("moving the site into place")
        replace_folder(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    written = sorted(p for p in out.rglob("*") if p.is_file())
    step(f"done: {len(written)} files in {out}")
    return written
