"""Export round trips: what is read back equals what was written, typed, in every format; and
every format says its date and the data version."""

from __future__ import annotations

import datetime as dt
import json
import sqlite3

import openpyxl
import pandas as pd
import pytest

import nnatlas as na
from nnatlas.core.files import atomic_path
from nnatlas.outputs.export import export, frame
from nnatlas.outputs.export.meta import UNVERSIONED, data_semver, data_version, export_meta
from nnatlas.outputs.export.schema import LINKS, SCHEMAS, VALUE_TYPES, build
from nnatlas.outputs.export.writers import CSV_FALSE, CSV_TRUE, STATA_RENAMES

DAY = dt.date(2018, 12, 31)


@pytest.fixture
def snap(mini):
    return mini.at("2018-12-31")


@pytest.fixture
def tables(snap):
    return build(snap)


@pytest.fixture(scope="module")
def real():
    """The packaged data at the paper's date: it has every value type (the mini data has no booleans)."""
    return na.load().at(DAY)


@pytest.fixture(scope="module")
def real_tables(real):
    return build(real)


def _expected(name, tables):
    return frame(name, tables[name])


def read_csv(path, name):
    """A CSV file read back with the types its datapackage.json declares."""
    schema = SCHEMAS[name]
    kinds = {"string": "string", "integer": "Int64", "number": "Float64"}
    df = pd.read_csv(
        path,
        dtype={c.name: kinds.get(c.type, "string") for c in schema.columns},
        keep_default_na=False,
        na_values=[""],
        encoding="utf-8",
    )
    for c in schema.columns:
        if c.type == "boolean":
            df[c.name] = df[c.name].map({CSV_TRUE: True, CSV_FALSE: False}).astype("boolean")
        elif c.type == "date":
            df[c.name] = df[c.name].astype(object).map(lambda v: None if v is pd.NA else dt.date.fromisoformat(v))
    return df


# --- the tables -----------------------------------------------------------------------------------
def test_a_value_is_in_exactly_one_typed_column(real_tables):
    kinds = {"string": "value_text", "number": "value_number", "integer": "value_number", "boolean": "value_bool"}
    for name in ("facts", "state"):
        rows = real_tables[name]
        assert {r["value_type"] for r in rows} == set(VALUE_TYPES), name  # the real data has every type
        for r in rows:
            filled = [k for k in ("value_text", "value_number", "value_bool") if r[k] is not None]
            assert filled == ([kinds[r["value_type"]]] if r["value_type"] != "null" else []), r
            assert "value" not in r and "sources" not in r


def test_every_citation_is_a_row_of_a_link_table(real, real_tables):
    atlas = real.atlas
    facts = [f for a in atlas for f in a.facts]
    assert len(real_tables["fact_sources"]) == sum(len(f.sources) for f in facts)
    first = real_tables["fact_sources"][0]
    a = next(iter(atlas))
    assert (first["area_id"], first["seq"], first["position"]) == (a.id, 0, 0)
    assert (first["source_id"], first["locator"]) == (a.facts[0].sources[0].id, a.facts[0].sources[0].locator)
    for link, cited in LINKS.items():
        keys = {tuple(r[k] for k in SCHEMAS[cited].primary_key) for r in real_tables[cited]}
        sources = {r["id"] for r in real_tables["sources"]}
        for r in real_tables[link]:
            assert tuple(r[k] for k in SCHEMAS[cited].primary_key) in keys, (link, r)
            assert r["source_id"] in sources, (link, r)
    located = [r for r in real_tables["state_sources"] if r["locator"]]
    assert located  # locators survive (e.g. "paper §3.2")


@pytest.mark.parametrize("day", ["2012-12-31", "2018-12-31", "today"])
def test_is_default_gives_the_state_of_every_field(day):
    """Filtering is_default (and its span) gives exactly the state table's values, at any date."""
    snap = na.load().at(day)
    tables = build(snap)
    existing = set(snap.ids)
    defaults: dict[tuple, set] = {}
    for r in tables["facts"]:
        until = r["default_until"] or dt.date.max
        if r["is_default"] and r["area_id"] in existing and r["default_from"] <= snap.day < until:
            key = (r["area_id"], r["field"], r["qualifier"])
            defaults.setdefault(key, set()).add((r["value_type"], r["value_text"], r["value_number"], r["value_bool"]))
        if not r["is_default"]:
            assert r["default_from"] is None and r["default_until"] is None
    state = {
        (r["area_id"], r["field"], r["qualifier"]): (r["value_type"], r["value_text"], r["value_number"], r["value_bool"])
        for r in tables["state"]
    }
    assert set(defaults) == set(state)
    for key, values in defaults.items():
        assert values == {state[key]}, key  # agreeing records may be several, with one value


def test_is_default_is_more_than_preferred(real_tables):
    facts = real_tables["facts"]
    assert sum(r["preferred"] for r in facts) < sum(r["is_default"] for r in facts) < len(facts)
    assert all(r["is_default"] for r in facts if r["preferred"])  # a preferred record wins its dispute
    assert "timeline" in SCHEMAS["facts"].columns[[c.name for c in SCHEMAS["facts"].columns].index("is_default")].description


def test_a_record_can_give_the_default_for_part_of_its_days():
    """An attestation outranked by a preferred interval record that starts within the attested year."""
    from nnatlas.ingest.models import Fact
    from nnatlas.outputs.export.defaults import default_spans

    src = [{"id": "s"}]
    attested = Fact.model_validate({"field": "f", "value": "a", "as_of": "2018", "sources": src})
    interval = Fact.model_validate({"field": "f", "value": "b", "start": "2018-06-07", "preferred": True, "sources": src})
    unknown = Fact.model_validate({"field": "f", "value": None, "start": "2016", "sources": src})
    spans = default_spans([unknown, attested, interval])
    assert (spans[0].start, spans[0].end) == (dt.date(2016, 1, 1), dt.date(2018, 1, 1))
    assert (spans[1].start, spans[1].end) == (dt.date(2018, 1, 1), dt.date(2018, 6, 7))
    assert (spans[2].start, spans[2].end) == (dt.date(2018, 6, 7), None)


# --- every format ---------------------------------------------------------------------------------
@pytest.mark.parametrize("name", list(SCHEMAS))
def test_csv_round_trip(snap, tables, tmp_path, name):
    export(snap, "csv", tmp_path)
    pd.testing.assert_frame_equal(read_csv(tmp_path / f"{name}.csv", name), _expected(name, tables), check_dtype=False)


def test_csv_round_trip_is_typed(real, real_tables, tmp_path):
    export(real, "csv", tmp_path)
    for name in ("facts", "state", "areas"):
        back = read_csv(tmp_path / f"{name}.csv", name)
        pd.testing.assert_frame_equal(back, _expected(name, real_tables), check_dtype=False)
    raw = pd.read_csv(tmp_path / "facts.csv", dtype=str, keep_default_na=False)
    assert set(raw["value_bool"]) == {CSV_TRUE, CSV_FALSE, ""} and set(raw["is_default"]) == {CSV_TRUE, CSV_FALSE}
    plain = pd.read_csv(tmp_path / "facts.csv")  # no hints: pandas finds the types by itself
    assert plain["value_number"].dtype == "float64" and plain["is_default"].dtype == bool


def test_datapackage_describes_every_csv(snap, tmp_path):
    export(snap, "csv", tmp_path)
    pkg = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in pkg["resources"]} == {f"{n}.csv" for n in SCHEMAS}
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"
    assert pkg["as_of"] == "2018-12-31" and pkg["version"] == data_version(snap.atlas).version
    assert "2018-12-31" in pkg["description"]
    res = {r["name"]: r for r in pkg["resources"]}
    facts = res["facts"]
    assert facts["schema"]["primaryKey"] == ["area_id", "seq"]
    assert facts["schema"]["foreignKeys"][0]["reference"]["resource"] == "areas_all"
    assert all(f["description"] for r in pkg["resources"] for f in r["schema"]["fields"])
    booleans = [f for r in pkg["resources"] for f in r["schema"]["fields"] if f["type"] == "boolean"]
    assert booleans and all(f["trueValues"] == [CSV_TRUE] and f["falseValues"] == [CSV_FALSE] for f in booleans)
    for link, cited in LINKS.items():
        refs = {fk["reference"]["resource"]: fk["fields"] for fk in res[link]["schema"]["foreignKeys"]}
        assert refs == {cited: list(SCHEMAS[cited].primary_key), "sources": ["source_id"]}
    assert {f["name"]: f["type"] for f in res["state"]["schema"]["fields"]}["as_of"] == "date"


def _frictionless(path):
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    pytest.importorskip("frictionless")
    exe = Path(sys.executable).with_name("frictionless")
    cmd = [str(exe) if exe.exists() else shutil.which("frictionless"), "validate", "--json", str(path)]
    done = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
    report = json.loads(done.stdout)
    return report, [e for task in report["tasks"] for e in task["errors"]] + report.get("errors", [])


def test_frictionless_finds_no_error(real, tmp_path):
    export(real, "csv", tmp_path)
    report, errors = _frictionless(tmp_path / "datapackage.json")
    assert errors == [] and report["valid"], errors[:3]
    assert {t["name"] for t in report["tasks"]} == set(SCHEMAS)


def test_frictionless_checks_the_foreign_keys(snap, tmp_path):
    export(snap, "csv", tmp_path)
    sources = tmp_path / "sources.csv"
    lines = sources.read_text(encoding="utf-8").splitlines(keepends=True)
    sources.write_text("".join(lines[:1] + lines[2:]), encoding="utf-8")  # a cited source is gone
    _, errors = _frictionless(tmp_path / "datapackage.json")
    assert errors and {e["type"] for e in errors} == {"foreign-key"}


def test_parquet_round_trip(snap, tables, tmp_path):
    import pyarrow.parquet as pq

    export(snap, "parquet", tmp_path)
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), _expected(name, tables))
        schema = pq.read_schema(tmp_path / f"{name}.parquet")
        assert schema.metadata[b"nnatlas.as_of"] == b"2018-12-31"
        assert schema.metadata[b"nnatlas.data_version"] == data_version(snap.atlas).version.encode()
        assert schema.metadata[b"nnatlas.table"] == name.encode()
        assert all(f.metadata[b"description"] for f in schema)


def test_parquet_types(real, real_tables, tmp_path):
    import pyarrow as pa
    import pyarrow.parquet as pq

    export(real, "parquet", tmp_path)
    schema = pq.read_schema(tmp_path / "facts.parquet")
    assert schema.field("value_bool").type == pa.bool_() and schema.field("is_default").type == pa.bool_()
    assert schema.field("value_number").type == pa.float64() and schema.field("default_from").type == pa.date32()
    assert pq.read_schema(tmp_path / "state.parquet").field("as_of").type == pa.date32()
    back = pd.read_parquet(tmp_path / "facts.parquet")
    pd.testing.assert_frame_equal(back, _expected("facts", real_tables))
    assert back.loc[back.value_type == "boolean", "value_bool"].notna().all()


def test_xlsx_round_trip(real, real_tables, tmp_path):
    export(real, "xlsx", tmp_path)
    path = tmp_path / "nnatlas.xlsx"
    sheets = pd.read_excel(path, sheet_name=None, dtype=str)
    assert list(sheets) == ["README", *SCHEMAS]
    assert sheets["facts"]["field"].tolist() == [r["field"] for r in real_tables["facts"]]
    wb = openpyxl.load_workbook(path)
    for name in SCHEMAS:
        ws = wb[name]
        assert ws.freeze_panes == "A2" and ws.auto_filter.ref == ws.dimensions, name
    facts = wb["facts"]
    header = [c.value for c in facts[1]]
    for row, want in zip(facts.iter_rows(min_row=2, values_only=True), real_tables["facts"], strict=True):
        got = dict(zip(header, row, strict=True))
        assert got["value_bool"] is want["value_bool"] and got["is_default"] is want["is_default"]
        assert got["value_number"] == want["value_number"] and got["value_text"] == want["value_text"]
        assert (got["default_from"].date() if got["default_from"] else None) == want["default_from"]
    state = wb["state"]
    assert state.cell(2, [c.value for c in state[1]].index("as_of") + 1).value == dt.datetime(2018, 12, 31)
    # the README: title, date, version, licence, source, and a codebook row for every column
    readme = {r[0]: r[1] for r in wb["README"].iter_rows(values_only=True) if r[0]}
    assert readme["as_of"] == dt.datetime(2018, 12, 31) and readme["data_version"] == data_version(real.atlas).version
    assert (
        "CC-BY-4.0" in readme["licence"]
        and readme["source"]
        and readme["nnatlas: China's State-level New Areas (sourced, dated)"] is None
    )
    codebook = {(r[0], r[1]): r[3] for r in wb["README"].iter_rows(values_only=True) if r[1] and r[0] in SCHEMAS}
    assert codebook == {(n, c.name): c.description for n, t in SCHEMAS.items() for c in t.columns}
    props = wb.properties
    assert props.version == readme["data_version"] and "2018-12-31" in props.subject and props.title
    custom = {p.name: p.value for p in wb.custom_doc_props.props}
    assert custom["as_of"] == dt.datetime(2018, 12, 31) and custom["data_version"] == readme["data_version"]


def test_dta_round_trip(snap, tables, tmp_path):
    export(snap, "dta", tmp_path)
    back = pd.read_stata(tmp_path / "facts.dta")
    assert back["field"].tolist() == [r["field"] for r in tables["facts"]]
    assert back["area_id"].tolist() == [r["area_id"] for r in tables["facts"]]
    names = pd.read_stata(tmp_path / "areas.dta")["name_zh"].tolist()
    assert names == [r["name_zh"] for r in tables["areas"]]  # Chinese survives


def test_dta_types_labels_and_date(real, real_tables, tmp_path):
    from pandas.io.stata import StataReader

    export(real, "dta", tmp_path)
    with StataReader(tmp_path / "facts.dta") as reader:
        label = reader.data_label
        value_labels = reader.value_labels()
        back = reader.read(convert_categoricals=False)
        types = dict(zip(back.columns, reader._typlist, strict=True))  # Stata's storage types
    assert label.startswith("nnatlas facts as of 2018-12-31; data " + data_version(real.atlas).version)
    for col in ("value_bool", "preferred", "is_default"):
        assert types[col] == "b" and value_labels[col] == {0: "no", 1: "yes"}, col  # a byte, labelled
    want = real_tables["facts"]

    def num(v):
        return float("nan") if v is None else float(v)

    assert back["value_bool"].tolist() == pytest.approx([num(r["value_bool"]) for r in want], nan_ok=True)
    assert back["is_default"].tolist() == [int(r["is_default"]) for r in want]
    assert back["value_number"].tolist() == pytest.approx([num(r["value_number"]) for r in want], nan_ok=True)
    assert [d.date() if not pd.isna(d) else None for d in back["default_from"]] == [r["default_from"] for r in want]
    assert STATA_RENAMES["end"] in back.columns
    labelled = pd.read_stata(tmp_path / "facts.dta")
    assert set(labelled["is_default"].astype(str)) == {"no", "yes"}
    state = pd.read_stata(tmp_path / "state.dta")
    assert state["as_of"].dt.date.unique().tolist() == [DAY]  # a Stata date (%td)


def test_sqlite_has_keys_and_rows(snap, tables, tmp_path):
    export(snap, "sqlite", tmp_path)
    con = sqlite3.connect(tmp_path / "nnatlas.sqlite")
    for name in SCHEMAS:
        assert con.execute(f'SELECT count(*) FROM "{name}"').fetchone()[0] == len(tables[name])
    fks = con.execute("PRAGMA foreign_key_list(facts)").fetchall()
    assert fks and fks[0][2] == "areas_all"
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    pk = [r[1] for r in con.execute("PRAGMA table_info(units)").fetchall() if r[5]]
    assert pk == ["area_id", "seq"]
    for link, cited in LINKS.items():
        refs = {}
        for _, _, table, col, ref, *_ in con.execute(f"PRAGMA foreign_key_list({link})").fetchall():
            refs.setdefault(table, []).append((col, ref))
        assert refs == {"sources": [("source_id", "id")], cited: [(k, k) for k in SCHEMAS[cited].primary_key]}, link
    meta = dict(con.execute("SELECT key, value FROM _meta").fetchall())
    assert meta["as_of"] == "2018-12-31" and meta["data_version"] == data_version(snap.atlas).version
    assert meta["license"] == "CC-BY-4.0"
    n = con.execute("SELECT count(*) FROM citations").fetchone()[0]
    assert n == sum(len(tables[link]) for link in LINKS)


def test_sqlite_types_and_joins(real, real_tables, tmp_path):
    export(real, "sqlite", tmp_path)
    con = sqlite3.connect(tmp_path / "nnatlas.sqlite")
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    kinds = con.execute(
        "SELECT DISTINCT value_type, typeof(value_text), typeof(value_number), typeof(value_bool) FROM facts"
    ).fetchall()
    assert set(kinds) == {
        ("string", "text", "null", "null"),
        ("number", "null", "real", "null"),
        ("integer", "null", "real", "null"),
        ("boolean", "null", "null", "integer"),
        ("null", "null", "null", "null"),
    }
    assert {r[0] for r in con.execute("SELECT DISTINCT value_bool FROM facts WHERE value_bool IS NOT NULL")} == {0, 1}
    # the join: every fact's sources, with the titles
    joined = con.execute(
        "SELECT count(*) FROM facts f JOIN fact_sources fs USING (area_id, seq) JOIN sources s ON s.id = fs.source_id"
    ).fetchone()[0]
    assert joined == len(real_tables["fact_sources"])
    defaults = con.execute("SELECT count(*) FROM facts WHERE is_default").fetchone()[0]
    assert defaults == sum(r["is_default"] for r in real_tables["facts"])


def test_datasette_metadata_describes_every_table_and_column(snap, tmp_path):
    paths = export(snap, "sqlite", tmp_path)
    assert [p.name for p in paths] == ["nnatlas.sqlite", "metadata.json"]
    meta = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert meta["license"] == "CC-BY-4.0" and meta["license_url"].startswith("https://creativecommons.org/")
    assert meta["title"] and meta["description"] and meta["source"]
    described = meta["databases"]["nnatlas"]["tables"]
    con = sqlite3.connect(tmp_path / "nnatlas.sqlite")
    objects = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type IN ('table', 'view')")]
    assert set(objects) == set(described)
    for name in objects:
        columns = [r[1] for r in con.execute(f'PRAGMA table_info("{name}")')]
        assert described[name]["description"], name
        assert set(described[name]["columns"]) == set(columns), name
        assert all(described[name]["columns"].values()), name


def test_json_round_trip(snap, tables, tmp_path):
    export(snap, "json", tmp_path)
    back = json.loads((tmp_path / "nnatlas.json").read_text(encoding="utf-8"))
    assert back["tables"] == json.loads(json.dumps(tables, ensure_ascii=False, default=str))
    assert back["as_of"] == "2018-12-31" and back["data_version"] == data_version(snap.atlas).version
    assert back["meta"]["data_version"] == back["data_version"]


# --- the data version -----------------------------------------------------------------------------
def test_data_version_hashes_the_packaged_files(real):
    import hashlib

    from nnatlas.ingest.datasets import packaged_data_dir

    meta = export_meta(real)
    root = packaged_data_dir()
    h = hashlib.sha256()
    for p in sorted([*root.glob("*.yaml"), *(root / "areas").glob("*.yaml")]):
        raw = p.read_bytes()
        h.update(f"{p.relative_to(root).as_posix()}\0{len(raw)}\0".encode() + raw)
    assert meta.data.sha256 == h.hexdigest() and meta.version == f"{data_semver()}+data.{h.hexdigest()[:12]}"
    assert export_meta(na.load().at("2012")).version == meta.version  # the data's, not the date's


def test_data_version_changes_with_a_byte(mini_dir):
    atlas = na.load(mini_dir, standalone=True)
    before = data_version(atlas, mini_dir, standalone=True)
    assert before.version.startswith(UNVERSIONED + "+data.") and before.basis == "files"
    sources = mini_dir / "sources.yaml"
    sources.write_bytes(sources.read_bytes() + b"\n")
    assert data_version(atlas, mini_dir, standalone=True).version != before.version
    assert data_version(atlas).basis == "files"  # the atlas knows the folder it was loaded from
    atlas.data_path = None  # an atlas of no known folder (built by hand): the hash of its records
    assert data_version(atlas).basis == "records"


# --- atomic writes --------------------------------------------------------------------------------
def test_interrupted_write_leaves_old_file_and_no_partial(tmp_path):
    target = tmp_path / "t.csv"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_path(target) as tmp:
        tmp.write_text("half", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["t.csv"]


def test_written_files_get_the_usual_permissions(tmp_path):
    import os

    umask = os.umask(0o022)
    try:
        with atomic_path(tmp_path / "a.txt") as tmp:
            tmp.write_text("x", encoding="utf-8")
    finally:
        os.umask(umask)
    assert (tmp_path / "a.txt").stat().st_mode & 0o777 == 0o644


def _commit_events(tmp_path, monkeypatch, names, manifest):
    """The removals and renames of one atomic_files commit over old files, in order."""
    import os

    from nnatlas.core import files

    paths = [tmp_path / n for n in names]
    target = tmp_path / manifest if manifest else None
    for p in [*paths, *([target] if target else [])]:
        p.write_text("old", encoding="utf-8")
    events = []
    real_replace, real_unlink = os.replace, files.Path.unlink

    def replace(src, dst):
        events.append(("put", dst.name))
        real_replace(src, dst)

    def unlink(self, missing_ok=False):
        if not self.name.endswith(".part"):
            events.append(("remove", self.name))
        real_unlink(self, missing_ok=missing_ok)

    monkeypatch.setattr(files.os, "replace", replace)
    monkeypatch.setattr(files.Path, "unlink", unlink)
    with files.atomic_files(paths, target) as tmp:
        for p, t in tmp.items():
            t.write_text("new " + p.name, encoding="utf-8")
    monkeypatch.undo()
    everything = [*names, *([manifest] if manifest else [])]
    assert [(tmp_path / n).read_text(encoding="utf-8") for n in everything] == [f"new {n}" for n in everything]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(everything)  # no partial file left
    return events


def test_a_file_set_puts_its_manifest_in_place_last(tmp_path, monkeypatch):
    events = _commit_events(tmp_path, monkeypatch, ["a.csv", "b.csv"], "datapackage.json")
    assert events == [("remove", "datapackage.json"), ("put", "a.csv"), ("put", "b.csv"), ("put", "datapackage.json")]


def test_a_file_set_without_manifest_never_mixes_old_and_new(tmp_path, monkeypatch):
    events = _commit_events(tmp_path, monkeypatch, ["a.parquet", "b.parquet"], None)
    assert events == [("remove", "a.parquet"), ("remove", "b.parquet"), ("put", "a.parquet"), ("put", "b.parquet")]


def test_a_one_file_format_is_replaced_in_one_step(tmp_path, monkeypatch):
    assert _commit_events(tmp_path, monkeypatch, [], "nnatlas.json") == [("put", "nnatlas.json")]


def test_a_failed_file_set_leaves_the_old_files(tmp_path):
    from nnatlas.core.files import atomic_files

    a, manifest = tmp_path / "a.csv", tmp_path / "datapackage.json"
    for p in (a, manifest):
        p.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), atomic_files([a], manifest) as tmp:
        tmp[a].write_text("half", encoding="utf-8")
        raise RuntimeError("interrupted")
    assert [p.read_text(encoding="utf-8") for p in (a, manifest)] == ["old", "old"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.csv", "datapackage.json"]


def test_an_export_removes_what_a_stopped_one_left(snap, tmp_path):
    (tmp_path / ".facts.csv.abc123.part").write_text("half", encoding="utf-8")
    export(snap, "json", tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["nnatlas.json"]


def test_export_passes_the_crs_to_the_footprint_writer(snap, tmp_path, monkeypatch):
    from nnatlas.outputs.export import geo

    seen = {}

    def write_footprints(snap, out_dir, fmt="geojson", crs="wgs84"):
        seen.update(fmt=fmt, crs=crs)
        return []

    monkeypatch.setattr(geo, "write_footprints", write_footprints)
    export(snap, "gpkg", tmp_path, crs="gcj02")
    assert seen == {"fmt": "gpkg", "crs": "gcj02"}


def test_an_export_beside_other_writers_leaves_their_partial_files(snap, tmp_path):
    """The build runs exports and figures at once in one folder: an export told not to clean must not
    delete another writer's temporary file (it did, and a figure's rename then failed)."""
    other = tmp_path / ".fig2_layout.en.png.abc123.part"
    other.write_bytes(b"being written")
    export(snap, "sqlite", tmp_path, clean=False)
    assert other.exists()
    export(snap, "sqlite", tmp_path)  # a lone export cleans what a stopped one left
    assert not other.exists()
