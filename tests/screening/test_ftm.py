"""The FollowTheMoney JSON-lines loader, field by field, and on malformed input."""

from __future__ import annotations

import io
from datetime import date
from pathlib import Path

from cargotarget.model.manifest import Address, Identifier
from cargotarget.screening import EntryKind, Severity, load_ftm


def load(watchlists: Path) -> dict[str, object]:
    result = load_ftm(watchlists / "entities.ftm.jsonl", list_name="OPENSANCTIONS")
    assert result.problems == ()
    assert result.skipped == 1  # the Ownership
    return {e.entry_id: e for e in result.entries}


def test_a_company_with_its_sanction_and_address(watchlists: Path) -> None:
    entry = load(watchlists)["os-acme"]
    assert entry.kind is EntryKind.PARTY  # type: ignore[attr-defined]
    assert entry.list_name == "OPENSANCTIONS"  # type: ignore[attr-defined]
    assert entry.name == "ACME GLOBAL TRADING LLC"  # type: ignore[attr-defined]
    assert entry.aliases == ("ACME GT", "AGT", "ACME IMPORT EXPORT LLC")  # type: ignore[attr-defined]
    assert entry.address == Address(lines=("Office 12, Jebel Ali Free Zone, Dubai",))  # type: ignore[attr-defined]
    assert entry.country == "AE"  # type: ignore[attr-defined]
    assert entry.identifiers == (  # type: ignore[attr-defined]
        Identifier(scheme="REGISTRATION", value="RN-42"),
        Identifier(scheme="TIN", value="TX-7"),
    )
    assert entry.severity is Severity.HIGH  # type: ignore[attr-defined]
    assert entry.reason == "sanctioned; export controlled; IRAN-EO13846"  # type: ignore[attr-defined]
    assert entry.source == "us_ofac_sdn"  # type: ignore[attr-defined]
    assert entry.valid_from == date(2023, 2, 1)  # type: ignore[attr-defined]
    assert entry.expires is None  # type: ignore[attr-defined]


def test_a_person_with_a_passport_and_a_vessel_by_imo(watchlists: Path) -> None:
    entries = load(watchlists)
    person, vessel = entries["os-ivanov"], entries["os-ship"]
    assert person.aliases == ("Сергей Петрович Иванов",)  # type: ignore[attr-defined]
    assert person.severity is Severity.LOW  # type: ignore[attr-defined]
    assert person.identifiers == (Identifier(scheme="PASSPORT", value="7712345"),)  # type: ignore[attr-defined]
    assert person.country == "RU"  # type: ignore[attr-defined]
    assert vessel.kind is EntryKind.VESSEL  # type: ignore[attr-defined]
    assert vessel.value == "9074729"  # type: ignore[attr-defined]
    assert vessel.name == "OCEAN STAR"  # type: ignore[attr-defined]
    assert vessel.country == "PA"  # type: ignore[attr-defined]


def test_an_ended_sanction_expires_the_day_after_it_ends(watchlists: Path) -> None:
    old = load(watchlists)["os-old"]
    assert old.severity is Severity.CRITICAL  # type: ignore[attr-defined]
    assert old.expires == date(2015, 7, 1)  # type: ignore[attr-defined]
    assert old.active_on(date(2015, 6, 30))  # type: ignore[attr-defined]
    assert not old.active_on(date(2015, 7, 1))  # type: ignore[attr-defined]


def test_malformed_lines_are_reported_with_line_and_reason(watchlists: Path) -> None:
    result = load_ftm(watchlists / "malformed.ftm.jsonl", list_name="L")
    assert [e.entry_id for e in result.entries] == ["ok-1", "ok-2"]
    found = {p.position: (p.code, p.message) for p in result.problems}
    assert found["line 2"][0] == "bad_json"  # truncated line
    assert found["line 3"] == (
        "bad_entity",
        "not a FollowTheMoney entity: Expected `array`, got `str` - at `$.properties[...]`",
    )
    assert found["line 4"] == ("unknown_schema", "unknown schema 'Spaceship'")
    assert found["line 5"] == ("no_name", "entity 'noname' has no name")
    assert found["line 6"][0] == "bad_entity"  # an array, not an entity
    assert found["line 7"] == (
        "bad_entity",
        "not a FollowTheMoney entity: Object missing required field `id`",
    )
    assert found["line 8"] == ("not_utf8", "not UTF-8 text (byte 1 of the line)")
    assert [p.position for p in result.problems] == [f"line {n}" for n in range(2, 9)]


def test_empty_input(watchlists: Path) -> None:
    for source in (watchlists / "empty.ftm.jsonl", b"", io.BytesIO(b"\n")):
        result = load_ftm(source, list_name="L")
        assert result.entries == ()
        assert [(p.position, p.code) for p in result.problems] == [("line 1", "empty")]


def test_loaded_entities_screen_by_name(watchlists: Path) -> None:
    from cargotarget.screening import Screener

    result = load_ftm(watchlists / "entities.ftm.jsonl", list_name="L")
    screener = Screener(result.entries)
    (hit,) = screener.screen_name("Ivanov Sergei Petrovich", on=date(2025, 1, 1))
    assert hit.entry.entry_id == "os-ivanov"
    assert screener.screen_name("Old Network Foundation", on=date(2025, 1, 1)) == []
