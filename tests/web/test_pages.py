"""The workbench pages on the real app: what they show, that manifest text is shown as text
(never run as markup), and that viewing a consignment and searching are audited."""

from __future__ import annotations

import fcntl
from datetime import UTC, datetime, timedelta
from pathlib import Path

import msgspec
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.cases import Decision, DecisionKind
from cargotarget.model.manifest import Consignment, Manifest, PortCall
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.database import connect
from cargotarget.web.write_turns import WriteTurns
from cargotarget.workflow.cases import claim, decide
from cargotarget.workflow.workspace import Workspace
from tests.factories import consignment, manifest
from tests.web.conftest import XSS, Cargo, hidden_csrf, log_in, new_client
from tests.web.test_port_scope import file, placed
from tests.web.test_voyage import coffee_rule

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;"


@pytest.fixture
def officer(app: FastAPI, officer_name: str) -> TestClient:
    client = new_client(app)
    log_in(client, "user-targeting-officer")
    return client


def _pages(cargo: Cargo) -> list[str]:
    return [
        "/",
        "/queue?lane=green",
        f"/consignments/{cargo.consignment_id}",
        f"/search?bill={cargo.bill}",
        "/search?party=" + XSS.replace("&", "%26"),
        "/search?hs=" + XSS.replace("&", "%26"),
    ]


def test_hostile_manifest_text_is_shown_as_text_everywhere(
    officer: TestClient, cargo: Cargo
) -> None:
    shown = 0
    for url in _pages(cargo):
        page = officer.get(url)
        assert page.status_code in (200, 400), url
        assert "<script>alert" not in page.text, url
        assert "<img src=x" not in page.text, url
        shown += ESCAPED in page.text
    consignment = officer.get(f"/consignments/{cargo.consignment_id}").text
    assert consignment.count(ESCAPED) >= 2  # the goods description and the shipper's name
    assert shown >= 3  # the consignment page and the search form echoing the hostile terms


def test_pages_carry_a_strict_content_security_policy(officer: TestClient, cargo: Cargo) -> None:
    policy = officer.get("/").headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    for url in ("/", f"/consignments/{cargo.consignment_id}", "/api/v1/queue", "/nowhere"):
        headers = officer.get(url).headers
        assert headers["x-frame-options"] == "DENY", url
        assert headers["x-content-type-options"] == "nosniff", url
        assert headers["cache-control"] == "no-store", url  # a user's cargo is never cached
    assert "no-store" not in officer.get("/static/app.css").headers.get("cache-control", "")


def test_consignment_page_explains_the_assessment(officer: TestClient, cargo: Cargo) -> None:
    page = officer.get(f"/consignments/{cargo.consignment_id}").text
    for part in ("Assessment", "Score", "Indicators", "Parties", "Goods", "Containers"):
        assert part in page
    assert "HASU5044950" in page
    assert "first filing" in page
    assert officer.get("/consignments/999999").status_code == 404


def test_viewing_and_searching_are_audited(
    officer: TestClient, workspace: Workspace, cargo: Cargo
) -> None:
    officer.get(f"/consignments/{cargo.consignment_id}")
    officer.get("/search", params={"bill": cargo.bill, "lane": "green"})
    with workspace.engine.connect() as conn:
        events = audit_events(conn, AuditFilter(actor="user-targeting-officer", limit=2))
    search, view = events
    assert (view.action, view.subject_id) == ("view_consignment", str(cargo.consignment_id))
    assert view.details()["bill_number"] == cargo.bill
    assert search.action == "search"
    assert search.details() | {"found": 1} == search.details()
    assert search.details()["bill"] == cargo.bill


def test_search_filters_and_readable_refusals(officer: TestClient, cargo: Cargo) -> None:
    found = officer.get("/search", params={"container": "HASU 5044950", "port": "jmkin"})
    assert f"/consignments/{cargo.consignment_id}" in found.text
    assert "1 consignment(s)" in found.text
    none = officer.get("/search", params={"bill": cargo.bill, "lane": "red"})
    assert "no consignment matches" in none.text
    bad = officer.get("/search", params={"arrival_from": "14/03/2026"})
    assert bad.status_code == 400
    assert "arrival from must be a date as YYYY-MM-DD" in bad.text
    partial = officer.get("/search", params={"bill": cargo.bill}, headers={"HX-Request": "true"})
    assert "<html" not in partial.text
    assert cargo.bill in partial.text


def test_dashboard_and_queue_show_lanes_and_scores(officer: TestClient, cargo: Cargo) -> None:
    dashboard = officer.get("/").text
    assert "Highest scores" in dashboard
    assert cargo.bill in dashboard
    assert "arriving in 72 h" in dashboard
    queue = officer.get("/queue", params={"lane": "green"}).text
    assert cargo.bill in queue
    assert officer.get("/queue", params={"port": "nowhere"}).status_code == 400


def test_odd_input_gets_a_clear_refusal(officer: TestClient, cargo: Cargo) -> None:
    for url in ("/search?bill=%00", "/search?party=a%00b", "/search?container=%0A"):
        page = officer.get(url)
        assert page.status_code == 400, url
        assert "holds control characters" in page.text
    assert officer.get("/consignments/100000000000000000000000").status_code == 400
    assert officer.get("/consignments/0").status_code == 400


def test_a_login_with_control_characters_is_refused_and_recorded(
    app: FastAPI, workspace: Workspace, officer_name: str
) -> None:
    client = new_client(app)
    token = hidden_csrf(client.get("/login").text)
    form = {"username": "user-targeting-officer\x00", "password": "x", "csrf_token": token}
    answer = client.post("/login", data=form, follow_redirects=False)
    assert answer.status_code == 401
    with workspace.engine.connect() as conn:
        last = audit_events(conn, AuditFilter(limit=1))[0]
    assert (last.action, last.subject_id) == ("login_failed", officer_name)


def test_the_dashboard_lists_red_lane_cargo_overdue_for_a_decision(
    officer: TestClient, workspace: Workspace, officer_name: str
) -> None:
    coffee_rule(workspace)
    soon = datetime.now(UTC) + timedelta(hours=12)
    later = datetime.now(UTC) + timedelta(hours=60)
    file(
        workspace,
        manifest(consignment("ARRIVED0001", hs="090111"), reference="MAN-ARRIVED"),
        _arriving(consignment("SOON0001", hs="090111"), soon, "SOON"),
        _arriving(consignment("LATER0001", hs="090111"), later, "LATER"),
        manifest(consignment("GREEN0001", container="MSKU1234565"), reference="MAN-GREEN"),
    )
    board = officer.get("/").text
    overdue = board.split('id="overdue"', 1)[1].split("</section>", 1)[0]
    assert 'without a decision <span class="muted">2</span>' in overdue
    assert overdue.index("ARRIVED0001") < overdue.index("SOON0001")  # the earliest first
    assert "LATER0001" not in overdue
    assert "GREEN0001" not in overdue
    arrived = placed(workspace, "ARRIVED0001").consignment_id
    with workspace.engine.begin() as conn:
        claim(conn, arrived, officer_name)
    claimed = officer.get("/").text.split('id="overdue"', 1)[1].split("</section>", 1)[0]
    assert f"claimed ({officer_name})" in claimed  # claimed, but still not decided
    with workspace.engine.begin() as conn:
        dismissal = Decision(kind=DecisionKind.DISMISS, reason_code="no_risk_after_review")
        decide(conn, arrived, officer_name, dismissal)
    decided = officer.get("/").text.split('id="overdue"', 1)[1].split("</section>", 1)[0]
    assert "ARRIVED0001" not in decided
    assert 'without a decision <span class="muted">1</span>' in decided


def _arriving(goods: Consignment, at: datetime, reference: str) -> Manifest:
    base = manifest(goods, reference=reference)
    trip = msgspec.structs.replace(
        base.voyage,
        voyage_number=reference,
        arrival_at=at,
        port_calls=(PortCall(locode="COCTG"), PortCall(locode="JMKIN", eta=at)),
    )
    return msgspec.structs.replace(base, voyage=trip)


def _taken(lock_file: Path) -> bool:
    """Whether another holder has the lock of ``lock_file`` (asked without waiting)."""
    with lock_file.open("ab") as other:
        try:
            fcntl.flock(other, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(other, fcntl.LOCK_UN)
        return False


def test_audited_page_views_take_turns_across_server_processes(tmp_path: Path) -> None:
    """Two apps on one SQLite file (as two server processes) take turns for their writes on
    a lock of a file beside the database; PostgreSQL needs no turns."""
    engine = connect(f"sqlite:///{tmp_path / 'turns.db'}")
    lock_file = tmp_path / "turns.db.write-turn"
    first, second = WriteTurns(engine), WriteTurns(engine)
    with first.turn():
        assert _taken(lock_file)
    assert not _taken(lock_file)
    with second.turn():
        assert _taken(lock_file)
    assert not _taken(lock_file)
    engine.dispose()
    assert not WriteTurns(connect("postgresql+psycopg://nobody@127.0.0.1/none")).needed
