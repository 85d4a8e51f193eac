"""Turning an encoded :class:`~nnatlas.web.service.Body` into a response: gzip when the client
accepts it, a 304 when its copy is current, and the date and data version in the headers."""

from __future__ import annotations

from fastapi import Request, Response

from nnatlas.web.service import Body


def reply(request: Request, body: Body, data_version: str, headers: dict[str, str] | None = None) -> Response:
    head = {
        "ETag": body.etag,
        "Cache-Control": "no-cache",  # revalidate: "today" moves at midnight
        "Vary": "Accept-Encoding",
        "X-As-Of": body.as_of,
        "X-Data-Version": data_version,
        **(headers or {}),
    }
    if request.headers.get("if-none-match") == body.etag:
        return Response(status_code=304, headers=head)
    if body.gz is not None and "gzip" in request.headers.get("accept-encoding", ""):
        head["Content-Encoding"] = "gzip"
        return Response(body.gz, media_type=body.media_type, headers=head)
    return Response(body.raw, media_type=body.media_type, headers=head)
