"""The model registry API on the real app: versions as JSON, promotion with four eyes, and
malformed, oversized and hostile bodies refused clearly, changing nothing."""

from __future__ import annotations

from typing import Any

import httpx
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.users import Role
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.workspace import Workspace
from tests.ml.registry_factories import stored_version
from tests.web.conftest import PASSWORD, XSS, Account, log_in, new_client


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


@pytest.fixture
def version_id(workspace: Workspace, account: Account) -> int:
    """A trained version, trained by the analyst."""
    with workspace.engine.begin() as conn:
        return stored_version(conn, created_by=account(Role.ANALYST))


def test_versions_are_listed_and_read(analyst: Api, version_id: int) -> None:
    listed = analyst.get("/models")
    assert listed.status_code == 200
    [shown] = listed.json()
    assert (shown["id"], shown["label"], shown["status"]) == (
        version_id,
        f"model-{version_id}",
        "trained",
    )
    assert shown["metrics"]["control"] == {"auc": 0.77}
    assert "content" not in shown  # the model itself is never sent
    one = analyst.get(f"/models/{version_id}")
    assert one.json()["features"] == ["shipper_finding_rate", "gross_weight_kg"]
    assert analyst.get("/models/999").status_code == 404
    assert analyst.get("/models/abc").status_code == 422
    assert analyst.get("/models/0").status_code == 422


def test_promotion_with_four_eyes(
    app: FastAPI, analyst: Api, supervisor: Api, version_id: int, workspace: Workspace
) -> None:
    assert supervisor.post(f"/models/{version_id}/approve", {}).status_code == 409  # not submitted
    submitted = analyst.post(f"/models/{version_id}/submit", {"note": "better recall"})
    assert submitted.status_code == 200, submitted.text
    assert submitted.json()["submitted_by"] == "user-analyst"
    assert analyst.post(f"/models/{version_id}/approve", {}).status_code == 403  # no permission
    with workspace.engine.begin() as conn:
        register_user(conn, "second-supervisor", [Role.SUPERVISOR])
        set_password(conn, "second-supervisor", PASSWORD)
    done = supervisor.post(f"/models/{version_id}/approve", {"note": XSS})
    assert done.status_code == 200, done.text
    assert (done.json()["status"], done.json()["decision_note"]) == ("active", XSS)
    again = Api(app, "second-supervisor").post(f"/models/{version_id}/approve", {})
    assert again.status_code == 409
    assert "it is active, not submitted" in again.json()["detail"]


def test_a_supervisor_cannot_approve_their_own_submission(supervisor: Api, version_id: int) -> None:
    assert supervisor.post(f"/models/{version_id}/submit").status_code == 200
    refused = supervisor.post(f"/models/{version_id}/approve", {"note": "mine"})
    assert refused.status_code == 403
    assert "four eyes" in refused.json()["detail"]
    assert supervisor.get(f"/models/{version_id}").json()["status"] == "submitted"


def test_malformed_and_hostile_bodies_are_refused(
    analyst: Api, supervisor: Api, version_id: int
) -> None:
    url = f"/models/{version_id}/submit"
    cases = [
        (analyst.post(url, raw=b'{"note": '), 422),
        (analyst.post(url, raw=b"\xff\xfe garbage"), 422),
        (analyst.post(url, {"note": "ok", "status": "active"}), 422),  # unknown field
        (analyst.post(url, {"note": 42}), 422),
        (analyst.post(url, {"note": "x" * 2001}), 422),
        (analyst.post(url, {"note": "bell \x07"}), 400),
        (analyst.post(url, raw=b'{"note": "' + b"x" * 20_000 + b'"}'), 413),
        (analyst.post("/models/train", {"seed": -1}), 422),
        (analyst.post("/models/train", {"until": "2026-06-30T00:00:00"}), 422),
        (analyst.post("/models/train", {"until": "next week"}), 422),
    ]
    for answer, status in cases:
        assert answer.status_code == status, answer.text
        assert "detail" in answer.json()
    assert analyst.get(f"/models/{version_id}").json()["status"] == "trained"
    rejected = supervisor.post(url.replace("submit", "reject"), {"note": "not good"})
    assert rejected.status_code == 409  # not submitted: nothing to reject


def test_a_rejection_needs_a_reason(analyst: Api, supervisor: Api, version_id: int) -> None:
    analyst.post(f"/models/{version_id}/submit")
    assert supervisor.post(f"/models/{version_id}/reject", {"note": " "}).status_code == 400
    done = supervisor.post(f"/models/{version_id}/reject", {"note": "window too short"})
    assert done.json()["status"] == "rejected"


def test_without_csrf_header_or_session_nothing_changes(
    app: FastAPI, analyst: Api, version_id: int
) -> None:
    bare = analyst.client.post(f"/api/v1/models/{version_id}/submit", content=b"{}")
    assert bare.status_code == 403
    anonymous = new_client(app).post(f"/api/v1/models/{version_id}/submit", content=b"{}")
    assert anonymous.status_code == 401
    assert analyst.get(f"/models/{version_id}").json()["status"] == "trained"


def test_training_without_outcomes_is_refused(analyst: Api) -> None:
    answer = analyst.post("/models/train", {"seed": 3})
    assert answer.status_code == 422
    assert "no examination outcome" in answer.json()["detail"]
    assert analyst.get("/models").json() == []
