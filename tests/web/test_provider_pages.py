"""The provider administration pages on the real app: register a provider, add identifiers
and accounts, make a filer's token whose secret works, deactivate; hostile text escaped, bad
input refused with the form kept, and nothing changed."""

from __future__ import annotations

import html
import re
from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.audit import AuditAction
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import XSS, Account, log_in, new_client

_SECRET = re.compile(r'<code id="secret">(ct_[A-Za-z0-9_-]+)</code>')
Admin = tuple[TestClient, str]


@pytest.fixture
def admin(app: FastAPI, account: Account) -> Iterator[Admin]:
    account(Role.DATA_PROVIDER)
    with new_client(app) as client:
        yield client, log_in(client, account(Role.ADMINISTRATOR))


def _post(admin: Admin, path: str, **form: str) -> str:
    client, csrf = admin
    answer = client.post(path, data={**form, "csrf_token": csrf}, follow_redirects=True)
    assert answer.status_code == 200, answer.text
    return answer.text


def test_register_identify_link_and_make_a_token(
    app: FastAPI, workspace: Workspace, admin: Admin
) -> None:
    client, _ = admin
    assert "no providers registered" in client.get("/admin/providers").text
    page = _post(admin, "/admin/providers", code="cmdu", name=XSS, kind="carrier", contact="edi")
    assert "<h1>Provider CMDU</h1>" in page
    assert XSS not in page
    assert html.escape(XSS, quote=False) in page
    page = _post(admin, "/admin/providers/CMDU/identifiers", scheme="scac", value="cmdu")
    assert "<code>CMDU</code>" in page
    assert '<option value="user-data-provider">' in page
    page = _post(admin, "/admin/providers/CMDU/accounts", username="user-data-provider")
    assert 'href="/admin/users/user-data-provider"' in page
    made = _post(admin, "/admin/providers/CMDU/tokens", account="user-data-provider", label="")
    secret = _SECRET.search(made)
    assert secret is not None
    assert "read_own_receipts, submit" in made
    body = as_json(manifest(consignment("PAGE000001")))
    bearer = {"Authorization": f"Bearer {secret.group(1)}"}
    receipt = new_client(app).post("/api/v1/messages", content=body, headers=bearer).json()
    assert receipt["provider_code"] == "CMDU"
    page = _post(admin, "/admin/providers/CMDU/active", active="no")
    assert '<dd id="state">deactivated</dd>' in page
    listing = client.get("/admin/providers").text
    assert 'href="/admin/providers/CMDU"' in listing
    assert "scac CMDU" in listing
    with workspace.engine.connect() as conn:
        events = audit_events(conn, AuditFilter(actor="user-administrator"))
    actions = [(e.action, e.details().get("step")) for e in reversed(events)]
    assert [a for a in actions if a[0] != AuditAction.LOGIN] == [
        (AuditAction.PROVIDER_CHANGE, "registered"),
        (AuditAction.PROVIDER_CHANGE, "identifier"),
        (AuditAction.PROVIDER_CHANGE, "account"),
        (AuditAction.TOKEN_CHANGE, "created"),
        (AuditAction.PROVIDER_CHANGE, "deactivated"),
    ]


@pytest.mark.parametrize(
    ("path", "form", "status", "says"),
    [
        ("/admin/providers", {"code": "x", "name": "X", "kind": "carrier"}, 400, "2 to 32"),
        ("/admin/providers", {"code": "ABC", "name": "", "kind": "carrier"}, 400, "required"),
        ("/admin/providers", {"code": "ABC", "name": "X", "kind": "pirate"}, 400, "the kind"),
        ("/admin/providers", {"code": "CMDU", "name": "X", "kind": "other"}, 409, "already"),
        ("/admin/providers/CMDU/identifiers", {"scheme": "scac", "value": "12"}, 400, "scac"),
        ("/admin/providers/CMDU/identifiers", {"scheme": "dna", "value": "X"}, 400, "scheme"),
        ("/admin/providers/CMDU/accounts", {"username": "user-administrator"}, 400, "not a data"),
        ("/admin/providers/CMDU/accounts", {"username": ""}, 400, "choose"),
        ("/admin/providers/CMDU/tokens", {"account": "user-administrator"}, 400, "choose one"),
        ("/admin/providers/CMDU/active", {"active": "maybe"}, 400, "yes or no"),
        ("/admin/providers/NOPE/identifiers", {"scheme": "scac", "value": "AB"}, 404, "NOPE"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(
    workspace: Workspace,
    admin: Admin,
    path: str,
    form: dict[str, str],
    status: int,
    says: str,
) -> None:
    _post(admin, "/admin/providers", code="CMDU", name="CMA CGM", kind="carrier")
    client, csrf = admin
    with workspace.engine.connect() as conn:
        before = len(audit_events(conn))
    answer = client.post(path, data={**form, "csrf_token": csrf})
    assert answer.status_code == status
    assert says in html.unescape(answer.text)
    with workspace.engine.connect() as conn:
        assert len(audit_events(conn)) == before


def test_forms_need_the_csrf_token(admin: Admin) -> None:
    client, _ = admin
    answer = client.post("/admin/providers", data={"code": "ABC", "name": "X", "kind": "other"})
    assert answer.status_code == 403
    assert "no providers registered" in client.get("/admin/providers").text
