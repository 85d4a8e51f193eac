"""Whole-dataset validation: the record checks, then the checks that need the Atlas and the
analysis (governance networks against the coded modes, coded units against the boundaries).

``validate()`` never raises on bad data; it returns a :class:`~nnatlas.ingest.problems.Report`.
The network and geometry checks are warnings, made at the paper's date and today.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from nnatlas.analysis.network import check_networks
from nnatlas.atlas.loading import read
from nnatlas.atlas.snapshot import Snapshot
from nnatlas.atlas.store import Atlas
from nnatlas.core.settings import PAPER_DATE
from nnatlas.ingest import typologies
from nnatlas.ingest.problems import Problem, Report


def validated(path: str | Path | None = None, *, standalone: bool = False) -> tuple[Report, Atlas | None]:
    """The report of :func:`validate` and the atlas it checked (None when the data is invalid), so
    a caller that needs both (the build) reads and checks the data once."""
    report, parsed = read(path, standalone=standalone)
    if not report.valid:
        return report, None
    atlas = Atlas(parsed)
    snapshots = [atlas.at(day) for day in dict.fromkeys((PAPER_DATE, dt.date.today()))]
    _networks(snapshots, report)
    _geometry(snapshots, report)
    typologies.add_to_report(report, atlas.ids, atlas.sources, path, standalone=standalone)  # typologies.yaml
    return report, (atlas if report.valid else None)


def validate(path: str | Path | None = None, *, standalone: bool = False) -> Report:
    """Validate the packaged data, or a user's copy or extension of it at ``path``.

    ``path`` is a data directory or one area file; it extends the packaged data unless
    ``standalone``. Returns a :class:`Report`; ``report.valid`` is False when any error was found.
    Beyond the record checks (which loading uses), it compares each governance network's
    management levels with the coded mode and the coded units with the boundary package (when
    the geo extra is installed), at the paper's date and today, as warnings.
    """
    return validated(path, standalone=standalone)[0]


def _networks(snapshots: list[Snapshot], report: Report) -> None:
    seen = set()
    for snap in snapshots:
        for p in check_networks(snap):
            key = (p["record"], p["message"].split(",", 1)[1])
            if key not in seen:
                seen.add(key)
                report.problems.append(Problem(p["code"], p["message"], p["file"], p["record"], p["field"]))


def _geometry(snapshots: list[Snapshot], report: Report) -> None:
    """Coded units against the boundary package, when the geo extra is installed (else skipped)."""
    try:
        from nnatlas.analysis.geo.footprint import check_against_codes
    except ImportError:
        return
    seen = set()
    for snap in snapshots:
        for row in check_against_codes(snap).itertuples():
            if row.code == "no-planning-area" or (row.id, row.message) in seen:
                continue  # a missing planning area is coverage, not geometry
            seen.add((row.id, row.message))
            report.problems.append(
                Problem("geo-mismatch", f"as of {snap.day}: {row.message}", snap.atlas.files.get(row.id), row.id, "units")
            )
