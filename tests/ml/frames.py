"""Small hand-made inputs and outcomes for exact checks of the features."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

import polars as pl

from cargotarget.ml.examples import KEY_COLUMNS, OUTCOME_SCHEMA, TIME
from cargotarget.ml.features import SOURCE_FEATURES

T0 = datetime(2026, 3, 2, 8, 0, tzinfo=UTC)


def day(n: float) -> datetime:
    return T0 + timedelta(days=n)


def inputs(*rows: dict[str, Any]) -> pl.DataFrame:
    """Inputs with every source column (NULL unless given), the time and the keys."""
    schema: dict[str, pl.DataType] = {
        **{spec.name: pl.Boolean() if spec.flag else pl.Float64() for spec in SOURCE_FEATURES},
        "consignment_id": pl.Int64(),
        "filed_at": TIME,
        **dict.fromkeys(KEY_COLUMNS, pl.String()),
    }
    return pl.DataFrame(list(rows), schema=schema)


def outcomes(*rows: dict[str, Any]) -> pl.DataFrame:
    filled = [{"random": False, "seizure_value": None, **row} for row in rows]
    return pl.DataFrame(filled, schema=OUTCOME_SCHEMA)
