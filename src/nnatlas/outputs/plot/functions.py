"""The paper's Fig. 3, "The management functions of the NNA" (§3.2): economic and social
management functions of every NNA, grouped by organisation type, drawn from the data."""

from __future__ import annotations

from pathlib import Path

from matplotlib.patches import Patch, Rectangle

from nnatlas.atlas import Snapshot
from nnatlas.ingest import vocab
from nnatlas.outputs.plot import _base as figures

_LEVEL = {"complete": 3, "incomplete": 2, "partial": 2, "economic_only": 1}
_COLOURS = {3: "#08519c", 2: "#6baed6", 1: "#deebf7"}
_TEXT = {
    "en": {
        "title": "The management functions of the National New Areas",
        "econ": "Economic management\nfunctions",
        "social": "Social management\nfunctions",
        "org": "Organisation type",
        "note": "Source: nnatlas data (the paper's §3.2 classifications and other sources); as of {day}. Hatched: not known.",
    },
    "zh": {
        "title": "国家级新区的管理职能",
        "econ": "经济管理职能",
        "social": "社会管理职能",
        "org": "组织类型",
        "note": "数据：nnatlas（论文第3.2节分类及其他来源）；截至{day}。斜线：未知。",
    },
}


def draw_functions(snap: Snapshot, out: str | Path, *, lang: str = "en") -> Path:
    """Fig. 3: economic and social management functions of every NNA, grouped by organisation type."""
    figures.setup(lang)
    import matplotlib.pyplot as plt

    t = _TEXT[lang]
    order = ["government", "area_division_integration", "management_committee", "leadership_group", None]
    rows = []
    day = snap.day
    for st in snap.states:
        rows.append((st.area, st.value("org_type"), st.value("economic_functions"), st.value("social_functions")))
    rows.sort(key=lambda r: (order.index(r[1]) if r[1] in order else 4, -(_LEVEL.get(r[3]) or 0), r[0].approved))
    fig, ax = plt.subplots(figsize=(7.2, 0.34 * len(rows) + 1.6))
    n = len(rows)
    for i, (area, org, econ, social) in enumerate(rows):
        y = n - 1 - i
        name = (area.names.zh_short or area.names.zh) if lang == "zh" else area.names.en.replace(" New Area", "")
        ax.text(-0.05, y, name, ha="right", va="center", fontsize=9)
        for x, value, terms in ((0, econ, vocab.ECONOMIC_FUNCTIONS), (1, social, vocab.SOCIAL_FUNCTIONS)):
            level = _LEVEL.get(value)
            ax.add_patch(
                Rectangle(
                    (x + 0.04, y - 0.38),
                    0.92,
                    0.76,
                    facecolor=_COLOURS.get(level, "white"),
                    edgecolor="#bbbbbb",
                    hatch=None if level else "////",
                    linewidth=0.6,
                )
            )
            ax.text(
                x + 0.5,
                y,
                vocab.value_label(value, terms, lang),
                ha="center",
                va="center",
                fontsize=8,
                color="white" if level == 3 else "#222222",
            )
        ax.text(2.08, y, vocab.value_label(org, vocab.ORG_TYPES, lang), ha="left", va="center", fontsize=8, color="#444444")
    for y in range(1, n):  # separators between organisation types
        if rows[n - y][1] != rows[n - y - 1][1]:
            ax.axhline(y - 0.5, color="#888888", linewidth=0.6, xmin=0, xmax=1)
    ax.set_xlim(-1.1, 3.1)
    ax.set_ylim(-0.7, n + 0.2)
    ax.text(0.5, n - 0.2, t["econ"], ha="center", va="bottom", fontsize=8.5, weight="bold", linespacing=1.1)
    ax.text(1.5, n - 0.2, t["social"], ha="center", va="bottom", fontsize=8.5, weight="bold", linespacing=1.1)
    ax.text(2.08, n - 0.2, t["org"], ha="left", va="bottom", fontsize=9, weight="bold")
    ax.axis("off")
    ax.set_title(t["title"], fontsize=11, loc="left", pad=18)
    handles = [
        Patch(facecolor=_COLOURS[3], label=vocab.SOCIAL_FUNCTIONS.label("complete", lang)),
        Patch(facecolor=_COLOURS[2], label=vocab.SOCIAL_FUNCTIONS.label("incomplete", lang)),
        Patch(facecolor=_COLOURS[1], edgecolor="#bbbbbb", label=vocab.SOCIAL_FUNCTIONS.label("economic_only", lang)),
        Patch(facecolor="white", edgecolor="#bbbbbb", hatch="////", label=vocab.value_label(None, None, lang)),
    ]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.01), ncol=4, frameon=False, fontsize=8)
    fig.text(0.01, 0.005, t["note"].format(day=day), fontsize=7, color="#555555")
    return figures.save(
        fig, out, metadata={"Title": t["title"]}, data_version=figures.version_of(snap.atlas), as_of=snap.day, lang=lang
    )
