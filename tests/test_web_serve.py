"""``nnatlas serve`` for real: a process on a loopback port, answering 50 concurrent clients,
stopping on Ctrl-C, and refusing bad options in one line."""

from __future__ import annotations

import contextlib
import json
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from loadgen import load

NNATLAS = str(Path(sys.executable).parent / "nnatlas")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(port: int, path: str) -> tuple[int, bytes]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=60) as r:
        return r.status, r.read()


@pytest.fixture(scope="module")
def server():
    port = free_port()
    proc = subprocess.Popen([NNATLAS, "serve", "--port", str(port)], stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if get(port, "/api/meta")[0] == 200:
                break
        time.sleep(0.05)
    else:
        proc.kill()
        pytest.fail("nnatlas serve did not answer within 60 s")
    yield proc, port
    if proc.poll() is None:
        proc.kill()


def test_serve_answers_on_loopback_with_the_packaged_data(server):
    _, port = server
    status, body = get(port, "/api/areas?at=2016-12-31")
    assert status == 200
    rows = json.loads(body)
    assert rows and all(r["as_of"] == "2016-12-31" for r in rows)


@pytest.mark.parametrize("path", ["/api/areas?at=2016-12-31", "/api/geo/footprints?at=2016-12-31"])
def test_fifty_concurrent_clients_all_get_the_answer(server, path):
    _, port = server
    expected = get(port, path)[1]
    result = load("127.0.0.1", port, path, clients=50, requests=1000, seconds=60, gzip=False)
    assert result.errors == 0 and result.statuses == {200: 1000}
    assert len(result.latencies_ms) == 1000
    assert get(port, path)[1] == expected  # the cached answer is the computed one


def test_a_busy_port_is_one_line(server):
    _, port = server
    done = subprocess.run([NNATLAS, "serve", "--port", str(port)], capture_output=True, text=True, timeout=60)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [f"nnatlas: port {port} on 127.0.0.1 is in use: choose another with --port"]


def test_ctrl_c_stops_the_server_cleanly(server):
    proc, port = server
    proc.send_signal(signal.SIGINT)
    proc.wait(timeout=30)
    err = proc.stderr.read()
    assert proc.returncode == 0
    assert "Traceback" not in err
    assert err.startswith(f"nnatlas web atlas on http://127.0.0.1:{port}/")
    assert err.strip().splitlines()[-1] == "nnatlas: the web atlas stopped"
    with pytest.raises(OSError):
        get(port, "/api/meta")
