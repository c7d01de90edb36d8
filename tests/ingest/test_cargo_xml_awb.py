"""Air waybill numbers, ULD numbers and airport codes, as both IATA readers use them."""

from __future__ import annotations

import pytest

from cargotarget.ingest.iata.awb import (
    airport_locode,
    airports,
    awb_check_digit,
    awb_problem,
    flight_reference,
    normalise_awb,
    uld_number,
    uld_problem,
)
from cargotarget.model.codes import UnLocode


@pytest.mark.parametrize(
    ("raw", "held"),
    [
        ("888-11111111", "888-11111111"),
        ("88811111111", "888-11111111"),
        (" 020 1234 5675 ", "020-12345675"),
        ("sel22222222", "SEL22222222"),
        ("12-345", "12-345"),
    ],
)
def test_numbers_are_held_in_the_printed_form(raw: str, held: str) -> None:
    assert normalise_awb(raw) == held


def test_the_check_digit_is_the_first_seven_serial_digits_modulo_seven() -> None:
    assert awb_check_digit("12345675") == 1234567 % 7 == 5
    assert awb_problem("020-12345675") is None
    assert awb_problem("888-11111111") is None


def test_a_wrong_check_digit_says_which_digit_was_expected() -> None:
    assert awb_problem("020-12345670") == "check digit is 0, the modulo 7 rule gives 5"


@pytest.mark.parametrize(
    "number", ["SEL22222222", "020-1234567", "0201234567512", "", "ABC-DEFGHIJK"]
)
def test_numbers_of_the_wrong_shape_are_refused(number: str) -> None:
    problem = awb_problem(number)
    assert problem is not None
    assert "3 digits" in problem


def test_uld_numbers() -> None:
    assert uld_number("pmc", "1337", "xx") == "PMC1337XX"
    assert uld_problem("AKE12345LH") is None
    assert uld_problem("PMC1337XX") is None
    assert uld_problem("AKE12LH") is not None
    assert uld_problem("MSKU1234565") is not None


def test_airports_map_to_known_locodes() -> None:
    assert airport_locode("FRA") == "DEFRA"
    assert airport_locode("nrt") == "JPTYO"
    assert airport_locode("ICN") == "KRINC"
    assert airport_locode("QQQ") is None


def test_every_airport_in_the_table_is_a_well_formed_locode() -> None:
    for iata, locode in airports().items():
        assert len(iata) == 3
        assert iata.isalpha()
        assert UnLocode.normalise(locode) == locode
        assert len(locode) == 5
        assert locode[:2].isalpha()


def test_flights_are_named_with_their_day_as_cargo_imp_names_them() -> None:
    assert flight_reference("lh 400", "2024-03-05") == "LH400/05MAR"
    assert flight_reference("BA117", "2024-12-14") == "BA117/14DEC"
    assert flight_reference("BA117", None) == "BA117"
