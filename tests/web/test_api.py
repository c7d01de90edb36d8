"""The REST API on the real app: submitting messages (good and bad), receipts, consignments
with their assessment, and the queue. Bad input gets a 4xx with a clear message, and nothing
of it is lost: every byte received is archived and the reasons are kept in quarantine."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.settings import Settings
from cargotarget.store import tables as t
from cargotarget.web import create_app
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import Cargo, new_client, token_for

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
PROVIDER = "user-data-provider"


@pytest.fixture
def filer(app: FastAPI, workspace: Workspace, provider_name: str) -> TestClient:
    secret = token_for(workspace, PROVIDER, TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS)
    client = new_client(app)
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


@pytest.fixture
def reader(app: FastAPI, workspace: Workspace, officer_name: str) -> TestClient:
    secret = token_for(workspace, "user-targeting-officer", TokenScope.READ)
    client = new_client(app)
    client.headers["Authorization"] = f"Bearer {secret}"
    return client


def _raw_count(workspace: Workspace) -> int:
    with workspace.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(t.raw_message)).scalar_one())


def _kept(workspace: Workspace, body: bytes) -> bool:
    sha = hashlib.sha256(body).hexdigest()
    with workspace.engine.connect() as conn:
        row = conn.execute(select(t.raw_message.c.id).where(t.raw_message.c.sha256 == sha))
        return row.first() is not None and workspace.archive.path_of(sha).read_bytes() == body


def test_a_filer_submits_and_reads_the_receipt_again(
    filer: TestClient, reader: TestClient, workspace: Workspace
) -> None:
    body = as_json(manifest(consignment("API0000001"), consignment("API0000002")))
    answer = filer.post("/api/v1/messages?filename=m.json", content=body)
    assert answer.status_code == 200, answer.text
    receipt = answer.json()
    assert receipt["accepted"] == 2
    assert receipt["rejected"] == 0
    assert receipt["provider"] == PROVIDER
    assert [(c["bill_number"], c["outcome"]) for c in receipt["consignments"]] == [
        ("API0000001", "new"),
        ("API0000002", "new"),
    ]
    again = filer.get(f"/api/v1/receipts/{receipt['receipt_id']}").json()
    assert again["consignments"] == receipt["consignments"]
    duplicate = filer.post("/api/v1/messages", content=body).json()
    assert duplicate["duplicate"] is True
    assert duplicate["receipt_id"] == receipt["receipt_id"]
    detail = reader.get("/api/v1/consignments/api0000001").json()
    assert detail["record"]["summary"]["bill_number"] == "API0000001"
    assert detail["assessment"]["lane"] in ("green", "yellow", "red")
    assert "indicators" in detail["assessment"]
    queue = reader.get("/api/v1/queue", params={"lane": "green"}).json()
    assert "API0000001" in {item["bill_number"] for item in queue["items"]}


def test_a_filer_sees_nothing_but_its_own_receipts(
    app: FastAPI, filer: TestClient, workspace: Workspace, cargo: Cargo
) -> None:
    receipt = filer.post("/api/v1/messages", content=as_json(manifest())).json()
    with workspace.engine.begin() as conn:
        from cargotarget.workflow.accounts import register_user

        register_user(conn, "other-carrier", [Role.DATA_PROVIDER])
    other = new_client(app)
    secret = token_for(workspace, "other-carrier", TokenScope.READ_OWN_RECEIPTS)
    other.headers["Authorization"] = f"Bearer {secret}"
    assert other.get(f"/api/v1/receipts/{receipt['receipt_id']}").status_code == 404
    assert filer.get(f"/api/v1/consignments/{cargo.bill}").status_code == 403
    assert filer.get("/api/v1/queue").status_code == 403


BAD_INPUTS = {
    "truncated cuscar": (FIXTURES / "cuscar" / "d11a_sea_import.edi").read_bytes()[:700],
    "truncated json": (FIXTURES / "json" / "truncated.json").read_bytes(),
    "malformed json": b'{"reference": "M1", "voyage": {"mode": "sea"}, "consignments": [',
    "binary": bytes(range(256)) * 8,
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_messages_get_422_with_reasons_and_are_kept(
    filer: TestClient, workspace: Workspace, name: str
) -> None:
    body = BAD_INPUTS[name]
    answer = filer.post("/api/v1/messages", content=body)
    assert answer.status_code == 422, answer.text
    receipt = answer.json()
    reasons = [r for part in receipt["rejected_messages"] for r in part] + [
        r for c in receipt["consignments"] for r in c["reasons"]
    ]
    assert reasons, receipt
    assert all(len(reason) > 10 for reason in reasons)
    assert receipt["accepted"] == 0
    assert _kept(workspace, body)


def test_a_bad_consignment_is_held_back_while_its_neighbour_is_accepted(
    filer: TestClient, workspace: Workspace
) -> None:
    body = (FIXTURES / "json" / "not_utf8.json").read_bytes()
    answer = filer.post("/api/v1/messages", content=body)
    assert answer.status_code == 200
    receipt = answer.json()
    assert (receipt["accepted"], receipt["rejected"]) == (1, 1)
    held = next(c for c in receipt["consignments"] if not c["accepted"])
    assert held["outcome"] == "quarantined"
    assert "not valid UTF-8" in held["reasons"][0]
    assert _kept(workspace, body)


def test_an_unknown_format_is_named_in_the_answer(filer: TestClient) -> None:
    answer = filer.post("/api/v1/messages?format=xml", content=as_json(manifest()))
    assert answer.status_code == 400
    assert answer.json()["detail"].startswith("no format is called 'xml'; supported: cuscar")


def test_control_characters_get_a_clear_refusal(
    filer: TestClient, reader: TestClient, cargo: Cargo
) -> None:
    named = filer.post("/api/v1/messages?filename=a%00b", content=as_json(manifest()))
    assert named.status_code == 400
    assert "control characters" in named.json()["detail"]
    for url in ("/api/v1/consignments/%00", "/api/v1/queue?port=%00%00%00%00%00"):
        answer = reader.get(url)
        assert answer.status_code == 400, url
        assert "control characters" in answer.json()["detail"]
    forged = reader.get("/api/v1/queue", headers={"Authorization": "Bearer ct_\x00"})
    assert forged.status_code == 401


def test_an_empty_body_is_refused(filer: TestClient, workspace: Workspace) -> None:
    answer = filer.post("/api/v1/messages", content=b"")
    assert answer.status_code == 400
    assert "empty" in answer.json()["detail"]
    assert _raw_count(workspace) == 0


def test_an_oversized_message_is_refused_whole(
    settings: Settings, workspace: Workspace, provider_name: str
) -> None:
    small = create_app(settings.model_copy(update={"max_message_bytes": 1000}))
    client = new_client(small)
    secret = token_for(workspace, PROVIDER, TokenScope.SUBMIT)
    client.headers["Authorization"] = f"Bearer {secret}"
    body = as_json(manifest())
    assert len(body) > 1000
    declared = client.post("/api/v1/messages", content=body)
    assert declared.status_code == 413
    assert (
        "limit of 1,000 bytes" in declared.json()["detail"]
        or "limit is 1,000" in (declared.json()["detail"])
    )

    def chunks() -> object:
        yield body[:600]
        yield body[600:]

    streamed = client.post("/api/v1/messages", content=chunks())  # no Content-Length
    assert streamed.status_code == 413
    assert "nothing kept" in streamed.json()["detail"]
    assert _raw_count(workspace) == 0
    root = workspace.archive.root
    assert not root.exists() or not [path for path in root.rglob("*") if path.is_file()]


def test_bad_filters_and_unknown_bills_get_clear_answers(reader: TestClient, cargo: Cargo) -> None:
    unknown = reader.get("/api/v1/consignments/NOSUCHBILL")
    assert unknown.status_code == 404
    assert "NOSUCHBILL" in unknown.json()["detail"]
    lane = reader.get("/api/v1/queue", params={"lane": "purple"})
    assert lane.status_code == 400
    assert "lane must be one of red, yellow, green" in lane.json()["detail"]
    limit = reader.get("/api/v1/queue", params={"limit": "lots"})
    assert limit.status_code == 422
    assert "limit" in limit.json()["problems"][0]
