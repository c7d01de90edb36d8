"""A streaming ANSI X12 tokenizer: bytes in, segments out, a chunk at a time.

X12 declares its separators in the ISA segment, which is fixed-length (106 characters): the
element separator is the character right after ``ISA``, the sub-element (component) separator
is the character at position 104 and the segment terminator the one at 105. The input is read in
chunks (1 MiB by default), cut after the last terminator and split with ``bytes.split``, so a file
of any size is never held whole and there is no loop over characters.

Line breaks after a terminator are ignored. A segment that is not valid UTF-8 (X12's extended
character set is a subset of it) is kept with its bytes preserved (``surrogateescape``) and a
``problem`` naming the byte offset; so is a segment longer than any X12 segment can be.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import BinaryIO

import msgspec

CHUNK_SIZE = 1024 * 1024
ISA_LENGTH = 106
#: A run this long without a terminator is not X12: reading stops there.
MAX_UNTERMINATED = 1024 * 1024
#: No X12 segment comes near this (the longest elements are 80 characters, and there are at
#: most a few dozen to a segment); a longer one is reported, not read.
MAX_SEGMENT = 8 * 1024
_BOM = b"\xef\xbb\xbf"
_SPACE = b" \t\r\n"
UNTERMINATED = "the input ends inside this segment (no segment terminator)"


class SyntaxProblem(Exception):
    """Input that cannot be tokenised at all; ``offset`` is the byte where reading stopped."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(reason)
        self.offset = offset
        self.reason = reason


class Separators(msgspec.Struct, frozen=True):
    """The three delimiters an interchange declares in its ISA."""

    element: str
    component: str
    terminator: str

    @classmethod
    def from_isa(cls, isa: bytes, offset: int) -> Separators:
        """The separators of a fixed-length ISA (its first 106 bytes), checked."""
        if len(isa) < ISA_LENGTH:
            raise SyntaxProblem(
                offset, f"the ISA segment is cut short: {len(isa)} of its {ISA_LENGTH} characters"
            )
        element, component, terminator = isa[3:4], isa[104:105], isa[105:106]
        chars = (element, component, terminator)
        if any(not c.isascii() or c.isalnum() or c == b" " for c in chars):
            raise SyntaxProblem(
                offset,
                f"ISA separators {b''.join(chars)!r} are not usable: each must be an ASCII "
                "character that is neither a letter, a digit nor a space",
            )
        if len(set(chars)) < 3:
            raise SyntaxProblem(offset, f"ISA separators {b''.join(chars)!r} are not distinct")
        if isa[:ISA_LENGTH].count(element) != 16:
            raise SyntaxProblem(
                offset,
                f"the ISA is not the fixed-length {ISA_LENGTH} characters with 16 elements "
                f"separated by {element.decode()!r}",
            )
        return cls(element.decode(), component.decode(), terminator.decode())


class Segment(msgspec.Struct, gc=False):
    """One segment: its tag, its elements after the tag, its number in the interchange (ISA is
    1), the byte offset where it starts, and its text as sent (without the terminator)."""

    tag: str
    elements: list[str]
    index: int
    offset: int
    text: str
    problem: str | None = None

    def value(self, element: int) -> str:
        """Element ``element`` (1 is the first after the tag), or "" when there is none."""
        try:
            return self.elements[element - 1].strip()
        except IndexError:
            return ""


class Lexer:
    """Iterate over the segments of one interchange read from a binary stream.

    ``separators`` is known once iteration has started; a stream that does not start with a
    well-formed ISA raises :class:`SyntaxProblem` on the first step.
    """

    def __init__(self, stream: BinaryIO, *, chunk_size: int = CHUNK_SIZE) -> None:
        self._stream = stream
        self._chunk_size = max(1, chunk_size)
        self.separators: Separators | None = None
        self._index = 0

    def __iter__(self) -> Iterator[Segment]:
        buffer, offset = self._start()
        assert self.separators is not None
        term = self.separators.terminator.encode("ascii")
        eof = False
        while not eof:
            chunk = self._stream.read(self._chunk_size)
            eof = not chunk
            buffer += chunk
            cut = buffer.rfind(term)
            if cut < 0:
                if len(buffer) > MAX_UNTERMINATED:
                    raise SyntaxProblem(
                        offset, f"no segment terminator in {len(buffer):,} bytes: this is not X12"
                    )
                continue
            block, buffer = buffer[:cut], buffer[cut + 1 :]
            yield from self._block(block.split(term), offset)
            offset += cut + 1
        if buffer.strip(_SPACE):
            for segment in self._block([buffer], offset):
                segment.problem = segment.problem or UNTERMINATED
                yield segment

    def _start(self) -> tuple[bytes, int]:
        """Read the head of the stream, skip a byte order mark and blank lines, read the ISA."""
        head = b""
        while len(head) < 4096:
            chunk = self._stream.read(4096 - len(head))
            if not chunk:
                break
            head += chunk
        skip = len(_BOM) if head.startswith(_BOM) else 0
        skip += len(head[skip:]) - len(head[skip:].lstrip(_SPACE))
        if not head[skip:]:
            raise SyntaxProblem(skip, "the input is empty")
        if head[skip : skip + 3] != b"ISA":
            raise SyntaxProblem(
                skip, f"not an X12 interchange: it must start with ISA; it starts with "
                f"{head[skip : skip + 16]!r}",
            )  # fmt: skip
        self.separators = Separators.from_isa(head[skip : skip + ISA_LENGTH], skip)
        return head[skip:], skip

    def _block(self, pieces: list[bytes], offset: int) -> Iterator[Segment]:
        """Yield the segments of ``pieces`` (the block cut at each terminator)."""
        assert self.separators is not None
        elem = self.separators.element
        index = self._index
        position = offset
        for piece in pieces:
            start = position
            position += len(piece) + 1
            body = piece.lstrip(_SPACE)
            start += len(piece) - len(body)
            body = body.rstrip(b"\r\n")
            if not body:
                continue
            index += 1
            problem = None
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError as exc:
                text = body.decode("utf-8", "surrogateescape")
                bad = body[exc.start : exc.start + 1].hex().upper()
                problem = f"byte 0x{bad} at byte {start + exc.start} is not valid UTF-8 text"
            if len(text) > MAX_SEGMENT:
                problem = f"a segment of {len(text):,} characters: no X12 segment is that long"
                text = text[:MAX_SEGMENT]
            tag, sep, rest = text.partition(elem)
            self._index = index
            yield Segment(tag, rest.split(elem) if sep else [], index, start, text, problem)
        self._index = index
