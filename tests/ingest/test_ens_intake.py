"""Entry summary declarations through the intake, on real databases: stored, quarantined,
replayed and amended like every other format."""

from __future__ import annotations

import io
from pathlib import Path

from cargotarget.store import quarantine
from cargotarget.store.queries import consignment_record, find_ids
from cargotarget.workflow.replay import replay
from cargotarget.workflow.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "ens"


def test_declaration_is_stored_and_its_bad_document_quarantined_then_replayed(
    workspace: Workspace,
) -> None:
    data = (FIXTURES / "air_houses.xml").read_bytes()
    report = workspace.intake.ingest(io.BytesIO(data), provider="DLH", filename="ens.xml")
    assert report.format == "ens"
    assert (report.new, report.quarantined) == (2, 1)
    again = workspace.intake.ingest(io.BytesIO(data), provider="DLH", filename="ens.xml")
    assert again.duplicate
    with workspace.engine.connect() as conn:
        [item] = quarantine.items(conn)
        house = consignment_record(conn, find_ids(conn, "HFRA1001")[0])
    assert house is not None
    assert house.versions[-1].consignment.master_bill_number == "020-12345675"
    assert item.bill_number == "HFRA1003"
    assert item.problems[0].position == "line 93, column 13"
    result = replay(workspace.intake, item.id, item.fragment.replace(b"84X1", b"847330"))
    assert result.resolved
    with workspace.engine.connect() as conn:
        assert len(find_ids(conn, "HFRA1003")) == 1


def test_cc313a_amends_the_declared_consignment(workspace: Workspace) -> None:
    amendment = (FIXTURES / "sea_amendment.xml").read_bytes()
    original = amendment.replace(b"CC313A", b"CC315A").replace(b"LED LAMPS", b"LAMPS")
    first = workspace.intake.ingest(io.BytesIO(original), provider="MSC", filename="a.xml")
    assert first.new == 1
    second = workspace.intake.ingest(io.BytesIO(amendment), provider="MSC", filename="b.xml")
    assert second.amended == 1
    with workspace.engine.connect() as conn:
        record = consignment_record(conn, find_ids(conn, "MEDU4711001")[0])
    assert record is not None
    assert [v.consignment.goods[0].description for v in record.versions] == [
        "LAMPS",
        "LED LAMPS",
    ]
