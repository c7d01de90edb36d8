"""What a learned score learns from and looks up: the recorded examination outcomes with the
keys of their consignments, and the version of each examined consignment that was current
when it was examined.

The keys of an outcome (parties, heading, origin, carrier, ports) are read from the examined
consignment's current version and its history row, in one joined query, so that the outcomes
known at scoring time cost one round trip however many there are.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

from sqlalchemy import Connection, func, select

from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import examination_outcome, history_row

OUTCOME_COLUMNS = (
    "consignment_id", "examined_at", "result", "selection", "detail",
    "shipper_key", "consignee_key", "carrier_code", "hs_heading", "origin_country",
    "port_of_loading", "port_of_discharge",
)  # fmt: skip
"""The columns of :func:`keyed_outcomes`, in order."""

CHUNK = 500


def keyed_outcomes(
    conn: Connection, *, since: datetime | None = None, until: datetime | None = None
) -> list[tuple[Any, ...]]:
    """Every recorded outcome examined in [``since``, ``until``] (either end open when None),
    as rows of :data:`OUTCOME_COLUMNS`, oldest examination first."""
    o, c, v, h = examination_outcome.c, t.consignment.c, t.voyage.c, history_row.c
    query = (
        select(
            o.consignment_id,
            o.examined_at,
            o.result,
            o.selection,
            o.detail,
            h.shipper_key,
            h.consignee_key,
            v.carrier_code,
            h.hs_heading,
            func.coalesce(h.origin_country, c.origin_country),
            c.port_of_loading,
            c.port_of_discharge,
        )
        .join(t.consignment, c.id == o.consignment_id)
        .join(t.voyage, v.id == c.voyage_id)
        .outerjoin(history_row, h.version_id == c.current_version_id)
        .order_by(o.examined_at, o.id)
    )
    if since is not None:
        query = query.where(o.examined_at >= since)
    if until is not None:
        query = query.where(o.examined_at <= until)
    return [tuple(row) for row in conn.execute(query)]


def consignment_versions(
    conn: Connection, consignment_ids: Sequence[int]
) -> list[tuple[int, int, datetime | None]]:
    """Every version of the consignments listed: (version id, consignment id, filing time),
    oldest version first."""
    cv = t.consignment_version.c
    wanted = sorted(set(consignment_ids))
    found: list[tuple[int, int, datetime | None]] = []
    for start in range(0, len(wanted), CHUNK):
        query = (
            select(cv.id, cv.consignment_id, cv.filed_at)
            .where(cv.consignment_id.in_(wanted[start : start + CHUNK]))
            .order_by(cv.id)
        )
        found += [(int(i), int(cid), at) for i, cid, at in conn.execute(query)]
    return sorted(found)
