"""API token administration on the real app: a token made on the page works from the moment
its secret is shown (once), is refused after it is revoked, and bad input makes no token."""

from __future__ import annotations

import html
import re
from datetime import UTC, date, datetime, timedelta

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.workflow.accounts import set_user_active
from cargotarget.workflow.tokens import list_tokens
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import XSS, Account, log_in, new_client

ADMIN = "user-administrator"
PROVIDER = "user-data-provider"
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"
_SECRET = re.compile(r'<code id="secret">(ct_[A-Za-z0-9_-]+)</code>')


@pytest.fixture
def admin(app: FastAPI, account: Account) -> tuple[TestClient, str]:
    account(Role.ADMINISTRATOR)
    account(Role.DATA_PROVIDER)
    client = new_client(app)
    return client, log_in(client, ADMIN)


def _create(admin: tuple[TestClient, str], **fields: str | list[str]) -> httpx.Response:
    client, csrf = admin
    form: dict[str, str | list[str]] = {
        "owner": PROVIDER,
        "scopes": ["submit", "read_own_receipts"],
        "label": "filing gateway",
        "expires": (date.today() + timedelta(days=30)).isoformat(),
        "csrf_token": csrf,
    }
    return client.post("/admin/tokens", data={**form, **fields}, follow_redirects=False)


def _submit(app: FastAPI, secret: str) -> int:
    body = as_json(manifest(consignment("TOKEN000001")))
    headers = {"Authorization": f"Bearer {secret}"}
    return new_client(app).post("/api/v1/messages", content=body, headers=headers).status_code


def test_a_token_made_on_the_page_works_once_shown_and_not_after_revocation(
    app: FastAPI, workspace: Workspace, admin: tuple[TestClient, str]
) -> None:
    client, csrf = admin
    listing = client.get("/admin/tokens")
    assert listing.status_code == 200
    assert "Create token" in listing.text
    made = _create(admin)
    assert made.status_code == 200, made.text
    found = _SECRET.search(made.text)
    assert found is not None
    secret = found.group(1)
    assert "shown only this once" in made.text
    assert made.headers["cache-control"] == "no-store"
    assert _submit(app, secret) == 200
    with workspace.engine.connect() as conn:
        (token,) = list_tokens(conn)
    assert (token.owner, token.scopes, token.label, token.created_by) == (
        PROVIDER,
        {TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS},
        "filing gateway",
        ADMIN,
    )
    assert token.last_used_at is not None  # the submission just made
    assert token.expires_at == datetime.combine(
        date.today() + timedelta(days=31), datetime.min.time(), tzinfo=UTC
    )
    page = client.get("/admin/tokens").text
    assert secret not in page  # never shown again
    assert token.prefix in page
    assert f"<td>{token.last_used_at:%Y-%m-%d %H:%M}</td>" in page
    assert "Revoke" in page
    revoked = client.post(
        f"/admin/tokens/{token.id}/revoke", data={"csrf_token": csrf}, follow_redirects=False
    )
    assert revoked.status_code == 303
    assert _submit(app, secret) == 401
    assert "revoked" in client.get("/admin/tokens").text
    with workspace.engine.connect() as conn:
        events = audit_events(conn, AuditFilter(action="token_change"))
    assert [(e.actor, e.details()["step"]) for e in reversed(events)] == [
        (ADMIN, "created"),
        (ADMIN, "revoked"),
    ]


def test_the_token_list_filters_by_owner(
    workspace: Workspace, admin: tuple[TestClient, str], account: Account
) -> None:
    client, _ = admin
    officer = account(Role.TARGETING_OFFICER)
    assert _create(admin).status_code == 200
    assert _create(admin, owner=officer, scopes=["read"], label="reader").status_code == 200
    mine = client.get(f"/admin/tokens?owner={officer}").text
    assert "reader" in mine
    assert "filing gateway" not in mine
    unknown = client.get("/admin/tokens?owner=nobody")
    assert unknown.status_code == 400
    assert "no user named 'nobody'" in html.unescape(unknown.text)


def test_hostile_labels_are_shown_as_text(admin: tuple[TestClient, str]) -> None:
    client, _ = admin
    made = _create(admin, label=XSS)
    assert made.status_code == 200
    for page in (made.text, client.get("/admin/tokens").text):
        assert ESCAPED in page
        assert "<script>alert" not in page


@pytest.mark.parametrize(
    ("fields", "status", "message"),
    [
        ({"scopes": []}, 400, "a token needs at least one scope"),
        ({"scopes": ["submit", "everything"]}, 400, "unknown scope 'everything'"),
        ({"owner": ""}, 400, "choose the user the token acts for"),
        ({"owner": "nobody"}, 400, "no user named 'nobody'"),
        ({"owner": "user-data-provider\x00"}, 400, "control characters"),
        ({"expires": "2020-01-01"}, 400, "has already passed"),
        ({"expires": "next week"}, 400, "expires must be a date as YYYY-MM-DD"),
        ({"label": "line\nbreak"}, 400, "control characters"),
        ({"label": "x" * 201}, 400, "at most 200 characters"),
        ({"label": "x" * 5000}, 400, "label"),
        ({"owner": "x" * 300}, 400, "owner"),
    ],
)
def test_bad_token_fields_are_refused_and_make_no_token(
    workspace: Workspace,
    admin: tuple[TestClient, str],
    fields: dict[str, str | list[str]],
    status: int,
    message: str,
) -> None:
    refused = _create(admin, **fields)
    assert refused.status_code == status, refused.text
    assert message in html.unescape(refused.text)
    assert "ct_" not in refused.text
    with workspace.engine.connect() as conn:
        assert list_tokens(conn) == []
        assert audit_events(conn, AuditFilter(action="token_change")) == []


def test_a_deactivated_user_gets_no_token(
    workspace: Workspace, admin: tuple[TestClient, str]
) -> None:
    with workspace.engine.begin() as conn:
        set_user_active(conn, PROVIDER, False)
    refused = _create(admin)
    assert refused.status_code == 400
    assert "is deactivated and may not hold tokens" in refused.text
    with workspace.engine.connect() as conn:
        assert list_tokens(conn) == []


def test_revoking_an_unknown_token_is_a_clear_404(admin: tuple[TestClient, str]) -> None:
    client, csrf = admin
    answer = client.post("/admin/tokens/999/revoke", data={"csrf_token": csrf})
    assert answer.status_code == 404
    assert "no token with id 999" in answer.text
    bad = client.post("/admin/tokens/-3/revoke", data={"csrf_token": csrf})
    assert bad.status_code == 400
