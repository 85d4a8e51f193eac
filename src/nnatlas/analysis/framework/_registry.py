"""The registry of framework variables: each is a function of one NNA's state with its definition.

The ``framework`` command computes records by iterating this registry, and the codebook is
rendered from it, so the two cannot drift apart.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Variable:
    dimension: str  # size | level | relation
    name: str
    definition: str
    section: str
    derivation: str
    categories: dict[str, str] = field(default_factory=dict)
    kind: str = "category"  # category | boolean | integer | number | text | list
    label: tuple[str, str] = ("", "")  # short English and Chinese labels (map titles, table headers)
    zh_definition: str = ""
    #: What the value is computed from, for the basis of claims and dispute flags: ``fact:FIELD`` or
    #: ``fact:FIELD:QUALIFIER`` (a dated fact), ``units``, ``approval`` or ``region``.
    reads: tuple[str, ...] = ()
    func: Callable[..., Any] = field(default=lambda st, atlas: None, compare=False, repr=False)

    @property
    def key(self) -> str:
        return f"{self.dimension}.{self.name}"

    def title(self, lang: str = "en") -> str:
        """The variable's short label in ``lang``."""
        return self.label[lang == "zh"]


REGISTRY: dict[str, Variable] = {}


def variable(
    dimension: str,
    name: str,
    *,
    definition: str,
    section: str,
    derivation: str,
    categories: dict[str, str] | None = None,
    kind: str = "category",
    label: tuple[str, str],
    zh_definition: str,
    reads: tuple[str, ...],
):
    """Register ``func(state, atlas) -> value`` as framework variable ``dimension.name``."""

    def register(func):
        cats = categories or {}
        var = Variable(dimension, name, definition, section, derivation, cats, kind, label, zh_definition, reads, func)
        REGISTRY[var.key] = var
        return func

    return register


def close_keys(by: str, n: int = 3) -> list[str]:
    """The variable keys closest to ``by``, matching either the key or its bare name."""
    import difflib

    close = difflib.get_close_matches(str(by), list(REGISTRY), n=n, cutoff=0.5)
    for bare in difflib.get_close_matches(str(by), [k.split(".", 1)[1] for k in REGISTRY], n=n, cutoff=0.5):
        close.append(next(k for k in REGISTRY if k.endswith("." + bare)))
    return list(dict.fromkeys(close))[:n]


def variable_key(by: str) -> str | None:
    """The key a variable is named by: a key (``level.org_type``) or an unambiguous bare name
    (``org_type``); None when it names none (:func:`close_keys` gives the closest)."""
    if by in REGISTRY:
        return by
    bare = [k for k in REGISTRY if k.split(".", 1)[1] == by]
    return bare[0] if len(bare) == 1 else None
