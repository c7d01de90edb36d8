"""X12 data values: dates (CCYYMMDD), times (HHMM[SS]), numbers, weights and volumes.

X12 dates and times carry no zone; like CUSCAR's, they are read as UTC and written from UTC.
Reading a value that does not fit raises ``ValueError`` with a reason a filer can act on.
"""

from __future__ import annotations

from datetime import UTC, datetime

from cargotarget.ingest.edifact.values import format_number, parse_number
from cargotarget.ingest.x12.codes import VOLUME_UNITS, WEIGHT_UNITS


def parse_date_time(date: str, time: str = "") -> datetime:
    """A date (CCYYMMDD) and an optional time (HHMM or HHMMSS) as a UTC datetime."""
    if len(date) != 8 or not date.isascii() or not date.isdigit():
        raise ValueError(f"date {date!r} is not CCYYMMDD")
    if time and (len(time) not in (4, 6) or not time.isascii() or not time.isdigit()):
        raise ValueError(f"time {time!r} is not HHMM or HHMMSS")
    hour, minute, second = (int(time[i : i + 2] or 0) for i in (0, 2, 4))
    try:
        return datetime(
            int(date[:4]), int(date[4:6]), int(date[6:]), hour, minute, second, tzinfo=UTC
        )
    except ValueError as exc:
        raise ValueError(f"{date} {time} is not a valid date and time: {exc}") from None


def format_date_time(when: datetime) -> tuple[str, str]:
    """A datetime as an X12 date and time (HHMM, or HHMMSS when it has seconds), in UTC."""
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    return when.strftime("%Y%m%d"), when.strftime("%H%M%S" if when.second else "%H%M")


def parse_count(value: str) -> int:
    """A whole, non-negative quantity (a number of packages)."""
    number = parse_number(value)
    if number != int(number) or number < 0:
        raise ValueError(f"{value!r} is not a whole number of packages")
    return int(number)


def parse_weight(value: str, unit: str) -> float:
    """A weight in kilograms from a value and its weight unit code (K, or L for pounds)."""
    factor = WEIGHT_UNITS.get(unit or "K")
    if factor is None:
        raise ValueError(f"weight unit {unit!r} is not known (K kilograms, L pounds)")
    number = parse_number(value)
    return number if factor == 1.0 else round(number * factor, 3)


def parse_volume(value: str, unit: str) -> float:
    """A volume in cubic metres from a value and its unit qualifier (X, or E for cubic feet)."""
    factor = VOLUME_UNITS.get(unit or "X")
    if factor is None:
        raise ValueError(f"volume unit {unit!r} is not known (X cubic metres, E cubic feet)")
    number = parse_number(value)
    return number if factor == 1.0 else round(number * factor, 3)


__all__ = [
    "format_date_time",
    "format_number",
    "parse_count",
    "parse_date_time",
    "parse_number",
    "parse_volume",
    "parse_weight",
]
