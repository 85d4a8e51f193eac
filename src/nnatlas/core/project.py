"""The project's own files (citation, changelog, licences), found in a checkout or an installation.

In a source checkout (an editable install included) they are read from the repository root, so
an edit shows at once; in an installed wheel they are the copies that ``license-files`` in
pyproject.toml puts in the distribution's ``.dist-info/licenses/``. Standard library only.
"""

from __future__ import annotations

from importlib import metadata
from pathlib import Path

from nnatlas.core.errors import UsageError

#: The files :func:`project_file` finds (each at the repository root, and in the distribution).
PROJECT_FILES = ("CITATION.cff", "CHANGELOG.md", "LICENSE", "LICENSE-DATA")

#: The repository root when this module runs from a checkout (``src/nnatlas/core/project.py``).
_CHECKOUT = Path(__file__).resolve().parents[3]


def checkout_root() -> Path | None:
    """The source checkout this module runs from, or ``None`` when it runs from an installed wheel."""
    pyproject = _CHECKOUT / "pyproject.toml"
    if pyproject.is_file() and (_CHECKOUT / "src" / "nnatlas").is_dir():
        return _CHECKOUT
    return None


def _installed(name: str) -> Path | None:
    """``name`` among the installed distribution's files (``.dist-info/licenses/NAME``), if there."""
    try:
        files = metadata.distribution("nnatlas").files or []
    except metadata.PackageNotFoundError:
        return None
    for entry in files:
        if entry.name == name and "licenses" in entry.parts:
            path = Path(str(entry.locate()))
            if path.is_file():
                return path
    return None


def project_file(name: str) -> Path:
    """The path of one of :data:`PROJECT_FILES` (``"CITATION.cff"``, ``"CHANGELOG.md"``, ``"LICENSE"``,
    ``"LICENSE-DATA"``): the checkout's copy when running from a checkout, else the installed one.

    Raises :class:`UsageError` for a name not in :data:`PROJECT_FILES` or a file found in neither
    place (an installation built without ``license-files``).
    """
    if name not in PROJECT_FILES:
        raise UsageError(f"unknown project file {name!r}: use one of {', '.join(PROJECT_FILES)}")
    root = checkout_root()
    if root is not None and (root / name).is_file():
        return root / name
    found = _installed(name)
    if found is None:
        raise UsageError(f"{name} not found in the checkout or the installed nnatlas distribution")
    return found
