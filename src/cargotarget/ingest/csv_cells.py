"""The cells of one CSV row read into model values; a cell that cannot be read is a problem
placed at its line and column (``line 12, column gross_weight_kg``)."""

from __future__ import annotations

import math
from datetime import UTC, datetime
from enum import StrEnum
from typing import NamedTuple, TypeVar

from cargotarget.ingest.csv_columns import LIST_SEPARATOR
from cargotarget.model.problems import Problem

E = TypeVar("E", bound=StrEnum)


class Row(NamedTuple):
    """One row, its cells by column name (every column of the format, empty when the file has
    no such column), stripped of surrounding spaces."""

    line: int
    cells: dict[str, str]
    raw: bytes
    problems: list[Problem]


def position(line: int, column: str) -> str:
    return f"line {line}, column {column}"


class Cells:
    """Typed values from one row; what cannot be read is added to ``problems`` (and read as
    empty) so that reading goes on and every fault in the row is reported."""

    def __init__(self, row: Row, problems: list[Problem]) -> None:
        self.row = row
        self.problems = problems

    def text(self, name: str) -> str | None:
        return self.row.cells[name] or None

    def required(self, name: str) -> str:
        """The cell's text; an empty cell is left for the model's checks to report."""
        return self.row.cells[name]

    def integer(self, name: str) -> int | None:
        value = self.row.cells[name]
        if not value:
            return None
        try:
            return int(value)
        except ValueError:
            self._fault(name, f"{value!r} is not a whole number")
            return None

    def number(self, name: str) -> float | None:
        value = self.row.cells[name]
        if not value:
            return None
        try:
            number = float(value)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            self._fault(name, f"{value!r} is not a number (write it like 1520.5)")
            return None
        return number

    def time(self, name: str) -> datetime | None:
        """An ISO 8601 date or time, as UTC: a time without a zone is taken to be UTC."""
        value = self.row.cells[name]
        if not value:
            return None
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            self._fault(name, f"{value!r} is not an ISO 8601 date or time")
            return None
        return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)

    def choice(self, name: str, kind: type[E], default: E) -> E:
        return self.optional_choice(name, kind) or default

    def optional_choice(self, name: str, kind: type[E]) -> E | None:
        value = self.row.cells[name]
        if not value:
            return None
        try:
            return kind(value.lower())
        except ValueError:
            allowed = ", ".join(member.value for member in kind)
            self._fault(name, f"{value!r} is not one of: {allowed}")
            return None

    def full(self, name: str) -> bool:
        """A container's status: ``full`` (the default) or ``empty``."""
        value = self.row.cells[name].lower()
        if value in ("", "full"):
            return True
        if value == "empty":
            return False
        self._fault(name, f"{self.row.cells[name]!r} is not full or empty")
        return True

    def items(self, name: str) -> tuple[str, ...]:
        """A list in one cell, separated by ``;``."""
        value = self.row.cells[name]
        return tuple(filter(None, map(str.strip, value.split(LIST_SEPARATOR)))) if value else ()

    def lines(self, name: str) -> tuple[str, ...]:
        """Lines of text in one cell (an address, marks and numbers)."""
        value = self.row.cells[name]
        return tuple(filter(None, map(str.strip, value.split("\n")))) if value else ()

    def _fault(self, name: str, message: str) -> None:
        self.problems.append(
            Problem(code=f"invalid.{name}", message=message, position=position(self.row.line, name))
        )
