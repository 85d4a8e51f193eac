"""A small HTTP/1.1 load generator for loopback: N keep-alive clients, bounded in requests and time.

Standard library only (asyncio streams), so the generator costs little beside the server on a
2-core machine. :func:`load` returns throughput and latency percentiles; used by
``benchmarks/serve.py`` and, with small bounds and no timing assertion, by ``tests/test_web_load.py``.
"""

from __future__ import annotations

import asyncio
import statistics
import time
from dataclasses import dataclass


@dataclass
class Result:
    path: str
    clients: int
    requests: int
    errors: int
    statuses: dict[int, int]
    seconds: float
    latencies_ms: list[float]

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    def percentile(self, p: float) -> float:
        if not self.latencies_ms:
            return float("nan")
        ordered = sorted(self.latencies_ms)
        return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]

    def line(self) -> str:
        return (
            f"{self.path}: {self.requests} requests by {self.clients} clients in {self.seconds:.2f} s, "
            f"{self.throughput:.0f} req/s, p50 {self.percentile(50):.1f} ms, p99 {self.percentile(99):.1f} ms, "
            f"max {max(self.latencies_ms, default=float('nan')):.1f} ms, errors {self.errors}, statuses {self.statuses}"
        )


async def _client(host: str, port: int, path: str, budget: list[int], deadline: float, out: Result, gzip: bool) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    request = f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n" + ("Accept-Encoding: gzip\r\n" if gzip else "") + "\r\n"
    try:
        while budget[0] > 0 and time.perf_counter() < deadline:
            budget[0] -= 1
            start = time.perf_counter()
            writer.write(request.encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = 0
            for line in head.split(b"\r\n"):
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            out.latencies_ms.append((time.perf_counter() - start) * 1000)
            out.requests += 1
            out.statuses[status] = out.statuses.get(status, 0) + 1
            if status != 200:
                out.errors += 1
    except (OSError, asyncio.IncompleteReadError, ValueError):
        out.errors += 1
    finally:
        writer.close()


async def _load(host: str, port: int, path: str, clients: int, requests: int, seconds: float, gzip: bool) -> Result:
    out = Result(path, clients, 0, 0, {}, 0.0, [])
    budget = [requests]
    start = time.perf_counter()
    await asyncio.gather(*(_client(host, port, path, budget, start + seconds, out, gzip) for _ in range(clients)))
    out.seconds = time.perf_counter() - start
    return out


def load(
    host: str, port: int, path: str, *, clients: int = 50, requests: int = 5000, seconds: float = 30.0, gzip: bool = True
) -> Result:
    """``requests`` GETs of ``path`` (at most ``seconds`` long) by ``clients`` concurrent keep-alive clients."""
    return asyncio.run(_load(host, port, path, clients, requests, seconds, gzip))


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")
