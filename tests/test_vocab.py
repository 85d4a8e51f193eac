"""The vocabulary is the one list of terms: every closed field of the models takes exactly its terms."""

from __future__ import annotations

import typing

import pytest

from nnatlas.ingest import models, vocab

# model field -> the vocabulary its Literal must equal
FIELDS = {
    (models.Source, "kind"): vocab.SOURCE_KINDS,
    (models.Unit, "level"): vocab.UNIT_LEVELS,
    (models.Unit, "coverage"): vocab.COVERAGE,
    (models.Unit, "role"): vocab.UNIT_ROLES,
    (models.Event, "kind"): vocab.EVENT_KINDS,
    (models.Statistic, "indicator"): vocab.STAT_INDICATORS,
    (models.Statistic, "scope"): vocab.STAT_SCOPES,
    (models.Statistic, "vintage"): vocab.STAT_VINTAGES,
    (models.Body, "kind"): vocab.BODY_KINDS,
    (models.Body, "rank"): vocab.RANKS,
    (models.Relation, "kind"): vocab.RELATION_KINDS,
    (models.NewArea, "kind"): vocab.AREA_KINDS,
}


def literal_terms(annotation) -> set[str]:
    """The string terms of a Literal, looking through ``X | None``."""
    if typing.get_origin(annotation) is typing.Literal:
        return set(typing.get_args(annotation))
    return {t for arg in typing.get_args(annotation) for t in literal_terms(arg)}


@pytest.mark.parametrize(("model", "field"), list(FIELDS))
def test_model_literals_are_the_vocabulary(model, field):
    assert literal_terms(model.model_fields[field].annotation) == set(FIELDS[(model, field)])


def test_every_closed_model_field_is_covered():
    closed = {
        (m, name)
        for m in (models.Source, models.Unit, models.Event, models.Statistic, models.Body, models.Relation, models.NewArea)
        for name, info in m.model_fields.items()
        if literal_terms(info.annotation)
    }
    assert closed == set(FIELDS)


def test_fact_fields_use_vocabularies_the_models_share():
    for name, (kind, terms, _, meaning) in vocab.FACT_FIELDS.items():
        assert meaning, name
        assert (kind == "enum") == (terms is not None), name


def test_every_term_has_a_meaning():
    for vocabulary in (
        *{id(v): v for v in FIELDS.values()}.values(),
        vocab.ORG_TYPES,
        vocab.SOCIAL_FUNCTIONS,
        vocab.MANAGEMENT_MODES,
    ):
        assert all(isinstance(m, str) and m.strip() for m in vocabulary.values())


def _has_cjk(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


@pytest.mark.parametrize(("name", "terms"), list(vocab.all_terms()))
def test_every_term_has_an_english_and_a_chinese_label(name, terms):
    assert set(terms.labels) == set(terms), name
    for term, (en, zh) in terms.labels.items():
        assert en.strip() and not _has_cjk(en), f"{name}.{term}: English label {en!r}"
        assert _has_cjk(zh), f"{name}.{term}: Chinese label {zh!r}"


def test_every_variable_has_both_labels_and_labelled_categories():
    from nnatlas.analysis.framework import REGISTRY

    for var in REGISTRY.values():
        en, zh = var.label
        assert en.strip() and not _has_cjk(en) and _has_cjk(zh), var.key
        if var.categories:  # a categorical variable's values are the terms of a vocabulary, with their labels
            assert isinstance(var.categories, vocab.Terms), var.key


def test_value_labels():
    assert vocab.value_label("government", vocab.ORG_TYPES, "zh") == "政府型"
    assert vocab.value_label(None, vocab.ORG_TYPES, "zh") == "未知"
    assert vocab.value_label(True, None, "en") == "Yes"
    assert vocab.value_label("not_a_term", vocab.ORG_TYPES) == "not_a_term"
