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
from nnatlas.analysis.claims.rules import STATUSES, Claim, Outcome
from nnatlas.analysis.evidence import basis, evidence
from nnatlas.atlas import Atlas, Snapshot, snapshot_of
from nnatlas.core.settings import PAPER_DATE

__all__ = ["CLAIMS", "STATUSES", "Claim", "Outcome", "evaluate", "evaluate_claim"]


def claim_basis(snap: Snapshot, claim: Claim) -> dict[str, Any]:
    """The basis of a claim's outcome: the sources of its deciding values (see :mod:`..evidence`)."""
    reads = claim.reads or getattr(claim.check, "reads", ())
    areas = claim.areas if claim.areas is not None else [st.area.id for st in snap.state_level]
    items = [evidence(snap.state(a), key, snap.atlas) for a in areas if a in snap.atlas for key in reads]
    return basis(items)


def _evaluate(snap: Snapshot) -> list[dict[str, Any]]:
    return [evaluate_claim(snap, c) for c in CLAIMS]


def evaluate_claim(snap: Snapshot, c: Claim) -> dict[str, Any]:
    """One claim's row (see :func:`evaluate`); an agreement that rests only on the paper is ``consistent``."""
    out = c.check(snap, c.paper_value)
    b = claim_basis(snap, c)
    status, reason = out.status, out.reason
    if status == "reproduced" and b["basis"] == "paper_only":
        status = "consistent"
        reason = "; ".join(
            x for x in (reason, "every deciding value is the paper's own: the data agrees with it by construction") if x
        )
    return {
        "id": c.id,
        "section": c.section,
        "kind": c.kind,
        "quote": c.quote,
        "paper_value": c.paper_value,
        "computed_value": out.computed,
        "status": status,
        "basis": b["basis"],
        "basis_counts": {k: b[k] for k in ("independent", "paper_only", "unknown")},
        "paper_only_ids": b["paper_only_ids"],
        "unknown_ids": b["unknown_ids"],
        "source_ids": b["source_ids"],
        "reason": reason,
        "variants": out.variants,
        "rests_on": out.rests_on,
        "as_of": snap.day.isoformat(),
    }


def evaluate(source: Atlas | Snapshot, at: str | dt.date | None = None) -> list[dict[str, Any]]:
    """Every claim evaluated on a snapshot, or on an atlas as of ``at`` (default: the end of 2018,
    the paper's date); what ``nnatlas claims --json`` prints.

    Each row has ``id``, ``section``, ``kind``, ``quote``, ``paper_value``, ``computed_value``,
    ``status`` (reproduced, consistent, differs or not_checkable), ``basis`` (independent,
    partly_paper, paper_only or none) with ``basis_counts`` and the NNAs behind it, ``reason``
    (for every difference), ``variants``, ``rests_on`` and ``as_of``.
    """
    return snapshot_of(source, at, default=PAPER_DATE).derived("claims", _evaluate)
