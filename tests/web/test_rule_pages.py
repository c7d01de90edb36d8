"""The rule pages on the real app: an analyst writes a rule with the condition checked live,
backtests and submits it; four eyes on approval; rejection with a reason; retirement; hostile
and malformed input."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime

import httpx
import pytest
from fastapi import FastAPI

from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.outcomes import NewOutcome, record_outcomes
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.workbench import consignments_by_bill
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import PASSWORD, XSS, Account, Cargo, log_in, new_client

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
GOOD = "origin_country IN ('CO','EC') AND hs_code LIKE '0803%'"


class Session:
    """A signed-in browser: its client and the session's CSRF token."""

    def __init__(self, app: FastAPI, username: str) -> None:
        self.client = new_client(app)
        self.csrf = log_in(self.client, username)

    def post(self, url: str, **form: str) -> httpx.Response:
        return self.client.post(url, data={**form, "csrf_token": self.csrf}, follow_redirects=False)


def _form(**changes: str) -> dict[str, str]:
    form = {
        "code": "narc-0101",
        "name": "Bananas from source countries",
        "condition": GOOD,
        "rationale": "Cocaine found in banana boxes from Colombia and Ecuador.",
        "threat": "narcotics",
        "weight": "80",
        "action": "physical",
        "ports_of_discharge": "JMKIN",
    }
    return {**form, **changes}


@pytest.fixture
def analyst(app: FastAPI, account: Account) -> Session:
    return Session(app, account(Role.ANALYST))


@pytest.fixture
def supervisor(app: FastAPI, account: Account) -> Session:
    return Session(app, account(Role.SUPERVISOR))


def _save(session: Session, **changes: str) -> None:
    answer = session.post("/rules", **_form(**changes))
    assert answer.status_code == 303, answer.text


def test_the_live_check_shows_each_problem_with_its_position(analyst: Session) -> None:
    form = analyst.client.get("/rules/new").text
    assert 'hx-post="/rules/check"' in form
    assert "keyup changed delay:300ms" in form
    assert '<label for="condition">Condition</label>' in form
    bad = analyst.post("/rules/check", condition="origin_country IN ('CO',\n  AND weight > 1")
    assert bad.status_code == 200
    assert "line 2, column" in bad.text
    assert "valid" not in bad.text.replace("problem", "")
    unknown = analyst.post("/rules/check", condition="no_such_field = 1").text
    assert "line 1, column 1" in unknown
    assert "no_such_field" in unknown
    good = analyst.post("/rules/check", condition=GOOD).text
    assert ">valid<" in good


def test_a_rule_goes_from_draft_to_firing_with_four_eyes(
    analyst: Session, supervisor: Session, cargo: Cargo, workspace: Workspace
) -> None:
    _save(analyst)
    page = analyst.client.get("/rules/NARC-0101").text
    assert "draft" in page
    assert "Submit for approval" in page
    assert "Run backtest" in page
    report = analyst.post("/rules/NARC-0101/backtest", days="365")
    assert report.status_code == 200
    text = report.text
    assert "Backtest of NARC-0101 version 1" in text
    assert "JMKIN" in text
    assert "hits <b>1</b>" in text
    assert analyst.post("/rules/NARC-0101/submit").status_code == 303
    refused = analyst.post("/rules/NARC-0101/approve")
    assert refused.status_code == 403
    assert "pending approval" in analyst.client.get("/rules/NARC-0101").text
    shown = supervisor.client.get("/rules/NARC-0101").text
    assert ">Approve<" in shown
    assert ">Reject<" in shown
    assert supervisor.post("/rules/NARC-0101/approve", note="checked").status_code == 303
    listed = supervisor.client.get("/rules?status=active").text
    assert "NARC-0101" in listed
    assert "version 1" in listed
    body = as_json(manifest(consignment("MAEU999000111"), reference="MAN-002"))
    workspace.intake.ingest(io.BytesIO(body), provider="MAEU", filename="new.json")
    assess_pending(workspace.engine, workspace.catalogue)
    with workspace.engine.connect() as conn:
        (cid,) = consignments_by_bill(conn, "MAEU999000111")
        steps = audit_events(conn, AuditFilter(action="rule_change", subject_id="NARC-0101"))
    assert "NARC-0101" in supervisor.client.get(f"/consignments/{cid}").text
    assert [json.loads(e.detail)["step"] for e in steps][::-1] == [
        "created",
        "submitted",
        "approved",
    ]
    detail = supervisor.client.get("/rules/NARC-0101").text
    assert "hits" in detail
    assert "user-supervisor" in detail
    assert "user-analyst" in detail


def test_a_supervisor_never_approves_their_own_version(
    app: FastAPI, supervisor: Session, workspace: Workspace
) -> None:
    _save(supervisor, code="NARC-0102")
    assert supervisor.post("/rules/NARC-0102/submit").status_code == 303
    page = supervisor.client.get("/rules/NARC-0102").text
    assert "four eyes: you wrote version 1" in page
    assert ">Approve<" not in page
    refused = supervisor.post("/rules/NARC-0102/approve")
    assert refused.status_code == 403
    assert "four eyes" in refused.text
    with workspace.engine.begin() as conn:
        register_user(conn, "second-supervisor", [Role.SUPERVISOR])
        set_password(conn, "second-supervisor", PASSWORD)
    other = Session(app, "second-supervisor")
    assert other.post("/rules/NARC-0102/approve").status_code == 303
    assert "active" in other.client.get("/rules?status=active").text


def test_a_rejection_needs_a_reason_and_keeps_it(analyst: Session, supervisor: Session) -> None:
    _save(analyst, code="NARC-0103")
    analyst.post("/rules/NARC-0103/submit")
    bare = supervisor.post("/rules/NARC-0103/reject", note="  ")
    assert bare.status_code == 400
    assert "pending approval" in supervisor.client.get("/rules/NARC-0103").text
    done = supervisor.post("/rules/NARC-0103/reject", note="Narrow it to <b>reefers</b>")
    assert done.status_code == 303
    page = analyst.client.get("/rules/NARC-0103").text
    assert "rejected" in page
    assert "Narrow it to &lt;b&gt;reefers&lt;/b&gt;" in page
    again = supervisor.post("/rules/NARC-0103/approve")
    assert again.status_code == 409


def test_retiring_an_active_rule_takes_a_supervisor(analyst: Session, supervisor: Session) -> None:
    _save(analyst, code="NARC-0104")
    analyst.post("/rules/NARC-0104/submit")
    supervisor.post("/rules/NARC-0104/approve")
    page = analyst.client.get("/rules/NARC-0104").text
    assert "retiring an active rule needs a supervisor" in page
    assert analyst.post("/rules/NARC-0104/retire").status_code == 403
    assert supervisor.post("/rules/NARC-0104/retire", note="no longer a route").status_code == 303
    assert "NARC-0104" in supervisor.client.get("/rules?status=retired").text
    assert "NARC-0104" not in supervisor.client.get("/rules?status=active").text


def test_hostile_rule_text_is_shown_as_text(analyst: Session) -> None:
    _save(analyst, code="XSS-1", name=XSS, rationale=XSS, owner=XSS)
    for url in ("/rules", "/rules/XSS-1", "/rules/new?copy=XSS-1"):
        page = analyst.client.get(url).text
        assert "<script>alert" not in page, url
        assert "<img src=x" not in page, url
        assert ESCAPED in page, url


@pytest.mark.parametrize(
    ("changes", "said"),
    [
        ({"weight": "heavy"}, "weight: must be a number"),
        ({"threat": "dragons"}, "threat: must be one of"),
        ({"condition": "hs_code LIKE "}, "condition, line 1"),
        ({"name": "Bananas\x00"}, "name: holds control characters"),
        ({"code": "no spaces please"}, "rule NO SPACES PLEASE, code"),
        ({"valid_from": "yesterday"}, "valid_from: must be a date"),
        ({"modes": "sea, zeppelin"}, "&#39;zeppelin&#39; is not one of"),
        ({"ports_of_discharge": "XXXXX1"}, "scope.ports_of_discharge"),
    ],
)
def test_a_bad_rule_comes_back_with_its_problems_and_nothing_saved(
    analyst: Session, changes: dict[str, str], said: str
) -> None:
    answer = analyst.post("/rules", **{**_form(code="BAD-1"), **changes})
    assert answer.status_code == 422
    assert said in answer.text, answer.text
    assert 'name="csrf_token"' in answer.text
    assert "no rule matches" in analyst.client.get("/rules").text


def test_oversized_and_malformed_requests_get_a_clear_refusal(analyst: Session) -> None:
    huge = analyst.post("/rules", **_form(condition="a" * 20_001))
    assert huge.status_code == 400
    assert "condition" in huge.text
    assert analyst.post("/rules/NOPE-1/submit").status_code == 404
    _save(analyst, code="DAYS-1")
    for days in ("many", "0", "99999"):
        bad = analyst.post("/rules/DAYS-1/backtest", days=days)
        assert bad.status_code == 400
        assert "days must be a whole number" in bad.text
    assert analyst.client.get("/rules?status=sleeping").status_code == 400
    assert analyst.client.get("/rules/A%00B").status_code == 400
    assert analyst.post("/rules/A%07B/submit").status_code == 400
    assert analyst.client.get("/rules/new?copy=NOPE-9").status_code == 404
    assert analyst.client.get("/rules/" + "A" * 65).status_code == 400
    missing = analyst.client.post("/rules", data=_form(), follow_redirects=False)
    assert missing.status_code == 403  # no CSRF token


def test_performance_and_flags_show_on_the_rule_pages(
    analyst: Session, supervisor: Session, workspace: Workspace
) -> None:
    _save(analyst, code="NARC-0105")
    analyst.post("/rules/NARC-0105/submit")
    supervisor.post("/rules/NARC-0105/approve")
    body = as_json(manifest(consignment("PERF0001"), consignment("PERF0002"), reference="M-P"))
    workspace.intake.ingest(io.BytesIO(body), provider="MAEU", filename="perf.json")
    assess_pending(workspace.engine, workspace.catalogue)
    with workspace.engine.begin() as conn:
        ((first,), (second,)) = (consignments_by_bill(conn, b) for b in ("PERF0001", "PERF0002"))
        found = datetime(2026, 3, 20, 8, 0, tzinfo=UTC)
        record_outcomes(
            conn,
            [
                NewOutcome(
                    consignment_id=first, examined_at=found, selection="rule", result="seizure"
                ),
                NewOutcome(
                    consignment_id=second, examined_at=found, selection="rule", result="no_finding"
                ),
            ],
            at=found,
        )
    row = analyst.client.get("/rules").text.split("NARC-0105", 2)[2]
    cells = row.split("</tr>")[0]
    for shown in ("<td>2</td><td>2</td><td>1</td>", "50.0 %", "2026-03-20", "stale"):
        assert shown in cells, shown
    detail = analyst.client.get("/rules/NARC-0105").text
    assert "50.0 %" in detail
    assert "day(s) since the last finding" in detail
