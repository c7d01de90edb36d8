"""Schemathesis against the case operations of the OpenAPI document, signed in as someone who
may take every step (officer, supervisor and examiner, through a session with its CSRF token)
on a real case: no generated request gets a 5xx, and every answer is the one documented."""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings

from cargotarget.model.users import Role
from cargotarget.workflow.accounts import register_user, set_password
from cargotarget.workflow.workspace import Workspace
from tests.web.conftest import PASSWORD, Cargo, log_in, new_client
from tests.web.test_openapi import CHECKS

OURS = ("/api/v1/cases", "/api/v1/examinations", "/api/v1/queue")
ROLES = [Role.TARGETING_OFFICER, Role.SUPERVISOR, Role.EXAMINER]


def test_no_generated_case_request_gets_a_server_error(
    app: FastAPI, workspace: Workspace, cargo: Cargo
) -> None:
    with workspace.engine.begin() as conn:
        register_user(conn, "case-fuzzer", ROLES)
        set_password(conn, "case-fuzzer", PASSWORD)
    browser = new_client(app)
    csrf = log_in(browser, "case-fuzzer")
    headers = {"Cookie": f"ct_session={browser.cookies.get('ct_session')}", "X-CSRF-Token": csrf}
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    operations = [
        op
        for op in (result.ok() for result in schema.get_all_operations())
        if op.path.startswith(OURS)
    ]
    assert len(operations) == 9
    failures: list[str] = []
    statuses: list[int] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=25,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: schemathesis.Case) -> None:
            if case.path_parameters and "consignment_id" in case.path_parameters:
                case.path_parameters["consignment_id"] = cargo.consignment_id  # a real case
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            try:
                case.validate_response(response, checks=CHECKS)
            except AssertionError as exc:
                failures.append(f"{case.method} {case.formatted_path}: {exc}"[:800])

        call()
    assert failures == []
    assert len(statuses) >= 9 * 10
    assert {200, 409} <= set(statuses)  # steps taken, and steps the case's status refused
