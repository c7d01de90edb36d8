"""Every risk indicator by name: its type, the DOMAIN.md indicator it implements, and the
description an officer reads (the first paragraph of its function's docstring)."""

from __future__ import annotations

import inspect
from collections.abc import Callable
from dataclasses import dataclass

import polars as pl

from cargotarget.risk.fields import Catalogue, Field, FieldType
from cargotarget.risk.frame import column_type
from cargotarget.risk.indicators import (
    description,
    equipment,
    filing,
    goods,
    parties,
    party_history,
    quality,
    route,
    weight,
)
from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.risk.indicators.context import Context
from cargotarget.risk.indicators.history import History

Compute = Callable[[Context], pl.Expr | pl.Series]


@dataclass(frozen=True, slots=True)
class Indicator:
    """A named indicator: ``compute`` makes its column for all assessed bills at once;
    ``domain_number`` is the number of the risk indicator in DOMAIN.md it implements."""

    name: str
    type: FieldType
    domain_number: int
    compute: Compute

    @property
    def description(self) -> str:
        """The first paragraph of the docstring of ``compute``, on one line."""
        paragraph = (inspect.getdoc(self.compute) or "").split("\n\n")[0]
        return " ".join(paragraph.split())

    @property
    def field(self) -> Field:
        return Field(self.name, self.type, self.description, indicator=True)


def _indicator(compute: Compute, type: FieldType, domain_number: int) -> Indicator:
    return Indicator(compute.__name__, type, domain_number, compute)


_B, _N, _C = FieldType.BOOLEAN, FieldType.NUMBER, FieldType.CATEGORY

INDICATORS: tuple[Indicator, ...] = (
    _indicator(description.vague_description, _B, 1),
    _indicator(description.hs_description_mismatch, _B, 2),
    _indicator(party_history.consignee_unusual_chapter, _B, 2),
    _indicator(route.high_risk_origin_commodity, _B, 3),
    _indicator(route.origin_chapter_share, _N, 3),
    _indicator(route.hub_transshipment_count, _N, 4),
    _indicator(route.high_risk_country_in_routing, _B, 4),
    _indicator(equipment.container_earlier_findings, _N, 5),
    _indicator(equipment.container_days_since_finding, _N, 5),
    _indicator(party_history.shipper_first_seen_days, _N, 6),
    _indicator(party_history.consignee_first_seen_days, _N, 6),
    _indicator(party_history.shipper_shipment_count, _N, 6),
    _indicator(party_history.consignee_shipment_count, _N, 6),
    _indicator(parties.forwarder_consignee, _B, 7),
    _indicator(parties.notify_unrelated, _B, 7),
    _indicator(parties.po_box_address, _B, 8),
    _indicator(parties.incomplete_address, _B, 8),
    _indicator(parties.individual_consignee, _B, 8),
    _indicator(party_history.shipper_earlier_findings, _N, 10),
    _indicator(party_history.consignee_earlier_findings, _N, 10),
    _indicator(party_history.shipper_days_since_finding, _N, 10),
    _indicator(party_history.consignee_days_since_finding, _N, 10),
    _indicator(parties.trusted_trader, _B, 11),
    _indicator(parties.trade_parties_differ, _B, 12),
    _indicator(weight.weight_per_package_ratio, _N, 13),
    _indicator(weight.weight_per_container_ratio, _N, 13),
    _indicator(weight.empty_container_with_weight, _B, 13),
    _indicator(weight.coarse_packaging, _B, 14),
    _indicator(filing.freight_collect, _B, 15),
    _indicator(filing.cash_payment, _B, 15),
    _indicator(filing.late_filing, _B, 16),
    _indicator(filing.filed_hours_before_departure, _N, 16),
    _indicator(filing.earlier_version_count, _N, 16),
    _indicator(filing.last_minute_amendment, _B, 16),
    _indicator(filing.consignee_changed, _B, 16),
    _indicator(filing.description_changed, _B, 16),
    _indicator(quality.data_quality_problems, _N, 17),
    _indicator(goods.high_risk_goods, _B, 18),
    _indicator(goods.high_risk_goods_group, _C, 18),
    _indicator(goods.heading_dangerous_share, _N, 18),
    _indicator(equipment.concealment_container_type, _B, 19),
    _indicator(equipment.missing_seals, _B, 19),
    _indicator(equipment.seals_changed, _B, 19),
)
"""Every indicator, in the order of the DOMAIN.md risk indicators."""


def register_indicators(catalogue: Catalogue) -> Catalogue:
    """Register every indicator into ``catalogue`` by name, type and description, so that
    rules can test them; returns ``catalogue``."""
    for indicator in INDICATORS:
        catalogue.register_indicator(indicator.name, indicator.type, indicator.description)
    return catalogue


def compute_indicators(
    frame: pl.DataFrame, history: History, config: IndicatorConfig | None = None
) -> pl.DataFrame:
    """``frame`` (an indicator frame, see :func:`.inputs.indicator_frame`) with one column per
    indicator added, typed as the catalogue types it. Indicators that learn from ``history``
    read only rows filed strictly before each bill; they are unknown (NULL) for a bill
    without a filing time."""
    ctx = Context.prepare(frame, history, config if config is not None else IndicatorConfig())
    values = {indicator.name: indicator.compute(ctx) for indicator in INDICATORS}
    exprs = [value.alias(name) for name, value in values.items() if isinstance(value, pl.Expr)]
    computed = ctx.frame.select(exprs).hstack(
        [value.alias(name) for name, value in values.items() if isinstance(value, pl.Series)]
    )
    typed = computed.select(
        pl.col(indicator.name).cast(column_type(indicator.field)) for indicator in INDICATORS
    )
    return frame.with_columns(typed.get_columns())
