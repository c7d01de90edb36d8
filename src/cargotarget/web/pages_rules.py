"""The rule pages: every rule with its performance, one rule's versions and history, and the
form to write a rule with its condition checked live as the analyst types."""

from __future__ import annotations

from typing import Annotated, Any, TypeVar

from fastapi import APIRouter, Form, Path, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cargotarget.model.access import Permission
from cargotarget.model.rules import RuleAction, RuleStatus, ThreatCategory
from cargotarget.risk.language import RuleSyntaxError, parse_condition
from cargotarget.store.rules import versions
from cargotarget.web.access import Principal, needs
from cargotarget.web.context import WebContext
from cargotarget.web.rule_errors import REFUSED, problems_of, status_of
from cargotarget.web.rule_forms import (
    MAX_LINE,
    MAX_TEXT,
    RuleInput,
    ScopeInput,
    content_of,
    input_of,
    split_list,
    text_problems,
)
from cargotarget.web.rule_views import rule_detail, rule_rows
from cargotarget.web.templating import render
from cargotarget.workflow.rule_checks import RuleProblem, RuleRejected, condition_problem
from cargotarget.workflow.rules import UnknownRule, save_rule

router = APIRouter(include_in_schema=False)
_E = TypeVar("_E", RuleStatus, ThreatCategory)
Code = Annotated[str, Path(min_length=1, max_length=64)]
Line = Annotated[str, Form(max_length=MAX_LINE)]
Long = Annotated[str, Form(max_length=MAX_TEXT)]
CHOICES: dict[str, Any] = {
    "threats": [t.value for t in ThreatCategory],
    "actions": [a.value for a in RuleAction],
    "statuses": [s.value for s in RuleStatus],
}


def context_of(request: Request) -> WebContext:
    context: WebContext = request.app.state.context
    return context


def _choice(kind: type[_E], value: str) -> _E | None:
    try:
        return kind(value.strip().lower()) if value.strip() else None
    except ValueError:
        return None


@router.get("/rules", response_class=HTMLResponse)
def rules_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_RULES)],
    status: Annotated[str, Query(max_length=32)] = "",
    threat: Annotated[str, Query(max_length=32)] = "",
) -> HTMLResponse:
    wanted_status, wanted_threat = _choice(RuleStatus, status), _choice(ThreatCategory, threat)
    if (status.strip() and wanted_status is None) or (threat.strip() and wanted_threat is None):
        message = "status and threat must be one of those listed in the filter"
        return render(request, "error.html", principal, 400, title="Bad filter", message=message)
    with context_of(request).engine.connect() as conn:
        rows = rule_rows(
            conn,
            status=wanted_status,
            threat=None if wanted_threat is None else wanted_threat.value,
        )
    return render(
        request,
        "rules.html",
        principal,
        rows=rows,
        status=status.strip().lower(),
        threat=threat.strip().lower(),
        **CHOICES,
    )


def form_page(
    request: Request,
    principal: Principal,
    rule: RuleInput,
    problems: list[RuleProblem] | tuple[RuleProblem, ...] = (),
    status: int = 200,
) -> HTMLResponse:
    return render(
        request, "rule_form.html", principal, status, rule=rule, problems=problems, **CHOICES
    )


@router.get("/rules/new", response_class=HTMLResponse)
def new_rule_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    copy: Annotated[str, Query(max_length=64, description="a rule to write a new version of")] = "",
) -> HTMLResponse:
    rule = RuleInput(code="", name="", condition="", rationale="", threat="other", weight=10.0)
    if copy.strip():
        with context_of(request).engine.connect() as conn:
            found = versions(conn, copy.strip().upper()) if copy.isprintable() else []
        if not found:
            message = f"no rule with code {copy[:64]!r}"
            return render(request, "error.html", principal, 404, title="Not found", message=message)
        rule = input_of(found[-1])
    return form_page(request, principal, rule)


def check_problems(condition: str, request: Request) -> list[RuleProblem]:
    """What is wrong with ``condition`` alone, each condition problem with its position."""
    problems = text_problems({"condition": condition})
    if problems:
        return problems
    try:
        parse_condition(condition.strip(), context_of(request).workspace.catalogue)
    except RuleSyntaxError as error:
        return [condition_problem(error)]
    return []


@router.post("/rules/check", response_class=HTMLResponse)
def check_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    condition: Annotated[str, Form(max_length=MAX_TEXT * 2)] = "",
) -> HTMLResponse:
    """The live check: a fragment saying "valid" or listing each problem with its place."""
    problems = check_problems(condition, request) if condition.strip() else []
    return render(
        request, "rule_check.html", principal, problems=problems, empty=not condition.strip()
    )


@router.post("/rules", response_class=HTMLResponse)
def save_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    code: Line = "",
    name: Line = "",
    condition: Long = "",
    rationale: Long = "",
    threat: Line = "",
    weight: Line = "",
    action: Line = "target",
    flows: Line = "",
    modes: Line = "",
    ports_of_discharge: Annotated[str, Form(max_length=2000)] = "",
    ports_of_loading: Annotated[str, Form(max_length=2000)] = "",
    valid_from: Line = "",
    valid_to: Line = "",
    owner: Line = "",
    note: Long = "",
) -> Response:
    """Save the form as a draft version; the form comes back with every problem otherwise."""
    problems: list[RuleProblem] = []
    try:
        number = float(weight.strip())
    except ValueError:
        number = 0.0
        problems.append(RuleProblem(message="must be a number such as 25", field="weight"))
    rule = RuleInput(
        code=code,
        name=name,
        condition=condition,
        rationale=rationale,
        threat=threat,
        weight=number,
        action=action,
        scope=ScopeInput(
            flows=split_list(flows),
            modes=split_list(modes),
            ports_of_discharge=split_list(ports_of_discharge),
            ports_of_loading=split_list(ports_of_loading),
        ),
        valid_from=valid_from,
        valid_to=valid_to,
        owner=owner,
        note=note,
    )
    content, found = content_of(rule)
    problems += found
    if content is None or problems:
        return form_page(request, principal, rule, problems, 422)
    context = context_of(request)
    try:
        with context.engine.begin() as conn:
            saved = save_rule(
                conn,
                content,
                principal.user.username,
                catalogue=context.workspace.catalogue,
                note=note.strip() or None,
            )
    except RuleRejected as exc:
        return form_page(request, principal, rule, exc.problems, 422)
    except REFUSED as exc:
        return render(
            request, "error.html", principal, status_of(exc), title="Refused", message=str(exc)
        )
    return RedirectResponse(f"/rules/{saved.version.code}", status_code=303)


def rule_page(
    request: Request,
    principal: Principal,
    code: str,
    *,
    status: int = 200,
    message: str = "",
    problems: list[str] | None = None,
    report: object = None,
) -> HTMLResponse:
    """The page of rule ``code``, with a message (a refused step) or a backtest report."""
    try:
        with context_of(request).engine.connect() as conn:
            detail = rule_detail(conn, code, principal)
    except UnknownRule as exc:
        return render(request, "error.html", principal, 404, title="Not found", message=str(exc))
    return render(
        request,
        "rule.html",
        principal,
        status,
        detail=detail,
        message=message,
        problems=problems or [],
        report=report,
    )


@router.get("/rules/{code}", response_class=HTMLResponse)
def rule_view(
    request: Request,
    code: Code,
    principal: Annotated[Principal, needs(Permission.VIEW_RULES)],
) -> HTMLResponse:
    if not code.isprintable():
        return render(
            request,
            "error.html",
            principal,
            400,
            title="Bad code",
            message="the rule code holds control characters",
        )
    return rule_page(request, principal, code)


__all__ = ["REFUSED", "context_of", "problems_of", "router"]
