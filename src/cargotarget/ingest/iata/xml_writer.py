"""Writing canonical consignments as Cargo-XML: XFWB for masters and simple bills, XFZB for houses.

Each consignment is a document of its own, as Cargo-XML sends them. What the writer writes, the
reader reads back as the same consignment for the fields Cargo-XML carries (see
docs/formats/cargo-xml.md): ports as IATA airport codes (so only those in the airport table),
shipper, consignee, forwarder and notify party, their TIN, account, IATA agent and one other
identifier, goods with their HS code, pieces, weight, volume and ULDs, remarks as other service
information; a master's voyage as its flight. Text XML cannot hold (control characters) is a
``ValueError``, never a silent change.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal
from xml.etree.ElementTree import Element, SubElement, tostring

from cargotarget.ingest.iata.awb import airport_code
from cargotarget.ingest.iata.xml_parties import NOTE_SUBJECTS
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    FreightPayment,
    GoodsItem,
    Manifest,
    MessageFunction,
    Party,
    PartyRole,
    Voyage,
)

DATA_MODEL = "iata:datamodel:3"
PURPOSE_CODES = {
    MessageFunction.ORIGINAL: "Creation",
    MessageFunction.REPLACE: "Update",
    MessageFunction.CANCEL: "Deletion",
}
PARTY_TAGS = {
    PartyRole.SHIPPER: "ConsignorParty",
    PartyRole.CONSIGNEE: "ConsigneeParty",
    PartyRole.FORWARDER: "FreightForwarderParty",
}
_SUBJECTS = {role: subject for subject, role in NOTE_SUBJECTS.items()}
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
_ULD = re.compile(r"([A-Z]{3})(\d{4,5})([A-Z0-9]{2,3})")


def write_waybills(manifest: Manifest) -> Iterator[bytes]:
    """Every consignment of ``manifest`` as a Cargo-XML document of its own."""
    for consignment in manifest.consignments:
        yield write_waybill(manifest, consignment)


def write_waybill(manifest: Manifest, consignment: Consignment) -> bytes:
    """One consignment as an XFZB when it is a house bill, else as an XFWB."""
    house = consignment.kind is DocumentKind.HOUSE
    root = Element(
        "rsm:HouseWaybill" if house else "rsm:Waybill",
        {
            "xmlns:rsm": "iata:housewaybill:1" if house else "iata:waybill:1",
            "xmlns:ram": DATA_MODEL,
        },
    )
    _header(root, manifest, consignment, house)
    business = _add(root, "rsm:BusinessHeaderDocument")
    _add(business, "ram:ID", consignment.bill_number)
    master = _add(root, "rsm:MasterConsignment")
    if house:
        _add(
            _add(master, "ram:TransportContractDocument"), "ram:ID", consignment.master_bill_number
        )
        house_body = _add(master, "ram:IncludedHouseConsignment")
        _add(house_body, "ram:ID", consignment.bill_number)
        _consignment(house_body, consignment, "ram:IncludedHouseConsignmentItem", None)
    else:
        note = _add(business, "ram:IncludedHeaderNote")
        _add(note, "ram:ContentCode", "D" if consignment.kind is DocumentKind.SIMPLE else "C")
        _consignment(master, consignment, "ram:IncludedMasterConsignmentItem", manifest.voyage)
    body: bytes = tostring(root, encoding="utf-8", xml_declaration=False)
    return b'<?xml version="1.0" encoding="UTF-8"?>\n' + body


def _header(root: Element, manifest: Manifest, consignment: Consignment, house: bool) -> None:
    header = _add(root, "rsm:MessageHeaderDocument")
    _add(header, "ram:ID", f"{consignment.bill_number}_{manifest.reference}")
    _add(header, "ram:Name", "House Waybill" if house else "Master Air Waybill")
    _add(header, "ram:TypeCode", "703" if house else "740")
    _add(header, "ram:IssueDateTime", _time(manifest.filed_at))
    _add(header, "ram:PurposeCode", PURPOSE_CODES[manifest.function])
    _add(header, "ram:VersionID", "3.00")
    if manifest.provider:
        sender = _add(header, "ram:SenderParty")
        _add(sender, "ram:PrimaryID", manifest.provider, schemeID="C")


def _consignment(
    element: Element, consignment: Consignment, item_tag: str, voyage: Voyage | None
) -> None:
    payment = consignment.freight_payment
    if payment in (FreightPayment.PREPAID, FreightPayment.COLLECT):
        prepaid = "true" if payment is FreightPayment.PREPAID else "false"
        _add(element, "ram:TotalChargePrepaidIndicator", prepaid)
    for party in consignment.parties:
        _party(element, party)
    _airport(element, "ram:OriginLocation", consignment.route.port_of_loading)
    _airport(element, "ram:FinalDestinationLocation", consignment.route.port_of_discharge)
    if voyage is not None and voyage.voyage_number:
        _flight(element, voyage)
    for remark in consignment.remarks:
        _add(_add(element, "ram:HandlingOSIInstructions"), "ram:Description", remark)
    for party in consignment.parties:
        for identifier in party.identifiers:
            if identifier.scheme == "TIN" and party.role in _SUBJECTS:
                note = _add(element, "ram:IncludedCustomsNote")
                _add(note, "ram:ContentCode", "T")
                _add(note, "ram:Content", identifier.value)
                _add(note, "ram:SubjectCode", _SUBJECTS[party.role])
    holder = (
        element
        if item_tag.endswith("HouseConsignmentItem")
        else _add(element, "ram:ApplicableRating")
    )
    for item in consignment.goods:
        _item(_add(holder, item_tag), item)


def _party(element: Element, party: Party) -> None:
    """A party in its own element (notify as an associated party); other roles are not
    carried by Cargo-XML waybills."""
    if party.role in PARTY_TAGS:
        node = _add(element, f"ram:{PARTY_TAGS[party.role]}")
    elif party.role is PartyRole.NOTIFY:
        node = _add(element, "ram:AssociatedParty")
    else:
        return
    _add(node, "ram:Name", party.name)
    if party.role is PartyRole.NOTIFY:
        _add(node, "ram:RoleCode", "NI")
    other = next((i for i in party.identifiers if i.scheme not in ("ACCOUNT", "IATA", "TIN")), None)
    if other is not None:
        _add(node, "ram:PrimaryID", other.value, schemeID=other.scheme)
    for scheme, tag in (("ACCOUNT", "ram:AccountID"), ("IATA", "ram:CargoAgentID")):
        value = next((i.value for i in party.identifiers if i.scheme == scheme), None)
        _add(node, tag, value)
    address = party.address
    postal = _add(node, "ram:PostalStructuredAddress")
    _add(postal, "ram:PostcodeCode", address.postcode)
    _add(postal, "ram:StreetName", "\n".join(address.lines) or None)
    _add(postal, "ram:CityName", address.city)
    _add(postal, "ram:CountrySubDivisionID", address.subdivision)
    _add(postal, "ram:CountryID", address.country)
    if party.contact:
        _add(_add(node, "ram:DefinedTradeContact"), "ram:PersonName", party.contact)


def _flight(element: Element, voyage: Voyage) -> None:
    movement = _add(element, "ram:SpecifiedLogisticsTransportMovement")
    _add(movement, "ram:StageCode", "Main-Carriage")
    _add(movement, "ram:ModeCode", "4")
    _add(movement, "ram:ID", voyage.voyage_number.partition("/")[0])
    _add(movement, "ram:SequenceNumeric", "1")
    if voyage.carrier_code:
        _add(_add(movement, "ram:UsedLogisticsTransportMeans"), "ram:Name", voyage.carrier_code)
    arrival = _add(movement, "ram:ArrivalEvent")
    _add(arrival, "ram:ScheduledOccurrenceDateTime", _time(voyage.arrival_at))
    _airport(arrival, "ram:OccurrenceArrivalLocation", voyage.arrival_port)
    departure = _add(movement, "ram:DepartureEvent")
    _add(departure, "ram:ScheduledOccurrenceDateTime", _time(voyage.departure_at))
    _airport(departure, "ram:OccurrenceDepartureLocation", voyage.departure_port)


def _item(element: Element, item: GoodsItem) -> None:
    _add(element, "ram:SequenceNumeric", str(item.sequence))
    _add(element, "ram:TypeCode", item.hs_code)
    _add(element, "ram:GrossWeightMeasure", _number(item.gross_weight_kg), unitCode="KGM")
    _add(element, "ram:GrossVolumeMeasure", _number(item.volume_m3), unitCode="MTQ")
    _add(element, "ram:PieceQuantity", _number(item.package_count))
    nature = _add(element, "ram:NatureIdentificationTransportCargo")
    _add(nature, "ram:Identification", item.description)
    for number in item.container_numbers:
        match = _ULD.fullmatch(number)
        if match is None:
            continue
        uld = _add(element, "ram:AssociatedUnitLoadTransportEquipment")
        _add(uld, "ram:ID", match.group(2))
        _add(uld, "ram:CharacteristicCode", match.group(1))
        _add(_add(uld, "ram:OperatingParty"), "ram:PrimaryID", match.group(3))


def _airport(element: Element, tag: str, locode: str | None) -> None:
    code = airport_code(locode) if locode else None
    if code is not None:
        _add(_add(element, tag), "ram:ID", code)


def _add(parent: Element, tag: str, text: str | None = "", **attributes: str) -> Element:
    """A child element; none at all when ``text`` is None (a value that is absent)."""
    if text is None:
        return Element(tag)
    child = SubElement(parent, tag, attributes)
    if text:
        bad = _NOT_XML.search(text)
        if bad is not None:
            raise ValueError(f"{tag}: character {bad.group()!r} cannot be written in XML")
        child.text = text
    return child


def _time(moment: datetime | None) -> str | None:
    return None if moment is None else moment.isoformat()


def _number(value: float | int | None) -> str | None:
    if value is None:
        return None
    # The shortest exact decimal, never an exponent, which Cargo-XML numbers do not allow.
    return str(value) if isinstance(value, int) else format(Decimal(repr(float(value))), "f")
