"""Who may use the case and examination routes (see :mod:`tests.web.routes`)."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

CASES: dict[tuple[str, str], set[str]] = {}
