"""Intake end to end on a real database: archive first, idempotency, quarantine and replay."""

from __future__ import annotations

import hashlib
import io
from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
import pytest
from sqlalchemy import func, select

from cargotarget.ingest.edifact.writer import write_cuscar
from cargotarget.model.manifest import Manifest, MessageFunction
from cargotarget.store import quarantine
from cargotarget.store import tables as t
from cargotarget.store.archive import Archive, MessageTooLarge
from cargotarget.store.queries import consignment_record, find_ids
from cargotarget.workflow.intake import Intake
from cargotarget.workflow.replay import ReplayError, replay
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest


def _count(workspace: Workspace, table: t.Table) -> int:
    with workspace.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(table)).scalar_one())


def _ingest(workspace: Workspace, data: bytes, name: str = "m.json") -> object:
    return workspace.intake.ingest(io.BytesIO(data), provider="MAEU", filename=name)


def test_raw_bytes_are_archived_even_when_nothing_parses(workspace: Workspace) -> None:
    garbage = b"\x00\x01\x02 not a manifest \xff\xfe"
    report = workspace.intake.ingest(io.BytesIO(garbage), provider="MAEU", filename="x.bin")
    sha = hashlib.sha256(garbage).hexdigest()
    assert workspace.archive.path_of(sha).read_bytes() == garbage
    assert report.quarantined == 1
    assert report.errors, "a rejected input must carry its reason"
    with workspace.engine.connect() as conn:
        [item] = quarantine.items(conn)
    assert item.scope == "message"
    assert item.problems[0].message


def test_same_bytes_twice_change_nothing(workspace: Workspace) -> None:
    data = as_json(manifest(consignment("B1"), consignment("B2")))
    first = workspace.intake.ingest(io.BytesIO(data), provider="MAEU", filename="a.json")
    second = workspace.intake.ingest(io.BytesIO(data), provider="MAEU", filename="a.json")
    assert (first.new, first.duplicate) == (2, False)
    assert (second.new, second.unchanged, second.duplicate) == (0, 0, True)
    assert _count(workspace, t.raw_message) == 1
    assert _count(workspace, t.manifest) == 1
    assert _count(workspace, t.consignment_version) == 2


def test_same_content_in_other_bytes_is_unchanged(workspace: Workspace) -> None:
    value = manifest(consignment("B1"))
    workspace.intake.ingest(io.BytesIO(as_json(value)), provider="MAEU")
    pretty = msgspec.json.format(as_json(value), indent=2)
    again = workspace.intake.ingest(io.BytesIO(pretty), provider="MAEU")
    assert (again.duplicate, again.unchanged, again.new) == (False, 1, 0)
    assert _count(workspace, t.consignment_version) == 1


def test_amendment_through_intake_keeps_history(workspace: Workspace) -> None:
    workspace.intake.ingest(io.BytesIO(as_json(manifest(consignment("B1")))), provider="MAEU")
    amended = manifest(
        consignment("B1", description="USED CLOTHING"), function=MessageFunction.REPLACE
    )
    report = workspace.intake.ingest(io.BytesIO(as_json(amended)), provider="MAEU")
    assert report.amended == 1
    with workspace.engine.connect() as conn:
        record = consignment_record(conn, find_ids(conn, "B1")[0])
    assert record is not None
    assert [v.consignment.goods[0].description for v in record.versions] == [
        "FRESH BANANAS",
        "USED CLOTHING",
    ]


def _as_cuscar(value: Manifest) -> bytes:
    prepared = datetime(2026, 3, 9, tzinfo=UTC)
    return write_cuscar(
        [value], sender="MAEU", recipient="JMCUS", control_ref="7", prepared_at=prepared
    )


@pytest.mark.parametrize("encode", [as_json, _as_cuscar], ids=["json", "cuscar"])
def test_bad_consignment_is_quarantined_and_replayed_after_correction(
    workspace: Workspace, encode: Callable[[Manifest], bytes]
) -> None:
    data = encode(manifest(consignment("GOOD"), consignment("BAD", container="GMCU6094137")))
    report = workspace.intake.ingest(io.BytesIO(data), provider="MAEU", filename="m.json")
    assert (report.new, report.quarantined) == (1, 1)
    with workspace.engine.connect() as conn:
        [item] = quarantine.items(conn)
        assert find_ids(conn, "BAD") == []
    assert item.bill_number == "BAD"
    assert any("check digit" in p.message for p in item.problems)
    assert all(p.position for p in item.problems)

    still_bad = replay(workspace.intake, item.id)
    assert not still_bad.resolved
    assert any("check digit" in p.message for p in still_bad.problems)

    fixed = item.fragment.replace(b"GMCU6094137", b"HASU5044950")
    result = replay(workspace.intake, item.id, fixed)
    assert result.resolved
    with workspace.engine.connect() as conn:
        assert len(find_ids(conn, "BAD")) == 1
        assert quarantine.items(conn) == []
        resolved = quarantine.item(conn, item.id)
    assert resolved is not None
    assert resolved.status == "resolved"
    assert resolved.resolved_by_raw_message_id == result.report.raw_message_id  # type: ignore[union-attr]
    with pytest.raises(ReplayError, match="already resolved"):
        replay(workspace.intake, item.id, fixed)


def test_empty_input_is_quarantined_with_its_reason(workspace: Workspace) -> None:
    report = workspace.intake.ingest(io.BytesIO(b""), provider="MAEU", filename="empty.edi")
    assert report.quarantined == 1
    assert "empty" in report.errors[0].message.lower()


def test_oversized_input_is_refused_and_leaves_nothing(workspace: Workspace) -> None:
    small = Archive(workspace.archive.root, max_bytes=1000)
    intake = Intake(workspace.engine, small)
    with pytest.raises(MessageTooLarge, match="exceeds the limit of 1,000 bytes"):
        intake.ingest(io.BytesIO(b"x" * 5000), provider="MAEU")
    assert _count(workspace, t.raw_message) == 0
    assert not any(workspace.archive.root.rglob("*")) or all(
        p.is_dir() for p in workspace.archive.root.rglob("*")
    )
