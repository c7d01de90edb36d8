"""Whatever is typed into the search and queue filters, the pages answer with the page or a
readable refusal, never a server error (generated inputs, on both databases)."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.web.conftest import Cargo, log_in

FIELDS = ("bill", "container", "party", "hs", "port", "arrival_from", "arrival_to", "lane")
text = st.text(max_size=30) | st.sampled_from(["red", "JMKIN", "2026-03-14", "0803", "%", "_"])


def test_search_and_queue_never_fail_on_odd_input(
    app: FastAPI, officer_name: str, cargo: Cargo
) -> None:
    client = TestClient(app, raise_server_exceptions=False)
    log_in(client, officer_name)
    statuses: list[int] = []

    @given(query=st.dictionaries(st.sampled_from(FIELDS), text, max_size=4))
    @settings(
        max_examples=60, deadline=None, database=None, suppress_health_check=list(HealthCheck)
    )
    def search(query: dict[str, str]) -> None:
        page = client.get("/search", params=query)
        statuses.append(page.status_code)
        assert page.status_code in (200, 400), (query, page.text[-300:])
        queue = client.get(
            "/queue", params={k: v for k, v in query.items() if k in ("lane", "port")}
        )
        assert queue.status_code in (200, 400), (query, queue.text[-300:])

    search()
    assert {200, 400} <= set(statuses)
