"""Who may use the case and examination routes (see :mod:`tests.web.routes`)."""

from __future__ import annotations

from tests.web.roles import AN, AU, EX, OF, SU

READERS = {OF, EX, AN, SU, AU}
WORKERS = {OF, SU}

CASES: dict[tuple[str, str], set[str]] = {
    ("GET", "/cases/{consignment_id}"): READERS,
    ("GET", "/cases/{consignment_id}/panel"): READERS,
    ("GET", "/decision-reasons"): WORKERS,
    ("POST", "/cases/{consignment_id}/claim"): WORKERS,
    ("POST", "/cases/{consignment_id}/assign"): {SU},
    ("POST", "/cases/{consignment_id}/decide"): WORKERS,
    ("POST", "/cases/{consignment_id}/examination"): WORKERS,
    ("POST", "/cases/{consignment_id}/result"): {EX},
    ("POST", "/cases/{consignment_id}/close"): WORKERS,
    ("GET", "/examinations"): {OF, EX, SU, AU},
    ("GET", "/api/v1/cases/{consignment_id}"): READERS,
    ("POST", "/api/v1/cases/{consignment_id}/claim"): WORKERS,
    ("POST", "/api/v1/cases/{consignment_id}/assign"): {SU},
    ("POST", "/api/v1/cases/{consignment_id}/decide"): WORKERS,
    ("POST", "/api/v1/cases/{consignment_id}/examination"): WORKERS,
    ("POST", "/api/v1/cases/{consignment_id}/result"): {EX},
    ("POST", "/api/v1/cases/{consignment_id}/close"): WORKERS,
    ("GET", "/api/v1/examinations"): {OF, EX, SU, AU},
}
