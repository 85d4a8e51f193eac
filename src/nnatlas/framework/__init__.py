"""The paper's analytical framework as code: scale as size, level and relation (paper §2.2, Fig. 1).

``assess(atlas, at)`` gives one record per NNA with ``id`` and the objects ``size``, ``level``
and ``relation``; every variable is documented in :data:`REGISTRY` (see ``nnatlas codebook``).
Unknown stays ``None``, never a default.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from . import level, relation, size  # noqa: F401 - registers the variables
from ._registry import REGISTRY, Variable

DIMENSIONS = ("size", "level", "relation")
__all__ = ["DIMENSIONS", "REGISTRY", "Variable", "assess", "assess_state"]


def assess_state(st, atlas) -> dict[str, Any]:
    """The framework record of one NNA state."""
    out: dict[str, Any] = {"id": st.area.id, **{d: {} for d in DIMENSIONS}}
    for var in REGISTRY.values():
        out[var.dimension][var.name] = var.func(st, atlas)
    return out


def assess(atlas, at: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Framework records of every NNA existing at ``at`` (what ``nnatlas framework --json`` prints)."""
    return [assess_state(st, atlas) for st in atlas.states(at)]


def frame(atlas, at: str | dt.date | None = None):
    """The framework records as a DataFrame indexed by id, columns ``dimension.variable``."""
    import pandas as pd

    rows = [{"id": r["id"], **{f"{d}.{k}": v for d in DIMENSIONS for k, v in r[d].items()}} for r in assess(atlas, at)]
    return pd.DataFrame(rows).set_index("id") if rows else pd.DataFrame()
