"""The code values of the cargotarget CUSCAR profile, read and written (see docs/cuscar.md).

Each table maps the EDIFACT code to the canonical value; the writer uses the first code listed
for a value. Codes not listed are reported when read, never guessed.
"""

from __future__ import annotations

from typing import TypeVar

from cargotarget.model.manifest import (
    DocumentKind,
    EquipmentKind,
    Flow,
    FreightPayment,
    MessageFunction,
    PartyRole,
    TransportMode,
)

MESSAGE_TYPE = "CUSCAR"
CONTROLLING_AGENCY = "UN"
#: D.95B to D.11A: every UN/EDIFACT directory from the first that CUSCAR users filed in to the
#: one the WCO Cargo Targeting System profile is based on.
DIRECTORIES: tuple[str, ...] = (
    "95B",
    *(f"{year:02d}{half}" for year in (96, 97, 98, 99, 0, 1) for half in "AB"),
    "01C",
    *(f"{year:02d}{half}" for year in range(2, 11) for half in "AB"),
    "11A",
)

#: BGM 1225 message function.
FUNCTIONS: dict[str, MessageFunction] = {
    "9": MessageFunction.ORIGINAL,
    "5": MessageFunction.REPLACE,
    "4": MessageFunction.REPLACE,
    "1": MessageFunction.CANCEL,
}
#: BGM 1001 document name code written: 85, customs manifest.
DOCUMENT_NAME = "85"

#: GIS 7365 processing indicator in the message header (agency 3055 ZZZ, mutually defined).
FLOWS: dict[str, Flow] = {
    "IMP": Flow.IMPORT,
    "EXP": Flow.EXPORT,
    "TRA": Flow.TRANSIT,
    "TSH": Flow.TRANSSHIPMENT,
}
#: GIS 7365 processing indicator in a CNI group: the consignment is split over conveyances.
SPLIT = "SPL"
MUTUALLY_DEFINED = "ZZZ"

#: TDT C220 8067 mode of transport.
MODES: dict[str, TransportMode] = {
    "1": TransportMode.SEA,
    "2": TransportMode.RAIL,
    "3": TransportMode.ROAD,
    "4": TransportMode.AIR,
}
#: TDT 8051 transport stage written: 20, main carriage.
MAIN_CARRIAGE = "20"
#: TDT C222 1131 code list of 8213: 146, means of transport identification (the IMO number),
#: and 3055 agency 11, Lloyd's register of shipping.
IMO_LIST, IMO_AGENCY = "146", "11"
#: TDT C040 1131 code list of 3127: 172, carrier code.
CARRIER_LIST = "172"

#: NAD 3035 party function in a CNI group.
PARTY_ROLES: dict[str, PartyRole] = {
    "CZ": PartyRole.SHIPPER,
    "CN": PartyRole.CONSIGNEE,
    "N1": PartyRole.NOTIFY,
    "N2": PartyRole.NOTIFY,
    "NI": PartyRole.NOTIFY,
    "FW": PartyRole.FORWARDER,
    "CA": PartyRole.CARRIER,
    "CG": PartyRole.CARRIER_AGENT,
    "BY": PartyRole.BUYER,
    "SE": PartyRole.SELLER,
    "MF": PartyRole.MANUFACTURER,
}
#: NAD 3035 in the message header: the data provider that sent the manifest.
PROVIDER = "MS"

#: RFF 1153 in a CNI group: what kind of bill the consignment is, and its master bill.
BILL_KINDS = {"BM": DocumentKind.SIMPLE, "BH": DocumentKind.HOUSE, "MB": DocumentKind.MASTER}
MASTER_BILL = "MB"

#: CPI 4237 payment arrangement, then C231 4215 method of payment.
PAYMENT_ARRANGEMENTS = {"P": FreightPayment.PREPAID, "C": FreightPayment.COLLECT}
PAYMENT_METHODS = {
    "PP": FreightPayment.PREPAID,
    "CC": FreightPayment.COLLECT,
    "CSH": FreightPayment.CASH,
}
#: CPI C229 5237 charge category written: 4, basic freight.
FREIGHT = "4"

#: EQD 8053 equipment type; any other code is read as "other" and "other" is written as ZZZ.
EQUIPMENT_KINDS: dict[str, EquipmentKind] = {
    "CN": EquipmentKind.CONTAINER,
    "UL": EquipmentKind.ULD,
    "TE": EquipmentKind.TRAILER,
    MUTUALLY_DEFINED: EquipmentKind.OTHER,
}
#: EQD 8169 full or empty indicator: 4 empty; 5 full, 6, 7 and 8 full by kind of load.
EMPTY = "4"
FULL = "5"
FULL_CODES = frozenset({"5", "6", "7", "8"})

#: PIA C212 7143 item type: Harmonized System.
HS = "HS"
#: MEA 6313 property measured: gross weight (AAB, or G), gross volume (AAW).
GROSS_WEIGHT = ("AAB", "G")
GROSS_VOLUME = ("AAW",)
#: MEA C174 6411 units accepted, with their factor to kilograms and cubic metres.
WEIGHT_UNITS = {"KGM": 1.0, "TNE": 1000.0, "LBR": 0.45359237}
VOLUME_UNITS = {"MTQ": 1.0, "FTQ": 0.028316846592}

#: LOC 3227 in a TDT group: the conveyance's departure, destination and ports of call.
DEPARTURE, DESTINATION, ROUTING = "5", "8", "92"
#: LOC 3227 in a CNI group -> Route field; 13 transshipment and 92 routing countries repeat.
ROUTE_PLACES = {
    "88": "place_of_receipt",
    "9": "port_of_loading",
    "11": "port_of_discharge",
    "7": "place_of_delivery",
    "8": "place_of_delivery",
    "27": "origin_country",
}
TRANSSHIPMENT, ORIGINAL_LOADING = "13", "76"
ROUTE_PATHS = {code: f"route.{field}" for code, field in ROUTE_PLACES.items()}
#: LOC 3227 in a CNI group, as written for each Route field.
ROUTE_CODES = {
    "place_of_receipt": "88",
    "port_of_loading": "9",
    "port_of_discharge": "11",
    "place_of_delivery": "7",
}
#: C517 code list and agency written after a UN/LOCODE: 139 port, 6 UN/ECE.
LOCODE_LIST = ("139", "6")
#: DTM 2005: message date, estimated arrival, estimated departure.
FILED, ARRIVAL, DEPARTURE_TIME = "137", "132", "133"
#: FTX 4451: goods description; consignment remark written as AAI (general information).
DESCRIPTION, REMARK = "AAA", "AAI"


K = TypeVar("K")
V = TypeVar("V")


def reverse(table: dict[K, V]) -> dict[V, K]:
    """Value -> first code listed for it: what the writer uses."""
    out: dict[V, K] = {}
    for code, value in table.items():
        out.setdefault(value, code)
    return out
