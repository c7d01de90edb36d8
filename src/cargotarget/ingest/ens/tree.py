"""A declaration's XML read safely into a small tree that remembers where each element was.

Declarations come from outside and are hostile until proven otherwise, so the XML is parsed
with defusedxml: no document type declaration, no entities, no external references. The size,
the nesting depth and the number of elements are bounded too, so that a billion nested tags or a
gigabyte of text stops early with a reason. Each element keeps its line and column (for
problems a filer can find) and its byte span (so that a fragment can be cut from the original
bytes unchanged).
"""

from __future__ import annotations

import re
from typing import Any, cast

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import DefusedXMLParser, ParseError

#: An entry summary declaration is a few kilobytes; ICS1 allows 999 goods items.
MAX_BYTES = 8 * 1024 * 1024
MAX_DEPTH = 16
MAX_ELEMENTS = 100_000
#: How a UTF-16 or UTF-32 document starts: a byte order mark, or "<" beside zero bytes.
_WIDE_STARTS = (b"\xff\xfe", b"\xfe\xff", b"<\x00", b"\x00<", b"\x00\x00")
_START_TAG = re.compile(rb"""<[^\s/>]+(?:\s+[^\s=/>]+\s*=\s*(?:"[^"]*"|'[^']*'))*\s*(/?)>""")


class XmlProblem(Exception):
    """The input is not XML we accept; ``code`` and ``reason`` say why, at ``line``/``column``."""

    def __init__(self, code: str, reason: str, line: int = 1, column: int = 1) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason
        self.line = line
        self.column = column

    @property
    def position(self) -> str:
        return f"line {self.line}, column {self.column}"


class Node:
    """One element: its local name (namespace dropped), text, children and where it was."""

    __slots__ = ("children", "column", "end", "line", "name", "start", "text")

    def __init__(self, name: str, line: int, column: int, start: int) -> None:
        self.name = name
        self.line = line
        self.column = column
        self.start = start
        self.end = start
        self.text = ""
        self.children: list[Node] = []

    @property
    def position(self) -> str:
        return f"line {self.line}, column {self.column}"

    def child(self, name: str) -> Node | None:
        return next((c for c in self.children if c.name == name), None)

    def all(self, name: str) -> list[Node]:
        return [c for c in self.children if c.name == name]

    def value(self, name: str) -> str | None:
        """The stripped text of the first child called ``name``; None when absent or empty."""
        found = self.child(name)
        if found is None:
            return None
        return found.text.strip() or None


class _Builder:
    """The parser's target: builds Nodes, bounded in depth and count."""

    def __init__(self, data: bytes) -> None:
        self.raw = data
        self.expat: Any = None
        self.stack: list[Node] = []
        self.root: Node | None = None
        self.count = 0
        self._texts: list[list[str]] = []

    def _where(self) -> tuple[int, int]:
        return self.expat.CurrentLineNumber, self.expat.CurrentColumnNumber + 1

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        line, column = self._where()
        self.count += 1
        if len(self.stack) >= MAX_DEPTH:
            raise XmlProblem("too.deep", f"elements nest deeper than {MAX_DEPTH}", line, column)
        if self.count > MAX_ELEMENTS:
            raise XmlProblem("too.many", f"more than {MAX_ELEMENTS} elements", line, column)
        node = Node(tag.rpartition("}")[2], line, column, self.expat.CurrentByteIndex)
        if self.stack:
            self.stack[-1].children.append(node)
        else:
            self.root = node
        self.stack.append(node)
        self._texts.append([])

    def data(self, text: str) -> None:
        if self._texts:
            self._texts[-1].append(text)

    def end(self, tag: str) -> None:
        node = self.stack.pop()
        node.text = "".join(self._texts.pop())
        # An empty element ends with its start tag; any other with the end tag at the index.
        tag_match = _START_TAG.match(self.raw, node.start)
        if tag_match is not None and tag_match.group(1):
            node.end = tag_match.end()
            return
        closing = self.raw.find(b">", max(self.expat.CurrentByteIndex, node.start))
        node.end = closing + 1 if closing >= 0 else len(self.raw)

    def close(self) -> Node | None:
        return self.root


def parse_tree(data: bytes) -> Node:
    """The element tree of ``data``; raises :class:`XmlProblem` for anything we do not accept."""
    if len(data) > MAX_BYTES:
        raise XmlProblem("too.large", f"the declaration is larger than {MAX_BYTES} bytes")
    if data[:2] in _WIDE_STARTS:
        # ICS declarations are UTF-8; a wider encoding would also defeat the byte-exact cut
        # of fragments, which looks for ASCII tag characters.
        raise XmlProblem("unsupported.encoding", "the declaration is not UTF-8 (UTF-16 or 32?)")
    builder = _Builder(data)
    parser = DefusedXMLParser(
        target=builder, forbid_dtd=True, forbid_entities=True, forbid_external=True
    )
    builder.expat = parser.parser
    try:
        parser.feed(data)
        root = cast("Node | None", parser.close())
    except XmlProblem:
        raise
    except DefusedXmlException as exc:
        line, column = builder._where()
        raise XmlProblem(
            "forbidden.xml", f"not accepted in a declaration: {exc}", line, column
        ) from None
    except ParseError as exc:
        line, column = exc.position
        reason = str(exc).split(":", 1)[0]
        raise XmlProblem(
            "invalid.xml", f"not well-formed XML: {reason}", line, column + 1
        ) from None
    except (ValueError, LookupError, RecursionError) as exc:
        raise XmlProblem("invalid.xml", f"not readable as XML: {exc}") from exc
    if root is None:
        raise XmlProblem("invalid.xml", "the input holds no XML element")
    return root
