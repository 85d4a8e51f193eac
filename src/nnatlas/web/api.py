"""The JSON API under ``/api``: each route returns exactly what the CLI's ``--json`` prints for
the same date (``/api/areas`` = ``nnatlas list --json``, ``/api/areas/{id}`` = ``show``,
``/api/framework``, ``/api/claims``, ``/api/stages``, ``/api/network/{id}``, ``/api/sources``),
plus the map's layers (``/api/geo/...``), the exports and ``/api/meta`` for the pages.
"""

from __future__ import annotations

import datetime as dt
import io
import shutil
import tempfile
import zipfile
from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request, Response
from fastapi import Path as PathParam
from pydantic import BaseModel

from nnatlas.core.settings import LANGS, PAPER_DATE, VERSION
from nnatlas.outputs.export import FORMATS as EXPORT_FORMATS
from nnatlas.web import params
from nnatlas.web.responses import reply
from nnatlas.web.service import Service

AtQuery = Annotated[
    str | None,
    Query(
        description="The date: YYYY-MM-DD (YYYY-MM or YYYY: its last day). Default: today.", json_schema_extra=params.DATE_SCHEMA
    ),
]
PaperAtQuery = Annotated[
    str | None,
    Query(
        description=f"The date: YYYY-MM-DD (YYYY-MM or YYYY: its last day). Default: {PAPER_DATE}, the paper's date.",
        json_schema_extra=params.DATE_SCHEMA,
    ),
]
LangQuery = Annotated[str | None, Query(description="en or zh.", pattern="^(en|zh)$")]
IdPath = Annotated[str, PathParam(description="An NNA id or alias, e.g. pudong or 浦东新区.", min_length=1, max_length=200)]
FIRST_DAY = dt.date(1992, 1, 1)


class ErrorBody(BaseModel):
    status: int
    code: str
    message: str
    accepted: str | None = None
    did_you_mean: list[str] = []


class Envelope(BaseModel):
    error: ErrorBody


ERRORS: dict[int | str, dict[str, Any]] = {
    404: {"model": Envelope, "description": "Unknown id (the envelope names the closest ids)"},
    422: {"model": Envelope, "description": "Bad date, language, variable or format (the envelope names the accepted form)"},
}


def meta(svc: Service, lang: str) -> dict[str, Any]:
    from nnatlas.analysis.framework import REGISTRY
    from nnatlas.ingest import vocab
    from nnatlas.outputs.export import FORMATS

    today = dt.date.today()

    def terms(var) -> dict[str, dict[str, str]]:
        known = getattr(vocab, var.name.upper() + "S", None) or getattr(vocab, var.name.upper(), None)
        out = {}
        for term in var.categories:
            out[term] = {
                "en": known.label(term, "en") if isinstance(known, vocab.Terms) and term in known else term,
                "zh": known.label(term, "zh") if isinstance(known, vocab.Terms) and term in known else term,
            }
        return out

    return {
        "as_of": str(today),
        "version": VERSION,
        "data_version": svc.data_version,
        "first_day": str(FIRST_DAY),
        "today": str(today),
        "paper_date": str(PAPER_DATE),
        "langs": list(LANGS),
        "lang": lang,
        "variables": [
            {
                "key": key,
                "dimension": var.dimension,
                "name": var.name,
                "kind": var.kind,
                "label": {"en": var.title("en"), "zh": var.title("zh")},
                "definition": var.definition,
                "categories": terms(var),
            }
            for key, var in REGISTRY.items()
        ],
        "areas": [
            {
                "id": a.id,
                "name": {"en": a.names.en, "zh": a.names.zh_short or a.names.zh},
                "approved": str(a.approval.date),
                "kind": a.kind,
            }
            for a in svc.atlas
        ],
        "formats": list(FORMATS),
    }


def router(svc: Service) -> APIRouter:
    api = APIRouter(prefix="/api", responses=ERRORS)

    def dated(request: Request, name: str, at: str | None, make, default: dt.date | None = None, *extra) -> Response:
        when = params.day(at, default)
        body = svc.body((name, when, *extra), lambda: make(svc.at(when)), str(when))
        return reply(request, body, svc.data_version)

    @api.get("/meta", summary="The atlas: versions, dates, variables with labels, NNAs, export formats")
    def get_meta(request: Request, lang: LangQuery = None) -> Response:
        language = params.lang(lang)
        body = svc.body(("meta", dt.date.today(), language), lambda: meta(svc, language), str(dt.date.today()))
        return reply(request, body, svc.data_version)

    @api.get("/areas", summary="One record per NNA existing at the date (nnatlas list --json)")
    def areas(request: Request, at: AtQuery = None, lang: LangQuery = None) -> Response:
        language = params.lang(lang)
        return dated(request, "areas", at, lambda s: s.records(lang=language), None, language)

    @api.get("/areas/{area_id}", summary="Every fact of one NNA with sources and validity (nnatlas show --json)")
    def area(request: Request, area_id: IdPath, at: AtQuery = None) -> Response:
        key = params.area(svc.atlas, area_id)
        return dated(request, "area", at, lambda s: s.describe(key), None, key)

    @api.get("/framework", summary="The framework record of every NNA (nnatlas framework --json)")
    def framework(request: Request, at: AtQuery = None) -> Response:
        from nnatlas.analysis.framework import assess

        return dated(request, "framework", at, assess)

    @api.get("/claims", summary="Every statement of the paper checked (nnatlas claims --json); default: the paper's date")
    def claims(request: Request, at: PaperAtQuery = None) -> Response:
        from nnatlas.analysis.claims import evaluate

        return dated(request, "claims", at, evaluate, PAPER_DATE)

    @api.get("/stages", summary="The development-stage assessment of every NNA (nnatlas stages --json)")
    def stages(request: Request, at: AtQuery = None) -> Response:
        from nnatlas.analysis.framework.stages import assess_all

        return dated(request, "stages", at, lambda s: assess_all(s))

    @api.get("/network/{area_id}", summary="The governance network of one NNA (nnatlas network --json)")
    def network(request: Request, area_id: IdPath, at: AtQuery = None) -> Response:
        from nnatlas.analysis.network import network_json

        key = params.area(svc.atlas, area_id)
        return dated(request, "network", at, lambda s: network_json(s, key), None, key)

    @api.get("/sources", summary="Every source the data cites (nnatlas sources --json)")
    def sources(request: Request) -> Response:
        today = dt.date.today()
        rows = lambda: [s.model_dump(mode="json") for s in svc.atlas.sources.values()]  # noqa: E731
        return reply(request, svc.body(("sources",), rows, str(today)), svc.data_version)

    @api.get("/geo/footprints", summary="GeoJSON of the NNAs' footprints at the date (WGS 84, simplified for display)")
    def footprints(request: Request, at: AtQuery = None) -> Response:
        from nnatlas.analysis.geo import webmap

        def make(s):
            out = webmap.footprints(s)
            out["data_version"] = svc.data_version
            return out

        return dated(request, "footprints", at, make)

    @api.get("/geo/base", summary="The basemap: coverage-simplified provinces and the national outline (WGS 84)")
    def base(request: Request) -> Response:
        body = svc.body(("base",), lambda: {"as_of": str(dt.date.today()), **base_layers(svc)}, str(dt.date.today()))
        return reply(request, body, svc.data_version)

    @api.get(
        "/export/{fmt}",
        summary="Every table of the data at the date in one format (a .zip when the format has several files)",
        response_class=Response,
    )
    def export(
        request: Request,
        fmt: Annotated[str, PathParam(description="The format.", json_schema_extra={"enum": list(EXPORT_FORMATS)})],
        at: AtQuery = None,
    ) -> Response:
        from nnatlas.outputs.export import FORMATS

        params.choice("format", fmt, FORMATS, "bad_format")
        when = params.day(at)
        name, media = download_name(fmt, when)
        body = svc.body(("export", fmt, when), lambda: export_bytes(svc, fmt, when), str(when), media)
        return reply(request, body, svc.data_version, {"Content-Disposition": f'attachment; filename="{name}"'})

    return api


def base_layers(svc: Service) -> dict[str, Any]:
    """The basemap, with the provinces' English names from the atlas's reference table."""
    from nnatlas.analysis.geo import webmap

    layers = webmap.base()
    for feature in layers["provinces"]["features"]:
        props = feature["properties"]
        props["name_en"] = svc.atlas.province_name(props["code"], "en") or props["name_zh"]
    return layers


#: Formats written as one file, downloaded as it is; every other format is a zip of its files
#: (sqlite too: the database and its Datasette ``metadata.json``).
SINGLE = {"xlsx": ".xlsx", "gpkg": ".gpkg"}


def download_name(fmt: str, when: dt.date) -> tuple[str, str]:
    if fmt in SINGLE:
        media = {"xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}.get(fmt, "application/octet-stream")
        return f"nnatlas-{when}{SINGLE[fmt]}", media
    return f"nnatlas-{fmt}-{when}.zip", "application/zip"


def zip_time(when: dt.date) -> tuple[int, ...]:
    """The as-of date as a zip member's time stamp (zip stores 1980 to 2107 only): the same bytes for the same date."""
    return (when.year, when.month, when.day, 0, 0, 0) if 1980 <= when.year <= 2107 else (1980, 1, 1, 0, 0, 0)


def export_bytes(svc: Service, fmt: str, when: dt.date) -> bytes:
    """The export of ``fmt`` at ``when`` as one file's bytes, or a zip of its files."""
    from nnatlas.outputs.export import export

    tmp = Path(tempfile.mkdtemp(prefix="nnatlas-export-"))
    try:
        files = export(svc.at(when), fmt, tmp, data_dir=svc.data, standalone=svc.standalone)
        if fmt in SINGLE:
            (only,) = files  # the download's name says it is one file: fail loudly if that ever changes
            return only.read_bytes()
        buf = io.BytesIO()
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for f in sorted(files):
                info = zipfile.ZipInfo(
                    f"nnatlas-{fmt}-{when}/{f.relative_to(tmp).as_posix()}",
                    date_time=zip_time(when),
                )
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, f.read_bytes())
        return buf.getvalue()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
