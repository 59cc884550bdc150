"""The tracked changes of a written Word document: what each line becomes, revision marks, move
ranges and the comments on changes.

The tracked-changes document (:func:`planrev.word.writer.tracked_docx`) tracks the plan's text
only. Each paragraph, table row and cell is given a :class:`Shown`: how its text pieces are
tracked (``text``) and how its paragraph mark or row is (``mark``):

========  ===========================================================================
``text``  equal text · inserted text · deleted text
========  ===========================================================================
plain     as is · ``w:ins`` · ``w:del``
ins       ``w:ins`` · ``w:ins`` · left out (a line or row added, or moved here as a row)
del       ``w:del`` · left out · ``w:del`` (a line or row deleted)
from      ``w:moveFrom`` · left out · ``w:moveFrom`` (a part moved away, where it stood)
to        ``w:moveTo`` · ``w:moveTo`` · left out (a part moved here: its new text; the old text
          is where it stood)
========  ===========================================================================

so that accepting every change keeps exactly the new text and rejecting every change exactly the
old one. The ids of revisions, move ranges and comments are numbered in document order.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from planrev.comparison import Op
from planrev.views import ChangeView, OpinionView, Piece
from planrev.word.elements import properties, xml_text
from planrev.word.ooxml import element, format_word_date, sub_element

__all__ = [
    "DELETED",
    "INSERTED",
    "MOVED_FROM",
    "MOVED_TO",
    "PLAIN",
    "Mark",
    "Shown",
    "TextHow",
    "Tracker",
    "closing_positions",
    "comment_text",
    "row_mark",
    "track_of",
]

Mark = Literal["ins", "del", "moveFrom", "moveTo"]
"""A revision mark: ``w:ins``, ``w:del``, ``w:moveFrom`` or ``w:moveTo``."""
TextHow = Literal["plain", "ins", "del", "from", "to"]
"""How the text pieces of a line are tracked (see the module's table)."""


@dataclass(frozen=True, slots=True)
class Shown:
    """How a line, row or cell of the tracked document is shown."""

    text: TextHow = "plain"
    """How its text pieces are tracked."""
    mark: Mark | None = None
    """How its paragraph mark (or, for a row, the row) is tracked; None: not at all."""


PLAIN = Shown()
"""Unchanged, or changed inside: each piece tracked by its own operation."""
INSERTED = Shown("ins", "ins")
"""Added as a whole."""
DELETED = Shown("del", "del")
"""Deleted as a whole."""
MOVED_FROM = Shown("from", "moveFrom")
"""Moved away: shown where it stood."""
MOVED_TO = Shown("to", "moveTo")
"""Moved here."""

_TRACKS: dict[TextHow, dict[Op, Mark | Literal["skip"] | None]] = {
    "plain": {Op.EQUAL: None, Op.INSERT: "ins", Op.DELETE: "del"},
    "ins": {Op.EQUAL: "ins", Op.INSERT: "ins", Op.DELETE: "skip"},
    "del": {Op.EQUAL: "del", Op.INSERT: "skip", Op.DELETE: "del"},
    "from": {Op.EQUAL: "moveFrom", Op.INSERT: "skip", Op.DELETE: "moveFrom"},
    "to": {Op.EQUAL: "moveTo", Op.INSERT: "moveTo", Op.DELETE: "skip"},
}


def track_of(how: TextHow, op: Op) -> Mark | Literal["skip"] | None:
    """Return the revision mark of text with ``op`` in a line shown ``how``: a mark, None (not
    tracked) or ``skip`` (the text belongs to the other place or projection: left out)."""
    return _TRACKS[how][op]


@dataclass(slots=True)
class Tracker:
    """Numbers and dates the revision marks, move ranges and comments of one document."""

    author: str
    """The author of every revision and comment."""
    when: _dt.date | _dt.datetime | None
    """Their date, or None."""
    count: int = 0
    """The last id given to a revision or a move range."""
    moves: dict[str, str] = field(default_factory=dict)
    """The name of the move ranges of each moved change (``move1`` …), by change id."""
    named: int = 0
    """How many move ranges were named (names stay unique when :meth:`forget_moves` is used)."""

    def _attributes(self) -> dict[str, str]:
        self.count += 1
        attributes = {"w:id": str(self.count), "w:author": xml_text(self.author)}
        if self.when is not None:
            attributes["w:date"] = format_word_date(self.when)
        return attributes

    def forget_moves(self) -> None:
        """Start a new handout in the same document: its change ids name other moves."""
        self.moves = {}

    def mark(self, kind: Mark) -> etree._Element:
        """Return a new revision mark (``w:ins`` …) with the next id, the author and date."""
        return element(f"w:{kind}", self._attributes())

    def mark_paragraph(self, paragraph: etree._Element, kind: Mark | None) -> None:
        """Track the paragraph mark of ``paragraph`` (a paragraph added, deleted or moved)."""
        if kind is not None:
            sub_element(properties(paragraph, "w:pPr"), "w:rPr").append(self.mark(kind))

    def mark_row(self, row: etree._Element, kind: Mark | None) -> None:
        """Track a table row as inserted or deleted (Word has no moved rows: a row moved away
        is deleted where it stood, and inserted where it went)."""
        if kind is not None:
            properties(row, "w:trPr").append(self.mark(row_mark(kind)))

    def move_range(
        self, change_id: str, side: Literal["from", "to"]
    ) -> tuple[etree._Element, etree._Element]:
        """Return the start and end of a move range of change ``change_id``: the place a part
        moved away from (``from``) or to (``to``); both places share the range's name."""
        name = self.moves.get(change_id)
        if name is None:
            self.named += 1
            name = self.moves[change_id] = f"move{self.named}"
        tag = "w:moveFromRange" if side == "from" else "w:moveToRange"
        attributes = self._attributes()
        start = element(f"{tag}Start", {**attributes, "w:name": name})
        return start, element(f"{tag}End", {"w:id": attributes["w:id"]})


def row_mark(kind: Mark) -> Mark:
    """Return how a row (or the spacer after a table) is tracked for ``kind``: Word has no moved
    rows, so moved here is inserted and moved away deleted."""
    return "ins" if kind in {"ins", "moveTo"} else "del"


def closing_positions(cells: Sequence[Sequence[Piece]]) -> dict[int, list[str]]:
    """Return, over the flattened pieces of ``cells``, where each change's comment range ends:
    after the change's last piece. Inserted or deleted text with no change of its own (the other
    cells of a KPI row) belongs to the marker before it."""
    last: dict[str, int] = {}
    current: str | None = None
    for index, piece in enumerate(piece for pieces in cells for piece in pieces):
        if piece.kind == "marker" and piece.change is not None:
            current = piece.change
        owner = piece.change
        if owner is None and piece.kind == "text" and piece.op is not Op.EQUAL:
            owner = current
        if owner is not None:
            last[owner] = index
    closes: dict[int, list[str]] = {}
    for change, position in last.items():
        closes.setdefault(position, []).append(change)
    return closes


_NO_REASON = "意見・理由の記録なし"
_UNKNOWN = "改訂前の文言は資料になく不明です。全文を挿入として示しています"


def comment_text(change: ChangeView, opinions: dict[int, OpinionView]) -> list[str]:
    """Return the paragraphs of a change's comment: 「追加① ← 意見1: …」, then any further
    opinions and the declared reason (「※…」); a change nothing explains says so. A move and an
    unknown old text are said too."""
    lines: list[str] = []
    for number in change.opinions:
        opinion = opinions.get(number)
        lines.append(f"意見{number}: {opinion.text if opinion is not None else ''}")
    if change.reason:
        lines.append(f"※{change.reason}")
    if not lines:
        lines.append(f"（{_NO_REASON}）")
    if change.moved:
        lines.append("※移動")
    if change.prior_unknown:
        lines.append(f"（{_UNKNOWN}）")
    return [f"{change.label} ← {lines[0]}", *lines[1:]]
