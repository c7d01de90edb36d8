"""Consignments as a frame: one row per consignment, one column per field of the catalogue.

This is what rules are evaluated over. Column types follow the field types: categorical fields
are dictionary-encoded (each field with its own category list, so that codes stay small),
numbers are Float64 with NULL (never NaN) for a missing value, dates are ``Date``. Indicator
columns are computed elsewhere and passed in; an indicator not given is NULL.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import polars as pl

from cargotarget.model.manifest import (
    Consignment,
    EquipmentKind,
    Flow,
    GoodsItem,
    Manifest,
    PartyRole,
    Voyage,
)
from cargotarget.risk.fields import Catalogue, Field, FieldType, default_catalogue

_PLAIN_TYPES: dict[FieldType, pl.DataType] = {
    FieldType.TEXT: pl.String(),
    FieldType.NUMBER: pl.Float64(),
    FieldType.BOOLEAN: pl.Boolean(),
    FieldType.DATE: pl.Date(),
}


@dataclass(frozen=True, slots=True)
class Filing:
    """A consignment as filed, with what its fields need from around it: the voyage that
    carries it, the customs flow, when the manifest was filed and how often it was amended."""

    consignment: Consignment
    voyage: Voyage
    flow: Flow = Flow.IMPORT
    filed_at: datetime | None = None
    amendment_count: int = 0


def filings(manifest: Manifest, amendment_count: int = 0) -> list[Filing]:
    """The filings of every consignment on ``manifest``."""
    return [
        Filing(c, manifest.voyage, manifest.flow, manifest.filed_at, amendment_count)
        for c in manifest.consignments
    ]


def column_type(field: Field) -> pl.DataType:
    if field.type is FieldType.CATEGORY:
        return pl.Categorical(pl.Categories(field.name, namespace="cargotarget"))
    return _PLAIN_TYPES[field.type]


def schema(catalogue: Catalogue) -> pl.Schema:
    """The column names and types of a frame of ``catalogue``'s fields."""
    return pl.Schema({field.name: column_type(field) for field in catalogue})


def conform(frame: pl.DataFrame, catalogue: Catalogue) -> pl.DataFrame:
    """``frame`` with exactly the catalogue's columns, in its order and types: missing columns
    are NULL, other columns are dropped, NaN becomes NULL. A conforming frame is returned as is.
    """
    target = schema(catalogue)
    current = frame.schema
    if current == target and not _has_nan(frame, catalogue):
        return frame
    columns = []
    for field in catalogue:
        dtype = target[field.name]
        if field.name not in current:
            columns.append(pl.repeat(None, frame.height, dtype=dtype).alias(field.name))
            continue
        column = pl.col(field.name)
        if current[field.name] != dtype:
            column = column.cast(pl.String) if field.type is FieldType.CATEGORY else column
            column = column.cast(dtype)
        if field.type is FieldType.NUMBER:
            column = column.fill_nan(None)
        columns.append(column.alias(field.name))
    return frame.select(columns)


def _has_nan(frame: pl.DataFrame, catalogue: Catalogue) -> bool:
    numbers = [pl.col(f.name).is_nan().any() for f in catalogue if f.type is FieldType.NUMBER]
    return bool(numbers) and any(frame.select(numbers).row(0))


def _principal(goods: Sequence[GoodsItem]) -> GoodsItem | None:
    """The goods item with the largest gross weight (the first of equals; unknown weighs least)."""
    if not goods:
        return None
    return max(goods, key=lambda g: -1.0 if g.gross_weight_kg is None else g.gross_weight_kg)


def _total(values: Sequence[float | int | None]) -> float | None:
    known = [float(v) for v in values if v is not None]
    return sum(known) if known else None


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def _hours_before(filed: datetime | None, arrival: datetime | None) -> float | None:
    if filed is None or arrival is None:
        return None
    return (_utc(arrival) - _utc(filed)).total_seconds() / 3600.0


def _party_fields(consignment: Consignment) -> dict[str, object]:
    shipper = consignment.party(PartyRole.SHIPPER)
    consignee = consignment.party(PartyRole.CONSIGNEE)
    notify = consignment.party(PartyRole.NOTIFY)
    return {
        "shipper_name": shipper.name if shipper else None,
        "shipper_country": shipper.address.country if shipper else None,
        "consignee_name": consignee.name if consignee else None,
        "consignee_country": consignee.address.country if consignee else None,
        "notify_name": notify.name if notify else None,
    }


def _goods_fields(consignment: Consignment) -> dict[str, object]:
    goods = consignment.goods
    principal = _principal(goods)
    containers = [e for e in consignment.equipment if e.kind is EquipmentKind.CONTAINER]
    code = principal.hs_code if principal else None
    return {
        "hs_code": code,
        "hs_chapter": code[:2] if code and len(code) >= 2 else None,
        "hs_heading": code[:4] if code and len(code) >= 4 else None,
        "description": "; ".join(g.description for g in goods) if goods else None,
        "goods_item_count": float(len(goods)),
        "package_count": _total([g.package_count for g in goods]),
        "package_kind": principal.package_kind if principal else None,
        "gross_weight_kg": _total([g.gross_weight_kg for g in goods]),
        "volume_m3": _total([g.volume_m3 for g in goods]),
        "container_count": float(len(containers)),
        "container_size_type": containers[0].size_type if containers else None,
        "dangerous_goods": any(g.dangerous_goods for g in goods),
    }


def _route_fields(filing: Filing) -> dict[str, object]:
    route, voyage = filing.consignment.route, filing.voyage
    arrival = voyage.arrival_at
    return {
        "mode": voyage.mode.value,
        "flow": filing.flow.value,
        "carrier_code": voyage.carrier_code,
        "vessel_imo": voyage.imo_number,
        "arrival_date": _utc(arrival).date() if arrival is not None else None,
        "port_of_loading": route.port_of_loading,
        "port_of_discharge": route.port_of_discharge,
        "place_of_receipt": route.place_of_receipt,
        "place_of_delivery": route.place_of_delivery,
        "origin_country": route.origin_country,
        "transshipment_count": float(len(route.transshipment_ports)),
        "first_transshipment_port": next(iter(route.transshipment_ports), None),
    }


def _document_fields(filing: Filing) -> dict[str, object]:
    consignment = filing.consignment
    payment = consignment.freight_payment
    return {
        "freight_payment": payment.value if payment is not None else None,
        "kind": consignment.kind.value,
        "filed_hours_before_arrival": _hours_before(filing.filed_at, filing.voyage.arrival_at),
        "amendment_count": float(filing.amendment_count),
    }


_EXTRACTORS: tuple[Callable[[Filing], dict[str, object]], ...] = (
    _route_fields,
    lambda filing: _party_fields(filing.consignment),
    _document_fields,
    lambda filing: _goods_fields(filing.consignment),
)


def build_frame(
    items: Sequence[Filing],
    catalogue: Catalogue | None = None,
    indicators: pl.DataFrame | None = None,
) -> pl.DataFrame:
    """The frame of ``items``, one row each in order, with the catalogue's columns.

    ``indicators`` holds indicator columns, one row per item in the same order.
    """
    catalogue = catalogue if catalogue is not None else default_catalogue()
    columns: dict[str, list[object]] = {}
    for filing in items:
        for extract in _EXTRACTORS:
            for name, value in extract(filing).items():
                columns.setdefault(name, []).append(value)
    target = schema(catalogue)
    wanted = {name: values for name, values in columns.items() if name in catalogue}
    frame = pl.DataFrame(wanted, schema={name: target[name] for name in wanted}, strict=False)
    if indicators is not None:
        extra = [c for c in indicators.columns if c in catalogue and c not in frame.columns]
        frame = frame.hstack(indicators.select(extra)) if frame.width else indicators.select(extra)
    return conform(frame, catalogue)


def record_values(
    filing: Filing,
    catalogue: Catalogue | None = None,
    indicators: Mapping[str, object] | None = None,
) -> dict[str, object]:
    """One consignment's field values, as the per-record rule function reads them: the same
    values as its row in :func:`build_frame`, without building a frame."""
    catalogue = catalogue if catalogue is not None else default_catalogue()
    values = {name: value for extract in _EXTRACTORS for name, value in extract(filing).items()}
    values.update(indicators or {})
    return {field.name: _plain(values.get(field.name), field.type) for field in catalogue}


def _plain(value: object, kind: FieldType) -> object:
    """``value`` as a frame column of type ``kind`` holds it: numbers as floats, NaN as NULL."""
    if value is None or kind is not FieldType.NUMBER:
        return value
    number = float(value)  # type: ignore[arg-type]
    return None if math.isnan(number) else number
