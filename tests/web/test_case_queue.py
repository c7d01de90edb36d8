"""The work queue with its cases: each row's case status, assignee and threats, the claim
button, the filters by threat and by open or own cases, and the ports a user works."""

from __future__ import annotations

import io

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.users import Role
from cargotarget.store.outcomes import stored_outcomes
from cargotarget.store.rule_performance import rule_figures
from cargotarget.store.users import set_ports
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.workbench import consignments_by_bill
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.rule_factories import rule
from tests.web.conftest import Account, hidden_csrf, log_in, new_client


@pytest.fixture
def hit(workspace: Workspace, account: Account) -> int:
    """A narcotics rule in force, one consignment it hits (red) and one it misses."""
    analyst, supervisor = account(Role.ANALYST), account(Role.SUPERVISOR)
    with workspace.engine.begin() as conn:
        lifecycle.save_rule(conn, rule(weight=70.0), analyst, catalogue=workspace.catalogue)
        lifecycle.submit(conn, "NARC-0001", analyst)
        lifecycle.approve(conn, "NARC-0001", supervisor)
    cargo = manifest(consignment("HIT0001"), consignment("MISS0001", hs="847130"))
    workspace.intake.ingest(io.BytesIO(as_json(cargo)), provider="MAEU")
    assess_pending(workspace.engine, workspace.catalogue)
    with workspace.engine.connect() as conn:
        (cid,) = consignments_by_bill(conn, "HIT0001")
    return cid


@pytest.fixture
def officer(app: FastAPI, account: Account) -> TestClient:
    client = new_client(app)
    log_in(client, account(Role.TARGETING_OFFICER))
    return client


def _bills(page: str) -> set[str]:
    return {bill for bill in ("HIT0001", "MISS0001") if f">{bill}</a>" in page}


def test_rows_show_their_case_and_threats_and_filter_by_them(officer: TestClient, hit: int) -> None:
    page = officer.get("/queue").text
    assert "HIT0001" in page
    assert "narcotics" in page
    assert f'action="/cases/{hit}/claim"' in page
    assert _bills(officer.get("/queue?threat=narcotics").text) == {"HIT0001"}
    assert _bills(officer.get("/queue?threat=weapons").text) == set()
    assert "MISS0001" in officer.get("/queue?lane=green").text  # no rule hit it
    assert _bills(officer.get("/queue?lane=green&threat=narcotics").text) == set()
    claim = officer.post(
        f"/cases/{hit}/claim", data={"csrf_token": hidden_csrf(page)}, follow_redirects=False
    )
    assert claim.status_code == 303
    mine = officer.get("/queue?cases=mine").text
    assert "HIT0001" in mine
    assert "user-targeting-officer" in mine
    assert f'action="/cases/{hit}/claim"' not in mine
    assert "HIT0001" not in officer.get("/queue?cases=open").text


@pytest.mark.parametrize("query", ["threat=drugs", "cases=theirs", "threat=%00", "port=NOWHERE"])
def test_bad_filters_get_a_readable_refusal(officer: TestClient, hit: int, query: str) -> None:
    answer = officer.get(f"/queue?{query}")
    assert answer.status_code == 400
    assert "Bad filter" in answer.text


def test_lane_sizes_and_rows_are_those_of_the_users_ports(
    officer: TestClient, workspace: Workspace, hit: int
) -> None:
    with workspace.engine.begin() as conn:
        set_ports(conn, "user-targeting-officer", ["JMKIN"])
    page = officer.get("/queue").text
    assert "HIT0001" in page
    assert "red (1)" in page
    with workspace.engine.begin() as conn:
        set_ports(conn, "user-targeting-officer", ["USNYC"])
    page = officer.get("/queue").text
    assert "HIT0001" not in page
    assert "red (0)" in page
    refused = officer.get("/queue?port=JMKIN")
    assert refused.status_code == 403
    assert "does not work port JMKIN" in refused.text


def test_a_result_recorded_on_the_page_counts_for_the_rule_that_hit(
    app: FastAPI, account: Account, officer: TestClient, workspace: Workspace, hit: int
) -> None:
    examiner = new_client(app)
    examiner_csrf = log_in(examiner, account(Role.EXAMINER))
    csrf = hidden_csrf(officer.get("/queue").text)
    steps = [
        ("claim", {}),
        ("decide", {"kind": "issue_target", "reason_code": "rule_hit"}),
        ("examination", {"examination": "scan"}),
    ]
    for step, fields in steps:
        answer = officer.post(
            f"/cases/{hit}/{step}", data={"csrf_token": csrf, **fields}, follow_redirects=False
        )
        assert answer.status_code == 303, answer.text
    seizure = {"result": "seizure", "commodity": "cocaine", "quantity": "40", "unit": "kg"}
    answer = examiner.post(
        f"/cases/{hit}/result",
        data={"csrf_token": examiner_csrf, **seizure},
        follow_redirects=False,
    )
    assert answer.status_code == 303
    with workspace.engine.connect() as conn:
        [outcome] = stored_outcomes(conn, "HIT0001")
        figures = rule_figures(conn)["NARC-0001"]
    assert (outcome.selection, outcome.result) == ("rule", "seizure")
    assert (figures.examined, figures.findings) == (1, 1)
