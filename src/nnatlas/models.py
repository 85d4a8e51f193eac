"""The typed domain: sources, dated facts, units, events, statistics, bodies and relations.

Records are immutable pydantic models. Field-level meaning and the closed vocabularies live in
``vocab.py``; cross-record rules (sources exist, intervals in order, disputes resolved) live in
``validate.py``.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, PlainSerializer, field_validator

from .dates import PartialDate


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
    kind: Literal[
        "state_council_document",
        "government_document",
        "official_site",
        "statistics",
        "news",
        "encyclopaedia",
        "academic",
        "paper",
        "reference_work",
    ]
    title_zh: str | None = None
    title_en: str | None = None
    issuer: str | None = None
    doc_number: str | None = None
    date: Date | None = None
    url: str | None = None
    citation: str | None = None
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
    level: Literal["prefecture", "county", "township"]
    coverage: Literal["whole", "part", "unknown"] = "unknown"
    role: Literal["direct_management"] | None = None


class Event(_Record):
    """A dated happening in an NNA's history."""

    date: Date
    kind: Literal[
        "announced",
        "approved",
        "inaugurated",
        "district_established",
        "org_change",
        "rank_change",
        "area_change",
        "boundary_change",
        "merger",
        "leadership_group_established",
        "plan_approved",
        "institution_change",
        "other",
    ]
    en: str
    zh: str | None = None
    sources: Refs
    note: str | None = None


class Statistic(_Record):
    """An annual figure (GDP, population, land area) with its scope."""

    indicator: Literal["gdp_100m_yuan", "population_10k", "land_area_km2"]
    year: int
    value: float | None
    scope: Literal["whole", "direct_management", "other"] = "whole"
    vintage: Literal["first_published", "revised"] | None = None
    sources: Refs
    note: str | None = None
    preferred: bool = False


class Body(Dated):
    """A governance body: a node of the governance network."""

    id: str
    kind: Literal[
        "state_council",
        "provincial_party_committee",
        "provincial_government",
        "leadership_group",
        "municipal_party_committee",
        "municipal_government",
        "district_government",
        "county_government",
        "management_committee",
        "party_working_committee",
        "district_party_committee",
        "functional_area_committee",
        "township",
        "street",
        "other",
    ]
    name_zh: str | None = None
    name_en: str | None = None
    rank: (
        Literal[
            "national",
            "provincial",
            "sub_provincial",
            "prefecture",
            "sub_prefecture",
            "county",
            "sub_county",
            "township",
        ]
        | None
    ) = None
    unit: Adcode | None = None


class Relation(Dated):
    """A typed, directed relation between two bodies."""

    kind: Literal[
        "approves",
        "leads",
        "dispatches",
        "entrusts",
        "holds_in_trust",
        "coordinates",
        "reviews_files",
        "delegates_county_authority",
        "hosts",
    ]
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
    """One State-level New Area with its whole sourced, dated record."""

    id: str
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
    def approved(self) -> dt.date | None:
        return self.approval.date.first_day if self.approval.date else None

    @property
    def history_start(self) -> PartialDate | None:
        """The earliest date a dated record may carry: the approval or an earlier predecessor."""
        dates = [p.start for p in self.predecessors if p.start]
        if self.approval.date:
            dates.append(self.approval.date)
        return min(dates) if dates else None
