"""The timeliness page: coverage and timeliness of the data per provider and port over a
period, with charts drawn as SVG on the server, the figures in tables, and the latest late
filings and amendments after the deadline."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse

from cargotarget.model.access import Permission
from cargotarget.reports.timeliness_report import report_charts
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.templating import render
from cargotarget.workflow.timeliness import (
    BadRequest,
    Filters,
    filing_rule,
    read_timeliness,
    window_of,
)

router = APIRouter(include_in_schema=False)
Field = Annotated[str | None, Query(max_length=64)]


@router.get("/timeliness", response_class=HTMLResponse)
def timeliness_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_TIMELINESS)],
    start: Field = None,
    end: Field = None,
    port: Field = None,
    provider: Field = None,
) -> HTMLResponse:
    """The figures of the period (by default the last 30 days) at ``port`` from
    ``provider``; a filter that does not validate is shown with its problems."""
    context: WebContext = request.app.state.context
    now = datetime.now(UTC)
    chosen = Filters(start=start, end=end, port=port, provider=provider)
    try:
        window = window_of(chosen, ports=principal.user.ports, now=now)
    except BadRequest as exc:
        return render(
            request, "timeliness.html", principal, 400, report=None, charts=[],
            problems=exc.problems, chosen=chosen,
        )  # fmt: skip
    rule = filing_rule(context.settings)
    with context.engine.connect() as conn:
        report = read_timeliness(conn, rule, window, now=now)
    return render(
        request, "timeliness.html", principal, report=report, charts=report_charts(report),
        problems=[], chosen=chosen,
    )  # fmt: skip
