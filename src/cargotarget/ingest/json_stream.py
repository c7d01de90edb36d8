"""Splitting a JSON byte stream into its messages without loading it whole.

Three shapes are read: JSON Lines (one manifest per line, the form for large files), a JSON array
of manifests, and one or more manifest objects one after another (a single file, or the
pretty-printed output of tools such as jq). Each message comes out as a :class:`Fragment` with
its bytes and the line and column where it starts, so that problems can be placed in the file.

Splitting only has to find where each message ends (:mod:`cargotarget.ingest.json_scan`);
checking the JSON itself is left to msgspec, which decodes each message afterwards.
"""

from __future__ import annotations

import io
import re
from collections.abc import Generator, Iterator
from typing import BinaryIO, NamedTuple

import msgspec

from cargotarget.ingest.json_scan import (
    CLOSE_BRACKET,
    MORE,
    OPEN_BRACE,
    OPENERS,
    QUOTE,
    element_end,
    group_end,
    parsed_end,
    skip_space,
)

BOM = b"\xef\xbb\xbf"
CHUNK = 1024 * 1024
_CONTINUATION_BYTES = bytes(range(0x80, 0xC0))
_NEXT_OPENER = re.compile(rb"[\[{]")
_NEXT_OBJECT = re.compile(rb"[ \t\r\n]*+\{")
_RAW = msgspec.json.Decoder(msgspec.Raw)
_RAW_ARRAY = msgspec.json.Decoder(list[msgspec.Raw])


class Fragment(NamedTuple):
    """One message's bytes and where it starts; ``error`` is set for a fault in the structure
    around messages (an array that is never closed), which belongs to no message."""

    data: bytes
    line: int
    column: int
    error: str | None = None


def advance(line: int, column: int, data: bytes) -> tuple[int, int]:
    """The line and column (1-based, counted in characters) just after ``data``, which starts
    at ``line`` and ``column``."""
    newlines = data.count(b"\n")
    if newlines:
        tail = data[data.rfind(b"\n") + 1 :]
        return line + newlines, 1 + len(tail.translate(None, _CONTINUATION_BYTES))
    return line, column + len(data.translate(None, _CONTINUATION_BYTES))


def is_json_lines(head: bytes) -> bool:
    """Whether ``head`` starts like JSON Lines: a first line that is a whole JSON object,
    followed by a line that starts another object. Only the first line is copied."""
    start = skip_space(head, len(BOM) if head.startswith(BOM) else 0)
    end = head.find(b"\n", start)
    if end < 0 or head[start : start + 1] != b"{" or not _NEXT_OBJECT.match(head, end + 1):
        return False
    try:
        _RAW.decode(head[start:end])
    except msgspec.DecodeError:
        return False
    return True


def split_lines(stream: BinaryIO) -> Iterator[Fragment]:
    """The non-blank lines of a JSON Lines stream, without their line endings."""
    for number, line in enumerate(stream, start=1):
        data = (line.removeprefix(BOM) if number == 1 else line).rstrip(b"\r\n")
        if data.strip():
            yield Fragment(data, number, 1)


def split_whole(data: bytes) -> Iterator[Fragment]:
    """The messages of an input held whole, one object or an array of them: split by msgspec
    in one pass when it is valid JSON, else by :func:`split_values`, which isolates the faults."""
    body = data.removeprefix(BOM)
    start = skip_space(body, 0)
    try:
        if body[start : start + 1] == b"[":
            elements = _RAW_ARRAY.decode(body)
        else:
            _RAW.decode(body)
            elements = None
    except msgspec.DecodeError:
        yield from split_values(io.BytesIO(data))
        return
    if elements is None:
        yield Fragment(body[start:].rstrip(), *advance(1, 1, body[:start]))
        return
    where, counted, searched = (1, 1), 0, start + 1
    for element in elements:
        raw = bytes(element)
        found = body.find(raw, searched)
        where = advance(*where, body[counted:found])
        yield Fragment(raw, *where)
        counted, searched = found, found + len(raw)


class _Window:
    """The part of the stream being split, with the line and column reached so far."""

    def __init__(self, stream: BinaryIO, chunk_size: int) -> None:
        self.stream = stream
        self.chunk_size = chunk_size
        first = stream.read(chunk_size)
        self.data = first.removeprefix(BOM)
        self.eof = not first
        self._counted = 0
        self._line = 1
        self._column = 1

    def where(self, index: int) -> tuple[int, int]:
        """Line and column of ``data[index]``; indexes must be asked for in increasing order."""
        self._line, self._column = advance(
            self._line, self._column, self.data[self._counted : index]
        )
        self._counted = index
        return self._line, self._column

    def fill(self, keep: int) -> None:
        """Drop the bytes before ``keep`` (all consumed) and read more, noting the end."""
        self.where(keep)
        chunk = self.stream.read(max(self.chunk_size, len(self.data) - keep))
        self.eof = not chunk
        self.data = self.data[keep:] + chunk
        self._counted = 0

    def fragment(self, start: int, end: int) -> Fragment:
        data = self.data[start:end]
        stripped = data.lstrip()
        line, column = self.where(start + len(data) - len(stripped))
        return Fragment(stripped.rstrip(), line, column)

    def problem(self, index: int, message: str) -> Fragment:
        line, column = self.where(index)
        return Fragment(b"", line, column, message)


def split_values(stream: BinaryIO, chunk_size: int = CHUNK) -> Iterator[Fragment]:
    """The messages of a stream of JSON values: each top-level object is one message, and each
    element of a top-level array is one message. The stream is read ``chunk_size`` bytes at a
    time (more while one message is longer)."""
    window = _Window(stream, chunk_size)
    pos = 0
    while True:
        pos = skip_space(window.data, pos)
        if pos == len(window.data):
            if window.eof:
                return
            window.fill(pos)
            pos = 0
        elif window.data[pos] == OPENERS[0]:
            pos = yield from _split_array(window, pos + 1)
        else:
            pos = yield from _split_value(window, pos)


def _split_value(window: _Window, start: int) -> Generator[Fragment, None, int]:
    """One top-level object or array at ``start``; returns the index after it."""
    if window.data[start] not in OPENERS:
        return (yield from _split_stray(window, start))
    start, end = _parse_ahead(window, start)
    if end is not None:
        yield window.fragment(start, end)
        return end
    pos, depth = start, 0
    while True:
        pos, depth = group_end(window.data, pos, depth)
        if not depth or window.eof:
            end = len(window.data) if depth else pos
            yield window.fragment(start, end)
            return end
        window.fill(start)
        pos, start = pos - start, 0


def _split_stray(window: _Window, start: int) -> Generator[Fragment, None, int]:
    """Bytes at the top level that begin no object, up to the next bracket (at most about a
    chunk of them at a time); returns the index after them."""
    while True:
        data = window.data
        found = _NEXT_OPENER.search(data, start + 1)
        if found or window.eof or len(data) - start >= window.chunk_size:
            end = found.start() if found else len(data)
            yield window.fragment(start, end)
            return end
        window.fill(start)
        start = 0


def _split_array(window: _Window, start: int) -> Generator[Fragment, None, int]:
    """The elements of an array whose ``[`` ends just before ``start``; returns the index after
    its ``]``."""
    count, pos, depth = 0, start, 0
    while True:
        if pos == start and not depth:
            start, end = _parse_ahead(window, start)
            pos = start if end is None else end
        data = window.data
        if depth:
            pos, depth = group_end(data, pos, depth)
        if not depth:
            pos, depth = element_end(data, pos)
        if depth or pos == len(data) or data[pos] == QUOTE:
            if not window.eof:
                window.fill(start)
                pos, start = pos - start, 0
                continue
            if data[start:].strip():
                yield window.fragment(start, len(data))
            yield window.problem(len(data), "the array of manifests is not closed: the input ends")
            return len(data)
        content = data[start:pos].strip()
        if content:
            count += 1
            yield window.fragment(start, pos)
        closing = data[pos] == CLOSE_BRACKET
        if not content and (count or not closing):
            yield window.problem(pos, "empty element in the array of manifests (extra comma)")
        pos = start = pos + 1
        if closing:
            return pos


def _parse_ahead(window: _Window, start: int) -> tuple[int, int | None]:
    """Where the object at ``start`` (after any whitespace) ends, as msgspec finds it, reading
    more of the stream while the object runs on. Returns ``start`` (0 once more has been read)
    and the end: the first byte after the object that is not whitespace (or the end of the
    data), or None when msgspec cannot tell (not an object, or malformed) and the scanner must.
    """
    while True:
        data = window.data
        first = skip_space(data, start)
        if first == len(data) or data[first] != OPEN_BRACE:
            return start, None
        end = parsed_end(data, first)
        if end != MORE or window.eof:
            return start, None if end == MORE else end
        window.fill(start)
        start = 0
