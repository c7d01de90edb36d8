"""Value types: valid and invalid vectors for every code."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cargotarget.model import reference
from cargotarget.model.codes import (
    ContainerNumber,
    CountryCode,
    HsCode,
    ImoNumber,
    InvalidCode,
    UnLocode,
    container_check_digit,
)


@pytest.mark.parametrize("raw", ["HASU5044950", "hasu 504495 0", "CSQU3054383", "MSKU9070323"])
def test_valid_container_numbers(raw: str) -> None:
    assert ContainerNumber(raw) == "".join(raw.split()).upper()


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("GMCU6094137", "check digit is 7, the ISO 6346 rule gives"),
        ("HASU5044951", "check digit is 1"),
        ("HASU504495", "must have 11 characters"),
        ("HASX5044950", "category letter"),
        ("1ASU5044950", "3 owner letters"),
        ("", "must have 11 characters"),
    ],
)
def test_invalid_container_numbers(raw: str, reason: str) -> None:
    with pytest.raises(InvalidCode, match=reason):
        ContainerNumber(raw)


def test_check_digit_ten_becomes_zero() -> None:
    # HASU504495: the weighted sum mod 11 is 10, which ISO 6346 writes as 0.
    assert container_check_digit("HASU504495") == 0


@given(st.from_regex(r"[A-Z]{3}U[0-9]{6}", fullmatch=True))
def test_computed_check_digit_always_validates(prefix: str) -> None:
    number = prefix + str(container_check_digit(prefix))
    assert ContainerNumber.is_valid(number)
    wrong = prefix + str((int(number[-1]) + 1) % 10)
    assert not ContainerNumber.is_valid(wrong)


@pytest.mark.parametrize("raw", ["9074729", "IMO 9074729", "9176187"])
def test_valid_imo_numbers(raw: str) -> None:
    assert len(ImoNumber(raw)) == 7


@pytest.mark.parametrize(
    ("raw", "reason"),
    [
        ("9330141", "check digit is 1, the IMO rule gives"),
        ("907472", "seven digits"),
        ("90747A9", "seven digits"),
    ],
)
def test_invalid_imo_numbers(raw: str, reason: str) -> None:
    with pytest.raises(InvalidCode, match=reason):
        ImoNumber(raw)


def test_country_codes() -> None:
    assert CountryCode("jm") == "JM"
    assert CountryCode.is_valid("LK")
    with pytest.raises(InvalidCode, match="not an ISO 3166-1"):
        CountryCode("XX")
    with pytest.raises(InvalidCode, match="two letters"):
        CountryCode("JAM")


def test_locodes() -> None:
    assert UnLocode("JM KIN") == "JMKIN"
    assert UnLocode.is_valid("LKCMB")
    assert UnLocode.is_valid("BSFPO")
    with pytest.raises(InvalidCode, match="not in the UN/LOCODE code list"):
        UnLocode("JMZZZ")
    with pytest.raises(InvalidCode, match="country XX"):
        UnLocode("XXKIN")
    with pytest.raises(InvalidCode, match="three letters or digits 2-9"):
        UnLocode("JMK1N")


def test_hs_codes() -> None:
    assert HsCode("0803.90") == "080390"
    assert HsCode("08039000").heading == "0803"
    assert HsCode("08").chapter == "08"
    with pytest.raises(InvalidCode, match="010119 is not in the HS 2022"):
        HsCode("010119")
    with pytest.raises(InvalidCode, match="2, 4, 6, 8 or 10 digits"):
        HsCode("08039")
    with pytest.raises(InvalidCode, match="is not text"):
        HsCode(803)  # type: ignore[arg-type]


def test_digits_that_are_not_decimal_are_rejected() -> None:
    with pytest.raises(InvalidCode, match="seven digits"):
        ImoNumber("907472²")
    with pytest.raises(InvalidCode, match="digits"):
        HsCode("0803²0")


def test_a_loaded_code_list_adds_locations(tmp_path: Path) -> None:
    assert not UnLocode.is_valid("JMOCJ")
    listing = tmp_path / "code-list.csv"
    listing.write_text("Change,Country,Location,Name\n,JM,OCJ,Ocho Rios\n,JM,,JAMAICA\n")
    assert reference.load_locode_file(listing) >= 1
    assert UnLocode.is_valid("JMOCJ")
