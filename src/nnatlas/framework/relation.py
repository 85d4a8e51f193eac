"""Scale as relation: horizontal and vertical power relations (paper §3.3)."""

from __future__ import annotations

from .. import vocab
from ._registry import variable

LEVELS_BY_MODE = {"two_level": 2, "three_level": 3}


@variable("relation", "provincial_leadership_group", kind="boolean", section="§3.3 (horizontal)",
          definition="A leadership group at provincial level coordinates the NNA",
          derivation="Fact provincial_leadership_group, resolved as of the date")
def provincial_leadership_group(st, atlas) -> bool | None:
    return st.value("provincial_leadership_group")


@variable("relation", "leadership_group_head_rank", categories=vocab.RANKS, section="§3.3 (horizontal)",
          definition="Rank of the head of the provincial leadership group",
          derivation="Fact leadership_group_head_rank, resolved as of the date")
def leadership_group_head_rank(st, atlas) -> str | None:
    return st.value("leadership_group_head_rank")


@variable("relation", "direct_management_area", kind="boolean", section="§3.3 (horizontal)",
          definition="A direct / non-direct management area split exists",
          derivation="Fact direct_management_area, resolved as of the date")
def direct_management_area(st, atlas) -> bool | None:
    return st.value("direct_management_area")


@variable("relation", "trusteeship", kind="boolean", section="§3.3 (horizontal)",
          definition="The NNA body exercises administrative trusteeship over units (托管)",
          derivation="Fact trusteeship, resolved as of the date")
def trusteeship(st, atlas) -> bool | None:
    return st.value("trusteeship")


@variable("relation", "management_mode", categories=vocab.MANAGEMENT_MODES, section="§3.3 (vertical)",
          definition="Vertical management mode: two-level, three-level or leadership-group",
          derivation="Fact management_mode, resolved as of the date")
def management_mode(st, atlas) -> str | None:
    return st.value("management_mode")


@variable("relation", "management_levels", kind="integer", section="§3.3 (vertical)",
          definition="Number of management levels from the NNA authority to the township (2 or 3)",
          derivation="2 for two_level, 3 for three_level; null for leadership_group or unknown mode")
def management_levels(st, atlas) -> int | None:
    return LEVELS_BY_MODE.get(st.value("management_mode"))
