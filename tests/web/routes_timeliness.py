"""Who gets through where: coverage and timeliness."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

TIMELINESS: dict[tuple[str, str], set[str]] = {}
