"""The ingest formats by name, and recognising which one an input is in.

An input is recognised from its first bytes (the file name helps only when they do not tell), then
handed whole to the format's reader. An empty or unrecognised input still gives one message: a
rejected one that says why, so that nothing arrives without an answer. Its ``fragment`` is empty,
since the whole input is the fragment and the archive already holds it.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Iterator
from pathlib import PurePath
from typing import BinaryIO

from cargotarget.ingest.csv_columns import COLUMNS
from cargotarget.ingest.csv_format import read_csv
from cargotarget.ingest.json_format import read_json, read_json_lines
from cargotarget.ingest.json_stream import BOM, is_json_lines
from cargotarget.ingest.peek import peek
from cargotarget.model.problems import ParsedMessage, Problem

Reader = Callable[[BinaryIO], Iterator[ParsedMessage]]

HEAD_SIZE = 64 * 1024
UNKNOWN = "unknown"


def _lazy(fmt: str, module: str, function: str) -> Reader:
    """A reader imported on first use (the EDI and XML readers load their own tables)."""

    def read(stream: BinaryIO) -> Iterator[ParsedMessage]:
        try:
            reader: Reader = getattr(importlib.import_module(module), function)
        except (ModuleNotFoundError, AttributeError):
            yield _unread(fmt, "unavailable.reader", f"the {fmt} reader is not installed")
            return
        yield from reader(stream)

    return read


FORMATS: dict[str, Reader] = {
    "cuscar": _lazy("cuscar", "cargotarget.ingest.edifact.cuscar", "read_cuscar"),
    "x12": _lazy("x12", "cargotarget.ingest.x12.reader", "read_x12"),
    "cargo_xml": _lazy("cargo_xml", "cargotarget.ingest.iata.xml_reader", "read_cargo_xml"),
    "cargo_imp": _lazy("cargo_imp", "cargotarget.ingest.iata.imp_reader", "read_cargo_imp"),
    "ens": _lazy("ens", "cargotarget.ingest.ens.reader", "read_ens"),
    "json": read_json,
    "jsonl": read_json_lines,
    "csv": read_csv,
}

_EXTENSIONS = {
    ".edi": "cuscar",
    ".edifact": "cuscar",
    ".cuscar": "cuscar",
    ".x12": "x12",
    ".309": "x12",
    ".310": "x12",
    ".fwb": "cargo_imp",
    ".fhl": "cargo_imp",
    ".ffm": "cargo_imp",
    ".json": "json",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
}
_CSV_NAMES = frozenset(column.name for column in COLUMNS)


def detect_format(head: bytes, filename: str | None = None) -> str | None:
    """The format of an input that starts with ``head``, or None when it is none of ours.

    The bytes decide: ``UNA``/``UNB`` is CUSCAR, ``{`` or ``[`` is JSON (JSON Lines when the
    first line is a whole object and another follows), a first line naming at least two of the
    CSV columns is CSV. The file name's extension decides only when the bytes do not.
    """
    body = head.removeprefix(BOM).lstrip()
    if body.startswith((b"UNA", b"UNB")):
        return "cuscar"
    if body.startswith(b"ISA"):
        return "x12"
    if body.startswith(b"<"):
        return _xml_format(body)
    if _IMP_START.match(body):
        return "cargo_imp"
    if body.startswith(b"{"):
        return "jsonl" if is_json_lines(head) else "json"
    if body.startswith(b"["):
        return "json"
    if _names_csv_columns(body):
        return "csv"
    if filename:
        return _EXTENSIONS.get(PurePath(filename).suffix.lower())
    return None


_IMP_START = re.compile(rb"(FWB|FHL|FFM)/\d{1,3}\s*[\r\n]")
_ROOT = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?([A-Za-z_][\w.-]*)[\s/>]")
_XML_ROOTS = {
    b"Waybill": "cargo_xml",
    b"HouseWaybill": "cargo_xml",
    b"FlightManifest": "cargo_xml",
    b"CC315A": "ens",
    b"CC313A": "ens",
}


def _xml_format(body: bytes) -> str | None:
    """The format of an XML input, by the local name of its root element (the first element
    after the declaration, comments and processing instructions)."""
    for match in _ROOT.finditer(body):
        start = match.start()
        if body[start + 1 : start + 2] in (b"?", b"!"):
            continue
        return _XML_ROOTS.get(match.group(1))
    return None


def _names_csv_columns(body: bytes) -> bool:
    first = body.partition(b"\n")[0].decode("utf-8", "replace")
    names = {cell.strip().strip('"').strip().lower() for cell in first.split(",")}
    return len(names & _CSV_NAMES) >= 2


def read_messages(
    stream: BinaryIO, format: str | None = None, filename: str | None = None
) -> Iterator[ParsedMessage]:
    """Every message in ``stream``, read in ``format`` or in the format its start shows."""
    head, stream = peek(stream, HEAD_SIZE)
    if len(head) < HEAD_SIZE and not head.removeprefix(BOM).strip():
        yield _unread(format or UNKNOWN, "empty.file", "empty file: there is nothing to read")
        return
    name = format or detect_format(head, filename)
    if name is None:
        message = f"not a supported format: starts with {head[:16]!r}; " + _supported()
        yield _unread(UNKNOWN, "unknown.format", message)
        return
    reader = FORMATS.get(name)
    if reader is None:
        yield _unread(name, "unknown.format", f"no format is called {name!r}; " + _supported())
        return
    yield from reader(stream)


def _supported() -> str:
    return "supported: " + ", ".join(FORMATS)


def _unread(fmt: str, code: str, message: str) -> ParsedMessage:
    problem = Problem(code=code, message=message, position="line 1")
    return ParsedMessage(format=fmt, manifest=None, problems=(problem,))
