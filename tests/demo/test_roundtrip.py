"""Property: any demo manifest written as CUSCAR and as JSON reads back as the same model."""

from __future__ import annotations

import io
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.demo.generator import generate
from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.ingest.edifact.writer import write_cuscar
from cargotarget.ingest.json_format import read_json, write_json

PREPARED = datetime(2026, 1, 1, tzinfo=UTC)


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 2**32 - 1), size=st.integers(1, 60))
def test_demo_to_cuscar_and_json_and_back_is_the_same_model(seed: int, size: int) -> None:
    manifests = [filing.manifest for filing in generate(size, seed)]
    data = write_cuscar(
        manifests, sender="DEMO", recipient="CUSTOMS", control_ref="1", prepared_at=PREPARED
    )
    parsed = list(read_cuscar(io.BytesIO(data)))
    assert [m.problems for m in parsed if m.problems] == []
    assert [m.manifest for m in parsed] == manifests
    from_json = list(read_json(io.BytesIO(write_json(manifests))))
    assert [m.manifest for m in from_json] == manifests
