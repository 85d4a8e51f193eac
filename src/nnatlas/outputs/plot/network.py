"""Drawing governance networks (one NNA, the paper's three archetypes) and the paper's Fig. 1.

Networks are drawn top-down in rows: State Council, provincial, municipal, the NNA authority,
district and county, functional areas, townships and streets (:data:`ROWS`). Relations are
arrows with one style per kind and a legend; a relation that skips rows bends through gaps
reserved in the rows between (the layering is done here, with networkx and matplotlib only).
Bodies of one row with exactly the same relations (say, five townships entrusted to the
management committee) share one box that lists them, when there are at least ``min_group``.
"""

from __future__ import annotations

import itertools
import math
import re
import textwrap
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import networkx as nx

from nnatlas.analysis.network import GOVERNMENT_KINDS, KIND_PRECEDENCE, TOWNSHIP_KINDS, network_metrics, state_graph
from nnatlas.atlas import Snapshot
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import check_lang
from nnatlas.ingest import vocab
from nnatlas.outputs.plot._base import check_figure_path, save, setup, version_of

if TYPE_CHECKING:
    from matplotlib.axes import Axes

#: Rows of a drawing, top first: the tiers of :data:`nnatlas.analysis.network.TIERS`, with the NNA
#: authority on a row of its own above the district tier.
ROWS = ("national", "provincial", "municipal", "nna", "district", "functional_area", "township")
#: The row of the NNA authority, between the municipal and district tiers.
TEXT_NNA_ROW = {"en": "NNA authority", "zh": "新区管理机构"}
ROW_LABELS = {
    lang: {row: TEXT_NNA_ROW[lang] if row == "nna" else vocab.TIERS.label(row, lang) for row in ROWS} for lang in ("en", "zh")
}
ROW_COLOURS = {
    "national": "#f4cccc",
    "provincial": "#fce5cd",
    "municipal": "#fff2cc",
    "nna": "#f6b26b",
    "district": "#d9ead3",
    "functional_area": "#d0e0e3",
    "township": "#e6e0f0",
}
EDGE_STYLES: dict[str, dict[str, Any]] = {
    "approves": {"color": "#b2182b", "linestyle": "-", "linewidth": 2.0},
    "leads": {"color": "#1a1a1a", "linestyle": "-", "linewidth": 1.5},
    "dispatches": {"color": "#2166ac", "linestyle": (0, (5, 2)), "linewidth": 1.5},
    "entrusts": {"color": "#5aae61", "linestyle": (0, (2, 2)), "linewidth": 1.3},
    "holds_in_trust": {"color": "#1b7837", "linestyle": (0, (6, 2, 1, 2)), "linewidth": 1.5},
    "delegates_county_authority": {"color": "#762a83", "linestyle": "-", "linewidth": 1.5},
    "coordinates": {"color": "#e08214", "linestyle": (0, (1, 1.2)), "linewidth": 2.0},
    "reviews_files": {"color": "#878787", "linestyle": (0, (3, 2)), "linewidth": 1.0},
    "hosts": {"color": "#b0b0b0", "linestyle": "-", "linewidth": 0.9},
}
TEXT = {
    "en": {
        "title": "{name}: governance network as of {day}",
        "new_area": "New Area",
        "unknown": "unknown",
        "summary": "Management levels (network): {levels}  ·  coded mode: {mode}  ·  governments involved: "
        "{govs}  ·  highest coordinating rank: {rank}",
        "foot": "Data: nnatlas. [rank] where recorded. Sources of every body and relation: nnatlas network {id} --json",
        "derived": "body added by nnatlas (not in the data)",
        "derived_edge": "approval added by nnatlas (not in the data)",
        "group": "{n} {what}",
        "governments": "governments",
        "townships": "townships / streets",
        "bodies": "bodies",
        "archetypes": "Archetypes of vertical management (paper §3.3), as of {day}",
        "two_level": "Two-level: {name}",
        "three_level": "Three-level: {name}",
        "leadership_group": "Leadership group: {name}",
        "levels": "management levels in the network: {levels}",
    },
    "zh": {
        "title": "{name}治理网络（截至{day}）",
        "new_area": "新区",
        "unknown": "未知",
        "summary": "管理层级（网络）：{levels}  ·  编码模式：{mode}  ·  涉及政府：{govs}  ·  最高协调级别：{rank}",
        "foot": "数据：nnatlas。[级别]仅在有记录时标注。各机构与关系的来源：nnatlas network {id} --json",
        "derived": "nnatlas 补充的机构（数据中没有）",
        "derived_edge": "nnatlas 补充的批复（数据中没有）",
        "group": "{n}个{what}",
        "governments": "政府",
        "townships": "乡镇 / 街道",
        "bodies": "机构",
        "archetypes": "纵向管理模式的三种类型（论文 §3.3），截至{day}",
        "two_level": "两级管理：{name}",
        "three_level": "三级管理：{name}",
        "leadership_group": "领导小组型：{name}",
        "levels": "网络中的管理层级：{levels}",
    },
}
SLOT_INCHES = 1.75
ROW_INCHES = 1.05
WRAP = {"en": 19, "zh": 9}
MAX_LINES = 4
DUMMY_WIDTH = 0.3
DERIVED_ALPHA = 0.45


def _kind_label(kind: str, lang: str) -> str:
    """A body kind's label; ``new_area`` is the node nnatlas adds for an NNA without a body."""
    return TEXT[lang]["new_area"] if kind == "new_area" else vocab.BODY_KINDS.label(kind, lang)


def _mode_label(mode: str, lang: str) -> str:
    """A management mode as it reads inside a sentence (lower case in English)."""
    label = vocab.MANAGEMENT_MODES.label(mode, lang)
    return label.lower() if lang == "en" else label


def _strip_brackets(text: str) -> str:
    out, depth = [], 0
    for ch in text:
        depth += ch in "（("
        if not depth:
            out.append(ch)
        depth -= depth > 0 and ch in "）)"
    return " ".join("".join(out).split()) or text


def _wrap(text: str, lang: str, lines: int = MAX_LINES) -> list[str]:
    """Lines of at most ``WRAP[lang]`` characters (Chinese: list items kept whole where they fit,
    long names cut into lines of equal length), the last cut with … beyond ``lines``."""
    if lang == "zh" and not text.isascii():
        parts: list[str] = []
        for token in re.findall(r"[^、]+、?", text):
            if parts and len(parts[-1]) + len(token.rstrip("、")) <= WRAP["zh"]:
                parts[-1] += token
            else:
                size = math.ceil(len(token) / math.ceil(len(token) / WRAP["zh"]))
                parts += [token[i : i + size] for i in range(0, len(token), size)]
    else:
        parts = textwrap.wrap(text, WRAP["en"], break_long_words=True) or [text]
    if len(parts) > lines:
        parts = parts[:lines]
        parts[-1] = parts[-1][: max(1, len(parts[-1]) - 1)] + "…"
    return parts


def body_name(data: dict[str, Any], lang: str) -> str:
    """The body's name in ``lang`` without bracketed asides; its kind when it has no such name."""
    name = data.get("name_zh") if lang == "zh" else data.get("name_en")
    return _strip_brackets(name) if name else _kind_label(data["kind"], lang)


def _plural(kinds: set[str], lang: str) -> str:
    """What a group of bodies of ``kinds`` is called: "district governments", "governments", "区政府"..."""
    if len(kinds) == 1:
        label = _kind_label(next(iter(kinds)), lang)
        return label if lang == "zh" else label[0].lower() + label[1:] + "s"
    if kinds <= set(TOWNSHIP_KINDS):
        return TEXT[lang]["townships"]
    return TEXT[lang]["governments" if kinds <= set(GOVERNMENT_KINDS) else "bodies"]


def _short(name: str) -> str:
    """A name without "People's Government", "Management Committee", 人民政府... (for lists of members)."""
    for suffix in (" People's Government", " Government", " Management Committee", "人民政府", "政府", "管理委员会"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)]
    return name


def node_label(data: dict[str, Any], lang: str) -> str:
    """The text in a body's box: its name, wrapped, and its rank in brackets when recorded."""
    if data.get("members"):
        head = TEXT[lang]["group"].format(n=len(data["members"]), what=_plural({m["kind"] for m in data["members"]}, lang))
        names = ("、" if lang == "zh" else ", ").join(_short(body_name(m, lang)) for m in data["members"])
        lines = [head, *_wrap(names, lang, MAX_LINES)]
    else:
        lines = _wrap(body_name(data, lang), lang)
    if data.get("rank") and data["kind"] != "state_council":
        lines.append(f"[{vocab.RANKS.label(data['rank'], lang)}]")
    return "\n".join(lines)


# --- grouping and layering -----------------------------------------------------------------------
def display_row(data: dict[str, Any]) -> str:
    """The row a body is drawn on: ``nna`` for the NNA authority, else its tier."""
    return "nna" if data.get("nna_authority") else data["tier"]


def group_equivalent(g: nx.DiGraph, min_size: int | None = 3) -> nx.DiGraph:
    """A copy of ``g`` where each set of at least ``min_size`` bodies on one row with the same
    relations (the same kinds to and from the same bodies) becomes one node listing them in
    ``members``. The NNA authority and derived nodes are never grouped; ``None`` groups nothing."""
    h = g.copy()
    if min_size is None:
        return h
    classes: dict[tuple, list[str]] = defaultdict(list)
    for n, d in g.nodes(data=True):
        if d["nna_authority"] or d["derived"]:
            continue
        ins = frozenset((u, tuple(e["kinds"])) for u, _, e in g.in_edges(n, data=True))
        outs = frozenset((v, tuple(e["kinds"])) for _, v, e in g.out_edges(n, data=True))
        classes[(display_row(d), ins, outs, d["kind"] in TOWNSHIP_KINDS, d["kind"] in GOVERNMENT_KINDS)].append(n)
    for members in (m for m in classes.values() if len(m) >= max(2, min_size)):
        first, group = members[0], f"group:{members[0]}"
        ranks = {g.nodes[m]["rank"] for m in members}
        rank = ranks.pop() if len(ranks) == 1 else None
        h.add_node(group, **{**g.nodes[first], "members": [g.nodes[m] for m in members], "rank": rank})
        h.add_edges_from((u, group, e) for u, _, e in g.in_edges(first, data=True))
        h.add_edges_from((group, v, e) for _, v, e in g.out_edges(first, data=True))
        h.remove_nodes_from(members)
    return h


@dataclass
class Layout:
    """Node positions (``y`` = -row, top row 0), bend points of relations that skip rows, the
    names of the occupied rows and the width of the widest row (a box counts 1)."""

    pos: dict[str, tuple[float, float]]
    bends: dict[tuple[str, str], list[tuple[float, float]]]
    rows: list[str]
    width: float


def _row_xs(row: list[Any]) -> dict[Any, float]:
    widths = [DUMMY_WIDTH if isinstance(n, tuple) else 1.0 for n in row]
    left, out = -sum(widths) / 2, {}
    for n, w in zip(row, widths, strict=True):
        out[n] = left + w / 2
        left += w
    return out


def _barycentre(links: nx.Graph, n: Any, ref: dict[Any, float], default: float) -> float:
    near = [ref[m] for m in links.neighbors(n) if m in ref]
    return sum(near) / len(near) if near else default


def occupied_rows(*graphs: nx.DiGraph) -> list[str]:
    """The rows (:data:`ROWS`) on which the graphs have bodies, top first."""
    used = {display_row(d) for g in graphs for _, d in g.nodes(data=True)}
    return [r for r in ROWS if r in used]


def layered_layout(g: nx.DiGraph, rows: list[str] | None = None, sweeps: int = 6) -> Layout:
    """Lay ``g`` out in ``rows`` (default: its occupied rows), ordering each row by the barycentre
    heuristic: the mean position of a node's neighbours in the row above (down sweeps), then below
    (up sweeps). A relation that skips rows counts as a chain of narrow dummy nodes, one per row
    crossed."""
    names = rows or occupied_rows(g)
    row_of = {n: names.index(display_row(d)) for n, d in g.nodes(data=True)}
    members: list[list[Any]] = [
        sorted((n for n in g if row_of[n] == r), key=lambda n: (g.nodes[n]["kind"], n)) for r in range(len(names))
    ]
    links = nx.Graph()
    links.add_nodes_from(g)
    chains: dict[tuple[str, str], list[Any]] = {}
    for u, v in g.edges:
        step = 1 if row_of[v] > row_of[u] else -1
        chains[(u, v)] = [("dummy", u, v, r) for r in range(row_of[u] + step, row_of[v], step)]
        for dummy in chains[(u, v)]:
            members[dummy[3]].append(dummy)
        nx.add_path(links, [u, *chains[(u, v)], v])
    passes = [(i, i - 1) for i in range(1, len(members))] + [(i, i + 1) for i in range(len(members) - 2, -1, -1)]
    for _ in range(sweeps):
        for i, j in passes:
            now, ref = _row_xs(members[i]), _row_xs(members[j])
            members[i].sort(key=lambda n, ref=ref, now=now: _barycentre(links, n, ref, now[n]))
    placed = {n: (x, -float(r)) for r, row in enumerate(members) for n, x in _row_xs(row).items()}
    width = max((sum(DUMMY_WIDTH if isinstance(n, tuple) else 1.0 for n in row) for row in members), default=1.0)
    bends = {e: [placed[d] for d in chain] for e, chain in chains.items() if chain}
    return Layout({n: placed[n] for n in g}, bends, names, width)


# --- drawing -------------------------------------------------------------------------------------
@dataclass
class _Panel:
    """One network on one axes: labels are placed first, boxes and arrows once they are measured."""

    ax: Axes
    graph: nx.DiGraph
    layout: Layout
    texts: dict[str, Any] = field(default_factory=dict)


def _panel(ax: Axes, g: nx.DiGraph, layout: Layout, lang: str, width: float, rows: int) -> _Panel:
    panel = _Panel(ax, g, layout)
    for n, (x, y) in layout.pos.items():
        label = node_label(g.nodes[n], lang)
        panel.texts[n] = ax.text(x, y, label, ha="center", va="center", fontsize=7.5, zorder=4, linespacing=1.15)
    half = width / 2
    ax.set_xlim(-half - 0.1, half + 0.1)
    ax.set_ylim(-rows + 0.45, 0.55)
    ax.set_axis_off()
    for i, row in enumerate(layout.rows):
        ax.axhspan(-i - 0.5, -i + 0.5, color="#f3f3f3" if i % 2 == 0 else "white", zorder=0, lw=0)
        ax.text(
            -half - 0.05,
            -i + 0.44,
            ROW_LABELS[lang][row],
            ha="left",
            va="top",
            fontsize=7,
            color="#666666",
            style="italic",
            zorder=1,
        )
    return panel


def _clip(inside: tuple[float, float], outside: tuple[float, float], box: Any) -> tuple[float, float]:
    """The point where the segment from ``inside`` (a box's centre) to ``outside`` leaves the box."""
    (x0, y0), (x1, y1) = inside, outside
    bx, by, bw, bh = box.get_x(), box.get_y(), box.get_width(), box.get_height()
    ts = [1.0]
    if x1 != x0:
        ts += [t for t in ((bx - x0) / (x1 - x0), (bx + bw - x0) / (x1 - x0)) if t > 0]
    if y1 != y0:
        ts += [t for t in ((by - y0) / (y1 - y0), (by + bh - y0) / (y1 - y0)) if t > 0]
    t = min(ts)
    return x0 + t * (x1 - x0), y0 + t * (y1 - y0)


def _smooth(points: list[tuple[float, float]], path_class: Any) -> Any:
    """A path from the first to the last point, rounding each bend with a quadratic curve whose
    control point is the bend (it runs from the middle of the segment before to the middle of the
    segment after)."""
    mids = [((x0 + x1) / 2, (y0 + y1) / 2) for (x0, y0), (x1, y1) in itertools.pairwise(points)]
    vertices, codes = [points[0], mids[0]], [path_class.MOVETO, path_class.LINETO]
    for bend, end in zip(points[1:-1], mids[1:], strict=True):
        vertices += [bend, end]
        codes += [path_class.CURVE3, path_class.CURVE3]
    vertices.append(points[-1])
    codes.append(path_class.LINETO)
    return path_class(vertices, codes)


def _finish(panel: _Panel, renderer: Any) -> None:
    """Draw boxes around the measured labels, then the relations between the boxes."""
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch
    from matplotlib.path import Path as MplPath

    ax, g, layout = panel.ax, panel.graph, panel.layout
    inv = ax.transData.inverted()
    boxes = {}
    for n, text in panel.texts.items():
        (x0, y0), (x1, y1) = inv.transform(text.get_window_extent(renderer).get_points())
        d, px, py = g.nodes[n], 0.05, 0.07
        boxes[n] = ax.add_patch(
            FancyBboxPatch(
                (x0 - px, y0 - py),
                x1 - x0 + 2 * px,
                y1 - y0 + 2 * py,
                boxstyle="round,pad=0,rounding_size=0.04",
                zorder=3,
                facecolor=ROW_COLOURS[display_row(d)],
                edgecolor="#b45f06" if d["nna_authority"] else "#555555",
                linewidth=1.4 if d["nna_authority"] else 0.7,
                linestyle="--" if d["derived"] else "-",
            )
        )
    for u, v, d in g.edges(data=True):
        (xu, yu), (xv, yv) = layout.pos[u], layout.pos[v]
        bends = layout.bends.get((u, v))
        if bends:
            points = [_clip((xu, yu), bends[0], boxes[u]), *bends, _clip((xv, yv), bends[-1], boxes[v])]
            where: dict[str, Any] = {"path": _smooth(points, MplPath)}
        else:
            rad = 0.2 if g.has_edge(v, u) else -0.3 if yu == yv and abs(xu - xv) > 1.01 else 0.0
            where = {
                "posA": (xu, yu),
                "posB": (xv, yv),
                "patchA": boxes[u],
                "patchB": boxes[v],
                "shrinkA": 1,
                "shrinkB": 1,
                "connectionstyle": f"arc3,rad={rad}",
            }
        style = {**EDGE_STYLES[d["kind"]], "alpha": DERIVED_ALPHA if d["derived"] else 1.0}
        line = {**style, "arrowstyle": "-"} if style["linestyle"] != "-" else {**style, "arrowstyle": "-|>"}
        ax.add_patch(FancyArrowPatch(**where, mutation_scale=11, zorder=2, **line))
        if style["linestyle"] != "-":  # a solid head on a dashed or dotted line
            head = {"color": style["color"], "alpha": style["alpha"]}
            ax.add_patch(FancyArrowPatch(**where, arrowstyle="-|>", mutation_scale=11, zorder=2, linewidth=0, **head))


def _legend_handles(graphs: list[nx.DiGraph], lang: str) -> list[Any]:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    kinds = {d["kind"] for g in graphs for _, _, d in g.edges(data=True) if not d["derived"]}
    handles: list[Any] = [
        Line2D([], [], label=vocab.RELATION_KINDS.label(k, lang), **EDGE_STYLES[k]) for k in KIND_PRECEDENCE if k in kinds
    ]
    if any(d["derived"] for g in graphs for _, _, d in g.edges(data=True)):
        style = {**EDGE_STYLES["approves"], "alpha": DERIVED_ALPHA}
        handles.append(Line2D([], [], label=TEXT[lang]["derived_edge"], **style))
    if any(d["derived"] for g in graphs for _, d in g.nodes(data=True)):
        handles.append(Patch(facecolor="white", edgecolor="#555555", linestyle="--", label=TEXT[lang]["derived"]))
    return handles


def _summary(metrics: dict[str, Any], lang: str) -> str:
    t, mode, rank, levels = (
        TEXT[lang],
        metrics["coded_mode"],
        metrics["highest_coordinating_rank"],
        metrics["management_levels"],
    )
    return t["summary"].format(
        levels=t["unknown"] if levels is None else levels,
        mode=_mode_label(mode, lang) if mode else t["unknown"],
        govs=metrics["governments_involved"],
        rank=vocab.RANKS.label(rank, lang) if rank else t["unknown"],
    )


def _area_name(st: Any, lang: str, *, short: bool = False) -> str:
    names = st.area.names
    return (names.zh_short if short and names.zh_short else names.zh) if lang == "zh" else names.en


def draw_network(snap: Snapshot, id: str, lang: str, out: str | Path, *, min_group: int | None = 3) -> Path:
    """Draw the governance network of NNA ``id`` on the snapshot's day to ``out`` (.png or .svg).

    Bodies are boxes in rows (State Council at the top, the NNA authority on its own row, in
    orange); relations are arrows styled by kind, explained in a legend; the title gives the date
    and the measures of :func:`nnatlas.analysis.network.network_metrics`. Labels are in ``lang``.
    """
    lang, out = check_lang(lang), check_figure_path(out)
    st = snap.state(id)
    full = state_graph(st)
    if not full:
        approved = f" (approved {st.area.approval.date})" if not st.exists else ""
        raise UsageError(f"{st.area.id} has no governance bodies recorded as of {st.day}{approved}")
    setup(lang)
    import matplotlib.pyplot as plt

    g = group_equivalent(full, min_group)
    layout = layered_layout(g)
    slots, rows = max(4.0, layout.width), len(layout.rows)
    fig, ax = plt.subplots(figsize=(slots * SLOT_INCHES + 0.6, rows * ROW_INCHES + 1.0))
    fig.subplots_adjust(left=0.02, right=0.98)
    panel = _panel(ax, g, layout, lang, slots, rows)
    fig.draw_without_rendering()
    _finish(panel, fig.canvas.get_renderer())
    title = TEXT[lang]["title"].format(name=_area_name(st, lang), day=st.day.isoformat())
    ax.set_title(title + "\n" + _summary(network_metrics(full, st), lang), fontsize=9.5, loc="left")
    ncol = max(1, min(4, int(slots * SLOT_INCHES // 2.6)))
    ax.legend(
        handles=_legend_handles([g], lang), loc="upper center", bbox_to_anchor=(0.5, 0.0), ncol=ncol, fontsize=7.5, frameon=False
    )
    fig.text(0.01, 0.0, TEXT[lang]["foot"].format(id=st.area.id), fontsize=6.5, color="#666666", va="top")
    return save(
        fig,
        out,
        metadata={"Title": f"Governance network of {st.area.names.en}, {st.day}"},
        data_version=version_of(snap.atlas),
        as_of=st.day,
        lang=lang,
    )


#: The paper's archetypes of vertical management (§3.3), each with its candidate NNAs in order.
ARCHETYPES = (("two_level", ("guian", "lanzhou")), ("three_level", ("xihaian",)), ("leadership_group", ("tianfu",)))


def _archetype(snap: Snapshot, mode: str, ids: tuple[str, ...]) -> tuple[Any, nx.DiGraph]:
    states = [snap.state(i) for i in ids if i in snap.atlas]
    if not states:
        raise UsageError(f"cannot draw the {mode} archetype: none of {', '.join(ids)} is in the data")
    graphs = [(st, state_graph(st)) for st in states]
    wanted = {"two_level": 2, "three_level": 3}.get(mode)
    return next(((s, g) for s, g in graphs if network_metrics(g)["management_levels"] == wanted), graphs[0])


def draw_archetypes(snap: Snapshot, lang: str, out: str | Path, *, min_group: int = 2) -> Path:
    """Draw the paper's archetypes of vertical management (§3.3) side by side: two-level (Gui'an,
    or Lanzhou when only its network shows two levels), three-level (Qingdao West Coast) and
    leadership group (Tianfu), each as in :func:`draw_network`, with one legend."""
    lang, out = check_lang(lang), check_figure_path(out)
    setup(lang)
    import matplotlib.pyplot as plt

    chosen = []
    for mode, ids in ARCHETYPES:
        st, g = _archetype(snap, mode, ids)
        chosen.append((mode, st, g, group_equivalent(g, min_group)))
    rows_used = occupied_rows(*(c[3] for c in chosen))
    chosen = [(*c, layered_layout(c[3], rows_used)) for c in chosen]
    widths = [max(3.0, c[4].width) for c in chosen]
    rows = len(rows_used)
    fig, axes = plt.subplots(
        1,
        3,
        figsize=(sum(widths) * SLOT_INCHES + 1.0, rows * ROW_INCHES + 1.4),
        gridspec_kw={"width_ratios": widths, "wspace": 0.04, "left": 0.01, "right": 0.99},
    )
    panels = []
    for ax, (mode, st, g, h, layout), slots in zip(axes, chosen, widths, strict=True):
        panels.append(_panel(ax, h, layout, lang, slots, rows))
        levels = network_metrics(g, st)["management_levels"]
        levels_text = TEXT[lang]["levels"].format(levels=TEXT[lang]["unknown"] if levels is None else levels)
        ax.set_title(TEXT[lang][mode].format(name=_area_name(st, lang, short=True)) + "\n" + levels_text, fontsize=9, loc="left")
    fig.draw_without_rendering()
    for panel in panels:
        _finish(panel, fig.canvas.get_renderer())
    day = chosen[0][1].day.isoformat()
    fig.suptitle(TEXT[lang]["archetypes"].format(day=day), fontsize=11, x=0.01, ha="left")
    fig.legend(
        handles=_legend_handles([c[3] for c in chosen], lang),
        loc="upper center",
        bbox_to_anchor=(0.5, 0.06),
        ncol=5,
        fontsize=7.5,
        frameon=False,
    )
    fig.text(0.01, -0.02, TEXT[lang]["foot"].format(id="ID"), fontsize=6.5, color="#666666", va="top")
    return save(
        fig,
        out,
        metadata={"Title": f"Archetypes of NNA vertical management, {day}"},
        data_version=version_of(snap.atlas),
        as_of=snap.day,
        lang=lang,
    )
