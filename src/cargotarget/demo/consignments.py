"""Bills of lading for one voyage: full-container bills, consolidations (a forwarder's master
bill with house bills under it) and empty containers going back into service.

A simple bill is first planned (lane, parties, payment, equipment) and then built; a planted risk
changes the plan before it is built, so the risky bill is made by the same code as the honest
ones and differs only where the pattern says.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from functools import cache
from typing import Literal

import msgspec

from cargotarget.demo.carriers import BillNumbers
from cargotarget.demo.commodities import (
    EMPTY_CONTAINER_DESCRIPTION,
    EMPTY_CONTAINER_HS,
    Commodity,
)
from cargotarget.demo.draws import between, pick
from cargotarget.demo.equipment import SIZE_TYPES, EquipmentPicker, SizeType
from cargotarget.demo.lanes import Lane, Lanes
from cargotarget.demo.parties import PartyRecord, Population
from cargotarget.demo.voyages import Sailing
from cargotarget.model import reference
from cargotarget.model.manifest import (
    Consignment,
    DangerousGoods,
    Equipment,
    FreightPayment,
    GoodsItem,
    Party,
    PartyRole,
    Route,
)

_UNMARKED_KINDS = frozenset(("TK", "NE", "BE"))

Filing = Literal["", "late", "last_minute", "seal_change"]
"""How a planned bill is filed: with its voyage's manifest (""), alone after the deadline, or
with its voyage and then replaced after the deadline or with new seals."""


@dataclass(slots=True)
class VoyageContext:
    """What the bills of one sailing share: the sailing, its lanes and its containers."""

    sailing: Sailing
    lanes: Lanes
    equipment: EquipmentPicker


@dataclass(slots=True)
class Plan:
    """The choices behind one simple bill, made before it is built so a pattern can alter them."""

    lane: Lane
    shipper: PartyRecord
    consignee: PartyRecord
    notify: PartyRecord
    payment: FreightPayment
    size: SizeType
    containers: int
    description: str
    hs_code: str | None
    package_kind: str
    declared_kg_per_package: float | None = None
    full: bool = True
    dangerous: bool = True
    filing: Filing = ""

    @property
    def commodity(self) -> Commodity:
        return self.lane.commodity

    @property
    def route(self) -> Route:
        return self.lane.route


def _payment(roll: float) -> FreightPayment:
    """Freight terms: mostly prepaid, about a quarter collect, cash now and then."""
    if roll < 0.72:
        return FreightPayment.PREPAID
    return FreightPayment.COLLECT if roll < 0.995 else FreightPayment.CASH


@cache
def _country_name(code: str) -> str:
    """The country's short name as marks print it: "KOREA", not "Korea (the Republic of)"."""
    return reference.countries().get(code, code).split(" (")[0].split(",")[0].upper()


class ConsignmentBuilder:
    """Plans and builds the bills of a voyage from the population of traders."""

    def __init__(self, rng: random.Random, population: Population) -> None:
        self.rng = rng
        self.population = population
        self.bills = BillNumbers(rng)

    def plan(self, ctx: VoyageContext, lane: Lane | None = None) -> Plan:
        """An honest full-container bill on ``lane`` (or on a lane drawn by its weight)."""
        rng = self.rng
        lane = lane or ctx.lanes.pick(rng)
        commodity = lane.commodity
        dest = ctx.sailing.destination_country
        consignee = self.population.pool("consignee", dest, commodity.group).draw(rng)
        notify = consignee
        if rng.random() < 0.35:
            notify = self.population.pool("broker", dest, "broker").draw(rng)
        shipper = self.population.pool("shipper", lane.route.origin_country or "", commodity.group)
        size = SIZE_TYPES[pick(rng, commodity.size_types)]
        roll = rng.random()
        return Plan(
            lane=lane,
            shipper=shipper.draw(rng),
            consignee=consignee,
            notify=notify,
            payment=_payment(rng.random()),
            size=size,
            containers=1 if roll < 0.6 else 2 if roll < 0.85 else between(rng, 3, 5),
            description=pick(rng, commodity.descriptions),
            hs_code=commodity.hs_code,
            package_kind=commodity.package_kind,
        )

    def build(self, ctx: VoyageContext, plan: Plan) -> Consignment:
        """The simple bill that ``plan`` describes."""
        rng = self.rng
        equipment = tuple(
            ctx.equipment.full(rng, plan.size) if plan.full else ctx.equipment.empty(rng, plan.size)
            for _ in range(plan.containers)
        )
        goods = self._goods(plan, tuple(e.number for e in equipment))
        bill = self.bills.carrier_bill(rng, ctx.sailing.carrier, plan.route.port_of_loading or "")
        return Consignment(
            bill_number=bill,
            freight_payment=plan.payment,
            parties=(
                plan.shipper.as_party(PartyRole.SHIPPER, rng),
                plan.consignee.as_party(PartyRole.CONSIGNEE, rng),
                plan.notify.as_party(PartyRole.NOTIFY, rng),
            ),
            route=plan.route,
            goods=goods if plan.full else (_declared_empty(goods, equipment),),
            equipment=equipment,
        )

    def _goods(self, plan: Plan, numbers: tuple[str, ...]) -> tuple[GoodsItem, ...]:
        """One goods item for the whole bill, or, now and then, two items of the same trade in
        different containers (a shipper's product lines)."""
        descriptions = plan.commodity.descriptions
        split = len(numbers) > 1 and plan.description in descriptions and len(descriptions) > 1
        if not split or self.rng.random() >= 0.25:
            return (self._goods_item(plan, 1, len(numbers), numbers),)
        cut = self.rng.randint(1, len(numbers) - 1)
        first = self._goods_item(plan, 1, cut, numbers[:cut])
        other = self.rng.choice([d for d in descriptions if d != plan.description])
        second = self._goods_item(plan, 2, len(numbers) - cut, numbers[cut:])
        return (first, msgspec.structs.replace(second, description=other))

    def _goods_item(
        self, plan: Plan, sequence: int, containers: int, numbers: tuple[str, ...]
    ) -> GoodsItem:
        """Packages, weight and volume for ``containers`` boxes of the planned goods, held to
        the commodity's packing norms and the container's payload."""
        rng = self.rng
        commodity = plan.commodity
        lo, hi = commodity.kg_per_package
        unit = rng.uniform(lo, hi)
        per_box = min(
            between(rng, *commodity.packages_per_teu) * plan.size.capacity,
            max(1, int(plan.size.payload_kg // unit)),
        )
        packages = per_box * containers
        declared = plan.declared_kg_per_package or unit
        dangerous = commodity.dangerous if plan.dangerous else None
        return GoodsItem(
            sequence=sequence,
            description=plan.description,
            hs_code=plan.hs_code,
            package_count=packages,
            package_kind=plan.package_kind,
            gross_weight_kg=round(packages * declared, 1),
            volume_m3=round(packages * commodity.m3_per_package, 2),
            marks=self._marks(plan, packages),
            dangerous_goods=(
                (DangerousGoods(un_number=dangerous[0], hazard_class=dangerous[1]),)
                if dangerous
                else ()
            ),
            container_numbers=numbers,
        )

    def _marks(self, plan: Plan, packages: int) -> tuple[str, ...]:
        if plan.package_kind in _UNMARKED_KINDS:
            return ("N/M",)
        if plan.package_kind == "BA":  # a family's barrels carry the addressee's name
            return (plan.consignee.name, f"1-{packages}")
        initials = "".join(word[0] for word in plan.consignee.stem.split()[:3])
        return (
            initials,
            f"PO NO. {1000 + int(self.rng.random() * 99000)}",
            f"C/NO. 1-{packages}",
            f"MADE IN {_country_name(plan.route.origin_country or '')}",
        )

    def empty_return(self, ctx: VoyageContext) -> Consignment:
        """Empty containers the carrier repositions on its own bill, weighing their tare."""
        rng = self.rng
        carrier = ctx.sailing.carrier
        route = ctx.lanes.pick(rng).route
        size = SIZE_TYPES[rng.choice(("22G1", "42G1", "45G1"))]
        equipment = tuple(ctx.equipment.empty(rng, size) for _ in range(rng.randint(1, 6)))
        item = GoodsItem(
            sequence=1,
            description=EMPTY_CONTAINER_DESCRIPTION,
            hs_code=EMPTY_CONTAINER_HS,
            package_count=len(equipment),
            package_kind="CN",
            gross_weight_kg=size.tare_kg * len(equipment),
            container_numbers=tuple(e.number for e in equipment),
        )
        return Consignment(
            bill_number=self.bills.carrier_bill(rng, carrier, route.port_of_loading or ""),
            freight_payment=FreightPayment.PREPAID,
            parties=_carrier_parties(carrier.name),
            route=route,
            goods=(item,),
            equipment=equipment,
        )


def _declared_empty(goods: tuple[GoodsItem, ...], equipment: tuple[Equipment, ...]) -> GoodsItem:
    """Goods filed as the empty containers they travel in, keeping the cargo's gross weight."""
    return msgspec.structs.replace(
        goods[0],
        description=EMPTY_CONTAINER_DESCRIPTION,
        hs_code=EMPTY_CONTAINER_HS,
        package_count=len(equipment),
        package_kind="CN",
        gross_weight_kg=round(sum(g.gross_weight_kg or 0.0 for g in goods), 1),
        volume_m3=None,
        marks=(),
        dangerous_goods=(),
        container_numbers=tuple(e.number for e in equipment),
    )


@cache
def _carrier_parties(name: str) -> tuple[Party, Party]:
    return (Party(role=PartyRole.SHIPPER, name=name), Party(role=PartyRole.CONSIGNEE, name=name))
