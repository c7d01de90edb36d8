"""docs/formats/cargo-xml.md stays true: its example reads as described, and every unit the
reader knows is in it."""

from __future__ import annotations

import io
import re
from pathlib import Path

from cargotarget.ingest.iata.xml_reader import read_cargo_xml
from cargotarget.ingest.iata.xml_values import VOLUMES, WEIGHTS
from cargotarget.model.manifest import DocumentKind, FreightPayment, PartyRole

DOC = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "cargo-xml.md").read_text("utf-8")


def test_the_example_reads_as_the_text_says() -> None:
    (block,) = re.findall(r"```xml\n(.*?)```", DOC, re.DOTALL)
    (message,) = read_cargo_xml(io.BytesIO(block.encode("utf-8")))
    assert message.problems == ()
    assert message.manifest is not None
    voyage = message.manifest.voyage
    assert (voyage.voyage_number, voyage.carrier_code) == ("BA117/14MAR", "BA")
    (bill,) = message.manifest.consignments
    assert (bill.bill_number, bill.kind) == ("176-12345675", DocumentKind.MASTER)
    assert (bill.route.port_of_loading, bill.route.port_of_discharge) == ("GBLHR", "USNYC")
    assert bill.freight_payment is FreightPayment.PREPAID
    assert [p.role for p in bill.parties] == [PartyRole.SHIPPER, PartyRole.CONSIGNEE]
    (item,) = bill.goods
    assert (item.hs_code, item.package_count, item.gross_weight_kg) == ("610910", 2, 100.0)
    assert "`176-12345675` on voyage `BA117/14MAR`" in DOC


def test_every_unit_is_documented() -> None:
    for unit in (*WEIGHTS, *VOLUMES):
        assert f"`{unit}`" in DOC, unit
