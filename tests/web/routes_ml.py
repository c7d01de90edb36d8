"""Who gets through where: the model registry."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

ML: dict[tuple[str, str], set[str]] = {}
