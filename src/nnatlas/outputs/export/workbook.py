"""The Excel workbook: a first ``README`` sheet (title, date, data version, licence, source and the
codebook), then one sheet per table with a frozen header row and an autofilter; the date and the
data version are also in the document properties (title, subject, version, keywords, and the
custom properties ``as_of`` and ``data_version``)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from nnatlas.core.files import atomic_files
from nnatlas.outputs.export.meta import LICENCE, TITLE, ExportMeta
from nnatlas.outputs.export.schema import SCHEMAS
from nnatlas.outputs.export.writers import frame

README = "README"
#: The codebook's header on the README sheet.
CODEBOOK_HEADER = ("table", "column", "type", "description")


def _readme(ws, meta: ExportMeta) -> None:
    from openpyxl.styles import Font

    bold = Font(bold=True)
    ws.append([TITLE])
    ws["A1"].font = Font(bold=True, size=14)
    ws.append([])
    rows: list[tuple[str, Any]] = [
        ("as_of", meta.as_of),
        ("data_version", meta.version),
        ("data_sha256", meta.data.sha256),
        ("created", meta.created),
        ("licence", f"{LICENCE['name']} ({LICENCE['path']})"),
        ("source", meta.source),
    ]
    if meta.source_url:
        rows.append(("source_url", meta.source_url))
    rows.append(("description", meta.description))
    for key, value in rows:
        ws.append([key, value])
        ws.cell(ws.max_row, 1).font = bold
        if isinstance(value, dt.date):
            ws.cell(ws.max_row, 2).number_format = "yyyy-mm-dd"
    ws.append([])
    ws.append(["Codebook: one row per column of every sheet"])
    ws.cell(ws.max_row, 1).font = bold
    ws.append(list(CODEBOOK_HEADER))
    for cell in ws[ws.max_row]:
        cell.font = bold
    for name, table in SCHEMAS.items():
        ws.append([name, "", "", table.description])
        for c in table.columns:
            ws.append([name, c.name, c.type, c.description])
    for col, width in zip("ABCD", (20, 22, 10, 110), strict=True):
        ws.column_dimensions[col].width = width


def _properties(wb, meta: ExportMeta) -> None:
    from openpyxl.packaging.custom import DateTimeProperty, StringProperty

    props = wb.properties
    props.title = TITLE
    props.subject = f"as of {meta.as_of.isoformat()}; data version {meta.version}"
    props.description = meta.description
    props.keywords = f"as_of={meta.as_of.isoformat()}; data_version={meta.version}"
    props.version = meta.version
    props.identifier = meta.version
    props.creator = "nnatlas"
    wb.custom_doc_props.append(DateTimeProperty(name="as_of", value=dt.datetime.combine(meta.as_of, dt.time())))
    wb.custom_doc_props.append(StringProperty(name="data_version", value=meta.version))
    wb.custom_doc_props.append(StringProperty(name="license", value=LICENCE["name"]))


def write_xlsx(tables: dict[str, list[dict[str, Any]]], out: Path, meta: ExportMeta) -> list[Path]:
    import pandas as pd

    target = out / "nnatlas.xlsx"
    with atomic_files([], target) as tmp, pd.ExcelWriter(tmp[target], engine="openpyxl") as xl:
        for name in SCHEMAS:
            frame(name, tables[name]).to_excel(xl, sheet_name=name, index=False)
            ws = xl.sheets[name]
            ws.freeze_panes = "A2"
            ws.auto_filter.ref = ws.dimensions
        readme = xl.book.create_sheet(README, 0)
        _readme(readme, meta)
        xl.book.active = 0
        _properties(xl.book, meta)
    return [target]
