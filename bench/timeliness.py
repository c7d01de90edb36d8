"""Timeliness figures: the report of a national year of filings, computed in Polars.

One million consignment versions (one in five an amendment) from 400 filers at 30 ports, with
lead times spread around the 24-hour rule, 20,000 masters without houses and 5,000 notices:
the figures overall, per provider and per port, the histogram and the late list, as the page
asks for them. The reads from the database are not timed here (they are plain indexed scans;
see ``bench/api.py`` for the pages). Run ``python bench/timeliness.py`` for the full size or
``--quick`` for a small one.
"""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import numpy as np
import polars as pl

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.reports.deadlines import FilingRule
from cargotarget.reports.timeliness_frames import COUNTS, FILINGS, MASTERS, NOTICES
from cargotarget.reports.timeliness_report import Inputs, Scope, build_report
from common import metric, timed

START = datetime(2025, 1, 1, tzinfo=UTC)


def _times(hours: np.ndarray) -> pl.Series:
    moments = np.datetime64("2025-01-01T00:00:00", "us") + (hours * 3.6e9).astype("m8[us]")
    return pl.Series(moments).dt.replace_time_zone("UTC")


def filings(rng: np.random.Generator, size: int) -> pl.DataFrame:
    """``size`` versions: received over a year, departing 0-120 hours later (a tenth after)."""
    received = rng.uniform(0, 365 * 24, size)
    lead = rng.gamma(2.0, 24.0, size) - rng.uniform(0, 12, size)
    voyage = rng.integers(0, size // 200 + 1, size)
    table = pl.DataFrame(
        {
            "consignment_id": np.arange(size) // 5 * 4 + rng.integers(0, 4, size),
            "raw_message_id": np.arange(size) // 40,
            "provider": [f"P{n:03d}" for n in rng.integers(0, 400, size)],
            "port": [
                f"JM{chr(65 + n % 26)}{chr(65 + n // 26)}X" for n in rng.integers(0, 30, size)
            ],
            "mode": np.where(rng.random(size) < 0.1, "air", "sea"),
            "bill_number": [f"B{n:09d}" for n in range(size)],
            "voyage_id": voyage,
            "voyage_number": [f"V{n}" for n in voyage],
            "version": np.where(rng.random(size) < 0.2, 2, 1),
            "received_at": _times(received),
            "departure_at": _times(received + lead),
            "arrival_at": _times(received + lead + 96),
        }
    )
    return table.select(pl.col(n).cast(t) for n, t in FILINGS.items())


def inputs(size: int) -> Inputs:
    rng = np.random.default_rng(20260314)
    masters = pl.DataFrame(
        {
            "consignment_id": np.arange(size // 50),
            "provider": [f"P{n:03d}" for n in rng.integers(0, 400, size // 50)],
            "port": "JMKIN",
            "bill_number": [f"M{n}" for n in range(size // 50)],
            "voyage_id": rng.integers(0, 5000, size // 50),
            "voyage_number": "V",
            "first_seen_at": _times(rng.uniform(0, 365 * 24, size // 50)),
        }
    ).select(pl.col(n).cast(t) for n, t in MASTERS.items())
    notices = pl.DataFrame(
        {
            "notice_id": np.arange(size // 200),
            "provider": "P001",
            "port": "JMKIN",
            "carrier_code": "MAEU",
            "mode": "sea",
            "voyage_number": "V",
            "due_at": _times(rng.uniform(0, 365 * 24, size // 200)),
            "manifest_by_due": rng.random(size // 200) < 0.9,
        }
    ).select(pl.col(n).cast(t) for n, t in NOTICES.items())
    counts = pl.DataFrame(
        {"provider": [f"P{n:03d}" for n in range(400)], "kind": "message", "count": 100}
    ).select(pl.col(n).cast(t) for n, t in COUNTS.items())
    return Inputs(filings(rng, size), counts, masters, notices)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 versions instead of 1,000,000")
    size = 20_000 if parser.parse_args().quick else 1_000_000
    data = inputs(size)
    scope = Scope(START, START + timedelta(days=366))
    report, seconds = timed(lambda: build_report(data, FilingRule(), scope))
    print(f"{size:,} filing versions, {len(report.providers)} providers, {len(report.ports)} ports")
    print(f"report in {seconds:.2f} s; on time overall {report.overall.on_time_share:.1%}")
    metric("timeliness", "report_seconds", seconds, "s")
    metric("timeliness", "versions_per_second", size / seconds, "1/s")


if __name__ == "__main__":
    main()
