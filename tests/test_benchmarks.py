"""Every benchmark runs at its quick size, so none rots. Timings are not asserted here."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "bench"
SCRIPTS = sorted(
    p for p in BENCH.glob("*.py") if p.name != "common.py" and not p.name.startswith("_")
)


@pytest.mark.parametrize("script", SCRIPTS, ids=lambda p: p.stem)
def test_benchmark_runs_quick_and_prints_metrics(script: Path, tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(script), "--quick"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    metrics = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    assert metrics, "a benchmark prints its headline figures as JSON lines"
    for figure in metrics:
        assert figure["bench"] == script.stem
        assert isinstance(figure["value"], int | float)
        assert figure["value"] > 0
