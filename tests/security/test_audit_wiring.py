"""Rule and watch-list changes leave their record in the audit trail, in the same transaction:
a refused or rolled-back change leaves none."""

from __future__ import annotations

import hashlib

import pytest
from sqlalchemy import Engine

from cargotarget.model.audit import AuditEvent
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.audit import verify_chain
from cargotarget.workflow.watchlists import ListFormat, create_watchlist, import_watchlist
from tests.rule_factories import add_people, rule

LIST = b"id,kind,value,name,reason,severity\nP1,party,,ACME TRADING LLC,front,high\n"


def _trail(engine: Engine, action: str) -> list[AuditEvent]:
    with engine.connect() as conn:
        return list(reversed(audit_events(conn, AuditFilter(action=action))))


def test_each_step_of_a_rule_is_audited(engine: Engine) -> None:
    with engine.begin() as conn:
        add_people(conn)
        lifecycle.save_rule(conn, rule(), "alice")
        lifecycle.submit(conn, "NARC-0001", "alice")
        lifecycle.approve(conn, "NARC-0001", "bob", note="checked")
        lifecycle.save_rule(conn, rule(weight=50.0), "alice")
    steps = [
        (e.actor, e.subject_kind, e.subject_id, e.details()) for e in _trail(engine, "rule_change")
    ]
    assert steps == [
        ("alice", "rule", "NARC-0001", {"step": "created", "version": 1, "status": "draft"}),
        (
            "alice",
            "rule",
            "NARC-0001",
            {"step": "submitted", "version": 1, "status": "pending_approval"},
        ),
        (
            "bob",
            "rule",
            "NARC-0001",
            {"step": "approved", "version": 1, "status": "active", "note": "checked"},
        ),
        ("alice", "rule", "NARC-0001", {"step": "created", "version": 2, "status": "draft"}),
    ]
    with engine.connect() as conn:
        assert verify_chain(conn).checked == 4


def test_a_refused_rule_step_leaves_no_record(engine: Engine) -> None:
    with engine.begin() as conn:
        add_people(conn)
        lifecycle.save_rule(conn, rule(), "alice")
    with pytest.raises(lifecycle.InvalidTransition), engine.begin() as conn:
        lifecycle.approve(conn, "NARC-0001", "bob")
    assert [e.details()["step"] for e in _trail(engine, "rule_change")] == ["created"]


def test_watch_list_creation_and_imports_are_audited(engine: Engine) -> None:
    with engine.begin() as conn:
        add_people(conn)
        create_watchlist(conn, "LOOKOUTS", "alice")
        import_watchlist(conn, "LOOKOUTS", LIST, ListFormat.CSV, "anton", file_name="a.csv")
    created, imported = _trail(engine, "watchlist_change")
    assert (created.actor, created.subject_id, created.details()) == (
        "alice",
        "LOOKOUTS",
        {"step": "created", "kind": "intelligence"},
    )
    assert (imported.actor, imported.subject_kind) == ("anton", "watchlist")
    assert imported.details() == {
        "step": "imported",
        "sha256": hashlib.sha256(LIST).hexdigest(),
        "added": 1,
        "updated": 0,
        "retired": 0,
        "unchanged": 0,
    }
