"""The real app on a real database, with one user per role and a little cargo.

Users are made through the audited account workflow and sign in through the login page, the
way a person does; the cargo is a manifest ingested through the intake and assessed.
"""

from __future__ import annotations

import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.settings import Settings
from cargotarget.web import create_app
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.tokens import create_token
from cargotarget.workflow.workbench import consignments_by_bill
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest

PASSWORD = "correct horse battery staple 42"
XSS = "<script>alert(1)</script><img src=x onerror=alert(2)>"
BILL = "MAEU123456789"
_HIDDEN = re.compile(r'name="csrf_token" value="([^"]*)"')


def user_of(role: Role) -> str:
    return f"user-{role.value.replace('_', '-')}"


@dataclass
class Cargo:
    consignment_id: int
    bill: str


Account = Callable[[Role], str]


@pytest.fixture
def account(workspace: Workspace) -> Account:
    """Makes (once) the user of a role, with :data:`PASSWORD`; returns the user name. Each
    password costs an argon2id hash, so tests make only the users they need."""
    made: set[Role] = set()

    def make(role: Role) -> str:
        if role not in made:
            with workspace.engine.begin() as conn:
                register_user(conn, user_of(role), [role])
                set_password(conn, user_of(role), PASSWORD)
            made.add(role)
        return user_of(role)

    return make


@pytest.fixture
def people(account: Account) -> dict[Role, str]:
    """One user per role."""
    return {role: account(role) for role in Role}


@pytest.fixture
def officer_name(account: Account) -> str:
    return account(Role.TARGETING_OFFICER)


@pytest.fixture
def provider_name(account: Account) -> str:
    return account(Role.DATA_PROVIDER)


@pytest.fixture
def cargo(workspace: Workspace) -> Cargo:
    """One consignment whose goods description is hostile markup, ingested and assessed."""
    body = as_json(manifest(consignment(BILL, description=XSS, shipper=XSS)))
    workspace.intake.ingest(io.BytesIO(body), provider="MAEU", filename="xss.json")
    assess_pending(workspace.engine, workspace.catalogue)
    with workspace.engine.connect() as conn:
        (cid,) = consignments_by_bill(conn, BILL)
    return Cargo(consignment_id=cid, bill=BILL)


@pytest.fixture
def app(settings: Settings, workspace: Workspace) -> FastAPI:
    return create_app(settings)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as test_client:
        yield test_client


def new_client(app: FastAPI, base_url: str = "http://testserver") -> TestClient:
    return TestClient(app, base_url=base_url)


def hidden_csrf(html: str) -> str:
    found = _HIDDEN.search(html)
    assert found is not None, "no csrf_token field on the page"
    return found.group(1)


def log_in(client: TestClient, username: str, password: str = PASSWORD) -> str:
    """Sign in through the login page; returns the session's CSRF token."""
    form = client.get("/login")
    assert form.status_code == 200
    answer = client.post(
        "/login",
        data={"username": username, "password": password, "csrf_token": hidden_csrf(form.text)},
        follow_redirects=False,
    )
    assert answer.status_code == 303, answer.text
    page = client.get("/api/docs")
    return hidden_csrf(page.text)


def token_for(workspace: Workspace, owner: str, *scopes: TokenScope) -> str:
    with workspace.engine.begin() as conn:
        _, secret = create_token(conn, owner, scopes, actor="system")
    return secret
