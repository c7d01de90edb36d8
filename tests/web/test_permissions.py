"""The permission matrix, built from the app's route table: every role (and a data provider's
token, and nobody) against every route. An allowed principal gets through; a signed-in one
without the permission gets 403; nobody gets a redirect to the login (pages) or 401 (API).
A route that declares no permission fails the test."""

from __future__ import annotations

import re

import httpx
import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from cargotarget.model.access import Permission, role_permissions, token_permissions
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.web.access import route_permission
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import PASSWORD, Cargo, hidden_csrf, log_in, new_client, token_for
from tests.web.routes import EXPECTED

Call = tuple[str, str, APIRoute]


def _routes(app: FastAPI) -> list[Call]:
    """Every (method, path, route) of the app; fails on a route without a permission."""
    undeclared = [
        getattr(route, "path", repr(route))
        for route in app.routes
        if route_permission(route) is None
    ]
    assert undeclared == [], f"routes without a declared permission: {undeclared}"
    calls = []
    for route in app.routes:
        assert isinstance(route, APIRoute)
        calls += [(method, route.path, route) for method in sorted(route.methods)]
    # A login starts a new session and the logout ends it: they go last.
    return sorted(calls, key=lambda call: (call[1] == "/logout", call[:2] == ("POST", "/login")))


def _url(path: str, cargo: Cargo, receipt_id: int) -> str:
    values = {
        "name": "app.css",
        "consignment_id": str(cargo.consignment_id),
        "bill": cargo.bill,
        "receipt_id": str(receipt_id),
    }
    # Other identifiers name nothing stored: an allowed principal gets a 404, which is through.
    return re.sub(r"\{(\w+)\}", lambda m: values.get(m.group(1), "1"), path)


def _call(client: TestClient, method: str, url: str, user: str | None, csrf: str) -> httpx.Response:
    headers = {"X-CSRF-Token": csrf} if csrf else {}
    if url == "/login" and method == "POST":
        token = hidden_csrf(client.get("/login").text)
        form = {"username": user or "nobody", "password": PASSWORD, "csrf_token": token}
        return client.post(url, data=form, follow_redirects=False)
    if method == "POST":
        body = as_json(manifest(consignment(f"MATRIX{len(url)}{user}"[:30].upper())))
        return client.post(url, content=body, headers=headers, follow_redirects=False)
    return client.request(method, url, headers=headers, follow_redirects=False)


def _refused(response: httpx.Response) -> str | None:
    """How the app refused, or None when the request got through."""
    if response.status_code in (401, 403):
        return str(response.status_code)
    if response.status_code == 303 and response.headers["location"].startswith("/login?"):
        return "login"
    return None


def _submit_receipt(client: TestClient, secret: str) -> int:
    body = as_json(manifest(consignment("RECEIPT0001")))
    answer = client.post("/api/v1/messages", content=body, headers=_bearer(secret))
    assert answer.status_code == 200, answer.text
    receipt_id: int = answer.json()["receipt_id"]
    return receipt_id


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def test_every_role_against_every_route(
    app: FastAPI, workspace: Workspace, people: dict[Role, str], cargo: Cargo
) -> None:
    routes = _routes(app)
    provider_secret = token_for(
        workspace, people[Role.DATA_PROVIDER], TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS
    )
    receipt_id = _submit_receipt(new_client(app), provider_secret)
    wrong = []
    through: dict[tuple[str, str], set[str]] = {(m, p): set() for m, p, _ in routes}
    for role, username in people.items():
        client = new_client(app)
        csrf = log_in(client, username)
        allowed = role_permissions(frozenset({role}))
        for method, path, route in routes:
            permission = route_permission(route)
            answer = _call(client, method, _url(path, cargo, receipt_id), username, csrf)
            refused = _refused(answer)
            expected = None if permission in allowed else "403"
            if refused != expected:
                wrong.append(f"{role.value} {method} {path}: {answer.status_code}, not {expected}")
            if refused is None:
                through[method, path].add(role.value)
            if (method, path) == ("POST", "/login"):
                csrf = hidden_csrf(client.get("/api/docs").text)  # the new session's token
    assert wrong == []
    assert through == EXPECTED


def test_nobody_is_sent_to_the_login_or_refused(
    app: FastAPI, people: dict[Role, str], cargo: Cargo
) -> None:
    wrong = []
    for method, path, route in _routes(app):
        client = new_client(app)
        answer = _call(client, method, _url(path, cargo, 1), None, "")
        refused = _refused(answer)
        if route_permission(route) is Permission.PUBLIC:
            expected = "401" if (method, path) == ("POST", "/login") else None
        else:
            expected = "401" if path.startswith("/api/") else "login"
        if refused != expected:
            wrong.append(f"{method} {path}: {answer.status_code}, not {expected}")
    assert wrong == []


@pytest.mark.parametrize(
    ("role", "scopes"),
    [
        (Role.DATA_PROVIDER, (TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS)),
        (Role.DATA_PROVIDER, (TokenScope.READ,)),
        (Role.TARGETING_OFFICER, (TokenScope.READ,)),
        (Role.TARGETING_OFFICER, (TokenScope.SUBMIT,)),
    ],
)
def test_tokens_hold_what_both_their_scopes_and_owner_allow(
    app: FastAPI,
    workspace: Workspace,
    people: dict[Role, str],
    cargo: Cargo,
    role: Role,
    scopes: tuple[TokenScope, ...],
) -> None:
    secret = token_for(workspace, people[role], *scopes)
    provider = token_for(workspace, people[Role.DATA_PROVIDER], TokenScope.SUBMIT)
    receipt_id = _submit_receipt(new_client(app), provider)
    allowed = token_permissions(frozenset({role}), frozenset(scopes))
    client = new_client(app)
    client.headers.update(_bearer(secret))
    wrong = []
    for method, path, route in _routes(app):
        if not path.startswith("/api/v1/"):
            continue
        answer = _call(client, method, _url(path, cargo, receipt_id), None, "")
        expected = None if route_permission(route) in allowed else "403"
        if _refused(answer) != expected:
            wrong.append(f"{method} {path}: {answer.status_code}, not {expected}")
    assert wrong == []
    assert Permission.VIEW_CONSIGNMENT not in token_permissions(
        frozenset({Role.DATA_PROVIDER}), frozenset(TokenScope)
    )
