"""Goods items, unit load devices and dangerous goods of a Cargo-XML waybill.

Each consignment item (``IncludedMasterConsignmentItem`` of a rating line, or
``IncludedHouseConsignmentItem``) is a goods item: its ``TypeCode`` is the harmonised commodity
(HS/HTS) code, ``PieceQuantity`` the pieces, ``GrossWeightMeasure`` and ``GrossVolumeMeasure``
the weight and volume, ``NatureIdentificationTransportCargo/Identification`` the nature and
quantity of goods. A waybill that lists further HTS codes for one rating line sends them as
items of their own with no description: such an item takes the nature of goods of the line
before it (or the consignment's summary), with a warning. The ULDs an item is loaded in
(``AssociatedUnitLoadTransportEquipment``) become equipment of kind ULD, numbered type, serial
and owner as painted on the unit. UN numbers (``UN1234``) in an item's nature of goods (or in the
special service requests of a waybill with one item) are its dangerous goods; the hazard class
comes from the special handling code when exactly one dangerous goods class is declared.
"""

from __future__ import annotations

import re
from xml.etree.ElementTree import Element

from cargotarget.ingest.iata.awb import uld_number, uld_problem
from cargotarget.ingest.iata.xml_values import VOLUMES, WEIGHTS, Fields, one_line
from cargotarget.model.manifest import DangerousGoods, Equipment, EquipmentKind, GoodsItem

#: IATA special handling codes of the dangerous goods classes (IATA DGR Appendix B.2).
HAZARD_CLASSES = {
    "REX": "1",
    "RCX": "1.3C",
    "RGX": "1.3G",
    "RFG": "2.1",
    "RNG": "2.2",
    "RCL": "2.2",
    "RPG": "2.3",
    "RFL": "3",
    "RFS": "4.1",
    "RSC": "4.2",
    "RFW": "4.3",
    "ROX": "5.1",
    "ROP": "5.2",
    "RPB": "6.1",
    "RIS": "6.2",
    "RRW": "7",
    "RRY": "7",
    "RCM": "8",
    "RMD": "9",
    "RBI": "9",
    "RBM": "9",
    "RLI": "9",
    "RLM": "9",
    "ICE": "9",
}
_UN_NUMBER = re.compile(r"\bUN ?(\d{4})\b")


def read_items(
    fields: Fields,
    items: list[Element],
    summary: str | None,
    handling: list[str],
    requests: list[str],
) -> tuple[tuple[GoodsItem, ...], tuple[Equipment, ...]]:
    """The goods items of a consignment and the ULDs they are loaded in."""
    goods: list[GoodsItem] = []
    equipment: dict[str, Equipment] = {}
    hazard = hazard_class(handling)
    previous = summary
    for index, item in enumerate(items):
        path = f"goods[{index}]"
        fields.source(path, item)
        nature = fields.text(item, "NatureIdentificationTransportCargo/Identification")
        description = one_line(nature) if nature else None
        if description is None:
            description = _borrowed(fields, item, previous)
        else:
            fields.source(f"{path}.description", item)
        previous = description or previous
        ulds = _read_ulds(fields, item, f"{path}.container_numbers")
        for uld in ulds:
            equipment.setdefault(uld.number, uld)
        texts = [nature or "", *(requests if len(items) == 1 else [])]
        goods.append(
            GoodsItem(
                sequence=fields.count(item, "SequenceNumeric") or index + 1,
                description=description or "",
                hs_code=_hs_code(fields, item, f"{path}.hs_code"),
                package_count=fields.count(item, "PieceQuantity", f"{path}.package_count"),
                gross_weight_kg=fields.measure(
                    item, "GrossWeightMeasure", WEIGHTS, f"{path}.gross_weight_kg"
                ),
                volume_m3=fields.measure(item, "GrossVolumeMeasure", VOLUMES, f"{path}.volume_m3"),
                dangerous_goods=dangerous_goods(texts, hazard),
                container_numbers=tuple(uld.number for uld in ulds),
            )
        )
    return tuple(goods), tuple(equipment.values())


def _borrowed(fields: Fields, item: Element, previous: str | None) -> str | None:
    """The description of an item that gives none: the one before it, with a warning."""
    if previous is None:
        return None
    fields.warning(
        "missing.description",
        "the item has no nature of goods of its own; that of the waybill is used",
        item,
        "NatureIdentificationTransportCargo",
    )
    return previous


def _hs_code(fields: Fields, item: Element, field: str) -> str | None:
    code = fields.text(item, "TypeCode", field)
    return None if code is None else "".join(ch for ch in code if ch not in " .-")


def _read_ulds(fields: Fields, item: Element, field: str) -> list[Equipment]:
    ulds = []
    for index, element in enumerate(item.findall("AssociatedUnitLoadTransportEquipment")):
        uld = read_uld(fields, element)
        if uld is not None:
            fields.source(f"{field}[{index}]", element)
            ulds.append(uld)
    return ulds


def read_uld(fields: Fields, element: Element) -> Equipment | None:
    """A unit load device from an element holding ``ID``, ``CharacteristicCode`` (the type)
    and ``OperatingParty/PrimaryID`` (the owner); None, with an error, when it is malformed."""
    serial = fields.text(element, "ID") or ""
    kind = fields.text(element, "CharacteristicCode") or ""
    owner = fields.text(element, "OperatingParty/PrimaryID") or ""
    number = uld_number(kind, serial, owner)
    problem = uld_problem(number)
    if problem is not None:
        fields.error("invalid.uld", f"ULD {number!r}: {problem}", element)
        return None
    return Equipment(number=number, kind=EquipmentKind.ULD, size_type=kind.upper())


def handling_codes(fields: Fields, element: Element) -> list[str]:
    """The special handling codes (``HandlingSPHInstructions/DescriptionCode``) of an element."""
    return [
        code.upper()
        for sph in element.findall("HandlingSPHInstructions")
        if (code := fields.text(sph, "DescriptionCode"))
    ]


def hazard_class(handling: list[str]) -> str | None:
    """The dangerous goods class the handling codes declare, when they declare exactly one."""
    classes = {HAZARD_CLASSES[code] for code in handling if code in HAZARD_CLASSES}
    return classes.pop() if len(classes) == 1 else None


def dangerous_goods(texts: list[str], hazard: str | None) -> tuple[DangerousGoods, ...]:
    """The UN numbers written in ``texts``, each of class ``hazard``."""
    numbers = dict.fromkeys(m.group(1) for text in texts for m in _UN_NUMBER.finditer(text))
    return tuple(DangerousGoods(un_number=n, hazard_class=hazard) for n in numbers)
