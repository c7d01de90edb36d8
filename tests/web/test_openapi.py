"""Schemathesis against the app's OpenAPI document: generated requests to every API operation
(with a token that may use them all) never get a 5xx, and every answer is the one documented.
The number of examples is bounded so that the run stays short."""

from __future__ import annotations

import schemathesis
from fastapi import FastAPI
from hypothesis import HealthCheck, given, settings
from schemathesis import checks

from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.web.access import route_permission
from cargotarget.workflow.accounts import register_user
from cargotarget.workflow.workspace import Workspace
from tests.web.conftest import Cargo, token_for

#: No 5xx, and every answer is documented: its status, its content type and its body's schema.
CHECKS = [
    checks.not_a_server_error,
    checks.status_code_conformance,
    checks.content_type_conformance,
    checks.response_schema_conformance,
]


def test_no_generated_request_gets_a_server_error(
    app: FastAPI, workspace: Workspace, cargo: Cargo
) -> None:
    with workspace.engine.begin() as conn:
        register_user(conn, "fuzzer", [Role.TARGETING_OFFICER, Role.DATA_PROVIDER, Role.AUDITOR])
    headers = {"Authorization": f"Bearer {token_for(workspace, 'fuzzer', *TokenScope)}"}
    schema = schemathesis.openapi.from_asgi("/api/openapi.json", app)
    failures: list[str] = []
    statuses: list[int] = []
    operations = [result.ok() for result in schema.get_all_operations()]
    listed = sum(len(methods) for methods in app.openapi()["paths"].values())
    assert len(operations) == listed >= 4  # every operation the document lists is tried

    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=30,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )
        def call(case: schemathesis.Case) -> None:
            response = case.call(headers=headers)
            statuses.append(response.status_code)
            try:
                case.validate_response(response, checks=CHECKS)
            except AssertionError as exc:  # schemathesis reports all failed checks at once
                failures.append(f"{case.method} {case.formatted_path}: {exc}"[:600])

        call()
    assert failures == []
    assert len(statuses) >= 4 * 10
    assert {200, 422} <= set(statuses)  # some requests got through, some were refused


def test_the_document_lists_every_api_route(app: FastAPI) -> None:
    spec = app.openapi()
    listed = {(m.upper(), p) for p, ops in spec["paths"].items() for m in ops}
    routes = {
        (method, route.path)
        for route in app.routes
        if route_permission(route) is not None and route.path.startswith("/api/v1/")
        for method in route.methods
    }
    assert listed == routes
