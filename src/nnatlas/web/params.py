"""The query of every route, checked: a date, a language, a framework variable, an id, a format.

Each check returns the value or raises a :class:`~nnatlas.web.errors.WebError` naming what is
accepted (and the closest values, where that helps).
"""

from __future__ import annotations

import datetime as dt
import difflib

from fastapi import Request

from nnatlas.analysis.framework import REGISTRY, close_keys, variable_key
from nnatlas.atlas import Atlas
from nnatlas.core.errors import NNAtlasError, UnknownAreaError
from nnatlas.core.settings import LANGS
from nnatlas.ingest.dates import as_of
from nnatlas.web.errors import ACCEPTED, WebError, unknown_area

#: The variable the map is coloured by when none is asked for.
DEFAULT_VARIABLE = "size.region"
#: The schema of a date in the OpenAPI description: a calendar date, a year-month, a year or "today".
DATE_SCHEMA = {
    "anyOf": [
        {"type": "string", "format": "date"},
        {"type": "string", "pattern": "^[1-9][0-9]{3}(-(0[1-9]|1[0-2]))?$"},
        {"type": "string", "enum": ["today"]},
    ]
}


def shown(value: str, limit: int = 60) -> str:
    """``value`` quoted for a message, cut to ``limit`` characters (an error never echoes a whole input)."""
    return repr(value if len(value) <= limit else value[:limit] + "…")


def _query_names(dependant) -> set[str]:
    names = {p.alias for p in dependant.query_params}
    for sub in dependant.dependencies:
        names |= _query_names(sub)
    return names


def only_declared(request: Request) -> None:
    """Every query parameter of a route is one it declares, given once; else a 422 naming them."""
    route = request.scope.get("route")
    dependant = getattr(route, "dependant", None)
    if dependant is None:
        return
    accepted = sorted(_query_names(dependant))
    for name in request.query_params:
        if name not in accepted:
            close = difflib.get_close_matches(name, accepted, n=1, cutoff=0.5)
            raise WebError(
                422, "unknown_parameter", f"unknown query parameter {shown(name)}", ", ".join(accepted) or "none", close
            )
        if len(request.query_params.getlist(name)) > 1:
            raise WebError(422, "repeated_parameter", f"{name} is given more than once: give it once", f"one {name}")


def day(at: str | None, default: dt.date | None = None) -> dt.date:
    """The date ``at`` names (default ``default``, else today)."""
    if at is None:
        return default or dt.date.today()
    try:
        when = as_of(at)
    except (NNAtlasError, ValueError):
        raise WebError(422, "bad_date", f"at: {shown(at)} is not a date", ACCEPTED["at"]) from None
    return when


def lang(value: str | None) -> str:
    if value is None or value == "":
        return "en"
    if value not in LANGS:
        close = difflib.get_close_matches(value.lower(), LANGS, n=1, cutoff=0.3)
        raise WebError(422, "bad_lang", f"lang: {shown(value)} is not a language of the atlas", ACCEPTED["lang"], close)
    return value


def variable(value: str | None) -> str:
    """A framework variable key (``level.org_type``); a bare unambiguous name is accepted too."""
    if value is None:
        return DEFAULT_VARIABLE
    key = variable_key(value)
    if key is not None:
        return key
    close = close_keys(value)
    raise WebError(422, "bad_variable", f"var: unknown framework variable {shown(value)}", "a key: " + ", ".join(REGISTRY), close)


def area(atlas: Atlas, key: str) -> str:
    """The id an id or alias names; a 404 naming the closest ids otherwise."""
    try:
        return atlas.resolve(key)
    except UnknownAreaError as exc:
        raise unknown_area(exc) from None


def choice(name: str, value: str, accepted: tuple[str, ...], code: str) -> str:
    if value not in accepted:
        close = difflib.get_close_matches(value, accepted, n=1, cutoff=0.5)
        raise WebError(422, code, f"{name}: unknown {name} {shown(value)}", ", ".join(accepted), close)
    return value
