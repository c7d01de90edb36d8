"""Hostile and broken X12: random bytes, mutated and truncated interchanges, garbage, oversized
segments and non-ASCII text. Reading never raises, and every rejection says why and where."""

from __future__ import annotations

import io
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.ingest.registry import read_messages
from cargotarget.ingest.x12.reader import read_x12
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "x12"
VALID = [
    (FIXTURES / name).read_bytes()
    for name in ("309_sea_import.edi", "309_amendments.edi", "310_envelope_corrected.edi")
]
FUZZ = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def read(data: bytes, chunk_size: int = 1 << 20) -> list[ParsedMessage]:
    return list(read_x12(io.BytesIO(data), chunk_size=chunk_size))


def assert_explained(messages: list[ParsedMessage]) -> None:
    """At least one answer; every problem placed; every rejection with an error that says why."""
    assert messages
    for message in messages:
        assert all(p.position and p.message for p in message.problems)
        if message.manifest is None:
            assert any(p.severity is Severity.ERROR for p in message.problems)
        for rejected in message.rejected:
            assert any(p.severity is Severity.ERROR and p.position for p in rejected.problems)
            assert rejected.fragment.startswith(b"ISA")


@FUZZ
@given(data=st.binary(max_size=2000))
def test_random_bytes_never_raise(data: bytes) -> None:
    assert_explained(read(data))


@FUZZ
@given(data=st.binary(max_size=400))
def test_random_bytes_after_a_valid_isa_never_raise(data: bytes) -> None:
    assert_explained(read(VALID[0][:107] + data))


@FUZZ
@given(
    source=st.sampled_from(VALID),
    edits=st.lists(
        st.tuples(st.integers(0, 3000), st.integers(0, 8), st.binary(max_size=6)), max_size=6
    ),
    chunk_size=st.sampled_from([3, 64, 1 << 20]),
)
def test_mutated_interchanges_never_raise(
    source: bytes, edits: list[tuple[int, int, bytes]], chunk_size: int
) -> None:
    data = bytearray(source)
    for at, width, insert in edits:
        at %= len(data) + 1
        data[at : at + width] = insert
    assert_explained(read(bytes(data), chunk_size))


@FUZZ
@given(source=st.sampled_from(VALID), cut=st.integers(0, 3000))
def test_truncated_interchanges_are_explained(source: bytes, cut: int) -> None:
    data = source[: cut % len(source)]
    messages = read(data)
    assert_explained(messages)
    problems = [p for m in messages for p in m.problems]
    assert any(p.severity is Severity.ERROR for p in problems)


def test_truncated_isa_is_reported_at_its_start() -> None:
    (message,) = read(VALID[0][:60])
    (problem,) = message.problems
    assert problem.code == "invalid.syntax"
    assert problem.position == "byte 0"
    assert "cut short" in problem.message


def test_binary_garbage_and_empty_input() -> None:
    (garbage,) = read(b"\x00\xff\xfe binary \x89PNG\r\n" * 50)
    assert garbage.problems[0].code == "invalid.syntax"
    assert "not an X12 interchange" in garbage.problems[0].message
    (empty,) = read(b"  \r\n ")
    assert empty.problems[0].code == "empty.input"


def test_isa_that_is_not_fixed_length_is_refused() -> None:
    short = VALID[0].replace(b"*ZZ*MAEUAMS        *", b"*ZZ*MAEUAMS*", 1)
    (message,) = read(short)
    assert message.problems[0].code == "invalid.syntax"


def test_wrong_segment_count_rejects_the_set_with_both_values() -> None:
    data = VALID[0].replace(b"SE*39*0001~", b"SE*37*0001~")
    (message,) = read(data)
    assert message.manifest is None
    (problem,) = [p for p in message.problems if p.code == "invalid.segment_count"]
    assert problem.position == "segment 41 (SE)"
    assert problem.message == "SE01 gives '37' segments; the transaction set has 39, ST to SE"


def test_oversized_segment_is_reported_and_its_bill_held_back() -> None:
    huge = b"X" * 20_000
    data = VALID[0].replace(b"N10*10*WOODEN FURNITURE", b"N10*10*" + huge)
    (message,) = read(data)
    assert message.manifest is not None
    assert [c.bill_number for c in message.manifest.consignments] == [
        "MAEU12345678",
        "MAEU12345680",
    ]
    (rejected,) = message.rejected
    assert rejected.bill_number == "MAEU12345679"
    assert "no X12 segment is that long" in rejected.problems[0].message
    assert rejected.problems[0].position == "segment 28 (N10)"


def test_run_without_terminator_stops_reading_with_a_reason() -> None:
    data = VALID[0][:200] + b"A" * (2 * 1024 * 1024)
    messages = read(data)
    assert_explained(messages)
    assert any("no segment terminator" in p.message for m in messages for p in m.problems)


def test_non_ascii_text_is_read_and_invalid_utf8_is_reported_with_its_byte() -> None:
    accented = VALID[0].replace(b"NINGBO FORWARDING LTD", "NINGBŌ FÖRWARDING".encode())
    (message,) = read(accented)
    assert message.manifest is not None
    assert message.manifest.consignments[1].parties[0].name == "NINGBŌ FÖRWARDING"
    latin = VALID[0].replace(b"NINGBO FORWARDING LTD", "NINGBO FÖRWARDING".encode("latin-1"))
    (message,) = read(latin)
    assert message.manifest is not None
    (rejected,) = message.rejected
    (problem,) = [p for p in rejected.problems if p.code == "invalid.segment"]
    assert problem.position == "segment 22 (N1)"
    assert "byte 0xD6" in problem.message
    assert "not valid UTF-8" in problem.message
    # The held-back bill keeps its bytes as sent, so that nothing is lost in quarantine.
    assert "NINGBO FÖRWARDING".encode("latin-1") in rejected.fragment


def test_registry_recognises_x12_and_reads_it() -> None:
    messages = list(read_messages(io.BytesIO(VALID[0])))
    assert [m.format for m in messages] == ["x12"]
    assert messages[0].manifest is not None


def test_heading_errors_reject_the_set_with_positions() -> None:
    data = VALID[0].replace(b"P4*USNYC*20260312*", b"P4**20260312*")
    data = data.replace(b"M10*MAEU*O*", b"M10*MAEU*Q*")
    (message,) = read(data)
    assert message.manifest is None
    found = {(p.position, p.code) for p in message.problems}
    assert ("segment 5 (P4)", "missing.port") in found
    assert ("segment 4 (M10)", "invalid.mode") in found
    assert message.fragment.startswith(b"ISA")
