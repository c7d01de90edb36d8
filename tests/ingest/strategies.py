"""Hypothesis strategies for valid canonical manifests.

Every code is valid (ISO 6346 container numbers with their check digit, IMO numbers, ISO
countries, UN/LOCODEs and HS codes from the shipped reference tables), so that the model's
checks find no error and a manifest read back can be compared with the one written. Text is
any Unicode (or, with ``alphabet``, a narrower set) and is never blank where the model requires
text; optional text is either absent or not empty, since an empty EDIFACT element is absent.
"""

from __future__ import annotations

import string
from datetime import UTC, datetime

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
PACKAGE_KINDS = ["CT", "PK", "PL", "BG", "DR", "BX", "CS", "CN"]
SIZE_TYPES = ["22G1", "42G1", "45G1", "45R1", "22U1", "42P1", "22T1"]
#: Identifier schemes; BM, BH and MB are left out since they name bill references in a CNI group.
SCHEMES = ["EORI", "TIN", "AEO", "DUNS", "SCAC", "VAT", "FILER"]
HAZARD_CLASSES = ["1.1", "2.1", "3", "4.1", "5.1", "6.1", "8", "9"]

UNICODE = st.characters(exclude_categories=["Cs"])
LATIN_1 = st.characters(min_codepoint=0x20, max_codepoint=0xFF)


def texts(alphabet: st.SearchStrategy[str] = UNICODE, max_size: int = 40) -> st.SearchStrategy[str]:
    """Text that is not blank."""
    return st.text(alphabet, min_size=1, max_size=max_size).filter(lambda s: s.strip() != "")


@st.composite
def container_numbers(draw: st.DrawFn) -> str:
    owner = draw(st.text(string.ascii_uppercase, min_size=3, max_size=3))
    category = draw(st.sampled_from("UJZR"))
    serial = draw(st.text(string.digits, min_size=6, max_size=6))
    first_ten = owner + category + serial
    return first_ten + str(container_check_digit(first_ten))


@st.composite
def imo_numbers(draw: st.DrawFn) -> str:
    digits = draw(st.text(string.digits, min_size=6, max_size=6))
    total = sum(int(d) * w for d, w in zip(digits, (7, 6, 5, 4, 3, 2), strict=True))
    return digits + str(total % 10)


times = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31), timezones=st.just(UTC)
).map(lambda moment: moment.replace(microsecond=0))
amounts = st.floats(min_value=0, max_value=1e9, allow_nan=False, allow_infinity=False)
locodes = st.sampled_from(LOCODES)
countries = st.sampled_from(COUNTRIES)


def voyages(alphabet: st.SearchStrategy[str] = UNICODE) -> st.SearchStrategy[Voyage]:
    calls = st.builds(PortCall, locode=locodes, eta=st.none() | times, etd=st.none() | times)
    return st.builds(
        Voyage,
        mode=st.sampled_from(TransportMode),
        carrier_code=st.none() | st.text(string.ascii_uppercase, min_size=2, max_size=4),
        carrier_name=st.none() | texts(alphabet),
        vessel_name=st.none() | texts(alphabet),
        imo_number=st.none() | imo_numbers(),
        flag=st.none() | countries,
        voyage_number=texts(alphabet, 12),
        port_calls=st.lists(calls, max_size=3).map(tuple),
        departure_port=st.none() | locodes,
        departure_at=st.none() | times,
        arrival_port=st.none() | locodes,
        arrival_at=st.none() | times,
    )


def parties(alphabet: st.SearchStrategy[str] = UNICODE) -> st.SearchStrategy[Party]:
    optional = st.none() | texts(alphabet)
    address = st.builds(
        Address,
        lines=st.lists(texts(alphabet, 20), max_size=2).map(tuple),
        city=optional,
        postcode=optional,
        subdivision=optional,
        country=st.none() | countries,
    )
    identifier = st.builds(Identifier, scheme=st.sampled_from(SCHEMES), value=texts(alphabet))
    return st.builds(
        Party,
        role=st.sampled_from(PartyRole),
        name=texts(alphabet, 80),
        address=address,
        identifiers=st.lists(identifier, max_size=2).map(tuple),
        contact=optional,
    )


@st.composite
def equipment(draw: st.DrawFn) -> Equipment:
    kind = draw(st.sampled_from(EquipmentKind))
    if kind is EquipmentKind.CONTAINER:
        number = draw(container_numbers())
    else:
        number = draw(st.from_regex(r"[A-Z0-9]{4,12}", fullmatch=True))
    return Equipment(
        number=number,
        kind=kind,
        size_type=draw(st.none() | st.sampled_from(SIZE_TYPES)),
        full=draw(st.booleans()),
        seals=tuple(draw(st.lists(texts(LATIN_1, 15), max_size=3))),
    )


def goods_items(
    numbers: list[str], alphabet: st.SearchStrategy[str] = UNICODE
) -> st.SearchStrategy[GoodsItem]:
    dangerous = st.builds(
        DangerousGoods,
        un_number=st.text(string.digits, min_size=4, max_size=4),
        hazard_class=st.none() | st.sampled_from(HAZARD_CLASSES),
    )
    placed = st.lists(st.sampled_from(numbers), max_size=3).map(tuple) if numbers else st.just(())
    return st.builds(
        GoodsItem,
        sequence=st.integers(1, 99_999),
        description=texts(alphabet, 160),
        hs_code=st.none() | st.sampled_from(HS_CODES),
        package_count=st.none() | st.integers(0, 10**7),
        package_kind=st.none() | st.sampled_from(PACKAGE_KINDS),
        gross_weight_kg=st.none() | amounts,
        volume_m3=st.none() | amounts,
        marks=st.lists(texts(alphabet, 12), max_size=3).map(tuple),
        dangerous_goods=st.lists(dangerous, max_size=2).map(tuple),
        container_numbers=placed,
    )


@st.composite
def consignments(draw: st.DrawFn, alphabet: st.SearchStrategy[str] = UNICODE) -> Consignment:
    kit = draw(st.lists(equipment(), max_size=2))
    numbers = [item.number for item in kit]
    route = st.builds(
        Route,
        place_of_receipt=st.none() | locodes,
        port_of_loading=st.none() | locodes,
        transshipment_ports=st.lists(locodes, max_size=3).map(tuple),
        port_of_discharge=st.none() | locodes,
        place_of_delivery=st.none() | locodes,
        origin_country=st.none() | countries,
        countries_of_routing=st.lists(countries, max_size=4).map(tuple),
    )
    return Consignment(
        bill_number=draw(texts(alphabet, 20)),
        kind=draw(st.sampled_from(DocumentKind)),
        master_bill_number=draw(st.none() | texts(alphabet, 20)),
        freight_payment=draw(st.none() | st.sampled_from(FreightPayment)),
        split=draw(st.booleans()),
        parties=tuple(draw(st.lists(parties(alphabet), max_size=3))),
        route=draw(route),
        goods=tuple(draw(st.lists(goods_items(numbers, alphabet), min_size=1, max_size=2))),
        equipment=tuple(kit),
        remarks=tuple(draw(st.lists(texts(alphabet, 90), max_size=2))),
    )


def manifests(alphabet: st.SearchStrategy[str] = UNICODE) -> st.SearchStrategy[Manifest]:
    """Valid manifests, with up to three consignments each."""
    return st.builds(
        Manifest,
        reference=texts(alphabet, 30),
        flow=st.sampled_from(Flow),
        function=st.sampled_from(MessageFunction),
        filed_at=st.none() | times,
        provider=st.none() | texts(alphabet, 20),
        voyage=voyages(alphabet),
        consignments=st.lists(consignments(alphabet), max_size=3).map(tuple),
    )
