"""Reading, checking and loading the data: files -> records -> checks -> :class:`Atlas`.

:func:`read` gathers every problem of the records (parsing, the record checks, and the disputes
that the timeline rules find); :func:`load` raises :class:`DataValidationError` with that whole
report when any is an error, and otherwise keeps the atlas until a data file changes.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from nnatlas.atlas.store import Atlas
from nnatlas.atlas.timeline import unresolved_disputes
from nnatlas.core.errors import DataValidationError
from nnatlas.ingest.checks import check
from nnatlas.ingest.datasets import read_tree, tree_key
from nnatlas.ingest.parse import Parsed, parse_tree
from nnatlas.ingest.problems import Problem, Report


def read(path: str | Path | None = None, *, standalone: bool = False) -> tuple[Report, Parsed]:
    """Every problem of the data at ``path`` (default: the packaged data) and what parsed."""
    tree = read_tree(path, standalone=standalone)
    report = Report(root=tree.root)
    parsed = parse_tree(tree, report)
    check(parsed, report)
    for area_id, area in parsed.areas.items():
        for key, day, values in unresolved_disputes(area):
            fld, qual = key
            report.problems.append(
                Problem(
                    "dispute-unresolved",
                    f"{len(values)} different values on {day} "
                    f"({', '.join(map(repr, sorted(values, key=str)))}); mark exactly one preferred: true",
                    parsed.files[area_id],
                    f"{area_id}:{fld}" + (f"[{qual}]" if qual else ""),
                    "preferred",
                )
            )
    _summarise_dependants(report)
    return report, parsed


def _summarise_dependants(report: Report) -> None:
    """One root cause, one problem: when sources.yaml cannot be read, the references it would
    resolve are one summary problem, not one per reference."""
    if not any(p.code == "file-unreadable" and Path(p.file or "").name == "sources.yaml" for p in report.problems):
        return
    dependants = [p for p in report.problems if p.code == "source-unknown"]
    if dependants:
        report.problems[:] = [p for p in report.problems if p.code != "source-unknown"]
        files = sorted({p.file for p in dependants if p.file})
        report.problems.append(
            Problem(
                "source-unknown",
                f"{len(dependants)} references to sources in {len(files)} files cannot be resolved because "
                "sources.yaml could not be read (the file-unreadable problem above); fix it first",
                "sources.yaml",
            )
        )


@lru_cache(maxsize=8)
def _load(path: str | None, standalone: bool, key: str) -> Atlas:  # key: see datasets.tree_key
    report, parsed = read(path, standalone=standalone)
    if not report.valid:
        raise DataValidationError(report)
    atlas = Atlas(parsed)
    atlas.data_path, atlas.standalone = path, standalone
    return atlas


def load(path: str | Path | None = None, *, standalone: bool = False) -> Atlas:
    """Load and validate the packaged data (or a data directory at ``path``).

    ``path`` extends the packaged data unless ``standalone``. Raises
    :class:`DataValidationError` with the whole report when the data has errors. The atlas is
    kept in memory until a data file changes, so a second call after an edit sees the edit.
    """
    return _load(str(path) if path is not None else None, standalone, tree_key(path, standalone=standalone))
