"""Who gets through where, written out by hand (the architecture's users table): one table per
part of the app, merged here. The permission matrix test checks the app against it."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU
from tests.web.routes_admin import ADMIN
from tests.web.routes_cases import CASES
from tests.web.routes_ml import ML
from tests.web.routes_providers import PROVIDERS
from tests.web.routes_rules import RULES
from tests.web.routes_timeliness import TIMELINESS

CARGO: dict[tuple[str, str], set[str]] = {
    ("GET", "/static/{name}"): EVERYONE,
    ("GET", "/api/openapi.json"): EVERYONE,
    ("GET", "/api/docs"): EVERYONE,
    ("GET", "/login"): EVERYONE,
    ("POST", "/login"): EVERYONE,
    ("POST", "/logout"): EVERYONE,
    ("GET", "/"): {OF, EX, AN, SU, AU, AD},
    ("GET", "/search"): {OF, AN, SU, AU},
    ("GET", "/consignments/{consignment_id}"): {OF, EX, AN, SU, AU},
    ("GET", "/voyages/{voyage_id}"): {OF, EX, AN, SU, AU},
    ("GET", "/queue"): {OF, SU, AU},
    ("POST", "/api/v1/messages"): {DP},
    ("GET", "/api/v1/receipts/{receipt_id}"): {AU, DP},
    ("GET", "/api/v1/consignments/{bill}"): {OF, EX, AN, SU, AU},
    ("GET", "/api/v1/queue"): {OF, SU, AU},
    ("GET", "/api/v1/voyages/{voyage_id}"): {OF, EX, AN, SU, AU},
}

EXPECTED = {**CARGO, **CASES, **RULES, **ADMIN, **ML, **PROVIDERS, **TIMELINESS}
