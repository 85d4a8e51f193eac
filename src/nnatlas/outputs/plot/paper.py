"""The paper's three figures, drawn from the data: Fig. 1 (framework), Fig. 2 (spatial layout,
the national map) and Fig. 3 (management functions)."""

from __future__ import annotations

from pathlib import Path

from nnatlas.atlas import Snapshot
from nnatlas.core.errors import UsageError
from nnatlas.outputs.plot._base import check_figure_path

FIGURES = {
    1: "The analytical framework of NNA state rescaling",
    2: "The spatial layout of the NNA",
    3: "The management functions of the NNA",
}


def check_figure(number: int) -> int:
    """``number`` if the paper has that figure, else a one-line :class:`UsageError`."""
    if number not in FIGURES:
        known = "; ".join(f"{n} ({t})" for n, t in FIGURES.items())
        raise UsageError(f"no figure {number} in the paper: use {known}")
    return number


def draw_figure(number: int, snap: Snapshot, out: str | Path, *, lang: str = "en") -> Path:
    """Draw figure ``number`` of the paper, as of the snapshot's day, to ``out`` (.png or .svg)."""
    check_figure(number)
    check_figure_path(out)
    if number == 1:
        from nnatlas.outputs.plot.framework import draw_framework_figure

        return draw_framework_figure(lang, out)
    if number == 2:
        from nnatlas.outputs.plot.maps import national_map

        return national_map(snap, by="region", lang=lang, out=out)
    from nnatlas.outputs.plot.functions import draw_functions

    return draw_functions(snap, out, lang=lang)
