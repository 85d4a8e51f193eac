"""One error envelope for every error the server answers:
``{"error": {"status", "code", "message", "accepted", "did_you_mean"}}``.

Bad input is a 422 naming the accepted form, an unknown id or address a 404 naming the closest
ids, a method other than GET or HEAD a 405; anything unforeseen is still a 500 in the envelope
(and logged), never a bare traceback.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from nnatlas.core.errors import NNAtlasError, UnknownAreaError

log = logging.getLogger("nnatlas.web")

#: What each query parameter accepts, for the envelope's ``accepted``.
ACCEPTED = {
    "at": "a date YYYY-MM-DD (or YYYY-MM, YYYY: its last day; or 'today')",
    "lang": "en or zh",
    "area_id": "an NNA id or alias",
}
#: The envelope's code for a malformed query parameter.
CODES = {"at": "bad_date", "lang": "bad_lang", "var": "bad_variable", "sel": "unknown_area", "area_id": "unknown_area"}


class WebError(Exception):
    """An error with its HTTP status and envelope fields."""

    def __init__(self, status: int, code: str, message: str, accepted: str | None = None, did_you_mean: list[str] | None = None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.accepted, self.did_you_mean = accepted, did_you_mean or []

    def body(self) -> dict[str, Any]:
        err: dict[str, Any] = {"status": self.status, "code": self.code, "message": self.message}
        if self.accepted:
            err["accepted"] = self.accepted
        if self.did_you_mean:
            err["did_you_mean"] = self.did_you_mean
        return {"error": err}


def unknown_area(exc: UnknownAreaError) -> WebError:
    return WebError(404, "unknown_area", str(exc).split(" (valid ids")[0], "an id: " + ", ".join(exc.valid), exc.suggestions)


def from_exception(exc: Exception) -> WebError:
    """The :class:`WebError` an exception raised in a route stands for."""
    if isinstance(exc, WebError):
        return exc
    if isinstance(exc, UnknownAreaError):
        return unknown_area(exc)
    if isinstance(exc, NNAtlasError):
        return WebError(422, "bad_request", str(exc))
    if isinstance(exc, RequestValidationError):
        first = exc.errors()[0] if exc.errors() else {}
        loc = [str(p) for p in first.get("loc", ()) if p not in ("query", "path")]
        name = loc[0] if loc else "request"
        if name in ACCEPTED and "input" in first:
            value = str(first["input"])
            value = value if len(value) <= 60 else value[:60] + "…"
            message = f"{name}: {value!r} is not accepted"
        else:
            message = f"{name}: {first.get('msg', 'invalid value')}"
        return WebError(422, CODES.get(name, f"bad_{name}"), message, ACCEPTED.get(name))
    if isinstance(exc, StarletteHTTPException):
        if exc.status_code == 404:
            return WebError(404, "not_found", "no such address: the atlas is at /, the API is described at /openapi.json")
        if exc.status_code == 405:
            return WebError(405, "method_not_allowed", "the atlas is read-only: use GET (or HEAD)")
        return WebError(exc.status_code, "http_error", str(exc.detail))
    log.exception("unexpected error", exc_info=exc)
    return WebError(500, "internal_error", f"unexpected {type(exc).__name__}; please report it with the address")


def wants_html(request: Request) -> bool:
    """Whether an error answers a page (an HTML route, or a browser asking for a page that is not
    under /api, not ``.json`` and not the OpenAPI description)."""
    if getattr(request.state, "html", False):
        return True
    path = request.url.path
    machine = path.startswith("/api/") or path == "/api" or path.endswith(".json") or path.endswith(".png")
    return not machine and "text/html" in request.headers.get("accept", "")


def install(app: FastAPI, html_error=None) -> None:
    """Answer every error with the envelope; HTML routes (``request.state.html``) get
    ``html_error(request, web_error)`` instead when it is given."""

    async def handle(request: Request, exc: Exception):
        err = from_exception(exc)
        headers = {"Allow": "GET, HEAD"} if err.status == 405 else None
        if html_error is not None and wants_html(request):
            return html_error(request, err)
        return JSONResponse(err.body(), status_code=err.status, headers=headers)

    for kind in (WebError, NNAtlasError, RequestValidationError, StarletteHTTPException, Exception):
        app.add_exception_handler(kind, handle)
