"""The provider channel end to end with a real browser (see :mod:`tests.web.served`): a
provider's token files a bill and then an amendment after the voyage's loading deadline, over
the API; the timeliness page shows the late amendment; an officer decides do-not-load in the
browser; the provider fetches the response over the API (JSON and CUSRES); another provider's
token cannot read it. Screenshots go to test-artifacts/."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime, timedelta

import httpx
import msgspec
import pytest
from playwright.sync_api import Page, expect, sync_playwright

from cargotarget.model.manifest import MessageFunction, PortCall
from cargotarget.model.providers import ProviderKind
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.providers import link_account, register_provider
from cargotarget.workflow.tokens import create_token
from tests.factories import consignment, manifest, voyage
from tests.web.served import ARTIFACTS, Served, chromium, serve_demo

PASSWORD = "provider scenario 2026 ok"
OFFICER = "demo-officer"
BILL = "LATEAMEND0001"
FILERS = {"LATE": "late-gw", "OTHR": "othr-gw"}


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Served, dict[str, str]]]:
    """The demo served, two registered providers with a filing token each."""
    chromium()  # before the demo is made: without a browser there is nothing to run
    with serve_demo(tmp_path_factory.mktemp("providers"), consignments=120) as app:
        secrets = {}
        with app.workspace() as space, space.engine.begin() as conn:
            set_password(conn, OFFICER, PASSWORD)
            for code, account in FILERS.items():
                register_user(conn, account, [Role.DATA_PROVIDER])
                register_provider(conn, code, f"{code} Lines", ProviderKind.CARRIER, actor="ada")
                link_account(conn, code, account, actor="ada")
                scopes = (TokenScope.SUBMIT, TokenScope.READ_OWN_RECEIPTS)
                _, secrets[code] = create_token(conn, account, scopes, actor="ada")
        yield app, secrets


def _late_filing(description: str, function: MessageFunction) -> bytes:
    """A bill on a voyage that left port two days ago: past its 24-hour filing deadline."""
    left = datetime.now(UTC) - timedelta(days=2)
    ship = msgspec.structs.replace(
        voyage("LATE9W"),
        port_calls=(
            PortCall(locode="COCTG", etd=left),
            PortCall(locode="JMKIN", eta=left + timedelta(days=4)),
        ),
        departure_at=left,
        arrival_at=left + timedelta(days=4),
    )
    bill = consignment(BILL, description=description)
    filing = manifest(bill, reference=f"LATE-{function.value}", function=function)
    return msgspec.json.encode(msgspec.structs.replace(filing, voyage=ship))


def _bearer(secret: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {secret}"}


def _file_late_amendment(base: str, secret: str) -> None:
    for description, function in (
        ("FRESH BANANAS", MessageFunction.ORIGINAL),
        ("FRESH BANANAS AND MACHINE PARTS", MessageFunction.REPLACE),
    ):
        answer = httpx.post(
            f"{base}/api/v1/messages",
            content=_late_filing(description, function),
            headers=_bearer(secret),
            timeout=60,
        )
        assert answer.status_code == 200, answer.text
    (row,) = answer.json()["consignments"]
    assert (row["outcome"], row["version"]) == ("amended", 2)
    assert answer.json()["provider_code"] == "LATE"


def _officer_sees_it_late_and_decides(page: Page, base: str) -> None:
    page.goto(f"{base}/timeliness")
    late = page.locator(f'tr.late-filing[data-bill="{BILL}"][data-kind="amendment"]')
    expect(late).to_have_count(1)
    expect(late.locator("td").nth(2)).to_have_text("LATE")  # the registered provider
    expect(late).to_contain_text("amendment (version 2)")
    page.screenshot(path=ARTIFACTS / "timeliness-late-amendment.png", full_page=True)
    late.get_by_role("link", name=BILL).click()
    expect(page.locator("h1")).to_contain_text(BILL)
    page.get_by_role("link", name="case", exact=False).first.click()
    page.get_by_role("button", name="Claim").click()
    with page.expect_response(lambda r: "/decision-reasons" in r.url):
        page.get_by_label("Decision").select_option("do_not_load")
    page.get_by_label("Reason code").select_option("prohibited_goods")
    page.get_by_label("Note", exact=True).fill("informant: weapons among the machine parts")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#case-state")).to_contain_text("do not load")
    page.screenshot(path=ARTIFACTS / "case-do-not-load.png", full_page=True)


def _provider_fetches_and_the_other_cannot(base: str, secrets: dict[str, str]) -> None:
    mine = httpx.get(f"{base}/api/v1/responses", headers=_bearer(secrets["LATE"]), timeout=30)
    (response,) = [r for r in mine.json()["responses"] if r["bill_number"] == BILL]
    assert (response["kind"], response["reason_code"], response["version"]) == (
        "do_not_load",
        "do_not_load",
        2,
    )
    assert "weapons" not in mine.text
    assert "informant" not in mine.text
    url = f"{base}/api/v1/responses/{response['response_id']}"
    cusres = httpx.get(url, params={"format": "cusres"}, headers=_bearer(secrets["LATE"]))
    assert cusres.status_code == 200
    assert b"CUSRES:D:96B:UN" in cusres.content
    assert f"RFF+BM:{BILL}::2'".encode() in cusres.content
    other = httpx.get(url, headers=_bearer(secrets["OTHR"]), timeout=30)
    assert other.status_code == 404
    listed = httpx.get(f"{base}/api/v1/responses", headers=_bearer(secrets["OTHR"]), timeout=30)
    assert listed.json()["responses"] == []


def test_a_late_amendment_to_a_do_not_load_fetched_by_its_filer_only(
    served: tuple[Served, dict[str, str]],
) -> None:
    app, secrets = served
    executable = chromium()
    expect.set_options(timeout=30_000)
    ARTIFACTS.mkdir(exist_ok=True)
    _file_late_amendment(app.base, secrets["LATE"])
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        context = browser.new_context(viewport={"width": 1280, "height": 900})
        context.set_default_timeout(60_000)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(f"{app.base}/login")
        page.fill("input[name=username]", OFFICER)
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        expect(page.locator("header .who")).to_contain_text(OFFICER)
        _officer_sees_it_late_and_decides(page, app.base)
        browser.close()
    assert errors == []
    _provider_fetches_and_the_other_cannot(app.base, secrets)
