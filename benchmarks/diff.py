"""`nnatlas diff` speed: warm runs in a fresh process (median of N), and the comparison alone in-process.

"Warm" means the parsed-data cache is filled by a first run, as on any run after the first. Run:
    .venv/bin/python benchmarks/diff.py [--runs 5]
Target (issue 16): a warm diff between two dates takes well under 2 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import subprocess
import sys
import time
from pathlib import Path

TARGET_S = 2.0


def timed(cmd: list[str], runs: int) -> list[float]:
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)  # fill the caches
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    nnatlas = str(Path(sys.executable).parent / "nnatlas")
    from nnatlas.analysis.diff import between_data, between_dates
    from nnatlas.atlas import load
    from nnatlas.ingest.datasets import packaged_data_dir

    atlas = load()
    t = time.perf_counter()
    between_dates(atlas, dt.date(2014, 12, 31), dt.date(2018, 12, 31))
    in_process = time.perf_counter() - t
    copy = load(packaged_data_dir(), standalone=True)
    t = time.perf_counter()
    between_data(atlas, copy)
    data_in_process = time.perf_counter() - t
    cases = {
        "diff 2014-12-31 2018-12-31": [nnatlas, "diff", "2014-12-31", "2018-12-31"],
        "diff 2014-12-31 2018-12-31 --json": [nnatlas, "diff", "2014-12-31", "2018-12-31", "--json"],
        "diff --data <packaged copy>": [nnatlas, "diff", "--data", str(packaged_data_dir()), "--standalone"],
    }
    worst = 0.0
    for name, cmd in cases.items():
        times = timed(cmd, args.runs)
        median = statistics.median(times)
        worst = max(worst, median) if "--data" not in name else worst
        print(f"warm nnatlas {name}: median {median:.2f} s (range {min(times):.2f}-{max(times):.2f}, {args.runs} runs)")
    print(f"between_dates in-process (first call, snapshots cold): {in_process * 1000:.0f} ms")
    print(f"between_data in-process (packaged vs its copy): {data_in_process * 1000:.0f} ms")
    print(f"target: a warm diff between dates < {TARGET_S:.0f} s: {'met' if worst < TARGET_S else 'MISSED'}")


if __name__ == "__main__":
    main()
