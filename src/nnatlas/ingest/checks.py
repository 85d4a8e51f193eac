"""Record checks: every rule a single record or the set of records must satisfy, gathered into
one report.

Each problem has a stable ``code`` (see :mod:`nnatlas.ingest.problems`), the file, the record
and the field it concerns, and a message. :func:`run` never raises on bad data; ``load()``
raises :class:`DataValidationError` once, with the whole report. Checks that need the Atlas or
the analysis (governance networks, geometry) live in :mod:`nnatlas.validation`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections import Counter

from nnatlas.ingest import vocab
from nnatlas.ingest.dates import PartialDate
from nnatlas.ingest.models import NewArea
from nnatlas.ingest.parse import Parsed, _Collector, normalise_name
from nnatlas.ingest.problems import Report

EARLIEST = dt.date(1949, 10, 1)

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
    defined = "sources.yaml" if not parsed.no_sources_file else "any sources.yaml (there is none beside the area file)"
    for area_id, area in parsed.areas.items():
        file = parsed.files[area_id]
        for part, refs in _refs_of(area):
            for ref in refs:
                used.add(ref.id)
                if ref.id not in parsed.sources:
                    close = difflib.get_close_matches(ref.id, parsed.sources, n=1)
                    hint = f"; did you mean {close[0]!r}?" if close else ""
                    col.add(
                        "source-unknown", f"source {ref.id!r} is not in {defined}{hint}", file, f"{area_id}:{part}", "sources"
                    )
        if not area.approval.sources and area.approval.date:
            col.add("source-missing", "the approval date needs a source", file, area_id, "approval.sources")
    # records that did not parse (a missing field, a wrong type) still name their sources: an area
    # file whose sources neither it nor the data it extends defines is reported as such in any case
    for file, record, ref_id in parsed.unparsed_refs:
        used.add(ref_id)
        if ref_id not in parsed.sources:
            close = difflib.get_close_matches(ref_id, parsed.sources, n=1)
            hint = f"; did you mean {close[0]!r}?" if close else ""
            col.add("source-unknown", f"source {ref_id!r} is not in {defined}{hint}", file, record, "sources")
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
