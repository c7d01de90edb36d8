"""The case pages: one case with its timeline and the forms of the steps the reader may take
now, its panel on the consignment page, the reason codes of a decision, and the examiner's
list of examinations awaiting a result.

A step is a form POST with the CSRF field; it answers with a redirect (303) back to the case,
or with the case page again showing why it was refused (every problem of the form next to
it, what was typed kept) with the status of :mod:`cargotarget.web.case_errors`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Annotated

from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.model.cases import (
    REASON_CODES,
    CaseStep,
    DecisionKind,
    DiscrepancyType,
    ExaminationType,
    ResultKind,
)
from cargotarget.web.access import Principal, needs
from cargotarget.web.case_errors import REFUSED, Refusal
from cargotarget.web.case_forms import (
    assignment_of,
    decision_of,
    examination_of,
    note_of,
    result_of,
    typed_values,
)
from cargotarget.web.context import WebContext
from cargotarget.web.forms import BadFilter, port_of, printable
from cargotarget.web.templating import render
from cargotarget.workflow import cases
from cargotarget.workflow.case_views import (
    case_view,
    examinations_for,
    officers_for,
    record_case_view,
)

router = APIRouter(include_in_schema=False)
CaseId = Annotated[int, Path(ge=1, le=2**62)]
Text = Annotated[str, Query(max_length=200)]
Step = Callable[[Connection, str, int, Mapping[str, str]], object]


def _context(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def _case_page(
    request: Request,
    principal: Principal,
    consignment_id: int,
    status: int = 200,
    failed: Refusal | None = None,
    step: str = "",
    typed: Mapping[str, str] | None = None,
    template: str = "case.html",
) -> HTMLResponse:
    """The case page (or panel), with a refused step's message and the form as typed."""
    try:
        with _context(request).engine.connect() as conn:
            view = case_view(conn, consignment_id, principal.user)
            officers = (
                officers_for(conn, view.port_of_discharge) if CaseStep.ASSIGN in view.steps else []
            )
    except REFUSED as exc:
        refused = failed or Refusal(exc)
        title, message = refused.title, refused.message
        return render(
            request, "error.html", principal, refused.status, title=title, message=message
        )
    kinds = [k.value for k in DecisionKind]
    chosen = (typed or {}).get("kind", "") if step == "decide" else ""
    return render(
        request,
        template,
        principal,
        status,
        view=view,
        officers=officers,
        failed=failed,
        step=step,
        typed=typed or {},
        kinds=kinds,
        chosen_kind=chosen if chosen in kinds else kinds[0],
        reason_codes={k.value: list(v) for k, v in REASON_CODES.items()},
        examinations=[e.value for e in ExaminationType],
        results=[r.value for r in ResultKind],
        discrepancies=[d.value for d in DiscrepancyType],
    )


async def _act(
    request: Request, principal: Principal, consignment_id: int, name: str, step: Step
) -> Response:
    form = typed_values(await request.form())
    engine = _context(request).engine
    username = principal.user.username

    def run() -> None:
        with engine.begin() as conn:
            step(conn, username, consignment_id, form)

    try:
        await run_in_threadpool(run)
    except REFUSED as exc:
        refused = Refusal(exc)
        page = await run_in_threadpool(
            _case_page, request, principal, consignment_id, refused.status, refused, name, form
        )
        return page
    return RedirectResponse(f"/cases/{consignment_id}", status_code=303)


@router.get("/cases/{consignment_id}", response_class=HTMLResponse)
def case_page(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
) -> HTMLResponse:
    page = _case_page(request, principal, consignment_id)
    if page.status_code == 200:
        with _context(request).writing() as conn:
            record_case_view(conn, principal.actor, consignment_id)
    return page


@router.get("/cases/{consignment_id}/panel", response_class=HTMLResponse)
def case_panel(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.VIEW_CONSIGNMENT)],
) -> HTMLResponse:
    """The case in short, for the consignment page."""
    return _case_page(request, principal, consignment_id, template="case_panel.html")


@router.get("/decision-reasons", response_class=HTMLResponse)
def decision_reasons(
    request: Request,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
    kind: Text = "",
) -> HTMLResponse:
    """The reason-code field for a decision of ``kind`` (htmx swaps it in when the decision
    changes)."""
    try:
        codes = list(REASON_CODES[DecisionKind(kind.strip())])
    except ValueError:
        codes = []
    status = 200 if codes else 400
    return render(request, "case_reasons.html", principal, status, codes=codes, chosen="")


@router.post("/cases/{consignment_id}/claim", response_class=HTMLResponse)
async def claim_case(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    def step(conn: Connection, user: str, cid: int, _form: Mapping[str, str]) -> object:
        return cases.claim(conn, cid, user)

    return await _act(request, principal, consignment_id, "claim", step)


@router.post("/cases/{consignment_id}/assign", response_class=HTMLResponse)
async def assign_case(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.ASSIGN_CASES)],
) -> Response:
    def step(conn: Connection, user: str, cid: int, form: Mapping[str, str]) -> object:
        assignee, note = assignment_of(form)
        return cases.assign(conn, cid, user, assignee, note)

    return await _act(request, principal, consignment_id, "assign", step)


@router.post("/cases/{consignment_id}/decide", response_class=HTMLResponse)
async def decide_case(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    def step(conn: Connection, user: str, cid: int, form: Mapping[str, str]) -> object:
        return cases.decide(conn, cid, user, decision_of(form))

    return await _act(request, principal, consignment_id, "decide", step)


@router.post("/cases/{consignment_id}/examination", response_class=HTMLResponse)
async def order_examination(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    def step(conn: Connection, user: str, cid: int, form: Mapping[str, str]) -> object:
        examination, note = examination_of(form)
        return cases.order_examination(conn, cid, user, examination, note)

    return await _act(request, principal, consignment_id, "examination", step)


@router.post("/cases/{consignment_id}/result", response_class=HTMLResponse)
async def record_result(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.RECORD_RESULTS)],
) -> Response:
    def step(conn: Connection, user: str, cid: int, form: Mapping[str, str]) -> object:
        return cases.record_result(conn, cid, user, result_of(form))

    return await _act(request, principal, consignment_id, "result", step)


@router.post("/cases/{consignment_id}/close", response_class=HTMLResponse)
async def close_case(
    request: Request,
    consignment_id: CaseId,
    principal: Annotated[Principal, needs(Permission.WORK_CASES)],
) -> Response:
    def step(conn: Connection, user: str, cid: int, form: Mapping[str, str]) -> object:
        return cases.close(conn, cid, user, note_of(form))

    return await _act(request, principal, consignment_id, "close", step)


@router.get("/examinations", response_class=HTMLResponse)
def examinations_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_EXAMINATIONS)],
    port: Text = "",
    type: Text = "",
    page: Annotated[int, Query(ge=1, le=10_000)] = 1,
) -> HTMLResponse:
    """The examinations awaiting a result at the reader's ports, the longest waiting first."""
    size = 50
    try:
        at_port = port_of(port)
        chosen = printable(type, "type").strip().lower()
        examination = ExaminationType(chosen) if chosen else None
    except (BadFilter, ValueError) as exc:
        message = str(exc) if isinstance(exc, BadFilter) else f"no examination type {type!r}"
        return render(request, "error.html", principal, 400, title="Bad filter", message=message)
    try:
        with _context(request).engine.connect() as conn:
            orders = examinations_for(
                conn, principal.user, at_port, examination, limit=size, offset=(page - 1) * size
            )
    except REFUSED as exc:
        refused = Refusal(exc)
        title, message = refused.title, refused.message
        return render(
            request, "error.html", principal, refused.status, title=title, message=message
        )
    return render(
        request,
        "examinations.html",
        principal,
        orders=orders,
        port=at_port or "",
        type=examination.value if examination else "",
        types=[e.value for e in ExaminationType],
        page=page,
        size=size,
    )
