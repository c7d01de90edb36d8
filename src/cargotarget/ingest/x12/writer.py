"""Writing manifests as one X12 004010 interchange of 309 customs manifests.

One functional group (GS ``SO``) per manifest, holding one 309; its GS date and time are the
manifest's filing time. The separators are ``*`` (element), ``>`` (sub-element) and ``~``
(segment, followed by a line break). X12 004010 has no release character, so text holding a
separator cannot be written: the writer refuses it with ``ValueError`` rather than change it.
What :func:`write_309` writes, :func:`~cargotarget.ingest.x12.reader.read_x12` reads back as the
same manifests, for the fields a 309 carries (docs/formats/x12.md lists them).
"""

from __future__ import annotations

import io
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from typing import BinaryIO

from cargotarget.ingest.x12.codes import (
    AMENDMENTS,
    BILL_KINDS,
    EQUIPMENT_KINDS,
    ID_SCHEMES,
    MODES,
    NOT_CONTAINERISED,
    PARTY_ROLES,
    first_code,
)
from cargotarget.ingest.x12.values import format_date_time, format_number
from cargotarget.model.manifest import (
    Consignment,
    Equipment,
    EquipmentKind,
    GoodsItem,
    Manifest,
    MessageFunction,
    Party,
)

ELEMENT, COMPONENT, TERMINATOR = "*", ">", "~"
_SEPARATORS = frozenset(ELEMENT + COMPONENT + TERMINATOR)
_SCHEME_CODES = {scheme: code for code, scheme in ID_SCHEMES.items()}


def write_309(
    manifests: Iterable[Manifest],
    *,
    sender: str,
    recipient: str,
    control_number: int,
    prepared_at: datetime,
) -> bytes:
    """One interchange holding a 309 per manifest, as bytes. Raises ``ValueError`` for text
    holding a separator, or a manifest a 309 cannot carry (no port of discharge)."""
    buffer = io.BytesIO()
    write_309_to(
        buffer,
        manifests,
        sender=sender,
        recipient=recipient,
        control_number=control_number,
        prepared_at=prepared_at,
    )
    return buffer.getvalue()


def write_309_to(
    stream: BinaryIO,
    manifests: Iterable[Manifest],
    *,
    sender: str,
    recipient: str,
    control_number: int,
    prepared_at: datetime,
) -> int:
    """Write the interchange to ``stream`` a manifest at a time; return the number written."""
    if len(sender) > 15 or len(recipient) > 15 or not 0 <= control_number < 10**9:
        raise ValueError("ISA sender and recipient take 15 characters, the control number 9 digits")
    _check(sender + recipient, "sender or recipient")
    when = prepared_at.astimezone(UTC) if prepared_at.tzinfo else prepared_at
    control = f"{control_number:09d}"
    isa = (
        f"ISA*00*{'':10}*00*{'':10}*ZZ*{sender:<15}*ZZ*{recipient:<15}*"
        f"{when:%y%m%d}*{when:%H%M}*U*00401*{control}*0*P*{COMPONENT}"
    )
    stream.write(_lines([isa]))
    count = 0
    for count, manifest in enumerate(manifests, 1):
        filed = manifest.filed_at or prepared_at
        date, time = format_date_time(filed)
        texts = [_segment("GS", "SO", sender, recipient, date, time, str(count), "X", "004010")]
        body = list(_transaction(manifest, count))
        texts += [*body, _segment("SE", str(len(body) + 1), f"{count:04d}")]
        texts.append(_segment("GE", "1", str(count)))
        stream.write(_lines(texts))
    stream.write(_lines([_segment("IEA", str(count), control)]))
    return count


def _lines(texts: list[str]) -> bytes:
    return "".join(text + TERMINATOR + "\n" for text in texts).encode("utf-8")


def _check(value: str, what: str) -> str:
    if _SEPARATORS.intersection(value):
        raise ValueError(
            f"{what} {value!r} holds an X12 separator ({ELEMENT} {COMPONENT} {TERMINATOR}), "
            "which X12 004010 cannot carry"
        )
    return value


def _segment(tag: str, *values: str) -> str:
    elements = [_check(value, f"{tag} value") for value in values]
    while elements and not elements[-1]:
        elements.pop()
    return ELEMENT.join((tag, *elements))


def _transaction(manifest: Manifest, number: int) -> Iterator[str]:
    """ST, M10, then a P4 loop per port of discharge with the LX loops of its bills."""
    voyage = manifest.voyage
    if voyage.arrival_port is None:
        raise ValueError(f"manifest {manifest.reference!r}: a 309 needs the port of discharge")
    yield _segment("ST", "309", f"{number:04d}")
    mode = first_code(MODES, voyage.mode)
    yield _segment(
        "M10", voyage.carrier_code or "", mode, voyage.flag or "", voyage.imo_number or "",
        voyage.vessel_name or "", voyage.voyage_number, manifest.reference,
        str(len(manifest.consignments)), "", "L" if voyage.imo_number else "",
    )  # fmt: skip
    ports: dict[str, list[Consignment]] = {voyage.arrival_port: []}
    for consignment in manifest.consignments:
        port = consignment.route.port_of_discharge or voyage.arrival_port
        ports.setdefault(port, []).append(consignment)
    date, time = format_date_time(voyage.arrival_at) if voyage.arrival_at else ("", "")
    line = 0
    for port, bills in ports.items():
        yield _segment("P4", port, date, str(len(bills)), "", time)
        for consignment in bills:
            line += 1
            yield from _bill(manifest, consignment, line)


def _bill(manifest: Manifest, bill: Consignment, line: int) -> Iterator[str]:
    yield _segment("LX", str(line))
    if manifest.function is not MessageFunction.ORIGINAL:
        code = first_code(AMENDMENTS, manifest.function)
        port = bill.route.port_of_discharge or manifest.voyage.arrival_port or ""
        yield _segment("M13", manifest.voyage.carrier_code or "", port, code, bill.bill_number)
    route = bill.route
    packages = sum(item.package_count or 0 for item in bill.goods)
    weight = sum(item.gross_weight_kg or 0.0 for item in bill.goods)
    yield _segment(
        "M11", bill.bill_number, route.port_of_loading or "", str(packages), "PCS",
        format_number(weight), "K", "", "", first_code(BILL_KINDS, bill.kind),
        route.place_of_receipt or "", bill.master_bill_number or "", route.place_of_delivery or "",
    )  # fmt: skip
    for party in bill.parties:
        yield from _party(party)
    placed = {n for item in bill.goods for n in item.container_numbers}
    equipment = list(bill.equipment)
    known = {eq.number for eq in equipment}
    equipment += [Equipment(number=n) for n in sorted(placed - known)]
    for eq in equipment:
        yield from _vehicle(eq)
        for item in bill.goods:
            if eq.number in item.container_numbers:
                yield from _goods(item)
    loose = [item for item in bill.goods if not item.container_numbers]
    if loose:
        yield _segment("VID", NOT_CONTAINERISED, "", NOT_CONTAINERISED)
        for item in loose:
            yield from _goods(item)


def _party(party: Party) -> Iterator[str]:
    role = first_code(PARTY_ROLES, party.role)
    identifier = party.identifiers[0] if party.identifiers else None
    qualifier = _SCHEME_CODES.get(identifier.scheme, "") if identifier else ""
    value = identifier.value if identifier and qualifier else ""
    yield _segment("N1", role, party.name, qualifier, value)
    lines = party.address.lines
    for i in range(0, len(lines), 2):
        yield _segment("N3", *lines[i : i + 2])
    address = party.address
    place = (address.city, address.subdivision, address.postcode, address.country)
    if any(place):
        yield _segment("N4", *(value or "" for value in place))


def _vehicle(eq: Equipment) -> Iterator[str]:
    """VID with the first two seals; an M7 for every four more."""
    kind = eq.kind if eq.kind in EQUIPMENT_KINDS.values() else EquipmentKind.OTHER
    code = first_code(EQUIPMENT_KINDS, kind)
    number = eq.number
    split = number[:4].isalpha() and len(number) > 4
    initial, serial = (number[:4], number[4:]) if split else ("", number)
    seals = list(eq.seals[:2]) + [""] * (2 - len(eq.seals[:2]))
    yield _segment(
        "VID", code, initial, serial, *seals, "", "", "", eq.size_type or "", "" if eq.full else "E"
    )
    for i in range(2, len(eq.seals), 4):
        yield _segment("M7", *eq.seals[i : i + 4])


def _goods(item: GoodsItem) -> Iterator[str]:
    count = "" if item.package_count is None else str(item.package_count)
    weight = "" if item.gross_weight_kg is None else format_number(item.gross_weight_kg)
    yield _segment(
        "N10", count, item.description, " ".join(item.marks), "H" if item.hs_code else "",
        item.hs_code or "", "", "K" if weight else "", weight, str(item.sequence),
        item.package_kind or "",
    )  # fmt: skip
    for hazard in item.dangerous_goods:
        yield _segment("H1", hazard.un_number, hazard.hazard_class or "")
