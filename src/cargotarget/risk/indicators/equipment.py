"""Indicators on the containers: their type, their seals and their record of findings."""

from __future__ import annotations

import polars as pl

from cargotarget.risk.indicators.context import Context
from cargotarget.risk.indicators.history import FINDING_AT, FOUND, History
from cargotarget.risk.indicators.timeline import (
    ROW,
    Events,
    T,
    days_between,
    earlier_counts,
    last_before,
)
from cargotarget.risk.indicators.versions import previous

#: Type groups of the ISO 6346 size/type codes in use before 1995 (second pair of digits).
_OLD_TYPE_GROUPS = {"0": "G", "1": "G", "2": "V", "3": "R", "4": "H", "5": "U", "6": "P", "7": "T"}

_CONTAINER = pl.element().struct


def concealment_container_type(ctx: Context) -> pl.Expr:
    """A container on the bill is of a type that helps concealment: a reefer or insulated
    container (machinery and insulation walls), an open top or flat rack (goods under
    tarpaulins), or a tank. The type comes from the ISO 6346 size/type code."""
    code = _CONTAINER.field("size_type").str.to_uppercase().str.slice(2, 1)
    group = code.replace(_OLD_TYPE_GROUPS)
    groups = list(ctx.config.concealment_type_groups)
    return pl.col("containers").list.eval(group.is_in(groups)).list.any().fill_null(False)


def missing_seals(ctx: Context) -> pl.Expr:
    """A full container on the bill has no seal number: nothing shows whether it was opened
    on the way."""
    unsealed = _CONTAINER.field("full") & (_CONTAINER.field("seals").list.len() == 0)
    return pl.col("containers").list.eval(unsealed).list.any().fill_null(False)


def seals_changed(ctx: Context) -> pl.Series:
    """The seal numbers differ from those on the previous version of this bill: a seal
    changed after filing may mean a container was opened."""
    changed = pl.col("found") & pl.col("seals").ne_missing(pl.col("seals_before"))
    return ctx.aligned(ctx.shared(previous).with_columns(changed.alias("changed")), "changed")


def _container_findings(history: History) -> Events:
    """One event per container and bill with a finding: when the finding became known."""
    found = history.rows.filter(FOUND)
    containers = found.explode("container_numbers").rename({"container_numbers": "container"})
    return Events.of(containers, ("container",), FINDING_AT, once=True)


def _container_queries(ctx: Context) -> pl.DataFrame:
    numbers = pl.col("containers").list.eval(_CONTAINER.field("number")).alias("container")
    return ctx.queries(numbers).explode("container").drop_nulls("container")


def container_earlier_findings(ctx: Context) -> pl.Series:
    """Number of earlier examinations that found something in the containers of this bill
    (counted for each container). Containers with a record of seizures are reused for
    smuggling. Unknown when the bill lists no container."""
    events = ctx.history.derived(_container_findings)
    counts = earlier_counts(_container_queries(ctx), events, exclude_own=False)
    return ctx.aligned(counts.group_by(ROW).agg(pl.col("count").sum()), "count")


def container_days_since_finding(ctx: Context) -> pl.Series:
    """Days since the last finding in any container of this bill was recorded; unknown when
    there was none."""
    events = ctx.history.derived(_container_findings)
    last = last_before(_container_queries(ctx), events)
    latest = last.group_by(ROW).agg(pl.col("last_at").max(), pl.col(T).first())
    days = days_between(pl.col("last_at"), pl.col(T)).alias("days")
    return ctx.aligned(latest.with_columns(days), "days")
