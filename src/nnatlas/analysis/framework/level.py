"""Scale as level: rank, organisation type, management functions, formal hierarchy (paper §3.2)."""

from __future__ import annotations

from typing import Any

from nnatlas.analysis.framework._registry import variable
from nnatlas.atlas.timeline import group_facts
from nnatlas.ingest import vocab

FORMAL_TYPES = ("government", "area_division_integration")


@variable(
    "level",
    "rank",
    reads=("fact:rank",),
    label=("Administrative rank", "行政级别"),
    zh_definition="新区管理机构的行政级别",
    categories=vocab.RANKS,
    section="§3.2",
    definition="Administrative rank of the NNA's governing body",
    derivation="Fact rank, resolved as of the date",
)
def rank(st, atlas) -> str | None:
    return st.value("rank")


@variable(
    "level",
    "org_type",
    reads=("fact:org_type",),
    label=("Organisation type", "组织类型"),
    zh_definition="论文的四种组织类型：政府型、政区合一型、管委会型、领导小组型",
    categories=vocab.ORG_TYPES,
    section="§3.2, Table 2",
    definition="Organisation type in the paper's four types",
    derivation="Fact org_type, resolved as of the date (the paper's classification is an attestation for 2018)",
)
def org_type(st, atlas) -> str | None:
    return st.value("org_type")


@variable(
    "level",
    "economic_functions",
    reads=("fact:economic_functions",),
    label=("Economic functions", "经济管理职能"),
    zh_definition="经济管理职能的完整程度",
    categories=vocab.ECONOMIC_FUNCTIONS,
    section="§3.2",
    definition="Scope of economic management functions",
    derivation="Fact economic_functions, resolved as of the date",
)
def economic_functions(st, atlas) -> str | None:
    return st.value("economic_functions")


@variable(
    "level",
    "social_functions",
    reads=("fact:social_functions",),
    label=("Social functions", "社会管理职能"),
    zh_definition="社会管理职能：完整、不完整或仅有经济职能",
    categories=vocab.SOCIAL_FUNCTIONS,
    section="§3.2, Fig. 3",
    definition="Scope of social management functions: complete, incomplete or economic only",
    derivation="Fact social_functions, resolved as of the date",
)
def social_functions(st, atlas) -> str | None:
    return st.value("social_functions")


@variable(
    "level",
    "formal_hierarchy",
    reads=("fact:org_type",),
    label=("In the formal hierarchy", "属正式行政序列"),
    zh_definition="新区机构是否处于正式行政组织序列",
    kind="boolean",
    section="§3.2",
    definition="The NNA body sits in the formal administrative organisation sequence",
    derivation="True for government and area-division integration types, false for management "
    "committee and leadership group types, null when the type is unknown",
)
def formal_hierarchy(st, atlas) -> bool | None:
    t = st.value("org_type")
    return None if t is None else t in FORMAL_TYPES


@variable(
    "level",
    "org_path",
    reads=("fact:org_type",),
    label=("Organisation path", "组织演变路径"),
    zh_definition="截至该日期新区经历的组织类型序列",
    kind="list",
    section="§3.2",
    definition="Organisation types the NNA has had up to the date, in order (e.g. leadership group -> "
    "management committee -> government)",
    derivation="Values of org_type records begun by the date, ordered by start, consecutive repeats merged",
)
def org_path(st, atlas) -> list[str]:
    return [step["org_type"] for step in org_history(st.area, st.day)]


def org_history(area, day) -> list[dict[str, Any]]:
    """The organisation-type changes up to ``day``: ``[{"org_type", "since", "sources"}]``."""
    records = group_facts(area.facts).get(("org_type", None), [])
    dated = sorted(
        (r for r in records if r.value is not None and r.begins.first_day <= day), key=lambda r: (r.begins.first_day, r.attested)
    )
    path: list[dict[str, Any]] = []
    for r in dated:
        if path and path[-1]["org_type"] == r.value:
            continue
        if path and r.attested:  # an attestation that differs is a dispute, not a step of the path
            continue
        path.append({"org_type": r.value, "since": str(r.begins), "sources": [str(s) for s in r.sources]})
    return path
