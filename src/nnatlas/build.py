"""The main job (``nnatlas build``): validate, summarise, check the paper and write every output."""

from __future__ import annotations

import json
import time
from collections.abc import Callable
from pathlib import Path

from ._output import text_table


def _write(path: Path, text: str) -> Path:
    from ._files import atomic_path

    with atomic_path(path) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return path


def build(load: Callable, out: Path, at: str | None = None, *, echo: Callable[[str], None] = print) -> list[Path]:
    """Run every step, printing progress; returns the files written."""
    from . import claims as claims_mod
    from .codebook import render
    from .dates import as_of
    from .export import export
    from .framework import assess
    from .framework.stages import assess_all
    from .validation import validate

    day = as_of(at) if at else claims_mod.PAPER_DATE
    t0 = time.perf_counter()
    written: list[Path] = []

    def step(msg: str) -> None:
        echo(f"[{time.perf_counter() - t0:5.1f}s] {msg}")

    step("validating the data")
    report = validate()
    echo("  " + report.summary())
    atlas = load()
    step(f"New Areas as of {day}")
    rows = atlas.records(day)
    echo(text_table(rows, ["id", "name_en", "name_zh", "region", "approved", "planning_area_km2", "org_type", "management_mode"]))
    step("checking the paper's claims")
    claims = claims_mod.evaluate(atlas, day)
    counts = {k: sum(c["status"] == k for c in claims) for k in ("reproduced", "differs", "not_checkable")}
    echo("  " + ", ".join(f"{n} {k}" for k, n in counts.items()) + f" of {len(claims)} claims")
    out.mkdir(parents=True, exist_ok=True)
    written.append(_write(out / "claims.json", json.dumps(claims, ensure_ascii=False, indent=1, default=str)))
    written.append(_write(out / "framework.json", json.dumps(assess(atlas, day), ensure_ascii=False, indent=1)))
    written.append(_write(out / "stages.json", json.dumps(assess_all(atlas, day), ensure_ascii=False, indent=1)))
    written.append(_write(out / "codebook.md", render("md", "en")))
    written.append(_write(out / "codebook.zh.md", render("md", "zh")))
    written.append(_write(out / "validation.json", json.dumps(report.to_dict(), ensure_ascii=False, indent=1)))
    for fmt in ("csv", "sqlite", "xlsx"):
        step(f"exporting {fmt}")
        written += export(atlas, fmt, out / "data" if fmt == "csv" else out, at=day)
    step("drawing figures")
    written += _figures(atlas, day, out, lambda msg: step(msg.strip()))
    step(f"done: {len(written)} files in {out}")
    return written


def _figures(atlas, day, out: Path, echo) -> list[Path]:
    """Figures whose modules are installed; a missing optional extra is reported, not fatal."""
    from .framework.stages import StageModel
    from .paper_figures import draw_functions
    from .stages_figure import draw

    paths = [draw(atlas, min(a.approved for a in atlas).year, day.year, StageModel(), out / "stages.png")]
    echo("  stage timeline")
    for lang in ("en", "zh"):
        paths.append(draw_functions(atlas, day, out / f"fig3_functions.{lang}.png", lang=lang))
    echo("  Fig. 3 (management functions)")
    try:
        from .geo.maps import national_map
    except ImportError as exc:
        echo(f"  national map skipped: {exc} (install the geo extra: pip install 'nnatlas[geo]')")
    else:
        for lang in ("en", "zh"):
            paths.append(national_map(atlas, day, by="region", lang=lang, out=out / f"fig2_layout.{lang}.png"))
            echo(f"  Fig. 2 (national layout, {lang})")
        from .geo.export import write_footprints

        paths += write_footprints(atlas, day, out / "data", "geojson")
        echo("  footprints (GeoJSON)")
    try:
        from .network_draw import draw_archetypes, draw_framework_figure
    except ImportError as exc:
        echo(f"  network figures skipped: {exc}")
    else:
        paths.append(draw_framework_figure("en", out / "fig1_framework.png"))
        echo("  Fig. 1 (framework)")
        paths.append(draw_archetypes(atlas, day, "en", out / "archetypes.png"))
        echo("  governance archetypes")
    return paths
