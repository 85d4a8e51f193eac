"""Drawing helpers shared by the maps: polygons and lines from shapely, scale bar, north arrow,
label placement without overlaps. Coordinates are those of the axes' projection (metres).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import matplotlib.patheffects as pe
import numpy as np
import shapely
from matplotlib.collections import LineCollection, PatchCollection
from matplotlib.patches import PathPatch, Rectangle
from matplotlib.patches import Polygon as MplPolygon
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Bbox

from nnatlas.outputs.plot import _style

HALO = [pe.withStroke(linewidth=2.2, foreground="white")]


def geometry_path(geom) -> MplPath | None:
    """A compound matplotlib path of a (Multi)Polygon, holes included (vectorised over rings)."""
    if geom is None or geom.is_empty:
        return None
    polys = shapely.get_parts(geom)
    polys = polys[shapely.get_type_id(polys) == 3]
    if not len(polys):
        return None
    rings = shapely.get_rings(polys)
    xy, idx = shapely.get_coordinates(rings, return_index=True)
    if not len(xy):
        return None
    codes = np.full(len(xy), MplPath.LINETO, dtype=np.uint8)
    starts = np.r_[0, np.flatnonzero(np.diff(idx)) + 1]
    ends = np.r_[starts[1:] - 1, len(xy) - 1]
    codes[starts] = MplPath.MOVETO
    codes[ends] = MplPath.CLOSEPOLY
    return MplPath(xy, codes)


def polygons(
    ax,
    geoms: Sequence[Any],
    *,
    facecolor: Any = "none",
    edgecolor: Any = "black",
    linewidth: Any = 0.5,
    zorder: float = 1,
    hatch: str | None = None,
    alpha: float | None = None,
    **kw: Any,
):
    """Draw shapely polygons as one PatchCollection; colours may be one value or one per geometry."""
    patches, keep = [], []
    for i, g in enumerate(geoms):
        path = geometry_path(g) if g is not None else None
        if path is not None:
            patches.append(PathPatch(path))
            keep.append(i)

    def per(value):
        if isinstance(value, (list, tuple, np.ndarray)) and len(value) == len(geoms) and not isinstance(value, str):
            return [value[i] for i in keep]
        return value

    coll = PatchCollection(
        patches,
        facecolors=per(facecolor),
        edgecolors=per(edgecolor),
        linewidths=per(linewidth),
        zorder=zorder,
        alpha=alpha,
        match_original=False,
        **kw,
    )
    if hatch:
        coll.set_hatch(hatch)
    ax.add_collection(coll)
    return coll


def frame(ax, extent: Sequence[float], *, linewidth: float, color: str, facecolor: str | None = None) -> None:
    """Fix a map axes to a projected extent (x0, x1, y0, y1): equal aspect, no ticks, a framing line."""
    x0, x1, y0, y1 = extent
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    if facecolor is not None:
        ax.set_facecolor(facecolor)
    for spine in ax.spines.values():
        spine.set_linewidth(linewidth)
        spine.set_color(color)


def caption(ax, x: float, y: float, text: str, *, fontsize: float, color: str = _style.TEXT, zorder: float = 45, **kw: Any):
    """Haloed text at axes fraction (x, y): titles and notes drawn over the map."""
    return ax.text(x, y, text, transform=ax.transAxes, fontsize=fontsize, color=color, path_effects=HALO, zorder=zorder, **kw)


def lines(ax, geom, **kw: Any):
    """Draw the lines of a (Multi)LineString or the boundary of polygons as a LineCollection."""
    segs = [shapely.get_coordinates(p) for p in _flat_lines(geom)]
    coll = LineCollection(segs, **kw)
    ax.add_collection(coll)
    return coll


def _flat_lines(geom) -> list[Any]:
    out, stack = [], [geom]
    while stack:
        g = stack.pop()
        if g is None or g.is_empty:
            continue
        kind = g.geom_type
        if kind in ("LineString", "LinearRing"):
            out.append(g)
        elif kind in ("Polygon", "MultiPolygon"):
            stack.append(g.boundary)
        elif kind != "Point" and kind != "MultiPoint":
            stack.extend(shapely.get_parts(g))
    return out


def scale_bar(
    ax,
    *,
    length_km: float,
    x: float = 0.04,
    y: float = 0.04,
    segments: int = 2,
    fontsize: float = 6.5,
    unit: str = "km",
    height_frac: float = 0.008,
    note: str | None = None,
) -> None:
    """An alternating black and white scale bar at axes fraction (x, y), in data metres."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    bx, by = x0 + x * (x1 - x0), y0 + y * (y1 - y0)
    h = height_frac * (y1 - y0)
    step = length_km * 1000 / segments
    for i in range(segments):
        ax.add_patch(
            Rectangle(
                (bx + i * step, by),
                step,
                h,
                facecolor="black" if i % 2 == 0 else "white",
                edgecolor="black",
                linewidth=0.5,
                zorder=30,
            )
        )
    for i in range(segments + 1):
        value = length_km / segments * i
        label = f"{value:,.0f}" if value >= 1 or value == 0 else f"{value:g}"
        if i == segments:
            label += f" {unit}"
        ax.text(
            bx + i * step,
            by + h * 1.8,
            label,
            ha="center",
            va="bottom",
            fontsize=fontsize,
            zorder=30,
            color=_style.TEXT,
            path_effects=HALO,
        )
    if note:
        ax.text(
            bx, by - h * 1.2, note, ha="left", va="top", fontsize=fontsize - 1, color=_style.MUTED, zorder=30, path_effects=HALO
        )


def nice_length(span_m: float, fraction: float = 0.2) -> float:
    """A round length in km near ``fraction`` of ``span_m``."""
    target = span_m * fraction / 1000
    exp = 10 ** math.floor(math.log10(target))
    for m in (5, 2, 1):
        if m * exp <= target:
            return m * exp
    return exp


def north_arrow(ax, *, x: float, y: float, angle_deg: float = 0.0, size: float = 0.05, fontsize: float = 8) -> None:
    """A north arrow at axes fraction (x, y), rotated ``angle_deg`` anticlockwise from up."""
    w, h = ax.get_window_extent().width, ax.get_window_extent().height
    aspect = w / h
    a = math.radians(angle_deg)
    ux, uy = -math.sin(a), math.cos(a)  # unit vector to north in a square frame
    px, py = math.cos(a), math.sin(a)
    L, W = size, size * 0.35

    def pt(u: float, v: float) -> tuple[float, float]:
        return (x + (u * ux + v * px) / aspect, y + u * uy + v * py)

    left = [pt(0, 0), pt(L, 0), pt(-0.15 * L, -W)]
    right = [pt(0, 0), pt(L, 0), pt(-0.15 * L, W)]
    ax.add_patch(
        MplPolygon(
            left, closed=True, transform=ax.transAxes, facecolor=_style.TEXT, edgecolor=_style.TEXT, linewidth=0.6, zorder=31
        )
    )
    ax.add_patch(
        MplPolygon(right, closed=True, transform=ax.transAxes, facecolor="white", edgecolor=_style.TEXT, linewidth=0.6, zorder=31)
    )
    tx, ty = pt(L + 0.35 * size, 0)
    ax.text(
        tx,
        ty,
        "N",
        transform=ax.transAxes,
        ha="center",
        va="center",
        fontsize=fontsize,
        fontweight="bold",
        rotation=angle_deg,
        zorder=31,
        color=_style.TEXT,
    )


# --- labels -------------------------------------------------------------------------------------------
@dataclass
class Label:
    text: str
    x: float  # anchor in data coordinates
    y: float
    radius_pt: float = 3.0  # radius of the symbol at the anchor, in points
    fontsize: float = 7.0
    weight: str = "normal"
    color: str = _style.TEXT


_DIRECTIONS = [(1, 0), (-1, 0), (1, 1), (-1, 1), (1, -1), (-1, -1), (0, 1), (0, -1)]


def place_labels(
    ax,
    labels: list[Label],
    *,
    avoid: Sequence[Bbox] = (),
    rings: Sequence[float] = (1.0, 2.2, 3.6, 5.2),
    leader_color: str = _style.MUTED,
    centred_first: bool = False,
) -> list[Any]:
    """Place labels around their anchors without overlapping each other, the anchors or ``avoid``.

    Greedy: labels are placed in order (crowded ones should come first); each tries 8
    directions at growing distances and takes the first free spot, else the least overlapping.
    Labels away from their anchor get a thin leader line.
    """
    fig = ax.figure
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    frame = ax.get_window_extent(renderer)
    dpi_scale = fig.dpi / 72.0
    symbols = []
    for lab in labels:
        cx, cy = to_px((lab.x, lab.y))
        r = lab.radius_pt * dpi_scale
        symbols.append(Bbox.from_extents(cx - r, cy - r, cx + r, cy + r))
    taken: list[Bbox] = [*avoid]
    artists = []
    for i, lab in enumerate(labels):
        t = ax.text(
            lab.x,
            lab.y,
            lab.text,
            fontsize=lab.fontsize,
            fontweight=lab.weight,
            color=lab.color,
            path_effects=HALO,
            zorder=40,
            ha="center",
            va="center",
        )
        bb = t.get_window_extent(renderer)
        w, h = bb.width, bb.height
        cx, cy = to_px((lab.x, lab.y))
        base = lab.radius_pt * dpi_scale + 2 * dpi_scale
        others = [b for j, b in enumerate(symbols) if j != i]
        choice, best, best_cost = None, None, math.inf
        for k, ring in enumerate(rings):
            for dx, dy in [(0, 0), *_DIRECTIONS] if centred_first and k == 0 else _DIRECTIONS:
                off = base * ring + (0 if k == 0 else 4 * dpi_scale * k)
                pull = 0.75 if dx and dy else 1.0  # diagonals: pull in a little
                px = cx + dx * (off * pull + w / 2)
                py = cy + dy * (off * pull + h / 2)
                box = Bbox.from_extents(px - w / 2 - 1, py - h / 2 - 1, px + w / 2 + 1, py + h / 2 + 1)
                cost = (
                    4 * sum(_overlap(box, o) for o in taken) + sum(_overlap(box, o) for o in others) + 10 * _outside(box, frame)
                )
                own = _distance(box, cx, cy)
                if any(_distance(box, *o.get_points().mean(axis=0)) < own for o in others):
                    cost += 1.0 + own  # nearer another symbol than its own: ambiguous
                if cost == 0:
                    choice = (px, py, box, k)
                    break
                if cost < best_cost:
                    best, best_cost = (px, py, box, k), cost
            if choice:
                break
        px, py, box, k = choice or best  # type: ignore[misc]
        t.set_position(ax.transData.inverted().transform((px, py)))
        taken.append(box)
        if k > 0:
            ex, ey = _edge_point(box, cx, cy)
            lx, ly = ax.transData.inverted().transform([(cx, cy), (ex, ey)]).T
            ax.plot(lx, ly, color=leader_color, linewidth=0.5, zorder=39, solid_capstyle="round")
        artists.append(t)
    return artists


def _overlap(a: Bbox, b: Bbox) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0


def _outside(box: Bbox, frame: Bbox) -> float:
    inside = _overlap(box, frame)
    return box.width * box.height - inside


def _distance(box: Bbox, x: float, y: float) -> float:
    dx = max(box.x0 - x, 0.0, x - box.x1)
    dy = max(box.y0 - y, 0.0, y - box.y1)
    return math.hypot(dx, dy)


def _edge_point(box: Bbox, cx: float, cy: float) -> tuple[float, float]:
    """The point of ``box``'s edge nearest to (cx, cy)."""
    return min(max(cx, box.x0), box.x1), min(max(cy, box.y0), box.y1)
