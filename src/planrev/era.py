"""Japanese era dates (和暦): parse and format R5.7.26 and 令和5年7月26日.

A small table of our own, exact at every boundary from 明治6年 (1873, when Japan adopted the
Gregorian calendar) to 令和: 平成31年4月30日 is followed by 令和元年5月1日, and 令和1年4月30日 does not
exist. Year 1 of an era is written 元年 in the long form and 1 in the short form.
"""

from __future__ import annotations

import datetime as _dt
import re
import unicodedata
from dataclasses import dataclass

from planrev.i18n import Msg

__all__ = ["ERAS", "Era", "EraDateError", "era_of", "format_long", "format_short", "parse_date"]


@dataclass(frozen=True, slots=True)
class Era:
    """One era of the Japanese calendar."""

    name: str
    """The era's name, e.g. 令和."""
    letter: str
    """The letter of the short form, e.g. R."""
    start: _dt.date
    """The first day of the era."""


ERAS: tuple[Era, ...] = (
    Era("明治", "M", _dt.date(1868, 1, 25)),
    Era("大正", "T", _dt.date(1912, 7, 30)),
    Era("昭和", "S", _dt.date(1926, 12, 25)),
    Era("平成", "H", _dt.date(1989, 1, 8)),
    Era("令和", "R", _dt.date(2019, 5, 1)),
)
"""The supported eras, oldest first."""

_GREGORIAN_FROM = _dt.date(1873, 1, 1)
"""明治6年1月1日: before it Japan used the lunisolar calendar, which this table does not convert."""

_BY_KEY = {era.name: era for era in ERAS} | {era.letter: era for era in ERAS}

_KANJI_DIGITS = {
    "〇": 0,
    "零": 0,
    "一": 1,
    "二": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}

_NUMBER = r"(?:元|\d{1,4}|[〇零一二三四五六七八九十]{1,4})"
_LONG = re.compile(
    rf"^(?P<era>明治|大正|昭和|平成|令和)\s*(?P<year>{_NUMBER})\s*年\s*"
    rf"(?P<month>{_NUMBER})\s*月\s*(?P<day>{_NUMBER})\s*日$"
)
_SHORT = re.compile(
    rf"^(?P<era>[MTSHRmtshr])\s*(?P<year>{_NUMBER})\s*[./\-]\s*(?P<month>\d{{1,2}})\s*[./\-]\s*"
    rf"(?P<day>\d{{1,2}})$"
)
_ISO = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")


class EraDateError(ValueError):
    """A text that is not a valid date, or a date outside the supported eras."""

    def __init__(self, english: str, japanese: str | None = None) -> None:
        super().__init__(english)
        self.message = Msg(japanese or english, english)
        """The message in Japanese and English."""


def era_of(date: _dt.date) -> tuple[Era, int]:
    """Return the era of ``date`` and the year within it (1 for 元年)."""
    if date < _GREGORIAN_FROM:
        raise EraDateError(
            f"{date.isoformat()}: dates before 1873-01-01 (明治6年) are not supported",
            f"{date.isoformat()}: 明治6年(1873年)より前の日付には対応していません",
        )
    era = next(era for era in reversed(ERAS) if date >= era.start)
    return era, date.year - era.start.year + 1


def format_short(date: _dt.date) -> str:
    """Return the short form, e.g. ``R5.7.26`` (year 1 is ``R1``)."""
    era, year = era_of(date)
    return f"{era.letter}{year}.{date.month}.{date.day}"


def format_long(date: _dt.date) -> str:
    """Return the long form, e.g. ``令和5年7月26日`` or ``令和元年5月1日``."""
    era, year = era_of(date)
    year_text = "元" if year == 1 else str(year)
    return f"{era.name}{year_text}年{date.month}月{date.day}日"


def _number(text: str) -> int:
    if text == "元":
        return 1
    if text.isdigit():
        return int(text)
    # Kanji numerals up to 99: 二十六, 十, 七.
    tens, _, ones = text.partition("十")
    if "十" not in text:
        value = 0
        for char in text:
            value = value * 10 + _KANJI_DIGITS[char]
        return value
    return (_KANJI_DIGITS[tens] if tens else 1) * 10 + (_KANJI_DIGITS[ones] if ones else 0)


def parse_date(text: str) -> _dt.date:
    """Parse a date written as ``R5.7.26``, ``令和5年7月26日``, ``令和元年5月1日`` or ``2023-07-26``.

    Full-width digits and kanji numerals are accepted. Raises :class:`EraDateError` for a text that
    is not a date, a day that does not exist, or a date outside its era (``R1.4.30``).
    """
    # NFKC only for matching: full-width digits and letters become ASCII; the caller's text is
    # never changed.
    folded = unicodedata.normalize("NFKC", text).strip()
    if match := _ISO.match(folded):
        try:
            return _dt.date(int(match["year"]), int(match["month"]), int(match["day"]))
        except ValueError as exc:
            raise EraDateError(
                f"{text!r} is not a valid date: {exc}", f"「{text}」は存在しない日付です"
            ) from exc
    match = _LONG.match(folded) or _SHORT.match(folded)
    if match is None:
        raise EraDateError(
            f"{text!r} is not a date; write it as R5.7.26, 令和5年7月26日 or 2023-07-26",
            f"「{text}」は日付として読めません。R5.7.26、令和5年7月26日、2023-07-26 のように書いてください",
        )
    try:
        era = _BY_KEY[match["era"].upper() if len(match["era"]) == 1 else match["era"]]
        year, month, day = (_number(match[name]) for name in ("year", "month", "day"))
    except KeyError as exc:
        raise EraDateError(f"{text!r} is not a date", f"「{text}」は日付として読めません") from exc
    if year < 1:
        raise EraDateError(
            f"{text!r}: an era year starts at 1 (元年)", f"「{text}」: 年は1(元年)から始まります"
        )
    try:
        date = _dt.date(era.start.year + year - 1, month, day)
    except ValueError as exc:
        raise EraDateError(
            f"{text!r} is not a valid date: {exc}", f"「{text}」は存在しない日付です"
        ) from exc
    if date < _GREGORIAN_FROM:
        raise EraDateError(
            f"{text!r}: dates before 明治6年 (1873) are not supported",
            f"「{text}」: 明治6年(1873年)より前の日付には対応していません",
        )
    if date < era.start:
        raise EraDateError(
            f"{text!r} is before {era.name} began ({format_long(era.start)})",
            f"「{text}」は{era.name}の始まり({format_long(era.start)})より前です",
        )
    following = [later for later in ERAS if later.start > era.start]
    if following and date >= following[0].start:
        raise EraDateError(
            f"{text!r} is after {era.name} ended; write it as {format_long(date)}",
            f"「{text}」は{era.name}の終わりより後です。{format_long(date)}と書いてください",
        )
    return date
