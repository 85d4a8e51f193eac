"""Page data of the web atlas: one pure function per page kind, each returning a plain dict.

:func:`build` is what the server calls. Every dict carries ``template`` (a file in
``web/templates``), ``kind``, ``title``, ``as_of``, ``data_version``, ``lang``, ``t`` (the chrome
in the language), ``nav`` and ``langs`` (links), ``root`` ("/", for the report's templates) and
``page_data`` (what the page's script reads). The report's pages are reused
(:mod:`nnatlas.outputs.pages.data`); their links to ``*.html`` files are rewritten to the web's
routes, keeping the language and the date (the link to the claims, whose own default is the
paper's date, keeps the date only when the address gives one: the page's script adds it).
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Mapping
from typing import Any
from urllib.parse import urlencode

from nnatlas.analysis import framework
from nnatlas.atlas import Snapshot
from nnatlas.core.settings import LANGS, PAPER_DATE, VERSION
from nnatlas.ingest import vocab
from nnatlas.outputs.export import FORMATS
from nnatlas.outputs.export.meta import LICENCE, data_version
from nnatlas.outputs.pages import data as report
from nnatlas.outputs.plot import _style
from nnatlas.outputs.release_info import citation
from nnatlas.web.params import DEFAULT_VARIABLE
from nnatlas.web.text import TEXTS

KINDS = ("index", "area", "compare", "claims", "typologies", "sources", "downloads", "about")
NAV_KINDS = ("index", "compare", "claims", "typologies", "sources", "downloads", "about")
FIRST_DAY = "1992-01-01"
#: The compare table's columns before the user chooses.
DEFAULT_COLUMNS = (
    "size.region",
    "size.stage",
    "size.planning_area_km2",
    "level.org_type",
    "level.rank",
    "relation.management_mode",
)
#: The compare table's planning area: the approved land area only (the paper's definition).
PLANNING_AREA = "size.planning_area_km2"
LANG_NAMES = {"en": "EN", "zh": "中文"}
#: Viridis at eleven stops, for numeric variables (the figures' sequential map).
VIRIDIS = (
    "#440154", "#482475", "#414487", "#355f8d", "#2a788e", "#21918c",
    "#22a884", "#44bf70", "#7ad151", "#bddf26", "#fde725",
)  # fmt: skip
_REPORT_HREF = re.compile(r"^(?:area-(?P<area>[^.#/]+)|(?P<page>[a-z_]+))\.html(?P<frag>#.*)?$")
_REPORT_PAGES = {"index": "/", "cite": "/about", "areas": "/compare", "claims": "/claims"}


# --- links -----------------------------------------------------------------------------------------
def path_of(kind: str, area_id: str | None = None) -> str:
    if kind == "index":
        return "/"
    if kind == "area":
        return f"/areas/{area_id}"
    return f"/{kind}"


def link(path: str, lang: str, at: str | None = None, fragment: str = "", **extra: str) -> str:
    """``path?at=…&lang=…`` (``at`` only when given), then ``extra`` and the fragment."""
    query = {k: v for k, v in {"at": at, "lang": lang, **extra}.items() if v}
    return f"{path}?{urlencode(query)}{fragment}"


def web_href(href: str, lang: str, at: str | None) -> str:
    """A report link (``area-x.html``, ``sources.html#src-y``) as the web route; others unchanged."""
    m = _REPORT_HREF.match(href or "")
    if not m:
        return href
    frag = m["frag"] or ""
    if m["area"]:
        return link(path_of("area", m["area"]), lang, at, frag)
    page = m["page"]
    path = _REPORT_PAGES.get(page) or (f"/{page}" if page in KINDS else "/")
    return link(path, lang, at, frag)


def _rewrite(obj: Any, lang: str, at: str | None) -> Any:
    """Every ``*href``/``paper_source`` string of a report page dict, as a web route."""
    if isinstance(obj, dict):
        return {
            k: web_href(v, lang, at)
            if isinstance(v, str) and (k.endswith("href") or k == "paper_source")
            else _rewrite(v, lang, at)
            for k, v in obj.items()
        }
    if isinstance(obj, list):
        return [_rewrite(v, lang, at) for v in obj]
    return obj


# --- chrome ----------------------------------------------------------------------------------------
def _chrome(snap: Snapshot, lang: str, kind: str, params: Mapping[str, str], title: str = "") -> dict[str, Any]:
    t = TEXTS[lang]
    at = str(snap.day)
    area_id = params.get("id")
    here = path_of(kind, area_id)
    keep = {k: params[k] for k in ("var", "sel") if params.get(k)}
    return {
        "template": f"{kind}.html" if kind != "index" else "map.html",
        "kind": kind,
        "lang": lang,
        "t": t,
        "root": "/",
        "title": title or t[kind],
        "as_of": str(snap.day),
        "data_version": data_version(snap.atlas).version,
        "version": VERSION,
        "path": here,
        "date_form": {"action": here, "hidden": {"lang": lang, **keep}},
        "json_href": link("/index.json" if kind == "index" else f"{here}.json", lang, at, **keep),
        "about_href": link("/about", lang, at),
        "sources_href": link("/sources", lang, at),
        "nav": [
            {"kind": k, "href": link(path_of(k), lang, None if k == "claims" else at), "label": t[k], "current": k == kind}
            for k in NAV_KINDS
        ],
        "langs": [
            {"code": code, "label": LANG_NAMES[code], "href": link(here, code, at, **keep), "current": code == lang}
            for code in LANGS
        ],
    }


# --- values ----------------------------------------------------------------------------------------
def _registry() -> list[tuple[str, Any]]:
    """The framework variables by dimension (size, level, relation), each in the registry's order."""
    order = {d: i for i, d in enumerate(framework.DIMENSIONS)}
    return sorted(framework.REGISTRY.items(), key=lambda kv: order.get(kv[1].dimension, len(order)))


def grouped(rows: list[dict[str, Any]], lang: str) -> list[dict[str, Any]]:
    """``rows`` (each with a ``dimension``) in groups by dimension, with the dimension's label."""
    out: list[dict[str, Any]] = []
    for row in rows:
        if not out or out[-1]["dimension"] != row["dimension"]:
            out.append({"dimension": row["dimension"], "label": TEXTS[lang]["dim_" + row["dimension"]], "rows": []})
        out[-1]["rows"].append(row)
    return out


def variables(lang: str) -> list[dict[str, Any]]:
    """Every framework variable with its label, kind and the labels of its categories in ``lang``."""
    out = []
    for key, var in _registry():
        terms = _style.LIST_ITEMS.get(key) or var.categories
        out.append(
            {
                "key": key,
                "dimension": var.dimension,
                "name": var.name,
                "kind": var.kind,
                "label": var.title(lang),
                "categories": {term: terms.label(term, lang) for term in terms} if hasattr(terms, "label") else {},
                "order": list(terms),  # the vocabulary's order (JSON objects lose it: tojson sorts keys)
            }
        )
    return out


def value_label(key: str, value: Any, lang: str) -> str:
    """How the value of framework variable ``key`` reads in ``lang`` (the figures' labels)."""
    var = framework.REGISTRY[key]
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return _style.category_label(var, value, lang) or "—"


def value_of(record: dict[str, Any], key: str) -> Any:
    dimension, name = key.split(".", 1)
    return record[dimension][name]


def _sort_value(value: Any) -> str | float:
    if value is None:
        return ""
    if isinstance(value, bool):
        return float(value)
    if isinstance(value, (int, float)):
        return float(value)
    return " → ".join(map(str, value)) if isinstance(value, list) else str(value)


def _name(area, lang: str) -> str:
    return area.names.zh if lang == "zh" else area.names.en


def _area_refs(snap: Snapshot, lang: str) -> dict[str, dict[str, str]]:
    """Every NNA of the atlas (existing on the day or not) by id: names and approval date."""
    return {
        a.id: {
            "name": _name(a, lang),
            "name_en": a.names.en,
            "name_zh": a.names.zh,
            "approved": str(a.approval.date),
            "province": snap.atlas.province_name(a.province, lang) or a.province,
        }
        for a in snap.atlas
    }


def month_index(day: dt.date) -> int:
    """The slider's position of ``day``: months since January 1992."""
    return (day.year - 1992) * 12 + day.month - 1


def slider(day: dt.date, today: dt.date) -> dict[str, Any]:
    """The date slider: one step a month from January 1992 to this month, at ``day``'s month."""
    last = month_index(today)
    return {
        "max": last,
        "value": min(max(month_index(day), 0), last),
        "first_day": FIRST_DAY,
        "last_day": str(today),
        "first_year": 1992,
        "last_year": today.year,
    }


def chrome(lang: str) -> dict[str, Any]:
    """The chrome of a page that is not about a date (the error page): texts, navigation, languages."""
    t = TEXTS["zh" if lang == "zh" else "en"]
    lang = "zh" if lang == "zh" else "en"
    return {
        "lang": lang,
        "t": t,
        "root": "/",
        "kind": "error",
        "title": t["error"],
        "nav": [{"kind": k, "href": link(path_of(k), lang), "label": t[k], "current": False} for k in NAV_KINDS],
        "langs": [{"code": c, "label": LANG_NAMES[c], "href": link("/", c), "current": c == lang} for c in LANGS],
    }


# --- pages -----------------------------------------------------------------------------------------
def index_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    """The map: the NNAs of the day with the chosen variable's value, and the legend's counts."""
    t = TEXTS[lang]
    key = params.get("var") or DEFAULT_VARIABLE
    sel = params.get("sel") or ""
    page = _chrome(snap, lang, "index", params)
    today = dt.date.today()
    records = framework.assess(snap)
    rows = []
    for rec in records:
        area = snap.atlas[rec["id"]]
        value = value_of(rec, key)
        rows.append(
            {
                "id": rec["id"],
                "name": _name(area, lang),
                "approved": str(area.approval.date),
                "province": snap.atlas.province_name(area.province, lang) or area.province,
                "value": value,
                "label": value_label(key, value, lang),
                "href": link(path_of("area", rec["id"]), lang, str(snap.day)),
            }
        )
    counts = Counter(r["label"] for r in rows)
    terms = [value_label(key, term, lang) for term in framework.REGISTRY[key].categories]
    unknown = vocab.UNKNOWN[lang == "zh"]
    order = sorted(counts, key=lambda label: (label == unknown, terms.index(label) if label in terms else len(terms)))
    page.update(
        var=key,
        var_label=framework.REGISTRY[key].title(lang),
        sel=sel,
        areas=rows,
        legend=[{"label": label, "count": counts[label]} for label in order],
        count_text=t["shown_count"].format(n=len(rows), day=snap.day) if rows else t["no_areas"].format(day=snap.day),
        variable_groups=grouped(variables(lang), lang),
        slider=slider(snap.day, today),
    )
    page["page_data"] = {
        "kind": "index",
        "lang": lang,
        "at": str(snap.day),
        "var": key,
        "sel": sel,
        "first_day": FIRST_DAY,
        "today": str(today),
        "data_version": page["data_version"],
        "variables": variables(lang),
        "areas": _area_refs(snap, lang),
        "palette": {
            "categories": list(_style.OKABE_ITO),
            "region": _style.REGION_COLOURS,
            "boolean": {"true": _style.BOOLEAN_COLOURS[True], "false": _style.BOOLEAN_COLOURS[False]},
            "unknown": _style.UNKNOWN_COLOUR,
            "sequential": list(VIRIDIS),
        },
        "labels": {
            "true": vocab.BOOLEAN[True][lang == "zh"],
            "false": vocab.BOOLEAN[False][lang == "zh"],
            "unknown": vocab.UNKNOWN[lang == "zh"],
        },
        "texts": {k: t[k] for k in ("shown_count", "shown_of", "no_areas", "load_failed", "loading", "show_all")},
    }
    return page


def _figure(snap: Snapshot, kind: str, area_id: str, lang: str) -> dict[str, Any]:
    """A figure of the NNA page: its address, or why there is nothing to draw (so no broken image)."""
    st = snap.state(area_id)
    reason = None
    if kind == "locator":
        from nnatlas.core.errors import UsageError
        from nnatlas.outputs.plot.locator import check_drawable

        try:
            check_drawable(st)
        except UsageError as exc:
            reason = str(exc) if lang == "en" else _locator_reason_zh(st)
    elif not st.exists:  # the server draws no network for a day before the approval
        reason = _style.text("not_yet", lang, day=str(st.day), approved=str(st.area.approval.date))
    else:
        from nnatlas.analysis.network import state_graph

        if not state_graph(st):
            reason = TEXTS[lang]["no_bodies"].format(id=area_id, day=snap.day)
    return {"src": link(f"figures/{kind}/{area_id}.png", lang, str(snap.day)), "reason": reason}


def _locator_reason_zh(st) -> str:
    """Why the locator map of ``st`` is empty, in Chinese (the figures' own words)."""
    if not st.exists:
        return _style.text("not_yet", "zh", day=str(st.day), approved=str(st.area.approval.date))
    return _style.text("no_units" if not st.counties else "no_polygons", "zh", day=str(st.day))


def area_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    """The report's NNA page at the day, with the framework record and links to the web's routes."""
    area_id = snap.atlas.resolve(params["id"])
    t = TEXTS[lang]
    at = str(snap.day)
    body = report.area_page(snap, area_id, lang)
    area = snap.atlas[area_id]
    page = _chrome(snap, lang, "area", {**params, "id": area_id}, title=_name(area, lang))
    for key in ("names", "names_sources", "approval", "facts", "unknowns", "events", "stage", "typologies"):
        page[key] = _rewrite(body[key], lang, at)
    page["locator"] = _figure(snap, "locator", area_id, lang)
    page["network"] = _figure(snap, "network", area_id, lang)
    st = snap.state(area_id)
    page["id"] = area_id
    page["exists"] = st.exists
    page["not_yet"] = "" if st.exists else t["not_yet"].format(day=snap.day, approved=area.approval.date)
    page["map_href"] = link("/", lang, str(snap.day), sel=area_id)
    rec = framework.record(snap, area_id)
    page["framework"] = [
        {
            "key": key,
            "dimension": var.dimension,
            "label": var.title(lang),
            "value": value_label(key, value_of(rec, key), lang),
            "disputed": key in rec.get("disputed", {}),
        }
        for key, var in _registry()
    ]
    page["framework_groups"] = grouped(page["framework"], lang)
    page["page_data"] = {"kind": "area", "lang": lang, "at": str(snap.day), "id": area_id}
    return page


def compare_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    """Every NNA of the day by every framework variable; the script shows the chosen columns."""
    t = TEXTS[lang]
    page = _chrome(snap, lang, "compare", params)
    base = [
        {"key": "id", "label": "id", "kind": "text", "fixed": True},
        {"key": "name", "label": t["name"], "kind": "text", "fixed": True},
        {"key": "province", "label": t["province"], "kind": "category", "fixed": True},
        {"key": "approved", "label": t["approved"], "kind": "text", "fixed": True},
    ]
    varcols = [
        {"key": v["key"], "label": v["label"], "kind": v["kind"], "dimension": v["dimension"], "fixed": False}
        for v in variables(lang)
    ]
    rows = []
    for rec in framework.assess(snap):
        area = snap.atlas[rec["id"]]
        cells = [
            {"text": area.id, "sort": area.id},
            {"text": _name(area, lang), "sort": _name(area, lang)},
            {"text": snap.atlas.province_name(area.province, lang) or area.province, "sort": area.province},
            {"text": str(area.approval.date), "sort": str(area.approval.date)},
        ]
        for col in varcols:
            value = value_of(rec, col["key"])
            cells.append({"text": value_label(col["key"], value, lang), "sort": _sort_value(value)})
        rows.append({"id": area.id, "href": link(path_of("area", area.id), lang, str(snap.day)), "cells": cells})
    others = [vocab.AREA_DEFINITIONS.label(d, lang) for d in vocab.AREA_DEFINITIONS if d not in ("approved_land", "other")]
    note = t["planning_note"].format(defs=("、" if lang == "zh" else ", ").join(others))
    for col in varcols:
        col["tip"] = note if col["key"] == PLANNING_AREA else col["key"]
    page.update(
        columns=base + varcols,
        rows=rows,
        default_columns=list(DEFAULT_COLUMNS),
        column_groups=grouped(varcols, lang),
        planning_note=note,
    )
    page["page_data"] = {
        "kind": "compare",
        "lang": lang,
        "at": str(snap.day),
        "data_version": page["data_version"],
        "default_columns": list(DEFAULT_COLUMNS),
        "texts": {k: t[k] for k in ("rows_shown", "all_values")},
        "collation": "zh-CN" if lang == "zh" else "en",
    }
    return page


def _report_page(snap: Snapshot, lang: str, params: Mapping[str, str], kind: str, body: dict[str, Any]) -> dict[str, Any]:
    page = _chrome(snap, lang, kind, params)
    skip = set(page) | {"file", "nav"}
    page.update(_rewrite({k: v for k, v in body.items() if k not in skip}, lang, str(snap.day)))
    page["page_data"] = {"kind": kind, "lang": lang, "at": str(snap.day)}
    return page


def claims_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    page = _report_page(snap, lang, params, "claims", report.claims_page(snap, lang))
    page["template"] = "web_claims.html"
    page["note"] = TEXTS[lang]["claims_default"].format(paper=PAPER_DATE)
    return page


def typologies_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    return _report_page(snap, lang, params, "typologies", report.typologies_page(snap, lang))


def sources_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    page = _report_page(snap, lang, params, "sources", report.sources_page(snap, lang))
    page["date_form"] = None  # sources are not dated: no date to choose (the links keep the date)
    return page


def downloads_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    t = TEXTS[lang]
    page = _chrome(snap, lang, "downloads", params)
    page["intro"] = t["downloads_intro"].format(day=snap.day)
    page["formats"] = [
        {"format": f, "href": f"/api/export/{f}?{urlencode({'at': str(snap.day)})}", "text": t[f"fmt_{f}"]} for f in FORMATS
    ]
    page["page_data"] = {"kind": "downloads", "lang": lang, "at": str(snap.day)}
    return page


def about_page(snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    t = TEXTS[lang]
    page = _chrome(snap, lang, "about", params)
    cite = report.cite_page(snap, lang)
    paper = snap.atlas.sources.get("paper")
    page["paper"] = (
        {
            "title": (paper.title_zh if lang == "zh" else paper.title_en) or paper.title_en or paper.title_zh or "",
            "journal": paper.journal or "",
            "doi": paper.doi or "",
            "url": paper.url or "",
            "authors": ", ".join(paper.authors or []),
            "href": link("/sources", lang, str(snap.day), "#src-paper"),
        }
        if paper is not None
        else None
    )
    page["related"] = [
        _article(snap.atlas.sources[sid], lang, str(snap.day))
        for sid in (paper.related if paper else ())
        if sid in snap.atlas.sources
    ]
    page["citation"] = citation(page["data_version"])
    page["package_version"] = cite["package_version"]
    page["data_licence"] = LICENCE
    page["leaflet_version"] = _leaflet_version()
    page["leaflet_licence"] = "/static/vendor/leaflet/LICENSE"
    page["page_data"] = {"kind": "about", "lang": lang, "at": str(snap.day)}
    page["offline"] = t["offline_text"]
    return page


def _article(src, lang: str, at: str) -> dict[str, str]:
    """An article's record as the About page lists it: nothing but what the source record holds."""
    year = str(src.date.first_day.year) if src.date else ""
    return {
        "id": src.id,
        "title": (src.title_zh if lang == "zh" else src.title_en) or src.title_zh or src.title_en or "",
        "title_other": (src.title_en if lang == "zh" else src.title_zh) or "",
        "authors": ", ".join(src.authors or []),
        "journal": src.journal or "",
        "issue": f"{year}({src.issue})" if year and src.issue else year,
        "doi": src.doi or "",
        "url": src.url or "",
        "href": link("/sources", lang, at, f"#src-{src.id}"),
    }


def _leaflet_version() -> str:
    from nnatlas.web.vendor import TARGET

    version = TARGET / "VERSION"
    return version.read_text(encoding="utf-8").strip() if version.is_file() else ""


_BUILDERS = {
    "index": index_page,
    "area": area_page,
    "compare": compare_page,
    "claims": claims_page,
    "typologies": typologies_page,
    "sources": sources_page,
    "downloads": downloads_page,
    "about": about_page,
}


def build(kind: str, snap: Snapshot, lang: str, params: Mapping[str, str]) -> dict[str, Any]:
    """The page ``kind`` (one of :data:`KINDS`) at the snapshot's day in ``lang``; ``params`` holds the
    validated query (``var``, ``sel``; ``id`` for the area page; ``at`` when the address gives one)."""
    if kind not in _BUILDERS:
        raise ValueError(f"unknown page kind {kind!r}: one of {', '.join(KINDS)}")
    return _BUILDERS[kind](snap, lang, dict(params))
