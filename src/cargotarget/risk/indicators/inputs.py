"""What the indicators read beyond the rule fields: the input columns of an indicator frame.

The rule frame (:func:`cargotarget.risk.frame.build_frame`) holds what rules test. Indicators
need a little more of each bill: its number and exact filing time (to find its own earlier
versions and keep later history out), street addresses, trader identifiers, the full route and
every container with its seals. These input columns sit beside the rule columns in an
*indicator frame*; :func:`cargotarget.risk.frame.conform` drops them again afterwards.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

import polars as pl

from cargotarget.model.manifest import Address, Consignment, EquipmentKind, Party, PartyRole
from cargotarget.risk.fields import Catalogue
from cargotarget.risk.frame import Filing, build_frame

TIME = pl.Datetime("us", "UTC")

CONTAINER = pl.Struct(
    {
        "number": pl.String(),
        "size_type": pl.String(),
        "full": pl.Boolean(),
        "seals": pl.List(pl.String()),
    }
)
"""One container of a bill: ISO 6346 number, size/type code, full or empty, seal numbers."""

INPUT_SCHEMA = pl.Schema(
    {
        "bill_number": pl.String(),
        "filed_at": TIME,
        "departure_at": TIME,
        "shipper_street": pl.String(),
        "consignee_street": pl.String(),
        "consignee_city": pl.String(),
        "buyer_name": pl.String(),
        "seller_name": pl.String(),
        "trader_identifiers": pl.List(pl.String()),
        "transshipment_ports": pl.List(pl.String()),
        "countries_of_routing": pl.List(pl.String()),
        "containers": pl.List(CONTAINER),
    }
)
"""The input columns: ``bill_number`` (the same on every version of a bill), ``filed_at`` (when
this version was filed), ``departure_at`` (scheduled departure of the conveyance), street
address lines of shipper and consignee joined by ", ", the consignee's city, buyer and seller
names, ``trader_identifiers`` of shipper and consignee as "SCHEME:VALUE", the transshipment
ports and countries of routing in order, and ``containers`` (kind container only)."""


def _utc(moment: datetime | None) -> datetime | None:
    if moment is None:
        return None
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def _street(address: Address | None) -> str | None:
    lines = [line.strip() for line in address.lines if line.strip()] if address else []
    return ", ".join(lines) if lines else None


def _identifiers(*parties: Party | None) -> list[str]:
    return [
        f"{i.scheme.upper()}:{i.value.upper()}"
        for party in parties
        if party is not None
        for i in party.identifiers
    ]


def _name(consignment: Consignment, role: PartyRole) -> str | None:
    party = consignment.party(role)
    return party.name if party is not None else None


def _containers(consignment: Consignment) -> list[dict[str, object]]:
    return [
        {"number": e.number, "size_type": e.size_type, "full": e.full, "seals": list(e.seals)}
        for e in consignment.equipment
        if e.kind is EquipmentKind.CONTAINER
    ]


def _inputs(filing: Filing) -> dict[str, object]:
    consignment = filing.consignment
    shipper = consignment.party(PartyRole.SHIPPER)
    consignee = consignment.party(PartyRole.CONSIGNEE)
    return {
        "bill_number": consignment.bill_number,
        "filed_at": _utc(filing.filed_at),
        "departure_at": _utc(filing.voyage.departure_at),
        "shipper_street": _street(shipper.address if shipper else None),
        "consignee_street": _street(consignee.address if consignee else None),
        "consignee_city": consignee.address.city if consignee else None,
        "buyer_name": _name(consignment, PartyRole.BUYER),
        "seller_name": _name(consignment, PartyRole.SELLER),
        "trader_identifiers": _identifiers(shipper, consignee),
        "transshipment_ports": list(consignment.route.transshipment_ports),
        "countries_of_routing": list(consignment.route.countries_of_routing),
        "containers": _containers(consignment),
    }


def indicator_inputs(items: Sequence[Filing]) -> pl.DataFrame:
    """The input columns of ``items``, one row each in order (see :data:`INPUT_SCHEMA`)."""
    rows = [_inputs(filing) for filing in items]
    return pl.DataFrame(rows, schema=INPUT_SCHEMA)


def indicator_frame(items: Sequence[Filing], catalogue: Catalogue | None = None) -> pl.DataFrame:
    """The rule frame of ``items`` with the input columns beside it: what
    :func:`~cargotarget.risk.indicators.registry.compute_indicators` reads."""
    return build_frame(items, catalogue).hstack(indicator_inputs(items))


def missing_inputs(frame: pl.DataFrame) -> list[str]:
    """The input columns ``frame`` lacks."""
    return [name for name in INPUT_SCHEMA if name not in frame.columns]
