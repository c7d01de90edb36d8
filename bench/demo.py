"""Demo data generation speed: synthetic consignments generated per second, and written per second
as CUSCAR and JSON.

Goal: at least 20,000 consignments/s for generation alone (1,000,000 consignments in under a
minute). Run ``python bench/demo.py`` for the full 1,000,000 consignments or ``--quick`` for a
small size; the write step is measured on a tenth of the size.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.demo import generate, write_demo
from common import metric, timed

GOAL = 20_000


def generate_all(size: int) -> tuple[int, int, int]:
    """Generate ``size`` consignments; return (manifests, bills filed in all, planted)."""
    manifests = bills = planted = 0
    for filing in generate(size, seed=7):
        manifests += 1
        bills += len(filing.manifest.consignments)
        planted += len(filing.truth)
    return manifests, bills, planted


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="20,000 consignments")
    parser.add_argument("--consignments", type=int, default=1_000_000)
    args = parser.parse_args()
    size = 20_000 if args.quick else args.consignments
    cpu = time.process_time()
    (manifests, bills, planted), seconds = timed(lambda: generate_all(size))
    cpu = time.process_time() - cpu
    rate = size / seconds
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"generated {size:,} consignments in {manifests:,} manifests ({bills:,} bills with "
        f"amendments and cancellations, {planted:,} planted) in {seconds:.1f} s "
        f"({cpu:.1f} s CPU, peak memory {peak_mb:,.0f} MB): {rate:,.0f} consignments/s "
        f"(goal: at least {GOAL:,}/s, ratio {rate / GOAL:.2f})"
    )
    written = max(1, size // 10)
    with tempfile.TemporaryDirectory() as tmp:
        summary, write_seconds = timed(lambda: write_demo(Path(tmp), written, seed=7))
    write_rate = written / write_seconds
    print(
        f"written {written:,} consignments as CUSCAR and JSON ({sum(summary.files.values()):,} "
        f"files) in {write_seconds:.1f} s: {write_rate:,.0f} consignments/s"
    )
    metric("demo", "generated_consignments_per_s", rate, "1/s")
    metric("demo", "written_consignments_per_s", write_rate, "1/s")


if __name__ == "__main__":
    main()
