"""The rule API: read rules with their performance, check a condition, save a draft, and the
steps of the four-eyes lifecycle, and a backtest. The same permissions as the pages."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.model.rules import RuleStatus, RuleVersion, ThreatCategory
from cargotarget.web.access import Principal, needs
from cargotarget.web.errors import ApiError
from cargotarget.web.pages_rules import check_problems, context_of
from cargotarget.web.rule_bodies import read_json
from cargotarget.web.rule_errors import REFUSED, json_refusal
from cargotarget.web.rule_forms import ConditionInput, RuleInput, content_of
from cargotarget.web.rule_schemas import DENIED, RuleRefusal, refused
from cargotarget.web.rule_views import RuleDetail, RuleRow, rule_detail, rule_rows
from cargotarget.web.schemas import INVALID, Refusal, body, reply
from cargotarget.workflow.rule_checks import RuleProblem
from cargotarget.workflow.rules import save_rule

router = APIRouter(prefix="/api/v1", tags=["rules"])
Code = Annotated[str, Path(min_length=1, max_length=64, pattern=r"^[A-Za-z0-9._-]+$")]


class RuleList(msgspec.Struct, frozen=True, kw_only=True):
    rules: list[RuleRow]


class Checked(msgspec.Struct, frozen=True, kw_only=True):
    """The check of a condition: ``valid``, or each problem with its line and column."""

    valid: bool
    problems: list[RuleProblem]


class Saved(msgspec.Struct, frozen=True, kw_only=True):
    """The version saved (or, with ``changed`` false, the version that already says it)."""

    version: RuleVersion
    changed: bool


class StepInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A step's note (a rejection needs one) and, optionally, the version it is for."""

    note: str = ""
    version: int | None = None


class BacktestInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    days: int = 30


def _json(value: object, status: int = 200) -> Response:
    return Response(msgspec.json.encode(value), status_code=status, media_type="application/json")


READ: dict[int | str, dict[str, Any]] = {
    **DENIED,
    404: refused("no rule with that code"),
    422: INVALID,
}


@router.get(
    "/rules",
    summary="Every rule with its performance",
    responses={
        200: reply(RuleList, description="each rule's latest version and figures"),
        400: refused("a bad filter"),
        422: INVALID,
    },
)
def list_rules(
    request: Request,
    principal: Annotated[Principal, needs(Permission.VIEW_RULES)],
    status: Annotated[str, Query(max_length=32, description="draft, pending_approval, ...")] = "",
    threat: Annotated[str, Query(max_length=32, description="narcotics, weapons, ...")] = "",
) -> Response:
    """Every rule (its latest version, the version in force) with its performance over all
    versions, filtered by the status of the latest version and by threat."""
    try:
        wanted = RuleStatus(status) if status else None
        threat_of = ThreatCategory(threat).value if threat else None
    except ValueError:
        raise ApiError(400, "status or threat is not one of the known values") from None
    with context_of(request).engine.connect() as conn:
        rows = rule_rows(conn, status=wanted, threat=threat_of)
    return _json(RuleList(rules=rows))


@router.get(
    "/rules/{code}",
    summary="A rule: versions, history, performance",
    responses={200: reply(RuleDetail, description="the rule in full"), **READ},
)
def read_rule(
    request: Request, code: Code, principal: Annotated[Principal, needs(Permission.VIEW_RULES)]
) -> Response:
    try:
        with context_of(request).engine.connect() as conn:
            return _json(rule_detail(conn, code, principal))
    except REFUSED as exc:
        return json_refusal(exc)


@router.post(
    "/rules/check",
    summary="Check a condition",
    openapi_extra=body(ConditionInput, "the condition to check"),
    responses={
        200: reply(Checked, description="valid, or each problem with its position"),
        **DENIED,
        413: refused("too large"),
        422: refused("not a condition body, or an invalid parameter"),
    },
)
async def check_rule(
    request: Request, principal: Annotated[Principal, needs(Permission.EDIT_RULES)]
) -> Response:
    given = await read_json(request, ConditionInput)
    problems = check_problems(given.condition, request)
    return _json(Checked(valid=not problems, problems=problems))


def _save(request: Request, principal: Principal, rule: RuleInput) -> Response:
    content, problems = content_of(rule)
    if content is None:
        detail = f"{problems[0]}" + (
            f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        )
        return _json(RuleRefusal(detail=detail, problems=problems), 422)
    context = context_of(request)
    try:
        with context.engine.begin() as conn:
            saved = save_rule(
                conn,
                content,
                principal.user.username,
                catalogue=context.workspace.catalogue,
                note=rule.note.strip() or None,
            )
    except REFUSED as exc:
        return json_refusal(exc)
    return _json(Saved(version=saved.version, changed=saved.changed), 201 if saved.changed else 200)


WRITE: dict[int | str, dict[str, Any]] = {
    **DENIED,
    404: refused("no rule with that code"),
    409: refused("the version is not in a status that allows the step"),
    413: refused("the body is too large"),
    422: reply(
        RuleRefusal, Refusal, description="the rule's problems, or a body this call does not take"
    ),
}


@router.post(
    "/rules",
    summary="Save a rule as a draft version",
    openapi_extra=body(RuleInput, "the rule as written"),
    responses={
        201: reply(Saved, description="the new draft version"),
        200: reply(Saved, description="nothing new"),
        **WRITE,
    },
)
async def save_draft(
    request: Request, principal: Annotated[Principal, needs(Permission.EDIT_RULES)]
) -> Response:
    rule = await read_json(request, RuleInput)
    return await run_in_threadpool(_save, request, principal, rule)


__all__ = ["WRITE", "BacktestInput", "StepInput", "router"]
