"""Other classifications (typologies) of the New Areas in the literature: ``typologies.yaml``.

Each typology names its source (an id of ``sources.yaml``), its types (id, English and Chinese
label, definition as in the publication) and, per NNA, the type the publication assigns (or
null, unknown, with a note saying what was searched) with a locator in the source.

The file lives beside ``sources.yaml`` in a data folder and is read lazily, not with the area
files: the packaged file, and a user's ``--data`` folder's own, whose typologies replace
packaged ones of the same id (with ``standalone`` the user's file alone). :func:`load` returns
immutable records checked against the New Areas and the sources, or raises
:class:`TypologyError` with a one-line message; :func:`problems` gives every problem as a
:class:`~nnatlas.ingest.problems.Problem`, for ``nnatlas validate``.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, ValidationError, field_validator

from nnatlas.core.errors import DataValidationError
from nnatlas.ingest.datasets import RawFile, _read, check_data_path, packaged_data_dir
from nnatlas.ingest.models import Date, SourceRef
from nnatlas.ingest.problems import Problem, Report

#: The file's name in a data folder.
FILE = "typologies.yaml"

_TYPE_ID = re.compile(r"^[a-z][a-z0-9_]*$")
_TYPOLOGY_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_CODES = {"missing": "missing-field", "extra_forbidden": "extra-field"}


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class TypeDef(_Frozen):
    """One type of a typology, as the publication names and defines it."""

    id: str
    en: str
    zh: str
    definition: str | None  # English rendering of the publication's definition; null when not read
    definition_zh: str | None = None  # the publication's own words
    note: str | None = None

    def label(self, lang: str = "en") -> str:
        return self.zh if lang == "zh" else self.en


class Assignment(_Frozen):
    """The type a typology gives one NNA: ``type`` null means unknown (``note`` says what was searched)."""

    area: str
    type: str | None
    locator: str | None = None  # where in the source: table, section, page
    note: str | None = None


class Typology(_Frozen):
    """An alternative classification of the NNAs, with its source, types and assignments."""

    id: str
    source: str  # a source id (a locator after a space is allowed: "zhu-lu-2016 Table 1")
    title: str
    title_zh: str | None = None
    classifies: str | None = None  # what the typology classifies
    as_of: Date | None = None  # when the classification held, as the publication describes it
    note: str | None = None
    types: tuple[TypeDef, ...]
    assignments: tuple[Assignment, ...] = ()

    @field_validator("assignments", mode="before")
    @classmethod
    def _from_mapping(cls, value: Any) -> Any:
        """``{pudong: {type: government, locator: ...}}`` -> assignment records, in the file's order."""
        if value is None:
            return ()
        if isinstance(value, Mapping):
            return [{"area": str(k), **v} if isinstance(v, Mapping) else {"area": str(k), "type": v} for k, v in value.items()]
        return value

    @property
    def source_id(self) -> str:
        return SourceRef.parse(self.source).id

    @property
    def type_ids(self) -> list[str]:
        return [t.id for t in self.types]

    def type_def(self, type_id: str) -> TypeDef:
        return next(t for t in self.types if t.id == type_id)

    def assignment(self, area_id: str) -> Assignment | None:
        """The assignment of ``area_id``, or None when the typology does not list it."""
        return next((a for a in self.assignments if a.area == area_id), None)


class TypologyError(DataValidationError):
    """A typologies file with problems; ``str()`` is one line naming the first and counting the rest."""

    def __str__(self) -> str:
        errors = self.report.errors
        first = errors[0]
        where = ":".join(x for x in (first.file, first.record, first.field) if x)
        more = f" (and {len(errors) - 1} more problem{'s' * (len(errors) > 2)})" if len(errors) > 1 else ""
        return f"{where}: {first.message}{more}"


# --- reading ---------------------------------------------------------------------------------
def files(path: str | Path | None = None, *, standalone: bool = False) -> list[Path]:
    """The typologies files a data folder is read with: the packaged one (unless ``standalone``)
    and the folder's own (a lone area file has none), those that exist, packaged first."""
    packaged = packaged_data_dir() / FILE
    found = []
    if path is None or not standalone:
        found.append(packaged)
    if path is not None:
        root = check_data_path(path)
        if root.is_dir() and (root / FILE).resolve() != packaged.resolve():
            found.append(root / FILE)
    return [p for p in found if p.is_file()]


def _signature(paths: Iterable[Path]) -> tuple[tuple[str, int, int], ...]:
    return tuple((str(p.resolve()), p.stat().st_size, p.stat().st_mtime_ns) for p in paths)


@lru_cache(maxsize=16)
def _parsed(signature: tuple[tuple[str, int, int], ...]) -> tuple[tuple[Typology, ...], tuple[Problem, ...]]:
    """Parse the files of ``signature`` (kept until one of them changes)."""
    merged: dict[str, Typology] = {}
    problems: list[Problem] = []
    for name, _, _ in signature:
        path = Path(name)
        typologies, found = parse(_read(path, path.parent))
        problems += found
        merged.update((t.id, t) for t in typologies)  # a user's typology replaces a packaged one
    return tuple(merged.values()), tuple(problems)


def parse(raw: RawFile) -> tuple[list[Typology], list[Problem]]:
    """The typologies of one file, and the problems of its structure (one per malformed field)."""
    problems: list[Problem] = []

    def add(code: str, message: str, record: str | None = None, field: str | None = None) -> None:
        problems.append(Problem(code, message, raw.path, record, field))

    if raw.error:
        add("file-unreadable", raw.error)
        return [], problems
    if raw.content is None:
        return [], problems
    if not isinstance(raw.content, list):
        add("type-error", "a typologies file must be a list of typologies, each with id, source, title, types, assignments")
        return [], problems
    out: list[Typology] = []
    seen: set[str] = set()
    for i, item in enumerate(raw.content):
        record = f"typologies[{i}]" + (f":{item['id']}" if isinstance(item, dict) and item.get("id") else "")
        try:
            typology = Typology.model_validate(item)
        except ValidationError as exc:
            keys = (
                list(item.get("assignments") or ())
                if isinstance(item, dict) and isinstance(item.get("assignments"), dict)
                else []
            )
            for err in exc.errors():
                parts = list(err["loc"])
                if len(parts) > 1 and parts[0] == "assignments" and isinstance(parts[1], int) and parts[1] < len(keys):
                    parts[1] = keys[parts[1]]  # name the NNA, not its position
                loc = ".".join(str(x) for x in parts)
                if err["type"] == "missing":
                    add("missing-field", f"the required field {loc!r} is missing", record, loc)
                elif err["type"] == "value_error" and "date" in err["msg"]:
                    add("date-invalid", err["msg"].removeprefix("Value error, "), record, loc)
                else:
                    add(_CODES.get(err["type"], "type-error"), f"{loc}: {err['msg']}", record, loc)
            continue
        if typology.id in seen:
            add("id-duplicate", f"typology id {typology.id!r} is defined twice", record, "id")
            continue
        seen.add(typology.id)
        if not _TYPOLOGY_ID.match(typology.id):
            add("type-error", f"typology id {typology.id!r} must be kebab-case (a-z, 0-9, -)", record, "id")
        if not typology.source.strip():
            add("source-missing", "the typology names no source: give a source id from sources.yaml", record, "source")
        if not typology.types:
            add("missing-field", "a typology needs at least one type", record, "types")
        type_ids: set[str] = set()
        for t in typology.types:
            if t.id in type_ids:
                add("id-duplicate", f"type id {t.id!r} is defined twice", record, f"types.{t.id}")
            elif not _TYPE_ID.match(t.id):
                add("type-error", f"type id {t.id!r} must be snake_case (a-z, 0-9, _)", record, f"types.{t.id}")
            type_ids.add(t.id)
        areas: set[str] = set()
        for a in typology.assignments:
            here = f"assignments.{a.area}"
            if a.area in areas:
                add("id-duplicate", f"New Area {a.area!r} is assigned twice", record, here)
            areas.add(a.area)
            if a.type is not None and a.type not in type_ids:
                add("vocabulary", _unknown(f"type {a.type!r}", a.type, type_ids, "the typology's types"), record, here)
            if a.type is not None and not (a.locator or "").strip():
                add("source-missing", f"{a.area!r} is assigned {a.type!r} without a locator (table, section, page)", record, here)
            if a.type is None and not (a.note or "").strip():
                add(
                    "unknown-without-note",
                    f"{a.area!r} is unknown (type null) without a note saying what was searched",
                    record,
                    here,
                )
        out.append(typology)
    return out, problems


def _unknown(what: str, value: str, valid: Iterable[str], kind: str) -> str:
    valid = sorted(valid)
    close = difflib.get_close_matches(value, valid, n=1)
    hint = f"; did you mean {close[0]!r}?" if close else ""
    return f"{what} is not one of {kind}{hint} (valid: {', '.join(valid) or 'none'})"


# --- checking against the data -----------------------------------------------------------------
def check(typologies: Iterable[Typology], area_ids: Iterable[str], sources: Iterable[str]) -> list[Problem]:
    """Problems of references: NNA ids the data does not have, sources ``sources.yaml`` does not define."""
    areas, known = set(area_ids), set(sources)
    problems = []
    for t in typologies:
        record = f"typology:{t.id}"  # after merging, positions are not those of one file
        if t.source.strip() and t.source_id not in known:
            problems.append(Problem("source-unknown", f"source {t.source_id!r} is not in sources.yaml", FILE, record, "source"))
        for a in t.assignments:
            if a.area not in areas:
                message = _unknown(f"New Area {a.area!r}", a.area, areas, "the New Area ids")
                problems.append(Problem("vocabulary", message, FILE, record, f"assignments.{a.area}"))
    return problems


def read(path: str | Path | None = None, *, standalone: bool = False) -> tuple[tuple[Typology, ...], tuple[Problem, ...]]:
    """The typologies of the data at ``path`` (default: the packaged data) and the problems of their structure."""
    return _parsed(_signature(files(path, standalone=standalone)))


def problems(
    area_ids: Iterable[str], sources: Iterable[str], path: str | Path | None = None, *, standalone: bool = False
) -> tuple[tuple[Typology, ...], list[Problem]]:
    """Every problem of the typologies files of the data at ``path``, with the typologies that parsed."""
    typologies, found = read(path, standalone=standalone)
    return typologies, [*found, *check(typologies, area_ids, sources)]


def load(
    area_ids: Iterable[str], sources: Iterable[str], path: str | Path | None = None, *, standalone: bool = False
) -> tuple[Typology, ...]:
    """The typologies, checked; :class:`TypologyError` (one line) when any has an error."""
    typologies, found = problems(area_ids, sources, path, standalone=standalone)
    if any(p.severity == "error" for p in found):
        raise TypologyError(Report(root=str(path or packaged_data_dir()), problems=list(found)))
    return typologies


def cited_sources(typologies: Iterable[Typology]) -> set[str]:
    return {t.source_id for t in typologies if t.source.strip()}


def add_to_report(
    report: Report, area_ids: Iterable[str], sources: Iterable[str], path: str | Path | None = None, *, standalone: bool = False
) -> None:
    """Add the typologies' problems to a validation ``report`` and take back the ``source-unused``
    warnings of sources that only a typology cites (the record checks do not read this file)."""
    typologies, found = problems(area_ids, sources, path, standalone=standalone)
    cited = cited_sources(typologies)
    report.problems[:] = [p for p in report.problems if not (p.code == "source-unused" and p.record in cited)]
    report.problems += found
    if typologies:
        report.checked["typologies"] = len(typologies)
