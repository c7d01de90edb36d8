"""Planted risks: patterns of smuggling and fraud hidden among the honest bills.

Each pattern takes an honest plan for a bill and changes only what the pattern needs, so the risky
bill is valid data that shows the DOMAIN.md risk indicators it claims and nothing that gives it
away otherwise. A pattern that does not fit a voyage (bananas from Colombia cannot reach Colombo
through Panama) declines, and another is drawn.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from cargotarget.demo.addresses import address, po_box_address
from cargotarget.demo.commodities import BARRELS, VAGUE_DESCRIPTIONS, by_key
from cargotarget.demo.consignments import ConsignmentBuilder, Plan, VoyageContext
from cargotarget.demo.equipment import SIZE_TYPES
from cargotarget.demo.lanes import Lane, route_for
from cargotarget.demo.parties import PartyRecord
from cargotarget.demo.routes import HUBS, HUBS_BY_REGION, LoadingOption, region
from cargotarget.demo.truth import Threat
from cargotarget.demo.watchlist import WATCHLIST, vary
from cargotarget.model.manifest import FreightPayment

FRUIT = frozenset(("bananas", "pineapples", "avocados"))
COUNTERFEIT_PRONE = ("tshirts", "jeans", "sneakers", "smartphones", "laptops", "cosmetics")
HIGH_DUTY = ("whisky", "cigarettes", "smartphones", "laptops", "cosmetics", "televisions")
DUAL_USE = ("machines", "routers", "laptops", "earthmoving_parts")
SANCTIONED_ORIGINS = ("IR", "IR", "SY")
CHINA_PORTS = ("CNSZX", "CNYTN", "CNNGB", "CNSHA", "CNXMN")


@dataclass(frozen=True, slots=True)
class Planted:
    """What a pattern made: the altered plan, a detail for the ground truth, and the threat when
    it is not the pattern's own (a watch-list entry brings its own)."""

    plan: Plan
    detail: str
    threat: Threat | None = None


Made = Planted | None


@dataclass(frozen=True, slots=True)
class Pattern:
    """A planted risk: its name, the threat behind it, the indicators it shows, how often it is
    drawn, and how it alters an honest plan."""

    name: str
    threat: Threat
    indicators: tuple[int, ...]
    weight: float
    make: Callable[[ConsignmentBuilder, VoyageContext], Made]


def _narcotics_fruit(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """Fruit from Colombia or Ecuador transshipped at a hub, from a shipper never seen before,
    freight collect, in a reefer whose seal is changed by a later amendment."""
    lanes = ctx.lanes.subset(
        "fruit via a hub",
        lambda lane: (
            lane.commodity.key in FRUIT
            and lane.route.origin_country in ("CO", "EC")
            and bool(lane.route.transshipment_ports)
        ),
    )
    if not lanes:
        return None
    plan = b.plan(ctx, lanes.pick(b.rng))
    origin = plan.route.origin_country or ""
    plan.shipper = b.population.pool("shipper", origin, plan.commodity.group).new(b.rng)
    plan.payment = FreightPayment.COLLECT
    plan.size, plan.containers, plan.filing = SIZE_TYPES["45R1"], 1, "seal_change"
    hub = plan.route.transshipment_ports[0]
    return Planted(plan, f"{plan.commodity.key} from {origin} via {hub}")


def _misclassified(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """High-duty goods described as what they are, but filed under another trade's HS code."""
    plan = b.plan(ctx)
    key = b.rng.choice([k for k in HIGH_DUTY if k != plan.commodity.key])
    plan.description = b.rng.choice(by_key()[key].descriptions)
    return Planted(plan, f"{key} filed under {plan.hs_code}")


def _understated_weight(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """A gross weight per package far below what the goods weigh."""
    plan = b.plan(ctx)
    plan.declared_kg_per_package = plan.commodity.kg_per_package[0] * b.rng.uniform(0.1, 0.3)
    return Planted(plan, f"{plan.declared_kg_per_package:.1f} kg per package")


def _counterfeit_detour(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """Counterfeit-prone goods from China transshipped twice, through a region off their way."""
    dest_region = region(ctx.sailing.service.discharge_port)
    calls = [port for port, _ in ctx.sailing.service.rotation[:-1]]
    hubs = [h for h in calls if h in HUBS and region(h) != "east_asia"]
    if not hubs:
        return None
    hub = b.rng.choice(hubs)
    away = {"east_asia", region(hub), dest_region}
    detours = [h for r, hs in HUBS_BY_REGION.items() if r not in away for h in hs]
    option = LoadingOption(b.rng.choice(CHINA_PORTS), (b.rng.choice(detours), hub))
    commodity = by_key()[b.rng.choice(COUNTERFEIT_PRONE)]
    lane = Lane(option, route_for(option, ctx.sailing.service.discharge_port), commodity)
    via = " and ".join(option.transshipment_ports)
    return Planted(b.plan(ctx, lane), f"{commodity.key} via {via}")


def _firearms_barrels(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """Barrels of 'personal effects' from the US, between private individuals."""
    dest = ctx.sailing.destination_country
    lanes = ctx.lanes.subset("from the US", lambda lane: lane.route.origin_country == "US")
    if dest not in ("JM", "BS") or not lanes:
        return None
    route = lanes.pick(b.rng).route
    plan = b.plan(ctx, Lane(LoadingOption(route.port_of_loading or "", ()), route, BARRELS))
    plan.shipper = b.population.person(b.rng, "US")
    plan.consignee = plan.notify = b.population.person(b.rng, dest)
    plan.hs_code, plan.size = None, SIZE_TYPES["22G1"]
    return Planted(plan, "barrels of personal effects to a private consignee")


def _vague(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """A description that says nothing, often without an HS code."""
    plan = b.plan(ctx)
    plan.description = b.rng.choice(VAGUE_DESCRIPTIONS)
    if b.rng.random() < 0.5:
        plan.hs_code = None
    return Planted(plan, f"{plan.commodity.key} filed as {plan.description!r}")


def _forwarder_consignee(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """A logistics company as consignee of a full container, with an unrelated notify party."""
    plan = b.plan(ctx)
    dest = ctx.sailing.destination_country
    plan.consignee = b.population.pool("forwarder", dest, "forwarder").draw(b.rng)
    other = b.rng.choice(
        [g for g in ("food", "household", "industrial") if g != plan.commodity.group]
    )
    plan.notify = b.population.pool("consignee", dest, other).draw(b.rng)
    return Planted(plan, f"consignee {plan.consignee.name}")


def _po_box(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """A consignee known only by a post-office box."""
    plan = b.plan(ctx)
    dest = ctx.sailing.destination_country
    company = b.population.company(b.rng, dest, plan.commodity.group, "consignee")
    plan.consignee = plan.notify = PartyRecord(
        stem=company.stem, names=company.names, address=po_box_address(b.rng, dest)
    )
    return Planted(plan, "consignee address is a post-office box")


def _late(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """A bill filed on its own after the deadline, when the vessel is about to sail or has."""
    plan = b.plan(ctx)
    plan.filing = "late"
    return Planted(plan, "filed after the deadline")


def _last_minute(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """An honest-looking bill whose consignee or description is replaced after the deadline."""
    plan = b.plan(ctx)
    plan.filing = "last_minute"
    return Planted(plan, "consignee or description replaced after the deadline")


def _watchlisted(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """A listed party, under a variant of its listed name, as shipper or consignee."""
    dest = ctx.sailing.destination_country
    entries = [e for e in WATCHLIST if e.country == dest or e.country not in ("JM", "LK", "BS")]
    entry = b.rng.choice(entries)
    name, variation = vary(b.rng, entry)
    record = PartyRecord(stem=name, names=(name,), address=address(b.rng, entry.country))
    plan = b.plan(ctx)
    if entry.country == dest:
        plan.consignee = plan.notify = record
    else:
        plan.shipper = record
    return Planted(plan, f"{entry.entry_id} {variation}: {name}", entry.threat)


LOADED_KG = 8000.0
"""The least cargo weight per box of an empty-container plant: far above any tare weight."""


def _min_load_kg(lane: Lane) -> float:
    """The lightest load a 20-foot box of the lane's goods would carry, if it goes in one."""
    commodity = lane.commodity
    if "22G1" not in commodity.size_types:
        return 0.0
    return commodity.packages_per_teu[0] * commodity.kg_per_package[0]


def _empty_with_weight(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """Containers filed as empty that weigh as much as a full load."""
    lanes = ctx.lanes.subset("heavy in 20 ft", lambda lane: _min_load_kg(lane) >= LOADED_KG)
    if not lanes:
        return None
    plan = b.plan(ctx, lanes.pick(b.rng))
    plan.full, plan.size = False, SIZE_TYPES["22G1"]
    return Planted(plan, "empty containers with cargo weight")


def _sanctions_routing(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """Dual-use goods from a sanctioned country, trucked to Jebel Ali and shipped on by a
    trading company there."""
    calls = [port for port, _ in ctx.sailing.service.rotation[:-1]]
    hubs = [h for h in calls if h in HUBS]
    if "AEJEA" in calls:
        option = LoadingOption("AEJEA", ())
    elif hubs:
        option = LoadingOption("AEJEA", (b.rng.choice(hubs),))
    else:
        return None
    origin = b.rng.choice(SANCTIONED_ORIGINS)
    commodity = by_key()[b.rng.choice(DUAL_USE)]
    route = route_for(option, ctx.sailing.service.discharge_port, origin_country=origin)
    plan = b.plan(ctx, Lane(option, route, commodity))
    plan.shipper = b.population.pool("shipper", "AE", "general").draw(b.rng)
    countries = " ".join(route.countries_of_routing)
    return Planted(plan, f"{commodity.key} from {origin} via {countries}")


def _undeclared_dangerous(b: ConsignmentBuilder, ctx: VoyageContext) -> Made:
    """Dangerous goods filed without their UN number and class."""
    lanes = ctx.lanes.subset("dangerous", lambda lane: lane.commodity.dangerous is not None)
    if not lanes:
        return None
    plan = b.plan(ctx, lanes.pick(b.rng))
    plan.dangerous = False
    un_number = plan.commodity.dangerous[0] if plan.commodity.dangerous else ""
    return Planted(plan, f"{plan.commodity.key} without UN {un_number}")


PATTERNS: tuple[Pattern, ...] = (
    Pattern("narcotics_fruit_reefer", Threat.NARCOTICS, (3, 4, 6, 15, 19), 35, _narcotics_fruit),
    Pattern("misclassified_goods", Threat.REVENUE, (2, 18), 10, _misclassified),
    Pattern("understated_weight", Threat.REVENUE, (13,), 9, _understated_weight),
    Pattern("counterfeit_detour", Threat.IPR, (4, 18), 8, _counterfeit_detour),
    Pattern("firearms_personal_effects", Threat.WEAPONS, (1, 7, 8), 15, _firearms_barrels),
    Pattern("vague_description", Threat.REVENUE, (1,), 10, _vague),
    Pattern("forwarder_consignee", Threat.MONEY_LAUNDERING, (7,), 7, _forwarder_consignee),
    Pattern("po_box_consignee", Threat.REVENUE, (8,), 6, _po_box),
    Pattern("late_filing", Threat.NARCOTICS, (16,), 7, _late),
    Pattern("last_minute_change", Threat.NARCOTICS, (16,), 6, _last_minute),
    Pattern("watchlist_party", Threat.STRATEGIC, (9,), 8, _watchlisted),
    Pattern("empty_container_with_weight", Threat.NARCOTICS, (13, 19), 4, _empty_with_weight),
    Pattern("sanctions_routing", Threat.STRATEGIC, (3, 4), 4, _sanctions_routing),
    Pattern("undeclared_dangerous_goods", Threat.DANGEROUS_GOODS, (18,), 5, _undeclared_dangerous),
)
"""Every planted pattern. A watch-list plant takes the threat of the entry it imitates."""


_WEIGHTS = [p.weight for p in PATTERNS]


def choose(builder: ConsignmentBuilder, ctx: VoyageContext) -> tuple[Pattern, Planted]:
    """Draw patterns by weight until one fits the voyage; most patterns fit every voyage."""
    while True:
        pattern = builder.rng.choices(PATTERNS, _WEIGHTS)[0]
        made = pattern.make(builder, ctx)
        if made is not None:
            return pattern, made
