from datetime import date, datetime

import pytest

from assess.util.wareki import format_date, seireki, wareki


@pytest.mark.parametrize(("day", "expected"), [
    (date(2026, 4, 1), "令和8年4月1日"),
    (date(2019, 5, 1), "令和元年5月1日"),
    (date(2019, 4, 30), "平成31年4月30日"),
    (date(1989, 1, 8), "平成元年1月8日"),
    (date(1989, 1, 7), "昭和64年1月7日"),
    (date(1926, 12, 25), "昭和元年12月25日"),
    (date(1912, 7, 30), "大正元年7月30日"),
    (datetime(2026, 11, 23, 9, 30), "令和8年11月23日"),
])
def test_wareki_names_the_era_and_writes_year_one_as_gannen(day, expected):
    assert wareki(day) == expected


def test_dates_before_meiji_6_are_refused_with_a_reason():
    with pytest.raises(ValueError, match="明治6年より前"):
        wareki(date(1872, 12, 31))


def test_city_may_choose_western_years():
    assert seireki(date(2026, 4, 1)) == "2026年4月1日"
    assert format_date(date(2026, 4, 1), "seireki") == "2026年4月1日"
    assert format_date(date(2026, 4, 1)) == "令和8年4月1日"
    assert format_date(None) == ""
