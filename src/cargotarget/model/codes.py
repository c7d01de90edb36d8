"""Identifier value types that validate themselves.

Each type is a ``str`` holding the normalised form of the code (upper case, no spaces). Building
one from text that is not a valid code raises :class:`InvalidCode` with a reason an officer or a
filer can act on. Types whose validity depends on reference data (countries, UN/LOCODEs, HS codes)
consult the tables in :mod:`cargotarget.model.reference`.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import ClassVar, Self

from cargotarget.model import reference


class InvalidCode(ValueError):
    """A code that fails its format, check digit or reference-list rule."""

    def __init__(self, kind: str, value: str, reason: str) -> None:
        super().__init__(f"{kind} {value!r}: {reason}")
        self.kind = kind
        self.value = value
        self.reason = reason


class _Code(str):
    """Base for the code types: normalise, then check."""

    __slots__ = ()
    kind: ClassVar[str] = "code"

    def __new__(cls, raw: str) -> Self:
        if not isinstance(raw, str):
            raise InvalidCode(cls.kind, repr(raw), "is not text")
        value = cls.normalise(raw)
        reason = _cached_problem(cls, value, reference.generation())
        if reason is not None:
            raise InvalidCode(cls.kind, raw, reason)
        return super().__new__(cls, value)

    @classmethod
    def normalise(cls, raw: str) -> str:
        return "".join(raw.split()).upper()

    @classmethod
    def problem(cls, value: str) -> str | None:
        """Return why ``value`` (already normalised) is invalid, or None when it is valid."""
        raise NotImplementedError

    @classmethod
    def is_valid(cls, raw: str) -> bool:
        try:
            cls(raw)
        except InvalidCode:
            return False
        return True


@lru_cache(maxsize=1 << 16)
def _cached_problem(kind: type[_Code], value: str, _tables: int) -> str | None:
    """Codes repeat (ports, countries, HS codes): each distinct value is checked once per
    generation of the reference tables."""
    return kind.problem(value)


# ISO 6346: letters take the values 10..38, skipping the multiples of 11.
_LETTER_VALUES = {}
_next = 10
for _letter in "ABCDEFGHIJKLMNOPQRSTUVWXYZ":
    if _next % 11 == 0:
        _next += 1
    _LETTER_VALUES[_letter] = _next
    _next += 1

_CONTAINER_RE = re.compile(r"[A-Z]{3}[UJZR][0-9]{7}")


def container_check_digit(first_ten: str) -> int:
    """The ISO 6346 check digit of an owner code, category and serial number (10 characters)."""
    total = 0
    for position, char in enumerate(first_ten):
        value = _LETTER_VALUES[char] if char.isalpha() else int(char)
        total += value << position
    return total % 11 % 10


class ContainerNumber(_Code):
    """An ISO 6346 freight container number, e.g. ``HASU5044950``."""

    __slots__ = ()
    kind = "container number"

    @classmethod
    def problem(cls, value: str) -> str | None:
        if len(value) != 11:
            return f"must have 11 characters, has {len(value)}"
        if not _CONTAINER_RE.fullmatch(value):
            return (
                "must be 3 owner letters, a category letter (U, J, Z or R), "
                "6 serial digits and a check digit"
            )
        expected = container_check_digit(value[:10])
        if int(value[10]) != expected:
            return f"check digit is {value[10]}, the ISO 6346 rule gives {expected}"
        return None


class ImoNumber(_Code):
    """An IMO ship identification number (seven digits, the last a check digit)."""

    __slots__ = ()
    kind = "IMO number"

    @classmethod
    def normalise(cls, raw: str) -> str:
        value = super().normalise(raw)
        return value[3:] if value.startswith("IMO") else value

    @classmethod
    def problem(cls, value: str) -> str | None:
        if len(value) != 7 or not (value.isascii() and value.isdigit()):
            return "must be seven digits"
        total = sum(int(d) * w for d, w in zip(value[:6], (7, 6, 5, 4, 3, 2), strict=True))
        if total % 10 != int(value[6]):
            return f"check digit is {value[6]}, the IMO rule gives {total % 10}"
        return None


class CountryCode(_Code):
    """An ISO 3166-1 alpha-2 country code."""

    __slots__ = ()
    kind = "country code"

    @classmethod
    def problem(cls, value: str) -> str | None:
        if len(value) != 2 or not value.isalpha():
            return "must be two letters (ISO 3166-1 alpha-2)"
        if value not in reference.countries():
            return "is not an ISO 3166-1 country code"
        return None


_LOCODE_RE = re.compile(r"[A-Z]{2}[A-Z2-9]{3}")


class UnLocode(_Code):
    """A UN/LOCODE: ISO country code and three letters or digits 2-9, e.g. ``JMKIN``.

    The code must be well formed, its country must exist, and it must stand in the UN/LOCODE
    table in use (see :func:`cargotarget.model.reference.locodes`).
    """

    __slots__ = ()
    kind = "UN/LOCODE"

    @classmethod
    def problem(cls, value: str) -> str | None:
        if not _LOCODE_RE.fullmatch(value):
            return "must be a country code and three letters or digits 2-9"
        if value[:2] not in reference.countries():
            return f"country {value[:2]} is not an ISO 3166-1 country code"
        if not reference.is_known_locode(value):
            return "is not in the UN/LOCODE code list"
        return None


class HsCode(_Code):
    """A Harmonized System code: chapter, heading or subheading of HS 2022, or a national
    tariff line (8 to 10 digits) whose first six digits are an HS 2022 subheading."""

    __slots__ = ()
    kind = "HS code"

    @classmethod
    def normalise(cls, raw: str) -> str:
        return "".join(ch for ch in raw if ch not in " .-")

    @classmethod
    def problem(cls, value: str) -> str | None:
        if not (value.isascii() and value.isdigit()) or len(value) not in (2, 4, 6, 8, 10):
            return "must be 2, 4, 6, 8 or 10 digits"
        known = reference.hs_codes()
        prefix = value[:6]
        if prefix not in known:
            return f"{prefix} is not in the HS 2022 nomenclature"
        return None

    @property
    def chapter(self) -> str:
        return self[:2]

    @property
    def heading(self) -> str:
        return self[:4]
