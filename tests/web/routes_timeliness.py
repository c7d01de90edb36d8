"""Who gets through where: coverage and timeliness."""

from __future__ import annotations

from tests.web.roles import AN, AU, DP, OF, SU

TIMELINESS: dict[tuple[str, str], set[str]] = {
    ("GET", "/timeliness"): {OF, AN, SU, AU},
    ("GET", "/api/v1/timeliness"): {OF, AN, SU, AU},
    ("POST", "/api/v1/voyage-notices"): {DP},
}
