"""Watch lists in the database: imports from CSV and FollowTheMoney, what each import changes,
the record of who imported what, and files that are refused."""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, func, select, update
from sqlalchemy.exc import DBAPIError

from cargotarget.screening import EntryKind, Severity, load_csv
from cargotarget.store import tables as t
from cargotarget.store.watchlists import Changes
from cargotarget.workflow import watchlists as lists
from cargotarget.workflow.permissions import NotAllowed
from cargotarget.workflow.watchlists import (
    ListFormat,
    ListKind,
    ListSettings,
    UnknownWatchlist,
    WatchlistRejected,
)
from tests.rule_factories import add_people

CSV = ListFormat.CSV
HEADER = "id,kind,value,name,aliases,country,identifiers,reason,severity,valid_from,expires\n"
ROWS = {
    "P1": 'P1,party,,"GOLDEN CRESCENT TRADING LLC",GCT|GOLDEN CRESCENT,AE,TIN:100-7,front,high,,\n',
    "C1": "C1,container,MSCU 123456-6,,,,,seizure 2024,critical,,\n",
    "V1": "V1,vessel,IMO 9074729,OCEAN STAR,,,,shadow fleet,high,,\n",
    "K1": "K1,keyword,said to contain,,,,,vague description,low,,2020-01-01\n",
}
FTM = b"""\
{"id": "os-acme", "schema": "Company", "properties": {"name": ["ACME GLOBAL TRADING LLC"], \
"alias": ["ACME GT"], "country": ["ae"], "topics": ["sanction"]}, "datasets": ["us_ofac_sdn"]}
{"id": "os-ivan", "schema": "Person", "properties": {"name": ["Sergei Ivanov"], \
"nationality": ["ru"]}}
"""


def _csv(*ids: str, **replaced: str) -> bytes:
    return (HEADER + "".join(replaced.get(i, ROWS[i]) for i in ids)).encode()


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        add_people(connection)
        lists.create_watchlist(connection, "LOOKOUTS", "alice", ListSettings(threshold=90))
        yield connection


def _import(conn: Connection, data: bytes, **options: bool) -> Changes:
    return lists.import_watchlist(conn, "LOOKOUTS", data, CSV, "alice", **options).changes


def test_a_csv_list_is_stored_and_read_back_as_screening_entries(conn: Connection) -> None:
    data = _csv("P1", "C1", "V1", "K1")
    done = lists.import_watchlist(conn, "LOOKOUTS", data, CSV, "alice", file_name="cet.csv")
    assert done.changes == Changes(added=4)
    assert done.watchlist.live == 4
    expected = load_csv(data, list_name="LOOKOUTS", source_name="LOOKOUTS").entries
    stored = lists.list_entries(conn, "LOOKOUTS")
    assert stored == sorted(expected, key=lambda e: e.entry_id)
    party = next(e for e in stored if e.entry_id == "P1")
    assert (party.kind, party.severity, party.aliases) == (
        EntryKind.PARTY,
        Severity.HIGH,
        ("GCT", "GOLDEN CRESCENT"),
    )
    assert [e.entry_id for e in lists.list_entries(conn, on=date(2026, 1, 1))] == ["C1", "P1", "V1"]
    [listed] = lists.watchlists(conn)
    assert (listed.name, listed.kind, listed.threshold, listed.live) == (
        "LOOKOUTS",
        "intelligence",
        90,
        4,
    )


def test_importing_the_same_file_again_changes_nothing(conn: Connection) -> None:
    _import(conn, _csv("P1", "C1"))
    assert _import(conn, _csv("P1", "C1")) == Changes(unchanged=2)
    rows = conn.execute(select(func.count()).select_from(t.watchlist_entry)).scalar()
    assert rows == 2


def test_an_import_adds_updates_and_retires(conn: Connection) -> None:
    _import(conn, _csv("P1", "C1", "V1"))
    changed = ROWS["C1"].replace("seizure 2024", "seizures 2024 and 2025")
    assert _import(conn, _csv("P1", "C1", "K1", C1=changed)) == Changes(
        added=1, updated=1, retired=1, unchanged=1
    )
    assert [e.entry_id for e in lists.list_entries(conn, "LOOKOUTS")] == ["C1", "K1", "P1"]
    assert next(e.reason for e in lists.list_entries(conn) if e.entry_id == "C1") == (
        "seizures 2024 and 2025"
    )
    kept = conn.execute(select(func.count()).select_from(t.watchlist_entry)).scalar()
    assert kept == 5


def test_keep_missing_leaves_entries_the_file_does_not_hold(conn: Connection) -> None:
    _import(conn, _csv("P1", "C1"))
    assert _import(conn, _csv("V1"), retire_missing=False) == Changes(added=1)
    assert len(lists.list_entries(conn, "LOOKOUTS")) == 3


def test_every_change_is_recorded_and_the_record_is_append_only(conn: Connection) -> None:
    data = _csv("P1", "C1")
    lists.import_watchlist(conn, "LOOKOUTS", data, CSV, "alice", file_name="cet.csv")
    lists.import_watchlist(conn, "LOOKOUTS", _csv("P1"), CSV, "sam", file_name="cet2.csv")
    history = lists.list_history(conn, "LOOKOUTS")
    assert [(e.action, e.username, e.source) for e in history] == [
        ("created", "alice", None),
        ("imported", "alice", "cet.csv"),
        ("imported", "sam", "cet2.csv"),
    ]
    assert history[2].changes == Changes(retired=1, unchanged=1)
    assert history[1].format == "csv"
    assert history[1].sha256 == hashlib.sha256(data).hexdigest()
    with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
        conn.execute(update(t.watchlist_event).values(note="rewritten"))


def test_a_file_with_problems_changes_nothing(conn: Connection) -> None:
    _import(conn, _csv("P1"))
    bad = _csv("C1", "V1", C1="C1,container,MSCU 123456-7,,,,,seizure,high,,\n")
    with pytest.raises(WatchlistRejected) as caught:
        _import(conn, bad)
    [problem] = caught.value.problems
    assert problem.position == "line 2"
    assert "check digit" in problem.message
    assert [e.entry_id for e in lists.list_entries(conn)] == ["P1"]
    assert _import(conn, bad, skip_bad=True) == Changes(added=1, retired=1)
    assert lists.list_history(conn, "LOOKOUTS")[-1].note == "1 problem(s) skipped"


def test_repeated_ids_and_empty_files_are_refused(conn: Connection) -> None:
    with pytest.raises(WatchlistRejected, match="entry id 'P1' appears twice"):
        _import(conn, _csv("P1", "P1"))
    _import(conn, _csv("P1"))
    for empty in (b"", HEADER.encode()):
        with pytest.raises(WatchlistRejected):
            _import(conn, empty, skip_bad=True)
    assert len(lists.list_entries(conn)) == 1


def test_a_followthemoney_file_is_imported(conn: Connection) -> None:
    lists.create_watchlist(conn, "OFAC", "bob", ListSettings(kind=ListKind.SANCTIONS))
    done = lists.import_watchlist(conn, "OFAC", FTM, ListFormat.FTM, "bob", file_name="sdn.json")
    assert done.changes == Changes(added=2)
    acme = next(e for e in lists.list_entries(conn, "OFAC") if e.entry_id == "os-acme")
    assert (acme.kind, acme.name, acme.aliases, acme.country) == (
        EntryKind.PARTY,
        "ACME GLOBAL TRADING LLC",
        ("ACME GT",),
        "AE",
    )
    assert lists.list_entries(conn, "LOOKOUTS") == []


def test_lists_are_created_and_imported_only_by_analysts_and_supervisors(conn: Connection) -> None:
    with pytest.raises(NotAllowed, match="erin has examiner"):
        lists.create_watchlist(conn, "MINE", "erin")
    with pytest.raises(NotAllowed):
        lists.import_watchlist(conn, "LOOKOUTS", _csv("P1"), CSV, "erin")
    with pytest.raises(UnknownWatchlist):
        lists.import_watchlist(conn, "NOPE", _csv("P1"), CSV, "alice")
    with pytest.raises(UnknownWatchlist):
        lists.list_entries(conn, "NOPE")


@pytest.mark.parametrize(
    ("name", "threshold", "message"),
    [
        ("LOOKOUTS", 90, "already exists"),
        ("NEW", 101, "not between 80 and 100"),
        ("NEW", 79, "not between 80 and 100"),
        (" ", 90, "name"),
    ],
)
def test_list_settings_are_checked(
    conn: Connection, name: str, threshold: int, message: str
) -> None:
    with pytest.raises(WatchlistRejected, match=message):
        lists.create_watchlist(conn, name, "alice", ListSettings(threshold=threshold))


def test_the_documentation_names_every_kind() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "watchlist-imports.md").read_text()
    for kind in (*ListKind, *EntryKind):
        assert f"`{kind.value}`" in doc
