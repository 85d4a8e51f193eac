"""nnatlas: China's State-level New Areas through the lens of scale politics.

>>> import nnatlas as na
>>> atlas = na.load()
>>> atlas["liangjiang"].names.en
'Liangjiang New Area'
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from ._errors import DataValidationError, DateError, NNAtlasError, UnknownAreaError, UsageError

if TYPE_CHECKING:
    from .atlas import Atlas
    from .validation import Report

__version__ = "0.1.0"
__all__ = [
    "DataValidationError",
    "DateError",
    "NNAtlasError",
    "UnknownAreaError",
    "UsageError",
    "__version__",
    "load",
    "validate",
]


@lru_cache(maxsize=8)
def _load(path: str | None, standalone: bool, key: str) -> Atlas:  # key: see datasets.tree_key
    from .atlas import Atlas
    from .validation import run

    report, parsed = run(path, standalone=standalone)
    if not report.valid:
        raise DataValidationError(report)
    return Atlas(parsed)


def load(path: str | Path | None = None, *, standalone: bool = False) -> Atlas:
    """Load and validate the packaged data (or a data directory at ``path``).

    ``path`` extends the packaged data unless ``standalone``. Raises
    :class:`DataValidationError` with the whole report when the data has errors. The atlas is
    kept in memory until a data file changes, so a second call after an edit sees the edit.
    """
    from .datasets import tree_key

    return _load(str(path) if path is not None else None, standalone, tree_key(path, standalone=standalone))


def validate(path: str | Path | None = None, *, standalone: bool = False) -> Report:
    """Validate the packaged data or a user's copy or extension of it; see :mod:`nnatlas.validation`."""
    from .validation import validate as _validate

    return _validate(path, standalone=standalone)
