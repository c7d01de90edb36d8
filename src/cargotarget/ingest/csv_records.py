"""CSV records read from a byte stream, each with its exact bytes and the line it starts on.

:mod:`csv` does the parsing; the lines it is fed are decoded here one at a time, so that bytes
that are not UTF-8 become a fault on their line instead of stopping the file, and so that each
record's bytes are kept: a rejected consignment is quarantined as the header and its own rows,
exactly as they were sent. A record that :mod:`csv` refuses (a cell over its size limit) is split
here instead, so that it still reaches its consignment, carrying the fault.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterator
from typing import BinaryIO, NamedTuple

BOM = b"\xef\xbb\xbf"
MAX_LINE_BYTES = 16 * 1024 * 1024
_SKIP_CHUNK = 1024 * 1024
_CELL = re.compile(r'"((?:[^"]|"")*)"[^,]*|([^,]*)')


class Fault(NamedTuple):
    """Something wrong with a record as text; ``cell`` is the index of the cell it is in, when
    known (a replacement character marks where undecodable bytes were)."""

    code: str
    message: str
    cell: int | None = None


class Record(NamedTuple):
    line: int
    cells: list[str]
    raw: bytes
    faults: list[Fault]


class _Lines:
    """The stream's lines, decoded for :mod:`csv`, remembering those of the current record."""

    def __init__(self, stream: BinaryIO) -> None:
        self.stream = stream
        self.number = 0
        self.raw: list[bytes] = []
        self.text: list[str] = []
        self.faults: list[Fault] = []

    def __iter__(self) -> _Lines:
        return self

    def __next__(self) -> str:
        raw = self.stream.readline(MAX_LINE_BYTES)
        if not raw:
            raise StopIteration
        self.number += 1
        if self.number == 1:
            raw = raw.removeprefix(BOM)
        if len(raw) == MAX_LINE_BYTES and not raw.endswith(b"\n"):
            self._skip_rest_of_line()
            message = (
                f"line {self.number} is longer than {MAX_LINE_BYTES} bytes; only its start is kept"
            )
            self.faults.append(Fault("invalid.line", message))
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            text = raw.decode("utf-8", "replace")
            message = (
                f"not valid UTF-8: byte 0x{raw[exc.start]:02x} "
                f"at byte {exc.start + 1} of line {self.number}"
            )
            self.faults.append(Fault("invalid.encoding", message))
        self.raw.append(raw)
        self.text.append(text)
        return text

    def _skip_rest_of_line(self) -> None:
        while True:
            chunk = self.stream.readline(_SKIP_CHUNK)
            if not chunk or chunk.endswith(b"\n"):
                return

    def take(self) -> tuple[int, bytes, list[Fault]]:
        """The first line number, bytes and faults of the record just read; starts the next."""
        taken = (self.number - len(self.raw) + 1, b"".join(self.raw), self.faults)
        self.raw, self.text, self.faults = [], [], []
        return taken


def read_records(stream: BinaryIO) -> Iterator[Record]:
    """The non-blank records of a UTF-8 CSV stream (with or without a byte order mark)."""
    lines = _Lines(stream)
    reader = csv.reader(lines)
    while True:
        try:
            cells = next(reader)
            refused = None
        except StopIteration:
            return
        except csv.Error as exc:
            cells, refused = _split_refused(lines), str(exc)
        line, raw, faults = lines.take()
        if not any(cell.strip() for cell in cells):
            continue
        if refused is not None:
            faults.append(_refusal(cells, refused))
        yield Record(line, cells, raw, [_placed(fault, cells) for fault in faults])


def _split_refused(lines: _Lines) -> list[str]:
    """The cells of a record :mod:`csv` refused, read to its end (quotes balanced)."""
    text = "".join(lines.text)
    while text.count('"') % 2:
        try:
            text += next(lines)
        except StopIteration:
            break
    text = text.rstrip("\r\n")
    cells: list[str] = []
    pos = 0
    while True:
        found = _CELL.match(text, pos)
        if found is None:
            return cells
        quoted, plain = found.groups()
        cells.append(plain if quoted is None else quoted.replace('""', '"'))
        pos = found.end()
        if pos >= len(text) or text[pos] != ",":
            return cells
        pos += 1


def _refusal(cells: list[str], reason: str) -> Fault:
    limit = csv.field_size_limit()
    for index, cell in enumerate(cells):
        if len(cell) > limit:
            message = f"cell has {len(cell)} characters; the limit is {limit}"
            return Fault("invalid.cell", message, index)
    return Fault("invalid.csv", reason)


def _placed(fault: Fault, cells: list[str]) -> Fault:
    if fault.code != "invalid.encoding":
        return fault
    cell = next((i for i, text in enumerate(cells) if "\ufffd" in text), None)
    return fault._replace(cell=cell)
