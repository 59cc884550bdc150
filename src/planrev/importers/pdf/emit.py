"""Marked text from the laid-out pages: headings, paragraphs, rows, and where each line came from.

The text follows the syntax the marked-text rules read (docs/import.md), with ``<u>…</u>`` for
underlined text:

- **Headings**: a line on a coloured band, a line larger than the body text by 1 pt or more, or a
  bold line (bold and black at the body size, or bold and larger). Their level is the rank of their
  size among the headings (the largest is ``#``); headings at the body size come last.
- **Paragraphs and bullets**: a line breaker moves a word to the next line only when it does not
  fit, so a line that ends closer to its column's right edge than the next line's first word is
  wide (a character with what may not be parted from it, a Latin word) was wrapped: the next line
  goes on with it unless it starts with a bullet, also across a column or page break, joined
  without a line break. Where a producer sets its wrapped lines flush with the margin (justified
  text), any line that ends short ends its paragraph.
- **Rows**: a line split into cells (by wide gaps) is one row, its cells separated by tabs; a
  following line with text only under a later cell continues that cell (a wrapped cell). A ruled
  table gives one row per table row, and goes on with a table of the same columns at the top of
  the next page or column. A first column that only numbers the rows 1, 2, 3 … is left out
  (numbers are computed, not data). Empty rows are left out.
- **Decorations**: struck characters are written ``~~…~~``, underlined ones ``<u>…</u>``; the
  page's own ``~`` and ``<`` are escaped (``\\~``, ``\\<``) so that they are never read as marks.

Every line of the text has an origin: the page and the line on the page it came from.
"""

from __future__ import annotations

import itertools
from collections import Counter
from dataclasses import dataclass, field

from planrev.i18n import Msg
from planrev.importers.base import MARKER
from planrev.importers.pdf.layout import Item, TableItem, TextItem
from planrev.importers.pdf.notes import Note
from planrev.importers.pdf.page import Glyph
from planrev.importers.pdf.seam import escape

__all__ = ["Emitted", "emit"]

_BULLETS = frozenset("・•●○■◆□◇▪◦-*")
_INDENT = 2.0
"""How far (em) from its column's left edge a line may start and still be in a paragraph."""
_SLACK = 0.5
"""The room (em) beyond the next line's first word that a wrapped line may leave unused."""
_SAMPLE = 20
"""How many wrapped lines tell whether a producer sets them flush with the margin."""
_FLUSH = 0.25
"""How short of the margin (em) a flush wrapped line may end."""
_SPACE = 0.25
"""The width (em) of a word space."""
_OPENING = frozenset("「『（(［[【\u3014〈《｛{\u201c\u2018")
"""Characters that never end a line: they go to the next line with the character after them."""
_CLOSING = frozenset(
    "、。，．,.」』）)］]】\u3015〉》｝}\u201d\u2019・：\uff1b:;！？!?ー々ゝゞ"
    "ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ"
)
"""Characters that never start a line: they stay with the character before them."""
_NEAR = 0.9
"""The largest gap (em) between two lines of one paragraph or one table row."""
_EDGE = 2.0
"""How far (points) the borders of a table's columns may differ on the next page."""


@dataclass(slots=True)
class Emitted:
    """The marked text as lines, each with its page and line on the page."""

    lines: list[str] = field(default_factory=list)
    """The lines of the marked text."""
    places: list[tuple[int, int]] = field(default_factory=list)
    """(page, line on the page) of each line."""
    notes: list[Note] = field(default_factory=list)
    """What was found while writing the text."""

    def add(self, text: str, page: int, line: int) -> None:
        """Append one line."""
        self.lines.append(text)
        self.places.append((page, line))

    def blank(self) -> None:
        """Append an empty line, unless the text is empty or already ends with one."""
        if self.lines and self.lines[-1] != "":
            self.add("", *self.places[-1])


def marked(glyphs: list[Glyph]) -> str:
    """Return characters as text, struck runs in ``~~ ~~`` and underlined runs in ``<u> </u>``."""
    states = ["strike" if g.strike else "underline" if g.underline else "" for g in glyphs]
    # A space at the end of a struck or underlined run belongs to the text around it.
    before = [""] * len(glyphs)  # the state of the nearest visible character on each side
    after = [""] * len(glyphs)
    last = ""
    for index, glyph in enumerate(glyphs):
        before[index] = last
        if glyph.text.strip():
            last = states[index]
    last = ""
    for index in range(len(glyphs) - 1, -1, -1):
        after[index] = last
        if glyphs[index].text.strip():
            last = states[index]
    for index, glyph in enumerate(glyphs):
        if not glyph.text.strip():
            states[index] = before[index] if before[index] == after[index] else ""
    out: list[str] = []
    state = ""
    for glyph, wanted in zip(glyphs, states, strict=True):
        if wanted != state:
            out.append({"strike": "~~", "underline": "</u>", "": ""}[state])
            out.append({"strike": "~~", "underline": "<u>", "": ""}[wanted])
            state = wanted
        out.append(escape(glyph.text))  # the page's own ~ and < are text, never marks
    out.append({"strike": "~~", "underline": "</u>", "": ""}[state])
    return "".join(out)


def _coloured(glyph: Glyph) -> bool:
    red, green, blue = glyph.colour
    return max(red, green, blue) - min(red, green, blue) > 0.2


def _body_size(items: list[Item]) -> float:
    sizes: Counter[float] = Counter()
    for item in items:
        if isinstance(item, TextItem):
            for glyph in item.glyphs:
                sizes[round(glyph.size * 2) / 2] += 1
    return sizes.most_common(1)[0][0] if sizes else 10.5


def _is_heading(item: TextItem, body: float) -> bool:
    if len(item.segments) != 1 or len(item.text) > 60:
        return False
    visible = [g for g in item.glyphs if g.text.strip()]
    if not visible or visible[0].text in _BULLETS:
        return False
    size = item.size
    bold = all(g.bold for g in visible)
    black = not any(_coloured(g) for g in visible)
    return (
        item.band is not None
        or size >= body + 1.0
        or (bold and size > body + 0.25)
        or (bold and black and size >= body - 0.25)
    )


def _levels(headings: list[TextItem], body: float) -> dict[float, int]:
    sizes = sorted({round(h.size * 2) / 2 for h in headings}, reverse=True)
    return {size: min(rank + 1, 6) for rank, size in enumerate(sizes)}


@dataclass(slots=True)
class _Row:
    cells: list[list[Glyph]]
    spans: list[tuple[float, float]]
    page: int
    line: int
    bottom: float
    size: float


def emit(items: list[Item]) -> Emitted:
    """Return the marked text of ``items`` (all pages, in reading order)."""
    out = Emitted()
    body = _body_size(items)
    headings = [i for i in items if isinstance(i, TextItem) and _is_heading(i, body)]
    heading_ids = {id(h) for h in headings}
    levels = _levels(headings, body)
    flush_set = _flush(items)
    paragraph: list[Glyph] = []
    last: TextItem | None = None
    rows: list[_Row] = []
    table: TableItem | None = None
    table_places: list[tuple[int, int]] = []
    origin = (1, 1)

    def flush() -> None:
        nonlocal paragraph, last, rows, table
        if paragraph:
            out.blank()
            out.add(marked(paragraph), *origin)
            _colour_hint(paragraph, origin, out)
            paragraph = []
        if rows:
            _write_rows(rows, out)
            rows = []
        if table is not None:
            _write_table(table, table_places, out)
            table = None
        last = None

    for item in items:
        if isinstance(item, TableItem):
            if table is not None and _continues_table(table, item):
                table_places.extend(_join_tables(table, item))
                continue
            flush()
            table, table_places = item, _places(item, 0)
            continue
        if id(item) in heading_ids:
            flush()
            out.blank()
            level = levels[round(item.size * 2) / 2]
            out.add("#" * level + " " + marked(item.glyphs).strip(), item.page, item.line)
            continue
        if item.boxed:
            flush()
            for segment in item.segments:
                out.blank()
                out.add(marked(segment), item.page, item.line)
            continue
        if len(item.segments) > 1 or (rows and _continues_row(rows[-1], item)):
            if paragraph:
                flush()
            if rows and _continues_row(rows[-1], item):
                _extend_row(rows[-1], item)
            else:
                rows.append(
                    _Row(
                        [list(s) for s in item.segments],
                        [(s[0].x0, s[-1].x1) for s in item.segments],
                        item.page,
                        item.line,
                        item.bottom,
                        item.size,
                    )
                )
            continue
        if rows:
            flush()
        if last is not None and _continues(last, item, flush=flush_set):
            paragraph.extend(item.glyphs)
        else:
            flush()
            paragraph = list(item.glyphs)
            origin = (item.page, item.line)
        last = item
    flush()
    while out.lines and out.lines[-1] == "":
        out.lines.pop()
        out.places.pop()
    return out


def _wrap(previous: TextItem, item: TextItem) -> tuple[float, bool] | None:
    """Return by how much (em) ``item``'s first word is too wide for the room ``previous``
    leaves, and whether that word is Latin (or a number), when ``item`` may go on with the
    paragraph that ``previous`` ends; None when it cannot (a bullet, a gap, another column, an
    indent).

    The line breaker moves a word to the next line only when it does not fit: a line that left
    room for the next line's first word (a negative excess) ended its paragraph.
    """
    first = next((g for g in item.glyphs if g.text.strip()), None)
    if first is None or first.text in _BULLETS:
        return None
    size = max(previous.size, item.size)
    if previous.x0 > previous.left + _INDENT * size or item.x0 > item.left + _INDENT * size:
        return None  # a line set to the right or centred is not a wrapped paragraph
    if not (item.flow_break or item.page != previous.page) and not (
        0 <= item.top - previous.bottom <= _NEAR * size and item.x0 >= previous.left - 1
    ):
        return None
    excess = (_first_word(item.glyphs) - (previous.right - previous.x1)) / size
    return excess, first.text.isascii()


def _shortfall(line: TextItem) -> float:
    """Return how far (em) ``line`` ends short of its column's right edge."""
    return (line.right - line.x1) / line.size


def _flush(items: list[Item]) -> bool:
    """Return whether this producer sets wrapped lines of Japanese text flush with the margin.

    Justified text (LibreOffice, Word) is; WeasyPrint leaves up to two characters where a
    character may not start a line (る。). In a flush document a line that ends short ended its
    paragraph even where the next line's first word (``2030年度``) would not have fitted.
    """
    shortfalls = []
    for previous, item in itertools.pairwise(items):
        if isinstance(previous, TextItem) and isinstance(item, TextItem):
            wrap = _wrap(previous, item)
            if wrap is not None and not wrap[1] and wrap[0] >= -_SLACK:
                shortfalls.append(_shortfall(previous))
    flush = sum(shortfall <= _FLUSH for shortfall in shortfalls)
    return len(shortfalls) >= _SAMPLE and flush >= 0.9 * len(shortfalls)


def _continues(previous: TextItem, item: TextItem, *, flush: bool) -> bool:
    """Return whether ``item`` goes on with the paragraph that ``previous`` ends."""
    wrap = _wrap(previous, item)
    if wrap is None or wrap[0] < -_SLACK:
        return False  # the next line's first word would have fitted: the paragraph ended
    return not (flush and _shortfall(previous) > _SLACK)


def _first_word(glyphs: list[Glyph]) -> float:
    """Return the width of what a line breaker keeps together at the start of ``glyphs``.

    That is one character (a Latin word or number as a whole) with the opening brackets before
    it and the closing punctuation after it (Japanese line-breaking rules, 禁則).
    """
    start = next((n for n, g in enumerate(glyphs) if g.text.strip()), len(glyphs))
    visible = glyphs[start:]  # spaces end a word: they stay in
    if not visible:
        return 0.0
    end = 0
    while end < len(visible) - 1 and visible[end].text in _OPENING:
        end += 1
    space = 0.0
    if visible[end].text.isascii() and visible[end].text.isalnum():
        space = _SPACE * visible[end].size  # a Latin word is set after a space
        while (
            end + 1 < len(visible)
            and visible[end + 1].text.isascii()
            and (visible[end + 1].text.isalnum() or visible[end + 1].text in ".,%-")
        ):
            end += 1
    while end + 1 < len(visible) and visible[end + 1].text in _CLOSING:
        end += 1
    return visible[end].x1 - visible[0].x0 + space


def _continues_table(table: TableItem, item: TableItem) -> bool:
    """Return whether ``item``, next after ``table``, is its rest on the next page or column.

    It is when nothing comes between them, it starts a later page or a new column, and its
    first row has the columns of the table's last row.
    """
    if item.page == table.page and not item.flow_break:
        return False
    first, last = item.spans[0], table.spans[-1]
    return len(first) == len(last) and all(
        abs(a[0] - b[0]) <= _EDGE and abs(a[1] - b[1]) <= _EDGE
        for a, b in zip(first, last, strict=True)
    )


def _join_tables(table: TableItem, item: TableItem) -> list[tuple[int, int]]:
    """Append the rows of ``item`` to ``table``, without a heading row it repeats; return the
    places of the rows appended."""
    skip = 1 if len(item.rows) > 1 and _texts(item.rows[0]) == _texts(table.rows[0]) else 0
    table.rows.extend(item.rows[skip:])
    table.spans.extend(item.spans[skip:])
    return _places(item, skip)


def _places(table: TableItem, skip: int) -> list[tuple[int, int]]:
    """Return (page, line) of each row of ``table`` from row ``skip`` on."""
    return [(table.page, table.line + n) for n in range(skip, len(table.rows))]


def _texts(row: list[list[Glyph]]) -> list[str]:
    return ["".join(g.text for g in cell) for cell in row]


def _overlaps(span: tuple[float, float], other: tuple[float, float]) -> bool:
    return span[0] < other[1] and other[0] < span[1]


def _continues_row(row: _Row, item: TextItem) -> bool:
    """Return whether ``item`` only continues cells after the first of ``row`` (wrapped cells)."""
    if item.page != row.page or item.top - row.bottom > _NEAR * row.size or len(row.spans) < 2:
        return False
    spans = [(segment[0].x0, segment[-1].x1) for segment in item.segments]
    return all(
        any(_overlaps(span, cell) for cell in row.spans[1:]) and not _overlaps(span, row.spans[0])
        for span in spans
    )


def _extend_row(row: _Row, item: TextItem) -> None:
    for segment in item.segments:
        span = (segment[0].x0, segment[-1].x1)
        column = next(c for c in range(1, len(row.spans)) if _overlaps(span, row.spans[c]))
        row.cells[column].extend(segment)
        row.spans[column] = (min(row.spans[column][0], span[0]), max(row.spans[column][1], span[1]))
    row.bottom = item.bottom


def _numbering(rows: list[list[str]]) -> bool:
    """Return whether the first column only numbers the rows 1, 2, 3 …"""
    if len(rows) < 1 or any(len(r) < 2 for r in rows):
        return False
    firsts = [r[0].strip() for r in rows]
    return (
        firsts == [str(n) for n in range(int(firsts[0]), int(firsts[0]) + len(rows))]
        if (firsts[0].isdigit())
        else False
    )


def _write_rows(rows: list[_Row], out: Emitted) -> None:
    """Write rows without rules: cells that overlap from row to row form one column."""
    columns: list[tuple[float, float]] = []
    for span in sorted(span for row in rows for span in row.spans):
        if columns and span[0] < columns[-1][1]:
            columns[-1] = (columns[-1][0], max(columns[-1][1], span[1]))
        else:
            columns.append(span)
    texts = []
    for row in rows:
        cells = [""] * len(columns)
        for span, cell in zip(row.spans, row.cells, strict=True):
            column = next(c for c, whole in enumerate(columns) if _overlaps(span, whole))
            cells[column] += marked(cell)
        texts.append(cells)
    places = [(row.page, row.line) for row in rows]
    _write_cells(texts, places, out)


def _write_table(table: TableItem, places: list[tuple[int, int]], out: Emitted) -> None:
    texts = [[marked(cell) for cell in row] for row in table.rows]
    _write_cells(_kpi_units(texts, table.spans), places, out)


def _kpi_units(texts: list[list[str]], spans: list[list[tuple[float, float]]]) -> list[list[str]]:
    """Return a KPI table's rows with its unheaded unit column moved last, headed 単位.

    A KPI table's heading cell ``KPI`` may span the indicator and its unit (planrev's handouts
    do); the marked-text rules read the unit as a fourth column headed 単位.
    """
    if not texts or not texts[0] or texts[0][0].strip() != "KPI" or len(texts) < 2:
        return texts
    heading = spans[0][0]
    under = [
        [n for n, (x0, x1) in enumerate(row) if heading[0] - 1 <= x0 and x1 <= heading[1] + 1]
        for row in spans[1:]
    ]
    if not all(columns == [0, 1] for columns in under):
        return texts
    if not any(cell.strip() for row in texts[1:] for cell in row):
        return texts  # no indicators yet: the heading as it is
    result = [[*texts[0], "単位"]]
    for row in texts[1:]:
        result.append([row[0], *row[2:], row[1]])
    return result


def _write_cells(texts: list[list[str]], places: list[tuple[int, int]], out: Emitted) -> None:
    kept = [
        (row, place)
        for row, place in zip(texts, places, strict=True)
        if any(c.strip() for c in row)
    ]
    if not kept:
        return
    if _numbering([row for row, _ in kept]):
        kept = [(row[1:], place) for row, place in kept]
    out.blank()
    for row, place in kept:
        out.add("\t".join(cell.strip() for cell in row), *place)
    out.blank()


def _colour_hint(glyphs: list[Glyph], origin: tuple[int, int], out: Emitted) -> None:
    """Note coloured text right after a change marker that carries no underline or strike."""
    text = "".join(g.text for g in glyphs)
    index_of: list[int] = []  # the glyph each character of ``text`` belongs to
    for number, glyph in enumerate(glyphs):
        index_of.extend([number] * len(glyph.text))
    for match in MARKER.finditer(text):
        if match["close"] or match.end() >= len(text):
            continue
        start = index_of[match.end()]
        run: list[Glyph] = []
        for glyph in glyphs[start:]:
            if not _coloured(glyph) or glyph.strike or glyph.underline or glyph.text == "【":
                break
            run.append(glyph)
        if run and not any(g.strike or g.underline for g in glyphs[start : start + len(run) + 1]):
            words = "".join(g.text for g in run)
            label = match.group(0)[1:-1]
            out.notes.append(
                Note(
                    "colour-extent",
                    Msg(
                        f"{match.group(0)}の後の「{words}」は色が付いていますが、下線も取り消し線もありません。"
                        "色は範囲の手がかりとして報告するだけで、範囲にはしていません",
                        f"'{words}' after {match.group(0)} is coloured but neither underlined nor "
                        "struck; the colour is reported as a hint, not read as the extent",
                    ),
                    Msg(
                        f"色の部分が変更の範囲なら、範囲ファイルに「{label}: {words}」と書いてください。",
                        f"if the coloured words are the change, write '{label}: {words}' in an "
                        "extents file.",
                    ),
                    origin[0],
                    glyphs[0].top,
                )
            )
