"""Goods items: a GID segment and the segments of its group.

GID 1496 item number, C213 number (7224) and kind (7065) of packages; FTX AAA description;
PIA with a C212 of item type HS the HS code; MEA gross weight (AAB or G) and gross volume (AAW);
PCI marks (C210); DGS UN number (C234) and class (C205); SGP the containers the goods are in.
"""

from __future__ import annotations

from cargotarget.ingest.edifact.lexer import Segment
from cargotarget.ingest.edifact.positions import Tracker
from cargotarget.ingest.edifact.qualifiers import (
    DESCRIPTION,
    GROSS_VOLUME,
    GROSS_WEIGHT,
    HS,
    VOLUME_UNITS,
    WEIGHT_UNITS,
)
from cargotarget.ingest.edifact.values import (
    TEXT_WIDTH,
    join_text,
    normal_code,
    parse_integer,
    parse_number,
)
from cargotarget.model.codes import HsCode
from cargotarget.model.manifest import DangerousGoods, GoodsItem

#: Segments a GID group may hold in D.95B to D.11A; those not read here are reported.
MEMBERS = frozenset(
    {"FTX", "PIA", "MEA", "PCI", "SGP", "DGS", "HAN", "TMP", "RNG", "TMD", "LOC", "MOA"}
    | {"GDS", "DIM", "RFF", "DTM", "DOC", "GIN", "QTY", "CST", "TCC", "PAC", "ATT", "IMD"}
)


class GoodsBuilder:
    """One goods item, filled from its GID and then from each segment of its group."""

    def __init__(self, gid: Segment, n: int, index: int, tracker: Tracker) -> None:
        self._tracker = tracker
        self._path = path = f"goods[{index}]"
        tracker.mark(path, n, "GID")
        sequence = self._integer(gid.value(0), n, "GID", "goods item number")
        self._sequence = index + 1 if sequence is None else sequence
        self._package_count = self._integer(gid.value(1), n, "GID", "number of packages")
        self._package_kind = gid.value(1, 1) or None
        self._description: list[str] = []
        self._hs_code: str | None = None
        self._weight: float | None = None
        self._volume: float | None = None
        self._marks: list[str] = []
        self._dangerous: list[DangerousGoods] = []
        self._containers: list[str] = []

    def add(self, segment: Segment, n: int) -> bool:
        """Take a segment of the goods item's group; False when it belongs to the consignment."""
        tag = segment.tag
        if tag not in MEMBERS:
            return False
        if tag == "FTX" and segment.value(0) == DESCRIPTION:
            self._description.append(join_text(segment.value_list(3), TEXT_WIDTH))
            self._tracker.mark(f"{self._path}.description", n, tag)
        elif tag == "PIA":
            self._product(segment, n)
        elif tag == "MEA":
            self._measure(segment, n)
        elif tag == "PCI":
            self._marks.extend(mark for mark in segment.value_list(1) if mark)
        elif tag == "SGP":
            self._tracker.mark(f"{self._path}.container_numbers[{len(self._containers)}]", n, tag)
            self._containers.append(normal_code(segment.value(0)))
        elif tag == "DGS":
            self._dangerous_goods(segment, n)
        else:
            self._tracker.not_read(n, tag, "in a goods item")
        return True

    def _product(self, segment: Segment, n: int) -> None:
        """PIA: the first C212 whose item type is HS gives the HS code."""
        for composite in segment.elements[1:]:
            if len(composite) > 1 and composite[1] == HS and composite[0]:
                self._hs_code = HsCode.normalise(composite[0])
                self._tracker.mark(f"{self._path}.hs_code", n, "PIA")
                return
        self._tracker.not_read(n, "PIA", "product identification other than an HS code")

    def _measure(self, segment: Segment, n: int) -> None:
        """MEA: gross weight or volume, converted to kilograms and cubic metres."""
        prop, unit, text = segment.value(1), segment.value(2), segment.value(2, 1)
        if prop in GROSS_WEIGHT:
            units, field, what = WEIGHT_UNITS, "gross_weight_kg", "gross weight"
        elif prop in GROSS_VOLUME:
            units, field, what = VOLUME_UNITS, "volume_m3", "gross volume"
        else:
            self._tracker.not_read(n, "MEA", f"measurement {segment.value(0)}/{prop}")
            return
        self._tracker.mark(f"{self._path}.{field}", n, "MEA")
        if unit not in units:
            units_known = ", ".join(units)
            self._tracker.error(
                "invalid.unit", f"{what} unit {unit!r} is not one of {units_known}", n, "MEA"
            )
            return
        try:
            value = parse_number(text) * units[unit]
        except ValueError as exc:
            self._tracker.error("invalid.number", f"{what}: {exc}", n, "MEA")
            return
        if field == "gross_weight_kg":
            self._weight = value
        else:
            self._volume = value

    def _dangerous_goods(self, segment: Segment, n: int) -> None:
        un_number = segment.value(2)
        if not un_number:
            self._tracker.error("missing.un_number", "DGS has no UN number (C234)", n, "DGS")
            return
        hazard_class = segment.value(1) or None
        self._dangerous.append(DangerousGoods(un_number=un_number, hazard_class=hazard_class))

    def _integer(self, text: str, n: int, tag: str, what: str) -> int | None:
        if not text:
            return None
        try:
            return parse_integer(text)
        except ValueError as exc:
            self._tracker.error("invalid.number", f"{what}: {exc}", n, tag)
            return None

    def finish(self) -> GoodsItem:
        return GoodsItem(
            sequence=self._sequence,
            description=" ".join(self._description),
            hs_code=self._hs_code,
            package_count=self._package_count,
            package_kind=self._package_kind,
            gross_weight_kg=self._weight,
            volume_m3=self._volume,
            marks=tuple(self._marks),
            dangerous_goods=tuple(self._dangerous),
            container_numbers=tuple(self._containers),
        )
