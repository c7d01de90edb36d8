"""The steps taken from a rule's page: submit, approve, reject, retire, and a backtest.

Each step goes through the rule workflow, which enforces four eyes and the allowed moves; a
refused step shows the rule's page again with the reason."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated

from fastapi import APIRouter, Form, Path, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from sqlalchemy import Connection

from cargotarget.model.access import Permission
from cargotarget.web.access import Principal, needs
from cargotarget.web.pages_rules import context_of, rule_page
from cargotarget.web.rule_errors import REFUSED, problems_of, status_of
from cargotarget.web.rule_forms import MAX_TEXT
from cargotarget.web.templating import render
from cargotarget.workflow.backtest import backtest
from cargotarget.workflow.candidates import stored_candidate
from cargotarget.workflow.rules import approve, reject, retire, submit

router = APIRouter(include_in_schema=False)
Code = Annotated[str, Path(min_length=1, max_length=64)]
Note = Annotated[str, Form(max_length=MAX_TEXT)]
MAX_DAYS = 3660


class BadNote(ValueError):
    """A note that is not plain text."""


def _note(note: str) -> str | None:
    plain = note.replace("\n", " ").replace("\r", " ").replace("\t", " ")
    if not plain.isprintable():
        raise BadNote("the note holds control characters; type it as plain text")
    return note.strip() or None


def _step(
    request: Request,
    principal: Principal,
    code: str,
    note: str,
    act: Callable[[Connection, str | None], object],
) -> Response:
    if not code.isprintable():
        message = "the rule code holds control characters"
        return render(request, "error.html", principal, 400, title="Bad code", message=message)
    try:
        text = _note(note)
        with context_of(request).engine.begin() as conn:
            act(conn, text)
    except BadNote as exc:
        return rule_page(request, principal, code, status=400, message=str(exc))
    except REFUSED as exc:
        status, problems = status_of(exc), problems_of(exc)
        return rule_page(
            request, principal, code, status=status, message=str(exc), problems=problems
        )
    return RedirectResponse(f"/rules/{code.strip().upper()}", status_code=303)


@router.post("/rules/{code}/submit", response_class=HTMLResponse)
def submit_page(
    request: Request,
    code: Code,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    note: Note = "",
) -> Response:
    user = principal.user.username
    return _step(request, principal, code, note, lambda c, n: submit(c, code, user, note=n))


@router.post("/rules/{code}/approve", response_class=HTMLResponse)
def approve_page(
    request: Request,
    code: Code,
    principal: Annotated[Principal, needs(Permission.APPROVE_RULES)],
    note: Note = "",
) -> Response:
    user = principal.user.username
    return _step(request, principal, code, note, lambda c, n: approve(c, code, user, note=n))


@router.post("/rules/{code}/reject", response_class=HTMLResponse)
def reject_page(
    request: Request,
    code: Code,
    principal: Annotated[Principal, needs(Permission.APPROVE_RULES)],
    note: Note = "",
) -> Response:
    user = principal.user.username
    return _step(request, principal, code, note, lambda c, n: reject(c, code, user, note=n or ""))


@router.post("/rules/{code}/retire", response_class=HTMLResponse)
def retire_page(
    request: Request,
    code: Code,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    note: Note = "",
) -> Response:
    user = principal.user.username
    return _step(request, principal, code, note, lambda c, n: retire(c, code, user, note=n))


@router.post("/rules/{code}/backtest", response_class=HTMLResponse)
def backtest_page(
    request: Request,
    code: Code,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    days: Annotated[str, Form(max_length=16)] = "30",
) -> HTMLResponse:
    """Run the rule's latest version over the cargo of the last ``days`` days."""
    if not code.isprintable():
        message = "the rule code holds control characters"
        return render(request, "error.html", principal, 400, title="Bad code", message=message)
    number = int(days.strip()) if days.strip().isdigit() else 0
    if not 1 <= number <= MAX_DAYS:
        message = f"days must be a whole number from 1 to {MAX_DAYS}, not {days[:16]!r}"
        return rule_page(request, principal, code, status=400, message=message)
    context = context_of(request)
    catalogue = context.workspace.catalogue
    try:
        with context.engine.connect() as conn:
            candidate = stored_candidate(conn, code, catalogue)
        report = backtest(context.engine, catalogue, candidate, days=number)
    except REFUSED as exc:
        status, problems = status_of(exc), problems_of(exc)
        return rule_page(
            request, principal, code, status=status, message=str(exc), problems=problems
        )
    if request.headers.get("hx-request") == "true":
        return render(request, "rule_backtest.html", principal, report=report)
    return rule_page(request, principal, code, report=report)
