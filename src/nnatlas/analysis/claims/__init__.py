"""The paper's statements as data, checked against the dataset.

Each :class:`Claim` (in :mod:`.catalogue`) has an id, the paper's words, its section, the
paper's value (written once) and a rule that computes the value from a snapshot. ``evaluate``
returns ``status`` (``reproduced``, ``differs`` or ``not_checkable``) and, for every difference,
a ``reason`` naming the NNAs, definitions or dates behind it. The paper is one source among
others: a claim that differs is reported, never forced.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from nnatlas.analysis.claims.catalogue import CLAIMS
from nnatlas.analysis.claims.rules import Claim, Outcome
from nnatlas.atlas import Atlas, Snapshot, snapshot_of
from nnatlas.core.settings import PAPER_DATE

__all__ = ["CLAIMS", "Claim", "Outcome", "evaluate"]


def _evaluate(snap: Snapshot) -> list[dict[str, Any]]:
    rows = []
    for c in CLAIMS:
        out = c.check(snap, c.paper_value)
        rows.append(
            {
                "id": c.id,
                "section": c.section,
                "quote": c.quote,
                "paper_value": c.paper_value,
                "computed_value": out.computed,
                "status": out.status,
                "reason": out.reason,
                "variants": out.variants,
                "rests_on": out.rests_on,
                "as_of": snap.day.isoformat(),
            }
        )
    return rows


def evaluate(source: Atlas | Snapshot, at: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Every claim evaluated on a snapshot, or on an atlas as of ``at`` (default: the end of 2018,
    the paper's date); what ``nnatlas claims --json`` prints.

    Each row has ``id``, ``section``, ``quote``, ``paper_value``, ``computed_value``, ``status``,
    ``reason`` (for every difference), ``variants``, ``rests_on`` and ``as_of``.
    """
    return snapshot_of(source, at, default=PAPER_DATE).derived("claims", _evaluate)
