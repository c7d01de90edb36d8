"""The case API on the real app: the path from target to closed case (officers through their
session with the CSRF header, the examiner with an API token), the examiner's list, the queue
with its cases, and every refusal answered with its status and a readable message."""

from __future__ import annotations

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.case_tables import case_event
from cargotarget.store.outcomes import stored_outcomes
from cargotarget.store.users import set_ports
from cargotarget.workflow.workspace import Workspace
from tests.web.conftest import XSS, Account, Cargo, log_in, new_client, token_for

SEIZURE = {"kind": "seizure", "commodity": "cocaine", "quantity": 12.5, "unit": "kg"}


def _session(app: FastAPI, username: str) -> TestClient:
    client = new_client(app)
    client.headers["X-CSRF-Token"] = log_in(client, username)
    return client


@pytest.fixture
def officer(app: FastAPI, account: Account) -> TestClient:
    return _session(app, account(Role.TARGETING_OFFICER))


@pytest.fixture
def supervisor(app: FastAPI, account: Account) -> TestClient:
    return _session(app, account(Role.SUPERVISOR))


@pytest.fixture
def examiner(app: FastAPI, account: Account, workspace: Workspace) -> TestClient:
    """The examiner's system, with a token that may record results."""
    secret = token_for(workspace, account(Role.EXAMINER), TokenScope.WRITE_RESULTS)
    client = new_client(app)
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def _events(workspace: Workspace) -> int:
    with workspace.engine.connect() as conn:
        return len(list(conn.execute(case_event.select())))


def _targeted(officer: TestClient, cid: int) -> None:
    base = f"/api/v1/cases/{cid}"
    assert officer.post(f"{base}/claim").status_code == 200
    decision = {"kind": "issue_target", "reason_code": "rule_hit"}
    assert officer.post(f"{base}/decide", json=decision).status_code == 200
    assert officer.post(f"{base}/examination", json={"examination": "scan"}).status_code == 200


def test_from_target_to_closed_case_through_the_api(
    officer: TestClient, examiner: TestClient, workspace: Workspace, cargo: Cargo
) -> None:
    base = f"/api/v1/cases/{cargo.consignment_id}"
    opened = officer.get(base).json()
    assert (opened["state"]["status"], opened["steps"], opened["timeline"]) == (
        "open",
        ["claim"],
        [],
    )
    claimed = officer.post(f"{base}/claim").json()
    assert (claimed["state"]["status"], claimed["state"]["assignee"]) == (
        "claimed",
        "user-targeting-officer",
    )
    decision = {"kind": "issue_target", "reason_code": "watchlist_match", "note": "listed"}
    decided = officer.post(f"{base}/decide", json=decision).json()
    assert decided["steps"] == ["order_examination"]
    ordered = officer.post(f"{base}/examination", json={"examination": "physical_partial"})
    assert ordered.json()["state"]["examination"] == "physical_partial"

    orders = examiner.get("/api/v1/examinations").json()["items"]
    assert [(o["bill_number"], o["examination"], o["ordered_by"]) for o in orders] == [
        (cargo.bill, "physical_partial", "user-targeting-officer")
    ]
    assert orders[0]["containers"] == ["HASU5044950"]
    recorded = examiner.post(f"{base}/result", json={**SEIZURE, "value": 900000})
    assert recorded.status_code == 200, recorded.text
    assert recorded.json()["result"]["commodity"] == "cocaine"
    assert examiner.get("/api/v1/examinations").json()["items"] == []

    closed = officer.post(f"{base}/close", json={"note": "handed to the police"}).json()
    assert closed["state"]["status"] == "closed"
    steps = [(e["kind"], e["actor"], e["reason_code"]) for e in closed["timeline"]]
    assert steps == [
        ("claim", "user-targeting-officer", None),
        ("decide", "user-targeting-officer", "watchlist_match"),
        ("order_examination", "user-targeting-officer", None),
        ("record_result", "user-examiner", None),
        ("close", "user-targeting-officer", None),
    ]
    with workspace.engine.connect() as conn:
        [outcome] = stored_outcomes(conn, cargo.bill)
    assert (outcome.result, outcome.detail["examination"]) == ("seizure", "physical_partial")


def test_the_queue_answers_with_each_case(
    officer: TestClient, supervisor: TestClient, cargo: Cargo
) -> None:
    [row] = officer.get("/api/v1/queue?lane=green").json()["items"]
    assert (row["status"], row["assignee"], row["threats"]) == ("open", None, [])
    officer.post(f"/api/v1/cases/{cargo.consignment_id}/claim")
    [row] = officer.get("/api/v1/queue?lane=green&cases=mine").json()["items"]
    assert (row["status"], row["assignee"]) == ("claimed", "user-targeting-officer")
    assert officer.get("/api/v1/queue?lane=green&cases=open").json()["items"] == []
    assert supervisor.get("/api/v1/queue?lane=green&cases=mine").json()["items"] == []
    for bad in ("threat=drugs", "cases=theirs", "threat=%00"):
        answer = officer.get(f"/api/v1/queue?{bad}")
        assert answer.status_code == 400
        assert "must be one of" in answer.json()["detail"] or "control" in answer.json()["detail"]


@pytest.mark.parametrize(
    ("step", "body", "status", "message"),
    [
        ("decide", {"kind": "dismiss", "reason_code": ""}, 400, "needs a reason code"),
        ("decide", {"kind": "dismiss", "reason_code": "rule_hit"}, 400, "not a reason code"),
        ("decide", {"kind": "dismiss"}, 422, "reason_code"),
        ("decide", {"kind": "shrug", "reason_code": "x"}, 422, "kind"),
        ("decide", {"kind": "dismiss", "reason_code": "x", "extra": 1}, 422, "extra"),
        ("decide", {"kind": "dismiss", "reason_code": "x", "note": "n" * 2001}, 422, "2000"),
        ("decide", [1, 2], 422, "Expected `object`"),
        ("examination", {"examination": "scan"}, 409, "it is claimed"),
        ("close", {}, 409, "it is claimed"),
        ("assign", {"assignee": "x", "note": "y"}, 403, "assign_cases"),
        ("result", SEIZURE, 403, "record_results"),
    ],
)
def test_refusals_say_why(
    officer: TestClient,
    workspace: Workspace,
    cargo: Cargo,
    step: str,
    body: object,
    status: int,
    message: str,
) -> None:
    base = f"/api/v1/cases/{cargo.consignment_id}"
    officer.post(f"{base}/claim")
    before = _events(workspace)
    answer = officer.post(f"{base}/{step}", json=body)
    assert answer.status_code == status, answer.text
    assert message in answer.text
    assert _events(workspace) == before


def test_malformed_and_oversized_bodies_are_refused(officer: TestClient, cargo: Cargo) -> None:
    base = f"/api/v1/cases/{cargo.consignment_id}"
    officer.post(f"{base}/claim")
    for raw in (b"", b"{", b"\xff\xfe", b"null", XSS.encode()):
        answer = officer.post(f"{base}/decide", content=raw)
        assert answer.status_code == 422
        assert answer.json()["problems"]
    huge = b'{"kind": "dismiss", "reason_code": "known_trader", "note": "' + b"x" * 100_000 + b'"}'
    assert officer.post(f"{base}/decide", content=huge).status_code == 413
    assert officer.get(base).json()["state"]["status"] == "claimed"


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ({"kind": "seizure", "quantity": -1, "unit": "kg"}, "commodity"),
        ({"kind": "seizure", "commodity": "x", "quantity": -1, "unit": "kg"}, "above zero"),
        ({"kind": "seizure", "commodity": "x", "quantity": 1e300, "unit": "kg"}, "beyond"),
        (
            {"kind": "seizure", "commodity": "x", "quantity": 1, "unit": "kg", "value": 1e99},
            "beyond",
        ),
        ({"kind": "discrepancy"}, "needs its type"),
        ({"kind": "no_finding", "commodity": "x"}, "seizure only"),
        ({"kind": "seizure", "commodity": "x\x00", "quantity": 1, "unit": "kg"}, "control"),
    ],
)
def test_invalid_results_are_refused_and_nothing_recorded(
    officer: TestClient,
    examiner: TestClient,
    workspace: Workspace,
    cargo: Cargo,
    body: dict[str, object],
    message: str,
) -> None:
    _targeted(officer, cargo.consignment_id)
    answer = examiner.post(f"/api/v1/cases/{cargo.consignment_id}/result", json=body)
    assert answer.status_code == 400, answer.text
    assert message in answer.json()["detail"]
    with workspace.engine.connect() as conn:
        assert stored_outcomes(conn, cargo.bill) == []


def test_unknown_cases_other_ports_and_missing_csrf_are_refused(
    app: FastAPI, officer: TestClient, workspace: Workspace, cargo: Cargo
) -> None:
    base = f"/api/v1/cases/{cargo.consignment_id}"
    assert officer.get("/api/v1/cases/999999").status_code == 404
    assert officer.post("/api/v1/cases/999999/claim").status_code == 404
    assert officer.get("/api/v1/cases/0").status_code == 422
    no_header = new_client(app)
    log_in(no_header, "user-targeting-officer")
    assert no_header.post(f"{base}/claim").status_code == 403
    assert _events(workspace) == 0
    with workspace.engine.begin() as conn:
        set_ports(conn, "user-targeting-officer", ["NLRTM"])
    for answer in (officer.get(base), officer.post(f"{base}/claim")):
        assert answer.status_code == 403
        assert "does not work port JMKIN" in answer.json()["detail"]
    assert officer.get("/api/v1/queue?port=JMKIN").status_code == 403
    assert officer.get("/api/v1/queue?lane=green").json()["items"] == []
    assert officer.get("/api/v1/examinations?port=JMKIN").status_code == 403
    assert _events(workspace) == 0


def test_the_examination_list_filters_by_type_and_port(
    officer: TestClient, examiner: TestClient, cargo: Cargo
) -> None:
    _targeted(officer, cargo.consignment_id)
    assert len(examiner.get("/api/v1/examinations?type=scan&port=jmkin").json()["items"]) == 1
    assert examiner.get("/api/v1/examinations?type=document_check").json()["items"] == []
    assert examiner.get("/api/v1/examinations?port=USNYC").json()["items"] == []
    for bad in ("type=xray", "port=NOWHERE", "type=%00"):
        assert examiner.get(f"/api/v1/examinations?{bad}").status_code == 400
