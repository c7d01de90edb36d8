"""Risk responses to filers on SQLite and PostgreSQL: which decisions make one, for whom,
what it says (and never says), who may read it, and the audit trail of making and reading."""

from __future__ import annotations

import io
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from sqlalchemy import Connection

from cargotarget.model.audit import AuditAction
from cargotarget.model.cases import Decision, DecisionKind
from cargotarget.model.providers import ProviderKind
from cargotarget.model.responses import ResponseKind
from cargotarget.model.users import Role, User
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.queries import find_ids
from cargotarget.store.users import add_user, user_by_name
from cargotarget.workflow import cases
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.providers import link_account, register_provider
from cargotarget.workflow.responses import UnknownResponse, list_responses, read_response
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest

NOTE = "Secret informant says cocaine in the bananas"
NOW = datetime.now(UTC) + timedelta(days=30)


@pytest.fixture
def space(workspace: Workspace) -> Workspace:
    with workspace.engine.begin() as conn:
        add_user(conn, "olga", [Role.TARGETING_OFFICER])
        add_user(conn, "maeu-gw", [Role.DATA_PROVIDER])
        add_user(conn, "maeu-ops", [Role.DATA_PROVIDER])
        add_user(conn, "cmdu-gw", [Role.DATA_PROVIDER])
        add_user(conn, "audrey", [Role.AUDITOR])
        register_provider(conn, "MAEU", "Maersk", ProviderKind.CARRIER, actor="ada")
        link_account(conn, "MAEU", "maeu-gw", actor="ada")
        link_account(conn, "MAEU", "maeu-ops", actor="ada")
    bills = ("RESP1", "RESP2", "RESP3", "RESP4")
    data = as_json(manifest(*(consignment(b) for b in bills), reference="MAN-RESP"))
    workspace.intake.ingest(io.BytesIO(data), provider="maeu-gw")
    assess_pending(workspace.engine, workspace.catalogue, at=NOW)
    return workspace


@pytest.fixture
def conn(space: Workspace) -> Iterator[Connection]:
    with space.engine.begin() as connection:
        yield connection


def _user(conn: Connection, name: str) -> User:
    found = user_by_name(conn, name)
    assert found is not None
    return found


def _decide(conn: Connection, bill: str, kind: DecisionKind, code: str) -> int:
    cid = find_ids(conn, bill)[0]
    cases.claim(conn, cid, "olga")
    cases.decide(conn, cid, "olga", Decision(kind=kind, reason_code=code, note=NOTE))
    return cid


def test_decisions_the_filer_hears_of_make_responses(conn: Connection) -> None:
    rfi = _decide(conn, "RESP1", DecisionKind.REQUEST_INFORMATION, "vague_description")
    _decide(conn, "RESP2", DecisionKind.DO_NOT_LOAD, "imminent_threat")
    _decide(conn, "RESP3", DecisionKind.ISSUE_TARGET, "rule_hit")
    _decide(conn, "RESP4", DecisionKind.DISMISS, "known_trader")
    found = list_responses(conn, _user(conn, "maeu-ops"), "token:9")
    assert [(r.bill_number, r.kind) for r in found] == [
        ("RESP2", ResponseKind.DO_NOT_LOAD),
        ("RESP1", ResponseKind.REQUEST_INFORMATION),
    ]
    dnl, first = found
    assert first.consignment_id == rfi
    assert first.version == 1
    assert first.provider == "MAEU"
    assert first.reason_code == "vague_description"
    assert "HS code" in first.message
    assert first.message_reference == "MAN-RESP"
    assert first.filed_format == "json"
    # The filer is told what to do, never why: the do-not-load reason is not given away.
    assert dnl.reason_code == "do_not_load"
    text = msgspec.json.encode(found).decode().lower()
    for secret in ("cocaine", "informant", "imminent", "threat", "score", "rule"):
        assert secret not in text


def test_making_and_first_reading_are_audited(conn: Connection) -> None:
    cid = _decide(conn, "RESP1", DecisionKind.REQUEST_INFORMATION, "incomplete_data")
    reader = _user(conn, "maeu-gw")
    (response,) = list_responses(conn, reader, "token:7")
    assert response.fetched_at is not None
    again = read_response(conn, reader, "token:7", response.response_id)
    assert again.fetched_at == response.fetched_at
    assert list_responses(conn, reader, "token:7", unfetched=True) == []
    events = audit_events(conn, AuditFilter(action=AuditAction.FILER_RESPONSE))
    assert [(e.actor, e.details()["step"]) for e in reversed(events)] == [
        ("olga", "made"),
        ("token:7", "fetched"),
    ]
    assert {e.subject_id for e in events} == {str(cid)}
    assert events[-1].details()["filer"] == "maeu-gw"


def test_only_the_filer_and_auditors_read_a_response(conn: Connection) -> None:
    _decide(conn, "RESP1", DecisionKind.ASSESSMENT_COMPLETE, "no_further_action")
    (response,) = list_responses(conn, _user(conn, "audrey"), "audrey")
    assert response.fetched_at is None  # an auditor's reading is no collection
    other = _user(conn, "cmdu-gw")
    assert list_responses(conn, other, "cmdu-gw") == []
    with pytest.raises(UnknownResponse):
        read_response(conn, other, "cmdu-gw", response.response_id)
    with pytest.raises(UnknownResponse):
        read_response(conn, _user(conn, "maeu-gw"), "x", response.response_id + 1)


def test_since_and_paging(conn: Connection) -> None:
    for bill in ("RESP1", "RESP2", "RESP3"):
        _decide(conn, bill, DecisionKind.REQUEST_INFORMATION, "party_unclear")
    reader = _user(conn, "maeu-gw")
    first = list_responses(conn, reader, "r", limit=2)
    assert [r.bill_number for r in first] == ["RESP3", "RESP2"]
    rest = list_responses(conn, reader, "r", before=first[-1].response_id, limit=2)
    assert [r.bill_number for r in rest] == ["RESP1"]
    assert list_responses(conn, reader, "r", since=datetime.now(UTC) + timedelta(hours=1)) == []
