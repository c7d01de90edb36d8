"""CUSCAR parse + validate + store of demo consignments, against pydifact.

Goal (issue 2): at least 5,000 consignments/s end to end into SQLite on a 2-core machine, and the
parse step alone at least 3x pydifact on the same files. Run ``python bench/ingest.py`` for the
full 100,000 consignments or ``--quick`` for a small size.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from pydifact.segmentcollection import Interchange

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.demo.files import write_demo
from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.settings import Settings
from cargotarget.workflow.workspace import open_workspace
from common import metric, timed


def parse_ours(files: list[Path]) -> tuple[int, int]:
    """Parse and validate every file; return (consignments, rejected)."""
    accepted = rejected = 0
    for path in files:
        with path.open("rb") as handle:
            for message in read_cuscar(handle):
                if message.manifest is not None:
                    accepted += len(message.manifest.consignments)
                rejected += len(message.rejected)
    return accepted, rejected


def parse_pydifact(files: list[Path]) -> int:
    """Tokenise and split every file into segments with pydifact; return the segment count."""
    segments = 0
    for path in files:
        interchange = Interchange.from_str(path.read_text(encoding="latin-1"))
        segments += sum(1 for _ in interchange.get_segments())
    return segments


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 consignments")
    parser.add_argument("--consignments", type=int, default=100_000)
    args = parser.parse_args()
    size = 2_000 if args.quick else args.consignments
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_demo(root / "demo", size, seed=7, formats=("cuscar",))
        files = sorted((root / "demo").rglob("*.edi"))
        total_bytes = sum(f.stat().st_size for f in files)
        (count, rejected), ours = timed(lambda: parse_ours(files))
        segments, theirs = timed(lambda: parse_pydifact(files))
        print(
            f"{len(files)} CUSCAR files, {total_bytes / 1e6:.1f} MB, {segments:,} segments, "
            f"{count:,} consignments parsed ({rejected} rejected)"
        )
        print(
            f"parse + validate (ours): {ours:.2f} s, {segments / ours:,.0f} segments/s, "
            f"{count / ours:,.0f} consignments/s"
        )
        print(f"pydifact tokenise + segments: {theirs:.2f} s, {segments / theirs:,.0f} segments/s")
        print(f"parse ratio vs pydifact: {theirs / ours:.1f}x (goal: at least 3x)")

        settings = Settings(database_url=f"sqlite:///{root}/bench.db", archive_dir=root / "archive")
        workspace = open_workspace(settings, create=True)
        reports, seconds = timed(
            lambda: [workspace.intake.ingest_path(f, provider="BENCH") for f in files]
        )
        stored = sum(r.accepted for r in reports)
        print(
            f"end to end (archive + parse + validate + store in SQLite): {seconds:.2f} s, "
            f"{stored:,} consignments stored, {stored / seconds:,.0f} consignments/s "
            f"(goal: at least 5,000/s, ratio {stored / seconds / 5000:.2f})"
        )
        workspace.engine.dispose()
    metric("ingest", "consignments_per_s", stored / seconds, "1/s")
    metric("ingest", "parse_ratio_vs_pydifact", theirs / ours, "x")


if __name__ == "__main__":
    main()
