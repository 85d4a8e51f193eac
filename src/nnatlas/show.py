"""Human-readable rendering of ``Atlas.describe`` (the text form of ``nnatlas show``)."""

from __future__ import annotations

from typing import Any

from ._output import text_table


def render(d: dict[str, Any]) -> str:
    n = d["names"]
    lines = [
        f"{n['en']}  {n['zh']}  ({d['id']})",
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
