"""The rule and watch-list API on the real app: the same lifecycle and four eyes as the pages,
answers as documented, and malformed, oversized and hostile bodies refused clearly."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.workspace import Workspace
from tests.web.conftest import PASSWORD, XSS, Account, Cargo, log_in, new_client, token_for

RULE = {
    "code": "NARC-0201",
    "name": "Bananas from source countries",
    "condition": "origin_country IN ('CO','EC') AND hs_code LIKE '0803%'",
    "rationale": "Cocaine found in banana boxes.",
    "threat": "narcotics",
    "weight": 70,
    "action": "physical",
    "scope": {"ports_of_discharge": ["jmkin"]},
}
LIST = "id,kind,value,name,country,reason,severity\nC1,container,HASU5044950,,,seizure,critical\n"


class Api:
    """A signed-in browser calling the API with its session and the CSRF header."""

    def __init__(self, app: FastAPI, username: str) -> None:
        self.client: TestClient = new_client(app)
        self.headers = {"X-CSRF-Token": log_in(self.client, username)}

    def post(self, url: str, body: Any = None, raw: bytes | None = None) -> httpx.Response:
        content = raw if raw is not None else httpx.Request("POST", "/", json=body).content
        return self.client.post(f"/api/v1{url}", content=content, headers=self.headers)

    def get(self, url: str) -> httpx.Response:
        return self.client.get(f"/api/v1{url}")


@pytest.fixture
def analyst(app: FastAPI, account: Account) -> Api:
    return Api(app, account(Role.ANALYST))


@pytest.fixture
def supervisor(app: FastAPI, account: Account) -> Api:
    return Api(app, account(Role.SUPERVISOR))


def test_check_answers_valid_or_each_problem_with_its_position(analyst: Api) -> None:
    good = analyst.post("/rules/check", {"condition": RULE["condition"]})
    assert good.json() == {"valid": True, "problems": []}
    bad = analyst.post("/rules/check", {"condition": "weight >\n  AND origin_country = 'CO'"})
    assert bad.status_code == 200
    (problem,) = bad.json()["problems"]
    assert (problem["field"], problem["line"]) == ("condition", 2)
    assert problem["column"] >= 1
    assert bad.json()["valid"] is False


def test_the_lifecycle_through_the_api(
    app: FastAPI, analyst: Api, supervisor: Api, cargo: Cargo, workspace: Workspace
) -> None:
    saved = analyst.post("/rules", RULE)
    assert saved.status_code == 201, saved.text
    assert saved.json()["version"]["content"]["scope"]["ports_of_discharge"] == ["JMKIN"]
    again = analyst.post("/rules", RULE)
    assert (again.status_code, again.json()["changed"]) == (200, False)
    report = analyst.post("/rules/narc-0201/backtest", {"days": 365})
    assert report.status_code == 200, report.text
    assert (report.json()["hits"], report.json()["by_port"]) == (1, {"JMKIN": 1})
    assert analyst.post("/rules/NARC-0201/submit", {}).json()["status"] == "pending_approval"
    assert analyst.post("/rules/NARC-0201/approve", {}).status_code == 403
    with workspace.engine.begin() as conn:
        register_user(conn, "sup-two", [Role.SUPERVISOR])
        set_password(conn, "sup-two", PASSWORD)
    approved = Api(app, "sup-two").post("/rules/NARC-0201/approve", {"note": "ok"})
    assert approved.json()["status"] == "active"
    listed = supervisor.get("/rules?status=active").json()["rules"]
    assert [(r["code"], r["active_version"]) for r in listed] == [("NARC-0201", 1)]
    detail = supervisor.get("/rules/NARC-0201").json()
    assert [e["action"] for e in detail["events"]] == ["created", "submitted", "approved"]
    assert {s["name"] for s in detail["steps"]} >= {"edit", "retire"}
    assert detail["performance"]["hits"] == 0
    retired = supervisor.post("/rules/NARC-0201/retire", {"note": "route closed"})
    assert retired.json()["status"] == "retired"
    assert supervisor.post("/rules/NARC-0201/retire", {}).status_code == 409


def test_four_eyes_and_reasons(app: FastAPI, supervisor: Api) -> None:
    supervisor.post("/rules", {**RULE, "code": "NARC-0202"})
    supervisor.post("/rules/NARC-0202/submit", {})
    own = supervisor.post("/rules/NARC-0202/approve", {})
    assert own.status_code == 403
    assert "four eyes" in own.json()["detail"]
    assert supervisor.post("/rules/NARC-0202/reject", {}).status_code == 400
    rejected = supervisor.post("/rules/NARC-0202/reject", {"note": "too broad"})
    assert rejected.json()["status"] == "rejected"
    assert supervisor.get("/rules/NOPE-1").status_code == 404
    assert supervisor.post("/rules/NOPE-1/submit", {}).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({**RULE, "weight": 1e9}, "weight"),
        ({**RULE, "threat": "dragons"}, "threat"),
        ({**RULE, "name": "tab\x00bed"}, "name"),
        ({**RULE, "condition": "x" * 10_001}, "condition"),
        ({**RULE, "valid_to": "2020-13-01"}, "valid_to"),
        ({**RULE, "scope": {"modes": ["zeppelin"]}}, "scope.modes"),
        ({**RULE, "condition": "hs_code LIKE"}, "condition"),
    ],
)
def test_a_bad_rule_is_refused_with_its_problems(
    analyst: Api, body: dict[str, Any], field: str
) -> None:
    answer = analyst.post("/rules", body)
    assert answer.status_code == 422, answer.text
    assert field in [p["field"] for p in answer.json()["problems"]]
    assert analyst.get("/rules").json() == {"rules": []}


def test_malformed_and_oversized_bodies_are_refused(analyst: Api) -> None:
    for raw in (b"{", b"[]", b"\xff\xfe", b'{"code": 1}', b'{"condition": "a", "extra": 1}'):
        answer = analyst.post("/rules", raw=raw)
        assert answer.status_code == 422, raw
        assert "detail" in answer.json()
    huge = analyst.post("/rules/check", raw=b'{"condition": "' + b"a" * 300_000 + b'"}')
    assert huge.status_code == 413
    assert analyst.post("/rules/NARC-0001/backtest", {"days": 0}).status_code == 400
    assert analyst.get("/rules?status=sleeping").status_code == 400
    assert analyst.get("/rules/BAD%20CODE").status_code == 422
    no_csrf = analyst.client.post("/api/v1/rules", json=RULE)
    assert no_csrf.status_code == 403


def test_markup_is_kept_as_data(analyst: Api) -> None:
    saved = analyst.post("/rules", {**RULE, "code": "XSS-2", "name": XSS, "rationale": XSS})
    assert saved.json()["version"]["content"]["name"] == XSS
    assert analyst.client.get("/api/v1/rules/XSS-2").headers["content-type"] == "application/json"


def test_a_read_token_reads_rules_and_writes_nothing(
    app: FastAPI, workspace: Workspace, account: Account
) -> None:
    secret = token_for(workspace, account(Role.ANALYST), *TokenScope)
    client = new_client(app)
    headers = {"Authorization": f"Bearer {secret}"}
    assert client.get("/api/v1/rules", headers=headers).status_code == 200
    assert client.get("/api/v1/watchlists", headers=headers).status_code == 200
    assert client.post("/api/v1/rules", json=RULE, headers=headers).status_code == 403


def test_watch_list_proposals_through_the_api(app: FastAPI, analyst: Api, supervisor: Api) -> None:
    created = analyst.post(
        "/watchlists/CONTAINERS/proposals",
        {"action": "create", "content": LIST, "threshold": 92, "file_name": "c.csv"},
    )
    assert created.status_code == 201, created.text
    made = created.json()
    assert (made["status"], made["entries"], made["action"]) == ("pending", 1, "create")
    overview = supervisor.get("/watchlists").json()
    assert [p["id"] for p in overview["proposals"]] == [made["id"]]
    assert overview["lists"] == []
    assert analyst.post(f"/watchlist-proposals/{made['id']}/approve", {}).status_code == 403
    done = supervisor.post(f"/watchlist-proposals/{made['id']}/approve", {"note": "ok"})
    assert done.json()["outcome"]["added"] == 1
    (row,) = supervisor.get("/watchlists").json()["lists"]
    assert (row["watchlist"]["name"], row["watchlist"]["live"], row["retired"]) == (
        "CONTAINERS",
        1,
        False,
    )
    bad = analyst.post(
        "/watchlists/CONTAINERS/proposals", {"action": "import", "content": LIST + "X,boat,,,,,\n"}
    )
    assert bad.status_code == 422
    assert any("line 3" in p["position"] for p in bad.json()["problems"])
    retire = analyst.post("/watchlists/CONTAINERS/proposals", {"action": "retire"})
    proposal = retire.json()["id"]
    assert supervisor.post(f"/watchlist-proposals/{proposal}/reject", {}).status_code == 422
    rejected = supervisor.post(f"/watchlist-proposals/{proposal}/reject", {"note": "in use"})
    assert rejected.json()["status"] == "rejected"
    assert supervisor.post(f"/watchlist-proposals/{proposal}/approve", {}).status_code == 409
    assert supervisor.post("/watchlist-proposals/999/approve", {}).status_code == 404
    for raw in (b"{", b'{"action": "explode"}', b'{"action": "import", "content": 5}'):
        assert analyst.post("/watchlists/CONTAINERS/proposals", raw=raw).status_code == 422
    control = analyst.post("/watchlists/CONTAINERS/proposals", {"action": "retire", "note": "\x00"})
    assert control.status_code == 400
