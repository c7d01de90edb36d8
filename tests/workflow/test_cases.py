"""The target-to-result case on SQLite and PostgreSQL: the allowed path, refused transitions
and roles, reason codes, result checks, outcomes, and append-only events."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import Connection, delete, update
from sqlalchemy.exc import DBAPIError

from cargotarget.model.cases import (
    CaseStatus,
    CaseStep,
    Decision,
    DecisionKind,
    DiscrepancyType,
    ExaminationResult,
    ExaminationType,
    ResultKind,
)
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.case_tables import case_event
from cargotarget.store.outcomes import stored_outcomes
from cargotarget.store.queries import find_ids
from cargotarget.store.users import add_user
from cargotarget.workflow import cases
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.cases import (
    InvalidResult,
    InvalidTransition,
    NotAllowed,
    ReasonRequired,
    UnknownCase,
)
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.rule_factories import rule

NOW = datetime.now(UTC) + timedelta(days=30)
PEOPLE = {
    "olga": (Role.TARGETING_OFFICER,),
    "otto": (Role.TARGETING_OFFICER,),
    "bob": (Role.SUPERVISOR,),
    "erin": (Role.EXAMINER,),
    "alice": (Role.ANALYST,),
}
TARGET = Decision(kind=DecisionKind.ISSUE_TARGET, reason_code="rule_hit", note="cocaine route")
SEIZURE = ExaminationResult(
    kind=ResultKind.SEIZURE, commodity="cocaine", quantity=12.5, unit="kg", value=900000.0
)


@pytest.fixture
def space(workspace: Workspace) -> Workspace:
    with workspace.engine.begin() as conn:
        for name, roles in PEOPLE.items():
            add_user(conn, name, roles)
    data = as_json(manifest(consignment("CASE1"), consignment("CASE2"), consignment("NEW1")))
    workspace.intake.ingest(io.BytesIO(data), provider="MAEU")
    assess_pending(workspace.engine, workspace.catalogue, at=NOW)
    return workspace


@pytest.fixture
def conn(space: Workspace) -> Iterator[Connection]:
    with space.engine.begin() as connection:
        yield connection


def _id(conn: Connection, bill: str = "CASE1") -> int:
    return find_ids(conn, bill)[0]


def _targeted(conn: Connection, cid: int) -> None:
    cases.claim(conn, cid, "olga")
    cases.decide(conn, cid, "olga", TARGET)
    cases.order_examination(conn, cid, "olga", ExaminationType.PHYSICAL_FULL)


def test_the_allowed_path_from_target_to_closed_case(conn: Connection) -> None:
    cid = _id(conn)
    assert cases.case_state(conn, cid).status is CaseStatus.OPEN
    assert cases.claim(conn, cid, "olga").status is CaseStatus.CLAIMED
    decided = cases.decide(conn, cid, "olga", TARGET)
    assert (decided.status, decided.decision) == (CaseStatus.DECIDED, DecisionKind.ISSUE_TARGET)
    ordered = cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    assert ordered.examination is ExaminationType.SCAN
    assert cases.record_result(conn, cid, "erin", SEIZURE).status is CaseStatus.RESULT_RECORDED
    closed = cases.close(conn, cid, "olga")
    assert (closed.status, closed.version, closed.assignee) == (CaseStatus.CLOSED, 5, "olga")
    timeline = cases.case_timeline(conn, cid)
    assert [e.kind for e in timeline] == [
        CaseStep.CLAIM,
        CaseStep.DECIDE,
        CaseStep.ORDER_EXAMINATION,
        CaseStep.RECORD_RESULT,
        CaseStep.CLOSE,
    ]
    assert [e.version for e in timeline] == [1, 2, 3, 4, 5]
    assert timeline[1].reason_code == "rule_hit"
    assert timeline[1].detail["note"] == "cocaine route"
    assert [e.actor for e in timeline] == ["olga", "olga", "olga", "erin", "olga"]
    audited = audit_events(conn, AuditFilter(subject_id=str(cid)))
    assert sorted(e.action for e in audited) == ["decision"] * 4 + ["result"]


def test_a_result_becomes_an_examination_outcome(conn: Connection) -> None:
    cid = _id(conn)
    _targeted(conn, cid)
    examined = datetime(2026, 6, 1, 9, 0, tzinfo=UTC)
    cases.record_result(conn, cid, "erin", SEIZURE, examined_at=examined)
    [outcome] = stored_outcomes(conn, "CASE1")
    assert (outcome.result, outcome.selection, outcome.examined_at) == (
        "seizure",
        "officer",
        examined,
    )
    assert outcome.detail == {
        "commodity": "cocaine",
        "quantity": 12.5,
        "unit": "kg",
        "value": 900000.0,
        "examination": "physical_full",
    }


def test_a_rule_selected_result_counts_for_the_rule(workspace: Workspace) -> None:
    with workspace.engine.begin() as conn:
        for name, roles in PEOPLE.items():
            add_user(conn, name, roles)
        lifecycle.save_rule(conn, rule(weight=70.0), "alice", catalogue=workspace.catalogue)
        lifecycle.submit(conn, "NARC-0001", "alice")
        lifecycle.approve(conn, "NARC-0001", "bob")
    workspace.intake.ingest(io.BytesIO(as_json(manifest(consignment("HIT1")))), provider="MAEU")
    assess_pending(workspace.engine, workspace.catalogue, at=NOW)
    with workspace.engine.begin() as conn:
        cid = _id(conn, "HIT1")
        _targeted(conn, cid)
        cases.record_result(conn, cid, "erin", ExaminationResult(kind=ResultKind.NO_FINDING))
        [outcome] = stored_outcomes(conn, "HIT1")
    assert (outcome.selection, outcome.result) == ("rule", "no_finding")


def test_decisions_without_a_target_close_directly(conn: Connection) -> None:
    cid = _id(conn)
    cases.claim(conn, cid, "olga")
    dismiss = Decision(kind=DecisionKind.DISMISS, reason_code="known_trader")
    cases.decide(conn, cid, "olga", dismiss)
    with pytest.raises(InvalidTransition, match="not issue_target"):
        cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    assert cases.close(conn, cid, "olga").status is CaseStatus.CLOSED


def test_every_disallowed_transition_is_refused(conn: Connection) -> None:
    cid = _id(conn)
    with pytest.raises(InvalidTransition, match="it is open"):
        cases.decide(conn, cid, "olga", TARGET)
    with pytest.raises(InvalidTransition, match="it is open"):
        cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    with pytest.raises(InvalidTransition, match="it is open"):
        cases.record_result(conn, cid, "erin", SEIZURE)
    with pytest.raises(InvalidTransition, match="it is open"):
        cases.close(conn, cid, "olga")
    cases.claim(conn, cid, "olga")
    with pytest.raises(InvalidTransition, match="it is claimed"):
        cases.claim(conn, cid, "otto")
    cases.decide(conn, cid, "olga", TARGET)
    with pytest.raises(InvalidTransition, match="targeted"):
        cases.close(conn, cid, "olga")
    with pytest.raises(InvalidTransition):
        cases.decide(conn, cid, "olga", TARGET)
    with pytest.raises(InvalidTransition):
        cases.assign(conn, cid, "bob", "otto", "away")
    cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    with pytest.raises(InvalidTransition):
        cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    cases.record_result(conn, cid, "erin", ExaminationResult(kind=ResultKind.NO_FINDING))
    with pytest.raises(InvalidTransition):
        cases.record_result(conn, cid, "erin", SEIZURE)
    cases.close(conn, cid, "olga")
    with pytest.raises(InvalidTransition, match="it is closed"):
        cases.close(conn, cid, "olga")
    assert len(cases.case_timeline(conn, cid)) == 5


def test_a_consignment_not_assessed_has_no_case(space: Workspace) -> None:
    data = as_json(manifest(consignment("LATE1")))
    space.intake.ingest(io.BytesIO(data), provider="MAEU")
    with space.engine.begin() as conn, pytest.raises(UnknownCase):
        cases.claim(conn, _id(conn, "LATE1"), "olga")


def test_wrong_roles_are_refused(conn: Connection) -> None:
    cid = _id(conn)
    for name in ("erin", "alice"):
        with pytest.raises(NotAllowed, match="targeting_officer"):
            cases.claim(conn, cid, name)
    with pytest.raises(NotAllowed, match="supervisor"):
        cases.assign(conn, cid, "olga", "otto", "swap")
    with pytest.raises(NotAllowed):
        cases.assign(conn, cid, "bob", "erin", "an examiner cannot hold a case")
    cases.claim(conn, cid, "olga")
    with pytest.raises(NotAllowed, match="assigned to olga"):
        cases.decide(conn, cid, "otto", TARGET)
    cases.decide(conn, cid, "olga", TARGET)
    with pytest.raises(NotAllowed):
        cases.order_examination(conn, cid, "erin", ExaminationType.SCAN)
    cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    for name in ("olga", "bob", "alice"):
        with pytest.raises(NotAllowed, match="examiner"):
            cases.record_result(conn, cid, name, SEIZURE)


def test_a_supervisor_reassigns_and_overrides_with_a_reason(conn: Connection) -> None:
    cid = _id(conn)
    cases.claim(conn, cid, "olga")
    with pytest.raises(ReasonRequired):
        cases.assign(conn, cid, "bob", "otto", "  ")
    assert cases.assign(conn, cid, "bob", "otto", "olga is on leave").assignee == "otto"
    with pytest.raises(NotAllowed):
        cases.decide(conn, cid, "olga", TARGET)
    dismiss = Decision(kind=DecisionKind.DISMISS, reason_code="no_risk_after_review")
    with pytest.raises(ReasonRequired, match="supervisor"):
        cases.decide(conn, cid, "bob", dismiss)
    override = Decision(
        kind=DecisionKind.DISMISS, reason_code="no_risk_after_review", note="seen the invoice"
    )
    cases.decide(conn, cid, "bob", override)
    decided = cases.case_timeline(conn, cid)[-1]
    assert decided.detail == {"decision": "dismiss", "note": "seen the invoice", "override": True}


@pytest.mark.parametrize(
    ("decision", "message"),
    [
        (Decision(kind=DecisionKind.DISMISS, reason_code=""), "needs a reason code"),
        (Decision(kind=DecisionKind.DISMISS, reason_code="feels_fine"), "not a reason code"),
        (Decision(kind=DecisionKind.DISMISS, reason_code="rule_hit"), "not a reason code"),
        (Decision(kind=DecisionKind.WAIVE, reason_code="diplomatic"), "written reason"),
    ],
)
def test_decisions_need_a_known_reason_code(
    conn: Connection, decision: Decision, message: str
) -> None:
    cid = _id(conn)
    cases.claim(conn, cid, "olga")
    with pytest.raises(ReasonRequired, match=message):
        cases.decide(conn, cid, "olga", decision)
    waiver = Decision(kind=DecisionKind.WAIVE, reason_code="diplomatic", note="embassy goods")
    assert cases.decide(conn, cid, "olga", waiver).decision is DecisionKind.WAIVE


@pytest.mark.parametrize(
    ("result", "message"),
    [
        (ExaminationResult(kind=ResultKind.SEIZURE, quantity=1, unit="kg"), "commodity"),
        (
            ExaminationResult(kind=ResultKind.SEIZURE, commodity="x", quantity=-2, unit="kg"),
            "above zero",
        ),
        (ExaminationResult(kind=ResultKind.SEIZURE, commodity="x", quantity=2), "unit"),
        (
            ExaminationResult(
                kind=ResultKind.SEIZURE, commodity="x", quantity=2, unit="kg", value=-1
            ),
            "negative",
        ),
        (ExaminationResult(kind=ResultKind.DISCREPANCY), "needs its type"),
        (
            ExaminationResult(kind=ResultKind.NO_FINDING, discrepancy_type=DiscrepancyType.WEIGHT),
            "only a discrepancy",
        ),
        (ExaminationResult(kind=ResultKind.NO_FINDING, commodity="x"), "seizure only"),
    ],
)
def test_invalid_results_are_refused(
    conn: Connection, result: ExaminationResult, message: str
) -> None:
    cid = _id(conn)
    _targeted(conn, cid)
    with pytest.raises(InvalidResult, match=message):
        cases.record_result(conn, cid, "erin", result)
    assert stored_outcomes(conn, "CASE1") == []
    found = ExaminationResult(kind=ResultKind.DISCREPANCY, discrepancy_type=DiscrepancyType.WEIGHT)
    cases.record_result(conn, cid, "erin", found)
    [outcome] = stored_outcomes(conn, "CASE1")
    assert outcome.detail == {"discrepancy_type": "weight", "examination": "physical_full"}


def test_case_events_are_append_only(space: Workspace) -> None:
    with space.engine.begin() as conn:
        cid = _id(conn)
        cases.claim(conn, cid, "olga")
    for statement in (
        update(case_event).values(actor="mallory"),
        delete(case_event),
    ):
        with pytest.raises(DBAPIError, match="append-only"), space.engine.begin() as conn:
            conn.execute(statement)
    with space.engine.connect() as conn:
        [event] = cases.case_timeline(conn, cid)
    assert event.actor == "olga"
