"""Risk indicators: every indicator for 100,000 consignments against 1,000,000 history rows.

Goal (issue 3): a few seconds at most. Figures: building the history (party keys, filing
order), computing the indicators the first time (the tables the history derives for them built
on the way) and again with a history already used. The bills are generated here, seeded, with
the skew of real manifests (a few parties, origins and headings carry most of the cargo); one
history bill in five is amended, and one assessed bill in ten amends a bill of the history.
Run ``python bench/indicators.py`` for the full size or ``--quick`` for a small one.
"""

from __future__ import annotations

import argparse
import sys
from datetime import timedelta
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.model.reference import countries, hs_codes
from cargotarget.risk.fields import FieldType, default_catalogue
from cargotarget.risk.frame import conform
from cargotarget.risk.indicators import (
    INDICATORS,
    INPUT_SCHEMA,
    History,
    compute_indicators,
    register_indicators,
)
from common import metric, timed

HISTORY_DAYS = 365
BATCH_DAYS = 3
HUBS = ["PAMIT", "SGSIN", "AEJEA", "ESALG", "NLRTM", "DEHAM", "CNSHA", "USNYC"]
SIZE_TYPES = ["45G1", "22G1", "42G1", "45R1", "22R1", "22U1", "22P1", "22T6"]
CONTAINER_POOL = 400_000


def skewed(rng: np.random.Generator, count: int, size: int, s: float = 1.05) -> np.ndarray:
    """``size`` indices in ``range(count)`` with Zipf-like weights over a shuffled order."""
    weights = 1.0 / np.arange(1, count + 1) ** s
    order = rng.permutation(count)
    return order[rng.choice(count, size=size, p=weights / weights.sum())]


def _names(prefix: str, picks: np.ndarray) -> pl.Series:
    numbers = pl.Series(picks).cast(pl.String).str.zfill(6)
    return pl.select(pl.format(prefix + " {} LTD", numbers)).to_series()


def _times(seconds: np.ndarray) -> pl.Series:
    """1 January 2025 plus ``seconds``, in UTC."""
    moments = np.datetime64("2025-01-01T00:00:00", "us") + (seconds * 1e6).astype("m8[us]")
    return pl.Series(moments).dt.replace_time_zone("UTC")


def draw_bills(rng: np.random.Generator, size: int) -> pl.DataFrame:
    """What a bill says, for ``size`` bills; one description in fifty does not fit its code."""
    six = sorted(code for code in hs_codes() if len(code) == 6)
    codes = np.asarray(six, dtype=object)[skewed(rng, len(six), size)]
    texts = [hs_codes()[c][:40] for c in six]
    others = [
        texts[i] if r < 0.02 else None
        for i, r in zip(rng.integers(0, len(six), size), rng.random(size), strict=True)
    ]
    first = rng.integers(0, CONTAINER_POOL, size)
    return pl.DataFrame(
        {
            "shipper_name": _names("SHIPPER", skewed(rng, 60_000, size, 0.9)),
            "consignee_name": _names("CONSIGNEE", skewed(rng, 40_000, size, 0.9)),
            "hs_code": codes,
            "origin_country": np.asarray(sorted(countries()))[skewed(rng, 240, size, 1.3)],
            "description": [o or hs_codes()[c][:40] for o, c in zip(others, codes, strict=True)],
            "gross_weight_kg": np.round(rng.lognormal(9.0, 1.0, size), 1),
            "package_count": np.ceil(rng.lognormal(4.0, 1.2, size)),
            "container_numbers": [
                [f"MSCU{(i + k * 7) % CONTAINER_POOL:07d}" for k in range(n)]
                for i, n in zip(first, rng.integers(1, 3, size), strict=True)
            ],
            "size_type": np.asarray(SIZE_TYPES)[skewed(rng, len(SIZE_TYPES), size, 1.5)],
        }
    ).with_columns(seals=pl.col("container_numbers").list.eval(pl.element().str.slice(4)))


def generate_history(rows: int, seed: int = 3) -> pl.DataFrame:
    """``rows`` versions of bills filed over a year: about one bill in five amended a few
    hours or days later; one bill in a hundred examined with a finding; three in a hundred
    declaring dangerous goods."""
    rng = np.random.default_rng(seed)
    count = int(rows / 1.2)
    originals = draw_bills(rng, count).with_columns(
        bill_number=pl.format("BL{}", pl.int_range(count).cast(pl.String).str.zfill(9)),
        filed_at=_times(rng.uniform(0, HISTORY_DAYS * 86_400, count)),
    )
    amended = originals.sample(rows - count, with_replacement=True, seed=seed)
    delay = _times(rng.uniform(3_600, 3 * 86_400, amended.height)) - _times(np.zeros(1))
    versions = pl.concat([originals, amended.with_columns(pl.col("filed_at") + delay)])
    finding = rng.random(rows) < 0.01
    found_after = _times(rng.uniform(86_400, 20 * 86_400, rows)) - _times(np.zeros(1))
    return versions.with_columns(
        notify_name=pl.lit(None, pl.String),
        container_count=pl.col("container_numbers").list.len().cast(pl.Float64),
        dangerous_goods=pl.Series(rng.random(rows) < 0.03),
        examined=pl.Series(finding | (rng.random(rows) < 0.04)),
        finding=pl.Series(finding),
        finding_at=pl.when(pl.Series(finding)).then(pl.col("filed_at") + found_after),
    )


def _containers(bills: pl.DataFrame) -> pl.Series:
    """The containers of each bill, all of the bill's size/type, full and sealed."""
    number = pl.col("container_numbers")
    container = pl.struct(
        number=number, size_type="size_type", full=True, seals=pl.concat_list(number.str.slice(4))
    )
    one_each = bills.with_row_index("bill").explode("container_numbers")
    grouped = one_each.group_by("bill", maintain_order=True).agg(container.alias("containers"))
    return grouped["containers"]


def _rule_columns(bills: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    size = bills.height
    columns = bills.with_columns(
        mode=pl.lit("sea"),
        hs_heading=pl.col("hs_code").str.head(4),
        hs_chapter=pl.col("hs_code").str.head(2),
        shipper_country=pl.col("origin_country"),
        consignee_country=pl.lit("JM"),
        port_of_loading=pl.lit("CNSHA"),
        freight_payment=pl.Series(np.where(rng.random(size) < 0.3, "collect", "prepaid")),
        package_kind=pl.Series(np.where(rng.random(size) < 0.1, "PX", "CT")),
        filed_hours_before_arrival=pl.Series(rng.uniform(-5, 200, size)),
        container_count=pl.col("container_numbers").list.len().cast(pl.Float64),
        container_size_type=pl.col("size_type"),
    )
    return conform(columns, register_indicators(default_catalogue()))


def _input_columns(bills: pl.DataFrame, rng: np.random.Generator) -> pl.DataFrame:
    size = bills.height
    hubs = np.asarray(HUBS)[rng.integers(0, len(HUBS), size)]
    inputs = bills.select(
        "bill_number",
        "filed_at",
        containers=_containers(bills),
        departure_at=pl.col("filed_at") + timedelta(days=2),
        consignee_street=pl.lit("12 HARBOUR STREET"),
        consignee_city=pl.lit("KINGSTON"),
        trader_identifiers=pl.Series(
            [["AEO:GBAEOC1"] if r < 0.05 else [] for r in rng.random(size)]
        ),
        transshipment_ports=pl.Series(
            [[h] if r < 0.4 else [] for h, r in zip(hubs, rng.random(size), strict=True)]
        ),
    )
    absent = [pl.lit(None, t).alias(n) for n, t in INPUT_SCHEMA.items() if n not in inputs.columns]
    return inputs.with_columns(absent).select(pl.col(n).cast(t) for n, t in INPUT_SCHEMA.items())


def generate_frame(size: int, history: pl.DataFrame, seed: int = 5) -> pl.DataFrame:
    """``size`` bills filed over a few days after the history, one in ten a new version of a
    bill of the history, as an indicator frame (rule columns and input columns)."""
    rng = np.random.default_rng(seed)
    amendments = size // 10
    new = draw_bills(rng, size - amendments).with_columns(
        bill_number=pl.format("NEW{}", pl.int_range(size - amendments).cast(pl.String))
    )
    amended = history.sample(amendments, seed=seed).select(new.columns)
    bills = pl.concat([new, amended]).with_columns(
        filed_at=_times(rng.uniform(0, BATCH_DAYS * 86_400, size) + HISTORY_DAYS * 86_400),
        amendment_count=pl.Series([0.0] * (size - amendments) + [1.0] * amendments),
    )
    return pl.concat([_rule_columns(bills, rng), _input_columns(bills, rng)], how="horizontal")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="5,000 bills, 50,000 history rows")
    parser.add_argument("--bills", type=int, default=100_000)
    parser.add_argument("--history", type=int, default=1_000_000)
    args = parser.parse_args()
    size, rows = (5_000, 50_000) if args.quick else (args.bills, args.history)
    records, generated = timed(lambda: generate_history(rows))
    frame = generate_frame(size, records)
    print(f"{size:,} bills and {rows:,} history rows generated in {generated:.1f} s")
    history, built = timed(lambda: History.from_frame(records))
    print(f"history built (party keys, filing order) in {built:.2f} s")
    result, cold = timed(lambda: compute_indicators(frame, history))
    _, warm = timed(lambda: compute_indicators(frame, history))
    print(f"{len(INDICATORS)} indicators: {cold:.2f} s the first time, {warm:.2f} s again")
    flags = [i.name for i in INDICATORS if i.type is FieldType.BOOLEAN]
    shares = result.select(pl.col(flags).mean().round(3)).row(0, named=True)
    print("share of bills flagged:", ", ".join(f"{k} {v}" for k, v in shares.items()))
    if size == 100_000 and rows == 1_000_000:
        print(f"goal at this size: a few seconds, {'met' if cold <= 5.0 else 'not met'}")
    metric("indicators", "history_seconds", built, "s")
    metric("indicators", "compute_seconds", cold, "s")
    metric("indicators", "compute_seconds_warm", warm, "s")


if __name__ == "__main__":
    main()
