"""Reading a watch-list file: bytes from wherever they are, then text line by line.

A list arrives as a path, bytes, text or an open binary stream. Undecodable bytes spoil only
their own line: that line is reported with its number and left empty, the rest is read.
"""

from __future__ import annotations

from pathlib import Path
from typing import BinaryIO

import msgspec

from cargotarget.model.problems import Problem
from cargotarget.screening.entries import WatchEntry

Source = bytes | str | Path | BinaryIO
"""Where a list can come from; ``str`` is the text itself, not a file name."""


def read_bytes(source: Source) -> bytes:
    """All the bytes of ``source``."""
    if isinstance(source, bytes):
        return source
    if isinstance(source, str):
        return source.encode("utf-8")
    if isinstance(source, Path):
        return source.read_bytes()
    return source.read()


def problem(line: int, code: str, message: str) -> Problem:
    """A problem found at ``line`` (counted from 1) of a list file."""
    return Problem(code=code, message=message, position=f"line {line}")


def in_line_order(problems: list[Problem]) -> tuple[Problem, ...]:
    """``problems`` sorted by the line they are on."""
    return tuple(sorted(problems, key=lambda p: int(p.position.removeprefix("line "))))


def decode_lines(data: bytes) -> tuple[list[str], list[Problem]]:
    """The lines of ``data`` as UTF-8 text (a byte-order mark is dropped), and a problem for
    every line that is not valid UTF-8; such a line is kept as an empty line so that the
    numbering of the others stays right."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    lines: list[str] = []
    problems: list[Problem] = []
    for number, raw in enumerate(data.splitlines(keepends=True), start=1):
        try:
            lines.append(raw.decode("utf-8"))
        except UnicodeDecodeError as error:
            problems.append(
                problem(number, "not_utf8", f"not UTF-8 text (byte {error.start + 1} of the line)")
            )
            lines.append("\n")
    return lines, problems


class LoadResult(msgspec.Struct, frozen=True, kw_only=True):
    """What a loader read: the entries it could build and a problem for everything else.
    ``skipped`` counts records that were understood but hold nothing to screen against."""

    entries: tuple[WatchEntry, ...]
    problems: tuple[Problem, ...]
    skipped: int = 0
