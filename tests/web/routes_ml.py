"""Who gets through where: the model registry."""

from __future__ import annotations

from tests.web.roles import AD, AN, AU, DP, EVERYONE, EX, OF, SU  # noqa: F401

READ = {AN, SU, AU}
TRAIN = {AN, SU}
APPROVE = {SU}

ML: dict[tuple[str, str], set[str]] = {
    ("GET", "/models"): READ,
    ("GET", "/models/{version_id}"): READ,
    ("POST", "/models/train"): TRAIN,
    ("POST", "/models/{version_id}/submit"): TRAIN,
    ("POST", "/models/{version_id}/approve"): APPROVE,
    ("POST", "/models/{version_id}/reject"): APPROVE,
    ("POST", "/models/{version_id}/retire"): APPROVE,
    ("GET", "/api/v1/models"): READ,
    ("GET", "/api/v1/models/{version_id}"): READ,
    ("POST", "/api/v1/models/train"): TRAIN,
    ("POST", "/api/v1/models/{version_id}/submit"): TRAIN,
    ("POST", "/api/v1/models/{version_id}/approve"): APPROVE,
    ("POST", "/api/v1/models/{version_id}/reject"): APPROVE,
    ("POST", "/api/v1/models/{version_id}/retire"): APPROVE,
}
