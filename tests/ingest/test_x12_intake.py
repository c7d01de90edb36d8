"""X12 through the intake on real databases: stored, versioned, quarantined and replayed like
every other format; a held-back bill comes back as a 309 of its own that reads cleanly when
fixed."""

from __future__ import annotations

import io
from pathlib import Path

from cargotarget.ingest.x12.reader import read_x12
from cargotarget.store import quarantine
from cargotarget.store.queries import consignment_record, find_ids
from cargotarget.workflow.replay import replay
from cargotarget.workflow.workspace import Workspace

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"
SEA_IMPORT = (FIXTURES / "309_sea_import.edi").read_bytes()
#: The house bill's container with a wrong check digit (GMCU6094137 should end in 5).
BAD_CONTAINER = SEA_IMPORT.replace(b"VID*CN*MEDU*7654325", b"VID*CN*GMCU*6094137")


def test_bad_bill_is_quarantined_alone_and_replayed_from_its_own_309(
    workspace: Workspace,
) -> None:
    report = workspace.intake.ingest(io.BytesIO(BAD_CONTAINER), provider="MAEU", filename="a.309")
    assert report.format == "x12"
    assert (report.new, report.quarantined) == (2, 1)
    with workspace.engine.connect() as conn:
        [item] = quarantine.items(conn)
        assert find_ids(conn, "MAEU12345679") == []
    assert item.bill_number == "MAEU12345679"
    [problem] = [p for p in item.problems if "check digit" in p.message]
    assert problem.position == "segment 27 (VID)"

    # The fragment is a complete interchange: heading, the bill's P4 and the bill, counts of one.
    fragment = item.fragment
    assert fragment.count(b"LX*") == 1
    assert b"M10*MAEU*O*SG*9786774*POLAR ECUADOR*234N*MAEU234N0147*1**L~" in fragment
    assert b"P4*USNYC*20260312*1**0630~" in fragment
    assert fragment.endswith(b"SE*13*0001~\nGE*1*147~\nIEA*1*000000147~\n")
    fixed = fragment.replace(b"VID*CN*GMCU*6094137", b"VID*CN*GMCU*6094135")
    (clean,) = read_x12(io.BytesIO(fixed))
    assert clean.problems == ()
    assert clean.rejected == ()

    result = replay(workspace.intake, item.id, fixed)
    assert result.resolved
    with workspace.engine.connect() as conn:
        [cid] = find_ids(conn, "MAEU12345679")
        record = consignment_record(conn, cid)
        assert quarantine.items(conn) == []
    assert record is not None
    assert record.versions[-1].consignment.equipment[0].number == "GMCU6094135"


def test_same_interchange_twice_changes_nothing_and_amendments_make_versions(
    workspace: Workspace,
) -> None:
    first = workspace.intake.ingest(io.BytesIO(SEA_IMPORT), provider="MAEU", filename="a.309")
    assert (first.new, first.quarantined) == (3, 0)
    again = workspace.intake.ingest(io.BytesIO(SEA_IMPORT), provider="MAEU", filename="a.309")
    assert again.duplicate
    amendments = (FIXTURES / "309_amendments.edi").read_bytes()
    second = workspace.intake.ingest(io.BytesIO(amendments), provider="MAEU", filename="b.309")
    assert (second.amended, second.cancelled, second.new) == (1, 1, 1)
    with workspace.engine.connect() as conn:
        record = consignment_record(conn, find_ids(conn, "MAEU12345678")[0])
    assert record is not None
    assert [v.consignment.goods[0].description for v in record.versions] == [
        "COTTON T-SHIRTS MENS KNITTED",
        "COTTON T-SHIRTS MENS AND WOMENS",
    ]


def test_bad_heading_quarantines_the_whole_transaction_set(workspace: Workspace) -> None:
    data = SEA_IMPORT.replace(b"*9786774*", b"*9786775*")
    report = workspace.intake.ingest(io.BytesIO(data), provider="MAEU", filename="c.309")
    assert (report.new, report.quarantined) == (0, 1)
    with workspace.engine.connect() as conn:
        [item] = quarantine.items(conn)
    assert item.bill_number is None
    assert any(p.position == "segment 4 (M10)" and "IMO" in p.message for p in item.problems)
    assert item.fragment.count(b"LX*") == 3


def test_shared_310_sample_is_quarantined_with_its_mismatches_and_stored_once_corrected(
    workspace: Workspace,
) -> None:
    data = (FIXTURES / "310_shared_sample.edi").read_bytes()
    report = workspace.intake.ingest(io.BytesIO(data), provider="WHT", filename="sample.310")
    assert report.new == 0
    codes = {(p.position.split(",")[0], p.code) for p in report.errors}
    assert ("segment 48 (SE)", "invalid.segment_count") in codes
    assert ("segment 50 (IEA)", "invalid.control_number") in codes
    fixed = (FIXTURES / "310_envelope_corrected.edi").read_bytes()
    stored = workspace.intake.ingest(io.BytesIO(fixed), provider="WHT", filename="fixed.310")
    assert (stored.new, stored.quarantined) == (1, 0)
