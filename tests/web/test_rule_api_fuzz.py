"""Schemathesis against the rule and watch-list operations of the OpenAPI document, signed in
as someone who may use them all (an analyst and supervisor, through a session with its CSRF
token): no generated request gets a 5xx, and every answer is the one documented."""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from cargotarget.model.users import Role
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.workspace import Workspace
from tests.web.conftest import PASSWORD, Cargo, log_in, new_client
from tests.web.test_openapi import CHECKS

OURS = ("/api/v1/rules", "/api/v1/watchlist")


def test_no_generated_rule_request_gets_a_server_error(
    app: FastAPI, workspace: Workspace, cargo: Cargo
) -> None:
    with workspace.engine.begin() as conn:
        register_user(conn, "rule-fuzzer", [Role.ANALYST, Role.SUPERVISOR])
        set_password(conn, "rule-fuzzer", PASSWORD)
    browser = new_client(app)
    csrf = log_in(browser, "rule-fuzzer")
    cookie = f"ct_session={browser.cookies.get('ct_session')}"
    headers = {"Cookie": cookie, "X-CSRF-Token": csrf}
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if op.path.startswith(OURS)
    ]
    assert len(operations) == 13
    failures: list[str] = []
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=8 if operation.path.endswith("/backtest") else 20,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            try:
                case.validate_response(response, checks=CHECKS)
            except AssertionError as exc:
                failures.append(f"{case.method} {case.formatted_path}: {exc}"[:800])

        call()
    assert failures == []
    assert {200, 422} <= set(statuses)
