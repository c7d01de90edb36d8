"""Hand-built bills, filings and histories for the indicator tests."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime, timedelta

import polars as pl

from cargotarget.model.manifest import (
    Address,
    Consignment,
    DangerousGoods,
    Equipment,
    FreightPayment,
    GoodsItem,
    Identifier,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.risk.frame import Filing
from cargotarget.risk.indicators import (
    History,
    IndicatorConfig,
    Outcome,
    compute_indicators,
    indicator_frame,
)


def days(count: float) -> timedelta:
    return timedelta(days=count)


def hours(count: float) -> timedelta:
    return timedelta(hours=count)


BASE = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
"""When the assessed bills are filed, unless a test says otherwise."""
DEPARTURE = BASE + timedelta(days=2)
ARRIVAL = BASE + timedelta(days=7)
KINGSTON = Address(lines=("12 Harbour Street",), city="Kingston", country="JM")
BUENAVENTURA = Address(lines=("Calle 5 # 10-20",), city="Buenaventura", country="CO")


def party(
    role: PartyRole,
    name: str,
    address: Address = KINGSTON,
    identifiers: Sequence[tuple[str, str]] = (),
) -> Party:
    ids = tuple(Identifier(scheme=s, value=v) for s, v in identifiers)
    return Party(role=role, name=name, address=address, identifiers=ids)


def container(
    number: str = "MSCU1000001",
    size_type: str | None = "45G1",
    full: bool = True,
    seals: Sequence[str] = ("SL1",),
) -> Equipment:
    return Equipment(number=number, size_type=size_type, full=full, seals=tuple(seals))


def goods(
    description: str = "FRESH BANANAS",
    hs: str | None = "080390",
    packages: int | None = 1000,
    weight: float | None = 20000.0,
    kind: str = "CT",
    dangerous: bool = False,
) -> GoodsItem:
    return GoodsItem(
        sequence=1,
        description=description,
        hs_code=hs,
        package_count=packages,
        package_kind=kind,
        gross_weight_kg=weight,
        dangerous_goods=(DangerousGoods(un_number="1203"),) if dangerous else (),
    )


def bill(
    number: str = "BL1",
    *,
    shipper: str | None = "Bananeras del Pacifico S.A.",
    consignee: str | None = "Island Fresh Imports Ltd",
    notify: str | None = "Island Fresh Imports Ltd",
    others: Sequence[Party] = (),
    items: Sequence[GoodsItem] | None = None,
    containers: Sequence[Equipment] | None = None,
    route: Route | None = None,
    payment: FreightPayment | None = FreightPayment.PREPAID,
    consignee_address: Address = KINGSTON,
) -> Consignment:
    named = [
        party(PartyRole.SHIPPER, shipper, BUENAVENTURA) if shipper else None,
        party(PartyRole.CONSIGNEE, consignee, consignee_address) if consignee else None,
        party(PartyRole.NOTIFY, notify) if notify else None,
    ]
    return Consignment(
        bill_number=number,
        freight_payment=payment,
        parties=(*(p for p in named if p is not None), *others),
        route=route
        or Route(port_of_loading="COCTG", port_of_discharge="JMKIN", origin_country="CO"),
        goods=tuple(items) if items is not None else (goods(),),
        equipment=tuple(containers) if containers is not None else (container(),),
    )


def voyage(
    arrival: datetime | None = ARRIVAL,
    departure: datetime | None = DEPARTURE,
    mode: TransportMode = TransportMode.SEA,
) -> Voyage:
    return Voyage(mode=mode, voyage_number="123E", departure_at=departure, arrival_at=arrival)


def filed(
    consignment: Consignment,
    at: datetime | None = BASE,
    *,
    carrier: Voyage | None = None,
    amendments: int = 0,
) -> Filing:
    """``consignment`` filed at ``at`` for a voyage leaving two days and arriving seven days
    after :data:`BASE`, unless ``carrier`` says otherwise."""
    return Filing(consignment, carrier or voyage(), filed_at=at, amendment_count=amendments)


def history(
    *earlier: Filing | tuple[Filing, Outcome | None],
) -> History:
    """History of ``earlier`` filings, each with its examination outcome or none."""
    pairs = [item if isinstance(item, tuple) else (item, None) for item in earlier]
    return History.from_filings([f for f, _ in pairs], [o for _, o in pairs])


def found(at: datetime) -> Outcome:
    """An examination with a finding recorded at ``at``."""
    return Outcome(examined=True, finding=True, finding_at=at)


def assess(
    *filings: Filing, past: History | None = None, config: IndicatorConfig | None = None
) -> pl.DataFrame:
    """The indicator frame of ``filings`` with every indicator computed against ``past``."""
    return compute_indicators(
        indicator_frame(list(filings)), past if past is not None else History.empty(), config
    )


def value(frame: pl.DataFrame, name: str, row: int = 0) -> object:
    """Indicator ``name`` of row ``row``, as a plain Python value."""
    cell = frame[name][row]
    return cell if not isinstance(cell, pl.Series) else cell.to_list()


def one(consignment: Consignment, name: str, config: IndicatorConfig | None = None) -> object:
    """Indicator ``name`` of ``consignment`` filed at :data:`BASE`, with no history."""
    return value(assess(filed(consignment), config=config), name)


def column(
    name: str, *consignments: Consignment, config: IndicatorConfig | None = None
) -> list[object]:
    """Indicator ``name`` of each of ``consignments``, filed at :data:`BASE` and assessed
    together with no history: one computation for a whole table of cases."""
    return assess(*(filed(c) for c in consignments), config=config)[name].to_list()


def outcomes(name: str, cases: dict[str, Consignment]) -> dict[str, object]:
    """Indicator ``name`` per named case, so that a failure names the case."""
    return dict(zip(cases, column(name, *cases.values()), strict=True))
