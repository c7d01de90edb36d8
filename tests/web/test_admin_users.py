"""User administration on the real app: the administrator makes, scopes, changes, locks out
and lets back in users through the pages; every change takes effect at once, is audited under
the administrator's name, and bad input is refused with a reason and changes nothing."""

from __future__ import annotations

import html
import re

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from cargotarget.model.users import Role, User
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.security_tables import audit_event
from cargotarget.store.session_tables import web_session
from cargotarget.store.users import user_by_name, users
from cargotarget.workflow.login import LoginPolicy, login
from cargotarget.workflow.workspace import Workspace
from tests.web.conftest import PASSWORD, XSS, Account, hidden_csrf, log_in, new_client

ADMIN = "user-administrator"
OFFICER = "user-targeting-officer"
NEW_PASSWORD = "plum kettle over nine lanterns"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"


class Admin:
    """A signed-in administrator's browser."""

    def __init__(self, app: FastAPI) -> None:
        self.client = new_client(app)
        self.csrf = log_in(self.client, ADMIN)

    def post(self, url: str, **form: str | list[str]) -> httpx.Response:
        data = {"csrf_token": self.csrf, **form}
        return self.client.post(url, data=data, follow_redirects=False)


@pytest.fixture
def admin(app: FastAPI, account: Account) -> Admin:
    account(Role.ADMINISTRATOR)
    return Admin(app)


def _user(workspace: Workspace, name: str) -> User | None:
    with workspace.engine.connect() as conn:
        return user_by_name(conn, name)


def _events(workspace: Workspace) -> int:
    with workspace.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(audit_event)).scalar_one())


def _steps(workspace: Workspace, name: str) -> list[tuple[str, str]]:
    """(actor, step) of the user changes recorded about ``name``, oldest first."""
    wanted = AuditFilter(action="user_change", subject_kind="user", subject_id=name)
    with workspace.engine.connect() as conn:
        found = reversed(audit_events(conn, wanted))
        return [(e.actor, e.details()["step"]) for e in found]


def _create(admin: Admin, **fields: str | list[str]) -> httpx.Response:
    form: dict[str, str | list[str]] = {
        "username": "jm-officer",
        "display_name": "Jo Marsh",
        "roles": ["targeting_officer"],
        "ports": "JMKIN",
        "password": NEW_PASSWORD,
    }
    return admin.post("/admin/users", **{**form, **fields})


def test_the_administrator_creates_an_officer_scoped_to_kingston_who_then_logs_in(
    app: FastAPI, workspace: Workspace, admin: Admin
) -> None:
    page = admin.client.get("/admin/users")
    assert page.status_code == 200
    assert "Create user" in page.text
    made = _create(admin)
    assert made.status_code == 303, made.text
    assert made.headers["location"] == "/admin/users/jm-officer"
    user = _user(workspace, "jm-officer")
    assert user is not None
    assert (user.roles, user.ports, user.display_name) == (
        frozenset({Role.TARGETING_OFFICER}),
        frozenset({"JMKIN"}),
        "Jo Marsh",
    )
    assert user.sees_port("JMKIN")
    assert not user.sees_port("USNYC")
    officer = new_client(app)
    log_in(officer, "jm-officer", NEW_PASSWORD)
    assert officer.get("/queue").status_code == 200
    assert _steps(workspace, "jm-officer") == [(ADMIN, "added"), (ADMIN, "password set")]
    listing = admin.client.get("/admin/users").text
    row = re.search(r"<tr>\s*<td><a href=\"/admin/users/jm-officer\">.*?</tr>", listing, re.S)
    assert row is not None
    assert "JMKIN" in row.group(0)
    assert "targeting_officer" in row.group(0)
    detail = admin.client.get("/admin/users/jm-officer").text
    assert "last login" in detail
    assert "never" not in detail


@pytest.mark.parametrize(
    ("password", "rule"),
    [
        ("short one", "a password needs at least 12 characters; this one has 9"),
        ("jm-officer-password-2026", "a password must not contain the user name"),
        ("Password123!", "list of common passwords"),
    ],
)
def test_a_weak_password_is_refused_with_the_rule_it_breaks(
    workspace: Workspace, admin: Admin, password: str, rule: str
) -> None:
    before = _events(workspace)
    refused = _create(admin, password=password)
    assert refused.status_code == 400
    assert rule in html.unescape(refused.text)
    assert 'value="jm-officer"' in refused.text  # the form is filled again (not the password)
    assert password not in refused.text
    assert _user(workspace, "jm-officer") is None
    assert _events(workspace) == before


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"ports": "XXKIN"}, 400, "UN/LOCODE 'XXKIN'"),
        ({"ports": "JMKIN, kingston"}, 400, "UN/LOCODE 'kingston'"),
        ({"ports": ""}, 400, "name at least one port"),
        ({"ports": "JMKIN", "every_port": "yes"}, 400, "either port codes or every port"),
        ({"ports": "JMKIN\x00"}, 400, "control characters"),
        ({"roles": ["emperor"]}, 400, "unknown role 'emperor'"),
        ({"roles": ["x" * 500]}, 400, "unknown role"),
        ({"roles": []}, 400, "at least one role"),
        ({"username": "Jo Marsh"}, 400, "must be 1 to 64 letters"),
        ({"username": "jm\x1bofficer"}, 400, "control characters"),
        ({"username": "x" * 65}, 400, "username"),
        ({"display_name": "Jo\nMarsh"}, 400, "control characters"),
        ({"display_name": "J" * 201}, 400, "at most 200 characters"),
        ({"display_name": "J" * 5000}, 400, "display_name"),
        ({"password": "p" * 5000}, 400, "password"),
        ({"username": OFFICER}, 409, "already exists"),
    ],
)
def test_bad_account_fields_are_refused_and_change_nothing(
    workspace: Workspace,
    admin: Admin,
    account: Account,
    fields: dict[str, str | list[str]],
    status: int,
    message: str,
) -> None:
    account(Role.TARGETING_OFFICER)
    with workspace.engine.connect() as conn:
        before = users(conn)
    events = _events(workspace)
    refused = _create(admin, **fields)
    assert refused.status_code == status, refused.text
    assert message in html.unescape(refused.text)
    with workspace.engine.connect() as conn:
        assert users(conn) == before
    assert _events(workspace) == events


def test_a_change_of_roles_takes_effect_at_the_next_request(
    app: FastAPI, workspace: Workspace, admin: Admin, account: Account
) -> None:
    account(Role.TARGETING_OFFICER)
    officer = new_client(app)
    log_in(officer, OFFICER)
    assert officer.get("/queue").status_code == 200
    changed = admin.post(f"/admin/users/{OFFICER}/roles", roles=["examiner"])
    assert changed.status_code == 303
    assert officer.get("/queue").status_code == 403  # the same session, the new roles
    assert officer.get("/").status_code == 200
    user = _user(workspace, OFFICER)
    assert user is not None
    assert user.roles == {Role.EXAMINER}
    assert _steps(workspace, OFFICER)[-1] == (ADMIN, "roles")
    assert admin.post(f"/admin/users/{OFFICER}/roles", roles=["king"]).status_code == 400
    assert admin.post("/admin/users/nobody/roles", roles=["examiner"]).status_code == 404


def test_deactivated_users_cannot_log_in_and_their_sessions_end(
    app: FastAPI, workspace: Workspace, admin: Admin, account: Account
) -> None:
    account(Role.TARGETING_OFFICER)
    officer, other_browser = new_client(app), new_client(app)
    log_in(officer, OFFICER)
    log_in(other_browser, OFFICER)
    assert admin.post(f"/admin/users/{OFFICER}/active", active="no").status_code == 303
    user = _user(workspace, OFFICER)
    assert user is not None
    assert not user.active
    with workspace.engine.connect() as conn:
        live = select(func.count()).where(
            web_session.c.user_id == user.id, web_session.c.ended_at.is_(None)
        )
        assert conn.execute(live).scalar_one() == 0
    for browser in (officer, other_browser):
        answer = browser.get("/queue", follow_redirects=False)
        assert answer.status_code == 303
        assert answer.headers["location"].startswith("/login")
    form = new_client(app)
    token = hidden_csrf(form.get("/login").text)
    data = {"username": OFFICER, "password": PASSWORD, "csrf_token": token}
    assert form.post("/login", data=data, follow_redirects=False).status_code == 401
    assert admin.post(f"/admin/users/{OFFICER}/active", active="yes").status_code == 303
    log_in(new_client(app), OFFICER)
    assert [step for _, step in _steps(workspace, OFFICER)][-2:] == ["deactivated", "activated"]
    assert admin.post(f"/admin/users/{OFFICER}/active", active="maybe").status_code == 400


def test_an_administrator_cannot_demote_or_deactivate_themselves(
    workspace: Workspace, admin: Admin
) -> None:
    events = _events(workspace)
    demoted = admin.post(f"/admin/users/{ADMIN}/roles", roles=["auditor"])
    assert demoted.status_code == 403
    assert "your own administrator role" in demoted.text
    gone = admin.post(f"/admin/users/{ADMIN}/active", active="no")
    assert gone.status_code == 403
    assert "your own account" in gone.text
    me = _user(workspace, ADMIN)
    assert me is not None
    assert me.active
    assert me.roles == {Role.ADMINISTRATOR}
    assert _events(workspace) == events
    # Adding a role to oneself is no risk of a lock-out.
    more = admin.post(f"/admin/users/{ADMIN}/roles", roles=["administrator", "auditor"])
    assert more.status_code == 303


def test_a_locked_out_user_is_unlocked_and_a_new_password_set(
    app: FastAPI, workspace: Workspace, admin: Admin, account: Account
) -> None:
    account(Role.TARGETING_OFFICER)
    with workspace.engine.begin() as conn:
        for _ in range(5):
            assert login(conn, OFFICER, "wrong password!", policy=LoginPolicy()).user is None
    with workspace.engine.begin() as conn:
        assert login(conn, OFFICER, PASSWORD).user is None  # locked: the right one fails too
    detail = admin.client.get(f"/admin/users/{OFFICER}").text
    assert re.search(r"<dt>locked</dt><dd>until \d{4}-", detail)
    assert admin.post(f"/admin/users/{OFFICER}/unlock").status_code == 303
    log_in(new_client(app), OFFICER)
    weak = admin.post(f"/admin/users/{OFFICER}/password", password="password")
    assert weak.status_code == 400
    assert "at least 12 characters" in weak.text
    assert admin.post(f"/admin/users/{OFFICER}/password", password=NEW_PASSWORD).status_code == 303
    log_in(new_client(app), OFFICER, NEW_PASSWORD)
    steps = [step for actor, step in _steps(workspace, OFFICER) if actor == ADMIN]
    assert steps == ["unlocked", "password set"]


def test_ports_are_changed_and_checked(
    workspace: Workspace, admin: Admin, account: Account
) -> None:
    account(Role.TARGETING_OFFICER)
    url = f"/admin/users/{OFFICER}/ports"
    assert admin.post(url, ports="JMKIN, usnyc").status_code == 303
    user = _user(workspace, OFFICER)
    assert user is not None
    assert user.ports == {"JMKIN", "USNYC"}
    page = admin.client.get(f"/admin/users/{OFFICER}").text
    assert "<dt>ports</dt><dd>JMKIN, USNYC</dd>" in page
    refused = admin.post(url, ports="JMKIN ZZZZZ")
    assert refused.status_code == 400
    assert "ZZZZZ" in refused.text
    assert admin.post(url, every_port="yes").status_code == 303
    user = _user(workspace, OFFICER)
    assert user is not None
    assert user.ports is None
    wanted = AuditFilter(subject_kind="user", subject_id=OFFICER, action="user_change", limit=2)
    with workspace.engine.connect() as conn:
        last = audit_events(conn, wanted)[0].details()
    assert last == {"step": "ports", "before": ["JMKIN", "USNYC"], "after": None}


def test_hostile_display_names_are_shown_as_text(workspace: Workspace, admin: Admin) -> None:
    assert _create(admin, display_name=XSS).status_code == 303
    for url in ("/admin/users", "/admin/users/jm-officer"):
        page = admin.client.get(url).text
        assert ESCAPED in page, url
        assert "<script>alert" not in page, url
    hostile_path = admin.client.get("/admin/users/%3Cscript%3E")
    assert hostile_path.status_code == 404
    assert "<script>" not in hostile_path.text


def test_forms_without_the_csrf_token_are_refused(
    workspace: Workspace, admin: Admin, account: Account
) -> None:
    account(Role.TARGETING_OFFICER)
    answer = admin.client.post(
        f"/admin/users/{OFFICER}/active", data={"active": "no"}, follow_redirects=False
    )
    assert answer.status_code == 403
    user = _user(workspace, OFFICER)
    assert user is not None
    assert user.active
