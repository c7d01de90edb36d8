"""docs/formats/x12.md stays true: its tables name every code the X12 reader knows."""

from __future__ import annotations

import re
from collections.abc import Mapping
from pathlib import Path

from cargotarget.ingest.x12 import codes

DOC = (Path(__file__).resolve().parents[2] / "docs" / "formats" / "x12.md").read_text("utf-8")


def test_every_code_the_reader_knows_is_documented() -> None:
    tables: list[Mapping[str, object]] = [
        codes.MODES,
        codes.PARTY_ROLES,
        codes.ID_SCHEMES,
        codes.BILL_KINDS,
        codes.AMENDMENTS,
        codes.EQUIPMENT_KINDS,
        codes.PAYMENTS,
        codes.PORT_FUNCTIONS,
    ]
    documented = set(re.findall(r"`([A-Z0-9]{1,3})`", DOC))
    known = {code for table in tables for code in table}
    known |= set(codes.WEIGHT_UNITS) | set(codes.VOLUME_UNITS) | set(codes.HS_QUALIFIERS)
    known.add(codes.NOT_CONTAINERISED)
    assert known - documented == set()


def test_every_segment_the_readers_handle_is_in_a_table() -> None:
    from cargotarget.ingest.x12.bill import _HANDLERS as BILL
    from cargotarget.ingest.x12.freight310 import _HANDLERS as RECEIPT

    rows = set(re.findall(r"^\| ([A-Z0-9]{2,3}) ", DOC, re.MULTILINE))
    handled = set(BILL) | set(RECEIPT) | {"M10", "P4", "N2", "N3", "N4"}
    assert handled - rows - {"N1"} == set()
    assert "N1" in DOC
