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
