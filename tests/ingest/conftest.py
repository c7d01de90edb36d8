"""Fixtures of the ingest tests: the golden CUSCAR files and a large generated interchange."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest

from cargotarget.ingest.edifact.writer import write_cuscar

CUSCAR_FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cuscar"


@pytest.fixture
def cuscar_bytes() -> dict[str, bytes]:
    """Each golden CUSCAR file's bytes, by file stem."""
    return {path.stem: path.read_bytes() for path in CUSCAR_FIXTURES.glob("*.edi")}


@pytest.fixture(scope="session")
def large_cuscar(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    """An interchange of about 300 MB, written a message at a time (never held whole).

    One message of 500 consignments (copies of the golden D.11A ones, each with its own bill)
    is written with :func:`write_cuscar`, then repeated with its own message reference.
    Returns the file and its number of consignments.
    """
    from cargotarget.ingest.edifact.cuscar import read_cuscar

    with (CUSCAR_FIXTURES / "d11a_sea_import.edi").open("rb") as handle:
        template = next(iter(read_cuscar(handle))).manifest
    assert template is not None
    per_message = 500
    consignments = tuple(
        msgspec.structs.replace(
            template.consignments[i % len(template.consignments)], bill_number=f"BL{i:06d}"
        )
        for i in range(per_message)
    )
    one = write_cuscar(
        [msgspec.structs.replace(template, consignments=consignments)],
        sender="BENCH",
        recipient="CUSTOMS",
        control_ref="1",
        prepared_at=datetime(2024, 1, 1, tzinfo=UTC),
    )
    head, body = one[: one.index(b"UNH+1+")], one[one.index(b"UNH+1+") + len(b"UNH+1") :]
    body, trailer = body[: body.rindex(b"UNT+")], body[body.rindex(b"UNT+") :]
    count = trailer.split(b"+")[1]
    messages = 300 * 1024 * 1024 // len(body) + 1
    path = tmp_path_factory.mktemp("large") / "large.edi"
    with path.open("wb") as out:
        out.write(head)
        for number in range(1, messages + 1):
            out.write(b"UNH+%d%sUNT+%s+%d'\n" % (number, body, count, number))
        out.write(b"UNZ+%d+1'\n" % messages)
    return path, per_message * messages
