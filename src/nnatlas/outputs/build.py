"""The main job (``nnatlas build``): validate, summarise, check the paper and write every output.

The data is read and checked once; every output is computed from one snapshot of the atlas at
the build's date (default: the paper's date, the end of 2018).
"""

from __future__ import annotations

import json
import multiprocessing
import os
import signal
import sys
import time
from collections.abc import Callable
from pathlib import Path

from nnatlas.analysis import claims as claims_mod
from nnatlas.analysis.framework import assess
from nnatlas.analysis.framework.stages import StageModel, assess_all
from nnatlas.atlas import Atlas, Snapshot
from nnatlas.core.files import atomic_path, remove_partials
from nnatlas.core.text import text_table
from nnatlas.ingest.problems import Report
from nnatlas.outputs.codebook import render
from nnatlas.outputs.export import export
from nnatlas.outputs.plot.framework import draw_framework_figure
from nnatlas.outputs.plot.functions import draw_functions
from nnatlas.outputs.plot.network import draw_archetypes
from nnatlas.outputs.plot.stages import draw

try:  # the map and the GeoJSON need the geo extra
    from nnatlas.outputs.export.geo import write_footprints
    from nnatlas.outputs.plot.maps import national_map
except ImportError as exc:
    national_map = write_footprints = None
    GEO_MISSING = str(exc)


def _write(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def build(
    snap: Snapshot, report: Report, out: Path, *, echo: Callable[[str], None] = print, workers: int | None = None
) -> list[Path]:
    """Write every output of the snapshot into ``out``, printing progress; returns the files written.

    ``report`` is the validation report of the data the snapshot's atlas was loaded from
    (:func:`nnatlas.validation.validated` gives both). Figures are drawn in ``workers`` processes
    (default: two when the machine has two cores or more); the files are the same either way.
    """
    workers = workers or min(2, os.cpu_count() or 1)
    folders = (out, out / "data")
    for folder in folders:  # what a killed earlier build left
        remove_partials(folder)
    try:
        return _build(snap, report, out, echo, workers)
    except BaseException:  # an interrupted build leaves no partial file (a killed worker could not clean up)
        for folder in folders:
            remove_partials(folder)
        raise


def _build(snap: Snapshot, report: Report, out: Path, echo: Callable[[str], None], workers: int) -> list[Path]:
    atlas, day = snap.atlas, snap.day
    t0 = time.perf_counter()
    written: list[Path] = []

    def step(msg: str) -> None:
        echo(f"[{time.perf_counter() - t0:5.1f}s] {msg}")

    echo(f"nnatlas build as of {day}")
    echo("  " + report.summary())
    step(f"New Areas as of {day}")
    echo(
        text_table(
            snap.records(), ["id", "name_en", "name_zh", "region", "approved", "planning_area_km2", "org_type", "management_mode"]
        )
    )
    step("checking the paper's claims")
    claims = claims_mod.evaluate(snap)
    counts = {k: sum(c["status"] == k for c in claims) for k in claims_mod.STATUSES}
    echo("  " + ", ".join(f"{n} {k}" for k, n in counts.items()) + f" of {len(claims)} claims")
    out.mkdir(parents=True, exist_ok=True)
    written.append(_write(out / "claims.json", _dump(claims)))
    written.append(_write(out / "framework.json", json.dumps(assess(snap), ensure_ascii=False, indent=1)))
    written.append(_write(out / "stages.json", json.dumps(assess_all(snap), ensure_ascii=False, indent=1)))
    written.append(_write(out / "codebook.md", render("md", "en")))
    written.append(_write(out / "codebook.zh.md", render("md", "zh")))
    written.append(_write(out / "validation.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=1)))
    step("exporting the data and drawing the figures")
    written += _figures(atlas, snap, out, lambda msg: step(msg.strip()), workers)
    step(f"done: {len(written)} files in {out}")
    return written


#: The figure jobs of the running build, read by forked workers (which inherit them).
_JOBS: list[tuple[str, Callable[[], list[Path]]]] = []


def _run_job(i: int) -> tuple[int, list[Path]]:
    return i, _JOBS[i][1]()


def _quiet_on_interrupt() -> None:
    """In a worker, Ctrl-C ends the job by SystemExit: its atomic writes clean up, and only the
    parent reports the interruption."""
    signal.signal(signal.SIGINT, lambda *_: sys.exit(130))


def _figure_jobs(atlas: Atlas, snap: Snapshot, out: Path, echo) -> list[tuple[str, Callable[[], list[Path]]]]:
    """Each figure as a (progress label, job) pair; a missing optional extra is reported, not fatal."""
    first = min(a.approved for a in atlas).year
    jobs: list[tuple[str, Callable[[], list[Path]]]] = [
        (f"exported {fmt}", lambda fmt=fmt: export(snap, fmt, out / "data" if fmt == "csv" else out, clean=False))
        for fmt in ("csv", "sqlite", "xlsx")
    ]
    jobs += [
        ("governance archetypes", lambda: [draw_archetypes(snap, "en", out / "archetypes.png")]),
        ("stage timeline", lambda: [draw(atlas, first, snap.day.year, StageModel(), out / "stages.png")]),
        (
            "Fig. 3 (management functions)",
            lambda: [draw_functions(snap, out / f"fig3_functions.{g}.png", lang=g) for g in ("en", "zh")],
        ),
        ("Fig. 1 (framework)", lambda: [draw_framework_figure("en", out / "fig1_framework.png")]),
    ]
    if national_map is None:
        echo(f"  national map skipped: {GEO_MISSING} (install the geo extra: pip install 'nnatlas[geo]')")
    else:
        for g in ("en", "zh"):
            jobs.append(
                (
                    f"Fig. 2 (national layout, {g})",
                    lambda g=g: [national_map(snap, by="region", lang=g, out=out / f"fig2_layout.{g}.png")],
                )
            )
        jobs.append(("footprints (GeoJSON)", lambda: write_footprints(snap, out / "data", "geojson")))
    return jobs


def _figures(atlas: Atlas, snap: Snapshot, out: Path, echo, workers: int) -> list[Path]:
    """Draw every figure, in ``workers`` forked processes when more than one (they inherit the
    loaded atlas; each file is written atomically), in the order of :func:`_figure_jobs`."""
    _JOBS[:] = _figure_jobs(atlas, snap, out, echo)
    results: dict[int, list[Path]] = {}
    if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
        with multiprocessing.get_context("fork").Pool(workers, initializer=_quiet_on_interrupt) as pool:
            for i, paths in pool.imap_unordered(_run_job, range(len(_JOBS))):
                results[i] = paths
                echo(f"  {_JOBS[i][0]}")
    else:
        for i in range(len(_JOBS)):
            results[i] = _run_job(i)[1]
            echo(f"  {_JOBS[i][0]}")
    return [p for i in sorted(results) for p in results[i]]
