"""The model registry pages on the real app: versions with their metrics, promotion with four
eyes through the forms, refusals shown on the page, hostile text escaped, and training a
version from the demo's examinations with the button."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.users import Role
from cargotarget.web import create_app
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.workspace import Workspace, open_workspace
from tests.ml.registry_factories import stored_version
from tests.ml.trained_demo import copied, demo_database
from tests.web.conftest import PASSWORD, XSS, Account, log_in, new_client

__all__ = ["demo_database"]  # the module-scoped fixture

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Session:
    def __init__(self, app: FastAPI, username: str) -> None:
        self.client: TestClient = new_client(app)
        self.csrf = log_in(self.client, username)

    def post(self, url: str, **form: str) -> httpx.Response:
        return self.client.post(url, data={**form, "csrf_token": self.csrf}, follow_redirects=False)


@pytest.fixture
def analyst(app: FastAPI, account: Account) -> Session:
    return Session(app, account(Role.ANALYST))


@pytest.fixture
def supervisor(app: FastAPI, account: Account) -> Session:
    return Session(app, account(Role.SUPERVISOR))


@pytest.fixture
def version_id(workspace: Workspace, account: Account) -> int:
    with workspace.engine.begin() as conn:
        return stored_version(conn, created_by=account(Role.ANALYST))


def test_the_list_and_a_versions_page(
    app: FastAPI, analyst: Session, account: Account, version_id: int
) -> None:
    listed = analyst.client.get("/models")
    assert listed.status_code == 200
    assert f'href="/models/{version_id}"' in listed.text
    assert "0.770" in listed.text  # AUC on the random control group
    page = analyst.client.get(f"/models/{version_id}")
    assert page.status_code == 200
    for shown in ("shipper_finding_rate", "num_leaves", "1200 examined consignments",
                  "300 chosen by the random control selection", "Submit for approval"):  # fmt: skip
        assert shown in page.text
    auditor = Session(app, account(Role.AUDITOR))
    read = auditor.client.get(f"/models/{version_id}")
    assert read.status_code == 200
    assert "Reading only." in read.text
    officer = Session(app, account(Role.TARGETING_OFFICER))
    assert officer.client.get("/models").status_code == 403
    assert analyst.client.get("/models/424242").status_code == 404
    assert analyst.client.get("/models/not-a-number").status_code == 400


def test_promotion_through_the_forms(
    app: FastAPI, analyst: Session, supervisor: Session, version_id: int
) -> None:
    done = analyst.post(f"/models/{version_id}/submit", note="control AUC up")
    assert done.status_code == 303
    page = supervisor.client.get(f"/models/{version_id}")
    assert "Approve: make it the active model" in page.text
    refused = analyst.post(f"/models/{version_id}/approve")
    assert refused.status_code == 403
    approved = supervisor.post(f"/models/{version_id}/approve", note=XSS)
    assert approved.status_code == 303
    shown = supervisor.client.get(f"/models/{version_id}").text
    assert "(active)" in shown
    assert ESCAPED in shown
    assert XSS not in shown
    assert "Retire: assess without a model" in shown
    no_reason = supervisor.post(f"/models/{version_id}/retire", note="")
    assert no_reason.status_code == 400
    assert "needs a reason" in no_reason.text


def test_four_eyes_csrf_and_bad_input_on_the_forms(
    app: FastAPI, supervisor: Session, version_id: int, workspace: Workspace
) -> None:
    assert supervisor.post(f"/models/{version_id}/submit").status_code == 303
    page = supervisor.client.get(f"/models/{version_id}").text
    assert "Four eyes: you trained or submitted this version" in page
    own = supervisor.post(f"/models/{version_id}/approve")
    assert own.status_code == 403
    assert "four eyes" in own.text
    forged = supervisor.client.post(f"/models/{version_id}/approve", follow_redirects=False)
    assert forged.status_code == 403
    assert "CSRF" in forged.text
    control = supervisor.post(f"/models/{version_id}/reject", note="tab\x00null")
    assert control.status_code == 400
    long = supervisor.post(f"/models/{version_id}/reject", note="x" * 2001)
    assert long.status_code == 400
    with workspace.engine.begin() as conn:
        register_user(conn, "second-supervisor", [Role.SUPERVISOR])
        set_password(conn, "second-supervisor", PASSWORD)
    other = Session(app, "second-supervisor")
    assert other.post(f"/models/{version_id}/reject", note="too few findings").status_code == 303
    assert "(rejected)" in other.client.get(f"/models/{version_id}").text


def test_training_refusals_are_shown(analyst: Session) -> None:
    empty = analyst.post("/models/train", seed="1")
    assert empty.status_code == 422
    assert "no examination outcome" in empty.text
    assert analyst.post("/models/train", until="30/06/2026").status_code == 400
    assert analyst.post("/models/train", seed="-4").status_code == 400


def test_train_and_retrain_with_the_button(demo_database: Path, tmp_path: Path) -> None:
    settings = copied(demo_database, tmp_path)
    space = open_workspace(settings)
    with space.engine.begin() as conn:
        register_user(conn, "ana", [Role.ANALYST])
        set_password(conn, "ana", PASSWORD)
    with TestClient(create_app(settings)) as client:
        csrf = log_in(client, "ana")
        made = client.post(
            "/models/train", data={"seed": "2", "csrf_token": csrf}, follow_redirects=False
        )
        assert made.status_code == 303, made.text
        page = client.get(made.headers["location"])
        assert "(trained)" in page.text
        assert "by ana" in page.text
        again = client.post(
            "/models/train",
            data={"seed": "2", "submit": "yes", "csrf_token": csrf},
            follow_redirects=False,
        )
        assert again.status_code == 303
        assert "(submitted)" in client.get(again.headers["location"]).text
    space.engine.dispose()
