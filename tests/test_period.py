"""period: the grammar of periods and what each means on a calendar."""

from __future__ import annotations

from datetime import date

import pytest

from ipbook import period
from ipbook.period import PeriodError


@pytest.mark.parametrize(
    "text, start, end, stock, months, shape",
    [
        # a calendar year: [2021-01-01, 2022-01-01)
        ("2021", date(2021, 1, 1), date(2022, 1, 1), False, 12, "12m"),
        # half years
        ("2022H1", date(2022, 1, 1), date(2022, 7, 1), False, 6, "6m"),
        ("2022H2", date(2022, 7, 1), date(2023, 1, 1), False, 6, "6m"),
        # a quarter, and quarters of one year
        ("2024Q3", date(2024, 7, 1), date(2024, 10, 1), False, 3, "3m"),
        ("2024Q4", date(2024, 10, 1), date(2025, 1, 1), False, 3, "3m"),
        ("2024Q1-Q3", date(2024, 1, 1), date(2024, 10, 1), False, 9, "9m"),
        ("2024Q2-Q2", date(2024, 4, 1), date(2024, 7, 1), False, 3, "3m"),
        # months
        ("2021-03", date(2021, 3, 1), date(2021, 4, 1), False, 1, "1m"),
        ("2021-12", date(2021, 12, 1), date(2022, 1, 1), False, 1, "1m"),
        # stocks: at the end of a year / month (start == end)
        ("end-2019", date(2020, 1, 1), date(2020, 1, 1), True, 0, "stock"),
        ("end-2022-06", date(2022, 7, 1), date(2022, 7, 1), True, 0, "stock"),
        ("end-2022-12", date(2023, 1, 1), date(2023, 1, 1), True, 0, "stock"),
        # cumulative ranges: start of the first atom to the end of the second
        ("2017-2022H1", date(2017, 1, 1), date(2022, 7, 1), False, 66, "66m"),  # 5 years + 6 months
        ("2016-2020", date(2016, 1, 1), date(2021, 1, 1), False, 60, "60m"),  # 13th Five-Year Plan
        ("2021-2023", date(2021, 1, 1), date(2024, 1, 1), False, 36, "36m"),
        ("2021-03-2021-06", date(2021, 3, 1), date(2021, 7, 1), False, 4, "4m"),  # March..June
        ("2020H2-2021H1", date(2020, 7, 1), date(2021, 7, 1), False, 12, "12m"),
    ],
)
def test_grammar(text, start, end, stock, months, shape):
    p = period.parse(text)
    assert (p.start, p.end, p.stock) == (start, end, stock)
    assert p.months == months
    assert p.years == pytest.approx(months / 12)
    assert p.shape == shape
    assert p.text == text
    assert period.is_valid(text)


def test_surrounding_space_is_ignored():
    assert period.parse(" 2021 ").text == "2021"
    assert period.parse(" 2021 ").end == date(2022, 1, 1)


@pytest.mark.parametrize(
    "text",
    [
        "2021-13",  # no 13th month
        "2021-00",
        "2021H3",  # no third half
        "2021H0",
        "2024Q5",
        "2024Q0",
        "2024Q3-Q1",  # quarters reversed
        "2022-2020",  # range ends before it starts
        "2022H2-2022H1",  # ends (2022-07-01) where it would start
        "21",
        "20211",
        "2021-1",
        "end-2019-13",
        "end 2019",
        "end-19",
        "",
        "2021/2022",
        "2019-2020-2021",  # three atoms
        "FY2021",
    ],
)
def test_invalid_periods(text):
    assert not period.is_valid(text)
    with pytest.raises(PeriodError):
        period.parse(text)


def test_error_messages_name_the_text():
    with pytest.raises(PeriodError, match=r"'2022-2020' ends before it starts"):
        period.parse("2022-2020")
    with pytest.raises(PeriodError, match=r"cannot parse period '2021H3'"):
        period.parse("2021H3")
    assert issubclass(PeriodError, ValueError)


@pytest.mark.parametrize("text", ["0000", "9999", "end-9999"])
def test_out_of_calendar_years_are_period_errors(text):
    """A four-digit year the calendar cannot hold is an invalid period, not a crash.

    Year 0 does not exist in ``datetime``; 9999 ends on 10000-01-01, after date.max.
    ``is_valid`` must answer False (validate relies on it), ``parse`` must raise PeriodError.
    """
    assert period.is_valid(text) is False
    with pytest.raises(PeriodError):
        period.parse(text)


@pytest.mark.parametrize(
    "later, earlier, years",
    [
        ("2021", "2020", 365 / 365.25),  # 2021-01-01 -> 2022-01-01: 365 days
        ("2021", "2018", 1096 / 365.25),  # 2019-01-01 -> 2022-01-01: 365 + 366 + 365 days
        ("end-2021", "end-2015", 2192 / 365.25),  # 2016-01-01 -> 2022-01-01: 6 years, two leap days
        ("2022H1", "2021H1", 365 / 365.25),  # 2021-07-01 -> 2022-07-01
        ("2024H1", "2023H1", 366 / 365.25),  # crosses 2024-02-29
        ("end-2019", "2019", 0.0),  # both end on 2020-01-01
        ("2020", "2021", -365 / 365.25),  # earlier than the reference: negative
        ("2021-03", "2021-01", 59 / 365.25),  # 2021-02-01 -> 2021-04-01: 28 + 31 days
    ],
)
def test_years_between(later, earlier, years):
    assert period.parse(later).years_between(period.parse(earlier)) == pytest.approx(years, abs=1e-12)


def test_years_between_is_close_to_whole_years():
    assert period.parse("2021").years_between(period.parse("2018")) == pytest.approx(3.0, abs=0.001)  # 3.000684


def test_sort_key_orders_by_end_then_start():
    texts = ["2021", "end-2019", "2022H1", "2021-03", "2016-2020", "2020H2"]
    # ends: 2022-01-01, 2020-01-01, 2022-07-01, 2021-04-01, 2021-01-01, 2021-01-01
    # 2016-2020 and 2020H2 both end on 2021-01-01; the longer one (earlier start) first
    assert sorted(texts, key=period.sort_key) == ["end-2019", "2016-2020", "2020H2", "2021-03", "2021", "2022H1"]


def test_a_range_of_months_is_a_flow_of_those_months():
    """'From January to May this year' (issue 12) is written 2024-01-2024-05: a range of two month atoms,
    which the grammar already reads (no new form was needed)."""
    p = period.parse("2024-01-2024-05")
    assert (p.start, p.end, p.stock, p.months, p.shape) == (date(2024, 1, 1), date(2024, 6, 1), False, 5, "5m")
    assert period.parse("2023-01-2023-05").shape == p.shape  # comparable year on year
    assert not period.is_valid("2024-05-2024-01")  # ends before it starts
