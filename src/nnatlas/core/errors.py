"""Exception classes. Each subclasses the builtin a caller would naturally catch."""

from __future__ import annotations


class NNAtlasError(Exception):
    """Base class for every error nnatlas raises on purpose."""


class UnknownAreaError(NNAtlasError, KeyError):
    """An id or alias that names no New Area. The message lists the closest ids."""

    def __init__(self, key: str, suggestions: list[str], valid: list[str]):
        self.key = key
        self.suggestions = suggestions
        self.valid = valid
        super().__init__(key)

    def __str__(self) -> str:
        hint = f"; did you mean {' or '.join(repr(s) for s in self.suggestions)}?" if self.suggestions else ""
        return f"unknown New Area {self.key!r}{hint} (valid ids: {', '.join(self.valid)})"


class DateError(NNAtlasError, ValueError):
    """A date that is not an ISO date (YYYY-MM-DD, YYYY-MM or YYYY)."""


class DataValidationError(NNAtlasError, ValueError):
    """The data has problems; ``report`` holds all of them."""

    def __init__(self, report):
        self.report = report
        super().__init__(report.summary())


class UsageError(NNAtlasError, ValueError):
    """A bad option value given by the user (format, variable, file)."""


class DataPathError(NNAtlasError, FileNotFoundError):
    """A data path that does not exist or does not look like a data folder or an area file."""
