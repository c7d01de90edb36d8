"""Parties of a consignment: a NAD segment and the RFF, CTA and COM segments that follow it.

NAD: 3035 role, C082 first identifier (3039 value, 1131 scheme), C058 unstructured name and
address (read when C080 is empty), C080 name, C059 street lines, 3164 city, C819/3229
subdivision, 3251 postcode, 3207 country. RFF after the NAD: further identifiers, the qualifier
being the scheme. CTA name and COM numbers: the contact.
"""

from __future__ import annotations

from cargotarget.ingest.edifact.lexer import Segment
from cargotarget.ingest.edifact.positions import Tracker
from cargotarget.ingest.edifact.qualifiers import BILL_KINDS, PARTY_ROLES
from cargotarget.ingest.edifact.values import NAME_WIDTH, join_text, normal_code
from cargotarget.model.manifest import Address, Identifier, Party


class PartyBuilder:
    """One party, filled from its NAD and then from each segment of its group."""

    def __init__(self, nad: Segment, n: int, index: int, tracker: Tracker) -> None:
        role_code = nad.value(0)
        self._role = PARTY_ROLES.get(role_code)
        if self._role is None:
            tracker.not_read(n, "NAD", f"party function {role_code!r}")
        else:
            tracker.mark(f"parties[{index}]", n, "NAD")
        self._identifiers: list[Identifier] = []
        self._contacts: list[str] = []
        identifier = nad.value(1)
        if identifier:
            scheme = nad.value(1, 1) or nad.value(1, 2)
            self._identifiers.append(Identifier(scheme=scheme, value=identifier))
        self._read_name_and_address(nad)

    def _read_name_and_address(self, nad: Segment) -> None:
        elements = nad.elements
        unstructured = [line for line in (elements[2] if len(elements) > 2 else []) if line]
        named = elements[3][:5] if len(elements) > 3 else []
        self._name = join_text(named, NAME_WIDTH)
        if not self._name and unstructured:
            self._name = unstructured.pop(0)
        street = [line for line in (elements[4] if len(elements) > 4 else []) if line]
        country = normal_code(nad.value(8))
        self._address = Address(
            lines=(*street, *unstructured),
            city=nad.value(5) or None,
            subdivision=nad.value(6) or nad.value(6, 3) or None,
            postcode=nad.value(7) or None,
            country=country or None,
        )

    def add(self, segment: Segment, n: int) -> bool:
        """Take a segment of the party's group; False when it belongs to the consignment."""
        tag = segment.tag
        if tag == "RFF":
            scheme = segment.value(0)
            if scheme in BILL_KINDS:
                return False
            self._identifiers.append(Identifier(scheme=scheme, value=segment.value(0, 1)))
        elif tag == "CTA":
            name = segment.value(1, 1) or segment.value(1)
            if name:
                self._contacts.append(name)
        elif tag == "COM":
            if segment.value(0):
                self._contacts.append(segment.value(0))
        else:
            return False
        return True

    @property
    def known(self) -> bool:
        """Whether the NAD names a role the model has; other parties are reported, not kept."""
        return self._role is not None

    def finish(self) -> Party | None:
        """The party, or None when its role is not one the model knows (already reported)."""
        if self._role is None:
            return None
        return Party(
            role=self._role,
            name=self._name,
            address=self._address,
            identifiers=tuple(self._identifiers),
            contact="; ".join(self._contacts) or None,
        )
