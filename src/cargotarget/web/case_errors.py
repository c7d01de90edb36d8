"""How the refusals of a case step are answered: the one table that gives the workflow's
domain errors their HTTP status and a title for the page."""

from __future__ import annotations

from sqlalchemy.exc import IntegrityError

from cargotarget.web.case_forms import CaseFormError
from cargotarget.workflow.cases import (
    InvalidResult,
    InvalidTransition,
    NotAllowed,
    ReasonRequired,
    UnknownCase,
    UnknownUser,
)

#: Domain error -> (status, title); the first that matches answers.
TABLE: tuple[tuple[type[Exception], int, str], ...] = (
    (UnknownCase, 404, "No such case"),
    (NotAllowed, 403, "Not allowed"),
    (InvalidTransition, 409, "Not possible now"),
    (IntegrityError, 409, "Changed meanwhile"),
    (ReasonRequired, 400, "A reason is needed"),
    (InvalidResult, 400, "The result is incomplete"),
    (CaseFormError, 400, "The form is incomplete"),
    (UnknownUser, 400, "No such user"),
)

#: The errors a case step may be refused with (for ``except``).
REFUSED = tuple(kind for kind, _, _ in TABLE)


class Refusal:
    """A refused case step as the client is told: status, title, message, problems."""

    def __init__(self, exc: Exception) -> None:
        status, title = next((s, t) for kind, s, t in TABLE if isinstance(exc, kind))
        self.status, self.title = status, title
        if isinstance(exc, IntegrityError):
            self.message = "someone else changed the case at the same time: reload it"
        else:
            self.message = str(exc)
        self.problems: tuple[str, ...] = getattr(exc, "problems", ())
