"""The bad-input catalogue: every command and kind of option, run in-process as the console script.

Each case asserts the exit status (2 for usage, 1 for invalid data), a single line on stderr that
starts with ``nnatlas: ``, no traceback, nothing on stdout, and no file written (each case runs in
an empty folder, and every --out it names lies inside it).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import MINI, run

BAD_DATES = ["2018-13-45", "2018-02-30", "abc", "18", "2018/12/31", "", "1992-00"]
DATED = ["list", "framework", "coverage", "claims", "stages", "show pudong", "table 1", "network guian"]

CASES: list[tuple[str, int, str]] = [
    # --- the command line itself ---
    ("--foo", 2, "No such option"),
    ("lsit", 2, "Did you mean 'list'"),
    ("shwo pudong", 2, "Did you mean 'show'"),
    ("list --foo", 2, "No such option: --foo"),
    ("list --at", 2, "requires an argument"),
    ("list --lang", 2, "requires an argument"),
    ("show", 2, "Missing argument"),
    ("show pudong binhai", 2, "unexpected extra argument"),
    ("sources --at 2018", 2, "No such option: --at"),
    ("coverage --csv", 2, "No such option: --csv"),
    ("framework --lang zh", 2, "No such option: --lang"),
    ("table", 2, "Missing argument"),
    ("network", 2, "Missing argument"),
    ("figure", 2, "Missing argument"),
    ("figure x --out f.png", 2, "Invalid value for 'number'"),
    # --- data options ---
    ("--data", 2, "requires an argument"),
    ("--data /no/such/folder list", 2, "no such data folder or file"),
    ("--data / list", 2, "does not look like a data folder"),
    ("--data {txt} list", 2, "is not a data file"),
    ("--data {empty} list", 2, "does not look like a data folder"),
    ("--standalone list", 2, "--standalone applies to --data"),
    ("--data {gbk} --standalone list", 1, "nnatlas --data"),
    ("--data {binary} --standalone list", 1, "the data is invalid"),
    ("--data {bomb} --standalone list", 1, "the data is invalid"),
    ("--data {broken_sources} --standalone list", 1, "validate' for the problems"),
    ("--data {mini} --standalone show zeta", 2, "unknown New Area 'zeta'"),
    ("--data {mini} validate {mini}", 2, "give the data once"),
    ("validate /no/such/folder", 2, "no such data folder or file"),
    ("validate {txt}", 2, "is not a data file"),
    ("validate --csv", 2, "No such option: --csv"),
    # --- ids, languages, formats ---
    ("show pudongg", 2, "did you mean 'pudong'"),
    ("show liangjang", 2, "did you mean 'liangjiang'"),
    ("show zzzz", 2, "unknown New Area 'zzzz'"),
    ("network zzzz", 2, "unknown New Area 'zzzz'"),
    ("network guiann", 2, "did you mean 'guian'"),
    ("list --lang fr", 2, "use en or zh"),
    ("stages --lang fr", 2, "use en or zh"),
    ("network guian --lang de", 2, "use en or zh"),
    ("codebook --lang fr", 2, "use en or zh"),
    ("map --lang fr --out m.png", 2, "use en or zh"),
    ("figure 2 --lang fr --out f.png", 2, "use en or zh"),
    ("list --json --csv", 2, "choose one of --json and --csv"),
    ("framework --json --csv", 2, "choose one of"),
    ("claims --json --csv", 2, "choose one of"),
    ("table 2 --json --csv", 2, "choose one of"),
    ("stages --json --csv", 2, "choose one of"),
    ("sources --json --csv", 2, "choose one of"),
    ("codebook --format pdf", 2, "use md or html"),
    ("table 3", 2, "use 1, 2, fig2 or fig3"),
    ("table x", 2, "use 1, 2, fig2 or fig3"),
    ("figure 4 --out f.png", 2, "no figure 4 in the paper"),
    ("figure 0 --out f.png", 2, "no figure 0 in the paper"),
    ("figure 1 --at 2018 --out f.png", 2, "has no date"),
    ("figure 2", 2, "Missing option '--out'"),
    # --- export ---
    ("export --format csv", 2, "Missing option '--out'"),
    ("export --out x", 2, "Missing option '--format'"),
    ("export --format xslx --out x", 2, "did you mean 'xlsx'"),
    ("export --format shp --out x", 2, "accepted: csv"),
    ("export --format csv --out ''", 2, "needs a folder name"),
    ("export --format csv --out .", 2, "needs a folder name"),
    ("export --format csv --out {txt}", 2, "is a file"),
    ("export --format csv --out {txt}/sub", 2, "is a file, not a folder"),
    ("export --format csv --out /proc/nnatlas-test/x", 2, "cannot create the folder"),
    ("export --format csv --crs gcj02 --out x", 2, "--crs applies to the geojson and gpkg formats"),
    ("export --format geojson --crs utm --out x", 2, "use wgs84 (the default) or gcj02"),
    ("export --format csv --at 2018-02-30 --out x", 2, "no such day"),
    # --- build ---
    ("build --out {txt}", 2, "is a file"),
    ("build --out ''", 2, "needs a folder name"),
    ("build --out /proc/nnatlas-test/x", 2, "cannot create the folder"),
    ("build --at 2018-13 --out x", 2, "invalid date"),
    # --- stages ---
    ("stages --panel --from 1 --to 100000", 2, "outside the data's span"),
    ("stages --panel --from -5", 2, "outside the data's span"),
    ("stages --panel --to 100000", 2, "outside the data's span"),
    ("stages --panel --from 1980", 2, "use a year from 1992"),
    ("stages --panel --from 2020 --to 2010", 2, "--from 2020 is after --to 2010"),
    ("stages --panel --from abc", 2, "Invalid value for '--from'"),
    ("stages --from 2000", 2, "--from does not apply without --panel or --out"),
    ("stages --to 2010", 2, "--to does not apply without --panel or --out"),
    ("stages --panel --at 2018", 2, "--at does not apply to --panel"),
    ("stages --panel --override {override_ok}", 2, "--override does not apply to --panel"),
    ("stages --out t.png --json", 2, "--json does not apply to the figure alone"),
    ("stages --out t.jpg", 2, "must end in .png or .svg"),
    ("stages --expansion-from 5 --maturity-from 3", 2, "0 < expansion_from < maturity_from"),
    ("stages --expansion-from 0", 2, "0 < expansion_from < maturity_from"),
    ("stages --expansion-from x", 2, "Invalid value"),
    ("stages --override /no/such.yaml", 2, "does not exist"),
    ("stages --override {override_yaml}", 2, "is not valid YAML"),
    ("stages --override {override_id}", 2, "did you mean 'lanzhou'"),
    ("stages --override {override_field}", 2, "did you mean 'org_type'"),
    ("stages --override {override_value}", 2, "did you mean 'government'"),
    ("stages --override {override_list}", 2, "must map NNA ids to fields"),
    # --- maps and figures ---
    ("map --out m.pdf", 2, "must end in .png or .svg"),
    ("map --out m", 2, "must end in .png or .svg"),
    ("map --out {folder_png}", 2, "is a directory"),
    ("map --by colour --out m.png", 2, "unknown map variable"),
    ("map --by orgtype --out m.png", 2, "did you mean 'level.org_type'"),
    ("map guian --by size.stage --out m.png", 2, "takes no --by"),
    ("map alpah --out m.png", 2, "unknown New Area 'alpah'"),
    ("map liangjiang --at 2026 --out m.png", 2, "nothing to draw for liangjiang"),
    ("map xiongan --at 2012 --out m.png", 2, "nothing to draw for xiongan"),
    ("network guian --out g.jpg", 2, "must end in .png or .svg"),
    ("network guian --out {txt}/g.png", 2, "is a file, not a folder"),
    ("figure 3 --out f.gif", 2, "must end in .png or .svg"),
    # --- report ---
    ("report", 2, "Missing option '--out'"),
    ("report --lang fr --out r", 2, "use en or zh"),
    ("report --out {txt}", 2, "is a file"),
    ("report --out ''", 2, "needs a folder name"),
    ("report --out /proc/nnatlas-test/x", 2, "cannot create the folder"),
    ("report --at 1991-12-31 --out r", 2, "before the first New Area"),
    ("report --at 1990 --out r", 2, "use a date from 1992-01-01"),
    ("report --at 2018-13 --out r", 2, "invalid date"),
    # --- release ---
    ("release --out r --at 3000", 2, "is after today"),
    ("release --out r --at 1989", 2, "before the data's first year"),
    ("release --out /proc/nnatlas-test/r", 2, "cannot"),
    # --- serve (refused before anything listens) ---
    ("serve --port 0", 2, "'--port'"),
    ("serve --port 70000", 2, "less than or equal to 65535"),
    ("serve --port http", 2, "valid integer"),
    ("serve --host nowhere.invalid", 2, "is not an address of this machine"),
    ("serve --host 192.0.2.1", 2, "cannot listen on 192.0.2.1"),
    ("--data /no/such/dir serve", 2, "no such data folder"),
    ("serve --colour red", 2, "No such option"),
]
# every command that takes a date, with every kind of bad date
CASES += [(f"{command} --at '{bad}'", 2, "invalid date") for command in DATED for bad in BAD_DATES]


@pytest.fixture(scope="module")
def places(tmp_path_factory) -> dict[str, str]:
    """Bad data folders, files and override files the cases name, outside the folder a case runs in."""
    root = tmp_path_factory.mktemp("bad-inputs")

    def mini_with(name: str, rel: str, content: bytes) -> str:
        folder = root / name
        shutil.copytree(MINI, folder)
        (folder / rel).write_bytes(content)
        return str(folder)

    (root / "notes.txt").write_text("not data", encoding="utf-8")
    (root / "empty").mkdir()
    (root / "folder.png").mkdir()
    bomb = "a: &a [x, x, x, x, x, x, x, x, x]\n" + "".join(
        f"{c}: &{c} [{', '.join(['*' + p] * 9)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    overrides = {
        "override_ok": "lanzhou: {org_type: government}\n",
        "override_yaml": "lanzhou: [unclosed\n",
        "override_id": "lanzhuo: {org_type: government}\n",
        "override_field": "lanzhou: {orgtype: government}\n",
        "override_value": "lanzhou: {org_type: govrnment}\n",
        "override_list": "- lanzhou\n",
    }
    out = {
        "mini": str(MINI),
        "txt": str(root / "notes.txt"),
        "empty": str(root / "empty"),
        "folder_png": str(root / "folder.png"),
        "gbk": mini_with("gbk", "areas/alpha.yaml", "名称: 甲新区\n".encode("gbk")),
        "binary": mini_with("binary", "areas/alpha.yaml", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
        "bomb": mini_with("bomb", "areas/alpha.yaml", bomb.encode()),
        "broken_sources": mini_with("broken", "sources.yaml", b"- id: [unclosed\n"),
    }
    for name, text in overrides.items():
        (root / f"{name}.yaml").write_text(text, encoding="utf-8")
        out[name] = str(root / f"{name}.yaml")
    return out


def test_the_catalogue_is_large():
    assert len(CASES) >= 100


@pytest.mark.parametrize(("args", "status", "needle"), CASES, ids=[c[0] for c in CASES])
def test_bad_input_is_one_line_and_writes_nothing(args, status, needle, places, capsys, tmp_path, monkeypatch):
    import shlex

    monkeypatch.chdir(tmp_path)
    argv = shlex.split(args.format(**places))
    code, out, err = run(capsys, *argv)
    assert code == status, (code, out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("nnatlas: "), err
    assert needle in err, err
    assert "Traceback" not in err and out == ""
    assert list(Path(tmp_path).iterdir()) == [], "a bad input wrote a file"
