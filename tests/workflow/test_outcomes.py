"""Examination results imported from CSV on a real database: good rows recorded, bad rows
reported with line and column, files that cannot be read refused, and no duplicates."""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from cargotarget.store.assessment_tables import examination_outcome
from cargotarget.store.assessments import examinations
from cargotarget.workflow.outcome_csv import (
    MAX_OUTCOME_BYTES,
    OPTIONAL,
    REQUIRED,
    read_outcome_csv,
    read_outcome_file,
)
from cargotarget.workflow.outcomes import (
    OutcomeFileError,
    OutcomeImport,
    import_outcomes,
    list_outcomes,
)
from cargotarget.workflow.workspace import Workspace
from tests.factories import as_json, consignment, manifest

NOW = datetime(2026, 4, 1, tzinfo=UTC)
HEADER = "bill_number,examined_at,result,selection,commodity,quantity,unit,discrepancy_type,note\n"
GOOD = (
    "B1,2026-03-15T10:00:00,no_finding,,,,,,\n"
    'B2,2026-03-15T11:30:00-05:00,seizure,rule,cocaine,"1,200",kg,,in banana boxes\n'
    "b3,2026-03-16,discrepancy,random,,,,weight,\n"
)


@pytest.fixture
def stored(workspace: Workspace) -> Workspace:
    bills = [consignment(bill) for bill in ("B1", "B2", "B3", "B4")]
    workspace.intake.ingest(io.BytesIO(as_json(manifest(*bills))), provider="MAEU")
    return workspace


def _import(space: Workspace, text: str | bytes) -> OutcomeImport:
    data = text.encode() if isinstance(text, str) else text
    with space.engine.begin() as conn:
        return import_outcomes(conn, data, at=NOW)


def _count(space: Workspace) -> int:
    with space.engine.connect() as conn:
        query = select(func.count()).select_from(examination_outcome)
        return int(conn.execute(query).scalar_one())


def test_good_rows_are_recorded_with_their_details(stored: Workspace) -> None:
    done = _import(stored, HEADER + GOOD)
    assert (done.recorded, done.duplicates, done.rejected) == (3, 0, 0)
    with stored.engine.connect() as conn:
        found = {o.bill_number: o for o in list_outcomes(conn)}
        exams = examinations(conn)
    assert found["B1"].examined_at == datetime(2026, 3, 15, 10, tzinfo=UTC)
    assert found["B1"].selection == "officer"
    assert found["B2"].examined_at == datetime(2026, 3, 15, 16, 30, tzinfo=UTC)
    assert found["B2"].detail == {
        "commodity": "cocaine",
        "quantity": 1200.0,
        "unit": "kg",
        "note": "in banana boxes",
    }
    assert found["B3"].detail == {"discrepancy_type": "weight"}
    assert found["B3"].selection == "random"
    assert sorted(e.finding for e in exams) == [False, True, True]
    with stored.engine.connect() as conn:
        assert [o.result for o in list_outcomes(conn, "b2")] == ["seizure"]


def test_importing_twice_records_nothing_more(stored: Workspace) -> None:
    _import(stored, HEADER + GOOD)
    again = _import(stored, HEADER + GOOD + GOOD.splitlines(keepends=True)[0])
    assert (again.recorded, again.duplicates, again.rejected) == (0, 4, 0)
    assert _count(stored) == 3
    # The same examination written with another offset is the same examination.
    shifted = HEADER + "B1,2026-03-15T12:00:00+02:00,no_finding,,,,,,\n"
    assert _import(stored, shifted).duplicates == 1
    assert _count(stored) == 3


def test_bad_rows_are_rejected_with_line_and_column(stored: Workspace) -> None:
    bad = (
        "NOPE1,2026-03-15,no_finding,,,,,,\n"  # line 5
        "B4,15/03/2026,no_finding,,,,,,\n"
        "B4,2026-03-15,found_it,,,,,,\n"
        "B4,2026-03-15,seizure,,,,,,\n"
        "B4,2026-03-15,seizure,,heroin,-3,kg,,\n"
        "B4,2026-03-15,seizure,,heroin,12,,,\n"
        "B4,2027-01-01,no_finding,,,,,,\n"
        "B4,2026-03-15,no_finding,drone,,,,,\n"
        "B4,2026-03-15,no_finding,,cigarettes,,,,\n"
        "B4,2026-03-15,discrepancy,,,,,colour,\n"
        "B4,2026-03-15\n"
        ",2026-03-15,no_finding,,,,,,\n"
    )
    done = _import(stored, HEADER + GOOD + bad)
    shown = [str(p) for p in done.problems]
    assert shown == [
        "line 5, bill_number: no consignment with bill number NOPE1 is stored",
        "line 6, examined_at: '15/03/2026' is not an ISO 8601 date and time (2026-03-14T09:30Z)",
        "line 7, result: 'found_it' is not one of no_finding, discrepancy, seizure",
        "line 8, commodity: a seizure needs the commodity seized",
        "line 9, quantity: '-3' is not a positive number",
        "line 10, unit: a quantity needs its unit (kg, pieces, ...)",
        "line 11, examined_at: 2027-01-01 is in the future",
        "line 12, selection: 'drone' is not one of rule, model, officer, random",
        "line 13, commodity: is given but the result is no_finding",
        "line 14, discrepancy_type: 'colour' is not one of misdescription, weight, quantity, "
        "classification, origin, value",
        "line 15: has 2 cells, the header has 9",
        "line 16, bill_number: is empty",
    ]
    assert (done.recorded, done.rejected) == (3, 12)
    assert _count(stored) == 3


def test_a_bill_filed_by_two_providers_needs_the_provider(stored: Workspace) -> None:
    other = manifest(consignment("B1"), reference="MAN-OTHER")
    stored.intake.ingest(io.BytesIO(as_json(other)), provider="CMDU")
    text = "bill_number,examined_at,result\nB1,2026-03-15,no_finding\n"
    [problem] = _import(stored, text).problems
    assert "filed by several providers (CMDU, MAEU); add a provider column" in str(problem)
    with_provider = "bill_number,provider,examined_at,result\nB1,cmdu,2026-03-15,no_finding\n"
    assert _import(stored, with_provider).recorded == 1
    with stored.engine.connect() as conn:
        assert [o.provider for o in list_outcomes(conn, "B1")] == ["CMDU"]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"", "the file is empty"),
        (b"  \n\n", "the file is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary data"),
        (HEADER.encode() + b"B1,2026-03-15,no_finding,,,,,,caf\xe9\n", "line 2 is not UTF-8"),
        (HEADER.encode(), "no rows after the header"),
        (b"bill,when,result\nB1,2026-03-15,no_finding\n", "lacks the column(s) bill_number"),
        (b'{"bill_number": "B1", "result": "seizure"}', "lacks the column(s)"),
        (HEADER.replace("note", "notes").encode(), "unknown column(s) notes"),
        ((HEADER + GOOD + 'B4,2026-03-15,no_finding,,,,,,"unfinished').encode(), "line 5"),
        (b"x" * (MAX_OUTCOME_BYTES + 1), "larger than 16 MiB"),
    ],
)
def test_files_that_cannot_be_read_record_nothing(
    stored: Workspace, data: bytes, reason: str
) -> None:
    with pytest.raises(OutcomeFileError, match=re.escape(reason)):
        _import(stored, data)
    assert _count(stored) == 0


def test_an_oversized_file_is_refused_before_it_is_read(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    path.write_bytes((HEADER + GOOD).encode())
    assert read_outcome_file(path) == (HEADER + GOOD).encode()
    with pytest.raises(OutcomeFileError, match=r"results\.csv is larger than 0 MiB"):
        read_outcome_file(path, limit=100)


def test_the_documentation_names_every_column_and_its_example_reads() -> None:
    doc = (Path(__file__).resolve().parents[2] / "docs" / "examination-outcomes.md").read_text()
    table = doc.split("## Columns", 1)[1].split("\n\n", 2)[1]
    columns = [row.split("|")[1].strip(" `") for row in table.splitlines()[2:]]
    assert sorted(columns) == sorted(REQUIRED + OPTIONAL)
    example = doc.split("```csv\n", 1)[1].split("```", 1)[0]
    rows, problems = read_outcome_csv(example.encode(), now=NOW)
    assert problems == []
    assert [r.result for r in rows] == ["seizure", "discrepancy", "no_finding"]
