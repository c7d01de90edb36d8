"""Users scoped to ports: an officer of Kingston sees Kingston's cargo and nothing of Colombo's,
on the dashboard, in searches, on the consignment and voyage pages and through the API (with a
token, which acts with its owner's ports); a user of every port sees both. Cargo at a port the
user does not see is answered as if it did not exist (404), and such a view is not audited."""

from __future__ import annotations

import io
from dataclasses import dataclass

import msgspec
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.manifest import Manifest, PortCall, Route
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.risk.scoring import ScoringConfig
from cargotarget.store import tables as t
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.users import set_ports
from cargotarget.workflow.assess import AssessConfig, assess_pending
from cargotarget.workflow.workbench import consignments_by_bill
from cargotarget.workflow.workspace import Workspace
from tests.factories import ARRIVAL, consignment, manifest, voyage
from tests.web.conftest import Account, log_in, new_client, token_for

JM_BILL, LK_BILL = "JMKINBILL0001", "LKCMBBILL0001"
SHIPPER = "Port Scope Trading Ltd"


@dataclass
class Placed:
    """A consignment and its voyage."""

    consignment_id: int
    voyage_id: int
    bill: str


def colombo_manifest(bill: str = LK_BILL, **fields: object) -> Manifest:
    """A manifest of a voyage to Colombo, its consignment discharged there."""
    calls = (PortCall(locode="CNSHA", etd=ARRIVAL), PortCall(locode="LKCMB", eta=ARRIVAL))
    trip = msgspec.structs.replace(
        voyage("88W"), arrival_port="LKCMB", departure_port="CNSHA", port_calls=calls
    )
    route = Route(port_of_loading="CNSHA", port_of_discharge="LKCMB", origin_country="CN")
    goods = msgspec.structs.replace(consignment(bill, shipper=SHIPPER), route=route)
    base = manifest(goods, reference=f"MAN-{bill}")
    return msgspec.structs.replace(base, voyage=trip, **fields)


def file(workspace: Workspace, *manifests: Manifest, red: bool = False) -> None:
    """Ingest ``manifests`` and assess them (every score in the red lane when ``red``)."""
    for number, filed in enumerate(manifests):
        body = msgspec.json.encode(filed)
        workspace.intake.ingest(io.BytesIO(body), provider="MAEU", filename=f"m{number}.json")
    scoring = ScoringConfig(yellow_from=0.0, red_from=0.0) if red else ScoringConfig()
    assess_pending(workspace.engine, workspace.catalogue, AssessConfig(scoring=scoring))


def placed(workspace: Workspace, bill: str) -> Placed:
    with workspace.engine.connect() as conn:
        (cid,) = consignments_by_bill(conn, bill)
        voyage_id = conn.execute(
            t.consignment.select()
            .with_only_columns(t.consignment.c.voyage_id)
            .where(t.consignment.c.id == cid)
        ).scalar_one()
    return Placed(consignment_id=cid, voyage_id=int(voyage_id), bill=bill)


def two_ports(workspace: Workspace) -> tuple[Placed, Placed]:
    """A consignment discharged at Kingston and one at Colombo, same shipper and container."""
    kingston = manifest(consignment(JM_BILL, shipper=SHIPPER), reference="MAN-JM")
    file(workspace, kingston, colombo_manifest())
    return placed(workspace, JM_BILL), placed(workspace, LK_BILL)


def scoped(workspace: Workspace, account: Account, role: Role, *ports: str) -> str:
    name = account(role)
    with workspace.engine.begin() as conn:
        set_ports(conn, name, ports)
    return name


@pytest.fixture
def cargo_at_two_ports(workspace: Workspace) -> tuple[Placed, Placed]:
    return two_ports(workspace)


@pytest.fixture
def kingston(app: FastAPI, workspace: Workspace, account: Account) -> TestClient:
    client = new_client(app)
    log_in(client, scoped(workspace, account, Role.TARGETING_OFFICER, "JMKIN"))
    return client


def test_an_officer_of_kingston_sees_nothing_of_colombo(
    kingston: TestClient, cargo_at_two_ports: tuple[Placed, Placed]
) -> None:
    jm, lk = cargo_at_two_ports
    board = kingston.get("/")
    assert board.status_code == 200
    assert JM_BILL in board.text
    assert LK_BILL not in board.text
    assert "Your ports: JMKIN" in board.text
    for query in ({"party": SHIPPER}, {"container": "HASU5044950"}, {"bill": LK_BILL}):
        found = kingston.get("/search", params=query)
        assert found.status_code == 200, query
        assert f'href="/consignments/{lk.consignment_id}"' not in found.text, query
    assert JM_BILL in kingston.get("/search", params={"party": SHIPPER}).text
    assert "1 consignment(s)" in kingston.get("/search", params={"party": SHIPPER}).text
    assert "Only cargo discharged at your ports is found: JMKIN." in kingston.get("/search").text
    assert kingston.get(f"/consignments/{jm.consignment_id}").status_code == 200
    hidden = kingston.get(f"/consignments/{lk.consignment_id}")
    assert hidden.status_code == 404
    assert LK_BILL not in hidden.text
    assert kingston.get(f"/voyages/{lk.voyage_id}").status_code == 404
    voyage_page = kingston.get(f"/voyages/{jm.voyage_id}")
    assert voyage_page.status_code == 200
    assert JM_BILL in voyage_page.text


def test_a_port_filter_outside_the_users_ports_is_refused_with_a_reason(
    kingston: TestClient, cargo_at_two_ports: tuple[Placed, Placed]
) -> None:
    for url in ("/?port=LKCMB", "/search?port=lkcmb"):
        refused = kingston.get(url)
        assert refused.status_code == 403, url
        assert "port LKCMB is not one of your ports (JMKIN)" in refused.text
        assert "/consignments/" not in refused.text
    partial = kingston.get("/search?port=LKCMB", headers={"HX-Request": "true"})
    assert partial.status_code == 403
    assert "<html" not in partial.text
    assert kingston.get("/?port=JMKIN").status_code == 200
    assert kingston.get("/search?port=JMKIN&bill=" + JM_BILL).text.count(JM_BILL) >= 1


def test_a_token_acts_with_its_owners_ports(
    app: FastAPI,
    workspace: Workspace,
    account: Account,
    cargo_at_two_ports: tuple[Placed, Placed],
) -> None:
    owner = scoped(workspace, account, Role.TARGETING_OFFICER, "JMKIN")
    client = new_client(app)
    client.headers["Authorization"] = f"Bearer {token_for(workspace, owner, TokenScope.READ)}"
    assert client.get(f"/api/v1/consignments/{JM_BILL}").status_code == 200
    hidden = client.get(f"/api/v1/consignments/{LK_BILL}")
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": f"no consignment with bill number {LK_BILL!r}"}


def test_cargo_outside_the_users_ports_is_not_audited_as_seen(
    kingston: TestClient, workspace: Workspace, cargo_at_two_ports: tuple[Placed, Placed]
) -> None:
    jm, lk = cargo_at_two_ports
    kingston.get(f"/consignments/{lk.consignment_id}")
    kingston.get(f"/consignments/{jm.consignment_id}")
    kingston.get("/search", params={"party": SHIPPER})
    with workspace.engine.connect() as conn:
        views = audit_events(conn, AuditFilter(action="view_consignment"))
        (search,) = audit_events(conn, AuditFilter(action="search"))
    assert [v.subject_id for v in views] == [str(jm.consignment_id)]
    assert search.details()["ports"] == ["JMKIN"]
    assert search.details()["found"] == 1


def test_a_user_of_every_port_sees_both(
    app: FastAPI, workspace: Workspace, account: Account, cargo_at_two_ports: tuple[Placed, Placed]
) -> None:
    everywhere = new_client(app)
    log_in(everywhere, account(Role.SUPERVISOR))
    board = everywhere.get("/").text
    assert JM_BILL in board
    assert LK_BILL in board
    assert "Your ports" not in board
    found = everywhere.get("/search", params={"party": SHIPPER}).text
    assert "2 consignment(s)" in found
    for placed_at in cargo_at_two_ports:
        assert everywhere.get(f"/consignments/{placed_at.consignment_id}").status_code == 200
        assert everywhere.get(f"/voyages/{placed_at.voyage_id}").status_code == 200
    assert everywhere.get("/?port=LKCMB").status_code == 200
    secret = token_for(workspace, account(Role.SUPERVISOR), TokenScope.READ)
    api = new_client(app)
    api.headers["Authorization"] = f"Bearer {secret}"
    assert api.get(f"/api/v1/consignments/{LK_BILL}").status_code == 200


def test_a_user_of_no_port_sees_no_cargo(
    app: FastAPI, workspace: Workspace, account: Account, cargo_at_two_ports: tuple[Placed, Placed]
) -> None:
    nowhere = new_client(app)
    log_in(nowhere, scoped(workspace, account, Role.AUDITOR))
    board = nowhere.get("/").text
    assert JM_BILL not in board
    assert LK_BILL not in board
    assert "Your ports: none" in board
    assert "no consignment matches" in nowhere.get("/search", params={"party": SHIPPER}).text
    refused = nowhere.get("/search", params={"port": "JMKIN"})
    assert refused.status_code == 403
    assert "(none)" in refused.text


def test_the_dashboard_counts_lanes_by_the_users_ports(
    kingston: TestClient, app: FastAPI, account: Account, workspace: Workspace
) -> None:
    file(workspace, colombo_manifest("LKRED0001"), colombo_manifest("LKRED0002"), red=True)
    board = kingston.get("/").text
    assert "red lane</span><b>0</b>" in board
    colombo = new_client(app)
    log_in(colombo, scoped(workspace, account, Role.SUPERVISOR, "LKCMB"))
    assert "red lane</span><b>2</b>" in colombo.get("/").text


@pytest.mark.parametrize(
    ("url", "status", "says"),
    [
        ("/?port=%3Cscript%3E", 400, "port must be a UN/LOCODE"),
        ("/?port=JM%00KN", 400, "holds control characters"),
        ("/?port=" + "J" * 201, 400, ""),
        ("/search?port=%3Cscript%3Ealert(1)%3C/script%3E", 400, "port must be a UN/LOCODE"),
        ("/search?port=LKCMB%0A", 400, "holds control characters"),
        ("/search?port=" + "L" * 201, 400, ""),
        ("/search?port=lkcmb&bill=" + LK_BILL, 403, "not one of your ports"),
    ],
)
def test_odd_port_filters_get_a_clear_refusal(
    kingston: TestClient, url: str, status: int, says: str
) -> None:
    answer = kingston.get(url)
    assert answer.status_code == status, url
    assert says in answer.text
    assert "<script>alert" not in answer.text
