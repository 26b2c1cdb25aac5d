"""unit: one table of units, conversions within a dimension only."""

from __future__ import annotations

import pytest

from ipbook import unit

A = pytest.approx

# Every unit the dataset README lists (data/README.md, "Units").
README_UNITS = [
    "yuan", "thousand yuan", "million yuan", "billion yuan", "trillion yuan", "亿 yuan", "万 yuan",
    "US dollars", "billion US dollars", "trillion US dollars",
    "count", "thousand", "million", "万", "亿",
    "%", "percentage points", "times", "months", "working days", "number",
]


@pytest.mark.parametrize("name", README_UNITS)
def test_every_documented_unit_is_known(name):
    assert unit.is_known(name)
    assert unit.get(name).name == name


def test_yi_yuan_is_a_hundred_million():
    assert unit.get("亿 yuan").factor == 1e8
    assert unit.factor("亿 yuan", "billion yuan") == A(0.1)  # 1e8 / 1e9
    assert 2100 * unit.factor("亿 yuan", "billion yuan") == A(210)  # 2,100 亿 yuan = 210 billion yuan
    assert unit.factor("billion yuan", "亿 yuan") == A(10)  # 1 billion = 10 亿


def test_wan_is_ten_thousand():
    assert unit.get("万").factor == 1e4
    assert unit.factor("万", "thousand") == A(10)  # 1e4 / 1e3
    assert 5 * unit.factor("万", "thousand") == A(50)  # 5 万 = 50 thousand
    assert unit.factor("万 yuan", "yuan") == A(1e4)
    assert 86.5 * unit.factor("万", "count") == A(865_000)  # 86.5 万 people = 865,000


def test_money_scales():
    assert unit.factor("million yuan", "billion yuan") == A(1e-3)  # 710 million = 0.71 billion
    assert 710 * unit.factor("million yuan", "billion yuan") == A(0.71)
    assert 12.13 * unit.factor("trillion yuan", "billion yuan") == A(12_130)  # 12.13 trillion
    assert unit.factor("thousand yuan", "yuan") == A(1e3)
    assert unit.factor("billion yuan", "billion yuan") == 1.0
    assert unit.factor("billion US dollars", "US dollars") == A(1e9)


def test_dimensions():
    assert unit.dimension("亿 yuan") == "CNY"
    assert unit.dimension("billion US dollars") == "USD"
    assert unit.dimension("亿") == "count"
    assert unit.dimension("%") == "percent"
    assert unit.dimension("percentage points") == "pp"
    assert unit.dimension("times") == "times"
    assert unit.dimension("working days") == "days"


@pytest.mark.parametrize(
    "a, b",
    [
        ("billion yuan", "billion US dollars"),  # no exchange rate in the texts: never converted
        ("万", "万 yuan"),  # a count is not money
        ("%", "percentage points"),  # a rate is not a difference of rates
        ("months", "working days"),
    ],
)
def test_no_conversion_across_dimensions(a, b):
    with pytest.raises(ValueError, match="cannot convert"):
        unit.factor(a, b)


def test_unknown_unit():
    assert not unit.is_known("billion yuans")
    assert not unit.is_known("")
    with pytest.raises(unit.UnknownUnit, match="unknown unit 'billion yuans'"):
        unit.get("billion yuans")
    with pytest.raises(KeyError):  # UnknownUnit is a KeyError
        unit.factor("yuan", "rupees")
