"""Cases and users scoped to ports, on SQLite and PostgreSQL: every step at a port the user
does not work is refused, as is giving a case to an officer of other ports; the examiner's
list and the queue keep to the user's ports; what a user may do next follows role, status
and who holds the case."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from sqlalchemy import Connection

from cargotarget.model.cases import (
    CaseStep,
    Decision,
    DecisionKind,
    ExaminationResult,
    ExaminationType,
    ResultKind,
)
from cargotarget.model.users import Role, User
from cargotarget.store.queries import find_ids
from cargotarget.store.users import add_user, set_ports, user_by_name
from cargotarget.store.work_queue import CaseFilter, QueueQuery
from cargotarget.workflow import cases
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.case_views import case_view, examinations_for, next_steps, work_items
from cargotarget.workflow.cases import NotAllowed, UnknownCase
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest

PEOPLE = {
    "olga": (Role.TARGETING_OFFICER,),
    "nils": (Role.TARGETING_OFFICER,),
    "bob": (Role.SUPERVISOR,),
    "erin": (Role.EXAMINER,),
    "ezra": (Role.EXAMINER,),
}
TARGET = Decision(kind=DecisionKind.ISSUE_TARGET, reason_code="rule_hit")
EVERY_LANE = ("red", "yellow", "green")


@pytest.fixture
def conn(workspace: Workspace) -> Iterator[Connection]:
    with workspace.engine.begin() as connection:
        for name, roles in PEOPLE.items():
            add_user(connection, name, roles)
        set_ports(connection, "nils", ["NLRTM"])
        set_ports(connection, "ezra", ["NLRTM"])
        set_ports(connection, "olga", ["JMKIN"])
    workspace.intake.ingest(io.BytesIO(as_json(manifest(consignment("PORT1")))), provider="MAEU")
    assess_pending(workspace.engine, workspace.catalogue)
    with workspace.engine.begin() as connection:
        yield connection


def _user(conn: Connection, name: str) -> User:
    found = user_by_name(conn, name)
    assert found is not None
    return found


def test_steps_at_another_port_are_refused(conn: Connection) -> None:
    cid = find_ids(conn, "PORT1")[0]  # discharged at JMKIN
    with pytest.raises(NotAllowed, match="does not work port JMKIN"):
        cases.claim(conn, cid, "nils")
    with pytest.raises(NotAllowed, match="does not work port JMKIN"):
        cases.assign(conn, cid, "bob", "nils", "cover")
    cases.claim(conn, cid, "olga")
    cases.decide(conn, cid, "olga", TARGET)
    cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    with pytest.raises(NotAllowed, match="does not work port JMKIN"):
        cases.record_result(conn, cid, "ezra", ExaminationResult(kind=ResultKind.NO_FINDING))
    with pytest.raises(NotAllowed):
        case_view(conn, cid, _user(conn, "nils"))
    with pytest.raises(UnknownCase):
        cases.claim(conn, 999_999, "olga")
    assert [o.bill_number for o in examinations_for(conn, _user(conn, "erin"), None, None)] == [
        "PORT1"
    ]
    assert examinations_for(conn, _user(conn, "ezra"), None, None) == []
    with pytest.raises(NotAllowed):
        examinations_for(conn, _user(conn, "ezra"), "JMKIN", None)
    assert len(case_view(conn, cid, _user(conn, "olga")).timeline) == 3


def test_the_queue_keeps_to_the_users_ports_and_cases(conn: Connection) -> None:
    cid = find_ids(conn, "PORT1")[0]
    query = QueueQuery(lanes=EVERY_LANE)
    assert [i.bill_number for i in work_items(conn, _user(conn, "olga"), None, query)] == ["PORT1"]
    assert work_items(conn, _user(conn, "nils"), None, query) == []
    with pytest.raises(NotAllowed):
        work_items(conn, _user(conn, "nils"), "JMKIN", query)
    cases.claim(conn, cid, "olga")
    mine = QueueQuery(lanes=EVERY_LANE, cases=CaseFilter.MINE)
    [item] = work_items(conn, _user(conn, "olga"), None, mine)
    assert (item.status, item.assignee) == ("claimed", "olga")
    assert work_items(conn, _user(conn, "bob"), None, mine) == []
    opened = QueueQuery(lanes=EVERY_LANE, cases=CaseFilter.OPEN)
    assert work_items(conn, _user(conn, "bob"), None, opened) == []


def test_next_steps_follow_role_status_and_holder(conn: Connection) -> None:
    cid = find_ids(conn, "PORT1")[0]
    olga, bob, erin = (_user(conn, n) for n in ("olga", "bob", "erin"))
    state = cases.case_state(conn, cid)
    assert next_steps(olga, state) == [CaseStep.CLAIM]
    assert next_steps(bob, state) == [CaseStep.CLAIM, CaseStep.ASSIGN]
    assert next_steps(erin, state) == []
    state = cases.claim(conn, cid, "olga")
    assert next_steps(olga, state) == [CaseStep.DECIDE]
    assert next_steps(bob, state) == [CaseStep.ASSIGN, CaseStep.DECIDE]
    state = cases.decide(conn, cid, "olga", TARGET)
    assert next_steps(olga, state) == [CaseStep.ORDER_EXAMINATION]
    state = cases.order_examination(conn, cid, "olga", ExaminationType.SCAN)
    assert (next_steps(olga, state), next_steps(erin, state)) == ([], [CaseStep.RECORD_RESULT])
    state = cases.record_result(conn, cid, "erin", ExaminationResult(kind=ResultKind.NO_FINDING))
    assert next_steps(olga, state) == [CaseStep.CLOSE]
