"""Canonical CSV: the golden fixture read field by field, round trips, and bad rows explained."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

import msgspec
import pytest
from hypothesis import HealthCheck, given, settings

from cargotarget.ingest.csv_columns import COLUMNS, NAMES, REQUIRED
from cargotarget.ingest.csv_format import read_csv, write_csv
from cargotarget.ingest.json_format import read_json
from cargotarget.model.manifest import (
    DocumentKind,
    Flow,
    FreightPayment,
    Manifest,
    MessageFunction,
    PartyRole,
    TransportMode,
)
from cargotarget.model.problems import ParsedMessage, Severity
from tests.ingest.json_strategies import csv_manifests, manifest_lists

ROOT = Path(__file__).resolve().parents[2]
FIXTURES = ROOT / "tests" / "fixtures" / "csv"
DOC = ROOT / "docs" / "formats" / "csv.md"


def read(data: bytes) -> list[ParsedMessage]:
    return list(read_csv(io.BytesIO(data)))


def read_fixture(name: str) -> list[ParsedMessage]:
    return read((FIXTURES / name).read_bytes())


def golden() -> Manifest:
    (message,) = read_fixture("manifest.csv")
    assert (message.problems, message.rejected) == ((), ())
    assert message.manifest is not None
    return message.manifest


def test_golden_header_and_voyage() -> None:
    manifest = golden()
    assert manifest.reference == "CMDU-JMKIN-0AB1C"
    assert (manifest.flow, manifest.function) == (Flow.IMPORT, MessageFunction.ORIGINAL)
    assert manifest.filed_at == datetime(2026, 3, 9, 12, 30, tzinfo=UTC)
    assert manifest.provider == "CMDU"
    voyage = manifest.voyage
    # Columns the file does not have (mode, flag) take their defaults.
    assert (voyage.mode, voyage.flag) == (TransportMode.SEA, None)
    assert (voyage.carrier_code, voyage.carrier_name) == ("CMDU", "CMA CGM")
    assert (voyage.vessel_name, voyage.imo_number) == ("CMA CGM FORT SAINTE MARIE", "9074729")
    assert voyage.voyage_number == "0AB1CE"
    assert voyage.departure_port == "CNSHA"
    assert voyage.departure_at == datetime(2026, 2, 10, 0, 0, tzinfo=UTC)
    assert (voyage.arrival_port, voyage.arrival_at) == (
        "JMKIN",
        datetime(2026, 3, 14, 6, tzinfo=UTC),
    )
    assert voyage.port_calls == ()


def test_golden_consignment_over_two_containers() -> None:
    toys = golden().consignments[0]
    assert toys.bill_number == "CMDU123456789"
    assert (toys.kind, toys.master_bill_number) == (DocumentKind.SIMPLE, None)
    assert toys.freight_payment is FreightPayment.PREPAID
    assert [p.role for p in toys.parties] == [PartyRole.SHIPPER, PartyRole.CONSIGNEE]
    shipper = toys.parties[0]
    assert shipper.name == "Ningbo Bright Toys Co., Ltd"
    assert shipper.address.lines == ("No. 88 Jiangnan Road", "Beilun District")
    assert (shipper.address.city, shipper.address.postcode) == ("Ningbo", "315800")
    assert shipper.address.country == "CN"
    assert toys.parties[1].address.postcode is None
    route = toys.route
    assert (route.place_of_receipt, route.port_of_loading) == ("CNNGB", "CNSHA")
    assert route.transshipment_ports == ("PAMIT", "COCTG")
    assert (route.port_of_discharge, route.place_of_delivery) == ("JMKIN", "JMKIN")
    assert (route.origin_country, route.countries_of_routing) == ("CN", ())
    toys_item, batteries = toys.goods
    assert (toys_item.sequence, toys_item.description, toys_item.hs_code) == (
        1,
        "PLASTIC TOYS",
        "950300",
    )
    assert (toys_item.package_count, toys_item.package_kind) == (400, "CT")
    assert (toys_item.gross_weight_kg, toys_item.volume_m3) == (5200.5, 31.2)
    assert toys_item.marks == ("ISLAND KIDS", "KINGSTON 1-400")
    assert toys_item.container_numbers == ("MSCU1234566", "CMAU1234564")
    assert toys_item.dangerous_goods == ()
    assert batteries.sequence == 2
    assert [(d.un_number, d.hazard_class) for d in batteries.dangerous_goods] == [("3480", "9")]
    assert batteries.container_numbers == ("MSCU1234566",)
    first, second = toys.equipment
    assert (first.number, first.size_type, first.full) == ("MSCU1234566", "45G1", True)
    assert first.seals == ("SL778899", "CUS001")
    assert (second.number, second.size_type, second.seals) == ("CMAU1234564", "22G1", ("SL778900",))


def test_golden_house_bill_without_container() -> None:
    house = golden().consignments[1]
    assert (house.kind, house.master_bill_number) == (DocumentKind.HOUSE, "CMDU1234MAST")
    assert house.freight_payment is FreightPayment.COLLECT
    notify = house.party(PartyRole.NOTIFY)
    assert notify is not None
    assert notify.name == "Same as consignee"
    assert notify.address.country == "JM"
    (item,) = house.goods
    assert (item.description, item.hs_code, item.package_kind) == (
        "FREIGHT OF ALL KINDS",
        None,
        "PL",
    )
    assert item.container_numbers == ()
    assert house.equipment == ()


@settings(max_examples=30, suppress_health_check=[HealthCheck.too_slow])
@given(manifest_lists(csv_manifests()))
def test_round_trip_through_csv(values: list[Manifest]) -> None:
    messages = read(write_csv(values))
    assert [m.problems for m in messages] == [()] * len(values)
    assert [m.rejected for m in messages] == [()] * len(values)
    assert [m.manifest for m in messages] == values


def test_writer_leaves_out_what_csv_does_not_carry() -> None:
    (message,) = read_json((ROOT / "tests" / "fixtures" / "json" / "manifest.json").open("rb"))
    assert message.manifest is not None
    (back,) = read(write_csv([message.manifest]))
    assert back.manifest is not None
    assert back.manifest.voyage.port_calls == ()
    original, written = message.manifest.consignments[1], back.manifest.consignments[1]
    assert (original.split, written.split) == (True, False)
    assert original.remarks
    assert written.remarks == ()
    assert written.goods == original.goods
    assert back.manifest.consignments[0].parties[0].identifiers == ()


def test_writer_refuses_what_csv_would_lose() -> None:
    manifest = golden()
    with pytest.raises(ValueError, match="same reference"):
        write_csv([manifest, manifest])
    with pytest.raises(ValueError, match="no consignments"):
        write_csv([msgspec.structs.replace(manifest, consignments=())])


def test_missing_required_columns_reject_the_file() -> None:
    (message,) = read_fixture("missing_columns.csv")
    assert message.manifest is None
    (problem,) = message.problems
    assert problem.code == "missing.columns"
    assert problem.message == "the header lacks required columns: bill_number, description"
    assert problem.position == "line 1"


def bad_rows() -> tuple[ParsedMessage, ParsedMessage, ParsedMessage]:
    first, second, third = read_fixture("bad_rows.csv")
    return first, second, third


def rejection(message: ParsedMessage, bill: str) -> tuple[str, str, str]:
    (rejected,) = [r for r in message.rejected if r.bill_number == bill]
    (problem,) = rejected.problems
    assert problem.bill_number == bill
    return problem.code, problem.position, problem.message


def test_each_bad_row_rejects_only_its_consignment() -> None:
    first, _, third = bad_rows()
    assert first.manifest is not None
    assert [c.bill_number for c in first.manifest.consignments] == ["ZIMUSAV0001", "ZIMUSAV0006"]
    assert len(first.rejected) == 4
    assert third.manifest is not None
    assert len(third.manifest.consignments) == 1


def test_row_with_too_many_cells() -> None:
    code, where, message = rejection(bad_rows()[0], "ZIMUSAV0002")
    assert (code, where) == ("invalid.row", "line 3")
    assert message == f"the row has {len(NAMES) + 1} cells, the header {len(NAMES)}"


def test_invalid_container_check_digit() -> None:
    code, where, message = rejection(bad_rows()[0], "ZIMUSAV0003")
    assert (code, where) == ("invalid.ContainerNumber", "line 4, column container_number")
    assert "GMCU6094137" in message
    assert "the ISO 6346 rule gives 5" in message


def test_bytes_that_are_not_utf8() -> None:
    code, where, message = rejection(bad_rows()[0], "ZIMUSAV0004")
    assert (code, where) == ("invalid.encoding", "line 5, column consignee_name")
    assert "0xed" in message


def test_manifest_columns_that_disagree() -> None:
    code, where, message = rejection(bad_rows()[0], "ZIMUSAV0005")
    assert (code, where) == ("inconsistent.manifest", "line 6, column vessel_name")
    assert message == "'ZIM SAVANNAH' differs from 'ZIM KINGSTON' on line 2, in the same manifest"


def test_invalid_imo_rejects_the_whole_manifest_and_keeps_its_rows() -> None:
    data = (FIXTURES / "bad_rows.csv").read_bytes()
    _, second, _ = bad_rows()
    assert second.manifest is None
    (problem,) = second.problems
    assert (problem.code, problem.position) == ("invalid.ImoNumber", "line 8, column imo_number")
    lines = data.splitlines(keepends=True)
    assert second.fragment == lines[0] + lines[7] + lines[8]


def test_fragment_is_the_header_and_the_consignments_rows() -> None:
    data = (FIXTURES / "bad_rows.csv").read_bytes()
    lines = data.splitlines(keepends=True)
    for rejected in bad_rows()[0].rejected:
        assert rejected.bill_number is not None
        rows = [line for line in lines[1:] if rejected.bill_number.encode() in line]
        assert rejected.fragment == lines[0] + b"".join(rows)


def test_corrected_fragment_replays() -> None:
    rejected = next(r for r in bad_rows()[0].rejected if r.bill_number == "ZIMUSAV0003")
    (replayed,) = read(rejected.fragment)
    assert replayed.rejected[0].problems[0].position == "line 2, column container_number"
    (fixed,) = read(rejected.fragment.replace(b"GMCU6094137", b"GMCU6094135"))
    assert fixed.manifest is not None
    assert [c.bill_number for c in fixed.manifest.consignments] == ["ZIMUSAV0003"]


def test_huge_single_field_is_a_problem_at_its_cell() -> None:
    data = (FIXTURES / "manifest.csv").read_bytes()
    huge = b"X" * 300_000
    data = data.replace(b"FREIGHT OF ALL KINDS", huge)
    (message,) = read(data)
    assert message.manifest is not None
    assert [c.bill_number for c in message.manifest.consignments] == ["CMDU123456789"]
    (rejected,) = message.rejected
    (problem,) = rejected.problems
    assert (problem.code, problem.position) == ("invalid.cell", "line 10, column description")
    assert problem.message == "cell has 300000 characters; the limit is 131072"
    assert huge in rejected.fragment


def test_quoted_huge_field_over_several_lines() -> None:
    data = (FIXTURES / "manifest.csv").read_bytes()
    huge = ("LINE OF TEXT\n" * 20_000).encode()
    data = data.replace(b"FREIGHT OF ALL KINDS", b'"' + huge + b'"')
    (message,) = read(data)
    assert message.manifest is not None
    assert len(message.manifest.consignments) == 1
    (rejected,) = message.rejected
    assert rejected.bill_number == "CMDU123456790"
    assert rejected.problems[0].position == "line 10, column description"


def test_non_consecutive_bill_is_an_error() -> None:
    data = (FIXTURES / "bad_rows.csv").read_bytes()
    lines = data.splitlines(keepends=True)
    shuffled = lines[0] + lines[1] + lines[6] + lines[1].replace(b"HASU5044950", b"MSKU9070323")
    (message,) = read(shuffled)
    assert message.manifest is not None
    code, where, _ = rejection(message, "ZIMUSAV0001")
    assert (code, where) == ("duplicate.bill_number", "line 4, column bill_number")


def test_bad_cell_values_are_placed() -> None:
    data = (FIXTURES / "manifest.csv").read_bytes()
    data = data.replace(b",1,PL,800,", b",one,PL,8OO,").replace(b",house,", b",houses,")
    (message,) = read(data)
    (rejected,) = message.rejected
    found = {(p.code, p.position) for p in rejected.problems}
    assert found == {
        ("invalid.package_count", "line 10, column package_count"),
        ("invalid.gross_weight_kg", "line 10, column gross_weight_kg"),
        ("invalid.document_kind", "line 10, column document_kind"),
    }


def test_warnings_do_not_reject() -> None:
    data = (FIXTURES / "manifest.csv").read_bytes().replace(b"CNNGB", b"CNXXX")
    (message,) = read(data)
    assert message.manifest is not None
    assert len(message.manifest.consignments) == 2
    assert {(p.code, p.severity, p.position) for p in message.problems} == {
        ("unknown.UnLocode", Severity.WARNING, "line 2, column place_of_receipt")
    }


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty.file"),
        (b"\xef\xbb\xbf", "empty.file"),
        (",".join(NAMES).encode() + b"\r\n", "missing.rows"),
        (b"manifest_reference,bill_number,bill_number\n", "duplicate.column"),
    ],
)
def test_files_without_manifests_say_why(data: bytes, code: str) -> None:
    (message,) = read(data)
    assert message.manifest is None
    assert code in [p.code for p in message.problems]


def test_unknown_columns_are_warned_about() -> None:
    data = (FIXTURES / "manifest.csv").read_bytes()
    header, _, rest = data.partition(b"\r\n")
    rows = rest.replace(b"\r\nCMDU-JMKIN", b",\r\nCMDU-JMKIN")
    (message,) = read(header + b",remarks\r\n" + rows[:-2] + b",\r\n")
    assert message.manifest is not None
    assert len(message.manifest.consignments) == 2
    (warning,) = message.problems
    assert (warning.code, warning.severity) == ("unknown.column", Severity.WARNING)
    assert warning.position == "line 1, column remarks"


def test_documented_columns_are_the_readers() -> None:
    """Every column in the table of csv.md is one the reader knows, with the same level, model
    field and requirement, and every column the reader knows is in the table."""
    rows = [line for line in DOC.read_text().splitlines() if line.startswith("| `")]
    table = [[cell.strip().strip("`") for cell in row.strip("|").split("|")] for row in rows]
    assert [row[0] for row in table] == list(NAMES)
    assert [row[0] for row in table if row[3] == "**yes**"] == list(REQUIRED)
    assert [(row[1], row[2]) for row in table] == [(c.level.value, c.path) for c in COLUMNS]


def test_documented_example_parses() -> None:
    example = DOC.read_text().split("```csv\n")[1].split("```")[0]
    (message,) = read(example.encode())
    assert (message.problems, message.rejected) == ((), ())
    assert message.manifest is not None
    (toys,) = message.manifest.consignments
    assert toys.goods[0].container_numbers == ("MSCU1234566", "CMAU1234564")
    assert [unit.seals for unit in toys.equipment] == [("SL778899", "CUS001"), ("SL778900",)]
