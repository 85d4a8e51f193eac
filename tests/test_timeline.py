"""As-of logic on hand-made records with known answers, and its properties."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from nnatlas.atlas.timeline import resolve
from nnatlas.ingest.dates import PartialDate, as_of
from nnatlas.ingest.models import Fact


def test_interval_values_change_on_their_start(mini):
    assert mini.state("alpha", "2014-12-31").value("org_type") == "management_committee"
    assert mini.state("alpha", "2015-07-01").value("org_type") == "government"
    assert mini.state("alpha", "2016-02-29").value("planning_area_km2", "approved_land") == 100
    # a month-precision start counts from the month's first day
    assert mini.state("alpha", "2016-03-01").value("planning_area_km2", "approved_land") == 150


def test_corroborating_records_merge_their_sources(mini):
    s = mini.state("alpha", "2018-12-31").facts[("org_type", None)]
    assert s.status == "known"
    assert {r.id for r in s.sources} == {"doc-b", "paper"}
    assert str(s.since) == "2015-07-01"


def test_dispute_keeps_both_values_and_uses_the_preferred(mini):
    s = mini.state("alpha", "2012").facts[("rank", None)]
    assert s.status == "disputed"
    assert s.value == "sub_provincial"
    assert [v for v, _ in s.alternatives] == ["prefecture"]


def test_unknown_is_explicit(mini):
    s = mini.state("alpha", "2012").facts[("trusteeship", None)]
    assert s.status == "unknown" and s.value is None and "searched" in s.note


def test_attestation_holds_from_its_date_only(mini):
    assert mini.state("beta", "2017-12-31").value("org_type") is None
    assert mini.state("beta", "2018-06-30").value("org_type") == "leadership_group"


def test_units_and_bodies_follow_their_intervals(mini):
    before = {u.code for u in mini.state("alpha", "2018-05-31").units}
    after = {u.code for u in mini.state("alpha", "2018-06-01").units}
    assert "110102" in before and "110102" not in after
    assert [b.id for b in mini.state("alpha", "2014").bodies] == ["gov", "mc"]
    assert [b.id for b in mini.state("alpha", "2016").bodies] == ["gov"]
    assert mini.state("alpha", "2016").relations == []


def test_areas_exist_from_their_approval(mini):
    assert [s.area.id for s in mini.states("2014-12-31")] == ["alpha"]
    assert [s.area.id for s in mini.states("2015-06-30")] == ["alpha", "beta"]
    assert mini.states("2009-12-31") == []


@pytest.mark.parametrize(
    ("text", "first", "last"),
    [
        ("2018", dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
        ("2016-02", dt.date(2016, 2, 1), dt.date(2016, 2, 29)),
        ("2014-01-06", dt.date(2014, 1, 6), dt.date(2014, 1, 6)),
    ],
)
def test_partial_dates(text, first, last):
    d = PartialDate.parse(text)
    assert (d.first_day, d.last_day, str(d)) == (first, last, text)


@pytest.mark.parametrize("bad", ["2018-13-45", "yesterday", "18-01-01", "2018/01/01", "2019-02-29"])
def test_bad_dates_say_what_is_accepted(bad):
    from nnatlas import DateError

    with pytest.raises(DateError, match="YYYY-MM-DD"):
        as_of(bad)


# --- properties ------------------------------------------------------------------------------

days = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))
records = st.lists(st.tuples(days, st.sampled_from(["a", "b", "c"]), st.booleans()), min_size=1, max_size=6)


def _facts(spec):
    return [
        Fact(
            field="org_type",
            value=v,
            start=PartialDate(d) if not att else None,
            as_of=PartialDate(d) if att else None,
            sources=["s"],
            preferred=(i == 0),
        )
        for i, (d, v, att) in enumerate(spec)
    ]


@settings(max_examples=200, deadline=None)
@given(records, records, days)
def test_state_at_d_depends_only_on_records_begun_by_d(spec, later, day):
    """Adding records that begin after D never changes the state on D."""
    base = _facts(spec)
    extra = [f for f in _facts(later) if f.begins.first_day > day]
    extra = [f.model_copy(update={"preferred": False}) for f in extra]
    a, b = resolve(base, day), resolve(base + extra, day)
    assert (a and (a.value, a.status)) == (b and (b.value, b.status))


@settings(max_examples=200, deadline=None)
@given(records, days)
def test_record_order_does_not_matter(spec, day):
    """Records are applied in date order whatever order the file lists them in."""
    facts = _facts(spec)
    a, b = resolve(facts, day), resolve(list(reversed(facts)), day)
    assert (a and (a.value, a.status)) == (b and (b.value, b.status))


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(days, st.sampled_from(["a", "b", "c"])), min_size=1, max_size=6, unique_by=lambda t: t[0]), days)
def test_latest_started_interval_record_wins(spec, day):
    """With distinct start days and no attestations, the state is the last value started by D."""
    facts = [Fact(field="org_type", value=v, start=PartialDate(d), sources=["s"]) for d, v in spec]
    begun = sorted((d, v) for d, v in spec if d <= day)
    state = resolve(facts, day)
    assert (state.value if state else None) == (begun[-1][1] if begun else None)


def test_an_unknown_record_never_ends_a_known_value():
    known = Fact(field="org_type", value="management_committee", as_of=PartialDate.parse("2016-12"), sources=["s"])
    later_unknown = Fact(field="org_type", value=None, start=PartialDate.parse("2018"), sources=[], note="not found")
    state = resolve([known, later_unknown], dt.date(2018, 12, 31))
    assert (state.value, state.status) == ("management_committee", "known")
