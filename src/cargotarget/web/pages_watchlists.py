"""The watch-list pages: every list with its pending proposals, one list's entries (paged and
searchable) with its history, and the forms to propose a change and to decide on one (four
eyes: the proposer never approves their own change)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Path, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from cargotarget.model.access import Permission
from cargotarget.web.access import Principal, needs
from cargotarget.web.pages_rules import context_of
from cargotarget.web.rule_errors import REFUSED, status_of
from cargotarget.web.templating import render
from cargotarget.web.watchlist_views import detail, overview
from cargotarget.workflow.watchlist_proposals import (
    MAX_FILE,
    ProposalAction,
    approve_proposal,
    propose,
    reject_proposal,
)
from cargotarget.workflow.watchlists import ListFormat, ListKind, ListSettings, WatchlistRejected

router = APIRouter(include_in_schema=False)
ListName = Annotated[str, Path(min_length=1, max_length=128)]
Line = Annotated[str, Form(max_length=200)]
Note = Annotated[str, Form(max_length=2000)]
KINDS = [k.value for k in ListKind]
FORMATS = [f.value for f in ListFormat]
TOO_LARGE = f"the file is larger than the limit of {MAX_FILE:,} bytes; nothing was kept"


def _overview_page(
    request: Request, principal: Principal, status: int = 200, **shown: object
) -> HTMLResponse:
    with context_of(request).engine.connect() as conn:
        seen = overview(conn)
    values = {"message": "", "problems": [], **shown}
    return render(
        request,
        "watchlists.html",
        principal,
        status,
        view=seen,
        kinds=KINDS,
        formats=FORMATS,
        **values,
    )


@router.get("/watchlists", response_class=HTMLResponse)
def watchlists_page(
    request: Request, principal: Annotated[Principal, needs(Permission.VIEW_RULES)]
) -> HTMLResponse:
    return _overview_page(request, principal)


def _list_page(
    request: Request,
    principal: Principal,
    name: str,
    *,
    search: str = "",
    page: int = 1,
    status: int = 200,
    message: str = "",
    problems: list[str] | None = None,
) -> HTMLResponse:
    if not name.isprintable() or not search.isprintable():
        message = "the list name and the search hold control characters; type them as plain text"
        return render(request, "error.html", principal, 400, title="Bad request", message=message)
    try:
        with context_of(request).engine.connect() as conn:
            shown = detail(conn, name, search=search, page=page)
    except REFUSED as exc:
        return render(
            request, "error.html", principal, status_of(exc), title="Not found", message=str(exc)
        )
    return render(
        request,
        "watchlist.html",
        principal,
        status,
        view=shown,
        formats=FORMATS,
        message=message,
        problems=problems or [],
    )


@router.get("/watchlists/{list_name}", response_class=HTMLResponse)
def watchlist_page(
    request: Request,
    list_name: ListName,
    principal: Annotated[Principal, needs(Permission.VIEW_RULES)],
    q: Annotated[str, Query(max_length=200)] = "",
    page: Annotated[int, Query(ge=1, le=100_000)] = 1,
) -> HTMLResponse:
    return _list_page(request, principal, list_name, search=q, page=page)


class TooLarge(ValueError):
    """An uploaded file past the size limit."""


async def _upload(file: UploadFile | None) -> bytes | None:
    """The uploaded file, refused past the size limit; None when no file was chosen."""
    if file is None or not file.filename:
        return None
    data = await file.read(MAX_FILE + 1)
    if len(data) > MAX_FILE:
        raise TooLarge(TOO_LARGE)
    return data


def _format(value: str, file_name: str) -> ListFormat:
    chosen = value.strip().lower()
    if chosen in FORMATS:
        return ListFormat(chosen)
    return ListFormat.CSV if file_name.lower().endswith(".csv") else ListFormat.FTM


def _refusal(exc: Exception) -> tuple[int, str, list[str]]:
    problems = [str(p) for p in exc.problems] if isinstance(exc, WatchlistRejected) else []
    return status_of(exc), str(exc), problems


@router.post("/watchlists", response_class=HTMLResponse)
async def propose_list_page(
    request: Request,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    list_name: Line = "",
    kind: Line = "intelligence",
    threshold: Annotated[str, Form(max_length=8)] = "88",
    source: Line = "",
    description: Note = "",
    format: Line = "",
    note: Note = "",
    file: UploadFile | None = None,
) -> Response:
    """Propose a new list, with the first edition of its file or empty."""
    try:
        data = await _upload(file)
    except TooLarge:
        return _overview_page(request, principal, 413, message=TOO_LARGE)
    if kind not in KINDS or not threshold.strip().isdigit():
        message = f"kind must be one of {', '.join(KINDS)} and the threshold a whole number"
        return _overview_page(request, principal, 400, message=message)
    for text in (list_name, source, description):
        if not text.replace("\n", " ").isprintable():
            message = "the fields hold control characters; type them as plain text"
            return _overview_page(request, principal, 400, message=message)
    settings = ListSettings(
        kind=ListKind(kind),
        threshold=int(threshold),
        source=source.strip() or None,
        description=description.strip() or None,
    )
    file_name = (file.filename or "") if file is not None else ""
    try:
        with context_of(request).engine.begin() as conn:
            propose(
                conn,
                list_name,
                ProposalAction.CREATE,
                principal.user.username,
                data=data,
                fmt=_format(format, file_name),
                file_name=file_name,
                settings=settings,
                note=note,
            )
    except REFUSED as exc:
        status, message, problems = _refusal(exc)
        return _overview_page(request, principal, status, message=message, problems=problems)
    return RedirectResponse("/watchlists", status_code=303)


@router.post("/watchlists/{list_name}/proposals", response_class=HTMLResponse)
async def propose_change_page(
    request: Request,
    list_name: ListName,
    principal: Annotated[Principal, needs(Permission.EDIT_RULES)],
    action: Line = "import",
    format: Line = "",
    skip_bad: Line = "",
    keep_missing: Line = "",
    note: Note = "",
    file: UploadFile | None = None,
) -> Response:
    """Propose a new edition of the list's file, or retiring the list."""
    try:
        data = await _upload(file)
    except TooLarge:
        return _list_page(request, principal, list_name, status=413, message=TOO_LARGE)
    if action not in (ProposalAction.IMPORT, ProposalAction.RETIRE):
        message = "the change must be an import or retiring the list"
        return _list_page(request, principal, list_name, status=400, message=message)
    file_name = (file.filename or "") if file is not None else ""
    try:
        with context_of(request).engine.begin() as conn:
            propose(
                conn,
                list_name,
                ProposalAction(action),
                principal.user.username,
                data=data,
                fmt=_format(format, file_name),
                file_name=file_name,
                skip_bad=bool(skip_bad),
                retire_missing=not keep_missing,
                note=note,
            )
    except REFUSED as exc:
        status, message, problems = _refusal(exc)
        return _list_page(
            request, principal, list_name, status=status, message=message, problems=problems
        )
    return RedirectResponse(f"/watchlists/{list_name}", status_code=303)


def _decide(
    request: Request, principal: Principal, proposal_id: int, note: str, approve: bool
) -> Response:
    user = principal.user.username
    try:
        with context_of(request).engine.begin() as conn:
            if approve:
                done = approve_proposal(conn, proposal_id, user, note=note)
            else:
                done = reject_proposal(conn, proposal_id, user, note=note)
    except REFUSED as exc:
        status, message, problems = _refusal(exc)
        return _overview_page(request, principal, status, message=message, problems=problems)
    return RedirectResponse(
        f"/watchlists/{done.list_name}" if approve else "/watchlists", status_code=303
    )


@router.post("/watchlist-proposals/{proposal_id}/approve", response_class=HTMLResponse)
def approve_page(
    request: Request,
    proposal_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, needs(Permission.APPROVE_RULES)],
    note: Note = "",
) -> Response:
    return _decide(request, principal, proposal_id, note, approve=True)


@router.post("/watchlist-proposals/{proposal_id}/reject", response_class=HTMLResponse)
def reject_page(
    request: Request,
    proposal_id: Annotated[int, Path(ge=1, le=2**62)],
    principal: Annotated[Principal, needs(Permission.APPROVE_RULES)],
    note: Note = "",
) -> Response:
    return _decide(request, principal, proposal_id, note, approve=False)
