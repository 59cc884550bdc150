"""Moves shown at both ends in planrev's Markdown redline, read before the lexer.

A redline shows a moved part twice: where it stood, struck with a note of where it went
(``・【移動】~~old text~~【/移動】（第1章第2節（1）へ移動）``), and where it landed, with a note
of where it came from (``※移動（第1章第1節（1）から）``). Where it stood is neither draft's text
at that place: :func:`drop_move_sources` blanks those lines — a struck heading with its whole
part, a struck KPI table with its rows, a struck KPI row, note, footnote or statement — and takes
the from-note off headings, notes and KPI cells, where it would otherwise be read as text (a
statement's ※移動 is read by the lexer: it marks the statement as moved). Each is reported as a
warning with its line, so nothing is dropped silently.
"""

from __future__ import annotations

import re

from planrev.i18n import Msg
from planrev.importers.base import Findings, Line

__all__ = ["drop_move_sources"]

_MARK = r"【/?(?:追加|修正|削除|分割|統合|移動)[^】]{0,4}】"
_STRUCK_BODY = rf"(?:{_MARK}|~~(?:[^~]|~(?!~))+~~|[ \t\u3000])*~~(?:[^~]|~(?!~))+~~"
_TO = r"[（(](?P<where>[^~]+?)へ移動[）)]"
_SOURCE = re.compile(
    rf"^(?P<heading>#{{1,6}}[ \t]+)?(?:-[ \t]+)?・?【?(?:{_MARK})*{_STRUCK_BODY}(?:{_MARK})*{_TO}】?$"
)
"""A line of a moved part where it stood: only struck text and change marks, then （…へ移動）."""
_FROM = re.compile(r"※移動[（(](?P<where>[^※]*?)から[）)](?=】?$)")
"""The note where a moved heading, note or KPI landed: ``※移動（…から）`` at the end."""
_HEADING = re.compile(r"^(?P<hashes>#{1,6})[ \t]")
_NOTE_LIKE = re.compile(r"^(?:【(?!(?:追加|修正|削除|分割|統合|移動)[^】]{0,4}】)|\\?※)")
r"""A note (【…】, not a change marker) or a footnote (``\※1\ …``)."""


def _warn_source(warnings: Findings, line: int, where: str) -> None:
    warnings.add(
        "move-source",
        Msg(
            f"移動元の表示（{where}へ移動）として読み、本文には入れませんでした",
            f"read as where a part moved from (to {where}); not plan text",
        ),
        line,
    )


def _warn_from(warnings: Findings, line: int, column: int, where: str) -> None:
    warnings.add(
        "move-from",
        Msg(
            f"移動先の注記（{where}から）として読み、本文には入れませんでした",
            f"read as the note of where a part came from ({where}); not plan text",
        ),
        line,
        column,
    )


def _source(text: str) -> re.Match[str] | None:
    """Return the match of a move source: the line itself or, in a KPI row, its first cell."""
    first = text.split("\t", 1)[0]
    if first.startswith("|"):
        first = first.strip("|").split("|", 1)[0].strip()
    return _SOURCE.match(text) or _SOURCE.match(first)


def drop_move_sources(lines: list[Line], warnings: Findings) -> list[Line]:
    """Return ``lines`` with the moved parts where they stood blanked and the from-notes of
    headings, notes and KPI cells taken off (see the module's docstring)."""
    result: list[Line] = []
    skip_level = 0  # inside a moved part's source: the level of its heading
    skip_table = False  # inside a moved KPI table's source: up to the blank line after it
    for line in lines:
        text = line.text.rstrip("\r\n")
        heading = _HEADING.match(text)
        if skip_level and heading and len(heading["hashes"]) <= skip_level:
            skip_level = 0
        if skip_table and not text.strip(" \t\u3000"):
            skip_table = False
        if skip_level or skip_table:
            result.append(Line(line.number, ""))
            continue
        source = _source(text)
        if source is not None:
            _warn_source(warnings, line.number, source["where"])
            if source["heading"]:
                skip_level = len(source["heading"].strip())
            elif "\t" in text or text.startswith("|"):
                cell = text.split("\t", 1)[0].strip("| ")
                skip_table = cell.lstrip("~").startswith("KPI")  # the table's heading row
            result.append(Line(line.number, ""))
            continue
        first, tab, rest = text.partition("\t")
        found = _FROM.search(first)
        if found is not None and (heading or tab or _NOTE_LIKE.match(first)):
            _warn_from(warnings, line.number, found.start() + 1, found["where"])
            first = first[: found.start()] + first[found.end() :]
            text = first + tab + rest
        result.append(Line(line.number, text))
    return result
