"""Export round trips: what is read back equals what was written."""

from __future__ import annotations

import json
import sqlite3

import pandas as pd
import pytest

from nnatlas.core.files import atomic_path
from nnatlas.outputs.export import export, frame
from nnatlas.outputs.export.schema import SCHEMAS, build


@pytest.fixture
def snap(mini):
    return mini.at("2018-12-31")


@pytest.fixture
def tables(snap):
    return build(snap)


def _expected(name, tables):
    return frame(name, tables[name])


@pytest.mark.parametrize("name", list(SCHEMAS))
def test_csv_round_trip(snap, tables, tmp_path, name):
    export(snap, "csv", tmp_path)
    back = pd.read_csv(tmp_path / f"{name}.csv", dtype=str, keep_default_na=False)
    want = _expected(name, tables).astype(object).where(lambda d: d.notna(), "")
    assert back.astype(str).values.tolist() == want.astype(str).values.tolist()


def test_datapackage_describes_every_csv(snap, tmp_path):
    export(snap, "csv", tmp_path)
    pkg = json.loads((tmp_path / "datapackage.json").read_text(encoding="utf-8"))
    assert {r["path"] for r in pkg["resources"]} == {f"{n}.csv" for n in SCHEMAS}
    assert pkg["licenses"][0]["name"] == "CC-BY-4.0"
    facts = next(r for r in pkg["resources"] if r["name"] == "facts")
    assert facts["schema"]["primaryKey"] == ["area_id", "seq"]
    assert facts["schema"]["foreignKeys"][0]["reference"]["resource"] == "areas_all"
    assert all(f["description"] for r in pkg["resources"] for f in r["schema"]["fields"])


def test_parquet_round_trip(snap, tables, tmp_path):
    export(snap, "parquet", tmp_path)
    for name in SCHEMAS:
        pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / f"{name}.parquet"), _expected(name, tables))


def test_xlsx_round_trip(snap, tables, tmp_path):
    export(snap, "xlsx", tmp_path)
    sheets = pd.read_excel(tmp_path / "nnatlas.xlsx", sheet_name=None, dtype=str)
    assert set(sheets) == set(SCHEMAS)
    assert sheets["facts"]["field"].tolist() == [r["field"] for r in tables["facts"]]


def test_dta_round_trip(snap, tables, tmp_path):
    export(snap, "dta", tmp_path)
    back = pd.read_stata(tmp_path / "facts.dta")
    assert back["field"].tolist() == [r["field"] for r in tables["facts"]]
    assert back["area_id"].tolist() == [r["area_id"] for r in tables["facts"]]
    names = pd.read_stata(tmp_path / "areas.dta")["name_zh"].tolist()
    assert names == [r["name_zh"] for r in tables["areas"]]  # Chinese survives


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


def test_json_round_trip(snap, tables, tmp_path):
    export(snap, "json", tmp_path)
    back = json.loads((tmp_path / "nnatlas.json").read_text(encoding="utf-8"))
    assert back["tables"] == json.loads(json.dumps(tables, ensure_ascii=False, default=str))


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
