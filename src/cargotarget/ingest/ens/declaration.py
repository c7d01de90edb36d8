"""An ICS1 entry summary declaration (CC315A, or a CC313A amendment) mapped to a manifest.

The declaration is the filing: its header (HEAHEA) gives the manifest and the voyage. Its goods
items are grouped by transport document, the commercial reference number of the item
(ComRefNumGIM1) or else of the header (ComRefNumHEA): each document is one canonical
consignment, which is what a house-level filing (ICS2) needs too. A produced document of a master
type (N704 master bill of lading, N741 master air waybill) makes the consignment a house bill
under that master. See docs/formats/ens.md for the mapping, element by element.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime

from cargotarget.ingest.ens.goods import MASTER_DOCUMENTS, read_goods_item
from cargotarget.ingest.ens.marks import Marks
from cargotarget.ingest.ens.parties import HEADER_PARTIES, ITEM_PARTIES, mark_party, read_party
from cargotarget.ingest.ens.tree import Node
from cargotarget.model.manifest import (
    Consignment,
    DocumentKind,
    Equipment,
    EquipmentKind,
    FreightPayment,
    Manifest,
    MessageFunction,
    Party,
    Route,
    TransportMode,
    Voyage,
)

#: The root element's name says what the message does.
FUNCTIONS = {"CC315A": MessageFunction.ORIGINAL, "CC313A": MessageFunction.REPLACE}
#: Transport mode at the border, by the first digit of the UN/ECE Recommendation 19 code (ICS
#: uses 1 to 9, some filers the two-digit sub-modes such as 11 or 42).
MODES = {
    "1": TransportMode.SEA,
    "2": TransportMode.RAIL,
    "3": TransportMode.ROAD,
    "4": TransportMode.AIR,
    "8": TransportMode.SEA,
}
#: Method of payment of transport charges (ICS code list 116): Z is not prepaid.
PAYMENTS = {"A": FreightPayment.CASH, "Z": FreightPayment.COLLECT}


@dataclass
class Draft:
    """One transport document's consignment as read, with its positions and problems."""

    consignment: Consignment
    marks: Marks
    items: list[Node] = field(default_factory=list)


def read_header(root: Node, header: Node, marks: Marks) -> Manifest:
    """The manifest's header and voyage (no consignments yet), positions in ``marks``."""
    reference_node = header.child("RefNumHEA4") or header.child("DocNumHEA5")
    marks.mark("reference", reference_node or header)
    marks.mark("voyage", header)
    stamp = header.child("DecDatTimHEA114") or header.child("DatTimAmeHEA113")
    filed_at = _timestamp(stamp, marks) if stamp is not None else _prepared_at(root, marks)
    return Manifest(
        reference=reference_node.text.strip() if reference_node is not None else "",
        function=FUNCTIONS.get(root.name, MessageFunction.ORIGINAL),
        filed_at=filed_at,
        provider=root.value("MesSenMES3"),
        voyage=_voyage(root, header, marks),
    )


def _voyage(root: Node, header: Node, marks: Marks) -> Voyage:
    mode_node = header.child("TraModAtBorHEA76")
    code = mode_node.text.strip() if mode_node is not None else ""
    mode = MODES.get(code[:1]) if len(code) <= 2 else None
    if mode is None:
        text = f"transport mode at border {code!r} is not sea, air, road or rail (1 to 4)"
        marks.error("invalid.transport_mode", text, mode_node or header)
        mode = TransportMode.SEA
    identity = header.value("IdeOfMeaOfTraCroHEA85")
    imo = identity[-7:] if identity and mode is TransportMode.SEA and _is_imo(identity) else None
    marks.mark("voyage.imo_number", header.child("IdeOfMeaOfTraCroHEA85"))
    number = header.child("ConRefNumHEA") or header.child("IdeOfMeaOfTraCroHEA85")
    marks.mark("voyage.voyage_number", number)
    marks.mark("voyage.flag", header.child("NatOfMeaOfTraCroHEA87"))
    flag = header.value("NatOfMeaOfTraCroHEA87")
    entry = root.child("CUSOFFFENT730")
    arrival = entry.child("ExpDatOfArrFIRENT733") if entry is not None else None
    carrier = root.child("TRACARENT601")
    return Voyage(
        mode=mode,
        carrier_name=carrier.value("NamTRACARENT604") if carrier is not None else None,
        vessel_name=identity if mode is TransportMode.SEA and imo is None else None,
        imo_number=imo,
        flag=flag.upper() if flag else None,
        voyage_number=number.text.strip() if number is not None else "",
        arrival_at=_timestamp(arrival, marks) if arrival is not None else None,
    )


def _is_imo(identity: str) -> bool:
    digits = identity.upper().removeprefix("IMO").strip()
    return len(digits) == 7 and digits.isascii() and digits.isdigit()


def _timestamp(node: Node, marks: Marks) -> datetime | None:
    """An ICS date and time, CCYYMMDDHHMM, read as UTC; anything else is warned about."""
    text = node.text.strip()
    try:
        if len(text) == 12 and text.isdigit():
            return datetime.strptime(text, "%Y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        pass
    marks.warning("invalid.datetime", f"{node.name} {text!r} is not a date CCYYMMDDHHMM", node)
    return None


def _prepared_at(root: Node, marks: Marks) -> datetime | None:
    """The message's preparation date (YYMMDD) and time (HHMM), when the header has no date."""
    date, time = root.value("DatOfPreMES9"), root.value("TimOfPreMES10") or "0000"
    if date is None:
        return None
    try:
        return datetime.strptime(date + time, "%y%m%d%H%M").replace(tzinfo=UTC)
    except ValueError:
        text = f"preparation date and time {date!r} {time!r} are not YYMMDD HHMM"
        marks.warning("invalid.datetime", text, root.child("DatOfPreMES9"))
        return None


def group_items(root: Node, header: Node) -> dict[str, list[Node]]:
    """The goods items by transport document, in the order each document first appears."""
    groups: dict[str, list[Node]] = {}
    shared = header.value("ComRefNumHEA") or ""
    for item in root.all("GOOITEGDS"):
        groups.setdefault(item.value("ComRefNumGIM1") or shared, []).append(item)
    return groups or {shared: []}


def read_consignment(
    root: Node, header: Node, bill: str, items: list[Node], mode: TransportMode
) -> Draft:
    """One transport document's consignment: the declaration's parties and route, with the
    goods items filed under it (and their own parties, places, containers and documents)."""
    marks = Marks(items[0] if items else header, bill or None)
    marks.mark("bill_number", _bill_node(header, items))
    shared = header.value("ComRefNumHEA")
    for item in items:
        own = item.child("ComRefNumGIM1")
        if shared and own is not None:
            text = "the goods item has its own commercial reference besides the header's"
            marks.warning("duplicate.reference", text, own)
    goods = tuple(read_goods_item(item, i, marks) for i, item in enumerate(items))
    remarks = _office_of_entry(root)
    master = _master(items, remarks, marks)
    consignment = Consignment(
        bill_number=bill,
        kind=DocumentKind.HOUSE if master else DocumentKind.SIMPLE,
        master_bill_number=master,
        freight_payment=_payment(header, items, marks),
        parties=_parties(root, items, marks),
        route=_route(root, header, items, remarks, marks),
        goods=goods,
        equipment=_equipment(root, items, mode, remarks, marks),
        remarks=tuple(remarks),
    )
    return Draft(consignment=consignment, marks=marks, items=items)


def _bill_node(header: Node, items: list[Node]) -> Node | None:
    own = next((i.child("ComRefNumGIM1") for i in items if i.child("ComRefNumGIM1")), None)
    return own or header.child("ComRefNumHEA")


def _office_of_entry(root: Node) -> list[str]:
    """The customs office of first entry, which the canonical model keeps as a remark."""
    entry = root.child("CUSOFFFENT730")
    office = entry.value("RefNumCUSOFFFENT731") if entry is not None else None
    return [f"office of first entry {office}"] if office else []


def _master(items: list[Node], remarks: list[str], marks: Marks) -> str | None:
    """The master document among the produced documents; the others are kept as remarks."""
    master: str | None = None
    for document in (d for item in items for d in item.all("PRODOCDC2")):
        kind, ref = document.value("DocTypDC21") or "", document.value("DocRefDC23") or ""
        if kind.upper() in MASTER_DOCUMENTS and ref and master is None:
            master = ref
            marks.mark("master_bill_number", document)
        elif kind or ref:
            remarks.append(f"document {kind} {ref}".strip())
    for mention in (m for item in items for m in item.all("SPEMENMT2")):
        code = mention.value("AddInfCodMT23")
        if code:
            remarks.append(f"special mention {code}")
    return master


def _payment(header: Node, items: list[Node], marks: Marks) -> FreightPayment | None:
    node = header.child("TraChaMetOfPayHEA1") or next(
        (i.child("MetOfPayGDI12") for i in items if i.child("MetOfPayGDI12")), None
    )
    code = node.text.strip().upper() if node is not None else ""
    if not code:
        return None
    marks.mark("freight_payment", node)
    return PAYMENTS.get(code, FreightPayment.PREPAID)


def _parties(root: Node, items: list[Node], marks: Marks) -> tuple[Party, ...]:
    """The declaration's parties, then those of the items not already among them."""
    parties: list[Party] = []
    groups = [(root, HEADER_PARTIES)] + [(item, ITEM_PARTIES) for item in items]
    for parent, table in groups:
        for name, elements in table.items():
            for group in parent.all(name):
                party = read_party(group, elements)
                if party not in parties:
                    mark_party(marks, f"parties[{len(parties)}]", group, elements)
                    parties.append(party)
    return tuple(parties)


def _route(root: Node, header: Node, items: list[Node], remarks: list[str], marks: Marks) -> Route:
    """Places of loading and unloading (an item's own before the header's) and the countries
    of routing. A place given as text rather than a UN/LOCODE is kept as a remark."""
    places: dict[str, str | None] = {}
    for field_name, item_tag, header_tag in (
        ("port_of_loading", "PlaLoaGOOITE333", "PlaLoaGOOITE334"),
        ("port_of_discharge", "PlaUnlGOOITE333", "PlaUnlGOOITE334"),
    ):
        node = next((i.child(item_tag) for i in items if i.value(item_tag)), None)
        node = node or header.child(header_tag)
        text = node.text.strip() if node is not None else ""
        places[field_name] = None
        if node is None or not text:
            continue
        if _looks_like_locode(text):
            places[field_name] = text.upper()
            marks.mark(f"route.{field_name}", node)
        else:
            remarks.append(f"{field_name.replace('_', ' ')}: {text}")
            text = f"{node.name} {text!r} is not a UN/LOCODE; it is kept as a remark"
            marks.warning("uncoded.place", text, node)
    countries: list[str] = []
    for itinerary in root.all("ITI"):
        code = itinerary.value("CouOfRouCodITI1")
        if code:
            path = f"route.countries_of_routing[{len(countries)}]"
            marks.mark(path, itinerary.child("CouOfRouCodITI1"))
            countries.append(code.upper())
    return Route(
        port_of_loading=places["port_of_loading"],
        port_of_discharge=places["port_of_discharge"],
        countries_of_routing=tuple(countries),
    )


def _looks_like_locode(text: str) -> bool:
    return len(text) == 5 and text[:2].isalpha() and text.isascii() and text.isalnum()


def _equipment(
    root: Node, items: list[Node], mode: TransportMode, remarks: list[str], marks: Marks
) -> tuple[Equipment, ...]:
    """The containers the items are in (unit load devices when the mode is air). The
    declaration's seals go on its container when there is one; else they are remarks."""
    kind = EquipmentKind.ULD if mode is TransportMode.AIR else EquipmentKind.CONTAINER
    numbers: dict[str, Node | None] = {}
    for group in (g for item in items for g in item.all("CONNR2")):
        number = group.value("ConNumNR21")
        if number:
            numbers.setdefault(number.upper().replace(" ", ""), group.child("ConNumNR21"))
    seals = tuple(s for s in (g.value("SeaIdSEAID530") for g in root.all("SEAID529")) if s)
    if len(numbers) != 1:
        remarks.extend(f"seal {seal}" for seal in seals)
        seals = ()
    for i, node in enumerate(numbers.values()):
        marks.mark(f"equipment[{i}].number", node)
    return tuple(Equipment(number=n, kind=kind, seals=seals) for n in numbers)
