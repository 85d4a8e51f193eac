"""schemathesis against the web atlas's own OpenAPI description: generated requests, valid and
invalid, never get a server error, and every answer conforms to what the description promises."""

from __future__ import annotations

import schemathesis
from hypothesis import HealthCheck, settings

from nnatlas.web.app import create_app

schema = schemathesis.openapi.from_asgi("/openapi.json", create_app())
#: Exports and figures draw or write files per date: fewer examples keep the suite quick.
SLOW = r"^/(api/export|figures)/"
QUICK = settings(max_examples=40, deadline=None, suppress_health_check=list(HealthCheck))


@schema.exclude(path_regex=SLOW).parametrize()
@QUICK
def test_the_api_answers_every_request_without_a_server_error(case):
    case.call_and_validate()


@schema.include(path_regex=SLOW).parametrize()
@settings(QUICK, max_examples=6)
def test_exports_and_figures_answer_without_a_server_error(case):
    case.call_and_validate()
