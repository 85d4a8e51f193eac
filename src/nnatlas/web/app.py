"""The web atlas as an ASGI app: :func:`create_app`, and :func:`serve` for ``nnatlas serve``.

Read-only (GET and HEAD only), offline (every script, style and map layer from this package),
with a Content-Security-Policy that allows no other origin.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import socket
from pathlib import Path

from fastapi import Depends, FastAPI
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.staticfiles import StaticFiles

from nnatlas.atlas import Atlas
from nnatlas.core.settings import VERSION
from nnatlas.web import api, errors, params, site
from nnatlas.web.middleware import HeadAsGet, ResponseCache, SecurityHeaders
from nnatlas.web.service import Service


def create_app(data: Path | None = None, standalone: bool = False, *, atlas: Atlas | None = None) -> FastAPI:
    """The app over the packaged data, or ``data`` (extending it, or alone with ``standalone``), or a given ``atlas``."""
    svc = Service(data, standalone, atlas)
    app = FastAPI(
        title="nnatlas web atlas",
        version=VERSION,
        description="China's State-level New Areas over time: the sourced, dated data and the framework as JSON. "
        f"Data version {svc.data_version}. Every record carries the date it is as of (as_of); "
        "errors share one envelope {error: {status, code, message, accepted, did_you_mean}}.",
        docs_url=None,  # FastAPI's docs page loads Swagger UI from a CDN: the atlas stays offline
        redoc_url=None,
        openapi_url="/openapi.json",
        redirect_slashes=False,  # /api/areas/ is not an address: a 404 in the envelope, not a redirect
        dependencies=[Depends(params.only_declared)],
    )
    app.state.service = svc
    env = site.environment()
    errors.install(app, html_error=lambda request, err: site.error_page(env, request, err))
    app.include_router(api.router(svc))
    app.include_router(site.router(svc, env))
    from nnatlas.outputs.pages.data import STATIC as REPORT_STATIC

    app.mount("/static/report", StaticFiles(directory=REPORT_STATIC), name="report-static")
    app.mount("/static", StaticFiles(directory=site.STATIC, check_dir=False), name="static")
    app.add_middleware(GZipMiddleware, minimum_size=1024)
    app.add_middleware(ResponseCache)
    app.add_middleware(HeadAsGet)
    app.add_middleware(SecurityHeaders)
    return app


def bind(host: str, port: int) -> socket.socket:
    """A listening socket on ``host:port``, or a one-line :class:`UsageError` saying why not."""
    from nnatlas.core.errors import UsageError

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except socket.gaierror:
        raise UsageError(f"--host {host!r} is not an address of this machine (for example 127.0.0.1 or 0.0.0.0)") from None
    family, _, _, _, address = infos[0]
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind(address)
    except OSError as exc:
        sock.close()
        if exc.errno == 98:
            raise UsageError(f"port {port} on {host} is in use: choose another with --port") from None
        raise UsageError(f"cannot listen on {host}:{port}: {exc.strerror}") from None
    sock.listen(2048)
    sock.set_inheritable(True)
    return sock


def warm_paths(today: dt.date | None = None) -> list[str]:
    """What the map page asks for first, today: computed before the first visitor asks."""
    day = today or dt.date.today()
    return ["/", "/api/geo/base", f"/api/geo/footprints?at={day}", f"/api/framework?at={day}", "/api/meta?lang=en"]


def warm(app: FastAPI, paths: list[str]) -> None:
    """GET each of ``paths`` in-process (gzip accepted, as browsers do), filling every cache on the way."""
    import asyncio

    async def get(path: str) -> None:
        route, _, query = path.partition("?")
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
            "path": route, "raw_path": route.encode(), "query_string": query.encode(), "root_path": "",
            "headers": [(b"host", b"localhost"), (b"accept-encoding", b"gzip")], "client": None, "server": None,
        }  # fmt: skip

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def discard(message) -> None:
            """The answer itself is not needed: computing it fills the caches."""

        await app(scope, receive, discard)

    async def all_paths() -> None:
        for path in paths:
            await get(path)

    asyncio.run(all_paths())


def serve(app: FastAPI, sock: socket.socket, echo=print) -> None:
    """Run ``app`` on ``sock`` with uvicorn until Ctrl-C (or SIGTERM), then say so: a stop is not an error.

    While uvicorn starts, a background thread computes what the map page asks for first.
    """
    import threading

    import uvicorn

    threading.Thread(target=warm, args=(app, warm_paths()), name="nnatlas-warm", daemon=True).start()
    config = uvicorn.Config(app, log_level="warning", access_log=False, lifespan="off")
    server = uvicorn.Server(config)
    gc.collect()
    gc.freeze()  # the atlas and the app live until the end: keep them out of every later collection
    with contextlib.suppress(KeyboardInterrupt):  # uvicorn re-raises the signal once it has shut down
        server.run(sockets=[sock])
    echo("nnatlas: the web atlas stopped")
