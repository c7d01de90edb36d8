"""The two frames the learned score works from, their columns, and their checks.

``inputs`` holds one row per consignment version to score or learn from: the columns of the
assessment frame (the catalogue fields and indicator values, as
``workflow.history.indicator_values`` makes them), plus

- ``filed_at`` (``Datetime(us, UTC)``): when this version was filed; nothing learned from
  outcomes examined at or after this moment reaches its features;
- the key columns of :data:`KEY_COLUMNS` as text (NULL when unknown): ``shipper_key`` and
  ``consignee_key`` (normalised party keys, as in the stored history rows), ``carrier_code``,
  ``hs_heading``, ``origin_country``, ``port_of_loading``, ``port_of_discharge``;
- ``consignment_id`` (``Int64``), needed only to learn (it links a version to the outcome of
  its consignment); scoring does without it.

``outcomes`` holds the labelled examination results known so far, one row per examination:
``consignment_id``, ``examined_at``, ``finding`` (a discrepancy or seizure), ``seizure_value``
(NULL when unknown or nothing seized), ``random`` (chosen by the random control selection, so
not by any score), and the same key columns as filed on the examined consignment.

Both checks return the frame with its columns in the types above (categorical keys become
text), and raise :class:`ValueError` naming what is missing or of the wrong kind.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

TIME = pl.Datetime("us", "UTC")

KEY_COLUMNS: tuple[str, ...] = (
    "shipper_key",
    "consignee_key",
    "carrier_code",
    "hs_heading",
    "origin_country",
    "port_of_loading",
    "port_of_discharge",
)
"""The categorical keys the out-of-time target statistics are kept by."""

INPUT_COLUMNS: Mapping[str, pl.DataType] = {
    "filed_at": TIME,
    **dict.fromkeys(KEY_COLUMNS, pl.String()),
}
"""The columns of ``inputs`` beyond the feature sources, with their types."""

OUTCOME_SCHEMA = pl.Schema(
    {
        "consignment_id": pl.Int64(),
        "examined_at": TIME,
        "finding": pl.Boolean(),
        "seizure_value": pl.Float64(),
        "random": pl.Boolean(),
        **dict.fromkeys(KEY_COLUMNS, pl.String()),
    }
)
"""The columns of ``outcomes``, with their types."""

_NOT_NULL = ("consignment_id", "examined_at", "finding", "random")


def check_inputs(
    inputs: pl.DataFrame, sources: Iterable[str] = (), *, ids: bool = False
) -> pl.DataFrame:
    """``inputs`` with :data:`INPUT_COLUMNS` typed; ``sources`` (the numeric and boolean
    columns features are read from) must be present too, and ``consignment_id`` when ``ids``.
    """
    wanted = dict(INPUT_COLUMNS)
    if ids:
        wanted["consignment_id"] = pl.Int64()
    _require(inputs, [*wanted, *sources], "inputs")
    return inputs.with_columns(
        _cast(inputs, name, dtype, "inputs") for name, dtype in wanted.items()
    )


def check_outcomes(outcomes: pl.DataFrame) -> pl.DataFrame:
    """``outcomes`` with exactly the columns of :data:`OUTCOME_SCHEMA`, typed; an outcome
    without its consignment, time, finding or selection cannot be used and is refused."""
    _require(outcomes, list(OUTCOME_SCHEMA), "outcomes")
    typed = outcomes.select(
        _cast(outcomes, name, dtype, "outcomes") for name, dtype in OUTCOME_SCHEMA.items()
    )
    empty = [name for name in _NOT_NULL if typed[name].null_count()]
    if empty:
        raise ValueError(f"outcomes: the column {empty[0]!r} has empty values")
    return typed


def _require(frame: pl.DataFrame, names: Iterable[str], what: str) -> None:
    missing = [name for name in names if name not in frame.columns]
    if missing:
        raise ValueError(f"{what}: missing the column {missing[0]!r} (and {len(missing) - 1} more)")


def _cast(frame: pl.DataFrame, name: str, dtype: pl.DataType, what: str) -> pl.Expr:
    """The expression giving column ``name`` the type ``dtype``, refusing a column whose
    kind cannot hold it (numbers for a time, text for a flag)."""
    current = frame.schema[name]
    if current == dtype:
        return pl.col(name)
    if current == pl.Null:
        return pl.col(name).cast(dtype)
    fits = {
        "time": isinstance(current, pl.Datetime),
        "text": isinstance(current, (pl.String, pl.Categorical, pl.Enum)),
        "number": current.is_numeric() or isinstance(current, pl.Boolean),
        "flag": isinstance(current, pl.Boolean),
    }
    kind = _kind(dtype)
    if not fits[kind]:
        raise ValueError(f"{what}: the column {name!r} must hold {kind} values, not {current}")
    column = pl.col(name)
    if kind == "time":
        zone = getattr(current, "time_zone", None)
        column = column.dt.replace_time_zone("UTC") if zone is None else column
        return column.dt.convert_time_zone("UTC").dt.cast_time_unit("us")
    if kind == "number":
        return column.cast(dtype, strict=False)
    return column.cast(dtype)


def _kind(dtype: pl.DataType) -> str:
    if dtype == TIME:
        return "time"
    if dtype == pl.String:
        return "text"
    if dtype == pl.Boolean:
        return "flag"
    return "number"
