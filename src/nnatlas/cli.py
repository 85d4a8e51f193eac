"""The ``nnatlas`` command. Each command is a thin wrapper over one library function.

``--json`` prints exactly what that function returns; errors are one line on stderr with exit
status 2 (usage) or 1 (invalid data), never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from ._errors import NNAtlasError
from ._output import emit

app = typer.Typer(
    name="nnatlas",
    help="China's State-level New Areas through the lens of scale politics: sourced, dated data and the framework.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)

At = Annotated[str | None, typer.Option("--at", help="As of this date: YYYY-MM-DD, YYYY-MM or YYYY (its end), or 'today'.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (exactly what the Python API returns).")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
Lang = Annotated[str, typer.Option("--lang", help="Language of names and labels: en or zh.")]
PaperAt = Annotated[str | None, typer.Option("--at", help="As of this date (default 2018-12-31, the paper's).")]


def _fmt(json_: bool, csv_: bool = False) -> str:
    if json_ and csv_:
        raise NNAtlasError("choose one of --json and --csv")
    return "json" if json_ else "csv" if csv_ else "text"


def _lang(lang: str) -> str:
    if lang not in ("en", "zh"):
        from ._errors import UsageError

        raise UsageError(f"unknown language {lang!r}: use en or zh")
    return lang


_DATA: dict[str, object] = {"path": None, "standalone": False}


@app.callback()
def _options(
    data: Annotated[
        Path | None,
        typer.Option("--data", help="A data directory that extends (or with --standalone replaces) the packaged data."),
    ] = None,
    standalone: Annotated[bool, typer.Option("--standalone", help="Use --data alone.")] = False,
) -> None:
    if data is not None and not data.exists():
        raise NNAtlasError(f"no such data directory: {data}")
    _DATA.update(path=data, standalone=standalone)


def _atlas():
    from . import load

    return load(_DATA["path"], standalone=bool(_DATA["standalone"]))


def _day(at: str | None):
    from .dates import as_of

    return as_of(at)


@app.command("list")
def list_(at: At = None, lang: Lang = "en", json_: Json = False, csv_: Csv = False) -> None:
    """One row per New Area that existed at the date (default today)."""
    fmt, lang, day = _fmt(json_, csv_), _lang(lang), _day(at)
    atlas = _atlas()
    rows = atlas.records(day, lang=lang)
    if fmt != "text":
        emit(rows, fmt)
        return
    if not rows:
        first = min(atlas, key=lambda a: a.approved)
        typer.echo(f"No New Area existed on {day} (the first, {first.id}, was approved on {first.approval.date}).")
        return
    name = "name_zh" if lang == "zh" else "name_en"
    cols = ["id", name, "province", "region", "approved", "planning_area_km2", "org_type", "management_mode"]
    heads = (
        {
            "id": "编号",
            name: "名称",
            "province": "省份",
            "region": "地区",
            "approved": "批复日期",
            "planning_area_km2": "规划面积(km²)",
            "org_type": "组织类型",
            "management_mode": "管理模式",
        }
        if lang == "zh"
        else {name: "name", "planning_area_km2": "planning_km2"}
    )
    emit(rows, "text", columns=cols, headers=heads)
    typer.echo(f"\n{len(rows)} New Areas as of {day}. Unknown values show as —.")


@app.command()
def show(
    area: Annotated[str, typer.Argument(help="An id or alias, e.g. liangjiang or 两江新区.")], at: At = None, json_: Json = False
) -> None:
    """Every fact of one New Area with its value, sources and validity, and its timeline."""
    from .show import render

    day = _day(at)
    data = _atlas().describe(area, day)
    if json_:
        emit(data, "json")
    else:
        typer.echo(render(data))


@app.command()
def sources(json_: Json = False, csv_: Csv = False) -> None:
    """Every source the data cites."""
    rows = [s.model_dump(mode="json") for s in _atlas().sources.values()]
    fmt = _fmt(json_, csv_)
    if fmt == "text":
        rows = [r | {"title": r["title_en"] or r["title_zh"]} for r in rows]
    emit(rows, fmt, columns=["id", "kind", "doc_number", "date", "title"] if fmt == "text" else None)


@app.command()
def validate(
    path: Annotated[Path | None, typer.Argument(help="A data directory or one area file (default: the packaged data).")] = None,
    standalone: Annotated[
        bool, typer.Option("--standalone", help="Check PATH alone, not as an extension of the packaged data.")
    ] = False,
    json_: Json = False,
) -> None:
    """Check the data; exit 0 when valid, 1 when not."""
    from .validation import validate as run

    if path is not None and not path.exists():
        raise NNAtlasError(f"no such file or directory: {path}")
    report = run(path or _DATA["path"], standalone=standalone or bool(_DATA["standalone"]))
    if json_:
        emit(report.to_dict(), "json")
    else:
        for p in report.problems:
            typer.echo(str(p))
        typer.echo(report.summary())
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def coverage(at: At = "2018-12-31", json_: Json = False) -> None:
    """Per New Area and field: known, unknown or disputed, and the number of sources."""
    from .coverage import coverage as run
    from .coverage import render

    day = _day(at)
    data = run(_atlas(), day)
    if json_:
        emit(data, "json")
    else:
        typer.echo(render(data))


@app.command()
def export(
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet, xlsx, dta, sqlite, json, geojson or gpkg.")],
    out: Annotated[Path, typer.Option("--out", help="Directory to write into (created if missing).")],
    at: At = None,
) -> None:
    """Write the tables (areas, facts, state, units, events, statistics, sources) in a format."""
    from .export import check_format
    from .export import export as run

    check_format(fmt)
    day = _day(at)
    written = run(_atlas(), fmt, out, at=day)
    for path in written:
        typer.echo(str(path))


@app.command()
def framework(at: At = None, json_: Json = False, csv_: Csv = False) -> None:
    """The framework record of every New Area: scale as size, level and relation."""
    from .framework import DIMENSIONS, assess

    fmt, day = _fmt(json_, csv_), _day(at)
    rows = assess(_atlas(), day)
    if fmt == "json":
        emit(rows, "json")
        return
    flat = [{"id": r["id"], **{f"{d}.{k}": v for d in DIMENSIONS for k, v in r[d].items()}} for r in rows]
    if fmt == "csv":
        emit(flat, "csv")
        return
    cols = [
        "id",
        "size.stage",
        "size.planning_area_km2",
        "size.multi_prefecture",
        "level.org_type",
        "level.rank",
        "level.social_functions",
        "relation.trusteeship",
        "relation.management_mode",
    ]
    emit(flat, "text", columns=cols, headers={c: c.split(".")[1] for c in cols[1:]})
    typer.echo(f"\n{len(rows)} New Areas as of {day}; '—' is unknown. All variables: --json or 'nnatlas codebook'.")


@app.command()
def codebook(fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md", lang: Lang = "en") -> None:
    """Every framework variable with its definition, categories, paper section and derivation."""
    from .codebook import render

    typer.echo(render(fmt, _lang(lang)), nl=False)


@app.command()
def table(
    which: Annotated[str, typer.Argument(help="1 or 2 (the paper's tables), fig2 or fig3 (data behind the figures).")],
    at: PaperAt = None,
    json_: Json = False,
    csv_: Csv = False,
) -> None:
    """The paper's Table 1 or 2, or the data behind Fig. 2 or 3, rebuilt from the data."""
    from .paper_tables import TABLES, table_key
    from .paper_tables import table as build_table

    fmt = _fmt(json_, csv_)
    day = _day(at) if at else None
    rows = build_table(_atlas(), which, day)
    if fmt == "text":
        typer.echo(TABLES[table_key(which)] + "\n")
    emit(rows, fmt)


@app.command()
def claims(
    at: PaperAt = None,
    json_: Json = False,
    csv_: Csv = False,
) -> None:
    """Every statement of the paper checked against the data: reproduced, differs or not_checkable."""
    from .claims import evaluate

    fmt = _fmt(json_, csv_)
    day = _day(at) if at else None
    rows = evaluate(_atlas(), day)
    if fmt != "text":
        emit(rows, fmt)
        return
    for r in rows:
        mark = {"reproduced": "✓", "differs": "≠", "not_checkable": "?"}[r["status"]]
        typer.echo(f"{mark} {r['id']} ({r['section']}): paper {_short(r['paper_value'])}, data {_short(r['computed_value'])}")
        if r["reason"]:
            typer.echo(f"    {r['reason']}")
    counts = {k: sum(r["status"] == k for r in rows) for k in ("reproduced", "differs", "not_checkable")}
    typer.echo(
        f"\n{len(rows)} claims as of {rows[0]['as_of'] if rows else '-'}: " + ", ".join(f"{n} {k}" for k, n in counts.items())
    )


def _short(value) -> str:
    text = value if isinstance(value, str) else __import__("json").dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."


@app.command()
def stages(
    at: At = None,
    json_: Json = False,
    csv_: Csv = False,
    panel: Annotated[bool, typer.Option("--panel", help="Year-by-year panel for all New Areas.")] = False,
    from_: Annotated[int | None, typer.Option("--from", help="First year of the panel (default: first approval).")] = None,
    to: Annotated[int | None, typer.Option("--to", help="Last year of the panel (default: this year).")] = None,
    figure: Annotated[
        Path | None, typer.Option("--figure", help="Write a timeline figure of stage and alignment (.png/.svg).")
    ] = None,
    override: Annotated[Path | None, typer.Option("--override", help="YAML of changed governance for what-if analysis.")] = None,
    expansion_from: Annotated[float, typer.Option(help="Years after approval when expansion starts (paper: 3-5).")] = 3.0,
    maturity_from: Annotated[float, typer.Option(help="Years after approval when maturity starts (paper: 7-10).")] = 7.0,
    lang: Lang = "en",
) -> None:
    """The paper's development-stage model: stage, recommendation, actual governance, gap and risks."""
    import datetime as dt

    from .framework.stages import StageModel, assess_all, load_overrides
    from .framework.stages import panel as build_panel

    fmt, lang = _fmt(json_, csv_), _lang(lang)
    model = StageModel(expansion_from, maturity_from)
    if figure is not None:
        from .figures import check_figure_path

        check_figure_path(figure)
    day = _day(at)
    atlas = _atlas()
    if figure is not None or panel:
        first = min(a.approved for a in atlas).year
        start, end = from_ or first, to or dt.date.today().year
        if start > end:
            raise NNAtlasError(f"--from {start} is after --to {end}")
    if figure is not None:
        from .stages_figure import draw

        typer.echo(str(draw(atlas, start, end, model, figure, lang=lang)))
        if not panel:
            return
    if panel:
        rows = build_panel(atlas, start, end, model)
        emit(rows, fmt if fmt != "text" else "csv")
        return
    overrides = load_overrides(override, atlas) if override else None
    rows = assess_all(atlas, day, model, overrides)
    if fmt == "json":
        emit(rows, "json")
        return
    flat = [
        {k: v for k, v in r.items() if k not in ("actual", "baseline", "override", "reason", "recommendation")}
        | {"risks": ", ".join(r["risks"]), "was": r.get("baseline", {}).get("gap")}
        for r in rows
    ]
    if fmt == "csv":
        emit(flat, "csv")
        return
    cols = ["id", "age_years", "stage", "expected_level", "actual_level", "gap", "risks"] + (["was"] if overrides else [])
    emit(flat, "text", columns=cols)
    typer.echo(
        f"\nAs of {day}. Reasons and recommendations: --json. Stage boundaries: expansion from "
        f"{model.expansion_from:g} years, maturity from {model.maturity_from:g}."
    )


@app.command("map")
def map_(
    area: Annotated[str | None, typer.Argument(help="An id for a locator map; none for the national map.")] = None,
    at: At = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Colour the national map by region or a framework variable, e.g. level.org_type.")
    ] = None,
    lang: Lang = "en",
    out: Annotated[Path, typer.Option("--out", help="File to write (.png or .svg).")] = Path("map.png"),
) -> None:
    """The national layout map (the paper's Fig. 2) or a locator map of one New Area on real boundaries."""
    from .geo.cli import map_command

    typer.echo(str(map_command(area, at, by, lang, out, atlas=_atlas())))


@app.command()
def network(
    area: Annotated[str, typer.Argument(help="An id or alias.")],
    at: At = None,
    json_: Json = False,
    svg: Annotated[Path | None, typer.Option("--svg", help="Draw the network to this .svg file.")] = None,
    png: Annotated[Path | None, typer.Option("--png", help="Draw the network to this .png file.")] = None,
    lang: Lang = "en",
) -> None:
    """The governance network of one New Area: bodies, typed relations and the metrics derived from them."""
    from .network_cli import network_command

    network_command(area, at, json_, svg, png, lang)


@app.command()
def figure(
    number: Annotated[int, typer.Argument(help="The paper's figure number: 1, 2 or 3.")],
    out: Annotated[Path, typer.Option("--out", help="File to write (.png or .svg).")],
    at: PaperAt = None,
    lang: Lang = "en",
) -> None:
    """Draw the paper's Fig. 1 (framework), Fig. 2 (spatial layout) or Fig. 3 (management functions)."""
    from .paper_figures import draw_figure

    typer.echo(str(draw_figure(number, out, at=at, lang=_lang(lang), load=_atlas)))


@app.command()
def build(
    out: Annotated[Path, typer.Option("--out", help="Directory for the outputs.")] = Path("atlas-output"),
    at: PaperAt = None,
) -> None:
    """The main job: validate, summarise, check the paper's claims and write every output."""
    from .build import build as run

    run(_atlas, out, at, echo=typer.echo)


def main() -> None:
    """Entry point: run the app, turning nnatlas errors into one line and exit status 2."""
    import gc

    from ._errors import DataValidationError

    try:
        code = app(standalone_mode=False)
        sys.exit(code if isinstance(code, int) else 0)
    except DataValidationError as exc:
        typer.echo(f"nnatlas: the data is invalid: {exc} (run 'nnatlas validate' for the problems)", err=True)
        sys.exit(1)
    except NNAtlasError as exc:
        typer.echo(f"nnatlas: {exc}", err=True)
        sys.exit(2)
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", None)
        sys.exit(code if code is not None else exc.code if isinstance(exc, SystemExit) else 0)
    except typer.Abort:
        typer.echo("nnatlas: aborted", err=True)
        sys.exit(130)
    except Exception as exc:  # click usage errors
        import click

        if isinstance(exc, click.exceptions.ClickException):
            typer.echo(f"nnatlas: {exc.format_message()}", err=True)
            sys.exit(exc.exit_code)
        raise
    finally:
        # Work is done and files are closed: spare the interpreter's last garbage collection over
        # every loaded module's objects (about 0.1 s after matplotlib), the process is exiting.
        gc.freeze()


if __name__ == "__main__":
    main()
