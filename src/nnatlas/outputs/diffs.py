"""What changed, stamped with the data version(s) it was computed from (``nnatlas diff``).

The comparisons themselves are :mod:`nnatlas.analysis.diff`; this adds ``data``, which the
analysis ring cannot compute (the version hashes the data files, see
:func:`nnatlas.outputs.export.meta.data_version`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from pathlib import Path
from typing import Any

from nnatlas.analysis.diff import between_data, between_dates
from nnatlas.atlas import Atlas
from nnatlas.outputs.export.meta import data_version


def _version(atlas: Atlas, folder: str | Path | None, standalone: bool) -> dict[str, Any]:
    return dataclasses.asdict(data_version(atlas, folder, standalone=standalone))


def _stamped(result: dict[str, Any], data: dict[str, Any]) -> dict[str, Any]:
    head = {k: v for k, v in result.items() if k not in ("counts", "attested", "changes")}
    return head | {"data": data} | {k: v for k, v in result.items() if k not in head}


def dates_diff(
    atlas: Atlas, a: dt.date, b: dt.date, *, data_dir: str | Path | None = None, standalone: bool = False
) -> dict[str, Any]:
    """:func:`~nnatlas.analysis.diff.between_dates` with ``data``: the version of the data
    (``data_dir``/``standalone``: the ``--data`` folder the atlas was loaded from, if any)."""
    return _stamped(between_dates(atlas, a, b), _version(atlas, data_dir, standalone))


def data_diff(
    old: Atlas,
    new: Atlas,
    *,
    old_dir: str | Path | None = None,
    old_standalone: bool = False,
    new_dir: str | Path | None = None,
    new_standalone: bool = False,
) -> dict[str, Any]:
    """:func:`~nnatlas.analysis.diff.between_data` with ``data``: ``{"old": version, "new": version}``
    and the folder each was read from (None: the packaged data)."""
    versions = {
        "old": _version(old, old_dir, old_standalone) | {"folder": str(old_dir) if old_dir else None},
        "new": _version(new, new_dir, new_standalone) | {"folder": str(new_dir) if new_dir else None},
    }
    return _stamped(between_data(old, new), versions)
