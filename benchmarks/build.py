"""The main job's speed: warm `nnatlas build` in a fresh process (median of N runs), with peak memory.

"Warm" means the caches (parsed data, prepared geometry) are filled by a first run, as on any run
after the first. Run:
    .venv/bin/python benchmarks/build.py [--runs 5]
Target (issue 11): a warm build takes at most 5 s on the 2-core machine.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGET_S = 5.0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    nnatlas = str(Path(sys.executable).parent / "nnatlas")
    out = Path(tempfile.mkdtemp(prefix="nnatlas-build-bench-"))
    subprocess.run([nnatlas, "build", "--out", str(out)], check=True, stdout=subprocess.DEVNULL)  # fill the caches
    times = []
    for _ in range(args.runs):
        t = time.perf_counter()
        subprocess.run([nnatlas, "build", "--out", str(out)], check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    peak_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024  # the largest of the runs' processes
    median = statistics.median(times)
    print(
        f"warm nnatlas build: median {median:.2f} s (range {min(times):.2f}-{max(times):.2f}, "
        f"{args.runs} runs), peak {peak_mb:.0f} MB"
    )
    print(f"target {TARGET_S:g} s: {'met' if median <= TARGET_S else 'MISSED'}")


if __name__ == "__main__":
    main()
