"""Scale as relation: horizontal and vertical power relations (paper §3.3)."""

from __future__ import annotations

from nnatlas.analysis.framework._registry import variable
from nnatlas.ingest import vocab

LEVELS_BY_MODE = {"two_level": 2, "three_level": 3}


@variable(
    "relation",
    "provincial_leadership_group",
    reads=("fact:provincial_leadership_group",),
    label=("Provincial leadership group", "省级领导小组"),
    zh_definition="是否设有省级领导小组统筹新区",
    kind="boolean",
    section="§3.3 (horizontal)",
    definition="A leadership group at provincial level coordinates the NNA",
    derivation="Fact provincial_leadership_group, resolved as of the date",
)
def provincial_leadership_group(st, atlas) -> bool | None:
    return st.value("provincial_leadership_group")


@variable(
    "relation",
    "leadership_group_head_rank",
    reads=("fact:leadership_group_head_rank",),
    label=("Rank of the group's head", "领导小组组长级别"),
    zh_definition="省级领导小组组长的行政级别",
    categories=vocab.RANKS,
    section="§3.3 (horizontal)",
    definition="Rank of the head of the provincial leadership group",
    derivation="Fact leadership_group_head_rank, resolved as of the date",
)
def leadership_group_head_rank(st, atlas) -> str | None:
    return st.value("leadership_group_head_rank")


@variable(
    "relation",
    "direct_management_area",
    reads=("fact:direct_management_area",),
    label=("Direct management area", "直管区"),
    zh_definition="是否划分直管区与非直管区",
    kind="boolean",
    section="§3.3 (horizontal)",
    definition="A direct / non-direct management area split exists",
    derivation="Fact direct_management_area, resolved as of the date",
)
def direct_management_area(st, atlas) -> bool | None:
    return st.value("direct_management_area")


@variable(
    "relation",
    "trusteeship",
    reads=("fact:trusteeship",),
    label=("Trusteeship", "托管"),
    zh_definition="新区机构是否对所辖单元实行行政托管",
    kind="boolean",
    section="§3.3 (horizontal)",
    definition="The NNA body exercises administrative trusteeship over units (托管)",
    derivation="Fact trusteeship, resolved as of the date",
)
def trusteeship(st, atlas) -> bool | None:
    return st.value("trusteeship")


@variable(
    "relation",
    "management_mode",
    reads=("fact:management_mode",),
    label=("Management mode", "管理模式"),
    zh_definition="两级、三级或领导小组管理模式",
    categories=vocab.MANAGEMENT_MODES,
    section="§3.3 (vertical)",
    definition="Vertical management mode: two-level, three-level or leadership-group",
    derivation="Fact management_mode, resolved as of the date; the paper's leadership-group mode, which rests on its "
    "leadership-group type (§3.3), is unknown where the data's org_type is another type",
)
def management_mode(st, atlas) -> str | None:
    return None if mode_rests_on_overridden_type(st) else st.value("management_mode")


def mode_rests_on_overridden_type(st) -> bool:
    """The mode is the paper's leadership-group mode, sourced to the paper alone, while the data's
    organisation type is no longer a leadership group (Harbin from 2018-06-07): the mode follows
    from a type the data overrides, so it is not carried forward."""
    mode = st.facts.get(("management_mode", None))
    if mode is None or mode.value != "leadership_group" or not mode.sources:
        return False
    paper_only = all(s.id == "paper" for s in mode.sources)
    return paper_only and st.value("org_type") not in (None, "leadership_group")


@variable(
    "relation",
    "management_levels",
    reads=("fact:management_mode",),
    label=("Management levels", "管理层级数"),
    zh_definition="新区管理机构至乡镇的管理层级数（2或3）",
    kind="integer",
    section="§3.3 (vertical)",
    definition="Number of management levels from the NNA authority to the township (2 or 3)",
    derivation="2 for two_level, 3 for three_level; null for leadership_group or unknown mode",
)
def management_levels(st, atlas) -> int | None:
    return LEVELS_BY_MODE.get(st.value("management_mode"))
