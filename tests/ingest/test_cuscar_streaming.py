"""A CUSCAR file of a few hundred MB is read as a stream, in memory far below its size."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

#: Run in a process of its own so that its peak resident memory is the reader's alone. The peak
#: is VmHWM, which a new program starts afresh; ru_maxrss would carry the forking process's peak.
_READ_AND_MEASURE = """
import sys
from cargotarget.ingest.edifact.cuscar import read_cuscar

accepted = rejected = errors = 0
with open(sys.argv[1], "rb") as handle:
    for message in read_cuscar(handle):
        accepted += len(message.manifest.consignments) if message.manifest else 0
        rejected += len(message.rejected)
        errors += sum(p.severity == "error" for p in message.problems)
with open("/proc/self/status") as status:
    peak_kib = next(int(line.split()[1]) for line in status if line.startswith("VmHWM"))
print(accepted, rejected, errors, peak_kib)
"""


@pytest.mark.slow
def test_large_interchange_streams_in_bounded_memory(large_cuscar: tuple[Path, int]) -> None:
    path, consignments = large_cuscar
    size = path.stat().st_size
    assert size > 300 * 1024 * 1024
    done = subprocess.run(
        [sys.executable, "-c", _READ_AND_MEASURE, str(path)],
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    accepted, rejected, errors, peak_kib = map(int, done.stdout.split())
    assert (accepted, rejected, errors) == (consignments, 0, 0)
    peak = peak_kib * 1024
    assert peak < size / 3, f"peak {peak / 2**20:.0f} MiB reading {size / 2**20:.0f} MiB"
