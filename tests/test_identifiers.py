"""Belgian identifiers: python-stdnum for national and KBO numbers, our own RSZ check."""

import pytest

from domain import identifiers
from domain.refusals import Refused


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("85.07.30-033.28", "85073003328"),  # the manual's display format
        ("85073003328", "85073003328"),
        ("85 07 30 033 28", "85073003328"),
        ("01061513787", "01061513787"),  # born in 2001: the check uses a leading 2
        ("98.47.28-997.65", "98472899765"),  # bis number: month + 40
        ("01.49.07-001.85", "01490700185"),  # bis number, born after 2000
    ],
)
def test_national_number_accepts_any_usual_formatting(typed, digits):
    assert identifiers.national_number(typed) == digits


@pytest.mark.parametrize("typed", ["85073003329", "8507300332", "850730033288", "abc", "", "85.13.30-033.28"])
def test_national_number_refuses_wrong_numbers(typed):
    with pytest.raises(Refused):
        identifiers.national_number(typed)


@pytest.mark.parametrize(("typed", "digits"),
                         [("85.11.03", "851103"), ("", ""), (None, ""), ("ab 1-2", "12")])
def test_digits_keeps_only_the_digits_of_a_number_being_typed(typed, digits):
    assert identifiers.digits(typed) == digits


def test_national_number_display_format():
    assert identifiers.format_national_number("85073003328") == "85.07.30-033.28"


@pytest.mark.parametrize(
    ("typed", "digits"),
    [
        ("0566.988.259", "0566988259"),
        ("0566 988 259", "0566988259"),
        ("BE0566988259", "0566988259"),
        ("1023.456.797", "1023456797"),  # the 1-series, given out since 2023
    ],
)
def test_enterprise_number_accepts_0_and_1_series(typed, digits):
    assert identifiers.enterprise_number(typed) == digits


@pytest.mark.parametrize("typed", ["0566.988.258", "2023.456.797", "056698825", "0566-988-2590", ""])
def test_enterprise_number_refuses_wrong_numbers(typed):
    with pytest.raises(Refused):
        identifiers.enterprise_number(typed)


def test_enterprise_number_display_format():
    assert identifiers.format_enterprise_number("0566988259") == "0566.988.259"


@pytest.mark.parametrize("typed", ["0009354-67", "000935467", "0009354 67", "0009354.67", "1234567-49"])
def test_rsz_number_accepts_valid_numbers(typed):
    assert len(identifiers.rsz_number(typed)) == 9


@pytest.mark.parametrize("typed", ["0009354-68", "0009354-6", "00093546", "0000000-96", "ABCDEFG-HI", ""])
def test_rsz_number_refuses_wrong_numbers(typed):
    with pytest.raises(Refused):
        identifiers.rsz_number(typed)


def test_rsz_check_digits_follow_the_rule():
    # 96 - (9354 * 100 mod 97) = 96 - 29 = 67
    assert identifiers.rsz_check_digits(9354) == 67
    assert identifiers.format_rsz_number("000935467") == "0009354-67"
