"""Canonical records built from CSV rows, with every problem placed at its line and column.

A manifest's header comes from its first row. A consignment comes from its rows: consignment
columns from the first, one goods item per row (rows repeating a goods item's sequence number add
the containers it is spread over), and one container per distinct container number. A later row
may repeat a value of its manifest, consignment, goods item or container, or leave it empty; a
different value is a problem, since it cannot be known which row is right.
"""

from __future__ import annotations

import re
from operator import itemgetter

import msgspec

from cargotarget.ingest.checking import header_problems
from cargotarget.ingest.csv_cells import Cells, Row, position
from cargotarget.ingest.csv_columns import ROLES, Level, column_for, names_at
from cargotarget.model.checks import check_consignment
from cargotarget.model.manifest import (
    Address,
    Consignment,
    DangerousGoods,
    DocumentKind,
    Equipment,
    Flow,
    FreightPayment,
    GoodsItem,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    Route,
    TransportMode,
    Voyage,
)
from cargotarget.model.problems import Problem

_NAMES = {level: names_at(level) for level in Level}
_GETTERS = {level: itemgetter(*names) for level, names in _NAMES.items()}
_INDEX = re.compile(r"\[(\d+)\]")
_PARTY_CELLS = {
    role: itemgetter(
        *(f"{role}_{part}" for part in ("name", "address", "city", "postcode", "country"))
    )
    for role in ROLES
}


def read_header(row: Row) -> tuple[Manifest, list[Problem]]:
    """The manifest (without consignments) that ``row``, its first row, describes."""
    problems: list[Problem] = []
    cells = Cells(row, problems)
    voyage = Voyage(
        mode=cells.choice("mode", TransportMode, TransportMode.SEA),
        carrier_code=cells.text("carrier_code"),
        carrier_name=cells.text("carrier_name"),
        vessel_name=cells.text("vessel_name"),
        imo_number=cells.text("imo_number"),
        flag=cells.text("flag"),
        voyage_number=cells.required("voyage_number"),
        departure_port=cells.text("departure_port"),
        departure_at=cells.time("departure_at"),
        arrival_port=cells.text("arrival_port"),
        arrival_at=cells.time("arrival_at"),
    )
    manifest = Manifest(
        reference=cells.required("manifest_reference"),
        flow=cells.choice("flow", Flow, Flow.IMPORT),
        function=cells.choice("message_function", MessageFunction, MessageFunction.ORIGINAL),
        filed_at=cells.time("filed_at"),
        provider=cells.text("provider"),
        voyage=voyage,
    )

    def locate(path: str) -> str:
        return position(row.line, column_for(path) or path)

    problems += header_problems(manifest.reference, voyage, locate)
    return manifest, problems


def disagreements(row: Row, first: Row, level: Level) -> list[Problem]:
    """The cells of ``row`` at ``level`` that differ from those of ``first``, the row that
    gave the manifest, consignment, goods item or container its values."""
    if _GETTERS[level](row.cells) == _GETTERS[level](first.cells):
        return []
    problems = []
    for name in _NAMES[level]:
        value, was = row.cells[name], first.cells[name]
        if value and value != was:
            earlier = f"{was!r} on line {first.line}" if was else f"nothing on line {first.line}"
            problems.append(
                Problem(
                    code=f"inconsistent.{level.name.lower()}",
                    message=f"{value!r} differs from {earlier}, in the same {level.value}",
                    position=position(row.line, name),
                )
            )
    return problems


def build_consignment(rows: list[Row], header: Row) -> tuple[Consignment, list[Problem]]:
    """The consignment in ``rows`` (one bill, in file order) of the manifest whose first row is
    ``header``, and every problem with it, the model's checks included."""
    first = rows[0]
    problems = [problem for row in rows for problem in row.problems]
    for row in rows:
        problems += disagreements(row, header, Level.MANIFEST)
    for row in rows[1:]:
        problems += disagreements(row, first, Level.CONSIGNMENT)
    cells = Cells(first, problems)
    parties = tuple(party for role in ROLES if (party := _party(cells, role)) is not None)
    contents = _Contents()
    for row in rows:
        contents.add(row, problems)
    consignment = Consignment(
        bill_number=cells.required("bill_number"),
        kind=cells.choice("document_kind", DocumentKind, DocumentKind.SIMPLE),
        master_bill_number=cells.text("master_bill_number"),
        freight_payment=cells.optional_choice("freight_payment", FreightPayment),
        parties=parties,
        route=_route(cells),
        goods=contents.goods(),
        equipment=tuple(contents.equipment),
    )
    places = _Places(first.line, [party.role.value for party in parties], contents)
    problems += check_consignment(consignment, places.locate)
    bill = consignment.bill_number or None
    return consignment, [
        p if p.bill_number else msgspec.structs.replace(p, bill_number=bill) for p in problems
    ]


def _party(cells: Cells, role: str) -> Party | None:
    if not any(_PARTY_CELLS[role](cells.row.cells)):
        return None
    address = Address(
        lines=cells.lines(f"{role}_address"),
        city=cells.text(f"{role}_city"),
        postcode=cells.text(f"{role}_postcode"),
        country=cells.text(f"{role}_country"),
    )
    return Party(role=PartyRole(role), name=cells.required(f"{role}_name"), address=address)


def _route(cells: Cells) -> Route:
    return Route(
        place_of_receipt=cells.text("place_of_receipt"),
        port_of_loading=cells.text("port_of_loading"),
        transshipment_ports=cells.items("transshipment_ports"),
        port_of_discharge=cells.text("port_of_discharge"),
        place_of_delivery=cells.text("place_of_delivery"),
        origin_country=cells.text("origin_country"),
        countries_of_routing=cells.items("countries_of_routing"),
    )


class _Contents:
    """A consignment's goods items and containers, gathered row by row, and the lines they
    were read from."""

    def __init__(self) -> None:
        self.items: list[GoodsItem] = []
        self.item_rows: list[Row] = []
        self.containers: list[list[str]] = []
        self.container_lines: dict[tuple[int, int], int] = {}
        self.equipment: list[Equipment] = []
        self.equipment_rows: dict[str, Row] = {}

    def add(self, row: Row, problems: list[Problem]) -> None:
        goods = any(_GETTERS[Level.GOODS](row.cells))
        index = self._add_goods(row, problems) if goods else None
        number = row.cells["container_number"]
        if number:
            self._add_container(row, number, index, problems)
            return
        for name in _NAMES[Level.EQUIPMENT]:
            if row.cells[name]:
                message = "container details are given without a container number"
                problems.append(
                    Problem(
                        code="missing.container_number",
                        message=message,
                        position=position(row.line, name),
                    )
                )

    def goods(self) -> tuple[GoodsItem, ...]:
        return tuple(
            msgspec.structs.replace(item, container_numbers=tuple(numbers))
            for item, numbers in zip(self.items, self.containers, strict=True)
        )

    def _add_goods(self, row: Row, problems: list[Problem]) -> int:
        sequence = row.cells["goods_sequence"]
        if self.items and sequence and sequence == self.item_rows[-1].cells["goods_sequence"]:
            problems += disagreements(row, self.item_rows[-1], Level.GOODS)
            return len(self.items) - 1
        cells = Cells(row, problems)
        number = cells.integer("goods_sequence")
        self.items.append(
            GoodsItem(
                sequence=len(self.items) + 1 if number is None else number,
                description=cells.required("description"),
                hs_code=cells.text("hs_code"),
                package_count=cells.integer("package_count"),
                package_kind=cells.text("package_kind"),
                gross_weight_kg=cells.number("gross_weight_kg"),
                volume_m3=cells.number("volume_m3"),
                marks=cells.lines("marks"),
                dangerous_goods=_dangerous_goods(cells),
            )
        )
        self.item_rows.append(row)
        self.containers.append([])
        return len(self.items) - 1

    def _add_container(
        self, row: Row, number: str, item: int | None, problems: list[Problem]
    ) -> None:
        if item is not None and number not in self.containers[item]:
            self.container_lines[item, len(self.containers[item])] = row.line
            self.containers[item].append(number)
        if number in self.equipment_rows:
            problems += disagreements(row, self.equipment_rows[number], Level.EQUIPMENT)
            return
        cells = Cells(row, problems)
        self.equipment.append(
            Equipment(
                number=number,
                size_type=cells.text("container_size_type"),
                full=cells.full("container_status"),
                seals=cells.items("seals"),
            )
        )
        self.equipment_rows[number] = row


def _dangerous_goods(cells: Cells) -> tuple[DangerousGoods, ...]:
    un_number, hazard_class = cells.text("un_number"), cells.text("hazard_class")
    if un_number is None:
        if hazard_class is not None:
            message = "a hazard class is given without a UN number"
            cells.problems.append(
                Problem(
                    code="missing.un_number",
                    message=message,
                    position=position(cells.row.line, "un_number"),
                )
            )
        return ()
    return (DangerousGoods(un_number=un_number, hazard_class=hazard_class),)


class _Places:
    """Where in the file each field of a consignment came from, for the model's checks."""

    def __init__(self, line: int, roles: list[str], contents: _Contents) -> None:
        self.line = line
        self.roles = roles
        self.contents = contents

    def locate(self, path: str) -> str:
        """``line N, column NAME`` for a field path such as ``goods[1].hs_code``."""
        indexes = [int(i) for i in _INDEX.findall(path)]
        field = _INDEX.sub("", path)
        top = field.partition(".")[0]
        line = self.line
        if top == "parties" and indexes:
            field = f"parties.{self.roles[indexes[0]]}{field[len('parties') :]}"
        elif top == "goods" and indexes:
            line = self.contents.item_rows[indexes[0]].line
            if len(indexes) > 1:
                line = self.contents.container_lines.get((indexes[0], indexes[1]), line)
        elif top == "equipment" and indexes:
            line = self.contents.equipment_rows[self.contents.equipment[indexes[0]].number].line
        return position(line, column_for(field) or path)
