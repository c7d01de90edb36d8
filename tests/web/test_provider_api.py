"""The provider channel on the real app, SQLite and PostgreSQL: provider administration over
the API, submissions that name the provider (and question a foreign sender), receipts listed
per provider, and the refusals: wrong role, no credentials, malformed ids and bodies,
oversized bodies, unknown formats, a deactivated provider."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.audit import AuditAction
from cargotarget.model.providers import ProviderKind
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.workflow.accounts import register_user
from cargotarget.workflow.providers import link_account, register_provider
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import Account, log_in, new_client, token_for

FILER = (TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS)


@pytest.fixture
def api(app: FastAPI) -> Iterator[TestClient]:
    with new_client(app) as client:
        yield client


@pytest.fixture
def admin(app: FastAPI, account: Account) -> Iterator[TestClient]:
    """The administrator signed in; each change carries the session's CSRF token."""
    with new_client(app) as client:
        csrf = log_in(client, account(Role.ADMINISTRATOR))
        client.headers["X-CSRF-Token"] = csrf
        yield client


def test_no_token_manages_providers(
    api: TestClient, workspace: Workspace, account: Account
) -> None:
    # No scope grants provider administration, even to an administrator's token.
    secret = token_for(workspace, account(Role.ADMINISTRATOR), *TokenScope)
    answer = api.get("/api/v1/providers", headers={"Authorization": f"Bearer {secret}"})
    assert answer.status_code == 403


@pytest.fixture
def filers(workspace: Workspace) -> dict[str, dict[str, str]]:
    """Two providers (CMDU, HLCU) with a filing account each, and a loose account."""
    with workspace.engine.begin() as conn:
        for code, account in (("CMDU", "cmdu-gw"), ("HLCU", "hlcu-gw"), (None, "loose-gw")):
            register_user(conn, account, [Role.DATA_PROVIDER])
            if code:
                register_provider(conn, code, code.title(), ProviderKind.CARRIER, actor="ada")
                link_account(conn, code, account, actor="ada")
    names = ("cmdu-gw", "hlcu-gw", "loose-gw")
    return {n: {"Authorization": f"Bearer {token_for(workspace, n, *FILER)}"} for n in names}


def _submit(api: TestClient, headers: dict[str, str], bill: str, **params: str) -> httpx.Response:
    body = as_json(manifest(consignment(bill), reference=f"REF-{bill}"))
    return api.post("/api/v1/messages", content=body, headers=headers, params=params)


def test_the_administrator_registers_a_provider_over_the_api(
    api: TestClient, workspace: Workspace, admin: TestClient
) -> None:
    new = {"code": "msc", "name": "Mediterranean Shipping", "kind": "carrier", "contact": "edi"}
    made = admin.post("/api/v1/providers", json=new)
    assert made.status_code == 201, made.text
    assert made.json()["code"] == "MSC"
    added = admin.post(
        "/api/v1/providers/MSC/identifiers", json={"scheme": "edi_sender", "value": "MSCGVA01"}
    )
    assert added.status_code == 200
    assert added.json()["identifiers"] == [{"scheme": "edi_sender", "value": "MSCGVA01"}]
    with workspace.engine.begin() as conn:
        register_user(conn, "msc-gw", [Role.DATA_PROVIDER])
    linked = admin.post("/api/v1/providers/msc/accounts", json={"username": "msc-gw"})
    assert linked.json()["accounts"] == ["msc-gw"]
    off = admin.post("/api/v1/providers/MSC/status", json={"active": False})
    assert off.json()["active"] is False
    listed = admin.get("/api/v1/providers").json()["providers"]
    assert [p["code"] for p in listed] == ["MSC"]
    assert admin.get("/api/v1/providers/MSC").json()["name"] == new["name"]
    with workspace.engine.connect() as conn:
        events = audit_events(conn, AuditFilter(action=AuditAction.PROVIDER_CHANGE))
    assert len(events) == 4
    assert {e.actor for e in events} == {"user-administrator"}


@pytest.mark.parametrize(
    ("path", "body", "status"),
    [
        ("/api/v1/providers", b'{"code": "MSC"}', 422),
        ("/api/v1/providers", b'{"code": "MSC", "name": "x", "evil": 1}', 422),
        ("/api/v1/providers", b'{"code": "M S C", "name": "x"}', 422),
        ("/api/v1/providers", b'{"code": "MSC", "name": "x", "kind": "pirate"}', 422),
        ("/api/v1/providers", b'{"code": "MSC", "na', 422),
        ("/api/v1/providers", b"\xff\xfe\x00garbage", 422),
        ("/api/v1/providers", b'{"code": "MSC", "name": "' + b"x" * 20000 + b'"}', 413),
        ("/api/v1/providers/CMDU/identifiers", b'{"scheme": "scac", "value": "TOOLONG"}', 422),
        ("/api/v1/providers/CMDU/identifiers", b'{"scheme": "dna", "value": "X"}', 422),
        ("/api/v1/providers/CMDU/accounts", b'{"username": "nobody"}', 422),
        ("/api/v1/providers/CMDU/accounts", b'{"username": "hlcu-gw"}', 409),
        ("/api/v1/providers/NOPE/accounts", b'{"username": "hlcu-gw"}', 404),
        ("/api/v1/providers/CMDU/status", b'{"active": "perhaps"}', 422),
        ("/api/v1/providers/%3Cscript%3E/status", b'{"active": false}', 422),
    ],
)
def test_bad_administration_requests_are_refused(
    api: TestClient,
    admin: TestClient,
    filers: dict[str, dict[str, str]],
    path: str,
    body: bytes,
    status: int,
) -> None:
    answer = admin.post(path, content=body)
    assert answer.status_code == status, answer.text
    assert answer.json()["detail"]
    providers = admin.get("/api/v1/providers").json()["providers"]
    assert [(p["code"], p["accounts"]) for p in providers] == [
        ("CMDU", ["cmdu-gw"]),
        ("HLCU", ["hlcu-gw"]),
    ]


def test_only_the_administrator_manages_providers(
    api: TestClient, filers: dict[str, dict[str, str]]
) -> None:
    assert api.get("/api/v1/providers").status_code == 401
    assert api.get("/api/v1/providers", headers=filers["cmdu-gw"]).status_code == 403
    new = {"code": "EVIL", "name": "Evil"}
    assert api.post("/api/v1/providers", json=new, headers=filers["cmdu-gw"]).status_code == 403


def test_a_receipt_names_the_provider_and_questions_a_foreign_sender(
    api: TestClient, filers: dict[str, dict[str, str]]
) -> None:
    # The factory's manifests name MAEU as their provider (NAD+MS in CUSCAR terms).
    answer = _submit(api, filers["cmdu-gw"], "CMDU000001", format="json")
    assert answer.status_code == 200, answer.text
    receipt = answer.json()
    assert receipt["provider_code"] == "CMDU"
    assert receipt["accepted"] == 1
    (warning,) = receipt["warnings"]
    assert "'MAEU'" in warning
    assert "CMDU" in warning
    again = api.get(f"/api/v1/receipts/{receipt['receipt_id']}", headers=filers["cmdu-gw"])
    assert again.json()["provider_code"] == "CMDU"
    loose = _submit(api, filers["loose-gw"], "LOOSE00001").json()
    assert loose["provider_code"] is None
    assert "no registered data provider" in loose["warnings"][0]


@pytest.mark.parametrize("fmt", ["x12", "cargo_xml", "cargo_imp", "ens", "cuscar", "csv"])
def test_every_registered_format_may_be_declared(
    api: TestClient, filers: dict[str, dict[str, str]], fmt: str
) -> None:
    # JSON declared as another format is read as that format: rejected, kept, explained.
    answer = _submit(api, filers["cmdu-gw"], "FMT0000001", format=fmt)
    assert answer.status_code == 422
    assert answer.json()["accepted"] == 0
    unknown = _submit(api, filers["cmdu-gw"], "FMT0000002", format="pdf")
    assert unknown.status_code == 400
    assert "x12" in unknown.json()["detail"]


def test_a_deactivated_provider_may_not_file(
    api: TestClient, admin: TestClient, filers: dict[str, dict[str, str]]
) -> None:
    admin.post("/api/v1/providers/CMDU/status", json={"active": False})
    answer = _submit(api, filers["cmdu-gw"], "CMDU000009")
    assert answer.status_code == 403
    assert "deactivated" in answer.json()["detail"]


def test_a_provider_lists_its_own_receipts_newest_first(
    api: TestClient, filers: dict[str, dict[str, str]]
) -> None:
    mine = [
        _submit(api, filers["cmdu-gw"], f"CMDU00000{i}").json()["receipt_id"] for i in (1, 2, 3)
    ]
    theirs = _submit(api, filers["hlcu-gw"], "HLCU000001").json()["receipt_id"]
    first = api.get("/api/v1/receipts", params={"limit": 2}, headers=filers["cmdu-gw"]).json()
    assert [r["id"] for r in first["receipts"]] == mine[::-1][:2]
    rest = api.get(
        "/api/v1/receipts",
        params={"limit": 2, "before": first["next_before"]},
        headers=filers["cmdu-gw"],
    ).json()
    assert [r["id"] for r in rest["receipts"]] == [mine[0]]
    assert rest["next_before"] is None
    later = api.get(
        "/api/v1/receipts", params={"since": "2999-01-01T00:00:00Z"}, headers=filers["cmdu-gw"]
    )
    assert later.json()["receipts"] == []
    other = api.get("/api/v1/receipts", headers=filers["hlcu-gw"]).json()["receipts"]
    assert [r["id"] for r in other] == [theirs]
    assert api.get(f"/api/v1/receipts/{theirs}", headers=filers["cmdu-gw"]).status_code == 404


@pytest.mark.parametrize(
    "params",
    [
        {"before": "0"},
        {"before": "-1"},
        {"before": "x"},
        {"limit": "0"},
        {"limit": "501"},
        {"since": "yesterday"},
        {"before": str(2**70)},
    ],
)
def test_malformed_receipt_queries_are_refused(
    api: TestClient, filers: dict[str, dict[str, str]], params: dict[str, str]
) -> None:
    answer = api.get("/api/v1/receipts", params=params, headers=filers["cmdu-gw"])
    assert answer.status_code == 422
    assert answer.json()["problems"]
