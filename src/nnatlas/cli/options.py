"""The command line's shared options, defined once, and the one way a command gets its atlas.

Dates: the paper's outputs (``claims``, ``table``, ``figure``, ``build``) default to the paper's
date, 2018-12-31; every other command to today. Every text output says its date on its first
line, and every JSON record carries ``as_of``.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer

from nnatlas.atlas import Atlas, load
from nnatlas.core.errors import DataValidationError, UsageError
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
        try:
            return load(self.path, standalone=self.standalone)
        except DataValidationError as exc:
            exc.hint = self.command("validate")
            raise

    def command(self, name: str) -> str:
        """``nnatlas [--data PATH [--standalone]] NAME``: the same data, another command."""
        data = f"--data {self.path} " + ("--standalone " if self.standalone else "") if self.path else ""
        return f"nnatlas {data}{name}"


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


def _writable_parent(path: Path, what: str) -> None:
    """A one-line :class:`UsageError` unless a file or folder can be created at ``path``."""
    parent = path.parent if path.parent != Path("") else Path(".")
    while not parent.exists():
        parent = parent.parent
    if not parent.is_dir():
        raise UsageError(f"cannot write {what} {path}: {parent} is a file, not a folder")
    if not os.access(parent, os.W_OK | os.X_OK):
        raise UsageError(f"cannot write {what} {path}: {parent} is not writable")


def out_dir(path: Path, option: str = "--out") -> Path:
    """An output folder, checked before any work: named, not a file, and writable."""
    if str(path).strip() in ("", "."):
        raise UsageError(
            f"{option} needs a folder name (for example {option} atlas-output); "
            "an empty name or '.' would write into the current folder"
        )
    if path.exists() and not path.is_dir():
        raise UsageError(f"{option} {path} is a file; give a folder to write into")
    if path.is_dir():
        if not os.access(path, os.W_OK | os.X_OK):
            raise UsageError(f"cannot write into {path}: the folder is not writable")
    else:
        _writable_parent(path, "the folder")
    return path


def make_out_dir(path: Path, option: str = "--out") -> Path:
    """Create the output folder (after the data has loaded, before any work is announced)."""
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise UsageError(f"cannot create the folder {option} {path}: {exc.strerror or exc}") from None
    return path


def out_file(path: Path) -> Path:
    """A figure file, checked before any work: .png or .svg, not a folder, and writable."""
    from nnatlas.outputs.plot._base import check_figure_path

    check_figure_path(path)
    if path.exists() and not os.access(path, os.W_OK):
        raise UsageError(f"cannot write {path}: the file is not writable")
    _writable_parent(path, "the figure")
    return path


def year_range(first: int | None, last: int | None, span: tuple[int, int]) -> tuple[int, int]:
    """``--from``/``--to`` within the data's span (default: all of it), in order."""
    lo, hi = span
    start, end = lo if first is None else first, hi if last is None else last
    for option, year in (("--from", start), ("--to", end)):
        if not lo <= year <= hi:
            raise UsageError(f"{option} {year} is outside the data's span: use a year from {lo} to {hi}")
    if start > end:
        raise UsageError(f"--from {start} is after --to {end}")
    return start, end


def not_with(given: dict[str, bool], reason: str) -> None:
    """An error naming the options given that the command would ignore, and why."""
    ignored = [name for name, present in given.items() if present]
    if ignored:
        raise UsageError(f"{' and '.join(ignored)} {'does' if len(ignored) == 1 else 'do'} not apply {reason}")
