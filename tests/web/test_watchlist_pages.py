"""The watch-list pages on the real app: an analyst proposes, a supervisor approves (never
their own proposal) and screening changes; a rejected proposal changes nothing; bad, oversized
and hostile uploads get a clear refusal and leave nothing behind."""

from __future__ import annotations

import io

import httpx
import pytest
from fastapi import FastAPI
from sqlalchemy import func, select

from cargotarget.model.users import Role
from cargotarget.store.assessment_tables import assessment_hit
from cargotarget.store.watchlist_proposal_tables import watchlist_proposal
from cargotarget.workflow.assess import assess_pending
from cargotarget.workflow.watchlist_proposals import MAX_FILE
from cargotarget.workflow.workbench import consignments_by_bill
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest
from tests.web.conftest import XSS, Account, log_in, new_client

HEADER = "id,kind,value,name,country,reason,severity\n"
LOOKOUT = (HEADER + "C1,container,HASU5044950,,,seizure in 2025,critical\n").encode()
PARTIES = "".join(f"P{i:03},party,,TRADER NUMBER {i:03} LLC,AE,front,high\n" for i in range(120))
ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"


class Session:
    def __init__(self, app: FastAPI, username: str) -> None:
        self.client = new_client(app)
        self.csrf = log_in(self.client, username)

    def post(
        self, url: str, files: dict[str, tuple[str, bytes]] | None = None, **form: str
    ) -> httpx.Response:
        data = {**form, "csrf_token": self.csrf}
        return self.client.post(url, data=data, files=files, follow_redirects=False)


@pytest.fixture
def analyst(app: FastAPI, account: Account) -> Session:
    return Session(app, account(Role.ANALYST))


@pytest.fixture
def supervisor(app: FastAPI, account: Account) -> Session:
    return Session(app, account(Role.SUPERVISOR))


def _propose_list(
    session: Session, name: str, data: bytes, file_name: str = "list.csv"
) -> httpx.Response:
    return session.post(
        "/watchlists",
        files={"file": (file_name, data)},
        list_name=name,
        kind="lookout",
        threshold="90",
        source="CET bulletin",
    )


def _pending_id(workspace: Workspace) -> int:
    with workspace.engine.connect() as conn:
        found = conn.execute(select(func.max(watchlist_proposal.c.id))).scalar()
    assert found is not None
    return int(found)


def _screened(workspace: Workspace, bill: str) -> int:
    """Watch-list hits on the latest assessment of a new consignment ``bill``."""
    body = as_json(manifest(consignment(bill), reference=f"MAN-{bill}"))
    workspace.intake.ingest(io.BytesIO(body), provider="MAEU", filename=f"{bill}.json")
    assess_pending(workspace.engine, workspace.catalogue)
    with workspace.engine.connect() as conn:
        (cid,) = consignments_by_bill(conn, bill)
        h = assessment_hit.c
        query = select(func.count()).where(h.consignment_id == cid, h.kind == "watchlist")
        return int(conn.execute(query).scalar() or 0)


def test_an_approved_proposal_changes_screening(
    analyst: Session, supervisor: Session, workspace: Workspace
) -> None:
    assert _propose_list(analyst, "CONTAINERS", LOOKOUT).status_code == 303
    overview = analyst.client.get("/watchlists").text
    assert "new list" in overview
    assert "CET bulletin" not in overview or "pending" in overview
    assert ">Approve<" not in overview  # an analyst may not approve
    assert _screened(workspace, "MAEU000000001") == 0
    proposal = _pending_id(workspace)
    refused = analyst.post(f"/watchlist-proposals/{proposal}/approve")
    assert refused.status_code == 403
    shown = supervisor.client.get("/watchlists").text
    assert ">Approve<" in shown
    done = supervisor.post(f"/watchlist-proposals/{proposal}/approve", note="checked")
    assert done.status_code == 303
    page = supervisor.client.get("/watchlists/CONTAINERS").text
    assert "HASU5044950" in page
    assert "approved" in page
    assert "in force" in page
    assert _screened(workspace, "MAEU000000002") > 0


def test_a_supervisor_cannot_approve_their_own_proposal(
    supervisor: Session, workspace: Workspace
) -> None:
    assert _propose_list(supervisor, "MINE", LOOKOUT).status_code == 303
    page = supervisor.client.get("/watchlists").text
    assert "four eyes: you proposed it" in page
    refused = supervisor.post(f"/watchlist-proposals/{_pending_id(workspace)}/approve")
    assert refused.status_code == 403
    assert "four eyes" in refused.text
    assert "MINE" not in supervisor.client.get("/api/v1/watchlists").json()["lists"]


def test_a_rejected_proposal_changes_nothing(
    analyst: Session, supervisor: Session, workspace: Workspace
) -> None:
    _propose_list(analyst, "CONTAINERS", LOOKOUT)
    supervisor.post(f"/watchlist-proposals/{_pending_id(workspace)}/approve")
    before = _screened(workspace, "MAEU000000004")
    assert before > 0
    retire = analyst.post("/watchlists/CONTAINERS/proposals", action="retire", note="old")
    assert retire.status_code == 303
    proposal = _pending_id(workspace)
    bare = supervisor.post(f"/watchlist-proposals/{proposal}/reject", note=" ")
    assert bare.status_code == 422
    assert "reason" in bare.text
    done = supervisor.post(f"/watchlist-proposals/{proposal}/reject", note="<b>still used</b>")
    assert done.status_code == 303
    page = analyst.client.get("/watchlists/CONTAINERS").text
    assert "rejected" in page
    assert "&lt;b&gt;still used&lt;/b&gt;" in page
    assert "1 entry" in page
    assert _screened(workspace, "MAEU000000003") == before
    again = supervisor.post(f"/watchlist-proposals/{proposal}/approve")
    assert again.status_code == 409


def test_entries_are_paged_and_searchable(
    analyst: Session, supervisor: Session, workspace: Workspace
) -> None:
    _propose_list(analyst, "TRADERS", (HEADER + PARTIES).encode())
    supervisor.post(f"/watchlist-proposals/{_pending_id(workspace)}/approve")
    first = analyst.client.get("/watchlists/TRADERS").text
    assert "120 entries" in first
    assert "page 1 of 3" in first
    assert "TRADER NUMBER 000 LLC" in first
    assert "TRADER NUMBER 050 LLC" not in first
    third = analyst.client.get("/watchlists/TRADERS?page=3").text
    assert "TRADER NUMBER 119 LLC" in third
    found = analyst.client.get("/watchlists/TRADERS?q=number 07").text
    assert "10 entries matching" in found
    assert analyst.client.get("/watchlists/TRADERS?q=%25").text.count("TRADER NUMBER") == 0
    assert analyst.client.get("/watchlists/TRADERS?q=a%00b").status_code == 400
    assert analyst.client.get("/watchlists/NOPE").status_code == 404


def test_bad_files_are_refused_with_their_lines_and_nothing_kept(
    analyst: Session, workspace: Workspace
) -> None:
    bad = (HEADER + "X1,party,,ACME,AE,ok,high\nX2,spaceship,,ZORG,AE,bad,low\n").encode()
    refused = _propose_list(analyst, "BAD", bad)
    assert refused.status_code == 422
    assert "line 3" in refused.text
    binary = _propose_list(analyst, "BAD", b"\x00\xff\xfe" * 100)
    assert binary.status_code == 422
    huge = _propose_list(analyst, "BAD", b"a" * (MAX_FILE + 1))
    assert huge.status_code == 413
    assert "limit" in huge.text
    control = _propose_list(analyst, "BAD\x07LIST", LOOKOUT)
    assert control.status_code in (400, 422)
    no_kind = analyst.post("/watchlists", list_name="X", kind="spaceship")
    assert no_kind.status_code == 400
    with workspace.engine.connect() as conn:
        assert conn.execute(select(func.count()).select_from(watchlist_proposal)).scalar() == 0
    unknown = analyst.post("/watchlists/NOPE/proposals", files={"file": ("a.csv", LOOKOUT)})
    assert unknown.status_code == 404
    stale = analyst.client.post("/watchlists", data={"list_name": "X"}, follow_redirects=False)
    assert stale.status_code == 403  # no CSRF token


def test_hostile_names_and_entries_are_shown_as_text(
    analyst: Session, supervisor: Session, workspace: Workspace
) -> None:
    entry = f'H1,party,,"{XSS}",AE,"{XSS}",high\n'.encode()
    _propose_list(analyst, "HOSTILE<script>", HEADER.encode() + entry)
    supervisor.post(f"/watchlist-proposals/{_pending_id(workspace)}/approve")
    for url in ("/watchlists", "/watchlists/HOSTILE%3Cscript%3E"):
        page = supervisor.client.get(url).text
        assert "<script>alert" not in page, url
        assert "HOSTILE&lt;script&gt;" in page, url
    assert ESCAPED in supervisor.client.get("/watchlists/HOSTILE%3Cscript%3E").text
