"""Broken and hostile Cargo-IMP input: each problem has a reason and a line and column, and
nothing raises; hypothesis throws random bytes and mutated messages at the reader."""

from __future__ import annotations

import io
import re
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.ingest.iata import imp_lines
from cargotarget.ingest.iata.imp_reader import read_cargo_imp
from cargotarget.model.problems import ParsedMessage, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_imp"
FWB = (FIXTURES / "fwb16_simple.fwb").read_bytes()
FFM = (FIXTURES / "ffm8_flight.ffm").read_bytes()
FHL = (FIXTURES / "fhl4_houses.fhl").read_bytes()
POSITION = re.compile(r"line \d+, column \d+")


def _read(data: bytes) -> list[ParsedMessage]:
    return list(read_cargo_imp(io.BytesIO(data)))


def _all_problems(message: ParsedMessage) -> list[tuple[str, str]]:
    found = [*message.problems, *(p for r in message.rejected for p in r.problems)]
    return [(p.code, p.position) for p in found]


def test_fwb_without_flight_is_refused_at_its_waybill_line() -> None:
    data = FWB.replace(b"FLT/BA117/14\r\n", b"")
    [message] = _read(data)
    assert message.manifest is None
    assert ("missing.voyage_number", "line 2, column 1") in _all_problems(message)
    assert message.fragment == data


def test_a_wrong_awb_check_digit_holds_the_fwb_back() -> None:
    [message] = _read(FWB.replace(b"176-12345675", b"176-12345670"))
    assert message.manifest is not None
    assert message.manifest.consignments == ()
    [rejected] = message.rejected
    assert ("invalid.awb_number", "line 2, column 1") in _all_problems(message)
    assert rejected.fragment.startswith(b"FWB/16\r\n176-12345670")


def test_malformed_quantities_are_reported_at_their_column() -> None:
    [message] = _read(FWB.replace(b"RTD/1/P2/K100.0", b"RTD/1/PX/K1O0.0"))
    problems = _all_problems(message)
    assert ("invalid.number", "line 24, column 7") in problems
    assert ("invalid.number", "line 24, column 10") in problems


def test_truncated_message_keeps_what_was_read_and_says_so() -> None:
    cut = FFM[: FFM.index(b"ORD")]
    [message] = _read(cut)
    assert message.manifest is not None
    assert len(message.manifest.consignments) == 3
    assert any(p.code == "truncated.message" for p in message.problems)


def test_a_line_cut_in_the_middle_fails_its_waybill() -> None:
    cut = FFM[: FFM.index(b"/T4K50.0")]
    [message] = _read(cut)
    assert message.rejected[-1].bill_number == "020-33333333"
    assert ("missing.quantity", "line 15, column 18") in _all_problems(message)


def test_binary_bytes_are_reported_where_they_are() -> None:
    data = FWB.replace(b"MENS COTTON", b"MENS\x00COT\xffTON")
    [message] = _read(data)
    [rejected] = message.rejected
    assert [(p.code, p.position) for p in rejected.problems] == [
        ("invalid.character", "line 25, column 9")
    ]


def test_an_endless_line_is_cut_and_reported() -> None:
    data = b"FWB/16\r\n" + b"A" * (imp_lines.MAX_LINE * 3) + b"\r\n" + FWB[8:]
    [message] = _read(data)
    assert ("too.long", "line 2, column 1") in _all_problems(message)


def test_text_before_the_first_message_is_reported() -> None:
    [message] = _read(b"QK LONFMBA\r\n.FRAFFLH 121200\r\n" + FWB)
    assert message.problems[0].code == "outside.message"
    assert message.problems[0].position == "line 1, column 1"


def test_unknown_lines_and_newer_versions_are_warned_about() -> None:
    data = FWB.replace(b"FWB/16", b"FWB/18").replace(b"ISU/", b"XYZ/")
    [message] = _read(data)
    assert message.manifest is not None
    warnings = {(p.code, p.position) for p in message.problems if p.severity is Severity.WARNING}
    assert ("unknown.version", "line 1, column 1") in warnings
    assert ("unread.line", "line 29, column 1") in warnings


def _check_answers(data: bytes) -> None:
    for message in read_cargo_imp(io.BytesIO(data)):
        problems = [*message.problems, *(p for r in message.rejected for p in r.problems)]
        for problem in problems:
            assert POSITION.fullmatch(problem.position), problem
            assert problem.message
        if message.manifest is None:
            assert any(p.severity is Severity.ERROR for p in message.problems)
        for rejected in message.rejected:
            assert any(p.severity is Severity.ERROR for p in rejected.problems)
            assert rejected.fragment


FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
SAMPLES = [FWB, FFM, FHL]


@FUZZ
@given(st.binary(max_size=1500))
def test_random_bytes_never_raise(data: bytes) -> None:
    _check_answers(b"FWB/16\n" + data)


@FUZZ
@given(
    st.sampled_from(SAMPLES),
    st.integers(0, 2000),
    st.integers(0, 2000),
    st.binary(max_size=30),
)
def test_mutated_messages_never_raise(sample: bytes, start: int, stop: int, insert: bytes) -> None:
    start, stop = sorted((min(start, len(sample)), min(stop, len(sample))))
    _check_answers(sample[:start] + insert + sample[stop:])


@FUZZ
@given(st.sampled_from(SAMPLES), st.integers(0, 2000))
def test_truncated_messages_never_raise(sample: bytes, cut: int) -> None:
    _check_answers(sample[:cut])


PIECES = [
    "/",
    "//",
    "-",
    "K",
    "L",
    "T",
    "P",
    "NG",
    "NH",
    "NU",
    "ULD",
    "SHP",
    "NAM",
    "LOC",
    "RTD",
    "176-12345675",
    "LHRJFK",
    "FRA",
    "12MAR",
    "LAST",
    "CONT",
    "OCI",
    "HBS",
    "MBI",
    "1",
    "K100.0",
    "T2K10",
    "MC0.5",
    "AKE12345LH",
    "999999999999",
    " ",
]
LINE_PIECES = st.sampled_from(PIECES)


@FUZZ
@given(
    st.sampled_from(["FWB/16", "FHL/4", "FFM/8"]),
    st.lists(st.lists(LINE_PIECES, max_size=8).map("".join), max_size=25),
)
def test_lines_built_from_imp_pieces_never_raise(first: str, lines: list[str]) -> None:
    _check_answers("\n".join([first, *lines]).encode())


def test_a_master_line_without_its_waybill_is_refused_with_a_reason() -> None:
    [message] = _read(b"FHL/4\nMBI\n")
    assert message.manifest is None
    codes = {(p.code, p.position) for p in message.problems}
    assert ("invalid.consignment_detail", "line 2, column 4") in codes
