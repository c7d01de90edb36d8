"""The EDIFACT service characters and character sets (ISO 9735), shared by reader and writer.

An interchange may open with a UNA service string advice that names its own separators; without
one the defaults ``:+.? '`` apply. The UNB syntax identifier (``UNOC``, ``UNOW`` ...) names the
character set of everything after it.
"""

from __future__ import annotations

import codecs
from functools import cached_property

#: Syntax identifier -> Python codec. UNOA and UNOB are subsets of ISO 646 and read as Latin-1
#: (so stray bytes are kept, not refused); UNOC..UNOK are the parts of ISO 8859 that ISO 9735
#: assigns them; UNOW is UTF-8, and UNOY (ISO 10646) is read as UTF-8 as filers send it.
CHARSETS: dict[str, str] = {
    "UNOA": "latin-1",
    "UNOB": "latin-1",
    "UNOC": "latin-1",
    "UNOD": "iso8859-2",
    "UNOE": "iso8859-5",
    "UNOF": "iso8859-7",
    "UNOG": "iso8859-3",
    "UNOH": "iso8859-4",
    "UNOI": "iso8859-6",
    "UNOJ": "iso8859-8",
    "UNOK": "iso8859-9",
    "UNOW": "utf-8",
    "UNOY": "utf-8",
}


class SyntaxProblem(ValueError):
    """Input that cannot be tokenised at all (a broken UNA, a segment without end)."""

    def __init__(self, offset: int, reason: str) -> None:
        super().__init__(f"byte {offset}: {reason}")
        self.offset = offset
        self.reason = reason


class ServiceChars:
    """The separators of one interchange. ``release`` is None when the UNA declares none.

    Two sets are equal when they would write the same UNA.
    """

    def __init__(
        self,
        component: str = ":",
        element: str = "+",
        decimal: str = ".",
        release: str | None = "?",
        reserved: str = " ",
        terminator: str = "'",
    ) -> None:
        self.component = component
        self.element = element
        self.decimal = decimal
        self.release = release
        self.reserved = reserved
        self.terminator = terminator

    @classmethod
    def from_una(cls, advice: bytes, offset: int) -> ServiceChars:
        """Read the six characters that follow ``UNA``; refuse separators that cannot work."""
        if len(advice) < 6:
            raise SyntaxProblem(offset, "the UNA service string advice is cut short")
        if not advice[:6].isascii():
            raise SyntaxProblem(offset, "UNA separators must be ASCII characters")
        comp, elem, dec, rel, reserved, term = tuple(advice[:6].decode("ascii"))
        chars = cls(comp, elem, dec, None if rel == " " else rel, reserved, term)
        used = [comp, elem, term] + ([rel] if chars.release else [])
        if len(set(used)) != len(used) or any(c.isalnum() for c in used):
            raise SyntaxProblem(
                offset, f"UNA separators {advice[:6]!r} must be distinct and not letters or digits"
            )
        return chars

    def una(self) -> str:
        """The UNA segment that declares these characters, terminator included."""
        release = self.release or " "
        chars = (self.component, self.element, self.decimal, release, self.reserved)
        return "UNA" + "".join(chars) + self.terminator

    @cached_property
    def _escapes(self) -> dict[int, str]:
        specials = {self.component, self.element, self.terminator}
        if self.release:
            specials.add(self.release)
        return {ord(c): f"{self.release or ''}{c}" for c in specials}

    def escape(self, value: str) -> str:
        """``value`` with every separator preceded by the release character."""
        return value.translate(self._escapes)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, ServiceChars) and self.una() == other.una()

    def __hash__(self) -> int:
        return hash(self.una())


DEFAULT_CHARS = ServiceChars()


def codec_for(syntax_identifier: str) -> str | None:
    """The Python codec of a UNB syntax identifier, or None when it is not supported."""
    name = CHARSETS.get(syntax_identifier.upper())
    return codecs.lookup(name).name if name else None
