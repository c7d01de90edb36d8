"""Fixtures of the screening tests: small watch lists and screeners built from them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from cargotarget.screening import EntryKind, Screener, Severity, WatchEntry

WATCHLISTS = Path(__file__).resolve().parents[1] / "fixtures" / "watchlists"
TODAY = date(2025, 6, 1)


def party(entry_id: str, name: str, list_name: str = "SANCTIONS", **fields: object) -> WatchEntry:
    """A listed party with a reason, for tests that only care about names and dates."""
    return WatchEntry(
        entry_id=entry_id,
        list_name=list_name,
        kind=EntryKind.PARTY,
        reason="test listing",
        severity=Severity.HIGH,
        name=name,
        **fields,  # type: ignore[arg-type]
    )


@pytest.fixture(scope="session")
def watchlists() -> Path:
    return WATCHLISTS


@pytest.fixture(scope="session")
def listed() -> list[WatchEntry]:
    return [
        party("S1", "GLOBAL TRADING CO., LTD."),
        party("S2", "Sergei Ivanov"),
        party("S3", "KHORASAN INDUSTRIAL EQUIPMENT LLC"),
        party("S4", "Müller Maschinenbau GmbH"),
        party("S5", "Алексей Петрович Волков"),
        party("S6", "OLD SHELL LIMITED", expires=date(2021, 1, 1)),
        party("S7", "FUTURE FRONT LTD", valid_from=date(2030, 1, 1)),
        party("I1", "PACIFIC JADE HOLDINGS LIMITED", list_name="INTELLIGENCE"),
    ]


@pytest.fixture(scope="session")
def screener(listed: list[WatchEntry]) -> Screener:
    return Screener(listed)
