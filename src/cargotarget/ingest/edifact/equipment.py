"""Equipment: an EQD segment and its group, chiefly the SEL seals.

EQD 8053 kind (CN container, UL unit load device, TE trailer, anything else "other"), C237 8260
number, C224 8155 size and type, 8169 full (5, or 6 to 8 by kind of load) or empty (4).
"""

from __future__ import annotations

from cargotarget.ingest.edifact.lexer import Segment
from cargotarget.ingest.edifact.positions import Tracker
from cargotarget.ingest.edifact.qualifiers import EMPTY, EQUIPMENT_KINDS, FULL_CODES
from cargotarget.ingest.edifact.values import normal_code
from cargotarget.model.manifest import Equipment, EquipmentKind

#: Segments an EQD group may hold in D.95B to D.11A; those not read here are reported.
MEMBERS = frozenset(
    {"SEL", "MEA", "TSR", "TMD", "DIM", "TMP", "HAN", "FTX", "RFF", "EQA", "TPL", "DTM"}
    | {"LOC", "RNG", "EQN", "GIS"}
)


class EquipmentBuilder:
    """One piece of equipment, filled from its EQD and then its SEL segments."""

    def __init__(self, eqd: Segment, n: int, path: str, tracker: Tracker) -> None:
        self._tracker = tracker
        tracker.mark(path, n, "EQD")
        self._kind = EQUIPMENT_KINDS.get(eqd.value(0), EquipmentKind.OTHER)
        self.number = normal_code(eqd.value(1))
        if not self.number:
            tracker.error("missing.equipment_number", "EQD has no equipment number", n, "EQD")
        self._size_type = eqd.value(2) or None
        status = eqd.value(5)
        self._full = status != EMPTY
        if status and status != EMPTY and status not in FULL_CODES:
            tracker.not_read(n, "EQD", f"full/empty indicator {status!r}, read as full")
        self._seals: list[str] = []

    def add(self, segment: Segment, n: int) -> bool:
        """Take a segment of the equipment's group; False when it belongs elsewhere."""
        tag = segment.tag
        if tag not in MEMBERS:
            return False
        if tag == "SEL" and segment.value(0):
            self._seals.append(segment.value(0))
        else:
            self._tracker.not_read(n, tag, "in an equipment group")
        return True

    def finish(self) -> Equipment:
        return Equipment(
            number=self.number,
            kind=self._kind,
            size_type=self._size_type,
            full=self._full,
            seals=tuple(self._seals),
        )
