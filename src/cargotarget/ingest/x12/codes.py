"""The X12 code values the 309 and 310 readers understand, and the ones the writer writes.

Each table maps a code as sent to the canonical value; the writer uses the first code listed for
each value. docs/formats/x12.md lists them all (a test keeps the two in step).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TypeVar

from cargotarget.model.manifest import (
    DocumentKind,
    EquipmentKind,
    FreightPayment,
    MessageFunction,
    PartyRole,
    TransportMode,
)

#: M10-02 transportation method/type code (element 91).
MODES = {
    "O": TransportMode.SEA,  # containerised ocean
    "S": TransportMode.SEA,  # ocean
    "A": TransportMode.AIR,
    "R": TransportMode.RAIL,
    "J": TransportMode.ROAD,  # motor
    "M": TransportMode.ROAD,  # motor (common carrier)
}

#: N101 entity identifier code (element 98).
PARTY_ROLES = {
    "SH": PartyRole.SHIPPER,
    "CN": PartyRole.CONSIGNEE,
    "N1": PartyRole.NOTIFY,
    "N2": PartyRole.NOTIFY,  # second notify party
    "FW": PartyRole.FORWARDER,
    "CA": PartyRole.CARRIER,
    "BY": PartyRole.BUYER,
    "SE": PartyRole.SELLER,
    "MF": PartyRole.MANUFACTURER,
    "AG": PartyRole.CARRIER_AGENT,
}

#: N103 identification code qualifier (element 66) -> identifier scheme.
ID_SCHEMES = {
    "1": "DUNS",
    "2": "SCAC",
    "24": "TIN",  # employer's identification number
    "25": "FILER",  # carrier's customer code
    "ZZ": "EORI",  # mutually defined: the EORI number, in this profile
}

#: M11-09 bill of lading type code.
BILL_KINDS = {"R": DocumentKind.SIMPLE, "M": DocumentKind.MASTER, "H": DocumentKind.HOUSE}

#: M13-03 amendment type code: what an amended bill does.
AMENDMENTS = {
    "A": MessageFunction.ORIGINAL,  # add a bill
    "M": MessageFunction.REPLACE,  # modify a bill
    "C": MessageFunction.REPLACE,  # change (read as modify)
    "D": MessageFunction.CANCEL,  # delete a bill
}

#: VID01 equipment description code (element 40).
EQUIPMENT_KINDS = {
    "CN": EquipmentKind.CONTAINER,
    "TL": EquipmentKind.TRAILER,
    "ZZ": EquipmentKind.OTHER,
}
#: VID01 for goods that travel in no equipment (break bulk, bulk): no equipment is made of it.
NOT_CONTAINERISED = "NC"

#: Weight unit code (element 188): K kilograms, L pounds (converted).
WEIGHT_UNITS = {"K": 1.0, "L": 0.45359237}
#: Volume unit qualifier (element 184): X cubic metres, E cubic feet (converted).
VOLUME_UNITS = {"X": 1.0, "E": 0.028316846592}

#: N10-04 commodity code qualifier (element 23) for HS-based codes: H harmonized tariff (HTS),
#: B Schedule B; both begin with the six HS digits.
HS_QUALIFIERS = ("H", "B")

#: B304 (310) shipment method of payment (element 146).
PAYMENTS = {
    "PP": FreightPayment.PREPAID,
    "CC": FreightPayment.COLLECT,
    "MX": FreightPayment.OTHER,  # mixed
}

#: R401 (310) port or terminal function code (element 115).
PORT_FUNCTIONS = {"L": "loading", "D": "discharge", "T": "transshipment", "R": "receipt"}
PORT_FUNCTIONS |= {"E": "delivery"}


T = TypeVar("T")


def first_code(table: Mapping[str, T], value: T) -> str:
    """The first code of ``table`` that stands for ``value``."""
    return next(code for code, meaning in table.items() if meaning == value)
