"""Two plain ASGI middlewares: security headers on every response, and a cache of whole answers.

The atlas is immutable while the server runs, so a GET's answer depends only on its address, on
whether the client takes gzip, and (for addresses that default to today) on today's date:
:class:`ResponseCache` keeps the bytes of each 200 answer under that key and replays them without
routing, validation or encoding, which is what lets one process answer 50 concurrent clients
within a few milliseconds.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
SECURITY_HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)

        async def with_headers(message):
            if message["type"] == "http.response.start":
                seen, headers = set(), []
                for name, value in [*message.get("headers", []), *SECURITY_HEADERS]:
                    if (name.lower(), value) not in seen:  # one Vary: Accept-Encoding, not one per layer
                        seen.add((name.lower(), value))
                        headers.append((name, value))
                message["headers"] = headers
            await send(message)

        return await self.app(scope, receive, with_headers)


class HeadAsGet:
    """Answers HEAD as the GET of the same address without its body (the headers, length included, kept)."""

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http" or scope["method"] != "HEAD":
            return await self.app(scope, receive, send)

        async def headers_only(message):
            if message["type"] == "http.response.body":
                if not message.get("more_body"):
                    await send({"type": "http.response.body", "body": b""})
                return
            await send(message)

        return await self.app({**scope, "method": "GET"}, receive, headers_only)


class ResponseCache:
    """Replays the 200 answers to GETs (not of ``/static``, not conditional) from a bounded LRU."""

    def __init__(self, app, kept: int = 1024, largest: int = 8_000_000):
        self.app, self.kept, self.largest = app, kept, largest
        self._items: OrderedDict[tuple, tuple[int, list, bytes]] = OrderedDict()
        self._lock = threading.Lock()

    def _key(self, scope) -> tuple | None:
        if scope["type"] != "http" or scope["method"] != "GET" or scope["path"].startswith("/static/"):
            return None
        headers = dict(scope["headers"])
        if b"if-none-match" in headers or b"range" in headers:
            return None
        return scope["path"], scope["query_string"], b"gzip" in headers.get(b"accept-encoding", b""), dt.date.today()

    async def __call__(self, scope, receive, send):
        key = self._key(scope)
        if key is None:
            return await self.app(scope, receive, send)
        with self._lock:
            hit = self._items.get(key)
            if hit is not None:
                self._items.move_to_end(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        start: dict = {}
        chunks: list[bytes] = []

        async def capture(message):
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        if start.get("status") == 200 and len(body) <= self.largest:
            with self._lock:
                self._items[key] = (200, list(start.get("headers", [])), body)
                while len(self._items) > self.kept:
                    self._items.popitem(last=False)
