"""The CSV watch-list loader, field by field, and on malformed input."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from cargotarget.model.manifest import Address, Identifier
from cargotarget.screening import EntryKind, Severity, load_csv


def test_every_field_of_a_party_row(watchlists: Path) -> None:
    result = load_csv(watchlists / "basic.csv", list_name="NATIONAL", source_name="file")
    assert result.problems == ()
    party = result.entries[0]
    assert party.entry_id == "P1"
    assert party.list_name == "NATIONAL"
    assert party.kind is EntryKind.PARTY
    assert party.name == "GLOBAL TRADING CO., LTD."
    assert party.aliases == ("GLOBAL TRADE CO", "GTC HOLDINGS")
    assert party.address == Address(
        lines=("Room 5 Harbour Building", "88 Queen Street"), city="Hong Kong", country="HK"
    )
    assert party.country == "HK"
    assert party.identifiers == (
        Identifier(scheme="BR", value="12345678"),
        Identifier(scheme="TIN", value="HK-99"),
    )
    assert party.reason == "front company"
    assert party.severity is Severity.HIGH
    assert party.source == "Intelligence 2024/17"
    assert party.valid_from == date(2024, 1, 1)
    assert party.expires is None
    assert party.names == ("GLOBAL TRADING CO., LTD.", "GLOBAL TRADE CO", "GTC HOLDINGS")


def test_values_of_every_kind_are_held_in_normal_form(watchlists: Path) -> None:
    entries = {e.entry_id: e for e in load_csv(watchlists / "basic.csv", list_name="L").entries}
    assert entries["P2"].aliases == ("Сергей Иванов",)
    assert entries["P2"].severity is Severity.CRITICAL
    assert entries["P2"].source == "UN"
    assert entries["P3"].expires == date(2021, 1, 1)
    assert not entries["P3"].active_on(date(2021, 1, 1))
    assert entries["P3"].active_on(date(2020, 12, 31))
    expected = {
        "C1": (EntryKind.CONTAINER, "MSCU1234566"),
        "V1": (EntryKind.VESSEL, "9074729"),
        "B1": (EntryKind.BILL, "MEBU123456"),
        "H1": (EntryKind.HS_CODE, "080390"),
        "K1": (EntryKind.KEYWORD, "SAID TO CONTAIN"),
        "N1": (EntryKind.COUNTRY, "IR"),
        "T1": (EntryKind.PORT, "PAMIT"),
        "I1": (EntryKind.COMPANY_ID, "DE123456789"),
    }
    assert {k: (entries[k].kind, entries[k].value) for k in expected} == expected
    assert entries["V1"].name == "OCEAN STAR"
    assert entries["B1"].severity is Severity.MEDIUM
    assert entries["K1"].source == ""


def test_malformed_rows_are_reported_with_line_and_reason(watchlists: Path) -> None:
    result = load_csv(watchlists / "malformed.csv", list_name="L")
    assert [e.entry_id for e in result.entries] == ["X1"]
    found = {p.position: (p.code, p.message) for p in result.problems}
    assert found["line 3"] == (
        "bad_row",
        "kind 'spaceship' is not one of party, company_id, container, vessel, bill, hs_code, "
        "country, port, keyword",
    )
    assert found["line 4"] == ("bad_row", "a party entry needs a name")
    assert found["line 5"][1].startswith("value 'ABCU1234567': check digit is 7")
    assert found["line 6"] == ("bad_row", "valid_from '2024-13-01' is not a date (YYYY-MM-DD)")
    assert found["line 7"][1].startswith("severity 'urgent' is not one of")
    assert found["line 8"] == ("cell_count", "has 4 cells, the header has 7")
    assert found["line 9"] == ("not_utf8", "not UTF-8 text (byte 1 of the line)")
    assert found["line 10"][0] == "bad_csv"
    assert [p.position for p in result.problems] == [f"line {n}" for n in range(3, 11)]


def test_a_header_without_required_columns(watchlists: Path) -> None:
    result = load_csv(watchlists / "no_id_column.csv", list_name="L")
    assert result.entries == ()
    (problem,) = result.problems
    assert (problem.position, problem.code) == ("line 1", "bad_header")
    assert "id, kind" in problem.message


def test_empty_input_from_a_path_bytes_text_or_stream(watchlists: Path) -> None:
    for source in (watchlists / "empty.csv", b"", "\n\n", io.BytesIO(b"")):
        result = load_csv(source, list_name="L")
        assert result.entries == ()
        assert [(p.position, p.code) for p in result.problems] == [("line 1", "empty")]


def test_unknown_columns_are_reported_but_rows_still_load() -> None:
    result = load_csv(b"id,kind,reason,name,colour\nA,party,r,ACME,blue\n", list_name="L")
    assert [e.name for e in result.entries] == ["ACME"]
    assert [(p.position, p.code) for p in result.problems] == [("line 1", "unknown_column")]


def test_a_byte_order_mark_and_crlf_are_accepted() -> None:
    data = "\ufeffid,kind,reason,name\r\nA,party,r,ACME\r\n".encode()
    result = load_csv(data, list_name="L")
    assert result.problems == ()
    assert [e.name for e in result.entries] == ["ACME"]
