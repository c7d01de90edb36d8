"""The two frames of the learned score (:mod:`cargotarget.ml.examples`) built from stored data.

``inputs`` is the assessment frame (fields and indicator values, built as an assessment builds
it) with the filing time, the party keys of the history rows and the consignment id added;
``outcomes`` is every recorded examination with the keys of its consignment. The same code
serves training and the assessment, so the model sees at scoring time exactly the columns it
learned from.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Any

import msgspec
import polars as pl
from sqlalchemy import Connection

from cargotarget.ml.examples import KEY_COLUMNS, OUTCOME_SCHEMA, TIME
from cargotarget.risk.indicators.history import normalise, records_of
from cargotarget.store.assessments import StoredFiling
from cargotarget.store.training_examples import OUTCOME_COLUMNS, keyed_outcomes
from cargotarget.workflow.history import as_filing

#: Results that count as a finding (anything but "no_finding").
NO_FINDING = "no_finding"


def model_inputs(
    frame: pl.DataFrame, target: Sequence[StoredFiling], keys: pl.DataFrame
) -> pl.DataFrame:
    """The ``inputs`` frame of ``target``: ``frame`` (its indicator values) with the filing
    time, the consignment id and the party keys of ``keys`` (its history rows, in the same
    order) added. The other keys (carrier, heading, origin, ports) are fields of ``frame``."""
    return frame.with_columns(
        pl.Series("filed_at", [s.filed_at for s in target], dtype=TIME),
        pl.Series("consignment_id", [s.consignment_id for s in target], dtype=pl.Int64),
        keys.get_column("shipper_key").cast(pl.String),
        keys.get_column("consignee_key").cast(pl.String),
    )


def party_keys(target: Sequence[StoredFiling], inputs: pl.DataFrame) -> pl.DataFrame:
    """The party keys of ``target`` (whose filing frame is ``inputs``), as the history rows
    hold them, without writing anything."""
    records = records_of([as_filing(s) for s in target], frame=inputs)
    return normalise(records).select("shipper_key", "consignee_key")


def _seizure_value(result: str, detail: str) -> float | None:
    if result != "seizure":
        return None
    value: Any = msgspec.json.decode(detail).get("value")
    return float(value) if isinstance(value, int | float) and value > 0 else None


def outcome_frame(
    conn: Connection, *, since: datetime | None = None, until: datetime | None = None
) -> pl.DataFrame:
    """Every recorded examination outcome (examined in [``since``, ``until``]) as an
    ``outcomes`` frame: finding, seizure value, random selection and the consignment's keys."""
    rows = keyed_outcomes(conn, since=since, until=until)
    index = {name: i for i, name in enumerate(OUTCOME_COLUMNS)}
    result, detail = index["result"], index["detail"]
    columns: dict[str, list[Any]] = {
        "consignment_id": [r[index["consignment_id"]] for r in rows],
        "examined_at": [r[index["examined_at"]] for r in rows],
        "finding": [r[result] != NO_FINDING for r in rows],
        "seizure_value": [_seizure_value(r[result], r[detail]) for r in rows],
        "random": [r[index["selection"]] == "random" for r in rows],
        **{key: [r[index[key]] for r in rows] for key in KEY_COLUMNS},
    }
    naive = {**OUTCOME_SCHEMA, "examined_at": pl.Datetime("us")}
    frame = pl.DataFrame(columns, schema=naive if _naive(rows, index) else OUTCOME_SCHEMA)
    return frame.with_columns(_utc(frame.schema["examined_at"]))


def _naive(rows: list[tuple[Any, ...]], index: dict[str, int]) -> bool:
    """SQLite hands back times without a zone (they are stored in UTC)."""
    return bool(rows) and rows[0][index["examined_at"]].tzinfo is None


def _utc(dtype: pl.DataType) -> pl.Expr:
    column = pl.col("examined_at")
    if getattr(dtype, "time_zone", None) is None:
        column = column.dt.replace_time_zone("UTC")
    return column.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
