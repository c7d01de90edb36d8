"""No leakage: what was filed, or found, after a bill was filed never changes its indicators."""

from __future__ import annotations

from datetime import datetime

import msgspec
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cargotarget.model.manifest import Route
from cargotarget.risk.frame import Filing
from cargotarget.risk.indicators import INDICATORS, History, HistoryRecord, IndicatorConfig
from tests.risk.indicators.builders import BASE, assess, bill, container, filed, goods, hours

PARTIES = ["Bananeras del Pacifico S.A.", "BANANERAS DEL PACIFICO SA", "Island Fresh Imports Ltd"]
PARTIES += ["Kingston Traders", "Maria Gonzalez"]
CONTAINERS = ["MSCU1000001", "MSCU1000002", "MSCU1000003"]
HS_CODES = ["080390", "090111", "847130"]
BILLS = ["BL0", "BL1", "BL2", *(f"H{n}" for n in range(30))]
#: When the three assessed bills are filed.
FILED = [BASE - hours(30), BASE, BASE + hours(50)]
NAMES = [indicator.name for indicator in INDICATORS]
#: Norms, shares and usual trade from a single earlier bill, so that small histories use them.
EAGER = IndicatorConfig(norm_min_samples=1, rarity_min_shipments=1, usual_trade_min_shipments=1)


@st.composite
def records(draw: st.DrawFn, earliest: datetime, latest: datetime) -> HistoryRecord:
    """A version of a bill filed between ``earliest`` and ``latest`` (often in the first
    hours), perhaps with a finding recorded up to a month later."""
    span = int((latest - earliest).total_seconds() // 3600)
    filed_at = earliest + hours(draw(st.integers(0, 12) | st.integers(0, span)))
    finding = draw(st.booleans())
    return HistoryRecord(
        bill_number=draw(st.sampled_from(BILLS)),
        filed_at=filed_at,
        shipper_name=draw(st.sampled_from(PARTIES)),
        consignee_name=draw(st.none() | st.sampled_from(PARTIES)),
        container_numbers=tuple(draw(st.lists(st.sampled_from(CONTAINERS), max_size=2))),
        seals=tuple(draw(st.lists(st.sampled_from(["S1", "S2"]), max_size=2))),
        description=draw(st.sampled_from(["FRESH BANANAS", "GREEN COFFEE", "FAK"])),
        hs_code=draw(st.sampled_from(HS_CODES)),
        origin_country=draw(st.sampled_from(["CO", "EC"])),
        gross_weight_kg=draw(st.floats(1.0, 30000.0)),
        package_count=float(draw(st.integers(1, 2000))),
        container_count=1.0,
        examined=finding,
        finding=finding,
        finding_at=filed_at + hours(draw(st.integers(0, 24 * 30))) if finding else None,
    )


@st.composite
def assessed(draw: st.DrawFn) -> list[Filing]:
    """Three bills from the same pools of parties, containers and goods."""
    return [
        filed(
            bill(
                f"BL{n}",
                shipper=draw(st.sampled_from(PARTIES)),
                consignee=draw(st.sampled_from(PARTIES)),
                items=[
                    goods(
                        draw(st.sampled_from(["FRESH BANANAS", "LAPTOPS"])),
                        draw(st.sampled_from(HS_CODES)),
                    )
                ],
                containers=[container(draw(st.sampled_from(CONTAINERS)))],
                route=Route(
                    port_of_loading="COCTG", origin_country=draw(st.sampled_from(["CO", "EC"]))
                ),
            ),
            at,
        )
        for n, at in enumerate(FILED)
    ]


def _unfound(record: HistoryRecord, moment: datetime) -> HistoryRecord:
    """``record`` without its finding if the finding was recorded at or after ``moment``."""
    if record.finding_at is None or record.finding_at < moment:
        return record
    return msgspec.structs.replace(record, finding=False, finding_at=None)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    bills=assessed(),
    which=st.integers(0, 2),
    earlier=st.lists(records(BASE - hours(24 * 40), BASE + hours(60)), max_size=25),
    later=st.data(),
)
def test_later_filings_and_findings_change_nothing(
    bills: list[Filing], which: int, earlier: list[HistoryRecord], later: st.DataObject
) -> None:
    moment = FILED[which]
    before = [r for r in earlier if r.filed_at < moment]
    after = later.draw(st.lists(records(moment, moment + hours(24 * 20)), max_size=10))
    known = History.from_records([_unfound(r, moment) for r in before])
    everything = History.from_records([*earlier, *after])
    rows = [
        assess(*bills, past=past, config=EAGER).select(NAMES).row(which)
        for past in (known, everything)
    ]
    assert [_rounded(v) for v in rows[0]] == [_rounded(v) for v in rows[1]]


def _rounded(value: object) -> object:
    """A float to 12 significant digits: medians of the same values gathered in another order
    may differ in the last bit."""
    return float(f"{value:.12g}") if isinstance(value, float) else value
