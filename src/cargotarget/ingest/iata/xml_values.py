"""Values read out of Cargo-XML elements, with their problems and where each field came from.

A :class:`Fields` reads texts, numbers, measures and times from one part of a document (a
waybill, or one consignment of a flight manifest). Each problem it finds names the element's
position; each canonical field it fills (``goods[0].hs_code``) remembers the element it came
from, so that the model's checks, which speak of canonical fields, can point into the XML.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from xml.etree.ElementTree import Element

from cargotarget.ingest.iata.xml_document import Document
from cargotarget.model.problems import Problem, Severity

#: Weight units to kilograms (UN/ECE Recommendation 20 codes, as Cargo-XML writes them).
WEIGHTS = {"KGM": 1.0, "LBR": 0.45359237, "TNE": 1000.0, "GRM": 0.001}
#: Volume units to cubic metres.
VOLUMES = {
    "MTQ": 1.0,
    "CMQ": 1e-6,
    "DMQ": 1e-3,
    "LTR": 1e-3,
    "FTQ": 0.028316846592,
    "INQ": 1.6387064e-5,
}
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
_SPACES = re.compile(r"\s+")


def one_line(text: str) -> str:
    """Text whose lines and runs of spaces are joined by single spaces."""
    return _SPACES.sub(" ", text).strip()


class Fields:
    """Reads values from the elements of one part of ``document``, collecting problems."""

    def __init__(self, document: Document, origin: Element) -> None:
        self.document = document
        self.origin = origin
        self.bill: str | None = None
        self.problems: list[Problem] = []
        self._sources: dict[str, Element] = {}

    def find(self, parent: Element | None, path: str) -> Element | None:
        return None if parent is None else parent.find(path)

    def text(self, parent: Element | None, path: str, field: str | None = None) -> str | None:
        """The stripped text of ``parent``'s ``path``, None when absent or blank."""
        element = self.find(parent, path)
        if element is None or element.text is None or not element.text.strip():
            return None
        if field is not None:
            self.source(field, element)
        return element.text.strip()

    def source(self, field: str, element: Element) -> None:
        """Remember that canonical ``field`` was read from ``element``."""
        self._sources[field] = element

    def locate(self, field: str) -> str:
        """The position of the element a canonical field came from, else of the nearest
        enclosing field's, else of the part being read."""
        key = field
        while key:
            if key in self._sources:
                return self.document.position(self._sources[key])
            key = key.rpartition(".")[0] if "." in key else key.rpartition("[")[0]
        return self.document.position(self.origin)

    def number(self, parent: Element | None, path: str, field: str | None = None) -> float | None:
        element = self.find(parent, path)
        return None if element is None else self._number(element, field)

    def _number(self, element: Element, field: str | None) -> float | None:
        text = (element.text or "").strip()
        if not text:
            return None
        if not _NUMBER.fullmatch(text):
            self.error("invalid.number", f"{text[:40]!r} is not a number", element)
            return None
        if field is not None:
            self.source(field, element)
        return float(text)

    def count(self, parent: Element | None, path: str, field: str | None = None) -> int | None:
        """A whole, non-negative number (pieces, packages)."""
        element = self.find(parent, path)
        value = None if element is None else self._number(element, field)
        if element is None or value is None:
            return None
        if value < 0 or value != int(value):
            self.error("invalid.quantity", f"{element.text!r} is not a whole number", element)
            return None
        return int(value)

    def measure(
        self, parent: Element | None, path: str, units: dict[str, float], field: str | None = None
    ) -> float | None:
        """A weight or volume in the canonical unit; a missing unit is read as the first."""
        element = self.find(parent, path)
        value = None if element is None else self._number(element, field)
        if element is None or value is None:
            return None
        unit = (element.get("unitCode") or next(iter(units))).strip().upper()
        if unit not in units:
            known = ", ".join(units)
            self.error("invalid.unit", f"unit {unit!r} is not one of {known}", element)
            return None
        return round(value * units[unit], 6)

    def when(self, parent: Element | None, path: str, field: str | None = None) -> datetime | None:
        """An ISO 8601 date and time in UTC; one without an offset is read as UTC."""
        element = self.find(parent, path)
        text = None if element is None else (element.text or "").strip()
        if element is None or not text:
            return None
        try:
            moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
        except ValueError:
            self.error("invalid.datetime", f"{text[:40]!r} is not an ISO 8601 date-time", element)
            return None
        if field is not None:
            self.source(field, element)
        if moment.tzinfo is None:
            return moment.replace(tzinfo=UTC)
        return moment.astimezone(UTC)

    def flag(self, parent: Element | None, path: str) -> bool | None:
        text = self.text(parent, path)
        if text is None:
            return None
        if text.lower() in ("true", "1"):
            return True
        if text.lower() in ("false", "0"):
            return False
        element = self.find(parent, path)
        assert element is not None
        self.error("invalid.indicator", f"{text[:40]!r} is not true or false", element)
        return None

    def error(self, code: str, message: str, element: Element, missing: str | None = None) -> None:
        self._add(code, message, element, missing, Severity.ERROR)

    def warning(
        self, code: str, message: str, element: Element, missing: str | None = None
    ) -> None:
        self._add(code, message, element, missing, Severity.WARNING)

    def _add(
        self, code: str, message: str, element: Element, missing: str | None, severity: Severity
    ) -> None:
        position = self.document.position(element, missing)
        self.problems.append(
            Problem(
                code=code,
                message=message,
                position=position,
                severity=severity,
                bill_number=self.bill,
            )
        )
