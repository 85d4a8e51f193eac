"""The replication report's speed: `nnatlas report` cold (empty figure cache) and warm (figures
copied from the cache), each in a fresh process, with peak memory.

The data and geometry caches are filled first (as on any run after the first); "cold" then means
the report's figure cache (``cache_root() / "report-figures"``) is empty. Run:
    .venv/bin/python benchmarks/report.py [--runs 3]
Targets (issue 14): cold at most 30 s, warm at most 5 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

COLD_S, WARM_S = 30.0, 5.0


def _run(cmd: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and peak memory (MB) of one run in a fresh process."""
    t = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    if status != 0:
        raise SystemExit(f"{' '.join(cmd)} failed ({status})")
    return time.perf_counter() - t, usage.ru_maxrss / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    nnatlas = str(Path(sys.executable).parent / "nnatlas")
    cache = Path(tempfile.mkdtemp(prefix="nnatlas-report-bench-cache-"))
    out = Path(tempfile.mkdtemp(prefix="nnatlas-report-bench-")) / "report"
    env = dict(os.environ, NNATLAS_CACHE=str(cache))
    cmd = [nnatlas, "report", "--out", str(out)]
    _run(cmd, env)  # fill the data and geometry caches
    cold, warm = [], []
    for _ in range(args.runs):
        shutil.rmtree(cache / "report-figures", ignore_errors=True)
        cold.append(_run(cmd, env))
        warm.append(_run(cmd, env))
    peak = max(m for _, m in cold + warm)  # the parent's; forked drawing workers are smaller
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    for name, runs, target in (("cold", cold, COLD_S), ("warm", warm, WARM_S)):
        times = [t for t, _ in runs]
        median = statistics.median(times)
        print(
            f"{name} nnatlas report: median {median:.2f} s (range {min(times):.2f}-{max(times):.2f}, {len(times)} runs), "
            f"peak {max(m for _, m in runs):.0f} MB; target {target:g} s: {'met' if median <= target else 'MISSED'}"
        )
    print(f"peak memory of any process: {max(peak, children):.0f} MB")
    shutil.rmtree(cache, ignore_errors=True)
    shutil.rmtree(out.parent, ignore_errors=True)


if __name__ == "__main__":
    main()
