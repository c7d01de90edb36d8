"""docs/cuscar.md stays true: its example reads as described and its tables name every code."""

from __future__ import annotations

import io
import re
from pathlib import Path

from cargotarget.ingest.edifact import qualifiers
from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.model.manifest import FreightPayment, PartyRole

DOC = (Path(__file__).resolve().parents[2] / "docs" / "cuscar.md").read_text("utf-8")


def test_the_example_interchange_reads_without_problems() -> None:
    (block,) = re.findall(r"```edifact\n(.*?)```", DOC, re.DOTALL)
    (message,) = read_cuscar(io.BytesIO(block.encode("latin-1")))
    assert message.problems == ()
    assert message.rejected == ()
    manifest = message.manifest
    assert manifest is not None
    assert manifest.reference == "MSC-FA413W-KIN"
    assert manifest.voyage.arrival_port == "JMKIN"
    (bill,) = manifest.consignments
    assert bill.bill_number == "MEDUSH123457"
    assert bill.freight_payment is FreightPayment.PREPAID
    assert bill.goods[0].description == "COTTON T-SHIRTS, MEN'S"
    shipper = bill.party(PartyRole.SHIPPER)
    assert shipper is not None
    assert shipper.address.city == "SHANGHAI"
    assert bill.equipment[0].seals == ("CN4401234",)


def test_every_code_the_reader_knows_is_documented() -> None:
    tables = [
        qualifiers.FUNCTIONS,
        qualifiers.FLOWS,
        qualifiers.MODES,
        qualifiers.PARTY_ROLES,
        qualifiers.BILL_KINDS,
        qualifiers.PAYMENT_ARRANGEMENTS,
        qualifiers.PAYMENT_METHODS,
        qualifiers.EQUIPMENT_KINDS,
        qualifiers.ROUTE_PLACES,
        qualifiers.WEIGHT_UNITS,
        qualifiers.VOLUME_UNITS,
    ]
    codes = {code for table in tables for code in table}
    codes |= {qualifiers.SPLIT, qualifiers.PROVIDER, qualifiers.TRANSSHIPMENT, qualifiers.HS}
    codes |= {qualifiers.ORIGINAL_LOADING, qualifiers.ROUTING, *qualifiers.GROSS_WEIGHT}
    missing = sorted(code for code in codes if f"`{code}`" not in DOC)
    assert missing == []
