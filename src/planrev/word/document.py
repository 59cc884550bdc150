"""The paragraph model of a Word document read with its tracked changes (:func:`read_word`).

Every paragraph (table cells included) with its runs tagged ``equal`` / ``insert`` / ``delete``,
the author and date of each tracked change, the paragraph mark's own insertion or deletion,
heading level, list level, tables with inserted and deleted rows, comments with the paragraphs
they are anchored to, and formatting-only changes (``w:rPrChange``, ``w:pPrChange`` …: reported,
never treated as text changes). Paragraphs are numbered 1, 2, 3 … in document order, table cells
included: the numbers findings and the import report use.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterator
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Literal

from planrev.diagnostics import Finding

__all__ = [
    "BodyItem",
    "FormatChange",
    "RunFormat",
    "RunStatus",
    "TaggedRun",
    "WordComment",
    "WordDocument",
    "WordParagraph",
    "WordRow",
    "WordTable",
]


class RunStatus(StrEnum):
    """What a tracked change did to a piece of text (or to a paragraph mark or table row)."""

    EQUAL = "equal"
    """Unchanged: in both the old and the new text."""
    INSERT = "insert"
    """Inserted (``w:ins``, ``w:moveTo``): only in the new text."""
    DELETE = "delete"
    """Deleted (``w:del``, ``w:moveFrom``): only in the old text."""


@dataclass(frozen=True, slots=True)
class RunFormat:
    """The character formatting a hand-made 見え消し shows its changes with, as the run shows it.

    Read only when asked for (``read_word(..., formatting=True)``); resolved through the run's
    character style, its paragraph style and the document defaults.
    """

    strike: bool = False
    """Struck through once (``w:strike``)."""
    double_strike: bool = False
    """Struck through twice (``w:dstrike``)."""
    underline: str | None = None
    """The underline (``single``, ``double``, ``wave`` …), or None."""
    colour: str | None = None
    """The font colour as RRGGBB in capitals, or None for automatic."""
    highlight: str | None = None
    """The highlight (``w:highlight``) as RRGGBB, or None."""
    shading: str | None = None
    """The character shading's fill (``w:shd``) as RRGGBB, or None."""
    inherited: tuple[tuple[str, str], ...] = ()
    """The properties above that a style set rather than the run itself: (property, style name)
    pairs, ``docDefaults`` for the document defaults."""


@dataclass(frozen=True, slots=True)
class TaggedRun:
    """A piece of a paragraph's text with its tracked-change status."""

    text: str
    """The text exactly as written."""
    status: RunStatus
    """Unchanged, inserted or deleted."""
    author: str | None = None
    """Who inserted or deleted it (``w:author``), or None when unchanged or not recorded."""
    date: _dt.datetime | None = None
    """When (``w:date``), or None when unchanged, not recorded or unreadable."""
    moved: bool = False
    """True for text moved with ``w:moveFrom`` / ``w:moveTo``."""
    comments: tuple[str, ...] = ()
    """The ids of the Word comments whose range covers the text."""
    format: RunFormat | None = None
    """Its strike, underline and colours, or None when the document was read without them."""


@dataclass(frozen=True, slots=True)
class FormatChange:
    """A formatting-only tracked change (reported; it changes no text)."""

    paragraph: int
    """The number of the paragraph it is in or next to."""
    element: str
    """The element recording it, e.g. ``w:rPrChange``."""
    author: str | None
    """Who made it."""
    date: _dt.datetime | None
    """When."""
    line: int | None
    """The line in the document part."""


@dataclass(frozen=True, slots=True)
class WordParagraph:
    """One paragraph of the document, body or table cell."""

    number: int
    """The paragraph's number in document order, from 1 (table cells included)."""
    line: int | None
    """The line of its ``w:p`` in the document part, or None."""
    style_id: str | None
    """The paragraph style's id, or None for the default style."""
    style_name: str | None
    """The paragraph style's name (``heading 1``, ``見出し 1`` …), or None."""
    heading_level: int | None
    """The heading level (1 = top) from the outline level or a heading style, or None."""
    title: bool
    """True for a paragraph in the Title (表題) style."""
    list_level: int | None
    """The list level (``w:ilvl``, 0 = top) when the paragraph is a list item, else None."""
    list_format: str | None
    """The list's number format (``bullet``, ``decimal`` …) when a list item, else None."""
    runs: tuple[TaggedRun, ...]
    """The paragraph's text in pieces, in order."""
    mark: RunStatus
    """Whether the paragraph mark itself was inserted or deleted (which joins paragraphs)."""
    mark_author: str | None = None
    """Who inserted or deleted the paragraph mark, or None."""
    mark_date: _dt.datetime | None = None
    """When the paragraph mark was inserted or deleted, or None."""
    bookmarks: tuple[str, ...] = ()
    """The names of bookmarks starting in or just before the paragraph."""
    cell: tuple[int, int, int] | None = None
    """(table, row, column) numbers from 1 when the paragraph is in a table cell, else None."""

    @property
    def bullet(self) -> bool:
        """Return whether the paragraph is a bulleted list item."""
        return self.list_format == "bullet"

    def text(self, status: Literal["old", "new"]) -> str:
        """Return the paragraph's old (reject all) or new (accept all) text."""
        hidden = RunStatus.INSERT if status == "old" else RunStatus.DELETE
        return "".join(run.text for run in self.runs if run.status is not hidden)


@dataclass(frozen=True, slots=True)
class WordRow:
    """One row of a Word table."""

    number: int
    """The row's number in its table, from 1."""
    status: RunStatus
    """Whether the whole row was inserted or deleted (``w:trPr/w:ins``, ``w:del``)."""
    cells: tuple[tuple[WordParagraph, ...], ...]
    """The paragraphs of each cell, left to right."""
    author: str | None = None
    """Who inserted or deleted the row, or None."""
    date: _dt.datetime | None = None
    """When the row was inserted or deleted, or None."""


@dataclass(frozen=True, slots=True)
class WordTable:
    """A table of the document body."""

    number: int
    """The table's number in document order, from 1."""
    line: int | None
    """The line of its ``w:tbl`` in the document part, or None."""
    rows: tuple[WordRow, ...]
    """The rows, top to bottom."""
    style_id: str | None = None
    """The table style's id (``planrevOpinions`` for an opinion box planrev wrote), or None."""

    @property
    def first_paragraph(self) -> int | None:
        """Return the number of the table's first paragraph, or None if it has none."""
        for row in self.rows:
            for cell in row.cells:
                for paragraph in cell:
                    return paragraph.number
        return None


@dataclass(frozen=True, slots=True)
class WordComment:
    """A Word comment (``word/comments.xml``) and where it is anchored."""

    id: str
    """Word's id of the comment (``w:id``)."""
    author: str | None
    """Who wrote it."""
    initials: str | None
    """The author's initials, or None."""
    date: _dt.datetime | None
    """When, or None."""
    text: str
    """The comment's text; paragraphs joined with a line feed."""
    paragraphs: tuple[int, ...]
    """The numbers of the paragraphs the comment's range covers (or its reference sits in)."""
    line: int | None = None
    """The line of the comment in the comments part."""


@dataclass(frozen=True, slots=True)
class WordFootnote:
    """A footnote of the document (Word's footnote tool), at the paragraph that refers to it."""

    mark: str
    """The footnote's number as Word shows it: ``1``, ``2`` … in the order of the references."""
    text: str
    """The footnote's text (tracked changes accepted); paragraphs joined with a line feed."""
    paragraph: int
    """The number of the body paragraph holding the reference."""


BodyItem = WordParagraph | WordTable
"""A paragraph or table of the document body."""


@dataclass(frozen=True, slots=True)
class WordDocument:
    """A .docx read into paragraphs with tracked changes."""

    source: Path | None
    """The file read, or None for bytes."""
    part: str
    """The name of the main document part."""
    body: tuple[BodyItem, ...]
    """The body's paragraphs and tables in order (table paragraphs are inside the tables)."""
    comments: tuple[WordComment, ...]
    """The comments, in the order of the comments part."""
    format_changes: tuple[FormatChange, ...]
    """Formatting-only tracked changes."""
    warnings: tuple[Finding, ...]
    """What the reader could not take over exactly."""
    title: str | None
    """The title in the document's properties, or None."""
    dropped_runs: int = 0
    """Pieces of text inserted and then deleted again (in neither the old nor the new text)."""
    headers: tuple[str, ...] = ()
    """The paragraphs of the page headers (every tracked change accepted), in part order."""
    footnotes: tuple[WordFootnote, ...] = ()
    """The footnotes, in the order of their references."""

    def paragraphs(self) -> Iterator[WordParagraph]:
        """Yield every paragraph in document order, table cells included."""
        for item in self.body:
            if isinstance(item, WordParagraph):
                yield item
            else:
                for row in item.rows:
                    for cell in row.cells:
                        yield from cell
