"""The timeliness page: figures, charts and the late-filing list of a known history."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from cargotarget.model.users import Role
from cargotarget.workflow.workspace import Workspace
from tests.reports.timeliness_data import build_history
from tests.web.conftest import XSS, Account, log_in


def _row(html: str, table: str, key: str) -> str:
    section = html.split(f'id="{table}"', 1)[1].split("</table>", 1)[0]
    found = re.search(rf'<tr data-key="{re.escape(key)}">(.*?)</tr>', section, re.S)
    assert found is not None, f"no row {key} in {table}"
    return found.group(1)


def test_page_shows_figures_charts_and_late_filings(
    client: TestClient, workspace: Workspace, account: Account
) -> None:
    build_history(workspace)
    log_in(client, account(Role.TARGETING_OFFICER))
    page = client.get("/timeliness")
    assert page.status_code == 200, page.text
    html = page.text
    maeu = _row(html, "provider-figures", "MAEU")
    assert "60.0 %" in maeu
    assert "3 of 5" in maeu
    fwdr = _row(html, "provider-figures", "FWDR")
    assert "100.0 %" in fwdr
    assert "1 of 1" in fwdr
    # Three server-drawn charts; the on-time chart has a bar per provider, MAEU at 60 %.
    assert html.count('<svg class="timeliness-chart"') == 3
    assert "<title>MAEU: 60%</title>" in html
    assert "<title>FWDR: 100%</title>" in html
    assert "<script>" not in html.split("<main>", 1)[1]
    # The late amendment and the late filings are listed with their deadlines.
    late = re.findall(r'<tr class="late-filing" data-bill="([^"]+)" data-kind="([^"]+)">', html)
    assert sorted(late) == [("MAEUS2", "amendment"), ("MAEUS2", "filing"), ("MAEUS3", "filing")]
    assert 'data-bill="MAEUM2"' in html.split('id="masters"', 1)[1]
    assert "14.0 h" in html.split('id="late"', 1)[1]


def test_filters_narrow_and_bad_filters_are_explained(
    client: TestClient, workspace: Workspace, account: Account
) -> None:
    build_history(workspace)
    log_in(client, account(Role.ANALYST))
    only = client.get("/timeliness", params={"provider": "FWDR"})
    assert only.status_code == 200
    assert 'data-key="FWDR"' in only.text
    assert 'data-key="MAEU"' not in only.text
    assert 'data-bill="MAEUS2"' not in only.text
    for params, problem in [
        ({"start": "2026-13-01"}, "start: not a date"),
        ({"start": "2026-03-02", "end": "2026-03-01"}, "start: must be before end"),
        ({"port": "ZZZZZ"}, "port:"),
        ({"start": "2020-01-01", "end": "2026-01-01"}, "at most 367 days"),
    ]:
        answer = client.get("/timeliness", params=params)
        assert answer.status_code == 400, params
        assert problem in answer.text, params
    hostile = client.get("/timeliness", params={"provider": XSS})
    assert "<script>alert(1)" not in hostile.text
    assert client.get("/timeliness", params={"port": "J" * 65}).status_code == 400


def test_examiner_and_provider_may_not_see_the_page(client: TestClient, account: Account) -> None:
    log_in(client, account(Role.EXAMINER))
    assert client.get("/timeliness").status_code == 403
