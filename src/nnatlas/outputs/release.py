"""The release folder (``nnatlas release``): what a data repository (Zenodo, Dataverse, ...) takes.

Layout::

    README.md                        what is here, the rules, the licence, how to cite
    CITATION.cff  CHANGELOG.md  LICENSE  LICENSE-DATA
    data/csv/*.csv + datapackage.json   the tables (Frictionless Data Package)
    data/parquet/*.parquet  data/stata/*.dta  data/sqlite/nnatlas.sqlite + metadata.json
    membership/membership_county.csv  membership/membership_prefecture.csv
    panels/panel_{county,prefecture}.{csv,parquet,dta}   every unit of the vintage, end-of-year rule
    codebook/codebook.{en,zh}.{md,html}
    SHA256SUMS                       sha256sum -c compatible, sorted, written last

Reproducible: the same code and data give byte-identical files. Nothing in them depends on the time
of the run: the exports' ``created`` is the as_of date (or ``SOURCE_DATE_EPOCH`` when set, the
reproducible-builds convention), the Stata time stamps likewise, and every list is sorted. The
folder is built in a temporary sibling and moved into place only when complete.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import shutil
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

from nnatlas.analysis import membership as mb
from nnatlas.atlas import Snapshot
from nnatlas.core.errors import UsageError
from nnatlas.core.files import folder_beside, replace_folder
from nnatlas.core.project import project_file
from nnatlas.outputs import codebook
from nnatlas.outputs.export.meta import LICENCE, TITLE, ExportMeta, data_version, export_meta
from nnatlas.outputs.export.schema import build
from nnatlas.outputs.export.writers import write_csv, write_dta, write_parquet, write_sqlite
from nnatlas.outputs.panels import RULES_TEXT, PanelMeta, records_csv, write_panel

SUMS = "SHA256SUMS"
PROJECT_FILES = ("CITATION.cff", "CHANGELOG.md", "LICENSE", "LICENSE-DATA")
#: The rule of the panels in the release (``nnatlas panel --rule any-day`` gives the other).
RELEASE_RULE = "end-of-year"
PANEL_FORMATS = ("csv", "parquet", "dta")


def created(day: dt.date) -> str:
    """The creation time the release records: ``SOURCE_DATE_EPOCH`` when set, else the as_of day at 00:00 UTC."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH", "").strip()
    if epoch.isdigit():
        return dt.datetime.fromtimestamp(int(epoch), dt.UTC).isoformat()
    return dt.datetime.combine(day, dt.time(), dt.UTC).isoformat()


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8", newline="\n")


def sha256sums(folder: Path) -> str:
    """``sha256sum``'s format (hash, two spaces, path relative to the folder), sorted by path."""
    lines = []
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.name != SUMS):
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        lines.append(f"{digest}  {path.relative_to(folder).as_posix()}")
    return "\n".join(sorted(lines, key=lambda line: line.split("  ", 1)[1])) + "\n"


def _panels(snap: Snapshot, work: Path, version: str, step: Callable[[str], None]) -> dict[str, str]:
    """Write the membership tables and the panels; returns the vintage of each level's unit list."""
    atlas, day = snap.atlas, snap.day
    first, _ = mb.year_span(atlas, day)
    vintages = {}
    for level in mb.LEVELS:
        meta = PanelMeta(day, version, f"nnatlas membership ({level})", (("level", level),))
        _write(work / "membership" / f"membership_{level}.csv", records_csv(mb.membership(atlas, level, as_of=day), meta))
        vintage, units = mb.all_units(atlas, level)
        vintages[level] = vintage
        step(f"{level} panel {first}-{day.year}, every unit of {vintage}")
        df = mb.panel(atlas, level, first, day.year, RELEASE_RULE, units, vintage=vintage, as_of=day)
        extra = (("level", level), ("rule", RELEASE_RULE), ("from", str(first)), ("to", str(day.year)), ("vintage", vintage))
        meta = PanelMeta(day, version, f"nnatlas {level} panel ({RELEASE_RULE})", extra)
        for fmt in PANEL_FORMATS:
            write_panel(df, fmt, work / "panels" / f"panel_{level}.{fmt}", meta)
    return vintages


def _tables(snap: Snapshot, work: Path, meta: ExportMeta) -> None:
    tables = build(snap)
    write_csv(tables, work / "data" / "csv", meta)
    write_parquet(tables, work / "data" / "parquet", meta)
    write_dta(tables, work / "data" / "stata", meta)
    write_sqlite(tables, work / "data" / "sqlite", meta)


def _files(day: str, years: str, vintages: dict[str, str]) -> list[tuple[str, str]]:
    return [
        (
            "`data/csv/*.csv`, `data/csv/datapackage.json`",
            "the tables (areas, facts, state, units, events, statistics, sources and the `*_sources` link tables) as CSV "
            f"with a Frictionless Data Package descriptor; `areas` and `state` are as of {day}, the other tables hold "
            "every record with its own dates",
        ),
        ("`data/parquet/*.parquet`", "the same tables as Parquet (as_of and data version in the schema metadata)"),
        ("`data/stata/*.dta`", "the same tables for Stata 14+ (data label: table, as_of, data version)"),
        (
            "`data/sqlite/nnatlas.sqlite`, `metadata.json`",
            "the same tables in one SQLite database (`_meta` table; Datasette metadata)",
        ),
        (
            "`membership/membership_county.csv`",
            "one row per county-level unit and New Area spell: code, names, province, New Area, coverage, direct "
            "management, start, end, attested date, sources, note",
        ),
        (
            "`membership/membership_prefecture.csv`",
            "the same for prefecture-level units, derived from the counties (`counties` lists them)",
        ),
        (
            "`panels/panel_county.{csv,parquet,dta}`",
            f"one row per county-level unit and year, {years}: every county-level unit of {vintages['county']} and every "
            f"code of the data, treated under the {RELEASE_RULE} rule",
        ),
        ("`panels/panel_prefecture.{csv,parquet,dta}`", f"the same per prefecture-level unit ({vintages['prefecture']})"),
        (
            "`codebook/codebook.{en,zh}.{md,html}`",
            "every variable of the framework, the stage model, the typologies, the membership table and the panels, "
            "in English and Chinese",
        ),
        ("`CITATION.cff`, `CHANGELOG.md`", "how to cite; what changed between versions"),
        ("`LICENSE`, `LICENSE-DATA`", f"the licences of the code (MIT) and of the data ({LICENCE['name']})"),
        (f"`{SUMS}`", "the SHA-256 of every other file (`sha256sum -c SHA256SUMS`)"),
    ]


def readme(meta: ExportMeta, first_year: int, vintages: dict[str, str], citation: str) -> str:
    """The data README (Markdown)."""
    day, last = meta.as_of.isoformat(), meta.as_of.year
    files = "\n".join(f"| {path} | {what} |" for path, what in _files(day, f"{first_year}-{last}", vintages))
    rules = "\n".join(f"- {en}" for en, _ in RULES_TEXT)
    return f"""# {TITLE}

Data version **{meta.version}**, as of **{day}** (data SHA-256 `{meta.data.sha256}`).

Curated, sourced and dated data on China's State-level New Areas (国家级新区): every fact carries its
sources and its validity dates. Made with `nnatlas release` from the nnatlas package; two runs on the
same data give byte-identical files (`sha256sum -c SHA256SUMS` checks them).

## Files

| path | what it is |
|---|---|
{files}

## Panels

Merge a yearbook panel by `code` and `year` (both columns of every panel; codes are GB/T 2260 six-digit
text, so read them as text: `pd.read_csv(..., dtype={{"code": str, "prefecture": str, "treated": "boolean",
"direct_management": "boolean"}})`, R `read.csv(..., colClasses = c(code = "character"))`, Stata
`import delimited ..., stringcols(1 4 7)`). `treated` is TRUE, FALSE or empty (unknown); the CSV's last two columns, `as_of` and
`data_version`, say which data made it. The other rule: `nnatlas panel --level county --from
{first_year} --to {last} --rule any-day --all-units --out panel.csv`.

{rules}

## Licence

Data: {LICENCE["title"]} ({LICENCE["name"]}, {LICENCE["path"]}), with the sources listed in the `sources`
table; code: MIT. See `LICENSE-DATA` and `LICENSE`.

## How to cite

{citation}
"""


def _citation(cff: str) -> str:
    """The citation the README gives: the title and version of CITATION.cff, pointing to it."""
    fields = {}
    for line in cff.splitlines():
        key, sep, value = line.partition(":")
        if sep and not line.startswith((" ", "-", "#")) and value.strip():
            fields[key.strip()] = value.strip().strip("'\"")
    named = ", ".join(f"{k} {fields[k]}" for k in ("title", "version", "doi") if k in fields)
    return f"Cite the data as `CITATION.cff` describes ({named})." if named else "Cite the data as `CITATION.cff` describes."


def check_day(atlas, day: dt.date, today: dt.date | None = None) -> dt.date:
    """``day`` if a release can be as of it: from the first year of the data's history to today;
    else a one-line :class:`UsageError` (a release is of the data as it stands, not of the future)."""
    today = today or dt.date.today()
    first, _ = mb.year_span(atlas, today)
    if day > today:
        raise UsageError(f"--at {day} is after today ({today}): a release is of the data as it stands; use a date up to today")
    if day.year < first:
        raise UsageError(f"--at {day} is before the data's first year, {first}: use a date from {first}-01-01 to today")
    return day


def release(
    snap: Snapshot,
    out: Path,
    *,
    data_dir: str | Path | None = None,
    standalone: bool = False,
    echo: Callable[[str], None] = print,
) -> list[Path]:
    """Write the release folder for the snapshot into ``out`` (replaced when complete); returns its files.

    The snapshot's date must lie in the panels' span (:func:`check_day`)."""
    out = Path(out)
    sources = {name: project_file(name) for name in PROJECT_FILES}  # before any work: a missing file is one line
    atlas = snap.atlas
    check_day(atlas, snap.day)
    meta = replace(export_meta(snap, data_dir, standalone=standalone), created=created(snap.day))
    version = data_version(atlas, data_dir, standalone=standalone).version
    try:
        work = folder_beside(out)
    except OSError as exc:  # refused before anything is written or said
        raise UsageError(f"cannot write the release folder {out}: {exc.strerror or exc}") from None
    echo(f"nnatlas release as of {snap.day} (data {version})")
    try:
        echo("tables: csv, parquet, dta, sqlite")
        _tables(snap, work, meta)
        vintages = _panels(snap, work, version, echo)
        echo("codebook, project files, README")
        for lang in ("en", "zh"):
            for fmt in ("md", "html"):
                _write(work / "codebook" / f"codebook.{lang}.{fmt}", codebook.render(fmt, lang))
        for name, path in sources.items():
            shutil.copyfile(path, work / name)
        first, _ = mb.year_span(atlas, snap.day)
        _write(work / "README.md", readme(meta, first, vintages, _citation(sources["CITATION.cff"].read_text("utf-8"))))
        _write(work / SUMS, sha256sums(work))
        replace_folder(work, out)
    except BaseException:
        shutil.rmtree(work, ignore_errors=True)
        raise
    written = sorted(p for p in out.rglob("*") if p.is_file())
    echo(f"done: {len(written)} files in {out}")
    return written
