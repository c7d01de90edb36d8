"""Sessions: a new id at every login (no fixation), a logout that really ends the session,
cookie attributes, CSRF on every state-changing request, throttling and lockout through the
login page, and the audit records of it all."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI

from cargotarget.settings import Settings
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.web import create_app
from cargotarget.web.access import SESSION_COOKIE
from cargotarget.workflow.browser_sessions import SessionPolicy, current_session, sign_in
from cargotarget.workflow.login import LoginPolicy
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import PASSWORD, hidden_csrf, log_in, new_client

OFFICER = "user-targeting-officer"


def _actions(workspace: Workspace, actor: str) -> list[str]:
    with workspace.engine.connect() as conn:
        return [e.action for e in reversed(audit_events(conn, AuditFilter(actor=actor)))]


def test_login_issues_a_new_session_id_every_time(app: FastAPI, officer_name: str) -> None:
    client = new_client(app)
    planted = "attacker-chosen-session-id-planted-before-login"
    client.cookies.set(SESSION_COOKIE, planted, domain="testserver.local")
    log_in(client, OFFICER)
    first = client.cookies[SESSION_COOKIE]
    assert first != planted
    log_in(client, OFFICER)
    second = client.cookies[SESSION_COOKIE]
    assert second not in (first, planted)
    stale = new_client(app)
    stale.cookies.set(SESSION_COOKIE, first, domain="testserver.local")
    assert stale.get("/", follow_redirects=False).status_code == 303  # the earlier one ended


def test_logout_ends_the_session_for_good(
    app: FastAPI, workspace: Workspace, officer_name: str
) -> None:
    client = new_client(app)
    csrf = log_in(client, OFFICER)
    old = client.cookies[SESSION_COOKIE]
    assert client.get("/queue").status_code == 200
    answer = client.post("/logout", data={"csrf_token": csrf}, follow_redirects=False)
    assert answer.status_code == 303
    replay = new_client(app)
    replay.cookies.set(SESSION_COOKIE, old, domain="testserver.local")
    refused = replay.get("/queue", follow_redirects=False)
    assert refused.status_code == 303
    assert refused.headers["location"] == "/login?next=%2Fqueue"
    assert replay.get("/api/v1/queue").status_code == 401
    assert _actions(workspace, OFFICER)[-2:] == ["login", "logout"]


def test_session_cookie_is_httponly_lax_and_secure_over_https(
    app: FastAPI, officer_name: str
) -> None:
    for base, secure in (("http://testserver", False), ("https://testserver", True)):
        client = new_client(app, base)
        form = client.get("/login")
        answer = client.post(
            "/login",
            data={"username": OFFICER, "password": PASSWORD, "csrf_token": hidden_csrf(form.text)},
            follow_redirects=False,
        )
        cookie = next(
            c for c in answer.headers.get_list("set-cookie") if c.startswith(SESSION_COOKIE)
        )
        flags = {part.strip().lower() for part in cookie.split(";")}
        assert "httponly" in flags
        assert "samesite=lax" in flags
        assert ("secure" in flags) is secure


def test_sessions_end_when_idle_or_old(workspace: Workspace, officer_name: str) -> None:
    idle = SessionPolicy(lifetime=timedelta(hours=8), idle=timedelta(minutes=30))
    old = SessionPolicy(lifetime=timedelta(hours=8), idle=timedelta(hours=10))
    minutes = [20, 49, 80]  # each use restarts the idle clock: idle for 20, 29, then 31
    with workspace.engine.begin() as conn:
        first = sign_in(conn, OFFICER, PASSWORD, login_policy=LoginPolicy(), policy=idle)
        second = sign_in(conn, OFFICER, PASSWORD, login_policy=LoginPolicy(), policy=old)
    assert first.session_id is not None
    assert second.session_id is not None
    now = datetime.now(UTC)
    with workspace.engine.begin() as conn:
        alive = [
            current_session(conn, first.session_id, idle, now + timedelta(minutes=m)) is not None
            for m in minutes
        ]
        assert alive == [True, True, False]
        assert current_session(conn, first.session_id, idle, now) is None  # ended for good
        assert current_session(conn, second.session_id, old, now + timedelta(hours=7))
        assert current_session(conn, second.session_id, old, now + timedelta(hours=8)) is None


def test_state_changing_requests_need_the_csrf_token(app: FastAPI, officer_name: str) -> None:
    client = new_client(app)
    csrf = log_in(client, OFFICER)
    for attempt in ({}, {"csrf_token": "wrong"}):
        answer = client.post("/logout", data=attempt, follow_redirects=False)
        assert answer.status_code == 403
        assert "CSRF" in answer.text
    assert client.get("/queue").status_code == 200  # still signed in: nothing happened
    header = client.post("/logout", headers={"X-CSRF-Token": csrf}, follow_redirects=False)
    assert header.status_code == 303


def test_a_browser_session_cannot_submit_without_the_csrf_token(
    app: FastAPI, provider_name: str
) -> None:
    client = new_client(app)
    csrf = log_in(client, "user-data-provider")
    body = as_json(manifest(consignment("CSRF000001")))
    refused = client.post("/api/v1/messages", content=body)
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    as_form = client.post("/api/v1/messages", data={"csrf_token": csrf, "message": "x"})
    assert as_form.status_code == 403  # the API takes the token from the header only
    accepted = client.post("/api/v1/messages", content=body, headers={"X-CSRF-Token": csrf})
    assert accepted.status_code == 200


def test_login_form_needs_its_own_token(app: FastAPI, officer_name: str) -> None:
    client = new_client(app)
    client.get("/login")
    forged = client.post(
        "/login",
        data={"username": OFFICER, "password": PASSWORD, "csrf_token": "forged"},
        follow_redirects=False,
    )
    assert forged.status_code == 403
    assert SESSION_COOKIE not in client.cookies


@pytest.fixture
def strict_app(settings: Settings, workspace: Workspace) -> FastAPI:
    strict = settings.model_copy(update={"login_max_failures": 3, "login_lockout_minutes": 15})
    return create_app(strict)


def test_login_page_locks_an_account_after_repeated_failures(
    strict_app: FastAPI, workspace: Workspace, officer_name: str
) -> None:
    client = new_client(strict_app)

    def attempt(password: str) -> int:
        token = hidden_csrf(client.get("/login").text)
        form = {"username": OFFICER, "password": password, "csrf_token": token}
        answer = client.post("/login", data=form, follow_redirects=False)
        if answer.status_code == 401:
            assert "wrong user name or password" in answer.text
        return answer.status_code

    assert [attempt("not the password") for _ in range(3)] == [401, 401, 401]
    assert attempt(PASSWORD) == 401  # locked: even the right password is refused
    assert SESSION_COOKIE not in client.cookies
    assert _actions(workspace, OFFICER)[-4:] == ["login_failed"] * 4
    with workspace.engine.connect() as conn:
        last = audit_events(conn, AuditFilter(actor=OFFICER, limit=1))[0]
    assert last.details()["reason"] == "locked"


def test_redirect_after_login_stays_on_this_site(app: FastAPI, officer_name: str) -> None:
    client = new_client(app)
    for target, lands in (("/queue", "/queue"), ("//evil.example/x", "/"), ("https://x.y", "/")):
        token = hidden_csrf(client.get("/login").text)
        form = {"username": OFFICER, "password": PASSWORD, "csrf_token": token, "next": target}
        answer = client.post("/login", data=form, follow_redirects=False)
        assert answer.headers["location"] == lands
