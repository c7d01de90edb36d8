"""What the rules, watch-list and user commands share: the consoles, the workspace, and the one
table that turns a refused step into a message and an exit code.

Exit codes: 1 when the input or the step is refused (a rule that does not parse, a missing
role, a transition that is not allowed); 2 for usage and set-up errors (an unknown user, rule
or list, a database that has not been created).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import NoReturn

import typer
from rich.console import Console
from rich.text import Text

from cargotarget.model.passwords import WeakPassword
from cargotarget.model.problems import Problem
from cargotarget.model.users import InvalidUsername
from cargotarget.settings import Settings
from cargotarget.store.database import SchemaNotReady
from cargotarget.store.users import UserExists
from cargotarget.workflow.permissions import NotAllowed, UnknownUser
from cargotarget.workflow.rule_checks import RuleProblem, RuleRejected
from cargotarget.workflow.rules import InvalidTransition, NoteRequired, UnknownRule
from cargotarget.workflow.tokens import TokenRejected, UnknownToken
from cargotarget.workflow.watchlists import UnknownWatchlist, WatchlistRejected
from cargotarget.workflow.workspace import Workspace, open_workspace

REFUSED = 1
USAGE = 2

out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)

#: Domain errors and the exit code each ends a command with.
EXIT_CODES: dict[type[Exception], int] = {
    UnknownUser: USAGE,
    UnknownRule: USAGE,
    UnknownWatchlist: USAGE,
    UnknownToken: USAGE,
    SchemaNotReady: USAGE,
    InvalidUsername: REFUSED,
    UserExists: REFUSED,
    NotAllowed: REFUSED,
    InvalidTransition: REFUSED,
    NoteRequired: REFUSED,
    WeakPassword: REFUSED,
    TokenRejected: REFUSED,
}


def say(text: str) -> None:
    """Print ``text`` as it is: names and conditions may hold brackets rich would read."""
    out.print(text, markup=False, highlight=False)


def plain(value: object) -> Text:
    """A table cell shown as it is, never read as markup."""
    return Text("" if value is None else str(value))


def fail(message: str, code: int) -> NoReturn:
    err.print(f"error: {message}", markup=False, highlight=False)
    raise typer.Exit(code)


def print_problems(problems: tuple[RuleProblem | Problem, ...]) -> None:
    """Each problem on its line; a condition problem with its line and a caret under it."""
    for problem in problems:
        err.print(str(problem), markup=False, highlight=False)
        excerpt = getattr(problem, "excerpt", None)
        if excerpt:
            for line in excerpt.splitlines():
                err.print(f"    {line}", markup=False, highlight=False)


@contextmanager
def refusals() -> Iterator[None]:
    """Turn the domain errors raised inside into a message on stderr and an exit code."""
    try:
        yield
    except (RuleRejected, WatchlistRejected) as exc:
        print_problems(exc.problems)
        count = len(exc.problems)
        fail(f"refused: {count} problem(s); nothing was changed", REFUSED)
    except tuple(EXIT_CODES) as exc:
        fail(str(exc), next(c for kind, c in EXIT_CODES.items() if isinstance(exc, kind)))


def workspace() -> Workspace:
    """The workspace of the configured database; exits with 2 if it is not ready."""
    with refusals():
        return open_workspace(Settings())
