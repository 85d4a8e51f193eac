"""Partial ISO dates: a day, a month or a year, never padded with an invented day.

A partial date compares by its first day (``"2014-01"`` is on or after 2014-01-01) and keeps
its precision for display.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from nnatlas.core.errors import DateError

_PATTERN = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
ACCEPTED = "an ISO date: YYYY-MM-DD, YYYY-MM or YYYY (for example 2018-12-31), or 'today'"


@dataclass(frozen=True, order=True)
class PartialDate:
    """A date known to the day, month or year."""

    first_day: dt.date
    precision: str = "day"  # day | month | year

    @classmethod
    def parse(cls, text: str | dt.date | int | PartialDate) -> PartialDate:
        if isinstance(text, PartialDate):
            return text
        if isinstance(text, dt.datetime):
            return cls(text.date())
        if isinstance(text, dt.date):
            return cls(text)
        if isinstance(text, int):
            text = str(text)
        match = _PATTERN.match(str(text).strip())
        if not match:
            raise DateError(f"invalid date {text!r}: expected {ACCEPTED}")
        year, month, day = match.groups()
        try:
            first = dt.date(int(year), int(month or 1), int(day or 1))
        except ValueError:
            raise DateError(f"invalid date {text!r}: no such day; expected {ACCEPTED}") from None
        precision = "day" if day else "month" if month else "year"
        return cls(first, precision)

    def __str__(self) -> str:
        if self.precision == "year":
            return f"{self.first_day.year:04d}"
        if self.precision == "month":
            return f"{self.first_day.year:04d}-{self.first_day.month:02d}"
        return self.first_day.isoformat()

    @property
    def last_day(self) -> dt.date:
        """The last day the partial date may denote."""
        d = self.first_day
        if self.precision == "year":
            return dt.date(d.year, 12, 31)
        if self.precision == "month":
            return dt.date(d.year, d.month, calendar.monthrange(d.year, d.month)[1])
        return d


def as_of(value: str | dt.date | None) -> dt.date:
    """The day a query is about: ``None`` or ``"today"`` is today; a partial date its last day.

    Asking for ``--at 2018`` means "as of the end of 2018", the way the paper speaks.
    """
    if value is None or (isinstance(value, str) and value.strip().lower() == "today"):
        return dt.date.today()
    if isinstance(value, dt.date):
        return value
    return PartialDate.parse(value).last_day
