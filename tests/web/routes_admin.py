"""Who may use the audit, user and token administration routes (see :mod:`tests.web.routes`)."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

ADMIN: dict[tuple[str, str], set[str]] = {}
