"""The release folder: its contents, SHA256SUMS, reproducibility (two runs, identical bytes) and
bad input (one line, exit 2, nothing written)."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import shutil
import sqlite3
import subprocess
from pathlib import Path

import pandas as pd
import pytest

from conftest import MINI_ARGS, run
from nnatlas.outputs.release import SUMS

AT = "2018-12-31"
EXPECTED = {
    "README.md",
    "CITATION.cff",
    "CHANGELOG.md",
    "LICENSE",
    "LICENSE-DATA",
    SUMS,
    "data/csv/datapackage.json",
    "data/csv/areas.csv",
    "data/csv/units.csv",
    "data/parquet/units.parquet",
    "data/stata/units.dta",
    "data/sqlite/nnatlas.sqlite",
    "data/sqlite/metadata.json",
    "membership/membership_county.csv",
    "membership/membership_prefecture.csv",
    *(f"panels/panel_{level}.{fmt}" for level in ("county", "prefecture") for fmt in ("csv", "parquet", "dta")),
    *(f"codebook/codebook.{lang}.{fmt}" for lang in ("en", "zh") for fmt in ("md", "html")),
}


@pytest.fixture(scope="module")
def releases(tmp_path_factory):
    """Two releases of the packaged data as of the paper's date, made one after the other."""
    import nnatlas as na
    from nnatlas.outputs.release import release

    root = tmp_path_factory.mktemp("release")
    snap = na.load().at(AT)
    for name in ("one", "two"):
        release(snap, root / name, echo=lambda _: None)
    return root / "one", root / "two"


def _files(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_the_folder_holds_what_a_repository_takes(releases):
    files = set(_files(releases[0]))
    assert files >= EXPECTED, EXPECTED - files
    assert not [f for f in files if f.endswith(".part") or "/." in f or f.startswith(".")]
    assert not [p for p in releases[0].parent.iterdir() if p.name.startswith(".")], "a temporary folder was left"


def test_two_runs_are_byte_identical(releases):
    one, two = (_files(r) for r in releases)
    assert list(one) == list(two)
    differ = [name for name in one if one[name] != two[name]]
    assert differ == []


def test_sha256sums_verifies(releases):
    folder = releases[0]
    lines = (folder / SUMS).read_text(encoding="utf-8").splitlines()
    paths = [line.split("  ", 1)[1] for line in lines]
    assert paths == sorted(paths)
    assert set(paths) == set(_files(folder)) - {SUMS}
    for line in lines:
        digest, path = line.split("  ", 1)
        assert hashlib.sha256((folder / path).read_bytes()).hexdigest() == digest, path
    if shutil.which("sha256sum"):
        done = subprocess.run(["sha256sum", "--quiet", "-c", SUMS], cwd=folder, capture_output=True, text=True)
        assert done.returncode == 0, done.stdout + done.stderr


def test_every_file_says_its_date_and_version(releases):
    folder = releases[0]
    descriptor = json.loads((folder / "data/csv/datapackage.json").read_text(encoding="utf-8"))
    version = descriptor["version"]
    assert descriptor["as_of"] == AT and descriptor["created"].startswith(AT)
    readme = (folder / "README.md").read_text(encoding="utf-8")
    assert AT in readme and version in readme and "CC-BY-4.0" in readme and "CITATION.cff" in readme
    con = sqlite3.connect(folder / "data/sqlite/nnatlas.sqlite")
    try:
        meta = dict(con.execute("SELECT key, value FROM _meta"))
    finally:
        con.close()
    assert (meta["as_of"], meta["data_version"]) == (AT, version)
    panel = pd.read_csv(folder / "panels/panel_county.csv", dtype={"code": str}, low_memory=False)
    assert set(panel.as_of) == {AT} and set(panel.data_version) == {version}
    assert version in pd.io.stata.StataReader(folder / "panels/panel_county.dta").data_label
    assert pd.io.stata.StataReader(folder / "panels/panel_county.dta").time_stamp.startswith("31 Dec 2018")


def test_the_panels_agree_across_formats_and_cover_every_unit(releases):
    from nnatlas.analysis import membership as mb

    folder = releases[0]
    csv = pd.read_csv(
        folder / "panels/panel_county.csv",
        dtype={"code": str, "prefecture": str, "treated": "boolean", "direct_management": "boolean"},
    )
    parquet = pd.read_parquet(folder / "panels/panel_county.parquet")
    dta = pd.read_stata(folder / "panels/panel_county.dta")
    assert len(csv) == len(parquet) == len(dta)
    assert list(csv.code) == list(parquet.code) == list(dta.code)

    def values(column):
        return [None if pd.isna(v) else bool(v) for v in column]

    assert values(parquet.treated) == values(csv.treated) == values(dta.treated.map({"yes": True, "no": False}))
    vintage, units = mb.all_units(__import__("nnatlas").load(), "county")
    assert set(units) <= set(csv.code)
    assert csv.year.min() == 1990 and csv.year.max() == 2018
    assert set(csv.vintage.dropna()) == {vintage}


def test_a_release_replaces_an_old_one_whole(tmp_path, capsys):
    out = tmp_path / "rel"
    out.mkdir()
    (out / "stale.txt").write_text("from an older release", encoding="utf-8")
    code, _, err = run(capsys, *MINI_ARGS, "release", "--out", out, "--at", AT)
    assert code == 0, err
    assert not (out / "stale.txt").exists() and (out / SUMS).is_file()
    assert f"as of {AT}" in err.splitlines()[0]


BAD = [
    ("release", "Missing option '--out'"),
    ("release --out {file}", "is a file"),
    ("release --out ''", "needs a folder name"),
    ("release --out r --at 2018-13-40", "invalid date"),
    ("release --out r --format csv", "No such option"),
    ("--data {notdata} release --out r", "does not look like a data folder"),
]


@pytest.mark.parametrize(("args", "needle"), BAD)
def test_bad_input_is_one_line_exit_2_nothing_written(args, needle, capsys, tmp_path, monkeypatch):
    import shlex

    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    (outside / "notdata").mkdir(parents=True)
    (outside / "file.txt").write_text("x", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = shlex.split(args.replace("{notdata}", str(outside / "notdata")).replace("{file}", str(outside / "file.txt")))
    code, out, err = run(capsys, *argv)
    assert code == 2, err
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnatlas: "), err
    assert needle in lines[0]
    assert list(tmp_path.iterdir()) == []
    assert sorted(p.name for p in outside.iterdir()) == ["file.txt", "notdata"]


def test_created_follows_source_date_epoch(monkeypatch):
    from nnatlas.outputs.release import created

    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert created(dt.date(2018, 12, 31)) == "2018-12-31T00:00:00+00:00"
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert created(dt.date(2018, 12, 31)) == "2023-11-14T22:13:20+00:00"
