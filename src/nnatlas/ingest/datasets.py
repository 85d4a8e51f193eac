"""Reading the curated data files, packaged or a user's copy, as raw YAML documents."""

from __future__ import annotations

import contextlib
import hashlib
import json
import re
from dataclasses import asdict, dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

from nnatlas.core.errors import DataPathError
from nnatlas.core.files import atomic_path
from nnatlas.core.settings import cache_root


@lru_cache(maxsize=1)
def _loader():
    """A YAML loader that keeps dates as written: ``2014-01`` and ``2014-01-06`` both stay strings.
    Built on first use: a run served from the parse cache never imports PyYAML."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # SafeLoader: PyYAML built without libyaml

    class DateAsText(base):
        """Keeps dates as written."""

    DateAsText.yaml_implicit_resolvers = {
        key: [(tag, rx) for tag, rx in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for key, resolvers in base.yaml_implicit_resolvers.items()
    }
    return DateAsText


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
    prefectures: RawFile | None = None
    lone_area: bool = False  # the data given was one area file, not a folder


def packaged_data_dir() -> Path:
    return Path(str(resources.files("nnatlas") / "data"))


#: Limits that make a malicious or broken file fail at once instead of hanging or exhausting memory.
MAX_FILE_BYTES = 20_000_000
MAX_NODES = 2_000_000  # after aliases are expanded; the whole packaged data has about 60,000
_ANCHOR = re.compile(r"(?:^|[\s\[{,:-])&[^\s\[\]{},]+")


def _expanded_size(events) -> int:
    """The number of values a YAML event stream builds once every alias is expanded, computed from
    the events without expanding anything (stops as soon as it passes :data:`MAX_NODES`)."""
    import yaml

    sizes: dict[str, int] = {}
    stack: list[list] = [[None, 0]]
    for e in events:
        if isinstance(e, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            stack.append([e.anchor, 1])
            continue
        if isinstance(e, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            anchor, n = stack.pop()
        elif isinstance(e, yaml.ScalarEvent):
            anchor, n = e.anchor, 1
        elif isinstance(e, yaml.AliasEvent):
            anchor, n = None, sizes.get(e.anchor, 1)
        else:
            continue
        if anchor:
            sizes[anchor] = n
        stack[-1][1] += n
        if stack[-1][1] > MAX_NODES:
            return stack[-1][1]
    return stack[0][1]


def _read(path: Path, root: Path) -> RawFile:
    import yaml

    rel = str(path.relative_to(root))
    try:
        if path.stat().st_size > MAX_FILE_BYTES:
            return RawFile(rel, error=f"larger than {MAX_FILE_BYTES // 1_000_000} MB; a data file is a few hundred KB")
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            kind = "a binary file" if b"\x00" in raw[:1024] else "not UTF-8 text (GBK? save it as UTF-8)"
            return RawFile(rel, error=f"{kind}: byte 0x{raw[exc.start]:02x} at position {exc.start} is not UTF-8")
        if "\x00" in text:
            return RawFile(rel, error="a binary file, not YAML text")
        if _ANCHOR.search(text) and _expanded_size(yaml.parse(text, Loader=_loader())) > MAX_NODES:
            return RawFile(rel, error=f"its YAML aliases expand to more than {MAX_NODES:,} values (an alias bomb?)")
        return RawFile(rel, yaml.load(text, Loader=_loader()))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark else ""
        return RawFile(rel, error=f"not valid YAML: {getattr(exc, 'problem', None) or exc}{where}")
    except OSError as exc:
        return RawFile(rel, error=exc.strerror or str(exc))


def cache_dir() -> Path:
    """Where parsed data is cached (see :func:`nnatlas.core.settings.cache_root`)."""
    return cache_root()


def _signature(paths: list[Path]) -> str:
    h = hashlib.sha1()
    for p in sorted(paths):
        st = p.stat()
        h.update(f"{p.resolve()}|{st.st_size}|{st.st_mtime_ns};".encode())
    return h.hexdigest()[:20]


def _from_cache(key: str) -> RawTree | None:
    try:
        data = json.loads((cache_dir() / f"raw-{key}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    tree = RawTree(root=data["root"], areas=[RawFile(**f) for f in data["areas"]])
    for name in ("sources", "regions", "national", "provinces", "prefectures"):
        if data.get(name):
            setattr(tree, name, RawFile(**data[name]))
    return tree


def _to_cache(key: str, tree: RawTree) -> None:
    """Write the parsed tree atomically; a cache that cannot be written is simply skipped."""
    with contextlib.suppress(OSError), atomic_path(cache_dir() / f"raw-{key}.json") as tmp:
        tmp.write_text(json.dumps(asdict(tree), ensure_ascii=False), encoding="utf-8")


#: The names a data folder may hold at its top (besides ``areas/``).
DATA_FILES = ("sources", "regions", "national", "provinces", "prefectures")


def _data_files(folder: Path) -> list[Path]:
    """The data files of a folder laid out like the packaged data: ``*.yaml`` and ``areas/*.yaml``
    (never a walk of the whole tree below it)."""
    return [*folder.glob("*.yaml"), *(folder / "areas").glob("*.yaml")]


def check_data_path(path: str | Path) -> Path:
    """``path`` as a Path if it is a data folder (``areas/`` or one of :data:`DATA_FILES`) or a
    ``.yaml`` area file; else a one-line :class:`DataPathError` saying what a data folder holds."""
    root = Path(path)
    if not root.exists():
        raise DataPathError(f"no such data folder or file: {root}")
    if root.is_file():
        if root.suffix.lower() not in (".yaml", ".yml"):
            raise DataPathError(f"{root} is not a data file: give a folder like the packaged data or one area's .yaml file")
        return root
    if (root / "areas").is_dir() or any((root / f"{name}.yaml").is_file() for name in DATA_FILES):
        return root
    raise DataPathError(
        f"{root} does not look like a data folder: it has no areas/ folder and none of "
        f"{', '.join(n + '.yaml' for n in DATA_FILES)} (see docs/data-format.md)"
    )


def tree_key(path: str | Path | None = None, *, standalone: bool = False) -> str:
    """A key that changes whenever a file the data at ``path`` is read from changes (its path,
    size or modification time), or the directory or the ``standalone`` flag does."""
    packaged = packaged_data_dir()
    root = check_data_path(path) if path is not None else packaged
    dirs = {packaged} | ({root if root.is_dir() else root.parent} if path is not None else set())
    files = [p for d in dirs for p in _data_files(d)]
    if root.is_file():
        files.append(root)
    return _signature(files) + ("-s" if standalone else "") + "-" + hashlib.sha1(str(root.resolve()).encode()).hexdigest()[:8]


def read_tree(path: str | Path | None = None, *, standalone: bool = False) -> RawTree:
    """Read a data directory (see :func:`_read_tree`), through a cache keyed by :func:`tree_key`,
    so an edited file is always read afresh."""
    key = tree_key(path, standalone=standalone)
    cached = _from_cache(key)
    if cached is not None:
        cached.lone_area = path is not None and Path(path).is_file()  # also for a cache written before the flag
        return cached
    tree = _read_tree(path, standalone=standalone)
    if not any(f.error for f in (*tree.areas, tree.sources, tree.regions, tree.national, tree.provinces, tree.prefectures) if f):
        _to_cache(key, tree)
    return tree


def _read_tree(path: str | Path | None = None, *, standalone: bool = False) -> RawTree:
    """Read a data directory laid out like the packaged one (``areas/*.yaml``, ``sources.yaml``...).

    A user's directory (or single area file) extends the packaged data: its area files replace
    packaged ones of the same name and are added to the rest, and its sources are added to the
    packaged sources (the user's record wins on a shared id). So a researcher can add one
    provincial-level new area and validate it against the rest. With ``standalone`` the user's
    directory is read alone.
    """
    packaged = packaged_data_dir()
    root = check_data_path(path) if path is not None else packaged
    single = [root] if root.is_file() else []
    if single:  # one area file of the user's, checked against the packaged rest
        root = root.parent
    tree = RawTree(root=str(root), lone_area=bool(single))
    area_dir = root / "areas"
    area_files = single or (sorted(area_dir.glob("*.yaml")) if area_dir.is_dir() else [])
    if root != packaged and not standalone:
        own = {p.name for p in area_files}
        area_files += [p for p in sorted((packaged / "areas").glob("*.yaml")) if p.name not in own]
    tree.areas = [_read(p, p.parent if p in single else p.parent.parent) for p in area_files]
    for name in ("sources", "regions", "national", "provinces", "prefectures"):
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
