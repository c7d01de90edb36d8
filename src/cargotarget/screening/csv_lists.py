"""Watch lists kept as CSV: one entry a row, with a header naming the columns.

Columns (header names, any order; only ``id``, ``kind`` and ``reason`` are required):

========== ==============================================================================
id         the entry's identifier on its list
kind       party, company_id, container, vessel, bill, hs_code, country, port or keyword
value      the listed value (container number, IMO number, bill number, HS prefix, ...)
name       a party's (or vessel's) name
aliases    other names, separated by ``|``
address    street lines, separated by ``|``
city, postcode, country   the rest of the address (country: ISO 3166 alpha-2)
identifiers  ``SCHEME:VALUE`` pairs separated by ``|`` (e.g. ``TIN:123|EORI:DE123``)
reason     why it is listed
severity   low, medium (default), high or critical
source     who listed it
valid_from, expires  ISO dates (YYYY-MM-DD); ``expires`` is the first day it stops matching
========== ==============================================================================

Every row that cannot become an entry is reported with its line number and the reason.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from datetime import date
from typing import TypeVar

from cargotarget.model.manifest import Address, Identifier
from cargotarget.model.problems import Problem
from cargotarget.screening.entries import (
    EntryKind,
    Severity,
    WatchEntry,
    normal_value,
    value_problem,
)
from cargotarget.screening.text_input import (
    LoadResult,
    Source,
    decode_lines,
    in_line_order,
    problem,
    read_bytes,
)

E = TypeVar("E", EntryKind, Severity)

REQUIRED = ("id", "kind", "reason")
COLUMNS = (
    *REQUIRED,
    "value",
    "name",
    "aliases",
    "address",
    "city",
    "postcode",
    "country",
    "identifiers",
    "severity",
    "source",
    "valid_from",
    "expires",
)


class RowError(ValueError):
    """A row that cannot become an entry; the message says why."""


def load_csv(source: Source, *, list_name: str, source_name: str = "") -> LoadResult:
    """Read a CSV watch list (columns as documented above) into entries of ``list_name``."""
    lines, problems = decode_lines(read_bytes(source))
    if not any(line.strip() for line in lines):
        return LoadResult(entries=(), problems=(*problems, problem(1, "empty", "empty file")))
    reader = csv.reader(lines, strict=True)
    try:
        header = [cell.strip().lower() for cell in next(reader)]
    except csv.Error as error:
        return LoadResult(entries=(), problems=(*problems, problem(1, "bad_csv", str(error))))
    missing = [column for column in REQUIRED if column not in header]
    if missing:
        message = f"header lacks the column(s) {', '.join(missing)}"
        return LoadResult(entries=(), problems=(*problems, problem(1, "bad_header", message)))
    unknown = [column for column in header if column not in COLUMNS]
    if unknown:
        message = f"unknown column(s) {', '.join(unknown)} ignored"
        problems.append(problem(1, "unknown_column", message))
    entries = _rows(reader, header, list_name, source_name, problems)
    return LoadResult(entries=tuple(entries), problems=in_line_order(problems))


def _rows(
    reader: Iterator[list[str]],
    header: list[str],
    list_name: str,
    source_name: str,
    problems: list[Problem],
) -> list[WatchEntry]:
    """The entries of the data rows; a problem for each row that fails."""
    entries: list[WatchEntry] = []
    line = _line_number(reader)
    while True:
        start = line + 1
        try:
            cells = next(reader)
        except StopIteration:
            return entries
        except csv.Error as error:
            problems.append(problem(start, "bad_csv", str(error)))
            return entries
        line = _line_number(reader)
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(header):
            message = f"has {len(cells)} cells, the header has {len(header)}"
            problems.append(problem(start, "cell_count", message))
            continue
        row = {column: cell.strip() for column, cell in zip(header, cells, strict=True)}
        try:
            entries.append(_entry(row, list_name, source_name))
        except RowError as error:
            problems.append(problem(start, "bad_row", str(error)))


def _line_number(reader: Iterator[list[str]]) -> int:
    """The number of the last line the CSV reader consumed."""
    number: int = getattr(reader, "line_num", 0)
    return number


def _entry(row: dict[str, str], list_name: str, source_name: str) -> WatchEntry:
    """The entry one row describes, or :class:`RowError` saying why there is none."""
    if not row["id"]:
        raise RowError("id is empty")
    kind = _choice(EntryKind, row["kind"], "kind")
    if not row["reason"]:
        raise RowError("reason is empty")
    name = row.get("name") or None
    value = normal_value(kind, row.get("value", ""))
    if kind is EntryKind.PARTY:
        if name is None:
            raise RowError("a party entry needs a name")
    else:
        reason = value_problem(kind, value)
        if reason is not None:
            raise RowError(f"value {row.get('value', '')!r}: {reason}")
    return WatchEntry(
        entry_id=row["id"],
        list_name=list_name,
        kind=kind,
        reason=row["reason"],
        severity=_choice(Severity, row.get("severity") or "medium", "severity"),
        source=row.get("source") or source_name,
        value=value,
        name=name,
        aliases=_split(row.get("aliases", "")),
        address=_address(row),
        country=(row.get("country") or "").upper() or None,
        identifiers=_identifiers(row.get("identifiers", "")),
        valid_from=_date(row.get("valid_from", ""), "valid_from"),
        expires=_date(row.get("expires", ""), "expires"),
    )


def _choice(enum: type[E], text: str, column: str) -> E:
    """The member of ``enum`` that ``text`` names."""
    try:
        return enum(text.strip().lower())
    except ValueError:
        allowed = ", ".join(member.value for member in enum)
        raise RowError(f"{column} {text!r} is not one of {allowed}") from None


def _split(text: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in text.split("|") if part.strip())


def _address(row: dict[str, str]) -> Address | None:
    """The listed address, when the row has any part of one."""
    lines = _split(row.get("address", ""))
    city, postcode = row.get("city") or None, row.get("postcode") or None
    if not (lines or city or postcode):
        return None
    country = (row.get("country") or "").upper() or None
    return Address(lines=lines, city=city, postcode=postcode, country=country)


def _identifiers(text: str) -> tuple[Identifier, ...]:
    """``SCHEME:VALUE`` pairs as identifiers."""
    found = []
    for part in _split(text):
        scheme, colon, value = part.partition(":")
        if not colon or not scheme.strip() or not value.strip():
            raise RowError(f"identifier {part!r} is not SCHEME:VALUE")
        found.append(Identifier(scheme=scheme.strip().upper(), value=value.strip()))
    return tuple(found)


def _date(text: str, column: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(f"{column} {text!r} is not a date (YYYY-MM-DD)") from None
