"""The paper's analytical framework as code: scale as size, level and relation (paper §2.2, Fig. 1).

``assess(snapshot)`` gives one record per NNA with ``id``, ``as_of`` and the objects ``size``,
``level`` and ``relation``; every variable is documented in :data:`REGISTRY` (see
``nnatlas codebook``). Unknown stays ``None``, never a default. The records of a snapshot are
computed once, when first asked.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nnatlas.analysis.evidence import evidence
from nnatlas.analysis.framework import level, relation, size  # noqa: F401 - registers the variables
from nnatlas.analysis.framework._registry import REGISTRY, Variable, close_keys, variable_key
from nnatlas.analysis.framework.relation import mode_rests_on_overridden_type
from nnatlas.atlas import AreaState, Atlas, Snapshot, snapshot_of

DIMENSIONS = ("size", "level", "relation")
__all__ = ["DIMENSIONS", "REGISTRY", "Variable", "assess", "assess_state", "close_keys", "frame", "record", "variable_key"]


def assess_state(st: AreaState, atlas: Atlas) -> dict[str, Any]:
    """The framework record of one NNA state, with ``disputed``: for each variable whose deciding
    fact is disputed: the fact, its value chosen (the preferred record's) with its sources, and the
    other values with theirs."""
    out: dict[str, Any] = {"id": st.area.id, "as_of": st.day.isoformat(), **{d: {} for d in DIMENSIONS}}
    disputed: dict[str, Any] = {}
    for var in REGISTRY.values():
        out[var.dimension][var.name] = var.func(st, atlas)
        for key in var.reads:
            if key.startswith("fact:") and (ev := evidence(st, key, atlas)).disputed:
                disputed[var.key] = {
                    "fact": key.removeprefix("fact:"),
                    "value": ev.value,
                    "sources": list(ev.sources),
                    "alternatives": [{"value": v, "sources": list(s)} for v, s in ev.alternatives],
                }
    if mode_rests_on_overridden_type(st):
        disputed["relation.management_mode"] = {
            "fact": "management_mode",
            "value": None,
            "sources": [],
            "alternatives": [{"value": st.value("management_mode"), "sources": ["paper"]}],
            "reason": "the paper's leadership-group mode rests on its leadership-group type, which the data overrides "
            f"(org_type {st.value('org_type')})",
        }
    out["disputed"] = disputed
    return out


def _by_id(snap: Snapshot) -> dict[str, dict[str, Any]]:
    return snap.derived("framework", lambda s: {})


def record(snap: Snapshot, key: str) -> dict[str, Any]:
    """The framework record of NNA ``key`` in ``snap`` (existing or not), computed once."""
    memo = _by_id(snap)
    st = snap.state(key)
    if st.area.id not in memo:
        memo[st.area.id] = assess_state(st, snap.atlas)
    return memo[st.area.id]


def assess(source: Atlas | Snapshot, at: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Framework records of every NNA existing at the date (what ``nnatlas framework --json`` prints).

    ``source`` is a snapshot, or an atlas and ``at`` (default today).
    """
    snap = snapshot_of(source, at)
    return [record(snap, st.area.id) for st in snap.states]


def frame(source: Atlas | Snapshot, at: str | dt.date | None = None):
    """The framework records as a DataFrame indexed by id, columns ``dimension.variable``."""
    import pandas as pd

    rows = [{"id": r["id"], **{f"{d}.{k}": v for d in DIMENSIONS for k, v in r[d].items()}} for r in assess(source, at)]
    return pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame()
