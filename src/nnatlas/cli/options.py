"""The command line's shared options, defined once, and the one way a command gets its atlas.

Dates: the paper's outputs (``claims``, ``table``, ``figure``, ``build``) default to the paper's
date, 2018-12-31; every other command to today. Every text output says its date on its first
line, and every JSON record carries ``as_of``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from nnatlas.atlas import Atlas, load
from nnatlas.core.errors import UsageError
from nnatlas.core.settings import PAPER_DATE
from nnatlas.ingest.dates import ACCEPTED, as_of

_DATE = "YYYY-MM-DD, YYYY-MM or YYYY (its last day), or 'today'"
At = Annotated[str | None, typer.Option("--at", help=f"As of this date: {_DATE}. Default: today.")]
PaperAt = Annotated[str | None, typer.Option("--at", help=f"As of this date: {_DATE}. Default: {PAPER_DATE}, the paper's date.")]
Json = Annotated[bool, typer.Option("--json", help="Print JSON (exactly what the Python API returns).")]
Csv = Annotated[bool, typer.Option("--csv", help="Print CSV.")]
Lang = Annotated[str, typer.Option("--lang", help="Language of names and labels: en or zh.")]
#: The one way to name a figure's file, for every command that draws.
FigureOut = Annotated[Path, typer.Option("--out", help="Figure file to write: a name ending in .png or .svg.")]
OptionalFigure = Annotated[
    Path | None, typer.Option("--out", help="Also draw the figure to this file (a name ending in .png or .svg).")
]


@dataclass(frozen=True)
class DataOption:
    """The ``--data``/``--standalone`` choice, kept on the typer context; :meth:`atlas` is the one
    way every command reaches the data."""

    path: Path | None = None
    standalone: bool = False

    def atlas(self) -> Atlas:
        return load(self.path, standalone=self.standalone)


def data_of(ctx: typer.Context) -> DataOption:
    return ctx.obj if isinstance(ctx.obj, DataOption) else DataOption()


def output_format(json_: bool, csv_: bool = False) -> str:
    if json_ and csv_:
        raise UsageError("choose one of --json and --csv")
    return "json" if json_ else "csv" if csv_ else "text"


def day(at: str | None, default: dt.date | None = None) -> dt.date:
    """The date an ``--at`` names (checked before any data is read); ``default`` or today when absent."""
    if at is None:
        return default or dt.date.today()
    return as_of(at)


__all__ = ["ACCEPTED", "At", "Csv", "DataOption", "FigureOut", "Json", "Lang", "OptionalFigure", "PaperAt"]
