"""The pages (HTML, and the same page as JSON at its address + ``.json``) and their figures.

A page's data comes from :func:`nnatlas.web.pages.build`; it is rendered with the web templates,
which fall back on the report's (:mod:`nnatlas.outputs.pages`), so an NNA page is the report's
NNA page, live at any date.
"""

from __future__ import annotations

import datetime as dt
import html
import os
import tempfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam
from fastapi.responses import HTMLResponse

from nnatlas.analysis.framework import REGISTRY
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import PAPER_DATE, cache_root
from nnatlas.web import params
from nnatlas.web.api import ERRORS, AtQuery, IdPath, LangQuery
from nnatlas.web.errors import WebError
from nnatlas.web.responses import reply
from nnatlas.web.service import Service

TEMPLATES = Path(__file__).with_name("templates")
STATIC = Path(__file__).with_name("static")
#: The pages and their addresses (each also at the address + ".json"; the map's is /index.json).
PAGES = {
    "index": "/",
    "compare": "/compare",
    "claims": "/claims",
    "typologies": "/typologies",
    "sources": "/sources",
    "downloads": "/downloads",
    "about": "/about",
}
FIGURE_KINDS = ("locator", "network")
VarQuery = Annotated[
    str | None,
    Query(
        description="A framework variable key, e.g. level.org_type (the map's colours).",
        json_schema_extra={"enum": list(REGISTRY)},
    ),
]
SelQuery = Annotated[str | None, Query(description="A selected NNA id (highlighted on the map).", max_length=200)]


def environment():
    import jinja2

    from nnatlas.outputs.pages.data import TEMPLATES as REPORT_TEMPLATES

    loader = jinja2.ChoiceLoader([jinja2.FileSystemLoader(str(TEMPLATES)), jinja2.FileSystemLoader(str(REPORT_TEMPLATES))])
    return jinja2.Environment(loader=loader, autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _public(page: dict[str, Any]) -> dict[str, Any]:
    """A page's data without its chrome (the ``.json`` form)."""
    return {k: v for k, v in page.items() if k not in ("t", "nav", "template")}


def error_page(env, request: Request, err: WebError) -> HTMLResponse:
    lang = request.query_params.get("lang")
    lang = lang if lang in ("en", "zh") else "en"
    try:
        from nnatlas.web.pages import chrome

        context = {**chrome(lang), "status": err.status, "message": err.message, "error": err.body()["error"]}
        text = env.get_template("error.html").render(context)
    except Exception:  # the error page must not fail: a plain one
        text = f"<!doctype html><title>{err.status}</title><h1>{err.status}</h1><p>{html.escape(err.message)}</p>"
    return HTMLResponse(text, status_code=err.status)


def router(svc: Service, env) -> APIRouter:
    site = APIRouter(responses=ERRORS)

    def page(request: Request, kind: str, at: str | None, lang: str | None, as_json: bool, **extra: str) -> Response:
        from nnatlas.web import pages

        request.state.html = not as_json
        language = params.lang(lang)
        when = params.day(at, PAPER_DATE if kind == "claims" else None)
        query = {k: v for k, v in extra.items() if v is not None}
        key = ("page", kind, when, language, tuple(sorted(query.items())), as_json)

        def make():
            data = pages.build(kind, svc.at(when), language, query)
            if as_json:
                return _public(data)
            return env.get_template(data["template"]).render(data).encode()

        media = "application/json" if as_json else "text/html; charset=utf-8"
        return reply(request, svc.body(key, make, str(when), media), svc.data_version)

    def map_query(var: str | None, sel: str | None) -> dict[str, str]:
        out = {"var": params.variable(var)}
        if sel:
            out["sel"] = params.area(svc.atlas, sel)
        return out

    @site.get("/index.json", summary="The map page's data")
    def index_json(request: Request, at: AtQuery = None, lang: LangQuery = None, var: VarQuery = None, sel: SelQuery = None):
        return page(request, "index", at, lang, True, **map_query(var, sel))

    @site.get("/", include_in_schema=False)
    def index(request: Request, at: str | None = None, lang: str | None = None, var: str | None = None, sel: str | None = None):
        request.state.html = True
        return page(request, "index", at, lang, False, **map_query(var, sel))

    @site.get("/areas/{area_id}.json", summary="An NNA's page data")
    def area_json(request: Request, area_id: IdPath, at: AtQuery = None, lang: LangQuery = None):
        return page(request, "area", at, lang, True, id=params.area(svc.atlas, area_id))

    @site.get("/areas/{area_id}", include_in_schema=False)
    def area(request: Request, area_id: str, at: str | None = None, lang: str | None = None):
        request.state.html = True
        return page(request, "area", at, lang, False, id=params.area(svc.atlas, area_id))

    def routes(kind: str):
        def html_route(request: Request, at: str | None = None, lang: str | None = None):
            request.state.html = True
            return page(request, kind, at, lang, False)

        def json_route(request: Request, at: AtQuery = None, lang: LangQuery = None):
            return page(request, kind, at, lang, True)

        return html_route, json_route

    for kind, address in PAGES.items():
        if kind != "index":
            html_route, json_route = routes(kind)
            site.add_api_route(address, html_route, methods=["GET"], include_in_schema=False, name=kind)
            site.add_api_route(
                f"{address}.json", json_route, methods=["GET"], summary=f"The {kind} page's data", name=f"{kind}_json"
            )

    @site.get(
        "/figures/{kind}/{area_id}.png", summary="An NNA's locator map or governance network (PNG)", response_class=Response
    )
    def figure(
        request: Request,
        kind: Annotated[str, PathParam(description="locator or network", json_schema_extra={"enum": list(FIGURE_KINDS)})],
        area_id: IdPath,
        at: AtQuery = None,
        lang: LangQuery = None,
    ) -> Response:
        params.choice("figure", kind, FIGURE_KINDS, "bad_figure")
        key, language, when = params.area(svc.atlas, area_id), params.lang(lang), params.day(at)
        body = svc.body(
            ("figure", kind, key, when, language), lambda: draw(svc, kind, key, when, language), str(when), "image/png"
        )
        return reply(request, body, svc.data_version)

    return site


def draw(svc: Service, kind: str, key: str, when: dt.date, lang: str) -> bytes:
    """The PNG of a figure, from the disk cache or drawn (one at a time: matplotlib is not thread-safe)."""
    path = cache_root() / "web-figures" / svc.data_version / str(when) / lang / f"{kind}-{key}.png"
    if path.exists():
        return path.read_bytes()
    snap = svc.at(when)
    if key not in {st.area.id for st in snap.states}:
        raise WebError(
            404, "not_drawn", f"{key} did not exist on {when}: there is no {kind} figure", "a date from its approval on"
        )
    path.parent.mkdir(parents=True, exist_ok=True)
    with svc.draw_lock, tempfile.TemporaryDirectory(dir=path.parent, prefix=".drawing-") as folder:
        tmp = Path(folder) / path.name
        try:
            if kind == "locator":
                from nnatlas.outputs.plot.locator import check_drawable, locator_map

                check_drawable(snap.state(key))
                locator_map(snap, key, lang=lang, out=tmp)
            else:
                from nnatlas.outputs.plot.network import draw_network

                draw_network(snap, key, lang, tmp)
        except UsageError as exc:
            raise WebError(404, "not_drawn", str(exc)) from None
        os.replace(tmp, path)
    return path.read_bytes()
