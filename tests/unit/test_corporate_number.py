import pytest

from assess.vendors.corporate_number import CorporateNumberError, check_digit, normalise


def test_the_national_tax_agency_number_checks():
    assert check_digit("000012050002") == 7
    assert normalise("7000012050002") == "7000012050002"


def test_full_width_digits_and_hyphens_are_accepted():
    assert normalise("７－０００－０１－２０５０００２") == "7000012050002"


@pytest.mark.parametrize(("raw", "message"), [
    ("8000012050002", "チェックデジットが一致しません"),
    ("700001205000", "13桁の数字"),
    ("70000120500a2", "13桁の数字"),
    ("", "13桁の数字"),
])
def test_bad_numbers_are_refused_with_a_reason(raw, message):
    with pytest.raises(CorporateNumberError, match=message):
        normalise(raw)
