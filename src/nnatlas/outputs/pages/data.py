"""Page data: one pure function per page kind, each returning a plain dict for its template.

Every dict carries ``kind`` (its template), ``file`` (its name in the site), ``title``,
``as_of``, ``data_version``, ``lang``, ``t`` (the page chrome in the language) and ``nav``.
Figures are named by ``src`` (a path relative to the site); a figure that could not be drawn is
given by ``reason`` instead (``figure_errors`` maps a figure's path to its reason).
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from nnatlas.analysis import claims as claims_mod
from nnatlas.analysis import typologies as typ
from nnatlas.analysis.coverage import coverage
from nnatlas.analysis.evidence import BASES
from nnatlas.analysis.framework import REGISTRY
from nnatlas.analysis.framework.stages import assess_all
from nnatlas.atlas import Snapshot
from nnatlas.core.settings import VERSION, check_lang
from nnatlas.ingest import vocab
from nnatlas.outputs.codebook import entries
from nnatlas.outputs.export.meta import data_version
from nnatlas.outputs.pages.text import TEXTS
from nnatlas.outputs.release_info import citation
from nnatlas.outputs.tables import table

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
PAPER_DOI = "10.1007/s44243-024-00028-z"
#: The site's pages in navigation order (the NNA pages follow "areas").
PAGE_KINDS = ("index", "tables", "figures", "claims", "areas", "typologies", "codebook", "coverage", "sources", "cite")
FIGURES = (1, 2, 3)


def environment(loader_path: Path = TEMPLATES):
    """The Jinja2 environment of the templates (autoescaped)."""
    import jinja2

    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(loader_path)), autoescape=True, trim_blocks=True, lstrip_blocks=True
    )


def area_file(area_id: str) -> str:
    return f"area-{area_id}.html"


def source_anchor(ref: str) -> tuple[str, str]:
    """``("paper", "§3.3")`` for the reference ``"paper §3.3"``: the source id and its locator."""
    sid, _, loc = str(ref).partition(" ")
    return sid, loc


def _links(refs, known: set[str]) -> list[dict[str, str]]:
    out = []
    for ref in refs or []:
        sid, loc = source_anchor(ref)
        out.append({"id": sid, "locator": loc, "href": f"sources.html#src-{sid}" if sid in known else ""})
    return out


def _scalar(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, default=str)
    return str(value)


#: The framework's variables by name (a fact field of that name takes the variable's label).
_VARIABLES = {var.name: var for var in REGISTRY.values()}
_SEP = {"en": ", ", "zh": "、"}


def field_label(field: str, lang: str) -> str:
    """A fact field (``planning_area_km2:approved_land``) as a heading: the framework variable's label
    (or the page text's), then the qualifier's definition label."""
    base, _, qualifier = field.partition(":")
    var = _VARIABLES.get(base)
    label = var.title(lang) if var is not None else TEXTS[lang].get(f"field_{base}", base)
    if qualifier:
        label += ("：" if lang == "zh" else ": ") + vocab.AREA_DEFINITIONS.label(qualifier, lang)
    return label


def plain(value: Any, lang: str, terms: vocab.Terms | None = None) -> str:
    """A value in words: yes/no, unknown, a list joined ("—" when empty), a term by its label."""
    if value is None:
        return vocab.UNKNOWN[lang == "zh"]
    if isinstance(value, bool):
        return vocab.BOOLEAN[value][lang == "zh"]
    if isinstance(value, (list, tuple)):
        return _SEP[lang].join(plain(v, lang, terms) for v in value) if value else "—"
    if terms is not None and str(value) in terms:
        return terms.label(str(value), lang)
    return str(value)


def definition_label(key: str, lang: str) -> str:
    """A claim's definition (``approved_land``, ``approved_total_else_land``, ``multi_county``,
    ``approved_land (at least 2000)``) in words, from the vocabulary and the registry; else as it is."""
    t = TEXTS[lang]
    head, _, rest = key.partition(" (at least ")
    if rest:
        return f"{definition_label(head, lang)} ({t['at_least'].format(n=rest.rstrip(')'))})"
    if key in vocab.AREA_DEFINITIONS:
        return vocab.AREA_DEFINITIONS.label(key, lang)
    a, _, b = key.partition("_else_")
    if b and f"approved_{b}" in vocab.AREA_DEFINITIONS and a in vocab.AREA_DEFINITIONS:
        return t["definition_else"].format(a=definition_label(a, lang), b=definition_label(f"approved_{b}", lang))
    if key in _VARIABLES:
        return _VARIABLES[key].title(lang)
    return key


def fact_label(field: str, value: Any, lang: str) -> str:
    """A fact's value as shown: a vocabulary term by its label (vocab), booleans as yes/no."""
    base = field.split(":")[0]
    terms = vocab.FACT_FIELDS.get(base, (None, None))[1]
    if isinstance(value, bool):
        en, zh = vocab.BOOLEAN[value]
        return zh if lang == "zh" else en
    if terms is not None and isinstance(value, str):
        return terms.label(value, lang)
    return _scalar(value)


def _common(snap: Snapshot, lang: str, kind: str, file: str, title_key: str | None = None, title: str = "") -> dict[str, Any]:
    t = TEXTS[lang]
    dv = data_version(snap.atlas)
    return {
        "kind": kind,
        "file": file,
        "lang": lang,
        "t": t,
        "title": title or t[title_key or kind],
        "as_of": str(snap.day),
        "data_version": dv.version,
        "nav": [{"file": "index.html" if k == "index" else f"{k}.html", "label": t[k]} for k in PAGE_KINDS],
    }


def index_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    t = TEXTS[lang]
    claims = claims_mod.evaluate(snap)
    by = Counter((c["status"], c["basis"]) for c in claims)
    bases = list(BASES)
    headline = [
        {
            "status": s,
            "label": vocab.CLAIM_STATUSES.label(s, lang),
            "cells": [by[(s, b)] for b in bases],
            "total": sum(by[(s, b)] for b in bases),
        }
        for s in claims_mod.STATUSES
    ]
    cov = coverage(snap)
    counts: Counter[str] = Counter()
    for fields in cov["areas"].values():
        counts.update(f["status"] for f in fields.values())
    page = _common(snap, lang, "index", "index.html")
    page.update(
        argument=t["argument_text"],
        data_says=t["data_says_text"].format(n=len(snap.states), day=snap.day, claims=len(claims)),
        bases=[vocab.CLAIM_BASES.label(b, lang) for b in bases],
        headline=headline,
        claims_total=len(claims),
        coverage_counts=dict(counts),
        areas=[{"id": st.area.id, "name": _name(st.area, lang), "href": area_file(st.area.id)} for st in snap.states],
    )
    return page


def _name(area, lang: str) -> str:
    return area.names.zh if lang == "zh" else area.names.en


def tables_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "tables", "tables.html")
    page["tables"] = []
    for which in ("1", "2"):
        rows = table(snap, which)
        columns = list(rows[0]) if rows else []
        page["tables"].append(
            {
                "which": which,
                "csv": f"table{which}.csv",
                "columns": columns,
                "rows": [[_scalar(r.get(c)) for c in columns] for r in rows],
                "records": rows,
            }
        )
    return page


def figures_page(snap: Snapshot, lang: str, figure_errors: Mapping[str, str] = {}) -> dict[str, Any]:
    t = TEXTS[lang]
    page = _common(snap, lang, "figures", "figures.html")
    caption = t["caption_sources"].format(day=snap.day, version=page["data_version"])
    page["figures"] = [
        {
            "number": n,
            "src": f"figures/fig{n}.png",
            "svg": f"figures/fig{n}.svg",
            "reason": figure_errors.get(f"figures/fig{n}.png"),
            "caption": f"Fig. {n}. " + caption,
        }
        for n in FIGURES
    ]
    return page


def claims_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "claims", "claims.html")
    known = set(snap.atlas.sources)
    sections: dict[str, list[dict[str, Any]]] = {}
    for c in claims_mod.evaluate(snap):
        variants = {k: v for k, v in (c.get("variants") or {}).items() if k != "reproduced_by"}
        sections.setdefault(c["section"], []).append(
            {
                "id": c["id"],
                "quote": c["quote"],
                "paper_value": _scalar(c["paper_value"]),
                "computed_value": _scalar(c["computed_value"]),
                "variants": [
                    {"definition": k, "label": definition_label(k, lang), "value": _scalar(v)} for k, v in variants.items()
                ],
                "reproduced_by": (c.get("variants") or {}).get("reproduced_by") or [],
                "status": c["status"],
                "status_label": vocab.CLAIM_STATUSES.label(c["status"], lang),
                "basis": c["basis"],
                "basis_label": vocab.CLAIM_BASES.label(c["basis"], lang),
                "reason": c.get("reason") or "",
                "rests_on": c.get("rests_on") or "",
                "paper_source": "sources.html#src-paper",
                "unknown": [{"id": i, "href": area_file(i)} for i in c.get("unknown_ids") or []],
                "paper_only": [{"id": i, "href": area_file(i)} for i in c.get("paper_only_ids") or []],
                "sources": _links(c.get("source_ids"), known),
            }
        )
    page["sections"] = [{"section": s, "claims": rows} for s, rows in sections.items()]
    return page


def area_page(snap: Snapshot, area_id: str, lang: str, figure_errors: Mapping[str, str] = {}) -> dict[str, Any]:
    d = snap.describe(area_id)
    known = set(snap.atlas.sources)
    area = snap.atlas[area_id]
    page = _common(snap, lang, "area", area_file(area_id), title=_name(area, lang))
    names = d["names"]
    t = TEXTS[lang]
    page["names"] = [
        {"key": k, "label": t.get(f"name_{k}", k), "value": plain(v, lang)} for k, v in names.items() if k != "sources" and v
    ]
    page["names_sources"] = _links(names.get("sources"), known)
    page["approval"] = {
        "date": (d.get("approval") or {}).get("date"),
        "sources": _links((d.get("approval") or {}).get("sources"), known),
    }
    facts, unknown = [], []
    for field, f in (d.get("facts") or {}).items():
        status = f.get("status")
        row = {
            "field": field,
            "label": field_label(field, lang),
            "value": fact_label(field, f.get("value"), lang),
            "status": status,
            "status_label": t.get(status, status or "—"),
            "valid": f"{f.get('valid_from') or '…'} – {f.get('valid_to') or '…'}",
            "basis": t.get(f"basis_{f.get('basis')}", f.get("basis") or ""),
            "sources": _links(f.get("sources"), known),
            "note": f.get("note") or "",
        }
        facts.append(row)
        if f.get("status") != "known":
            unknown.append({"what": field_label(field, lang), "note": f.get("note") or row["status_label"]})
    for s in d.get("statistics") or []:
        if s.get("value") is None:
            what = f"{vocab.STAT_INDICATORS.label(s['indicator'], lang)} {s.get('year', '')}".strip()
            unknown.append({"what": what, "note": s.get("note") or ""})
    page["facts"] = facts
    page["unknowns"] = unknown
    page["events"] = [
        {
            "date": str(e.get("date")),
            "kind": vocab.EVENT_KINDS.label(e.get("kind"), lang) if e.get("kind") else "",
            "text": e.get(lang) or e.get("en") or "",
            "sources": _links(e.get("sources"), known),
        }
        for e in d.get("events") or []
        if str(e.get("date")) <= str(snap.day)  # ISO dates and their prefixes ("2009-04") compare as text
    ]
    stage = next((s for s in assess_all(snap) if s["id"] == area_id), None)
    page["stage"] = stage_rows(stage, lang) if stage is not None else []
    rows = typ.by_area(snap)
    row = next((r for r in rows["areas"] if r["id"] == area_id), {})
    page["typologies"] = [
        {
            "id": t["paper_typology"].format(var=field_label(typ.PAPER, lang)),
            "type": fact_label("org_type", row.get(typ.PAPER), lang),
        },
        *[
            {"id": ty["cited_as"], "type": _type_label(ty, row.get(ty["id"]), lang), "href": f"typologies.html#typ-{ty['id']}"}
            for ty in rows["typologies"]
        ],
    ]
    for key, kind in (("locator", "locator"), ("network", "network")):
        src = f"figures/{kind}-{area_id}.png"
        page[key] = {"src": src, "reason": figure_errors.get(src)}
    return page


def stage_rows(stage: dict[str, Any], lang: str) -> list[dict[str, str]]:
    """The development stage of an NNA (``stages.assess``) as labelled rows in ``lang``."""
    t = TEXTS[lang]
    band = stage.get("band")
    mission = stage.get("mission_completed")
    mission_text = vocab.MISSION_STATES.label("unknown" if mission is None else "completed" if mission else "not_completed", lang)
    if stage.get("mission_basis") in ("assumption", "override"):
        mission_text += f" ({t['mission_' + stage['mission_basis']]})"
    age = stage.get("age_years")
    values = {
        "stage": vocab.DEVELOPMENT_STAGES.label(stage["stage"], lang),
        "age_years": t["years"].format(n=age) if age is not None else vocab.UNKNOWN[lang == "zh"],
        "in_transition": plain(stage.get("in_transition"), lang),
        "band": t["band_text"].format(
            a=vocab.DEVELOPMENT_STAGES.label(band["between"][0], lang),
            b=vocab.DEVELOPMENT_STAGES.label(band["between"][-1], lang),
            start=f"{band['from_years']:g}",
            end=f"{band['by_years']:g}",
        )
        if band
        else "—",
        "expected_levels": plain([str(n) for n in stage.get("expected_levels") or []], lang, vocab.GOVERNANCE_LEVELS),
        "mission": mission_text,
        "gap": plain(stage.get("gap"), lang, vocab.GAPS),
        "risks": plain(stage.get("risks") or [], lang, vocab.RISKS),
        "recommendation": stage.get("recommendation_zh" if lang == "zh" else "recommendation") or "—",
    }
    return [{"key": k, "label": t[f"stage_{k}"], "value": v} for k, v in values.items()]


def _type_label(t: dict[str, Any], type_id: str | None, lang: str) -> str:
    if type_id is None:
        return "—"
    for ty in t["types"]:
        if ty["id"] == type_id:
            return ty["zh"] if lang == "zh" else ty["en"]
    return type_id


def areas_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "areas", "areas.html")
    page["areas"] = [
        {"id": st.area.id, "name": _name(st.area, lang), "approved": str(st.area.approval.date), "href": area_file(st.area.id)}
        for st in snap.states
    ]
    return page


def typologies_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "typologies", "typologies.html")
    data = typ.by_area(snap)
    ts = data["typologies"]
    page["paper_label"] = field_label(typ.PAPER, lang)
    page["agreement_title"] = TEXTS[lang]["agreement_of"].format(var=page["paper_label"])
    page["columns"] = [TEXTS[lang]["paper_typology"].format(var=page["paper_label"]), *[t["cited_as"] for t in ts]]
    page["rows"] = [
        {
            "name": r["name_zh"] if lang == "zh" else r["name_en"],
            "href": area_file(r["id"]),
            "cells": [fact_label("org_type", r.get(typ.PAPER), lang), *[_type_label(t, r.get(t["id"]), lang) for t in ts]],
        }
        for r in data["areas"]
    ]
    page["agreements"] = []
    for t in ts:
        ag = typ.agreement(snap, t["id"])
        types = list(dict.fromkeys(c["type"] for c in ag["cells"]))
        orgs = list(dict.fromkeys(c[typ.PAPER] for c in ag["cells"]))
        count = {(c["type"], c[typ.PAPER]): c["count"] for c in ag["cells"]}
        page["agreements"].append(
            {
                "id": t["id"],
                "title": t.get("title_zh") if lang == "zh" and t.get("title_zh") else t["title"],
                "citation": t["citation"],
                "source_href": f"sources.html#src-{t['source']}",
                "columns": [fact_label("org_type", o, lang) for o in orgs],
                "rows": [{"type": _type_label(t, ty, lang), "cells": [count[(ty, o)] for o in orgs]} for ty in types],
                "total": ag.get("total"),
            }
        )
    return page


def codebook_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "codebook", "codebook.html")
    rows = entries(lang)
    page["columns"] = list(rows[0]) if rows else []
    page["rows"] = [[_scalar(r.get(c)) for c in page["columns"]] for r in rows]
    return page


def coverage_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "coverage", "coverage.html")
    cov = coverage(snap)["areas"]
    fields = list(dict.fromkeys(f for fs in cov.values() for f in fs))
    page["fields"] = fields
    page["rows"] = [
        {
            "id": a,
            "href": area_file(a),
            "cells": [{"status": fs.get(f, {}).get("status", "—"), "n": fs.get(f, {}).get("sources", 0)} for f in fields],
        }
        for a, fs in cov.items()
    ]
    return page


def sources_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "sources", "sources.html")
    page["sources"] = [
        {
            "id": s.id,
            "kind": s.kind,
            "title": (s.title_zh if lang == "zh" else s.title_en) or s.title_en or s.title_zh or s.citation or s.id,
            "issuer": s.issuer or "",
            "doc_number": s.doc_number or "",
            "date": str(s.date) if s.date else "",
            "url": s.url or "",
            "authors": ", ".join(s.authors or []),
            "journal": s.journal or "",
            "doi": s.doi or "",
        }
        for s in snap.atlas.sources.values()
    ]
    return page


def cite_page(snap: Snapshot, lang: str) -> dict[str, Any]:
    page = _common(snap, lang, "cite", "cite.html")
    page.update(
        package_version=VERSION,
        paper_doi=PAPER_DOI,
        citation=citation(page["data_version"]),
    )
    return page


def site(snap: Snapshot, lang: str = "en", figure_errors: Mapping[str, str] = {}) -> list[dict[str, Any]]:
    """Every page of the report for the snapshot, in order: the fixed pages, then one per NNA."""
    check_lang(lang)
    pages = [
        index_page(snap, lang),
        tables_page(snap, lang),
        figures_page(snap, lang, figure_errors),
        claims_page(snap, lang),
        areas_page(snap, lang),
        typologies_page(snap, lang),
        codebook_page(snap, lang),
        coverage_page(snap, lang),
        sources_page(snap, lang),
        cite_page(snap, lang),
    ]
    pages += [area_page(snap, st.area.id, lang, figure_errors) for st in snap.states]
    return pages


def page_files(snap: Snapshot) -> list[str]:
    """The file name of every page of the report for the snapshot."""
    return [
        *(("index.html" if k == "index" else f"{k}.html") for k in PAGE_KINDS),
        *(area_file(st.area.id) for st in snap.states),
    ]
