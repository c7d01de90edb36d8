"""Model versions stored without training one, for the tests of the registry's life cycle."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Connection

from cargotarget.store.models import NewModelVersion, add_version

WINDOW_END = datetime(2026, 6, 30, tzinfo=UTC)


def stored_version(conn: Connection, created_by: str = "alice", content: bytes = b"m") -> int:
    """A trained version with a plausible training record (the life cycle never reads the
    model itself)."""
    new = NewModelVersion(
        created_by=created_by,
        window_start=datetime(2026, 1, 1, tzinfo=UTC),
        window_end=WINDOW_END,
        features=["shipper_finding_rate", "gross_weight_kg"],
        parameters={"num_leaves": 31, "seed": 7},
        metrics={"overall": {"auc": 0.81}, "control": {"auc": 0.77}},
        examples=1200,
        positives=40,
        control_examples=300,
        content=content,
    )
    return add_version(conn, new, at=datetime.now(UTC), status="trained")
