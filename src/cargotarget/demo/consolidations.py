"""Groupage: a forwarder or NVOCC fills a container with several customers' goods, the carrier
issues one master bill to the forwarder, and the forwarder issues a house bill to each customer.

The master bill names the origin forwarder as shipper and its agent at destination as consignee;
its goods items repeat the house bills' goods. Each house bill names the real trading parties and
the forwarder, and points at its master.
"""

from __future__ import annotations

import random

import msgspec

from cargotarget.demo.consignments import ConsignmentBuilder, VoyageContext
from cargotarget.demo.draws import between, pick
from cargotarget.demo.equipment import SIZE_TYPES
from cargotarget.demo.lanes import Lane
from cargotarget.demo.parties import PartyRecord
from cargotarget.model.manifest import (
    Consignment,
    DangerousGoods,
    DocumentKind,
    Equipment,
    FreightPayment,
    GoodsItem,
    PartyRole,
)

_HOUSE_PAYMENTS = (FreightPayment.PREPAID, FreightPayment.COLLECT)


def consolidation(
    builder: ConsignmentBuilder, ctx: VoyageContext, houses: int
) -> list[Consignment]:
    """A master bill followed by ``houses`` house bills, all loaded at one origin."""
    rng = builder.rng
    lane = ctx.lanes.subset("dry", _dry).pick(rng)
    origin = lane.route.origin_country or ""
    same_origin = ctx.lanes.subset(
        f"dry from {origin}", lambda other: _dry(other) and other.route.origin_country == origin
    )
    dest = ctx.sailing.destination_country
    population = builder.population
    forwarder = population.pool("forwarder", origin, "forwarder").draw(rng)
    agent = population.pool("forwarder", dest, "forwarder").draw(rng)
    size = SIZE_TYPES[rng.choice(("42G1", "45G1", "22G1"))]
    boxes = tuple(ctx.equipment.full(rng, size) for _ in range(1 if rng.random() < 0.8 else 2))
    budget = size.payload_kg / houses  # per house, so that even one box holds them all
    master_bill = builder.bills.carrier_bill(
        rng, ctx.sailing.carrier, lane.route.port_of_loading or ""
    )
    house_bills = []
    for _ in range(houses):
        house_lane = same_origin.pick(rng)
        box = pick(rng, boxes)
        item = _house_item(rng, house_lane, budget, box.number)
        house_bills.append(_house(builder, ctx, house_lane, forwarder, item, box, master_bill))
    master = Consignment(
        bill_number=master_bill,
        kind=DocumentKind.MASTER,
        freight_payment=FreightPayment.PREPAID,
        parties=(
            forwarder.as_party(PartyRole.SHIPPER, rng),
            agent.as_party(PartyRole.CONSIGNEE, rng),
            agent.as_party(PartyRole.NOTIFY, rng),
        ),
        route=lane.route,
        goods=tuple(
            msgspec.structs.replace(h.goods[0], sequence=i)
            for i, h in enumerate(house_bills, start=1)
        ),
        equipment=boxes,
    )
    return [master, *house_bills]


def _dry(lane: Lane) -> bool:
    """Goods that travel in dry boxes (no reefer, tank or flat rack): groupage does not mix
    temperatures or special equipment."""
    return any(code[2] == "G" for code in lane.commodity.size_types)


def _house_item(rng: random.Random, lane: Lane, budget_kg: float, box: str) -> GoodsItem:
    commodity = lane.commodity
    lo, hi = commodity.kg_per_package
    unit = rng.uniform(lo, hi)
    packages = max(1, min(between(rng, 2, 120), int(budget_kg * rng.uniform(0.3, 0.9) // unit)))
    return GoodsItem(
        sequence=1,
        description=pick(rng, commodity.descriptions),
        hs_code=commodity.hs_code,
        package_count=packages,
        package_kind=commodity.package_kind,
        gross_weight_kg=round(packages * unit, 1),
        volume_m3=round(packages * commodity.m3_per_package, 2),
        marks=(f"C/NO. 1-{packages}",),
        dangerous_goods=(
            (DangerousGoods(un_number=commodity.dangerous[0], hazard_class=commodity.dangerous[1]),)
            if commodity.dangerous
            else ()
        ),
        container_numbers=(box,),
    )


def _house(
    builder: ConsignmentBuilder,
    ctx: VoyageContext,
    lane: Lane,
    forwarder: PartyRecord,
    item: GoodsItem,
    box: Equipment,
    master_bill: str,
) -> Consignment:
    rng = builder.rng
    commodity = lane.commodity
    dest = ctx.sailing.destination_country
    shipper = builder.population.pool("shipper", lane.route.origin_country or "", commodity.group)
    consignee = builder.population.pool("consignee", dest, commodity.group).draw(rng)
    return Consignment(
        bill_number=builder.bills.house_bill(forwarder.house_prefix),
        kind=DocumentKind.HOUSE,
        master_bill_number=master_bill,
        freight_payment=pick(rng, _HOUSE_PAYMENTS),
        parties=(
            shipper.draw(rng).as_party(PartyRole.SHIPPER, rng),
            consignee.as_party(PartyRole.CONSIGNEE, rng),
            consignee.as_party(PartyRole.NOTIFY, rng),
            forwarder.as_party(PartyRole.FORWARDER, rng),
        ),
        route=lane.route,
        goods=(item,),
        equipment=(box,),
    )
