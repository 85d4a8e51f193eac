"""The command line, run in-process: output equals the API, bad input fails cleanly."""

from __future__ import annotations

import json
import sys

import pytest

import nnatlas as na
from conftest import MINI_ARGS, run
from nnatlas import cli


def test_list_json_equals_the_api(capsys, mini):
    code, out, _ = run(capsys, *MINI_ARGS, "list", "--at", "2018-12-31", "--json")
    assert code == 0
    assert json.loads(out) == json.loads(json.dumps(mini.records("2018-12-31")))


def test_list_json_has_the_documented_keys(capsys):
    code, out, _ = run(capsys, "list", "--json")
    rows = json.loads(out)
    assert code == 0 and rows
    for key in ("id", "name_en", "name_zh", "province_code", "region", "approved", "planning_area_km2", "org_type"):
        assert key in rows[0]


def test_show_json_equals_the_api(capsys, mini):
    code, out, _ = run(capsys, *MINI_ARGS, "show", "alpha", "--at", "2016", "--json")
    assert code == 0
    data = json.loads(out)
    assert data == json.loads(json.dumps(mini.describe("alpha", "2016"), ensure_ascii=False))
    assert data["facts"]["org_type"]["value"] == "government"
    assert data["facts"]["org_type"]["sources"] == ["doc-b"]


def test_show_text_names_sources_and_timeline(capsys):
    code, out, _ = run(capsys, *MINI_ARGS, "show", "甲新区", "--at", "2016")
    assert code == 0
    assert "Alpha New Area" in out and "doc-b" in out and "Timeline" in out


def test_csv_output(capsys):
    code, out, _ = run(capsys, *MINI_ARGS, "list", "--at", "2018", "--csv")
    assert code == 0
    assert out.splitlines()[0].startswith("id,as_of,name_en,name_zh")
    assert len(out.splitlines()) == 3


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("show", "liangjang"), "did you mean 'liangjiang'"),
        (("show", "zzzz"), "unknown New Area 'zzzz'"),
        (("list", "--at", "2018-13-45"), "YYYY-MM-DD"),
        (("list", "--at", "yesterday"), "YYYY-MM-DD"),
        (("list", "--lang", "fr"), "use en or zh"),
        (("export", "--format", "xslx", "--out", "x"), "did you mean 'xlsx'"),
        (("validate", "/no/such/dir"), "no such data folder or file"),
        (("list", "--json", "--csv"), "choose one of"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(capsys, args, needle):
    code, out, err = run(capsys, *args)
    assert code == 2, (out, err)
    assert needle in err
    assert len(err.strip().splitlines()) == 1
    assert "Traceback" not in err


def test_date_before_the_first_nna_is_an_empty_table_with_a_note(capsys):
    code, out, _ = run(capsys, "list", "--at", "1980-01-01")
    assert code == 0 and "No New Area existed on 1980-01-01" in out
    code, out, _ = run(capsys, "list", "--at", "1980-01-01", "--json")
    assert json.loads(out) == []


def test_validate_exit_status(capsys, mini_dir):
    assert run(capsys, "validate", mini_dir, "--standalone")[0] == 0
    (mini_dir / "areas" / "alpha.yaml").write_text("id: [", encoding="utf-8")
    code, out, _ = run(capsys, "validate", mini_dir, "--standalone", "--json")
    assert code == 1 and json.loads(out)["valid"] is False


def test_unknown_id_error_is_a_key_error(mini):
    with pytest.raises(KeyError):
        mini["gamma"]
    with pytest.raises(na.UnknownAreaError, match="did you mean 'alpha'"):
        mini["alpa"]


def test_aliases_resolve(mini):
    assert mini.resolve("Al'pha") == "alpha"
    assert mini.resolve("甲新区") == "alpha"
    assert mini.resolve("Alpha New Area") == "alpha"


def test_every_command_is_documented_in_the_readme():
    from pathlib import Path

    readme = (Path(__file__).parent.parent / "README.md").read_text(encoding="utf-8")
    for command in cli.app.registered_commands:
        name = command.name or command.callback.__name__
        assert f"nnatlas {name}" in readme, f"README does not document 'nnatlas {name}'"


def test_show_stays_off_the_heavy_libraries():
    """`nnatlas show` imports none of geopandas, shapely, matplotlib, networkx, pandas or a web stack."""
    import subprocess

    code = (
        "import sys, io, contextlib\n"
        "from nnatlas import cli\n"
        "sys.argv = ['nnatlas', 'show', 'liangjiang']\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    try:\n        cli.main()\n    except SystemExit:\n        pass\n"
        "heavy = ('geopandas', 'shapely', 'pyproj', 'matplotlib', 'networkx', 'pandas', 'pyarrow', 'fastapi', 'uvicorn')\n"
        "print(','.join(m for m in heavy if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_list_in_chinese_has_chinese_headers(capsys):
    from nnatlas.analysis.framework import REGISTRY

    code, out, _ = run(capsys, "list", "--at", "2018", "--lang", "zh")
    assert code == 0
    first, header = out.splitlines()[:2]
    assert "2018-12-31" in first
    for key in ("size.region", "size.planning_area_km2", "level.org_type", "relation.management_mode"):
        assert REGISTRY[key].title("zh") in header, key
    assert not any(word in header.split() for word in ("region", "org_type", "management_mode"))


@pytest.mark.parametrize("at", ["2012", "2018-12-31", "today"])
def test_text_outputs_never_show_none(capsys, at):
    for command in (["claims"], ["list"], ["framework"], ["stages"], ["coverage"], ["table", "1"], ["table", "2"]):
        code, out, err = run(capsys, *command, "--at", at)
        assert code == 0, err
        first = out.splitlines()[0]
        assert " as of " in first or "截至" in first or "as of" in first.lower(), (command, first)
        if at != "today":
            assert at[:4] in first, (command, first)
        for word in ("None", "null", "nan"):
            assert word not in out.split(), (command, word)
        assert "None%" not in out and "null" not in out, command


def test_network_text_in_chinese_translates_values(capsys):
    code, out, _ = run(capsys, "network", "guian", "--at", "2018", "--lang", "zh")
    assert code == 0
    assert out.splitlines()[0].endswith("截至 2018-12-31")
    assert "两级管理" in out and "国务院" in out and "中央" in out
    for english in ("state_council", "two_level", "provincial_government", "Bodies"):
        assert english not in out, english
