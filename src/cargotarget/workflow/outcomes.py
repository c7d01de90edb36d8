"""Importing examination results: what examiners found, fed back to indicators, rules and
models.

A results file is CSV (columns in docs/examination-outcomes.md and
:mod:`cargotarget.workflow.outcome_csv`). Every row is checked, and its bill looked up among
the stored consignments; good rows are recorded and each bad one is reported with its line,
column and reason. A file that cannot be read at all records nothing.

The natural key of an outcome is its consignment, the time of the examination and the result:
a row with the key of an outcome already recorded (or of an earlier row of the same file)
counts as a duplicate and changes nothing, so importing the same file twice records nothing
the second time.
"""

from __future__ import annotations

from datetime import UTC, datetime

import msgspec
from sqlalchemy import Connection

from cargotarget.store.outcomes import NewOutcome, StoredOutcome, record_outcomes, stored_outcomes
from cargotarget.store.queries import ids_by_bill
from cargotarget.workflow.outcome_csv import (
    OutcomeFileError,
    OutcomeRow,
    RowProblem,
    read_outcome_csv,
)

__all__ = [
    "OutcomeFileError",
    "OutcomeImport",
    "RowProblem",
    "import_outcomes",
    "list_outcomes",
]


class OutcomeImport(msgspec.Struct, frozen=True, kw_only=True):
    """What an import did: rows recorded, rows already recorded, and the problems of the rows
    rejected (one or more per row)."""

    recorded: int
    duplicates: int
    problems: tuple[RowProblem, ...]

    @property
    def rejected(self) -> int:
        return len({p.line for p in self.problems})


def import_outcomes(conn: Connection, data: bytes, *, at: datetime | None = None) -> OutcomeImport:
    """Record the examination results in the CSV ``data`` at ``at`` (now by default). Raises
    :class:`OutcomeFileError` (recording nothing) when the file cannot be read."""
    at = at or datetime.now(UTC)
    rows, problems = read_outcome_csv(data, now=at)
    known = ids_by_bill(conn, [row.bill_number for row in rows])
    new: list[NewOutcome] = []
    for row in rows:
        consignment_id = _consignment(row, known, problems)
        if consignment_id is not None:
            new.append(
                NewOutcome(
                    consignment_id=consignment_id,
                    examined_at=row.examined_at,
                    selection=row.selection,
                    result=row.result,
                    detail=row.detail,
                )
            )
    recorded, duplicates = record_outcomes(conn, new, at=at)
    ordered = tuple(sorted(problems, key=lambda p: p.line))
    return OutcomeImport(recorded=recorded, duplicates=duplicates, problems=ordered)


def _consignment(
    row: OutcomeRow, known: dict[str, list[tuple[int, str]]], problems: list[RowProblem]
) -> int | None:
    """The consignment of the row's bill (and provider, when given), or a problem."""
    found: set[tuple[int, str]] = {
        *known.get(row.bill_number, []),
        *known.get(row.bill_number.upper(), []),
    }
    if row.provider is not None:
        found = {(cid, p) for cid, p in found if p.upper() == row.provider.upper()}
    if len(found) == 1:
        return next(iter(found))[0]
    if not found:
        by = f" from provider {row.provider}" if row.provider else ""
        message = f"no consignment with bill number {row.bill_number}{by} is stored"
    else:
        providers = ", ".join(sorted(p for _, p in found))
        message = (
            f"bill {row.bill_number} was filed by several providers ({providers}); "
            "add a provider column"
        )
    problems.append(RowProblem(line=row.line, column="bill_number", message=message))
    return None


def list_outcomes(
    conn: Connection, bill_number: str | None = None, *, limit: int = 1000
) -> list[StoredOutcome]:
    """Recorded examination results, newest first (of one bill with ``bill_number``)."""
    return stored_outcomes(conn, bill_number, limit=limit)
