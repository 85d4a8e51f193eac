"""Names a package exposes without importing their modules until first use."""

from __future__ import annotations

from collections.abc import Callable
from importlib import import_module
from typing import Any


def lazy_attributes(package: str, names: dict[str, tuple[str, str | None]]) -> Callable[[str], Any]:
    """A module ``__getattr__`` for ``package``: ``names`` maps an attribute to (module, attribute in
    it, or None for the module itself); modules may be relative to ``package`` (``".maps"``)."""

    def __getattr__(name: str) -> Any:
        if name not in names:
            raise AttributeError(f"module {package!r} has no attribute {name!r}")
        module, attr = names[name]
        loaded = import_module(module, package)
        return getattr(loaded, attr) if attr else loaded

    return __getattr__
