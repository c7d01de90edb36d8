"""Any canonical manifest as air cargo, holding only what a Cargo-XML waybill carries.

Benchmarks and round trips are built from the demo's sea manifests: each becomes a flight of the
same carrier, its ports the airports of the airport table (a port without one gets an airport
chosen by its code, so that the same port is always the same airport), bill numbers air waybill
numbers (derived from the bill number, so the same bill keeps its number across amendments;
house bills keep theirs and point at their master's), containers ULDs. What a waybill does not
carry is left out: parties in other roles, identifiers beyond one of each kind, package kinds,
marks, dangerous goods, places of receipt and delivery, transshipment, origin country, split.
Reading the written documents back gives exactly the converted consignments.
"""

from __future__ import annotations

import hashlib

from cargotarget.ingest.iata.awb import airport_code, airport_locode, airports, flight_reference
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    Equipment,
    EquipmentKind,
    FreightPayment,
    GoodsItem,
    Identifier,
    Manifest,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)

#: The roles a Cargo-XML waybill has elements for, in the order the reader lists them.
ROLES = (PartyRole.SHIPPER, PartyRole.CONSIGNEE, PartyRole.FORWARDER, PartyRole.NOTIFY)
_CARRIED_SCHEMES = ("ACCOUNT", "IATA")


def air_waybill_number(bill: str) -> str:
    """A valid air waybill number that always stands for the bill number ``bill``."""
    value = int.from_bytes(hashlib.blake2b(bill.encode(), digest_size=8).digest(), "big")
    prefix, serial = divmod(value % 10**10, 10**7)
    return f"{prefix:03d}-{serial:07d}{serial % 7}"


def as_air_manifest(manifest: Manifest) -> Manifest:
    """``manifest`` as a flight's air waybills, with only what Cargo-XML carries."""
    voyage = manifest.voyage
    carrier = (voyage.carrier_code or "ZZ")[:2].upper()
    digits = "".join(ch for ch in voyage.voyage_number if ch.isdigit())[-4:] or "1"
    when = voyage.departure_at
    flight = Voyage(
        mode=TransportMode.AIR,
        carrier_code=carrier,
        voyage_number=flight_reference(
            f"{carrier}{int(digits)}", when.date().isoformat() if when else None
        ),
        departure_port=_airport(voyage.departure_port),
        departure_at=when,
        arrival_port=_airport(voyage.arrival_port),
        arrival_at=voyage.arrival_at,
    )
    return Manifest(
        reference=manifest.reference,
        flow=manifest.flow,
        function=manifest.function,
        filed_at=manifest.filed_at,
        provider=manifest.provider,
        voyage=flight,
        consignments=tuple(_consignment(c) for c in manifest.consignments),
    )


def _airport(locode: str | None) -> str | None:
    """The port's airport: its own where the table has one, else one chosen by its code."""
    if locode is None or airport_code(locode) is not None:
        return locode
    codes = sorted(airports())
    chosen = codes[
        int(hashlib.blake2b(locode.encode(), digest_size=4).hexdigest(), 16) % len(codes)
    ]
    return airport_locode(chosen)


def _consignment(consignment: Consignment) -> Consignment:
    house = consignment.kind is DocumentKind.HOUSE
    bill = consignment.bill_number if house else air_waybill_number(consignment.bill_number)
    master = consignment.master_bill_number
    ulds = {
        c: _uld(c) for c in dict.fromkeys(n for g in consignment.goods for n in g.container_numbers)
    }
    payment = consignment.freight_payment
    return Consignment(
        bill_number=bill,
        kind=consignment.kind,
        master_bill_number=air_waybill_number(master) if house and master else None,
        freight_payment=payment
        if payment in (FreightPayment.PREPAID, FreightPayment.COLLECT)
        else None,
        parties=tuple(_party(p) for role in ROLES for p in consignment.parties if p.role is role),
        route=Route(
            port_of_loading=_airport(consignment.route.port_of_loading),
            port_of_discharge=_airport(consignment.route.port_of_discharge),
        ),
        goods=tuple(_goods(item, ulds) for item in consignment.goods),
        equipment=tuple(
            Equipment(number=number, kind=EquipmentKind.ULD, size_type=number[:3])
            for number in ulds.values()
        ),
        remarks=consignment.remarks,
    )


def _uld(container: str) -> str:
    """A ULD number standing for a container: an AKE with the container's serial."""
    serial = "".join(ch for ch in container if ch.isdigit())[:5].rjust(5, "0")
    return f"AKE{serial}XX"


def _party(party: Party) -> Party:
    """The party with the identifiers a waybill carries, in the order the reader gives them:
    one of another scheme, one account, one IATA agent code, every tax number."""
    ids = party.identifiers
    other = [i for i in ids if i.scheme not in (*_CARRIED_SCHEMES, "TIN")][:1]
    carried = [
        next(i for i in ids if i.scheme == s)
        for s in _CARRIED_SCHEMES
        if any(i.scheme == s for i in ids)
    ]
    taxes = [i for i in ids if i.scheme == "TIN"]
    return Party(
        role=party.role,
        name=party.name,
        address=party.address,
        identifiers=tuple(
            Identifier(scheme=i.scheme, value=i.value) for i in (*other, *carried, *taxes)
        ),
        contact=party.contact,
    )


def _goods(item: GoodsItem, ulds: dict[str, str]) -> GoodsItem:
    return GoodsItem(
        sequence=item.sequence,
        description=item.description,
        hs_code=item.hs_code,
        package_count=item.package_count,
        gross_weight_kg=item.gross_weight_kg,
        volume_m3=item.volume_m3,
        container_numbers=tuple(dict.fromkeys(ulds[n] for n in item.container_numbers)),
    )
