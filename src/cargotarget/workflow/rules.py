"""The life of a rule: saving versions, submitting, approving (four eyes), rejecting, retiring.

Analysts and supervisors write rules; every version is checked against the rule language before
it is saved and is never changed afterwards. A version goes live only when a supervisor who did
not write it approves it; approving retires the version it replaces. Saving a new version
withdraws an older one still open (draft or pending approval), so a supervisor never approves
words the author has since changed. Every step is recorded with who, when and why.

Each function works inside the caller's transaction (``with engine.begin() as conn``) and
raises a plain domain error when the step is refused.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, datetime

import msgspec
from sqlalchemy import Connection

from cargotarget.model.rules import (
    OPEN_STATUSES,
    TRANSITIONS,
    RuleContent,
    RuleEvent,
    RuleStatus,
    RuleVersion,
)
from cargotarget.model.users import Role, User
from cargotarget.risk.fields import Catalogue
from cargotarget.store import rules as store
from cargotarget.store.rules import active_rules
from cargotarget.workflow.audit import rule_changed
from cargotarget.workflow.permissions import NotAllowed, UnknownUser, acting_user
from cargotarget.workflow.rule_checks import RuleProblem, RuleRejected, check_rule, rule_catalogue

__all__ = [
    "InvalidTransition",
    "NotAllowed",
    "NoteRequired",
    "RuleHistory",
    "RuleProblem",
    "RuleRejected",
    "Saved",
    "UnknownRule",
    "UnknownUser",
    "active_rules",
    "approve",
    "current_rules",
    "reject",
    "retire",
    "rule_history",
    "save_rule",
    "submit",
]

AUTHORS = frozenset({Role.ANALYST, Role.SUPERVISOR})
APPROVERS = frozenset({Role.SUPERVISOR})


class UnknownRule(LookupError):
    """No rule (or no such version of a rule) with that code."""


class InvalidTransition(ValueError):
    """The version is not in a status from which this step is allowed."""


class NoteRequired(ValueError):
    """The step needs a written note (a rejection says what to change)."""


class Saved(msgspec.Struct, frozen=True, kw_only=True):
    """What saving a rule did: ``changed`` is False when the content was already saved (then
    ``version`` is the existing version that says the same)."""

    version: RuleVersion
    changed: bool


class RuleHistory(msgspec.Struct, frozen=True, kw_only=True):
    versions: tuple[RuleVersion, ...]
    events: tuple[RuleEvent, ...]


#: The verb of each recorded action, for refusals ("cannot approve NARC-0001 version 2").
_VERBS = {
    "submitted": "submit",
    "approved": "approve",
    "rejected": "reject",
    "retired": "retire",
    "replaced": "replace",
    "superseded": "supersede",
}
_FINAL_HINT = "it is final: save a new version of the rule instead"
_HINTS = {
    RuleStatus.DRAFT: "submit it for approval first",
    RuleStatus.ACTIVE: "retire it or save a new version",
    RuleStatus.REJECTED: _FINAL_HINT,
    RuleStatus.RETIRED: _FINAL_HINT,
}


def _check_edge(version: RuleVersion, to: RuleStatus, verb: str) -> None:
    if to not in TRANSITIONS[version.status]:
        status = version.status.value.replace("_", " ")
        hint = _HINTS.get(version.status, "")
        raise InvalidTransition(
            f"cannot {verb} {version.code} version {version.version}: it is {status}"
            + (f"; {hint}" if hint else "")
        )


def _move(
    conn: Connection,
    version: RuleVersion,
    to: RuleStatus,
    user: User,
    action: str,
    note: str | None,
) -> RuleVersion:
    """Move ``version`` along one allowed edge and record the step."""
    _check_edge(version, to, _VERBS[action])
    moved = store.set_status(conn, version, to)
    store.add_event(
        conn, moved, action=action, from_status=version.status, user_id=user.id, note=note
    )
    rule_changed(conn, user, moved, action, note)
    return moved


def _history(conn: Connection, code: str) -> list[RuleVersion]:
    """The versions of ``code``, with the rule locked for the rest of the transaction."""
    code = code.strip().upper()
    if store.lock_rule(conn, code) is None:
        raise UnknownRule(f"no rule with code {code!r}")
    return store.versions(conn, code)


def _pick(
    history: list[RuleVersion],
    version: int | None,
    default: Callable[[list[RuleVersion]], RuleVersion],
) -> RuleVersion:
    if version is None:
        return default(history)
    found = next((v for v in history if v.version == version), None)
    if found is None:
        raise UnknownRule(f"rule {history[0].code} has no version {version}")
    return found


def _latest(history: list[RuleVersion]) -> RuleVersion:
    return history[-1]


def _active_or_latest(history: list[RuleVersion]) -> RuleVersion:
    return next((v for v in history if v.status is RuleStatus.ACTIVE), history[-1])


def save_rule(
    conn: Connection,
    content: RuleContent,
    author: str,
    *,
    catalogue: Catalogue | None = None,
    note: str | None = None,
) -> Saved:
    """Check ``content`` and save it as a new draft version by ``author`` (a new rule when the
    code is new). Content identical to the rule's latest or active version changes nothing.
    Raises :class:`RuleRejected` with every problem found."""
    user = acting_user(conn, author, AUTHORS, "write rules")
    normal, problems = check_rule(content, catalogue or rule_catalogue())
    if problems:
        raise RuleRejected(problems)
    return save_checked(conn, normal, user, note)


def save_checked(conn: Connection, content: RuleContent, user: User, note: str | None) -> Saved:
    """Save ``content``, already checked and normalised by :func:`check_rule`, for ``user``."""
    rule_id = store.lock_rule(conn, content.code)
    history = [] if rule_id is None else store.versions(conn, content.code)
    if rule_id is None:
        rule_id = store.create_rule(conn, content.code)
    fingerprint = content.fingerprint()
    for same in (history[-1:], [v for v in history if v.status is RuleStatus.ACTIVE]):
        if same and same[0].content.fingerprint() == fingerprint:
            return Saved(version=same[0], changed=False)
    version = store.add_version(conn, rule_id, content, user.id, datetime.now(UTC))
    store.add_event(conn, version, action="created", from_status=None, user_id=user.id, note=note)
    rule_changed(conn, user, version, "created", note)
    for older in history:
        if older.status in OPEN_STATUSES:
            _move(
                conn, older, RuleStatus.RETIRED, user, "superseded", f"by version {version.version}"
            )
    return Saved(version=version, changed=True)


def submit(
    conn: Connection,
    code: str,
    username: str,
    *,
    version: int | None = None,
    note: str | None = None,
) -> RuleVersion:
    """Put a draft (the latest version unless ``version`` is given) up for approval."""
    user = acting_user(conn, username, AUTHORS, "submit rules")
    target = _pick(_history(conn, code), version, _latest)
    return _move(conn, target, RuleStatus.PENDING_APPROVAL, user, "submitted", note)


def approve(
    conn: Connection,
    code: str,
    username: str,
    *,
    version: int | None = None,
    note: str | None = None,
) -> RuleVersion:
    """Activate the version pending approval. Only a supervisor who is not its author may;
    the rule's previously active version is retired in the same step."""
    user = acting_user(conn, username, APPROVERS, "approve rules")
    history = _history(conn, code)
    target = _pick(history, version, _latest)
    _check_edge(target, RuleStatus.ACTIVE, "approve")
    if target.author == user.username:
        raise NotAllowed(
            f"four eyes: {user.username} wrote {target.code} version {target.version} and cannot "
            "approve it; another supervisor must"
        )
    if target.expired(datetime.now(UTC)):
        raise InvalidTransition(
            f"{target.code} version {target.version} expired on {target.content.valid_to}: "
            "save a new version with new validity dates"
        )
    for previous in history:
        if previous.status is RuleStatus.ACTIVE:
            _move(
                conn, previous, RuleStatus.RETIRED, user, "replaced", f"by version {target.version}"
            )
    return _move(conn, target, RuleStatus.ACTIVE, user, "approved", note)


def reject(
    conn: Connection, code: str, username: str, *, note: str, version: int | None = None
) -> RuleVersion:
    """Send the version pending approval back to its author, with a note saying why."""
    if not note.strip():
        raise NoteRequired("a rejection needs a note telling the author what to change")
    user = acting_user(conn, username, APPROVERS, "reject rules")
    target = _pick(_history(conn, code), version, _latest)
    return _move(conn, target, RuleStatus.REJECTED, user, "rejected", note.strip())


def retire(
    conn: Connection,
    code: str,
    username: str,
    *,
    version: int | None = None,
    note: str | None = None,
) -> RuleVersion:
    """Take the active version out of service (a supervisor's decision), or withdraw an open
    one (its author or a supervisor). Without ``version``: the active one, else the latest."""
    user = acting_user(conn, username, AUTHORS, "retire rules")
    target = _pick(_history(conn, code), version, _active_or_latest)
    supervisor = Role.SUPERVISOR in user.roles
    if target.status is RuleStatus.ACTIVE and not supervisor:
        raise NotAllowed(
            f"retiring an active rule needs the supervisor role; {user.username} has not"
        )
    if target.status in OPEN_STATUSES and not supervisor and target.author != user.username:
        raise NotAllowed(f"only {target.author} (the author) or a supervisor may withdraw it")
    return _move(conn, target, RuleStatus.RETIRED, user, "retired", note)


def rule_history(conn: Connection, code: str) -> RuleHistory:
    """Every version of rule ``code`` and every recorded step, oldest first."""
    code = code.strip().upper()
    history = store.versions(conn, code)
    if not history:
        raise UnknownRule(f"no rule with code {code!r}")
    return RuleHistory(versions=tuple(history), events=tuple(store.events(conn, code)))


def current_rules(conn: Connection, status: RuleStatus | None = None) -> list[RuleVersion]:
    """The versions with ``status``; without one, every active, pending or draft version."""
    wanted = [status] if status is not None else [RuleStatus.ACTIVE, *OPEN_STATUSES]
    return store.versions_with_status(conn, wanted)
