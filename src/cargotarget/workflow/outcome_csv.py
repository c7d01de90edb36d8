"""Reading a CSV file of examination results (docs/examination-outcomes.md).

A file that cannot be read as a whole (binary data, bytes that are not UTF-8, no rows, a header
without the required columns, a quotation left open, more than :data:`MAX_OUTCOME_BYTES`)
raises :class:`OutcomeFileError`. Otherwise every row is checked on its own: a good row becomes
an :class:`OutcomeRow`, a bad one a :class:`RowProblem` per bad cell, naming the line and column.
"""

from __future__ import annotations

import csv
import io
import math
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import msgspec

MAX_OUTCOME_BYTES = 16 * 1024 * 1024
REQUIRED = ("bill_number", "examined_at", "result")
OPTIONAL = (
    "selection",
    "provider",
    "discrepancy_type",
    "commodity",
    "quantity",
    "unit",
    "value",
    "note",
)
RESULTS = ("no_finding", "discrepancy", "seizure")
SELECTIONS = ("rule", "model", "officer", "random")
DISCREPANCY_TYPES = ("misdescription", "weight", "quantity", "classification", "origin", "value")
#: Detail columns that only a finding can carry.
FINDING_DETAIL = ("discrepancy_type", "commodity", "quantity", "unit", "value")


class OutcomeFileError(ValueError):
    """A results file that cannot be read at all; nothing of it is recorded."""


class RowProblem(msgspec.Struct, frozen=True, kw_only=True):
    """Why a row (``line`` counted from 1, the header being line 1) was rejected."""

    line: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"line {self.line}" + (f", {self.column}" if self.column else "")
        return f"{where}: {self.message}"


class OutcomeRow(msgspec.Struct, frozen=True, kw_only=True):
    """A checked row: the examination of the bill, in UTC, with its details."""

    line: int
    bill_number: str
    provider: str | None
    examined_at: datetime
    result: str
    selection: str
    detail: dict[str, Any]


def read_outcome_file(path: Path, limit: int = MAX_OUTCOME_BYTES) -> bytes:
    """The bytes of a results file, refusing one larger than ``limit`` without reading it all."""
    with path.open("rb") as handle:
        data = handle.read(limit + 1)
    if len(data) > limit:
        raise OutcomeFileError(
            f"{path.name} is larger than {limit // (1024 * 1024)} MiB; split the file"
        )
    return data


def _text(data: bytes) -> str:
    if len(data) > MAX_OUTCOME_BYTES:
        raise OutcomeFileError(f"the file is larger than {MAX_OUTCOME_BYTES // 2**20} MiB")
    if not data.strip():
        raise OutcomeFileError("the file is empty")
    if b"\x00" in data:
        raise OutcomeFileError("the file holds binary data; a results file is CSV text")
    try:
        return data.removeprefix(b"\xef\xbb\xbf").decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise OutcomeFileError(f"line {line} is not UTF-8 text; save the file as UTF-8") from None


def _header(cells: list[str]) -> list[str]:
    header = [cell.strip().lower() for cell in cells]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise OutcomeFileError(
            f"line 1: the header lacks the column(s) {', '.join(missing)}; "
            f"a results file has the columns {', '.join(REQUIRED)} and optionally "
            f"{', '.join(OPTIONAL)}"
        )
    unknown = [c for c in header if c not in REQUIRED + OPTIONAL]
    if unknown:
        raise OutcomeFileError(
            f"line 1: unknown column(s) {', '.join(unknown)}; the optional columns are "
            f"{', '.join(OPTIONAL)}"
        )
    repeated = sorted({c for c in header if header.count(c) > 1})
    if repeated:
        raise OutcomeFileError(f"line 1: the column(s) {', '.join(repeated)} appear twice")
    return header


def read_outcome_csv(data: bytes, *, now: datetime) -> tuple[list[OutcomeRow], list[RowProblem]]:
    """The good rows of ``data`` and a problem for each bad cell; examinations later than
    ``now`` are refused. Raises :class:`OutcomeFileError` when the file cannot be read."""
    reader = csv.reader(io.StringIO(_text(data), newline=""), strict=True)
    rows: list[OutcomeRow] = []
    problems: list[RowProblem] = []
    header: list[str] | None = None
    line = 0
    try:
        for cells in reader:
            start, line = line + 1, reader.line_num
            if header is None:
                header = _header(cells)
            elif any(cell.strip() for cell in cells):
                found, bad = _row(start, header, cells, now)
                rows += found
                problems += bad
    except csv.Error as error:
        raise OutcomeFileError(f"line {line + 1}: the CSV cannot be read: {error}") from None
    if not rows and not problems:
        raise OutcomeFileError("the file has no rows after the header")
    return rows, problems


def _row(
    line: int, header: list[str], cells: list[str], now: datetime
) -> tuple[list[OutcomeRow], list[RowProblem]]:
    if len(cells) != len(header):
        message = f"has {len(cells)} cells, the header has {len(header)}"
        return [], [RowProblem(line=line, column=None, message=message)]
    cell = {name: value.strip() for name, value in zip(header, cells, strict=True)}
    problems: list[tuple[str, str]] = []
    bill = cell["bill_number"]
    if not bill:
        problems.append(("bill_number", "is empty"))
    examined_at = _time(cell["examined_at"], now, problems)
    result = _choice(cell, "result", RESULTS, problems)
    selection = _choice(cell, "selection", SELECTIONS, problems, default="officer")
    detail = _detail(cell, result, problems)
    if problems or examined_at is None:
        return [], [RowProblem(line=line, column=c, message=m) for c, m in problems]
    row = OutcomeRow(
        line=line,
        bill_number=bill,
        provider=cell.get("provider") or None,
        examined_at=examined_at,
        result=result,
        selection=selection,
        detail=detail,
    )
    return [row], []


def _time(text: str, now: datetime, problems: list[tuple[str, str]]) -> datetime | None:
    if not text:
        problems.append(("examined_at", "is empty"))
        return None
    try:
        value = datetime.fromisoformat(text)
    except ValueError:
        problems.append(
            ("examined_at", f"{text!r} is not an ISO 8601 date and time (2026-03-14T09:30Z)")
        )
        return None
    value = value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)
    if value > now:
        problems.append(("examined_at", f"{text} is in the future"))
        return None
    return value


def _choice(
    cell: dict[str, str],
    column: str,
    allowed: tuple[str, ...],
    problems: list[tuple[str, str]],
    default: str = "",
) -> str:
    given = cell.get(column) or ""
    value = (given or default).lower()
    if not value:
        problems.append((column, f"is empty; use one of {', '.join(allowed)}"))
    elif value not in allowed:
        problems.append((column, f"{given!r} is not one of {', '.join(allowed)}"))
    return value


def _number(cell: dict[str, str], column: str, problems: list[tuple[str, str]]) -> float | None:
    text = cell.get(column) or ""
    if not text:
        return None
    try:
        value = float(text.replace(",", ""))
    except ValueError:
        value = math.nan
    if not math.isfinite(value) or value <= 0:
        problems.append((column, f"{text!r} is not a positive number"))
        return None
    return value


def _detail(cell: dict[str, str], result: str, problems: list[tuple[str, str]]) -> dict[str, Any]:
    """The detail of the examination, as stored: only the columns given."""
    if result == "no_finding":
        for column in FINDING_DETAIL:
            if cell.get(column):
                problems.append((column, "is given but the result is no_finding"))
    kind = (cell.get("discrepancy_type") or "").lower()
    if kind and kind not in DISCREPANCY_TYPES:
        problems.append(
            ("discrepancy_type", f"{kind!r} is not one of {', '.join(DISCREPANCY_TYPES)}")
        )
    if result == "seizure" and not cell.get("commodity"):
        problems.append(("commodity", "a seizure needs the commodity seized"))
    quantity = _number(cell, "quantity", problems)
    if quantity is not None and not cell.get("unit"):
        problems.append(("unit", "a quantity needs its unit (kg, pieces, ...)"))
    detail: dict[str, Any] = {
        "discrepancy_type": kind or None,
        "commodity": cell.get("commodity") or None,
        "quantity": quantity,
        "unit": cell.get("unit") or None,
        "value": _number(cell, "value", problems),
        "note": cell.get("note") or None,
    }
    return {k: v for k, v in detail.items() if v is not None}
