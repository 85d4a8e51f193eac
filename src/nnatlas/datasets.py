"""Reading the curated data files, packaged or a user's copy, as raw YAML documents."""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

import yaml

try:
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _Loader = yaml.SafeLoader


class _DateAsText(_Loader):
    """Keep dates as written: ``2014-01`` and ``2014-01-06`` both stay strings."""


_DateAsText.yaml_implicit_resolvers = {
    key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in _Loader.yaml_implicit_resolvers.items()
}


@dataclass
class RawFile:
    path: str  # relative to the data directory, for messages
    content: Any = None
    error: str | None = None


@dataclass
class RawTree:
    """Every data file of a data directory, parsed as YAML but not yet validated."""

    root: str
    areas: list[RawFile] = field(default_factory=list)
    sources: RawFile | None = None
    regions: RawFile | None = None
    national: RawFile | None = None
    provinces: RawFile | None = None


def packaged_data_dir() -> Path:
    return Path(str(resources.files("nnatlas") / "data"))


def _read(path: Path, root: Path) -> RawFile:
    rel = str(path.relative_to(root))
    try:
        with path.open(encoding="utf-8") as fh:
            return RawFile(rel, yaml.load(fh, Loader=_DateAsText))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return RawFile(rel, error=f"{getattr(exc, 'problem', None) or exc}{where}")
    except OSError as exc:
        return RawFile(rel, error=str(exc))


def read_tree(path: str | Path | None = None, *, standalone: bool = False) -> RawTree:
    """Read a data directory laid out like the packaged one (``areas/*.yaml``, ``sources.yaml``...).

    A user's directory (or single area file) extends the packaged data: its area files replace
    packaged ones of the same name and are added to the rest, and its sources are added to the
    packaged sources (the user's record wins on a shared id). So a researcher can add one
    provincial-level new area and validate it against the rest. With ``standalone`` the user's
    directory is read alone.
    """
    packaged = packaged_data_dir()
    root = Path(path) if path is not None else packaged
    if not root.exists():
        raise FileNotFoundError(f"no such file or directory: {root}")
    single = [root] if root.is_file() else []
    if single:  # one area file of the user's, checked against the packaged rest
        root = root.parent
    tree = RawTree(root=str(root))
    area_dir = root / "areas"
    area_files = single or (sorted(area_dir.glob("*.yaml")) if area_dir.is_dir() else [])
    if root != packaged and not standalone:
        own = {p.name for p in area_files}
        area_files += [p for p in sorted((packaged / "areas").glob("*.yaml")) if p.name not in own]
    tree.areas = [_read(p, p.parent if p in single else p.parent.parent) for p in area_files]
    for name in ("sources", "regions", "national", "provinces"):
        candidate = root / f"{name}.yaml"
        if not candidate.exists() and not standalone:
            candidate = packaged / f"{name}.yaml"
        if candidate.exists():
            setattr(tree, name, _read(candidate, candidate.parent))
    own_sources = root / "sources.yaml"
    if root != packaged and not standalone and own_sources.exists() and tree.sources and not tree.sources.error:
        base = _read(packaged / "sources.yaml", packaged)
        if isinstance(base.content, list) and isinstance(tree.sources.content, list):
            mine = {s.get("id") for s in tree.sources.content if isinstance(s, dict)}
            tree.sources.content += [s for s in base.content if isinstance(s, dict) and s.get("id") not in mine]
    return tree
