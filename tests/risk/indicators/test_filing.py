"""Filing: lead times, amendments and what they change, freight payment."""

from __future__ import annotations

from cargotarget.model.manifest import FreightPayment, TransportMode
from cargotarget.risk.indicators import History
from tests.risk.indicators.builders import (
    BASE,
    assess,
    bill,
    days,
    filed,
    goods,
    hours,
    voyage,
)


def test_late_filing() -> None:
    voyages = {
        "in time": voyage(),
        "departs in 10 hours": voyage(departure=BASE + hours(10)),
        "arrives in 20 hours": voyage(departure=BASE - hours(30), arrival=BASE + hours(20)),
        "flight arrives in 5 hours": voyage(BASE + hours(5), None, TransportMode.AIR),
        "flight arrives in 3 hours": voyage(BASE + hours(3), None, TransportMode.AIR),
        "times unknown": voyage(None, None),
    }
    frame = assess(*(filed(bill(), carrier=v) for v in voyages.values()))
    assert dict(zip(voyages, frame["late_filing"], strict=True)) == {
        "in time": False,
        "departs in 10 hours": True,
        "arrives in 20 hours": True,
        "flight arrives in 5 hours": False,
        "flight arrives in 3 hours": True,
        "times unknown": None,
    }


def test_hours_before_departure() -> None:
    early = filed(bill(), carrier=voyage(departure=BASE + days(2)))
    late = filed(bill(), carrier=voyage(departure=BASE - hours(5)))
    unknown = filed(bill(), carrier=voyage(departure=None))
    frame = assess(early, late, unknown)
    assert frame["filed_hours_before_departure"].to_list() == [48.0, -5.0, None]


def test_earlier_version_count(versions: History) -> None:
    frame = assess(filed(bill("BL1")), filed(bill("BL3")), past=versions)
    assert frame["earlier_version_count"].to_list() == [2.0, 0.0]


def test_consignee_and_description_changed_against_the_previous_version(
    versions: History,
) -> None:
    same_as_before = bill("BL1", consignee="MONTEGO BAY TRADERS", items=[goods("Bananas")])
    changed = bill("BL2", consignee="Other Importer", items=[goods("PINEAPPLES", "080430")])
    frame = assess(filed(same_as_before), filed(changed), filed(bill("BL3")), past=versions)
    assert frame["consignee_changed"].to_list() == [False, True, False]
    assert frame["description_changed"].to_list() == [False, True, False]


def test_last_minute_amendment(versions: History) -> None:
    soon = voyage(arrival=BASE + hours(10))
    cases = {
        "amended 10 hours before arrival": filed(bill("BL1"), carrier=soon),
        "amended 3 days before arrival": filed(bill("BL1"), carrier=voyage(arrival=BASE + days(3))),
        "first filed 10 hours before arrival": filed(bill("BL9"), carrier=soon),
        "amended, says the filer": filed(bill("BL9"), carrier=soon, amendments=1),
    }
    frame = assess(*cases.values(), past=versions)
    assert dict(zip(cases, frame["last_minute_amendment"], strict=True)) == {
        "amended 10 hours before arrival": True,
        "amended 3 days before arrival": False,
        "first filed 10 hours before arrival": False,
        "amended, says the filer": True,
    }


def test_freight_payment() -> None:
    payments = [FreightPayment.COLLECT, FreightPayment.CASH, FreightPayment.PREPAID, None]
    frame = assess(*(filed(bill(payment=p)) for p in payments))
    assert frame["freight_collect"].to_list() == [True, False, False, False]
    assert frame["cash_payment"].to_list() == [False, True, False, False]
