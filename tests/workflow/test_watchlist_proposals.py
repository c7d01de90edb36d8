"""Four eyes on watch lists: a change is proposed, then applied only when another supervisor
approves it; a rejection changes nothing; a bad file is refused when proposed."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection, Engine, func, select

from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.watchlist_pages import retired_lists
from cargotarget.store.watchlist_proposal_tables import watchlist_proposal
from cargotarget.workflow import watchlist_proposals as proposals
from cargotarget.workflow import watchlists as lists
from cargotarget.workflow.permissions import NotAllowed
from cargotarget.workflow.watchlist_proposals import (
    MAX_FILE,
    ProposalAction,
    ProposalClosed,
    UnknownProposal,
)
from cargotarget.workflow.watchlists import (
    ListFormat,
    ListSettings,
    UnknownWatchlist,
    WatchlistRejected,
)
from tests.rule_factories import add_people

HEADER = "id,kind,value,name,country,reason,severity\n"
EDITION_1 = (HEADER + "P1,party,,GOLDEN CRESCENT TRADING LLC,AE,front,high\n").encode()
EDITION_2 = (
    HEADER
    + "P1,party,,GOLDEN CRESCENT TRADING LLC,AE,front,high\n"
    + "C1,container,MSCU 123456-6,,,seizure 2024,critical\n"
).encode()
BAD = (HEADER + "X1,party,,ACME,AE,ok,high\nX2,spaceship,,ZORG,AE,bad,low\n").encode()
IMPORT = ProposalAction.IMPORT


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        add_people(connection)
        lists.create_watchlist(connection, "LOOKOUTS", "alice", ListSettings(threshold=90))
        lists.import_watchlist(connection, "LOOKOUTS", EDITION_1, ListFormat.CSV, "alice")
        yield connection


def _keys(conn: Connection) -> list[str]:
    return [e.entry_id for e in lists.list_entries(conn, "LOOKOUTS")]


def test_an_import_waits_for_a_second_person_and_then_applies(conn: Connection) -> None:
    made = proposals.propose(conn, "LOOKOUTS", IMPORT, "alice", data=EDITION_2, file_name="e2.csv")
    assert (made.status, made.entries, made.proposed_by) == ("pending", 2, "alice")
    assert made.sha256 is not None
    assert len(made.sha256) == 64
    assert _keys(conn) == ["P1"]  # nothing applied yet
    with pytest.raises(NotAllowed, match="supervisor"):
        proposals.approve_proposal(conn, made.id, "alice")
    done = proposals.approve_proposal(conn, made.id, "bob", note="checked against the bulletin")
    assert (done.status, done.decided_by, done.decision_note) == (
        "approved",
        "bob",
        "checked against the bulletin",
    )
    assert done.outcome == {"added": 1, "updated": 0, "retired": 0, "unchanged": 1}
    assert _keys(conn) == ["C1", "P1"]
    history = lists.list_history(conn, "LOOKOUTS")
    assert history[-1].username == "bob"
    assert history[-1].note == f"proposal {made.id} by alice"
    steps = audit_events(conn, AuditFilter(action="watchlist_change", subject_id="LOOKOUTS"))
    assert [json.loads(e.detail)["step"] for e in steps][:3] == ["approved", "imported", "proposed"]
    with pytest.raises(ProposalClosed):
        proposals.approve_proposal(conn, made.id, "sam")


def test_the_proposer_never_approves_their_own_change(conn: Connection) -> None:
    made = proposals.propose(conn, "LOOKOUTS", IMPORT, "sam", data=EDITION_2)
    with pytest.raises(NotAllowed, match="four eyes"):
        proposals.approve_proposal(conn, made.id, "sam")
    assert _keys(conn) == ["P1"]
    assert proposals.approve_proposal(conn, made.id, "bob").status == "approved"


def test_a_rejection_needs_a_reason_and_changes_nothing(conn: Connection) -> None:
    made = proposals.propose(conn, "LOOKOUTS", ProposalAction.RETIRE, "alice")
    with pytest.raises(WatchlistRejected, match="reason"):
        proposals.reject_proposal(conn, made.id, "bob", note="  ")
    done = proposals.reject_proposal(conn, made.id, "bob", note="still in use at JMKIN")
    assert (done.status, done.decision_note) == ("rejected", "still in use at JMKIN")
    assert _keys(conn) == ["P1"]
    with pytest.raises(ProposalClosed):
        proposals.approve_proposal(conn, made.id, "sam")
    with pytest.raises(UnknownProposal):
        proposals.approve_proposal(conn, made.id + 100, "bob")


def test_a_bad_file_is_refused_when_proposed_with_its_lines(conn: Connection) -> None:
    with pytest.raises(WatchlistRejected) as refused:
        proposals.propose(conn, "LOOKOUTS", IMPORT, "alice", data=BAD)
    assert any("line 3" in str(p) for p in refused.value.problems)
    for data in (b"", b"\x00\xff" * 50, HEADER.encode()):
        with pytest.raises(WatchlistRejected):
            proposals.propose(conn, "LOOKOUTS", IMPORT, "alice", data=data)
    with pytest.raises(WatchlistRejected, match="limit"):
        proposals.propose(conn, "LOOKOUTS", IMPORT, "alice", data=b"a" * (MAX_FILE + 1))
    with pytest.raises(UnknownWatchlist):
        proposals.propose(conn, "NO SUCH LIST", IMPORT, "alice", data=EDITION_2)
    with pytest.raises(WatchlistRejected, match="plain text"):
        proposals.propose(conn, "LOOKOUTS", IMPORT, "alice", data=EDITION_2, note="a\x00b")
    assert conn.execute(select(func.count()).select_from(watchlist_proposal)).scalar() == 0
    skipped = proposals.propose(conn, "LOOKOUTS", IMPORT, "alice", data=BAD, skip_bad=True)
    assert skipped.entries == 1


def test_a_new_list_is_created_only_on_approval(conn: Connection) -> None:
    settings = ListSettings(threshold=95, source="CET bulletin 12")
    made = proposals.propose(
        conn, "CONTAINERS", ProposalAction.CREATE, "alice", data=EDITION_2, settings=settings
    )
    assert "CONTAINERS" not in {w.name for w in lists.watchlists(conn)}
    with pytest.raises(WatchlistRejected, match="already proposed"):
        proposals.propose(conn, "CONTAINERS", ProposalAction.CREATE, "anton")
    with pytest.raises(WatchlistRejected, match="already exists"):
        proposals.propose(conn, "LOOKOUTS", ProposalAction.CREATE, "anton")
    for bad in ("", "a/b", "x" * 129, "tab\tname"):
        with pytest.raises(WatchlistRejected, match="name"):
            proposals.propose(conn, bad, ProposalAction.CREATE, "anton")
    with pytest.raises(WatchlistRejected, match="threshold"):
        proposals.propose(
            conn, "LOW", ProposalAction.CREATE, "anton", settings=ListSettings(threshold=3)
        )
    proposals.approve_proposal(conn, made.id, "bob")
    created = {w.name: w for w in lists.watchlists(conn)}["CONTAINERS"]
    assert (created.threshold, created.source, created.live) == (95, "CET bulletin 12", 2)


def test_retiring_a_list_takes_it_out_of_screening(conn: Connection) -> None:
    made = proposals.propose(conn, "LOOKOUTS", ProposalAction.RETIRE, "alice", note="superseded")
    assert "LOOKOUTS" not in retired_lists(conn)
    done = proposals.approve_proposal(conn, made.id, "bob")
    assert done.outcome == {"added": 0, "updated": 0, "retired": 1, "unchanged": 0}
    assert lists.list_entries(conn) == []
    assert "LOOKOUTS" in retired_lists(conn)
    with pytest.raises(WatchlistRejected, match="nothing to retire"):
        proposals.propose(conn, "LOOKOUTS", ProposalAction.RETIRE, "alice")
    again = proposals.propose(conn, "LOOKOUTS", IMPORT, "alice", data=EDITION_1)
    proposals.approve_proposal(conn, again.id, "bob")
    assert "LOOKOUTS" not in retired_lists(conn)
    assert _keys(conn) == ["P1"]
