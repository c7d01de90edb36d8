"""Hostile and broken Cargo-XML: refused with a reason and a position, never a traceback.

Fuzzing (bounded: a few seconds) feeds random bytes, valid messages with bytes flipped, cut or
inserted, and cut-off documents: every input gives messages, and every error has a position.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.ingest.iata.xml_reader import read_cargo_xml
from cargotarget.ingest.registry import read_messages
from cargotarget.model.problems import ParsedMessage, Problem, Severity

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "cargo_xml"
VALID = {path.name: path.read_bytes() for path in sorted(FIXTURES.glob("*.xml"))}
FUZZ = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])

BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE Waybill [
 <!ENTITY lol "lol">
 <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
]>
<Waybill><MessageHeaderDocument><ID>&lol3;</ID></MessageHeaderDocument></Waybill>"""
EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE Waybill [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Waybill><BusinessHeaderDocument><ID>&secret;</ID></BusinessHeaderDocument></Waybill>"""
EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE Waybill SYSTEM "http://127.0.0.1:9/evil.dtd">
<Waybill/>"""


def _read(data: bytes, **options: int) -> ParsedMessage:
    (message,) = read_cargo_xml(io.BytesIO(data), **options)
    return message


def _only_error(message: ParsedMessage) -> Problem:
    assert message.manifest is None
    (problem,) = [p for p in message.problems if p.severity is Severity.ERROR]
    return problem


@pytest.mark.parametrize("data", [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD])
def test_entities_and_document_types_are_refused_before_anything_is_expanded(data: bytes) -> None:
    problem = _only_error(_read(data))
    assert problem.code == "forbidden.xml"
    assert "document type declaration" in problem.message
    assert problem.position.startswith("line 2, column ")


def test_an_oversized_document_is_refused_without_being_read_whole() -> None:
    data = VALID["LH400_XFFM.xml"]
    message = _read(data, max_bytes=1000)
    problem = _only_error(message)
    assert (problem.code, problem.position) == ("oversized.document", "byte 1000")
    assert "larger than 1000 bytes" in problem.message
    assert message.fragment == b""


def test_nesting_deeper_than_the_limit_is_refused() -> None:
    data = b"<Waybill>" + b"<a>" * 150 + b"</a>" * 150 + b"</Waybill>"
    problem = _only_error(_read(data))
    assert problem.code == "oversized.depth"
    assert problem.position.startswith("line 1, column ")


@pytest.mark.parametrize(
    ("data", "code", "position"),
    [
        (b"", "empty.input", "byte 0"),
        (b"\x00\xff\xfe garbage", "invalid.xml", "line 1, column 2"),
        (b"<Waybill><ID>1</Waybill>", "invalid.xml", "line 1, column 17"),
        (
            b'<?xml version="1.0" encoding="bogus"?><Waybill/>',
            "invalid.encoding",
            "line 1, column 31",
        ),
        (b'<?xml version="1.0" encoding="utf-16"?><Waybill/>', "invalid.xml", "line 1, column 31"),
        (b"<Waybill/><Waybill/>", "invalid.xml", "line 1, column 11"),
        (b"<Invoice/>", "unknown.message", "line 1, column 1 (/Invoice)"),
    ],
)
def test_broken_documents_are_refused_with_a_position(
    data: bytes, code: str, position: str
) -> None:
    message = _read(data)
    problem = _only_error(message)
    assert (problem.code, problem.position) == (code, position)
    assert message.fragment == data


def test_a_truncated_waybill_is_refused_and_kept() -> None:
    data = VALID["020-12345675_XFWB.xml"][:-200]
    message = _read(data)
    problem = _only_error(message)
    assert problem.code == "invalid.xml"
    assert problem.position.startswith("line 166, column ")
    assert message.fragment == data


ITEM = "IncludedMasterConsignmentItem"
AWB = b">020-12345675</ram:ID>\n    <ram:IncludedHeaderNote>"


@pytest.mark.parametrize(
    ("old", "new", "code", "path"),
    [
        (b">412.5<", b">heavy<", "invalid.number", f"{ITEM}/GrossWeightMeasure"),
        (b'unitCode="LBR"', b'unitCode="STONE"', "invalid.unit", "[2]/GrossWeightMeasure"),
        (b">20<", b">2.5<", "invalid.quantity", f"{ITEM}/PieceQuantity"),
        (b">AKE<", b">A1<", "invalid.uld", "AssociatedUnitLoadTransportEquipment"),
        (AWB, AWB.replace(b"020-12345675", b" "), "missing.awb_number", "/ID, absent"),
        (b">false<", b">maybe<", "invalid.indicator", "TotalChargePrepaidIndicator"),
    ],
)
def test_bad_values_hold_the_waybill_back_with_their_path(
    old: bytes, new: bytes, code: str, path: str
) -> None:
    data = VALID["020-12345675_XFWB.xml"].replace(old, new, 1)
    message = _read(data)
    problems = (
        [p for r in message.rejected for p in r.problems]
        if message.manifest is not None
        else list(message.problems)
    )
    found = [p for p in problems if p.code == code]
    assert found, problems
    assert path in found[0].position
    assert found[0].position.startswith("line ")


def test_a_bad_departure_time_rejects_the_message() -> None:
    data = VALID["LH400_XFFM.xml"].replace(b"2024-03-05T10:20:00+01:00", b"5 March 2024")
    problem = _only_error(_read(data))
    assert problem.code == "invalid.datetime"
    assert problem.position.endswith(
        "(/FlightManifest/LogisticsTransportMovement/DepartureEvent/DepartureOccurrenceDateTime)"
    )


def test_the_registry_reads_cargo_xml_by_its_root_and_when_declared() -> None:
    data = VALID["FRA-H-77120_XFZB.xml"]
    (detected,) = read_messages(io.BytesIO(data))
    (declared,) = read_messages(io.BytesIO(data), format="cargo_xml")
    assert detected == declared
    assert detected.format == "cargo_xml"
    assert detected.manifest is not None


def _assert_answered(data: bytes) -> None:
    messages = list(read_cargo_xml(io.BytesIO(data)))
    assert len(messages) == 1
    (message,) = messages
    problems = [*message.problems, *(p for r in message.rejected for p in r.problems)]
    for problem in problems:
        assert problem.position
        assert problem.message
    if message.manifest is None:
        assert any(p.severity is Severity.ERROR for p in message.problems)
    for rejected in message.rejected:
        assert any(p.severity is Severity.ERROR for p in rejected.problems)
        assert rejected.fragment


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_are_answered(data: bytes) -> None:
    _assert_answered(data)


@FUZZ
@given(
    st.sampled_from(sorted(VALID)),
    st.lists(st.tuples(st.floats(0, 1), st.binary(max_size=3), st.integers(0, 3)), max_size=6),
)
def test_mutated_messages_are_answered(name: str, edits: list[tuple[float, bytes, int]]) -> None:
    data = VALID[name]
    for where, insert, cut in edits:
        at = int(where * len(data))
        data = data[:at] + insert + data[at + cut :]
    _assert_answered(data)


@FUZZ
@given(st.sampled_from(sorted(VALID)), st.floats(0, 1))
def test_cut_off_messages_are_answered(name: str, where: float) -> None:
    data = VALID[name]
    _assert_answered(data[: int(where * len(data))])


def _flight_manifest(numbers: list[str]) -> bytes:
    """The LH400 manifest with its bulk cargo replaced by one waybill for each number."""
    data = VALID["LH400_XFFM.xml"]
    start = data.index(b"<ram:AssociatedTransportCargo>\n      <ram:TypeCode>BLK")
    end = data.index(b"</rsm:ArrivalEvent>")
    waybills = b"".join(
        b"<ram:IncludedMasterConsignment><ram:TotalPieceQuantity>1</ram:TotalPieceQuantity>"
        b"<ram:SummaryDescription>BOOKS</ram:SummaryDescription><ram:TransportContractDocument>"
        b"<ram:ID>" + n.encode() + b"</ram:ID></ram:TransportContractDocument>"
        b"</ram:IncludedMasterConsignment>"
        for n in numbers
    )
    bulk = b"<ram:AssociatedTransportCargo><ram:TypeCode>BLK</ram:TypeCode>"
    return data[:start] + bulk + waybills + b"</ram:AssociatedTransportCargo>" + data[end:]


def test_a_few_bad_waybills_are_held_back_one_by_one() -> None:
    numbers = [f"020-{serial:07d}{serial % 7}" for serial in range(1000, 1150)]
    bad = [n[:-1] + str((int(n[-1]) + 1) % 10) for n in numbers[:150]]
    message = _read(_flight_manifest(bad))
    assert message.manifest is not None
    assert len(message.rejected) == 150
    assert [c.bill_number for c in message.manifest.consignments] == [
        "020-12345675",
        "020-23456786",
    ]
    fragment = _read(message.rejected[7].fragment)
    assert [r.bill_number for r in fragment.rejected] == [bad[7]]


def test_a_flight_manifest_of_many_bad_waybills_is_held_back_whole() -> None:
    numbers = [f"020-{serial:07d}0" for serial in range(1, 700)]
    data = _flight_manifest(numbers)
    message = _read(data)
    problem = message.problems[0]
    assert message.manifest is None
    assert problem.code == "rejected.message"
    assert "more than the 200 held back one by one" in problem.message
    assert len(message.problems) == 500
    assert message.problems[-1].code == "more.problems"
    assert message.fragment == data
