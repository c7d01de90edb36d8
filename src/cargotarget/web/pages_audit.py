"""The audit trail viewer: events newest first with filters, and the check of the chain.

Read-only: nothing on these pages changes anything (the auditor reads, never acts).
"""

from __future__ import annotations

from typing import Annotated, Any
from urllib.parse import urlencode

import msgspec
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from cargotarget.model.access import Permission
from cargotarget.model.audit import AuditAction
from cargotarget.web.access import Principal, needs
from cargotarget.web.admin_forms import action_of, day_of, end_of, start_of, text_of
from cargotarget.web.context import WebContext
from cargotarget.web.forms import BadFilter
from cargotarget.web.templating import render
from cargotarget.workflow.audit import AuditFilter, audit_page, verify_chain

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=200)]
PAGE_SIZE = 50


class AuditForm(msgspec.Struct, kw_only=True):
    """The filter fields as typed (kept to fill the form again and to page on)."""

    actor: str = ""
    action: str = ""
    subject_kind: str = ""
    subject_id: str = ""
    since: str = ""
    until: str = ""
    text: str = ""

    def query(self, before: int | None = None) -> str:
        """The query string of this filter (and of the page before ``before``)."""
        fields = {k: v for k, v in msgspec.structs.asdict(self).items() if v}
        if before is not None:
            fields["before"] = str(before)
        return urlencode(fields)


def filter_of(form: AuditForm, before: int | None, limit: int = PAGE_SIZE) -> AuditFilter:
    """The audit filter of ``form``; raises :class:`BadFilter` with the reason."""
    since, until = day_of(form.since, "from"), day_of(form.until, "to")
    if since is not None and until is not None and until < since:
        raise BadFilter("the day 'to' comes before the day 'from'")
    actor = text_of(form.actor, "actor", 128)
    return AuditFilter(
        actor=None if actor is None else actor.lower(),  # user names are kept in lower case
        action=action_of(form.action),
        subject_kind=text_of(form.subject_kind, "subject kind", 32),
        subject_id=text_of(form.subject_id, "subject id", 256),
        since=start_of(since),
        until=end_of(until),
        text=text_of(form.text, "detail text"),
        before=before,
        limit=limit,
    )


@router.get("/audit", response_class=HTMLResponse)
def audit_trail_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_AUDIT)],
    actor: Text = "",
    action: Text = "",
    subject_kind: Text = "",
    subject_id: Text = "",
    since: Text = "",
    until: Text = "",
    text: Text = "",
    before: Annotated[int | None, Query(ge=1, le=2**62)] = None,
) -> HTMLResponse:
    form = AuditForm(
        actor=actor,
        action=action,
        subject_kind=subject_kind,
        subject_id=subject_id,
        since=since,
        until=until,
        text=text,
    )
    values: dict[str, Any] = {
        "form": form,
        "actions": [a.value for a in AuditAction],
        "before": before,
    }
    try:
        wanted = filter_of(form, before)
    except BadFilter as exc:
        return render(request, "audit.html", principal, 400, page=None, message=str(exc), **values)
    context: WebContext = request.app.state.context
    with context.engine.connect() as conn:
        page = audit_page(conn, wanted)
    return render(request, "audit.html", principal, page=page, message=None, **values)


@router.get("/audit/verify", response_class=HTMLResponse)
def audit_verify_page(
    request: Request, principal: Annotated[Principal, needs(Permission.VIEW_AUDIT)]
) -> HTMLResponse:
    context: WebContext = request.app.state.context
    with context.engine.connect() as conn:
        report = verify_chain(conn)
    return render(request, "audit_verify.html", principal, report=report)
