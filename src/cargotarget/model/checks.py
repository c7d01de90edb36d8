"""Validation of canonical consignments against the value types and reference data.

Checks report field paths (``equipment[0].number``); each format maps a path to a position in
its own terms (segment number and tag, line and column, JSON path) through the ``locate`` callable.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

from cargotarget.model import reference
from cargotarget.model.codes import (
    ContainerNumber,
    CountryCode,
    HsCode,
    ImoNumber,
    InvalidCode,
    UnLocode,
    _Code,
)
from cargotarget.model.manifest import Consignment, EquipmentKind, GoodsItem, Voyage
from cargotarget.model.problems import Problem, Severity

Locate = Callable[[str], str]


def _code_problem(
    kind: type[_Code], value: str | None, path: str, locate: Locate, bill: str | None
) -> Iterator[Problem]:
    if value is None:
        return
    try:
        kind(value)
    except InvalidCode as exc:
        yield Problem(
            code=f"invalid.{kind.__name__}",
            message=str(exc),
            position=locate(path),
            bill_number=bill,
        )


def _locode_problem(
    value: str | None, path: str, locate: Locate, bill: str | None
) -> Iterator[Problem]:
    """A malformed UN/LOCODE is an error; a well-formed one missing from the table in use is a
    warning, since the table an administration loads may lag behind the filers' codes."""
    if value is None:
        return
    try:
        UnLocode(value)
    except InvalidCode as exc:
        known_country = value[:2].upper() in reference.countries()
        unknown_only = exc.reason == "is not in the UN/LOCODE code list" and known_country
        yield Problem(
            code="unknown.UnLocode" if unknown_only else "invalid.UnLocode",
            message=str(exc),
            position=locate(path),
            severity=Severity.WARNING if unknown_only else Severity.ERROR,
            bill_number=bill,
        )


def check_voyage(voyage: Voyage, locate: Locate) -> list[Problem]:
    problems: list[Problem] = []
    if not voyage.voyage_number.strip():
        problems.append(
            Problem(
                code="missing.voyage_number",
                message="voyage or flight number is missing",
                position=locate("voyage.voyage_number"),
            )
        )
    problems += _code_problem(ImoNumber, voyage.imo_number, "voyage.imo_number", locate, None)
    problems += _code_problem(CountryCode, voyage.flag, "voyage.flag", locate, None)
    for i, call in enumerate(voyage.port_calls):
        problems += _locode_problem(call.locode, f"voyage.port_calls[{i}].locode", locate, None)
    problems += _locode_problem(voyage.departure_port, "voyage.departure_port", locate, None)
    problems += _locode_problem(voyage.arrival_port, "voyage.arrival_port", locate, None)
    return problems


def check_consignment(c: Consignment, locate: Locate) -> list[Problem]:
    """Every problem with one consignment; paths are relative to the consignment."""
    bill = c.bill_number or None
    problems: list[Problem] = []
    if not c.bill_number.strip():
        problems.append(
            Problem(
                code="missing.bill_number",
                message="bill number is missing",
                position=locate("bill_number"),
            )
        )
    if not c.goods:
        problems.append(
            Problem(
                code="missing.goods",
                message="consignment has no goods item",
                position=locate("goods"),
                bill_number=bill,
            )
        )
    route = c.route
    for name in ("place_of_receipt", "port_of_loading", "port_of_discharge", "place_of_delivery"):
        problems += _locode_problem(getattr(route, name), f"route.{name}", locate, bill)
    for i, port in enumerate(route.transshipment_ports):
        problems += _locode_problem(port, f"route.transshipment_ports[{i}]", locate, bill)
    problems += _code_problem(
        CountryCode, route.origin_country, "route.origin_country", locate, bill
    )
    for i, country in enumerate(route.countries_of_routing):
        problems += _code_problem(
            CountryCode, country, f"route.countries_of_routing[{i}]", locate, bill
        )
    for i, party in enumerate(c.parties):
        if not party.name.strip():
            problems.append(
                Problem(
                    code="missing.party_name",
                    message=f"{party.role} has no name",
                    position=locate(f"parties[{i}].name"),
                    bill_number=bill,
                )
            )
        problems += _code_problem(
            CountryCode, party.address.country, f"parties[{i}].address.country", locate, bill
        )
    numbers: set[str] = set()
    for i, eq in enumerate(c.equipment):
        numbers.add(eq.number)
        if eq.kind is EquipmentKind.CONTAINER:
            problems += _code_problem(
                ContainerNumber, eq.number, f"equipment[{i}].number", locate, bill
            )
    for i, item in enumerate(c.goods):
        problems += _check_goods_item(item, i, numbers, locate, bill)
    return problems


def _check_goods_item(
    item: GoodsItem, i: int, equipment: set[str], locate: Locate, bill: str | None
) -> list[Problem]:
    problems: list[Problem] = []
    if not item.description.strip():
        problems.append(
            Problem(
                code="missing.description",
                message="goods description is empty",
                position=locate(f"goods[{i}].description"),
                bill_number=bill,
            )
        )
    problems += _code_problem(HsCode, item.hs_code, f"goods[{i}].hs_code", locate, bill)
    if item.package_count is not None and item.package_count < 0:
        problems.append(
            Problem(
                code="invalid.package_count",
                message="number of packages is negative",
                position=locate(f"goods[{i}].package_count"),
                bill_number=bill,
            )
        )
    if item.gross_weight_kg is not None and item.gross_weight_kg < 0:
        problems.append(
            Problem(
                code="invalid.gross_weight",
                message="gross weight is negative",
                position=locate(f"goods[{i}].gross_weight_kg"),
                bill_number=bill,
            )
        )
    for j, number in enumerate(item.container_numbers):
        if number not in equipment:
            problems.append(
                Problem(
                    code="unknown.container_reference",
                    message=(
                        f"goods placed in {number}, which is not among the consignment's equipment"
                    ),
                    position=locate(f"goods[{i}].container_numbers[{j}]"),
                    severity=Severity.WARNING,
                    bill_number=bill,
                )
            )
    return problems
