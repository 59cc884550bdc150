"""KPI table headers: which column holds the baseline, the target and the unit, and their years.

A KPI table's header row names its columns: ``KPI | 2023 | 2028``, ``指標 | 基準値(R5) |
目標値(R10) | 単位``, ``KPI | 現状値 2023年度 | 目標値 2028年度``, ``指標 | R5 | 令和10年度``.
:func:`kpi_columns` reads any of these, for every reader that meets a table (Word tables,
Markdown tables and tab-separated blocks of plain text).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from planrev.era import ERAS

__all__ = ["KpiColumns", "kpi_columns", "kpi_year"]

_KPI_HEAD = re.compile("KPI|\uff2b\uff30\uff29|指標", re.IGNORECASE)
_YEAR = re.compile(r"((?:19|20|21)\d{2})")
_ERA_YEAR = re.compile(
    r"(?:(?<![A-Za-z])(?P<letter>[RrHh])|(?P<name>令和|平成))\s*(?P<year>元|\d{1,2})(?!\d)"
)
_ERA_START = {era.letter: era.start.year for era in ERAS} | {
    era.name: era.start.year for era in ERAS
}
_FULLWIDTH_DIGITS = {0xFF10 + digit: 0x30 + digit for digit in range(10)}
"""Full-width digits to ASCII, for reading numbers only (the text itself is never changed)."""


@dataclass(frozen=True, slots=True)
class KpiColumns:
    """Where a KPI table's values are, counting columns from 0 (the indicator's)."""

    baseline: int | None
    """The baseline values' column, or None."""
    target: int | None
    """The target values' column, or None."""
    unit: int | None
    """The units' column, or None."""
    baseline_year: int | None
    """The baseline's year as the header gives it, or None."""
    target_year: int | None
    """The target's year, or None."""
    ignored: tuple[int, ...]
    """The columns that are none of these (not read)."""


def kpi_year(text: str) -> int | None:
    """Return the year a KPI header cell names (``2023``, ``2023年度``, ``R5``, ``令和10年度``,
    ``H30``; 元年 is year 1 of its era), or None when it names none."""
    text = text.translate(_FULLWIDTH_DIGITS)
    match = _YEAR.search(text)
    if match:
        return int(match.group(1))
    era = _ERA_YEAR.search(text)
    if era is None:
        return None
    start = _ERA_START[(era["letter"] or "").upper() or era["name"]]
    number = 1 if era["year"] == "元" else int(era["year"])
    return start + number - 1


def kpi_columns(header: Sequence[str]) -> KpiColumns | None:
    """Return the columns of a KPI table whose header row's cells are ``header``, or None.

    The first cell must name the table (``KPI``, ``指標``). A cell with 基準/現状/現況/実績 is the
    baseline, one with 目標 the target, one with 単位 the unit; otherwise the first and last cells
    holding a year (:func:`kpi_year`) are the baseline and the target. None when the row is not
    a KPI header.
    """
    if len(header) < 2 or not _KPI_HEAD.search(header[0]):
        return None
    baseline = target = unit = None
    baseline_year = target_year = None
    years: list[tuple[int, int]] = []
    ignored: list[int] = []
    for position, raw in enumerate(header[1:], start=1):
        text = raw.strip()
        year = kpi_year(text)
        if "単位" in text:
            unit = position
        elif any(word in text for word in ("基準", "現状", "現況", "実績")) and baseline is None:
            baseline, baseline_year = position, year
        elif "目標" in text and target is None:
            target, target_year = position, year
        elif year is not None:
            years.append((position, year))
        else:
            ignored.append(position)
    if baseline is None and years:
        baseline, baseline_year = years.pop(0)
    if target is None and years:
        target, target_year = years.pop()
    ignored.extend(position for position, _ in years)
    if baseline is None and target is None:
        return None
    return KpiColumns(baseline, target, unit, baseline_year, target_year, tuple(sorted(ignored)))
