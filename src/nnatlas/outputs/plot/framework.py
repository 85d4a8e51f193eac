"""The paper's Fig. 1, "The analytical framework of NNA state rescaling" (§2.2), drawn as a
diagram with the paper's own wording."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from nnatlas.core.settings import check_lang
from nnatlas.outputs.plot._base import check_figure_path, save, setup

# --- Fig. 1: the analytical framework ------------------------------------------------------------
#: The paper's Fig. 1 (§2.2), wording from §2.2 and the conclusions of §4. Per row: the dimension
#: of scale, the spatial element of the NNA (with its components) and the scalar characteristics.
FRAMEWORK = {
    "en": {
        "title": "The analytical framework of NNA state rescaling",
        "heads": ("Dimensions of scale", "Spatial elements of the NNA", "Scalar characteristics", "Outcome"),
        "rows": (
            (
                "Scale as size\n(§3.1)",
                'Territorial structure\ntopographical dimension:\nregional layout; "city-region" spatial form',
                "City-regional scale production:\nlarge scale, cross-regional,\ncoordinated layout",
            ),
            (
                "Scale as level\n(§3.2)",
                "Administrative structure\nspatial level; organizational status;\nadministrative functions",
                "Scaling up:\nhigh configuration, experimental,\ntendency to formal state",
            ),
            (
                "Scale as relation\n(§3.3)",
                "Power structure\nhorizontal relations (cross-regional,\ncross-departmental); vertical relations\n"
                "(management levels)",
                "Scale reconstruction:\nthrough the interaction of power relations;\n"
                "flexible, flat and dynamic overlapping power",
            ),
        ),
        "outcome": "State rescaling\nof the NNA",
        "foot": "After the paper's Fig. 1 (§2.2); characteristics from its conclusions (§4). Drawn by nnatlas.",
    },
    "zh": {
        "title": "国家级新区国家尺度重构的分析框架",
        "heads": ("尺度的维度", "新区的空间要素", "尺度特征", "结果"),
        "rows": (
            (
                "尺度作为规模\n（§3.1）",
                "地域结构\n地形维度：\n区域布局；“城市-区域”空间形态",
                "城市-区域尺度生产：\n大规模、跨区域、协调布局",
            ),
            ("尺度作为层级\n（§3.2）", "行政结构\n空间层级；组织地位；行政职能", "尺度上移：\n高配置、实验性、趋向正式化"),
            (
                "尺度作为关系\n（§3.3）",
                "权力结构\n横向关系（跨区域、跨部门）；\n纵向关系（管理层级）",
                "权力关系互动中的尺度重构：\n灵活、扁平、动态交叠的权力",
            ),
        ),
        "outcome": "新区的\n国家尺度重构",
        "foot": "据论文图1（§2.2）绘制，尺度特征取自结论（§4）；中文为 nnatlas 据英文原文的译文。",
    },
}
FRAMEWORK_COLOURS = (("#cfe2f3", "#eaf2fa"), ("#d9ead3", "#eef6ea"), ("#fce5cd", "#fdf2e6"))


def draw_framework_figure(lang: str, out: str | Path) -> Path:
    """Draw the paper's Fig. 1, "The analytical framework of NNA state rescaling", to ``out``.

    Three rows, one per dimension of scale (Howitt 2002): scale as size, level and relation,
    each mapped to a spatial element of the NNA (territorial, administrative and power
    structure) and to the scalar characteristics the paper concludes with (city-regional scale
    production; scaling up; flexible, flat and dynamic overlapping power), which together make
    the outcome, state rescaling.
    """
    lang, out = check_lang(lang), check_figure_path(out)
    setup(lang)
    import matplotlib.pyplot as plt
    from matplotlib.patches import FancyArrowPatch, FancyBboxPatch

    text = FRAMEWORK[lang]
    fig = plt.figure(figsize=(11.5, 5.6))
    ax = fig.add_axes((0, 0, 1, 1))
    ax.set_xlim(0, 11.5)
    ax.set_ylim(0, 5.6)
    ax.set_axis_off()
    columns = ((0.2, 2.0), (2.75, 3.5), (6.95, 2.75), (10.05, 1.3))  # (left, width) in inches
    for (left, width), head in zip(columns, text["heads"], strict=True):
        ax.text(left + width / 2, 4.95, head, ha="center", va="center", fontsize=10, weight="bold", color="#333333")

    def box(left: float, bottom: float, width: float, height: float, label: str, face: str, **kw: Any) -> Any:
        patch = ax.add_patch(
            FancyBboxPatch(
                (left, bottom),
                width,
                height,
                boxstyle="round,pad=0,rounding_size=0.12",
                facecolor=face,
                edgecolor=kw.pop("edge", "#555555"),
                linewidth=1.0,
            )
        )
        x, y = left + width / 2, bottom + height / 2
        head, _, rest = label.partition("\n")
        if kw.get("weight") == "bold" or not rest:
            ax.text(x, y, label, ha="center", va="center", linespacing=1.35, **kw)
            return patch
        step = kw["fontsize"] * 1.35 / 72  # one line, in inches (= data units on these axes)
        lines = 1 + rest.count("\n") + 1
        ax.text(x, y + (lines - 1) / 2 * step, head, ha="center", va="center", weight="bold", **kw)
        ax.text(x, y - step / 2, rest, ha="center", va="center", linespacing=1.35, **kw)
        return patch

    def arrow(a: Any, b: Any, **kw: Any) -> None:
        ax.add_patch(
            FancyArrowPatch(
                patchA=a,
                patchB=b,
                posA=_centre(a),
                posB=_centre(b),
                arrowstyle="-|>",
                mutation_scale=14,
                color="#444444",
                linewidth=1.2,
                **kw,
            )
        )

    height, tops = 1.15, (4.45, 3.05, 1.65)
    outcome = box(
        columns[3][0],
        tops[2] - height,
        columns[3][1],
        tops[0] - tops[2] + height,
        text["outcome"],
        "#f4cccc",
        edge="#990000",
        fontsize=11,
        weight="bold",
    )
    for (dimension, element, feature), top, (strong, light) in zip(text["rows"], tops, FRAMEWORK_COLOURS, strict=True):
        cells = [
            box(left, top - height, width, height, label, face, **style)
            for (left, width), label, face, style in zip(
                columns[:3],
                (dimension, element, feature),
                (strong, light, strong),
                ({"fontsize": 10, "weight": "bold"}, {"fontsize": 8.5}, {"fontsize": 8.5}),
                strict=True,
            )
        ]
        arrow(cells[0], cells[1])
        arrow(cells[1], cells[2])
        arrow(cells[2], outcome)
    ax.text(0.2, 5.45, text["title"], fontsize=12.5, weight="bold", ha="left", va="center")
    ax.text(0.2, 0.12, text["foot"], fontsize=7, color="#666666", ha="left", va="bottom")
    return save(fig, out, metadata={"Title": FRAMEWORK["en"]["title"]})


def _centre(patch: Any) -> tuple[float, float]:
    return patch.get_x() + patch.get_width() / 2, patch.get_y() + patch.get_height() / 2
