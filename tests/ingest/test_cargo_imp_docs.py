"""docs/formats/cargo-imp.md stays true: its example reads as the page says."""

from __future__ import annotations

import io
import re
from pathlib import Path

from cargotarget.ingest.iata.imp_rates import SUB_CODES
from cargotarget.ingest.iata.imp_reader import VERSIONS, read_cargo_imp
from cargotarget.model.manifest import FreightPayment, PartyRole

DOC = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "cargo-imp.md").read_text()


def test_the_example_reads_as_documented() -> None:
    (block,) = re.findall(r"```cargo-imp\n(.*?)```", DOC, re.DOTALL)
    [message] = list(read_cargo_imp(io.BytesIO(block.encode("ascii"))))
    assert message.problems == ()
    assert message.manifest is not None
    assert message.manifest.voyage.voyage_number == "BA117/14"
    [awb] = message.manifest.consignments
    assert awb.bill_number == "176-12345675"
    assert awb.freight_payment is FreightPayment.PREPAID
    assert awb.goods[0].hs_code == "610510"
    consignee = awb.party(PartyRole.CONSIGNEE)
    assert consignee is not None
    assert consignee.identifiers[-1].value == "13-1234567"


def test_every_rate_line_entry_and_version_is_documented() -> None:
    for code in SUB_CODES:
        assert f"/{code}/" in DOC, code
    for kind, version in VERSIONS.items():
        assert f"{kind}/{version}" in DOC, kind
