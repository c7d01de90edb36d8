"""Reading the fields of the audit and administration pages, with readable refusals.

Every value arrives as text from a form or a query string; what cannot be used raises
:class:`~cargotarget.web.forms.BadFilter` with a message that names the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta

from cargotarget.model.audit import AuditAction
from cargotarget.model.tokens import TokenScope
from cargotarget.model.users import Role
from cargotarget.web.forms import BadFilter, printable

#: What the ports field takes for "every port" (any case), besides its own checkbox.
EVERY_PORT = ("all", "all ports", "*")
_SEPARATORS = re.compile(r"[,;\s]+")


def roles_of(values: Iterable[str]) -> frozenset[Role]:
    """The roles named by the checked boxes; an unknown role is refused."""
    known = {role.value: role for role in Role}
    roles = set()
    for value in values:
        printable(value, "role")
        if len(value) > 64:
            raise BadFilter("unknown role: a name of at most 64 characters was expected")
        role = known.get(value.strip())
        if role is None:
            raise BadFilter(f"unknown role {value!r}: one of {', '.join(sorted(known))}")
        roles.add(role)
    return frozenset(roles)


def scopes_of(values: Iterable[str]) -> frozenset[TokenScope]:
    """The token scopes named by the checked boxes; an unknown one is refused."""
    known = {scope.value: scope for scope in TokenScope}
    scopes = set()
    for value in values:
        printable(value, "scope")
        if len(value) > 64:
            raise BadFilter("unknown scope: a name of at most 64 characters was expected")
        scope = known.get(value.strip())
        if scope is None:
            raise BadFilter(f"unknown scope {value!r}: one of {', '.join(sorted(known))}")
        scopes.add(scope)
    return frozenset(scopes)


def ports_field(text: str, every: bool = False) -> list[str] | None:
    """The port codes typed into a ports field (comma or space separated), or None for every
    port (its checkbox, or the words "all ports"). The codes are checked by the workflow."""
    printable(text, "ports")
    if text.strip().lower() in EVERY_PORT:
        return None
    if every:
        if text.strip():
            raise BadFilter("give either port codes or every port, not both")
        return None
    return [code for code in _SEPARATORS.split(text.strip()) if code]


def day_of(value: str, name: str) -> date | None:
    """A day typed as YYYY-MM-DD, or None when the field is empty."""
    printable(value, name)
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError:
        raise BadFilter(f"{name} must be a date as YYYY-MM-DD, not {value!r}") from None


def start_of(day: date | None) -> datetime | None:
    """Midnight UTC at the start of ``day``."""
    return None if day is None else datetime.combine(day, time.min, tzinfo=UTC)


def end_of(day: date | None) -> datetime | None:
    """Midnight UTC at the end of ``day`` (the start of the next one)."""
    return None if day is None else start_of(day + timedelta(days=1))


def action_of(value: str) -> str | None:
    """An audit action by its name, or None for any."""
    printable(value, "action")
    action = value.strip().lower()
    if action and action not in {a.value for a in AuditAction}:
        names = ", ".join(a.value for a in AuditAction)
        raise BadFilter(f"unknown action {value!r}: one of {names}")
    return action or None


def text_of(value: str, name: str, limit: int = 200) -> str | None:
    """Plain text of at most ``limit`` characters, trimmed; None when blank."""
    printable(value, name)
    if len(value) > limit:
        raise BadFilter(f"{name} may have at most {limit} characters")
    return value.strip() or None
