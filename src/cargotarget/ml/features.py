"""The features of the learned score: what the model sees of a consignment, in a fixed order,
each with words an officer understands.

Three kinds, all numbers (flags as 0/1, unknown as NULL, which LightGBM treats as missing):

- the numeric and boolean fields of the bill (weights, counts, lead time);
- the numeric and boolean risk indicators (DOMAIN.md), as the assessment computed them;
- out-of-time target statistics (:mod:`.target_statistics`): for the shipper, consignee, HS
  heading, origin, route and carrier, the smoothed finding rate and the number of earlier
  examinations; for shipper and consignee also the number of earlier findings and the days
  since the latest one. The rate is pulled towards the overall finding rate known at the time
  (``(findings + S * prior) / (examinations + S)``, ``S`` = :data:`SMOOTHING`), so that one
  examination of a new shipper does not make it a certainty either way.

:func:`feature_frame` computes every row as of its own filing time (for training, and for
any back-dated scoring); :func:`table_features` uses :class:`TargetTables` frozen at one
moment (for scoring a large batch of new consignments quickly).
"""

from __future__ import annotations

import msgspec
import polars as pl

from cargotarget.ml.examples import check_inputs
from cargotarget.ml.feature_words import FIELD_WORDS, INDICATOR_WORDS
from cargotarget.ml.target_statistics import STAT_KEYS, TargetTables, as_of_filing
from cargotarget.risk.fields import CONSIGNMENT_FIELDS, FieldType
from cargotarget.risk.indicators.registry import INDICATORS

SMOOTHING = 10.0
"""Examinations' worth of weight the overall finding rate carries in a key's smoothed rate."""

_DAY_US = 86_400_000_000.0


class FeatureSpec(msgspec.Struct, frozen=True):
    """One feature: its column name, the words an explanation uses for it, whether it is a
    flag (1 for yes, 0 for no), and, for a rate, the feature holding the number of
    examinations behind it."""

    name: str
    words: str
    flag: bool = False
    count: str | None = None


_WHO = {
    "shipper": "shipper",
    "consignee": "consignee",
    "heading": "HS heading",
    "origin": "origin country",
    "route": "route (port of loading to discharge)",
    "carrier": "carrier",
}
_PARTIES = ("shipper", "consignee")


def _statistics() -> list[FeatureSpec]:
    specs: list[FeatureSpec] = []
    for key in STAT_KEYS:
        who = _WHO[key]
        specs += [
            FeatureSpec(
                f"{key}_finding_rate",
                f"{who}'s earlier finding rate",
                count=f"{key}_examinations",
            ),
            FeatureSpec(f"{key}_examinations", f"earlier examinations of the {who}"),
        ]
    for key in _PARTIES:
        specs += [
            FeatureSpec(f"{key}_findings", f"{key}'s earlier findings (out of examinations)"),
            FeatureSpec(
                f"{key}_finding_age_days",
                f"days since an examination last found something on the {key}'s bills",
            ),
        ]
    return specs


_FLAGS = frozenset(
    field.name
    for field in (*CONSIGNMENT_FIELDS, *(indicator.field for indicator in INDICATORS))
    if field.type is FieldType.BOOLEAN
)

SOURCE_FEATURES: tuple[FeatureSpec, ...] = tuple(
    FeatureSpec(name, words, flag=name in _FLAGS)
    for name, words in {**FIELD_WORDS, **INDICATOR_WORDS}.items()
)
"""The features read as they are from the assessment frame."""

FEATURES: tuple[FeatureSpec, ...] = (*SOURCE_FEATURES, *_statistics())
"""Every feature, in the order of the columns of a feature frame."""

FEATURE_NAMES: tuple[str, ...] = tuple(spec.name for spec in FEATURES)
SPECS: dict[str, FeatureSpec] = {spec.name: spec for spec in FEATURES}


def feature_frame(inputs: pl.DataFrame, outcomes: pl.DataFrame) -> pl.DataFrame:
    """The features of every row of ``inputs``, in row order and :data:`FEATURES` order, each
    row knowing only the outcomes examined strictly before its ``filed_at``."""
    rows = check_inputs(inputs, _sources())
    return _assemble(rows, as_of_filing(rows, outcomes))


def table_features(inputs: pl.DataFrame, tables: TargetTables) -> pl.DataFrame:
    """The features of every row of ``inputs`` with the target statistics of ``tables``: the
    same as :func:`feature_frame` for rows filed after ``tables.until`` (or after every
    outcome in them), in a few hash joins instead of as-of joins."""
    rows = check_inputs(inputs, _sources())
    return _assemble(rows, tables.lookup(rows))


def _sources() -> list[str]:
    return [spec.name for spec in SOURCE_FEATURES]


def _assemble(rows: pl.DataFrame, stats: pl.DataFrame) -> pl.DataFrame:
    """The feature columns from the checked ``rows`` and their statistic columns."""
    frame = pl.concat([rows.select(*_sources(), "filed_at"), stats], how="horizontal")
    prior = (pl.col("__f") / pl.col("__n")).fill_nan(None)
    derived: list[pl.Expr] = []
    for key in STAT_KEYS:
        n, f = pl.col(f"{key}__n"), pl.col(f"{key}__f")
        derived += [
            ((f + SMOOTHING * prior) / (n + SMOOTHING)).alias(f"{key}_finding_rate"),
            n.alias(f"{key}_examinations"),
        ]
    for key in _PARTIES:
        since = (pl.col("filed_at") - pl.col(f"{key}__last")).dt.total_microseconds()
        derived += [
            pl.col(f"{key}__f").alias(f"{key}_findings"),
            (since / _DAY_US).alias(f"{key}_finding_age_days"),
        ]
    features = frame.with_columns(derived).select(
        pl.col(name).cast(pl.Float32).fill_nan(None) for name in FEATURE_NAMES
    )
    return features
