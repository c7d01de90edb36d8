"""Writing manifests as canonical CSV (see :mod:`cargotarget.ingest.csv_format`)."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from datetime import datetime
from enum import StrEnum

from cargotarget.ingest.csv_columns import LIST_SEPARATOR, NAMES, ROLES
from cargotarget.model.manifest import Consignment, Equipment, GoodsItem, Manifest, PartyRole


def write_csv(manifests: Iterable[Manifest]) -> bytes:
    """``manifests`` as canonical CSV, for the fields it carries: no port calls, identifiers,
    contacts, remarks or split flag; parties other than the first shipper, consignee and notify
    party; dangerous goods beyond an item's first. A consignment with no goods item is one row
    with its goods columns empty, and a container no goods item is in is a row of its own.

    Raises ``ValueError`` for what CSV cannot hold rather than lose it: a manifest without
    consignments (it would have no rows), or a manifest right after another with the same
    reference (the two would be read back as one).
    """
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(NAMES)
    previous: str | None = None
    for manifest in manifests:
        _check_writable(manifest, previous)
        previous = manifest.reference
        head = _manifest_cells(manifest)
        for consignment in manifest.consignments:
            bill = head | _consignment_cells(consignment)
            for goods, container in _content_cells(consignment):
                cells = bill | goods | container
                writer.writerow([cells.get(name, "") for name in NAMES])
    return out.getvalue().encode("utf-8")


def _check_writable(manifest: Manifest, previous: str | None) -> None:
    if not manifest.consignments:
        raise ValueError(f"manifest {manifest.reference!r} has no consignments, so no CSV rows")
    if manifest.reference == previous:
        raise ValueError(
            f"manifest {manifest.reference!r} follows one with the same reference; "
            "CSV would read the two as one manifest, so write them to separate files"
        )


Cells = dict[str, str]


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, StrEnum):
        return value.value
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, float):
        return repr(value)
    return str(value)


def _manifest_cells(manifest: Manifest) -> Cells:
    voyage = manifest.voyage
    cells = {
        "manifest_reference": manifest.reference,
        "message_function": manifest.function,
        "flow": manifest.flow,
        "filed_at": manifest.filed_at,
        "provider": manifest.provider,
    }
    voyage_fields = ("mode", "carrier_code", "carrier_name", "vessel_name", "imo_number", "flag")
    times = ("voyage_number", "departure_port", "departure_at", "arrival_port", "arrival_at")
    cells |= {name: getattr(voyage, name) for name in voyage_fields + times}
    return {name: _cell(value) for name, value in cells.items()}


def _consignment_cells(consignment: Consignment) -> Cells:
    route = consignment.route
    cells: dict[str, object] = {
        "bill_number": consignment.bill_number,
        "document_kind": consignment.kind,
        "master_bill_number": consignment.master_bill_number,
        "freight_payment": consignment.freight_payment,
        "transshipment_ports": LIST_SEPARATOR.join(route.transshipment_ports),
        "countries_of_routing": LIST_SEPARATOR.join(route.countries_of_routing),
    }
    for name in ("place_of_receipt", "port_of_loading", "port_of_discharge", "place_of_delivery"):
        cells[name] = getattr(route, name)
    cells["origin_country"] = route.origin_country
    for role in ROLES:
        party = consignment.party(PartyRole(role))
        if party is not None:
            address = party.address
            cells[f"{role}_name"] = party.name
            cells[f"{role}_address"] = "\n".join(address.lines)
            cells[f"{role}_city"] = address.city
            cells[f"{role}_postcode"] = address.postcode
            cells[f"{role}_country"] = address.country
    return {name: _cell(value) for name, value in cells.items()}


def _content_cells(consignment: Consignment) -> list[tuple[Cells, Cells]]:
    """One (goods, container) pair of cells per row: a goods item once per container it is in,
    then the containers no goods item is in."""
    equipment = {unit.number: unit for unit in consignment.equipment}
    placed: set[str] = set()
    rows: list[tuple[Cells, Cells]] = []
    for item in consignment.goods:
        goods = _goods_cells(item)
        for number in item.container_numbers or ("",):
            rows.append((goods, _container_cells(equipment.get(number), number)))
            placed.add(number)
    for unit in consignment.equipment:
        if unit.number not in placed:
            rows.append(({}, _container_cells(unit, unit.number)))
    return rows or [({}, {})]


def _goods_cells(item: GoodsItem) -> Cells:
    danger = item.dangerous_goods[0] if item.dangerous_goods else None
    cells = {
        "goods_sequence": item.sequence,
        "description": item.description,
        "hs_code": item.hs_code,
        "package_count": item.package_count,
        "package_kind": item.package_kind,
        "gross_weight_kg": item.gross_weight_kg,
        "volume_m3": item.volume_m3,
        "marks": "\n".join(item.marks),
        "un_number": danger.un_number if danger else None,
        "hazard_class": danger.hazard_class if danger else None,
    }
    return {name: _cell(value) for name, value in cells.items()}


def _container_cells(unit: Equipment | None, number: str) -> Cells:
    if unit is None:
        return {"container_number": number}
    return {
        "container_number": number,
        "container_size_type": _cell(unit.size_type),
        "container_status": "full" if unit.full else "empty",
        "seals": LIST_SEPARATOR.join(unit.seals),
    }
