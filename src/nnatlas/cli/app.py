"""The ``nnatlas`` command. Each command is a thin wrapper over one library call on a snapshot of
the atlas; ``--json`` prints exactly what that call returns. Errors are one line on stderr with
exit status 2 (usage) or 1 (invalid data), never a traceback.
"""

from __future__ import annotations

import gc
import sys
from pathlib import Path
from typing import Annotated

import typer

# typer >= 0.26 (pyproject.toml) carries its own copy of click, which raises the usage errors
from typer._click.exceptions import ClickException

from nnatlas.cli import diff_cmds, panel_cmds, release_cmds, render
from nnatlas.cli.options import (
    At,
    Csv,
    DataOption,
    FigureOut,
    Json,
    Lang,
    OptionalFigure,
    PaperAt,
    data_of,
    day,
    make_out_dir,
    not_with,
    out_dir,
    out_file,
    output_format,
    year_range,
)
from nnatlas.core.errors import DataValidationError, NNAtlasError, UsageError
from nnatlas.core.settings import PAPER_DATE, check_lang
from nnatlas.core.text import emit
from nnatlas.ingest.datasets import check_data_path

#: The exit status of a run stopped by Ctrl-C (128 + SIGINT).
INTERRUPTED = 130

app = typer.Typer(
    name="nnatlas",
    help="China's State-level New Areas through the lens of scale politics: sourced, dated data and the framework. "
    f"Dates: the paper's outputs (claims, table, figure, build) default to {PAPER_DATE}, the paper's date; "
    "everything else to today. Every output says its date.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
)


@app.callback()
def _options(
    ctx: typer.Context,
    data: Annotated[
        Path | None,
        typer.Option("--data", help="A data directory that extends (or with --standalone replaces) the packaged data."),
    ] = None,
    standalone: Annotated[bool, typer.Option("--standalone", help="Use --data alone.")] = False,
) -> None:
    if standalone and data is None:
        raise UsageError(
            "--standalone applies to --data: give the folder to use alone, e.g. nnatlas --data my-data --standalone list"
        )
    if data is not None:
        check_data_path(data)
    ctx.obj = DataOption(data, standalone)


@app.command("list")
def list_(ctx: typer.Context, at: At = None, lang: Lang = "en", json_: Json = False, csv_: Csv = False) -> None:
    """One row per New Area that existed at the date (default: today)."""
    fmt, lang, when = output_format(json_, csv_), check_lang(lang), day(at)
    snap = data_of(ctx).atlas().at(when)
    rows = snap.records(lang=lang)
    if fmt != "text":
        emit(rows, fmt)
    elif not rows:
        first = min(snap.atlas, key=lambda a: a.approved)
        typer.echo(f"No New Area existed on {when} (the first, {first.id}, was approved on {first.approval.date}).")
    else:
        typer.echo(render.records(rows, when, lang))


@app.command()
def show(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="An id or alias, e.g. liangjiang or 两江新区.")],
    at: At = None,
    json_: Json = False,
) -> None:
    """Every fact of one New Area with its value, sources and validity, and its timeline (default: today)."""
    data = data_of(ctx).atlas().at(day(at)).describe(area)
    if json_:
        emit(data, "json")
    else:
        typer.echo(render.describe(data))


@app.command()
def sources(ctx: typer.Context, json_: Json = False, csv_: Csv = False) -> None:
    """Every source the data cites (sources are not dated: there is no --at)."""
    fmt = output_format(json_, csv_)
    rows = [s.model_dump(mode="json") for s in data_of(ctx).atlas().sources.values()]
    if fmt == "text":
        rows = [r | {"title": r["title_en"] or r["title_zh"]} for r in rows]
    emit(rows, fmt, columns=["id", "kind", "doc_number", "date", "title"] if fmt == "text" else None)


@app.command()
def validate(
    ctx: typer.Context,
    path: Annotated[
        Path | None, typer.Argument(help="A data directory or one area file (default: --data, else the packaged data).")
    ] = None,
    standalone: Annotated[
        bool, typer.Option("--standalone", help="Check PATH alone, not as an extension of the packaged data.")
    ] = False,
    json_: Json = False,
) -> None:
    """Check the data; exit 0 when valid, 1 when not. Network and geometry checks are made at the paper's date and today."""
    from nnatlas.validation import validate as run

    opt = data_of(ctx)
    if path is not None and opt.path is not None:
        raise UsageError(f"give the data once: either 'nnatlas validate {path}' or 'nnatlas --data {opt.path} validate'")
    if path is not None:
        check_data_path(path)
    report = run(path or opt.path, standalone=standalone or opt.standalone)
    if json_:
        emit(report.to_dict(), "json")
    else:
        for p in report.problems:
            typer.echo(str(p))
        typer.echo(report.summary())
    raise typer.Exit(0 if report.valid else 1)


@app.command()
def coverage(ctx: typer.Context, at: At = None, json_: Json = False) -> None:
    """Per New Area and field: known, unknown or disputed, and the number of sources (default: today)."""
    from nnatlas.analysis.coverage import coverage as run

    data = run(data_of(ctx).atlas().at(day(at)))
    emit(data, "json") if json_ else typer.echo(render.coverage(data))


@app.command()
def export(
    ctx: typer.Context,
    fmt: Annotated[str, typer.Option("--format", help="csv, parquet, xlsx, dta, sqlite, json, geojson or gpkg.")],
    out: Annotated[Path, typer.Option("--out", help="Directory to write into (created if missing).")],
    at: At = None,
    crs: Annotated[
        str | None,
        typer.Option(
            "--crs", help="geojson/gpkg only: wgs84 (default; converted from Amap's GCJ-02) or gcj02 (Amap's raw coordinates)."
        ),
    ] = None,
) -> None:
    """Write the tables (areas, facts, state, units, events, statistics, sources) as of the date (default: today)."""
    from nnatlas.outputs.export import check_format
    from nnatlas.outputs.export import export as run

    check_format(fmt)
    if crs is not None and fmt not in ("geojson", "gpkg"):
        raise UsageError(f"--crs applies to the geojson and gpkg formats, not {fmt}")
    if crs not in (None, "wgs84", "gcj02"):
        raise UsageError(f"unknown --crs {crs!r}: use wgs84 (the default) or gcj02")
    out_dir(out)
    snap = data_of(ctx).atlas().at(day(at))
    make_out_dir(out)
    typer.echo(f"Exporting {fmt} as of {snap.day}", err=True)
    opt = data_of(ctx)
    for path in run(snap, fmt, out, crs=crs or "wgs84", data_dir=opt.path, standalone=opt.standalone):
        typer.echo(str(path))


@app.command()
def framework(ctx: typer.Context, at: At = None, json_: Json = False, csv_: Csv = False) -> None:
    """The framework record of every New Area: scale as size, level and relation (default: today)."""
    from nnatlas.analysis.framework import DIMENSIONS, assess

    fmt, when = output_format(json_, csv_), day(at)
    rows = assess(data_of(ctx).atlas().at(when))
    if fmt == "json":
        emit(rows, "json")
        return
    flat = [{"id": r["id"], "as_of": r["as_of"], **{f"{d}.{k}": v for d in DIMENSIONS for k, v in r[d].items()}} for r in rows]
    emit(flat, "csv") if fmt == "csv" else typer.echo(render.framework(flat, when))


@app.command()
def codebook(fmt: Annotated[str, typer.Option("--format", help="md or html.")] = "md", lang: Lang = "en") -> None:
    """Every framework variable with its definition, categories, paper section and derivation."""
    from nnatlas.outputs.codebook import render as run

    typer.echo(run(fmt, check_lang(lang)), nl=False)


@app.command()
def table(
    ctx: typer.Context,
    which: Annotated[str, typer.Argument(help="1 or 2 (the paper's tables), fig2 or fig3 (data behind the figures).")],
    at: PaperAt = None,
    json_: Json = False,
    csv_: Csv = False,
) -> None:
    """The paper's Table 1 or 2, or the data behind Fig. 2 or 3, rebuilt from the data (default: the paper's date)."""
    from nnatlas.outputs.tables import TABLES, check_table
    from nnatlas.outputs.tables import table as build_table

    fmt, key, when = output_format(json_, csv_), check_table(which), day(at, PAPER_DATE)
    rows = build_table(data_of(ctx).atlas().at(when), key)
    emit(rows, fmt) if fmt != "text" else typer.echo(render.table(TABLES[key], rows, when))


@app.command()
def claims(ctx: typer.Context, at: PaperAt = None, json_: Json = False, csv_: Csv = False) -> None:
    """Every statement of the paper checked against the data: reproduced, differs or not_checkable (default: the paper's date)."""
    from nnatlas.analysis.claims import evaluate

    fmt, when = output_format(json_, csv_), day(at, PAPER_DATE)
    rows = evaluate(data_of(ctx).atlas().at(when))
    emit(rows, fmt) if fmt != "text" else typer.echo(render.claims(rows, when))


@app.command()
def stages(
    ctx: typer.Context,
    at: At = None,
    json_: Json = False,
    csv_: Csv = False,
    panel: Annotated[
        bool, typer.Option("--panel", help="Year-by-year panel for all New Areas (state at each year's end).")
    ] = False,
    from_: Annotated[
        int | None, typer.Option("--from", help="First year of the panel or figure (default: first approval).")
    ] = None,
    to: Annotated[int | None, typer.Option("--to", help="Last year of the panel or figure (default: this year).")] = None,
    out: OptionalFigure = None,
    override: Annotated[
        Path | None,
        typer.Option("--override", help="YAML of changed governance (or mission_completed: true/false) for what-if analysis."),
    ] = None,
    backtest: Annotated[
        bool,
        typer.Option(
            "--backtest",
            help="Back-test the model on each year of Pudong's and Binhai's own histories (default start: local) "
            "against their leadership group -> management committee -> government path; with --out, draw it.",
        ),
    ] = False,
    start: Annotated[
        str | None,
        typer.Option(
            "--start",
            help="Count years from 'approval' (national approval; the default) or 'local' (the local launch: the "
            "earliest predecessor's start, else the inauguration; the default with --backtest). Undated: stage unknown.",
        ),
    ] = None,
    expansion_from: Annotated[
        float, typer.Option(help="Years after the start when the start-up/expansion transition band begins (paper: 3-5).")
    ] = 3.0,
    expansion_by: Annotated[
        float, typer.Option(help="Years after the start when that band ends: expansion from then on (paper: 3-5).")
    ] = 5.0,
    maturity_from: Annotated[
        float, typer.Option(help="Years after the start when the expansion/maturity transition band begins (paper: 7-10).")
    ] = 7.0,
    maturity_by: Annotated[
        float, typer.Option(help="Years after the start when that band ends: maturity from then on (paper: 7-10).")
    ] = 10.0,
    attestation_years: Annotated[
        int,
        typer.Option(
            help="An attested fact (e.g. the paper's 'as of 2018') counts this many years after its attested period, "
            "then lapses (default 3, the lower end of the 3-5 year band)."
        ),
    ] = 3,
    mission: Annotated[
        str,
        typer.Option(
            "--mission",
            help="The maturity criterion 'has basically completed its construction and development mission', which the "
            "data lack: unknown (default), or assume completed or not-completed.",
        ),
    ] = "unknown",
    lang: Lang = "en",
) -> None:
    """The paper's development-stage model: stage, recommendation, actual governance, gap and risks (default: today).

    Stages: start-up, start-up or expansion (in the --expansion-from/--expansion-by band), expansion, expansion or
    maturity (the --maturity-from/--maturity-by band), maturity; in a band either stage's governance is aligned.
    With --panel or --out, a year-by-year panel or timeline figure from --from to --to; with --backtest, the back-test
    on Pudong and Binhai up to --at.
    """
    import datetime as dt

    from nnatlas.analysis.framework.stages import StageModel, assess_all, load_overrides
    from nnatlas.analysis.framework.stages import backtest as run_backtest
    from nnatlas.analysis.framework.stages import panel as build_panel
    from nnatlas.ingest import vocab

    fmt, lang, when = output_format(json_, csv_), check_lang(lang), day(at)
    missions = {"unknown": None, "completed": True, "not-completed": False}
    if mission not in missions:
        raise UsageError(f"unknown --mission {mission!r}: use unknown, completed or not-completed")
    if start is not None and start not in vocab.STAGE_STARTS:
        raise UsageError(f"unknown --start {start!r}: use approval or local")
    if attestation_years < 0:
        raise UsageError(f"--attestation-years {attestation_years} must be 0 or more")
    over_years = panel or (out is not None and not backtest)
    if backtest:
        not_with(
            {"--panel": panel, "--override": override is not None, "--from": from_ is not None, "--to": to is not None},
            "to --backtest, which covers each year of Pudong's and Binhai's histories up to --at",
        )
    elif over_years:
        not_with({"--at": at is not None, "--override": override is not None}, "to --panel or --out, which cover --from to --to")
        if out is not None and not panel:
            not_with({"--json": json_, "--csv": csv_}, "to the figure alone; add --panel to print the panel too")
    else:
        not_with({"--from": from_ is not None, "--to": to is not None}, "without --panel or --out")
    model = StageModel(
        expansion_from,
        maturity_from,
        expansion_by,
        maturity_by,
        attestation_years,
        start or ("local" if backtest else "approval"),
        missions[mission],
    )
    if out is not None:
        out_file(out)
    atlas = data_of(ctx).atlas()
    if backtest:
        records = run_backtest(atlas, model, at=when)
        if out is not None:
            from nnatlas.outputs.plot.stages import draw_backtest

            typer.echo(str(draw_backtest(records, model, out, lang=lang)), err=fmt != "text")
            if fmt == "text":
                return
        if fmt == "json":
            emit(records, "json")
        elif fmt == "csv":
            emit(
                [
                    {
                        "id": r["id"],
                        "as_of": r["as_of"],
                        "start": r["start"]["date"],
                        "step": f"level_{s['level']}" if "level" in s else s["org_type"],
                        "dated": s.get("since", s.get("known_from_year")),
                        "possible_from_year": s.get("possible_from_year"),
                        "expected_from": s.get("expected_from_year", (s.get("expected_dates") or [None, None])[0]),
                        "expected_by": s.get("expected_by_year", (s.get("expected_dates") or [None, None])[1]),
                        "verdict": s["verdict"],
                    }
                    for r in records
                    for s in (*r["org_path"], *r["levels"])
                ],
                "csv",
            )
        else:
            key = "summary_zh" if lang == "zh" else "summary"
            head = (
                f"截至 {when} 发展阶段模型对浦东、滨海的回测（{model.describe_zh()}）"
                if lang == "zh"
                else f"Back-test of the stage model on Pudong and Binhai as of {when} ({model.describe()})"
            )
            typer.echo("\n\n".join([head, *(r[key] for r in records)]))
        return
    if over_years:
        span = (min(a.approved for a in atlas).year, dt.date.today().year)
        start_year, end_year = year_range(from_, to, span)
    if out is not None:
        from nnatlas.outputs.plot.stages import draw

        typer.echo(str(draw(atlas, start_year, end_year, model, out, lang=lang)), err=fmt == "json" or panel)
        if not panel:
            return
    if panel:
        emit(build_panel(atlas, start_year, end_year, model), fmt if fmt != "text" else "csv")
        return
    overrides = load_overrides(override, atlas) if override else None
    rows = assess_all(atlas.at(when), model=model, overrides=overrides)
    if fmt == "json":
        emit(rows, "json")
        return
    nested = ("actual", "baseline", "override", "reason", "recommendation", "recommendation_zh", "start", "band")
    nested += ("expected_levels", "expected_levels_if_mission", "levels", "structure", "lapsed")
    nested += ("division_adjustment_events", "gap_if_mission")
    flat = [
        {k: v for k, v in r.items() if k not in nested}
        | {
            "start_date": r["start"]["date"],
            "band": f"{r['band']['from_years']:g}-{r['band']['by_years']:g}" if r["band"] else None,
            "expected_levels": ";".join(map(str, r["expected_levels"])),
            **{f"level_{k}": v for k, v in r["levels"].items()},
            "structures": None if r["structure"]["structures"] is None else ";".join(r["structure"]["structures"]),
            "coexisting": r["structure"]["coexisting"],
            "structure_basis": r["structure"]["basis"],
            "division_adjustments": "; ".join(f"{e['kind']} {e['date']}" for e in r["division_adjustment_events"]),
            "lapsed": ";".join(x["field"] for x in r["lapsed"]),
            "gap_if_mission_completed": (r["gap_if_mission"] or {}).get("completed"),
            "gap_if_mission_not_completed": (r["gap_if_mission"] or {}).get("not_completed"),
            "risks": ", ".join(r["risks"]),
            "risk_ids": r["risks"],
            "was": r.get("baseline", {}).get("gap"),
        }
        for r in rows
    ]
    if fmt == "csv":
        emit([{k: v for k, v in r.items() if k != "risk_ids"} for r in flat], "csv")
    else:
        note = (
            f"模型：{model.describe_zh()}。依赖建设发展任务的判断见 --json 的 gap_if_mission。"
            if lang == "zh"
            else f"Model: {model.describe()}. Verdicts that depend on the mission: gap_if_mission in --json."
        )
        typer.echo(render.stages(flat, when, bool(overrides), lang) + "\n" + note)


@app.command("map")
def map_(
    ctx: typer.Context,
    area: Annotated[str | None, typer.Argument(help="An id for a locator map; none for the national map.")] = None,
    at: At = None,
    by: Annotated[
        str | None, typer.Option("--by", help="Colour the national map by region or a framework variable, e.g. level.org_type.")
    ] = None,
    lang: Lang = "en",
    out: FigureOut = Path("map.png"),
) -> None:
    """The national layout map (the paper's Fig. 2) or a locator map of one New Area on real boundaries (default: today)."""
    from nnatlas.outputs.plot.maps import resolve_variable

    lang, when = check_lang(lang), day(at)
    target = out_file(out)
    if area is not None and by not in (None, "region"):
        raise UsageError(f"--by {by} colours the national map; a locator map (with an id) takes no --by")
    if area is None:
        resolve_variable(by or "region")
    snap = data_of(ctx).atlas().at(when)
    if area is None:
        from nnatlas.outputs.plot.maps import national_map

        typer.echo(f"drawing the national map as of {when} by {by or 'region'}", err=True)
        path = national_map(snap, by=by or "region", lang=lang, out=target)
    else:
        from nnatlas.outputs.plot.locator import check_drawable, locator_map

        area = snap.atlas.resolve(area)
        check_drawable(snap.state(area))
        typer.echo(f"drawing the locator map of {area} as of {when}", err=True)
        path = locator_map(snap, area, lang=lang, out=target)
    typer.echo(str(path))


@app.command()
def network(
    ctx: typer.Context,
    area: Annotated[str, typer.Argument(help="An id or alias.")],
    at: At = None,
    json_: Json = False,
    out: OptionalFigure = None,
    lang: Lang = "en",
) -> None:
    """The governance network of one New Area: bodies, typed relations and their metrics (default: today).

    With --out, also draw it; with --json too, the figure's path goes to standard error.
    """
    from nnatlas.analysis.network import network_json

    lang, when = check_lang(lang), day(at)
    if out is not None:
        out_file(out)
    snap = data_of(ctx).atlas().at(when)
    data = network_json(snap, area)
    if out is not None:
        from nnatlas.outputs.plot.network import draw_network

        typer.echo(str(draw_network(snap, area, lang, out)), err=json_)
    if json_:
        emit(data, "json")
    elif out is None:
        typer.echo(render.network(data, lang))


@app.command()
def figure(
    ctx: typer.Context,
    number: Annotated[int, typer.Argument(help="The paper's figure number: 1, 2 or 3.")],
    out: Annotated[Path, typer.Option("--out", help="Figure file to write: a name ending in .png or .svg.")],
    at: PaperAt = None,
    lang: Lang = "en",
) -> None:
    """Draw the paper's Fig. 1 (framework), 2 (spatial layout) or 3 (management functions) (default: the paper's date)."""
    from nnatlas.outputs.plot.paper import check_figure, draw_figure

    lang, when = check_lang(lang), day(at, PAPER_DATE)
    check_figure(number)
    if number == 1:
        not_with({"--at": at is not None}, "to Fig. 1, the paper's framework diagram, which has no date")
    out_file(out)
    typer.echo(str(draw_figure(number, data_of(ctx).atlas().at(when), out, lang=lang)))


@app.command()
def build(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Directory for the outputs.")] = Path("atlas-output"),
    at: PaperAt = None,
) -> None:
    """The main job: validate, summarise, check the paper's claims and write every output (default: the paper's date)."""
    from nnatlas.outputs.build import build as run
    from nnatlas.validation import validated

    when = day(at, PAPER_DATE)
    out_dir(out)
    opt = data_of(ctx)
    report, atlas = validated(opt.path, standalone=opt.standalone)
    if atlas is None:
        exc = DataValidationError(report)
        exc.hint = opt.command("validate")
        raise exc
    make_out_dir(out)
    run(atlas.at(when), report, out, echo=typer.echo)


@app.command()
def report(
    ctx: typer.Context,
    out: Annotated[Path, typer.Option("--out", help="Folder for the report (a static site; replaced when complete).")],
    at: PaperAt = None,
    lang: Lang = "en",
    pdf: Annotated[bool, typer.Option("--pdf", help="Also print report.pdf with headless Chromium.")] = False,
) -> None:
    """The replication report: a static site of the paper's claims, tables, figures and New Areas (default: the paper's date)."""
    from nnatlas.outputs.report import check_day
    from nnatlas.outputs.report import report as run

    lang, when = check_lang(lang), check_day(day(at, PAPER_DATE))
    out_dir(out)
    if pdf:
        from nnatlas.outputs.report import CHROMIUM_HINT, chromium

        if chromium() is None:
            raise UsageError(CHROMIUM_HINT)
    snap = data_of(ctx).atlas().at(when)
    make_out_dir(out)
    run(snap, out, lang, pdf=pdf, echo=typer.echo)


@app.command()
def typologies(
    ctx: typer.Context,
    agreement: Annotated[
        str | None,
        typer.Option("--agreement", help="A typology id: its types against the paper's org_type, with counts and ids."),
    ] = None,
    at: PaperAt = None,
    json_: Json = False,
    csv_: Csv = False,
) -> None:
    """Other typologies of the New Areas in the literature, beside the paper's org_type (default: the paper's date)."""
    from nnatlas.analysis import typologies as run
    from nnatlas.ingest.typologies import TypologyError

    fmt, when, opt = output_format(json_, csv_), day(at, PAPER_DATE), data_of(ctx)
    snap = opt.atlas().at(when)
    try:
        if agreement is None:
            data = run.by_area(snap, data_dir=opt.path, standalone=opt.standalone)
        else:
            data = run.agreement(snap, agreement, data_dir=opt.path, standalone=opt.standalone)
    except TypologyError as exc:
        exc.hint = opt.command("validate")
        raise
    if fmt == "json":
        emit(data, "json")
    elif fmt == "csv":
        cells = [{"typology": data.get("typology"), "as_of": data["as_of"], **c} for c in data.get("cells", [])]
        emit(data["areas"] if agreement is None else cells, "csv")
    else:
        typer.echo(render.typologies(data) if agreement is None else render.agreement(data))


@app.command()
def serve(
    ctx: typer.Context,
    host: Annotated[str, typer.Option("--host", help="The address to listen on (0.0.0.0: every interface).")] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", min=1, max=65535, help="The port to listen on.")] = 8000,
) -> None:
    """The web atlas: a map through time, NNA pages, compare, claims, downloads and the JSON API (Ctrl-C stops it).

    Offline and read-only; pages and records are as of the date chosen in them (default: today).
    """
    try:
        from nnatlas.web.app import bind, create_app
        from nnatlas.web.app import serve as run
    except ImportError as exc:
        raise UsageError(f"serve needs the web extra ({exc.name} is missing): pip install 'nnatlas[web]'") from None
    sock = bind(host, port)  # before the data is read: a busy port is the only line printed
    opt = data_of(ctx)
    app_ = create_app(opt.path, opt.standalone, atlas=opt.atlas())
    svc = app_.state.service
    shown = f"[{host}]" if ":" in host else host
    typer.echo(
        f"nnatlas web atlas on http://{shown}:{sock.getsockname()[1]}/ (data {svc.data_version}, {len(svc.atlas)} areas; "
        "pages default to today's date); Ctrl-C stops it",
        err=True,
    )
    run(app_, sock, echo=lambda line: typer.echo(line, err=True))


app.command("diff")(diff_cmds.diff)
app.command("info")(release_cmds.info)
app.command("membership")(panel_cmds.membership)
app.command("panel")(panel_cmds.panel)
app.command("release")(panel_cmds.release)


def main() -> None:
    """Entry point: run the app, turning nnatlas and usage errors into one line on stderr."""
    try:
        code = app(standalone_mode=False)
        if code == INTERRUPTED:  # typer turns Ctrl-C into this exit status
            typer.echo("nnatlas: interrupted; files are written whole or not at all, so nothing half-written is left", err=True)
        sys.exit(code if isinstance(code, int) else 0)
    except DataValidationError as exc:
        hint = getattr(exc, "hint", "nnatlas validate")
        typer.echo(f"nnatlas: the data is invalid: {exc} (run '{hint}' for the problems)", err=True)
        sys.exit(1)
    except NNAtlasError as exc:
        typer.echo(f"nnatlas: {exc}", err=True)
        sys.exit(2)
    except ClickException as exc:
        typer.echo(f"nnatlas: {exc.format_message()}", err=True)
        sys.exit(exc.exit_code)
    except (typer.Exit, SystemExit) as exc:
        code = getattr(exc, "exit_code", None)
        sys.exit(code if code is not None else exc.code if isinstance(exc, SystemExit) else 0)
    except typer.Abort:
        typer.echo("nnatlas: aborted", err=True)
        sys.exit(130)
    except KeyboardInterrupt:
        typer.echo("nnatlas: interrupted; files are written whole or not at all, so nothing half-written is left", err=True)
        sys.exit(INTERRUPTED)
    except OSError as exc:  # the file system refused (full disk, permissions changed during the run, ...)
        where = f" {exc.filename}" if exc.filename else ""
        typer.echo(f"nnatlas: cannot write or read{where}: {exc.strerror or exc}", err=True)
        sys.exit(2)
    finally:
        # Work is done and files are closed: spare the interpreter's last garbage collection over
        # every loaded module's objects (about 0.1 s after matplotlib), the process is exiting.
        gc.freeze()


if __name__ == "__main__":
    main()
