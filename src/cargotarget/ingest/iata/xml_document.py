"""Reading one Cargo-XML document safely, with the position of every element.

Cargo-XML arrives from outside and is hostile input until proven otherwise. The document is fed
to defusedxml's parser in chunks as it streams in: a DTD (and with it every entity, internal or
external, so billion laughs and external entity attacks) is refused, and so are a document larger
than ``max_bytes`` and elements nested deeper than :data:`MAX_DEPTH`. Each element's line, column,
byte span and XPath-like path (``/Waybill/MasterConsignment/IncludedMasterConsignmentItem[2]``,
the index written from the second element of a name on) are recorded as it is read, so that a
problem found later names where it is, and a rejected part can be cut out of the raw bytes.
Namespaces are dropped from names: Cargo-XML's prefixes vary between senders, its local names do
not.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, BinaryIO
from xml.etree.ElementTree import Element, ParseError, TreeBuilder

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser

#: A Cargo-XML flight manifest of a full freighter is a few megabytes; anything far larger is
#: not a message but an attack or an accident.
MAX_BYTES = 32 * 1024 * 1024
#: Cargo-XML nests about eight levels; a hundred is only ever hostile.
MAX_DEPTH = 100
CHUNK_SIZE = 64 * 1024


class Refused(ValueError):
    """A document that cannot be read: ``code`` and ``reason`` say why, ``position`` where."""

    def __init__(self, code: str, reason: str, position: str, raw: bytes = b"") -> None:
        super().__init__(f"{position}: {reason}")
        self.code = code
        self.reason = reason
        self.position = position
        self.raw = raw


class Place:
    """Where an element stands: its path, line and column (1-based), and bytes in the input.

    The path is put together only when a problem asks for it: most elements never need one.
    """

    __slots__ = ("column", "empty", "end", "index", "line", "name", "parent", "start")

    def __init__(
        self, parent: Place | None, name: str, index: int, line: int, column: int, start: int
    ) -> None:
        self.parent = parent
        self.name = name
        self.index = index
        self.line = line
        self.column = column
        self.start = start
        self.end = start
        self.empty = False

    @property
    def path(self) -> str:
        steps = []
        place: Place | None = self
        while place is not None:
            steps.append(place.name if place.index == 1 else f"{place.name}[{place.index}]")
            place = place.parent
        return "/" + "/".join(reversed(steps))

    def __str__(self) -> str:
        return f"line {self.line}, column {self.column} ({self.path})"


class Document:
    """A parsed document: its root, its raw bytes and the place of each element."""

    def __init__(self, root: Element, raw: bytes, places: dict[int, Place]) -> None:
        self.root = root
        self.raw = raw
        self._places = places
        self._parent_of: dict[int, Element] | None = None

    def place(self, element: Element) -> Place:
        return self._places[id(element)]

    def position(self, element: Element, missing: str | None = None) -> str:
        """The position of ``element``, or of its absent child ``missing``."""
        place = self.place(element)
        if missing is None:
            return str(place)
        return f"line {place.line}, column {place.column} ({place.path}/{missing}, absent)"

    def keeping(self, elements: list[Element]) -> bytes:
        """The raw document cut down to ``elements``: every element of the same name beside one
        of them, or beside one of their ancestors, is cut out, whole. Of a flight manifest this
        leaves the header, the flight and the ULDs around one consignment: a message of its own.
        """
        parents = self._parents()
        kept: dict[int, Element] = {}
        for element in elements:
            node: Element | None = element
            while node is not None and id(node) not in kept:
                kept[id(node)] = node
                node = parents.get(id(node))
        cut = {
            id(sibling): sibling
            for node in kept.values()
            if (parent := parents.get(id(node))) is not None
            for sibling in parent
            if sibling.tag == node.tag and id(sibling) not in kept
        }
        return self._without(list(cut.values()))

    def _parents(self) -> dict[int, Element]:
        if self._parent_of is None:
            self._parent_of = {id(child): parent for parent in self.root.iter() for child in parent}
        return self._parent_of

    def _without(self, elements: list[Element]) -> bytes:
        """The raw document with ``elements`` cut out, whole (they must not nest)."""
        spans = sorted((self.place(e).start, self.place(e).end) for e in elements)
        parts, last = [], 0
        for start, end in spans:
            parts.append(self.raw[last:start])
            last = end
        parts.append(self.raw[last:])
        return b"".join(parts)


class _Builder:
    """Builds the tree with local names, recording each element's place as it opens.

    Its methods are expat's own handlers (set on the parser that defusedxml guards), which
    spares the per-element work of ElementTree's Python parser layer.
    """

    def __init__(self) -> None:
        self.expat: Any = None
        self.places: dict[int, Place] = {}
        self._tree = TreeBuilder()
        self._open: list[tuple[Place | None, dict[str, int]]] = [(None, {})]

    def listen(self, expat: Any) -> None:
        """Take over element and text events from ``expat``."""
        self.expat = expat
        expat.StartElementHandler = self.start
        expat.EndElementHandler = self.end
        expat.CharacterDataHandler = self._tree.data

    def start(self, tag: str, attributes: list[str]) -> None:
        name = tag[tag.rfind("}") + 1 :]
        opened = self._open
        parent, counts = opened[-1]
        if len(opened) > MAX_DEPTH:
            raise _TooDeep(parent.path if parent is not None else "")
        counts[name] = index = counts.get(name, 0) + 1
        expat = self.expat
        place = Place(
            parent,
            name,
            index,
            expat.CurrentLineNumber,
            expat.CurrentColumnNumber + 1,
            expat.CurrentByteIndex,
        )
        attrs = (
            {
                attributes[i][attributes[i].rfind("}") + 1 :]: attributes[i + 1]
                for i in range(0, len(attributes), 2)
            }
            if attributes
            else {}
        )
        self.places[id(self._tree.start(name, attrs))] = place
        opened.append((place, {}))

    def end(self, tag: str) -> None:
        place, _ = self._open.pop()
        element = self._tree.end(tag[tag.rfind("}") + 1 :])
        if place is not None:
            place.end = self.expat.CurrentByteIndex
            place.empty = len(element) == 0 and not element.text

    def close(self) -> Element:
        root: Element = self._tree.close()
        return root


class _TooDeep(Exception):
    def __init__(self, path: str) -> None:
        super().__init__(path)
        self.path = path


def parse_document(stream: BinaryIO, max_bytes: int = MAX_BYTES) -> Document:
    """Parse the document in ``stream``; :class:`Refused` says why one cannot be read."""
    builder = _Builder()
    parser = DefusedXMLParser(target=builder, forbid_dtd=True)
    expat = parser.parser
    builder.listen(expat)
    chunks: list[bytes] = []
    size = 0
    try:
        for chunk in _chunks(stream):
            size += len(chunk)
            if size > max_bytes:
                raise Refused(
                    "oversized.document",
                    f"the document is larger than {max_bytes} bytes, the most a message may be",
                    f"byte {max_bytes}",
                )
            chunks.append(chunk)
            parser.feed(chunk)
        if not size:
            raise Refused("empty.input", "the input is empty", "byte 0")
        root = parser.close()
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).partition(":")[0]
        where = _at(line, column + 1)
        raise Refused(
            "invalid.xml", f"not well-formed XML: {reason}", where, b"".join(chunks)
        ) from None
    except (LookupError, UnicodeError) as exc:
        where = _at(expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
        reason = f"the document's encoding cannot be read: {str(exc)[:80]}"
        raise Refused("invalid.encoding", reason, where, b"".join(chunks)) from None
    except DefusedXmlException as exc:
        where = _at(expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
        raise Refused("forbidden.xml", _forbidden(exc), where, b"".join(chunks)) from None
    except _TooDeep as exc:
        where = _at(expat.CurrentLineNumber, expat.CurrentColumnNumber + 1)
        reason = f"elements nest deeper than {MAX_DEPTH} levels below {exc.path or '/'}"
        raise Refused("oversized.depth", reason, where, b"".join(chunks)) from None
    raw = b"".join(chunks)
    _close_spans(raw, builder.places.values())
    return Document(root, raw, builder.places)


def _chunks(stream: BinaryIO) -> Iterator[bytes]:
    while chunk := stream.read(CHUNK_SIZE):
        yield chunk


def _at(line: int, column: int) -> str:
    return f"line {line}, column {column}"


def _forbidden(exc: DefusedXmlException) -> str:
    """Why a construct was refused, in words a filer can act on."""
    kind = type(exc).__name__
    if kind == "DTDForbidden":
        return "a document type declaration (DTD) is not allowed in Cargo-XML; remove it"
    if kind == "EntitiesForbidden":
        return "entity declarations are not allowed in Cargo-XML"
    if kind == "ExternalReferenceForbidden":
        return "references to external resources are not allowed in Cargo-XML"
    return f"the document uses a construct that is not allowed: {kind}"


def _close_spans(raw: bytes, places: Any) -> None:
    """Move each element's end past the ``>`` of its end tag: the parser reports where the end
    tag starts, or, for an empty element ``<a/>``, where the element has already ended."""
    for place in places:
        if place.empty and raw[place.end - 2 : place.end] == b"/>":
            continue
        close = raw.find(b">", place.end)
        place.end = len(raw) if close < 0 else close + 1
