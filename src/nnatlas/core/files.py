"""Atomic file writes, shared by every writer (exports, figures, caches). Standard library only,
so the ``show`` path can use it."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
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


def _partial(target: Path) -> Path:
    """A new, empty temporary file beside ``target``, named like :func:`atomic_path`'s."""
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(fd)
    return Path(tmp)


@contextmanager
def atomic_files(targets: Iterable[Path], manifest: Path | None = None) -> Iterator[dict[Path, Path]]:
    """Write a set of files that belong together; yield ``{target: temporary path}``.

    Every file (the ``targets`` and the ``manifest``) is written under a temporary name beside
    its target (named as :func:`atomic_path` names them, so :func:`remove_partials` finds what a
    killed run left). Only when the block succeeds are they put in place, in this order:

    1. the old ``manifest`` is removed (without a manifest: every old target is removed; a
       manifest without targets, a one-file format, is not: it is replaced atomically);
    2. the new targets are renamed into place, one after the other;
    3. the new ``manifest`` is renamed into place, last.

    So whenever the writer is stopped, the folder holds the old complete set, or data files
    without a manifest (without a manifest: a subset of the new files, never old and new mixed),
    or the new complete set. When the block fails, the temporary files are removed and the
    old files are left as they were.
    """
    files = list(dict.fromkeys([*targets, *([manifest] if manifest is not None else [])]))
    staged: dict[Path, Path] = {}
    umask = os.umask(0)
    os.umask(umask)
    try:
        for target in files:
            target.parent.mkdir(parents=True, exist_ok=True)
            staged[target] = _partial(target)
        yield dict(staged)
        for tmp in staged.values():
            os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; give the files the usual permissions
        data = [t for t in files if t != manifest]
        if data:  # a manifest alone is simply replaced (os.replace is atomic)
            for old in [manifest] if manifest is not None else data:
                old.unlink(missing_ok=True)
        for target in data:
            os.replace(staged[target], target)
        if manifest is not None:
            os.replace(staged[manifest], manifest)
    finally:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)


def folder_beside(out: Path) -> Path:
    """A new empty folder beside ``out`` to build a whole site or release in, after removing what a
    stopped build left there (``.NAME.*.part`` and ``.NAME.*.old``)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    for stale in [*out.parent.glob(f".{out.name}.*.part"), *out.parent.glob(f".{out.name}.*.old")]:
        if stale.is_dir():
            shutil.rmtree(stale, ignore_errors=True)
    return Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".part", dir=out.parent))


def replace_folder(work: Path, out: Path) -> None:
    """Put the finished folder ``work`` (from :func:`folder_beside`) in place of ``out``, with the
    usual permissions; ``out`` is the old folder or the new one, never a mix."""
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(work, 0o755 & ~umask)
    if out.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{out.name}.", suffix=".old", dir=out.parent))
        os.replace(out, old / out.name)
        os.replace(work, out)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(work, out)
