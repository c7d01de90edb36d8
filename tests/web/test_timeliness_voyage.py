"""Master/house reconciliation on the voyage page and in the voyage API: a master with no
house bill under it is flagged, one with houses says how many."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient
from sqlalchemy import select

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store import tables as t
from cargotarget.workflow.workspace import Workspace
from tests.reports.timeliness_data import build_history
from tests.web.conftest import Account, log_in, token_for


def _voyage_id(space: Workspace, number: str) -> int:
    with space.engine.connect() as conn:
        query = select(t.voyage.c.id).where(t.voyage.c.voyage_number == number)
        return int(conn.execute(query).scalar_one())


def _cell(html: str, bill: str) -> str:
    found = re.search(rf">{bill}</a>(.*?)</td>", html, re.S)
    assert found is not None, bill
    return found.group(1)


def test_voyage_page_flags_the_master_without_houses(
    client: TestClient, workspace: Workspace, account: Account
) -> None:
    build_history(workspace)
    log_in(client, account(Role.TARGETING_OFFICER))
    page = client.get(f"/voyages/{_voyage_id(workspace, 'A1')}")
    assert page.status_code == 200
    assert "house data missing" in _cell(page.text, "MAEUM2")
    assert "1 house" in _cell(page.text, "MAEUM1")
    assert "house data missing" not in _cell(page.text, "MAEUM1")
    assert "house" not in _cell(page.text, "MAEUS1")
    assert page.text.count("master-without-houses") == 1


def test_voyage_api_counts_the_houses_of_each_master(
    client: TestClient, workspace: Workspace, account: Account
) -> None:
    build_history(workspace)
    secret = token_for(workspace, account(Role.ANALYST), TokenScope.READ)
    answer = client.get(
        f"/api/v1/voyages/{_voyage_id(workspace, 'A1')}",
        headers={"Authorization": f"Bearer {secret}"},
    )
    assert answer.status_code == 200
    houses = {c["bill_number"]: c["houses"] for c in answer.json()["consignments"]}
    assert houses == {"MAEUM1": 1, "MAEUM2": 0, "MAEUS1": None, "FWDRH1": None}
