"""Fixtures of the indicator tests: histories that several tests learn from."""

from __future__ import annotations

import pytest

from cargotarget.risk.indicators import History
from tests.risk.indicators.builders import BASE, bill, days, filed, goods, history, hours


@pytest.fixture
def past() -> History:
    """The shipper and consignee on two bills 100 and 30 days ago (the second amended the
    next day, and spelled differently), a stranger's bill, and a bill filed after BASE."""
    return history(
        filed(bill("BL-A"), BASE - days(100)),
        filed(bill("BL-B", shipper="BANANERAS DEL PACIFICO SA"), BASE - days(30)),
        filed(bill("BL-B", shipper="BANANERAS DEL PACIFICO SA"), BASE - days(29)),
        filed(bill("BL-C", shipper="Other Exporter", consignee="Other Importer"), BASE - days(10)),
        filed(bill("BL-D"), BASE + days(1)),
    )


@pytest.fixture
def versions() -> History:
    """BL1 filed four days before BASE, again two days before (to another consignee, with
    another description) and once more after BASE; BL2 filed three days before BASE."""
    return history(
        filed(bill("BL1"), BASE - days(4)),
        filed(
            bill("BL1", consignee="Montego Bay Traders", items=[goods("BANANAS")]), BASE - days(2)
        ),
        filed(bill("BL1"), BASE + hours(1)),
        filed(bill("BL2"), BASE - days(3)),
    )
