"""People who use cargotarget and the roles that say what each may do.

Roles follow the users table of the architecture: a targeting officer works the queue, an
analyst writes rules and watch lists, a supervisor approves what others wrote (four eyes), an
auditor reads, an administrator manages users and settings, a data provider files messages.
A user may hold several roles.
"""

from __future__ import annotations

import re
from datetime import datetime
from enum import StrEnum

import msgspec


class Role(StrEnum):
    TARGETING_OFFICER = "targeting_officer"
    EXAMINER = "examiner"
    ANALYST = "analyst"
    SUPERVISOR = "supervisor"
    AUDITOR = "auditor"
    ADMINISTRATOR = "administrator"
    DATA_PROVIDER = "data_provider"


class User(msgspec.Struct, frozen=True, kw_only=True):
    """A user account. An inactive account keeps its history but may no longer act."""

    id: int
    username: str
    display_name: str
    roles: frozenset[Role]
    active: bool
    created_at: datetime
    #: The ports (UN/LOCODEs) whose cargo the user works; None: every port.
    ports: frozenset[str] | None = None

    def has_any(self, roles: frozenset[Role] | set[Role]) -> bool:
        return bool(self.roles & roles)

    def sees_port(self, port: str | None) -> bool:
        """Whether the user may see cargo discharged at ``port`` (a consignment without a
        port of discharge is seen only by users of every port)."""
        return self.ports is None or (port is not None and port in self.ports)


_USERNAME = re.compile(r"[a-z0-9][a-z0-9._-]{0,63}")


class InvalidUsername(ValueError):
    """A user name that cannot be used as a login."""


def normal_username(raw: str) -> str:
    """The stored form of a user name: trimmed and lower case, so that ``Alice`` and ``alice``
    are one account. Letters, digits, dot, dash and underscore, at most 64 characters."""
    name = raw.strip().lower()
    if not _USERNAME.fullmatch(name):
        raise InvalidUsername(
            f"user name {raw!r} must be 1 to 64 letters, digits, '.', '-' or '_', "
            "starting with a letter or digit"
        )
    return name
