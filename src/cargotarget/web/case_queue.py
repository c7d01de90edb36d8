"""Reading the work queue's filters (lane, port, threat, which cases) for the queue page and
the API, and its lane sizes at the ports the reader works."""

from __future__ import annotations

import msgspec
from fastapi import Request
from fastapi.responses import HTMLResponse, Response

from cargotarget.model.rules import ThreatCategory
from cargotarget.model.users import User
from cargotarget.store.work_queue import WORK_LANES, CaseFilter, QueueQuery
from cargotarget.web.access import Principal
from cargotarget.web.case_schemas import WorkQueuePage
from cargotarget.web.context import WebContext
from cargotarget.web.errors import ApiError
from cargotarget.web.forms import BadFilter, lane_of, port_of, printable
from cargotarget.web.templating import render
from cargotarget.workflow.case_views import work_items
from cargotarget.workflow.permissions import NotAllowed

THREATS = tuple(threat.value for threat in ThreatCategory)
CASE_FILTERS = tuple(kind.value for kind in CaseFilter)
#: The queue's filters as typed: lane, port, threat and which cases.
QueueFilters = tuple[str, str, str, str]


def queue_query(
    lane: str, port: str, threat: str, cases: str, *, limit: int, offset: int
) -> tuple[QueueQuery, str | None]:
    """The query the filters ask for, and the port chosen; raises :class:`BadFilter`."""
    chosen = lane_of(lane)
    at_port = port_of(port)
    wanted = printable(threat, "threat").strip().lower()
    if wanted and wanted not in THREATS:
        raise BadFilter(f"threat must be one of {', '.join(THREATS)}, not {threat!r}")
    which = printable(cases, "cases").strip().lower() or CaseFilter.ALL.value
    if which not in CASE_FILTERS:
        raise BadFilter(f"cases must be one of {', '.join(CASE_FILTERS)}, not {cases!r}")
    query = QueueQuery(
        lanes=(chosen,) if chosen else WORK_LANES,
        threat=wanted or None,
        cases=CaseFilter(which),
        limit=limit,
        offset=offset,
    )
    return query, at_port


def lane_sizes(context: WebContext, user: User, port: str | None) -> dict[str, int]:
    """Queue sizes by lane at ``port``, or at every port ``user`` works (each port's figures
    are counted at most every 15 seconds and added up)."""
    if port is not None or user.ports is None:
        return context.lane_counts(port)
    total: dict[str, int] = {}
    for each in sorted(user.ports):
        for lane, count in context.lane_counts(each).items():
            total[lane] = total.get(lane, 0) + count
    return total


def queue_page(
    request: Request,
    principal: Principal,
    filters: QueueFilters,
    page: int,
) -> HTMLResponse:
    """The queue page: a page of 50 rows with their cases, the lane sizes and the filters."""
    size = 50
    context: WebContext = request.app.state.context
    try:
        query, at_port = queue_query(*filters, limit=size, offset=(page - 1) * size)
        with context.engine.connect() as conn:
            items = work_items(conn, principal.user, at_port, query)
    except BadFilter as exc:
        return render(request, "error.html", principal, 400, title="Bad filter", message=str(exc))
    except NotAllowed as exc:
        return render(
            request, "error.html", principal, 403, title="Not your port", message=str(exc)
        )
    lane = filters[0]
    return render(
        request,
        "queue.html",
        principal,
        items=items,
        counts=lane_sizes(context, principal.user, at_port),
        lane=lane.strip().lower(),
        port=at_port or "",
        threat=query.threat or "",
        cases=query.cases.value,
        threats=THREATS,
        page=page,
        size=size,
    )


def queue_answer(
    request: Request, principal: Principal, filters: QueueFilters, limit: int, offset: int
) -> Response:
    """The API's queue page: 400 for a bad filter, 403 for a port the caller does not work."""
    context: WebContext = request.app.state.context
    try:
        query, at_port = queue_query(*filters, limit=limit, offset=offset)
        with context.engine.connect() as conn:
            items = work_items(conn, principal.user, at_port, query)
    except BadFilter as exc:
        raise ApiError(400, str(exc)) from exc
    except NotAllowed as exc:
        raise ApiError(403, str(exc)) from exc
    page = WorkQueuePage(items=items, limit=limit, offset=offset)
    return Response(msgspec.json.encode(page), media_type="application/json")
