"""Printing records as a text table, JSON or CSV (one place for every command's output)."""

from __future__ import annotations

import csv
import io
import json
import sys
import unicodedata
from collections.abc import Sequence
from typing import Any


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _cell(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.6g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, (list, tuple)):
        return ", ".join(_cell(v) for v in value)
    return str(value)


def text_table(
    rows: Sequence[dict[str, Any]], columns: Sequence[str] | None = None, headers: dict[str, str] | None = None
) -> str:
    """An aligned plain-text table; East Asian wide characters count double."""
    if not rows:
        return ""
    columns = list(columns or rows[0])
    headers = headers or {}
    cells = [[headers.get(c, c) for c in columns]] + [[_cell(r.get(c)) for c in columns] for r in rows]
    widths = [max(_width(row[i]) for row in cells) for i in range(len(columns))]
    lines = []
    for n, row in enumerate(cells):
        lines.append("  ".join(v + " " * (w - _width(v)) for v, w in zip(row, widths, strict=True)).rstrip())
        if n == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def to_json(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2, default=str)


def to_csv(rows: Sequence[dict[str, Any]]) -> str:
    if not rows:
        return ""
    buf = io.StringIO()
    writer = csv.DictWriter(buf, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    for r in rows:
        writer.writerow({k: json.dumps(v, ensure_ascii=False) if isinstance(v, (list, dict)) else v for k, v in r.items()})
    return buf.getvalue()


def emit(data: Any, fmt: str, *, columns: Sequence[str] | None = None, headers: dict[str, str] | None = None) -> None:
    """Print ``data`` (a list of flat records, or any JSON value for ``json``) as ``fmt``."""
    if fmt == "json":
        out = to_json(data)
    elif fmt == "csv":
        out = to_csv(data).rstrip("\n")
    else:
        out = text_table(data, columns, headers)
    sys.stdout.write(out + "\n")
