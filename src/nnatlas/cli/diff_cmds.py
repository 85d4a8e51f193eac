"""``nnatlas diff``: what changed between two dates, or between two versions of the data."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Annotated, Any

import typer

from nnatlas.cli.options import Csv, DataOption, Json, Lang, data_of, day, output_format
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import check_lang
from nnatlas.core.text import emit

_EXAMPLE = "nnatlas diff 2014-12-31 2018-12-31"
#: What each kind of change is called in the text, in English and Chinese (singular, plural).
_KIND_LABELS = {
    "area_added": ("NNA added", "NNAs added", "新区获批"),
    "area_figure": ("planning-area change", "planning-area changes", "规划面积变化"),
    "org_type": ("organisation-type change", "organisation-type changes", "组织类型变化"),
    "rank": ("rank change", "rank changes", "行政级别变化"),
    "mode": ("management-mode change", "management-mode changes", "管理模式变化"),
    "framework": ("other framework change", "other framework changes", "其他框架变量变化"),
    "unit_joined": ("unit joined", "units joined", "单元加入"),
    "unit_left": ("unit left", "units left", "单元退出"),
    "unit_changed": ("unit changed", "units changed", "单元变更"),
    "body_began": ("body begun", "bodies begun", "机构设立"),
    "body_ended": ("body ended", "bodies ended", "机构撤销"),
    "body_changed": ("body changed", "bodies changed", "机构变更"),
    "relation_began": ("relation begun", "relations begun", "关系建立"),
    "relation_ended": ("relation ended", "relations ended", "关系终止"),
    "event": ("event", "events", "事件"),
}
_RECORD_LABELS = {
    "area": ("area", "areas", "新区"),
    "source": ("source", "sources", "来源"),
    "fact": ("fact", "facts", "事实"),
    "unit": ("unit", "units", "单元"),
    "body": ("body", "bodies", "机构"),
    "relation": ("relation", "relations", "关系"),
    "event": ("event", "events", "事件"),
    "statistic": ("statistic", "statistics", "统计"),
    "reference": ("reference row", "reference rows", "参考表"),
}
_CHANGE_ZH = {"added": "新增", "changed": "修改", "removed": "删除"}
_VALUE_KINDS = ("area_figure", "org_type", "rank", "mode", "framework")


def diff(
    ctx: typer.Context,
    first: Annotated[
        str | None, typer.Argument(metavar="A", help="The earlier date: YYYY-MM-DD, YYYY-MM or YYYY (its last day).")
    ] = None,
    second: Annotated[str | None, typer.Argument(metavar="B", help="The later date (same forms, or 'today').")] = None,
    other: Annotated[
        Path | None,
        typer.Option(
            "--data",
            metavar="OTHER",
            help="Compare the data (the global --data, else the packaged data) with this data folder instead of two dates. "
            "OTHER extends the packaged data like the global --data, unless --standalone.",
        ),
    ] = None,
    standalone: Annotated[
        bool,
        typer.Option("--standalone", help="Read diff's --data OTHER alone (a complete copy: removed areas and sources show)."),
    ] = False,
    lang: Lang = "en",
    json_: Json = False,
    csv_: Csv = False,
) -> None:
    """What changed: between dates A and B (NNAs added, framework values, planning areas, units, bodies,
    relations, events), or with --data OTHER between two versions of the data (records added, changed, removed).
    """
    from nnatlas.analysis.diff import check_order
    from nnatlas.ingest.datasets import check_data_path
    from nnatlas.outputs.diffs import data_diff, dates_diff

    fmt, lang = output_format(json_, csv_), check_lang(lang)
    if other is not None and first is not None:
        raise UsageError(f"give either two dates ({_EXAMPLE}) or --data OTHER (a data folder to compare with), not both")
    if other is None and first is None:
        raise UsageError(
            f"give two dates to compare the atlas on them ({_EXAMPLE}) or --data OTHER to compare the data with another version"
        )
    if other is None and standalone:
        raise UsageError("diff's --standalone applies to its --data: nnatlas diff --data OTHER --standalone reads OTHER alone")
    opt = data_of(ctx)
    if other is None:
        if second is None:
            raise UsageError(f"give a second date: nnatlas diff {first} B compares the atlas on {first} with the atlas on B")
        a, b = day(first), day(second)
        check_order(a, b)
        atlas = opt.atlas()
        result = dates_diff(atlas, a, b, data_dir=opt.path, standalone=opt.standalone)
        names = {x.id: (x.names.zh if lang == "zh" else x.names.en) for x in atlas}
    else:
        check_data_path(other)
        theirs = DataOption(other, standalone)
        old, new = opt.atlas(), theirs.atlas()
        result = data_diff(old, new, old_dir=opt.path, old_standalone=opt.standalone, new_dir=other, new_standalone=standalone)
    if fmt == "json":
        emit(result, "json")
    elif fmt == "csv":
        _print_csv(*(_date_rows(result) if other is None else _data_rows(result)))
    else:
        typer.echo(render_dates(result, names, lang) if other is None else render_data(result, lang))


# --- CSV ------------------------------------------------------------------------------------------
_DATE_COLUMNS = ["from", "to", "kind", "area", "what", "before", "after", "on", "sources", "attested", "note", "data"]
_DATA_COLUMNS = ["as_of", "change", "record", "area", "key", "fields_changed", "before", "after", "old_data", "new_data"]


def _date_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    stamp = {"from": result["from"], "to": result["to"]}
    version = result["data"]["version"]
    rows = [stamp | r | {"sources": ";".join(r["sources"]), "data": version} for r in result["changes"]]
    return [{c: r[c] for c in _DATE_COLUMNS} for r in rows], _DATE_COLUMNS


def _data_rows(result: dict[str, Any]) -> tuple[list[dict[str, Any]], list[str]]:
    versions = {"old_data": result["data"]["old"]["version"], "new_data": result["data"]["new"]["version"]}
    rows = [
        {"as_of": result["as_of"]} | r | {"fields_changed": ";".join(r["fields_changed"])} | versions for r in result["changes"]
    ]
    return [{c: r[c] for c in _DATA_COLUMNS} for r in rows], _DATA_COLUMNS


def _print_csv(rows: list[dict[str, Any]], columns: list[str]) -> None:
    if rows:
        emit(rows, "csv")
    else:  # the header alone: no changes
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\n").writerow(columns)
        typer.echo(buf.getvalue(), nl=False)


# --- text -----------------------------------------------------------------------------------------
def _label(labels: dict[str, tuple[str, str, str]], key: str, n: int, lang: str) -> str:
    singular, plural, zh = labels[key]
    return f"{zh} {n} 项" if lang == "zh" else f"{n} {singular if n == 1 else plural}"


def _value(v: Any, lang: str = "en") -> str:
    if v is None:
        return "未知" if lang == "zh" else "unknown"
    if isinstance(v, bool):
        return ("是" if v else "否") if lang == "zh" else ("yes" if v else "no")
    if isinstance(v, (dict, list)):
        return json.dumps(v, ensure_ascii=False)
    return str(v)


def _short(v: Any, width: int = 70) -> str:
    text = _value(v)
    return text if len(text) <= width else text[: width - 1] + "…"


def _describe(row: dict[str, Any], names: dict[str, str], lang: str) -> str:
    kind, what, before, after = row["kind"], row["what"], row["before"], row["after"]
    if kind == "area_added":
        return f"{names.get(row['area'], row['area'])} " + (f"获批 {after}" if lang == "zh" else f"approved {after}")
    if kind in _VALUE_KINDS:
        return f"{what}: {_value(before, lang)} → {_value(after, lang)}"
    if kind == "event":
        return f"{what}: {after.get('zh') if lang == 'zh' and after.get('zh') else after['en']}"
    if kind.startswith("relation"):
        return str(what)
    record = after or before
    if kind.endswith("_changed"):
        keys = [k for k in dict.fromkeys([*before, *after]) if before.get(k) != after.get(k)]
        changes = [f"{k} {_value(before.get(k), lang)} → {_value(after.get(k), lang)}" for k in keys]
        return f"{what} {record.get('name_zh') or ''}: {', '.join(changes)}".replace("  ", " ")
    name = record.get("name_zh") if lang == "zh" or kind.startswith("unit") else record.get("name_en")
    name = name or record.get("name_zh")
    detail = ", ".join(str(record[k]) for k in ("level", "kind", "coverage", "role", "rank") if record.get(k))
    return f"{what} {name} ({detail})" if name and name != what else f"{what} ({detail})"


def render_dates(result: dict[str, Any], names: dict[str, str], lang: str = "en") -> str:
    """The text of a diff between dates: a summary line, then the changes grouped by kind."""
    counts, version = result["counts"], result["data"]["version"]
    summary = ("，" if lang == "zh" else ", ").join(_label(_KIND_LABELS, k, n, lang) for k, n in counts.items())
    if lang == "zh":
        head = f"{result['from']} 至 {result['to']} 的变化（数据 {version}）：{summary or '无变化'}"
        if result["attested"]:
            head += f"；其中 {result['attested']} 项仅有截至某日的证明（as_of），并非有日期的变化"
    else:
        head = f"Changes from {result['from']} to {result['to']} (data {version}): {summary or 'no changes'}"
        if result["attested"]:
            head += (
                f"; {result['attested']} of them rest on an attestation only (a record 'as of' a date): "
                "first known then, not dated changes"
            )
    lines = [head]
    rows = result["changes"]
    for kind in counts:
        lines.append("")
        lines.append(_KIND_LABELS[kind][2] if lang == "zh" else _KIND_LABELS[kind][1][0].upper() + _KIND_LABELS[kind][1][1:])
        for r in (r for r in rows if r["kind"] == kind):
            on = r["on"] or (("截至 " if lang == "zh" else "as of ") + r["attested"] if r["attested"] else "—")
            lines.append(f"  {on:<16} {r['area']:<11} {_describe(r, names, lang)}  [{', '.join(r['sources']) or '—'}]")
            if r["note"] and kind in _VALUE_KINDS:  # the diff's own note (other rows carry the record's, in --json)
                lines.append(f"  {'':<16} {'':<11} ({r['note']})")
    return "\n".join(lines)


def _field(d: dict[str, Any] | None, dotted: str) -> Any:
    if d is None:
        return None
    head, _, rest = dotted.partition(".")
    value = d.get(head)
    return value.get(rest) if rest and isinstance(value, dict) else value


def render_data(result: dict[str, Any], lang: str = "en") -> str:
    """The text of a diff between data versions: a summary line, then the records by kind."""
    old, new = result["data"]["old"], result["data"]["new"]

    def where(v: dict[str, Any]) -> str:
        return v["folder"] or ("内置数据" if lang == "zh" else "packaged")

    parts = [
        f"{_CHANGE_ZH[c]}{_RECORD_LABELS[rec][2]} {n} 项" if lang == "zh" else f"{_label(_RECORD_LABELS, rec, n, lang)} {c}"
        for rec, by in result["counts"].items()
        for c, n in by.items()
        if n
    ]
    if lang == "zh":
        head = f"数据 {old['version']}（{where(old)}）至 {new['version']}（{where(new)}）的变化：{'，'.join(parts) or '无变化'}"
    else:
        head = f"Changes from the data {old['version']} ({where(old)}) to {new['version']} ({where(new)}): "
        head += ", ".join(parts) or "no changes"
    lines = [head]
    for rec in result["counts"]:
        lines.append("")
        lines.append(_RECORD_LABELS[rec][2] if lang == "zh" else _RECORD_LABELS[rec][1].capitalize())
        for r in (r for r in result["changes"] if r["record"] == rec):
            change = _CHANGE_ZH[r["change"]] if lang == "zh" else r["change"]
            sources = (r["after"] or r["before"] or {}).get("sources", [])
            lines.append(f"  {change:<8} {r['area'] or '—':<11} {r['key']}" + (f"  [{', '.join(sources)}]" if sources else ""))
            for f in r["fields_changed"]:
                lines.append(f"  {'':<8} {'':<11}   {f}: {_short(_field(r['before'], f))} → {_short(_field(r['after'], f))}")
    return "\n".join(lines)
