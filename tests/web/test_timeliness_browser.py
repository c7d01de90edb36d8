"""The timeliness page in a real browser (see :mod:`tests.web.served`): the charts are drawn,
with bars of some size, and nothing is refused by the Content-Security-Policy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cargotarget.workflow.accounts import set_password
from tests.web.served import ARTIFACTS, chromium, serve_demo

PASSWORD = "timeliness browser password 2026"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve_demo(tmp_path_factory.mktemp("timeliness"), consignments=120) as app:
        with app.workspace() as space, space.engine.begin() as conn:
            set_password(conn, "demo-officer", PASSWORD)
        yield app.base


def test_the_charts_are_drawn(served: str) -> None:
    executable = chromium()
    from playwright.sync_api import expect, sync_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable)
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.goto(f"{served}/login?next=%2Ftimeliness")
        page.fill("input[name=username]", "demo-officer")
        page.fill("input[name=password]", PASSWORD)
        page.click("form button[type=submit]")
        expect(page).to_have_url(f"{served}/timeliness")
        charts = page.locator("svg.timeliness-chart")
        expect(charts).to_have_count(3)
        for index in range(3):
            box = charts.nth(index).bounding_box()
            assert box is not None
            assert box["width"] > 300
            assert box["height"] > 10
        histogram = charts.nth(1).locator("rect")
        heights = [float(histogram.nth(i).get_attribute("height") or 0) for i in range(8)]
        assert max(heights) > 0  # the demo's filings fall in some bin
        expect(page.locator("#provider-figures tbody tr").first).to_be_visible()
        page.screenshot(path=ARTIFACTS / "timeliness.png", full_page=True)
        browser.close()
    assert errors == []
