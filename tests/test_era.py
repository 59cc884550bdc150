"""和暦: parsing and formatting, exact at every era boundary."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.era import ERAS, EraDateError, era_of, format_long, format_short, parse_date

# (last day of the old era, its short and long forms, first day of the new era, its forms)
BOUNDARIES = [
    (
        dt.date(2019, 4, 30),
        "H31.4.30",
        "平成31年4月30日",
        dt.date(2019, 5, 1),
        "R1.5.1",
        "令和元年5月1日",
    ),
    (
        dt.date(1989, 1, 7),
        "S64.1.7",
        "昭和64年1月7日",
        dt.date(1989, 1, 8),
        "H1.1.8",
        "平成元年1月8日",
    ),
    (
        dt.date(1926, 12, 24),
        "T15.12.24",
        "大正15年12月24日",
        dt.date(1926, 12, 25),
        "S1.12.25",
        "昭和元年12月25日",
    ),
    (
        dt.date(1912, 7, 29),
        "M45.7.29",
        "明治45年7月29日",
        dt.date(1912, 7, 30),
        "T1.7.30",
        "大正元年7月30日",
    ),
]


@pytest.mark.parametrize("boundary", BOUNDARIES, ids=[boundary[4] for boundary in BOUNDARIES])
def test_era_boundaries_both_ways(boundary: tuple[dt.date, str, str, dt.date, str, str]) -> None:
    last, last_short, last_long, first, first_short, first_long = boundary
    assert first - last == dt.timedelta(days=1)
    assert format_short(last) == last_short
    assert format_long(last) == last_long
    assert format_short(first) == first_short
    assert format_long(first) == first_long
    for text in (last_short, last_long):
        assert parse_date(text) == last
    for text in (first_short, first_long, first_long.replace("元年", "1年")):
        assert parse_date(text) == first


@pytest.mark.parametrize(
    "text",
    [
        "R1.4.30",  # 令和 began on 2019-05-01
        "令和元年4月30日",
        "H31.5.1",  # 平成 had ended
        "平成31年5月1日",
        "H1.1.7",
        "S64.1.8",
        "S1.12.24",
        "T15.12.25",
        "T1.7.29",
        "M45.7.30",
        "H32.1.1",
    ],
)
def test_dates_outside_their_era_are_invalid(text: str) -> None:
    with pytest.raises(EraDateError):
        parse_date(text)


def test_a_date_after_its_era_says_how_to_write_it() -> None:
    with pytest.raises(EraDateError) as caught:
        parse_date("H31.5.1")
    assert (
        caught.value.message.ja
        == "「H31.5.1」は平成の終わりより後です。令和元年5月1日と書いてください"
    )
    assert "令和元年5月1日" in caught.value.message.en


def test_a_date_before_its_era_says_when_the_era_began() -> None:
    with pytest.raises(EraDateError) as caught:
        parse_date("R1.4.30")
    assert caught.value.message.ja == "「R1.4.30」は令和の始まり(令和元年5月1日)より前です"


def test_every_era_in_the_table_starts_on_year_one() -> None:
    for older, newer in itertools.pairwise(ERAS):
        day_before = newer.start - dt.timedelta(days=1)
        assert era_of(day_before)[0] is older
        assert era_of(newer.start) == (newer, 1)
        assert format_short(newer.start) == f"{newer.letter}1.{newer.start.month}.{newer.start.day}"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("R5.7.26", dt.date(2023, 7, 26)),
        ("r5.7.26", dt.date(2023, 7, 26)),
        ("R5/7/26", dt.date(2023, 7, 26)),
        ("R5-07-26", dt.date(2023, 7, 26)),
        (" R5.7.26 ", dt.date(2023, 7, 26)),
        ("令和5年7月26日", dt.date(2023, 7, 26)),
        ("令和 5 年 7 月 26 日", dt.date(2023, 7, 26)),
        ("令和05年07月26日", dt.date(2023, 7, 26)),
        ("2023-07-26", dt.date(2023, 7, 26)),
        ("2023-7-6", dt.date(2023, 7, 6)),
        # Full-width digits, letters and punctuation.
        ("Ｒ５．７．２６", dt.date(2023, 7, 26)),
        ("令和５年７月２６日", dt.date(2023, 7, 26)),
        ("　令和５年７月２６日　", dt.date(2023, 7, 26)),
        ("２０２３-０７-２６", dt.date(2023, 7, 26)),
        # Kanji numerals.
        ("令和五年七月二十六日", dt.date(2023, 7, 26)),
        ("令和元年五月一日", dt.date(2019, 5, 1)),
        ("平成三十一年四月三十日", dt.date(2019, 4, 30)),
        ("昭和六十四年一月七日", dt.date(1989, 1, 7)),
        ("令和十年十月十日", dt.date(2028, 10, 10)),
        ("令和一〇年一〇月一〇日", dt.date(2028, 10, 10)),
        ("明治六年一月一日", dt.date(1873, 1, 1)),
    ],
)
def test_parse_accepts_the_ways_dates_are_written(text: str, expected: dt.date) -> None:
    assert parse_date(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "R5.2.29",  # 2023 is not a leap year
        "令和5年2月29日",
        "R5.4.31",
        "R5.13.1",
        "R5.0.1",
        "R5.1.0",
        "令和5年7月32日",
        "R0.1.1",
        "令和0年1月1日",
        "2023-02-30",
        "M5.12.31",  # before the Gregorian calendar (明治6年)
        "明治元年1月1日",
    ],
)
def test_days_that_do_not_exist_are_invalid(text: str) -> None:
    with pytest.raises(EraDateError):
        parse_date(text)


def test_a_leap_day_exists_in_a_leap_year() -> None:
    assert parse_date("R6.2.29") == dt.date(2024, 2, 29)
    assert parse_date("H12.2.29") == dt.date(2000, 2, 29)
    with pytest.raises(EraDateError):
        parse_date("T1.2.29")  # 1912 is a leap year, but 大正 began in July: a 明治 date


@pytest.mark.parametrize(
    "text",
    [
        "",
        "R",
        "R5",
        "R5.7",
        "X5.7.26",
        "令和5年",
        "令和5年7月",
        "平成",
        "2023/07/26",
        "20230726",
        "令和十十年1月1日",
        "五月",
    ],
)
def test_texts_that_are_not_dates(text: str) -> None:
    with pytest.raises(EraDateError) as caught:
        parse_date(text)
    assert caught.value.message.ja
    assert caught.value.message.en


def test_the_error_is_a_value_error_with_both_languages() -> None:
    with pytest.raises(ValueError, match="is not a date") as caught:
        parse_date("そのうち")
    assert isinstance(caught.value, EraDateError)
    assert caught.value.message.ja.startswith("「そのうち」は日付として読めません")


def test_dates_before_1873_cannot_be_formatted() -> None:
    with pytest.raises(EraDateError):
        format_short(dt.date(1872, 12, 31))
    assert format_short(dt.date(1873, 1, 1)) == "M6.1.1"


def test_year_one_is_1_in_the_short_form_and_gan_in_the_long_form() -> None:
    assert format_short(dt.date(2019, 12, 31)) == "R1.12.31"
    assert format_long(dt.date(2019, 12, 31)) == "令和元年12月31日"
    assert format_long(dt.date(2020, 1, 1)) == "令和2年1月1日"


ALL_DATES = st.dates(min_value=dt.date(1873, 1, 1), max_value=dt.date(2100, 12, 31))


@given(ALL_DATES)
def test_format_then_parse_is_the_date(date: dt.date) -> None:
    assert parse_date(format_short(date)) == date
    assert parse_date(format_long(date)) == date
    assert parse_date(date.isoformat()) == date


def _kanji(number: int) -> str:
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if not tens:
        return digits[ones]
    return ("" if tens == 1 else digits[tens]) + "十" + (digits[ones] if ones else "")


def _full_width(text: str) -> str:
    return "".join(chr(ord(char) + 0xFEE0) if char.isdigit() else char for char in text)


@given(ALL_DATES)
def test_kanji_and_full_width_forms_parse(date: dt.date) -> None:
    era, year = era_of(date)
    year_text = "元" if year == 1 else _kanji(year)
    kanji = f"{era.name}{year_text}年{_kanji(date.month)}月{_kanji(date.day)}日"
    assert parse_date(kanji) == date
    assert parse_date(_full_width(format_long(date))) == date
    assert parse_date(_full_width(format_short(date))) == date


@given(ALL_DATES)
def test_short_and_long_forms_agree(date: dt.date) -> None:
    era, year = era_of(date)
    short = format_short(date)
    assert short == f"{era.letter}{year}.{date.month}.{date.day}"
    assert format_long(date).startswith(era.name)
    assert era.start <= date
