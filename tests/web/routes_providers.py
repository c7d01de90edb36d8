"""Who gets through where: data providers and risk responses."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

PROVIDERS: dict[tuple[str, str], set[str]] = {}
