"""X12 309 ingest: read and end-to-end throughput of 309 files made from demo data, beside CUSCAR.

The demo's filings (seed 7) are written one 309 interchange per filing, as carriers send them to
a customs administration, and the same filings as CUSCAR. Reading (tokenise, map, check) is timed
in CPU seconds for both, as ``bench/ingest.py`` times CUSCAR, so that a busy machine does not move
the ratio; the end-to-end run archives, parses, checks and stores every 309 file in a new SQLite
database (wall clock, with the CPU that two free cores would need). ``bench/ingest.py`` calls
:func:`x12_figures`; run this file alone with ``--quick`` for a small size.
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.demo.generator import generate
from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.ingest.edifact.writer import write_cuscar
from cargotarget.ingest.x12.reader import read_x12
from cargotarget.ingest.x12.writer import write_309
from cargotarget.model.problems import ParsedMessage
from cargotarget.settings import Settings
from cargotarget.workflow.workspace import open_workspace
from common import cpu_timed, metric, timed

PREPARED = datetime(2026, 1, 1, tzinfo=UTC)


def write_files(directory: Path, size: int) -> tuple[list[Path], list[bytes]]:
    """Write the demo's ``size`` bills (and their amendments) as one 309 file per filing; return
    the files and the same filings as CUSCAR interchanges (in memory) for comparison."""
    directory.mkdir(parents=True, exist_ok=True)
    files: list[Path] = []
    cuscar: list[bytes] = []
    for number, filing in enumerate(generate(size, seed=7), 1):
        path = directory / f"{number:07d}.309"
        manifests = [filing.manifest]
        path.write_bytes(
            write_309(
                manifests,
                sender="BENCH",
                recipient="CUSTOMS",
                control_number=number,
                prepared_at=PREPARED,
            )
        )
        cuscar.append(
            write_cuscar(
                manifests,
                sender="BENCH",
                recipient="CUSTOMS",
                control_ref=str(number),
                prepared_at=PREPARED,
            )
        )
        files.append(path)
    return files, cuscar


def count(messages: list[ParsedMessage]) -> tuple[int, int]:
    """(consignments accepted, consignments or messages rejected) in ``messages``."""
    accepted = sum(len(m.manifest.consignments) for m in messages if m.manifest)
    return accepted, sum(len(m.rejected) + (m.manifest is None) for m in messages)


def read_all(documents: list[bytes], x12: bool) -> tuple[int, int]:
    """Read every document as X12 (or CUSCAR); return (accepted, rejected)."""
    reader = read_x12 if x12 else read_cuscar
    accepted = rejected = 0
    for data in documents:
        good, bad = count(list(reader(io.BytesIO(data))))
        accepted, rejected = accepted + good, rejected + bad
    return accepted, rejected


def end_to_end(root: Path, files: list[Path]) -> float:
    """Ingest every 309 file into a new SQLite database; print and return consignments/s."""
    settings = Settings(database_url=f"sqlite:///{root}/x12.db", archive_dir=root / "x12-archive")
    workspace = open_workspace(settings, create=True)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    (reports, main_cpu), seconds = timed(
        lambda: cpu_timed(lambda: workspace.intake.ingest_paths(files, provider="BENCH"))
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    workers_cpu = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    workspace.engine.dispose()
    stored = sum(r.new + r.amended + r.cancelled for r in reports)
    rate = stored / seconds
    bound = max(main_cpu, (main_cpu + workers_cpu) / 2)
    print(
        f"X12 309 end to end (archive + parse + check + store in SQLite, wall clock): "
        f"{seconds:.2f} s for {len(files):,} files, {stored:,} consignments stored, "
        f"{rate:,.0f} consignments/s; CPU: storing {main_cpu:.1f} s, parsers {workers_cpu:.1f} s, "
        f"{stored / bound:,.0f} consignments/s on two free cores"
    )
    return rate


def x12_figures(root: Path, size: int) -> float:
    """Build ``size`` demo bills as 309 files under ``root``, print the read figures beside
    CUSCAR's on the same filings and the end-to-end figures (the read rate and its ratio to
    CUSCAR as metric lines); return end-to-end consignments/s."""
    (files, cuscar), writing = timed(lambda: write_files(root / "x12", size))
    documents = [path.read_bytes() for path in files]
    megabytes = sum(len(d) for d in documents) / 1e6
    print(f"X12 309: {len(files):,} interchanges, {megabytes:.1f} MB, written in {writing:.1f} s")
    (accepted, rejected), cpu = cpu_timed(lambda: read_all(documents, x12=True))
    (theirs, _), cuscar_cpu = cpu_timed(lambda: read_all(cuscar, x12=False))
    rate, cuscar_rate = (accepted + rejected) / cpu, theirs / cuscar_cpu
    print(
        f"X12 309 read + map + check: {cpu:.2f} CPU s, {rate:,.0f} consignments/s, "
        f"{megabytes / cpu:.1f} MB/s ({accepted:,} accepted, {rejected} rejected)"
    )
    print(
        f"CUSCAR read + map + check, same filings: {cuscar_rate:,.0f} consignments/s; "
        f"X12 309 / CUSCAR: {rate / cuscar_rate:.2f}"
    )
    metric("ingest", "x12_read_consignments_per_s", rate, "1/s")
    metric("ingest", "x12_read_ratio_vs_cuscar", rate / cuscar_rate, "x")
    return end_to_end(root, files)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 consignments")
    parser.add_argument("--consignments", type=int, default=20_000)
    args = parser.parse_args()
    size = 2_000 if args.quick else args.consignments
    with tempfile.TemporaryDirectory() as tmp:
        rate = x12_figures(Path(tmp), size)
    metric("ingest", "x12_consignments_per_s", rate, "1/s")


if __name__ == "__main__":
    main()
