"""Release commands: ``nnatlas info``. Thin wrappers over :mod:`nnatlas.outputs.release_info`;
registered in :mod:`nnatlas.cli.app`."""

from __future__ import annotations

from typing import Any

import typer

from nnatlas.cli.options import Json, data_of
from nnatlas.core.text import emit
from nnatlas.ingest import vocab


def info(ctx: typer.Context, json_: Json = False) -> None:
    """The package and data versions, what the data holds, the boundary package, the licences and how to cite (as of today)."""
    from nnatlas.outputs.release_info import release_info

    opt = data_of(ctx)
    data = release_info(opt.atlas(), opt.path, standalone=opt.standalone)
    emit(data, "json") if json_ else typer.echo(render_info(data))


def render_info(d: dict[str, Any]) -> str:
    """The text of ``nnatlas info``: the same record as ``--json``, starting with its date."""
    c, b = d["counts"], d["boundaries"]
    code, data = d["licences"]["code"], d["licences"]["data"]
    kinds = ", ".join(f"{vocab.AREA_KINDS.label(kind)}: {n}" for kind, n in c["areas_by_kind"].items())
    boundary = f"{b['package']} {b['version']}" if b["version"] else f"{b['package']} (not installed)"
    lines = [
        f"nnatlas as of {d['as_of']}",
        f"package version  {d['package']['version']}",
        f"data version     {d['data']['version']} (data {d['data']['semver']}, SHA-256 of the {d['data']['hash_basis']} "
        f"{d['data']['sha256']})",
        f"data folders     {'; '.join(d['data']['folders'])}",
        f"areas            {c['areas']} ({kinds})" if kinds else f"areas            {c['areas']}",
        f"sources          {c['sources']}",
        f"records          {c['facts']} facts, {c['units']} units, {c['events']} events, {c['statistics']} statistics, "
        f"{c['bodies']} bodies, {c['relations']} relations",
        f"boundaries       {boundary}; vintage {b['vintage'] or 'unknown'} ({b['vintage_note']})",
        f"licences         code {code['name']} ({code['file']}), data {data['name']} ({data['file']})",
        f"cite             {d['cite']} See CITATION.cff.",
    ]
    return "\n".join(lines)
