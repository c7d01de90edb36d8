"""The workbench pages: dashboard, search, consignment and work queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from cargotarget.model.access import Permission
from cargotarget.store.party_history import party_records
from cargotarget.store.queries import search
from cargotarget.web import case_queue
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.forms import (
    BadFilter,
    OutsidePorts,
    SearchForm,
    criteria_of,
    port_of,
    scope_of,
)
from cargotarget.web.templating import render
from cargotarget.workflow.workbench import dashboard, read_consignment, record_search, record_view

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=200)]


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def _refused(request: Request, principal: Principal, exc: BadFilter) -> HTMLResponse:
    """A filter refused: 403 for a port outside the user's, 400 for a malformed one."""
    if isinstance(exc, OutsidePorts):
        return render(
            request, "error.html", principal, 403, title="Not your port", message=str(exc)
        )
    return render(request, "error.html", principal, 400, title="Bad filter", message=str(exc))


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_DASHBOARD)],
    port: Text = "",
) -> HTMLResponse:
    try:
        at_port = port_of(port)
        scope = scope_of(principal.user.ports, at_port)
    except BadFilter as exc:
        return _refused(request, principal, exc)
    context = _context(request)
    lanes = context.lane_counts(scope)
    with context.engine.connect() as conn:
        board = dashboard(conn, datetime.now(UTC), scope, lanes)
    return render(
        request,
        "dashboard.html",
        principal,
        board=board,
        port=at_port or "",
        ports=sorted(principal.user.ports) if principal.user.ports is not None else None,
    )


@router.get("/search", response_class=HTMLResponse)
def search_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.SEARCH)],
    bill: Text = "",
    container: Text = "",
    party: Text = "",
    hs: Text = "",
    port: Text = "",
    arrival_from: Text = "",
    arrival_to: Text = "",
    lane: Text = "",
) -> HTMLResponse:
    form = SearchForm(
        bill=bill,
        container=container,
        party=party,
        hs=hs,
        port=port,
        arrival_from=arrival_from,
        arrival_to=arrival_to,
        lane=lane,
    )
    partial = request.headers.get("hx-request") == "true"
    template = "search_results.html" if partial else "search.html"
    if form.empty:
        return render(request, template, principal, form=form, results=None, message=None)
    try:
        criteria = criteria_of(form, ports=principal.user.ports)
    except BadFilter as exc:
        status = 403 if isinstance(exc, OutsidePorts) else 400
        return render(
            request, template, principal, status, form=form, results=None, message=str(exc)
        )
    context = _context(request)
    with context.engine.connect() as conn:
        results = search(conn, criteria)
    with context.writing() as conn:
        record_search(conn, criteria, principal.actor, len(results))
    return render(request, template, principal, form=form, results=results, message=None)


@router.get("/consignments/{consignment_id}", response_class=HTMLResponse)
def consignment_page(
    request: Request,
    consignment_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
) -> HTMLResponse:
    context = _context(request)
    ports = principal.user.ports
    with context.engine.connect() as conn:
        # A consignment at a port the user does not see is answered as if it did not exist.
        detail = read_consignment(conn, consignment_id, ports)
        parties = [] if detail is None else party_records(conn, consignment_id, ports)
    if detail is None:
        message = f"no consignment with id {consignment_id}"
        return render(request, "error.html", principal, 404, title="Not found", message=message)
    with context.writing() as conn:
        record_view(conn, principal.actor, detail)
    return render(request, "consignment.html", principal, detail=detail, parties=parties)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_QUEUE)],
    lane: Text = "",
    port: Text = "",
    threat: Text = "",
    cases: Text = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """The queue with each case's status and assignee, at the ports the user works; filters
    by lane, port, threat and cases (all, open, mine). A port outside the user's is 403."""
    return case_queue.queue_page(request, principal, (lane, port, threat, cases), page)
