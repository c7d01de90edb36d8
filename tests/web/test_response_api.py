"""Risk responses over the real app, SQLite and PostgreSQL: a decision answers the filer,
who fetches it as JSON or as a CUSRES interchange; another provider gets "not found"; bad ids,
formats and filters are refused; the first fetch is audited."""

from __future__ import annotations

import io
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.ingest.edifact.lexer import Lexer
from cargotarget.model.audit import AuditAction
from cargotarget.model.cases import Decision, DecisionKind
from cargotarget.model.providers import ProviderKind
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.queries import find_ids
from cargotarget.store.responses import responses
from cargotarget.workflow import cases
from cargotarget.workflow.accounts import register_user
from cargotarget.workflow.providers import link_account, register_provider
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import Account, new_client, token_for

FILER = (TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS)
NOTE = "informant: cocaine in the reefer"
Headers = dict[str, str]


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    with new_client(app) as client:
        yield client


@pytest.fixture
def tokens(workspace: Workspace) -> dict[str, Headers]:
    with workspace.engine.begin() as conn:
        for code, name in (("CMDU", "cmdu-gw"), ("HLCU", "hlcu-gw")):
            register_user(conn, name, [Role.DATA_PROVIDER])
            register_provider(conn, code, code.title(), ProviderKind.CARRIER, actor="ada")
            link_account(conn, code, name, actor="ada")
    names = ("cmdu-gw", "hlcu-gw")
    return {n: {"Authorization": f"Bearer {token_for(workspace, n, *FILER)}"} for n in names}


@pytest.fixture
def decided(
    api: TestClient, workspace: Workspace, account: Account, tokens: dict[str, Headers]
) -> int:
    """A bill filed by CMDU's token and decided do-not-load by an officer; its response id."""
    body = as_json(manifest(consignment("CMDU777"), reference="CMDU-MAN-7"))
    assert api.post("/api/v1/messages", content=body, headers=tokens["cmdu-gw"]).is_success
    officer = account(Role.TARGETING_OFFICER)
    with workspace.engine.begin() as conn:
        (cid,) = find_ids(conn, "CMDU777")
        cases.claim(conn, cid, officer)
        decision = Decision(
            kind=DecisionKind.DO_NOT_LOAD, reason_code="prohibited_goods", note=NOTE
        )
        cases.decide(conn, cid, officer, decision)
        (made,) = responses(conn, None)
    return made.response_id


def test_the_filer_fetches_its_response_as_json(
    api: TestClient, workspace: Workspace, tokens: dict[str, Headers], decided: int
) -> None:
    unread = api.get("/api/v1/responses", params={"unfetched": "true"}, headers=tokens["cmdu-gw"])
    (listed,) = unread.json()["responses"]
    assert listed["response_id"] == decided
    assert listed["fetched_at"] is not None
    one = api.get(f"/api/v1/responses/{decided}", headers=tokens["cmdu-gw"])
    assert one.status_code == 200
    assert one.headers["content-type"] == "application/json"
    found = one.json()
    assert found["kind"] == "do_not_load"
    assert found["bill_number"] == "CMDU777"
    assert found["provider"] == "CMDU"
    assert found["message_reference"] == "CMDU-MAN-7"
    for secret in ("cocaine", "informant", "prohibited", "score"):
        assert secret not in one.text.lower()
    again = api.get("/api/v1/responses", params={"unfetched": "true"}, headers=tokens["cmdu-gw"])
    assert again.json()["responses"] == []
    with workspace.engine.connect() as conn:
        events = audit_events(conn, AuditFilter(action=AuditAction.FILER_RESPONSE))
    assert [e.details()["step"] for e in reversed(events)] == ["made", "fetched"]
    assert events[0].actor.startswith("token:")


@pytest.mark.parametrize("how", ["query", "accept"])
def test_the_filer_fetches_its_response_as_cusres(
    api: TestClient, tokens: dict[str, Headers], decided: int, how: str
) -> None:
    headers = dict(tokens["cmdu-gw"])
    params = {}
    if how == "query":
        params["format"] = "cusres"
    else:
        headers["Accept"] = "application/edifact"
    answer = api.get(f"/api/v1/responses/{decided}", params=params, headers=headers)
    assert answer.status_code == 200
    assert answer.headers["content-type"].startswith("application/edifact")
    segments = list(Lexer(io.BytesIO(answer.content)))
    tags = [s.tag for s in segments]
    assert tags[:2] == ["UNB", "UNH"]
    assert tags[-2:] == ["UNT", "UNZ"]
    assert segments[1].value_list(1) == ["CUSRES", "D", "96B", "UN"]
    assert segments[0].value(2) == "CMDU"
    bill = next(s for s in segments if s.tag == "RFF" and s.value(0) == "BM")
    assert bill.value(0, 1) == "CMDU777"
    assert int(segments[-2].value(0)) == len(tags) - 2


def test_another_provider_cannot_read_it(
    api: TestClient, tokens: dict[str, Headers], decided: int
) -> None:
    other = tokens["hlcu-gw"]
    assert api.get(f"/api/v1/responses/{decided}", headers=other).status_code == 404
    cusres = api.get(f"/api/v1/responses/{decided}?format=cusres", headers=other)
    assert cusres.status_code == 404
    assert api.get("/api/v1/responses", headers=other).json()["responses"] == []
    # Still unread by its filer: the other provider's attempts fetched nothing.
    unread = api.get("/api/v1/responses?unfetched=true", headers=tokens["cmdu-gw"]).json()
    assert [r["response_id"] for r in unread["responses"]] == [decided]


def test_only_filers_and_auditors_read_responses(
    api: TestClient, workspace: Workspace, account: Account, decided: int
) -> None:
    assert api.get(f"/api/v1/responses/{decided}").status_code == 401
    officer = token_for(workspace, account(Role.TARGETING_OFFICER), *TokenScope)
    bearer = {"Authorization": f"Bearer {officer}"}
    assert api.get(f"/api/v1/responses/{decided}", headers=bearer).status_code == 403
    auditor = token_for(workspace, account(Role.AUDITOR), TokenScope.READ_OWN_RECEIPTS)
    seen = api.get(f"/api/v1/responses/{decided}", headers={"Authorization": f"Bearer {auditor}"})
    assert seen.status_code == 200
    assert seen.json()["fetched_at"] is None


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/responses/0",
        "/api/v1/responses/-3",
        "/api/v1/responses/abc",
        f"/api/v1/responses/{2**70}",
        "/api/v1/responses/1?format=xml",
        "/api/v1/responses?before=0",
        "/api/v1/responses?limit=100000",
        "/api/v1/responses?since=last%20week",
        "/api/v1/responses?unfetched=maybe",
    ],
)
def test_malformed_requests_are_refused(
    api: TestClient, tokens: dict[str, Headers], path: str
) -> None:
    answer = api.get(path, headers=tokens["cmdu-gw"])
    assert answer.status_code == 422
    assert answer.json()["problems"]


def test_an_unknown_id_is_not_found(api: TestClient, tokens: dict[str, Headers]) -> None:
    answer = api.get("/api/v1/responses/999999", headers=tokens["cmdu-gw"])
    assert answer.status_code == 404
    assert "999999" in answer.json()["detail"]
