"""What changed: between two dates of one atlas, or between two versions of the data.

**Between dates** (:func:`between_dates`, A <= B): the atlas on A against the atlas on B, one row
per change ``{kind, area, what, before, after, on, sources, note}``:

- ``area_added``: an NNA that exists on B but not on A (approved in (A, B]), with its approval
  date and sources. It is then compared from its approval day: its records of that day are its
  founding, not changes, and whatever changed after it (up to B) is listed like any other NNA's.
- ``org_type``, ``rank``, ``mode`` (management mode) and ``framework`` (every other framework
  variable that is one fact's value: functions, trusteeship, leadership group...): the framework
  record on A (or the approval day) against that on B. ``area_figure``: the best planning-area
  figure (:func:`~nnatlas.atlas.snapshot.best_planning_area`, with its definition).
  ``sources`` are those of the value on B (of the value on A when it has lapsed); ``on`` is the
  day the new value began or the old one ended, when a record in the window says it. A value
  known only from an attestation (``as_of``, like the paper's classifications "as of 2018") has
  no ``on`` but ``attested``, the date it is attested as of: the data say that it held by then,
  not that it changed then (``attested`` at the top counts such rows). ``note`` is the record's
  own note, or says why a value is unknown or that a planning-area definition changed.
- ``unit_joined``/``unit_left``/``unit_changed``, ``body_began``/``body_ended``/``body_changed``,
  ``relation_began``/``relation_ended``: on each day in (A, B] where a record of a unit (by code,
  else name), a body (by id) or a relation (by kind, from and to; live only while both bodies
  are) begins or ends, whether it holds on the day before and on the day: a begin, an end, or a
  record replaced by one that differs in substance (a unit's coverage, a body's rank). A unit
  that joined and left inside the window shows both.
- ``event``: each dated event in (A, B].

**Between data versions** (:func:`between_data`): every record of the old atlas matched with the
new one, one row per difference ``{change: added|changed|removed, record, area, key, before,
after, fields_changed}``. A record's identity (its ``key``), so that a corrected value shows as
``changed``, never as removed + added:

- ``area``: its id (the area's own fields: names, province, approval, predecessors...; an area
  added or removed is one row, its records go with it); ``source``: its id;
- ``fact``: field, qualifier and start (or ``as_of``): ``planning_area_km2:approved_land@2016-03``;
- ``unit``: code (else Chinese name) and start; ``body``: id and start; ``relation``: from, kind,
  to and start; ``event``: kind and date; ``statistic``: indicator, year, scope and vintage
  (national statistics have no area); ``reference``: a region, province or prefecture by code.

Records sharing a key (the records of a dispute) are paired by likeness (the most equal fields
first). Then, within an area, a lone removed and a lone added record that agree in all but their
dates (a fact's field, qualifier and value; a unit's code and level; a body's id and kind; a
relation; an event's kind and text) are one record whose dates were corrected: ``changed``,
under the old key. ``fields_changed`` names every field that differs, notes and source lists
included (``names.en``, ``approval.date`` for nested ones).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from nnatlas.analysis.framework import REGISTRY, record
from nnatlas.atlas import AreaState, Atlas, Snapshot
from nnatlas.atlas.snapshot import best_planning_area
from nnatlas.atlas.timeline import FactState, covering, effective_end
from nnatlas.core.errors import UsageError
from nnatlas.ingest.models import NewArea

#: The kinds of change between dates, in the order they are reported.
KINDS = (
    "area_added",
    "area_figure",
    "org_type",
    "rank",
    "mode",
    "framework",
    "unit_joined",
    "unit_left",
    "unit_changed",
    "body_began",
    "body_ended",
    "body_changed",
    "relation_began",
    "relation_ended",
    "event",
)
#: The kinds of record compared between data versions, in the order they are reported.
RECORDS = ("area", "source", "fact", "unit", "body", "relation", "event", "statistic", "reference")
CHANGES = ("added", "changed", "removed")

#: Framework variables with a kind of their own; every other one-fact variable is ``framework``.
_VARIABLE_KINDS = {"level.org_type": "org_type", "level.rank": "rank", "relation.management_mode": "mode"}
_ONE_DAY = dt.timedelta(days=1)


# --- between dates -------------------------------------------------------------------------------
def between_dates(atlas: Atlas, a: dt.date, b: dt.date) -> dict[str, Any]:
    """Every change in the atlas from day ``a`` to day ``b`` (see the module docstring)."""
    check_order(a, b)
    snap_a, snap_b = atlas.at(a), atlas.at(b)
    rows: list[dict[str, Any]] = []
    for st_b in snap_b.states:
        area = st_b.area
        if area.approved > a:
            rows.append(_added(area))
            base = atlas.at(area.approved)
        else:
            base = snap_a
        rows += _value_changes(base, snap_b, area.id)
        rows += _record_changes(area, base.day, b)
    order = {k: n for n, k in enumerate(KINDS)}
    rows.sort(key=lambda r: (order[r["kind"]], r["on"] or r["attested"] or "", r["area"], str(r["what"])))
    counts = Counter(r["kind"] for r in rows)
    return {
        "compared": "dates",
        "from": a.isoformat(),
        "to": b.isoformat(),
        "as_of": b.isoformat(),
        "counts": {k: counts[k] for k in KINDS if counts[k]},
        "attested": sum(bool(r["attested"]) for r in rows),
        "changes": rows,
    }


def check_order(a: dt.date, b: dt.date) -> None:
    """A one-line :class:`UsageError` unless ``a`` is not after ``b``."""
    if a > b:
        raise UsageError(f"the first date {a} is after the second {b}: give the earlier date first ({b} {a})")


def _row(kind, area, what, before, after, on, sources: Iterable[Any], note=None, attested=None) -> dict[str, Any]:
    ids = list(dict.fromkeys(str(s) for s in sources))
    row = {"kind": kind, "area": area, "what": what, "before": before, "after": after, "on": on, "sources": ids}
    return row | {"attested": attested, "note": note}


def _added(area: NewArea) -> dict[str, Any]:
    mark = area.approval
    return _row("area_added", area.id, "approval", None, str(mark.date), str(mark.date), mark.sources, mark.note)


def _window(state_a: FactState | None, state_b: FactState | None, a: dt.date, b: dt.date) -> tuple[str | None, str | None]:
    """``on`` and ``attested`` of a value change: the day the new value began or the old one
    ended; or, when the new value rests on an attestation alone, the date it is attested as of."""
    if state_b is not None and state_b.since is not None and a < state_b.since.first_day <= b:
        return (None, str(state_b.since)) if state_b.attested else (str(state_b.since), None)
    if state_a is not None and state_a.until is not None and a < state_a.until <= b:
        return state_a.until.isoformat(), None
    return None, None


def _value_changes(base: Snapshot, snap_b: Snapshot, area_id: str) -> list[dict[str, Any]]:
    rows = []
    st_a, st_b = base.state(area_id), snap_b.state(area_id)
    rec_a, rec_b = record(base, area_id), record(snap_b, area_id)
    for var in REGISTRY.values():
        if var.reads != (f"fact:{var.name}",):
            continue  # derived from another variable's fact (formal_hierarchy), from units, or the planning area
        before, after = rec_a[var.dimension][var.name], rec_b[var.dimension][var.name]
        if before == after:
            continue
        fa, fb = st_a.facts.get((var.name, None)), st_b.facts.get((var.name, None))
        on, attested = _window(fa, fb, base.day, snap_b.day)
        reason = rec_b["disputed"].get(var.key, {}).get("reason")
        support = fb if fb is not None and fb.value is not None else fa
        kind = _VARIABLE_KINDS.get(var.key, "framework")
        sources = support.sources if support else ()
        rows.append(_row(kind, area_id, var.key, before, after, on, sources, reason, attested))
    rows += _area_change(st_a, st_b)
    return rows


def _area_change(st_a: AreaState, st_b: AreaState) -> list[dict[str, Any]]:
    best_a, best_b = best_planning_area(st_a), best_planning_area(st_b)
    if (best_a["value"], best_a["definition"]) == (best_b["value"], best_b["definition"]):
        return []
    fa = st_a.facts.get(("planning_area_km2", best_a["definition"]))
    fb = st_b.facts.get(("planning_area_km2", best_b["definition"]))
    on, attested = _window(fa, fb, st_a.day, st_b.day)
    definition, note = best_b["definition"] or best_a["definition"], None
    if best_a["definition"] and best_b["definition"] and best_a["definition"] != best_b["definition"]:
        note = f"definition {best_a['definition']} -> {best_b['definition']}"
    support = fb or fa
    what = f"planning_area_km2:{definition}"
    sources = support.sources if support else ()
    return [_row("area_figure", st_b.area.id, what, best_a["value"], best_b["value"], on, sources, note, attested)]


def _unit_key(u) -> str:
    return u.code or u.name_zh


def _unit_view(u) -> dict[str, Any]:
    return {k: v for k, v in (("name_zh", u.name_zh), ("level", u.level), ("coverage", u.coverage), ("role", u.role)) if v}


def _body_view(bd) -> dict[str, Any]:
    items = (("kind", bd.kind), ("name_zh", bd.name_zh), ("name_en", bd.name_en), ("rank", bd.rank), ("unit", bd.unit))
    return {k: v for k, v in items if v}


def _relation_view(r) -> dict[str, Any]:
    return {"kind": r.kind, "from": r.from_, "to": r.to}


def _record_changes(area: NewArea, a: dt.date, b: dt.date) -> list[dict[str, Any]]:
    bodies = _groups(area.bodies, lambda bd: bd.id)

    def body_live(body_id: str, day: dt.date) -> bool:
        return bool(covering(bodies.get(body_id, ()), day))

    def relation_live(r, day: dt.date) -> bool:
        return body_live(r.from_, day) and body_live(r.to, day)

    def endpoint_days(key) -> list[dt.date]:  # a relation also begins or ends with its bodies
        _, source, target = key
        return [d for body in (source, target) for d in _edges(bodies.get(body, ()))]

    rows = _transitions(area, area.units, _unit_key, _unit_view, "unit", ("joined", "left"), a, b)
    rows += _transitions(area, area.bodies, lambda bd: bd.id, _body_view, "body", ("began", "ended"), a, b)
    rows += _transitions(
        area,
        area.relations,
        lambda r: (r.kind, r.from_, r.to),
        _relation_view,
        "relation",
        ("began", "ended"),
        a,
        b,
        live=relation_live,
        extra_days=endpoint_days,
    )
    for e in area.events:
        if a < e.date.first_day <= b:
            after = {"en": e.en, "zh": e.zh} if e.zh else {"en": e.en}
            rows.append(_row("event", area.id, e.kind, None, after, str(e.date), e.sources, e.note))
    return rows


def _groups(records: Iterable[Any], key: Callable[[Any], Any]) -> dict[Any, list[Any]]:
    out: dict[Any, list[Any]] = defaultdict(list)
    for r in records:
        out[key(r)].append(r)
    return out


def _edges(group: Sequence[Any]) -> list[dt.date]:
    """The days a key's records begin or end."""
    days = [r.begins.first_day for r in group]
    return days + [e for e in (effective_end(r, group) for r in group) if e is not None]


def _transitions(area, records, key, view, noun, verbs, a, b, *, live=None, extra_days=None) -> list[dict[str, Any]]:
    """Each begin, end or substantive change of the records of one key on a day in (a, b]."""
    rows = []
    for k, group in _groups(records, key).items():
        days = set(_edges(group)) | set(extra_days(k) if extra_days else ())

        def holding(day: dt.date, group=group) -> list[Any]:
            found = covering(group, day)
            return [r for r in found if live is None or live(r, day)]

        what = k if isinstance(k, str) else f"{k[1]} -{k[0]}-> {k[2]}"
        for day in sorted(d for d in days if a < d <= b):
            before, after = holding(day - _ONE_DAY), holding(day)
            if not before and after:
                rec = after[0]
                on = None if rec.attested else str(rec.start) if rec.start.first_day == day else day.isoformat()
                attested = str(rec.as_of) if rec.attested else None
                rows.append(_row(f"{noun}_{verbs[0]}", area.id, what, None, view(rec), on, rec.sources, rec.note, attested))
            elif before and not after:
                rec = before[-1]
                on = str(rec.end) if rec.end and rec.end.first_day == day else day.isoformat()
                rows.append(_row(f"{noun}_{verbs[1]}", area.id, what, view(rec), None, on, rec.sources, rec.note))
            elif before and after and noun != "relation":
                old, new = view(before[-1]), view(after[0])
                fresh = [r for r in after if r not in before]
                if old != new and fresh:
                    rec = fresh[0]
                    on = None if rec.attested else str(rec.begins)
                    attested = str(rec.as_of) if rec.attested else None
                    rows.append(_row(f"{noun}_changed", area.id, what, old, new, on, rec.sources, rec.note, attested))
    return rows


# --- between data versions ------------------------------------------------------------------------
def between_data(old: Atlas, new: Atlas) -> dict[str, Any]:
    """Every record added, changed or removed from the data of ``old`` to that of ``new`` (see the
    module docstring for how records are matched)."""
    rows: list[dict[str, Any]] = []
    rows += _compare("source", None, list(old.sources.values()), list(new.sources.values()), lambda s: s.id)
    olds, news = {a.id: a for a in old}, {a.id: a for a in new}
    for area_id in [*olds, *(i for i in news if i not in olds)]:
        before, after = olds.get(area_id), news.get(area_id)
        if before is None or after is None:
            rows.append(_change("added" if before is None else "removed", "area", area_id, area_id, before, after))
            continue
        rows += _compare("area", area_id, [before], [after], lambda x: x.id)
        for name, rec, ident, loose in _COLLECTIONS:
            rows += _compare(rec, area_id, getattr(before, name), getattr(after, name), ident, loose)
    rows += _compare("statistic", None, old.national, new.national, _stat_key)
    rows += _compare_reference(old, new)
    order = {r: n for n, r in enumerate(RECORDS)}
    rows.sort(key=lambda r: order[r["record"]])  # stable: within a kind, the data's own order
    counts: dict[str, dict[str, int]] = {}
    for r in rows:
        counts.setdefault(r["record"], dict.fromkeys(CHANGES, 0))[r["change"]] += 1
    return {
        "compared": "data",
        "as_of": dt.date.today().isoformat(),
        "counts": {r: counts[r] for r in RECORDS if r in counts},
        "changes": rows,
    }


def _begins_key(r) -> str:
    return f"{r.start}" if r.start else f"as_of {r.as_of}"


def _fact_key(f) -> str:
    return f"{f.field}:{f.qualifier}@{_begins_key(f)}" if f.qualifier else f"{f.field}@{_begins_key(f)}"


def _stat_key(s) -> str:
    return ":".join(str(p) for p in (s.indicator, s.year, s.scope, s.vintage) if p is not None)


#: Each collection of an area: (attribute, record kind, identity, identity without the dates + substance).
_COLLECTIONS: tuple[tuple[str, str, Callable[[Any], str], Callable[[Any], Any] | None], ...] = (
    ("facts", "fact", _fact_key, lambda f: (f.field, f.qualifier, f.value)),
    ("units", "unit", lambda u: f"{_unit_key(u)}@{_begins_key(u)}", lambda u: (_unit_key(u), u.level)),
    ("bodies", "body", lambda bd: f"{bd.id}@{_begins_key(bd)}", lambda bd: (bd.id, bd.kind)),
    (
        "relations",
        "relation",
        lambda r: f"{r.from_} -{r.kind}-> {r.to}@{_begins_key(r)}",
        lambda r: (r.kind, r.from_, r.to),
    ),
    ("events", "event", lambda e: f"{e.kind}@{e.date}", lambda e: (e.kind, e.en)),
    ("statistics", "statistic", _stat_key, None),
)
_COLLECTION_FIELDS = frozenset(name for name, *_ in _COLLECTIONS)


def _dump(rec: Any) -> dict[str, Any]:
    if isinstance(rec, NewArea):
        out = rec.model_dump(mode="json", by_alias=True, exclude_none=True, exclude=set(_COLLECTION_FIELDS))
    else:
        out = rec.model_dump(mode="json", by_alias=True, exclude_none=True)
    if hasattr(rec, "value"):
        out["value"] = rec.value  # null is a value here: unknown
    return _plain_sources(out)


def _plain_sources(value: Any) -> Any:
    """Source references as written (``"paper §3.2"``), not as ``{id, locator}`` objects."""
    if isinstance(value, dict):
        return {
            k: [_ref(s) for s in v] if k == "sources" and isinstance(v, list) else _plain_sources(v) for k, v in value.items()
        }
    if isinstance(value, list):
        return [_plain_sources(v) for v in value]
    return value


def _ref(s: Any) -> Any:
    return f"{s['id']} {s['locator']}" if isinstance(s, dict) and s.get("locator") else s.get("id") if isinstance(s, dict) else s


def _flat(d: dict[str, Any]) -> dict[str, Any]:
    return {
        f"{k}.{kk}" if isinstance(v, dict) else k: vv
        for k, v in d.items()
        for kk, vv in (v.items() if isinstance(v, dict) else [(k, v)])
    }


def _fields_changed(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    fb, fa = _flat(before), _flat(after)
    return [k for k in dict.fromkeys([*fb, *fa]) if fb.get(k) != fa.get(k)]


def _change(change: str, rec: str, area: str | None, key: str, before: Any, after: Any) -> dict[str, Any]:
    b, a = (_dump(before) if before is not None else None), (_dump(after) if after is not None else None)
    fields = _fields_changed(b, a) if b is not None and a is not None else []
    return {"change": change, "record": rec, "area": area, "key": key, "before": b, "after": a, "fields_changed": fields}


def _compare(rec: str, area: str | None, olds: Sequence[Any], news: Sequence[Any], ident, loose=None) -> list[dict[str, Any]]:
    """The rows of one kind of record of one area: matched by identity, then by ``loose``."""
    old_by, new_by = _groups(olds, ident), _groups(news, ident)
    pairs: list[tuple[str, Any, Any]] = []
    removed: list[tuple[str, Any]] = []
    added: list[tuple[str, Any]] = []
    for key in [*old_by, *(k for k in new_by if k not in old_by)]:
        matched, gone, new = _pair(old_by.get(key, []), new_by.get(key, []))
        pairs += [(key, o, n) for o, n in matched]
        removed += [(key, o) for o in gone]
        added += [(key, n) for n in new]
    if loose is not None:
        for lk in {loose(o) for _, o in removed} & {loose(n) for _, n in added}:
            gone = [x for x in removed if loose(x[1]) == lk]
            new = [x for x in added if loose(x[1]) == lk]
            if len(gone) == len(new) == 1:
                pairs.append((gone[0][0], gone[0][1], new[0][1]))
                removed.remove(gone[0])
                added.remove(new[0])
    place = {id(o): n for n, o in enumerate(olds)}  # rows in the data's order: the old records', then the added
    ordered = sorted([(key, o, n) for key, o, n in pairs] + [(key, o, None) for key, o in removed], key=lambda x: place[id(x[1])])
    rows = [_change("changed" if n is not None else "removed", rec, area, key, o, n) for key, o, n in ordered]
    rows = [r for r in rows if r["change"] == "removed" or r["fields_changed"]]
    return rows + [_change("added", rec, area, key, None, n) for key, n in added]


def _pair(olds: list[Any], news: list[Any]) -> tuple[list[tuple[Any, Any]], list[Any], list[Any]]:
    """Pair the records sharing one key, the most alike first; the rest are removed or added."""
    if len(olds) == len(news) == 1:
        return [(olds[0], news[0])], [], []
    dumps_o, dumps_n = [_flat(_dump(o)) for o in olds], [_flat(_dump(n)) for n in news]
    scored = sorted(
        ((-sum(do.get(k) == dn.get(k) for k in do), i, j) for i, do in enumerate(dumps_o) for j, dn in enumerate(dumps_n)),
    )
    used_o: set[int] = set()
    used_n: set[int] = set()
    pairs = []
    for _, i, j in scored:
        if i not in used_o and j not in used_n:
            used_o.add(i)
            used_n.add(j)
            pairs.append((i, j))
    pairs.sort()
    return (
        [(olds[i], news[j]) for i, j in pairs],
        [o for i, o in enumerate(olds) if i not in used_o],
        [n for j, n in enumerate(news) if j not in used_n],
    )


class _Ref:
    """A row of a reference table (a region, province or prefecture by code), dumped like a record."""

    def __init__(self, key: str, value: Any):
        self.key = key
        self.payload = value if isinstance(value, dict) else {"value": value}

    def model_dump(self, **_: Any) -> dict[str, Any]:
        return dict(self.payload)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Ref) and (self.key, self.payload) == (other.key, other.payload)

    __hash__ = None  # type: ignore[assignment]


def _compare_reference(old: Atlas, new: Atlas) -> list[dict[str, Any]]:
    rows = []
    for table, noun in (("regions", "region"), ("provinces", "province"), ("prefectures", "prefecture")):
        olds = [_Ref(f"{noun}:{k}", v) for k, v in getattr(old, table).items()]
        news = [_Ref(f"{noun}:{k}", v) for k, v in getattr(new, table).items()]
        rows += _compare("reference", None, olds, news, lambda r: r.key)
    if old.region_source != new.region_source:
        before, after = _Ref("region_source", old.region_source), _Ref("region_source", new.region_source)
        rows.append(_change("changed", "reference", None, "region_source", before, after))
    return rows
