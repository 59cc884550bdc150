"""The layout of a written Word document: the handout (tracked, 見え消し or 溶け込み) and the
新旧対照表.

:class:`Layout` walks a view (:mod:`planrev.views`) and builds the body's elements and the
comments; :func:`planrev.word.package.package` wraps them into a .docx. A handout is laid out in
one of three styles:

- ``tracked`` — the plan's text only, every change a Word tracked change
  (:mod:`planrev.word.tracking` says which), the opinions and reasons in comments; no markers, no
  opinion boxes. Accepting every change gives the new draft, rejecting every change the old one.
- ``mikeshi`` — the printed 見え消し版: markers 【追加①】, inserted text underlined (``w:u``),
  deleted text struck (``w:strike``), notes and opinion boxes, all ordinary formatting.
- ``clean`` — the 溶け込み版: the new text only.

How a change is shown is decided in :meth:`Layout._shown` (which line, row or cell is tracked
how) and :meth:`Layout._fill` (each piece of text).
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
    StructureEntry,
)
from planrev.word import elements
from planrev.word.elements import Face, WordFonts
from planrev.word.ooxml import element, encode_bookmark_id, qn, sub_element
from planrev.word.package import (
    ANNOTATION_STYLE,
    BOX_STYLE,
    COMPARISON_STYLE,
    KPI_STYLE,
    LABEL_STYLE,
    LEGEND_STYLE,
    MARKER_STYLE,
    NOTE_STYLE,
    SPACER_STYLE,
    STRUCTURE_STYLE,
)
from planrev.word.texts import KIND_LABELS, YEAR_LABELS
from planrev.word.tracking import (
    DELETED,
    INSERTED,
    MOVED_FROM,
    MOVED_TO,
    PLAIN,
    Mark,
    Shown,
    Tracker,
    closing_positions,
    comment_text,
    row_mark,
    track_of,
)

__all__ = ["HandoutStyle", "Layout"]

HandoutStyle = Literal["tracked", "mikeshi", "clean"]
"""How a handout shows its changes: tracked changes, printed 見え消し, or not at all."""
Context = Literal["from", "to"] | None
"""Inside a part that moved: where it stood (``from``), where it went (``to``), or neither."""

_LEGEND = (
    ("text", "見え消し版の見方: "),
    ("marker", "【追加①】"),
    ("text", "等は変更箇所の記号、"),
    ("ins", "下線"),
    ("text", "は追加、"),
    ("del", "取消線"),
    ("text", "は削除を表します。★意見は意見と、それにより変更した箇所の記号です。"),
)


@dataclass(slots=True)
class Layout:
    """Lays out one document: its body elements and its comments (the package is added by
    :func:`planrev.word.package.package`)."""

    fonts: WordFonts
    author: str
    when: _dt.date | _dt.datetime | None
    landscape: bool = False
    style: HandoutStyle = "clean"
    """How a handout shows its changes."""
    header: tuple[str, ...] = ()
    options: HandoutOptions = field(default_factory=HandoutOptions)
    """What a handout shows beyond the plan's text (opinion numbers, legend, page breaks)."""
    body: list[etree._Element] = field(default_factory=list)
    comments: list[list[str]] = field(default_factory=list)
    """The paragraphs of each comment; comment ``n`` is the ``n``-th."""
    changes: dict[str, ChangeView] = field(default_factory=dict)
    opinions: dict[int, OpinionView] = field(default_factory=dict)
    tracker: Tracker | None = None
    """The revision marks' numbering (made from ``author`` and ``when``)."""
    bookmarks: set[str] = field(default_factory=set)
    """Bookmark names used so far (a set: a long plan has tens of thousands of bookmarks)."""
    commented: set[str] = field(default_factory=set)
    """Ids of the changes that have their comment already."""

    def __post_init__(self) -> None:
        self.tracker = Tracker(self.author, self.when)

    @property
    def marks(self) -> Tracker:
        assert self.tracker is not None  # set in __post_init__
        return self.tracker

    @property
    def tracked(self) -> bool:
        return self.style == "tracked"

    @property
    def mincho(self) -> Face:
        return (self.fonts.mincho, self.fonts.latin)

    @property
    def gothic(self) -> Face:
        return (self.fonts.gothic, self.fonts.latin)

    # ---- what is tracked how -----------------------------------------------------------------

    def _shown(self, status: str, change_id: str | None, context: Context) -> Shown | None:
        """Return how a line, heading or KPI row with ``status`` (and its change) is shown, or
        None when it is left out (a deletion inside a part that moved here: its old text stands
        where the part stood). Not tracked unless the handout is."""
        if not self.tracked:
            return PLAIN
        if context == "from":
            return MOVED_FROM
        if context == "to":
            if status in {"deleted", "moved"}:
                return None
            return INSERTED if status == "added" else MOVED_TO
        if status == "added":
            return INSERTED
        if status == "deleted":
            return DELETED
        if status == "moved":
            return MOVED_FROM
        change = self.changes.get(change_id) if change_id is not None else None
        if change is not None and status == "changed":
            if change.moved:
                return MOVED_TO
            if change.prior_unknown:  # the old text is unknown: the new text as inserted
                return Shown("ins", None)
        return PLAIN

    def _context(self, node: NodeView, context: Context) -> Context:
        """Return the move context of a part's content: inherited, or the part's own move."""
        if context is not None or not self.tracked:
            return context
        if node.status == "moved":
            return "from"
        change = self.changes.get(_change_of(node.title) or "")
        if node.status == "changed" and change is not None and change.moved:
            return "to"
        return None

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
        """Return the id of a new comment on change ``change_id``, or None (not a tracked
        document, unknown change, or the change already has its comment: one per change)."""
        if not self.tracked or change_id is None:
            return None
        change = self.changes.get(change_id)
        if change is None or change_id in self.commented:
            return None
        self.comments.append(comment_text(change, self.opinions))
        self.commented.add(change_id)
        return len(self.comments) - 1

    # ---- runs -------------------------------------------------------------------------------

    def _piece_run(self, piece: Piece, face: Face, *, underline: bool = False) -> etree._Element:
        """Return the run of ``piece``: a marker, a note, or text — in a 見え消し版 underlined
        when inserted and struck when deleted; in a 新旧対照表 (``underline``) underlined when
        changed (傍線)."""
        if piece.kind == "marker":
            return elements.run(f"【{piece.text}】", self.gothic, style=MARKER_STYLE)
        if piece.kind == "note":
            return elements.run(piece.text, face, style=ANNOTATION_STYLE)
        changed = piece.op is not Op.EQUAL
        if self.style == "mikeshi" and not underline:
            return elements.run(
                piece.text, face, underline=piece.op is Op.INSERT, strike=piece.op is Op.DELETE
            )
        return elements.run(piece.text, face, underline=underline and changed)

    def _fill(
        self,
        paragraph: etree._Element,
        pieces: Sequence[Piece],
        face: Face,
        shown: Shown = PLAIN,
        *,
        closes: dict[int, list[str]] | None = None,
        offset: int = 0,
        opened: dict[str, int] | None = None,
    ) -> None:
        """Append the runs of ``pieces`` to ``paragraph``, tracked as ``shown`` says.

        In a tracked document markers and the notes of a change (※理由, ※移動) are left out —
        the change's comment says them —, the notes of the text (（再掲）, the 【】 of an
        editorial note) are text, and each piece of text is tracked by
        :func:`~planrev.word.tracking.track_of`. A comment range opens where a change's marker
        stood and closes after the change's last piece: ``closes`` maps positions (``offset`` +
        index) to the changes ending there, ``opened`` holds the ranges still open (shared by
        the cells of one table row).
        """
        closes = closing_positions([pieces]) if closes is None else closes
        opened = {} if opened is None else opened
        wrapper: etree._Element | None = None
        tracked = self.tracked
        # A paragraph added, deleted or moved as a whole gets a comment at a point, not over a
        # range: LibreOffice joins the paragraphs around a comment range wrongly.
        ranged = shown.mark is None

        def markup(node: etree._Element) -> None:
            # Inside the open revision, so that LibreOffice keeps it one change (a comment
            # range between two parts of one change makes it join paragraphs wrongly).
            (paragraph if wrapper is None else wrapper).append(node)

        def place(run: etree._Element, track: Mark | None) -> None:
            nonlocal wrapper
            if track is None:
                wrapper = None
                paragraph.append(run)
                return
            if wrapper is None or wrapper.tag != qn(f"w:{track}"):
                wrapper = self.marks.mark(track)
                paragraph.append(wrapper)
            if track in {"del", "moveFrom"}:
                for text in run.iter(qn("w:t")):
                    text.tag = qn("w:delText")
            wrapper.append(run)

        whole = track_of(shown.text, Op.EQUAL)
        for index, piece in enumerate(pieces):
            if piece.kind == "marker" and piece.change is not None:
                comment = self._comment_for(piece.change)
                if comment is not None:
                    if ranged:
                        markup(element("w:commentRangeStart", {"w:id": str(comment)}))
                    opened[piece.change] = comment
            if not tracked:
                place(self._piece_run(piece, face), None)
            elif piece.kind == "text":
                track = track_of(shown.text, piece.op)
                if track != "skip":
                    place(self._piece_run(piece, face), track)
            elif piece.kind == "note" and piece.change is None and whole != "skip":
                place(self._piece_run(piece, face), whole)
            for change_id in closes.get(offset + index, []):
                comment = opened.pop(change_id, None)
                if comment is None:
                    continue
                if ranged:
                    markup(element("w:commentRangeEnd", {"w:id": str(comment)}))
                reference = elements.run("", None, style="CommentReference")
                sub_element(reference, "w:commentReference", {"w:id": str(comment)})
                place(reference, None if whole == "skip" else whole)

    # ---- the handout ------------------------------------------------------------------------

    def handout(self, view: HandoutView, style: HandoutStyle) -> None:
        """Lay out a handout in ``style``: title, (見え消し版: legend and structure overview,)
        plan-level notes, then each pillar with its content."""
        self.style = style
        self.marks.forget_moves()
        self.header = view.header
        self.options = view.options
        self.changes = {change.id: change for change in view.changes}
        self.opinions = {opinion.number: opinion for opinion in view.opinions}
        title = elements.paragraph("Title")
        pieces: tuple[Piece, ...] = (Piece("text", view.title),)
        if self.tracked and view.old_title and view.old_title != view.title:
            pieces = (
                Piece("text", view.old_title, Op.DELETE),
                Piece("text", view.title, Op.INSERT),
            )
        self._fill(title, pieces, self.gothic)
        self.body.append(title)
        if style == "mikeshi":
            if view.options.legend:
                self._legend(view)
            if view.options.structure and view.structure:
                self._structure(view.structure)
        self._blocks(view.notes, None)
        if style == "mikeshi" and view.plan_box is not None:
            self._box(view.plan_box)
        for node in view.nodes:
            self._node(node, None)
        if self.tracked:  # Word keeps the last paragraph mark: an untracked one of its own
            self._spacer()

    def _spacer(self) -> None:
        """Add an untracked spacer paragraph holding a space, for the paragraphs added or
        deleted as a whole before it to join (LibreOffice joins a paragraph into an empty one,
        or one before a table, wrongly)."""
        spacer = elements.paragraph(SPACER_STYLE)
        spacer.append(elements.run(" ", None))
        self.body.append(spacer)

    def _node(self, node: NodeView, context: Context, *, first: bool = False) -> None:
        """Lay out a part: its heading, content and opinion box, then its sub-parts. ``first``
        says it comes right after its parent's heading (no page break between them)."""
        if _skipped(node, self.tracked) or (self.style == "clean" and node.status == "deleted"):
            return
        inner = self._context(node, context)
        shown = self._shown(node.status, _change_of(node.title), inner)
        if shown is None:
            return  # a part deleted inside a part that moved here: shown where it stood
        heading = elements.paragraph(f"Heading{min(max(node.level, 1), 9)}")
        breaks = self.options.page_breaks
        if (node.level == 1 and breaks != "none") or (
            node.level == 2 and breaks == "field" and not first
        ):
            elements.break_page_before(heading)
        root = inner is not None and context is None
        move = self._open_move(heading, node.title, inner) if root else None
        self._paragraph_of(heading, node.node_id, node.title, self.gothic, shown)
        self._blocks(node.blocks, inner, labelled=self.style == "mikeshi")
        if self.style == "mikeshi" and node.box is not None:
            self._box(node.box)
        empty = not node.blocks and not (self.style == "mikeshi" and node.box is not None)
        for number, child in enumerate(node.children):
            self._node(child, inner, first=empty and number == 0)
        if move is not None:
            self._close_move(move)

    def _open_move(
        self, paragraph: etree._Element, pieces: Sequence[Piece], context: Context
    ) -> etree._Element | None:
        """Open the move range of the part or line that moved (``context``) in ``paragraph``;
        return the range's end, to be added after its last paragraph."""
        change_id = _change_of(pieces)
        if change_id is None or context is None:
            return None
        start, end = self.marks.move_range(change_id, context)
        paragraph.append(start)
        return end

    def _close_move(self, end: etree._Element) -> None:
        """Close a move range at the end of the last paragraph laid out."""
        last = next(item for item in reversed(self.body) if item.tag == qn("w:p"))
        last.append(end)

    def _blocks(
        self, blocks: Iterable[LineView | KpiView], context: Context, *, labelled: bool = False
    ) -> None:
        """Lay out a part's content, with a kind label (めざす姿, 取組) where the kind changes:
        in a tracked document, where it changes in the new draft, in the old one, or both.

        A statement right after the heading is 本文 unless labelled; with ``labelled`` (the
        見え消し版, read back by the marked rules, which take an unlabelled statement under a
        heading for めざす姿 or 取組), a 本文 there is labelled too."""
        new_role = old_role = "" if labelled else "text"
        for block in blocks:
            if isinstance(block, KpiView):
                self._kpi(block, context)
                continue
            if self.style == "clean" and (block.status == "deleted" or not _kept(block.pieces)):
                continue
            shown = self._shown(block.status, _change_of(block.pieces, block.changes), context)
            if shown is None:
                continue
            if block.kind == "statement":
                new = block.role if shown.text in {"plain", "ins", "to"} else None
                old = (
                    block.old_role or block.role
                    if shown.text in {"plain", "del", "from"} or shown == Shown("ins", None)
                    else None
                )
                if not self.tracked:
                    old = new = block.role
                new_label = new if new is not None and new != new_role else None
                old_label = old if old is not None and old != old_role else None
                if new_label == old_label and new_label is not None:
                    self._label(new_label, PLAIN)
                else:  # (inside a part that moved, moved with it)
                    if old_label is not None:
                        self._label(old_label, MOVED_FROM if context == "from" else DELETED)
                    if new_label is not None:
                        self._label(new_label, MOVED_TO if context == "to" else INSERTED)
                new_role, old_role = new or new_role, old or old_role
            self._line(block, shown, context)

    def _label(self, role: str, shown: Shown) -> None:
        """Add a kind label paragraph (めざす姿, 取組, 本文) where the label is known."""
        if role not in KIND_LABELS:
            return
        label = elements.paragraph(LABEL_STYLE)
        self.marks.mark_paragraph(label, shown.mark)
        self._fill(label, (Piece("text", KIND_LABELS[role]),), self.gothic, shown)
        self.body.append(label)

    def _line(self, line: LineView, shown: Shown, context: Context) -> None:
        style = ("ListBullet" if line.bullet else None) if line.kind == "statement" else NOTE_STYLE
        pieces = self._visible(line.pieces)
        if line.kind == "note":
            pieces = (Piece("note", "【"), *pieces, Piece("note", "】"))
        paragraph = elements.paragraph(style)
        move = None
        if context is None and shown in (MOVED_FROM, MOVED_TO):
            move = self._open_move(paragraph, line.pieces, "from" if shown == MOVED_FROM else "to")
        self._paragraph_of(paragraph, line.node_id, pieces, self.mincho, shown)
        if move is not None:
            self._close_move(move)

    def _paragraph_of(
        self,
        paragraph: etree._Element,
        node_id: str,
        pieces: Sequence[Piece],
        face: Face,
        shown: Shown,
    ) -> None:
        """Fill a statement or heading paragraph (bookmarked with its id) and add it."""
        self.marks.mark_paragraph(paragraph, shown.mark)
        # A part that moved carries its id where it went (bookmark names are unique).
        end = None if shown == MOVED_FROM else self._bookmarked(paragraph, node_id)
        self._fill(paragraph, self._visible(pieces), face, shown)
        if end is not None:
            paragraph.append(end)
        self.body.append(paragraph)

    def _visible(self, pieces: Sequence[Piece]) -> tuple[Piece, ...]:
        """Return the pieces as this document shows them (a clean copy: the new text only, and
        the （再掲） notes that belong to it)."""
        if self.style != "clean":
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

    def _after_table(self, table: etree._Element, mark: Mark | None = None) -> None:
        """Add ``table`` and a spacer paragraph (Word needs one between two tables), its mark
        tracked with a table added or deleted as a whole."""
        self.body.append(table)
        spacer = elements.paragraph(SPACER_STYLE)
        self.marks.mark_paragraph(spacer, None if mark is None else row_mark(mark))
        self.body.append(spacer)

    def _kpi(self, kpi: KpiView, context: Context) -> None:
        """Lay out a KPI table: KPI | (単位) | baseline year | target year, then one row per
        indicator; added and deleted rows (or the whole table) are tracked rows."""
        if kpi.status in {"deleted", "moved"} and (
            self.style == "clean" or (self.tracked and context == "to")
        ):
            return  # (a table deleted inside a part that moved here: shown where it stood)
        whole = self._table_shown(kpi, context)
        if self.tracked and _whole_paragraph(self.body[-1]):
            self._spacer()  # a paragraph cannot join a table
        unit = any(len(cells) > 1 and cells[1] for cells in kpi.rows)
        table, widths = self.table([55, 15, 15, 15] if unit else [64, 18, 18], KPI_STYLE)
        years = (
            _year_headers([self._visible(cell) for cell in kpi.header])
            if self.style == "mikeshi"
            else _year_cells(kpi.header, tracked=self.tracked)
        )
        header = [
            self._visible(kpi.title),
            *([(Piece("text", "単位"),)] if unit else []),
            *years,
        ]
        # The header's first cell carries the table's id, each row's first cell the row's (a
        # part that moved carries its ids where it went; a row shown twice, where it went).
        self._row(
            table,
            widths,
            header,
            whole or PLAIN,
            shade=elements.GREY,
            keep_next=bool(kpi.rows),
            node_id=None if context == "from" else kpi.node_id,
        )
        kept = {
            row_id
            for row_id, status in zip(kpi.row_ids, kpi.row_status, strict=True)
            if status not in {"deleted", "moved"}
        }
        for cells, row_id, status in zip(kpi.rows, kpi.row_ids, kpi.row_status, strict=True):
            if self.style == "clean" and status == "deleted":
                continue
            if whole is not None:
                if whole.text == "ins" and status in {"deleted", "moved"}:
                    continue  # the old rows of a table that moved here stand where it stood
                shown: Shown | None = whole
            else:
                shown = self._shown(status, row_id, None)
                shown = INSERTED if shown == MOVED_TO else DELETED if shown == MOVED_FROM else shown
            if shown is None:
                continue
            chosen = [cells[0], *([cells[1]] if unit else []), *cells[2:4]]
            # (a row that moved away carries its id where it went, in this table or another)
            away = (
                context == "from" or status == "moved" or (status == "deleted" and row_id in kept)
            )
            self._row(
                table,
                widths,
                [self._visible(c) for c in chosen],
                shown,
                node_id=None if away else row_id,
            )
        self._after_table(table, whole.mark if whole is not None else None)

    def _table_shown(self, kpi: KpiView, context: Context) -> Shown | None:
        """Return how a KPI table is tracked as a whole (every row), or None: row by row."""
        if not self.tracked:
            return None
        table_change = self.changes.get(kpi.node_id) if kpi.node_id in kpi.changes else None
        if context == "from" or kpi.status in {"deleted", "moved"}:
            return DELETED
        if context == "to" or kpi.status == "added" or (table_change and table_change.moved):
            return INSERTED
        return None

    def _row(
        self,
        table: etree._Element,
        widths: Sequence[int],
        cells: Sequence[Sequence[Piece]],
        shown: Shown,
        *,
        shade: str | None = None,
        keep_next: bool = False,
        node_id: str | None = None,
    ) -> None:
        """Add a row; its first cell is bookmarked with ``node_id`` (if any)."""
        row = sub_element(table, "w:tr")
        self.marks.mark_row(row, shown.mark)
        closes = closing_positions(cells)
        opened: dict[str, int] = {}
        offset = 0
        for position, (width, pieces) in enumerate(zip(widths, cells, strict=True)):
            paragraph = elements.cell(row, width, shade=shade)
            if keep_next:
                elements.align(paragraph, "left", keep_next=True)
            end = (
                self._bookmarked(paragraph, node_id)
                if position == 0 and node_id is not None
                else None
            )
            self._fill(
                paragraph,
                pieces,
                self.mincho,
                Shown(shown.text),
                closes=closes,
                offset=offset,
                opened=opened,
            )
            if end is not None:
                paragraph.append(end)
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

    def _legend(self, view: HandoutView) -> None:
        """Lay out the legend box of a 見え消し版: what the markers, underline and strike mean."""
        table, widths = self.table([100], LEGEND_STYLE)
        paragraph = elements.cell(sub_element(table, "w:tr"), widths[0])
        elements.align(paragraph, "left")
        if view.old_meeting:
            paragraph.append(
                elements.run(f"{view.old_meeting}の案からの変更を示しています。", self.mincho)
            )
        for kind, text in _LEGEND:
            if kind == "marker":
                paragraph.append(elements.run(text, self.gothic, style=MARKER_STYLE))
            else:
                paragraph.append(
                    elements.run(text, self.mincho, underline=kind == "ins", strike=kind == "del")
                )
        self._after_table(table)

    def _structure(self, entries: Sequence[StructureEntry]) -> None:
        """Lay out the structure overview (体系) of a 見え消し版: a box listing every pillar,
        field and section title, indented by level."""
        table, widths = self.table([100], STRUCTURE_STYLE)
        cell = elements.cell(sub_element(table, "w:tr"), widths[0], shade=elements.GREY)
        elements.align(cell, "left", keep_next=True)
        cell.append(elements.run("体系", self.gothic))
        paragraph = elements.cell(sub_element(table, "w:tr"), widths[0])
        holder = paragraph.getparent()  # the cell: one paragraph per title
        assert holder is not None
        for number, entry in enumerate(entries):
            if number:
                paragraph = sub_element(holder, "w:p")
            elements.indent(paragraph, 420 * (entry.level - 1))
            if entry.level < 3:
                # Pillar and field titles bold, the pillar's a size larger, as in the HTML and
                # PDF handouts: the printed page shows the diagram's levels (and the PDF import
                # reads them as the structure page's headings).
                size = self.fonts.size + 1.5 if entry.level == 1 else None
                paragraph.append(elements.run(entry.title, self.gothic, bold=True, size=size))
            else:
                paragraph.append(elements.run(entry.title, self.mincho))
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


def _change_of(pieces: Sequence[Piece], changes: Sequence[str] = ()) -> str | None:
    """Return the id of the change a line or heading shows (its own, else the first one its
    pieces belong to), or None."""
    if changes:
        return changes[0]
    return next((piece.change for piece in pieces if piece.change is not None), None)


def _whole_paragraph(item: etree._Element) -> bool:
    """Return whether ``item`` is a paragraph whose paragraph mark is tracked."""
    run_properties = item.find(f"{qn('w:pPr')}/{qn('w:rPr')}")
    return item.tag == qn("w:p") and run_properties is not None and len(run_properties) > 0


def _kept(pieces: Sequence[Piece]) -> bool:
    """Return whether a clean copy keeps anything of a line: some new text (or it is empty)."""
    return not pieces or any(p.kind == "text" and p.op is not Op.DELETE for p in pieces)


def _skipped(node: NodeView, tracked: bool = False) -> bool:
    """Return whether a node is left out: a title of an excerpt with nothing under it (in a
    tracked document even when its title changed, as in either draft alone)."""
    return (
        node.omitted
        and (tracked or node.status == "same")
        and not node.blocks
        and all(_skipped(child, tracked) for child in node.children)
    )


def _year_headers(header: Sequence[Sequence[Piece]]) -> list[tuple[Piece, ...]]:
    """Return the KPI year cells of a 見え消し版: the years alone (``2023``) as the handouts
    print them, or labelled (``基準値（2023）``) when a year is missing or changed, so that the
    importer still tells the baseline column from the target column."""
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
        for label, cell in zip(YEAR_LABELS, header, strict=False)
    ]


def _year_cells(header: Sequence[Sequence[Piece]], *, tracked: bool) -> list[tuple[Piece, ...]]:
    """Return the KPI year cells of a tracked document or a clean copy: each the year, or its
    label (基準値, 目標値) when the draft has no year; a changed cell deletes the old one and
    inserts the new one."""
    cells: list[tuple[Piece, ...]] = []
    for label, cell in zip(YEAR_LABELS, header, strict=False):
        old = "".join(p.text for p in cell if p.kind == "text" and p.op is not Op.INSERT) or label
        new = "".join(p.text for p in cell if p.kind == "text" and p.op is not Op.DELETE) or label
        if old == new or not tracked:
            cells.append((Piece("text", new),))
        else:
            cells.append((Piece("text", old, Op.DELETE), Piece("text", new, Op.INSERT)))
    return cells
