"""Invariants of the curated dataset. They check structure and sourcing, not values that a future
correction may change."""

from __future__ import annotations

import re

import pytest

import nnatlas as na

IDS = [
    "pudong",
    "binhai",
    "liangjiang",
    "zhoushan",
    "lanzhou",
    "nansha",
    "xixian",
    "guian",
    "xihaian",
    "jinpu",
    "tianfu",
    "xiangjiang",
    "jiangbei",
    "fuzhou",
    "dianzhong",
    "harbin",
    "changchun",
    "ganjiang",
    "xiongan",
]


@pytest.fixture(scope="module")
def atlas():
    return na.load()


def test_the_packaged_data_is_valid():
    report = na.validate()
    assert report.valid, "\n".join(str(p) for p in report.errors)


def test_all_19_ids(atlas):
    assert sorted(atlas.ids) == sorted(IDS)


def test_regional_split_of_the_statistics_bureau_scheme(atlas):
    regions = [atlas.region(a) for a in atlas]
    assert {r: regions.count(r) for r in set(regions)} == {"east": 8, "central": 2, "west": 6, "northeast": 3}


def test_every_record_names_a_source_that_exists(atlas):
    for area in atlas:
        assert area.names.sources and area.approval.sources
        for kind in ("facts", "units", "events", "statistics", "bodies", "relations"):
            for record in getattr(area, kind):
                if getattr(record, "value", True) is None:
                    assert record.note, (area.id, kind)  # unknown is explained
                    continue
                assert record.sources, (area.id, kind, record)
                for ref in record.sources:
                    assert ref.id in atlas.sources, (area.id, kind, ref.id)


def test_every_source_can_be_found_again(atlas):
    """A URL, a citation, a document number, or (for a document) its exact title, issuer and date."""
    for src in atlas.sources.values():
        document = src.kind.endswith("document") and src.title_zh and src.issuer and src.date
        assert src.url or src.citation or src.doc_number or document, src.id
        assert src.title_en or src.title_zh or src.kind == "paper", src.id


def test_codes_are_gbt2260_and_inside_the_province(atlas):
    for area in atlas:
        assert re.fullmatch(r"\d{2}0000", area.province)
        for unit in area.units:
            if unit.level != "township":
                assert re.fullmatch(r"\d{6}", unit.code) and unit.code[:2] == area.province[:2]


def test_every_nna_has_county_units_and_a_planning_area_at_the_papers_date(atlas):
    for st in atlas.states("2018-12-31"):
        assert st.counties, st.area.id
        areas = [s.value for (f, q), s in st.facts.items() if f == "planning_area_km2" and s.value]
        assert areas, st.area.id


@pytest.mark.parametrize(
    ("alias", "nna"),
    [
        ("Xi'xian", "xixian"),
        ("Ha'erbin", "harbin"),
        ("Zhoushan Islands", "zhoushan"),
        ("Xi'an New Area", "xixian"),
        ("Shaanxi New Area", "xixian"),
        ("West Coast New Area", "xihaian"),
        ("Gui'an", "guian"),
        ("两江新区", "liangjiang"),
        ("Zhoushan Island New Area", "zhoushan"),
        ("雄安新区", "xiongan"),
    ],
)
def test_the_papers_spellings_resolve(atlas, alias, nna):
    assert atlas.resolve(alias) == nna


def test_a_phrase_suggests_the_area_it_names(atlas):
    with pytest.raises(na.UnknownAreaError, match="did you mean 'tianfu'"):
        atlas.resolve("Tianfu New Area in Sichuan")


def test_every_packaged_area_is_a_state_level_new_area(atlas):
    assert {a.kind for a in atlas} == {"state_level"}
    assert len(atlas.at("2018-12-31").state_level) == 19


def test_the_paper_and_its_chinese_counterpart_carry_their_citation(atlas):
    paper, zh = atlas.sources["paper"], atlas.sources["paper-zh-2021"]
    assert paper.doi == "10.1007/s44243-024-00028-z" and paper.url.endswith(paper.doi)
    assert paper.journal == "Frontiers of Urban and Rural Planning"
    assert zh.doi == "10.19830/j.upi.2020.413" and zh.authors and zh.journal and zh.issue == "2"
    assert zh.id in paper.related and paper.id in zh.related
    for src in atlas.sources.values():
        for doi in filter(None, [src.doi]):
            assert re.fullmatch(r"10\.\d{4,9}/\S+", doi), src.id


# words of the workshop the data was made in, which mean nothing to a reader of the data
WORKSHOP = re.compile(
    r"stored (source|text|corpus|page|excerpt|history)|\bcorpus\b|\bcorpora\b|\bseed\b|project brief|\bthe brief\b"
    r"|find_string|read_file|search tool|searched pages\b|pages corpus|code index|\bhelper\b|/work/|shared/seed|000_3cf928bf",
    re.IGNORECASE,
)


def _texts(value):
    if isinstance(value, dict):
        for v in value.values():
            yield from _texts(v)
    elif isinstance(value, list):
        for v in value:
            yield from _texts(v)
    elif isinstance(value, str):
        yield value


def test_notes_speak_to_a_reader_of_the_data():
    import yaml

    from nnatlas.ingest.datasets import packaged_data_dir

    for path in sorted(packaged_data_dir().rglob("*.yaml")):
        for text in _texts(yaml.safe_load(path.read_text(encoding="utf-8"))):
            assert not WORKSHOP.search(text), f"{path.name}: {text}"
