"""The timeliness API: the figures with filters and refusals, and voyage notices announced by
a provider's token, with every kind of bad body refused and nothing kept of it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import func, select

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.notice_tables import voyage_notice
from cargotarget.workflow.accounts import set_user_ports
from cargotarget.workflow.workspace import Workspace
from tests.reports.timeliness_data import build_history
from tests.web.conftest import XSS, Account, token_for


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


@pytest.fixture
def reader(workspace: Workspace, account: Account) -> dict[str, str]:
    return _bearer(token_for(workspace, account(Role.ANALYST), TokenScope.READ))


@pytest.fixture
def filer(workspace: Workspace, account: Account) -> dict[str, str]:
    return _bearer(token_for(workspace, account(Role.DATA_PROVIDER), TokenScope.SUBMIT))


def _notices(space: Workspace) -> int:
    with space.engine.connect() as conn:
        return int(conn.execute(select(func.count()).select_from(voyage_notice)).scalar_one())


def test_figures_with_filters(
    client: TestClient, workspace: Workspace, reader: dict[str, str]
) -> None:
    build_history(workspace)
    everything = client.get("/api/v1/timeliness", headers=reader)
    assert everything.status_code == 200, everything.text
    body = everything.json()
    assert body["overall"]["filings"] == 6
    assert body["overall"]["amendments_after_deadline"] == 1
    assert {row["key"]: row["on_time"] for row in body["providers"]} == {"FWDR": 1, "MAEU": 3}
    assert {(f["bill_number"], f["kind"]) for f in body["late"]} >= {("MAEUS2", "amendment")}
    assert [m["bill_number"] for m in body["masters"]] == ["MAEUM2"]
    today = datetime.now(UTC).date()
    dated = {"start": str(today - timedelta(days=1)), "end": str(today), "provider": "FWDR"}
    only = client.get("/api/v1/timeliness", params=dated, headers=reader).json()
    assert [row["key"] for row in only["providers"]] == ["FWDR"]
    assert only["end"].startswith(str(today + timedelta(days=1)))  # a date end takes its day
    earlier = {"start": "2025-01-01", "end": "2025-06-30"}
    assert (
        client.get("/api/v1/timeliness", params=earlier, headers=reader).json()["overall"][
            "filings"
        ]
        == 0
    )


@pytest.mark.parametrize(
    ("params", "problem"),
    [
        ({"start": "yesterday"}, "start: not a date"),
        ({"end": "2026-02-30"}, "end: not a date"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "start: must be before end"),
        ({"start": "2024-01-01", "end": "2026-01-01"}, "at most 367 days"),
        ({"port": "XXABC"}, "port:"),
        ({"port": "jm-kin"}, "port:"),
        ({"provider": "\x00\x07"}, "provider:"),
    ],
)
def test_bad_filters_are_refused_with_the_problem(
    client: TestClient, reader: dict[str, str], params: dict[str, str], problem: str
) -> None:
    answer = client.get("/api/v1/timeliness", params=params, headers=reader)
    assert answer.status_code == 422
    assert any(problem in p for p in answer.json()["problems"]), answer.json()


def test_oversized_filter_and_wrong_callers_are_refused(
    client: TestClient, reader: dict[str, str], filer: dict[str, str]
) -> None:
    long = client.get("/api/v1/timeliness", params={"provider": "P" * 65}, headers=reader)
    assert long.status_code == 422
    assert client.get("/api/v1/timeliness").status_code == 401
    assert client.get("/api/v1/timeliness", headers=filer).status_code == 403


def test_a_port_outside_the_callers_ports_is_refused(
    client: TestClient, workspace: Workspace, account: Account
) -> None:
    name = account(Role.TARGETING_OFFICER)
    with workspace.engine.begin() as conn:
        set_user_ports(conn, name, ["JMKIN"], actor="system")
    secret = _bearer(token_for(workspace, name, TokenScope.READ))
    answer = client.get("/api/v1/timeliness", params={"port": "USNYC"}, headers=secret)
    assert answer.status_code == 422
    assert "not among your ports" in answer.json()["problems"][0]
    own = client.get("/api/v1/timeliness", headers=secret).json()
    assert own["ports_limited"] is True
    assert own["overall"]["rejection_rate"] is None


def test_a_provider_announces_a_voyage(
    client: TestClient, workspace: Workspace, filer: dict[str, str]
) -> None:
    notice = {
        "carrier_code": "maeu", "mode": "sea", "voyage_number": " 045w ", "port": "JMKIN",
        "etd": "2026-03-11T00:00:00Z", "eta": "2026-03-14T06:00:00+00:00",
    }  # fmt: skip
    answer = client.post("/api/v1/voyage-notices", json=notice, headers=filer)
    assert answer.status_code == 201, answer.text
    kept = answer.json()["notice"]
    assert (kept["carrier_code"], kept["voyage_number"], kept["port"]) == ("MAEU", "045W", "JMKIN")
    assert kept["due_at"] == "2026-03-10T00:00:00Z"  # 24 hours before loading
    assert kept["provider"] == "user-data-provider"
    assert _notices(workspace) == 1


@pytest.mark.parametrize(
    ("body", "problem"),
    [
        (b'{"carrier_code": "MAEU", "mode": "sea", "voyage_number": "1", "port": "JMKIN"', "JSON"),
        (b"\xff\xfe\x00garbage", "JSON"),
        (b"[]", "Expected `object`"),
        (b'{"carrier_code": "MAEU", "mode": "sea", "voyage_number": "1"}', "port"),
        (b'{"carrier_code": "MAEU", "mode": "sea", "voyage_number": "1", "port": "JMKIN",'
         b' "etd": "2026-03-11T00:00:00Z", "extra": 1}', "extra"),
        (b'{"carrier_code": "MAEU", "mode": "boat", "voyage_number": "1", "port": "JMKIN",'
         b' "etd": "2026-03-11T00:00:00Z"}', "mode:"),
        (b'{"carrier_code": "MAEU", "mode": "sea", "voyage_number": "1", "port": "ZZ999",'
         b' "etd": "2026-03-11T00:00:00Z"}', "port:"),
        (b'{"carrier_code": "MAEU", "mode": "sea", "voyage_number": "1", "port": "JMKIN"}', "etd:"),
        (b'{"carrier_code": "MAEU", "mode": "sea", "voyage_number": "1", "port": "JMKIN",'
         b' "etd": "2026-03-11T00:00:00Z", "eta": "2026-03-01T00:00:00Z"}', "eta:"),
        (b'{"carrier_code": "' + XSS.encode() + b'", "mode": "sea", "voyage_number": "1",'
         b' "port": "JMKIN", "etd": "2026-03-11T00:00:00Z"}', "carrier_code:"),
        (b'{"carrier_code": "MAEU", "mode": "sea", "voyage_number": "\\u0000", "port": "JMKIN",'
         b' "etd": "2026-03-11T00:00:00Z"}', "voyage_number:"),
    ],
)  # fmt: skip
def test_bad_notices_are_refused_and_nothing_is_kept(
    client: TestClient, workspace: Workspace, filer: dict[str, str], body: bytes, problem: str
) -> None:
    answer = client.post("/api/v1/voyage-notices", content=body, headers=filer)
    assert answer.status_code == 422, answer.text
    assert any(problem in p for p in answer.json()["problems"]), answer.json()
    assert _notices(workspace) == 0


def test_an_oversized_notice_and_wrong_callers_are_refused(
    client: TestClient, workspace: Workspace, reader: dict[str, str], filer: dict[str, str]
) -> None:
    huge = b'{"carrier_code": "' + b"A" * 20_000 + b'"}'
    assert client.post("/api/v1/voyage-notices", content=huge, headers=filer).status_code == 413
    notice = {"carrier_code": "MAEU", "mode": "sea", "voyage_number": "1", "port": "JMKIN"}
    assert client.post("/api/v1/voyage-notices", json=notice, headers=reader).status_code == 403
    assert client.post("/api/v1/voyage-notices", json=notice).status_code == 401
    assert _notices(workspace) == 0
