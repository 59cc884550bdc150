"""Lines → tokens: the line-level syntax of a marked handout.

Each line is a heading, a bullet, a paragraph line, a KPI header (``KPI<TAB>2023<TAB>2028``)
with its rows, a ★意見 table with its rows and labels, a note 【…】, a footnote, a label line
(めざす姿, 取組 …) or a header line of the handout; blank lines and rules separate them. Inline
syntax (markers, struck and underlined text) is left in the tokens' text for
:mod:`planrev.importers.marked.inline`.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Literal

from planrev.i18n import Msg
from planrev.importers.base import (
    BULLET,
    FOOTNOTE,
    HEADING,
    LABEL,
    MARKER,
    Findings,
    Line,
    strip_break,
)
from planrev.importers.tree import KpiRowItem, Node, Presence, StatementKind, label_kind
from planrev.model import Channel

__all__ = [
    "FIRST_HEADER",
    "ITEM_LENGTH",
    "SECOND_HEADER",
    "Frag",
    "Lexer",
    "MarkedOpinion",
    "Row",
    "Source",
    "Table",
    "Token",
    "is_header_line",
    "to_int",
]

# --------------------------------------------------------------------------------------------
# Line syntax

_SEP = "[ \t\u3000]"
FIRST_HEADER = re.compile(
    r"^(?P<date>[^「」]{0,20}?)第(?P<meeting>[0-9\uff10-\uff19]{1,3})回「(?P<name>[^「」]+)」"
    r"(?P<committee>[^「」]{0,40}(?:委員会|会議|審議会|協議会|懇談会|部会))?$"
)
"""R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会"""
SECOND_HEADER = re.compile(r"^会議資料「(?P<body>[^「」]+)」(?P<excerpt>[（(]抜粋[）)])?$")
"""会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)"""
_OPINIONS = re.compile(r"^★意見(?P<rest>.*)$")
_RULE = re.compile(r"^ {0,3}(?:[-*_=][ \t]*){3,}$|^ {0,3}(?:[-=]{3,}[ \t]*)+$")
_KPI = re.compile(r"^(?:【(?:追加|修正|移動)[^】]{0,4}】)?KPI")
_ESCAPED_FOOTNOTE = re.compile(r"^\\(※[0-9\uff10-\uff19]+)\\ ")
_KPI_MARK = re.compile(r"^【(?:追加|修正|移動)[^】]{0,4}】")
"""The marker before a KPI table's title (``【追加】KPI``): the label is kept, the title is KPI."""
_YEAR = re.compile(
    r"(?<![0-9\uff10-\uff19])[12\uff11\uff12][0-9\uff10-\uff19]{3}(?![0-9\uff10-\uff19])"
)
_NOTE = re.compile(r"^【(?P<text>[^【】]+)】$")
_PIPE = re.compile(r"(?<!\\)\|")
_PIPE_SEPARATOR = re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?$")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LABEL_SPLIT = re.compile(r"[、,，・\s\u3000]+")

ITEM_LENGTH = 60
"""The longest line read as a title on a structure page (longer lines are body text)."""

_FULLWIDTH_DIGITS = str.maketrans({0xFF10 + digit: str(digit) for digit in range(10)})


def _cell(text: str) -> str:
    """Return a pipe-table cell's text: ``\\|`` is a bar, ``<br>`` a line break."""
    return _BREAK_TAG.sub("\n", text.replace("\\|", "|"))


def is_header_line(text: str) -> bool:
    """Return whether ``text`` (a line without its line end) is a handout's header line.

    Header lines (``R5.7.26第3回「…」策定委員会``, ``会議資料「…素案(案)」(抜粋)``) give the
    draft's metadata and are not plan text; a handout repeats them on every page.
    """
    return bool(FIRST_HEADER.match(text) or SECOND_HEADER.match(text))


def to_int(text: str) -> int:
    """Return the number written in ``text`` (full-width digits read as digits)."""
    return int(text.translate(_FULLWIDTH_DIGITS))


# --------------------------------------------------------------------------------------------
# Sources: a text made of line fragments, each offset traceable to its line and column


@dataclass(frozen=True, slots=True)
class Frag:
    """A piece of one line of the text."""

    line: int
    """The line (1-based)."""
    column: int
    """1-based column of the fragment's first character."""
    text: str
    """The fragment's text."""


class Source:
    """A text joined from fragments of lines with ``\\n``, locating any offset in the input."""

    def __init__(self, frags: list[Frag]) -> None:
        self.frags = frags
        self.text = "\n".join(frag.text for frag in frags)
        self._starts = list(itertools.accumulate((len(f.text) + 1 for f in frags[:-1]), initial=0))
        """Where each fragment starts in :attr:`text`."""

    def locate(self, offset: int) -> tuple[int, int]:
        """Return the line and column of the character at ``offset`` of :attr:`text`."""
        index = bisect.bisect_right(self._starts, offset) - 1
        frag = self.frags[index]
        return frag.line, frag.column + min(offset - self._starts[index], len(frag.text))

    @property
    def line(self) -> int:
        """Return the first line."""
        return self.frags[0].line


# --------------------------------------------------------------------------------------------
# Tokens


@dataclass(eq=False)
class Row:
    """One opinion of a ★意見 table."""

    frags: list[Frag]
    labels: list[tuple[str, int, int]] = field(default_factory=list)
    """The labels given, with their line and column."""
    closed: bool = False
    """Whether the row's label column was seen (possibly empty: no change)."""


@dataclass(eq=False)
class Table:
    """A ★意見 table: how the opinions were heard, and its rows."""

    channel: Channel
    """Heard by the secretariat, said at the meeting, or written."""
    rows: list[Row]
    """The opinions, in order."""


@dataclass(eq=False)
class MarkedOpinion:
    """An opinion of a ★意見 table, placed in the part of the plan that holds the table."""

    row: Row
    """The table row."""
    scope: Node | None
    """The node the table belongs to, or None before any heading."""
    channel: Channel
    """How it was heard."""
    text: str
    """The opinion's text."""
    id: str = ""
    """The opinion's id."""


_CELL_MARK = re.compile(
    r"【(?P<close>/?)(?P<label>(?:追加|修正|削除)[^】]{0,6})】|~~(?P<struck>.*?)~~"
    r"|<u>(?P<under>.*?)</u>|\\(?P<escaped>[~<])"
)
"""A change marker, its closing mark, struck or underlined text, or an escape inside a KPI cell."""
_DECORATED = re.compile(r"~~.*?~~|<u>.*?</u>")


def _cell_sides(text: str, *, decorated: bool = False) -> tuple[str, str, bool]:
    """Return a KPI cell's new text, its old text, and whether it holds change marks.

    Text outside a marker's extent is in both; unstruck text inside an extent (up to the closing
    mark, or the end of the cell) is new; struck text is old, underlined text new. In a
    ``decorated`` row (one with struck or underlined text) the decorations show the extents: a
    marker without a closing mark only labels the row's change, and the plain text after it is
    in both (planrev's redline marks a row in its first cell, ``【修正①】指標 | 20 | ~~79~~87``).
    """
    new: list[str] = []
    old: list[str] = []
    inside = False
    marked = False
    position = 0
    for match in _CELL_MARK.finditer(text):
        plain = text[position : match.start()]
        if match["escaped"] is not None:
            plain += match["escaped"]
        new.append(plain)
        if not inside:
            old.append(plain)
        if match["struck"] is not None:
            old.append(match["struck"])
        elif match["under"] is not None:
            new.append(match["under"])
        elif match["escaped"] is None:
            closed = f"【/{match['label']}】" in text[match.end() :]
            inside = not match["close"] and (closed or not decorated)
        marked = marked or match["escaped"] is None
        position = match.end()
    plain = text[position:]
    new.append(plain)
    if not inside:
        old.append(plain)
    return "".join(new), "".join(old), marked


@dataclass(eq=False)
class Token:
    """One line (or a table of lines) of the handout."""

    kind: Literal[
        "blank",
        "heading",
        "bullet",
        "text",
        "kpi",
        "note",
        "footnote",
        "opinions",
        "header",
        "kind",
    ]
    """What the line is."""
    line: int
    """The line (1-based)."""
    column: int = 1
    """Where the token's text starts on the line."""
    text: str = ""
    """The text without the line's syntax (heading marks, bullet, note brackets)."""
    level: int = 0
    """A heading's number of ``#`` marks."""
    indented: bool = False
    """Whether a bullet is indented (a nested list)."""
    mark: str = ""
    """A footnote's mark."""
    label: StatementKind | None = None
    """The statement kind a label line (``kind``) names."""
    table: Table | None = None
    """An opinion table's rows."""
    kpi_rows: list[KpiRowItem] = field(default_factory=list)
    """A KPI table's rows."""
    years: tuple[int | None, int | None] = (None, None)
    """A KPI table's baseline and target years."""
    old_years: tuple[int | None, int | None] | None = None
    """A KPI header's years before the changes marked in it, or None when unmarked."""
    labels: list[str] = field(default_factory=list)
    """The labels of the change markers in a KPI table (its changes are not recorded)."""


_ROW_NUMBER = re.compile(r"^意見(?P<number>[0-9\uff10-\uff19]{1,3})[ \u3000]+")
"""A row number printed before an opinion (``意見1　``)."""


def _unnumbered(rows: list[Row]) -> list[Row]:
    """Return a ★意見 table's rows without the numbers printed before them (``意見1　``).

    Numbers are computed, not data: they are taken off only when every row has one and they
    count up by one (1, 2, 3 …, or on from the tables before: a Word redline numbers the
    opinions of the whole handout).
    """
    found = [_ROW_NUMBER.match(row.frags[0].text) if row.frags else None for row in rows]
    numbers = [to_int(match["number"]) if match is not None else 0 for match in found]
    if not rows or numbers != list(range(numbers[0], numbers[0] + len(rows))) or not numbers[0]:
        return rows
    for row, match in zip(rows, found, strict=True):
        assert match is not None
        first = row.frags[0]
        row.frags[0] = Frag(first.line, first.column + match.end(), first.text[match.end() :])
    return rows


def _labels(text: str) -> list[str]:
    """Return the labels of the change markers in ``text`` (closing marks left out)."""
    return [m["kind"] + (m["number"] or "") for m in MARKER.finditer(text) if not m["close"]]


def _after(pattern: re.Match[str], group: str) -> int:
    """Return the 1-based column where ``group`` starts."""
    return pattern.start(group) + 1


class Lexer:
    """Turns lines into tokens; ★意見 tables and KPI rows are gathered into their tokens."""

    def __init__(self, lines: list[Line], warnings: Findings) -> None:
        self.lines = lines
        self.warnings = warnings
        self.position = 0
        self.headers: list[tuple[int, str, re.Match[str]]] = []

    def header(self, text: str) -> re.Match[str] | None:
        return FIRST_HEADER.match(text) or SECOND_HEADER.match(text)

    def kind_of(self, raw: str) -> str:
        """Return the kind of a line for deciding where a table ends."""
        text = strip_break(raw)
        if not text.strip(" \t\u3000"):
            return "blank"
        if self.header(text):
            return "header"
        heading = HEADING.match(text)
        if heading:
            title = heading["title"] or ""
            return "opinions" if _OPINIONS.match(title) else "heading"
        if _OPINIONS.match(text):
            return "opinions"
        if _KPI.match(text) and ("\t" in raw or text == "KPI"):
            return "kpi"
        if _RULE.match(raw):
            return "rule"
        if BULLET.match(text):
            return "bullet"
        if text.startswith("【") and MARKER.match(text) is None:
            return "note"
        return "text"

    def tokens(self) -> Iterator[Token]:
        while self.position < len(self.lines):
            line = self.lines[self.position]
            self.position += 1
            yield from self._line(line)

    def _line(self, line: Line) -> Iterator[Token]:
        raw = line.text
        text = strip_break(raw)
        kind = self.kind_of(raw)
        if kind == "blank":
            yield Token("blank", line.number)
        elif kind == "header":
            match = self.header(text)
            assert match is not None
            self.headers.append((line.number, text, match))
            yield Token("header", line.number, text=text)
        elif kind == "rule":
            return
        elif kind == "opinions":
            heading = HEADING.match(text)
            title = (heading["title"] or "") if heading else text
            match = _OPINIONS.match(title)
            assert match is not None
            yield Token(
                "opinions",
                line.number,
                table=Table(self._channel(match["rest"], line.number), _unnumbered(self._rows())),
            )
        elif kind == "heading":
            heading = HEADING.match(text)
            assert heading is not None
            title = heading["title"] or ""
            column = _after(heading, "title") if heading["title"] is not None else 1
            level = len(heading["marks"])
            label = label_kind(title)
            if label is not None:
                yield Token("kind", line.number, column, title, label=label)
            else:
                yield Token("heading", line.number, column, title, level=level)
        elif kind == "kpi":
            yield self._kpi(line, raw)
        elif kind == "bullet":
            bullet = BULLET.match(text)
            assert bullet is not None
            yield Token(
                "bullet",
                line.number,
                _after(bullet, "text"),
                bullet["text"],
                indented=len(bullet["indent"].expandtabs(4)) >= 2,
            )
        elif kind == "note":
            yield self._note(line, text)
        else:
            # planrev's Markdown escapes a footnote's mark (``\※1\ 説明``): read it as ``※1 説明``.
            unescaped = _ESCAPED_FOOTNOTE.sub(r"\1 ", text, count=1)
            footnote = FOOTNOTE.match(unescaped)
            if footnote:
                yield Token(
                    "footnote",
                    line.number,
                    _after(footnote, "text") + len(text) - len(unescaped),
                    footnote["text"],
                    mark=footnote["mark"],
                )
            elif (label := label_kind(text.strip(" \t\u3000"))) is not None:
                yield Token("kind", line.number, 1, text.strip(" \t\u3000"), label=label)
            else:
                stripped = len(text) - len(text.lstrip(" \t"))
                yield Token("text", line.number, stripped + 1, text[stripped:])

    def _channel(self, rest: str, line: int) -> Channel:
        if "聞き取り" in rest or not rest.strip():
            return Channel.HEARD
        if "書面" in rest:
            return Channel.WRITTEN
        if "委員会" in rest or "会議" in rest:
            return Channel.MEETING
        self.warnings.add(
            "opinions-channel",
            Msg(
                f"意見の受け方「{rest}」が分からないため、事務局聞き取りとしました",
                f"unknown channel '{rest}' of the opinions; taken as heard by the secretariat",
            ),
            line,
            hint=Msg(
                "★意見(事務局が聞き取りしたもの)、★意見(委員会)、★意見(書面) のいずれかで書いてください。",
                "write ★意見(事務局が聞き取りしたもの), ★意見(委員会) or ★意見(書面).",
            ),
        )
        return Channel.HEARD

    def _note(self, line: Line, text: str) -> Token:
        """Return a note 【…】, joining one split over lines (``【体系図`` / ``を追加】``)."""
        stripped = text.strip(" \t\u3000")
        match = _NOTE.match(stripped)
        if match:
            return Token("note", line.number, 2, match["text"])
        if "】" in stripped:
            indent = len(text) - len(text.lstrip(" \t"))
            return Token("text", line.number, indent + 1, text[indent:])
        # A note broken over lines by the PDF conversion: join the following lines (up to three)
        # when one of them closes it and nothing between opens another.
        parts = [stripped[1:]]
        for ahead in range(self.position, min(self.position + 3, len(self.lines))):
            following_raw = self.lines[ahead].text
            following = strip_break(following_raw).strip(" \t\u3000")
            if self.kind_of(following_raw) != "text" or "【" in following:
                break
            if following.endswith("】") and following.count("】") == 1:
                parts.append(following[:-1])
                self.position = ahead + 1
                return Token("note", line.number, 2, "".join(parts))
            parts.append(following)
        self.warnings.add(
            "bracket",
            Msg(
                "【 と 】 の対応がとれない行です。本文としてそのまま取り込みました",
                "the brackets 【 】 of this line do not pair; kept as text as written",
            ),
            line.number,
            hint=Msg(
                "事務局の注記なら【…】の形で1行に書いてください。",
                "write an editorial note as 【…】 on one line.",
            ),
        )
        indent = len(text) - len(text.lstrip(" \t"))
        return Token("text", line.number, indent + 1, text[indent:])

    def _kpi(self, line: Line, raw: str) -> Token:
        cells = raw.split("\t")
        title = _KPI_MARK.sub("", strip_break(cells[0]), count=1) or "KPI"
        marked_cells = False
        # A 単位 (unit) column may stand after the years (planrev's redline) or before them
        # (its Word redline); the two other columns hold the baseline and the target.
        unit_column = next(
            (p for p in (1, 2, 3) if p < len(cells) and strip_break(cells[p]).strip() == "単位"),
            None,
        )
        positions = [p for p in (1, 2, 3) if p != unit_column][:2]
        old_years: list[int | None] = []
        for position in positions:
            old_cell = cells[position] if position < len(cells) else ""
            if position < len(cells):
                new_cell, old_cell, marked = _cell_sides(cells[position])
                if marked:
                    cells[position] = new_cell  # the draft after the changes
                    marked_cells = True
            found_old = _YEAR.findall(old_cell)
            old_years.append(to_int(found_old[0]) if len(found_old) == 1 else None)
        years: list[int | None] = []
        for position in positions:
            cell = cells[position] if position < len(cells) else ""
            found = _YEAR.findall(cell)
            if len(found) == 1:
                years.append(to_int(found[0]))
                continue
            years.append(None)
            if cell.strip(" \t\u3000"):
                column = sum(len(c) + 1 for c in cells[:position]) + 1
                self.warnings.add(
                    "kpi-year",
                    Msg(
                        f"KPI の見出し「{cell}」から年を読み取れません",
                        f"cannot read a year from the KPI header cell '{cell}'",
                    ),
                    line.number,
                    column,
                )
        read = 4 if unit_column is not None else 3
        if len(cells) > read and any(cell.strip() for cell in cells[read:]):
            self.warnings.add(
                "kpi-columns",
                Msg(
                    f"KPI の見出しの{read + 1}列目以降は読み取っていません",
                    f"KPI header columns after column {read} are not read",
                ),
                line.number,
            )
        token = Token("kpi", line.number, 1, title, years=(years[0], years[1]))
        token.labels.extend(_labels(raw))
        if marked_cells:
            token.old_years = (old_years[0], old_years[1])
        while self.position < len(self.lines):
            row_line = self.lines[self.position]
            if "\t" not in row_line.text or self.kind_of(row_line.text) != "text":
                break
            self.position += 1
            token.labels.extend(_labels(row_line.text))
            row = row_line.text.split("\t")
            decorated = _DECORATED.search(row_line.text) is not None
            sides = [_cell_sides(cell, decorated=decorated) for cell in row]
            old_row = [old for _new, old, _marked in sides]
            row = [new for new, _old, _marked in sides]
            marked_row = any(marked for _new, _old, marked in sides)
            marked_cells = marked_cells or marked_row
            indicator = strip_break(row[0])
            values = [strip_break(row[p]) or None if p < len(row) else None for p in positions]
            old_values = [
                strip_break(old_row[p]) or None if p < len(old_row) else None for p in positions
            ]
            old_indicator = strip_break(old_row[0])
            unit = (
                strip_break(row[unit_column]) or None
                if unit_column is not None and unit_column < len(row)
                else None
            )
            if len(row) > read and any(cell.strip() for cell in row[read:]):
                self.warnings.add(
                    "kpi-columns",
                    Msg(
                        f"KPI の行の{read + 1}列目以降は読み取っていません",
                        f"KPI row columns after column {read} are not read",
                    ),
                    row_line.number,
                )
            presence: Presence = "both"
            if marked_row and not indicator and old_indicator:
                presence = "old"
            elif marked_row and indicator and not old_indicator:
                presence = "new"
            token.kpi_rows.append(
                KpiRowItem(
                    indicator or old_indicator,
                    values[0],
                    values[1],
                    unit,
                    (old_indicator, old_values[0], old_values[1]) if marked_row else None,
                    presence,
                    self.warnings.locate(row_line.number),
                )
            )
        if marked_cells:
            self.warnings.add(
                "kpi-changes",
                Msg(
                    "KPI の表の変更マーカーから改訂前・改訂後の値を読み取りました。KPI の変更は"
                    "変更記録には入れていません",
                    "read the values before and after the changes marked in the KPI table; the "
                    "KPI changes are not in the revision record",
                ),
                line.number,
                hint=Msg(
                    "planrev diff や planrev audit で KPI の変更を確認し、変更記録に理由を書いてください。",
                    "review the KPI changes with planrev diff or planrev audit and give their "
                    "reasons in the revision record.",
                ),
            )
        return token

    def _rows(self) -> list[Row]:
        """Read the rows of a ★意見 table up to the next heading, bullet or other block."""
        rows: list[Row] = []
        current: Row | None = None
        blank_since = False
        while self.position < len(self.lines):
            line = self.lines[self.position]
            kind = self.kind_of(line.text)
            if kind == "rule":
                self.position += 1
                continue
            if kind == "blank":
                self.position += 1
                blank_since = True
                continue
            if kind not in {"text", "note"}:
                break
            self.position += 1
            raw = line.text
            if strip_break(raw).lstrip(" \u3000").startswith("|"):
                current = self._pipe_row(rows, current, line)
                blank_since = False
                continue
            if "\t" in raw:
                left, _, right = raw.rpartition("\t")
                labels = self._labels(right, line.number, len(left) + 2)
                if labels is None:
                    current, blank_since = self._row_text(rows, current, blank_since, line, raw)
                    self.warnings.add(
                        "label-unreadable",
                        Msg(
                            f"タブの後の「{right.strip()}」は変更のラベルとして読めません。"
                            "意見の本文として取り込みました",
                            f"'{right.strip()}' after the tab is not a change label; kept as part "
                            "of the opinion",
                        ),
                        line.number,
                        len(left) + 2,
                        hint=Msg(
                            "ラベルは 追加、追加①、修正、削除 のように書きます(複数は「、」で区切る)。",
                            "labels look like 追加, 追加①, 修正, 削除 (several separated by 、).",
                        ),
                    )
                    continue
                left_text = strip_break(left)
                if left_text.strip(" \t\u3000"):
                    current, blank_since = self._row_text(
                        rows, current, blank_since, line, left_text
                    )
                if current is None or current.closed:
                    if labels:
                        self._lonely_label(labels, line.number)
                    continue
                current.labels.extend(labels)
                current.closed = True
                continue
            text = strip_break(raw)
            labels = self._labels(text, line.number, 1, quiet=True)
            if labels:
                target = rows[-1] if rows else None
                if target is None or target.labels:
                    self._lonely_label(labels, line.number)
                else:
                    target.labels.extend(labels)
                    target.closed = True
                continue
            current, blank_since = self._row_text(rows, current, blank_since, line, text)
        return rows

    def _pipe_row(self, rows: list[Row], current: Row | None, line: Line) -> Row | None:
        """Read one row of a Markdown pipe table: ``| 意見 | 追加① |`` (header rows skipped)."""
        text = strip_break(line.text).strip(" \u3000")
        following = self.lines[self.position].text if self.position < len(self.lines) else ""
        if _PIPE_SEPARATOR.match(text) or _PIPE_SEPARATOR.match(strip_break(following).strip()):
            return current  # the separator, or the header row above it
        offset = line.text.index("|")
        inner = text[1:-1] if text.endswith("|") and len(text) > 1 else text[1:]
        cells: list[tuple[int, str]] = []
        start = 0
        for match in _PIPE.finditer(inner + "|"):
            cells.append((offset + 2 + start, inner[start : match.start()]))
            start = match.end()
        if len(cells) < 2:
            row = Row([Frag(line.number, offset + 2, _cell(inner))])
            rows.append(row)
            return row
        *others, (text_column, text_cell), (label_column, label_cell) = cells
        if any(cell.strip(" \u3000") and not cell.strip(" \u3000").isdigit() for _, cell in others):
            self.warnings.add(
                "table-columns",
                Msg(
                    "意見の表の列が3つ以上あります。最後の2列(意見とラベル)だけを読みました",
                    "the opinion table has more than two columns; only the last two (opinion, "
                    "label) were read",
                ),
                line.number,
                others[0][0],
            )
        labels = self._labels(label_cell, line.number, label_column)
        row = Row([Frag(line.number, text_column, _cell(text_cell).strip(" "))])
        if labels is None:
            row.frags = [
                Frag(line.number, text_column, _cell(text_cell + "|" + label_cell).strip(" "))
            ]
            self.warnings.add(
                "label-unreadable",
                Msg(
                    f"最後の列の「{label_cell.strip()}」は変更のラベルとして読めません。"
                    "意見の本文として取り込みました",
                    f"'{label_cell.strip()}' in the last column is not a change label; kept as "
                    "part of the opinion",
                ),
                line.number,
                label_column,
            )
        else:
            row.labels.extend(labels)
            row.closed = True
        rows.append(row)
        return row

    def _row_text(
        self, rows: list[Row], current: Row | None, blank_since: bool, line: Line, text: str
    ) -> tuple[Row, bool]:
        indent = len(text) - len(text.lstrip(" \t"))
        frag = Frag(line.number, indent + 1, text[indent:])
        if current is None or current.closed or blank_since:
            current = Row([frag])
            rows.append(current)
        else:
            current.frags.append(frag)
        return current, False

    def _labels(
        self, text: str, line: int, column: int, *, quiet: bool = False
    ) -> list[tuple[str, int, int]] | None:
        """Return the labels in ``text`` (empty: no change), or None if it is not labels."""
        stripped = text.strip(" \t\u3000")
        if not stripped:
            return [] if not quiet else None
        found = []
        offset = text.index(stripped[0])
        for part in _LABEL_SPLIT.split(stripped):
            if not part:
                continue
            if LABEL.match(part) is None:
                return None
            found.append((part, line, column + offset + stripped.index(part)))
        return found

    def _lonely_label(self, labels: list[tuple[str, int, int]], line: int) -> None:
        self.warnings.add(
            "label-without-opinion",
            Msg(
                f"ラベル「{'、'.join(label for label, _, _ in labels)}」に対応する意見がありません",
                f"label '{'、'.join(label for label, _, _ in labels)}' has no opinion before it",
            ),
            line,
            labels[0][2] if labels else 1,
        )
