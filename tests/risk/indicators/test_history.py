"""History built from plain records, from a frame and from filings."""

from __future__ import annotations

from typing import Any

import msgspec
import polars as pl
import pytest

from cargotarget.risk.indicators import (
    HISTORY_SCHEMA,
    RECORD_SCHEMA,
    History,
    HistoryRecord,
    Outcome,
)
from tests.risk.indicators.builders import BASE, assess, bill, container, days, filed, value


def _record(number: str, at_days: float, **fields: Any) -> HistoryRecord:
    record = HistoryRecord(bill_number=number, filed_at=BASE - days(at_days))
    return msgspec.structs.replace(record, **fields)


def test_records_become_rows_in_filing_order_with_party_keys() -> None:
    history = History.from_records(
        [
            _record("B2", 1, shipper_name="Müller GmbH", hs_code="0803.90", seals=("S2", "S1")),
            _record("B1", 5, consignee_name="Island Fresh Imports Ltd", container_numbers=("C1",)),
        ]
    )
    rows = history.rows
    assert rows.schema == HISTORY_SCHEMA
    assert rows["bill_number"].to_list() == ["B1", "B2"]
    assert rows["shipper_key"].to_list() == [None, "MULLER"]
    assert rows["consignee_key"].to_list() == ["ISLAND FRESH IMPORTS", None]
    assert rows["hs_heading"].to_list() == [None, "0803"]
    assert rows["hs_chapter"].to_list() == [None, "08"]
    assert rows["container_count"].to_list() == [1.0, 0.0]
    assert len(history) == 2


def test_a_frame_of_records_needs_every_column() -> None:
    with pytest.raises(ValueError, match="lack the columns"):
        History.from_frame(pl.DataFrame({"bill_number": ["B1"]}))


def test_rows_without_a_filing_time_are_left_out() -> None:
    records = pl.DataFrame([{"bill_number": "B1", "filed_at": None}], schema=RECORD_SCHEMA)
    assert len(History.from_frame(records)) == 0


def test_rows_of_another_schema_are_refused() -> None:
    with pytest.raises(ValueError, match="schema"):
        History(pl.DataFrame({"bill_number": ["B1"]}))


def test_history_from_filings_keeps_outcomes_in_order() -> None:
    filings = [filed(bill("B1", containers=[container("C9", seals=("S1",))]), BASE - days(3))]
    history = History.from_filings(filings, [Outcome(finding=True, finding_at=BASE - days(1))])
    row = history.rows.row(0, named=True)
    assert row["container_numbers"] == ["C9"]
    assert row["seals"] == ["S1"]
    assert row["description"] == "FRESH BANANAS"
    assert (row["examined"], row["finding"]) == (True, True)
    with pytest.raises(ValueError, match="one outcome"):
        History.from_filings(filings, [])


def test_records_and_filings_teach_the_same() -> None:
    """The store may hand over records instead of filings: the indicators agree."""
    by_filing = History.from_filings([filed(bill("B1"), BASE - days(40))])
    by_record = History.from_records(
        [
            _record(
                "B1",
                40,
                shipper_name="BANANERAS DEL PACIFICO SA",
                consignee_name="ISLAND FRESH IMPORTS LIMITED",
                hs_code="080390",
                origin_country="CO",
                container_numbers=("MSCU1000001",),
            )
        ]
    )
    names = ["shipper_first_seen_days", "consignee_shipment_count", "container_earlier_findings"]
    with_filing, with_record = (assess(filed(bill("NEW")), past=h) for h in (by_filing, by_record))
    assert [value(with_filing, n) for n in names] == [value(with_record, n) for n in names]
    assert value(with_record, "shipper_first_seen_days") == pytest.approx(40.0)
