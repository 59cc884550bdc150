"""Write Word documents: the redline with native tracked changes, the clean copy, the 新旧対照表.

Three documents, each rendered from a view (compare → view → template; no comparison logic here):

- :func:`write_redline` — the 見え消し版 of a :class:`~planrev.views.HandoutView`: inserted text in
  real ``w:ins`` runs and deleted text in ``w:del`` runs (``w:delText``), each with its author and
  date, so that Word and LibreOffice show them as tracked changes the secretariat can accept or
  reject. A statement or heading added (deleted) as a whole also has its paragraph mark inserted
  (deleted), so that "accept all" and "reject all" give exactly the new and the old draft. Each
  change has its marker 【追加①】 and one Word comment anchored to it, reading
  「追加① ← 意見1: …」 (or the declared reason, 「削除 ← ※…」). KPI tables are Word tables with the
  changes inside their cells (added and deleted rows are tracked rows); each opinion box (★意見) is
  a bordered table after its part's own content.
- :func:`write_clean` — the 溶け込み版: the new text only, no marks, no comments, no opinion boxes.
- :func:`write_comparison_table` — the 新旧対照表 of a :class:`~planrev.views.ComparisonTable` in the
  ministries' format: the new text (改正後) and the old text (改正前) side by side, the changed
  passages underlined (傍線), optionally a 備考 column.

Conventions that make the documents read back (:func:`planrev.word.import_word`):

- markers 【追加①】 are runs in the character style ``planrev Marker`` and notes (（再掲）,
  ※理由, ※移動) runs in ``planrev Annotation``: decoration, not text of the plan; the importer
  skips them. In a paragraph added or deleted as a whole they are inserted or deleted with it, so
  "reject all" / "accept all" leave none behind; in a changed paragraph they are ordinary text;
- the kind of the statements that follow is given by a label paragraph (めざす姿, 取組, 本文 in the
  paragraph style ``planrev Label``) wherever it changes;
- every statement and heading paragraph carries a hidden bookmark ``_pr_<id>`` holding its node id
  (:func:`planrev.word.ooxml.encode_bookmark_id`), so that an import keeps the ids;
- headings use the styles 見出し 1–4 (Heading 1–4), bullets the style List Bullet (・).

The output is deterministic: revision, comment and bookmark ids are numbered in document order,
dates come from the data (the new draft's meeting date, or the ``date`` given), the package's
properties carry that date too and the zip entries a fixed time, so that the same view always
gives the same bytes. Characters XML forbids (control characters) in any text are written as
visible escapes (``\\x01``; :func:`planrev.word.ooxml.xml_safe_text`), never as a corrupt file.

Fonts: Japanese text is set in MS 明朝 (headings MS ゴシック; Word's names, with a full-width
"MS") through ``w:rFonts
w:eastAsia`` on the document defaults, the styles and every run, with the language ``ja-JP``;
LibreOffice without those fonts substitutes Noto Serif CJK JP / Noto Sans CJK JP (or IPAex)
through fontconfig. :class:`WordFonts` chooses others.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Mm
from lxml import etree

from planrev.comparison import Op
from planrev.era import parse_date
from planrev.errors import RenderError
from planrev.i18n import Msg
from planrev.reproducible import FIXED_MOMENT, normalised_zip
from planrev.storage.documents import write_bytes_atomic
from planrev.views import (
    ChangeView,
    ComparisonTable,
    HandoutView,
    KpiView,
    LineView,
    NodeView,
    OpinionBox,
    OpinionView,
    Piece,
)
from planrev.word.ooxml import (
    W_NS,
    element,
    encode_bookmark_id,
    format_word_date,
    qn,
    sub_element,
    xml_safe_text,
)

__all__ = [
    "ANNOTATION_STYLE",
    "BOX_STYLE",
    "LABEL_STYLE",
    "MARKER_STYLE",
    "NOTE_STYLE",
    "WordFonts",
    "clean_docx",
    "comparison_table_docx",
    "redline_docx",
    "write_clean",
    "write_comparison_table",
    "write_redline",
]

MARKER_STYLE = "planrevMarker"
"""The id of the character style of markers (【追加①】); the importer skips runs in it."""
ANNOTATION_STYLE = "planrevAnnotation"
"""The id of the character style of notes (（再掲）, ※理由); the importer skips runs in it."""
LABEL_STYLE = "planrevLabel"
"""The id of the paragraph style of kind labels (めざす姿, 取組, 本文)."""
NOTE_STYLE = "planrevNote"
"""The id of the paragraph style of editorial notes and footnotes."""
BOX_STYLE = "planrevOpinions"
"""The id of the table style of opinion boxes (★意見)."""
KPI_STYLE = "planrevKpi"
"""The id of the table style of KPI tables."""
COMPARISON_STYLE = "planrevComparison"
"""The id of the table style of the 新旧対照表."""

_LABELS = {"vision": "めざす姿", "initiative": "取組", "text": "本文"}
_NO_REASON = "意見・理由の記録なし"


@dataclass(frozen=True, slots=True)
class WordFonts:
    """The fonts of a written document."""

    mincho: str = "\uff2d\uff33 明朝"
    """The East-Asian font of the text (a Mincho face)."""
    gothic: str = "\uff2d\uff33 ゴシック"
    """The East-Asian font of titles, headings and labels (a Gothic face)."""
    latin: str | None = None
    """The font of Latin letters and digits; None: the same as the East-Asian one."""
    size: float = 10.5
    """The text size in points (headings are larger)."""


# --------------------------------------------------------------------------------------------
# Public functions


def redline_docx(
    view: HandoutView,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> bytes:
    """Return the redline (見え消し版) of ``view`` as the bytes of a .docx file.

    ``author`` is the author of every tracked change and comment; ``date`` their date (default:
    the new draft's meeting date, ``view.date``; without either, changes carry no date). A view
    built with ``mode="clean"`` gives a document without tracked changes.
    """
    when = _when(view, date)
    writer = _Writer(fonts or WordFonts(), author=author, when=when)
    writer.handout(view, redline=view.mode == "redline")
    return writer.finish(title=view.title, subject="見え消し版", when=when)


def clean_docx(view: HandoutView, *, fonts: WordFonts | None = None) -> bytes:
    """Return the clean copy (溶け込み版) of ``view`` as the bytes of a .docx file.

    Only the new text is written: deleted text, markers, reasons and opinion boxes are left out
    (so a redline view gives the same document as a clean one).
    """
    when = _when(view, None)
    writer = _Writer(fonts or WordFonts(), author="", when=when)
    writer.handout(view, redline=False)
    return writer.finish(title=view.title, subject="溶け込み版", when=when)


def comparison_table_docx(
    table: ComparisonTable,
    *,
    landscape: bool = True,
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> bytes:
    """Return the 新旧対照表 ``table`` as the bytes of a .docx file.

    The columns and their headings come from ``table.options`` (改正後 / 改正前 / 備考 by
    default); changed passages are underlined (傍線) in both text columns. ``landscape`` lays the
    page out as A4 landscape (default) or portrait; ``date`` goes into the file's properties only.
    """
    writer = _Writer(fonts or WordFonts(), author="", when=date, landscape=landscape)
    writer.comparison(table)
    return writer.finish(title=f"{table.plan} {table.title}", subject=table.title, when=date)


def write_redline(
    view: HandoutView,
    path: Path | str,
    *,
    author: str = "事務局",
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> Path:
    """Write the redline (見え消し版) of ``view`` to ``path`` (see :func:`redline_docx`).

    The file is written whole or not at all; returns the path written.
    """
    return _write(path, redline_docx(view, author=author, date=date, fonts=fonts))


def write_clean(view: HandoutView, path: Path | str, *, fonts: WordFonts | None = None) -> Path:
    """Write the clean copy (溶け込み版) of ``view`` to ``path`` (see :func:`clean_docx`)."""
    return _write(path, clean_docx(view, fonts=fonts))


def write_comparison_table(
    table: ComparisonTable,
    path: Path | str,
    *,
    landscape: bool = True,
    date: _dt.date | _dt.datetime | None = None,
    fonts: WordFonts | None = None,
) -> Path:
    """Write the 新旧対照表 ``table`` to ``path`` (see :func:`comparison_table_docx`)."""
    return _write(path, comparison_table_docx(table, landscape=landscape, date=date, fonts=fonts))


def _when(view: HandoutView, date: _dt.date | _dt.datetime | None) -> _dt.date | None:
    if date is not None:
        return date
    if view.date:
        try:
            return parse_date(view.date)
        except (ValueError, TypeError):  # pragma: no cover - the view writes dates it can read
            return None
    return None


def _write(path: Path | str, data: bytes) -> Path:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing."""
    target = Path(path)
    try:
        write_bytes_atomic(target, data)
    except OSError as exc:
        raise _write_error(target, exc) from exc
    return target


def _write_error(path: Path, exc: OSError) -> RenderError:
    return RenderError(
        Msg(
            f"{path} に書き込めません: {exc.strerror or exc}",
            f"cannot write {path}: {exc.strerror or exc}",
        ),
        hint=Msg(
            "フォルダがあり書き込めるか、Word で開いたままになっていないか確認してください。",
            "check that the folder exists and is writable, and that the file is not open in Word.",
        ),
    )


# --------------------------------------------------------------------------------------------
# Building blocks


def _text(value: str) -> str:
    """Return ``value`` safe for XML (forbidden characters as visible escapes)."""
    return xml_safe_text(value, mode="escape")


Face = tuple[str, str | None]
"""An East-Asian font and a Latin one (None: the East-Asian one for Latin letters too)."""


def _font_attributes(face: Face) -> dict[str, str]:
    """Return explicit ``w:rFonts`` attributes (theme attributes would override them)."""
    east_asian, latin = face
    return {
        "w:ascii": _text(latin or east_asian),
        "w:eastAsia": _text(east_asian),
        "w:hAnsi": _text(latin or east_asian),
        "w:cs": _text(latin or east_asian),
    }


def _run(
    text: str,
    face: Face | None,
    *,
    style: str | None = None,
    underline: bool = False,
) -> etree._Element:
    """Return a ``w:r`` with ``text`` (line breaks as ``w:br``, tabs as ``w:tab``) in the fonts
    ``face`` (None: the style's), underlined or not; in a deletion its ``w:t`` become
    ``w:delText``."""
    run = element("w:r")
    if style is not None or face is not None or underline:
        rpr = sub_element(run, "w:rPr")
        if style is not None:
            sub_element(rpr, "w:rStyle", {"w:val": style})
        if face is not None:
            sub_element(rpr, "w:rFonts", _font_attributes(face))
        if underline:
            sub_element(rpr, "w:u", {"w:val": "single"})
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            node = sub_element(run, "w:t", text=_text("".join(chunk)))
            node.set(qn("xml:space"), "preserve")
            chunk.clear()

    for char in text:
        if char == "\n":
            flush()
            sub_element(run, "w:br")
        elif char == "\t":
            flush()
            sub_element(run, "w:tab")
        else:
            chunk.append(char)
    flush()
    return run


def _paragraph(style: str | None = None, *, align: str | None = None) -> etree._Element:
    paragraph = element("w:p")
    if style is not None or align is not None:
        ppr = sub_element(paragraph, "w:pPr")
        if style is not None:
            sub_element(ppr, "w:pStyle", {"w:val": style})
        if align is not None:
            sub_element(ppr, "w:jc", {"w:val": align})
    return paragraph


Track = Literal["ins", "del"] | None
"""How a run, paragraph mark or table row is tracked: inserted, deleted, or not at all."""

_GREY = "F2F2F2"
"""The shading of table headings."""
_MARGIN_TWIPS = 1134
"""The page margins: 20 mm in twentieths of a point."""


@dataclass(slots=True)
class _Comment:
    id: int
    change: ChangeView
    text: list[str]


@dataclass(slots=True)
class _Writer:
    """Builds one document: body elements, comments, and the package around them."""

    fonts: WordFonts
    author: str
    when: _dt.date | _dt.datetime | None
    landscape: bool = False
    redline: bool = False
    header: tuple[str, ...] = ()
    body: list[etree._Element] = field(default_factory=list)
    comments: list[_Comment] = field(default_factory=list)
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
        attributes = {"w:id": str(self.revisions), "w:author": _text(self.author)}
        if self.when is not None:
            attributes["w:date"] = format_word_date(self.when)
        return element(f"w:{track}", attributes)

    def _mark_paragraph(self, paragraph: etree._Element, track: Track) -> None:
        """Mark the paragraph mark itself inserted or deleted (a paragraph added or removed)."""
        if track is None:
            return
        properties = paragraph.find(qn("w:pPr"))
        if properties is None:
            properties = element("w:pPr")
            paragraph.insert(0, properties)
        run_properties = sub_element(properties, "w:rPr")
        run_properties.append(self._mark(track))

    def _mark_row(self, row: etree._Element, track: Track) -> None:
        if track is None:
            return
        properties = row.find(qn("w:trPr"))
        if properties is None:
            properties = element("w:trPr")
            row.insert(0, properties)
        properties.append(self._mark(track))

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
        comment = _Comment(len(self.comments), change, _comment_text(change, self.opinions))
        self.comments.append(comment)
        self.commented.add(change_id)
        return comment.id

    # ---- runs -------------------------------------------------------------------------------

    def _piece_run(self, piece: Piece, face: Face, *, underline: bool = False) -> etree._Element:
        """Return the run of ``piece``: a marker, a note, or text (underlined if ``underline``
        and the text is inserted or deleted: the 新旧対照表's 傍線)."""
        if piece.kind == "marker":
            return _run(f"【{piece.text}】", self.gothic, style=MARKER_STYLE)
        if piece.kind == "note":
            return _run(piece.text, face, style=ANNOTATION_STYLE)
        changed = piece.op is not Op.EQUAL
        return _run(piece.text, face, underline=underline and changed)

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
                reference = _run("", None, style="CommentReference")
                sub_element(reference, "w:commentReference", {"w:id": str(comment)})
                place(reference, whole)

    # ---- the handout ------------------------------------------------------------------------

    def handout(self, view: HandoutView, *, redline: bool) -> None:
        """Lay out a handout: title, plan-level notes, then each pillar with its content."""
        self.redline = redline
        self.header = view.header
        self.changes = {change.id: change for change in view.changes}
        self.opinions = {opinion.number: opinion for opinion in view.opinions}
        title = _paragraph("Title")
        title.append(_run(view.title, self.gothic))
        self.body.append(title)
        self._blocks(view.notes)
        if redline and view.plan_box is not None:
            self._box(view.plan_box)
        for node in view.nodes:
            self._node(node)

    def _node(self, node: NodeView) -> None:
        if _skipped(node) or (not self.redline and node.status == "deleted"):
            return
        heading = _paragraph(f"Heading{min(max(node.level, 1), 9)}")
        self._paragraph_of(heading, node.node_id, node.title, self.gothic, node.status)
        self._blocks(node.blocks)
        if self.redline and node.box is not None:
            self._box(node.box)
        for child in node.children:
            self._node(child)

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
                label = _paragraph(LABEL_STYLE)
                label.append(_run(_LABELS[role], self.gothic))
                self.body.append(label)
            self._line(block)

    def _line(self, line: LineView) -> None:
        style = ("ListBullet" if line.bullet else None) if line.kind == "statement" else NOTE_STYLE
        pieces = self._visible(line.pieces)
        if line.kind == "note":
            pieces = (Piece("note", "【"), *pieces, Piece("note", "】"))
        self._paragraph_of(_paragraph(style), line.node_id, pieces, self.mincho, line.status)

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

    def _table(self, shares: Sequence[int], style: str) -> tuple[etree._Element, list[int]]:
        """Return a new bordered table as wide as the text, columns in proportion to
        ``shares``, and the column widths."""
        total = (16838 if self.landscape else 11906) - 2 * _MARGIN_TWIPS
        widths = [total * share // sum(shares) for share in shares]
        table = element("w:tbl")
        properties = sub_element(table, "w:tblPr")
        sub_element(properties, "w:tblStyle", {"w:val": style})
        sub_element(properties, "w:tblW", {"w:w": str(sum(widths)), "w:type": "dxa"})
        edges = sub_element(properties, "w:tblBorders")
        for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
            sub_element(
                edges,
                f"w:{edge}",
                {"w:val": "single", "w:sz": "4", "w:space": "0", "w:color": "000000"},
            )
        sub_element(properties, "w:tblLayout", {"w:type": "fixed"})
        sub_element(properties, "w:tblLook", {"w:val": "0000"})
        grid = sub_element(table, "w:tblGrid")
        for width in widths:
            sub_element(grid, "w:gridCol", {"w:w": str(width)})
        return table, widths

    @staticmethod
    def _cell(
        row: etree._Element, width: int, *, span: int = 1, shade: str | None = None
    ) -> etree._Element:
        """Append a cell to ``row``; return its (first and only) paragraph."""
        cell = sub_element(row, "w:tc")
        properties = sub_element(cell, "w:tcPr")
        sub_element(properties, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
        if span > 1:
            sub_element(properties, "w:gridSpan", {"w:val": str(span)})
        if shade is not None:
            sub_element(properties, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade})
        return sub_element(cell, "w:p")

    def _after_table(self, table: etree._Element) -> None:
        """Add ``table`` and an empty paragraph (Word needs one between two tables)."""
        self.body.append(table)
        self.body.append(_paragraph())

    def _kpi(self, kpi: KpiView) -> None:
        """Lay out a KPI table: KPI | (単位) | baseline year | target year, then one row per
        indicator; added and deleted rows (or the whole table) are tracked rows."""
        if not self.redline and kpi.status == "deleted":
            return
        unit = any(len(cells) > 1 and cells[1] for cells in kpi.rows)
        table, widths = self._table([55, 15, 15, 15] if unit else [64, 18, 18], KPI_STYLE)
        whole = self._whole(kpi.status)
        header = [
            self._visible(kpi.title),
            *([(Piece("text", "単位"),)] if unit else []),
            *_year_headers([self._visible(cell) for cell in kpi.header]),
        ]
        self._row(table, widths, header, whole, shade=_GREY, keep_next=bool(kpi.rows))
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
            paragraph = self._cell(row, width, shade=shade)
            if keep_next:
                _align(paragraph, "left", keep_next=True)
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
        table, widths = self._table([80, 20], BOX_STYLE)
        title = self._cell(sub_element(table, "w:tr"), sum(widths), span=2, shade=_GREY)
        _align(title, "left", keep_next=True)
        title.append(_run(box.title, self.gothic))
        for position, item in enumerate(box.rows, start=1):
            row = sub_element(table, "w:tr")
            sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
            last = position == len(box.rows)
            opinion = self._cell(row, widths[0])
            _align(opinion, "both", keep_next=not last)
            opinion.append(_run(f"意見{item.number}　", self.gothic))
            opinion.append(_run(item.text, self.mincho))
            labels = self._cell(row, widths[1])
            _align(labels, "left", keep_next=not last)
            labels.append(_run("、".join(item.labels), self.mincho))
        self._after_table(table)

    # ---- the 新旧対照表 -------------------------------------------------------------------------

    def comparison(self, table: ComparisonTable) -> None:
        """Lay out a 新旧対照表: a heading row repeated on every page, a location row wherever
        the location changes, then the changed units with their changed passages underlined."""
        self.header = table.header
        title = _paragraph("Title")
        title.append(_run(f"{table.plan}　{table.title}", self.gothic))
        self.body.append(title)
        columns = table.columns
        shares = {"new": 42, "old": 42, "remarks": 16}
        grid, widths = self._table([shares[column] for column in columns], COMPARISON_STYLE)
        head = sub_element(grid, "w:tr")
        sub_element(sub_element(head, "w:trPr"), "w:tblHeader")
        for width, column in zip(widths, columns, strict=True):
            paragraph = self._cell(head, width, shade=_GREY)
            _align(paragraph, "center")
            paragraph.append(_run(table.heading(column), self.gothic))
        if not table.rows:
            paragraph = self._cell(sub_element(grid, "w:tr"), sum(widths), span=len(widths))
            paragraph.append(_run("変更はありません。", self.mincho))
        location = None
        for item in table.rows:
            if item.location != location:
                location = item.location
                row = sub_element(grid, "w:tr")
                sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
                paragraph = self._cell(row, sum(widths), span=len(widths), shade="F7F7F7")
                _align(paragraph, "left", keep_next=True)
                paragraph.append(_run(location, self.gothic))
            row = sub_element(grid, "w:tr")
            sub_element(sub_element(row, "w:trPr"), "w:cantSplit")
            for width, column in zip(widths, columns, strict=True):
                paragraph = self._cell(row, width)
                _align(paragraph, "left")
                for piece in table.cell(item, column):
                    paragraph.append(self._piece_run(piece, self.mincho, underline=True))
        self._after_table(grid)
        note = _paragraph(NOTE_STYLE)
        note.append(_run("（注）傍線部分は改正部分である。", self.mincho))
        self.body.append(note)

    # ---- the package ------------------------------------------------------------------------

    def finish(self, *, title: str, subject: str, when: _dt.date | _dt.datetime | None) -> bytes:
        """Put the body into python-docx's package with planrev's page, styles and properties;
        return the .docx bytes."""
        document = docx.Document()
        _page(document, landscape=self.landscape)
        _styles(document, self.fonts)
        _bullets(document, self.fonts)
        _settings(document)
        body = document.element.body
        section = body.find(qn("w:sectPr"))
        assert section is not None  # python-docx's template always has one
        for node in self.body:
            section.addprevious(node)
        self._header_footer(document)
        if self.comments:
            self._comments_part(document)
        _core_properties(document, title=title, subject=subject, author=self.author, when=when)
        etree.cleanup_namespaces(document.element)
        buffer = io.BytesIO()
        document.save(buffer)
        return normalised_zip(buffer.getvalue())

    def _header_footer(self, document: Any) -> None:
        """The header lines in every page's header (right), the page number in the footer."""
        section = document.sections[0]
        header = section.header
        header.is_linked_to_previous = False
        for index, line in enumerate(line for line in self.header if line):
            paragraph = header.paragraphs[0] if index == 0 else header.add_paragraph()
            paragraph.style = document.styles["Header"]
            paragraph._p.append(_run(line, self.mincho))
        footer = section.footer
        footer.is_linked_to_previous = False
        paragraph = footer.paragraphs[0]
        paragraph.style = document.styles["Footer"]
        number = element("w:fldSimple", {"w:instr": " PAGE "})
        number.append(_run("1", self.mincho))
        paragraph._p.append(number)

    def _comments_part(self, document: Any) -> None:
        """Add ``word/comments.xml`` with one comment per change."""
        root = etree.Element(qn("w:comments"), nsmap={"w": W_NS})
        for comment in self.comments:
            attributes = {
                "w:id": str(comment.id),
                "w:author": _text(self.author),
                "w:initials": _text(self.author[:2]),
            }
            if self.when is not None:
                attributes["w:date"] = format_word_date(self.when)
            node = sub_element(root, "w:comment", attributes)
            for index, line in enumerate(comment.text):
                paragraph = sub_element(node, "w:p")
                if index == 0:
                    reference = _run("", None, style="CommentReference")
                    sub_element(reference, "w:annotationRef")
                    paragraph.append(reference)
                paragraph.append(_run(line, self.mincho))
        blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
        part = Part(PackURI("/word/comments.xml"), CT.WML_COMMENTS, blob, document.part.package)
        document.part.relate_to(part, RT.COMMENTS)


def _align(paragraph: etree._Element, how: str, *, keep_next: bool = False) -> None:
    properties = paragraph.find(qn("w:pPr"))
    if properties is None:
        properties = element("w:pPr")
        paragraph.insert(0, properties)
    if keep_next:
        sub_element(properties, "w:keepNext")
    sub_element(properties, "w:jc", {"w:val": how})


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


# --------------------------------------------------------------------------------------------
# The package: page, styles, numbering, properties


def _page(document: Any, *, landscape: bool) -> None:
    """A4, portrait or landscape, 20 mm margins."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    section.header_distance = Mm(8)
    section.footer_distance = Mm(8)


Properties = Sequence[tuple[str, dict[str, str]]]
"""Child elements of ``w:pPr`` or ``w:rPr``: tag and attributes, in schema order."""


def _style(
    styles: etree._Element,
    style_id: str,
    name: str,
    kind: Literal["paragraph", "character", "table"],
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    paragraph: Properties = (),
    run: Properties = (),
    face: Face | None = None,
    gallery: bool = True,
    default: bool = False,
) -> None:
    """Define style ``style_id`` (replacing the template's) with explicit properties."""
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == style_id:
            styles.remove(old)
    style = sub_element(styles, "w:style", {"w:type": kind, "w:styleId": style_id})
    if default:
        style.set(qn("w:default"), "1")
    if style_id.startswith("planrev"):
        style.set(qn("w:customStyle"), "1")
    sub_element(style, "w:name", {"w:val": name})
    if based_on is not None:
        sub_element(style, "w:basedOn", {"w:val": based_on})
    if next_style is not None:
        sub_element(style, "w:next", {"w:val": next_style})
    if gallery:
        sub_element(style, "w:qFormat")
    if paragraph:
        properties = sub_element(style, "w:pPr")
        for tag, attributes in paragraph:
            sub_element(properties, tag, attributes)
    items = list(run)
    if face is not None:
        items.append(("w:rFonts", _font_attributes(face)))
    if items:
        properties = sub_element(style, "w:rPr")
        for tag, attributes in sorted(items, key=lambda item: _RPR_ORDER.index(item[0])):
            sub_element(properties, tag, attributes)
    if kind == "table":
        margins = sub_element(sub_element(style, "w:tblPr"), "w:tblCellMar")
        for side in ("left", "right"):
            sub_element(margins, f"w:{side}", {"w:w": "85", "w:type": "dxa"})


_RPR_ORDER = ["w:rFonts", "w:b", "w:color", "w:sz", "w:szCs"]
"""The schema order of the ``w:rPr`` children the styles use."""


def _half_points(size: float) -> str:
    return str(round(size * 2))


def _styles(document: Any, fonts: WordFonts) -> None:
    """Set the document defaults (fonts, size, ja-JP) and define the styles planrev uses."""
    styles = document.styles.element
    mincho: Face = (fonts.mincho, fonts.latin)
    gothic: Face = (fonts.gothic, fonts.latin)
    size = _half_points(fonts.size)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:  # pragma: no cover - the template has them
        defaults = element("w:docDefaults")
        styles.insert(0, defaults)
    for old in list(defaults):
        defaults.remove(old)
    run_defaults = sub_element(sub_element(defaults, "w:rPrDefault"), "w:rPr")
    sub_element(run_defaults, "w:rFonts", _font_attributes(mincho))
    sub_element(run_defaults, "w:kern", {"w:val": "2"})
    sub_element(run_defaults, "w:sz", {"w:val": size})
    sub_element(run_defaults, "w:szCs", {"w:val": size})
    sub_element(
        run_defaults, "w:lang", {"w:val": "en-US", "w:eastAsia": "ja-JP", "w:bidi": "ar-SA"}
    )
    paragraph_defaults = sub_element(sub_element(defaults, "w:pPrDefault"), "w:pPr")
    sub_element(
        paragraph_defaults, "w:spacing", {"w:after": "0", "w:line": "300", "w:lineRule": "auto"}
    )
    sub_element(paragraph_defaults, "w:jc", {"w:val": "both"})

    _style(styles, "Normal", "Normal", "paragraph", face=mincho, default=True)
    _style(
        styles,
        "Title",
        "Title",
        "paragraph",
        based_on="Normal",
        next_style="Normal",
        paragraph=[("w:spacing", {"w:after": "240"}), ("w:jc", {"w:val": "center"})],
        run=[("w:b", {}), ("w:sz", {"w:val": _half_points(fonts.size + 5.5)})],
        face=gothic,
    )
    for level in range(1, 10):  # 柱, 分野, 施策, then nested sections
        extra = {1: 4.5, 2: 3.0, 3: 1.5}.get(level, 0.5)
        _style(
            styles,
            f"Heading{level}",
            f"heading {level}",
            "paragraph",
            based_on="Normal",
            next_style="Normal",
            paragraph=[
                ("w:keepNext", {}),
                ("w:spacing", {"w:before": "240" if level <= 2 else "160", "w:after": "60"}),
                ("w:jc", {"w:val": "left"}),
                ("w:outlineLvl", {"w:val": str(level - 1)}),
            ],
            run=[("w:b", {}), ("w:sz", {"w:val": _half_points(fonts.size + extra)})],
            face=gothic,
        )
    _style(styles, "ListBullet", "List Bullet", "paragraph", based_on="Normal")
    bullet = styles.findall(qn("w:style"))[-1]
    numbering = sub_element(sub_element(bullet, "w:pPr"), "w:numPr")
    sub_element(numbering, "w:numId", {"w:val": str(_BULLET_NUM_ID)})
    _style(
        styles,
        LABEL_STYLE,
        "planrev Label",
        "paragraph",
        based_on="Normal",
        next_style="Normal",
        paragraph=[("w:keepNext", {}), ("w:spacing", {"w:before": "120"})],
        run=[("w:b", {})],
        face=gothic,
    )
    _style(
        styles,
        NOTE_STYLE,
        "planrev Note",
        "paragraph",
        based_on="Normal",
        run=[("w:sz", {"w:val": _half_points(fonts.size - 1)})],
    )
    _style(
        styles,
        MARKER_STYLE,
        "planrev Marker",
        "character",
        run=[("w:b", {}), ("w:color", {"w:val": "C00000"})],
        face=gothic,
    )
    _style(
        styles,
        ANNOTATION_STYLE,
        "planrev Annotation",
        "character",
        run=[("w:color", {"w:val": "404040"})],
    )
    _style(
        styles,
        "CommentReference",
        "annotation reference",
        "character",
        run=[("w:sz", {"w:val": "18"})],
        gallery=False,
    )
    for table_style, name in (
        (KPI_STYLE, "planrev KPI"),
        (BOX_STYLE, "planrev Opinions"),
        (COMPARISON_STYLE, "planrev Comparison"),
    ):
        _style(styles, table_style, name, "table", gallery=False)
    _style(
        styles,
        "Header",
        "header",
        "paragraph",
        based_on="Normal",
        paragraph=[("w:jc", {"w:val": "right"})],
        run=[("w:sz", {"w:val": _half_points(fonts.size - 1.5)})],
        gallery=False,
    )
    _style(
        styles,
        "Footer",
        "footer",
        "paragraph",
        based_on="Normal",
        paragraph=[("w:jc", {"w:val": "center"})],
        gallery=False,
    )


def _settings(document: Any) -> None:
    """Do not stretch a justified line that ends in a line break (a statement with ``\n``)."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = element("w:compat")
        # w:compat comes after the proofing, tab and spacing settings and before w:rsids
        anchor = settings.find(qn("w:rsids"))
        if anchor is not None:
            anchor.addprevious(compat)
        else:
            settings.append(compat)
    compat.insert(0, element("w:doNotExpandShiftReturn"))


_BULLET_NUM_ID = 90
"""The numbering instance of the ・ bullets (clear of the template's own)."""


def _bullets(document: Any, fonts: WordFonts) -> None:
    """Add the ・ bullet list that the List Bullet style uses."""
    numbering = document.part.numbering_part.element
    abstract = element("w:abstractNum", {"w:abstractNumId": str(_BULLET_NUM_ID)})
    sub_element(abstract, "w:multiLevelType", {"w:val": "singleLevel"})
    level = sub_element(abstract, "w:lvl", {"w:ilvl": "0"})
    sub_element(level, "w:start", {"w:val": "1"})
    sub_element(level, "w:numFmt", {"w:val": "bullet"})
    sub_element(level, "w:suff", {"w:val": "nothing"})
    sub_element(level, "w:lvlText", {"w:val": "・"})
    sub_element(level, "w:lvlJc", {"w:val": "left"})
    sub_element(sub_element(level, "w:pPr"), "w:ind", {"w:left": "210", "w:hanging": "210"})
    sub_element(sub_element(level, "w:rPr"), "w:rFonts", _font_attributes((fonts.mincho, None)))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # every w:abstractNum comes before the first w:num
        first_num.addprevious(abstract)
    else:  # pragma: no cover - the template has numbering instances
        numbering.append(abstract)
    instance = sub_element(numbering, "w:num", {"w:numId": str(_BULLET_NUM_ID)})
    sub_element(instance, "w:abstractNumId", {"w:val": str(_BULLET_NUM_ID)})


def _core_properties(
    document: Any, *, title: str, subject: str, author: str, when: _dt.date | _dt.datetime | None
) -> None:
    """Set the package's core properties, dated from the data (never "now")."""
    core = document.core_properties
    core.title = _text(title)
    core.subject = _text(subject)
    core.author = _text(author or "planrev")
    core.last_modified_by = _text(author or "planrev")
    core.comments = "planrev"
    core.keywords = ""
    core.category = ""
    core.revision = 1
    moment = FIXED_MOMENT
    if isinstance(when, _dt.datetime):
        moment = when.astimezone(_dt.UTC).replace(tzinfo=None) if when.tzinfo else when
    elif when is not None:
        moment = _dt.datetime(when.year, when.month, when.day)
    core.created = moment
    core.modified = moment
    # python-docx's template carries a thumbnail of its own sample page: drop it.
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[key]
