"""The ``network`` command: a thin wrapper over :mod:`nnatlas.network` and :mod:`nnatlas.network_draw`.

``nnatlas network ID [--at DATE] [--json] [--svg FILE | --png FILE] [--lang en|zh]`` prints the
governance network of one NNA (text, or with ``--json`` exactly what
:func:`nnatlas.network.network_json` returns) and optionally draws it. The paper's figures are
drawn by :mod:`nnatlas.paper_figures`.
"""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ._errors import UsageError
from ._output import emit, text_table

if TYPE_CHECKING:
    from .atlas import Atlas


def _check_outputs(svg: Path | None, png: Path | None) -> Path | None:
    if svg is not None and png is not None:
        raise UsageError("choose one of --svg and --png")
    for path, suffix in ((svg, ".svg"), (png, ".png")):
        if path is not None and Path(path).suffix.lower() != suffix:
            raise UsageError(f"--{suffix[1:]} needs a file name ending in {suffix}, not {Path(path).name!r}")
    return svg or png


def _lang(lang: str) -> str:
    if lang not in ("en", "zh"):
        raise UsageError(f"unknown language {lang!r}: use en or zh")
    return lang


def render_network(data: dict[str, Any], lang: str = "en") -> str:
    """The text form of :func:`nnatlas.network.network_json`: measures, bodies, relations."""

    def show(value: Any) -> str:
        return "—" if value is None else "yes" if value is True else "no" if value is False else str(value)

    name = data["name_zh"] if lang == "zh" else data["name_en"]
    lines = [
        f"{name} ({data['id']}): governance network as of {data['as_of']}",
        f"management levels (network): {show(data['management_levels'])}   coded mode: {show(data['coded_mode'])}"
        f"   agree: {show(data['agrees_with_coded_mode'])}",
    ]
    if data["management_levels_note"]:
        lines.append(f"  ({data['management_levels_note']})")
    lines.append(
        f"governments involved: {data['governments_involved']}   highest coordinating rank: "
        f"{show(data['highest_coordinating_rank'])} ({show(data['highest_coordinator'])})   direct management "
        f"share: {show(data['direct_management_share'])}"
    )
    key = "name_zh" if lang == "zh" else "name_en"
    nodes = [
        {
            "id": n["id"],
            "tier": n["tier"],
            "kind": n["kind"],
            "name": n[key] or n["name_en"] or n["name_zh"],
            "rank": n["rank"],
            "authority": n["nna_authority"],
            "derived": n["derived"],
        }
        for n in data["nodes"]
    ]
    edges = [{"from": e["from"], "kind": e["kind"], "to": e["to"], "sources": e["sources"]} for e in data["edges"]]
    lines += ["", f"Bodies ({len(nodes)})", text_table(nodes), "", f"Relations ({len(edges)})", text_table(edges)]
    lines.append("\nUnknown values show as —. Sources of bodies and notes: --json.")
    return "\n".join(lines)


def network_command(
    area: str,
    at: str | dt.date | None = None,
    json_: bool = False,
    svg: Path | None = None,
    png: Path | None = None,
    lang: str = "en",
    *,
    atlas: Atlas | None = None,
) -> None:
    """Print the governance network of ``area`` as of ``at``; draw it to ``svg`` or ``png`` if given.

    With a figure and ``json_``, the JSON goes to standard output and the figure's path to
    standard error, so that the output stays valid JSON.
    """
    from .network import network_json

    lang, figure = _lang(lang), _check_outputs(svg, png)
    if atlas is None:
        from .cli import _atlas

        atlas = _atlas()
    data = network_json(atlas, area, at)
    if figure is not None:
        from .network_draw import draw_network

        written = draw_network(atlas, area, at, lang, figure)
        print(str(written), file=sys.stderr if json_ else sys.stdout)
    if json_:
        emit(data, "json")
    elif figure is None:
        print(render_network(data, lang))
