"""What write_cuscar writes, read_cuscar reads back as the same manifests."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.ingest.edifact.cuscar import read_cuscar
from cargotarget.ingest.edifact.writer import write_cuscar, write_cuscar_to
from cargotarget.model.manifest import Manifest
from cargotarget.model.problems import ParsedMessage, Severity

from .strategies import LATIN_1, manifests

PREPARED = datetime(2024, 5, 1, 10, 30, tzinfo=UTC)
ROUND_TRIP = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def write(values: list[Manifest], **options: str) -> bytes:
    return write_cuscar(
        values, sender="SENDER", recipient="CUSTOMS", control_ref="77", prepared_at=PREPARED,
        **options,
    )  # fmt: skip


def read(data: bytes, chunk_size: int = 1 << 20) -> list[ParsedMessage]:
    return list(read_cuscar(io.BytesIO(data), chunk_size=chunk_size))


def manifests_in(data: bytes) -> list[Manifest]:
    values = [message.manifest for message in read(data)]
    return [value for value in values if value is not None]


def assert_read_back(values: list[Manifest], messages: list[ParsedMessage]) -> None:
    assert [m.manifest for m in messages] == values
    for message in messages:
        assert message.rejected == ()
        assert all(p.severity is Severity.WARNING for p in message.problems), message.problems


@ROUND_TRIP
@given(values=st.lists(manifests(), min_size=1, max_size=3))
def test_any_manifests_come_back_equal(values: list[Manifest]) -> None:
    assert_read_back(values, read(write(values)))


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(manifests(LATIN_1), min_size=1, max_size=2))
def test_latin_1_in_the_oldest_directory_comes_back_equal(values: list[Manifest]) -> None:
    data = write(values, version="D:95B", charset="UNOC")
    assert b"UNB+UNOC:3+" in data
    assert b"CUSCAR:D:95B:UN" in data
    assert_read_back(values, read(data))


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(values=st.lists(manifests(), min_size=1, max_size=2), chunk_size=st.integers(1, 200))
def test_small_chunks_read_the_same_as_one_chunk(values: list[Manifest], chunk_size: int) -> None:
    data = write(values)
    assert read(data, chunk_size) == read(data)


def test_long_text_and_many_marks_are_cut_and_joined_again(cuscar_bytes: dict[str, bytes]) -> None:
    (template,) = manifests_in(cuscar_bytes["d11a_sea_import"])
    first = template.consignments[0]
    shipper = msgspec.structs.replace(first.parties[0], name="N" * 34 + " " + "AME " * 50)
    item = msgspec.structs.replace(
        first.goods[0],
        description="word " * 120,
        marks=tuple(f"MARK {i}" for i in range(23)),
    )
    long = msgspec.structs.replace(first, parties=(shipper,), goods=(item,), remarks=("r" * 71,))
    value = msgspec.structs.replace(template, consignments=(long,))
    data = write([value])
    assert data.count(b"PCI+24+") == 3, "ten marks to a PCI"
    assert_read_back([value], read(data))


def test_streaming_writer_writes_what_write_cuscar_returns(cuscar_bytes: dict[str, bytes]) -> None:
    values = manifests_in(cuscar_bytes["d95b_sea_two_messages"])
    out = io.BytesIO()
    count = write_cuscar_to(
        out, values, sender="SENDER", recipient="CUSTOMS", control_ref="77", prepared_at=PREPARED
    )
    assert count == 2
    assert out.getvalue() == write(values)


def test_counts_and_references_are_right(cuscar_bytes: dict[str, bytes]) -> None:
    values = manifests_in(cuscar_bytes["d11a_sea_import"]) * 3
    data = write(values)
    segments = data.decode().split("'\n")
    assert segments[:2] == ["UNA:+.? ", "UNB+UNOW:4+SENDER+CUSTOMS+20240501:1030+77"]
    assert segments[-2] == "UNZ+3+77"
    units = [s for s in segments if s.startswith("UNT+")]
    starts = [i for i, s in enumerate(segments) if s.startswith("UNH+")]
    ends = [i for i, s in enumerate(segments) if s.startswith("UNT+")]
    assert units == [
        f"UNT+{e - s + 1}+{n}" for n, (s, e) in enumerate(zip(starts, ends, strict=True), 1)
    ]


def test_no_manifests_make_an_empty_interchange() -> None:
    data = write([])
    assert data.endswith(b"UNZ+0+77'\n")
    assert read(data) == []


def test_writer_refuses_what_it_cannot_write(cuscar_bytes: dict[str, bytes]) -> None:
    values = manifests_in(cuscar_bytes["d11a_replace_change_cancel"])
    with pytest.raises(ValueError, match="D:95B to D:11A"):
        write(values, version="D:12A")
    with pytest.raises(ValueError, match="'UNOQ' is not supported"):
        write(values, charset="UNOQ")
    with pytest.raises(ValueError, match="'Í', which UNOE cannot encode"):
        write(values, charset="UNOE")
