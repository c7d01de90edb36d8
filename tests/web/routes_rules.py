"""Who may use the rule and watch-list routes (see :mod:`tests.web.routes`)."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

READ = {OF, AN, SU, AU}
WRITE = {AN, SU}
APPROVE = {SU}

RULES: dict[tuple[str, str], set[str]] = {
    ("GET", "/rules"): READ,
    ("GET", "/rules/new"): WRITE,
    ("POST", "/rules/check"): WRITE,
    ("POST", "/rules"): WRITE,
    ("GET", "/rules/{code}"): READ,
    ("POST", "/rules/{code}/submit"): WRITE,
    ("POST", "/rules/{code}/approve"): APPROVE,
    ("POST", "/rules/{code}/reject"): APPROVE,
    ("POST", "/rules/{code}/retire"): WRITE,
    ("POST", "/rules/{code}/backtest"): WRITE,
    ("GET", "/watchlists"): READ,
    ("GET", "/watchlists/{list_name}"): READ,
    ("POST", "/watchlists"): WRITE,
    ("POST", "/watchlists/{list_name}/proposals"): WRITE,
    ("POST", "/watchlist-proposals/{proposal_id}/approve"): APPROVE,
    ("POST", "/watchlist-proposals/{proposal_id}/reject"): APPROVE,
    ("GET", "/api/v1/rules"): READ,
    ("GET", "/api/v1/rules/{code}"): READ,
    ("POST", "/api/v1/rules"): WRITE,
    ("POST", "/api/v1/rules/check"): WRITE,
    ("POST", "/api/v1/rules/{code}/submit"): WRITE,
    ("POST", "/api/v1/rules/{code}/approve"): APPROVE,
    ("POST", "/api/v1/rules/{code}/reject"): APPROVE,
    ("POST", "/api/v1/rules/{code}/retire"): WRITE,
    ("POST", "/api/v1/rules/{code}/backtest"): WRITE,
    ("GET", "/api/v1/watchlists"): READ,
    ("POST", "/api/v1/watchlists/{list_name}/proposals"): WRITE,
    ("POST", "/api/v1/watchlist-proposals/{proposal_id}/approve"): APPROVE,
    ("POST", "/api/v1/watchlist-proposals/{proposal_id}/reject"): APPROVE,
}
