"""End to end in a real browser against the real app (see :mod:`tests.web.served`): an officer
logs in, searches a bill, opens the consignment and reads the explained assessment."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cargotarget.store.workbench import highest_scores
from cargotarget.workflow.accounts import set_password
from tests.web.served import ARTIFACTS, chromium, serve_demo

PASSWORD = "browser test password 2026"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The demo served; yields the base URL and the bill of the highest-scored consignment."""
    with serve_demo(tmp_path_factory.mktemp("browser")) as app:
        with app.workspace() as space, space.engine.begin() as conn:
            set_password(conn, "demo-officer", PASSWORD)
            bill = highest_scores(conn, 1)[0].bill_number
        yield app.base, bill


def test_an_officer_finds_a_bill_and_reads_why_it_scored(served: tuple[str, str]) -> None:
    executable = chromium()
    from playwright.sync_api import expect, sync_playwright

    base, bill = served
    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{base}/queue")
        expect(page).to_have_url(f"{base}/login?next=%2Fqueue")
        page.screenshot(path=ARTIFACTS / "login.png")
        page.fill("input[name=username]", "demo-officer")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        expect(page).to_have_url(f"{base}/queue")
        expect(page.locator("main table tbody tr").first).to_contain_text(bill)
        page.screenshot(path=ARTIFACTS / "queue.png", full_page=True)
        page.goto(f"{base}/")
        expect(page.locator("h1")).to_have_text("Dashboard")
        page.screenshot(path=ARTIFACTS / "dashboard.png", full_page=True)
        page.click("nav >> text=Search")
        assert page.evaluate("typeof window.htmx") == "object"  # served locally, allowed by CSP
        page.evaluate("window.fullLoads = (window.fullLoads || 0) + 1")
        page.fill("input[name=bill]", bill)
        page.click("form.filters button")
        expect(page.locator("#results")).to_contain_text("1 consignment(s)")
        expect(page).to_have_url(
            f"{base}/search?bill={bill}&container=&party=&hs=&port=&arrival_from=&arrival_to=&lane="
        )
        assert page.evaluate("window.fullLoads") == 1  # htmx swapped the results in place
        page.screenshot(path=ARTIFACTS / "search.png", full_page=True)
        page.click(f"#results a:text-is('{bill}')")
        expect(page.locator("h1")).to_contain_text(bill)
        assessment = page.locator("#assessment")
        expect(assessment).to_contain_text("lane")
        expect(assessment.locator("tr.hit").first).to_be_visible()
        expect(page.locator("#indicators")).to_contain_text("filed_hours_before_departure")
        page.screenshot(path=ARTIFACTS / "consignment.png", full_page=True)
        browser.close()
    assert errors == []
