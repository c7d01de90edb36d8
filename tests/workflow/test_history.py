"""Stored history rows give the indicators exactly what the whole decoded history gives them,
whether a batch reads every row or only the rows its bills can reach."""

from __future__ import annotations

import random
from datetime import UTC, datetime, timedelta
from pathlib import Path

import polars as pl
import pytest
from sqlalchemy import delete, insert, select

from cargotarget.demo.files import write_demo
from cargotarget.store import tables as t
from cargotarget.store.assessment_tables import examination_outcome, history_row
from cargotarget.store.assessments import stored_filings
from cargotarget.store.history import HistoryScope, history_rows
from cargotarget.workflow.assess import AssessConfig, assess_pending
from cargotarget.workflow.history import (
    SCOPED_LIMIT,
    filing_frame,
    history_for,
    history_of,
    indicator_values,
    load_history,
    record_history,
    stored_history,
)
from cargotarget.workflow.workspace import Workspace


@pytest.fixture
def demo_space(workspace: Workspace, tmp_path: Path) -> Workspace:
    """A workspace with 900 demo consignments (amendments included), examination outcomes
    on some of them (findings among them) and everything assessed."""
    write_demo(tmp_path / "demo", 900, seed=5, formats=("json",), json_lines=True)
    workspace.intake.ingest_paths(sorted((tmp_path / "demo" / "json").iterdir()))
    picker = random.Random(3)
    with workspace.engine.begin() as conn:
        ids = list(conn.execute(select(t.consignment.c.id)).scalars())
        conn.execute(
            insert(examination_outcome),
            [
                {
                    "consignment_id": cid,
                    "examined_at": datetime(2026, 2, 1, tzinfo=UTC) + timedelta(days=n % 40),
                    "recorded_at": datetime(2026, 3, 20, tzinfo=UTC),
                    "selection": "officer",
                    "result": "seizure" if n % 3 == 0 else "no_finding",
                    "detail": "{}",
                }
                for n, cid in enumerate(picker.sample(ids, 120))
            ],
        )
    assess_pending(workspace.engine, workspace.catalogue)
    return workspace


def test_every_version_gets_one_history_row(demo_space: Workspace) -> None:
    with demo_space.engine.connect() as conn:
        versions = set(conn.execute(select(t.consignment_version.c.id)).scalars())
        rows = list(conn.execute(select(history_row.c.version_id)).scalars())
    assert len(rows) == len(set(rows)) == len(versions)
    assert set(rows) == versions


def test_a_scope_reads_few_rows_but_every_version_of_a_reached_bill(demo_space: Workspace) -> None:
    with demo_space.engine.connect() as conn:
        everything = history_rows(conn)
        some = stored_filings(conn)[-1]
        bill = some.consignment.bill_number
        found = history_rows(conn, HistoryScope(bills=frozenset({bill})))
        versions = conn.execute(
            select(t.consignment_version.c.id).where(
                t.consignment_version.c.consignment_id == some.consignment_id
            )
        ).all()
    bill_at = found.columns.index("bill_number")
    assert {row[bill_at] for row in found.rows} == {bill}
    assert len(found.rows) == len(versions) >= 1
    assert len(found.rows) < len(everything.rows)


def test_scoped_history_gives_the_same_indicators_as_the_whole(demo_space: Workspace) -> None:
    config = AssessConfig().indicators
    with demo_space.engine.begin() as conn:
        everything, whole = load_history(conn)
        picker = random.Random(11)
        for _ in range(4):
            target = picker.sample(everything, 25)
            scoped = history_for(conn, record_history(conn, target))
            assert len(scoped) < len(whole)
            frame = filing_frame(target, demo_space.catalogue)
            expected = indicator_values(frame, whole, demo_space.catalogue, config)
            got = indicator_values(frame, scoped, demo_space.catalogue, config)
            assert got.equals(expected), _difference(expected, got)


def test_all_rows_read_back_as_the_decoded_history(demo_space: Workspace) -> None:
    with demo_space.engine.begin() as conn:
        everything, whole = load_history(conn)
        assert len(everything) > SCOPED_LIMIT
        stored = history_for(conn, record_history(conn, everything))
    assert stored.rows.equals(whole.rows)
    assert stored.rows["finding"].sum() > 0


def test_history_of_no_filings_is_empty() -> None:
    assert len(history_of([], [])) == 0


def _difference(expected: pl.DataFrame, got: pl.DataFrame) -> str:
    wrong = [c for c in expected.columns if not expected[c].equals(got[c])]
    return f"columns that differ: {wrong}"


def test_a_store_without_history_rows_gets_them_all_on_the_next_assessment(
    demo_space: Workspace,
) -> None:
    with demo_space.engine.begin() as conn:
        conn.execute(delete(history_row))
        one = stored_filings(conn)[-1]
        rows = record_history(conn, [one])
        versions = set(conn.execute(select(t.consignment_version.c.id)).scalars())
        recorded = set(conn.execute(select(history_row.c.version_id)).scalars())
    assert rows["version_id"].to_list() == [one.version_id]
    assert recorded == versions


def test_the_stored_history_holds_unrecorded_versions_without_writing(
    demo_space: Workspace,
) -> None:
    with demo_space.engine.begin() as conn:
        conn.execute(delete(history_row).where(history_row.c.version_id > 400))
    with demo_space.engine.connect() as conn:
        _, whole = load_history(conn)
        stored = stored_history(conn)
        recorded = conn.execute(select(history_row.c.version_id)).scalars().all()
    assert stored.rows.equals(whole.rows)
    assert max(recorded) == 400
