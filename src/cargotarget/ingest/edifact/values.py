"""EDIFACT data values: dates and times (DTM formats 102, 203, 204) and decimal numbers.

Times in the canonical model are UTC; EDIFACT formats 102/203/204 carry no zone, so they are read
as UTC and written from UTC. A value that does not fit its format raises ``ValueError`` with a
reason a filer can act on.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from decimal import Decimal

from cargotarget.model.codes import UnLocode

#: DTM 2379 format code -> number of digits.
DATE_FORMATS = {"102": 8, "203": 12, "204": 14}
_BY_LENGTH = {length: code for code, length in DATE_FORMATS.items()}
_NUMBER = re.compile(r"-?(?:[0-9]+(?:[.,][0-9]*)?|[.,][0-9]+)")
_INTEGER = re.compile(r"-?[0-9]+")


def normal_code(raw: str) -> str:
    """A code (UN/LOCODE, country, container number) in the form the model holds: upper case,
    no spaces. Most codes arrive that way, and are then returned as they are."""
    if raw.isupper() and raw.isalnum():
        return raw
    return UnLocode.normalise(raw)


def parse_datetime(value: str, fmt: str) -> datetime:
    """Read a DTM value in format 102 (CCYYMMDD), 203 (+HHMM) or 204 (+HHMMSS), as UTC.

    Without a format code the format is taken from the number of digits.
    """
    fmt = fmt or _BY_LENGTH.get(len(value), "")
    length = DATE_FORMATS.get(fmt)
    if length is None:
        raise ValueError(f"date/time format {fmt!r} is not supported (102, 203 and 204 are)")
    if len(value) != length or not value.isascii() or not value.isdigit():
        raise ValueError(f"{value!r} does not fit format {fmt} ({length} digits)")
    year, month, day = int(value[:4]), int(value[4:6]), int(value[6:8])
    hour, minute, second = (int(value[i : i + 2] or 0) for i in (8, 10, 12))
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=UTC)
    except ValueError as exc:
        raise ValueError(f"{value!r} is not a valid date/time: {exc}") from None


def format_datetime(when: datetime) -> tuple[str, str]:
    """A datetime as a DTM value and its format code (203, or 204 when it has seconds).

    Naive datetimes are taken to be UTC already; fractions of a second are not carried.
    """
    if when.tzinfo is not None:
        when = when.astimezone(UTC)
    if when.second:
        return when.strftime("%Y%m%d%H%M%S"), "204"
    return when.strftime("%Y%m%d%H%M"), "203"


def parse_number(value: str) -> float:
    """A decimal number written with either decimal mark (ISO 9735 allows both)."""
    if not _NUMBER.fullmatch(value):
        raise ValueError(f"{value!r} is not a decimal number")
    return float(value.replace(",", "."))


def counts(value: str, count: int) -> bool:
    """Whether a control count (UNT, UNE, UNZ) says ``count``; leading zeros are allowed."""
    return value.isascii() and value.isdigit() and int(value) == count


def parse_integer(value: str) -> int:
    if not _INTEGER.fullmatch(value):
        raise ValueError(f"{value!r} is not a whole number")
    return int(value)


def format_number(value: float) -> str:
    """The shortest decimal text that reads back as exactly ``value``, without an exponent
    (EDIFACT numbers have none): 1500.0 -> "1500", 1e-07 -> "0.0000001"."""
    text = format(Decimal(repr(float(value))), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


#: Widths of the repeated text components the writer fills: party name (3036) and free text
#: (4440; an..70 up to D.96A, wider later, so 70 suits every directory).
NAME_WIDTH = 35
TEXT_WIDTH = 70
#: C080 and C108 hold five text components each.
TEXT_PARTS = 5


def split_text(value: str, width: int) -> list[str]:
    """Cut ``value`` into at most five components of ``width`` characters; the last takes any
    remainder, since cutting text off would lose it."""
    parts = [value[i : i + width] for i in range(0, len(value), width)] or [""]
    if len(parts) > TEXT_PARTS:
        parts[TEXT_PARTS - 1 :] = ["".join(parts[TEXT_PARTS - 1 :])]
    return parts


def join_text(components: list[str], width: int) -> str:
    """Join text components: a component that fills its width was cut mid-text by the sender and
    runs on into the next; a shorter one ends a line, so a space separates them."""
    text = ""
    previous = width
    for part in components:
        if not part:
            continue
        if text and previous != width:
            text += " "
        text += part
        previous = len(part)
    return text
