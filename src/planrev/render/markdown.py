"""Markdown handouts: the redline and clean copy in the seed's text conventions, and the tables.

The redline (見え消し版) is written as the R5.7.26 material reads once converted to text, so that
the importer can read it back:

- the two header lines (the first ends in two spaces, a Markdown line break);
- headings: ``#`` pillar, ``##`` field, ``###`` section, ``####`` and deeper for sub-sections;
  every part of the draft has its heading, also the parts outside an excerpt (a heading with
  nothing under it);
- statements: ``- ・text`` for a bullet, a paragraph otherwise; editorial notes as ``【text】``;
- a whole added statement ``- ・【追加①】text``; a whole deleted one ``- ・【削除】~~text~~`` followed
  by its notes (``（再掲）※reason``, ``※移動``);
- a moved part where it stood, struck like a whole deletion (its marker only where it has one of its
  own: a heading, a KPI row) with the note of where it went: ``- ・~~text~~（第1章第2節（1）へ移動）``;
- a partial change wraps each changed span: ``【修正】~~deleted~~inserted【/修正】`` (``【/label】`` closes
  the marker's extent; the marker is repeated for each span of the same change);
- a change whose extent the sources do not show keeps its marker alone: ``…に【追加②】人的資源…``;
- KPI tables: ``KPI<TAB>2023<TAB>2028`` then one line per indicator,
  ``indicator<TAB>baseline<TAB>target`` (a fourth column ``単位`` when the table has units);
- opinion boxes: the line ``★意見(事務局が聞き取りしたもの)``, a blank line, then
  ``opinion<TAB>label`` per opinion (labels joined by ``、``; nothing after the tab when the opinion
  changed no text).

Escaping: a backslash before a character stands for that character itself. User text has a
backslash put before ``\\ ~ * _ ` | [ ] < > # &``, before ``【`` and ``※`` (markers and notes),
before ``（再掲）``, before a tab or a line break inside the text, before a space at the start or
end of a line, and before ``-``, ``+``, ``=`` or ``・`` at the start of a line (or the ``.``/``)``
after leading digits), so no user text can pass for a marker, a note, a strike or Markdown
syntax. Control characters are never written raw (an ESC would act on the terminal that shows
the file): a C0 control or a carriage return is shown as its control picture (ESC as ␛, NUL as
␀) and DEL as ␡, with a backslash before a control picture the user typed; a C1 control or a
non-character is written ``\\uXXXX``. :func:`unescape` undoes all of it; :func:`split_cells`
splits a line at its unescaped tabs.

The 新旧対照表 and 意見対応表 are written as CommonMark pipe tables for reading (changed passages
as ``<u>…</u>``); they are not meant to be read back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from planrev.render.printable import picture as _picture
from planrev.views import (
    BlockView,
    ComparisonTable,
    CumulativeResponses,
    HandoutView,
    KpiView,
    LineView,
    NodeView,
    OpinionBox,
    OpinionView,
    Piece,
    ResponsesView,
)

__all__ = [
    "MarkedSpan",
    "comparison_table_markdown",
    "cumulative_responses_markdown",
    "escape",
    "handout_markdown",
    "parse_marked",
    "project",
    "responses_markdown",
    "split_cells",
    "unescape",
]

_ALWAYS = frozenset("\\~*_`|[]<>#&【※\t")
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
"""What is never written raw: controls but tab and line feed, and the Unicode non-characters."""
_PICTURES = {chr(0x2400 + code): chr(code) for code in range(0x20)} | {"\u2421": "\x7f"}
"""Each control picture :func:`escape` writes, with the control it stands for."""
_CODE = re.compile("u[0-9a-f]{4}")
"""After a backslash: a character written as its code (``\\u0085``)."""
_AT_LINE_START = frozenset("-+=・")
_REPOST = "（再掲）"
_ORDERED = re.compile(r"[0-9]+[.)]")

Position = Literal["line", "inline"]


def escape(text: str, position: Position = "line") -> str:
    """Return ``text`` escaped for the redline Markdown.

    ``position`` is ``line`` when the text starts a line (list and heading syntax must be
    neutralised there) and ``inline`` when something precedes it on the line.
    """
    out: list[str] = []
    lines = text.split("\n")
    for number, line in enumerate(lines):
        out.append(_escape_line(line, at_start=position == "line" or number > 0))
    return "\\\n".join(out)


def _escape_line(line: str, *, at_start: bool) -> str:
    chars: list[str] = []
    ordered = _ORDERED.match(line) if at_start else None
    length = len(line)
    index = 0
    while index < length:
        char = line[index]
        escaped = char in _ALWAYS
        if index == 0 and at_start and char in _AT_LINE_START:
            escaped = True
        if ordered is not None and index == ordered.end() - 1:
            escaped = True
        if char == " " and (index == 0 or index == length - 1):
            escaped = True  # a reader would otherwise trim it
        if line.startswith(_REPOST, index):
            chars.append("\\" + _REPOST)
            index += len(_REPOST)
            continue
        if _CONTROL.match(char):
            chars.append(_picture(char))
        else:
            chars.append("\\" + char if escaped or char in _PICTURES else char)
        index += 1
    return "".join(chars)


def unescape(text: str) -> str:
    """Return the text an escaped Markdown fragment stands for."""
    out: list[str] = []
    index = 0
    while index < len(text):
        char, index = _unescaped(text, index)
        out.append(char)
    return "".join(out)


def _unescaped(text: str, index: int) -> tuple[str, int]:
    """Return the text the escaped character at ``index`` stands for, and where the next one
    starts: ``\\x`` is ``x``, ``\\（再掲）`` is （再掲）, ``\\u0085`` is U+0085, a control
    picture is its control; any other character is itself."""
    char = text[index]
    if char == "\\" and index + 1 < len(text):
        if text.startswith(_REPOST, index + 1):
            return _REPOST, index + 1 + len(_REPOST)
        code = _CODE.match(text, index + 1)
        if code is not None:
            return chr(int(code.group()[1:], 16)), code.end()
        return text[index + 1], index + 2
    return _PICTURES.get(char, char), index + 1


def split_cells(line: str) -> list[str]:
    """Split a tab-separated Markdown line at its unescaped tabs (cells stay escaped)."""
    cells: list[str] = []
    current: list[str] = []
    index = 0
    while index < len(line):
        char = line[index]
        if char == "\\" and index + 1 < len(line):
            current.append(line[index : index + 2])
            index += 2
            continue
        if char == "\t":
            cells.append("".join(current))
            current = []
        else:
            current.append(char)
        index += 1
    cells.append("".join(current))
    return cells


# ---- the redline --------------------------------------------------------------------------


def _note(text: str) -> str:
    if text == _REPOST:
        return text
    if text.startswith("※"):
        return "※" + escape(text[1:], "inline")
    return escape(text, "inline")


def _spanned(pieces: Iterable[Piece]) -> set[str]:
    """Return the changes that have inserted or deleted text among ``pieces``."""
    return {p.change for p in pieces if (p.inserted or p.deleted) and p.change is not None}


def _inline(
    pieces: Sequence[Piece],
    labels: dict[str, str],
    *,
    whole: bool,
    position: Position,
    spanned: set[str] | None = None,
) -> str:
    """Return pieces as marked text: whole-line changes are marked once, partial ones per span.

    ``spanned`` are the changes whose marker goes with their spans (default: those with changed
    text among ``pieces``; a KPI row passes those of all its cells, its marker being in the first).
    """
    if spanned is None:
        spanned = _spanned(pieces)
    out: list[str] = []
    index = 0
    while index < len(pieces):
        piece = pieces[index]
        start: Position = position if not out else "inline"
        if piece.kind == "marker":
            if whole or piece.change not in spanned:
                out.append(f"【{escape(piece.text, 'inline')}】")
            index += 1
            continue
        if piece.kind == "note":
            out.append(_note(piece.text))
            index += 1
            continue
        if not piece.inserted and not piece.deleted:
            out.append(escape(piece.text, start))
            index += 1
            continue
        if whole or piece.change is None or piece.change not in labels:
            out.append(_changed(piece, start))
            index += 1
            continue
        label = escape(labels[piece.change], "inline")
        run: list[str] = []
        while index < len(pieces):
            current = pieces[index]
            if current.kind == "marker" and current.change == piece.change:
                index += 1
                continue
            if current.kind != "text" or current.change != piece.change:
                break
            if not current.inserted and not current.deleted:
                break
            run.append(_changed(current, "inline"))
            index += 1
        out.append(f"【{label}】{''.join(run)}【/{label}】")
    return "".join(out)


def _changed(piece: Piece, position: Position) -> str:
    text = escape(piece.text, position)
    return f"~~{text}~~" if piece.deleted else text


def _labels(pieces: Iterable[Piece], fallback: dict[str, str]) -> dict[str, str]:
    labels = dict(fallback)
    for piece in pieces:
        if piece.kind == "marker" and piece.change is not None:
            labels[piece.change] = piece.text
    return labels


class _RedlineWriter:
    def __init__(self, view: HandoutView) -> None:
        self.view = view
        self.labels = {change.id: change.label for change in view.changes}
        self.lines: list[str] = []

    def blank(self) -> None:
        if self.lines and self.lines[-1] != "":
            self.lines.append("")

    def write(self) -> str:
        view = self.view
        self.lines += [escape(view.header[0]) + "  ", escape(view.header[1]), ""]
        for note in view.notes:
            self.block(note, previous=None)
        if view.plan_box is not None:
            self.box(view.plan_box)
        for node in view.nodes:
            self.node(node)
        while self.lines and self.lines[-1] == "":
            self.lines.pop()
        return "\n".join(self.lines) + "\n"

    def text(self, pieces: Sequence[Piece], *, whole: bool, position: Position) -> str:
        return _inline(pieces, _labels(pieces, self.labels), whole=whole, position=position)

    def node(self, node: NodeView) -> None:
        self.blank()
        whole = node.status in {"added", "deleted", "moved"}
        title = self.text(node.title, whole=whole, position="inline")
        self.lines.append(f"{'#' * min(node.level, 6)} {title}")
        self.lines.append("")
        previous: BlockView | None = None
        for block in node.blocks:
            self.block(block, previous)
            previous = block
        if node.box is not None:
            self.box(node.box)
        for child in node.children:
            self.node(child)

    def block(self, block: BlockView, previous: BlockView | None) -> None:
        if isinstance(block, KpiView):
            self.blank()
            self.kpi(block)
            self.blank()
            return
        whole = block.status in {"added", "deleted", "moved"}
        if block.kind == "note":
            self.blank()
            self.lines.append("【" + self.text(block.pieces, whole=whole, position="inline") + "】")
            self.blank()
        elif block.bullet:
            tight = isinstance(previous, LineView) and previous.bullet
            if not tight:
                self.blank()
            self.lines.append("- ・" + self.text(block.pieces, whole=whole, position="inline"))
        else:
            self.blank()
            self.lines.append(self.text(block.pieces, whole=whole, position="line"))
            self.blank()

    def kpi(self, table: KpiView) -> None:
        with_units = any(row[1] for row in table.rows)
        whole = table.status in {"added", "deleted", "moved"}
        labels = _labels((p for row in table.rows for cell in row for p in cell), self.labels)
        labels = _labels(table.title, labels)
        spanned = _spanned(p for cell in (table.title, *table.header) for p in cell)
        header = [
            _inline(table.title, labels, whole=whole, position="line", spanned=spanned),
            *(
                _inline(cell, labels, whole=whole, position="inline", spanned=spanned)
                for cell in table.header
            ),
        ]
        if with_units:
            header.append("単位")
        self.lines.append("\t".join(header))
        for row, status in zip(table.rows, table.row_status, strict=True):
            row_whole = whole or status in {"added", "deleted", "moved"}
            row_labels = _labels((p for cell in row for p in cell), labels)
            row_spanned = _spanned(p for cell in row for p in cell)
            cells = [row[0], row[2], row[3]] + ([row[1]] if with_units else [])
            self.lines.append(
                "\t".join(
                    _inline(
                        cell,
                        row_labels,
                        whole=row_whole,
                        position="line" if i == 0 else "inline",
                        spanned=row_spanned,
                    )
                    for i, cell in enumerate(cells)
                )
            )

    def box(self, box: OpinionBox) -> None:
        self.blank()
        self.lines.append(escape(box.title))
        self.lines.append("")
        for row in box.rows:
            labels = "、".join(escape(label, "inline") for label in row.labels)
            self.lines.append(f"{escape(row.text)}\t{labels}")
        self.blank()


def handout_markdown(view: HandoutView) -> str:
    """Return the Markdown of a handout (redline or clean copy) in the seed's conventions."""
    return _RedlineWriter(view).write()


# ---- reading the marked text back ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MarkedSpan:
    """A run of a marked line of the redline Markdown, unescaped."""

    kind: Literal["text", "struck", "marker", "close", "note"]
    """Plain text, ``~~struck~~`` text, a marker ``【追加①】``, its closing ``【/追加①】``, or a
    note (``（再掲）``, ``※reason``)."""
    text: str
    """The text (for a marker or its closing, the label)."""


def parse_marked(line: str) -> list[MarkedSpan]:
    """Split one escaped line (or cell) of the redline Markdown into its runs."""
    spans: list[MarkedSpan] = []
    buffer: list[str] = []
    struck = False
    note = False

    def flush() -> None:
        if buffer:
            kind: Literal["text", "struck", "note"] = (
                "note" if note else "struck" if struck else "text"
            )
            spans.append(MarkedSpan(kind, "".join(buffer)))
            buffer.clear()

    index = 0
    while index < len(line):
        char = line[index]
        if (char == "\\" and index + 1 < len(line)) or char in _PICTURES:
            text, index = _unescaped(line, index)
            buffer.append(text)
            continue
        if line.startswith("~~", index):
            flush()
            struck = not struck
            index += 2
            continue
        if char == "【":
            end = _closing(line, index + 1)
            if end is not None:
                flush()
                note = False
                label = unescape(line[index + 1 : end])
                if label.startswith("/"):
                    spans.append(MarkedSpan("close", label[1:]))
                else:
                    spans.append(MarkedSpan("marker", label))
                index = end + 1
                continue
        if line.startswith(_REPOST, index):
            flush()
            spans.append(MarkedSpan("note", _REPOST))
            index += len(_REPOST)
            continue
        if char == "※" and not struck:
            flush()
            note = True
            buffer.append(char)
            index += 1
            continue
        buffer.append(char)
        index += 1
    flush()
    return spans


def _closing(line: str, index: int) -> int | None:
    while index < len(line):
        if line[index] == "\\":
            index += 2
            continue
        if line[index] == "】":
            return index
        index += 1
    return None


def project(spans: Sequence[MarkedSpan], side: Literal["new", "old"], *, whole: bool) -> str:
    """Return the new or the old text a marked line stands for.

    Inside a marker's extent (``【label】…【/label】``) plain text is inserted and struck text
    deleted; outside, plain text is kept and struck text deleted. ``whole`` says the line's marker
    covers the whole line (a whole added or deleted statement).
    """
    out: list[str] = []
    inside = False
    for span in spans:
        if span.kind == "marker":
            inside = whole or any(s.kind == "close" and s.text == span.text for s in spans)
        elif span.kind == "close":
            inside = False
        elif span.kind == "struck":
            if side == "old":
                out.append(span.text)
        elif span.kind == "text" and (side == "new" or not inside):
            out.append(span.text)
    return "".join(out)


# ---- tables -------------------------------------------------------------------------------


_CELL_SPECIAL = frozenset("\\`*_[]<>|~&")
"""What CommonMark could read as syntax inside a table cell (inline content only)."""


def _cell(text: str) -> str:
    """Escape text for a CommonMark pipe-table cell (line breaks become <br>, control characters
    are shown as in the redline: ␛, ␀, a lone carriage return ␍, ``\\u0085``)."""
    shown = _CONTROL.sub(lambda m: _picture(m.group()), text.replace("\r\n", "\n"))
    escaped = "".join("\\" + c if c in _CELL_SPECIAL else c for c in shown)
    return escaped.replace("\n", "<br>")


def _sided(pieces: Sequence[Piece]) -> str:
    out = []
    for piece in pieces:
        text = _cell(piece.text)
        out.append(f"<u>{text}</u>" if piece.inserted or piece.deleted else text)
    return "".join(out)


def _header(header: tuple[str, str]) -> list[str]:
    return [_cell(header[0]) + "  ", _cell(header[1]), ""]


def comparison_table_markdown(table: ComparisonTable) -> str:
    """Return a 新旧対照表 as Markdown: one pipe table per location, changes as <u>…</u>."""
    lines = _header(table.header)
    lines += [f"# {_cell(table.title)}", "", _cell(table.plan), ""]
    columns = table.columns
    location: str | None = None
    if not table.rows:
        lines += ["変更はありません。", ""]
    for row in table.rows:
        if row.location != location:
            location = row.location
            if lines[-1] != "":
                lines.append("")
            lines += [f"## {_cell(location)}", ""]
            lines.append("| " + " | ".join(_cell(table.heading(c)) for c in columns) + " |")
            lines.append("| " + " | ".join("---" for _ in columns) + " |")
        lines.append("| " + " | ".join(_sided(table.cell(row, c)) for c in columns) + " |")
    return "\n".join(lines).rstrip("\n") + "\n"


def responses_markdown(view: ResponsesView) -> str:
    """Return an 意見対応表 as a Markdown pipe table."""
    lines = _header(view.header)
    subtitle = " ".join(part for part in (view.plan, view.meeting, view.date) if part)
    lines += [f"# {_cell(view.title)}", "", _cell(subtitle), ""]
    lines += _responses_table(view.opinions)
    return "\n".join(lines) + "\n"


def cumulative_responses_markdown(view: CumulativeResponses) -> str:
    """Return the 意見対応表 over every meeting: one Markdown table per meeting."""
    lines = _header(view.header)
    lines += [f"# {_cell(view.title)}", "", _cell(view.plan), ""]
    for part in view.parts:
        when = f"({part.date})" if part.date else ""
        lines += [f"## {_cell(part.meeting + when)}で対応した意見", ""]
        lines += _responses_table(part.opinions)
        lines.append("")
    return "\n".join(lines).rstrip("\n") + "\n"


def _responses_table(opinions: Sequence[OpinionView]) -> list[str]:
    if not opinions:
        return ["意見はありません。"]
    lines = ["| 番号 | 意見者 | 意見 | 対応 | 事務局の考え方 | 反映箇所 |"]
    lines.append("| ---: | --- | --- | --- | --- | --- |")
    for opinion in opinions:
        cells = [
            str(opinion.number),
            _cell(opinion.who),
            _cell(opinion.text),
            _cell(opinion.disposition),
            _cell(opinion.response) if opinion.response else "（未記入）",
            "<br>".join(_cell(place) for place in opinion.reflected),
        ]
        lines.append("| " + " | ".join(cells) + " |")
    return lines
