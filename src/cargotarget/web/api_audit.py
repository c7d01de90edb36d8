"""The audit trail through the API: the same filters and keyset pages as the viewer.

Only a signed-in auditor reads it (no token scope grants the permission): the trail says who
looked at what, which is for the auditors' eyes.
"""

from __future__ import annotations

from typing import Annotated

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from cargotarget.model.access import Permission
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.forms import BadFilter
from cargotarget.web.pages_audit import AuditForm, filter_of
from cargotarget.web.schemas import INVALID, inline_schema, refusal
from cargotarget.workflow.audit import AuditPage, audit_page

router = APIRouter(prefix="/api/v1", tags=["audit"])
Text = Annotated[str, Query(max_length=200)]


_PAGE = {
    "description": "events newest first; 'older' is the 'before' of the next page, or null",
    "content": {"application/json": {"schema": inline_schema(AuditPage)}},
}


@router.get(
    "/audit",
    summary="A page of the audit trail",
    responses={
        200: _PAGE,
        400: refusal("a filter that cannot be used (a bad day, an unknown action, ...)"),
        401: refusal("not signed in"),
        403: refusal("the caller may not read the audit trail"),
        422: INVALID,
    },
)
def read_audit(
    request: Request,
    _auditor: Annotated[Principal, needs(Permission.VIEW_AUDIT)],
    actor: Annotated[str, Query(max_length=200, description="user name, system, token:ID")] = "",
    action: Annotated[str, Query(max_length=200, description="login, search, ...")] = "",
    subject_kind: Text = "",
    subject_id: Text = "",
    since: Annotated[str, Query(max_length=200, description="first day, YYYY-MM-DD")] = "",
    until: Annotated[str, Query(max_length=200, description="last day, YYYY-MM-DD")] = "",
    text: Annotated[str, Query(max_length=200, description="text the detail holds")] = "",
    before: Annotated[int | None, Query(ge=1, le=2**62, description="older than id")] = None,
    limit: Annotated[int, Query(ge=1, le=500)] = 100,
) -> Response:
    """The newest events that match every filter given, newest first. Page on with
    ``before`` set to the answer's ``older``."""
    form = AuditForm(
        actor=actor,
        action=action,
        subject_kind=subject_kind,
        subject_id=subject_id,
        since=since,
        until=until,
        text=text,
    )
    try:
        wanted = filter_of(form, before, limit)
    except BadFilter as exc:
        raise ApiError(400, str(exc)) from exc
    context: WebContext = request.app.state.context
    with context.engine.connect() as conn:
        page = audit_page(conn, wanted)
    return Response(msgspec.json.encode(page), media_type="application/json")
