"""Risk indicators: small, documented measures of a consignment that customs officers use to
judge risk (DOMAIN.md, "Risk indicators customs use on manifest data"), computed for many
consignments at once with Polars.

An *indicator frame* (:func:`indicator_frame`) holds the rule fields of the assessed bills and
a few input columns; :func:`compute_indicators` adds one column per indicator, learning party
histories and norms from a :class:`History` of earlier filings without ever looking at a filing
later than the bill it assesses; :func:`register_indicators` makes the indicators known to the
rule language, each with the description an officer reads when a rule explains itself.
"""

from cargotarget.risk.indicators.config import IndicatorConfig
from cargotarget.risk.indicators.history import (
    HISTORY_SCHEMA,
    ORIGIN_COUNTS_SCHEMA,
    RECORD_SCHEMA,
    History,
    HistoryRecord,
    Outcome,
)
from cargotarget.risk.indicators.inputs import INPUT_SCHEMA, indicator_frame, indicator_inputs
from cargotarget.risk.indicators.registry import (
    INDICATORS,
    Indicator,
    compute_indicators,
    register_indicators,
)

__all__ = [
    "HISTORY_SCHEMA",
    "INDICATORS",
    "INPUT_SCHEMA",
    "ORIGIN_COUNTS_SCHEMA",
    "RECORD_SCHEMA",
    "History",
    "HistoryRecord",
    "Indicator",
    "IndicatorConfig",
    "Outcome",
    "compute_indicators",
    "indicator_frame",
    "indicator_inputs",
    "register_indicators",
]
