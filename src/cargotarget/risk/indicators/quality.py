"""Indicators on the quality of the data filed."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context, folded, key
from cargotarget.risk.indicators.description import hs_headings


def _missing(ctx: Context) -> list[pl.Expr]:
    """One flag per element a complete bill has, true when it is missing or invalid."""
    hs = ctx.text("hs_code")
    absent = [pl.col(c).is_null() for c in ("gross_weight_kg", "package_count", "notify_name")]
    absent += [ctx.text(c).is_null() for c in ("origin_country", "port_of_loading")]
    absent += [key(c).is_null() for c in ("shipper_name", "consignee_name")]
    absent += [ctx.text(c).is_null() for c in ("shipper_country", "consignee_country")]
    return [
        *absent,
        folded("description").is_null(),
        hs.is_null(),
        hs.is_not_null() & ~hs.str.head(4).is_in(hs_headings().implode()),
        (pl.col("gross_weight_kg") <= 0).fill_null(False),
        (pl.col("package_count") <= 0).fill_null(False),
    ]


def data_quality_problems(ctx: Context) -> pl.Expr:
    """Number of elements of the bill that are missing or invalid: goods description, HS
    code (missing, or not in HS 2022), gross weight and package count (missing or not
    positive), origin country, port of loading, shipper and consignee (name, country of the
    address), notify party. Poor data hides what is shipped and who ships it."""
    return pl.sum_horizontal(flag.cast(pl.Float64) for flag in _missing(ctx))
