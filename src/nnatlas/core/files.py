"""Atomic file writes, shared by every writer (exports, figures, caches). Standard library only,
so the ``show`` path can use it."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside ``target``; rename it onto ``target`` only on success."""
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    umask = os.umask(0)
    os.umask(umask)
    try:
        yield tmp_path
        os.chmod(tmp_path, 0o666 & ~umask)  # mkstemp makes 0600; give the file the usual permissions
        os.replace(tmp_path, target)
    finally:
        if tmp_path.exists():
            tmp_path.unlink()


#: What :func:`atomic_path` names its temporary files (``.NAME.RANDOM.part``, and GDAL's ``.gpkg`` beside one).
PARTIAL_PATTERNS = (".*.part", ".*.part.gpkg")


def remove_partials(directory: Path) -> list[Path]:
    """Remove the temporary files a killed writer left in ``directory`` (not below it); return them.

    A folder that nnatlas writes into is its own: a leftover ``.part`` file can only be from a run
    that was stopped before it could clean up.
    """
    if not directory.is_dir():
        return []
    found = [p for pattern in PARTIAL_PATTERNS for p in directory.glob(pattern) if p.is_file()]
    for p in found:
        p.unlink(missing_ok=True)
    return found
