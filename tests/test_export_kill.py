"""A killed export never leaves a folder whose datapackage.json describes tables of another date.

A real ``nnatlas export --format csv --out DIR --at 2012`` runs over a folder that holds a
complete 2018 export and is killed with SIGKILL (no clean-up can run) at several points in time:
before it writes, while it writes its temporary files, around the renames, after it is done.
After each kill the folder holds the old complete set, the new complete set, or data files
without a datapackage.json; never a datapackage.json beside a table of another date. The next
export removes the partial files the killed one left and leaves a complete set.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pandas as pd
import pytest

from nnatlas.outputs.export.schema import SCHEMAS

NNATLAS = Path(sys.executable).with_name("nnatlas")
MAX_KILLS = 12  # the loop is bounded in count ...
MAX_SECONDS = 75  # ... and in time
DATED = ("areas", "state")  # the tables whose rows carry the export date


def _cmd(out: Path, at: str) -> list[str]:
    return [str(NNATLAS), "export", "--format", "csv", "--out", str(out), "--at", at]


def _export(out: Path, at: str) -> None:
    subprocess.run(_cmd(out, at), check=True, capture_output=True, timeout=120)


def _partials(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name.endswith(".part"))


def _table_dates(out: Path) -> dict[str, set[str]]:
    """The dates in the rows of the dated tables (read with the csv reader, not trusting the manifest)."""
    return {n: set(pd.read_csv(out / f"{n}.csv", dtype=str, keep_default_na=False)["as_of"]) for n in DATED}


def _state(out: Path) -> str:
    """What the folder holds: 'complete <date>' or 'no manifest'; fails on a mixed folder."""
    manifest = out / "datapackage.json"
    if not manifest.exists():
        assert all((out / f"{n}.csv").exists() for n in SCHEMAS)  # old or new files, never none
        return "no manifest"
    pkg = json.loads(manifest.read_text(encoding="utf-8"))  # never half-written: it is renamed into place
    assert {r["path"] for r in pkg["resources"]} == {f"{n}.csv" for n in SCHEMAS}
    assert all((out / r["path"]).exists() for r in pkg["resources"])
    dates = _table_dates(out)
    assert all(d == {pkg["as_of"]} for d in dates.values()), f"datapackage.json as of {pkg['as_of']} beside tables of {dates}"
    return f"complete {pkg['as_of']}"


def _calibrate(out: Path) -> tuple[float, float, float]:
    """One export of 2012 watched every millisecond: when its first temporary file appears, when
    its datapackage.json is replaced, when it ends (seconds from the start)."""
    manifest = out / "datapackage.json"
    before = manifest.stat().st_ino
    start = time.monotonic()
    proc = subprocess.Popen(_cmd(out, "2012"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    first_part = replaced = None
    while proc.poll() is None:
        now = time.monotonic() - start
        if first_part is None and _partials(out):
            first_part = now
        with contextlib.suppress(FileNotFoundError):  # the manifest is briefly absent while it is replaced
            if replaced is None and manifest.stat().st_ino != before:
                replaced = now
        time.sleep(0.001)
    end = time.monotonic() - start
    assert proc.returncode == 0
    return first_part or end * 0.8, replaced or end, end


@pytest.mark.skipif(not NNATLAS.exists(), reason="the nnatlas console script is not installed beside this Python")
def test_a_killed_export_never_mixes_dates(tmp_path):
    out = tmp_path / "out"
    _export(out, "2018")
    assert _state(out) == "complete 2018-12-31"
    first_part, replaced, end = _calibrate(out)
    _export(out, "2018")
    # kill times: early (still importing), then densely over the writing and the renames, then after the end
    n = MAX_KILLS - 3
    window = [first_part - 0.03 + i * (replaced - first_part + 0.05) / (n - 1) for i in range(n)]
    delays = [0.05, *window, end * 0.9, end + 0.3]
    seen: Counter[str] = Counter()
    deadline = time.monotonic() + MAX_SECONDS
    for delay in delays:
        if time.monotonic() > deadline:
            break
        proc = subprocess.Popen(_cmd(out, "2012"), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(max(delay, 0))
        finished = proc.poll() is not None
        if not finished:
            os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        left = _partials(out)
        state = _state(out)  # the check: never a manifest beside tables of another date
        seen[state + (" (finished)" if finished else "") + (" + partial files" if left else "")] += 1
        # the next run removes what the killed one left, and leaves a complete 2018 set
        _export(out, "2018")
        assert _partials(out) == []
        assert _state(out) == "complete 2018-12-31"
    print(f"\nkills (calibration: first temporary file {first_part:.3f} s, manifest {replaced:.3f} s, end {end:.3f} s):")
    for state, count in sorted(seen.items()):
        print(f"  {count:2d} x {state}")
    assert sum(seen.values()) >= 3  # the loop ran


#: The same export with every rename slowed down (in the test's process only), so that kills land
#: between the renames: there the folder holds old and new tables, and no datapackage.json.
_SLOW_RENAMES = """
import os, sys, time
_replace = os.replace
def replace(src, dst):
    time.sleep(0.04)
    _replace(src, dst)
os.replace = replace
from nnatlas.cli import main
sys.argv = ["nnatlas", *sys.argv[1:]]
main()
"""


@pytest.mark.skipif(not NNATLAS.exists(), reason="the nnatlas console script is not installed beside this Python")
def test_a_kill_between_the_renames_leaves_no_manifest(tmp_path):
    out = tmp_path / "out"
    _export(out, "2018")
    manifest = out / "datapackage.json"
    seen: Counter[str] = Counter()
    deadline = time.monotonic() + MAX_SECONDS / 3
    for offset in (0.0, 0.1, 0.2, 0.35):  # seconds after the old datapackage.json is removed
        if time.monotonic() > deadline:
            break
        proc = subprocess.Popen(
            [sys.executable, "-c", _SLOW_RENAMES, *_cmd(out, "2012")[1:]], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while manifest.exists() and proc.poll() is None and time.monotonic() < deadline + 30:
            time.sleep(0.001)
        time.sleep(offset)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
        state = _state(out)
        assert state == "no manifest", state  # killed during the renames: the manifest is not back yet
        dates = _table_dates(out)
        seen["mixed tables" if len(set().union(*dates.values())) > 1 else "one date"] += 1
        _export(out, "2018")
        assert _partials(out) == [] and _state(out) == "complete 2018-12-31"
    print(f"\nkills between the renames, all without a datapackage.json: {dict(seen)}")
    assert sum(seen.values()) >= 2
