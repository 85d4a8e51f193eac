"""Validation problems as data: stable codes with their severity and meaning, each problem with
the file, record and field it concerns, collected into one :class:`Report`.

``nnatlas validate`` prints the report; its exit status says whether the data is valid.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

PROBLEM_CODES: dict[str, tuple[str, str]] = {
    "file-unreadable": ("error", "A data file cannot be read or is not valid YAML"),
    "missing-field": ("error", "A required field is missing"),
    "type-error": ("error", "A field has a value of the wrong type"),
    "extra-field": ("error", "A field the format does not define"),
    "vocabulary": ("error", "A value outside its closed vocabulary"),
    "date-invalid": ("error", "A date that is not YYYY-MM-DD, YYYY-MM or YYYY"),
    "date-out-of-range": ("error", "A date before 1949-10-01 or in the future"),
    "date-before-approval": ("error", "A dated record that begins before the NNA's approval (or earliest predecessor)"),
    "interval-order": ("error", "A record whose end is not after its start"),
    "id-duplicate": ("error", "Two records share an id"),
    "id-filename": ("error", "An area file whose id differs from its file name"),
    "source-unknown": ("error", "A reference to a source id that sources.yaml does not define"),
    "source-missing": ("error", "A record with a value but no source"),
    "source-unused": ("warning", "A source that no record cites"),
    "adcode-malformed": ("error", "An administrative code that is not six digits (nine or twelve for townships)"),
    "adcode-level": ("error", "A code whose pattern does not match the unit's level"),
    "adcode-province": ("error", "A unit code outside the NNA's province"),
    "area-non-positive": ("error", "An area that is zero or negative"),
    "unknown-without-note": ("error", "An unknown (null) value without a note saying what was searched"),
    "dispute-unresolved": ("error", "Records that disagree on the same day with no single preferred one"),
    "value-type": ("error", "A fact value of the wrong kind for its field"),
    "qualifier": ("error", "A missing, unexpected or unknown qualifier"),
    "start-or-as-of": ("error", "A fact without exactly one of start and as_of"),
    "body-unknown": ("error", "A relation naming a body the file does not define"),
    "alias-clash": ("error", "A name or alias that resolves to two NNAs"),
    "region-missing": ("error", "A province code that the region table does not classify"),
    "network-mode-mismatch": ("warning", "The governance network's management levels differ from the coded mode"),
    "geo-mismatch": ("warning", "Boundaries and coded units disagree (a code missing from the boundary package, counts)"),
}


@dataclass(frozen=True)
class Problem:
    code: str
    message: str
    file: str | None = None
    record: str | None = None
    field: str | None = None

    @property
    def severity(self) -> str:
        return PROBLEM_CODES[self.code][0]

    def __str__(self) -> str:
        where = ":".join(x for x in (self.file, self.record, self.field) if x)
        return f"[{self.severity}] {self.code}: {where}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "severity": self.severity}


@dataclass
class Report:
    """All problems of one validation run."""

    root: str
    problems: list[Problem] = field(default_factory=list)
    checked: dict[str, int] = field(default_factory=dict)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "warning"]

    @property
    def valid(self) -> bool:
        return not self.errors

    def summary(self) -> str:
        counts = ", ".join(f"{n} {k}" for k, n in self.checked.items())
        verdict = "valid" if self.valid else "INVALID"
        return f"{verdict}: {len(self.errors)} errors, {len(self.warnings)} warnings ({counts})"

    def to_dict(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "root": self.root,
            "checked": self.checked,
            "errors": len(self.errors),
            "warnings": len(self.warnings),
            "problems": [p.to_dict() for p in self.problems],
        }
