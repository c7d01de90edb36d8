"""A party loop of an X12 transaction set: N1 (role, name, identifier), N2, N3, N4.

Used by the 309 (under each LX) and the 310 (in its heading). A role the canonical model has no
name for is reported as a warning and its party is not kept.
"""

from __future__ import annotations

from cargotarget.ingest.edifact.values import normal_code
from cargotarget.ingest.x12.codes import ID_SCHEMES, PARTY_ROLES
from cargotarget.ingest.x12.lexer import Segment
from cargotarget.ingest.x12.tracker import Tracker
from cargotarget.model.manifest import Address, Identifier, Party


class PartyBuilder:
    """Reads one N1 loop; :meth:`finish` gives the party, or None for a role not kept."""

    def __init__(self, n1: Segment, number: int, tracker: Tracker) -> None:
        self._tracker = tracker
        self._path = f"parties[{number}]"
        code = n1.value(1)
        self.role = PARTY_ROLES.get(code)
        if self.role is None:
            text = (
                f"N1 party role {code!r} is not kept (SH, CN, N1, N2, FW, CA, BY, SE, MF, AG are)"
            )
            tracker.warning("unread.party", text, n1.index, "N1")
        tracker.mark(self._path, n1.index, "N1")
        tracker.mark(f"{self._path}.name", n1.index, "N1")
        self._name = n1.value(2)
        self._identifiers: list[Identifier] = []
        scheme = ID_SCHEMES.get(n1.value(3))
        if n1.value(4):
            if scheme is None:
                text = f"N1 identification qualifier {n1.value(3)!r} is not known; kept as its code"
                tracker.warning("unknown.id_qualifier", text, n1.index, "N1")
            self._identifiers.append(Identifier(scheme=scheme or n1.value(3), value=n1.value(4)))
        self._lines: list[str] = []
        self._place: dict[str, str] = {}

    def add(self, segment: Segment) -> None:
        """N2 (more name), N3 (address lines) or N4 (city, subdivision, postcode, country)."""
        if segment.tag == "N2":
            self._name = " ".join(p for p in (self._name, segment.value(1), segment.value(2)) if p)
        elif segment.tag == "N3":
            self._lines += [line for line in (segment.value(1), segment.value(2)) if line]
        else:
            for element, name in ((1, "city"), (2, "subdivision"), (3, "postcode")):
                if segment.value(element):
                    self._place[name] = segment.value(element)
            if segment.value(4):
                self._place["country"] = normal_code(segment.value(4))
                path = f"{self._path}.address.country"
                self._tracker.mark(path, segment.index, "N4")

    def finish(self) -> Party | None:
        if self.role is None:
            return None
        return Party(
            role=self.role,
            name=self._name,
            address=Address(lines=tuple(self._lines), **self._place),
            identifiers=tuple(self._identifiers),
        )
