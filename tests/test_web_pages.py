"""The web atlas's pages rendered without a browser (``pages.build`` through ``site.environment()``):
labels instead of data keys and Python values, one citation, errors in the page's language.

Expected words come from the vocabularies, the framework registry and the page texts, never from
the rendered pages.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

import nnatlas as na
from nnatlas.analysis.framework.stages import assess_all
from nnatlas.ingest import vocab
from nnatlas.outputs import release_info
from nnatlas.outputs.export.meta import data_version
from nnatlas.web import pages, site
from nnatlas.web.text import TEXTS

WEB = Path(pages.__file__).parent
#: The names of a names record and of a stage record: keys of the data, never headings.
NAME_KEYS = ("zh_short", "pinyin", "aliases")
STAGE_KEYS = ("in_transition", "expected_levels", "mission_basis", "age_years", "risks")


@pytest.fixture(scope="module")
def atlas():
    return na.load()


@pytest.fixture(scope="module")
def env():
    return site.environment()


def render(env, kind: str, snap, lang: str, **params) -> str:
    page = pages.build(kind, snap, lang, params)
    return env.get_template(page["template"]).render(page)


def visible(markup: str) -> str:
    """The text a reader sees: no scripts (the page data), no tags or attributes."""
    markup = re.sub(r"<script\b.*?</script>", " ", markup, flags=re.S)
    return html.unescape(re.sub(r"<[^>]+>", " ", markup))


def cells(markup: str) -> list[str]:
    return [html.unescape(re.sub(r"<[^>]+>", "", c)).strip() for c in re.findall(r"<t[dh]\b[^>]*>(.*?)</t[dh]>", markup, re.S)]


def _areas_with_stage_and_unknowns(snap) -> list[str]:
    """Every NNA of the day that has a stage record (the stage section is where Python values showed)."""
    return [s["id"] for s in assess_all(snap)]


@pytest.mark.parametrize("day", ["2016-12-31", "2024-06-30"])
def test_the_chinese_nna_page_shows_labels_not_keys_or_python_values(atlas, env, day):
    snap = atlas.at(day)
    ids = _areas_with_stage_and_unknowns(snap)
    assert "ganjiang" in ids or day < "2016-06-06"
    fields = {f.split(":")[0] for st in snap.states for f in snap.describe(st.area.id).get("facts") or {}}
    assert "direct_management_area" in fields, "the data no longer has the field the check is about"
    keys = (*fields, *NAME_KEYS, *STAGE_KEYS, "org_type", "approved_land", "interval", "attested")
    for area_id in ids:
        markup = render(env, "area", snap, "zh", id=area_id)
        text = visible(markup)
        for key in (k for k in keys if "_" in k):  # a data key, never a word of prose
            assert not re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", text), (area_id, key)
        headings = [*re.findall(r"<th\b[^>]*>(.*?)</th>", markup, re.S), *re.findall(r"<strong>(.*?)</strong>", markup)]
        headings = [html.unescape(re.sub(r"<[^>]+>", "", h)).strip() for h in headings]
        for key in keys:
            assert not [h for h in headings if re.search(rf"(?<![\w-]){re.escape(key)}(?![\w-])", h)], (area_id, key)
        table_cells = cells(markup)
        for python in ("True", "False", "None", "[]", "{}"):
            assert python not in table_cells, (area_id, python)
        assert not [c for c in table_cells if c.startswith("[") or c.startswith("{")], area_id
        for status in ("known", "unknown", "disputed"):
            assert status not in table_cells, (area_id, status)
        assert not re.findall(r'href="//', markup), (area_id, "a link to another host")


def test_the_chinese_nna_page_uses_the_vocabularies_labels(atlas, env):
    snap = atlas.at("2024-06-30")
    text = visible(render(env, "area", snap, "zh", id="ganjiang"))
    stage = next(s for s in assess_all(snap) if s["id"] == "ganjiang")
    assert vocab.DEVELOPMENT_STAGES.label(stage["stage"], "zh") in text
    for level in stage["expected_levels"]:
        assert vocab.GOVERNANCE_LEVELS.label(str(level), "zh") in text
    for risk in stage["risks"]:
        assert vocab.RISKS.label(risk, "zh") in text
    assert f"{vocab.AREA_DEFINITIONS.label('approved_land', 'zh')}" in text
    aliases = snap.atlas["ganjiang"].names.aliases
    assert "、".join(aliases) in text


def test_a_locator_that_cannot_be_drawn_says_why_in_the_page_language(atlas):
    snap = atlas.at("2016-01-01")
    later = next(a for a in atlas if a.approval.date.first_day > snap.day)
    for lang in ("zh", "en"):
        page = pages.build("area", snap, lang, {"id": later.id})
        for fig in (page["locator"], page["network"]):
            assert fig["reason"] and str(later.approval.date) in fig["reason"]
            assert bool(re.search(r"[\u4e00-\u9fff]", fig["reason"])) == (lang == "zh"), fig["reason"]


def test_the_about_page_cites_as_nnatlas_info_does(atlas, env):
    snap = atlas.at("2018-12-31")
    expected = release_info.citation(data_version(atlas).version)
    for lang in ("en", "zh"):
        markup = render(env, "about", snap, lang)
        cite = re.search(r'<pre class="cite" id="citation">(.*?)</pre>', markup, re.S)
        assert cite and html.unescape(cite.group(1)) == expected


def test_the_about_page_lists_the_related_chinese_article_from_its_record(atlas, env):
    snap = atlas.at("2018-12-31")
    src = next(s for s in atlas.sources.values() if s.doi == "10.19830/j.upi.2020.413")
    assert src.id in atlas.sources["paper"].related
    text = visible(render(env, "about", snap, "zh"))
    for value in (*src.authors, src.title_zh, src.journal, src.doi, f"{src.date.first_day.year}({src.issue})"):
        assert value in text, value


def test_sources_have_no_date_picker_but_keep_the_date_in_links(atlas, env):
    snap = atlas.at("2018-12-31")
    markup = render(env, "sources", snap, "zh")
    assert 'class="date-form"' not in markup
    assert "at=2018-12-31" in markup
    assert 'class="date-form"' in render(env, "about", snap, "zh")


def test_the_typologies_and_claims_pages_show_labels_of_the_paper_variable_and_definitions(atlas, env):
    snap = atlas.at("2018-12-31")
    org = pages.framework.REGISTRY["level.org_type"].title("zh")
    typ = visible(render(env, "typologies", snap, "zh"))
    assert "org_type" not in typ and org in typ
    claims = render(env, "claims", snap, "zh")
    shown = re.findall(r'<li data-definition="([^"]+)">([^:<]+):', claims)
    assert shown, "no claim lists its definitions"
    for key, label in shown:
        if key in vocab.AREA_DEFINITIONS:
            assert label == vocab.AREA_DEFINITIONS.label(key, "zh")
    assert "paper_only" not in visible(claims)


def test_the_compare_page_says_what_its_planning_area_is(atlas, env):
    snap = atlas.at("2016-12-31")
    for lang in ("en", "zh"):
        text = visible(render(env, "compare", snap, lang))
        assert vocab.AREA_DEFINITIONS.label("approved_land", lang).lower() in text.lower()
        assert vocab.AREA_DEFINITIONS.label("approved_sea", lang) in text


def _codes() -> set[str]:
    """Every error code the server's modules name (``WebError(status, "code", …)`` and choices)."""
    source = "\n".join(p.read_text(encoding="utf-8") for p in WEB.glob("*.py"))
    codes = set(re.findall(r'WebError\(\s*\d+,\s*"([a-z_]+)"', source))
    codes |= set(re.findall(r'"(bad_[a-z_]+)"\)', source))
    return codes


def test_every_error_code_has_a_line_in_each_language(env):
    codes = _codes()
    assert {"unknown_area", "not_found", "bad_format", "bad_figure"} <= codes
    for code in codes:
        for lang in ("en", "zh"):
            assert TEXTS[lang].get(f"err_{code}"), (code, lang)
    context = {
        **pages.chrome("zh"),
        "status": 404,
        "message": "unknown New Area 'nowhere'",
        "error": {"status": 404, "code": "unknown_area", "message": "unknown New Area 'nowhere'"},
    }
    text = visible(env.get_template("error.html").render(context))
    assert TEXTS["zh"]["err_unknown_area"] in text
    assert text.index(TEXTS["zh"]["err_unknown_area"]) < text.index("unknown New Area 'nowhere'")
