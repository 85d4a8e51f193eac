"""What every export says about itself: its date, the data version, the title, the licence.

The **data version** is ``<data semver>+data.<first 12 hex digits>``, e.g. ``1.0.0+data.0123456789ab``:

- the *data semver* is the ``version`` in ``dataset.yaml`` of the data folder (written there once;
  semantic versioning: MAJOR for a format change that breaks readers, MINOR for records or fields
  added, PATCH for corrections). A ``--data`` folder without a ``dataset.yaml`` takes the packaged
  data's version when it extends the packaged data, and ``0.0.0`` (declares none) when read alone;
- the digits, semantic versioning's build metadata, are the SHA-256 over the data files' bytes
  (``*.yaml`` and ``areas/*.yaml`` of each data folder the atlas is read from, in sorted order,
  each preceded by its path relative to its folder), so two exports carry the same version
  exactly when they were made from the same bytes.

The package version (the code's, :data:`nnatlas.core.settings.VERSION`) is recorded beside it
(``package_version``). An atlas whose folder is not known (one built by hand, or loaded from a
folder that was not named to :func:`data_version`) gets ``0.0.0+records.<hex>`` instead: the
hash of its records, its version unknown.

Standard library only (and the data reading of ``ingest``; PyYAML only when a ``dataset.yaml``
is read), so it costs nothing to import.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nnatlas.core.errors import DataPathError
from nnatlas.core.settings import VERSION
from nnatlas.ingest import vocab
from nnatlas.ingest.datasets import packaged_data_dir

if TYPE_CHECKING:
    from nnatlas.atlas import Atlas, Snapshot

TITLE = "nnatlas: China's State-level New Areas (sourced, dated)"
LICENCE = {
    "name": "CC-BY-4.0",
    "title": "Creative Commons Attribution 4.0",
    "path": "https://creativecommons.org/licenses/by/4.0/",
}
#: The id of the source the framework and the classifications come from (its URL is the export's source URL).
PAPER_SOURCE = "paper"


def data_files(folder: Path) -> list[Path]:
    """The data files of a folder laid out like the packaged data (``*.yaml`` and ``areas/*.yaml``)."""
    if folder.is_file():
        return [folder]
    return sorted([*folder.glob("*.yaml"), *(folder / "areas").glob("*.yaml")])


def data_folders(data_dir: str | Path | None = None, *, standalone: bool = False) -> list[Path]:
    """The data folders an atlas loaded with ``--data data_dir`` (``standalone``) is read from."""
    if data_dir is None:
        return [packaged_data_dir()]
    return [Path(data_dir)] if standalone else [packaged_data_dir(), Path(data_dir)]


def files_hash(folders: list[Path]) -> str:
    """SHA-256 (hex) over every data file of ``folders``: its path relative to its folder, then its bytes."""
    h = hashlib.sha256()
    for folder in folders:
        base = folder.parent if folder.is_file() else folder
        for path in data_files(folder):
            raw = path.read_bytes()
            h.update(f"{path.relative_to(base).as_posix()}\0{len(raw)}\0".encode())
            h.update(raw)
    return h.hexdigest()


def records_hash(atlas: Atlas) -> str:
    """SHA-256 (hex) over the atlas's records (areas, sources, reference tables) as canonical JSON."""
    doc = {
        "areas": [a.model_dump(mode="json") for a in atlas],
        "sources": [s.model_dump(mode="json") for s in atlas.sources.values()],
        "national": [s.model_dump(mode="json") for s in atlas.national],
        "regions": atlas.regions,
        "provinces": atlas.provinces,
        "prefectures": atlas.prefectures,
    }
    return hashlib.sha256(json.dumps(doc, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def _is_packaged(atlas: Atlas) -> bool:
    """Whether ``atlas`` holds exactly the packaged data (compared record by record)."""
    from nnatlas.atlas import load

    if sorted(atlas.ids) != sorted(p.stem for p in (packaged_data_dir() / "areas").glob("*.yaml")):
        return False
    try:
        packaged = load()
    except Exception:  # the packaged data does not load (being edited): it cannot be this atlas's
        return False
    if packaged is atlas:
        return True
    return (
        list(packaged) == list(atlas)
        and packaged.sources == atlas.sources
        and packaged.national == atlas.national
        and packaged.regions == atlas.regions
        and packaged.provinces == atlas.provinces
        and packaged.prefectures == atlas.prefectures
    )


#: The file of a data folder that declares the data's semantic version (``version: 1.0.0``).
DATASET_FILE = "dataset.yaml"
#: The semver of data that declares none: a folder read alone without a ``dataset.yaml``, or an atlas of unknown folder.
UNVERSIONED = "0.0.0"
_SEMVER = re.compile(r"(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(-[0-9A-Za-z-]+(\.[0-9A-Za-z-]+)*)?")


def declared_version(folder: Path) -> str | None:
    """The ``version`` that ``folder``'s :data:`DATASET_FILE` declares, or ``None`` when it has none.

    A file that is not a mapping with a semantic version (``MAJOR.MINOR.PATCH``, optionally
    ``-prerelease``; no ``+build``, which the data version adds) is a one-line :class:`DataPathError`.
    """
    path = folder / DATASET_FILE
    if not folder.is_dir() or not path.is_file():
        return None
    import yaml

    try:
        doc = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise DataPathError(f"{path}: cannot be read as YAML ({type(exc).__name__})") from None
    version = doc.get("version") if isinstance(doc, dict) else None
    if not isinstance(version, str) or not _SEMVER.fullmatch(version):
        raise DataPathError(f"{path}: 'version' must be a semantic version such as 1.0.0 (MAJOR.MINOR.PATCH), not {version!r}")
    return version


def data_semver() -> str:
    """The packaged data's semantic version (its ``dataset.yaml``)."""
    return declared_version(packaged_data_dir()) or UNVERSIONED


def folder_semver(data_dir: str | Path | None = None, *, standalone: bool = False) -> str:
    """The semantic version of the data read from ``data_dir`` (see the module docstring)."""
    if data_dir is None:
        return data_semver()
    own = declared_version(Path(data_dir))
    return own or (UNVERSIONED if standalone else data_semver())


@dataclass(frozen=True)
class DataVersion:
    version: str  # e.g. 1.0.0+data.0123456789ab
    sha256: str
    basis: str  # "files" (the data files' bytes) or "records" (the records; folder unknown)
    semver: str  # e.g. 1.0.0: the part before the "+"


def data_version(atlas: Atlas, data_dir: str | Path | None = None, *, standalone: bool = False) -> DataVersion:
    """The version of the data an export is made from (see the module docstring).

    ``data_dir``/``standalone``: the ``--data`` folder the atlas was loaded from, if any (it
    extends the packaged data unless ``standalone``); without it, the folder the atlas was loaded
    from (``atlas.data_path``), so exports, figures and pages of one atlas carry one version. An
    atlas of no known folder equal to the packaged data is versioned by the packaged files, any
    other by its records.
    """
    if data_dir is None and getattr(atlas, "data_path", None):
        data_dir, standalone = atlas.data_path, atlas.standalone
    if data_dir is not None:
        folders = data_folders(data_dir, standalone=standalone)
        digest, semver = files_hash(folders), folder_semver(data_dir, standalone=standalone)
        return DataVersion(f"{semver}+data.{digest[:12]}", digest, "files", semver)
    if _is_packaged(atlas):
        digest, semver = files_hash([packaged_data_dir()]), data_semver()
        return DataVersion(f"{semver}+data.{digest[:12]}", digest, "files", semver)
    digest = records_hash(atlas)
    return DataVersion(f"{UNVERSIONED}+records.{digest[:12]}", digest, "records", UNVERSIONED)


@dataclass(frozen=True)
class ExportMeta:
    """What every export records about itself."""

    as_of: dt.date
    data: DataVersion
    created: str
    n_sources: int
    source_url: str | None = None
    source_kinds: tuple[tuple[str, int], ...] = ()
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def version(self) -> str:
        return self.data.version

    @property
    def source(self) -> str:
        kinds = "; ".join(f"{vocab.SOURCE_KINDS.label(kind)}: {n}" for kind, n in self.source_kinds)
        return (
            f"Curated by nnatlas from {self.n_sources} cited sources"
            + (f" (by kind: {kinds})" if kinds else "")
            + "; each record names its sources (see the sources table and the *_sources link tables)"
        )

    @property
    def description(self) -> str:
        return (
            f"Sourced, dated facts on China's State-level New Areas (国家级新区), as of {self.as_of.isoformat()} "
            f"(the date of the areas and state tables; the other tables hold every record with its own dates). "
            f"Data version {self.version}. Every value has its sources in the *_sources link tables."
        )

    def items(self) -> list[tuple[str, str]]:
        """Key-value pairs (the SQLite ``_meta`` table, the Parquet schema metadata, the workbook's README)."""
        rows = [
            ("title", TITLE),
            ("as_of", self.as_of.isoformat()),
            ("data_version", self.version),
            ("package_version", VERSION),
            ("data_sha256", self.data.sha256),
            ("data_hash_basis", self.data.basis),
            ("created", self.created),
            ("license", LICENCE["name"]),
            ("license_url", LICENCE["path"]),
            ("source", self.source),
        ]
        if self.source_url:
            rows.append(("source_url", self.source_url))
        rows.append(("description", self.description))
        return rows


def export_meta(snap: Snapshot, data_dir: str | Path | None = None, *, standalone: bool = False) -> ExportMeta:
    """The :class:`ExportMeta` of a snapshot (its date, the data version, the creation time)."""
    atlas = snap.atlas
    paper = atlas.sources.get(PAPER_SOURCE)
    return ExportMeta(
        as_of=snap.day,
        data=data_version(atlas, data_dir, standalone=standalone),
        created=dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat(),
        n_sources=len(atlas.sources),
        source_url=paper.url if paper is not None else None,
        source_kinds=tuple(Counter(s.kind for s in atlas.sources.values()).most_common()),
    )
