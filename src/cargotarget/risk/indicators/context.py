"""What every indicator is computed from: the assessed bills, their history and the settings."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TypeVar, cast

import polars as pl

from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.risk.indicators.history import History
from cargotarget.risk.indicators.inputs import missing_inputs
from cargotarget.risk.indicators.names import fold, per_distinct, without_legal_forms
from cargotarget.risk.indicators.timeline import ROW, T

FOLDED = (
    "description", "shipper_name", "consignee_name", "notify_name", "buyer_name",
    "seller_name", "shipper_street", "consignee_street", "consignee_city",
)  # fmt: skip
"""Text columns the indicators read folded (see :func:`.names.fold`); folded once, here."""

KEYED = ("shipper_name", "consignee_name", "notify_name", "buyer_name", "seller_name")
"""Party name columns the indicators read as party keys."""

Shared = TypeVar("Shared")


def folded(name: str) -> pl.Expr:
    """Text column ``name`` (one of :data:`FOLDED`) folded."""
    return pl.col(f"_folded_{name}")


def key(name: str) -> pl.Expr:
    """The party key of name column ``name`` (one of :data:`KEYED`)."""
    return pl.col(f"_key_{name}")


@dataclass(frozen=True, slots=True)
class Context:
    """The indicator frame of the assessed bills with a row number (``ROW``), the filing time
    (``T``), folded text and party keys added; the history to learn from; and the settings.
    Intermediate tables that several indicators read are computed once (:meth:`shared`)."""

    frame: pl.DataFrame
    history: History
    config: IndicatorConfig
    _shared: dict[Callable[[Context], object], object] = field(
        default_factory=dict, compare=False, repr=False
    )

    @classmethod
    def prepare(cls, frame: pl.DataFrame, history: History, config: IndicatorConfig) -> Context:
        missing = missing_inputs(frame)
        if missing:
            raise ValueError(
                f"the frame lacks the indicator input columns {missing}; "
                "build it with indicator_frame()"
            )
        texts = frame.with_row_index(ROW).with_columns(
            pl.col("filed_at").alias(T),
            *(per_distinct(frame, name, fold).alias(f"_folded_{name}") for name in FOLDED),
        )
        keys = [
            per_distinct(texts, f"_folded_{name}", without_legal_forms).alias(f"_key_{name}")
            for name in KEYED
        ]
        return cls(texts.with_columns(keys), history, config)

    def shared(self, compute: Callable[[Context], Shared]) -> Shared:
        """What ``compute`` makes of this context, computed on first use and kept."""
        if compute not in self._shared:
            self._shared[compute] = compute(self)
        return cast(Shared, self._shared[compute])

    def queries(self, *columns: pl.Expr) -> pl.DataFrame:
        """``ROW``, ``T``, ``bill_number`` and ``columns`` of every assessed bill."""
        return self.frame.select(ROW, T, "bill_number", *columns)

    def text(self, name: str) -> pl.Expr:
        """Column ``name`` as plain text (categorical columns decoded)."""
        return pl.col(name).cast(pl.String)

    def aligned(self, table: pl.DataFrame, column: str) -> pl.Series:
        """``column`` of ``table`` (keyed by ``ROW``) in the order of the assessed bills, NULL
        where ``table`` has no row."""
        rows = self.frame.select(ROW)
        joined = rows.join(table.select(ROW, column), on=ROW, how="left", maintain_order="left")
        return joined[column]
