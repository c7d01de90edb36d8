"""Features of a KCS import declaration, each built only from what was known when it was filed.

Three kinds, all computed from rows dated strictly before the row (a day's declarations and
outcomes are known only after the day), so dropping or reordering later rows never changes an
earlier row's features:

* history of the parties and of the goods: how often an importer, declarant, seller, HS code,
  route or combination of them was seen before, and the earlier fraud rate among the
  declarations whose outcome was known (out-of-time target statistics);
* price against the norm of the goods: the log price per kilogram beside the mean of earlier
  declarations of the same HS6 and HS10 code;
* the declaration's own fields: amounts, tax rate and type codes that are numbers already.

Outcomes are used only where the caller marks them as known (``labelled``): at evaluation,
the declarations being scored are counted as seen but their outcomes stay unknown.
"""

from __future__ import annotations

import polars as pl

from cargotarget.ml.kcs_data import TARGET
from cargotarget.ml.metrics import history_statistics

#: The keys whose history becomes features, by feature name. Single parties and goods, and the
#: combinations a targeting officer reads together: goods from an origin, through a route,
#: under a tax type, at an office. On this data the narrow combinations of origin, route, tax
#: type and HS10 code carry most of the signal (chosen on the validation split).
HISTORY_KEYS: dict[str, tuple[str, ...]] = {
    "importer": ("Importer ID",),
    "declarant": ("Declarant ID",),
    "seller": ("Seller ID",),
    "courier": ("Courier ID",),
    "hs10": ("HS10 Code",),
    "hs6": ("hs6",),
    "hs4": ("hs4",),
    "office": ("Office ID",),
    "origin": ("Country of Origin",),
    "departure": ("Country of Departure",),
    "tax_type": ("Tax Type",),
    "import_kind": ("Import Type", "Import Use", "Payment Type"),
    "route": ("Country of Departure", "Country of Origin", "Office ID"),
    "importer_hs6": ("Importer ID", "hs6"),
    "importer_origin": ("Importer ID", "Country of Origin"),
    "declarant_importer": ("Declarant ID", "Importer ID"),
    "declarant_office": ("Declarant ID", "Office ID"),
    "declarant_hs6": ("Declarant ID", "hs6"),
    "seller_importer": ("Seller ID", "Importer ID"),
    "office_hs6": ("Office ID", "hs6"),
    "office_hs10": ("Office ID", "HS10 Code"),
    "origin_hs4": ("Country of Origin", "hs4"),
    "origin_hs6": ("Country of Origin", "hs6"),
    "origin_hs10": ("Country of Origin", "HS10 Code"),
    "departure_hs6": ("Country of Departure", "hs6"),
    "departure_hs10": ("Country of Departure", "HS10 Code"),
    "indicator_hs6": ("Country of Origin Indicator", "hs6"),
    "hs6_tax_rate": ("hs6", "Tax Rate"),
    "hs10_tax_type": ("HS10 Code", "Tax Type"),
    "origin_indicator_hs10": ("Country of Origin", "Country of Origin Indicator", "HS10 Code"),
    "origin_tax_type_hs10": ("Country of Origin", "Tax Type", "HS10 Code"),
    "departure_origin_hs10": ("Country of Departure", "Country of Origin", "HS10 Code"),
    "office_origin_hs10": ("Office ID", "Country of Origin", "HS10 Code"),
    "departure_origin_tax_type_hs10": (
        "Country of Departure",
        "Country of Origin",
        "Tax Type",
        "HS10 Code",
    ),
}

#: Weight, in declarations, of the overall rate in a key's smoothed fraud rate.
SMOOTHING = 10.0

#: The declaration's own fields that are numbers (codes that are numbers keep their order,
#: which a tree can split on; codes that are names enter only through their history).
OWN_FIELDS = (
    "Office ID",
    "Import Type",
    "Import Use",
    "Payment Type",
    "Mode of Transport",
    "Tax Rate",
)

KNOWN = "_known_outcome"


def build_features(frame: pl.DataFrame, labelled: pl.Series) -> pl.DataFrame:
    """One row of features per declaration of ``frame`` (same order). ``labelled`` says, per
    row, whether its ``Fraud`` outcome may be used as history for later rows."""
    if len(labelled) != frame.height:
        raise ValueError(f"labelled has {len(labelled)} rows, the frame {frame.height}")
    rows = frame.with_columns(
        pl.col("HS10 Code").str.slice(0, 6).alias("hs6"),
        pl.col("HS10 Code").str.slice(0, 4).alias("hs4"),
        pl.when(labelled).then(pl.col(TARGET)).otherwise(None).alias(KNOWN),
        (pl.col("Item Price") / (pl.col("Net Mass") + 1.0)).log1p().alias("log_unit_price"),
    )
    return pl.concat([_own_fields(rows), _price_norms(rows), _histories(rows)], how="horizontal")


def _own_fields(rows: pl.DataFrame) -> pl.DataFrame:
    return rows.select(
        *(pl.col(name).cast(pl.Float64).alias(_snake(name)) for name in OWN_FIELDS),
        pl.col("HS10 Code").cast(pl.Float64).alias("hs10_code"),
        pl.col("HS10 Code").str.slice(0, 2).cast(pl.Float64).alias("hs_chapter"),
        pl.col("Net Mass").log1p().alias("log_net_mass"),
        pl.col("Item Price").log1p().alias("log_item_price"),
        pl.col("log_unit_price"),
        pl.col("Date").dt.weekday().cast(pl.Float64).alias("weekday"),
    )


def _price_norms(rows: pl.DataFrame) -> pl.DataFrame:
    """Log price per kilogram against the mean of earlier declarations of the same goods: an
    undervalued declaration sits far below its code's norm. NaN when the code is new."""
    columns = []
    for level in ("hs6", "HS10 Code"):
        name = f"price_norm_{_snake(level)}"
        norm = history_statistics(
            rows,
            [level],
            date="Date",
            label="log_unit_price",
            prior=0.0,
            smoothing=0.0,
            name=name,
        )[f"{name}_rate"]
        columns.append((rows["log_unit_price"] - norm).alias(f"price_vs_{_snake(level)}"))
    return pl.DataFrame(columns)


def _histories(rows: pl.DataFrame) -> pl.DataFrame:
    """Seen counts and smoothed earlier fraud rates of every key in ``HISTORY_KEYS``, pulled
    towards the overall fraud rate known at the row's date (itself out of time)."""
    overall = history_statistics(
        rows.with_columns(pl.lit(0).alias("_all")),
        ["_all"],
        date="Date",
        label=KNOWN,
        prior=0.5,
        smoothing=1.0,
        name="overall",
    )["overall_rate"]
    blocks = [
        history_statistics(
            rows,
            list(keys),
            date="Date",
            label=KNOWN,
            prior=overall,
            smoothing=SMOOTHING,
            name=name,
        )
        for name, keys in HISTORY_KEYS.items()
    ]
    return pl.concat(blocks, how="horizontal").with_columns(
        pl.selectors.ends_with("_seen", "_labelled").cast(pl.Float64)
    )


def _snake(name: str) -> str:
    return name.lower().replace(" ", "_")
