"""The optional packages the geography layer needs, imported with a one-line error.

numpy and shapely are imported with this module; geopandas, pandas and pyproj only when a
module asks for them (``from ._deps import gpd``), so a warm national map, drawn from cached
geometry (:mod:`.scene`), imports neither geopandas nor pyproj.

A missing package raises :class:`GeoExtraMissing`: a :class:`nnatlas.UsageError` (the CLI
prints one line) that is also an ``ImportError`` (code that treats the extra as optional can
catch it as such).
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

from nnatlas.core.errors import UsageError

INSTALL_HINT = "install the geo extra: pip install 'nnatlas[geo]'"


class GeoExtraMissing(UsageError, ImportError):
    """A package of the ``geo`` extra is missing."""


def _missing(name: str | None) -> GeoExtraMissing:
    return GeoExtraMissing(f"maps and footprints need the package {name!r}, which is missing: {INSTALL_HINT}")


try:
    import numpy as np
    import shapely
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise _missing(exc.name) from None

_LAZY = {"gpd": "geopandas", "pd": "pandas", "pyproj": "pyproj"}


def __getattr__(name: str) -> Any:
    if name not in _LAZY:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    try:
        module = import_module(_LAZY[name])
    except ImportError as exc:
        raise _missing(exc.name) from None
    globals()[name] = module
    return module


__all__ = ["INSTALL_HINT", "GeoExtraMissing", "np", "shapely"]  # and, lazily, gpd, pd, pyproj
