"""The rate description (RTD) of an FWB read into goods items.

``RTD/1/P2/K100.0/CQ/W100.0/R3.25/T325.00`` opens rate line 1 (pieces, gross weight, rate
class, chargeable weight, rate, total); the lines after it add to that rate line: ``/NG/`` goods
description, ``/NC/`` consolidation description, ``/NV/MC0.52`` volume, ``/NU/`` a ULD,
``/NS/`` shipper's load and count, ``/NH/`` a harmonised code, ``/NO/`` the country of origin,
``/ND/`` dimensions; after the first they carry their number (``/2/NH/610510``). A line
``/2/P5/K60`` opens rate line 2. Each rate line is a goods item; a further harmonised code in
the same rate line is a goods item of its own, with the same description and no quantities.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from cargotarget.ingest.iata.imp_fields import VOLUMES, Field, Marks, decimal, fields, weight_of
from cargotarget.ingest.iata.imp_lines import Line, Record
from cargotarget.ingest.iata.imp_reading import hs_code
from cargotarget.model.manifest import GoodsItem

_NUMBER = re.compile(r"\d{1,7}(?:[.,]\d{1,3})?")
SUB_CODES = frozenset({"NG", "NC", "ND", "NV", "NU", "NS", "NH", "NO"})


@dataclass
class RateLine:
    """One rate line as read, with the places of its fields."""

    line: Line
    pieces: int | None = None
    weight_kg: float | None = None
    volume_m3: float | None = None
    texts: list[str] = field(default_factory=list)
    consolidation: bool = False
    codes: list[tuple[str, Line, int]] = field(default_factory=list)
    ulds: list[tuple[str, Line, int]] = field(default_factory=list)
    origin: tuple[str, Line, int] | None = None
    slac: int | None = None
    marked: dict[str, tuple[Line, int]] = field(default_factory=dict)


def read_rates(record: Record, marks: Marks) -> list[RateLine]:
    """The rate lines of an RTD record."""
    rates: list[RateLine] = []
    for line in record.lines:
        found = fields(line)[1:]
        if not found:
            continue
        if line.text.lstrip().startswith("RTD") or (
            len(found) > 1 and found[0].text.isdigit() and found[1].text[:1] in ("P", "K", "L")
        ):
            rates.append(RateLine(line))
            _columns(rates[-1], found[1:], marks)
        elif not rates:
            marks.error("invalid.rate_line", "a rate line must come first", line)
        else:
            code = found[1] if found[0].text.isdigit() and len(found) > 1 else found[0]
            rest = found[found.index(code) + 1 :]
            _sub_line(rates[-1], code, rest, line, marks)
    return rates


def _columns(rate: RateLine, found: list[Field], marks: Marks) -> None:
    """Pieces (P) and gross weight (K kilograms, L pounds); the charge columns are not kept."""
    for item in found:
        letter, value = item.text[:1], item.text[1:]
        if letter == "P" and rate.pieces is None:
            if not (value.isdigit() and len(value) <= 6):
                text = f"pieces {item.text[:20]!r} is not a number"
                marks.error("invalid.number", text, rate.line, item.column)
                continue
            rate.pieces = int(value)
            rate.marked["package_count"] = (rate.line, item.column)
        elif letter in ("K", "L") and rate.weight_kg is None:
            weight = weight_of(item.text)
            if weight is None:
                text = f"weight {item.text[:20]!r} is not a number"
                marks.error("invalid.number", text, rate.line, item.column)
                continue
            rate.weight_kg = weight
            rate.marked["gross_weight_kg"] = (rate.line, item.column)


def _sub_line(rate: RateLine, code: Field, rest: list[Field], line: Line, marks: Marks) -> None:
    value = "/".join(f.text for f in rest).strip()
    column = rest[0].column if rest else code.column
    if code.text not in SUB_CODES:
        marks.warning("unread.line", f"rate line entry {code.text[:10]!r} is not read", line)
    elif code.text in ("NG", "NC"):
        if value:
            rate.marked.setdefault("description", (line, column))
            rate.texts.append(value)
        rate.consolidation = rate.consolidation or code.text == "NC"
    elif code.text == "NH" and value:
        rate.codes.append((hs_code(value), line, column))
    elif code.text == "NU" and value:
        rate.ulds.append(("".join(value.split()).upper(), line, column))
    elif code.text == "NO" and value:
        rate.origin = (value.upper(), line, column)
    elif code.text == "NV":
        _volume(rate, value, line, column, marks)
    elif code.text == "NS" and value.isdigit() and len(value) <= 6:
        rate.slac = int(value)


def _volume(rate: RateLine, value: str, line: Line, column: int, marks: Marks) -> None:
    unit, amount = value[:2], value[2:]
    try:
        rate.volume_m3 = decimal(amount) * VOLUMES[unit]
    except (KeyError, ValueError):
        marks.error(
            "invalid.volume", f"volume {value[:20]!r} is not MC, CF, CI or CC", line, column
        )


def goods_items(rates: list[RateLine], marks: Marks) -> list[GoodsItem]:
    """One goods item per rate line, and one per further harmonised code in it."""
    items: list[GoodsItem] = []
    for rate in rates:
        path = f"goods[{len(items)}]"
        for name, (line, column) in rate.marked.items():
            marks.mark(f"{path}.{name}", line, column)
        codes = rate.codes or [("", rate.line, 1)]
        ulds = tuple(dict.fromkeys(number for number, _, _ in rate.ulds))
        for n, (code, line, column) in enumerate(codes):
            if code:
                marks.mark(f"goods[{len(items)}].hs_code", line, column)
            if n:
                marks.mark(f"goods[{len(items)}].description", line, column)
            items.append(
                GoodsItem(
                    sequence=len(items) + 1,
                    description=" ".join(rate.texts),
                    hs_code=code or None,
                    package_count=None if n else (rate.slac or rate.pieces),
                    gross_weight_kg=None if n else rate.weight_kg,
                    volume_m3=None if n else rate.volume_m3,
                    container_numbers=() if n else ulds,
                )
            )
    return items
