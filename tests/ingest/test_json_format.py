"""Canonical JSON: golden fixtures read field by field, round trips, and bad input explained."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.ingest.json_format import (
    json_schema,
    read_json,
    read_json_lines,
    write_json,
    write_json_lines,
)
from cargotarget.ingest.json_message import Envelope
from cargotarget.ingest.json_scan import MORE, parsed_end
from cargotarget.ingest.json_stream import split_values, split_whole
from cargotarget.model.manifest import (
    DocumentKind,
    FreightPayment,
    Manifest,
    PartyRole,
)
from cargotarget.model.problems import ParsedMessage, Severity
from tests.ingest.json_strategies import manifests

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "json"
DOC = ROOT / "docs" / "formats" / "json.md"


def read(data: bytes, **options: int) -> list[ParsedMessage]:
    return list(read_json(io.BytesIO(data), **options))


def read_fixture(name: str) -> list[ParsedMessage]:
    return read((FIXTURES / name).read_bytes())


def only_manifest(messages: list[ParsedMessage]) -> Manifest:
    assert len(messages) == 1
    assert messages[0].problems == ()
    assert messages[0].rejected == ()
    manifest = messages[0].manifest
    assert manifest is not None
    return manifest


def test_golden_manifest_header_and_voyage() -> None:
    messages = read_fixture("manifest.json")
    manifest = only_manifest(messages)
    assert messages[0].format == "json"
    assert manifest.reference == "MAEU-JMKIN-2611E"
    assert manifest.provider == "MAEU"
    # A time without a zone is UTC; one with a zone is converted to UTC.
    assert manifest.filed_at == datetime(2026, 3, 9, 12, 30, tzinfo=UTC)
    assert manifest.filed_at.tzinfo is UTC
    voyage = manifest.voyage
    assert (voyage.carrier_code, voyage.carrier_name) == ("MAEU", "Maersk A/S")
    assert (voyage.vessel_name, voyage.imo_number, voyage.flag) == (
        "MAERSK KINGSTON",
        "9074729",
        "DK",
    )
    assert voyage.voyage_number == "2611E"
    assert [call.locode for call in voyage.port_calls] == ["COCTG", "JMKIN"]
    assert voyage.port_calls[0].etd == datetime(2026, 3, 11, 23, 0, tzinfo=UTC)
    assert voyage.port_calls[0].eta is None
    assert voyage.port_calls[1].eta == datetime(2026, 3, 14, 6, 0, tzinfo=UTC)
    assert (voyage.departure_port, voyage.arrival_port) == ("COCTG", "JMKIN")
    assert voyage.arrival_at == datetime(2026, 3, 14, 6, 0, tzinfo=UTC)


def test_golden_manifest_first_consignment() -> None:
    first = only_manifest(read_fixture("manifest.json")).consignments[0]
    assert first.bill_number == "MAEU261100001"
    assert first.kind is DocumentKind.SIMPLE
    assert first.freight_payment is FreightPayment.PREPAID
    shipper = first.party(PartyRole.SHIPPER)
    assert shipper is not None
    assert shipper.name == "Bananeras del Pacífico S.A."
    assert shipper.address.lines == ("Calle 5 # 10-20", "Zona Portuaria")
    assert (shipper.address.city, shipper.address.country) == ("Buenaventura", "CO")
    assert [(i.scheme, i.value) for i in shipper.identifiers] == [("TIN", "900123456-7")]
    consignee = first.party(PartyRole.CONSIGNEE)
    assert consignee is not None
    assert (consignee.address.postcode, consignee.contact) == ("JMAKN12", "+1 876 555 0100")
    assert first.route.place_of_receipt == "COBUN"
    assert first.route.countries_of_routing == ("CO", "JM")
    (item,) = first.goods
    assert (item.sequence, item.description, item.hs_code) == (
        1,
        "FRESH BANANAS, CAVENDISH",
        "080390",
    )
    assert (item.package_count, item.package_kind) == (1200, "CT")
    assert (item.gross_weight_kg, item.volume_m3) == (21600.5, 58.2)
    assert item.marks == ("ISLAND FRESH", "KINGSTON")
    assert item.container_numbers == ("HASU5044950",)
    (unit,) = first.equipment
    assert (unit.number, unit.size_type, unit.full) == ("HASU5044950", "45R1", True)
    assert unit.seals == ("ML123456", "CUS998877")


def test_golden_manifest_second_consignment() -> None:
    second = only_manifest(read_fixture("manifest.json")).consignments[1]
    assert (second.kind, second.master_bill_number) == (DocumentKind.HOUSE, "MAEU2611M0001")
    assert second.freight_payment is FreightPayment.COLLECT
    assert second.split is True
    assert [p.role for p in second.parties] == [
        PartyRole.SHIPPER,
        PartyRole.CONSIGNEE,
        PartyRole.NOTIFY,
    ]
    assert second.route.transshipment_ports == ("PAMIT",)
    paint, drums = second.goods
    assert paint.gross_weight_kg == 16000.0
    assert [(d.un_number, d.hazard_class) for d in paint.dangerous_goods] == [("1263", "3")]
    assert (drums.sequence, drums.hs_code, drums.gross_weight_kg) == (2, None, None)
    assert second.remarks == ("SHIPPER'S LOAD, STOW AND COUNT",)


def test_array_single_object_and_lines_give_the_same_manifests() -> None:
    manifest = only_manifest(read_fixture("manifest.json"))
    other = msgspec.structs.replace(manifest, reference="OTHER")
    as_array = read(write_json([manifest, other]))
    as_lines = read(write_json_lines([manifest, other]))
    pretty = [
        msgspec.json.format(line, indent=2)
        for line in write_json_lines([manifest, other]).splitlines()
    ]
    as_objects = read(b"\n".join(pretty))
    assert [m.manifest for m in as_array] == [manifest, other]
    assert [m.manifest for m in as_lines] == [manifest, other]
    assert [m.manifest for m in as_objects] == [manifest, other]
    assert {m.format for m in as_array} == {"json"}
    assert {m.format for m in as_lines} == {"jsonl"}


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(manifests(), max_size=2))
def test_round_trip_through_json_and_json_lines(values: list[Manifest]) -> None:
    for data in (write_json(values), write_json_lines(values)):
        messages = read(data)
        assert [m.manifest for m in messages] == values
        assert all(m.problems == () and m.rejected == () for m in messages)
    lines = list(read_json_lines(io.BytesIO(write_json_lines(values))))
    assert [m.manifest for m in lines] == values


@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(manifests(), min_size=1, max_size=2), st.integers(min_value=1, max_value=300))
def test_streaming_split_agrees_with_whole_split(values: list[Manifest], chunk: int) -> None:
    """Split as it is read, in chunks of any size, an input gives the same messages at the same
    lines and columns as split whole by msgspec."""
    data = msgspec.json.format(write_json(values), indent=2)
    assert list(split_values(io.BytesIO(data), chunk)) == list(split_whole(data))
    streamed = read(data, whole_size=0)
    assert [m.manifest for m in streamed] == values


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b'[{"a":1},{"b":[1,{"c":"x]}"}]}]', [b'{"a":1}', b'{"b":[1,{"c":"x]}"}]}']),
        (b'[{"a":1}}, {"b":2}]', [b'{"a":1}}', b'{"b":2}']),
        (b'[{"a" 1}, {"b":2}]', [b'{"a" 1}', b'{"b":2}']),
        (b"[" + b"[" * 12 + b"1" + b"]" * 12 + b", {}]", [b"[" * 12 + b"1" + b"]" * 12, b"{}"]),
        (
            b'{"a":1}\n{"b":2} x {"c":[[[[[[[[[[1]]]]]]]]]]}',
            [b'{"a":1}', b'{"b":2}', b"x", b'{"c":[[[[[[[[[[1]]]]]]]]]]}'],
        ),
        (b'[{"a":"unterminated}]', [b'{"a":"unterminated}]', b""]),
    ],
)
def test_streaming_split_isolates_malformed_messages(data: bytes, expected: list[bytes]) -> None:
    """Malformed or unusually deep messages are split where they end, whatever the chunks."""
    for chunk in (1, 2, 3, 5, 8, 64):
        assert [f.data for f in split_values(io.BytesIO(data), chunk)] == expected


def test_msgspec_names_where_a_value_ends() -> None:
    """The fast way to find a message's end reads msgspec's error; should its wording change,
    splitting stays right (the scanner takes over) but slows down, and this test says so."""
    assert parsed_end(b'  {"a": [1, 2]}  , {"b": 3}', 2) == 17
    assert parsed_end(b'{"a": [1, 2]', 0) == MORE
    assert parsed_end(b'{"a" 1}, {}', 0) is None


def test_naive_and_offset_times_become_utc() -> None:
    manifest = only_manifest(read_fixture("manifest.json"))
    assert manifest.voyage.port_calls[0].etd is not None
    assert manifest.voyage.port_calls[0].etd.utcoffset() is not None
    assert manifest.voyage.port_calls[0].etd.hour == 23  # 18:00 at UTC-5


def test_truncated_json_rejects_the_message_with_line_and_column() -> None:
    data = (FIXTURES / "truncated.json").read_bytes()
    (message,) = read(data)
    assert message.manifest is None
    (problem,) = message.problems
    assert problem.code == "invalid.json"
    assert "truncated" in problem.message
    lines = data.decode().split("\n")
    assert problem.position == f"line {len(lines)}, column {len(lines[-1]) + 1}"
    assert message.fragment == data


def test_invalid_container_check_digit_rejects_only_its_consignment() -> None:
    messages = read_fixture("manifests.jsonl")
    assert [m.format for m in messages] == ["jsonl"] * 3
    second = messages[1]
    assert second.manifest is not None
    assert [c.bill_number for c in second.manifest.consignments] == [
        "MAEU261100001",
        "MAEU261100002",
    ]
    bad = second.rejected[0]
    assert bad.bill_number == "MAEU261300009"
    (problem,) = bad.problems
    assert problem.code == "invalid.ContainerNumber"
    assert "GMCU6094137" in problem.message
    assert "check digit is 7, the ISO 6346 rule gives 5" in problem.message
    assert problem.position == "line 2, $.consignments[1].equipment[0].number"


def test_rejected_consignment_fragment_replays_alone() -> None:
    bad = read_fixture("manifests.jsonl")[1].rejected[0]
    (replayed,) = read_json_lines(io.BytesIO(bad.fragment))
    assert replayed.format == "jsonl"
    assert replayed.manifest is not None
    assert replayed.manifest.consignments == ()
    assert replayed.manifest.reference == "MAEU-JMKIN-2613E"
    (again,) = replayed.rejected
    assert again.bill_number == bad.bill_number
    assert again.problems[0].code == "invalid.ContainerNumber"
    assert again.problems[0].position == "line 1, $.consignments[0].equipment[0].number"
    # The header is kept exactly as sent: the time without a zone stays without one.
    assert b'"filed_at":"2026-03-09T12:30:00"' in bad.fragment
    assert bad.fragment.endswith(b"\n")
    assert bad.fragment.count(b"\n") == 1


def test_corrected_fragment_is_accepted() -> None:
    bad = read_fixture("manifests.jsonl")[1].rejected[0]
    (fixed,) = read(bad.fragment.replace(b"GMCU6094137", b"GMCU6094135"))
    assert fixed.manifest is not None
    assert [c.bill_number for c in fixed.manifest.consignments] == ["MAEU261300009"]


def test_unknown_field_in_a_consignment_rejects_only_it() -> None:
    bad = read_fixture("manifests.jsonl")[1].rejected[1]
    assert bad.bill_number == "MAEU261300010"
    (problem,) = bad.problems
    assert problem.code == "unknown.field"
    assert problem.position == "line 2, $.consignments[2].goods[0].weight_lbs"
    assert problem.bill_number == "MAEU261300010"


def test_unknown_field_in_the_header_rejects_the_message() -> None:
    data = (FIXTURES / "manifest.json").read_bytes().replace(b'"provider"', b'"filer"', 1)
    (message,) = read(data)
    assert message.manifest is None
    assert message.problems[0].code == "unknown.field"
    assert message.problems[0].position == "line 1, $.filer"


def test_wrong_type_in_an_array_element() -> None:
    first, second = read_fixture("array.json")
    assert first.manifest is not None
    assert len(first.manifest.consignments) == 2
    assert second.manifest is not None
    assert [c.bill_number for c in second.manifest.consignments] == ["MAEU261100002"]
    (bad,) = second.rejected
    (problem,) = bad.problems
    assert (problem.code, problem.message) == ("invalid.type", "Expected `int | null`, got `str`")
    lines = (FIXTURES / "array.json").read_text().splitlines()
    line = int(problem.position.split(",")[0].removeprefix("line "))
    assert problem.position.endswith("$.consignments[0].goods[0].package_count")
    # The line given is where the rejected consignment starts, in the second manifest.
    assert lines[line - 1].strip() == "{"
    assert '"MAEU261100001"' in lines[line]
    assert line > len(lines) // 2


def test_invalid_imo_rejects_the_whole_message() -> None:
    data = (FIXTURES / "bad_imo.json").read_bytes()
    (message,) = read(data)
    assert message.manifest is None
    (problem,) = message.problems
    assert problem.code == "invalid.ImoNumber"
    assert "9330141" in problem.message
    assert "the IMO rule gives 7" in problem.message
    assert problem.position == "line 1, $.voyage.imo_number"
    assert message.fragment == data.strip()


def test_imo_of_other_digits_is_a_problem_not_a_crash() -> None:
    data = (FIXTURES / "manifest.json").read_bytes().replace(b'"9074729"', '"907472²"'.encode())
    (message,) = read(data)
    assert message.manifest is None
    assert message.problems[0].code == "invalid.ImoNumber"


def test_bytes_that_are_not_utf8_reject_their_consignment() -> None:
    (message,) = read_fixture("not_utf8.json")
    assert message.manifest is not None
    assert [c.bill_number for c in message.manifest.consignments] == ["MAEU261100001"]
    (bad,) = message.rejected
    assert bad.bill_number == "MAEU261100002"
    assert bad.problems[0].code == "invalid.encoding"
    assert "0xed" in bad.problems[0].message
    assert bad.problems[0].position == "line 74, column 40"
    assert b"Qu\xedmicos" in bad.fragment


def test_truncated_last_line_of_json_lines_loses_nothing_else() -> None:
    messages = read_fixture("manifests.jsonl")
    accepted = sum(len(m.manifest.consignments) for m in messages if m.manifest)
    rejected = sum(len(m.rejected) for m in messages)
    assert (accepted, rejected) == (4, 2)
    last = messages[2]
    assert last.manifest is None
    assert last.problems[0].position.startswith("line 3, column ")
    assert last.fragment == (FIXTURES / "manifests.jsonl").read_bytes().splitlines()[2]


@pytest.mark.parametrize(
    ("data", "position", "words"),
    [
        (b"[{}, ", "line 1, column 6", "not closed"),
        (b"[,]", "line 1, column 2", "extra comma"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "line 1, column 1", "malformed"),
        (b'{"reference": 5}', "line 1, $.reference", "Expected `str`, got `int`"),
        (b'{"reference": "R"}', "line 1, $", "missing required field `voyage`"),
        (
            b'{"reference": " ", "voyage": {"mode": "sea", "voyage_number": "2611E"}}',
            "line 1, $.reference",
            "manifest reference is missing",
        ),
    ],
)
def test_malformed_input_is_explained(data: bytes, position: str, words: str) -> None:
    problems = [p for m in read(data) if m.manifest is None for p in m.problems]
    assert problems, "a malformed input gives a problem"
    assert problems[-1].position == position
    assert words in problems[-1].message
    assert problems[-1].severity is Severity.ERROR


def test_huge_single_field_is_read_whole() -> None:
    huge = "BANANAS " * 1_000_000
    data = (
        (FIXTURES / "manifest.json")
        .read_bytes()
        .replace(b"FRESH BANANAS, CAVENDISH", huge.encode())
    )
    manifest = only_manifest(read(data, whole_size=0))
    assert manifest.consignments[0].goods[0].description == huge


def test_warnings_do_not_reject() -> None:
    data = (FIXTURES / "manifest.json").read_bytes().replace(b'"COBUN"', b'"COXXX"')
    (message,) = read(data)
    assert message.manifest is not None
    assert len(message.manifest.consignments) == 2
    (warning,) = message.problems
    assert (warning.code, warning.severity) == ("unknown.UnLocode", Severity.WARNING)
    assert warning.position.endswith("$.consignments[0].route.place_of_receipt")
    assert warning.bill_number == "MAEU261100001"


def test_envelope_mirrors_the_manifest() -> None:
    """The envelope that keeps consignments raw must have exactly the manifest's fields."""
    ours = {f.name: f.default for f in msgspec.structs.fields(Envelope)}
    theirs = {f.name: f.default for f in msgspec.structs.fields(Manifest)}
    assert ours.keys() == theirs.keys()
    assert {k: v for k, v in ours.items() if k != "consignments"} == {
        k: v for k, v in theirs.items() if k != "consignments"
    }


def _doc_blocks(language: str) -> list[str]:
    text = DOC.read_text(encoding="utf-8")
    fence = f"```{language}\n"
    return [part.split("```", 1)[0] for part in text.split(fence)[1:]]


def test_documented_schema_is_the_models() -> None:
    (schema,) = [b for b in _doc_blocks("json") if b.lstrip().startswith('{\n  "$ref"')]
    assert json.loads(schema) == json.loads(json.dumps(json_schema()))


def test_documented_example_parses() -> None:
    examples = [b for b in _doc_blocks("json") if '"reference"' in b and '"$ref"' not in b]
    assert examples
    for example in examples:
        manifest = only_manifest(read(example.encode()))
        assert manifest.consignments


@pytest.mark.slow
def test_streaming_a_large_json_lines_file_keeps_memory_bounded(tmp_path: Path) -> None:
    """A JSON Lines file of several hundred MB is read a manifest at a time: the peak memory of
    the reading process stays far below the file's size."""
    import subprocess
    import sys

    manifest = only_manifest(read_fixture("manifest.json"))
    many = msgspec.structs.replace(manifest, consignments=manifest.consignments * 500)
    line = write_json_lines([many])
    path = tmp_path / "big.jsonl"
    copies = 300 * 1024 * 1024 // len(line) + 1
    with path.open("wb") as handle:
        for _ in range(copies):
            handle.write(line)
    script = (
        "import sys\n"
        "from cargotarget.ingest.json_format import read_json\n"
        "n = 0\n"
        "with open(sys.argv[1], 'rb') as f:\n"
        "    for m in read_json(f):\n"
        "        n += len(m.manifest.consignments)\n"
        "status = open('/proc/self/status').read().split('VmHWM:')[1]\n"
        "print(n, int(status.split()[0]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    count, peak_kb = map(int, done.stdout.split())
    assert count == copies * 1000
    assert path.stat().st_size > 300 * 1024 * 1024
    assert peak_kb * 1024 < 200 * 1024 * 1024
