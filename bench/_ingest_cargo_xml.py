"""Cargo-XML ingest: read and end-to-end throughput of XFWB/XFZB files made from demo data.

The demo's filings (seed 7) are turned into air waybills (each manifest a flight, see
``cargotarget.ingest.iata.xml_conversion``) and written one document per consignment, as
Cargo-XML is sent. Reading (parse, map, check) is timed in CPU seconds, as ``bench/ingest.py``
times CUSCAR, so that a busy machine does not move the figure; the end-to-end run archives,
parses, checks and stores the files in a new SQLite database as a folder is ingested (wall
clock), and the last few hundred one message at a time, as the provider channel takes them.
``bench/ingest.py`` calls :func:`cargo_xml_figures`; run this file alone with ``--quick`` for a
small size.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from cargotarget.demo.generator import generate
from cargotarget.ingest.iata.xml_conversion import as_air_manifest
from cargotarget.ingest.iata.xml_reader import read_cargo_xml
from cargotarget.ingest.iata.xml_writer import write_waybills
from cargotarget.settings import Settings
from cargotarget.workflow.workspace import open_workspace
from common import cpu_timed, metric, timed


def write_files(directory: Path, size: int) -> list[Path]:
    """Write the demo's ``size`` bills (and their amendments) as Cargo-XML, one file each."""
    directory.mkdir(parents=True, exist_ok=True)
    files = []
    for filing in generate(size, seed=7):
        for data in write_waybills(as_air_manifest(filing.manifest)):
            path = directory / f"{len(files):07d}.xml"
            path.write_bytes(data)
            files.append(path)
    return files


def read_all(documents: list[bytes]) -> tuple[int, int]:
    """Read every document; return (consignments accepted, rejected)."""
    accepted = rejected = 0
    for data in documents:
        for message in read_cargo_xml(io.BytesIO(data)):
            accepted += len(message.manifest.consignments) if message.manifest else 0
            rejected += len(message.rejected) + (message.manifest is None)
    return accepted, rejected


def end_to_end(root: Path, files: list[Path], one_by_one: int) -> float:
    """Ingest every file into a new SQLite database as a folder is ingested (one transaction
    for the lot, parsed in this process: for documents of a few kilobytes worker processes
    cost more than they save); print and return consignments/s. Then ``one_by_one`` more
    files each on its own, as the provider channel takes messages, for the cost per message."""
    settings = Settings(database_url=f"sqlite:///{root}/xml.db", archive_dir=root / "xml-archive")
    workspace = open_workspace(settings, create=True)
    intake = workspace.intake
    folder, single = files[: len(files) - one_by_one], files[len(files) - one_by_one :]
    (reports, cpu), seconds = timed(
        lambda: cpu_timed(lambda: intake.ingest_paths(folder, provider="BENCH", workers=1))
    )
    _, apart = timed(lambda: [intake.ingest_path(path, provider="BENCH") for path in single])
    workspace.engine.dispose()
    stored = sum(r.new + r.amended + r.cancelled for r in reports)
    rate = stored / seconds
    print(
        f"Cargo-XML end to end as a folder (archive + parse + check + store in SQLite, wall "
        f"clock): {seconds:.2f} s for {len(folder):,} files, {stored:,} consignments stored, "
        f"{rate:,.0f} consignments/s ({cpu:.1f} CPU s)"
    )
    if single:
        print(
            f"Cargo-XML one message at a time (the channel's way): {len(single):,} files in "
            f"{apart:.2f} s, {apart / len(single) * 1000:.1f} ms a message"
        )
    return rate


def cargo_xml_figures(root: Path, size: int) -> float:
    """Build ``size`` demo bills as Cargo-XML files under ``root``, print the read and the
    end-to-end figures (and the read rate as a metric line); return end-to-end consignments/s."""
    files, writing = timed(lambda: write_files(root / "cargo_xml", size))
    documents = [path.read_bytes() for path in files]
    megabytes = sum(len(d) for d in documents) / 1e6
    print(f"Cargo-XML: {len(files):,} documents, {megabytes:.1f} MB, written in {writing:.1f} s")
    (accepted, rejected), cpu = cpu_timed(lambda: read_all(documents))
    read_rate = (accepted + rejected) / cpu
    print(
        f"Cargo-XML read + map + check: {cpu:.2f} CPU s, {read_rate:,.0f} consignments/s, "
        f"{megabytes / cpu:.1f} MB/s ({accepted:,} accepted, {rejected} rejected)"
    )
    metric("ingest", "cargo_xml_read_consignments_per_s", read_rate, "1/s")
    return end_to_end(root, files, min(500, len(files) // 4))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="2,000 consignments")
    parser.add_argument("--consignments", type=int, default=20_000)
    args = parser.parse_args()
    size = 2_000 if args.quick else args.consignments
    with tempfile.TemporaryDirectory() as tmp:
        rate = cargo_xml_figures(Path(tmp), size)
    metric("ingest", "cargo_xml_consignments_per_s", rate, "1/s")


if __name__ == "__main__":
    main()
