"""Cargo-IMP text cut into messages and lines, each line with its number in the input.

A Cargo-IMP message is lines of upper-case text: the first names the message and its version
(``FWB/16``, ``FHL/4``, ``FFM/8``), and a new such line starts the next message, so one input
may carry several. Lines end with CR LF or LF; blank lines are passed over. The input is read a
line at a time and each message handed on when the next starts, so memory grows with the
largest message, not with the input. Characters outside printable ASCII (the IATA Type B
character set is narrower still) are reported where they are, never passed on silently.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from cargotarget.model.problems import Problem

#: The longest line read; Type B lines have 69 characters, generous systems a few hundred.
MAX_LINE = 4096
#: Lines of one message before it is given up as no Cargo-IMP message.
MAX_LINES = 100_000
MESSAGE_START = re.compile(r"(FWB|FHL|FFM)/(\d{1,3})")
_BAD_CHAR = re.compile(r"[^\x20-\x7e]")


@dataclass(frozen=True)
class Line:
    """One line of text and its number in the input (the first line is 1)."""

    number: int
    text: str

    def at(self, column: int = 1) -> str:
        return f"line {self.number}, column {column}"


@dataclass
class RawMessage:
    """The lines of one message (its first line names it), the problems of the message as a
    whole, and those of single lines by line number (they go with the part holding the line)."""

    kind: str
    version: int
    lines: list[Line]
    problems: list[Problem] = field(default_factory=list)
    bad_lines: dict[int, Problem] = field(default_factory=dict)


def split_messages(stream: BinaryIO) -> Iterator[RawMessage]:
    """Every message in ``stream``; lines before the first message are reported, not read."""
    current: RawMessage | None = None
    orphans: list[Problem] = []
    number = 0
    while True:
        raw = stream.readline(MAX_LINE + 1)
        if not raw:
            break
        number += 1
        line, problem = _decode(raw, number, stream)
        if not line.text.strip():
            continue
        start = MESSAGE_START.fullmatch(line.text.strip())
        if start is not None:
            if current is not None:
                yield current
            current = RawMessage(start.group(1), int(start.group(2)), [line])
        elif current is None:
            if len(orphans) < 10:
                text = f"text before the first FWB, FHL or FFM line: {line.text[:30]!r}"
                orphans.append(Problem(code="outside.message", message=text, position=line.at()))
            continue
        else:
            current.lines.append(line)
        if problem is not None and current is not None:
            current.bad_lines[number] = problem
        if current is not None and len(current.lines) > MAX_LINES:
            text = f"the message has more than {MAX_LINES} lines; reading stopped there"
            current.problems.append(Problem(code="too.long", message=text, position=line.at()))
            yield current
            return
    if current is not None:
        current.problems[:0] = orphans
        yield current
    elif orphans:
        yield RawMessage("", 0, [], orphans)


def _decode(raw: bytes, number: int, stream: BinaryIO) -> tuple[Line, Problem | None]:
    """The line's text (Latin-1, so any byte reads) and its first problem, if any. A line
    longer than MAX_LINE is cut there and the rest of it skipped."""
    problem: Problem | None = None
    if len(raw) > MAX_LINE and not raw.endswith(b"\n"):
        while True:
            rest = stream.readline(MAX_LINE)
            if not rest or rest.endswith(b"\n"):
                break
        text = f"the line is longer than {MAX_LINE} characters; the rest of it is not read"
        problem = Problem(code="too.long", message=text, position=f"line {number}, column 1")
        raw = raw[:MAX_LINE]
    text = raw.decode("latin-1").rstrip("\r\n").rstrip("\r")
    bad = _BAD_CHAR.search(text)
    if bad is not None and problem is None:
        where = f"line {number}, column {bad.start() + 1}"
        message = f"character {bad.group()!r} is not allowed in Cargo-IMP text"
        problem = Problem(code="invalid.character", message=message, position=where)
    return Line(number, text), problem


@dataclass
class Record:
    """A line identifier's line (``SHP``, ``RTD/1/P2``) and the lines that continue it: those
    starting with ``/`` and the sub-identifiers ``nested`` under it (``NAM``, ``ADR``, ``LOC``
    under a party). ``tag`` is empty for a line without an identifier (an air waybill line)."""

    tag: str
    lines: list[Line]


_TAG = re.compile(r"([A-Z]{3,4})(?:/|$)")


def records(lines: list[Line], nested: frozenset[str] = frozenset()) -> list[Record]:
    """The records of a message's lines (its first line, the message name, left out)."""
    found: list[Record] = []
    for line in lines:
        text = line.text.lstrip()
        match = _TAG.match(text)
        tag = match.group(1) if match is not None else ""
        continues = text.startswith("/") or tag in nested
        if continues and found:
            found[-1].lines.append(line)
        else:
            found.append(Record(tag, [line]))
    return found
