"""The watch-list API: the lists with their pending proposals, proposing a change (the file
as text in the body), and approving or rejecting a proposal (four eyes)."""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from fastapi import APIRouter, Path, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from cargotarget.model.access import Permission
from cargotarget.store.watchlist_proposals import Proposal
from cargotarget.web.access import Principal, needs
from cargotarget.web.errors import ApiError
from cargotarget.web.pages_rules import context_of
from cargotarget.web.rule_bodies import read_json
from cargotarget.web.rule_errors import REFUSED, json_refusal
from cargotarget.web.rule_schemas import DENIED, FileRefusal, refused
from cargotarget.web.schemas import Refusal, body, reply
from cargotarget.web.watchlist_views import WatchlistOverview, overview
from cargotarget.workflow.watchlist_proposals import (
    MAX_FILE,
    ProposalAction,
    approve_proposal,
    propose,
    reject_proposal,
)
from cargotarget.workflow.watchlists import ListFormat, ListKind, ListSettings

router = APIRouter(prefix="/api/v1", tags=["watch lists"])
ListName = Annotated[str, Path(min_length=1, max_length=128)]
ProposalId = Annotated[int, Path(ge=1, le=2**62)]


class ProposalInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """A proposed change: ``import`` a new edition of the list's file (``content``, the CSV or
    FollowTheMoney JSON-lines text), ``create`` the list (with settings, and optionally its
    first file) or ``retire`` it."""

    action: ProposalAction
    content: str = ""
    format: ListFormat = ListFormat.CSV
    file_name: str = ""
    kind: ListKind = ListKind.INTELLIGENCE
    threshold: int = 88
    source: str = ""
    description: str = ""
    skip_bad: bool = False
    keep_missing: bool = False
    note: str = ""


class DecisionInput(msgspec.Struct, kw_only=True, forbid_unknown_fields=True):
    """The note of a decision (a rejection needs one)."""

    note: str = ""


def _json(value: object, status: int = 200) -> Response:
    return Response(msgspec.json.encode(value), status_code=status, media_type="application/json")


WRITE: dict[int | str, dict[str, Any]] = {
    **DENIED,
    404: refused("no such watch list or proposal"),
    409: refused("the proposal was already decided"),
    413: refused("the body is too large"),
    422: reply(FileRefusal, Refusal, description="the file's problems, or a body not taken"),
}


@router.get(
    "/watchlists",
    summary="Every watch list and the proposals waiting for a decision",
    responses={200: reply(WatchlistOverview, description="lists and pending proposals")},
)
def list_watchlists(
    request: Request, principal: Annotated[Principal, needs(Permission.VIEW_RULES)]
) -> Response:
    with context_of(request).engine.connect() as conn:
        return _json(overview(conn))


def _plain(*values: str) -> None:
    for value in values:
        if not value.replace("\n", " ").isprintable():
            raise ApiError(400, "file name, source, description and note must be plain text")


def _propose(request: Request, principal: Principal, name: str, given: ProposalInput) -> Response:
    _plain(name, given.file_name, given.source, given.description, given.note)
    settings = ListSettings(
        kind=given.kind,
        threshold=given.threshold,
        source=given.source.strip()[:200] or None,
        description=given.description.strip()[:2000] or None,
    )
    try:
        with context_of(request).engine.begin() as conn:
            made = propose(
                conn,
                name,
                given.action,
                principal.user.username,
                data=given.content.encode() or None,
                fmt=given.format,
                file_name=given.file_name,
                settings=settings,
                skip_bad=given.skip_bad,
                retire_missing=not given.keep_missing,
                note=given.note,
            )
    except REFUSED as exc:
        return json_refusal(exc)
    return _json(made, 201)


@router.post(
    "/watchlists/{list_name}/proposals",
    summary="Propose a change to a watch list",
    openapi_extra=body(ProposalInput, "the change, with the file as text"),
    responses={
        201: reply(Proposal, description="the proposal, waiting for a second person"),
        400: refused("control characters in the text fields"),
        **WRITE,
    },
)
async def propose_change(
    request: Request,
    list_name: ListName,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
) -> Response:
    given = await read_json(request, ProposalInput, limit=2 * MAX_FILE)
    return await run_in_threadpool(_propose, request, principal, list_name, given)


def _decide(
    request: Request, principal: Principal, proposal_id: int, note: str, ok: bool
) -> Response:
    user = principal.user.username
    try:
        with context_of(request).engine.begin() as conn:
            if ok:
                done = approve_proposal(conn, proposal_id, user, note=note)
            else:
                done = reject_proposal(conn, proposal_id, user, note=note)
    except REFUSED as exc:
        return json_refusal(exc)
    return _json(done)


_DECIDED = {
    200: reply(Proposal, description="the proposal with its decision"),
    400: refused("a rejection without a reason"),
    **WRITE,
}
_NOTE = body(DecisionInput, "a note; a rejection's reason")


@router.post(
    "/watchlist-proposals/{proposal_id}/approve",
    summary="Approve and apply a proposal (not one's own)",
    openapi_extra=_NOTE,
    responses=_DECIDED,
)
async def approve_change(
    request: Request,
    proposal_id: ProposalId,
    principal: Annotated[Principal, needs(Permission.APPROVE_RULES)],
) -> Response:
    given = await read_json(request, DecisionInput)
    return await run_in_threadpool(_decide, request, principal, proposal_id, given.note, True)


@router.post(
    "/watchlist-proposals/{proposal_id}/reject",
    summary="Reject a proposal with a reason",
    openapi_extra=_NOTE,
    responses=_DECIDED,
)
async def reject_change(
    request: Request,
    proposal_id: ProposalId,
    principal: Annotated[Principal, needs(Permission.APPROVE_RULES)],
) -> Response:
    given = await read_json(request, DecisionInput)
    return await run_in_threadpool(_decide, request, principal, proposal_id, given.note, False)
