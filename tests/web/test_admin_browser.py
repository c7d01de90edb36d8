"""End to end in a real browser (see :mod:`tests.web.served`): the administrator makes an
officer scoped to Kingston and a token for a carrier and revokes it; the new officer signs in;
the auditor finds the administrator's changes in the audit trail and checks its chain. No page
breaks the content security policy (a violation is a console error)."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest

from cargotarget.workflow.accounts import set_password
from tests.web.served import ARTIFACTS, chromium, serve_demo

PASSWORD = "browser admin password 2026"
NEW_PASSWORD = "kingston wharf lantern 88"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_demo(tmp_path_factory.mktemp("admin-browser"), consignments=40) as app:
        with app.workspace() as space, space.engine.begin() as conn:
            set_password(conn, "demo-admin", PASSWORD)
            set_password(conn, "demo-auditor", PASSWORD)
        yield app.base


def test_administrator_and_auditor_at_work(served: str) -> None:
    executable = chromium()
    from playwright.sync_api import Page, expect, sync_playwright

    base = served
    ARTIFACTS.mkdir(exist_ok=True)

    def log_in(page: Page, name: str, password: str = PASSWORD) -> None:
        page.goto(f"{base}/login")
        page.fill("input[name=username]", name)
        page.fill("input[name=password]", password)
        page.click("form button[type=submit]")
        expect(page).to_have_url(f"{base}/")

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        errors: list[str] = []

        def new_page() -> Page:
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda error: errors.append(str(error)))
            page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
            return page

        admin = new_page()
        log_in(admin, "demo-admin")
        admin.click("nav >> text=Users")
        expect(admin.locator("h1")).to_have_text("Users")
        admin.get_by_label("User name").fill("kin-officer")
        admin.get_by_label("Display name").fill("Kim <b>Kingston</b>")
        admin.locator("input[name=roles][value=targeting_officer]").check()
        admin.get_by_label("Ports").fill("JMKIN")
        admin.get_by_label("Initial password").fill(NEW_PASSWORD)
        admin.get_by_role("button", name="Create user").click()
        expect(admin).to_have_url(f"{base}/admin/users/kin-officer")
        expect(admin.locator("dl.facts")).to_contain_text("Kim <b>Kingston</b>")
        expect(admin.locator("dl.facts")).to_contain_text("JMKIN")
        admin.screenshot(path=ARTIFACTS / "admin-user.png", full_page=True)

        admin.click("nav >> text=Tokens")
        admin.select_option("select[name=owner]", "demo-carrier")
        admin.locator("input[name=scopes][value=submit]").check()
        admin.get_by_label("Label").fill("carrier gateway")
        admin.get_by_role("button", name="Create token").click()
        secret = admin.locator("#secret").inner_text()
        assert secret.startswith("ct_")
        admin.screenshot(path=ARTIFACTS / "admin-token-created.png", full_page=True)
        headers = {"Authorization": f"Bearer {secret}"}
        assert httpx.get(f"{base}/api/v1/receipts/1", headers=headers).status_code != 401
        admin.click("text=Back to the tokens")
        row = admin.locator("#tokens tr", has_text="carrier gateway")
        row.get_by_role("button", name="Revoke").click()
        expect(admin.locator("#tokens tr", has_text="carrier gateway")).to_contain_text("revoked")
        assert httpx.get(f"{base}/api/v1/receipts/1", headers=headers).status_code == 401
        admin.screenshot(path=ARTIFACTS / "admin-tokens.png", full_page=True)

        officer = new_page()
        log_in(officer, "kin-officer", NEW_PASSWORD)
        expect(officer.locator("header .who")).to_contain_text("Kim <b>Kingston</b>")

        auditor = new_page()
        log_in(auditor, "demo-auditor")
        auditor.click("nav >> text=Audit trail")
        auditor.get_by_label("Actor").fill("demo-admin")
        auditor.get_by_role("button", name="Filter").click()
        expect(auditor.locator("#events")).to_contain_text("user_change")
        expect(auditor.locator("#events")).to_contain_text("token_change")
        auditor.screenshot(path=ARTIFACTS / "audit.png", full_page=True)
        auditor.click("text=Check the chain")
        expect(auditor.locator("#chain-state")).to_contain_text("intact")
        browser.close()
    assert errors == []
