"""Canonical CSV: one row per goods item, UTF-8 with or without a byte order mark.

The first row names the columns (any order; see ``docs/formats/csv.md`` and
:mod:`cargotarget.ingest.csv_columns`). Consecutive rows with the same manifest reference form one
manifest, and within it consecutive rows with the same bill number one consignment. Rows are read
as they come, so a file of any size is held one manifest at a time. A rejected consignment is
quarantined as a CSV of the header and its own rows; a manifest whose first row is bad is rejected
whole, as the header and all of its rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import msgspec

from cargotarget.ingest.csv_build import build_consignment, read_header
from cargotarget.ingest.csv_cells import Row, position
from cargotarget.ingest.csv_columns import NAMES, REQUIRED
from cargotarget.ingest.csv_records import Record, read_records
from cargotarget.ingest.csv_writer import write_csv
from cargotarget.model.manifest import Consignment
from cargotarget.model.problems import (
    ParsedMessage,
    Problem,
    RejectedConsignment,
    Severity,
    has_errors,
)

FORMAT = "csv"

__all__ = ["FORMAT", "read_csv", "write_csv"]


def read_csv(stream: BinaryIO) -> Iterator[ParsedMessage]:
    """Every manifest in a canonical CSV stream. A file whose header row is unusable (missing
    required columns, a column named twice) is one rejected message with an empty fragment: the
    fragment is the whole file, which the archive holds."""
    records = read_records(stream)
    header = next(records, None)
    if header is None:
        yield _unread("empty.file", "empty file: there is no header row")
        return
    layout = _Layout(header)
    if has_errors(layout.problems):
        yield ParsedMessage(format=FORMAT, manifest=None, problems=tuple(layout.problems))
        return
    manifest: _ManifestRows | None = None
    for record in records:
        row = layout.row(record)
        if manifest is None or row.cells["manifest_reference"] != manifest.reference:
            if manifest is not None:
                yield manifest.finish()
            manifest = _ManifestRows(header.raw, row, layout.problems)
        manifest.add(row)
    if manifest is None:
        yield _unread("missing.rows", "the file has a header row but no data rows")
    else:
        yield manifest.finish()


def _unread(code: str, message: str) -> ParsedMessage:
    problem = Problem(code=code, message=message, position="line 1")
    return ParsedMessage(format=FORMAT, manifest=None, problems=(problem,))


class _Layout:
    """The columns a file has, from its header row, and how its rows map onto the format's."""

    def __init__(self, header: Record) -> None:
        self.names = [cell.strip().lower() for cell in header.cells]
        self.absent = {name: "" for name in NAMES if name not in self.names}
        self.problems: list[Problem] = []
        missing = [name for name in REQUIRED if name in self.absent]
        if missing:
            message = "the header lacks required columns: " + ", ".join(missing)
            self.problems.append(
                Problem(code="missing.columns", message=message, position="line 1")
            )
        for index, name in enumerate(self.names):
            where = position(header.line, name or f"#{index + 1}")
            if name and name in self.names[:index]:
                message = f"column {name!r} appears more than once"
                self.problems.append(
                    Problem(code="duplicate.column", message=message, position=where)
                )
            elif name not in NAMES:
                what = f"column {name!r} is not part of the format" if name else "it has no name"
                self.problems.append(
                    Problem(
                        code="unknown.column",
                        message=f"{what}; the column is ignored",
                        position=where,
                        severity=Severity.WARNING,
                    )
                )

    def row(self, record: Record) -> Row:
        """``record`` as a row of the format, with its faults as problems."""
        values = list(map(str.strip, record.cells))
        problems = []
        if len(values) != len(self.names):
            message = f"the row has {len(values)} cells, the header {len(self.names)}"
            problems.append(
                Problem(code="invalid.row", message=message, position=f"line {record.line}")
            )
            values += [""] * (len(self.names) - len(values))
        cells = dict(zip(self.names, values, strict=False))
        if self.absent:
            cells.update(self.absent)
        for fault in record.faults:
            where = f"line {record.line}"
            if fault.cell is not None and fault.cell < len(self.names):
                where = position(record.line, self.names[fault.cell])
            problems.append(Problem(code=fault.code, message=fault.message, position=where))
        return Row(record.line, cells, record.raw, problems)


class _ManifestRows:
    """The rows of one manifest as they arrive, bill by bill, built into a parsed message."""

    def __init__(self, header: bytes, first: Row, file_problems: list[Problem]) -> None:
        self.header = header
        self.first = first
        self.reference = first.cells["manifest_reference"]
        self.manifest, problems = read_header(first)
        self.problems = [*file_problems, *problems]
        self.whole_rejected = has_errors(problems)
        self.raw = [header]
        self.bill_rows: list[Row] = []
        self.good: list[Consignment] = []
        self.rejected: list[RejectedConsignment] = []
        self.bills: dict[str, int] = {}

    def add(self, row: Row) -> None:
        if self.whole_rejected:
            self.raw.append(row.raw)
            return
        if self.bill_rows and row.cells["bill_number"] != self.bill_rows[0].cells["bill_number"]:
            self._close_bill()
        self.bill_rows.append(row)

    def finish(self) -> ParsedMessage:
        if self.whole_rejected:
            return ParsedMessage(
                format=FORMAT,
                manifest=None,
                problems=tuple(self.problems),
                fragment=b"".join(self.raw),
            )
        if self.bill_rows:
            self._close_bill()
        manifest = msgspec.structs.replace(self.manifest, consignments=tuple(self.good))
        return ParsedMessage(
            format=FORMAT,
            manifest=manifest,
            problems=tuple(self.problems),
            rejected=tuple(self.rejected),
        )

    def _close_bill(self) -> None:
        rows, self.bill_rows = self.bill_rows, []
        consignment, problems = build_consignment(rows, self.first)
        bill = rows[0].cells["bill_number"]
        if bill in self.bills:
            message = (
                f"bill {bill} already appeared on line {self.bills[bill]}; "
                "a bill's rows must be consecutive"
            )
            where = position(rows[0].line, "bill_number")
            problems.append(
                Problem(
                    code="duplicate.bill_number", message=message, position=where, bill_number=bill
                )
            )
        self.bills.setdefault(bill, rows[0].line)
        if has_errors(problems):
            fragment = self.header + b"".join(row.raw for row in rows)
            self.rejected.append(
                RejectedConsignment(
                    bill_number=bill or None, problems=tuple(problems), fragment=fragment
                )
            )
        else:
            self.good.append(consignment)
            self.problems += problems
