"""The layout of a written Word document: the handout (見え消し版 or 溶け込み版) and the 新旧対照表.

:class:`Layout` walks a view (:mod:`planrev.views`) and builds the body's elements and the
comments; :func:`planrev.word.package.package` wraps them into a .docx. Inserted and deleted text
of a redline goes into ``w:ins`` / ``w:del`` runs with the author and date; a paragraph or table
row added or deleted as a whole has its mark tracked too, so that "accept all" and "reject all"
leave no empty paragraph behind. How a change is shown is decided in one place,
:meth:`Layout._fill` (and :meth:`Layout._whole` for whole paragraphs and rows).
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from lxml import etree

from planrev.comparison import Op
from planrev.views import (
    ChangeView,
    ComparisonTable,
    HandoutOptions,
    HandoutView,
    KpiView,
    LineView,
    NodeView,
    OpinionBox,
    OpinionView,
    Piece,
)
from planrev.word import elements
from planrev.word.elements import Face, Track, WordFonts
from planrev.word.ooxml import element, encode_bookmark_id, format_word_date, qn, sub_element
from planrev.word.package import (
    ANNOTATION_STYLE,
    BOX_STYLE,
    COMPARISON_STYLE,
    KPI_STYLE,
    LABEL_STYLE,
    MARKER_STYLE,
    NOTE_STYLE,
)

__all__ = ["Layout"]

_LABELS = {"vision": "めざす姿", "initiative": "取組", "text": "本文"}
_NO_REASON = "意見・理由の記録なし"


@dataclass(slots=True)
class Layout:
    """Lays out one document: its body elements and its comments (the package is added by
    :func:`planrev.word.package.package`)."""

    fonts: WordFonts
    author: str
    when: _dt.date | _dt.datetime | None
    landscape: bool = False
    redline: bool = False
    header: tuple[str, ...] = ()
    options: HandoutOptions = field(default_factory=HandoutOptions)
    """What a handout shows beyond the plan's text (opinion numbers, page breaks)."""
    body: list[etree._Element] = field(default_factory=list)
    comments: list[list[str]] = field(default_factory=list)
    """The paragraphs of each comment; comment ``n`` is the ``n``-th."""
    changes: dict[str, ChangeView] = field(default_factory=dict)
    opinions: dict[int, OpinionView] = field(default_factory=dict)
    revisions: int = 0
    bookmarks: set[str] = field(default_factory=set)
    """Bookmark names used so far (a set: a long plan has tens of thousands of bookmarks)."""
    commented: set[str] = field(default_factory=set)
    """Ids of the changes that have their comment already."""

    @property
    def mincho(self) -> Face:
        return (self.fonts.mincho, self.fonts.latin)

    @property
    def gothic(self) -> Face:
        return (self.fonts.gothic, self.fonts.latin)

    # ---- tracked changes ------------------------------------------------------------------

    def _mark(self, track: Literal["ins", "del"]) -> etree._Element:
        """Return a new ``w:ins`` / ``w:del`` with the next revision id, author and date."""
        self.revisions += 1
        attributes = {"w:id": str(self.revisions), "w:author": elements.xml_text(self.author)}
        if self.when is not None:
            attributes["w:date"] = format_word_date(self.when)
        return element(f"w:{track}", attributes)

    def _mark_paragraph(self, paragraph: etree._Element, track: Track) -> None:
        """Mark the paragraph mark itself inserted or deleted (a paragraph added or removed)."""
        if track is None:
            return
        run_properties = sub_element(elements.properties(paragraph, "w:pPr"), "w:rPr")
        run_properties.append(self._mark(track))

    def _mark_row(self, row: etree._Element, track: Track) -> None:
        """Mark a table row inserted or deleted (a KPI row added or removed)."""
        if track is not None:
            elements.properties(row, "w:trPr").append(self._mark(track))

    def _whole(self, status: str) -> Track:
        """Return how a paragraph or row with ``status`` is tracked as a whole."""
        if not self.redline:
            return None
        return "ins" if status == "added" else "del" if status == "deleted" else None

    # ---- bookmarks and comments -------------------------------------------------------------

    def _bookmarked(self, paragraph: etree._Element, node_id: str) -> etree._Element | None:
        """Open the bookmark carrying ``node_id`` in ``paragraph``; return its end (or None when
        the id makes no bookmark name or is already used)."""
        try:
            name = encode_bookmark_id(node_id)
        except ValueError:
            return None
        if name is None or name in self.bookmarks:
            return None
        number = str(len(self.bookmarks))
        self.bookmarks.add(name)
        paragraph.append(element("w:bookmarkStart", {"w:id": number, "w:name": name}))
        return element("w:bookmarkEnd", {"w:id": number})

    def _comment_for(self, change_id: str | None) -> int | None:
        """Return the id of a new comment on change ``change_id``, or None (no redline, unknown
        change, or the change already has its comment: one per change)."""
        if not self.redline or change_id is None:
            return None
        change = self.changes.get(change_id)
        if change is None or change_id in self.commented:
            return None
        self.comments.append(_comment_text(change, self.opinions))
        self.commented.add(change_id)
        return len(self.comments) - 1

    # ---- runs -------------------------------------------------------------------------------

    def _piece_run(self, piece: Piece, face: Face, *, underline: bool = False) -> etree._Element:
        """Return the run of ``piece``: a marker, a note, or text (underlined if ``underline``
        and the text is inserted or deleted: the 新旧対照表's 傍線)."""
        if piece.kind == "marker":
            return elements.run(f"【{piece.text}】", self.gothic, style=MARKER_STYLE)
        if piece.kind == "note":
            return elements.run(piece.text, face, style=ANNOTATION_STYLE)
        changed = piece.op is not Op.EQUAL
        return elements.run(piece.text, face, underline=underline and changed)

    def _fill(
        self,
        paragraph: etree._Element,
        pieces: Sequence[Piece],
        face: Face,
        *,
        whole: Track = None,
        closes: dict[int, list[str]] | None = None,
        offset: int = 0,
        opened: dict[str, int] | None = None,
    ) -> None:
        """Append the runs of ``pieces`` to ``paragraph``, tracked and commented.

        Inserted and deleted text goes into ``w:ins`` / ``w:del``; with ``whole`` (a paragraph or
        row added or deleted as a whole) every run does, markers and notes included. A comment
        range opens before a change's first marker and closes after the change's last piece:
        ``closes`` maps positions (``offset`` + index) to the changes ending there, ``opened``
        holds the ranges still open (shared by the cells of one table row).
        """
        closes = _closing_positions([pieces]) if closes is None else closes
        opened = {} if opened is None else opened
        wrapper: etree._Element | None = None

        def place(run: etree._Element, track: Track) -> None:
            nonlocal wrapper
            if track is None:
                wrapper = None
                paragraph.append(run)
                return
            if wrapper is None or wrapper.tag != qn(f"w:{track}"):
                wrapper = self._mark(track)
                paragraph.append(wrapper)
            if track == "del":
                for text in run.iter(qn("w:t")):
                    text.tag = qn("w:delText")
            wrapper.append(run)

        for index, piece in enumerate(pieces):
            if piece.kind == "marker" and piece.change is not None:
                comment = self._comment_for(piece.change)
                if comment is not None:
                    wrapper = None
                    paragraph.append(element("w:commentRangeStart", {"w:id": str(comment)}))
                    opened[piece.change] = comment
            track: Track = whole
            if track is None and piece.kind == "text" and self.redline:
                track = "ins" if piece.op is Op.INSERT else "del" if piece.op is Op.DELETE else None
            place(self._piece_run(piece, face), track)
            for change_id in closes.get(offset + index, []):
                comment = opened.pop(change_id, None)
                if comment is None:
                    continue
                wrapper = None
                paragraph.append(element("w:commentRangeEnd", {"w:id": str(comment)}))
                reference = elements.run("", None, style="CommentReference")
                sub_element(reference, "w:commentReference", {"w:id": str(comment)})
                place(reference, whole)

    # ---- the handout ------------------------------------------------------------------------

    def handout(self, view: HandoutView, *, redline: bool) -> None:
        """Lay out a handout: title, plan-level notes, then each pillar with its content."""
        self.redline = redline
        self.header = view.header
        self.options = view.options
        self.changes = {change.id: change for change in view.changes}
        self.opinions = {opinion.number: opinion for opinion in view.opinions}
        title = elements.paragraph("Title")
        title.append(elements.run(view.title, self.gothic))
        self.body.append(title)
        self._blocks(view.notes)
        if redline and view.plan_box is not None:
            self._box(view.plan_box)
        for node in view.nodes:
            self._node(node)

    def _node(self, node: NodeView, *, first: bool = False) -> None:
        """Lay out a part: its heading, content and opinion box, then its sub-parts. ``first``
        says it comes right after its parent's heading (no page break between them)."""
        if _skipped(node) or (not self.redline and node.status == "deleted"):
            return
        heading = elements.paragraph(f"Heading{min(max(node.level, 1), 9)}")
        breaks = self.options.page_breaks
        if (node.level == 1 and breaks != "none") or (
            node.level == 2 and breaks == "field" and not first
        ):
            elements.break_page_before(heading)
        self._paragraph_of(heading, node.node_id, node.title, self.gothic, node.status)
        self._blocks(node.blocks)
        if self.redline and node.box is not None:
            self._box(node.box)
        empty = not node.blocks and not (self.redline and node.box is not None)
        for number, child in enumerate(node.children):
            self._node(child, first=empty and number == 0)

    def _blocks(self, blocks: Iterable[LineView | KpiView]) -> None:
        """Lay out a part's content, with a kind label (めざす姿, 取組) where the kind changes."""
        role = "text"
        for block in blocks:
            if isinstance(block, KpiView):
                self._kpi(block)
                continue
            if not self.redline and (block.status == "deleted" or not _kept(block.pieces)):
                continue
            if block.kind == "statement" and block.role != role and block.role in _LABELS:
                role = block.role
                label = elements.paragraph(LABEL_STYLE)
                label.append(elements.run(_LABELS[role], self.gothic))
                self.body.append(label)
            self._line(block)

    def _line(self, line: LineView) -> None:
        style = ("ListBullet" if line.bullet else None) if line.kind == "statement" else NOTE_STYLE
        pieces = self._visible(line.pieces)
        if line.kind == "note":
            pieces = (Piece("note", "【"), *pieces, Piece("note", "】"))
        self._paragraph_of(
            elements.paragraph(style), line.node_id, pieces, self.mincho, line.status
        )

    def _paragraph_of(
        self,
        paragraph: etree._Element,
        node_id: str,
        pieces: Sequence[Piece],
        face: Face,
        status: str,
    ) -> None:
        """Fill a statement or heading paragraph (bookmarked with its id) and add it."""
        whole = self._whole(status)
        self._mark_paragraph(paragraph, whole)
        end = self._bookmarked(paragraph, node_id)
        self._fill(paragraph, self._visible(pieces), face, whole=whole)
        if end is not None:
            paragraph.append(end)
        self.body.append(paragraph)

    def _visible(self, pieces: Sequence[Piece]) -> tuple[Piece, ...]:
        """Return the pieces as this document shows them (a clean copy: the new text only, and
        the （再掲） notes that belong to it)."""
        if self.redline:
            return tuple(pieces)
        return tuple(
            Piece("text", piece.text) if piece.kind == "text" else piece
            for piece in pieces
            if (piece.kind == "text" and piece.op is not Op.DELETE)
            or (piece.kind == "note" and piece.change is None)
        )

    # ---- tables -----------------------------------------------------------------------------

    def table(self, shares: Sequence[int], style: str) -> tuple[etree._Element, list[int]]:
        """Return a new table as wide as the text (see :func:`planrev.word.elements.table`)."""
        return elements.table(shares, style, landscape=self.landscape)

    def _after_table(self, table: etree._Element) -> None:
        """Add ``table`` and an empty paragraph (Word needs one between two tables)."""
        self.body.append(table)
        self.body.append(elements.paragraph())

    def _kpi(self, kpi: KpiView) -> None:
        """Lay out a KPI table: KPI | (単位) | baseline year | target year, then one row per
        indicator; added and deleted rows (or the whole table) are tracked rows."""
        if not self.redline and kpi.status == "deleted":
            return
        unit = any(len(cells) > 1 and cells[1] for cells in kpi.rows)
        table, widths = self.table([55, 15, 15, 15] if unit else [64, 18, 18], KPI_STYLE)
        whole = self._whole(kpi.status)
        header = [
            self._visible(kpi.title),
            *([(Piece("text", "単位"),)] if unit else []),
            *_year_headers([self._visible(cell) for cell in kpi.header]),
        ]
        self._row(table, widths, header, whole, shade=elements.GREY, keep_next=bool(kpi.rows))
        for cells, status in zip(kpi.rows, kpi.row_status, strict=True):
            if not self.redline and status == "deleted":
                continue
            chosen = [cells[0], *([cells[1]] if unit else []), *cells[2:4]]
            self._row(
                table, widths, [self._visible(c) for c in chosen], whole or self._whole(status)
            )
        self._after_table(table)

    def _row(
        self,
        table: etree._Element,
        widths: Sequence[int],
        cells: Sequence[Sequence[Piece]],
        track: Track,
        *,
        shade: str | None = None,
        keep_next: bool = False,
    ) -> None:
        row = sub_element(table, "w:tr")
        self._mark_row(row, track)
        closes = _closing_positions(cells)
        opened: dict[str, int] = {}
        offset = 0
        for width, pieces in zip(widths, cells, strict=True):
            paragraph = elements.cell(row, width, shade=shade)
            if keep_next:
                elements.align(paragraph, "left", keep_next=True)
            self._fill(
                paragraph,
                pieces,
                self.mincho,
                whole=track,
                closes=closes,
                offset=offset,
                opened=opened,
            )
            offset += len(pieces)

    def _box(self, box: OpinionBox) -> None:
        """Lay out an opinion box (★意見): its title, then 意見N and the labels it caused; the
        rows are kept on one page where they fit."""
        table, widths = self.table([80, 20], BOX_STYLE)
        title = elements.cell(sub_element(table, "w:tr"), sum(widths), span=2, shade=elements.GREY)
        elements.align(title, "left", keep_next=True)
        title.append(elements.run(box.title, self.gothic))
        for position, item in enumerate(box.rows, start=1):
            row = sub_element(table, "w:tr")
            sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
            last = position == len(box.rows)
            opinion = elements.cell(row, widths[0])
            elements.align(opinion, "both", keep_next=not last)
            if self.options.opinion_numbers:
                opinion.append(elements.run(f"意見{item.number}　", self.gothic))
            opinion.append(elements.run(item.text, self.mincho))
            labels = elements.cell(row, widths[1])
            elements.align(labels, "left", keep_next=not last)
            labels.append(elements.run("、".join(item.labels), self.mincho))
        self._after_table(table)

    # ---- the 新旧対照表 -------------------------------------------------------------------------

    def comparison(self, table: ComparisonTable) -> None:
        """Lay out a 新旧対照表: a heading row repeated on every page, a location row wherever
        the location changes, then the changed units with their changed passages underlined."""
        self.header = table.header
        title = elements.paragraph("Title")
        title.append(elements.run(f"{table.plan}　{table.title}", self.gothic))
        self.body.append(title)
        columns = table.columns
        shares = {"new": 42, "old": 42, "remarks": 16}
        grid, widths = self.table([shares[column] for column in columns], COMPARISON_STYLE)
        head = sub_element(grid, "w:tr")
        sub_element(sub_element(head, "w:trPr"), "w:tblHeader")
        for width, column in zip(widths, columns, strict=True):
            paragraph = elements.cell(head, width, shade=elements.GREY)
            elements.align(paragraph, "center")
            paragraph.append(elements.run(table.heading(column), self.gothic))
        if not table.rows:
            paragraph = elements.cell(sub_element(grid, "w:tr"), sum(widths), span=len(widths))
            paragraph.append(elements.run("変更はありません。", self.mincho))
        location = None
        for item in table.rows:
            if item.location != location:
                location = item.location
                row = sub_element(grid, "w:tr")
                sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
                paragraph = elements.cell(row, sum(widths), span=len(widths), shade="F7F7F7")
                elements.align(paragraph, "left", keep_next=True)
                paragraph.append(elements.run(location, self.gothic))
            row = sub_element(grid, "w:tr")
            sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
            for width, column in zip(widths, columns, strict=True):
                paragraph = elements.cell(row, width)
                elements.align(paragraph, "left")
                for piece in table.cell(item, column):
                    paragraph.append(self._piece_run(piece, self.mincho, underline=True))
        self._after_table(grid)
        note = elements.paragraph(NOTE_STYLE)
        note.append(elements.run("（注）傍線部分は改正部分である。", self.mincho))
        self.body.append(note)


def _kept(pieces: Sequence[Piece]) -> bool:
    """Return whether a clean copy keeps anything of a line: some new text (or it is empty)."""
    return not pieces or any(p.kind == "text" and p.op is not Op.DELETE for p in pieces)


def _skipped(node: NodeView) -> bool:
    """Return whether a node is left out: an unchanged excerpt title with nothing under it."""
    return (
        node.omitted
        and node.status == "same"
        and not node.blocks
        and all(_skipped(child) for child in node.children)
    )


def _year_headers(header: Sequence[Sequence[Piece]]) -> list[tuple[Piece, ...]]:
    """Return the KPI year cells: the years alone (``2023``) as the handouts print them, or
    labelled (``基準値（2023）``) when a year is missing or changed, so that the importer still
    tells the baseline column from the target column."""
    plain = all(
        cell and all(piece.kind == "text" and piece.op is Op.EQUAL for piece in cell)
        for cell in header
    )
    if plain:
        return [tuple(cell) for cell in header]
    return [
        (Piece("text", f"{label}（"), *cell, Piece("text", "）"))
        if cell
        else (Piece("text", label),)
        for label, cell in zip(("基準値", "目標値"), header, strict=False)
    ]


def _closing_positions(cells: Sequence[Sequence[Piece]]) -> dict[int, list[str]]:
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


def _comment_text(change: ChangeView, opinions: dict[int, OpinionView]) -> list[str]:
    """Return the paragraphs of a change's comment: 「追加① ← 意見1: …」, then any further
    opinions and the declared reason (「※…」); a change nothing explains says so."""
    lines: list[str] = []
    for number in change.opinions:
        opinion = opinions.get(number)
        lines.append(f"意見{number}: {opinion.text if opinion is not None else ''}")
    if change.reason:
        lines.append(f"※{change.reason}")
    if not lines:
        lines.append(f"（{_NO_REASON}）")
    return [f"{change.label} ← {lines[0]}", *lines[1:]]
