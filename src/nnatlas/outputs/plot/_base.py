"""One place to make and save figures: CJK font set-up, PNG or SVG, atomic writes.

matplotlib is imported only here and in modules that draw, never on the ``show``/``list`` path.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from nnatlas.core.errors import UsageError
from nnatlas.core.files import atomic_path
from nnatlas.core.settings import CJK_FONTS

FIGURE_FORMATS = (".png", ".svg")


def check_figure_path(path: str | Path) -> Path:
    """The path as a Path, or a one-line :class:`UsageError` when its suffix is not .png or .svg."""
    p = Path(path)
    if p.suffix.lower() not in FIGURE_FORMATS:
        raise UsageError(f"cannot write a figure to {p.name!r}: the file name must end in .png or .svg")
    if p.exists() and p.is_dir():
        raise UsageError(f"{p} is a directory; give a file name ending in .png or .svg")
    return p


def cjk_font() -> str | None:
    """The first installed CJK font family, or None."""
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    return next((name for name in CJK_FONTS if name in installed), None)


def setup(lang: str = "en") -> None:
    """Use the non-interactive backend and a CJK-capable font (required for ``lang='zh'``)."""
    import matplotlib

    matplotlib.use("Agg")
    font = cjk_font()
    if font is None and lang == "zh":
        raise UsageError(
            "no CJK font is installed for Chinese labels: install fonts-noto-cjk "
            "(Debian: apt-get install fonts-noto-cjk) or run 'make setup' as root"
        )
    family = [font, "DejaVu Sans"] if font else ["DejaVu Sans"]
    matplotlib.rcParams.update(
        {
            "font.family": "sans-serif",
            "font.sans-serif": family,
            "axes.unicode_minus": False,
            "svg.fonttype": "none" if font is None else "path",
            "figure.dpi": 100,
            "savefig.dpi": 200,
            "savefig.bbox": "tight",
        }
    )


def new_figure(figsize: tuple[float, float], *, managed: bool = True) -> Any:
    """A figure of ``figsize`` inches. ``managed``: a pyplot figure, which notebooks display; else
    a bare Agg figure for writing to a file, which spares the pyplot import (about 0.2 s)."""
    if managed:
        import matplotlib.pyplot as plt

        return plt.figure(figsize=figsize)
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    fig = Figure(figsize=figsize)
    FigureCanvasAgg(fig)
    return fig


#: The line :func:`save` adds under a figure that names its data (see :func:`save`).
STAMP = {"en": "nnatlas data version {version}{day}", "zh": "nnatlas 数据版本 {version}{day}"}
_STAMP_DAY = {"en": ", as of {day}", "zh": "，截至 {day}"}


def version_of(atlas: Any) -> str:
    """The data version of ``atlas`` (:func:`nnatlas.outputs.export.meta.data_version`), for :func:`save`."""
    from nnatlas.outputs.export.meta import data_version

    return data_version(atlas).version


def stamp_text(data_version: str, as_of: Any = None, lang: str = "en") -> str:
    """The caption line naming the data a figure was drawn from (and its date, when given)."""
    key = "zh" if lang == "zh" else "en"
    day = _STAMP_DAY[key].format(day=as_of.isoformat() if hasattr(as_of, "isoformat") else as_of) if as_of else ""
    return STAMP[key].format(version=data_version, day=day)


def _stamp(fig: Any, text: str) -> None:
    """Write ``text`` small and muted at the bottom right of ``fig``, below everything drawn."""
    bottom = fig.get_tightbbox(fig.canvas.get_renderer()).y0 / fig.get_figheight()
    fig.text(0.995, min(bottom, 0.0) - 0.004, text, ha="right", va="top", fontsize=5.5, color="#6B6B6B")


def save(
    fig: Any,
    path: str | Path,
    *,
    metadata: dict[str, str] | None = None,
    data_version: str | None = None,
    as_of: Any = None,
    lang: str = "en",
) -> Path:
    """Save ``fig`` to ``path`` (.png or .svg) atomically, then close it (if pyplot manages it).

    ``data_version`` (:func:`nnatlas.outputs.export.meta.data_version`), with ``as_of`` the
    figure's date: a caption line under the figure names them (:func:`stamp_text`, in ``lang``),
    and the file's ``Description`` metadata records them.
    """
    target = check_figure_path(path)
    fmt = target.suffix.lower().lstrip(".")
    meta = {"Creator": "nnatlas", **(metadata or {})}
    if data_version:
        _stamp(fig, stamp_text(data_version, as_of, lang))
        line = stamp_text(data_version, as_of, "en")
        meta["Description"] = f"{meta['Description']}; {line}" if meta.get("Description") else line
    if fmt == "svg":
        meta = {k: v for k, v in meta.items() if k in ("Title", "Creator", "Description", "Date")}
    extra = {"pil_kwargs": {"compress_level": 1}} if fmt == "png" else {}  # ~0.1 s faster, same size
    with atomic_path(target) as tmp:
        fig.savefig(tmp, format=fmt, metadata=meta, **extra)
    if "matplotlib.pyplot" in sys.modules:  # a figure pyplot never saw needs no closing
        sys.modules["matplotlib.pyplot"].close(fig)
    return target
