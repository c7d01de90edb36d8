"""Cargo-XML through the intake, on SQLite and PostgreSQL: masters and houses linked by the air
waybill number, the flight manifest on the same flight, amendments, quarantine and replay."""

from __future__ import annotations

import io
from pathlib import Path

from sqlalchemy import select

from cargotarget.store import quarantine
from cargotarget.store import tables as t
from cargotarget.workflow.replay import replay
from cargotarget.workflow.report import IngestReport
from cargotarget.workflow.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_xml"


def _ingest(
    workspace: Workspace, name: str, provider: str, data: bytes | None = None
) -> IngestReport:
    body = (FIXTURES / name).read_bytes() if data is None else data
    return workspace.intake.ingest(io.BytesIO(body), provider=provider, filename=name)


def _rows(workspace: Workspace) -> dict[tuple[str, str], dict[str, object]]:
    c, v = t.consignment, t.voyage
    query = select(
        c.c.provider, c.c.bill_number, c.c.kind, c.c.master_bill_number, c.c.version,
        c.c.cancelled, v.c.voyage_number,
    ).join(v, v.c.id == c.c.voyage_id)  # fmt: skip
    with workspace.engine.connect() as conn:
        return {(r.provider, r.bill_number): dict(r._mapping) for r in conn.execute(query)}


def test_house_master_and_flight_manifest_link_by_air_waybill_number(workspace: Workspace) -> None:
    _ingest(workspace, "020-12345675_XFWB.xml", "RHEINLOG")
    _ingest(workspace, "FRA-H-77120_XFZB.xml", "RHEINLOG")
    report = _ingest(workspace, "LH400_XFFM.xml", "LHCARGO")
    assert report.new == 3
    rows = _rows(workspace)
    house = rows["RHEINLOG", "FRA-H-77120"]
    assert (house["kind"], house["master_bill_number"]) == ("house", "020-12345675")
    master = rows["RHEINLOG", "020-12345675"]
    assert master["kind"] == "master"
    houses = [key[1] for key, row in rows.items() if row["master_bill_number"] == "020-12345675"]
    assert houses == ["FRA-H-77120"]
    loaded = rows["LHCARGO", "020-12345675"]
    assert loaded["voyage_number"] == master["voyage_number"] == "LH400/05MAR"
    manifest_only = rows["LHCARGO", "020-34567890"]
    assert (manifest_only["kind"], manifest_only["voyage_number"]) == ("master", "LH400/05MAR")
    with workspace.engine.connect() as conn:
        ulds = set(conn.execute(select(t.container.c.number)).scalars())
    assert ulds == {"AKE12345LH", "PMC54321LH"}


def test_the_same_message_twice_changes_nothing_and_an_update_is_a_new_version(
    workspace: Workspace,
) -> None:
    _ingest(workspace, "020-12345675_XFWB.xml", "RHEINLOG")
    again = _ingest(workspace, "020-12345675_XFWB.xml", "RHEINLOG")
    assert again.duplicate
    data = (FIXTURES / "020-12345675_XFWB.xml").read_bytes()
    update = data.replace(b">Creation<", b">Update<").replace(b">412.5<", b">420<")
    report = _ingest(workspace, "update.xml", "RHEINLOG", update)
    assert report.amended == 1
    assert _rows(workspace)["RHEINLOG", "020-12345675"]["version"] == 2
    deletion = data.replace(b">Creation<", b">Deletion<")
    assert _ingest(workspace, "deletion.xml", "RHEINLOG", deletion).cancelled == 1
    assert _rows(workspace)["RHEINLOG", "020-12345675"]["cancelled"]


def test_a_sample_with_a_placeholder_code_is_quarantined_and_replayed_once_corrected(
    workspace: Workspace,
) -> None:
    report = _ingest(workspace, "888-11111111_XFWB.xml", "RIEGE")
    (item_id,) = report.quarantine_ids
    with workspace.engine.connect() as conn:
        item = quarantine.item(conn, item_id)
    assert item is not None
    assert (item.scope, item.bill_number, item.format) == (
        "consignment",
        "888-11111111",
        "cargo_xml",
    )
    assert "invalid.HsCode" in [p.code for p in item.problems]
    refused = replay(workspace.intake, item_id)
    assert not refused.resolved
    corrected = item.fragment.replace(b">000111<", b">300490<")
    result = replay(workspace.intake, item_id, corrected)
    assert result.resolved
    assert _rows(workspace)["RIEGE", "888-11111111"]["kind"] == "master"


def test_malformed_xml_is_quarantined_whole_with_its_line_and_column(workspace: Workspace) -> None:
    data = (FIXTURES / "FRA-H-77120_XFZB.xml").read_bytes()
    broken = data.replace(b"</ram:SummaryDescription>", b"</ram:Summary>")
    report = _ingest(workspace, "broken.xml", "RHEINLOG", broken)
    (item_id,) = report.quarantine_ids
    with workspace.engine.connect() as conn:
        item = quarantine.item(conn, item_id)
    assert item is not None
    assert item.scope == "message"
    (problem,) = item.problems
    assert (problem.code, problem.message) == ("invalid.xml", "not well-formed XML: mismatched tag")
    assert problem.position == "line 34, column 49"
    assert item.fragment == broken
    assert _rows(workspace) == {}
