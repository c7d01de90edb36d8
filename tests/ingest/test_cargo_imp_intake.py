"""Cargo-IMP through the intake on real databases: a master and its houses stored and linked,
a bad house quarantined and replayed, a second FWB for the same air waybill an amendment."""

from __future__ import annotations

import io
from pathlib import Path

from cargotarget.store import quarantine
from cargotarget.store.queries import consignment_record, find_ids
from cargotarget.workflow.replay import replay
from cargotarget.workflow.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_imp"


def test_master_and_houses_are_stored_and_a_bad_house_replayed(workspace: Workspace) -> None:
    data = (FIXTURES / "master_and_houses.imp").read_bytes()
    report = workspace.intake.ingest(io.BytesIO(data), provider="DLH", filename="lh.txt")
    assert report.format == "cargo_imp"
    assert (report.messages, report.new, report.quarantined) == (2, 2, 1)
    with workspace.engine.connect() as conn:
        [item] = quarantine.items(conn)
        house = consignment_record(conn, find_ids(conn, "FRA0001")[0])
    assert house is not None
    assert house.versions[-1].consignment.master_bill_number == "020-12345675"
    assert item.bill_number == "FRA0002"
    assert item.problems[-1].position == "line 44, column 5"
    result = replay(workspace.intake, item.id, item.fragment.replace(b"8482X0", b"848210"))
    assert result.resolved
    with workspace.engine.connect() as conn:
        assert len(find_ids(conn, "FRA0002")) == 1


def test_a_second_fwb_for_the_same_air_waybill_amends_it(workspace: Workspace) -> None:
    first = (FIXTURES / "fwb16_simple.fwb").read_bytes()
    second = first.replace(b"MENS COTTON SHIRTS", b"MENS SILK SHIRTS")
    assert workspace.intake.ingest(io.BytesIO(first), provider="BAW", filename="a.fwb").new == 1
    again = workspace.intake.ingest(io.BytesIO(second), provider="BAW", filename="b.fwb")
    assert again.amended == 1
    with workspace.engine.connect() as conn:
        record = consignment_record(conn, find_ids(conn, "176-12345675")[0])
    assert record is not None
    assert [v.consignment.goods[0].description for v in record.versions] == [
        "MENS COTTON SHIRTS",
        "MENS SILK SHIRTS",
    ]
