"""Reference tables: countries, UN/LOCODEs and the HS 2022 nomenclature.

The tables ship with the package (see ``data/README.md``) and are read once, on first use. The
complete UN/LOCODE code list is large and changes twice a year, so an administration loads its
own copy with :func:`load_locode_file`; the shipped table of major ports is always included.
"""

from __future__ import annotations

import csv
import io
from functools import cache
from importlib import resources
from pathlib import Path

_extra_locodes: dict[str, str] = {}
_generation = [0]


def generation() -> int:
    """Changes whenever the tables change, so that cached checks can tell."""
    return _generation[0]


def _rows(name: str) -> list[dict[str, str]]:
    text = resources.files("cargotarget.model").joinpath("data", name).read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@cache
def countries() -> dict[str, str]:
    """ISO 3166-1 alpha-2 code -> country name."""
    return {row["CountryCode"]: row["CountryName"] for row in _rows("countries.csv")}


@cache
def _shipped_locodes() -> dict[str, str]:
    return {row["Country"] + row["Location"]: row["Name"] for row in _rows("locodes.csv")}


def locodes() -> dict[str, str]:
    """UN/LOCODE (five characters) -> location name, for every code in the table in use."""
    if not _extra_locodes:
        return _shipped_locodes()
    return {**_shipped_locodes(), **_extra_locodes}


def load_locode_file(path: Path) -> int:
    """Add the locations of a UN/LOCODE code list CSV (columns Country, Location, Name).

    Returns the number of codes read. Rows without a location (country headers) are skipped.
    """
    with path.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            country, location = row.get("Country") or "", row.get("Location") or ""
            if len(country) == 2 and len(location) == 3:
                _extra_locodes[country + location] = row.get("Name") or ""
    _generation[0] += 1
    return len(_extra_locodes)


def is_known_locode(code: str) -> bool:
    return code in _shipped_locodes() or code in _extra_locodes


@cache
def hs_codes() -> dict[str, str]:
    """HS 2022 code (2, 4 or 6 digits) -> description."""
    return {row["hscode"]: row["description"] for row in _rows("hs2022.csv")}


def hs_description(code: str) -> str | None:
    """The description of the most precise HS 2022 level that ``code`` starts with."""
    table = hs_codes()
    for length in (6, 4, 2):
        found = table.get(code[:length])
        if found is not None:
            return found
    return None
