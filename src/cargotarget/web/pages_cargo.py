"""The workbench pages: dashboard, search, consignment and work queue."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse

from cargotarget.model.access import Permission
from cargotarget.store.workbench import WORK_LANES, work_queue
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.forms import BadFilter, SearchForm, criteria_of, lane_of, port_of
from cargotarget.web.templating import render
from cargotarget.workflow.workbench import audited_search, consignment_detail, dashboard

router = APIRouter(include_in_schema=False)
Text = Annotated[str, Query(max_length=200)]


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


@router.get("/", response_class=HTMLResponse)
def dashboard_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_DASHBOARD)],
    port: Text = "",
) -> HTMLResponse:
    try:
        at_port = port_of(port)
    except BadFilter as exc:
        return render(request, "error.html", principal, 400, title="Bad filter", message=str(exc))
    context = _context(request)
    lanes = context.lane_counts(at_port)
    with context.engine.connect() as conn:
        board = dashboard(conn, datetime.now(UTC), at_port, lanes)
    return render(request, "dashboard.html", principal, board=board, port=at_port or "")


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
        criteria = criteria_of(form)
    except BadFilter as exc:
        return render(request, template, principal, 400, form=form, results=None, message=str(exc))
    with _context(request).engine.begin() as conn:
        results = audited_search(conn, criteria, principal.actor)
    return render(request, template, principal, form=form, results=results, message=None)


@router.get("/consignments/{consignment_id}", response_class=HTMLResponse)
def consignment_page(
    request: Request,
    consignment_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
) -> HTMLResponse:
    with _context(request).engine.begin() as conn:
        detail = consignment_detail(conn, consignment_id, principal.actor)
    if detail is None:
        message = f"no consignment with id {consignment_id}"
        return render(request, "error.html", principal, 404, title="Not found", message=message)
    return render(request, "consignment.html", principal, detail=detail)


@router.get("/queue", response_class=HTMLResponse)
def queue_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_QUEUE)],
    lane: Text = "",
    port: Text = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    try:
        lanes = [chosen] if (chosen := lane_of(lane)) else list(WORK_LANES)
        at_port = port_of(port)
    except BadFilter as exc:
        return render(request, "error.html", principal, 400, title="Bad filter", message=str(exc))
    size = 50
    context = _context(request)
    counts = context.lane_counts(at_port)
    with context.engine.connect() as conn:
        items = work_queue(conn, lanes, at_port, limit=size, offset=(page - 1) * size)
    return render(
        request,
        "queue.html",
        principal,
        items=items,
        counts=counts,
        lane=lane.strip().lower(),
        port=at_port or "",
        page=page,
        size=size,
    )
