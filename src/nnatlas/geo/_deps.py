"""The optional packages the geography layer needs, imported once with a one-line error.

Importing this module raises :class:`nnatlas.UsageError` (not an ImportError traceback) when
the ``geo`` extra is not installed.
"""

from __future__ import annotations

from .._errors import UsageError

INSTALL_HINT = "install the geo extra: pip install 'nnatlas[geo]'"

try:
    import geopandas as gpd
    import numpy as np
    import pandas as pd
    import pyproj
    import shapely
except ImportError as exc:  # pragma: no cover - exercised only without the extra
    raise UsageError(f"maps and footprints need the package {exc.name!r}, which is missing: {INSTALL_HINT}") from None

__all__ = ["INSTALL_HINT", "gpd", "np", "pd", "pyproj", "shapely"]
