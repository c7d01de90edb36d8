"""From hits to a score and a lane: bands, random control selection and examination capacity.

The total score of a consignment is the sum of the weights of the rules it hits plus the scores
of its watch-list hits (plus, later, the model's score). Score bands map to lanes. A small,
unpredictable but reproducible share of consignments is selected at random as a control group,
so that hit rates can be measured on cargo nobody chose. Where a port can examine only so many
consignments a day, the lowest-scoring selections beyond that capacity drop one lane.
"""

from __future__ import annotations

import hashlib
import hmac
from enum import StrEnum

import msgspec
import numpy as np
import numpy.typing as npt
import polars as pl


class Lane(StrEnum):
    GREEN = "green"
    YELLOW = "yellow"
    RED = "red"


_ORDER = {Lane.GREEN: 0, Lane.YELLOW: 1, Lane.RED: 2}


class ScoringConfig(msgspec.Struct, frozen=True, kw_only=True):
    """How scores become lanes. ``red_from`` and ``yellow_from`` are score thresholds;
    ``random_rate`` is the share selected at random for control examination (ASYCUDA keeps a
    minimum random selection rate); ``capacity`` is red-lane examinations per port and day."""

    yellow_from: float = 30.0
    red_from: float = 60.0
    random_rate: float = 0.01
    random_key: str = "cargotarget-control"
    capacity: dict[str, int] = {}

    def __post_init__(self) -> None:
        if not 0 <= self.yellow_from <= self.red_from:
            raise ValueError("score bands must satisfy 0 <= yellow_from <= red_from")
        if not 0 <= self.random_rate <= 1:
            raise ValueError("random_rate must be between 0 and 1")


def lanes_for(scores: npt.NDArray[np.float64], config: ScoringConfig) -> list[Lane]:
    """The lane of each score by the configured bands."""
    codes = (scores >= config.yellow_from).astype(np.int8) + (scores >= config.red_from)
    names = (Lane.GREEN, Lane.YELLOW, Lane.RED)
    return [names[int(code)] for code in codes]


def random_selected(keys: list[str], config: ScoringConfig) -> npt.NDArray[np.bool_]:
    """Whether each key (bill number and version) falls in the random control group.

    A keyed hash, not a random generator: filers cannot predict it without the key, and an
    auditor with the key can reproduce every selection.
    """
    if config.random_rate <= 0:
        return np.zeros(len(keys), dtype=bool)
    secret = config.random_key.encode()
    limit = config.random_rate * 2**64
    draws = [
        int.from_bytes(hmac.new(secret, key.encode(), hashlib.sha256).digest()[:8], "big")
        for key in keys
    ]
    return np.asarray(draws, dtype=np.float64) < limit


USED_SCHEMA = pl.Schema({"port": pl.String, "day": pl.String, "used": pl.Int64})
"""Red selections already made per port and arrival day (``YYYY-MM-DD``)."""


def apply_capacity(
    frame: pl.DataFrame, config: ScoringConfig, used: pl.DataFrame | None = None
) -> pl.Series:
    """Lanes after capacity: per port of discharge and arrival day, red selections beyond the
    port's capacity, lowest scores first, drop to yellow. Random control selections are kept.

    ``frame`` has the columns ``lane``, ``score``, ``port``, ``day`` and ``random``; ``used``
    (``port``, ``day``, ``used``) the red selections already made for those days by earlier
    assessments, which the capacity must hold too.
    """
    if not config.capacity:
        return frame["lane"]
    capacity = pl.DataFrame(
        {"port": list(config.capacity), "capacity": list(config.capacity.values())},
        schema={"port": pl.String, "capacity": pl.Int64},
    )
    taken = used if used is not None else pl.DataFrame(schema=USED_SCHEMA)
    ranked = (
        frame.with_row_index("_row")
        .join(capacity, on="port", how="left")
        .join(taken, on=["port", "day"], how="left")
        .with_columns(pl.col("capacity") - pl.col("used").fill_null(0))
        .with_columns(
            pl.when((pl.col("lane") == Lane.RED) & ~pl.col("random"))
            .then(pl.col("score").rank("ordinal", descending=True).over("port", "day", "lane"))
            .otherwise(None)
            .alias("_rank")
        )
        .with_columns(
            pl.when(pl.col("capacity").is_not_null() & (pl.col("_rank") > pl.col("capacity")))
            .then(pl.lit(Lane.YELLOW.value))
            .otherwise(pl.col("lane"))
            .alias("lane")
        )
        .sort("_row")
    )
    return ranked["lane"]


def higher(a: Lane, b: Lane) -> Lane:
    """The stricter of two lanes."""
    return a if _ORDER[a] >= _ORDER[b] else b
