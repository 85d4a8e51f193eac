"""The text form of every command's output. Each renderer takes what the library call returns
(the same data ``--json`` prints) and starts with the date it is as of."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from nnatlas.analysis.framework import REGISTRY
from nnatlas.core.text import text_table
from nnatlas.ingest import vocab


def describe(d: dict[str, Any]) -> str:
    """``nnatlas show``: one NNA's facts, units and timeline."""
    n = d["names"]
    lines = [
        f"{n['en']}  {n['zh']}  ({d['id']}), as of {d['as_of']}",
        f"  province {d['province'] or '—'} ({d['province_code']}), region {d['region'] or '—'}",
        "  host prefecture-level units: "
        + (", ".join(f"{p['name_zh'] or '?'} ({p['code']})" for p in d["host_prefectures"]) or "—"),
        f"  approved {d['approval']['date'] or 'unknown'}  [{', '.join(d['approval']['sources'])}]",
    ]
    if d["inauguration"] and d["inauguration"]["date"]:
        lines.append(f"  inaugurated {d['inauguration']['date']}  [{', '.join(d['inauguration']['sources'])}]")
    if n.get("aliases"):
        lines.append(f"  also: {', '.join(n['aliases'])}")
    lines.append(f"\nAs of {d['as_of']}" + ("" if d["exists"] else " (not yet approved on that date)"))
    rows = [
        {
            "field": k,
            "value": f["value"],
            "status": f["status"],
            "valid": f"{f['valid_from'] or '?'} → {f['valid_to'] or ''}" + (" (attested)" if f["basis"] == "attested" else ""),
            "sources": ", ".join(f["sources"]),
        }
        for k, f in d["facts"].items()
    ]
    lines.append(text_table(rows) if rows else "  no facts recorded for this date")
    disputed = [(k, f) for k, f in d["facts"].items() if f.get("alternatives")]
    for k, f in disputed:
        alts = "; ".join(f"{a['value']} [{', '.join(a['sources'])}]" for a in f["alternatives"])
        lines.append(f"  disputed {k}: default {f['value']}; other values: {alts}")
    if d["units"]:
        lines.append("\nConstituent units")
        lines.append(
            text_table(
                [
                    {
                        "code": u.get("code"),
                        "name": u["name_zh"],
                        "level": u["level"],
                        "coverage": u.get("coverage"),
                        "role": u.get("role"),
                    }
                    for u in d["units"]
                ]
            )
        )
    if d["predecessors"]:
        lines.append("\nPredecessors")
        for p in d["predecessors"]:
            span = f"{p.get('start', '?')} → {p.get('end', '')}"
            lines.append(f"  {p['name_zh']} {p.get('name_en', '')}  ({span})  [{', '.join(p['sources'])}]")
    if d["events"]:
        lines.append("\nTimeline")
        for e in d["events"]:
            lines.append(f"  {e['date']:<10}  {e['en']}  [{', '.join(e['sources'])}]")
    if d["statistics"]:
        lines.append("\nStatistics")
        lines.append(
            text_table([{k: s.get(k) for k in ("indicator", "year", "value", "scope", "sources")} for s in d["statistics"]])
        )
    return "\n".join(lines)


_MARK = {"known": "✓", "unknown": "·", "disputed": "≠"}


def coverage(data: dict[str, Any]) -> str:
    """``nnatlas coverage``: known, unknown or disputed per NNA and field."""
    fields = list(next(iter(data["areas"].values()), {}))
    rows = []
    for fld in fields:
        row = {"field": fld}
        for area_id, cells in data["areas"].items():
            c = cells[fld]
            row[area_id] = f"{_MARK[c['status']]}{c['sources'] or ''}"
        rows.append(row)
    t = data["totals"]
    legend = "✓ known · unknown ≠ disputed; the number is how many sources support the value"
    return (
        f"Coverage as of {data['as_of']}\n{text_table(rows)}\n\n{legend}\n"
        f"Total: {t['known']} known, {t['unknown']} unknown, {t['disputed']} disputed"
    )


_NETWORK_TEXT = {
    "en": {
        "title": "{name} ({id}): governance network as of {day}",
        "levels": "management levels (network): {levels}   coded mode: {mode}   agree: {agree}",
        "reach": "governments involved: {govs}   highest coordinating rank: {rank} ({by})   direct management share: {share}",
        "bodies": "Bodies",
        "relations": "Relations",
        "tail": "Unknown values show as —. Sources of bodies and notes: --json.",
        "heads": {},
    },
    "zh": {
        "title": "{name}（{id}）：治理网络，截至 {day}",
        "levels": "管理层级（网络）：{levels}   编码的管理模式：{mode}   一致：{agree}",
        "reach": "涉及政府：{govs}   最高统筹级别：{rank}（{by}）   直管区占比：{share}",
        "bodies": "机构",
        "relations": "关系",
        "tail": "未知值显示为 —。各机构的来源与说明：--json。",
        "heads": {
            "id": "编号",
            "tier": "层级",
            "kind": "类型",
            "name": "名称",
            "rank": "级别",
            "authority": "新区管理机构",
            "derived": "推定",
            "from": "从",
            "to": "到",
            "sources": "来源",
        },
    },
}


def network(data: dict[str, Any], lang: str = "en") -> str:
    """The text form of :func:`nnatlas.analysis.network.network_json`: measures, bodies, relations."""
    text = _NETWORK_TEXT[lang]

    def show(value: Any, terms: vocab.Terms | None = None) -> str:
        return "—" if value is None else vocab.value_label(value, terms, lang)

    lines = [
        text["title"].format(name=data["name_zh" if lang == "zh" else "name_en"], id=data["id"], day=data["as_of"]),
        text["levels"].format(
            levels=show(data["management_levels"]),
            mode=show(data["coded_mode"], vocab.MANAGEMENT_MODES),
            agree=show(data["agrees_with_coded_mode"]),
        ),
    ]
    if data["management_levels_note"]:
        lines.append(f"  ({data['management_levels_note']})")
    lines.append(
        text["reach"].format(
            govs=data["governments_involved"],
            rank=show(data["highest_coordinating_rank"], vocab.RANKS),
            by=show(data["highest_coordinator"]),
            share=show(data["direct_management_share"]),
        )
    )
    key = "name_zh" if lang == "zh" else "name_en"
    nodes = [
        {
            "id": n["id"],
            "tier": show(n["tier"], vocab.TIERS),
            "kind": show(n["kind"], vocab.BODY_KINDS),
            "name": n[key] or n["name_en"] or n["name_zh"],
            "rank": show(n["rank"], vocab.RANKS),
            "authority": show(n["nna_authority"]),
            "derived": show(n["derived"]),
        }
        for n in data["nodes"]
    ]
    edges = [
        {"from": e["from"], "kind": show(e["kind"], vocab.RELATION_KINDS), "to": e["to"], "sources": e["sources"]}
        for e in data["edges"]
    ]
    heads = text["heads"]
    lines += [
        "",
        f"{text['bodies']} ({len(nodes)})",
        text_table(nodes, headers=heads),
        "",
        f"{text['relations']} ({len(edges)})",
        text_table(edges, headers=heads),
        "",
        text["tail"],
    ]
    return "\n".join(lines)


# --- tables of records -------------------------------------------------------------------------
#: Chinese headers of the list's own columns; the framework variables take their registry labels.
_LIST_ZH = {"id": "编号", "name": "名称", "province": "省份", "approved": "批复日期"}
_LIST_VARIABLES = {
    "region": "size.region",
    "planning_area_km2": "size.planning_area_km2",
    "org_type": "level.org_type",
    "management_mode": "relation.management_mode",
}


def records(rows: list[dict[str, Any]], day: dt.date, lang: str = "en") -> str:
    """``nnatlas list``: one row per NNA existing on ``day``."""
    name = "name_zh" if lang == "zh" else "name_en"
    cols = ["id", name, "province", "region", "approved", "planning_area_km2", "org_type", "management_mode"]
    rows = [r | {"planning_area_km2": _area_with_definition(r)} for r in rows]
    if lang == "zh":
        heads = {c: REGISTRY[_LIST_VARIABLES[c]].title("zh") if c in _LIST_VARIABLES else _LIST_ZH.get(c, c) for c in cols}
        heads[name] = _LIST_ZH["name"]
    else:
        heads = {name: "name", "planning_area_km2": "planning_km2"}
    head = f"国家级新区（截至 {day}）：{len(rows)} 个" if lang == "zh" else f"New Areas as of {day}: {len(rows)}"
    if lang == "zh":
        rows = [_translated(r, _LIST_VARIABLES) for r in rows]
    tail = "未知值显示为 —。" if lang == "zh" else "Unknown values show as —."
    return f"{head}\n{text_table(rows, cols, heads)}\n\n{tail}"


def _area_with_definition(row: dict[str, Any]) -> str | None:
    """The planning area a table shows: the approved land area, else the best figure named by its definition."""
    value, definition = row.get("planning_area_best_km2"), row.get("planning_area_definition")
    if value is None:
        return None
    shown = f"{value:,.6g}" if isinstance(value, float) else str(value)
    return shown if definition == "approved_land" else f"{shown} ({definition})"


def _translated(row: dict[str, Any], variables: dict[str, str]) -> dict[str, Any]:
    """``row`` with the values of categorical columns in Chinese (unknown stays None, shown as —)."""
    out = dict(row)
    for column, key in variables.items():
        terms = REGISTRY[key].categories
        if terms and out.get(column) is not None:
            out[column] = vocab.value_label(out[column], terms, "zh")
    return out


FRAMEWORK_COLUMNS = (
    "size.stage",
    "size.planning_area_km2",
    "size.multi_prefecture",
    "level.org_type",
    "level.rank",
    "level.social_functions",
    "relation.trusteeship",
    "relation.management_mode",
)


def framework(flat: list[dict[str, Any]], day: dt.date) -> str:
    """``nnatlas framework``: the main variables of every NNA's framework record."""
    cols = ["id", *FRAMEWORK_COLUMNS]
    table = text_table(flat, cols, {c: c.split(".")[1] for c in FRAMEWORK_COLUMNS})
    hint = "'—' is unknown. All variables: --json or 'nnatlas codebook'."
    return f"Framework records as of {day}: {len(flat)} New Areas\n{table}\n\n{hint}"


def stages(flat: list[dict[str, Any]], day: dt.date, overrides: bool, lang: str = "en") -> str:
    """``nnatlas stages``: stage, expected and actual governance level, gap and risks."""
    cols = ["id", "age_years", "stage", "expected_level", "actual_level", "gap", "risks"] + (["was"] if overrides else [])
    if lang == "zh":
        flat = [
            r
            | {
                "stage": vocab.DEVELOPMENT_STAGES.label(r["stage"], "zh"),
                "gap": vocab.GAPS.label(r["gap"], "zh"),
                "was": vocab.GAPS.label(r["was"], "zh") if r.get("was") else r.get("was"),
                "risks": "、".join(vocab.RISKS.label(k, "zh") for k in r["risk_ids"]),
            }
            for r in flat
        ]
        heads = {
            "id": "编号",
            "age_years": "设立年数",
            "stage": "阶段",
            "expected_level": "应有治理层级",
            "actual_level": "实际治理层级",
            "gap": "差距",
            "risks": "风险",
            "was": "原差距",
        }
        return f"截至 {day} 的发展阶段：{len(flat)} 个新区\n{text_table(flat, cols, heads)}\n\n原因与建议：--json。"
    return (
        f"Development stages as of {day}: {len(flat)} New Areas\n{text_table(flat, cols)}\n\nReasons and recommendations: --json."
    )


_MARKS = {"reproduced": "✓", "consistent": "≈", "differs": "≠", "not_checkable": "?"}


def claims(rows: list[dict[str, Any]], day: dt.date) -> str:
    """``nnatlas claims``: the paper's statements by section, each with its status, basis (what its
    deciding values rest on) and the number of unknown values behind it."""
    lines = [f"The paper's claims checked against the data as of {day}"]
    section = None
    for r in rows:
        if r["section"] != section:
            section = r["section"]
            lines.append(f"\n{section}")
        paper, data = _short(r["paper_value"]), _short(r["computed_value"])
        counts = r["basis_counts"]
        kind = "" if r["kind"] == "statement" else f" [{r['kind']}]"
        lines.append(
            f"{_MARKS[r['status']]} {r['id']}{kind}: {r['status']}, basis {r['basis'].replace('_', ' ')}"
            + (f", {counts['unknown']} unknown" if counts["unknown"] else "")
            + f"; paper {paper}, data {data}"
        )
        if r["reason"]:
            lines.append(f"    {r['reason']}")
    statuses = {k: sum(r["status"] == k for r in rows) for k in _MARKS}
    bases = {k: sum(r["basis"] == k for r in rows) for k in ("independent", "partly_paper", "paper_only", "none")}
    lines.append(
        f"\n{len(rows)} claims as of {day}: "
        + ", ".join(f"{n} {k}" for k, n in statuses.items())
        + "; basis: "
        + ", ".join(f"{n} {k}" for k, n in bases.items())
        + ". ≈ consistent: agrees, but rests only on the paper's own values."
    )
    return "\n".join(lines)


def _known(value: Any) -> Any:
    """``value`` with every None, at any depth, shown as 'unknown'."""
    if value is None:
        return "unknown"
    if isinstance(value, dict):
        return {k: _known(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_known(v) for v in value]
    return value


def _short(value: Any) -> str:
    value = _known(value)
    text = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 70 else text[:67] + "..."


def table(title: str, rows: list[dict[str, Any]], day: dt.date) -> str:
    """``nnatlas table``: one of the paper's tables rebuilt from the data."""
    return f"{title}, as of {day}\n\n{text_table(rows)}"


def typologies(data: dict[str, Any]) -> str:
    """``nnatlas typologies``: one row per NNA with the paper's org_type and its type in each typology."""
    ts = data["typologies"]
    names = ", ".join(f"{t['id']} [{t['cited_as']}]" for t in ts) or "none (this data has no typologies.yaml)"
    lines = [f"Typologies of the New Areas as of {data['as_of']}, beside the paper's org_type: {names}", ""]
    rows = [{"id": r["id"], "org_type": r["org_type"], **{t["id"]: r[t["id"]] for t in ts}} for r in data["areas"]]
    lines.append(text_table(rows) if rows else "  no New Area existed on this date")
    lines.append("")
    for t in ts:
        lines.append(f"{t['id']}: {t['citation']}")
        lines.append("  " + "; ".join(f"{tp['id']} = {tp['zh']} ({tp['en']})" for tp in t["types"]))
    lines.append("— unknown: not found in the publication, or not classified by it (what was searched, and locators: --json)")
    return "\n".join(lines)


def agreement(data: dict[str, Any]) -> str:
    """``nnatlas typologies --agreement ID``: the typology's types against the paper's org_type."""

    def name(term: Any) -> str:
        return "unknown" if term is None else str(term)

    head = (
        f"{data['typology']} [{data['cited_as']}] against the paper's org_type as of {data['as_of']}: "
        f"{data['total']} New Areas, {data['unknown']['type']} of unknown type, {data['unknown']['org_type']} without org_type"
    )
    counts = {(c["type"], c["org_type"]): c for c in data["cells"]}
    totals = {r["type"]: r["count"] for r in data["row_totals"]}
    rows = [
        {"type \\ org_type": name(r), **{name(c): counts[r, c]["count"] for c in data["columns"]}, "total": totals[r]}
        for r in data["rows"]
    ]
    rows.append(
        {"type \\ org_type": "total", **{name(c["org_type"]): c["count"] for c in data["column_totals"]}, "total": data["total"]}
    )
    cells = [f"  {name(c['type'])} × {name(c['org_type'])}: {', '.join(c['areas'])}" for c in data["cells"] if c["count"]]
    return "\n".join([head, "", text_table(rows), "", "New Areas in each cell:", *cells])
