"""What Cargo-XML and Cargo-IMP share: air waybill numbers, ULD numbers and airport codes.

An air waybill number is eleven digits: the airline's three-digit prefix and an eight-digit
serial whose last digit is the first seven taken modulo 7 (IATA Resolution 600a). It is held as
``PPP-SSSSSSSS``, the form printed on the waybill, so that a master filed as Cargo-XML and a
house filed as Cargo-IMP name it alike. A unit load device is its three-letter type, a four- or
five-digit serial and the owner's two-character airline code (``AKE12345LH``). Airports come as
IATA three-letter codes; the canonical model holds UN/LOCODEs, so the codes of the airports in
``airports.csv`` are mapped, and an unknown airport is left for the reader to report.
"""

from __future__ import annotations

import csv
import io
import re
from functools import cache
from importlib import resources

_AWB = re.compile(r"(\d{3})-?(\d{8})")
_ULD = re.compile(r"[A-Z]{3}\d{4,5}[A-Z0-9]{2,3}")


def normalise_awb(raw: str) -> str:
    """``raw`` as ``PPP-SSSSSSSS`` when it is an eleven-digit air waybill number written with
    or without the hyphen or spaces; otherwise stripped and upper case, for the check to judge."""
    compact = "".join(raw.split()).upper()
    match = _AWB.fullmatch(compact)
    return f"{match.group(1)}-{match.group(2)}" if match else compact


def awb_check_digit(serial: str) -> int:
    """The check digit of an air waybill serial's first seven digits (their value modulo 7)."""
    return int(serial[:7]) % 7


def awb_problem(number: str) -> str | None:
    """Why ``number`` (as :func:`normalise_awb` gives it) is not a valid air waybill number, or
    None when it is."""
    match = _AWB.fullmatch(number)
    if match is None:
        return "must be an airline prefix of 3 digits and a serial of 8 digits (e.g. 020-12345675)"
    serial = match.group(2)
    expected = awb_check_digit(serial)
    if int(serial[7]) != expected:
        return f"check digit is {serial[7]}, the modulo 7 rule gives {expected}"
    return None


def uld_number(kind: str, serial: str, owner: str) -> str:
    """A ULD number from its parts, as it is painted on the unit: type, serial, owner."""
    return "".join(f"{kind}{serial}{owner}".split()).upper()


def uld_problem(number: str) -> str | None:
    """Why ``number`` is not a well-formed ULD number (IATA ULD Regulations), or None."""
    if _ULD.fullmatch(number) is None:
        return "must be a 3-letter type, a 4- or 5-digit serial and a 2-character owner code"
    return None


@cache
def airports() -> dict[str, str]:
    """IATA airport code -> UN/LOCODE, for every airport in ``airports.csv``."""
    text = resources.files("cargotarget.ingest.iata").joinpath("airports.csv").read_text("utf-8")
    return {row["iata"]: row["locode"] for row in csv.DictReader(io.StringIO(text))}


def airport_locode(code: str) -> str | None:
    """The UN/LOCODE of the airport with IATA code ``code``, or None when it is not known.

    Airports of a city with one UN/LOCODE for all its ports share it (Narita and Haneda are
    ``JPTYO``); an airport with a UN/LOCODE of its own has it (``GBLHR``).
    """
    return airports().get(code.strip().upper())


def airport_code(locode: str) -> str | None:
    """The IATA code of the first airport in the table whose UN/LOCODE is ``locode``."""
    return _airport_codes().get(locode.strip().upper())


@cache
def _airport_codes() -> dict[str, str]:
    codes: dict[str, str] = {}
    for iata, locode in airports().items():
        codes.setdefault(locode, iata)
    return codes


_MONTHS = ("JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC")


def flight_reference(flight: str, departure_date: str | None) -> str:
    """A flight as a voyage number: designator and number, and the local day of departure as
    Cargo-IMP writes it (``LH400/05MAR`` for ``2024-03-05``), since the same flight number
    flies every day; the same flight then has one voyage whether it came as XFFM or FFM."""
    number = "".join(flight.split()).upper()
    if not departure_date:
        return number
    month = _MONTHS[int(departure_date[5:7]) - 1]
    return f"{number}/{departure_date[8:10]}{month}"
