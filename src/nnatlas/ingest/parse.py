"""Parsing raw data files into typed records, one problem per malformed record.

:func:`parse_tree` never raises on bad data: what cannot be parsed becomes a :class:`Problem`
and what can is kept in :class:`Parsed`, for the record checks and for the Atlas.
"""

from __future__ import annotations

import re
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from nnatlas.ingest import vocab
from nnatlas.ingest.datasets import RawFile, RawTree
from nnatlas.ingest.models import Body, Event, Fact, NewArea, Relation, Source, SourceRef, Statistic, Unit
from nnatlas.ingest.problems import Problem, Report


@dataclass
class Parsed:
    """What survived parsing: the typed records, for semantic checks and for the Atlas."""

    areas: dict[str, NewArea] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    sources: dict[str, Source] = field(default_factory=dict)
    regions: dict[str, str] = field(default_factory=dict)  # province code -> region
    region_source: str | None = None
    reference_sources: set[str] = field(default_factory=set)
    provinces: dict[str, dict[str, str]] = field(default_factory=dict)
    prefectures: dict[str, str] = field(default_factory=dict)
    national: list[Statistic] = field(default_factory=list)
    #: Source references of area records that could not be parsed (file, record, source id), so a
    #: reference to a source nobody defines is reported even when its record has other problems.
    unparsed_refs: list[tuple[str, str, str]] = field(default_factory=list)
    no_sources_file: bool = False  # a lone area file read alone, with no sources.yaml beside it


_PYDANTIC_CODES = {"missing": "missing-field", "extra_forbidden": "extra-field", "literal_error": "vocabulary"}


class _Collector:
    def __init__(self, report: Report):
        self.report = report

    def add(self, code: str, message: str, file: str | None = None, record: str | None = None, field: str | None = None) -> None:
        self.report.problems.append(Problem(code, message, file, record, field))

    def model(self, cls: type[BaseModel], data: Any, file: str, record: str) -> Any:
        """Parse one record; on failure, one problem per pydantic error, and None."""
        try:
            return cls.model_validate(data)
        except ValidationError as exc:
            for err in exc.errors():
                loc = ".".join(str(x) for x in err["loc"])
                code = _PYDANTIC_CODES.get(err["type"], "type-error")
                msg = err["msg"]
                if err["type"] == "value_error" and "date" in msg:
                    code = "date-invalid"
                    msg = msg.removeprefix("Value error, ")
                elif err["type"] == "literal_error":
                    msg = f"{err.get('input')!r} is not accepted; {msg.lower()}"
                elif err["type"] == "missing":
                    msg = f"the required field {loc!r} is missing"
                    accepted = _accepted(cls, err["loc"])
                    if accepted:
                        msg += f"; give one of {', '.join(accepted)}"
                self.add(code, msg, file, record, loc or None)
            return None


def _accepted(cls: type[BaseModel], loc: tuple[Any, ...]) -> tuple[str, ...]:
    """The terms a closed (``Literal``) field at ``loc`` of ``cls`` accepts; () for an open field."""
    annotation: Any = cls
    for part in loc:
        fields = getattr(annotation, "model_fields", None)
        if not isinstance(part, str) or not fields or part not in fields:
            return ()
        annotation = fields[part].annotation
    return _literal_terms(annotation)


def _literal_terms(annotation: Any) -> tuple[str, ...]:
    if typing.get_origin(annotation) is typing.Literal:
        return tuple(str(a) for a in typing.get_args(annotation))
    return tuple(t for arg in typing.get_args(annotation) for t in _literal_terms(arg))


def _record_id(kind: str, i: int, data: Any) -> str:
    if isinstance(data, dict):
        for key in ("id", "field", "code", "indicator", "kind"):
            if data.get(key) is not None:
                return f"{kind}[{i}]:{data[key]}"
    return f"{kind}[{i}]"


_LISTS = {"facts": Fact, "units": Unit, "events": Event, "statistics": Statistic, "bodies": Body, "relations": Relation}


def raw_refs(data: Any, where: str = "") -> list[tuple[str, str]]:
    """Every source id a raw (unparsed) record cites, with where it is: ``[("facts[2]", "doc-a")]``."""
    found: list[tuple[str, str]] = []
    if isinstance(data, dict):
        for key, value in data.items():
            here = f"{where}.{key}" if where else str(key)
            if key == "sources":
                items = value if isinstance(value, list) else [value]
                for item in items:
                    if isinstance(item, str) and item.strip():
                        found.append((where or "sources", SourceRef.parse(item).id))
                    elif isinstance(item, dict) and isinstance(item.get("id"), str):
                        found.append((where or "sources", item["id"]))
            else:
                found += raw_refs(value, here)
    elif isinstance(data, list):
        for i, item in enumerate(data):
            found += raw_refs(item, f"{where}[{i}]")
    return found


def _parse_area(col: _Collector, raw: RawFile, unparsed: list[tuple[str, str, str]]) -> NewArea | None:
    data = raw.content
    if not isinstance(data, dict):
        col.add("type-error", "an area file must be a mapping with id, names, province, approval...", raw.path)
        return None
    area_id = str(data.get("id", "?"))
    head = {k: v for k, v in data.items() if k not in _LISTS}
    area = col.model(NewArea, head, raw.path, area_id)
    if area is None:  # nothing of the file is kept: keep what it cites, to check the references anyway
        unparsed += [(raw.path, f"{area_id}:{where}", ref) for where, ref in raw_refs(data)]
        return None
    lists: dict[str, list[Any]] = {}
    for key, cls in _LISTS.items():
        items = data.get(key) or []
        if not isinstance(items, list):
            col.add("type-error", f"{key} must be a list", raw.path, area.id, key)
            items = []
        lists[key] = []
        for i, item in enumerate(items):
            record = col.model(cls, item, raw.path, f"{area.id}:{_record_id(key, i, item)}")
            if record is None:
                unparsed += [(raw.path, f"{area.id}:{where}", ref) for where, ref in raw_refs(item, f"{key}[{i}]")]
            else:
                lists[key].append(record)
    return area.model_copy(update={k: tuple(v) for k, v in lists.items()})


def parse_tree(tree: RawTree, report: Report) -> Parsed:
    col = _Collector(report)
    out = Parsed()
    for raw in (tree.sources, tree.regions, tree.national, tree.provinces, tree.prefectures, *tree.areas):
        if raw is not None and raw.error:
            col.add("file-unreadable", raw.error, raw.path)
    if tree.sources is None:
        # a lone area file read alone need not come with a sources.yaml: the sources it cites are
        # then each reported as undefined (by id) rather than as one missing file
        if tree.lone_area:
            out.no_sources_file = True
        else:
            col.add("file-unreadable", "sources.yaml is missing", "sources.yaml")
    elif isinstance(tree.sources.content, list):
        for i, item in enumerate(tree.sources.content):
            src = col.model(Source, item, tree.sources.path, _record_id("sources", i, item))
            if src is None:
                continue
            if src.id in out.sources:
                col.add("id-duplicate", f"source id {src.id!r} is defined twice", tree.sources.path, src.id, "id")
            out.sources[src.id] = src
    elif tree.sources.content is not None:
        col.add("type-error", "sources.yaml must be a list of source records", tree.sources.path)
    if tree.regions and isinstance(tree.regions.content, dict):
        src = tree.regions.content.get("source")
        out.region_source = src[0] if isinstance(src, list) and src else src
        for region, codes in (tree.regions.content.get("regions") or {}).items():
            if region not in vocab.REGIONS:
                col.add("vocabulary", f"region {region!r} is not one of {', '.join(vocab.REGIONS)}", tree.regions.path, region)
            for code in codes or []:
                out.regions[str(code)] = region
    for raw in (tree.regions, tree.provinces, tree.prefectures):
        if raw and isinstance(raw.content, dict):
            src = raw.content.get("source") or []
            out.reference_sources.update([src] if isinstance(src, str) else src)
    if tree.provinces and isinstance(tree.provinces.content, dict):
        out.provinces = {str(k): v for k, v in (tree.provinces.content.get("provinces") or {}).items()}
    if tree.prefectures and isinstance(tree.prefectures.content, dict):
        out.prefectures = {str(k): str(v) for k, v in (tree.prefectures.content.get("prefectures") or {}).items()}
    if tree.national and isinstance(tree.national.content, dict):
        for i, item in enumerate(tree.national.content.get("statistics") or []):
            stat = col.model(Statistic, item, tree.national.path, _record_id("statistics", i, item))
            if stat is not None:
                out.national.append(stat)
    for raw in tree.areas:
        if raw.error:
            continue
        area = _parse_area(col, raw, out.unparsed_refs)
        if area is None:
            continue
        stem = Path(raw.path).stem
        if area.id != stem:
            col.add("id-filename", f"id {area.id!r} differs from the file name {stem!r}", raw.path, area.id, "id")
        if area.id in out.areas:
            col.add(
                "id-duplicate",
                f"New Area id {area.id!r} is defined in two files ({out.files[area.id]} and {raw.path})",
                raw.path,
                area.id,
                "id",
            )
            continue
        out.areas[area.id] = area
        out.files[area.id] = raw.path
    return out


def normalise_name(name: str) -> str:
    """Lower case, no spaces, apostrophes or hyphens, and no trailing 'new area' / 新区."""
    key = re.sub(r"[\s'’\-_.]", "", name.lower())
    for suffix in ("newarea", "newdistrict", "新区"):
        key = key.removesuffix(suffix)
    return key
