"""The web atlas's speed: time to ready, and throughput, p50 and p99 at 50 concurrent clients.

Starts ``nnatlas serve`` on a free loopback port in a fresh process, measures the time from the
start of the process to its first answer, warms each address once (snapshots and encoded
responses are kept per date), then loads ``/api/areas`` and ``/api/geo/footprints`` with 50
keep-alive clients from a second process (bounded: ``--requests`` each, at most 30 s), and, when
Debian's ``wrk`` is installed, again with wrk for 10 s (a C generator leaves the server more of
the two cores; its percentiles are the ones to compare with the targets). Run:
    .venv/bin/python benchmarks/serve.py [--requests 20000] [--clients 50]
Targets (issue 15, on the 2-core machine): ready within 2 s; p99 under 10 ms (/api/areas) and
under 50 ms (footprints) at 50 clients.
"""

from __future__ import annotations

import argparse
import contextlib
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from loadgen import load

TARGETS = {"/api/areas?at=2016-12-31": 10.0, "/api/geo/footprints?at=2016-12-31": 50.0}
READY_S = 2.0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_ready(url: str, start: float, timeout: float = 60.0) -> float:
    while time.perf_counter() - start < timeout:
        with contextlib.suppress(OSError), urllib.request.urlopen(url, timeout=1) as r:
            if r.status == 200:
                return time.perf_counter() - start
        time.sleep(0.01)
    raise SystemExit(f"the server did not answer {url} within {timeout} s")


def wrk(url: str, clients: int, seconds: int = 10) -> str | None:
    """The same load by wrk (C; Debian's package), when installed: a generator that takes less of the CPU."""
    exe = shutil.which("wrk")
    if exe is None:
        return None
    args = [exe, "-t1", f"-c{clients}", f"-d{seconds}s", "--latency", "-H", "Accept-Encoding: gzip", url]
    out = subprocess.run(args, capture_output=True, text=True, check=True).stdout
    pick = {m.group(1): m.group(2) for m in re.finditer(r"^\s+(50|99)%\s+(\S+)", out, re.M)}
    rate = re.search(r"Requests/sec:\s+(\S+)", out)
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return (
        f"  wrk, {clients} connections for {seconds} s: {rate.group(1) if rate else '?'} req/s, "
        f"p50 {pick.get('50')}, p99 {pick.get('99')}, non-2xx {errors.group(1) if errors else 0}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=50)
    args = parser.parse_args()
    port = free_port()
    nnatlas = str(Path(sys.executable).parent / "nnatlas")
    start = time.perf_counter()
    server = subprocess.Popen([nnatlas, "serve", "--port", str(port)], stderr=subprocess.DEVNULL)
    try:
        ready = wait_ready(f"http://127.0.0.1:{port}/api/meta", start)
        print(f"ready: first answer {ready:.2f} s after the process started (target {READY_S} s)")
        ok = ready <= READY_S
        for path, target in TARGETS.items():
            warm = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(warm, timeout=60) as r:  # warm: compute and keep the answer once
                r.read()
            result = load("127.0.0.1", port, path, clients=args.clients, requests=args.requests)
            print(result.line() + f" (p99 target {target:.0f} ms)")
            by_wrk = wrk(f"http://127.0.0.1:{port}{path}", args.clients)
            if by_wrk:
                print(by_wrk)
            ok &= result.errors == 0 and result.percentile(99) <= target
        print("all targets met" if ok else "a target was missed")
    finally:
        server.terminate()
        server.wait(10)


if __name__ == "__main__":
    main()
