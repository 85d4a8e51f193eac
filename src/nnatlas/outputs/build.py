"""The main job (``nnatlas build``): validate, summarise, check the paper and write every output.

The data is read and checked once; every output is computed from one snapshot of the atlas at
the build's date (default: the paper's date, the end of 2018).
"""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from nnatlas.analysis import claims as claims_mod
from nnatlas.analysis.framework import assess
from nnatlas.analysis.framework.stages import StageModel, assess_all
from nnatlas.atlas import Atlas, Snapshot
from nnatlas.core.files import atomic_path
from nnatlas.core.text import text_table
from nnatlas.ingest.problems import Report
from nnatlas.outputs.codebook import render
from nnatlas.outputs.export import export


def _write(path: Path, text: str) -> Path:
    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def _dump(data) -> str:
    return json.dumps(data, ensure_ascii=False, indent=1, default=str)


def build(snap: Snapshot, report: Report, out: Path, *, echo: Callable[[str], None] = print) -> list[Path]:
    """Write every output of the snapshot into ``out``, printing progress; returns the files written.

    ``report`` is the validation report of the data the snapshot's atlas was loaded from
    (:func:`nnatlas.validation.validated` gives both).
    """
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
    counts = {k: sum(c["status"] == k for c in claims) for k in ("reproduced", "differs", "not_checkable")}
    echo("  " + ", ".join(f"{n} {k}" for k, n in counts.items()) + f" of {len(claims)} claims")
    out.mkdir(parents=True, exist_ok=True)
    written.append(_write(out / "claims.json", _dump(claims)))
    written.append(_write(out / "framework.json", json.dumps(assess(snap), ensure_ascii=False, indent=1)))
    written.append(_write(out / "stages.json", json.dumps(assess_all(snap), ensure_ascii=False, indent=1)))
    written.append(_write(out / "codebook.md", render("md", "en")))
    written.append(_write(out / "codebook.zh.md", render("md", "zh")))
    written.append(_write(out / "validation.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=1)))
    for fmt in ("csv", "sqlite", "xlsx"):
        step(f"exporting {fmt}")
        written += export(snap, fmt, out / "data" if fmt == "csv" else out)
    step("drawing figures")
    written += _figures(atlas, snap, out, lambda msg: step(msg.strip()))
    step(f"done: {len(written)} files in {out}")
    return written


def _figures(atlas: Atlas, snap: Snapshot, out: Path, echo) -> list[Path]:
    """Figures whose modules are installed; a missing optional extra is reported, not fatal."""
    from nnatlas.outputs.plot.framework import draw_framework_figure
    from nnatlas.outputs.plot.functions import draw_functions
    from nnatlas.outputs.plot.network import draw_archetypes
    from nnatlas.outputs.plot.stages import draw

    paths = [draw(atlas, min(a.approved for a in atlas).year, snap.day.year, StageModel(), out / "stages.png")]
    echo("  stage timeline")
    for lang in ("en", "zh"):
        paths.append(draw_functions(snap, out / f"fig3_functions.{lang}.png", lang=lang))
    echo("  Fig. 3 (management functions)")
    try:
        from nnatlas.outputs.export.geo import write_footprints
        from nnatlas.outputs.plot.maps import national_map
    except ImportError as exc:
        echo(f"  national map skipped: {exc} (install the geo extra: pip install 'nnatlas[geo]')")
    else:
        for lang in ("en", "zh"):
            paths.append(national_map(snap, by="region", lang=lang, out=out / f"fig2_layout.{lang}.png"))
            echo(f"  Fig. 2 (national layout, {lang})")
        paths += write_footprints(snap, out / "data", "geojson")
        echo("  footprints (GeoJSON)")
    paths.append(draw_framework_figure("en", out / "fig1_framework.png"))
    echo("  Fig. 1 (framework)")
    paths.append(draw_archetypes(snap, "en", out / "archetypes.png"))
    echo("  governance archetypes")
    return paths
