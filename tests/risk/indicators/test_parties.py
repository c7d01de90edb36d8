"""The parties as filed: forwarders, notify parties, private persons, addresses, trusted traders."""

from __future__ import annotations

import polars as pl
import pytest

from cargotarget.model.manifest import Address, PartyRole
from cargotarget.risk.indicators.names import party_key
from tests.risk.indicators.builders import KINGSTON, bill, column, outcomes, party


def test_a_forwarder_as_consignee() -> None:
    names = ["Caribbean Logistics Ltd", "FAST FREIGHT FORWARDING S.A.", "Blue Ocean Shipping"]
    names += ["DHL Express", "Island Fresh Imports Ltd"]
    cases = {name: bill(consignee=name, notify=None) for name in names}
    assert outcomes("forwarder_consignee", cases) == {
        **dict.fromkeys(names[:4], True),
        "Island Fresh Imports Ltd": False,
    }


def test_notify_party_unrelated_to_consignee() -> None:
    """IMPORTS and LTD are generic words: they do not relate two parties."""
    notify = {
        "a broker": "Kingston Customs Brokers Ltd",
        "the consignee, spelled otherwise": "Island Fresh Imports Limited",
        "the consignee's group": "ISLAND FRESH LTD",
        "same as consignee": "SAME AS CONSIGNEE",
        "a stranger sharing a generic word": "Harbour Imports Ltd",
    }
    cases = {
        case: bill(consignee="Island Fresh Imports Ltd", notify=n) for case, n in notify.items()
    }
    cases["no notify party"] = bill(notify=None)
    cases["no consignee"] = bill(consignee=None, notify="Harbour Brokers")
    assert outcomes("notify_unrelated", cases) == {
        "a broker": True,
        "the consignee, spelled otherwise": False,
        "the consignee's group": False,
        "same as consignee": False,
        "a stranger sharing a generic word": True,
        "no notify party": False,
        "no consignee": None,
    }


INDIVIDUALS = {
    "Maria Gonzalez": True,
    "MR JOHN ALBERT SMITH": True,
    "José Luis Pérez Rodríguez": True,
    "Island Fresh Imports Ltd": False,
    "Kingston Trading": False,
    "ACME CORP": False,
    "Store 24": False,
    "Wong Brothers": False,
}


def test_individual_as_consignee() -> None:
    cases = {name: bill(consignee=name, notify=None) for name in INDIVIDUALS}
    assert outcomes("individual_consignee", cases) == INDIVIDUALS
    assert column("individual_consignee", bill(consignee=None)) == [None]


def test_trade_parties_differ() -> None:
    cases = {
        "buyer is the consignee": bill(
            others=[party(PartyRole.BUYER, "Island Fresh Imports Limited")]
        ),
        "another buyer": bill(others=[party(PartyRole.BUYER, "Montego Holdings")]),
        "seller is the shipper": bill(
            others=[party(PartyRole.SELLER, "BANANERAS DEL PACIFICO SA")]
        ),
        "another seller": bill(others=[party(PartyRole.SELLER, "Panama Fruit Traders")]),
        "neither": bill(),
    }
    assert outcomes("trade_parties_differ", cases) == {
        "buyer is the consignee": False,
        "another buyer": True,
        "seller is the shipper": False,
        "another seller": True,
        "neither": False,
    }


def test_trusted_trader() -> None:
    identifiers = {
        "AEO": [("AEO", "JMAEO1234")],
        "C-TPAT": [("C-TPAT", "12345")],
        "EU AEO number": [("EORI", "DEAEOF1234567")],
        "plain EORI": [("EORI", "DE1234567")],
        "none": [],
    }
    cases = {
        case: bill(
            consignee=None, others=[party(PartyRole.CONSIGNEE, "Island Fresh", identifiers=ids)]
        )
        for case, ids in identifiers.items()
    }
    assert outcomes("trusted_trader", cases) == {
        "AEO": True,
        "C-TPAT": True,
        "EU AEO number": True,
        "plain EORI": False,
        "none": False,
    }


def test_po_box_address() -> None:
    lines = [
        "P.O. Box 4521",
        "PO BOX 12",
        "Apartado Postal 77",
        "Post Office Box 9",
        "14 Boxwood Lane",
    ]
    cases = {
        line: bill(consignee_address=Address(lines=(line,), city="Kingston", country="JM"))
        for line in lines
    }
    assert outcomes("po_box_address", cases) == {**dict.fromkeys(lines[:4], True), lines[4]: False}


def test_incomplete_consignee_address() -> None:
    addresses = {
        "complete": KINGSTON,
        "no street": Address(lines=(), city="Kingston", country="JM"),
        "too short a street": Address(lines=("Lot 5",), city="Kingston", country="JM"),
        "no city": Address(lines=("12 Harbour Street",), country="JM"),
        "no country": Address(lines=("12 Harbour Street",), city="Kingston"),
    }
    cases = {case: bill(consignee_address=a) for case, a in addresses.items()}
    cases["no consignee"] = bill(consignee=None)
    expected = {case: case != "complete" for case in addresses} | {"no consignee": None}
    assert outcomes("incomplete_address", cases) == expected


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Bananeras del Pacífico, S.A.", "BANANERAS DEL PACIFICO"),
        ("BANANERAS DEL PACIFICO SA", "BANANERAS DEL PACIFICO"),
        ("Müller GmbH & Co. KG", "MULLER"),
        ("Café Ñandú S.A. de C.V.", "CAFE NANDU"),
        ("Łódź Sp. z o.o.", "LODZ"),
        ("LIMITED", "LIMITED"),
    ],
)
def test_party_keys_fold_spellings_together(name: str, key: str) -> None:
    assert pl.select(party_key(pl.lit(name))).item() == key
