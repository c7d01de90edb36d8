"""Small copies of the published KCS files, written to a temporary directory for tests.

The rows are the published ones, unchanged: the first rows of each split (dates stay within
the split), so the tests read the same format the benchmark reads. Tests that need them are
skipped when the shared data is not next to the checkout.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from cargotarget.ml.kcs_data import DEFAULT_DIRECTORY, SPLITS

SHARED = Path(__file__).resolve().parents[2] / DEFAULT_DIRECTORY

#: Rows taken from each split: enough for history features and a model to have something
#: to learn, few enough for a test that takes seconds.
SAMPLE_ROWS = {"train": 6000, "valid": 1500, "test": 1500}

needs_data = pytest.mark.skipif(not SHARED.is_dir(), reason=f"the KCS data set is not at {SHARED}")


def write_sample(directory: Path) -> Path:
    """Copy the header and the first rows of each published split into ``directory``."""
    directory.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        with (SHARED / split.file).open(encoding="utf-8") as source:
            lines = [next(source) for _ in range(SAMPLE_ROWS[split.name] + 1)]
        (directory / split.file).write_text("".join(lines), encoding="utf-8")
    return directory
