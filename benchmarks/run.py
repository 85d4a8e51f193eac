"""Start-up benchmark: cold and warm `nnatlas show liangjiang` and `nnatlas list`, next to
`python -c "import pandas"`, each in a fresh process (median of N runs).

Every case is a cold process (a new interpreter). "first run" also empties nnatlas's cache of
parsed data, as after an install or an edit of the data files. Run:
    .venv/bin/python benchmarks/run.py [--runs 7]
Target (issue 2): a cold `show` takes no longer than importing pandas.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

BIN = Path(sys.executable).parent


def timed(cmd: list[str], env: dict[str, str], clear: Path | None = None) -> float:
    if clear is not None:
        shutil.rmtree(clear, ignore_errors=True)
    t = time.perf_counter()
    subprocess.run(cmd, env=env, check=True, stdout=subprocess.DEVNULL)
    return time.perf_counter() - t


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    cache = Path(tempfile.mkdtemp(prefix="nnatlas-bench-"))
    env = {**os.environ, "NNATLAS_CACHE": str(cache)}
    nnatlas = str(BIN / "nnatlas")
    cases = [
        ("python -c 'import pandas'", [sys.executable, "-c", "import pandas"], None),
        ("nnatlas show liangjiang", [nnatlas, "show", "liangjiang"], None),
        ("nnatlas show liangjiang (first run)", [nnatlas, "show", "liangjiang"], cache),
        ("nnatlas list", [nnatlas, "list"], None),
        ("nnatlas list (first run)", [nnatlas, "list"], cache),
    ]
    timed([nnatlas, "show", "liangjiang"], env)  # first run: byte-compile
    print(f"{'case':<38}{'median s':>10}{'min s':>8}   ({args.runs} runs, fresh process each)")
    results = {}
    for name, cmd, clear in cases:
        times = [timed(cmd, env, clear) for _ in range(args.runs)]
        results[name] = statistics.median(times)
        print(f"{name:<38}{results[name]:>10.3f}{min(times):>8.3f}")
    shutil.rmtree(cache, ignore_errors=True)
    pandas = results["python -c 'import pandas'"]
    for case in ("nnatlas show liangjiang", "nnatlas show liangjiang (first run)"):
        ok = results[case] <= pandas
        print(f"{case}: {results[case]:.3f} s {'<=' if ok else '>'} import pandas {pandas:.3f} s")


if __name__ == "__main__":
    main()
