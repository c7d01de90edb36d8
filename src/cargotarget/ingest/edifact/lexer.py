"""A streaming EDIFACT tokenizer: bytes in, segments out, a chunk at a time.

The input is read in chunks (1 MiB by default) so that a file of any size is never held whole.
Each chunk is cut after its last segment terminator and the complete part split with
``bytes.split``; each segment is decoded once and split into elements and components with
``str.split``. Only segments that contain the release character take a slower, regular-expression
path, and only chunks where a terminator is released are re-joined. There is no loop over
characters, which is what makes this several times faster than a general tokenizer.

Undecodable bytes do not stop the stream: the segment is kept (its bytes preserved with
``surrogateescape``) and carries a ``problem`` naming the byte offset.
"""

from __future__ import annotations

import re
from collections.abc import Generator, Iterator
from typing import BinaryIO

import msgspec

from cargotarget.ingest.edifact.syntax import DEFAULT_CHARS, ServiceChars, SyntaxProblem, codec_for

CHUNK_SIZE = 1024 * 1024
#: No real segment comes near this; a longer run without a terminator is not EDIFACT.
MAX_SEGMENT = 1024 * 1024
_BOM = b"\xef\xbb\xbf"
_HEAD = 4096
UNTERMINATED = "the input ends inside this segment (no segment terminator)"


class Segment(msgspec.Struct, gc=False):
    """One segment: its tag, its elements (each a list of components) after the tag, its number
    in the interchange (UNB is 1), the byte offset where it starts, and its text as sent."""

    tag: str
    elements: list[list[str]]
    index: int
    offset: int
    text: str
    problem: str | None = None

    def value(self, element: int, component: int = 0) -> str:
        """A component's text, or "" when the segment does not go that far."""
        elements = self.elements
        if element < len(elements):
            components = elements[element]
            if component < len(components):
                return components[component]
        return ""

    def value_list(self, element: int) -> list[str]:
        """An element's components, or [] when the segment does not go that far."""
        return self.elements[element] if element < len(self.elements) else []


class Lexer:
    """Iterate over the segments of one interchange read from a binary stream.

    ``chars`` (the separators from the UNA, or the defaults), ``has_una``, ``codec`` and
    ``syntax_identifier`` (from the UNB) are known once iteration has started.
    """

    def __init__(self, stream: BinaryIO, *, chunk_size: int = CHUNK_SIZE) -> None:
        self._stream = stream
        self._chunk_size = max(1, chunk_size)
        self.chars = DEFAULT_CHARS
        self.has_una = False
        self.codec = "latin-1"
        self.syntax_identifier = ""
        self._index = 0

    def __iter__(self) -> Iterator[Segment]:
        buffer, offset = self._start()
        term = self.chars.terminator.encode("ascii")
        self._prepare()
        eof = False
        while not eof:
            chunk = self._stream.read(self._chunk_size)
            eof = not chunk
            buffer += chunk
            cut = buffer.rfind(term)
            if cut < 0:
                _check_length(buffer, offset)
                continue
            block, buffer = buffer[:cut], buffer[cut + 1 :]
            leftover = yield from self._block(block, offset)
            consumed = cut + 1
            if leftover is not None:
                _check_length(leftover, offset)
                buffer = leftover + term + buffer
                consumed -= len(leftover) + 1
            offset += consumed
        tail = buffer.rstrip(b" \t\r\n")
        if tail:
            for segment in self._block(tail, offset, whole=True):
                segment.problem = segment.problem or UNTERMINATED
                yield segment

    def _start(self) -> tuple[bytes, int]:
        """Read the head of the stream, skip a byte order mark and blank lines, read the UNA."""
        head = b""
        while len(head) < _HEAD:
            chunk = self._stream.read(_HEAD - len(head))
            if not chunk:
                break
            head += chunk
        skip = len(_BOM) if head.startswith(_BOM) else 0
        skip += len(head[skip:]) - len(head[skip:].lstrip(b" \t\r\n"))
        if head[skip : skip + 3] == b"UNA":
            self.chars = ServiceChars.from_una(head[skip + 3 : skip + 9], skip)
            self.has_una = True
            skip += 9
        return head[skip:], skip

    def _prepare(self) -> None:
        chars = self.chars
        self._term = chars.terminator.encode("ascii")
        self._release = chars.release.encode("ascii") if chars.release else None
        if chars.release:
            quoted = [re.escape(c) for c in (chars.release, chars.element, chars.component)]
            self._tokens = re.compile(
                f"{quoted[0]}(.)|({quoted[1]})|({quoted[2]})|[^{''.join(quoted)}]+|.", re.DOTALL
            )

    def _block(
        self, block: bytes, offset: int, *, whole: bool = False
    ) -> Generator[Segment, None, bytes | None]:
        """Yield the segments of ``block`` (complete segments without their last terminator).

        Returns the trailing part when the block's last terminator was released, so that the
        caller can put it back in front of the next chunk.
        """
        pieces, leftover, width = self._pieces(block, whole)
        comp, elem, release = self.chars.component, self.chars.element, self.chars.release
        codec = self.codec
        index = self._index
        position = offset
        for piece in pieces:
            start = position
            position += len(piece) + width
            if piece[:1] in b"\r\n":
                body = piece.lstrip(b"\r\n")
                start += len(piece) - len(body)
                if not body:
                    continue
                piece = body
            problem = None
            try:
                text = piece.decode(codec)
            except UnicodeDecodeError as exc:
                text = piece.decode(codec, "surrogateescape")
                problem = self._undecodable(exc, start)
            if release is not None and release in text:
                elements = self._split_released(text)
                tag = elements.pop(0)[0]
            else:
                tag, sep, rest = text.partition(elem)
                elements = [part.split(comp) for part in rest.split(elem)] if sep else []
            index += 1
            if index == 1 and tag == "UNB":
                problem = self._adopt_charset(elements) or problem
                codec = self.codec
            yield Segment(tag, elements, index, start, text, problem)
        self._index = index
        return leftover

    def _pieces(self, block: bytes, whole: bool) -> tuple[list[bytes], bytes | None, int]:
        """The block cut at each terminator that is not released, any released tail, and the
        width of what separates the pieces.

        When every terminator is followed by the same line break (as most writers do), the block
        is cut at terminator and line break together, which spares stripping each piece.
        """
        if whole:
            return [block], None, 1
        term, release = self._term, self._release
        if release is not None and (release + term in block or block.endswith(release)):
            return (*_rejoin(block, block.split(term), release, term), 1)
        terminators = block.count(term)
        for end in (term + b"\n", term + b"\r\n"):
            if terminators and block.count(end) == terminators:
                return block.split(end), None, len(end)
        return block.split(term), None, 1

    def _split_released(self, text: str) -> list[list[str]]:
        """Split a segment that contains the release character, honouring it."""
        elements: list[list[str]] = []
        components: list[str] = []
        current: list[str] = []
        for match in self._tokens.finditer(text):
            kind = match.lastindex
            if kind == 1:
                current.append(match.group(1))
            elif kind == 2:
                components.append("".join(current))
                elements.append(components)
                components, current = [], []
            elif kind == 3:
                components.append("".join(current))
                current = []
            else:
                current.append(match.group())
        components.append("".join(current))
        elements.append(components)
        return elements

    def _adopt_charset(self, elements: list[list[str]]) -> str | None:
        """Take the character set of everything after the UNB from its syntax identifier."""
        identifier = elements[0][0] if elements else ""
        self.syntax_identifier = identifier
        codec = codec_for(identifier)
        if codec is None:
            return (
                f"syntax identifier {identifier!r} is not supported "
                "(UNOA to UNOK, UNOW and UNOY are)"
            )
        self.codec = codec
        return None

    def _undecodable(self, exc: UnicodeDecodeError, start: int) -> str:
        bad = exc.object[exc.start : exc.start + 1].hex().upper()
        charset = self.syntax_identifier or "the character set"
        return f"byte 0x{bad} at byte {start + exc.start} is not valid {charset} ({self.codec})"


def _rejoin(
    block: bytes, pieces: list[bytes], release: bytes, term: bytes
) -> tuple[list[bytes], bytes | None]:
    """Join the pieces split at a released terminator (one after an odd run of releases).

    Released terminators are found with ``bytes.find`` and counted with ``bytes.count``, so the
    many pieces between them are only copied in bulk. The last piece is handed back when the
    terminator after the block is itself released.
    """
    released: set[int] = set()
    pair = release + term
    found = block.find(pair)
    terminators = last = 0
    while found >= 0:
        before = found
        while before >= 0 and block[before] == release[0]:
            before -= 1
        if (found - before) % 2:
            terminators += block.count(term, last, found + 1)
            last = found + 1
            released.add(terminators)
        found = block.find(pair, found + 2)
    joined: list[bytes] = []
    start = 0
    for boundary in sorted(released):
        if boundary < start:
            continue
        joined.extend(pieces[start:boundary])
        end = boundary
        while end in released:
            end += 1
        joined.append(term.join(pieces[boundary : end + 1]))
        start = end + 1
    joined.extend(pieces[start:])
    tail = joined[-1]
    if (len(tail) - len(tail.rstrip(release))) % 2:
        return joined[:-1], joined[-1]
    return joined, None


def _check_length(unterminated: bytes, offset: int) -> None:
    if len(unterminated) > MAX_SEGMENT:
        raise SyntaxProblem(
            offset,
            f"no segment terminator in {len(unterminated):,} bytes: this is not EDIFACT text",
        )
