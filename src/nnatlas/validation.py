"""Validation: every problem in the data, gathered into one report.

Each problem has a stable ``code`` (listed in ``PROBLEM_CODES`` with its meaning and severity),
the file, the record and the field it concerns, and a message. ``validate()`` never raises on
bad data; ``load()`` raises :class:`DataValidationError` once, with the whole report.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from . import vocab
from .datasets import RawFile, RawTree, read_tree
from .dates import PartialDate
from .models import Body, Event, Fact, NewArea, Relation, Source, Statistic, Unit
from .timeline import covering, group_facts

EARLIEST = dt.date(1949, 10, 1)

PROBLEM_CODES: dict[str, tuple[str, str]] = {
    "file-unreadable": ("error", "A data file cannot be read or is not valid YAML"),
    "missing-field": ("error", "A required field is missing"),
    "type-error": ("error", "A field has a value of the wrong type"),
    "extra-field": ("error", "A field the format does not define"),
    "vocabulary": ("error", "A value outside its closed vocabulary"),
    "date-invalid": ("error", "A date that is not YYYY-MM-DD, YYYY-MM or YYYY"),
    "date-out-of-range": ("error", "A date before 1949-10-01 or in the future"),
    "date-before-approval": ("error", "A dated record that begins before the NNA's approval (or earliest predecessor)"),
    "interval-order": ("error", "A record whose end is not after its start"),
    "id-duplicate": ("error", "Two records share an id"),
    "id-filename": ("error", "An area file whose id differs from its file name"),
    "source-unknown": ("error", "A reference to a source id that sources.yaml does not define"),
    "source-missing": ("error", "A record with a value but no source"),
    "source-unused": ("warning", "A source that no record cites"),
    "adcode-malformed": ("error", "An administrative code that is not six digits (nine or twelve for townships)"),
    "adcode-level": ("error", "A code whose pattern does not match the unit's level"),
    "adcode-province": ("error", "A unit code outside the NNA's province"),
    "area-non-positive": ("error", "An area that is zero or negative"),
    "unknown-without-note": ("error", "An unknown (null) value without a note saying what was searched"),
    "dispute-unresolved": ("error", "Records that disagree on the same day with no single preferred one"),
    "value-type": ("error", "A fact value of the wrong kind for its field"),
    "qualifier": ("error", "A missing, unexpected or unknown qualifier"),
    "start-or-as-of": ("error", "A fact without exactly one of start and as_of"),
    "body-unknown": ("error", "A relation naming a body the file does not define"),
    "alias-clash": ("error", "A name or alias that resolves to two NNAs"),
    "region-missing": ("error", "A province code that the region table does not classify"),
    "network-mode-mismatch": ("warning", "The governance network's management levels differ from the coded mode"),
    "geo-mismatch": ("warning", "Boundaries and coded units disagree (a code missing from the boundary package, counts)"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str | None = None
    record: str | None = None
    field: str | None = None

    @property
    def severity(self) -> str:
        return PROBLEM_CODES[self.code][0]

    def __str__(self) -> str:
        where = ":".join(x for x in (self.file, self.record, self.field) if x)
        return f"[{self.severity}] {self.code}: {where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "severity": self.severity}


@dataclass
class Report:
    """All problems of one validation run."""

    root: str
    problems: list[Problem] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.checked.items())
        verdict = "valid" if self.valid else "INVALID"
        return f"{verdict}: {len(self.errors)} errors, {len(self.warnings)} warnings ({counts})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "root": self.root,
            "checked": self.checked,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }


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
                self.add(code, msg, file, record, loc or None)
            return None


def _record_id(kind: str, i: int, data: Any) -> str:
    if isinstance(data, dict):
        for key in ("id", "field", "code", "indicator", "kind"):
            if data.get(key) is not None:
                return f"{kind}[{i}]:{data[key]}"
    return f"{kind}[{i}]"


_LISTS = {"facts": Fact, "units": Unit, "events": Event, "statistics": Statistic, "bodies": Body, "relations": Relation}


def _parse_area(col: _Collector, raw: RawFile) -> NewArea | None:
    data = raw.content
    if not isinstance(data, dict):
        col.add("type-error", "an area file must be a mapping with id, names, province, approval...", raw.path)
        return None
    head = {k: v for k, v in data.items() if k not in _LISTS}
    area = col.model(NewArea, head, raw.path, str(data.get("id", "?")))
    if area is None:
        return None
    lists: dict[str, list[Any]] = {}
    for key, cls in _LISTS.items():
        items = data.get(key) or []
        if not isinstance(items, list):
            col.add("type-error", f"{key} must be a list", raw.path, area.id, key)
            items = []
        parsed = (col.model(cls, item, raw.path, f"{area.id}:{_record_id(key, i, item)}") for i, item in enumerate(items))
        lists[key] = [p for p in parsed if p is not None]
    return area.model_copy(update={k: tuple(v) for k, v in lists.items()})


def parse_tree(tree: RawTree, report: Report) -> Parsed:
    col = _Collector(report)
    out = Parsed()
    for raw in (tree.sources, tree.regions, tree.national, tree.provinces, tree.prefectures, *tree.areas):
        if raw is not None and raw.error:
            col.add("file-unreadable", raw.error, raw.path)
    if tree.sources is None:
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
        area = _parse_area(col, raw)
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


# --- semantic checks -------------------------------------------------------------------------

_ADCODE = re.compile(r"^\d{6}$")
_TOWNSHIP_CODE = re.compile(r"^(\d{9}|\d{12})$")


def _check_dates(col: _Collector, area: NewArea, file: str) -> None:
    today = dt.date.today()
    floor = area.history_start

    def check(date: PartialDate | None, record: str, fld: str, before_ok: bool = False) -> None:
        if date is None:
            return
        if date.first_day < EARLIEST or date.first_day > today:
            col.add("date-out-of-range", f"{date} is outside {EARLIEST} to today", file, record, fld)
        elif floor and not before_ok and date.last_day < floor.first_day:
            col.add("date-before-approval", f"{date} is before the approval or earliest predecessor ({floor})", file, record, fld)

    check(area.approval.date, area.id, "approval.date")
    if area.inauguration:
        check(area.inauguration.date, area.id, "inauguration.date")
    for p in area.predecessors:
        check(p.start, area.id, "predecessors.start", before_ok=True)
        check(p.end, area.id, "predecessors.end", before_ok=True)
    # Facts and units describe the NNA itself, so they cannot begin before it (or its predecessor);
    # bodies, relations and events may: governments and history predate the NNA.
    for kind, records in (("facts", area.facts), ("units", area.units), ("bodies", area.bodies), ("relations", area.relations)):
        for i, r in enumerate(records):
            rid = f"{area.id}:{kind}[{i}]"
            if (r.start is None) == (r.as_of is None):
                col.add("start-or-as-of", "give exactly one of start (began) and as_of (attested by then)", file, rid, "start")
                continue
            begins = r.begins
            check(begins, rid, "start", before_ok=kind in ("bodies", "relations"))
            check(r.end, rid, "end")
            if begins and r.end and r.end.first_day <= begins.first_day:
                col.add("interval-order", f"end {r.end} is not after start {begins}", file, rid, "end")
    for i, e in enumerate(area.events):
        check(e.date, f"{area.id}:events[{i}]", "date", before_ok=True)


def _check_facts(col: _Collector, area: NewArea, file: str) -> None:
    for i, f in enumerate(area.facts):
        rid = f"{area.id}:facts[{i}]:{f.field}"
        spec = vocab.FACT_FIELDS.get(f.field)
        if spec is None:
            close = difflib.get_close_matches(f.field, vocab.FACT_FIELDS, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            col.add("vocabulary", f"unknown field {f.field!r}{hint}", file, rid, "field")
            continue
        kind, terms, needs_qualifier, _ = spec
        if needs_qualifier and f.qualifier not in vocab.AREA_DEFINITIONS:
            col.add(
                "qualifier",
                f"qualifier {f.qualifier!r} must be one of {', '.join(vocab.AREA_DEFINITIONS)}",
                file,
                rid,
                "qualifier",
            )
        if f.value is None:
            if not f.note:
                col.add("unknown-without-note", "an unknown value needs a note saying what was searched", file, rid, "note")
            continue
        if not f.sources:
            col.add("source-missing", "a value needs at least one source", file, rid, "sources")
        ok = {
            "number": isinstance(f.value, (int, float)) and not isinstance(f.value, bool),
            "int": isinstance(f.value, int) and not isinstance(f.value, bool),
            "bool": isinstance(f.value, bool),
            "text": isinstance(f.value, str),
            "enum": isinstance(f.value, str),
        }[kind]
        if not ok:
            col.add("value-type", f"{f.field} takes a {kind}, not {f.value!r}", file, rid, "value")
        elif terms is not None and f.value not in terms:
            close = difflib.get_close_matches(str(f.value), terms, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            col.add("vocabulary", f"{f.value!r} is not one of {', '.join(terms)}{hint}", file, rid, "value")
        elif kind == "number" and f.value <= 0:
            col.add("area-non-positive", f"area must be positive, not {f.value}", file, rid, "value")
    for (fld, qual), group in group_facts(area.facts).items():
        days = sorted({r.begins.first_day for r in group if r.begins})
        for day in days:
            live = [r for r in covering(group, day) if r.value is not None]
            values = {round(r.value, 6) if isinstance(r.value, float) else r.value for r in live}
            if len(values) > 1 and sum(r.preferred for r in live) != 1:
                col.add(
                    "dispute-unresolved",
                    f"{len(values)} different values on {day} "
                    f"({', '.join(map(repr, sorted(values, key=str)))}); mark exactly one preferred: true",
                    file,
                    f"{area.id}:{fld}" + (f"[{qual}]" if qual else ""),
                    "preferred",
                )


def _check_units(col: _Collector, area: NewArea, file: str) -> None:
    prov = area.province[:2]
    if not _ADCODE.match(area.province) or not area.province.endswith("0000"):
        col.add("adcode-level", f"province {area.province!r} must be a six-digit code ending in 0000", file, area.id, "province")
    for i, u in enumerate(area.units):
        rid = f"{area.id}:units[{i}]:{u.code or u.name_zh}"
        if u.code is None:
            if u.level != "township":
                col.add("adcode-malformed", f"a {u.level}-level unit needs its GB/T 2260 code", file, rid, "code")
            continue
        if u.level == "township":
            if not _TOWNSHIP_CODE.match(u.code):
                col.add("adcode-malformed", f"township code {u.code!r} must have 9 or 12 digits", file, rid, "code")
                continue
        elif not _ADCODE.match(u.code):
            col.add("adcode-malformed", f"{u.code!r} is not a six-digit GB/T 2260 code", file, rid, "code")
            continue
        elif u.level == "prefecture" and (not u.code.endswith("00") or u.code.endswith("0000")):
            col.add("adcode-level", f"{u.code} is not a prefecture-level code (NNNN00)", file, rid, "code")
        elif u.level == "county" and u.code.endswith("00"):
            col.add("adcode-level", f"{u.code} is not a county-level code (it ends in 00)", file, rid, "code")
        if u.code[:2] != prov:
            col.add("adcode-province", f"{u.code} is not in province {area.province}", file, rid, "code")
    for i, b in enumerate(area.bodies):
        if b.unit and not _ADCODE.match(b.unit):
            col.add(
                "adcode-malformed", f"{b.unit!r} is not a six-digit GB/T 2260 code", file, f"{area.id}:bodies[{i}]:{b.id}", "unit"
            )


def _check_bodies(col: _Collector, area: NewArea, file: str) -> None:
    ids = Counter(b.id for b in area.bodies)
    for body_id, n in ids.items():
        if n > 1 and len({(str(b.start), str(b.end)) for b in area.bodies if b.id == body_id}) < n:
            col.add("id-duplicate", f"body id {body_id!r} is defined {n} times with the same interval", file, area.id, "bodies")
    for i, r in enumerate(area.relations):
        for end in (r.from_, r.to):
            if end not in ids:
                close = difflib.get_close_matches(end, ids, n=1)
                hint = f"; did you mean {close[0]!r}?" if close else ""
                col.add(
                    "body-unknown",
                    f"relation names body {end!r}, which is not defined{hint}",
                    file,
                    f"{area.id}:relations[{i}]",
                    "from" if end == r.from_ else "to",
                )


def _refs_of(area: NewArea):
    yield "names", area.names.sources
    yield "approval", area.approval.sources
    if area.inauguration:
        yield "inauguration", area.inauguration.sources
    for kind in ("predecessors", "facts", "units", "events", "statistics", "bodies", "relations"):
        for i, r in enumerate(getattr(area, kind)):
            yield f"{kind}[{i}]", r.sources


def _check_sources(col: _Collector, parsed: Parsed) -> None:
    used: set[str] = set()
    for area_id, area in parsed.areas.items():
        file = parsed.files[area_id]
        for where, refs in _refs_of(area):
            for ref in refs:
                used.add(ref.id)
                if ref.id not in parsed.sources:
                    close = difflib.get_close_matches(ref.id, parsed.sources, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    col.add(
                        "source-unknown", f"source {ref.id!r} is not in sources.yaml{hint}", file, f"{area_id}:{where}", "sources"
                    )
        if not area.approval.sources and area.approval.date:
            col.add("source-missing", "the approval date needs a source", file, area_id, "approval.sources")
    for stat in parsed.national:
        used.update(r.id for r in stat.sources)
        for ref in stat.sources:
            if ref.id not in parsed.sources:
                col.add(
                    "source-unknown",
                    f"source {ref.id!r} is not in sources.yaml",
                    "national.yaml",
                    f"{stat.indicator}:{stat.year}",
                    "sources",
                )
    for src in parsed.sources.values():
        for rel in src.related:
            used.add(rel)
            if rel not in parsed.sources:
                col.add("source-unknown", f"related source {rel!r} is not in sources.yaml", "sources.yaml", src.id, "related")
    for ref in parsed.reference_sources:
        used.add(ref)
        if ref not in parsed.sources:
            col.add("source-unknown", f"source {ref!r} is not in sources.yaml", "regions.yaml/provinces.yaml", ref)
    for sid in parsed.sources:
        if sid not in used and sid != "paper":
            col.add("source-unused", f"source {sid!r} is cited by no record", "sources.yaml", sid)


def _check_names(col: _Collector, parsed: Parsed) -> None:
    owner: dict[str, str] = {}
    for area_id, area in parsed.areas.items():
        n = area.names
        for name in {area_id, n.zh, n.zh_short, n.en, n.pinyin, *n.aliases} - {None}:
            key = normalise_name(name)
            if key in owner and owner[key] != area_id:
                col.add(
                    "alias-clash", f"{name!r} names both {owner[key]!r} and {area_id!r}", parsed.files[area_id], area_id, "names"
                )
            owner[key] = area_id
        if parsed.regions and area.province not in parsed.regions:
            col.add(
                "region-missing",
                f"province {area.province} has no region in regions.yaml",
                parsed.files[area_id],
                area_id,
                "province",
            )


def normalise_name(name: str) -> str:
    """Lower case, no spaces, apostrophes or hyphens, and no trailing 'new area' / 新区."""
    key = re.sub(r"[\s'’\-_.]", "", name.lower())
    for suffix in ("newarea", "newdistrict", "新区"):
        key = key.removesuffix(suffix)
    return key


def check(parsed: Parsed, report: Report) -> None:
    col = _Collector(report)
    for area_id, area in parsed.areas.items():
        file = parsed.files[area_id]
        _check_dates(col, area, file)
        _check_facts(col, area, file)
        _check_units(col, area, file)
        _check_bodies(col, area, file)
    _check_sources(col, parsed)
    _check_names(col, parsed)
    report.checked = {
        "areas": len(parsed.areas),
        "sources": len(parsed.sources),
        "facts": sum(len(a.facts) for a in parsed.areas.values()),
        "units": sum(len(a.units) for a in parsed.areas.values()),
        "events": sum(len(a.events) for a in parsed.areas.values()),
    }


def run(path: str | Path | None = None, *, standalone: bool = False) -> tuple[Report, Parsed]:
    tree = read_tree(path, standalone=standalone)
    report = Report(root=tree.root)
    parsed = parse_tree(tree, report)
    check(parsed, report)
    return report, parsed


def validate(path: str | Path | None = None, *, standalone: bool = False) -> Report:
    """Validate the packaged data, or a user's copy or extension of it at ``path``.

    ``path`` is a data directory or one area file; it extends the packaged data unless
    ``standalone``. Returns a :class:`Report`; ``report.valid`` is False when any error was found.
    Beyond :func:`run` (which loading uses), it compares each governance network's management
    levels with the coded mode, at the paper's date and today, as warnings.
    """
    report, parsed = run(path, standalone=standalone)
    if report.valid:
        _check_networks(parsed, report)
        _check_geometry(parsed, report)
    return report


def _check_geometry(parsed: Parsed, report: Report) -> None:
    """Coded units against the boundary package, when the geo extra is installed (else skipped)."""
    import datetime as dt

    try:
        from .geo.footprint import check_against_codes
    except ImportError:
        return
    from .atlas import Atlas

    atlas, seen = Atlas(parsed), set()
    for day in (dt.date(2018, 12, 31), dt.date.today()):
        for row in check_against_codes(atlas, day).itertuples():
            if row.code == "no-planning-area" or (row.id, row.message) in seen:
                continue  # a missing planning area is coverage, not geometry
            seen.add((row.id, row.message))
            report.problems.append(
                Problem("geo-mismatch", f"as of {day}: {row.message}", parsed.files.get(row.id), row.id, "units")
            )


def _check_networks(parsed: Parsed, report: Report) -> None:
    import datetime as dt

    from .atlas import Atlas
    from .network import check_networks

    atlas, seen = Atlas(parsed), set()
    for day in (dt.date(2018, 12, 31), dt.date.today()):
        for p in check_networks(atlas, day):
            if (p["record"], p["message"].split(",", 1)[1]) not in seen:
                seen.add((p["record"], p["message"].split(",", 1)[1]))
                report.problems.append(Problem(p["code"], p["message"], p["file"], p["record"], p["field"]))
