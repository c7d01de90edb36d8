"""Writing a demo data set to disk, in the formats carriers send and beside it the answers.

Layout under the output directory::

    cuscar/NNNNNN_REFERENCE.edi   one CUSCAR interchange per manifest, in filing order
    json/NNNNNN_REFERENCE.json    one canonical JSON manifest per file (small demos), or
    json/manifests.jsonl          all manifests as JSON Lines (large demos)
    ground_truth.jsonl            one planted risk per line; never inside the manifests
    watchlist.csv                 the demo watch list the planted parties imitate
    summary.json                  the counts :func:`write_demo` returns, without the directory
                                  (the same demo is the same bytes wherever it is written)

A new demo replaces the manifest files of an earlier one in the same directory.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import BinaryIO

import msgspec

from cargotarget.demo.generator import DemoManifest, generate
from cargotarget.demo.watchlist import watchlist_csv
from cargotarget.ingest.edifact.writer import write_cuscar
from cargotarget.model.manifest import Manifest, MessageFunction

FORMATS = ("cuscar", "json")
JSON_LINES_ABOVE = 10_000
"""Demos of more consignments than this write JSON Lines instead of one file per manifest."""


@dataclass(frozen=True, slots=True)
class DemoSummary:
    """What a demo run wrote: distinct bills filed originally, manifests, refiled and cancelled
    bills, planted risks per pattern, and files per format."""

    out_dir: str
    seed: int
    consignments: int = 0
    manifests: int = 0
    amendments: int = 0
    cancellations: int = 0
    planted: int = 0
    patterns: dict[str, int] = field(default_factory=dict)
    files: dict[str, int] = field(default_factory=dict)


def write_demo(
    out_dir: Path,
    consignments: int,
    seed: int = 42,
    formats: Sequence[str] = FORMATS,
    start: date = date(2026, 1, 5),
    json_lines: bool | None = None,
) -> DemoSummary:
    """Generate a demo of ``consignments`` bills and write it under ``out_dir``.

    ``json_lines`` chooses JSON Lines over one JSON file per manifest; by default JSON Lines is
    used above :data:`JSON_LINES_ABOVE` consignments.
    """
    unknown = set(formats) - set(FORMATS)
    if unknown:
        raise ValueError(f"unknown demo formats {sorted(unknown)}; choose from {FORMATS}")
    lines = consignments > JSON_LINES_ABOVE if json_lines is None else json_lines
    writers = _Writers(out_dir, formats, lines)
    counts = _Counts()
    with writers, (out_dir / "ground_truth.jsonl").open("wb") as truth:
        for filing in generate(consignments, seed, start):
            writers.write(filing.manifest)
            counts.add(filing)
            for record in filing.truth:
                truth.write(msgspec.json.encode(record) + b"\n")
    (out_dir / "watchlist.csv").write_text(watchlist_csv(), encoding="utf-8")
    summary = DemoSummary(
        out_dir=str(out_dir),
        seed=seed,
        consignments=counts.originals,
        manifests=counts.manifests,
        amendments=counts.functions[MessageFunction.REPLACE],
        cancellations=counts.functions[MessageFunction.CANCEL],
        planted=sum(counts.patterns.values()),
        patterns=dict(sorted(counts.patterns.items())),
        files=writers.files,
    )
    counts_only = {k: v for k, v in asdict(summary).items() if k != "out_dir"}
    (out_dir / "summary.json").write_bytes(msgspec.json.format(msgspec.json.encode(counts_only)))
    return summary


@dataclass(slots=True)
class _Counts:
    originals: int = 0
    manifests: int = 0
    functions: Counter[MessageFunction] = field(default_factory=Counter)
    patterns: Counter[str] = field(default_factory=Counter)

    def add(self, filing: DemoManifest) -> None:
        manifest = filing.manifest
        self.manifests += 1
        bills = len(manifest.consignments)
        self.functions[manifest.function] += bills
        if manifest.function is MessageFunction.ORIGINAL:
            self.originals += bills
        self.patterns.update(t.pattern for t in filing.truth)


class _Writers:
    """Writes each manifest in every requested format, numbering files in filing order."""

    def __init__(self, out_dir: Path, formats: Sequence[str], json_lines: bool) -> None:
        self.out_dir = out_dir
        self.formats = tuple(formats)
        self.json_lines = json_lines
        self.files: dict[str, int] = dict.fromkeys(self.formats, 0)
        self._count = 0
        self._lines: BinaryIO | None = None
        self._encoder = msgspec.json.Encoder()

    def __enter__(self) -> _Writers:
        self.out_dir.mkdir(parents=True, exist_ok=True)
        for fmt in self.formats:
            folder = self.out_dir / fmt
            folder.mkdir(exist_ok=True)
            for stale in (*folder.glob("*.edi"), *folder.glob("*.json"), *folder.glob("*.jsonl")):
                stale.unlink()
        if "json" in self.formats and self.json_lines:
            self._lines = (self.out_dir / "json" / "manifests.jsonl").open("wb")
            self.files["json"] = 1
        return self

    def __exit__(self, *exc_info: object) -> None:
        if self._lines is not None:
            self._lines.close()

    def write(self, manifest: Manifest) -> None:
        """Write ``manifest``, the next in filing order, in every requested format."""
        self._count += 1
        stem = f"{self._count:06d}_{manifest.reference}"
        if "cuscar" in self.formats:
            path = self.out_dir / "cuscar" / f"{stem}.edi"
            path.write_bytes(_cuscar(manifest, self._count))
            self.files["cuscar"] += 1
        if "json" in self.formats:
            encoded = self._encoder.encode(manifest)
            if self._lines is not None:
                self._lines.write(encoded + b"\n")
            else:
                (self.out_dir / "json" / f"{stem}.json").write_bytes(encoded)
                self.files["json"] += 1


def _cuscar(manifest: Manifest, number: int) -> bytes:
    """One CUSCAR interchange from the carrier to the customs of the port of discharge."""
    port = manifest.voyage.arrival_port or "XX"
    return write_cuscar(
        [manifest],
        sender=manifest.provider or "DEMO",
        recipient=f"{port[:2]}CUSTOMS",
        control_ref=f"{number:08d}",
        prepared_at=manifest.filed_at or _never_filed(manifest),
    )


def _never_filed(manifest: Manifest) -> datetime:
    raise ValueError(f"manifest {manifest.reference} has no filing time")
