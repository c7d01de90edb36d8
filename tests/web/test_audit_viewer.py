"""The audit trail viewer on the real app: the auditor filters and pages through the events
(newest first, no gaps, no repeats), checks the chain and sees a tampered event named; the
pages only read, and the auditor can change nothing anywhere in the app."""

from __future__ import annotations

import html
import re
from datetime import UTC, datetime, timedelta

import pytest
from fastapi import FastAPI
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient
from sqlalchemy import update

from cargotarget.model.access import Permission
from cargotarget.model.audit import AuditAction
from cargotarget.model.users import Role
from cargotarget.store.audit import append_event
from cargotarget.store.security_tables import audit_event
from cargotarget.web.access import route_permission
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.security.attacker import unguarded
from tests.web.conftest import XSS, Account, log_in, new_client

T0 = datetime(2026, 3, 1, 9, 0, tzinfo=UTC)
_ROW = re.compile(r'<tr data-event="(\d+)">')
_OLDER = re.compile(r'<a href="(/audit\?[^"]*)" rel="next">Older</a>')
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"


@pytest.fixture
def auditor(app: FastAPI, account: Account) -> TestClient:
    account(Role.AUDITOR)
    client = new_client(app)
    log_in(client, "user-auditor")
    return client


def _fill(workspace: Workspace, count: int) -> dict[int, int]:
    """``count`` events, one a day from T0, by alice (odd n) and bob (even n); returns the
    event id of each n."""
    with workspace.engine.begin() as conn:
        return {
            n: append_event(
                conn,
                "alice" if n % 2 else "bob",
                AuditAction.VIEW_CONSIGNMENT if n % 3 else AuditAction.SEARCH,
                ("consignment", str(100 + n)),
                {"n": n, "note": f"round {n}"},
                at=T0 + timedelta(days=n),
            ).id
            for n in range(1, count + 1)
        }


def _ids(page: str) -> list[int]:
    return [int(found) for found in _ROW.findall(page)]


def _all_pages(client: TestClient, url: str) -> list[int]:
    """The ids of every page, following the "Older" links from ``url``."""
    seen: list[int] = []
    while True:
        page = client.get(url)
        assert page.status_code == 200, page.text
        seen += _ids(page.text)
        older = _OLDER.search(page.text)
        if older is None:
            return seen
        url = html.unescape(older.group(1))


def test_the_trail_pages_newest_first_without_gaps_or_repeats(
    workspace: Workspace, auditor: TestClient
) -> None:
    written = _fill(workspace, 120)
    first = auditor.get("/audit").text
    ids = _ids(first)
    assert len(ids) == 50
    assert ids == sorted(ids, reverse=True)
    assert max(ids) == written[120]
    everything = _all_pages(auditor, "/audit")
    assert everything == sorted(set(everything), reverse=True)
    assert everything == list(range(max(everything), 0, -1))
    alices = _all_pages(auditor, "/audit?actor=alice")
    assert alices == [written[n] for n in range(119, 0, -2)]


def test_events_written_while_paging_neither_shift_nor_repeat_a_page(
    workspace: Workspace, auditor: TestClient
) -> None:
    written = _fill(workspace, 120)
    first = auditor.get("/audit?actor=bob").text
    older = _OLDER.search(first)
    assert older is not None
    _fill(workspace, 10)  # new events land at the top, not in the next page
    second = _ids(auditor.get(html.unescape(older.group(1))).text)
    assert second == [written[n] for n in range(20, 0, -2)]
    assert set(second).isdisjoint(_ids(first))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("actor=alice&action=search", [9, 3]),
        ("actor=ALICE", [9, 7, 5, 3, 1]),
        ("action=view_consignment&actor=bob", [10, 8, 4, 2]),
        ("subject_kind=consignment&subject_id=104", [4]),
        ("since=2026-03-04&until=2026-03-06", [5, 4, 3]),
        ("text=ROUND+1", [10, 1]),
        ("text=%22n%22%3A7", [7]),
        ("text=%25", []),
        ("subject_kind=rule", []),
    ],
)
def test_the_filters_select_the_right_events(
    workspace: Workspace, auditor: TestClient, query: str, expected: list[int]
) -> None:
    written = _fill(workspace, 10)
    page = auditor.get(f"/audit?{query}")
    assert page.status_code == 200
    assert _ids(page.text) == [written[n] for n in expected]


def test_subjects_are_linked_and_hostile_details_shown_as_text(
    workspace: Workspace, auditor: TestClient
) -> None:
    with workspace.engine.begin() as conn:
        append_event(conn, "alice", AuditAction.VIEW_CONSIGNMENT, ("consignment", "42"))
        append_event(conn, "bob", AuditAction.RULE_CHANGE, ("rule", "R 7/<b>"), {"note": XSS})
        append_event(conn, XSS, AuditAction.SEARCH, None, {"query": XSS})
    page = auditor.get("/audit").text
    assert '<a href="/consignments/42">consignment 42</a>' in page
    assert '<a href="/rules/R%207/%3Cb%3E">rule R 7/&lt;b&gt;</a>' in page
    assert "<script>alert" not in page
    assert "<b>" not in page
    assert page.count("&lt;script&gt;alert(1)&lt;/script&gt;") >= 3
    hostile_filter = auditor.get("/audit", params={"actor": XSS})
    assert hostile_filter.status_code == 200
    assert len(_ids(hostile_filter.text)) == 1
    assert ESCAPED in hostile_filter.text


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ("since=yesterday", "from must be a date as YYYY-MM-DD"),
        ("until=2026-13-01", "to must be a date as YYYY-MM-DD"),
        ("since=2026-03-05&until=2026-03-01", "the day 'to' comes before the day 'from'"),
        ("action=delete_everything", "unknown action 'delete_everything'"),
        ("actor=al%00ice", "actor holds control characters"),
        ("text=a%0Ab", "detail text holds control characters"),
        ("subject_kind=" + "k" * 33, "subject kind may have at most 32 characters"),
        ("text=" + "t" * 201, "text"),
        ("before=0", "before"),
        ("before=abc", "before"),
    ],
)
def test_bad_filters_get_a_clear_400(
    workspace: Workspace, auditor: TestClient, query: str, message: str
) -> None:
    _fill(workspace, 3)
    page = auditor.get(f"/audit?{query}")
    assert page.status_code == 400
    assert message in html.unescape(page.text)


def test_verify_shows_an_intact_chain_and_names_an_edited_event(
    workspace: Workspace, auditor: TestClient
) -> None:
    written = _fill(workspace, 5)
    intact = auditor.get("/audit/verify").text
    assert re.search(r"intact, \d+ events", intact)
    count = int(re.search(r"intact, (\d+) events", intact).group(1))  # type: ignore[union-attr]
    assert count >= 6  # the five and the auditor's login
    with unguarded(workspace.engine) as conn:
        edited = audit_event.c.id == written[3]
        conn.execute(update(audit_event).where(edited).values(actor="mallory"))
    broken = auditor.get("/audit/verify")
    assert broken.status_code == 200
    assert f"broken at event {written[3]}" in broken.text
    assert f"event {written[3]} was changed after it was written" in broken.text
    assert "intact," not in broken.text


def test_the_viewer_only_reads(workspace: Workspace, auditor: TestClient) -> None:
    _fill(workspace, 3)
    for url in ("/audit", "/audit/verify"):
        page = auditor.get(url).text
        main = page.split("<main>", 1)[1]
        assert 'method="post"' not in main, url


def test_the_auditor_can_change_nothing_anywhere(
    app: FastAPI, workspace: Workspace, auditor: TestClient
) -> None:
    csrf_page = auditor.get("/api/docs").text
    csrf = re.search(r'name="csrf_token" value="([^"]*)"', csrf_page)
    assert csrf is not None
    headers = {"X-CSRF-Token": csrf.group(1)}
    body = as_json(manifest(consignment("AUDITOR0001")))
    changing = [
        (method, route.path)
        for route in app.routes
        if isinstance(route, APIRoute)
        and route_permission(route) not in (Permission.PUBLIC, Permission.SIGNED_IN)
        for method in sorted(route.methods - {"GET", "HEAD", "OPTIONS"})
    ]
    assert ("POST", "/admin/users") in changing
    assert len(changing) >= 8
    answers = {}
    for method, path in changing:
        url = re.sub(r"\{\w+\}", "1", path)
        answer = auditor.request(method, url, content=body, headers=headers)
        answers[method, path] = answer.status_code
    assert answers == dict.fromkeys(changing, 403)


def test_the_api_pages_with_the_same_filters(
    app: FastAPI, workspace: Workspace, auditor: TestClient, account: Account
) -> None:
    written = _fill(workspace, 9)
    seen: list[int] = []
    url = "/api/v1/audit?actor=alice&limit=2"
    while True:
        answer = auditor.get(url)
        assert answer.status_code == 200
        body = answer.json()
        seen += [event["id"] for event in body["events"]]
        if body["older"] is None:
            break
        url = f"/api/v1/audit?actor=alice&limit=2&before={body['older']}"
    assert seen == [written[n] for n in (9, 7, 5, 3, 1)]
    first = auditor.get("/api/v1/audit?limit=1").json()["events"][0]
    assert set(first) == {
        "id",
        "at",
        "actor",
        "action",
        "subject_kind",
        "subject_id",
        "detail",
        "prev_hash",
        "hash",
    }
    refused = auditor.get("/api/v1/audit?since=soon")
    assert refused.status_code == 400
    assert refused.json() == {"detail": "from must be a date as YYYY-MM-DD, not 'soon'"}
    assert new_client(app).get("/api/v1/audit").status_code == 401
    officer = new_client(app)
    log_in(officer, account(Role.TARGETING_OFFICER))
    assert officer.get("/api/v1/audit").status_code == 403
