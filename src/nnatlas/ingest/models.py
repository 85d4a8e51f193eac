"""The typed domain: sources, dated facts, units, events, statistics, bodies and relations.

Records are immutable pydantic models. Field-level meaning and the closed vocabularies live in
``vocab.py``, and every closed ``Literal`` below is built from it (:func:`terms`), so a term is
written once; record checks live in ``checks.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator

from nnatlas.ingest import vocab
from nnatlas.ingest.dates import PartialDate


def terms(vocabulary: dict[str, str]) -> Any:
    """The ``Literal`` type of a vocabulary's terms: ``terms(vocab.ORG_TYPES)``."""
    return Literal[tuple(vocabulary)]  # type: ignore[valid-type]


def _to_partial(value: Any) -> PartialDate:
    return PartialDate.parse(value)


Date = Annotated[PartialDate, BeforeValidator(_to_partial), PlainSerializer(str, return_type=str)]
Adcode = Annotated[str, BeforeValidator(lambda v: str(v) if isinstance(v, int) else v)]


class SourceRef(BaseModel):
    """A pointer to a source, with an optional locator (section, page, article)."""

    model_config = ConfigDict(frozen=True)
    id: str
    locator: str | None = None

    @classmethod
    def parse(cls, text: str) -> SourceRef:
        source_id, _, locator = str(text).strip().partition(" ")
        return cls(id=source_id, locator=locator.strip() or None)

    def __str__(self) -> str:
        return f"{self.id} {self.locator}" if self.locator else self.id


def _refs(value: Any) -> Any:
    if isinstance(value, (str, dict)):
        value = [value]
    if value is None:
        return []
    if not isinstance(value, (list, tuple)):
        return value  # let pydantic report the type error
    return [SourceRef.parse(v) if isinstance(v, str) else v for v in value]


Refs = Annotated[tuple[SourceRef, ...], BeforeValidator(_refs)]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Record):
    """A document, page or work that facts cite."""

    id: str
    kind: terms(vocab.SOURCE_KINDS)
    title_zh: str | None = None
    title_en: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: Date | None = None
    url: str | None = None
    citation: str | None = None
    # bibliographic details of an article (all optional; only what a source confirms)
    authors: tuple[str, ...] = ()
    journal: str | None = None
    volume: str | None = None
    issue: str | None = None
    pages: str | None = None  # a page range, or the article number of a journal without pages
    doi: str | None = None  # bare DOI, without https://doi.org/
    accessed: Date | None = None
    note: str | None = None
    related: tuple[str, ...] = ()  # ids of other sources this one is linked to (a translation, a reprint)

    @property
    def title(self) -> str:
        return self.title_en or self.title_zh or self.id


class Dated(_Record):
    """A record valid from ``start`` (inclusive) to ``end`` (exclusive, optional).

    When the start is not known, ``as_of`` instead attests that the record held by then.
    """

    start: Date | None = None
    as_of: Date | None = None
    end: Date | None = None
    sources: Refs
    note: str | None = None

    @property
    def begins(self) -> PartialDate:
        return self.start or self.as_of  # type: ignore[return-value]

    @property
    def attested(self) -> bool:
        return self.start is None


class Fact(Dated):
    """One value of one field over a validity interval, or attested as of a date.

    ``start`` marks when the value began; ``as_of`` instead says only that it held then (the
    paper's classifications are such attestations). Exactly one of the two is given.
    """

    field: str
    qualifier: str | None = None
    value: bool | int | float | str | None
    preferred: bool = False


class Unit(Dated):
    """A constituent administrative unit, by GB/T 2260 code (statistics code for townships)."""

    code: Adcode | None
    name_zh: str
    name_en: str | None = None
    level: terms(vocab.UNIT_LEVELS)
    coverage: terms(vocab.COVERAGE) = "unknown"
    role: terms(vocab.UNIT_ROLES) | None = None


class Event(_Record):
    """A dated happening in an NNA's history."""

    date: Date
    kind: terms(vocab.EVENT_KINDS)
    en: str
    zh: str | None = None
    sources: Refs
    note: str | None = None


class Statistic(_Record):
    """An annual figure (GDP, population, land area) with its scope."""

    indicator: terms(vocab.STAT_INDICATORS)
    year: int
    value: float | None
    scope: terms(vocab.STAT_SCOPES) = "whole"
    vintage: terms(vocab.STAT_VINTAGES) | None = None
    sources: Refs
    note: str | None = None
    preferred: bool = False


class Body(Dated):
    """A governance body: a node of the governance network."""

    id: str
    kind: terms(vocab.BODY_KINDS)
    name_zh: str | None = None
    name_en: str | None = None
    rank: terms(vocab.RANKS) | None = None
    unit: Adcode | None = None


class Relation(Dated):
    """A typed, directed relation between two bodies."""

    kind: terms(vocab.RELATION_KINDS)
    from_: str = Field(alias="from")
    to: str

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class Names(_Record):
    zh: str
    zh_short: str | None = None
    en: str
    pinyin: str | None = None
    aliases: tuple[str, ...] = ()
    sources: Refs
    note: str | None = None


class DatedMark(_Record):
    """A single dated milestone (approval, inauguration); ``date`` null when unknown."""

    date: Date | None
    sources: Refs = ()
    note: str | None = None


class Predecessor(_Record):
    """A body or zone that preceded the NNA (e.g. a provincial-level new area before national status)."""

    name_zh: str
    name_en: str | None = None
    start: Date | None = None
    end: Date | None = None
    sources: Refs
    note: str | None = None


class NewArea(_Record):
    """One New Area with its whole sourced, dated record.

    ``kind`` says what kind of zone it is (:data:`vocab.AREA_KINDS`): the packaged data are the 19
    State-level New Areas; a user's extension may add a provincial-level new area or another zone,
    which every count of the paper's "19 NNAs" leaves out.
    """

    id: str
    kind: terms(vocab.AREA_KINDS)
    names: Names
    province: Adcode
    approval: DatedMark
    inauguration: DatedMark | None = None
    predecessors: tuple[Predecessor, ...] = ()
    facts: tuple[Fact, ...] = ()
    units: tuple[Unit, ...] = ()
    events: tuple[Event, ...] = ()
    statistics: tuple[Statistic, ...] = ()
    bodies: tuple[Body, ...] = ()
    relations: tuple[Relation, ...] = ()

    @field_validator("predecessors", "facts", "units", "events", "statistics", "bodies", "relations", mode="before")
    @classmethod
    def _none_is_empty(cls, value: Any) -> Any:
        return () if value is None else value

    @property
    def state_level(self) -> bool:
        """Whether this is a State-level New Area (one of those the paper counts)."""
        return self.kind == "state_level"

    @property
    def approved(self) -> dt.date | None:
        return self.approval.date.first_day if self.approval.date else None

    @property
    def history_start(self) -> PartialDate | None:
        """The earliest date a dated record may carry: the approval or an earlier predecessor."""
        dates = [p.start for p in self.predecessors if p.start]
        if self.approval.date:
            dates.append(self.approval.date)
        return min(dates) if dates else None
