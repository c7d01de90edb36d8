"""An air waybill written as an FWB and read back is the same air waybill.

The fixtures' air waybills go round as they are; hypothesis then builds air waybills from every
field an FWB carries (parties with accounts, contacts and identification numbers, consolidation,
routing, rate lines with codes, volumes and ULDs) and checks each comes back equal.
"""

from __future__ import annotations

import io
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.ingest.iata.awb import airports, awb_check_digit
from cargotarget.ingest.iata.imp_reader import read_cargo_imp
from cargotarget.ingest.iata.imp_writer import write_fwb
from cargotarget.model import reference
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DocumentKind,
    Equipment,
    EquipmentKind,
    FreightPayment,
    GoodsItem,
    Identifier,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.model.problems import Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_imp"
LOCODES = sorted(set(airports().values()))
COUNTRIES = sorted(reference.countries())
HS_CODES = sorted(code for code in reference.hs_codes() if len(code) == 6)
WORD = st.text(string.ascii_uppercase + string.digits, min_size=1, max_size=12)
TEXT = st.lists(WORD, min_size=1, max_size=8).map(" ".join)


def _read_back(consignment: Consignment, voyage: Voyage) -> tuple[Consignment, Voyage]:
    [message] = list(read_cargo_imp(io.BytesIO(write_fwb(consignment, voyage))))
    errors = [p for p in message.problems if p.severity is Severity.ERROR]
    assert not errors
    assert not message.rejected
    assert message.manifest is not None
    [back] = message.manifest.consignments
    return back, message.manifest.voyage


@pytest.mark.parametrize(
    "name", ["fwb16_simple.fwb", "fwb17_consolidation.fwb", "fwb9_old_layout.fwb"]
)
def test_fixture_waybills_go_round_unchanged(name: str) -> None:
    [message] = list(read_cargo_imp((FIXTURES / name).open("rb")))
    assert message.manifest is not None
    [consignment] = message.manifest.consignments
    assert _read_back(consignment, message.manifest.voyage) == (
        consignment,
        message.manifest.voyage,
    )


@st.composite
def awb_numbers(draw: st.DrawFn) -> str:
    prefix = draw(st.integers(0, 999))
    serial = draw(st.integers(0, 9_999_999))
    return f"{prefix:03d}-{serial:07d}{awb_check_digit(f'{serial:07d}')}"


@st.composite
def parties(draw: st.DrawFn, role: PartyRole) -> Party:
    identifiers = []
    if role is PartyRole.FORWARDER:
        code = draw(st.none() | st.from_regex(r"[0-9]{7}", fullmatch=True))
        return Party(
            role=role,
            name=draw(TEXT),
            address=Address(city=draw(st.none() | TEXT)),
            identifiers=(Identifier(scheme="IATA", value=code),) if code else (),
        )
    if draw(st.booleans()):
        identifiers.append(Identifier(scheme="ACCOUNT", value=draw(WORD)))
    for scheme in draw(st.lists(st.sampled_from(["EORI", "EIN", "VAT", "TIN"]), max_size=2)):
        identifiers.append(Identifier(scheme=scheme, value=draw(WORD)))
    contact = draw(st.none() | st.tuples(st.sampled_from(["TE", "FX"]), WORD).map(" ".join))
    return Party(
        role=role,
        name=draw(TEXT),
        address=Address(
            lines=tuple(draw(st.lists(TEXT, max_size=2))),
            city=draw(st.none() | TEXT),
            subdivision=draw(st.none() | WORD),
            postcode=draw(st.none() | WORD),
            country=draw(st.none() | st.sampled_from(COUNTRIES)),
        ),
        identifiers=tuple(identifiers),
        contact=contact,
    )


ULDS = st.from_regex(r"(AKE|PMC|PAG|AKN)[0-9]{5}(LH|BA|AA|KL)", fullmatch=True)
AMOUNTS = st.integers(0, 99_999_999).map(lambda thousandths: thousandths / 1000)


@st.composite
def goods(draw: st.DrawFn, sequence: int) -> GoodsItem:
    return GoodsItem(
        sequence=sequence,
        description=draw(TEXT),
        hs_code=draw(st.none() | st.sampled_from(HS_CODES)),
        package_count=draw(st.integers(0, 9999)),
        gross_weight_kg=draw(AMOUNTS),
        volume_m3=draw(st.none() | AMOUNTS),
        container_numbers=tuple(draw(st.lists(ULDS, max_size=2, unique=True))),
    )


@st.composite
def waybills(draw: st.DrawFn) -> tuple[Consignment, Voyage]:
    origin, destination = draw(st.lists(st.sampled_from(LOCODES), min_size=2, max_size=2))
    via = draw(st.lists(st.sampled_from([c for c in LOCODES if c != destination]), max_size=2))
    roles = [PartyRole.SHIPPER, PartyRole.CONSIGNEE, PartyRole.NOTIFY, PartyRole.FORWARDER]
    chosen = [role for role in roles if draw(st.booleans())]
    items = [draw(goods(n)) for n in range(1, draw(st.integers(1, 4)) + 1)]
    ulds = list(dict.fromkeys(n for item in items for n in item.container_numbers))
    carrier = draw(st.from_regex(r"[A-Z]{2}", fullmatch=True))
    flight = f"{carrier}{draw(st.integers(1, 9999))}/{draw(st.integers(1, 31)):02d}"
    consignment = Consignment(
        bill_number=draw(awb_numbers()),
        kind=draw(st.sampled_from([DocumentKind.SIMPLE, DocumentKind.MASTER])),
        freight_payment=draw(
            st.sampled_from([None, FreightPayment.PREPAID, FreightPayment.COLLECT])
        ),
        parties=tuple(draw(parties(role)) for role in chosen),
        route=Route(
            port_of_loading=origin,
            transshipment_ports=tuple(via),
            port_of_discharge=destination,
            origin_country=draw(st.none() | st.sampled_from(COUNTRIES)),
        ),
        goods=tuple(items),
        equipment=tuple(Equipment(number=n, kind=EquipmentKind.ULD) for n in ulds),
        remarks=tuple(draw(st.lists(TEXT, max_size=2))),
    )
    voyage = Voyage(
        mode=TransportMode.AIR, carrier_code=carrier, voyage_number=flight, departure_port=origin
    )
    return consignment, voyage


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(waybills())
def test_any_waybill_an_fwb_can_carry_goes_round(waybill: tuple[Consignment, Voyage]) -> None:
    consignment, voyage = waybill
    assert _read_back(consignment, voyage) == (consignment, voyage)
