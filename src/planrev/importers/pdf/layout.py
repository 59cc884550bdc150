"""Reading order: a page's characters as text lines, tables and columns, in the order one reads.

- **Lines**: characters on one baseline, left to right; a gap wider than 1.2 em, or a table's
  vertical rule, splits a line into *segments* (the cells of a row without rules).
- **Tables**: horizontal and vertical rules that meet form a grid; each row band is split by the
  vertical rules that cross it (so a heading cell spanning two columns stays one cell). A grid of
  one cell is a frame (a box around text, a chip of the structure diagram), not a table: its text
  is read as ordinary lines, and a segment alone in its own frame stays a line of its own. So is
  each box of a grid of one column (a caption box over its content, as Word prints a captioned
  box).
- **Columns**: lines whose vertical extents overlap are read together; where such a band has an
  empty vertical strip (a gutter) with at least two lines on each side, the left column is read
  before the right one. A line that starts a new column or page is marked, so that a paragraph
  broken there can be joined again.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from dataclasses import dataclass, field

from planrev.importers.pdf.page import Fill, Glyph, Page, Rule

__all__ = ["Item", "TableItem", "TextItem", "layout"]

_SPLIT = 1.2
"""The gap (em) that splits a line into segments."""
_TOUCH = 2.0
"""How close (points) a rule's end must come to another rule to meet it."""
_HANGING = frozenset("、。，．,.")
"""Punctuation a producer may set past the right margin at the end of a line."""


@dataclass(slots=True)
class TextItem:
    """One line of text on a page, split into segments at wide gaps."""

    segments: list[list[Glyph]]
    """The runs of characters, left to right."""
    page: int
    """The page (1-based)."""
    boxed: bool = False
    """Whether each segment sits in a frame of its own (chips of a diagram, not cells)."""
    band: Fill | None = None
    """The coloured band behind the line, if any (a heading's background)."""
    flow_break: bool = False
    """Whether the line starts a new column or page (a paragraph may continue across it)."""
    right: float = 0.0
    """The right edge of the column or frame the line is set in."""
    left: float = 0.0
    """The left edge of the column or frame the line is set in."""
    frame: tuple[float, float, float, float] | None = None
    """The smallest frame around the line (x0, top, x1, bottom), if any."""
    line: int = 0
    """The line's number on its page, in reading order (1-based)."""
    page_wide: bool = False
    """Whether the line is set in the page's text area (not in a column or a frame)."""

    @property
    def glyphs(self) -> list[Glyph]:
        """Every character of the line."""
        return [g for segment in self.segments for g in segment]

    @property
    def x0(self) -> float:
        """The left end."""
        return self.segments[0][0].x0

    @property
    def x1(self) -> float:
        """The right end."""
        return self.segments[-1][-1].x1

    @property
    def top(self) -> float:
        """The top of the highest character."""
        return min(g.top for s in self.segments for g in s)

    @property
    def bottom(self) -> float:
        """The bottom of the lowest character."""
        return max(g.bottom for s in self.segments for g in s)

    @property
    def size(self) -> float:
        """The largest font size on the line."""
        return max(g.size for s in self.segments for g in s)

    @property
    def text(self) -> str:
        """The characters as a string (segments joined without separator)."""
        return "".join(g.text for s in self.segments for g in s)


@dataclass(slots=True)
class TableItem:
    """A ruled table: rows of cells, each cell its characters in reading order."""

    rows: list[list[list[Glyph]]]
    """The rows, top to bottom; each a list of cells, left to right."""
    spans: list[list[tuple[float, float]]]
    """The left and right border of each cell, row by row."""
    page: int
    """The page (1-based)."""
    top: float
    """The top border."""
    bottom: float
    """The bottom border."""
    x0: float
    """The left border."""
    x1: float
    """The right border."""
    flow_break: bool = False
    """Whether the table starts a new column or page."""
    line: int = 0
    """The number of the table's first row among the page's lines (1-based)."""


Item = TextItem | TableItem


@dataclass(slots=True)
class _Grid:
    horizontals: list[Rule] = field(default_factory=list)
    verticals: list[Rule] = field(default_factory=list)

    @property
    def box(self) -> tuple[float, float, float, float]:
        rules = self.horizontals + self.verticals
        return (
            min(r.x0 for r in rules),
            min(r.top for r in rules),
            max(r.x1 for r in rules),
            max(r.bottom for r in rules),
        )


# --------------------------------------------------------------------------------------------
# Grids


def _meet(h: Rule, v: Rule) -> bool:
    return h.x0 - _TOUCH <= v.x <= h.x1 + _TOUCH and v.top - _TOUCH <= h.y <= v.bottom + _TOUCH


def _grids(horizontals: list[Rule], verticals: list[Rule]) -> list[_Grid]:
    """Return the groups of rules that meet (connected components), each with both directions."""
    parent = list(range(len(horizontals) + len(verticals)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, h in enumerate(horizontals):
        for j, v in enumerate(verticals):
            if _meet(h, v):
                parent[find(i)] = find(len(horizontals) + j)
    groups: dict[int, _Grid] = {}
    for i, h in enumerate(horizontals):
        groups.setdefault(find(i), _Grid()).horizontals.append(h)
    for j, v in enumerate(verticals):
        groups.setdefault(find(len(horizontals) + j), _Grid()).verticals.append(v)
    return [g for g in groups.values() if len(g.horizontals) >= 2 and len(g.verticals) >= 2]


def _levels(values: list[float], tolerance: float = 1.5) -> list[float]:
    levels: list[float] = []
    for value in sorted(values):
        if not levels or value - levels[-1] > tolerance:
            levels.append(value)
    return levels


def _cells(grid: _Grid) -> list[list[tuple[float, float, float, float]]]:
    """Return the grid's cells as rows of boxes (x0, top, x1, bottom)."""
    ys = _levels([h.y for h in grid.horizontals])
    rows = []
    for top, bottom in itertools.pairwise(ys):
        middle = (top + bottom) / 2
        xs = _levels([v.x for v in grid.verticals if v.top - _TOUCH <= middle <= v.bottom + _TOUCH])
        if len(xs) >= 2:
            rows.append([(x0, top, x1, bottom) for x0, x1 in itertools.pairwise(xs)])
    return rows


def _inside(glyph: Glyph, box: tuple[float, float, float, float]) -> bool:
    x0, top, x1, bottom = box
    middle_y = (glyph.top + glyph.bottom) / 2
    return x0 <= glyph.middle <= x1 and top <= middle_y <= bottom


# --------------------------------------------------------------------------------------------
# Lines


def _lines(glyphs: list[Glyph]) -> list[list[Glyph]]:
    lines: list[list[Glyph]] = []
    for glyph in sorted(glyphs, key=lambda g: (round(g.baseline, 1), g.x0)):
        if lines and abs(lines[-1][0].baseline - glyph.baseline) <= min(0.2 * glyph.size, 1.0):
            lines[-1].append(glyph)
        else:
            lines.append([glyph])
    for line in lines:
        line.sort(key=lambda g: g.x0)
    return lines


def _segments(line: list[Glyph], verticals: list[Rule]) -> list[list[Glyph]]:
    baseline = line[0].baseline
    crossing = [v.x for v in verticals if v.top <= baseline <= v.bottom]
    segments = [[line[0]]]
    for previous, glyph in itertools.pairwise(line):
        gap = glyph.x0 - previous.x1
        ruled = gap > 0.2 and any(previous.middle < x < glyph.middle for x in crossing)
        if gap > _SPLIT * max(glyph.size, previous.size) or ruled:
            segments.append([glyph])
        else:
            segments[-1].append(glyph)
    return [s for s in segments if "".join(g.text for g in s).strip()]


def _band(item: TextItem, fills: list[Fill]) -> Fill | None:
    """Return the coloured band behind a line: a fill around it, no taller than two lines."""
    top, bottom, size = item.top, item.bottom, item.size
    for fill in fills:
        if (
            fill.x0 <= item.x0 + 1
            and fill.x1 >= item.x1 - 1
            and fill.top <= top + 1
            and fill.bottom >= bottom - 1
            and fill.bottom - fill.top <= 3.2 * size
            and min(fill.colour) < 0.97
        ):
            return fill
    return None


def _boxed(segments: list[list[Glyph]], frames: list[tuple[float, float, float, float]]) -> bool:
    """Return whether each segment has a frame of its own (and there are several)."""
    if len(segments) < 2:
        return False
    for segment in segments:
        holders = [f for f in frames if all(_inside(g, f) for g in segment)]
        if not holders or any(
            any(_inside(g, f) for other in segments if other is not segment for g in other)
            for f in holders
        ):
            return False
    return True


# --------------------------------------------------------------------------------------------
# Reading order


def _gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """Return the empty intervals between the merged ``spans`` (start, end), widest first."""
    gaps: list[tuple[float, float]] = []
    reach: float | None = None
    for start, end in sorted(spans):
        if reach is not None and start > reach:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return sorted(gaps, key=lambda g: g[0] - g[1])


def _side_by_side(left: list[Item], right: list[Item]) -> bool:
    """Return whether two groups of at least two items stand side by side, as columns do."""
    if len(left) < 2 or len(right) < 2:
        return False
    left_top, left_bottom = min(i.top for i in left), max(i.bottom for i in left)
    right_top, right_bottom = min(i.top for i in right), max(i.bottom for i in right)
    shared = min(left_bottom, right_bottom) - max(left_top, right_top)
    return shared >= 0.5 * min(left_bottom - left_top, right_bottom - right_top)


def _order(items: list[Item]) -> list[Item]:
    """Return ``items`` in reading order, cutting the page at its widest empty strips.

    The region is cut at its widest horizontal or vertical empty strip, and each part is read in
    turn (top before bottom, left before right) — the recursive XY cut. A vertical cut (a column
    gutter) needs two items on each side standing side by side, and must be wider than 6 points
    and one and a half times the widest horizontal strip, so that rows, short lines and a header
    set to the right are not taken for columns.
    """
    if len(items) <= 1:
        return list(items)
    across = _gaps([(i.top, i.bottom) for i in items])
    down = [
        (start, end)
        for start, end in _gaps([(i.x0, i.x1) for i in items])
        if _side_by_side(
            [i for i in items if i.x1 <= start + 0.01], [i for i in items if i.x0 >= end - 0.01]
        )
    ]
    widest_across = across[0][1] - across[0][0] if across else 0.0
    if down and down[0][1] - down[0][0] >= max(6.0, 1.5 * widest_across):
        start, end = down[0]
        left = _order([i for i in items if i.x1 <= start + 0.01])
        right = _order([i for i in items if i.x0 >= end - 0.01])
        _mark_column(left, start)
        _mark_column(right, max(i.x1 for i in right))
        right[0].flow_break = True
        return left + right
    if across:
        # Cut at every strip as wide as the widest at once: evenly spaced lines are read in one
        # step, not one recursion level per line.
        cuts = sorted(end for start, end in across if end - start >= widest_across - 0.5)
        groups: list[list[Item]] = [[] for _ in range(len(cuts) + 1)]
        for item in items:
            groups[bisect_right(cuts, item.top + 0.01)].append(item)
        return [placed for group in groups for placed in _order(group)]
    return sorted(items, key=lambda i: (i.top, i.x0))


def _mark_column(items: list[Item], right: float) -> None:
    left = min(i.x0 for i in items)
    for item in items:
        if isinstance(item, TextItem):
            item.right = min(item.right, right) if item.right else right
            item.left = max(item.left, left)


def layout(page: Page, horizontals: list[Rule]) -> list[Item]:
    """Return the page's text lines and tables in reading order.

    ``horizontals`` are the page's horizontal rules with their pieces joined
    (:func:`.decorations.merge_rules`).
    """
    verticals = [r for r in page.rules if not r.horizontal]
    tables: list[TableItem] = []
    frames: list[tuple[float, float, float, float]] = []
    used: set[int] = set()
    for grid in _grids(horizontals, verticals):
        cells = _cells(grid)
        if sum(len(row) for row in cells) < 2:
            frames.append(grid.box)
            continue
        if all(len(row) == 1 for row in cells):
            # One column of boxes (a captioned box: 体系 over the diagram): each is a frame.
            frames.extend(row[0] for row in cells)
            continue
        box = grid.box
        x0, top, x1, bottom = box
        rows: list[list[list[Glyph]]] = []
        inside = [g for g in page.glyphs if _inside(g, box)]
        for row in cells:
            row_cells = []
            for cell in row:
                glyphs = [g for g in inside if id(g) not in used and _inside(g, cell)]
                used.update(id(g) for g in glyphs)
                row_cells.append([g for line in _lines(glyphs) for g in line])
            rows.append(row_cells)
        spans = [[(cell[0], cell[2]) for cell in row] for row in cells]
        tables.append(TableItem(rows, spans, page.number, top, bottom, x0, x1))
    items: list[Item] = list(tables)
    free = [g for g in page.glyphs if id(g) not in used]
    # The right edge of the text area: where the lines of the body end (margins left out, where
    # a producer prints its own header and footer).
    # A page without body text (a header and a page number) leaves both unknown (0): the
    # document's text area is given to its lines later.
    body = [g for g in page.glyphs if 0.08 * page.height < g.top and g.bottom < 0.94 * page.height]
    # A full stop or comma may hang past the right margin (ぶら下げ): not the margin.
    text_right = max((g.x1 for g in body if g.text not in _HANGING), default=0.0)
    text_left = min((g.x0 for g in body), default=0.0)
    for line in _lines(free):
        segments = _segments(line, verticals)
        if not segments:
            continue
        item = TextItem(segments, page.number, right=0.0, left=0.0)
        item.boxed = _boxed(segments, frames)
        item.band = _band(item, page.fills)
        x0, x1, top, bottom = item.x0, item.x1, item.top, item.bottom
        holder = [
            f
            for f in frames
            if f[0] <= x0 + 1 and x1 <= f[2] + 1 and f[1] <= top + 1 and bottom <= f[3] + 1
        ]
        if holder:
            frame = min(holder, key=lambda f: (f[2] - f[0]) * (f[3] - f[1]))
            item.left, item.right, item.frame = frame[0], frame[2], frame
        items.append(item)
    ordered = _order(items)
    number = 0
    for placed in ordered:
        if isinstance(placed, TextItem) and not placed.right:
            placed.right, placed.left, placed.page_wide = text_right, text_left, True
        placed.line = number + 1
        number += len(placed.rows) if isinstance(placed, TableItem) else 1
    if ordered:
        ordered[0].flow_break = True
    return ordered
