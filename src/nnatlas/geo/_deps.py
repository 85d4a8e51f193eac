"""The optional packages the geography layer needs, imported once with a one-line error.

Importing this module raises :class:`GeoExtraMissing` when the ``geo`` extra is not installed:
a :class:`nnatlas.UsageError` (the CLI prints one line) that is also an ``ImportError`` (code
that treats the extra as optional can catch it as such).
"""

from __future__ import annotations

from .._errors import UsageError

INSTALL_HINT = "install the geo extra: pip install 'nnatlas[geo]'"


class GeoExtraMissing(UsageError, ImportError):
    """A package of the ``geo`` extra is missing."""


try:
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import pyproj
    import shapely
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise GeoExtraMissing(f"maps and footprints need the package {exc.name!r}, which is missing: {INSTALL_HINT}") from None

__all__ = ["INSTALL_HINT", "GeoExtraMissing", "gpd", "np", "pd", "pyproj", "shapely"]
