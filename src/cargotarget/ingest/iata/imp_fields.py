"""The pieces every Cargo-IMP message is built of, read with their positions.

Fields are separated by ``/``; a field's column is where it starts on its line. The consignment
detail line (``176-12345675LHRJFK/T2K100.0MC0.52``: air waybill, origin, destination, then the
shipment description code, pieces, weight code and weight, and optional volume) is shared by
FWB, FHL (the ``MBI`` line) and FFM. Weights are read as kilograms (``L`` pounds converted),
volumes as cubic metres; airports as IATA codes, held as UN/LOCODEs where the airport table
(``awb.py``) knows them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from cargotarget.ingest.iata.awb import airport_locode, awb_problem, normalise_awb
from cargotarget.ingest.iata.imp_lines import Line
from cargotarget.model.manifest import FreightPayment
from cargotarget.model.problems import Problem, Severity

POUND_KG = 0.45359237
#: Volume codes of Cargo-IMP and their size in cubic metres.
VOLUMES = {"MC": 1.0, "CF": 0.028316846592, "CI": 0.000016387064, "CC": 0.000001}
_LAST_STEP = re.compile(r"(\.[^.\[\]]+|\[\d+\])$")
_DETAIL = re.compile(r"(\d{3}-?\d{8})([A-Z]{3})?([A-Z]{3})")
_QUANTITY = re.compile(
    r"([TPSDM])(\d{1,5})([KL])(\d{1,7}(?:[.,]\d{1,3})?)(?:(MC|CF|CI|CC)(\d{1,9}(?:[.,]\d{1,3})?))?"
    r"(?:DG\d{1,2})?"
)


@dataclass(frozen=True)
class Field:
    """One ``/``-separated field of a line and the column it starts at."""

    text: str
    column: int


def fields(line: Line) -> list[Field]:
    """The line's fields; the first is the line identifier (or the data before the first /)."""
    found, column = [], 1
    for text in line.text.split("/"):
        found.append(Field(text.strip(), column))
        column += len(text) + 1
    return found


class Marks:
    """Where each canonical field of one part of a message was read (``line 7, column 12``),
    and the problems found there; a field never marked is placed at its nearest marked parent,
    else at ``origin``."""

    def __init__(self, origin: Line, bill: str | None = None) -> None:
        self.origin = origin.at()
        self.bill = bill
        self.paths: dict[str, str] = {}
        self.problems: list[Problem] = []

    def mark(self, path: str, line: Line, column: int = 1) -> None:
        self.paths[path] = line.at(column)

    def locate(self, path: str) -> str:
        while path:
            found = self.paths.get(path)
            if found is not None:
                return found
            shorter = _LAST_STEP.sub("", path)
            if shorter == path:
                break
            path = shorter
        return self.origin

    def error(self, code: str, message: str, line: Line, column: int = 1) -> None:
        self.add(code, message, line.at(column), Severity.ERROR)

    def warning(self, code: str, message: str, line: Line, column: int = 1) -> None:
        self.add(code, message, line.at(column), Severity.WARNING)

    def add(self, code: str, message: str, where: str, severity: Severity) -> None:
        problem = Problem(
            code=code, message=message, position=where, severity=severity, bill_number=self.bill
        )
        self.problems.append(problem)


@dataclass
class Quantity:
    code: str
    pieces: int
    weight_kg: float
    volume_m3: float | None


@dataclass
class Detail:
    """A consignment detail line: the air waybill, its airports and its quantity."""

    awb: str
    origin: str | None
    destination: str
    quantity: Quantity | None
    rest: list[Field]
    origin_column: int
    destination_column: int


def read_detail(line: Line, start: int, marks: Marks) -> Detail | None:
    """The consignment detail that starts at character ``start`` of ``line``; None (with an
    error) when it is not one. A wrong check digit is an error at the number."""
    text = line.text[start:]
    head, _, tail = text.partition("/")
    match = _DETAIL.fullmatch(head.strip())
    lead = start + len(head) - len(head.lstrip())
    if match is None:
        expected = "an air waybill number, origin and destination (176-12345675LHRJFK)"
        marks.error("invalid.consignment_detail", f"expected {expected}", line, start + 1)
        return None
    awb = normalise_awb(match.group(1))
    marks.mark("bill_number", line, lead + 1)
    problem = awb_problem(awb)
    if problem is not None:
        marks.error("invalid.awb_number", f"air waybill {awb}: {problem}", line, lead + 1)
    offset = start + len(head) + 1
    rest = [Field(f.text, f.column + offset) for f in fields(Line(line.number, tail))]
    rest = rest if tail else []
    quantity = read_quantity(rest[0], line, marks) if rest else None
    if quantity is None and not rest:
        marks.error("missing.quantity", "the pieces and weight are missing", line, len(line.text))
    return Detail(
        awb,
        match.group(2),
        match.group(3),
        quantity,
        rest[1:],
        lead + match.start(2) + 1,
        lead + match.start(3) + 1,
    )


def read_quantity(found: Field, line: Line, marks: Marks) -> Quantity | None:
    """``T2K100.0MC0.52``: shipment description code, pieces, weight code, weight, volume."""
    match = _QUANTITY.fullmatch(found.text)
    if match is None:
        text = f"quantity {found.text[:30]!r} is not a code, pieces and a weight (T2K100.0)"
        marks.error("invalid.quantity", text, line, found.column)
        return None
    code, pieces, unit, weight, volume_code, volume = match.groups()
    kilograms = decimal(weight) * (POUND_KG if unit == "L" else 1.0)
    cubic = decimal(volume) * VOLUMES[volume_code] if volume_code else None
    return Quantity(code, int(pieces), round(kilograms, 3), cubic)


def decimal(text: str) -> float:
    return float(text.replace(",", "."))


def airport(
    code: str, line: Line, column: int, path: str, marks: Marks, remarks: list[str]
) -> str | None:
    """The UN/LOCODE of the airport ``code`` (read at ``path``); an unknown airport is warned
    about and kept as a remark, a malformed one is an error."""
    code = code.strip().upper()
    if not code:
        return None
    if not (len(code) == 3 and code.isascii() and code.isalpha()):
        marks.error("invalid.airport", f"airport {code[:20]!r} is not 3 letters", line, column)
        return None
    marks.mark(path, line, column)
    locode = airport_locode(code)
    if locode is None:
        text = f"airport {code!r} is not in the airport table; it is kept as a remark only"
        marks.warning("unknown.airport", text, line, column)
        remarks.append(f"airport {code} ({path.rpartition('.')[2].replace('_', ' ')})")
    return locode


def text_lines(lines: list[Line], first: int) -> list[str]:
    """The text of a line from character ``first`` on, with its continuation lines' text
    (after their leading ``/``), as one list; used for free text and names."""
    found = [lines[0].text[first:].strip()] if lines else []
    found += [line.text.lstrip("/").strip() for line in lines[1:]]
    return [text for text in found if text]


_PAYMENTS = {"P": FreightPayment.PREPAID, "C": FreightPayment.COLLECT}


def read_payment(line: Line, marks: Marks) -> FreightPayment | None:
    """The charge declaration (CVD): the first prepaid or collect indicator (``PP``, ``CC``,
    ``PC``) after the currency, read by its weight and valuation charge letter; FWB puts a
    charge code before it (``CVD/GBP//PP/NVD/NCV/XXX``), FHL does not (``CVD/EUR/PP/...``)."""
    for found in fields(line)[2:4]:
        if len(found.text) == 2 and set(found.text) <= {"P", "C"}:
            marks.mark("freight_payment", line, found.column)
            return _PAYMENTS[found.text[0]]
    return None


def padded(line: Line, count: int) -> list[Field]:
    """The line's fields, with empty ones (at the end of the line) up to ``count``."""
    found = fields(line)
    end = Field("", len(line.text) + 1)
    return found + [end] * (count - len(found))


_WEIGHT = re.compile(r"([KL])(\d{1,7}(?:[.,]\d{1,3})?)")


def weight_of(text: str) -> float | None:
    """``K100.5`` (kilograms) or ``L221.6`` (pounds) in kilograms; None when it is neither."""
    match = _WEIGHT.fullmatch(text)
    if match is None:
        return None
    factor = POUND_KG if match.group(1) == "L" else 1.0
    return round(decimal(match.group(2)) * factor, 3)
