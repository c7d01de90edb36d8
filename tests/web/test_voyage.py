"""The voyage page (the conveyance, its route and manifests, its consignments highest score
first, linked to their pages) and the consignment page's party history (earlier shipments and
what examinations of them found)."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta

import msgspec
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from cargotarget.model.manifest import Manifest
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.store.audit import AuditFilter, audit_events
from cargotarget.store.outcomes import NewOutcome, record_outcomes
from cargotarget.workflow import rules as lifecycle
from cargotarget.workflow.workspace import Workspace
from tests.factories import consignment, manifest
from tests.rule_factories import add_people, rule
from tests.web.conftest import XSS, Account, log_in, new_client, token_for
from tests.web.test_port_scope import SHIPPER, colombo_manifest, file, placed, scoped

ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;"
FILED = datetime(2026, 3, 9, 12, 0, tzinfo=UTC)


@pytest.fixture
def officer(app: FastAPI, account: Account) -> TestClient:
    client = new_client(app)
    log_in(client, account(Role.TARGETING_OFFICER))
    return client


def _rows(page: str) -> list[str]:
    """The bills of the voyage's consignment rows, in the order shown."""
    rows = re.findall(r'<tr class="voyage-consignment">(.*?)</tr>', page, re.S)
    return [re.search(r">([^<]+)</a>", row).group(1) for row in rows]  # type: ignore[union-attr]


def coffee_rule(workspace: Workspace) -> None:
    """An active rule of weight 70 on coffee: coffee lands in the red lane, bananas in green."""
    content = rule("COFF-0001", condition="hs_code LIKE '0901%'", weight=70.0)
    with workspace.engine.begin() as conn:
        add_people(conn)
        lifecycle.save_rule(conn, content, "alice", catalogue=workspace.catalogue)
        lifecycle.submit(conn, content.code, "alice")
        lifecycle.approve(conn, content.code, "bob")


def test_the_voyage_page_lists_its_cargo_highest_score_first(
    officer: TestClient, workspace: Workspace
) -> None:
    coffee_rule(workspace)
    coffee = consignment("VOYZ0001", hs="090111", description="GREEN COFFEE BEANS")
    bananas = consignment("VOYA0001", container="MSKU1234565")
    file(workspace, manifest(bananas, reference="MAN-A"), manifest(coffee, reference="MAN-Z"))
    low, high = placed(workspace, "VOYA0001"), placed(workspace, "VOYZ0001")
    assert low.voyage_id == high.voyage_id
    page = officer.get(f"/voyages/{low.voyage_id}")
    assert page.status_code == 200
    assert _rows(page.text) == ["VOYZ0001", "VOYA0001"]
    for shown in ("MAERSK KINGSTON", "IMO 9074729", "123E", "Maersk", "COCTG", "JMKIN"):
        assert shown in page.text
    assert "2026-03-14 06:00" in page.text  # the ETA
    for shown in ("MAN-A", "MAN-Z", "Bananeras del Pacifico S.A.", "Island Fresh Imports Ltd"):
        assert shown in page.text
    for shown in ("GREEN COFFEE BEANS", "090111", "FRESH BANANAS", "080390", ">70<", "lane-red"):
        assert shown in page.text
    assert f'href="/consignments/{high.consignment_id}"' in page.text
    consignment_page = officer.get(f"/consignments/{low.consignment_id}").text
    assert f'href="/voyages/{low.voyage_id}"' in consignment_page
    explained = officer.get(f"/consignments/{high.consignment_id}").text
    assert "COFF-0001: Bananas from source countries" in explained  # the rule, by name


def test_a_voyage_page_shows_manifest_text_as_text(
    officer: TestClient, workspace: Workspace
) -> None:
    file(workspace, manifest(consignment("VOYXSS0001", description=XSS, shipper=XSS)))
    page = officer.get(f"/voyages/{placed(workspace, 'VOYXSS0001').voyage_id}").text
    assert "<script>alert" not in page
    assert page.count(ESCAPED) >= 2  # the shipper and the goods


def test_a_voyage_view_is_audited_as_a_search_by_voyage(
    officer: TestClient, workspace: Workspace
) -> None:
    file(workspace, manifest(consignment("VOYAUD0001")))
    voyage_id = placed(workspace, "VOYAUD0001").voyage_id
    officer.get(f"/voyages/{voyage_id}")
    with workspace.engine.connect() as conn:
        (event,) = audit_events(conn, AuditFilter(action="search"))
    assert (event.subject_kind, event.subject_id) == ("voyage", str(voyage_id))
    assert event.details() == {"voyage_id": voyage_id, "found": 1}


def test_a_scoped_user_sees_only_the_voyages_cargo_at_their_ports(
    app: FastAPI, workspace: Workspace, account: Account
) -> None:
    # One voyage calling at Colombo, with one bill discharged there and one at Kingston.
    lk = colombo_manifest("MIXLK0001")
    jm = msgspec.structs.replace(
        colombo_manifest("MIXJM0001"),
        consignments=(consignment("MIXJM0001", container="MSKU1234565"),),
    )
    file(workspace, lk, jm)
    assert placed(workspace, "MIXLK0001").voyage_id == placed(workspace, "MIXJM0001").voyage_id
    client = new_client(app)
    log_in(client, scoped(workspace, account, Role.TARGETING_OFFICER, "JMKIN"))
    page = client.get(f"/voyages/{placed(workspace, 'MIXJM0001').voyage_id}").text
    assert _rows(page) == ["MIXJM0001"]
    assert "MAN-MIXJM0001" in page
    assert "MAN-MIXLK0001" not in page


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/voyages/999999", 404),
        ("/voyages/0", 400),
        ("/voyages/-1", 400),
        ("/voyages/abc", 400),
        ("/voyages/1%00", 400),
        ("/voyages/" + "9" * 40, 400),
        ("/voyages/%3Cscript%3E", 400),
    ],
)
def test_odd_voyage_ids_get_a_clear_refusal(officer: TestClient, path: str, status: int) -> None:
    answer = officer.get(path)
    assert answer.status_code == status, path
    assert "<script>" not in answer.text


def _earlier(bill: str, days: int) -> Manifest:
    goods = consignment(bill, container="MSKU1234565")
    return msgspec.structs.replace(
        manifest(goods, reference=f"MAN-{bill}"), filed_at=FILED - timedelta(days=days)
    )


def test_the_consignment_page_shows_the_parties_history(
    officer: TestClient, workspace: Workspace
) -> None:
    file(workspace, *[_earlier(f"EARLY{n:04d}", days=10 + n) for n in range(4)])
    file(workspace, manifest(consignment("NOWBILL0001"), reference="MAN-NOW"))
    earlier = [placed(workspace, f"EARLY{n:04d}") for n in range(4)]
    examined = FILED - timedelta(days=5)
    outcomes = [
        NewOutcome(
            consignment_id=e.consignment_id,
            examined_at=examined,
            selection="officer",
            result=result,
            detail={},
        )
        for e, result in zip(earlier, ["seizure", "seizure", "seizure", "no_finding"], strict=True)
    ]
    with workspace.engine.begin() as conn:
        record_outcomes(conn, outcomes, at=examined)
    now = placed(workspace, "NOWBILL0001")
    page = officer.get(f"/consignments/{now.consignment_id}").text
    section = page.split('id="party-history"', 1)[1].split("</section>", 1)[0]
    assert section.count("4 earlier shipment(s)") == 2  # the shipper's and the consignee's
    assert "3 earlier seizures" in section
    assert "4 examined" in section
    assert f'href="/consignments/{earlier[0].consignment_id}"' in section
    assert "first seen 2026-02-24" in section  # the earliest filing, 13 days before
    first = officer.get(f"/consignments/{earlier[-1].consignment_id}").text
    assert "No earlier shipment: first seen on this bill" in first


def test_party_history_counts_every_port_but_lists_only_the_users(
    app: FastAPI, workspace: Workspace, account: Account
) -> None:
    file(workspace, colombo_manifest("PHLK0001", filed_at=FILED - timedelta(days=3)))
    file(workspace, manifest(consignment("PHJM0001", shipper=SHIPPER), reference="MAN-PHJM"))
    colombo, kingston_bill = placed(workspace, "PHLK0001"), placed(workspace, "PHJM0001")
    with workspace.engine.begin() as conn:
        examined = FILED - timedelta(days=2)
        seizure = NewOutcome(
            consignment_id=colombo.consignment_id,
            examined_at=examined,
            selection="rule",
            result="seizure",
            detail={},
        )
        record_outcomes(conn, [seizure], at=examined)
    client = new_client(app)
    log_in(client, scoped(workspace, account, Role.TARGETING_OFFICER, "JMKIN"))
    page = client.get(f"/consignments/{kingston_bill.consignment_id}").text
    section = page.split('id="party-history"', 1)[1].split("</section>", 1)[0]
    assert "1 earlier shipment(s)" in section
    assert "1 earlier seizure" in section
    assert f"/consignments/{colombo.consignment_id}" not in section
    assert "PHLK0001" not in section


def test_the_voyage_api_answers_with_the_voyage_and_its_cargo(
    app: FastAPI, workspace: Workspace, account: Account
) -> None:
    coffee_rule(workspace)
    coffee = consignment("APIZ0001", hs="090111", description=XSS)
    bananas = consignment("APIA0001", container="MSKU1234565")
    file(workspace, manifest(bananas, reference="MAN-A"), manifest(coffee, reference="MAN-Z"))
    file(workspace, colombo_manifest("APILK0001"))
    voyage_id = placed(workspace, "APIA0001").voyage_id
    officer = new_client(app)
    officer.headers["Authorization"] = "Bearer " + token_for(
        workspace, account(Role.TARGETING_OFFICER), TokenScope.READ
    )
    answer = officer.get(f"/api/v1/voyages/{voyage_id}")
    assert answer.status_code == 200
    view = answer.json()
    assert view["voyage"]["vessel_name"] == "MAERSK KINGSTON"
    assert view["voyage"]["imo_number"] == "9074729"
    assert [m["reference"] for m in view["manifests"]] == ["MAN-A", "MAN-Z"]
    assert [c["bill_number"] for c in view["consignments"]] == ["APIZ0001", "APIA0001"]
    assert view["consignments"][0]["goods"] == XSS  # JSON carries the text as filed
    assert view["consignments"][0]["lane"] == "red"
    assert view["total"] == 2
    colombo_voyage = placed(workspace, "APILK0001").voyage_id
    owner = scoped(workspace, account, Role.ANALYST, "JMKIN")
    scoped_client = new_client(app)
    scoped_client.headers["Authorization"] = "Bearer " + token_for(
        workspace, owner, TokenScope.READ
    )
    assert scoped_client.get(f"/api/v1/voyages/{voyage_id}").status_code == 200
    hidden = scoped_client.get(f"/api/v1/voyages/{colombo_voyage}")
    assert hidden.status_code == 404
    assert hidden.json() == {"detail": f"no voyage with id {colombo_voyage}"}


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/voyages/0",
        "/api/v1/voyages/x%00",
        "/api/v1/voyages/" + "9" * 40,
        "/api/v1/voyages/%3Cb%3E",
    ],
)
def test_odd_voyage_ids_get_a_clear_refusal_from_the_api(
    app: FastAPI, workspace: Workspace, account: Account, path: str
) -> None:
    client = new_client(app)
    client.headers["Authorization"] = "Bearer " + token_for(
        workspace, account(Role.AUDITOR), TokenScope.READ
    )
    answer = client.get(path)
    assert answer.status_code == 422, path
    assert "voyage_id" in answer.text
    assert client.get("/api/v1/voyages/424242").status_code == 404
