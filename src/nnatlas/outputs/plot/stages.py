"""Timeline figure of development stage and governance alignment (``nnatlas stages --figure``)."""

from __future__ import annotations

from pathlib import Path

from nnatlas.analysis.framework.stages import StageModel, panel
from nnatlas.ingest import vocab
from nnatlas.outputs.plot import _base as figures

STAGE_COLOURS = {"start_up": "#c6dbef", "expansion": "#6baed6", "maturity": "#08519c"}
GAP_MARKERS = {"aligned": ("o", "#2ca02c"), "lagging": ("v", "#d62728"), "ahead": ("^", "#9467bd"), "unknown": ("o", "#9e9e9e")}
LABELS = {
    "en": {
        "title": "Development stage and governance alignment of the National New Areas (state at each year's end)",
        "x": "Year",
        "stage": "Stage",
        "gap": "Governance vs stage",
    },
    "zh": {
        "title": "国家级新区发展阶段与治理匹配（各年年末）",
        "x": "年份",
        "stage": "阶段",
        "gap": "治理与阶段",
    },
}


def draw(atlas, start: int, end: int, model: StageModel, out: str | Path, *, lang: str = "en") -> Path:
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    figures.setup(lang)
    import matplotlib.pyplot as plt

    rows = panel(atlas, start, end, model)
    ids = [a.id for a in atlas if any(r["id"] == a.id for r in rows)]
    names = {a.id: (a.names.zh_short or a.names.zh) if lang == "zh" else a.names.en.replace(" New Area", "") for a in atlas}
    t = LABELS[lang]
    fig, ax = plt.subplots(figsize=(11, 0.38 * len(ids) + 1.8))
    y = {i: n for n, i in enumerate(reversed(ids))}
    for r in rows:
        ax.barh(y[r["id"]], 1, left=r["year"] - 0.5, height=0.7, color=STAGE_COLOURS[r["stage"]], linewidth=0)
        marker, colour = GAP_MARKERS[r["gap"]]
        unknown = r["gap"] == "unknown"
        ax.plot(
            r["year"],
            y[r["id"]],
            marker=marker,
            color=colour,
            markersize=3.5 if unknown else 5,
            markerfacecolor="white" if unknown else colour,
            markeredgecolor=colour if unknown else "white",
            markeredgewidth=0.8 if unknown else 0.4,
            linestyle="none",
        )
    ax.set_yticks(list(y.values()), [names[i] for i in y])
    ax.set_xlim(start - 0.6, end + 0.6)
    ax.set_xlabel(t["x"])
    ax.set_title(t["title"], fontsize=11, loc="left")
    ax.spines[["top", "right"]].set_visible(False)
    ax.grid(axis="x", color="#eeeeee", linewidth=0.6)
    ax.set_axisbelow(True)
    stage_handles = [Patch(color=c, label=vocab.DEVELOPMENT_STAGES.label(s, lang)) for s, c in STAGE_COLOURS.items()]
    gap_handles = [
        Line2D(
            [],
            [],
            marker=m,
            color=c,
            linestyle="none",
            label=vocab.GAPS.label(g, lang),
            markerfacecolor="white" if g == "unknown" else c,
        )
        for g, (m, c) in GAP_MARKERS.items()
    ]
    leg = ax.legend(handles=stage_handles, title=t["stage"], loc="upper left", bbox_to_anchor=(1.01, 1), frameon=False)
    ax.add_artist(leg)
    ax.legend(handles=gap_handles, title=t["gap"], loc="upper left", bbox_to_anchor=(1.01, 0.55), frameon=False)
    note = (
        f"Stages: expansion from {model.expansion_from:g} years after approval, maturity from "
        f"{model.maturity_from:g} (paper §4). State at the end of each year, {start}-12-31 to {end}-12-31. Source: nnatlas data."
        if lang == "en"
        else f"阶段：批复后{model.expansion_from:g}年进入拓展期，{model.maturity_from:g}年进入成熟期"
        f"（论文第4节）。各年年末状态：{start}-12-31 至 {end}-12-31。数据：nnatlas。"
    )
    fig.text(0.01, 0.005, note, fontsize=7.5, color="#555555")
    return figures.save(fig, out, metadata={"Title": t["title"]})
