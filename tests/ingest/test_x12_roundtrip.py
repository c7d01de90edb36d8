"""What write_309 writes, read_x12 reads back as the same manifests, for the fields a 309
carries; and the same consignments sent as CUSCAR, X12 309 and canonical JSON read as equal."""

from __future__ import annotations

import io
import string
from datetime import UTC, date, datetime

import msgspec
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cargotarget.demo.generator import generate
from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.ingest.edifact.writer import write_cuscar
from cargotarget.ingest.json_format import read_json, write_json
from cargotarget.ingest.x12.codes import ID_SCHEMES
from cargotarget.ingest.x12.reader import read_x12
from cargotarget.ingest.x12.writer import write_309
from cargotarget.model.manifest import (
    Consignment,
    Equipment,
    EquipmentKind,
    Flow,
    GoodsItem,
    Manifest,
    MessageFunction,
    Party,
    Route,
)
from cargotarget.model.problems import ParsedMessage, Severity

from .strategies import manifests

PREPARED = datetime(2026, 3, 1, 14, 15, tzinfo=UTC)
#: Text without whitespace at its ends (X12 elements are read trimmed) and without separators.
SAFE = st.sampled_from(string.ascii_letters + string.digits + "-.,/&'()#@!?+=:;")


def write(values: list[Manifest]) -> bytes:
    return write_309(
        values, sender="MAEUAMS", recipient="USCBPAMS", control_number=147, prepared_at=PREPARED
    )


def read(data: bytes) -> list[ParsedMessage]:
    return list(read_x12(io.BytesIO(data)))


def read_back(data: bytes) -> list[Manifest]:
    messages = read(data)
    for message in messages:
        assert message.rejected == ()
        assert all(p.severity is Severity.WARNING for p in message.problems), message.problems
    return [m.manifest for m in messages if m.manifest is not None]


def carried(manifest: Manifest) -> Manifest:
    """``manifest`` as a 309 carries it: what it has no element for dropped, marks joined in one
    N10-03, bills grouped under their port of discharge, goods in line-number order."""
    voyage = manifest.voyage
    arrival = voyage.arrival_port
    bills = [_carried_bill(c, arrival) for c in manifest.consignments]
    ports = list(dict.fromkeys([arrival, *(c.route.port_of_discharge for c in bills)]))
    bills.sort(key=lambda c: ports.index(c.route.port_of_discharge))
    function = manifest.function if bills else MessageFunction.ORIGINAL
    return Manifest(
        reference=manifest.reference,
        flow=Flow.IMPORT,
        function=function,
        filed_at=(manifest.filed_at or PREPARED).replace(microsecond=0),
        voyage=msgspec.structs.replace(
            voyage,
            carrier_name=None,
            port_calls=(),
            departure_port=None,
            departure_at=None,
            arrival_at=voyage.arrival_at.replace(microsecond=0) if voyage.arrival_at else None,
        ),
        consignments=tuple(bills),
    )


def _carried_bill(bill: Consignment, arrival: str | None) -> Consignment:
    route = bill.route
    equipment = [_carried_equipment(eq) for eq in bill.equipment]
    known = [eq.number for eq in equipment]
    placed = {n for item in bill.goods for n in item.container_numbers}
    equipment += [Equipment(number=n) for n in sorted(placed - set(known))]
    order = [eq.number for eq in equipment]
    goods = sorted((_carried_goods(item, order) for item in bill.goods), key=lambda g: g.sequence)
    return Consignment(
        bill_number=bill.bill_number,
        kind=bill.kind,
        master_bill_number=bill.master_bill_number,
        parties=tuple(_carried_party(p) for p in bill.parties),
        route=Route(
            place_of_receipt=route.place_of_receipt,
            port_of_loading=route.port_of_loading,
            port_of_discharge=route.port_of_discharge or arrival,
            place_of_delivery=route.place_of_delivery,
        ),
        goods=tuple(goods),
        equipment=tuple(equipment),
    )


def _carried_equipment(eq: Equipment) -> Equipment:
    kind = EquipmentKind.OTHER if eq.kind is EquipmentKind.ULD else eq.kind
    return msgspec.structs.replace(eq, kind=kind)


def _carried_goods(item: GoodsItem, order: list[str]) -> GoodsItem:
    containers = tuple(n for n in order if n in item.container_numbers)
    marks = (" ".join(item.marks),) if item.marks else ()
    return msgspec.structs.replace(item, volume_m3=None, marks=marks, container_numbers=containers)


def _carried_party(party: Party) -> Party:
    schemes = set(ID_SCHEMES.values())
    first = party.identifiers[:1]
    identifiers = first if first and first[0].scheme in schemes else ()
    return msgspec.structs.replace(party, identifiers=identifiers, contact=None)


def _writable(manifest: Manifest) -> Manifest:
    """A generated manifest made fit for X12: a port of discharge, unique line numbers and seals
    without separators or edge spaces (the writer refuses what it cannot carry)."""
    voyage = manifest.voyage
    if voyage.arrival_port is None:
        voyage = msgspec.structs.replace(voyage, arrival_port="USNYC")
    bills = []
    for bill in manifest.consignments:
        equipment = tuple(
            msgspec.structs.replace(eq, seals=tuple(f"S{i}" for i, _ in enumerate(eq.seals)))
            for eq in bill.equipment
        )
        goods = tuple(msgspec.structs.replace(g, sequence=i + 1) for i, g in enumerate(bill.goods))
        bills.append(msgspec.structs.replace(bill, equipment=equipment, goods=goods))
    return msgspec.structs.replace(manifest, voyage=voyage, consignments=tuple(bills))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(manifests(SAFE).map(_writable), min_size=1, max_size=3))
def test_any_manifests_come_back_as_the_309_carries_them(values: list[Manifest]) -> None:
    for bill in (c for value in values for c in value.consignments):
        assume(len({eq.number for eq in bill.equipment}) == len(bill.equipment))
    back = read_back(write(values))
    assert back == [carried(value) for value in values]


def demo(size: int, seed: int = 7) -> list[Manifest]:
    return [filing.manifest for filing in generate(size, seed, date(2026, 1, 5))]


def test_demo_manifests_come_back_as_the_309_carries_them() -> None:
    values = demo(400)
    assert len(values) > 20
    assert read_back(write(values)) == [carried(value) for value in values]


def test_same_consignments_as_cuscar_x12_and_json_read_as_equal() -> None:
    values = demo(150, seed=11)
    cuscar = write_cuscar(
        values, sender="MAEU", recipient="CUSTOMS", control_ref="1", prepared_at=PREPARED
    )
    from_cuscar = [m.manifest for m in read_cuscar(io.BytesIO(cuscar)) if m.manifest]
    from_json = [m.manifest for m in read_json(io.BytesIO(write_json(values))) if m.manifest]
    from_x12 = read_back(write(values))
    assert len(from_cuscar) == len(from_json) == len(from_x12) == len(values)
    expected = [carried(value) for value in values]
    assert [carried(m) for m in from_cuscar] == expected
    assert [carried(m) for m in from_json] == expected
    assert from_x12 == expected
    # The comparison is not empty: parties, goods and containers all came through.
    bills = [c for m in from_x12 for c in m.consignments]
    assert all(c.parties and c.goods for c in bills)
    assert any(c.equipment for c in bills)


@pytest.mark.parametrize("text", ["ACME*CORP", "LINE~END", "A>B"])
def test_text_holding_a_separator_is_refused(text: str) -> None:
    (value,) = demo(5)[:1]
    bill = value.consignments[0]
    party = msgspec.structs.replace(bill.parties[0], name=text)
    broken = msgspec.structs.replace(
        value, consignments=(msgspec.structs.replace(bill, parties=(party,)),)
    )
    with pytest.raises(ValueError, match="X12 separator"):
        write([broken])
