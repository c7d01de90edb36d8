"""What every fragment of an X12 interchange repeats: its separators, its ISA and its GS.

A fragment (a rejected transaction set, or one bill held back from a 309) is written as an
interchange of its own: the ISA and GS as sent, the transaction set, and a GE and IEA that count
one group and one set and repeat the control numbers, so that it can be corrected and replayed.
"""

from __future__ import annotations

from cargotarget.ingest.x12.lexer import Segment, Separators

FORMAT = "x12"
#: The release whose segment layouts the readers apply.
VERSION = "004010"


class Envelope:
    """The separators, ISA and current GS of the interchange being read."""

    def __init__(self, separators: Separators, isa: Segment) -> None:
        self.separators = separators
        self.isa = isa
        self.gs: Segment | None = None

    @property
    def control_number(self) -> str:
        """ISA13, the interchange control number."""
        return self.isa.value(13)

    def version_note(self) -> str | None:
        """Why the current group may not read as intended: a release other than 004010."""
        gs = self.gs
        if gs is None or gs.value(8) in ("", VERSION):
            return None
        return f"GS08 release {gs.value(8)!r} is read with the {VERSION} segment layouts"

    def segment(self, tag: str, *values: str) -> str:
        """A segment's text: the tag and its elements, trailing empty elements left out."""
        elements = list(values)
        while elements and not elements[-1]:
            elements.pop()
        return self.separators.element.join((tag, *elements))

    def replace(self, segment: Segment, element: int, value: str) -> str:
        """``segment``'s text with element ``element`` (1-based) set to ``value``."""
        elements = list(segment.elements)
        if element > len(elements):
            elements += [""] * (element - len(elements))
        elements[element - 1] = value
        return self.segment(segment.tag, *elements)

    def wrap(self, texts: list[str]) -> bytes:
        """A standalone interchange holding the transaction set ``texts`` (ST to SE)."""
        end = self.separators.terminator + "\n"
        group = self.gs.value(6) if self.gs is not None else "1"
        gs = self.gs.text if self.gs is not None else self._default_group()
        body = [self.isa.text, gs, *texts, self.segment("GE", "1", group)]
        body.append(self.segment("IEA", "1", self.control_number))
        return (end.join(body) + end).encode("utf-8", "surrogateescape")

    def _default_group(self) -> str:
        """A GS for a transaction set that was sent outside any group."""
        return self.segment("GS", "SO", "", "", "", "", "1", "X", "004010")
