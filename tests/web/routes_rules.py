"""Who may use the rule and watch-list routes (see :mod:`tests.web.routes`)."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

RULES: dict[tuple[str, str], set[str]] = {}
