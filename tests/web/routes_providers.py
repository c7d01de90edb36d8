"""Who gets through where: data providers and risk responses."""

from __future__ import annotations

from tests.web.roles import AD, AU, DP

PROVIDERS: dict[tuple[str, str], set[str]] = {
    ("GET", "/admin/providers"): {AD},
    ("POST", "/admin/providers"): {AD},
    ("GET", "/admin/providers/{code}"): {AD},
    ("POST", "/admin/providers/{code}/identifiers"): {AD},
    ("POST", "/admin/providers/{code}/accounts"): {AD},
    ("POST", "/admin/providers/{code}/active"): {AD},
    ("POST", "/admin/providers/{code}/tokens"): {AD},
    ("GET", "/api/v1/providers"): {AD},
    ("POST", "/api/v1/providers"): {AD},
    ("GET", "/api/v1/providers/{code}"): {AD},
    ("POST", "/api/v1/providers/{code}/identifiers"): {AD},
    ("POST", "/api/v1/providers/{code}/accounts"): {AD},
    ("POST", "/api/v1/providers/{code}/status"): {AD},
    ("GET", "/api/v1/receipts"): {AU, DP},
    ("GET", "/api/v1/responses"): {AU, DP},
    ("GET", "/api/v1/responses/{response_id}"): {AU, DP},
}
