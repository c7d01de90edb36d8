"""The format registry: recognising inputs by their first bytes and reading them whole."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from cargotarget.ingest.csv_format import write_csv
from cargotarget.ingest.json_format import write_json, write_json_lines
from cargotarget.ingest.registry import FORMATS, HEAD_SIZE, detect_format, read_messages
from cargotarget.model.manifest import Manifest
from cargotarget.model.problems import ParsedMessage

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures"
JSON = (FIXTURES / "json" / "manifest.json").read_bytes()
CSV = (FIXTURES / "csv" / "manifest.csv").read_bytes()


class OneWayStream(io.RawIOBase):
    """A stream that can only be read forward, a few bytes at a time (like a socket)."""

    def __init__(self, data: bytes) -> None:
        self._data = io.BytesIO(data)

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        chunk = self._data.read(min(len(buffer), 1000))
        buffer[: len(chunk)] = chunk
        return len(chunk)

    def seekable(self) -> bool:
        return False


def read(data: bytes, **options: str) -> list[ParsedMessage]:
    return list(read_messages(io.BytesIO(data), **options))


def golden_manifest() -> Manifest:
    (message,) = read(JSON)
    assert message.manifest is not None
    return message.manifest


@pytest.mark.parametrize(
    ("head", "expected"),
    [
        (b"UNA:+.? 'UNB+UNOC:3+SENDER+RECIPIENT'", "cuscar"),
        (b"UNB+UNOW:4+SENDER+RECIPIENT'", "cuscar"),
        (b"\xef\xbb\xbf\r\n  UNA:+.? '", "cuscar"),
        (b'  {"reference": "R",\n  "voyage": {', "json"),
        (b'[{"reference": "R"}]', "json"),
        (b'\xef\xbb\xbf{"reference": "A"}\n{"reference": "B"}\n', "jsonl"),
        (b'{"reference": "A"}\n', "json"),
        (b"manifest_reference,bill_number,description\r\nM1,B1,TOYS\r\n", "csv"),
        (b'\xef\xbb\xbf"Manifest_Reference","Bill_Number"\n', "csv"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", None),
        (b"reference;bill;goods\n", None),
        (b"PK\x03\x04\x14\x00", None),
    ],
)
def test_detect_format_from_the_first_bytes(head: bytes, expected: str | None) -> None:
    assert detect_format(head) == expected


def test_file_name_decides_only_when_the_bytes_do_not() -> None:
    assert detect_format(b"ref;bill\n", "upload.CSV") == "csv"
    assert detect_format(b"garbage", "manifest.ndjson") == "jsonl"
    assert detect_format(b"garbage", "manifest.edi") == "cuscar"
    assert detect_format(b"garbage", "manifest.xml") is None
    assert detect_format(b'{"reference": "R",\n', "manifest.csv") == "json"


def test_every_format_has_a_reader() -> None:
    assert set(FORMATS) == {
        "cuscar", "x12", "cargo_xml", "cargo_imp", "ens", "json", "jsonl", "csv",
    }  # fmt: skip


@pytest.mark.parametrize(
    ("head", "fmt"),
    [
        (b"ISA*00*          *00*", "x12"),
        (b'<?xml version="1.0"?>\n<!-- a note -->\n<rsm:Waybill xmlns:rsm="x">', "cargo_xml"),
        (b'<ns2:HouseWaybill xmlns="iata:datamodel:3">', "cargo_xml"),
        (b"<FlightManifest>", "cargo_xml"),
        (b'<ie:CC315A xmlns:ie="http://ics.dgtaxud.ec/CC315A">', "ens"),
        (b"<ie:CC313A>", "ens"),
        (b"FWB/16\r\n", "cargo_imp"),
        (b"FFM/8\n", "cargo_imp"),
        (b"<html><body>", None),
    ],
)
def test_recognises_the_edi_and_xml_formats(head: bytes, fmt: str | None) -> None:
    assert detect_format(head) == fmt


def test_reads_each_format_without_losing_the_head() -> None:
    manifest = golden_manifest()
    many = [manifest] * 40
    for data, fmt in ((write_json(many), "json"), (write_json_lines(many), "jsonl")):
        assert len(data) > HEAD_SIZE
        messages = list(read_messages(OneWayStream(data)))  # type: ignore[arg-type]
        assert [m.format for m in messages] == [fmt] * 40
        assert [m.manifest for m in messages] == many
    (from_csv,) = read(CSV)
    assert from_csv.format == "csv"
    assert from_csv.manifest is not None
    assert len(from_csv.manifest.consignments) == 2


def test_format_given_overrides_detection() -> None:
    (message,) = read(write_json_lines([golden_manifest()]), format="jsonl")
    assert message.format == "jsonl"
    (as_csv,) = read(write_csv([golden_manifest()]), format="csv", filename="x.json")
    assert as_csv.format == "csv"


@pytest.mark.parametrize("data", [b"", b"   \r\n\t\n", b"\xef\xbb\xbf\n"])
def test_empty_input_is_one_rejected_message(data: bytes) -> None:
    (message,) = read(data)
    assert message.manifest is None
    (problem,) = message.problems
    assert (problem.code, problem.position) == ("empty.file", "line 1")
    assert problem.message.startswith("empty file")


def test_binary_garbage_is_one_rejected_message() -> None:
    data = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x01\x00" + bytes(range(256)) * 400
    (message,) = read(data, filename="manifest.png")
    assert message.manifest is None
    (problem,) = message.problems
    assert problem.code == "unknown.format"
    assert problem.message.startswith(
        "not a supported format: starts with b'\\x89PNG\\r\\n\\x1a\\n\\x00\\x00\\x00\\rIHDR'"
    )
    assert "cuscar, x12, cargo_xml, cargo_imp, ens, json, jsonl, csv" in problem.message


def test_unknown_format_name_is_a_problem() -> None:
    (message,) = read(JSON, format="xml")
    assert message.manifest is None
    assert message.problems[0].code == "unknown.format"
    assert "'xml'" in message.problems[0].message


def test_cuscar_is_dispatched_to_its_reader() -> None:
    cuscar = pytest.importorskip("cargotarget.ingest.edifact.cuscar")
    data = (FIXTURES / "cuscar" / "d11a_sea_import.edi").read_bytes()
    direct = list(cuscar.read_cuscar(io.BytesIO(data)))
    through_registry = read(data)
    assert [m.format for m in through_registry] == [m.format for m in direct]
    assert through_registry[0].format == "cuscar"
    assert [m.manifest for m in through_registry] == [m.manifest for m in direct]
    assert direct[0].manifest is not None
