"""How refusals of the rule and watch-list workflow are answered: each domain error gets its
status here (the workflow knows nothing of HTTP)."""

from __future__ import annotations

import msgspec
from fastapi.responses import Response

from cargotarget.web.rule_schemas import FileRefusal, RuleRefusal
from cargotarget.web.schemas import Refusal
from cargotarget.workflow.permissions import NotAllowed, UnknownUser
from cargotarget.workflow.rules import InvalidTransition, NoteRequired, RuleRejected, UnknownRule
from cargotarget.workflow.watchlist_proposals import ProposalClosed, UnknownProposal
from cargotarget.workflow.watchlists import UnknownWatchlist, WatchlistRejected

#: The domain errors of this part of the app and their statuses.
REFUSALS: tuple[tuple[type[Exception], int], ...] = (
    (UnknownRule, 404),
    (UnknownWatchlist, 404),
    (UnknownProposal, 404),
    (NotAllowed, 403),
    (UnknownUser, 403),
    (InvalidTransition, 409),
    (ProposalClosed, 409),
    (NoteRequired, 400),
    (RuleRejected, 422),
    (WatchlistRejected, 422),
)
REFUSED = tuple(kind for kind, _ in REFUSALS)


def status_of(exc: Exception) -> int:
    return next(status for kind, status in REFUSALS if isinstance(exc, kind))


def problems_of(exc: Exception) -> list[str]:
    """Each problem of a refused rule or file as a line of text."""
    if isinstance(exc, RuleRejected | WatchlistRejected):
        return [str(p) for p in exc.problems]
    return []


def json_refusal(exc: Exception) -> Response:
    """The API's answer to a refused step."""
    value: object
    if isinstance(exc, RuleRejected):
        value = RuleRefusal(detail=str(exc), problems=list(exc.problems))
    elif isinstance(exc, WatchlistRejected):
        value = FileRefusal(detail=str(exc), problems=list(exc.problems))
    else:
        value = Refusal(detail=str(exc))
    return Response(
        msgspec.json.encode(value), status_code=status_of(exc), media_type="application/json"
    )
