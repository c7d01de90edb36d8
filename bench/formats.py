"""Reading canonical JSON, JSON Lines and CSV: parse + validate throughput on demo consignments.

Goal: JSON reading well over 20,000 consignments/s; CSV has no goal, its figure is printed. Run
``python bench/formats.py`` for 50,000 consignments or ``--quick`` for a small size. The demo's
stream of filings holds amendments of the same manifest one after another, which one CSV file
cannot tell apart, so the CSV figure reads the stream as several files, a new one wherever a
manifest follows itself.
"""

from __future__ import annotations

import argparse
import gc
import io
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.demo.generator import generate
from cargotarget.ingest.csv_format import read_csv, write_csv
from cargotarget.ingest.json_format import read_json, write_json, write_json_lines
from cargotarget.model.manifest import Manifest
from cargotarget.model.problems import ParsedMessage
from common import metric, timed

GOAL = 20_000


def csv_files(manifests: list[Manifest]) -> list[bytes]:
    """The manifests as CSV files, a new file wherever a manifest follows one of its own."""
    runs: list[list[Manifest]] = [[]]
    for manifest in manifests:
        if runs[-1] and runs[-1][-1].reference == manifest.reference:
            runs.append([])
        runs[-1].append(manifest)
    return [write_csv(run) for run in runs]


def count(reader: Callable[[BinaryIO], Iterator[ParsedMessage]], files: list[bytes]) -> int:
    """Read every file; return the consignments accepted or rejected."""
    total = 0
    for data in files:
        for message in reader(io.BytesIO(data)):
            total += len(message.manifest.consignments) if message.manifest else 0
            total += len(message.rejected)
    return total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 consignments")
    parser.add_argument("--consignments", type=int, default=50_000)
    args = parser.parse_args()
    size = 2_000 if args.quick else args.consignments
    manifests = [filing.manifest for filing in generate(size, seed=7)]
    inputs = {
        "json": (read_json, [write_json(manifests)]),
        "jsonl": (read_json, [write_json_lines(manifests)]),
        "csv": (read_csv, csv_files(manifests)),
    }
    del manifests
    for name, (reader, files) in inputs.items():
        gc.collect()
        consignments, seconds = timed(lambda r=reader, f=files: count(r, f))
        rate = consignments / seconds
        megabytes = sum(map(len, files)) / 1e6
        goal = f" (goal {GOAL:,}/s, ratio {rate / GOAL:.2f})" if name.startswith("json") else ""
        print(
            f"{name}: {megabytes:.1f} MB, {consignments:,} consignments in {seconds:.2f} s, "
            f"{rate:,.0f} consignments/s{goal}"
        )
        metric("formats", f"{name}_consignments_per_s", rate, "1/s")


if __name__ == "__main__":
    main()
