"""The workbench end to end in a real browser (see :mod:`tests.web.served`), one person after
another, each in a browser context of their own: an analyst writes a rule, sees the live check,
backtests it and submits it; a supervisor approves it; an administrator makes a data provider's
API token; the provider files a manifest through the API; the rule's hit is in the work queue; an
officer claims the case, issues a target with a reason and orders a physical examination; an
examiner records a seizure; the rule's performance shows the finding; the auditor finds every
step in the audit trail and has nothing to change it with. Screenshots go to test-artifacts/."""

from __future__ import annotations

import re
from collections.abc import Iterator

import httpx
import msgspec
import pytest
from playwright.sync_api import Browser, Page, expect, sync_playwright

from cargotarget.model.manifest import PortCall, Route
from cargotarget.model.users import Role
from cargotarget.workflow.accounts import register_user, set_password
from tests.factories import consignment, manifest, voyage
from tests.web.served import ARTIFACTS, Served, chromium, serve_demo

PASSWORD = "scenario password 2026 ok"
CODE = "IPR-0042"
BILL = "MBJCANDLE0001"
#: People of the scenario (the demo's accounts, and one administrator of our own).
ANALYST, SUPERVISOR, OFFICER = "demo-analyst", "demo-supervisor", "demo-officer"
EXAMINER, AUDITOR, ADMIN, PROVIDER = (
    "demo-examiner",
    "demo-auditor",
    "admin-scenario",
    "demo-carrier",
)


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Served]:
    with serve_demo(tmp_path_factory.mktemp("scenario")) as app:
        with app.workspace() as space, space.engine.begin() as conn:
            register_user(conn, ADMIN, [Role.ADMINISTRATOR])
            for name in (ANALYST, SUPERVISOR, OFFICER, EXAMINER, AUDITOR, ADMIN):
                set_password(conn, name, PASSWORD)
        yield app


def _sign_in(browser: Browser, base: str, username: str) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.set_default_timeout(60_000)
    page = context.new_page()
    page.goto(f"{base}/login")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("form button[type=submit]")
    expect(page.locator("header .who")).to_contain_text(username)
    return page


def _shot(page: Page, name: str) -> None:
    page.screenshot(path=ARTIFACTS / f"{name}.png", full_page=True)


def _candles() -> bytes:
    """A manifest for Montego Bay (a port the demo never uses) with one bill of candles."""
    ship = msgspec.structs.replace(
        voyage("77W"),
        port_calls=(PortCall(locode="CNSHA"), PortCall(locode="JMMBJ")),
        departure_port="CNSHA",
        arrival_port="JMMBJ",
    )
    bill = consignment(BILL, description="SCENTED CANDLES IN GIFT BOXES", hs="340600")
    bill = msgspec.structs.replace(
        bill, route=Route(port_of_loading="CNSHA", port_of_discharge="JMMBJ", origin_country="CN")
    )
    filing = msgspec.structs.replace(manifest(bill, reference="MAN-CANDLE"), voyage=ship)
    return msgspec.json.encode(filing)


def _analyst_writes_backtests_and_submits(page: Page, base: str) -> None:
    page.click("nav >> text=Rules")
    page.goto(f"{base}/rules/new")
    page.get_by_label("Code").fill(CODE)
    page.get_by_label("Name").fill("Branded candles from a new origin")
    condition = page.get_by_label("Condition")
    condition.fill("description LIKE")
    condition.press("End")  # a key typed: the live check runs
    expect(page.locator("#check")).to_contain_text(re.compile("line 1|column", re.I))
    condition.fill("description LIKE '%SCENTED CANDLES%'")
    condition.press("End")
    expect(page.locator("#check")).to_contain_text(re.compile("valid", re.I))
    _shot(page, "rule-form")
    page.get_by_label("Rationale").fill("Counterfeit branded candles were seized twice in May.")
    page.get_by_label("Threat").select_option("ipr")
    page.get_by_label("Weight").fill("95")
    page.get_by_label("Action").select_option("physical")
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator("h1")).to_contain_text(CODE)
    page.get_by_role("button", name="Run backtest").click()
    expect(page.locator("#backtest")).to_contain_text(re.compile("hits", re.I))
    considered = page.locator("#backtest .figure", has_text="considered").locator("b")
    expect(considered).not_to_have_text("0")  # the demo's last 30 days were read
    _shot(page, "rule-backtest")
    page.get_by_role("button", name="Submit for approval").click()
    expect(page.locator("main")).to_contain_text("pending")
    expect(page.get_by_role("button", name="Approve")).to_have_count(0)  # four eyes


def _supervisor_approves(page: Page, base: str) -> None:
    page.goto(f"{base}/rules/{CODE}")
    page.get_by_role("button", name="Approve").click()
    expect(page.locator("main")).to_contain_text("active")
    _shot(page, "rule-approved")


def _administrator_makes_a_token(page: Page, base: str) -> str:
    page.click("nav >> text=Tokens")
    page.get_by_label("Owner").last.select_option(PROVIDER)
    page.get_by_label("Label").fill("carrier filing system")
    page.locator("input[name=scopes][value=submit]").check()
    page.locator("input[name=scopes][value=read_own_receipts]").check()
    page.get_by_role("button", name="Create token").click()
    secret = page.locator("#secret").inner_text().strip()
    assert secret.startswith("ct_")
    return secret


def _officer_targets(page: Page, base: str) -> None:
    page.goto(f"{base}/queue?port=JMMBJ")
    row = page.locator("main table tbody tr", has_text=BILL)
    expect(row).to_contain_text("red")
    _shot(page, "queue-rule-hit")
    row.get_by_role("button", name="Claim").click()
    page.goto(f"{base}/queue?port=JMMBJ")
    page.locator("main table tbody tr", has_text=BILL).get_by_role("link", name=BILL).click()
    expect(page.locator("h1")).to_contain_text(BILL)
    expect(page.locator("#assessment")).to_contain_text(CODE)
    page.get_by_role("link", name=re.compile("case", re.I)).first.click()
    with page.expect_response(re.compile(r"/decision-reasons\?")):  # the kind's reason codes
        page.get_by_label("Decision").select_option("issue_target")
    page.get_by_label("Reason code").select_option("rule_hit")
    page.get_by_role("button", name="Record decision").click()
    expect(page.locator("#case-state")).to_contain_text("issue target")
    page.get_by_label("Examination type").select_option("physical_full")
    page.get_by_role("button", name="Order examination").click()
    expect(page.locator("main")).to_contain_text("examination ordered")
    _shot(page, "case")


def _examiner_records_a_seizure(page: Page, base: str) -> None:
    page.click("nav >> text=Examinations")
    _shot(page, "examinations")
    page.get_by_role("link", name=BILL).click()
    form = page.locator("#result-form")
    form.locator("select[name=result]").select_option("seizure")
    form.get_by_label("Commodity").fill("counterfeit branded candles")
    form.locator("input[name=quantity]").fill("1200")
    form.locator("input[name=unit]").fill("cartons")
    form.get_by_label("Estimated value").fill("18000")
    page.get_by_role("button", name="Record result").click()
    expect(page.locator("main")).to_contain_text("seizure")


def _analyst_sees_the_finding(page: Page, base: str) -> None:
    page.goto(f"{base}/rules/{CODE}")
    cells = page.locator("main table").first.locator("tbody tr").first.locator("td")
    for column, figure in enumerate(("1", "1", "1", "100.0 %")):  # hits, examined, findings
        expect(cells.nth(column)).to_have_text(figure)
    _shot(page, "rule-performance")


def _auditor_sees_everything(page: Page, base: str) -> None:
    page.click("nav >> text=Audit trail")
    trail = page.locator("main table")
    for seen in (CODE, ADMIN, PROVIDER, OFFICER, EXAMINER, ANALYST, SUPERVISOR):
        expect(trail).to_contain_text(seen)
    _shot(page, "audit")
    for path in ("/audit", f"/rules/{CODE}", "/queue", "/admin/users"):
        page.goto(f"{base}{path}")
        changing = page.locator("main form[method=post]")
        expect(changing).to_have_count(0)


def test_the_workbench_from_rule_to_seizure(served: Served) -> None:
    executable = chromium()
    expect.set_options(timeout=30_000)  # a loaded machine (CI runs two workers) is slow
    base = served.base
    ARTIFACTS.mkdir(exist_ok=True)
    errors: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        people: dict[str, Page] = {}
        for name in (ANALYST, SUPERVISOR, ADMIN, OFFICER, EXAMINER, AUDITOR):
            people[name] = _sign_in(browser, base, name)
            people[name].on("pageerror", lambda error: errors.append(str(error)))
        _analyst_writes_backtests_and_submits(people[ANALYST], base)
        _supervisor_approves(people[SUPERVISOR], base)
        secret = _administrator_makes_a_token(people[ADMIN], base)
        answer = httpx.post(
            f"{base}/api/v1/messages",
            content=_candles(),
            headers={"Authorization": f"Bearer {secret}"},
            timeout=30,
        )
        assert answer.status_code == 200, answer.text
        _officer_targets(people[OFFICER], base)
        _examiner_records_a_seizure(people[EXAMINER], base)
        _analyst_sees_the_finding(people[ANALYST], base)
        _auditor_sees_everything(people[AUDITOR], base)
        browser.close()
    assert errors == []
