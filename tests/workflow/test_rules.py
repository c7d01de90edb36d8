"""The life of a rule on SQLite and PostgreSQL: four eyes, allowed transitions, immutable
versions, expiry, scope, and the record of every step."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import Connection, Engine, delete, update
from sqlalchemy.exc import DBAPIError

from cargotarget.model.manifest import Flow, TransportMode
from cargotarget.model.rules import RuleStatus, Scope
from cargotarget.risk.fields import FieldType, default_catalogue
from cargotarget.store import tables as t
from cargotarget.store.users import set_active
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.rules import (
    InvalidTransition,
    NotAllowed,
    NoteRequired,
    RuleRejected,
    UnknownRule,
    UnknownUser,
)
from tests.rule_factories import add_people, rule

NOW = datetime(2026, 6, 15, 12, 0, tzinfo=UTC)


@pytest.fixture
def conn(engine: Engine) -> Iterator[Connection]:
    with engine.begin() as connection:
        add_people(connection)
        yield connection


def _live(conn: Connection, code: str = "NARC-0001", **content: object) -> None:
    """Save, submit and approve a rule: alice writes, bob approves."""
    lifecycle.save_rule(conn, rule(code, **content), "alice")
    lifecycle.submit(conn, code, "alice")
    lifecycle.approve(conn, code, "bob")


def _statuses(conn: Connection, code: str = "NARC-0001") -> list[RuleStatus]:
    return [v.status for v in lifecycle.rule_history(conn, code).versions]


def test_a_rule_goes_live_when_another_supervisor_approves_it(conn: Connection) -> None:
    saved = lifecycle.save_rule(conn, rule(), "alice")
    assert saved.changed
    assert saved.version.status is RuleStatus.DRAFT
    assert saved.version.author == "alice"
    assert lifecycle.submit(conn, "NARC-0001", "alice").status is RuleStatus.PENDING_APPROVAL
    assert lifecycle.active_rules(conn, NOW) == []
    approved = lifecycle.approve(conn, "narc-0001", "bob", note="seizure data checked")
    assert approved.status is RuleStatus.ACTIVE
    assert [r.code for r in lifecycle.active_rules(conn, NOW)] == ["NARC-0001"]


def test_the_author_cannot_approve_their_own_version(conn: Connection) -> None:
    lifecycle.save_rule(conn, rule(), "sam")
    lifecycle.submit(conn, "NARC-0001", "sam")
    with pytest.raises(NotAllowed, match="four eyes: sam wrote NARC-0001 version 1"):
        lifecycle.approve(conn, "NARC-0001", "sam")
    assert _statuses(conn) == [RuleStatus.PENDING_APPROVAL]


@pytest.mark.parametrize("who", ["alice", "anton", "erin"])
def test_only_supervisors_approve(conn: Connection, who: str) -> None:
    lifecycle.save_rule(conn, rule(), "alice")
    lifecycle.submit(conn, "NARC-0001", "alice")
    with pytest.raises(NotAllowed, match="needs the supervisor role"):
        lifecycle.approve(conn, "NARC-0001", who)
    with pytest.raises(NotAllowed, match="needs the supervisor role"):
        lifecycle.reject(conn, "NARC-0001", who, note="no")


def test_unknown_and_inactive_users_may_not_act(conn: Connection) -> None:
    with pytest.raises(UnknownUser, match="no user named 'mallory'"):
        lifecycle.save_rule(conn, rule(), "mallory")
    with pytest.raises(NotAllowed, match="needs the analyst or supervisor role; erin has examiner"):
        lifecycle.save_rule(conn, rule(), "erin")
    lifecycle.save_rule(conn, rule(), "alice")
    lifecycle.submit(conn, "NARC-0001", "alice")
    set_active(conn, "bob", False)
    with pytest.raises(NotAllowed, match="bob is deactivated"):
        lifecycle.approve(conn, "NARC-0001", "bob")


def test_steps_follow_only_the_allowed_edges(conn: Connection) -> None:
    lifecycle.save_rule(conn, rule(), "alice")
    with pytest.raises(InvalidTransition, match="it is draft; submit it for approval first"):
        lifecycle.approve(conn, "NARC-0001", "bob")
    with pytest.raises(InvalidTransition, match="cannot reject"):
        lifecycle.reject(conn, "NARC-0001", "bob", note="too broad")
    lifecycle.submit(conn, "NARC-0001", "alice")
    with pytest.raises(InvalidTransition, match="cannot submit"):
        lifecycle.submit(conn, "NARC-0001", "alice")
    lifecycle.approve(conn, "NARC-0001", "bob")
    for step in (lifecycle.submit, lifecycle.approve):
        with pytest.raises(InvalidTransition, match="it is active"):
            step(conn, "NARC-0001", "sam")
    lifecycle.retire(conn, "NARC-0001", "bob", note="no seizures for a year")
    with pytest.raises(InvalidTransition, match="it is retired; it is final"):
        lifecycle.retire(conn, "NARC-0001", "bob")
    assert _statuses(conn) == [RuleStatus.RETIRED]


def test_a_rejection_needs_a_note_and_is_final(conn: Connection) -> None:
    lifecycle.save_rule(conn, rule(), "alice")
    lifecycle.submit(conn, "NARC-0001", "alice")
    with pytest.raises(NoteRequired):
        lifecycle.reject(conn, "NARC-0001", "bob", note="  ")
    lifecycle.reject(conn, "NARC-0001", "bob", note="add Peru")
    with pytest.raises(InvalidTransition, match="it is rejected; it is final"):
        lifecycle.submit(conn, "NARC-0001", "alice")
    again = lifecycle.save_rule(conn, rule(condition="origin_country IN ('CO','EC','PE')"), "alice")
    assert again.version.version == 2
    assert _statuses(conn) == [RuleStatus.REJECTED, RuleStatus.DRAFT]
    events = lifecycle.rule_history(conn, "NARC-0001").events
    assert [(e.action, e.username, e.note) for e in events][2] == ("rejected", "bob", "add Peru")


def test_approving_a_new_version_retires_the_active_one(conn: Connection) -> None:
    _live(conn)
    lifecycle.save_rule(conn, rule(weight=55.0), "alice")
    assert [v.content.weight for v in lifecycle.active_rules(conn, NOW)] == [40.0]
    lifecycle.submit(conn, "NARC-0001", "alice")
    lifecycle.approve(conn, "NARC-0001", "sam")
    assert _statuses(conn) == [RuleStatus.RETIRED, RuleStatus.ACTIVE]
    assert [v.content.weight for v in lifecycle.active_rules(conn, NOW)] == [55.0]
    actions = [(e.version, e.action) for e in lifecycle.rule_history(conn, "NARC-0001").events]
    assert actions[-2:] == [(1, "replaced"), (2, "approved")]


def test_a_new_version_withdraws_an_open_one(conn: Connection) -> None:
    lifecycle.save_rule(conn, rule(), "alice")
    lifecycle.submit(conn, "NARC-0001", "alice")
    lifecycle.save_rule(conn, rule(weight=10.0), "alice")
    assert _statuses(conn) == [RuleStatus.RETIRED, RuleStatus.DRAFT]
    with pytest.raises(InvalidTransition, match="version 1: it is retired"):
        lifecycle.approve(conn, "NARC-0001", "bob", version=1)


def test_same_content_makes_no_new_version(conn: Connection) -> None:
    _live(conn)
    again = lifecycle.save_rule(conn, rule(name="  Bananas from source countries "), "anton")
    assert not again.changed
    assert again.version.version == 1
    assert again.version.author == "alice"
    assert len(lifecycle.rule_history(conn, "NARC-0001").versions) == 1


def test_version_content_never_changes_in_the_database(conn: Connection) -> None:
    _live(conn)
    versions = t.rule_version
    with pytest.raises(DBAPIError, match="never changes"), conn.begin_nested():
        conn.execute(update(versions).values(condition="origin_country = 'CO'"))
    with pytest.raises(DBAPIError, match="never deleted"), conn.begin_nested():
        conn.execute(delete(versions))
    with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
        conn.execute(update(t.rule_event).values(note="rewritten"))
    with pytest.raises(DBAPIError, match="append-only"), conn.begin_nested():
        conn.execute(delete(t.rule_event))
    [live] = lifecycle.active_rules(conn, NOW)
    assert live.content == rule()


def test_expired_and_future_versions_do_not_fire(conn: Connection) -> None:
    _live(conn, "NARC-0001", valid_from=date(2090, 1, 1), valid_to=date(2090, 6, 30))
    on_day = [
        r.code for r in lifecycle.active_rules(conn, datetime(2090, 6, 30, 23, 59, tzinfo=UTC))
    ]
    assert on_day == ["NARC-0001"]
    assert lifecycle.active_rules(conn, datetime(2090, 7, 1, tzinfo=UTC)) == []
    assert lifecycle.active_rules(conn, datetime(2089, 12, 31, 23, 0, tzinfo=UTC)) == []
    [version] = lifecycle.rule_history(conn, "NARC-0001").versions
    assert version.status is RuleStatus.ACTIVE
    assert version.expired(datetime(2090, 7, 1, tzinfo=UTC))


def test_an_expired_version_cannot_be_approved(conn: Connection) -> None:
    lifecycle.save_rule(conn, rule(valid_to=date(2020, 1, 1)), "alice")
    lifecycle.submit(conn, "NARC-0001", "alice")
    with pytest.raises(InvalidTransition, match="expired on 2020-01-01"):
        lifecycle.approve(conn, "NARC-0001", "bob")


def test_active_rules_follow_the_scope(conn: Connection) -> None:
    sea_imports = Scope(flows=(Flow.IMPORT,), modes=(TransportMode.SEA,))
    _live(conn, "NARC-0001", scope=sea_imports)
    _live(conn, "REV-0001")
    assert [r.code for r in lifecycle.active_rules(conn, NOW, flow="import", mode="sea")] == [
        "NARC-0001",
        "REV-0001",
    ]
    assert [r.code for r in lifecycle.active_rules(conn, NOW, flow="export")] == ["REV-0001"]
    assert [r.code for r in lifecycle.active_rules(conn, NOW, mode="air")] == ["REV-0001"]


def test_a_bad_condition_is_refused_with_its_position(conn: Connection) -> None:
    with pytest.raises(RuleRejected) as caught:
        lifecycle.save_rule(conn, rule(condition="origin_country = 3"), "alice")
    [problem] = caught.value.problems
    assert (problem.field, problem.line, problem.column) == ("condition", 1, 16)
    assert "cannot compare origin_country" in problem.message
    assert problem.excerpt == "origin_country = 3\n               ^"
    assert str(problem).startswith("rule NARC-0001, condition, line 1, column 16:")
    with pytest.raises(UnknownRule):
        lifecycle.rule_history(conn, "NARC-0001")


def test_every_part_of_a_rule_is_checked(conn: Connection) -> None:
    bad = rule(
        code="narc 1",
        rationale=" ",
        weight=float("nan"),
        valid_from=date(2026, 2, 1),
        valid_to=date(2026, 1, 1),
        scope=Scope(ports_of_discharge=("JMKIN", "XXZZZ")),
    )
    with pytest.raises(RuleRejected) as caught:
        lifecycle.save_rule(conn, bad, "alice")
    fields = [p.field for p in caught.value.problems]
    assert fields == ["code", "rationale", "weight", "valid_to", "scope.ports_of_discharge"]


def test_indicators_registered_in_the_catalogue_may_be_used(conn: Connection) -> None:
    condition = "origin_country = 'CO' AND banana_boost > 2"
    with pytest.raises(RuleRejected, match="unknown field 'banana_boost'"):
        lifecycle.save_rule(conn, rule(condition=condition), "alice", catalogue=default_catalogue())
    catalogue = default_catalogue()
    catalogue.register_indicator("banana_boost", FieldType.NUMBER, "A made-up indicator.")
    saved = lifecycle.save_rule(conn, rule(condition=condition), "alice", catalogue=catalogue)
    assert saved.version.content.condition == condition


def test_retiring_an_active_rule_is_a_supervisors_decision(conn: Connection) -> None:
    _live(conn)
    with pytest.raises(NotAllowed, match="retiring an active rule needs the supervisor role"):
        lifecycle.retire(conn, "NARC-0001", "alice")
    lifecycle.save_rule(conn, rule(weight=1.0), "alice")
    with pytest.raises(NotAllowed, match="only alice"):
        lifecycle.retire(conn, "NARC-0001", "anton", version=2)
    assert lifecycle.retire(conn, "NARC-0001", "alice", version=2).status is RuleStatus.RETIRED
    assert lifecycle.retire(conn, "NARC-0001", "bob").version == 1


def test_current_rules_lists_open_and_active_versions(conn: Connection) -> None:
    _live(conn, "NARC-0001")
    lifecycle.save_rule(conn, rule("REV-0001"), "alice")
    lifecycle.save_rule(conn, rule("IPR-0001"), "alice")
    lifecycle.submit(conn, "IPR-0001", "alice")
    listed = [(v.code, v.status) for v in lifecycle.current_rules(conn)]
    assert listed == [
        ("IPR-0001", RuleStatus.PENDING_APPROVAL),
        ("NARC-0001", RuleStatus.ACTIVE),
        ("REV-0001", RuleStatus.DRAFT),
    ]
    assert [v.code for v in lifecycle.current_rules(conn, RuleStatus.DRAFT)] == ["REV-0001"]
