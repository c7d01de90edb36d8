"""End to end in a real browser (Playwright driving Debian's chromium) against the real app
served by uvicorn: an officer logs in, searches a bill, opens the consignment and reads the
explained assessment. Screenshots of the main pages go to ``test-artifacts/``.

Without chromium the test is skipped (the summary says why), except under ``CI=true`` or
``CARGOTARGET_REQUIRE_BROWSER=1``, where it fails: CI must run it.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from cargotarget.settings import Settings
from cargotarget.store.workbench import highest_scores
from cargotarget.workflow.accounts import set_password
from cargotarget.workflow.workspace import open_workspace

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts"
REQUIRE_BROWSER = (
    os.environ.get("CI") == "true" or os.environ.get("CARGOTARGET_REQUIRE_BROWSER") == "1"
)
PASSWORD = "browser test password 2026"


def _chromium() -> str:
    found = shutil.which("chromium") or shutil.which("chromium-browser")
    if found is None:
        reason = "no chromium on this machine: install Debian's chromium package"
        if REQUIRE_BROWSER:
            pytest.fail(reason)
        pytest.skip(reason)
    return found


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


def _cli() -> list[str]:
    """The installed ``cargotarget`` command beside this interpreter."""
    return [str(Path(sys.executable).with_name("cargotarget"))]


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, str]]:
    """The demo loaded and assessed, and the app served on a free loopback port; yields the
    base URL and the bill of the highest-scored consignment."""
    home = tmp_path_factory.mktemp("browser")
    env = {
        **os.environ,
        "CARGOTARGET_DATABASE_URL": f"sqlite:///{home / 'cargotarget.db'}",
        "CARGOTARGET_ARCHIVE_DIR": str(home / "archive"),
    }
    demo = [*_cli(), "demo", "--consignments", "300", "--out", str(home / "demo")]
    subprocess.run(demo, env=env, check=True, capture_output=True, timeout=300)
    space = open_workspace(Settings(database_url=env["CARGOTARGET_DATABASE_URL"]))
    with space.engine.begin() as conn:
        set_password(conn, "demo-officer", PASSWORD)
        bill = highest_scores(conn, 1)[0].bill_number
    space.engine.dispose()
    port = _free_port()
    server = subprocess.Popen(
        [*_cli(), "serve", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                if httpx.get(f"{base}/login", timeout=1).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.1)
        else:
            pytest.fail("the app did not start within 10 s")
        yield base, bill
    finally:
        server.terminate()
        server.wait(timeout=10)


def test_an_officer_finds_a_bill_and_reads_why_it_scored(served: tuple[str, str]) -> None:
    executable = _chromium()
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
