"""Import a marked-up handout (見え消し版) as text or Markdown: the seed's format.

One handout gives four documents: the new draft it shows, the previous draft derived from it
(additions taken out, deletions put back, what the handout does not show left unknown), the
revision record linking every marker to its opinions or reason, and the opinions. Whatever the
importer cannot read with certainty becomes a warning with line and column; it never guesses
silently. The rules are documented in docs/import.md; in short:

- the structure page (体系) at the start — ``##`` headings and one-line items up to the first
  heading that repeats one of its titles — gives the plan's pillars, fields and sections in plan
  order; body headings are matched to it by title;
- without a structure page the distinct heading levels, in order of first appearance, are pillar,
  field, section and nested sections;
- a node's own bullets are めざす姿 (vision) when it has child nodes; in a node without children a
  paragraph is a vision and a bullet an initiative (取組); ``めざす姿``/``取組`` lines override;
- 【追加①】… at the start of an item covers the whole item; elsewhere a change ends at its closing
  mark 【/追加①】 or as the extents side file says, or (削除) with the struck text right after
  it; otherwise its end is unknown: a warning, a span without end, an unknown (null) old text.

Ids are deterministic: a kind prefix and 8 hex digits of the node's text (docs/import.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from planrev.diagnostics import Finding
from planrev.era import EraDateError, parse_date
from planrev.errors import LoadError
from planrev.i18n import Msg
from planrev.importers.base import (
    BULLET,
    FOOTNOTE,
    HEADING,
    LABEL,
    MARKER,
    Findings,
    IdMaker,
    Line,
    split_lines,
    strip_break,
)
from planrev.importers.extents import Extent, Extents, load_extents
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Channel,
    Disposition,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Opinion,
    OpinionSet,
    Pillar,
    Plan,
    PlanMeta,
    Repost,
    Revision,
    Section,
    Span,
    Statement,
)
from planrev.model.plan import Block
from planrev.storage.documents import read_text

__all__ = ["MarkedImport", "import_marked", "read_marked"]

Side = Literal["old", "new"]
Presence = Literal["both", "new", "old"]

# --------------------------------------------------------------------------------------------
# Line syntax

_SEP = "[ \t\u3000]"
_FIRST_HEADER = re.compile(
    r"^(?P<date>[^「」]{0,20}?)第(?P<meeting>[0-9\uff10-\uff19]{1,3})回「(?P<name>[^「」]+)」"
    r"(?P<committee>[^「」]{0,40}(?:委員会|会議|審議会|協議会|懇談会|部会))$"
)
"""R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会"""
_SECOND_HEADER = re.compile(r"^会議資料「(?P<body>[^「」]+)」(?P<excerpt>[（(]抜粋[）)])?$")
"""会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)"""
_PROVISIONAL = re.compile(r"^[（(]仮称[）)]")
_STAGE = re.compile(r"(?:骨子案|骨子|素案|原案|最終案|計画案|案)(?:[（(]案[）)])?$")
_OPINIONS = re.compile(r"^★意見(?P<rest>.*)$")
_KIND_LABEL = re.compile(
    r"^[【＜<［\[■◆]?(?P<kind>めざす姿|目指す姿|取組方針|主な取組|取組|本文)[】＞>］\]]?$"
)
_RULE = re.compile(r"^ {0,3}(?:[-*_=][ \t]*){3,}$|^ {0,3}(?:[-=]{3,}[ \t]*)+$")
_KPI = re.compile(r"^KPI")
_YEAR = re.compile(
    r"(?<![0-9\uff10-\uff19])[12\uff11\uff12][0-9\uff10-\uff19]{3}(?![0-9\uff10-\uff19])"
)
_NOTE = re.compile(r"^【(?P<text>[^【】]+)】$")
_REPOST_TAIL = re.compile(r"(?P<repost>[（(]再掲[）)])?[ \t\u3000]*(?:※(?P<note>[^※]*))?$")
_INLINE = re.compile(MARKER.pattern + r"|~~(?P<struck>.+?)~~", re.DOTALL)
_PIPE = re.compile(r"(?<!\\)\|")
_PIPE_SEPARATOR = re.compile(r"^\|?[ \t]*:?-{3,}:?[ \t]*(?:\|[ \t]*:?-{3,}:?[ \t]*)*\|?$")
_BREAK_TAG = re.compile(r"<br\s*/?>", re.IGNORECASE)
_LABEL_SPLIT = re.compile(r"[、,，・\s\u3000]+")

_ITEM_LENGTH = 60
"""The longest line read as a title on a structure page (longer lines are body text)."""

_FULLWIDTH_DIGITS = str.maketrans({0xFF10 + digit: str(digit) for digit in range(10)})


def _cell(text: str) -> str:
    """Return a pipe-table cell's text: ``\\|`` is a bar, ``<br>`` a line break."""
    return _BREAK_TAG.sub("\n", text.replace("\\|", "|"))


def _to_int(text: str) -> int:
    return int(text.translate(_FULLWIDTH_DIGITS))


# --------------------------------------------------------------------------------------------
# The result


@dataclass(frozen=True, slots=True)
class MarkedImport:
    """The four documents read from one marked-up handout, and what was uncertain."""

    new: Plan
    """The draft the handout shows (additions in, deletions out)."""
    old: Plan
    """The previous draft derived from it; texts the handout does not show are None."""
    revision: Revision
    """Every marker as a change, linked to its opinions or reason."""
    opinions: OpinionSet
    """The opinions of the handout's ★意見 tables."""
    warnings: tuple[Finding, ...]
    """What could not be read with certainty, in input order."""


# --------------------------------------------------------------------------------------------
# Sources: a text made of line fragments, each offset traceable to its line and column


@dataclass(frozen=True, slots=True)
class _Frag:
    line: int
    column: int
    """1-based column of the fragment's first character."""
    text: str


class _Source:
    """A text joined from fragments of lines with ``\\n``, locating any offset in the input."""

    def __init__(self, frags: list[_Frag]) -> None:
        self.frags = frags
        self.text = "\n".join(frag.text for frag in frags)

    def locate(self, offset: int) -> tuple[int, int]:
        for frag in self.frags:
            if offset <= len(frag.text):
                return frag.line, frag.column + offset
            offset -= len(frag.text) + 1
        last = self.frags[-1]
        return last.line, last.column + len(last.text)

    @property
    def line(self) -> int:
        return self.frags[0].line


# --------------------------------------------------------------------------------------------
# Tokens


@dataclass(eq=False)
class _Row:
    """One opinion of a ★意見 table."""

    frags: list[_Frag]
    labels: list[tuple[str, int, int]] = field(default_factory=list)
    """The labels given, with their line and column."""
    closed: bool = False
    """Whether the row's label column was seen (possibly empty: no change)."""


@dataclass(eq=False)
class _Table:
    channel: Channel
    rows: list[_Row]


@dataclass(eq=False)
class _KpiRowSource:
    indicator: str
    baseline: str | None
    target: str | None
    line: int
    unit: str | None = None
    old: tuple[str, str | None, str | None] | None = None
    """(indicator, baseline, target) before the changes its cells mark, or None if unmarked."""
    presence: str = "both"
    """``both``, ``new`` (a row marked added) or ``old`` (a row marked deleted)."""


_CELL_MARK = re.compile(r"【(?P<close>/?)(?:追加|修正|削除)[^】]{0,6}】|~~(?P<struck>.*?)~~")
"""A change marker, its closing mark, or struck text inside a KPI cell."""


def _years(block: _Kpi, side: str) -> tuple[int | None, int | None]:
    """Return a KPI table's years as the draft of ``side`` has them."""
    return block.old_years if side == "old" and block.old_years is not None else block.years


def _kpi_row(row_id: str, row: _KpiRowSource, side: str) -> KpiRow:
    """Return a KPI row as the draft of ``side`` (``new`` or ``old``) has it."""
    if side == "old" and row.old is not None:
        indicator, baseline, target = row.old
        return KpiRow(
            id=row_id,
            indicator=indicator or row.indicator,
            unit=row.unit,
            baseline=baseline,
            target=target,
        )
    return KpiRow(
        id=row_id, indicator=row.indicator, unit=row.unit, baseline=row.baseline, target=row.target
    )


def _cell_sides(text: str) -> tuple[str, str, bool]:
    """Return a KPI cell's new text, its old text, and whether it holds change marks.

    Text outside a marker's extent is in both; unstruck text inside an extent (up to the closing
    mark, or the end of the cell) is new; struck text is old.
    """
    new: list[str] = []
    old: list[str] = []
    inside = False
    marked = False
    position = 0
    for match in _CELL_MARK.finditer(text):
        plain = text[position : match.start()]
        new.append(plain)
        if not inside:
            old.append(plain)
        marked = True
        if match["struck"] is not None:
            old.append(match["struck"])
        else:
            inside = not match["close"]
        position = match.end()
    plain = text[position:]
    new.append(plain)
    if not inside:
        old.append(plain)
    return "".join(new), "".join(old), marked


@dataclass(eq=False)
class _Tok:
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
    line: int
    column: int = 1
    text: str = ""
    level: int = 0
    indented: bool = False
    mark: str = ""
    table: _Table | None = None
    kpi_rows: list[_KpiRowSource] = field(default_factory=list)
    years: tuple[int | None, int | None] = (None, None)
    old_years: tuple[int | None, int | None] | None = None
    """A KPI header's years before the changes marked in it, or None when unmarked."""


def _after(pattern: re.Match[str], group: str) -> int:
    """Return the 1-based column where ``group`` starts."""
    return pattern.start(group) + 1


class _Lexer:
    """Turns lines into tokens; ★意見 tables and KPI rows are gathered into their tokens."""

    def __init__(self, lines: list[Line], warnings: Findings) -> None:
        self.lines = lines
        self.warnings = warnings
        self.position = 0
        self.headers: list[tuple[int, str, re.Match[str]]] = []

    def header(self, text: str) -> re.Match[str] | None:
        return _FIRST_HEADER.match(text) or _SECOND_HEADER.match(text)

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

    def tokens(self) -> Iterator[_Tok]:
        while self.position < len(self.lines):
            line = self.lines[self.position]
            self.position += 1
            yield from self._line(line)

    def _line(self, line: Line) -> Iterator[_Tok]:
        raw = line.text
        text = strip_break(raw)
        kind = self.kind_of(raw)
        if kind == "blank":
            yield _Tok("blank", line.number)
        elif kind == "header":
            match = self.header(text)
            assert match is not None
            self.headers.append((line.number, text, match))
            yield _Tok("header", line.number, text=text)
        elif kind == "rule":
            return
        elif kind == "opinions":
            heading = HEADING.match(text)
            title = (heading["title"] or "") if heading else text
            match = _OPINIONS.match(title)
            assert match is not None
            yield _Tok(
                "opinions",
                line.number,
                table=_Table(self._channel(match["rest"], line.number), self._rows()),
            )
        elif kind == "heading":
            heading = HEADING.match(text)
            assert heading is not None
            title = heading["title"] or ""
            column = _after(heading, "title") if heading["title"] is not None else 1
            level = len(heading["marks"])
            if _KIND_LABEL.match(title):
                yield _Tok("kind", line.number, column, title)
            else:
                yield _Tok("heading", line.number, column, title, level=level)
        elif kind == "kpi":
            yield self._kpi(line, raw)
        elif kind == "bullet":
            bullet = BULLET.match(text)
            assert bullet is not None
            yield _Tok(
                "bullet",
                line.number,
                _after(bullet, "text"),
                bullet["text"],
                indented=len(bullet["indent"].expandtabs(4)) >= 2,
            )
        elif kind == "note":
            yield self._note(line, text)
        else:
            footnote = FOOTNOTE.match(text)
            if footnote:
                yield _Tok(
                    "footnote",
                    line.number,
                    _after(footnote, "text"),
                    footnote["text"],
                    mark=footnote["mark"],
                )
            elif _KIND_LABEL.match(text.strip(" \t\u3000")):
                yield _Tok("kind", line.number, 1, text.strip(" \t\u3000"))
            else:
                stripped = len(text) - len(text.lstrip(" \t"))
                yield _Tok("text", line.number, stripped + 1, text[stripped:])

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

    def _note(self, line: Line, text: str) -> _Tok:
        """Return a note 【…】, joining one split over lines (``【体系図`` / ``を追加】``)."""
        stripped = text.strip(" \t\u3000")
        match = _NOTE.match(stripped)
        if match:
            return _Tok("note", line.number, 2, match["text"])
        if "】" in stripped:
            indent = len(text) - len(text.lstrip(" \t"))
            return _Tok("text", line.number, indent + 1, text[indent:])
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
                return _Tok("note", line.number, 2, "".join(parts))
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
        return _Tok("text", line.number, indent + 1, text[indent:])

    def _kpi(self, line: Line, raw: str) -> _Tok:
        cells = raw.split("\t")
        title = strip_break(cells[0]) or "KPI"
        marked_cells = False
        old_years: list[int | None] = []
        for position in (1, 2):
            old_cell = cells[position] if position < len(cells) else ""
            if position < len(cells):
                new_cell, old_cell, marked = _cell_sides(cells[position])
                if marked:
                    cells[position] = new_cell  # the draft after the changes
                    marked_cells = True
            found_old = _YEAR.findall(old_cell)
            old_years.append(_to_int(found_old[0]) if len(found_old) == 1 else None)
        years: list[int | None] = []
        for position, cell in enumerate(cells[1:3], start=1):
            found = _YEAR.findall(cell)
            if len(found) == 1:
                years.append(_to_int(found[0]))
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
        while len(years) < 2:
            years.append(None)
        # planrev's own redline adds a 単位 (unit) column after the two years.
        unit_column = len(cells) > 3 and strip_break(cells[3]).strip() == "単位"
        read = 4 if unit_column else 3
        if len(cells) > read and any(cell.strip() for cell in cells[read:]):
            self.warnings.add(
                "kpi-columns",
                Msg(
                    f"KPI の見出しの{read + 1}列目以降は読み取っていません",
                    f"KPI header columns after column {read} are not read",
                ),
                line.number,
            )
        token = _Tok("kpi", line.number, 1, title, years=(years[0], years[1]))
        if marked_cells:
            token.old_years = (old_years[0], old_years[1])
        while self.position < len(self.lines):
            row_line = self.lines[self.position]
            if "\t" not in row_line.text or self.kind_of(row_line.text) != "text":
                break
            self.position += 1
            row = row_line.text.split("\t")
            sides = [_cell_sides(cell) for cell in row]
            old_row = [old for _new, old, _marked in sides]
            row = [new for new, _old, _marked in sides]
            marked_row = any(marked for _new, _old, marked in sides)
            marked_cells = marked_cells or marked_row
            indicator = strip_break(row[0])
            values = [strip_break(cell) or None for cell in row[1:3]]
            values += [None] * (2 - len(values))
            old_values = [strip_break(cell) or None for cell in old_row[1:3]]
            old_values += [None] * (2 - len(old_values))
            old_indicator = strip_break(old_row[0])
            unit = (strip_break(row[3]) or None) if unit_column and len(row) > 3 else None
            if len(row) > read and any(cell.strip() for cell in row[read:]):
                self.warnings.add(
                    "kpi-columns",
                    Msg(
                        f"KPI の行の{read + 1}列目以降は読み取っていません",
                        f"KPI row columns after column {read} are not read",
                    ),
                    row_line.number,
                )
            presence = "both"
            if marked_row and not indicator and old_indicator:
                presence = "old"
            elif marked_row and indicator and not old_indicator:
                presence = "new"
            token.kpi_rows.append(
                _KpiRowSource(
                    indicator or old_indicator,
                    values[0],
                    values[1],
                    row_line.number,
                    unit,
                    (old_indicator, old_values[0], old_values[1]) if marked_row else None,
                    presence,
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

    def _rows(self) -> list[_Row]:
        """Read the rows of a ★意見 table up to the next heading, bullet or other block."""
        rows: list[_Row] = []
        current: _Row | None = None
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

    def _pipe_row(self, rows: list[_Row], current: _Row | None, line: Line) -> _Row | None:
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
            row = _Row([_Frag(line.number, offset + 2, _cell(inner))])
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
        row = _Row([_Frag(line.number, text_column, _cell(text_cell).strip(" "))])
        if labels is None:
            row.frags = [
                _Frag(line.number, text_column, _cell(text_cell + "|" + label_cell).strip(" "))
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
        self, rows: list[_Row], current: _Row | None, blank_since: bool, line: Line, text: str
    ) -> tuple[_Row, bool]:
        indent = len(text) - len(text.lstrip(" \t"))
        frag = _Frag(line.number, indent + 1, text[indent:])
        if current is None or current.closed or blank_since:
            current = _Row([frag])
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


# --------------------------------------------------------------------------------------------
# The union tree: everything the handout shows, old and new


@dataclass(eq=False)
class _Change:
    kind: ChangeKind
    label: str | None
    line: int
    column: int
    offset: int
    """Where the marker is in the shown text (orders changes within a statement)."""
    whole: bool = False
    start: int | None = None
    end: int | None = None
    reason: str | None = None
    owner: _Stmt | _Node | None = None
    opinions: list[_Opinion] = field(default_factory=list)
    id: str = ""


@dataclass(eq=False)
class _Stmt:
    source: _Source
    bullet: bool
    kind: str | None
    new_text: str
    old_text: str | None
    presence: Presence
    changes: list[_Change]
    repost: bool = False
    repost_mark: str = ""
    """The text taken off the end for the re-listing (（再掲） and spaces), put back if unresolved."""
    repost_note: str | None = None
    repost_of: _Stmt | None = None
    repost_source: _Node | None = None
    id: str = ""


@dataclass(eq=False)
class _Kpi:
    title: str
    years: tuple[int | None, int | None]
    rows: list[_KpiRowSource]
    line: int
    id: str = ""
    row_ids: list[str] = field(default_factory=list)
    old_years: tuple[int | None, int | None] | None = None


@dataclass(eq=False)
class _NoteBlock:
    text: str
    line: int
    id: str = ""


@dataclass(eq=False)
class _FootBlock:
    mark: str
    text: str
    line: int
    id: str = ""


_Block = _Stmt | _Kpi | _NoteBlock | _FootBlock


@dataclass(eq=False)
class _Node:
    rank: int
    """0 pillar, 1 field, 2 and deeper sections."""
    title: str
    old_title: str
    presence: Presence
    line: int
    parent: _Node | None
    from_structure: bool
    raw: str = ""
    """The heading as written, markers included."""
    seen: bool = False
    blocks: list[_Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)
    changes: list[_Change] = field(default_factory=list)
    id: str = ""

    def ancestors(self) -> Iterator[_Node]:
        node: _Node | None = self
        while node is not None:
            yield node
            node = node.parent

    def walk(self) -> Iterator[_Node]:
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False)
class _Opinion:
    row: _Row
    scope: _Node | None
    channel: Channel
    text: str
    id: str = ""


@dataclass(eq=False)
class _Run:
    """Body content under one heading, before it is merged into its node."""

    node: _Node | None
    line: int
    blocks: list[tuple[_Block, str]] = field(default_factory=list)
    """Each block with its shape: ``paragraph``, ``bullet``, ``kpi`` or ``other``."""


# --------------------------------------------------------------------------------------------
# Inline redline: markers, closing marks and struck text


@dataclass(frozen=True, slots=True)
class _Piece:
    kind: Literal["text", "strike", "open", "close"]
    text: str
    offset: int
    change_kind: ChangeKind | None = None
    label: str = ""


@dataclass
class _Evaluated:
    new: str
    old: str | None
    presence: Presence
    changes: list[_Change]


def _pieces(text: str) -> list[_Piece]:
    pieces: list[_Piece] = []
    position = 0
    for match in _INLINE.finditer(text):
        if match.start() > position:
            pieces.append(_Piece("text", text[position : match.start()], position))
        if match["struck"] is not None:
            pieces.append(_Piece("strike", match["struck"], match.start()))
        else:
            label = match["kind"] + (match["number"] or "")
            pieces.append(
                _Piece(
                    "close" if match["close"] else "open",
                    match.group(0),
                    match.start(),
                    ChangeKind(match["kind"]),
                    label,
                )
            )
        position = match.end()
    if position < len(text):
        pieces.append(_Piece("text", text[position:], position))
    return pieces


def _merge_repeated(changes: list[_Change]) -> list[_Change]:
    """Merge markers of one label in one statement: one change marked at each changed passage.

    planrev's own redline marks every passage of a change (【修正】~~A~~B【/修正】…【修正】~~C~~D
    【/修正】); the change's span runs from its first passage to its last.
    """
    merged: list[_Change] = []
    for change in changes:
        twin = next(
            (
                kept
                for kept in merged
                if change.label is not None
                and kept.label == change.label
                and kept.kind is change.kind
            ),
            None,
        )
        if twin is None:
            merged.append(change)
            continue
        twin.whole = False
        if change.end is None or (twin.end is not None and change.end > twin.end):
            twin.end = change.end
    return merged


class _Inline:
    """Evaluates the redline of one statement or heading into old text, new text and changes."""

    def __init__(self, importer: _Importer) -> None:
        self.importer = importer

    def evaluate(self, source: _Source, text: str) -> _Evaluated:
        warnings = self.importer.warnings
        pieces = _pieces(text)
        for piece in pieces:
            if piece.kind == "text" and "~~" in piece.text:
                line, column = source.locate(piece.offset + piece.text.index("~~"))
                warnings.add(
                    "strike-unclosed",
                    Msg(
                        "~~ が閉じていません。そのまま本文として取り込みました",
                        "unclosed ~~; kept as text as written",
                    ),
                    line,
                    column,
                    hint=Msg(
                        "取り消し線は ~~削除された文言~~ のように前後を ~~ で囲みます。",
                        "strike text through as ~~deleted text~~.",
                    ),
                )
        closes = self._pair(pieces, source)
        changes: list[_Change] = []
        new: list[str] = []
        old: list[str] = []
        new_length = old_length = 0
        old_unknown = False
        active: _Change | None = None
        mode: Literal["close", "count", "strike", "end", "unknown"] = "end"
        remaining = 0
        struck_inside = False
        unstruck_deleted = False
        first_content = True

        def finish() -> None:
            nonlocal active, old_unknown, struck_inside, unstruck_deleted
            if active is None:
                return
            if mode != "unknown":
                active.end = new_length if active.kind is not ChangeKind.DELETE else old_length
                if active.kind is ChangeKind.MODIFY and not struck_inside and mode != "close":
                    # The replaced text is not shown. (A passage closed by 【/修正】 shows its
                    # whole extent: with nothing struck, it only inserts.)
                    old_unknown = True
            if unstruck_deleted:
                line, column = source.locate(active.offset)
                warnings.add(
                    "delete-unstruck",
                    Msg(
                        f"【{active.label}】は項目の先頭にあるので項目全体を削除としましたが、"
                        "取り消し線のない部分があります",
                        f"【{active.label}】 heads the item, so the whole item is taken as deleted, "
                        "but part of it is not struck through",
                    ),
                    line,
                    column,
                    hint=Msg(
                        "削除された文言全体を ~~ で囲むと、この警告は出ません。",
                        "strike the whole deleted text through (~~…~~) to confirm.",
                    ),
                )
            active, struck_inside, unstruck_deleted = None, False, False

        for index, piece in enumerate(pieces):
            if piece.kind == "open":
                assert piece.change_kind is not None
                line, column = source.locate(piece.offset)
                if active is not None and active.whole:
                    # A second marker inside an item headed by a marker: where the first change
                    # ends is not shown after all.
                    active.whole = False
                    mode = "unknown"
                    old_unknown = True
                    self._unknown(source, active)
                finish()
                change = _Change(piece.change_kind, piece.label, line, column, piece.offset)
                change.start = (
                    new_length if piece.change_kind is not ChangeKind.DELETE else old_length
                )
                changes.append(change)
                active = change
                extent = self.importer.extent_for(piece.label, line)
                following = pieces[index + 1] if index + 1 < len(pieces) else None
                if index in closes:
                    mode = "close"
                elif extent is not None:
                    mode, remaining = "count", extent.size
                    self._check_extent(extent, pieces[index + 1 :], source, piece)
                elif first_content:
                    mode = "end"
                    change.whole = True
                elif (
                    piece.change_kind is ChangeKind.DELETE
                    and following is not None
                    and following.kind == "strike"
                ):
                    mode = "strike"
                else:
                    mode = "unknown"
                    old_unknown = True
                    self._unknown(source, change)
                continue
            if piece.kind == "close":
                if active is not None and mode == "close" and piece.label == active.label:
                    finish()
                    mode = "end"
                continue  # unmatched closes were reported by _pair
            first_content = False
            content = piece.text
            while content:
                if active is not None and mode == "count" and remaining == 0:
                    finish()
                    mode = "end"
                part = content
                if active is not None and mode == "count" and piece.kind == "text":
                    part = content[:remaining]
                    remaining -= len(part)
                content = content[len(part) :]
                if piece.kind == "text":
                    if active is None:
                        new.append(part)
                        old.append(part)
                        new_length += len(part)
                        old_length += len(part)
                    elif active.kind is ChangeKind.DELETE and mode != "unknown":
                        old.append(part)
                        old_length += len(part)
                        if part.strip(" \t\u3000\n"):
                            unstruck_deleted = True
                    else:
                        new.append(part)
                        new_length += len(part)
                else:  # struck text
                    old.append(part)
                    old_length += len(part)
                    if active is None:
                        line, column = source.locate(piece.offset)
                        stray = _Change(ChangeKind.DELETE, None, line, column, piece.offset)
                        stray.start, stray.end = old_length - len(part), old_length
                        changes.append(stray)
                        warnings.add(
                            "strike-unmarked",
                            Msg(
                                "マーカーのない取り消し線です。ラベルなしの削除として記録しました",
                                "struck text without a marker; recorded as an unlabelled deletion",
                            ),
                            line,
                            column,
                            hint=Msg(
                                "取り消し線の前に【削除】を書いてください。",
                                "put 【削除】 before the struck text.",
                            ),
                        )
                    elif active.kind is ChangeKind.ADD:
                        struck_inside = True
                        line, column = source.locate(piece.offset)
                        warnings.add(
                            "strike-in-addition",
                            Msg(
                                f"【{active.label}】(追加)の範囲に取り消し線があります。"
                                "取り消した文言は改訂前の文言として扱いました",
                                f"struck text inside 【{active.label}】 (an addition); taken as "
                                "previous text",
                            ),
                            line,
                            column,
                            hint=Msg(
                                "文言を置き換えたなら【修正】を使ってください。",
                                "use 【修正】 for a replacement.",
                            ),
                        )
                    else:
                        struck_inside = True
                        if mode == "unknown":
                            old_unknown = True
                    if active is not None and mode == "strike":
                        finish()
                        mode = "end"
        if active is not None and mode == "count" and remaining > 0:
            old_unknown = True  # the extent ran past the text: checked and reported already
        finish()
        changes = _merge_repeated(changes)
        new_text, old_text = "".join(new), "".join(old)
        presence: Presence = "both"
        if len(changes) == 1:
            only = changes[0]
            covered = len(old_text) if only.kind is ChangeKind.DELETE else len(new_text)
            if only.start == 0 and only.end == covered:
                only.whole = True
            if only.whole and only.kind is ChangeKind.ADD and not old_text:
                presence = "new"
            elif only.whole and only.kind is ChangeKind.DELETE and not new_text:
                presence = "old"
        return _Evaluated(new_text, None if old_unknown else old_text, presence, changes)

    def _unknown(self, source: _Source, change: _Change) -> None:
        self.importer.warnings.add(
            "extent-unknown",
            Msg(
                f"【{change.label}】が文の途中にあり、変更がどこまで及ぶか本文から分かりません。"
                "範囲は不明(span の end なし)、改訂前の文言は不明(null)としました",
                f"【{change.label}】 is in the middle of a sentence and the text does not show "
                "where the change ends; its span has no end and the previous text is unknown "
                "(null)",
            ),
            change.line,
            change.column,
            hint=Msg(
                f"範囲の終わりに【/{change.label}】を書くか、範囲ファイル(--extents)に"
                f"「{change.label}: 変更された文言」と書いてください。",
                f"mark the end with 【/{change.label}】 in the text, or give "
                f"'{change.label}: <covered text>' in an extents file (--extents).",
            ),
        )

    def _pair(self, pieces: list[_Piece], source: _Source) -> set[int]:
        """Return the indices of markers closed by a 【/…】 mark; report closing marks without one."""
        closed: set[int] = set()
        open_at: dict[str, int] = {}
        for index, piece in enumerate(pieces):
            if piece.kind == "open":
                open_at[piece.label] = index
            elif piece.kind == "close":
                opened = open_at.pop(piece.label, None)
                if opened is None:
                    line, column = source.locate(piece.offset)
                    self.importer.warnings.add(
                        "close-unmatched",
                        Msg(
                            f"{piece.text} に対応する【{piece.label}】がこの項目にありません。無視しました",
                            f"{piece.text} has no 【{piece.label}】 before it in this item; ignored",
                        ),
                        line,
                        column,
                    )
                else:
                    closed.add(opened)
        return closed

    def _check_extent(
        self, extent: Extent, after: list[_Piece], source: _Source, marker: _Piece
    ) -> None:
        shown = ""
        for piece in after:
            if piece.kind == "open":
                break
            if piece.kind == "text":
                shown += piece.text
        covered = shown[: extent.size]
        if len(covered) < extent.size or (extent.text is not None and covered != extent.text):
            line, column = source.locate(marker.offset)
            raise LoadError(
                Msg(
                    f"範囲ファイルの「{extent.label}」が本文と合いません"
                    f"({line}行{column}列のマーカーの後は「{shown[: max(extent.size, 1) + 10]}」)",
                    f"the extent of '{extent.label}' does not match the text (after the marker at "
                    f"line {line}, column {column} comes '{shown[: max(extent.size, 1) + 10]}')",
                ),
                location=extent.location,
                hint=Msg(
                    "text にはマーカーの直後から一字一句同じ文言を、length にはその文字数を書いてください。",
                    "text must repeat the words right after the marker exactly; length counts "
                    "their characters.",
                ),
            )


# --------------------------------------------------------------------------------------------
# The importer


class _Importer:
    def __init__(
        self,
        *,
        text: str,
        path: Path | None,
        extents: Extents | None,
        meeting: int | None,
        title: str | None,
        old_meeting: int | None,
    ) -> None:
        self.path = path
        self.lines = split_lines(text)
        self.warnings = Findings(path)
        self.extents = extents or Extents()
        self.used_extents: set[int] = set()
        self.meeting = meeting
        self.title = title
        self.old_meeting = old_meeting
        self.roots: list[_Node] = []
        self.plan_blocks: list[_Block] = []
        self.opinions: list[_Opinion] = []
        self.inline = _Inline(self)
        self.statements: list[_Stmt] = []

    # -- extents ------------------------------------------------------------------------------

    def extent_for(self, label: str, line: int) -> Extent | None:
        entries = self.extents.for_label(label)
        if not entries:
            return None
        exact = [e for e in entries if e.line == line]
        chosen = exact[0] if exact else None
        if chosen is None:
            unlined = [e for e in entries if e.line is None]
            if not unlined:
                return None
            if self._label_count(label) > 1:
                raise LoadError(
                    Msg(
                        f"「{label}」は本文に2か所以上あるため、範囲ファイルでは line でマーカーの行を"
                        "指定してください",
                        f"'{label}' appears more than once in the text; give the marker's line "
                        "in the extents file",
                    ),
                    location=unlined[0].location,
                    hint=Msg(
                        f"例: {label}: {{line: {line}, text: 変更された文言}}",
                        f"e.g. {label}: {{line: {line}, text: <covered text>}}",
                    ),
                )
            chosen = unlined[0]
        self.used_extents.add(id(chosen))
        return chosen

    def _label_count(self, label: str) -> int:
        count = 0
        for line in self.lines:
            for match in MARKER.finditer(line.text):
                if not match["close"] and match["kind"] + (match["number"] or "") == label:
                    count += 1
        return count

    # -- the whole run ------------------------------------------------------------------------

    def run(self) -> MarkedImport:
        lexer = _Lexer(self.lines, self.warnings)
        tokens = [t for t in lexer.tokens() if t.kind != "header"]
        if not any(t.kind != "blank" for t in tokens) and not lexer.headers:
            raise self.warnings.error(
                1,
                1,
                Msg("取り込む内容がありません(空のファイルです)", "there is nothing to import"),
                Msg(
                    "見え消し版の資料をテキストまたは Markdown にしたものを指定してください。",
                    "pass a marked-up handout converted to text or Markdown.",
                ),
            )
        meta = self._meta(lexer.headers)
        structure_end = self._structure(tokens)
        self._body(tokens[structure_end:], structure=structure_end > 0)
        self._resolve_reposts()
        self._assign_kinds()
        self._mark_omitted()
        ids = IdMaker()
        self._assign_ids(ids)
        changes = self._link_opinions()
        scopes = [opinion.scope for opinion in self.opinions if opinion.scope is not None]
        if scopes and all(scope.rank >= 2 for scope in scopes):
            meta = meta.model_copy(update={"scope_level": "section"})
        new = self._plan("new", meta)
        old_meta = meta.model_copy(
            update={"meeting": self._old_meeting(meta), "date": None, "stage": ""}
        )
        old = self._plan("old", old_meta)
        assert meta.meeting is not None
        assert old_meta.meeting is not None
        revision = Revision(old=old_meta.meeting, new=meta.meeting, changes=changes)
        opinions = OpinionSet(meeting=meta.meeting, opinions=self._opinion_models())
        for entry in self.extents.entries:
            if id(entry) not in self.used_extents:
                self.warnings.add_at(
                    "extent-unused",
                    Msg(
                        f"範囲ファイルの「{entry.label}」に当たるマーカーが本文にありません",
                        f"no marker in the text matches '{entry.label}' of the extents file",
                    ),
                    entry.location,
                )
        return MarkedImport(new, old, revision, opinions, self.warnings.sorted())

    # -- metadata -----------------------------------------------------------------------------

    def _meta(self, headers: list[tuple[int, str, re.Match[str]]]) -> PlanMeta:
        first = next(((n, t, m) for n, t, m in headers if "meeting" in m.groupdict()), None)
        second = next(((n, t, m) for n, t, m in headers if "body" in m.groupdict()), None)
        for number, text, _ in headers:
            reference = first if first and _FIRST_HEADER.match(text) else second
            if reference is not None and text != reference[1]:
                self.warnings.add(
                    "header-differs",
                    Msg(
                        f"見出し行が{reference[0]}行目と異なります。最初の行を使い、この行は本文に入れていません",
                        f"this header line differs from line {reference[0]}; the first one is "
                        "used and this one is not taken as text",
                    ),
                    number,
                )
        name = title = None
        provisional = False
        committee = ""
        meeting: int | None = None
        date = None
        stage = ""
        excerpt = False
        if first is not None:
            number, _, match = first
            name = match["name"]
            meeting = _to_int(match["meeting"])
            committee = match["committee"]
            date_text = match["date"].strip(" \t\u3000")
            if date_text:
                try:
                    date = parse_date(date_text)
                except EraDateError as exc:
                    self.warnings.add(
                        "date",
                        Msg(
                            f"日付「{date_text}」を読めません({exc.message.ja})",
                            f"cannot read the date '{date_text}' ({exc.message.en})",
                        ),
                        number,
                    )
        if second is not None:
            _, _, match = second
            body = match["body"]
            excerpt = match["excerpt"] is not None
            if name is not None and body.startswith(name):
                stage = body[len(name) :]
            else:
                found = _STAGE.search(body)
                stage = found.group(0) if found else ""
                if name is None:
                    name = body[: found.start()] if found else body
        if name is not None:
            provisional = bool(_PROVISIONAL.match(name))
            title = _PROVISIONAL.sub("", name, count=1)
        if self.meeting is not None:
            meeting = self.meeting
        if meeting is None:
            raise self.warnings.error(
                1,
                1,
                Msg(
                    "第何回の資料か分かりません(「R5.7.26第3回「…」策定委員会」のような行がありません)",
                    "the meeting number is unknown (no line such as 'R5.7.26第3回「…」策定委員会')",
                ),
                Msg(
                    "--meeting 3 のように回の番号を指定してください。",
                    "give the meeting number, e.g. --meeting 3.",
                ),
            )
        if self.title is not None:
            title = self.title
        if title is None:
            title = self.path.stem if self.path is not None else "計画"
            self.warnings.add(
                "title",
                Msg(
                    f"計画の名称が資料から分からないため「{title}」としました",
                    f"the plan's name is not in the handout; '{title}' is used",
                ),
                1,
                hint=Msg("--title で名称を指定できます。", "give the name with --title."),
            )
        return PlanMeta(
            title=title,
            provisional=provisional,
            stage=stage,
            committee=committee,
            meeting=meeting,
            date=date,
            excerpt=excerpt,
        )

    def _old_meeting(self, meta: PlanMeta) -> int:
        assert meta.meeting is not None
        old = self.old_meeting if self.old_meeting is not None else meta.meeting - 1
        if old >= meta.meeting or old < 0:
            raise self.warnings.error(
                1,
                1,
                Msg(
                    f"改訂前の回({old})は第{meta.meeting}回より前でなければなりません",
                    f"the previous meeting ({old}) must come before meeting {meta.meeting}",
                ),
                Msg("--old-meeting を確認してください。", "check --old-meeting."),
            )
        return old

    # -- titles -------------------------------------------------------------------------------

    def _title(self, token: _Tok) -> tuple[str, str, Presence, list[_Change]]:
        """Return a heading's new title, old title, presence and changes."""
        source = _Source([_Frag(token.line, token.column, token.text)])
        result = self.inline.evaluate(source, token.text)
        old = result.old
        if result.presence != "new" and old is None:
            self.warnings.add(
                "title-unknown",
                Msg(
                    "見出しの改訂前の文言が分からないため、改訂前の草案にも新しい見出しを入れました",
                    "the previous wording of this heading is not shown; the new one is used in the "
                    "previous draft too",
                ),
                token.line,
                token.column,
                hint=Msg(
                    "改訂前の見出しを ~~旧見出し~~ のように書いてください。",
                    "show the previous heading struck through (~~old~~).",
                ),
            )
            old = result.new
        new = result.new if result.presence != "old" else (old or "")
        return new, old if old is not None else new, result.presence, result.changes

    def _node(self, token: _Tok, rank: int, parent: _Node | None, *, from_structure: bool) -> _Node:
        new, old, presence, changes = self._title(token)
        node = _Node(rank, new, old, presence, token.line, parent, from_structure, raw=token.text)
        for change in changes:
            change.owner = node
        node.changes = changes
        (parent.children if parent is not None else self.roots).append(node)
        return node

    def _implicit(self, rank: int, parent: _Node | None, line: int) -> _Node:
        node = _Node(rank, "", "", "both", line, parent, from_structure=False)
        (parent.children if parent is not None else self.roots).append(node)
        what = {0: ("柱", "pillar"), 1: ("分野", "field")}.get(rank, ("施策", "section"))
        self.warnings.add(
            "level-skipped",
            Msg(
                f"見出しの階層が飛んでいるため、題名のない{what[0]}を補いました",
                f"a heading level is skipped; an untitled {what[1]} was added to hold it",
            ),
            line,
        )
        return node

    # -- the structure page ------------------------------------------------------------------

    def _structure(self, tokens: list[_Tok]) -> int:
        """Read a leading structure page (体系) and return where the body starts (0: none)."""
        titles: set[str] = set()
        end = None
        for index, token in enumerate(tokens):
            if token.kind == "heading":
                clean = _plain_title(token.text)
                if clean in titles:
                    end = index
                    break
                titles.add(clean)
            elif token.kind == "text":
                if len(token.text) > _ITEM_LENGTH or strip_break(token.text).endswith("。"):
                    return 0  # a sentence: body text, not a list of titles
                titles.add(_plain_title(token.text))
            elif token.kind not in {"blank", "note"}:
                return 0
        if end is None or not any(t.kind == "heading" for t in tokens[:end]):
            return 0
        region = tokens[:end]
        levels: list[int] = []
        for token in region:
            if token.kind == "heading" and token.level not in levels:
                levels.append(token.level)
        current: _Node | None = None
        pillar_waiting = False  # a pillar heading with nothing under it yet
        for token in region:
            if token.kind == "note":
                self.plan_blocks.append(_NoteBlock(token.text, token.line))
            elif token.kind == "heading":
                if len(levels) > 1:
                    rank = levels.index(token.level)
                    parent = current
                    while parent is not None and parent.rank >= rank:
                        parent = parent.parent
                    if parent is None:
                        rank = 0
                    elif parent.rank < rank - 1:
                        rank = parent.rank + 1
                    current = self._node(token, rank, parent, from_structure=True)
                elif pillar_waiting and current is not None:
                    current = self._node(token, 1, current, from_structure=True)
                    pillar_waiting = False
                else:
                    current = self._node(token, 0, None, from_structure=True)
                    pillar_waiting = True
            elif token.kind == "text":
                pillar_waiting = False
                rank = current.rank + 1 if current is not None else 0
                self._node(token, rank, current, from_structure=True)
        return end

    # -- the body -----------------------------------------------------------------------------

    def _find(self, title: str, context: _Node | None, line: int) -> _Node | None:
        matches = [
            node
            for root in self.roots
            for node in root.walk()
            if (node.from_structure or node.seen) and _plain_title(node.title) == title
        ]
        if not matches:
            return None
        if len(matches) > 1:
            near = [
                node
                for node in matches
                if context is not None and any(a in context.ancestors() for a in node.ancestors())
            ]
            self.warnings.add(
                "heading-ambiguous",
                Msg(
                    f"見出し「{title}」は体系に{len(matches)}か所あります。"
                    + ("今の分野の中のものとしました" if near else "最初のものとしました"),
                    f"the heading '{title}' is in the structure {len(matches)} times; "
                    + ("the one in the current part is used" if near else "the first is used"),
                ),
                line,
            )
            return near[0] if near else matches[0]
        return matches[0]

    def _body(self, tokens: list[_Tok], *, structure: bool) -> None:
        levels: list[int] = []
        if not structure:
            for token in tokens:
                if token.kind == "heading" and token.level not in levels:
                    levels.append(token.level)
        runs: list[_Run] = [_Run(None, 1)]
        current: _Node | None = None
        current_level = 0
        explicit_kind: str | None = None
        tables: list[tuple[_Tok, _Node | None]] = []
        index = 0
        while index < len(tokens):
            token = tokens[index]
            index += 1
            run = runs[-1]
            if token.kind == "blank":
                continue
            if token.kind == "heading":
                explicit_kind = None
                clean = _plain_title(token.text)
                found = self._find(clean, current, token.line) if structure else None
                if found is not None:
                    found.seen = True
                    current, current_level = found, token.level
                    if token.text.strip(" \t\u3000") != found.raw.strip(" \t\u3000"):
                        self.warnings.add(
                            "heading-marker-differs",
                            Msg(
                                "この見出しのマーカー・取り消し線が体系のページと異なります。"
                                "体系のページの方を読み取りました",
                                "this heading's markers or struck text differ from the structure "
                                "page's; the structure page's were read",
                            ),
                            token.line,
                            token.column,
                        )
                elif structure:
                    current = self._unlisted(token, current, current_level)
                    current_level = token.level
                else:
                    rank = levels.index(token.level)
                    parent = current
                    while parent is not None and parent.rank >= rank:
                        parent = parent.parent
                    expected = parent.rank + 1 if parent is not None else 0
                    while expected < rank:
                        parent = self._implicit(expected, parent, token.line)
                        expected += 1
                    siblings = parent.children if parent is not None else self.roots
                    repeated = next(
                        (
                            node
                            for node in siblings
                            if node.title and node.raw == token.text and node.rank == rank
                        ),
                        None,
                    )
                    if repeated is not None:
                        current = repeated  # a page heading repeated on the next page
                    else:
                        current = self._node(token, rank, parent, from_structure=False)
                        current.seen = True
                    current_level = token.level
                runs.append(_Run(current, token.line))
                continue
            if token.kind == "kind":
                explicit_kind = (
                    "vision"
                    if "姿" in token.text
                    else "text"
                    if "本文" in token.text
                    else "initiative"
                )
                continue
            if token.kind == "opinions":
                assert token.table is not None
                tables.append((token, current))
                continue
            if token.kind == "kpi":
                run.blocks.append(
                    (
                        _Kpi(
                            token.text,
                            token.years,
                            token.kpi_rows,
                            token.line,
                            old_years=token.old_years,
                        ),
                        "kpi",
                    )
                )
                continue
            if token.kind == "note":
                note = _NoteBlock(token.text, token.line)
                if current is None:
                    self.plan_blocks.append(note)
                else:
                    run.blocks.append((note, "other"))
                continue
            if token.kind == "footnote":
                frags = [_Frag(token.line, token.column, token.text)]
                while index < len(tokens) and tokens[index].kind == "text":
                    frags.append(
                        _Frag(tokens[index].line, tokens[index].column, tokens[index].text)
                    )
                    index += 1
                run.blocks.append(
                    (
                        _FootBlock(token.mark, "\n".join(f.text for f in frags), token.line),
                        "other",
                    )
                )
                continue
            # bullet or paragraph, with its continuation lines
            frags = [_Frag(token.line, token.column, token.text)]
            while index < len(tokens) and tokens[index].kind == "text":
                frags.append(_Frag(tokens[index].line, tokens[index].column, tokens[index].text))
                index += 1
            bullet = token.kind == "bullet"
            if bullet and token.indented:
                self.warnings.add(
                    "nested-list",
                    Msg(
                        "字下げされた箇条書きは1段の箇条書きとして取り込みました",
                        "an indented bullet was taken as a bullet of the outer list",
                    ),
                    token.line,
                )
            statement = self._statement(_Source(frags), bullet, explicit_kind)
            if statement is not None:
                run.blocks.append((statement, "bullet" if bullet else "paragraph"))
        self._columns(runs)
        for run in runs:
            target = run.node.blocks if run.node is not None else self.plan_blocks
            target.extend(block for block, _ in run.blocks)
        for token, scope in tables:
            assert token.table is not None
            for row in token.table.rows:
                text = "\n".join(frag.text for frag in row.frags)
                self.opinions.append(_Opinion(row, scope, token.table.channel, text))

    def _unlisted(self, token: _Tok, current: _Node | None, current_level: int) -> _Node:
        """Place a body heading that the structure page does not list."""
        if current is None:
            parent, rank = None, 0
        elif token.level > current_level:
            parent, rank = current, current.rank + 1
        else:
            parent, rank = current.parent, current.rank
        node = self._node(token, rank, parent, from_structure=False)
        node.seen = True
        self.warnings.add(
            "heading-unlisted",
            Msg(
                f"見出し「{node.title}」は体系のページにありません。"
                + (f"「{parent.title}」の中に加えました" if parent else "柱として加えました"),
                f"the heading '{node.title}' is not on the structure page; "
                + (f"added under '{parent.title}'" if parent else "added as a pillar"),
            ),
            token.line,
            token.column,
        )
        return node

    def _columns(self, runs: list[_Run]) -> None:
        """Undo a two-column slide's reading order.

        A PDF of a slide with two sections side by side reads as: heading 1, its paragraph,
        heading 2, its paragraph, then the bullets and KPI table of the first section, then those
        of the second. When k consecutive section headings hold only paragraphs except the last,
        and the last continues with exactly k groups each closed by a KPI table, the groups are
        given to the sections in order (with a warning, so the result is checked).
        """
        index = 0
        while index < len(runs):
            start = index
            while (
                index < len(runs)
                and runs[index].node is not None
                and runs[index].blocks
                and all(shape == "paragraph" for _, shape in runs[index].blocks)
            ):
                index += 1
            heads = runs[start:index]
            if len(heads) >= 1 and index < len(runs) and runs[index].node is not None:
                last = runs[index]
                leading = 0
                while leading < len(last.blocks) and last.blocks[leading][1] == "paragraph":
                    leading += 1
                groups: list[list[tuple[_Block, str]]] = []
                group: list[tuple[_Block, str]] = []
                for block in last.blocks[leading:]:
                    group.append(block)
                    if block[1] == "kpi":
                        groups.append(group)
                        group = []
                parents = {id(run.node.parent) for run in [*heads, last] if run.node is not None}
                if (
                    leading >= 1
                    and not group
                    and len(groups) == len(heads) + 1
                    and len(parents) == 1
                    and all(len(g) >= 2 for g in groups)
                ):
                    for run, moved in zip(heads, groups, strict=False):
                        run.blocks.extend(moved)
                    last.blocks = last.blocks[:leading] + groups[-1]
                    first_block = groups[0][0][0]
                    line = first_block.source.line if isinstance(first_block, _Stmt) else last.line
                    titles = "、".join(
                        f"「{run.node.title}」" for run in [*heads, last] if run.node is not None
                    )
                    self.warnings.add(
                        "columns",
                        Msg(
                            f"{titles}の見出しと本文の後に、取組とKPIのまとまりが{len(groups)}つ続いています。"
                            "2段組の資料の読み取り順とみて、順に各施策に割り当てました",
                            f"the headings and paragraphs of {len(groups)} sections are followed "
                            f"by {len(groups)} groups of items each closed by a KPI table; read as "
                            "a slide with sections side by side, the groups were given to the "
                            "sections in order",
                        ),
                        line,
                        hint=Msg(
                            "各施策の取組とKPIをその見出しの下に並べ替えると、この警告は出ません。",
                            "move each section's items and KPI table under its heading to confirm.",
                        ),
                    )
                index += 1
                continue
            index = max(index, start + 1)

    # -- statements ---------------------------------------------------------------------------

    def _statement(self, source: _Source, bullet: bool, kind: str | None) -> _Stmt | None:
        text = source.text
        if not text.strip(" \t\u3000\n"):
            self.warnings.add(
                "empty-item",
                Msg("空の箇条書きを読み飛ばしました", "an empty bullet was skipped"),
                source.line,
            )
            return None
        marked = bool(_INLINE.search(text))
        tail = _REPOST_TAIL.search(text)
        body, mark, note = text, "", None
        # A changed statement gives its trailing （再掲）※… to the change as its reason; an
        # unchanged one gives up only a bare trailing （再掲）, a ※ note stays its text.
        if (
            tail is not None
            and (tail["repost"] or tail["note"] is not None)
            and (marked or tail["note"] is None)
        ):
            body = text[: tail.start()]
            note = tail["note"]
            mark = (
                text[tail.start() : tail.start("note") - 1]
                if note is not None
                else text[tail.start() :]
            )
        if not body.strip(" \t\u3000\n"):
            body, mark, note = text, "", None
        result = self.inline.evaluate(source, body)
        statement = _Stmt(
            source, bullet, kind, result.new, result.old, result.presence, result.changes
        )
        statement.repost = bool(tail is not None and tail["repost"] and body != text)
        statement.repost_mark = mark
        statement.repost_note = note
        for change in result.changes:
            change.owner = statement
            if note is not None and note.strip(" \t\u3000"):
                change.reason = note.strip(" \t\u3000")
        self.statements.append(statement)
        return statement

    def _resolve_reposts(self) -> None:
        by_text: dict[str, _Stmt] = {}
        for statement in self.statements:
            if not statement.repost:
                for text in (statement.new_text, statement.old_text):
                    if text:
                        by_text.setdefault(text, statement)
        titles = [node for root in self.roots for node in root.walk() if node.title]
        for statement in self.statements:
            if not statement.repost:
                continue
            key = statement.new_text if statement.presence != "old" else statement.old_text
            original = by_text.get(key or "")
            if original is not None and original is not statement:
                statement.repost_of = original
                continue
            note = statement.repost_note or ""
            mentioned = [
                (note.find(_plain_title(node.title)), -len(node.title), position, node)
                for position, node in enumerate(titles)
                if _plain_title(node.title) and _plain_title(node.title) in note
            ]
            if mentioned:
                statement.repost_source = min(mentioned, key=lambda m: m[:3])[3]
                continue
            self.warnings.add(
                "repost-unresolved",
                Msg(
                    "（再掲）の元の記述が見つからないため、再掲の印を本文に残しました",
                    "the original of this re-listing (再掲) is not found; the mark is kept in the "
                    "text",
                ),
                statement.source.line,
                hint=Msg(
                    "元の記述と同じ文言にするか、※の注記に元の施策の名前を書いてください。",
                    "repeat the original's words exactly, or name its section in the ※ note.",
                ),
            )
            statement.repost = False
            if statement.presence != "old":
                statement.new_text += statement.repost_mark
            if statement.old_text is not None:
                statement.old_text += statement.repost_mark

    # -- kinds and omitted flags ------------------------------------------------------------

    def _assign_kinds(self) -> None:
        for root in self.roots:
            for node in root.walk():
                has_children = bool(node.children)
                for block in node.blocks:
                    if isinstance(block, _Stmt) and block.kind is None:
                        if has_children or not block.bullet:
                            block.kind = "vision"
                        else:
                            block.kind = "initiative"
        for block in self.plan_blocks:
            if isinstance(block, _Stmt) and block.kind is None:
                block.kind = "text"

    def _mark_omitted(self) -> None:
        def omitted(node: _Node) -> bool:
            return (
                node.from_structure
                and not node.seen
                and not node.blocks
                and all(omitted(child) for child in node.children)
            )

        self.omitted = {id(node) for root in self.roots for node in root.walk() if omitted(node)}

    # -- ids ----------------------------------------------------------------------------------

    def _assign_ids(self, ids: IdMaker) -> None:
        prefixes = {0: "p", 1: "f"}

        def blocks(owner: str, items: list[_Block]) -> None:
            for block in items:
                if isinstance(block, _Stmt):
                    key = block.new_text if block.presence != "old" else block.old_text or ""
                    block.id = ids.make("st", key)
                elif isinstance(block, _Kpi):
                    block.id = ids.exact(f"{owner}-kpi" if owner else "kpi")
                    block.row_ids = [ids.make("kr", row.indicator) for row in block.rows]
                elif isinstance(block, _NoteBlock):
                    block.id = ids.make("n", block.text)
                else:
                    block.id = ids.make("fn", block.mark + "\x1f" + block.text)

        blocks("", self.plan_blocks)
        for root in self.roots:
            for node in root.walk():
                node.id = ids.make(prefixes.get(node.rank, "s"), _plain_title(node.title))
                blocks(node.id, node.blocks)
        for opinion in self.opinions:
            opinion.id = ids.make("op", opinion.text)
        for change in self._changes_in_order():
            owner = change.owner
            assert owner is not None
            change.id = ids.exact(f"ch-{owner.id}")

    def _changes_in_order(self) -> list[_Change]:
        found: list[_Change] = []

        def of_blocks(items: list[_Block]) -> None:
            for block in items:
                if isinstance(block, _Stmt):
                    found.extend(sorted(block.changes, key=lambda c: c.offset))

        of_blocks(self.plan_blocks)
        for root in self.roots:
            for node in root.walk():
                found.extend(node.changes)
                of_blocks(node.blocks)
        return found

    # -- opinions and their links -----------------------------------------------------------

    def _link_opinions(self) -> tuple[ChangeRecord, ...]:
        changes = self._changes_in_order()
        for opinion in self.opinions:
            scope = opinion.scope
            for label, line, column in opinion.row.labels:
                within = [
                    c
                    for c in changes
                    if c.label == label and (scope is None or self._within(c, scope))
                ]
                if not within:
                    anywhere = [c for c in changes if c.label == label]
                    if len(anywhere) == 1:
                        within = anywhere
                        self.warnings.add(
                            "label-outside-scope",
                            Msg(
                                f"ラベル「{label}」のマーカーはこの意見の表の範囲の外にあります。"
                                "そのマーカーに結び付けました",
                                f"the marker of label '{label}' lies outside this opinion "
                                "table's part of the plan; linked to it",
                            ),
                            line,
                            column,
                        )
                    else:
                        self.warnings.add(
                            "label-unknown",
                            Msg(
                                f"ラベル「{label}」に当たるマーカー【{label}】が見つかりません。"
                                "意見は変更に結び付けていません",
                                f"no marker 【{label}】 matches label '{label}'; the opinion is "
                                "not linked to a change",
                            ),
                            line,
                            column,
                        )
                        continue
                if len(within) > 1:
                    self.warnings.add(
                        "label-repeated",
                        Msg(
                            f"ラベル「{label}」のマーカーが{len(within)}か所あります。すべてに結び付けました",
                            f"label '{label}' is used by {len(within)} markers; linked to all",
                        ),
                        line,
                        column,
                        hint=Msg(
                            "同じ範囲に同じ種類の変更が複数あるときは 追加①、追加② のように番号を付けます。",
                            "number several changes of one kind in one part: 追加①, 追加②.",
                        ),
                    )
                for change in within:
                    if opinion not in change.opinions:
                        change.opinions.append(opinion)
        records = []
        for change in changes:
            owner = change.owner
            assert owner is not None
            span = None
            if not change.whole and change.start is not None and isinstance(owner, _Stmt):
                text = owner.old_text if change.kind is ChangeKind.DELETE else owner.new_text
                if text is not None:
                    span = Span(start=change.start, end=change.end)
            records.append(
                ChangeRecord(
                    id=change.id,
                    kind=change.kind,
                    target=owner.id,
                    label=change.label,
                    opinions=tuple(o.id for o in change.opinions),
                    reason=change.reason or None,
                    span=span,
                )
            )
        return tuple(records)

    def _within(self, change: _Change, scope: _Node) -> bool:
        owner = change.owner
        if isinstance(owner, _Node):
            return scope in owner.ancestors()
        return any(any(block is owner for block in node.blocks) for node in scope.walk())

    def _opinion_models(self) -> tuple[Opinion, ...]:
        order = {id(node): n for n, node in enumerate(n for r in self.roots for n in r.walk())}
        ranked = sorted(
            enumerate(self.opinions),
            key=lambda item: (
                order.get(id(item[1].scope), -1) if item[1].scope is not None else -1,
                item[0],
            ),
        )
        result = []
        for _, opinion in ranked:
            scope = opinion.scope
            while scope is not None and scope.presence == "old":
                scope = scope.parent
            result.append(
                Opinion(
                    id=opinion.id,
                    text=opinion.text,
                    channel=opinion.channel,
                    scope=scope.id if scope is not None else None,
                    disposition=Disposition.REFLECTED
                    if opinion.row.labels
                    else Disposition.UNDECIDED,
                )
            )
        return tuple(result)

    # -- building the drafts -----------------------------------------------------------------

    def _plan(self, side: Side, meta: PlanMeta) -> Plan:
        present_ids = self._present_ids(side)
        plan_blocks = self._blocks(self.plan_blocks, side, present_ids)
        pillars = [
            self._structural(node, side, present_ids)
            for node in self.roots
            if node.presence in ("both", side)
        ]
        return Plan(meta=meta, blocks=tuple(plan_blocks), pillars=tuple(pillars))  # type: ignore[arg-type]

    def _present_ids(self, side: Side) -> dict[int, str]:
        """Return the ids of statements and nodes present on ``side``, by object identity."""
        present: dict[int, str] = {}

        def visit(node: _Node) -> None:
            if node.presence not in ("both", side):
                return
            present[id(node)] = node.id
            for block in node.blocks:
                if isinstance(block, _Stmt) and block.presence in ("both", side):
                    present[id(block)] = block.id
            for child in node.children:
                visit(child)

        for block in self.plan_blocks:
            if isinstance(block, _Stmt) and block.presence in ("both", side):
                present[id(block)] = block.id
        for root in self.roots:
            visit(root)
        return present

    def _structural(
        self, node: _Node, side: Side, present: dict[int, str]
    ) -> Pillar | Field | Section:
        children = [
            self._structural(child, side, present)
            for child in node.children
            if child.presence in ("both", side)
        ]
        blocks = tuple(self._blocks(node.blocks, side, present))
        title = node.title if side == "new" else node.old_title
        omitted = id(node) in self.omitted
        if node.rank == 0:
            return Pillar(
                id=node.id,
                title=title,
                omitted=omitted,
                blocks=blocks,
                fields=tuple(children),  # type: ignore[arg-type]
            )
        if node.rank == 1:
            return Field(
                id=node.id,
                title=title,
                omitted=omitted,
                blocks=blocks,
                sections=tuple(children),  # type: ignore[arg-type]
            )
        return Section(
            id=node.id,
            title=title,
            omitted=omitted,
            blocks=blocks,
            sections=tuple(children),  # type: ignore[arg-type]
        )

    def _blocks(self, items: list[_Block], side: Side, present: dict[int, str]) -> list[Block]:
        result: list[Block] = []
        for block in items:
            if isinstance(block, _Stmt):
                if block.presence not in ("both", side):
                    continue
                text = block.new_text if side == "new" else block.old_text
                repost = None
                if block.repost:
                    original = block.repost_of
                    if original is not None and id(original) in present:
                        repost = Repost(of=original.id)
                    else:
                        source = block.repost_source
                        if source is None and original is not None:
                            source = self._container(original)
                        if source is not None and id(source) in present:
                            repost = Repost(source=source.id)
                result.append(
                    Statement(
                        kind=_statement_kind(block.kind),
                        id=block.id,
                        text=text,
                        bullet=block.bullet,
                        repost=repost,
                    )
                )
            elif isinstance(block, _Kpi):
                result.append(
                    KpiTable(
                        kind="kpi",
                        id=block.id,
                        title=block.title,
                        baseline_year=_years(block, side)[0],
                        target_year=_years(block, side)[1],
                        rows=tuple(
                            _kpi_row(row_id, row, side)
                            for row_id, row in zip(block.row_ids, block.rows, strict=True)
                            if row.presence in ("both", side)
                        ),
                    )
                )
            elif isinstance(block, _NoteBlock):
                # An editorial note carries no edit marker: like any unmarked text it is taken
                # to stand in the draft before the changes too (it is not plan text, and its
                # appearance is not a change anyone must explain).
                result.append(Note(kind="note", id=block.id, text=block.text))
            else:
                result.append(
                    Footnote(kind="footnote", id=block.id, mark=block.mark, text=block.text)
                )
        return result

    def _container(self, statement: _Stmt) -> _Node | None:
        for root in self.roots:
            for node in root.walk():
                if any(block is statement for block in node.blocks):
                    return node
        return None


def _statement_kind(kind: str | None) -> Literal["vision", "initiative", "text"]:
    if kind == "vision":
        return "vision"
    if kind == "initiative":
        return "initiative"
    return "text"


def _plain_title(title: str) -> str:
    """Return a title without markers, struck text and surrounding spaces (for matching)."""
    without = re.sub(r"~~.+?~~", "", MARKER.sub("", title))
    return without.strip(" \t\u3000")


# --------------------------------------------------------------------------------------------
# Public entry points


def import_marked(
    text: str,
    *,
    path: Path | None = None,
    extents: Extents | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
) -> MarkedImport:
    """Import a marked-up handout from ``text`` (``path`` is used in messages only).

    ``extents`` states where changes end that the text does not show; ``meeting`` and ``title``
    override what the handout's header lines say (and are needed when it has none);
    ``old_meeting`` is the previous draft's meeting (by default the one before). Raises
    :class:`planrev.errors.LoadError` for input that cannot be imported at all (nothing in it,
    no meeting number, an extent that does not match); everything else is a warning.
    """
    return _Importer(
        text=text, path=path, extents=extents, meeting=meeting, title=title, old_meeting=old_meeting
    ).run()


def read_marked(
    path: Path | str,
    *,
    extents: Path | str | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
) -> MarkedImport:
    """Read and import the marked-up handout at ``path`` (UTF-8 text or Markdown)."""
    path = Path(path)
    text = read_text(path)
    side = load_extents(extents) if extents is not None else None
    return import_marked(
        text, path=path, extents=side, meeting=meeting, title=title, old_meeting=old_meeting
    )
