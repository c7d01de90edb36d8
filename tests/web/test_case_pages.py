"""The case pages on the real app, as real users: a target decided with a reason, an
examination ordered, a seizure recorded by the examiner and the case closed; and every refusal
(wrong role, wrong step, missing or unknown reason code, invalid results, hostile text, a port
outside the user's, a missing CSRF token) answered with a clear message and nothing changed."""

from __future__ import annotations

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.case_tables import case_event
from cargotarget.store.outcomes import stored_outcomes
from cargotarget.store.users import set_ports
from cargotarget.workflow.workspace import Workspace
from tests.web.conftest import XSS, Account, Cargo, hidden_csrf, log_in, new_client

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Person:
    """A signed-in user with their browser (a test client) and session CSRF token."""

    def __init__(self, app: FastAPI, username: str) -> None:
        self.name = username
        self.client = new_client(app)
        self.csrf = log_in(self.client, username)

    def post(self, url: str, **fields: str) -> httpx.Response:
        data = {"csrf_token": self.csrf, **fields}
        return self.client.post(url, data=data, follow_redirects=False)

    def get(self, url: str) -> httpx.Response:
        return self.client.get(url)


@pytest.fixture
def officer(app: FastAPI, account: Account) -> Person:
    return Person(app, account(Role.TARGETING_OFFICER))


@pytest.fixture
def examiner(app: FastAPI, account: Account) -> Person:
    return Person(app, account(Role.EXAMINER))


@pytest.fixture
def supervisor(app: FastAPI, account: Account) -> Person:
    return Person(app, account(Role.SUPERVISOR))


def _events(workspace: Workspace) -> int:
    with workspace.engine.connect() as conn:
        return len(list(conn.execute(case_event.select())))


def _target(officer: Person, cid: int) -> None:
    case = f"/cases/{cid}"
    assert officer.post(f"{case}/claim").status_code == 303
    decided = officer.post(f"{case}/decide", kind="issue_target", reason_code="rule_hit")
    assert decided.status_code == 303, decided.text
    ordered = officer.post(f"{case}/examination", examination="physical_full", note="strip it")
    assert ordered.status_code == 303, ordered.text


def test_from_target_to_closed_case_through_the_pages(
    officer: Person, examiner: Person, workspace: Workspace, cargo: Cargo
) -> None:
    cid, case = cargo.consignment_id, f"/cases/{cargo.consignment_id}"
    queue = officer.get("/queue?lane=green")
    assert f'action="/cases/{cid}/claim"' in queue.text
    assert "open" in queue.text
    claimed = officer.client.post(
        f"{case}/claim", data={"csrf_token": hidden_csrf(queue.text)}, follow_redirects=False
    )
    assert (claimed.status_code, claimed.headers["location"]) == (303, case)
    page = officer.get(case).text
    assert "claimed" in page
    assert officer.name in page
    assert 'id="decide-form"' in page
    assert 'id="claim-form"' not in page
    decided = officer.post(
        f"{case}/decide", kind="issue_target", reason_code="rule_hit", note="cocaine route"
    )
    assert decided.status_code == 303
    assert officer.post(f"{case}/examination", examination="physical_full").status_code == 303
    assert 'id="result-form"' not in officer.get(case).text  # only an examiner records it

    orders = examiner.get("/examinations").text
    assert cargo.bill in orders
    assert "HASU5044950" in orders
    assert officer.name in orders
    assert "physical full" in orders
    assert "JMKIN" in orders
    assert examiner.get("/examinations?type=scan").text.count("examination-order") == 0
    assert 'id="result-form"' in examiner.get(case).text
    result = examiner.post(
        f"{case}/result",
        result="seizure",
        commodity="cocaine",
        quantity="12.5",
        unit="kg",
        value="900,000",
    )
    assert (result.status_code, result.headers["location"]) == (303, case)
    assert cargo.bill not in examiner.get("/examinations").text

    assert officer.post(f"{case}/close", note="seized and handed over").status_code == 303
    page = officer.get(case).text
    assert "closed" in page
    assert "commodity: cocaine" in page
    assert page.count('class="case-event"') == 5
    for text in ("rule_hit", "cocaine route", examiner.name, "seized and handed over"):
        assert text in page
    assert 'id="case-steps"' not in page  # nothing left to do

    with workspace.engine.connect() as conn:
        [outcome] = stored_outcomes(conn, cargo.bill)
        audited = audit_events(conn, AuditFilter(subject_id=str(cid)))
    assert (outcome.result, outcome.selection) == ("seizure", "officer")
    assert outcome.detail["quantity"] == 12.5
    assert outcome.detail["value"] == 900000.0
    actions = sorted(e.action for e in audited if e.action in ("decision", "result"))
    assert actions == ["decision"] * 4 + ["result"]


def test_the_decision_form_offers_only_the_codes_of_the_chosen_kind(
    officer: Person, cargo: Cargo
) -> None:
    officer.post(f"/cases/{cargo.consignment_id}/claim")
    page = officer.get(f"/cases/{cargo.consignment_id}").text
    assert 'hx-get="/decision-reasons"' in page
    assert "Decision" in page
    assert "Reason code" in page
    reasons = officer.get("/decision-reasons?kind=dismiss")
    assert reasons.status_code == 200
    assert "known_trader" in reasons.text
    assert "rule_hit" not in reasons.text
    assert officer.get("/decision-reasons?kind=" + XSS).status_code == 400


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"kind": "dismiss"}, 400, "choose a reason code"),
        ({"kind": "dismiss", "reason_code": "rule_hit"}, 400, "not a reason code for dismiss"),
        ({"kind": "dismiss", "reason_code": "feels_fine"}, 400, "not a reason code"),
        ({"kind": "waive", "reason_code": "diplomatic", "note": " "}, 400, "written reason"),
        ({"kind": "shrug", "reason_code": "rule_hit"}, 400, "is not a decision"),
        ({"kind": "dismiss", "reason_code": "known_trader", "note": "x" * 2001}, 400, "at most"),
        ({"kind": "dismiss", "reason_code": "known\x00trader"}, 400, "control characters"),
    ],
)
def test_decisions_without_a_proper_reason_are_refused_and_the_form_kept(
    officer: Person,
    workspace: Workspace,
    cargo: Cargo,
    fields: dict[str, str],
    status: int,
    message: str,
) -> None:
    case = f"/cases/{cargo.consignment_id}"
    officer.post(f"{case}/claim")
    before = _events(workspace)
    refused = officer.post(f"{case}/decide", **{"note": "typed <b>note</b>", **fields})
    assert refused.status_code == status
    assert message in refused.text
    assert 'id="decide-form"' in refused.text
    if "note" not in fields:
        assert "typed &lt;b&gt;note&lt;/b&gt;" in refused.text  # kept, and escaped
    assert _events(workspace) == before


def test_steps_out_of_order_and_wrong_roles_are_refused(
    officer: Person, examiner: Person, supervisor: Person, workspace: Workspace, cargo: Cargo
) -> None:
    case = f"/cases/{cargo.consignment_id}"
    early = officer.post(f"{case}/decide", kind="issue_target", reason_code="rule_hit")
    assert early.status_code == 409
    assert "it is open" in early.text
    assert officer.post(f"{case}/close").status_code == 409
    assert examiner.post(f"{case}/claim").status_code == 403
    assert officer.post(f"{case}/assign", assignee=officer.name, note="me").status_code == 403
    assert officer.post(f"{case}/claim").status_code == 303
    again = supervisor.post(f"{case}/claim")
    assert again.status_code == 409
    assert "it is claimed" in again.text
    override = supervisor.post(f"{case}/decide", kind="dismiss", reason_code="known_trader")
    assert override.status_code == 400
    assert "written reason" in override.text
    assert officer.post("/cases/999999/claim").status_code == 404
    assert officer.get("/cases/999999").status_code == 404
    assert officer.post("/cases/abc/claim").status_code == 400
    assert _events(workspace) == 1


def test_a_supervisor_assigns_with_a_written_note(
    officer: Person, supervisor: Person, cargo: Cargo
) -> None:
    case = f"/cases/{cargo.consignment_id}"
    page = supervisor.get(case).text
    assert 'id="assign-form"' in page
    assert f'value="{officer.name}"' in page
    silent = supervisor.post(f"{case}/assign", assignee=officer.name)
    assert silent.status_code == 400
    assert "written note" in silent.text
    nobody = supervisor.post(f"{case}/assign", assignee="ghost", note="cover")
    assert nobody.status_code == 400
    assert "no user named" in nobody.text
    given = supervisor.post(f"{case}/assign", assignee=officer.name, note="your port")
    assert given.status_code == 303
    page = officer.get(case).text
    assert "your port" in page
    assert 'id="decide-form"' in page


@pytest.mark.parametrize(
    ("fields", "messages"),
    [
        ({"result": "seizure", "quantity": "-2", "unit": "kg"}, ["commodity", "above zero"]),
        ({"result": "seizure", "commodity": "cocaine", "unit": "kg"}, ["above zero"]),
        ({"result": "seizure", "commodity": "cocaine", "quantity": "5"}, ["unit"]),
        (
            {"result": "seizure", "commodity": "x", "quantity": "1e12", "unit": "kg"},
            ["beyond any seizure"],
        ),
        (
            {"result": "seizure", "commodity": "x", "quantity": "2", "unit": "kg", "value": "1e20"},
            ["beyond any seizure"],
        ),
        ({"result": "seizure", "commodity": "x", "quantity": "inf", "unit": "kg"}, ["a number"]),
        ({"result": "seizure", "commodity": "x", "quantity": "twelve"}, ["a number", "unit"]),
        ({"result": "discrepancy"}, ["needs its type"]),
        ({"result": "no_finding", "commodity": "cocaine"}, ["seizure only"]),
        ({"result": "no_finding", "discrepancy_type": "weight"}, ["only a discrepancy"]),
        ({"result": "found_stuff"}, ["is not a result"]),
        ({}, ["choose the result"]),
        ({"result": "no_finding", "note": "n" * 5000}, ["at most 2,000"]),
    ],
)
def test_invalid_results_show_every_problem_and_keep_what_was_typed(
    officer: Person,
    examiner: Person,
    workspace: Workspace,
    cargo: Cargo,
    fields: dict[str, str],
    messages: list[str],
) -> None:
    _target(officer, cargo.consignment_id)
    before = _events(workspace)
    refused = examiner.post(f"/cases/{cargo.consignment_id}/result", **fields)
    assert refused.status_code == 400
    assert 'id="problems"' in refused.text
    assert 'id="result-form"' in refused.text
    for message in messages:
        assert message in refused.text
    for value in fields.values():
        if len(value) < 100:
            assert f'value="{value}"' in refused.text or value in refused.text
    with workspace.engine.connect() as conn:
        assert stored_outcomes(conn, cargo.bill) == []
    assert _events(workspace) == before


def test_hostile_text_in_a_result_is_kept_and_shown_escaped(
    officer: Person, examiner: Person, cargo: Cargo
) -> None:
    case = f"/cases/{cargo.consignment_id}"
    _target(officer, cargo.consignment_id)
    typed = {"result": "seizure", "commodity": XSS, "quantity": "3", "unit": XSS}
    refused = examiner.post(f"{case}/result", **typed)  # the unit is too long
    assert refused.status_code == 400
    assert "<script>alert" not in refused.text
    assert ESCAPED in refused.text
    recorded = examiner.post(f"{case}/result", **{**typed, "unit": "kg", "note": XSS})
    assert recorded.status_code == 303
    page = officer.get(case).text
    assert "<script>alert" not in page
    assert "<img src=x" not in page
    assert page.count(ESCAPED) >= 2  # the commodity and the note


def test_case_steps_need_the_csrf_token(
    officer: Person, workspace: Workspace, cargo: Cargo
) -> None:
    case = f"/cases/{cargo.consignment_id}"
    for data in ({}, {"csrf_token": "forged"}):
        refused = officer.client.post(f"{case}/claim", data=data, follow_redirects=False)
        assert refused.status_code == 403
        assert "CSRF" in refused.text
    assert _events(workspace) == 0
    assert "open" in officer.get(case).text


def test_a_user_scoped_to_other_ports_is_refused_the_case(
    app: FastAPI, officer: Person, workspace: Workspace, cargo: Cargo
) -> None:
    with workspace.engine.begin() as conn:
        set_ports(conn, officer.name, ["USNYC"])
    case = f"/cases/{cargo.consignment_id}"
    for answer in (officer.get(case), officer.post(f"{case}/claim")):
        assert answer.status_code == 403
        assert "does not work port JMKIN" in answer.text
    assert officer.get("/queue?port=JMKIN").status_code == 403
    assert officer.get("/examinations?port=JMKIN").status_code == 403
    assert cargo.bill not in officer.get("/queue?lane=green").text
    assert _events(workspace) == 0
    with workspace.engine.begin() as conn:
        set_ports(conn, officer.name, ["JMKIN", "USNYC"])
    assert cargo.bill in officer.get("/queue?lane=green").text
    assert officer.post(f"{case}/claim").status_code == 303


def test_the_consignment_page_carries_the_case_panel(officer: Person, cargo: Cargo) -> None:
    cid = cargo.consignment_id
    page = officer.get(f"/consignments/{cid}").text
    assert f'hx-get="/cases/{cid}/panel"' in page
    assert f'href="/cases/{cid}"' in page
    officer.post(f"/cases/{cid}/claim")
    panel = officer.get(f"/cases/{cid}/panel")
    assert panel.status_code == 200
    assert "<html" not in panel.text
    assert "claimed" in panel.text
    assert officer.name in panel.text
    assert '<tr class="case-event">' in panel.text  # the decision timeline, step by step
    assert "<td>claim</td>" in panel.text


def test_an_auditor_reads_the_case_and_may_do_nothing(
    app: FastAPI, account: Account, officer: Person, cargo: Cargo
) -> None:
    auditor = Person(app, account(Role.AUDITOR))
    officer.post(f"/cases/{cargo.consignment_id}/claim")
    page = auditor.get(f"/cases/{cargo.consignment_id}").text
    assert "claimed" in page
    assert 'id="case-steps"' not in page
    assert 'action="/cases/' not in auditor.get("/queue?lane=green").text
    assert isinstance(auditor.client, TestClient)


def test_reading_a_case_is_recorded_as_a_view(
    workspace: Workspace, officer: Person, cargo: Cargo
) -> None:
    cid = cargo.consignment_id

    def case_views() -> list[str]:
        with workspace.engine.connect() as conn:
            found = audit_events(conn, AuditFilter(subject_id=str(cid), action="view_consignment"))
        return [e.actor for e in found if '"view":"case"' in e.detail]

    assert officer.get(f"/cases/{cid}").status_code == 200
    assert officer.get(f"/api/v1/cases/{cid}").status_code == 200
    assert officer.get(f"/cases/{cid}/panel").status_code == 200  # part of the consignment page
    assert officer.get("/cases/999999").status_code == 404  # nothing shown, nothing recorded
    assert case_views() == [officer.name, officer.name]
