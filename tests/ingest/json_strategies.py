"""Hypothesis strategies for valid canonical manifests, for round trips through JSON and CSV.

``manifests()`` builds any valid manifest the model allows (for JSON, which carries everything);
``csv_manifests()`` only those whose every field the CSV format carries, laid out as it reads
them back (containers in the order rows first name them).
"""

from __future__ import annotations

import itertools
from datetime import UTC
from typing import TypeVar

from hypothesis import strategies as st

from cargotarget.model import reference
from cargotarget.model.codes import container_check_digit
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DangerousGoods,
    DocumentKind,
    Equipment,
    EquipmentKind,
    Flow,
    FreightPayment,
    GoodsItem,
    Identifier,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    PortCall,
    Route,
    TransportMode,
    Voyage,
)

LOCODES = sorted(reference.locodes())
COUNTRIES = sorted(reference.countries())
HS_CODES = sorted(code for code in reference.hs_codes() if len(code) == 6)

T = TypeVar("T")

_ANY_TEXT = st.characters(blacklist_categories=["Cs"])


def texts(*, csv: bool = False, min_size: int = 0, forbid: str = "") -> st.SearchStrategy[str]:
    """Text; for CSV never empty (an empty cell is an absent value), without surrounding spaces
    (cells are stripped) and without the characters in ``forbid``."""
    if not csv:
        return st.text(_ANY_TEXT, min_size=min_size, max_size=12)
    alphabet = st.characters(blacklist_categories=["Cs"], blacklist_characters=forbid)
    return st.text(alphabet, min_size=1, max_size=12).map(str.strip).filter(bool)


def names(*, csv: bool = False) -> st.SearchStrategy[str]:
    """Text that is not blank, for the fields the checks require."""
    return texts(csv=csv, min_size=1).filter(lambda s: s.strip() != "")


def optional(strategy: st.SearchStrategy[str]) -> st.SearchStrategy[str | None]:
    return st.none() | strategy


def items(strategy: st.SearchStrategy[T], max_size: int = 3) -> st.SearchStrategy[tuple[T, ...]]:
    return st.lists(strategy, max_size=max_size).map(tuple)


@st.composite
def container_numbers(draw: st.DrawFn) -> str:
    owner = draw(st.text("ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=3, max_size=3))
    first_ten = (
        owner + draw(st.sampled_from("UJZR")) + draw(st.text("0123456789", min_size=6, max_size=6))
    )
    return first_ten + str(container_check_digit(first_ten))


@st.composite
def imo_numbers(draw: st.DrawFn) -> str:
    digits = draw(st.text("0123456789", min_size=6, max_size=6))
    check = sum(int(d) * w for d, w in zip(digits, (7, 6, 5, 4, 3, 2), strict=True)) % 10
    return digits + str(check)


locodes = st.sampled_from(LOCODES)
countries = st.sampled_from(COUNTRIES)
times = st.datetimes(timezones=st.just(UTC))
weights = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)


def voyages(*, csv: bool = False) -> st.SearchStrategy[Voyage]:
    calls = st.builds(PortCall, locode=locodes, eta=st.none() | times, etd=st.none() | times)
    return st.builds(
        Voyage,
        mode=st.sampled_from(TransportMode),
        carrier_code=optional(texts(csv=csv)),
        carrier_name=optional(texts(csv=csv)),
        vessel_name=optional(texts(csv=csv)),
        imo_number=st.none() | imo_numbers(),
        flag=st.none() | countries,
        voyage_number=names(csv=csv),
        port_calls=st.just(()) if csv else items(calls),
        departure_port=st.none() | locodes,
        departure_at=st.none() | times,
        arrival_port=st.none() | locodes,
        arrival_at=st.none() | times,
    )


def parties(role: PartyRole, *, csv: bool = False) -> st.SearchStrategy[Party]:
    line = texts(csv=csv, forbid="\n\r")
    address = st.builds(
        Address,
        lines=items(line),
        city=optional(texts(csv=csv)),
        postcode=optional(texts(csv=csv)),
        subdivision=st.none() if csv else optional(texts()),
        country=st.none() | countries,
    )
    identifier = st.builds(Identifier, scheme=texts(), value=texts())
    return st.builds(
        Party,
        role=st.just(role),
        name=names(csv=csv),
        address=address,
        identifiers=st.just(()) if csv else items(identifier, 2),
        contact=st.none() if csv else optional(texts()),
    )


def routes(*, csv: bool = False) -> st.SearchStrategy[Route]:
    return st.builds(
        Route,
        place_of_receipt=st.none() | locodes,
        port_of_loading=st.none() | locodes,
        transshipment_ports=items(locodes),
        port_of_discharge=st.none() | locodes,
        place_of_delivery=st.none() | locodes,
        origin_country=st.none() | countries,
        countries_of_routing=items(countries),
    )


def goods_items(
    sequence: int, containers: list[str], *, csv: bool = False
) -> st.SearchStrategy[GoodsItem]:
    mark = texts(csv=csv, forbid="\n\r")
    danger = st.builds(
        DangerousGoods, un_number=names(csv=csv), hazard_class=optional(texts(csv=csv))
    )
    in_containers = (
        st.lists(st.sampled_from(containers), unique=True, max_size=2)
        if containers
        else st.just([])
    )
    return st.builds(
        GoodsItem,
        sequence=st.just(sequence),
        description=names(csv=csv),
        hs_code=st.none() | st.sampled_from(HS_CODES),
        package_count=st.none() | st.integers(min_value=0, max_value=10**9),
        package_kind=optional(texts(csv=csv)),
        gross_weight_kg=st.none() | weights,
        volume_m3=st.none() | weights,
        marks=items(mark),
        dangerous_goods=items(danger, 1 if csv else 2),
        container_numbers=in_containers.map(tuple),
    )


def equipment(number: str, *, csv: bool = False) -> st.SearchStrategy[Equipment]:
    seal = texts(csv=csv, forbid=";")
    return st.builds(
        Equipment,
        number=st.just(number),
        kind=st.just(EquipmentKind.CONTAINER),
        size_type=optional(texts(csv=csv)),
        full=st.booleans(),
        seals=items(seal),
    )


@st.composite
def consignments(draw: st.DrawFn, bill_number: str, *, csv: bool = False) -> Consignment:
    numbers = draw(st.lists(container_numbers(), unique=True, max_size=3))
    units = [draw(equipment(number, csv=csv)) for number in numbers]
    count = draw(st.integers(min_value=1, max_value=2))
    goods = [draw(goods_items(sequence, numbers, csv=csv)) for sequence in range(1, count + 1)]
    if csv:
        units = _in_row_order(units, goods)
    roles = [PartyRole.SHIPPER, PartyRole.CONSIGNEE, PartyRole.NOTIFY]
    if not csv:
        roles += [PartyRole.FORWARDER, PartyRole.BUYER]
    chosen = [role for role in roles if draw(st.booleans())]
    return Consignment(
        bill_number=bill_number,
        kind=draw(st.sampled_from(DocumentKind)),
        master_bill_number=draw(optional(texts(csv=csv))),
        freight_payment=draw(st.none() | st.sampled_from(FreightPayment)),
        split=False if csv else draw(st.booleans()),
        parties=tuple(draw(parties(role, csv=csv)) for role in chosen),
        route=draw(routes(csv=csv)),
        goods=tuple(goods),
        equipment=tuple(units),
        remarks=() if csv else draw(items(texts())),
    )


def _in_row_order(units: list[Equipment], goods: list[GoodsItem]) -> list[Equipment]:
    """Containers in the order CSV rows name them: goods items' first, then the others."""
    order = list(dict.fromkeys(n for item in goods for n in item.container_numbers))
    order += [unit.number for unit in units if unit.number not in order]
    by_number = {unit.number: unit for unit in units}
    return [by_number[number] for number in order]


@st.composite
def manifests(draw: st.DrawFn, *, csv: bool = False) -> Manifest:
    """A valid manifest: every code checks, every required text is there."""
    bills = draw(st.lists(names(csv=csv), unique=True, min_size=1 if csv else 0, max_size=3))
    return Manifest(
        reference=draw(names(csv=csv)),
        flow=draw(st.sampled_from(Flow)),
        function=draw(st.sampled_from(MessageFunction)),
        filed_at=draw(st.none() | times),
        provider=draw(optional(texts(csv=csv))),
        voyage=draw(voyages(csv=csv)),
        consignments=tuple(draw(consignments(bill, csv=csv)) for bill in bills),
    )


def csv_manifests() -> st.SearchStrategy[Manifest]:
    """A valid manifest made only of what the CSV format carries."""
    return manifests(csv=True)


def manifest_lists(strategy: st.SearchStrategy[Manifest]) -> st.SearchStrategy[list[Manifest]]:
    """Several manifests, no two in a row with the same reference (CSV would merge them)."""
    return st.lists(strategy, min_size=1, max_size=2).filter(
        lambda ms: all(a.reference != b.reference for a, b in itertools.pairwise(ms))
    )
