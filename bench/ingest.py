"""Ingest: CUSCAR against pydifact, and X12 309 and Cargo-XML beside CUSCAR.

Goals (issue 2), on 100,000 demo consignments on a 2-core machine: at least 5,000
consignments/s end to end (archive, parse, validate, store in SQLite; wall clock), and the parse
step alone at least 3x pydifact on the same files (its ``Parser.parse``, measured at about
25,000 segments/s). Parser times are CPU seconds so that a busy machine does not move the ratio.
X12 309 and Cargo-XML (issue 6) are read and ingested from the same demo filings written in
those formats (``bench/_ingest_x12.py``, ``bench/_ingest_cargo_xml.py``; 20,000 consignments by
default), and their end-to-end rates are printed beside CUSCAR's.
Run ``python bench/ingest.py`` for the full size or ``--quick`` for a small one.
"""

from __future__ import annotations

import argparse
import resource
import sys
import tempfile
import warnings
from pathlib import Path

from pydifact.parser import Parser

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _ingest_cargo_xml import cargo_xml_figures
from _ingest_x12 import x12_figures
from cargotarget.demo.files import write_demo
from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.ingest.edifact.lexer import Lexer
from cargotarget.settings import Settings
from cargotarget.workflow.workspace import open_workspace
from common import cpu_timed, metric, timed


def tokenise_ours(files: list[Path]) -> int:
    """Tokenise every file; return the number of segments."""
    segments = 0
    for path in files:
        with path.open("rb") as handle:
            segments += sum(1 for _ in Lexer(handle))
    return segments


def read_ours(files: list[Path]) -> tuple[int, int]:
    """Read, map and check every file; return (consignments accepted, rejected)."""
    accepted = rejected = 0
    for path in files:
        with path.open("rb") as handle:
            for message in read_cuscar(handle):
                accepted += len(message.manifest.consignments) if message.manifest else 0
                rejected += len(message.rejected)
    return accepted, rejected


def tokenise_pydifact(files: list[Path]) -> int:
    """pydifact's parse step over every file (it reads a whole string); return the segments."""
    segments = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        for path in files:
            text = path.read_bytes().decode("utf-8")
            segments += sum(1 for s in Parser().parse(text) if s.tag != "UNA")
    return segments


def parse_figures(files: list[Path]) -> float:
    """Print the parser figures; return the ratio of the full read against pydifact."""
    segments, lexing = cpu_timed(lambda: tokenise_ours(files))
    (accepted, rejected), reading = cpu_timed(lambda: read_ours(files))
    theirs_count, theirs = cpu_timed(lambda: tokenise_pydifact(files))
    assert theirs_count == segments, (theirs_count, segments)
    megabytes = sum(f.stat().st_size for f in files) / 1e6
    print(
        f"{len(files)} interchanges, {megabytes:.1f} MB, {segments:,} segments, "
        f"{accepted:,} consignments accepted, {rejected} rejected"
    )
    print(f"tokenizer (ours):           {segments / lexing:>10,.0f} segments/s")
    print(
        f"read + map + check (ours):  {segments / reading:>10,.0f} segments/s, "
        f"{accepted / reading:,.0f} consignments/s"
    )
    print(f"pydifact Parser.parse:      {segments / theirs:>10,.0f} segments/s")
    print(
        f"tokenizer vs pydifact: {theirs / lexing:.1f}x; "
        f"full read vs pydifact parse: {theirs / reading:.1f}x (goal: at least 3x)"
    )
    return theirs / reading


def end_to_end(root: Path, files: list[Path]) -> float:
    """Ingest every file into a new SQLite database; print and return consignments/s."""
    settings = Settings(database_url=f"sqlite:///{root}/bench.db", archive_dir=root / "archive")
    workspace = open_workspace(settings, create=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    (reports, main_cpu), seconds = timed(
        lambda: cpu_timed(lambda: workspace.intake.ingest_paths(files, provider="BENCH"))
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    workspace.engine.dispose()
    stored = sum(r.new for r in reports)
    rate = stored / seconds
    # What the CPU work alone allows on two cores: the storing process cannot be split, and
    # all the work shares two cores. Shown beside the wall clock, which a busy machine slows.
    bound = max(main_cpu, (main_cpu + workers_cpu) / 2)
    print(
        f"CPU: storing process {main_cpu:.1f} s, parser processes {workers_cpu:.1f} s; "
        f"on two free cores that allows {stored / bound:,.0f} consignments/s"
    )
    print(
        f"end to end (archive + parse + validate + store in SQLite, wall clock): "
        f"{seconds:.2f} s for {stored:,} consignments (+{sum(r.amended for r in reports):,} "
        f"amendments), {rate:,.0f} consignments/s; goal 5,000/s, ratio {rate / 5000:.2f}"
    )
    return rate


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 consignments")
    parser.add_argument("--consignments", type=int, default=100_000)
    parser.add_argument(
        "--others", type=int, default=20_000, help="consignments as X12 309 and as Cargo-XML"
    )
    args = parser.parse_args()
    size, others = (2_000, 1_000) if args.quick else (args.consignments, args.others)
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        write_demo(root / "demo", size, seed=7, formats=("cuscar",))
        files = sorted((root / "demo" / "cuscar").glob("*.edi"))
        ratio = parse_figures(files)
        rate = end_to_end(root, files)
        x12 = x12_figures(root, others)
        cargo_xml = cargo_xml_figures(root, others)
    print(
        f"end to end, consignments/s: CUSCAR {rate:,.0f}; X12 309 {x12:,.0f} "
        f"({x12 / rate:.2f} x CUSCAR); Cargo-XML {cargo_xml:,.0f} ({cargo_xml / rate:.2f} x CUSCAR)"
    )
    metric("ingest", "consignments_per_s", rate, "1/s")
    metric("ingest", "parse_ratio_vs_pydifact", ratio, "x")
    metric("ingest", "x12_consignments_per_s", x12, "1/s")
    metric("ingest", "cargo_xml_consignments_per_s", cargo_xml, "1/s")


if __name__ == "__main__":
    main()
