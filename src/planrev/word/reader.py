"""Import a Word document with tracked changes: an old draft, a new draft and a revision record.

Two steps, both public:

1. :func:`read_word` reads a .docx into a paragraph model (:class:`WordDocument`): every
   paragraph (table cells included) with its runs tagged ``equal`` / ``insert`` / ``delete``,
   the author and date of each tracked change, the paragraph mark's own insertion or deletion,
   heading level, list level, tables with inserted and deleted rows, comments with the
   paragraphs they are anchored to, formatting-only changes (``w:rPrChange``, ``w:pPrChange`` …:
   reported, never treated as text changes) and warnings.
2. :func:`import_word` turns that into plan structure — headings become pillars, fields and
   (nested) sections, paragraphs and list items become statements, Word tables whose header row
   reads like ``KPI | 2023 | 2028`` become KPI tables — projected twice: the old draft
   (deletions kept, insertions removed: what "reject all changes" gives) and the new draft
   (insertions kept, deletions removed: "accept all"). A :class:`~planrev.model.Revision` holds
   one change per changed statement, heading or KPI row. Word comments are kept as
   *candidates* for opinion links, never linked by themselves.

Ids (deterministic: the same file always gives the same ids)
-----------------------------------------------------------

Paragraphs are numbered 1, 2, 3 … in document order, table cells included (the numbers the
import report uses). Then:

- a statement or heading: ``w-p<N>``, N the number of its first paragraph with text (a paragraph
  split or joined by tracked paragraph marks keeps the number of its first part); when the
  paragraph holds a bookmark named ``_pr_…`` carrying a planrev id (see
  :func:`planrev.word.ooxml.encode_bookmark_id`; a DOCX written by planrev has them), that id;
- a KPI table: ``w-t<K>``, K counting the document's tables from 1; a KPI row: ``w-t<K>-r<R>``,
  R the row's number in the Word table (the header is row 1);
- a parent the document lacks (a field heading before any pillar heading):
  ``w-implicit-pillar-<n>`` / ``w-implicit-field-<n>``;
- a change: ``c-<target id>`` (one change per node);
- an opinion candidate from a comment: ``w-comment-<Word's comment id>``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any, Literal

from lxml import etree

from planrev.errors import ImportWarningError
from planrev.i18n import Msg, current_language
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Channel,
    Disposition,
    Field,
    KpiRow,
    KpiTable,
    Opinion,
    OpinionSet,
    Pillar,
    Plan,
    PlanMeta,
    Revision,
    Section,
    Span,
    Statement,
    index,
)
from planrev.model.base import ID_PATTERN
from planrev.model.plan import Block
from planrev.word.ooxml import (
    XmlPart,
    decode_bookmark_id,
    open_package,
    parse_word_date,
    prefixed,
    qn,
)

__all__ = [
    "CommentCandidate",
    "FormatChange",
    "ImportReport",
    "ImportWarning",
    "RunStatus",
    "TaggedRun",
    "WordComment",
    "WordDocument",
    "WordImport",
    "WordParagraph",
    "WordRow",
    "WordTable",
    "import_word",
    "read_word",
]

# --------------------------------------------------------------------------------------------
# The paragraph model


class RunStatus(StrEnum):
    """What a tracked change did to a piece of text (or to a paragraph mark or table row)."""

    EQUAL = "equal"
    """Unchanged: in both the old and the new text."""
    INSERT = "insert"
    """Inserted (``w:ins``, ``w:moveTo``): only in the new text."""
    DELETE = "delete"
    """Deleted (``w:del``, ``w:moveFrom``): only in the old text."""


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


WarningLevel = Literal["warning", "info"]


@dataclass(frozen=True, slots=True)
class ImportWarning:
    """Something the import could not take over exactly, or a decision the user should know."""

    code: str
    """A short stable code, e.g. ``table-skipped``."""
    message: Msg
    """What happened."""
    paragraph: int | None = None
    """The paragraph it concerns, or None for the whole document."""
    line: int | None = None
    """The line in the XML part, or None."""
    part: str | None = None
    """The XML part (``word/document.xml``), or None."""
    level: WarningLevel = "warning"
    """``warning`` (something may be missing or guessed) or ``info`` (a decision to know)."""

    def __str__(self) -> str:
        ja = current_language() == "ja"
        where: list[str] = []
        if self.paragraph is not None:
            where.append(f"段落{self.paragraph}" if ja else f"paragraph {self.paragraph}")
        if self.part is not None:
            where.append(
                f"{self.part} {self.line}行"
                if ja and self.line is not None
                else f"{self.part} line {self.line}"
                if self.line is not None
                else self.part
            )
        prefix = f"[{', '.join(where)}] " if where else ""
        return f"{prefix}{self.message}"


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
    warnings: tuple[ImportWarning, ...]
    """What the reader could not take over exactly."""
    title: str | None
    """The title in the document's properties, or None."""
    dropped_runs: int = 0
    """Pieces of text inserted and then deleted again (in neither the old nor the new text)."""

    def paragraphs(self) -> Iterator[WordParagraph]:
        """Yield every paragraph in document order, table cells included."""
        for item in self.body:
            if isinstance(item, WordParagraph):
                yield item
            else:
                for row in item.rows:
                    for cell in row.cells:
                        yield from cell


# --------------------------------------------------------------------------------------------
# Reading the XML

W = {
    name: qn(f"w:{name}")
    for name in (
        "p",
        "r",
        "t",
        "delText",
        "tab",
        "ptab",
        "br",
        "cr",
        "noBreakHyphen",
        "softHyphen",
        "sym",
        "instrText",
        "delInstrText",
        "fldChar",
        "footnoteReference",
        "endnoteReference",
        "commentReference",
        "drawing",
        "pict",
        "object",
        "ruby",
        "rubyBase",
        "rt",
        "ins",
        "del",
        "moveFrom",
        "moveTo",
        "hyperlink",
        "smartTag",
        "customXml",
        "sdt",
        "sdtContent",
        "fldSimple",
        "dir",
        "bdo",
        "commentRangeStart",
        "commentRangeEnd",
        "bookmarkStart",
        "pPr",
        "rPr",
        "pStyle",
        "rStyle",
        "tblStyle",
        "numPr",
        "ilvl",
        "numId",
        "outlineLvl",
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
        "tbl",
        "tr",
        "tc",
        "trPr",
        "tcPr",
        "tblPr",
        "tblGrid",
        "cellIns",
        "cellDel",
        "cellMerge",
        "altChunk",
        "body",
        "sectPr",
        "vanish",
        "style",
        "name",
        "basedOn",
        "num",
        "abstractNum",
        "abstractNumId",
        "lvl",
        "numFmt",
        "lvlText",
        "lvlOverride",
        "numStyleLink",
        "styleLink",
        "comment",
        "annotationRef",
        "lastRenderedPageBreak",
        "type",
        "val",
        "id",
        "author",
        "date",
        "initials",
        "char",
        "font",
        "default",
        "styleId",
        "moveFromRangeStart",
        "moveToRangeStart",
    )
}
_ATTR_VAL = W["val"]
_ATTR_ID = W["id"]
_ATTR_AUTHOR = W["author"]
_ATTR_DATE = W["date"]
_MC_ALTERNATE = qn("mc:AlternateContent")
_MATH = (qn("m:oMath"), qn("m:oMathPara"))
_FORMAT_CHANGES = {
    W[name]
    for name in (
        "rPrChange",
        "pPrChange",
        "sectPrChange",
        "tblPrChange",
        "tblGridChange",
        "trPrChange",
        "tcPrChange",
        "numberingChange",
    )
}
_CONTAINERS = {
    W[name] for name in ("hyperlink", "smartTag", "customXml", "fldSimple", "dir", "bdo")
}
_HEADING_NAME = re.compile(r"^(?:heading|見出し)\s*([1-9\uff11-\uff19])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "表題", "タイトル"}
_FULLWIDTH_DIGITS = {0xFF10 + digit: 0x30 + digit for digit in range(10)}
"""Full-width digits to ASCII, for reading numbers only (the text itself is never changed)."""
_DECORATION_STYLES = {"planrevMarker", "planrevAnnotation"}
_SPACER_STYLE = "planrevSpacer"
"""Character styles of the decoration planrev writes (see :mod:`planrev.word.writer`)."""
_NUMBER = r"(?:[①-⑳㉑-㉟㊱-㊿]|\(\d+\)|[0-9\uff10-\uff19]+)"
"""A change label's number: ①–⑳, ㉑–㉟, ㊱–㊿, then (51) … (see planrev.comparison.circled)."""
_DECORATION_TEXT = re.compile(
    rf"^(?:【(?:追加|修正|削除){_NUMBER}?】|（再掲）|※.*|【|】)$", re.DOTALL
)
"""What a decoration run holds: a marker, （再掲）, a ※ note, or the brackets of a note."""


@dataclass(frozen=True, slots=True)
class _Style:
    name: str | None
    based_on: str | None
    outline: int | None
    num_id: str | None
    ilvl: int | None


def _line(node: etree._Element) -> int | None:
    """Return the line an element starts on in its part, or None if unknown."""
    line = node.sourceline
    return line if isinstance(line, int) else None


def _int(value: str | None) -> int | None:
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def _val(node: etree._Element | None, child: str) -> str | None:
    if node is None:
        return None
    found = node.find(W[child])
    return found.get(_ATTR_VAL) if found is not None else None


class _Styles:
    """Paragraph styles: names, heading levels and list numbering through ``w:basedOn``."""

    def __init__(self, part: XmlPart | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.default: str | None = None
        if part is None:
            return
        for node in part.root.iter(W["style"]):
            if node.get(W["type"]) not in (None, "paragraph"):
                continue
            style_id = node.get(W["styleId"])
            if style_id is None:
                continue
            ppr = node.find(W["pPr"])
            num = ppr.find(W["numPr"]) if ppr is not None else None
            self.styles[style_id] = _Style(
                name=_val(node, "name"),
                based_on=_val(node, "basedOn"),
                outline=_int(_val(ppr, "outlineLvl")),
                num_id=_val(num, "numId"),
                ilvl=_int(_val(num, "ilvl")),
            )
            if node.get(W["default"]) in ("1", "true", "on") and self.default is None:
                self.default = style_id

    def chain(self, style_id: str | None) -> Iterator[tuple[str, _Style]]:
        """Yield the style and the styles it is based on (cycles and depth guarded)."""
        seen: set[str] = set()
        current = style_id if style_id is not None else self.default
        while current is not None and current not in seen and len(seen) < 32:
            seen.add(current)
            style = self.styles.get(current)
            if style is None:
                return
            yield current, style
            current = style.based_on

    def name(self, style_id: str | None) -> str | None:
        for _, style in self.chain(style_id):
            return style.name
        return None

    def heading_level(self, style_id: str | None) -> int | None:
        for current, style in self.chain(style_id):
            if style.outline is not None:
                return style.outline + 1 if 0 <= style.outline <= 8 else None
            for text in (style.name or "", current):
                match = _HEADING_NAME.match(text.strip())
                if match is not None:
                    return int(match.group(1).translate(_FULLWIDTH_DIGITS))
        return None

    def is_title(self, style_id: str | None) -> bool:
        """Return whether the style itself is the Title style (not one based on it: Subtitle)."""
        if style_id is None:
            return False
        style = self.styles.get(style_id)
        name = (style.name or "") if style is not None else ""
        return name.strip().lower() in _TITLE_NAMES or style_id.lower() == "title"

    def numbering(self, style_id: str | None) -> tuple[str | None, int | None]:
        for _, style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None


class _Numbering:
    """List definitions: the number format of each list and level."""

    def __init__(self, part: XmlPart | None, styles: _Styles) -> None:
        self.abstract: dict[str, etree._Element] = {}
        self.nums: dict[str, etree._Element] = {}
        self.styles = styles
        if part is None:
            return
        for node in part.root.iter(W["abstractNum"]):
            key = node.get(W["abstractNumId"])
            if key is not None:
                self.abstract[key] = node
        for node in part.root.iter(W["num"]):
            key = node.get(W["numId"])
            if key is not None:
                self.nums[key] = node

    def format(self, num_id: str, level: int, depth: int = 0) -> str | None:
        """Return the number format (``bullet``, ``decimal``, ``none`` …), or None if unknown."""
        num = self.nums.get(num_id)
        if num is None or depth > 4:
            return None
        for override in num.iter(W["lvlOverride"]):
            if _int(override.get(W["ilvl"])) == level:
                lvl = override.find(W["lvl"])
                if lvl is not None and _val(lvl, "numFmt") is not None:
                    return _val(lvl, "numFmt")
        abstract = self.abstract.get(_val(num, "abstractNumId") or "")
        if abstract is None:
            return None
        for lvl in abstract.iter(W["lvl"]):
            if _int(lvl.get(W["ilvl"])) == level:
                return _val(lvl, "numFmt") or "decimal"
        link = _val(abstract, "numStyleLink")
        if link is not None:
            linked, _ = self.styles.numbering(link)
            if linked is not None:
                return self.format(linked, level, depth + 1)
        return None


@dataclass(frozen=True, slots=True)
class _Mark:
    author: str | None
    date: _dt.datetime | None


@dataclass(frozen=True, slots=True)
class _State:
    insert: _Mark | None = None
    delete: _Mark | None = None
    moved: bool = False


class _BodyReader:
    """Walks ``w:body`` once, numbering paragraphs and collecting runs, comments and warnings."""

    def __init__(self, part: XmlPart, styles: _Styles, numbering: _Numbering) -> None:
        self.part = part.name
        self.styles = styles
        self.numbering = numbering
        self.count = 0
        self.tables = 0
        self.warnings: list[ImportWarning] = []
        self.format_changes: list[FormatChange] = []
        self.open_comments: list[str] = []
        self.comment_paragraphs: dict[str, dict[int, None]] = {}  # ordered sets
        self.pending_bookmarks: list[str] = []
        self.dropped = 0
        self.decorations = 0
        self._warned: set[tuple[str, int | None]] = set()
        self._bad_dates: set[str] = set()

    # -- warnings

    def warn(
        self,
        code: str,
        message: Msg,
        paragraph: int | None,
        line: int | None,
        level: WarningLevel = "warning",
    ) -> None:
        paragraph = paragraph or None  # 0: a paragraph of the comments part
        key = (code, paragraph)
        if key in self._warned:
            return
        self._warned.add(key)
        self.warnings.append(ImportWarning(code, message, paragraph, line, self.part, level))

    def mark_of(self, node: etree._Element, paragraph: int) -> _Mark:
        raw = node.get(_ATTR_DATE)
        date = parse_word_date(raw)
        if raw and date is None and raw not in self._bad_dates:
            self._bad_dates.add(raw)
            self.warn(
                "bad-date",
                Msg(
                    f'変更日時 w:date="{raw}" を読めません(日時なしとして扱います)',
                    f'cannot read the change date w:date="{raw}" (treated as unknown)',
                ),
                paragraph,
                _line(node),
            )
        return _Mark(node.get(_ATTR_AUTHOR), date)

    def format_change(self, node: etree._Element, paragraph: int) -> None:
        mark = self.mark_of(node, paragraph)
        self.format_changes.append(
            FormatChange(paragraph, prefixed(node.tag), mark.author, mark.date, _line(node))
        )

    # -- the body

    def body(self, body: etree._Element) -> list[BodyItem]:
        items: list[BodyItem] = []
        self._block_content(body, items, None)
        return items

    def _block_content(
        self, container: etree._Element, items: list[BodyItem], cell: tuple[int, int, int] | None
    ) -> None:
        for child in container:
            tag = child.tag
            if tag == W["p"]:
                items.append(self.paragraph(child, cell))
            elif tag == W["tbl"]:
                if cell is not None:
                    self.warn(
                        "nested-table",
                        Msg(
                            "表の中の表は、その段落をセルの段落として読みます",
                            "a table inside a table: its paragraphs are read as the cell's",
                        ),
                        self.count + 1,
                        _line(child),
                    )
                    nested = self.table(child)
                    for row in nested.rows:
                        for paragraphs in row.cells:
                            items.extend(paragraphs)
                else:
                    items.append(self.table(child))
            elif tag in (W["sdt"],):
                content = child.find(W["sdtContent"])
                if content is not None:
                    self._block_content(content, items, cell)
            elif tag == W["customXml"]:
                self._block_content(child, items, cell)
            elif tag == W["commentRangeStart"]:
                self._open_comment(child.get(_ATTR_ID), None)
            elif tag == W["commentRangeEnd"]:
                self._close_comment(child.get(_ATTR_ID))
            elif tag == W["bookmarkStart"]:
                name = child.get(W["name"])
                if name:
                    self.pending_bookmarks.append(name)
            elif tag == W["altChunk"]:
                self.warn(
                    "alt-chunk",
                    Msg(
                        "埋め込まれた別文書(altChunk)は読みません",
                        "an embedded document (altChunk) is not read",
                    ),
                    self.count + 1,
                    _line(child),
                )
            elif tag == _MC_ALTERNATE or tag in _MATH:
                self._unsupported_content(child, self.count + 1)
            elif isinstance(tag, str) and tag not in _BODY_IGNORED and _has_text(child):
                self.warn(
                    "unknown-element",
                    Msg(
                        f"本文の {prefixed(tag)} 要素の中の文字は読みません",
                        f"text inside the body element {prefixed(tag)} is not read",
                    ),
                    self.count + 1,
                    _line(child),
                )

    # -- comments

    def _open_comment(self, comment_id: str | None, paragraph: int | None) -> None:
        if comment_id is None:
            return
        if comment_id not in self.open_comments:
            self.open_comments.append(comment_id)
        if paragraph is not None:
            self._touch(comment_id, paragraph)

    def _close_comment(self, comment_id: str | None) -> None:
        if comment_id is not None and comment_id in self.open_comments:
            self.open_comments.remove(comment_id)

    def _touch(self, comment_id: str, paragraph: int) -> None:
        if paragraph > 0:  # 0: inside the comments part itself
            self.comment_paragraphs.setdefault(comment_id, {})[paragraph] = None

    # -- paragraphs

    def paragraph(self, node: etree._Element, cell: tuple[int, int, int] | None) -> WordParagraph:
        self.count += 1
        number = self.count
        bookmarks, self.pending_bookmarks = self.pending_bookmarks, []
        for comment_id in self.open_comments:
            self._touch(comment_id, number)
        ppr = node.find(W["pPr"])
        style_id = _val(ppr, "pStyle")
        mark = RunStatus.EQUAL
        mark_info = _Mark(None, None)
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        if ppr is not None:
            numpr = ppr.find(W["numPr"])
            if numpr is not None:
                num_id = _val(numpr, "numId")
                ilvl = _int(_val(numpr, "ilvl"))
            outline = _int(_val(ppr, "outlineLvl"))
            for change in ppr.iter(*_FORMAT_CHANGES):
                self.format_change(change, number)
            rpr = ppr.find(W["rPr"])
            if rpr is not None:
                for tag, status in (
                    (W["ins"], RunStatus.INSERT),
                    (W["moveTo"], RunStatus.INSERT),
                    (W["del"], RunStatus.DELETE),
                    (W["moveFrom"], RunStatus.DELETE),
                ):
                    found = rpr.find(tag)
                    if found is not None:
                        mark = status
                        mark_info = self.mark_of(found, number)
                        break
        if num_id is None:
            num_id, style_ilvl = self.styles.numbering(style_id)
            ilvl = style_ilvl if ilvl is None else ilvl
        list_level: int | None = None
        list_format: str | None = None
        if num_id is not None and num_id != "0":
            level = ilvl or 0
            number_format = self.numbering.format(num_id, level)
            if number_format is not None and number_format != "none":
                list_level = level
                list_format = number_format
        heading = (
            outline + 1
            if outline is not None and 0 <= outline <= 8
            else None
            if outline is not None
            else self.styles.heading_level(style_id)
        )
        runs: list[TaggedRun] = []
        self._inline(node, _State(), runs, number, bookmarks)
        return WordParagraph(
            number=number,
            line=_line(node),
            style_id=style_id,
            style_name=self.styles.name(style_id),
            heading_level=heading,
            title=self.styles.is_title(style_id),
            list_level=list_level,
            list_format=list_format,
            runs=tuple(_merge(runs)),
            mark=mark,
            mark_author=mark_info.author,
            mark_date=mark_info.date,
            bookmarks=tuple(bookmarks),
            cell=cell,
        )

    def _inline(
        self,
        container: etree._Element,
        state: _State,
        runs: list[TaggedRun],
        number: int,
        bookmarks: list[str],
    ) -> None:
        for child in container:
            tag = child.tag
            if not isinstance(tag, str):
                continue  # XML comments and processing instructions
            if tag == W["r"]:
                self._run(child, state, runs, number, bookmarks)
            elif tag in (W["ins"], W["moveTo"]):
                mark = self.mark_of(child, number)
                moved = state.moved or tag == W["moveTo"]
                self._inline(
                    child, replace(state, insert=mark, moved=moved), runs, number, bookmarks
                )
            elif tag in (W["del"], W["moveFrom"]):
                mark = self.mark_of(child, number)
                moved = state.moved or tag == W["moveFrom"]
                self._inline(
                    child, replace(state, delete=mark, moved=moved), runs, number, bookmarks
                )
            elif tag in _CONTAINERS:
                self._inline(child, state, runs, number, bookmarks)
            elif tag == W["sdt"]:
                content = child.find(W["sdtContent"])
                if content is not None:
                    self._inline(content, state, runs, number, bookmarks)
            elif tag == W["commentRangeStart"]:
                self._open_comment(child.get(_ATTR_ID), number)
            elif tag == W["commentRangeEnd"]:
                self._close_comment(child.get(_ATTR_ID))
            elif tag == W["bookmarkStart"]:
                name = child.get(W["name"])
                if name:
                    bookmarks.append(name)
            elif tag == _MC_ALTERNATE or tag in _MATH:
                self._unsupported_content(child, number)

    def _unsupported_content(self, node: etree._Element, number: int) -> None:
        if node.tag in _MATH:
            self.warn(
                "math",
                Msg("数式は読みません", "equations are not read"),
                number,
                _line(node),
            )
            return
        if any(True for _ in node.iter(W["t"])):
            self.warn(
                "shape-text",
                Msg(
                    "図形・テキストボックスの中の文字は読みません",
                    "text inside shapes and text boxes is not read",
                ),
                number,
                _line(node),
            )

    def _run(
        self,
        run: etree._Element,
        state: _State,
        runs: list[TaggedRun],
        number: int,
        bookmarks: list[str],
    ) -> None:
        rpr = run.find(W["rPr"])
        if rpr is not None and self._decoration(run, rpr, number):
            return
        if rpr is not None:
            for change in rpr.iter(W["rPrChange"]):
                self.format_change(change, number)
            vanish = rpr.find(W["vanish"])
            if vanish is not None and vanish.get(_ATTR_VAL) not in ("0", "false", "off"):
                self.warn(
                    "hidden-text",
                    Msg(
                        "隠し文字(非表示の文字)がありますが、本文として読みます",
                        "hidden text found; it is read as ordinary text",
                    ),
                    number,
                    _line(run),
                )
        for child in run:
            tag = child.tag
            if not isinstance(tag, str):
                continue
            text: str | None = None
            deleted_text = False
            if tag == W["t"]:
                text = child.text or ""
            elif tag == W["delText"]:
                text = child.text or ""
                deleted_text = True
            elif tag in (W["tab"], W["ptab"]):
                text = "\t"
            elif tag == W["br"]:
                text = "" if child.get(W["type"]) in ("page", "column") else "\n"
            elif tag == W["cr"]:
                text = "\n"
            elif tag == W["noBreakHyphen"]:
                text = "\u2011"
            elif tag == W["sym"]:
                text = self._symbol(child, number)
            elif tag in (W["footnoteReference"], W["endnoteReference"]):
                self.warn(
                    "note",
                    Msg(
                        "脚注・文末脚注の本文は取り込みません(参照の位置だけがあります)",
                        "footnote and endnote texts are not imported",
                    ),
                    number,
                    _line(child),
                )
            elif tag == W["commentReference"]:
                comment_id = child.get(_ATTR_ID)
                if comment_id is not None:
                    self._touch(comment_id, number)
            elif tag in (W["drawing"], W["pict"], W["object"]) or tag == _MC_ALTERNATE:
                self.warn(
                    "picture",
                    Msg(
                        "図・画像・テキストボックスは取り込みません",
                        "pictures, shapes and text boxes are not imported",
                    ),
                    number,
                    _line(child),
                )
            elif tag == W["ruby"]:
                base = child.find(W["rubyBase"])
                if base is not None:
                    self._inline(base, state, runs, number, bookmarks)
            if text is None or text == "":
                continue
            self._emit(text, state, runs, deleted_text)

    def _decoration(self, run: etree._Element, rpr: etree._Element, number: int) -> bool:
        """Return whether ``run`` is a marker or note planrev wrote (【追加①】, ※理由), which is
        not text of the plan; text typed into such a style is kept, with a warning."""
        if _val(rpr, "rStyle") not in _DECORATION_STYLES:
            return False
        text = "".join(node.text or "" for node in run.iter(W["t"], W["delText"]))
        if _DECORATION_TEXT.match(text):
            self.decorations += 1
            return True
        if text:
            self.warn(
                "decoration-text",
                Msg(
                    f"planrev のマーカー・注記のスタイルの文字「{text[:40]}」を本文として読みます",
                    f"text in planrev's marker or note style ('{text[:40]}') is read as text",
                ),
                number,
                _line(run),
            )
        return False

    def _symbol(self, node: etree._Element, number: int) -> str | None:
        code = node.get(W["char"]) or ""
        try:
            value = int(code, 16)
        except ValueError:
            return None
        if 0xF000 <= value <= 0xF0FF:
            value -= 0xF000
            self.warn(
                "symbol",
                Msg(
                    f"記号フォント({node.get(W['font'])})の文字を文字コード {value:#04x} として読みます",
                    f"a symbol-font character ({node.get(W['font'])}) is read as code {value:#04x}",
                ),
                number,
                _line(node),
            )
        if value < 0x20 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            return None
        return chr(value)

    def _emit(self, text: str, state: _State, runs: list[TaggedRun], deleted_text: bool) -> None:
        delete = state.delete
        if deleted_text and delete is None:
            delete = _Mark(None, None)  # w:delText outside w:del: deleted all the same
        insert = state.insert
        if insert is not None and delete is not None:
            self.dropped += 1  # inserted, then deleted: in neither text
            return
        comments = tuple(self.open_comments)
        if insert is not None:
            runs.append(
                TaggedRun(text, RunStatus.INSERT, insert.author, insert.date, state.moved, comments)
            )
        elif delete is not None:
            runs.append(
                TaggedRun(text, RunStatus.DELETE, delete.author, delete.date, state.moved, comments)
            )
        else:
            runs.append(TaggedRun(text, RunStatus.EQUAL, comments=comments))

    # -- tables

    def table(self, node: etree._Element) -> WordTable:
        self.tables += 1
        number = self.tables
        first = self.count + 1
        for tag in (W["tblPr"], W["tblGrid"]):
            holder = node.find(tag)
            if holder is not None:
                for change in holder.iter(*_FORMAT_CHANGES):
                    self.format_change(change, first)
        rows: list[WordRow] = []
        for row_node in _children(node, W["tr"]):
            rows.append(self._row(row_node, number, len(rows) + 1))
        return WordTable(number, _line(node), tuple(rows), _val(node.find(W["tblPr"]), "tblStyle"))

    def _row(self, node: etree._Element, table: int, number: int) -> WordRow:
        status = RunStatus.EQUAL
        mark = _Mark(None, None)
        trpr = node.find(W["trPr"])
        if trpr is not None:
            for change in trpr.iter(*_FORMAT_CHANGES):
                self.format_change(change, self.count + 1)
            for tag, value in ((W["ins"], RunStatus.INSERT), (W["del"], RunStatus.DELETE)):
                found = trpr.find(tag)
                if found is not None:
                    status = value
                    mark = self.mark_of(found, self.count + 1)
                    break
        cells: list[tuple[WordParagraph, ...]] = []
        for cell_node in _children(node, W["tc"]):
            tcpr = cell_node.find(W["tcPr"])
            if tcpr is not None:
                for change in tcpr.iter(*_FORMAT_CHANGES):
                    self.format_change(change, self.count + 1)
                for tag in (W["cellIns"], W["cellDel"], W["cellMerge"]):
                    found = tcpr.find(tag)
                    if found is not None:
                        self.warn(
                            "cell-change",
                            Msg(
                                f"セルの挿入・削除・結合の変更履歴({prefixed(tag)})は読みません",
                                f"tracked cell insertions, deletions and merges ({prefixed(tag)}) "
                                "are not read",
                            ),
                            self.count + 1,
                            _line(found),
                        )
            items: list[BodyItem] = []
            self._block_content(cell_node, items, (table, number, len(cells) + 1))
            cells.append(tuple(item for item in items if isinstance(item, WordParagraph)))
        return WordRow(number, status, tuple(cells), mark.author, mark.date)


_BODY_IGNORED = {W["sectPr"], W["tblPr"], W["tblGrid"], W["trPr"], W["tcPr"]}
"""Body-level elements that hold properties, not text."""


def _has_text(node: etree._Element) -> bool:
    return any(True for _ in node.iter(W["t"], W["delText"]))


def _children(node: etree._Element, tag: str) -> Iterator[etree._Element]:
    """Yield the ``tag`` children of ``node``, looking through content controls and custom XML."""
    for child in node:
        if child.tag == tag:
            yield child
        elif child.tag == W["sdt"]:
            content = child.find(W["sdtContent"])
            if content is not None:
                yield from _children(content, tag)
        elif child.tag == W["customXml"]:
            yield from _children(child, tag)


def _merge(runs: Iterable[TaggedRun]) -> list[TaggedRun]:
    """Join neighbouring runs with the same status, author, date, move and comments."""
    out: list[TaggedRun] = []
    for run in runs:
        if out:
            last = out[-1]
            if (last.status, last.author, last.date, last.moved, last.comments) == (
                run.status,
                run.author,
                run.date,
                run.moved,
                run.comments,
            ):
                out[-1] = replace(last, text=last.text + run.text)
                continue
        out.append(run)
    return out


def _read_comments(
    part: XmlPart | None,
    styles: _Styles,
    numbering: _Numbering,
    anchors: dict[str, dict[int, None]],
) -> tuple[list[WordComment], list[ImportWarning]]:
    if part is None:
        return [], []
    reader = _BodyReader(part, styles, numbering)
    comments: list[WordComment] = []
    for node in part.root.iter(W["comment"]):
        comment_id = node.get(_ATTR_ID)
        if comment_id is None:
            continue
        paragraphs: list[str] = []
        for paragraph in node.iter(W["p"]):
            runs: list[TaggedRun] = []
            reader._inline(paragraph, _State(), runs, 0, [])
            paragraphs.append("".join(r.text for r in runs if r.status is not RunStatus.DELETE))
        comments.append(
            WordComment(
                id=comment_id,
                author=node.get(_ATTR_AUTHOR),
                initials=node.get(W["initials"]),
                date=parse_word_date(node.get(_ATTR_DATE)),
                text="\n".join(paragraphs),
                paragraphs=tuple(anchors.get(comment_id, ())),
                line=_line(node),
            )
        )
    return comments, reader.warnings


def read_word(source: Path | str | bytes) -> WordDocument:
    """Read a .docx file (or its bytes) into paragraphs with tracked changes.

    Raises :class:`~planrev.errors.LoadError` with a hint when the input is not a readable Word
    document; what can be read but not taken over exactly is in :attr:`WordDocument.warnings`.
    """
    package = open_package(source)
    styles = _Styles(package.styles)
    numbering = _Numbering(package.numbering, styles)
    reader = _BodyReader(package.document, styles, numbering)
    body = package.document.root.find(W["body"])
    if body is None:
        items: list[BodyItem] = []
        reader.warn(
            "no-body",
            Msg("本文(w:body)がありません", "the document has no body (w:body)"),
            None,
            _line(package.document.root),
        )
    else:
        items = reader.body(body)
    if reader.decorations:
        reader.warn(
            "decoration",
            Msg(
                f"planrev が書いたマーカー・注記(【追加①】、（再掲）、※理由 など){reader.decorations}箇所は"
                "本文に含めません",
                f"{reader.decorations} markers and notes written by planrev (【追加①】, （再掲）, "
                "※reasons …) are not part of the text",
            ),
            None,
            None,
            "info",
        )
    comments, comment_warnings = _read_comments(
        package.comments, styles, numbering, reader.comment_paragraphs
    )
    return WordDocument(
        source=package.source,
        part=package.document.name,
        body=tuple(items),
        comments=tuple(comments),
        format_changes=tuple(reader.format_changes),
        warnings=(*reader.warnings, *comment_warnings),
        title=package.title,
        dropped_runs=reader.dropped,
    )


# --------------------------------------------------------------------------------------------
# From paragraphs to units: pairing the old and the new paragraphs


_BULLET_PREFIX = re.compile(r"^[・･][ \u3000]*")
Kind = Literal["vision", "initiative", "text"]
_KIND_WORDS: dict[Kind, Msg] = {
    "vision": Msg("めざす姿", "vision"),
    "initiative": Msg("取組", "initiative"),
    "text": Msg("本文", "text"),
}
_LABELS: dict[str, Kind] = {
    "本文": "text",
    "めざす姿": "vision",
    "目指す姿": "vision",
    "取組": "initiative",
    "取組方針": "initiative",
    "主な取組": "initiative",
    "取組の方向性": "initiative",
}
_LABEL_TRIM = "【】[]［］<>＜＞〈〉《》()（）■□●○◆◇◎★☆:：・･ \u3000\t"
_MARKER = re.compile(rf"【(?:追加|修正|削除){_NUMBER}?】")


def _label_of(text: str) -> Kind | None:
    if len(text) > 20:
        return None
    return _LABELS.get(text.strip(_LABEL_TRIM))


@dataclass(slots=True)
class _Raw:
    """A body paragraph prepared for pairing (leading ・ taken off statements)."""

    paragraph: WordParagraph
    runs: tuple[TaggedRun, ...]
    typed_bullet: bool

    @property
    def old(self) -> str:
        return "".join(r.text for r in self.runs if r.status is not RunStatus.INSERT)

    @property
    def new(self) -> str:
        return "".join(r.text for r in self.runs if r.status is not RunStatus.DELETE)


def _prepare(paragraph: WordParagraph) -> _Raw:
    runs = paragraph.runs
    if paragraph.heading_level is not None or paragraph.title or paragraph.list_format:
        return _Raw(paragraph, runs, False)
    union = "".join(run.text for run in runs)
    match = _BULLET_PREFIX.match(union)
    if match is None:
        return _Raw(paragraph, runs, False)
    remaining = match.end()
    stripped: list[TaggedRun] = []
    for run in runs:
        if remaining >= len(run.text):
            remaining -= len(run.text)
            continue
        stripped.append(replace(run, text=run.text[remaining:]) if remaining else run)
        remaining = 0
    return _Raw(paragraph, tuple(stripped), True)


@dataclass(frozen=True, slots=True)
class _Side:
    """One paragraph of one projection: raw paragraphs joined by missing paragraph marks."""

    members: tuple[int, ...]
    text: str
    source: _Raw


@dataclass(slots=True)
class _Unit:
    """A statement or heading of the union: its old paragraph, its new paragraph, or both."""

    key: int
    old: _Side | None
    new: _Side | None
    runs: tuple[TaggedRun, ...] | None
    paragraphs: tuple[int, ...]
    all_runs: tuple[TaggedRun, ...] = ()
    id: str = ""


@dataclass(slots=True)
class _TableItem:
    table: WordTable


_Item = _Unit | _TableItem
Which = Literal["old", "new"]
_WHICH: tuple[Which, ...] = ("old", "new")


def _sides(chain: Sequence[_Raw], which: Literal["old", "new"]) -> list[_Side]:
    present = (
        {RunStatus.EQUAL, RunStatus.DELETE}
        if which == "old"
        else {RunStatus.EQUAL, RunStatus.INSERT}
    )
    groups: list[list[int]] = []
    current: list[int] = []
    for position, raw in enumerate(chain):
        current.append(position)
        if raw.paragraph.mark in present:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    sides = []
    for group in groups:
        texts = [getattr(chain[i], which) for i in group]
        text = "".join(texts)
        if not text:
            continue
        source = next(chain[i] for i, part in zip(group, texts, strict=True) if part)
        sides.append(_Side(tuple(group), text, source))
    return sides


def _pair_chain(chain: Sequence[_Raw], report: _Collector) -> list[_Unit]:
    olds = _sides(chain, "old")
    news = _sides(chain, "new")
    old_of = {member: number for number, side in enumerate(olds) for member in side.members}
    new_of = {member: number for number, side in enumerate(news) for member in side.members}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for position in range(len(olds)):
        find(("o", position))
    for position in range(len(news)):
        find(("n", position))
    for position, raw in enumerate(chain):
        if raw.old and raw.new:
            left, right = find(("o", old_of[position])), find(("n", new_of[position]))
            if left != right:
                parent[max(left, right)] = min(left, right)
    components: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for position in range(len(olds)):
        components.setdefault(find(("o", position)), ([], []))[0].append(position)
    for position in range(len(news)):
        components.setdefault(find(("n", position)), ([], []))[1].append(position)

    def first_content(members: Iterable[int], side: Literal["old", "new", "both"]) -> int:
        """Return the first member with text on ``side`` (``both``: on both sides at once).

        Keys chosen this way never collide: a pair's key has text on both sides (and links only
        its own pair), a one-sided unit's key has text on one side only.
        """
        ordered = sorted(members)
        for member in ordered:
            raw = chain[member]
            if side == "both":
                if raw.old and raw.new:
                    return member
            elif getattr(raw, side):
                return member
        for member in ordered:
            if chain[member].old or chain[member].new:
                return member
        return ordered[0]

    units: list[_Unit] = []
    for old_indexes, new_indexes in components.values():
        old_sides = [olds[i] for i in sorted(old_indexes)]
        new_sides = [news[i] for i in sorted(new_indexes)]
        members = sorted({m for s in (*old_sides, *new_sides) for m in s.members})
        numbers = tuple(chain[m].paragraph.number for m in members)
        if len(old_sides) <= 1 and len(new_sides) <= 1:
            old = old_sides[0] if old_sides else None
            new = new_sides[0] if new_sides else None
            content_side: Literal["old", "new", "both"] = (
                "both" if old is not None and new is not None else "old" if new is None else "new"
            )
            key_member = first_content(members, content_side)
            runs: tuple[TaggedRun, ...] | None = None
            if old is not None and new is not None:
                runs = tuple(
                    run
                    for m in members
                    for run in chain[m].runs
                    if (run.status is RunStatus.DELETE and m in old.members)
                    or (run.status is RunStatus.INSERT and m in new.members)
                    or (run.status is RunStatus.EQUAL and m in old.members and m in new.members)
                )
            units.append(_Unit(chain[key_member].paragraph.number, old, new, runs, numbers))
            continue
        # A paragraph split in two, or two joined: pair the first parts, the rest stand alone.
        primary_members = set(old_sides[0].members) | set(new_sides[0].members)
        key_member = first_content(primary_members, "both")
        report.warn(
            "split-join",
            Msg(
                f"段落の分割・結合があります(旧{len(old_sides)}段落 → 新{len(new_sides)}段落)。"
                "最初の段落どうしを修正、残りを追加・削除として記録します",
                f"paragraphs were split or joined ({len(old_sides)} old → {len(new_sides)} new); "
                "the first ones are paired as a modification, the rest recorded as added or "
                "deleted",
            ),
            chain[key_member].paragraph,
        )
        units.append(
            _Unit(
                chain[key_member].paragraph.number,
                old_sides[0],
                new_sides[0],
                None,
                tuple(chain[m].paragraph.number for m in sorted(primary_members)),
            )
        )
        for side in old_sides[1:]:
            member = first_content(side.members, "old")
            units.append(
                _Unit(
                    chain[member].paragraph.number,
                    side,
                    None,
                    None,
                    tuple(chain[m].paragraph.number for m in side.members),
                )
            )
        for side in new_sides[1:]:
            member = first_content(side.members, "new")
            units.append(
                _Unit(
                    chain[member].paragraph.number,
                    None,
                    side,
                    None,
                    tuple(chain[m].paragraph.number for m in side.members),
                )
            )
    by_number = {raw.paragraph.number: raw for raw in chain}
    for unit in units:
        # The paragraphs that give the unit text (a paragraph joined on only for its mark does
        # not belong to it), and their runs.
        old_members = {chain[m].paragraph.number for m in unit.old.members} if unit.old else set()
        new_members = {chain[m].paragraph.number for m in unit.new.members} if unit.new else set()
        unit.paragraphs = (
            tuple(
                n
                for n in unit.paragraphs
                if (n in old_members and by_number[n].old)
                or (n in new_members and by_number[n].new)
            )
            or unit.paragraphs
        )
        unit.all_runs = tuple(run for n in unit.paragraphs for run in by_number[n].runs)
    units.sort(key=lambda unit: unit.key)
    return units


def _items(document: WordDocument, report: _Collector) -> list[_Item]:
    items: list[_Item] = []
    chain: list[_Raw] = []

    def flush() -> None:
        if chain:
            items.extend(_pair_chain(chain, report))
            chain.clear()

    for item in document.body:
        if isinstance(item, WordTable):
            flush()
            items.append(_TableItem(item))
        elif item.style_id == _SPACER_STYLE:
            flush()  # a spacer planrev writes around tables: not text of the plan
        else:
            chain.append(_prepare(item))
    flush()
    return items


# --------------------------------------------------------------------------------------------
# Reporting while importing


@dataclass(frozen=True, slots=True)
class CommentCandidate:
    """A Word comment that may be an opinion (意見) behind some changes: to be confirmed."""

    opinion_id: str
    """The id the comment gets as an opinion candidate (``w-comment-<id>``)."""
    comment: WordComment
    """The comment."""
    change_ids: tuple[str, ...]
    """The changes whose text the comment is anchored on; empty when it sits on unchanged text."""
    node_ids: tuple[str, ...]
    """The statements, headings and KPI rows it is anchored on."""
    scope: str | None
    """The pillar, field or section of the new draft holding its anchor, or None."""
    label: str | None = None
    """A change label the comment starts with (``追加① ← 意見1: …``), or None."""


@dataclass(frozen=True, slots=True)
class ChangeSource:
    """Who made a recorded change and when, as Word's tracked changes say."""

    change_id: str
    """The change."""
    authors: tuple[str, ...]
    """The authors of its tracked insertions and deletions, in order of appearance."""
    first: _dt.datetime | None
    """The earliest date among them, or None."""
    last: _dt.datetime | None
    """The latest date among them, or None."""
    paragraphs: tuple[int, ...]
    """The Word paragraphs it comes from."""


@dataclass(frozen=True, slots=True)
class ImportReport:
    """What an import read, what it made of it, and every warning."""

    source: str
    """The file imported."""
    paragraphs: int
    """The number of paragraphs read (table cells included)."""
    tables: int
    """The number of tables read."""
    kpi_tables: int
    """How many tables became KPI tables."""
    insertions: int
    """Inserted pieces of text (runs, paragraph marks and table rows)."""
    deletions: int
    """Deleted pieces of text (runs, paragraph marks and table rows)."""
    moves: int
    """Pieces of moved text (each counted as deleted at one place and inserted at another)."""
    format_changes: int
    """Formatting-only changes (reported, not imported)."""
    changes: dict[str, int]
    """The recorded changes by kind (追加, 修正, 削除)."""
    authors: dict[str, int]
    """Tracked insertions and deletions by author."""
    first_date: _dt.datetime | None
    """The earliest date of a tracked change, or None."""
    last_date: _dt.datetime | None
    """The latest date of a tracked change, or None."""
    sources: tuple[ChangeSource, ...]
    """Who made each recorded change and when."""
    candidates: tuple[CommentCandidate, ...]
    """The comments, as opinion candidates to confirm."""
    warnings: tuple[ImportWarning, ...]
    """Everything not taken over exactly, and decisions to know (level ``info``)."""

    def lines(self) -> list[str]:
        """Return the report as text lines in the current language."""
        ja = current_language() == "ja"
        lines = [f"{'取り込み' if ja else 'imported'}: {self.source}"]
        if ja:
            lines.append(
                f"  段落 {self.paragraphs}、表 {self.tables}(うち KPI 表 {self.kpi_tables})"
            )
            kinds = "、".join(
                f"{k}{self.changes[k]}件" for k in ("追加", "修正", "削除") if self.changes.get(k)
            )
            lines.append(f"  変更 {sum(self.changes.values())}件" + (f"({kinds})" if kinds else ""))
            lines.append(
                f"  変更履歴: 挿入 {self.insertions}箇所、削除 {self.deletions}箇所"
                + (f"(うち移動 {self.moves}箇所)" if self.moves else "")
                + f"、書式のみの変更 {self.format_changes}箇所(取り込みません)"
            )
        else:
            lines.append(
                f"  {self.paragraphs} paragraphs, {self.tables} tables ({self.kpi_tables} KPI tables)"
            )
            kinds = ", ".join(
                f"{self.changes[k]} {k}" for k in ("追加", "修正", "削除") if self.changes.get(k)
            )
            lines.append(
                f"  {sum(self.changes.values())} changes" + (f" ({kinds})" if kinds else "")
            )
            lines.append(
                f"  tracked changes: {self.insertions} insertions, {self.deletions} deletions"
                + (f" ({self.moves} moved)" if self.moves else "")
                + f", {self.format_changes} formatting-only changes (not imported)"
            )
        if self.authors:
            people = ("、" if ja else ", ").join(
                f"{name}({count})" if ja else f"{name} ({count})"
                for name, count in self.authors.items()
            )
            lines.append(f"  {'変更者' if ja else 'authors'}: {people}")
        if self.first_date is not None and self.last_date is not None:
            lines.append(
                f"  {'日時' if ja else 'dates'}: {_show_date(self.first_date)} 〜 "
                f"{_show_date(self.last_date)}"
            )
        if self.sources:
            lines.append("  " + ("変更の出所:" if ja else "where each change comes from:"))
            for source in self.sources:
                when = _show_date(source.first) if source.first else "-"
                who = "、".join(source.authors) if source.authors else "-"
                numbers = ",".join(str(n) for n in source.paragraphs[:5])
                lines.append(
                    f"    {source.change_id}: {who} {when} "
                    + (f"(段落{numbers})" if ja else f"(paragraph {numbers})")
                )
        if self.candidates:
            lines.append(
                "  "
                + (
                    f"コメント {len(self.candidates)}件 — 意見の候補です。変更との対応を確認してください"
                    "(自動ではリンクしていません):"
                    if ja
                    else f"{len(self.candidates)} comments — opinion candidates; confirm which "
                    "change each belongs to (nothing was linked automatically):"
                )
            )
            for candidate in self.candidates:
                comment = candidate.comment
                changes = ", ".join(candidate.change_ids) or ("(変更なし)" if ja else "(no change)")
                text = comment.text.replace("\n", " ")
                if len(text) > 60:
                    text = text[:60] + "…"
                lines.append(f"    {changes} ← {comment.author or '-'}「{text}」")
        warnings = [w for w in self.warnings if w.level == "warning"]
        infos = [w for w in self.warnings if w.level == "info"]
        if warnings:
            lines.append(
                "  " + (f"警告 {len(warnings)}件:" if ja else f"{len(warnings)} warnings:")
            )
            lines.extend(f"    {warning}" for warning in warnings)
        if infos:
            lines.append("  " + (f"お知らせ {len(infos)}件:" if ja else f"{len(infos)} notes:"))
            lines.extend(f"    {info}" for info in infos)
        return lines

    def to_json(self) -> dict[str, Any]:
        """Return the report as JSON-ready data (texts in the current language)."""

        def when(value: _dt.datetime | None) -> str | None:
            return value.isoformat() if value is not None else None

        return {
            "source": self.source,
            "paragraphs": self.paragraphs,
            "tables": self.tables,
            "kpi_tables": self.kpi_tables,
            "insertions": self.insertions,
            "deletions": self.deletions,
            "moves": self.moves,
            "format_changes": self.format_changes,
            "changes": dict(self.changes),
            "authors": dict(self.authors),
            "first_date": when(self.first_date),
            "last_date": when(self.last_date),
            "sources": [
                {
                    "change": s.change_id,
                    "authors": list(s.authors),
                    "first": when(s.first),
                    "last": when(s.last),
                    "paragraphs": list(s.paragraphs),
                }
                for s in self.sources
            ],
            "candidates": [
                {
                    "opinion": c.opinion_id,
                    "comment": c.comment.id,
                    "author": c.comment.author,
                    "date": when(c.comment.date),
                    "text": c.comment.text,
                    "changes": list(c.change_ids),
                    "nodes": list(c.node_ids),
                    "paragraphs": list(c.comment.paragraphs),
                    "label": c.label,
                }
                for c in self.candidates
            ],
            "warnings": [
                {
                    "level": w.level,
                    "code": w.code,
                    "message": str(w.message),
                    "paragraph": w.paragraph,
                    "part": w.part,
                    "line": w.line,
                }
                for w in self.warnings
            ],
        }


def _show_date(value: _dt.datetime) -> str:
    return value.strftime("%Y-%m-%d %H:%M")


class _Collector:
    """Warnings raised while turning paragraphs into drafts (deduplicated)."""

    def __init__(self, part: str) -> None:
        self.part = part
        self.warnings: list[ImportWarning] = []
        self._seen: set[tuple[str, int | None]] = set()

    def warn(
        self,
        code: str,
        message: Msg,
        paragraph: WordParagraph | None = None,
        level: WarningLevel = "warning",
        *,
        number: int | None = None,
        line: int | None = None,
    ) -> None:
        if paragraph is not None:
            number, line = paragraph.number, paragraph.line
        key = (code, number)
        if key in self._seen:
            return
        self._seen.add(key)
        self.warnings.append(ImportWarning(code, message, number, line, self.part, level))


# --------------------------------------------------------------------------------------------
# KPI tables

_OPINION_TABLE_STYLE = "planrevOpinions"
"""The table style of the opinion boxes planrev writes (see :mod:`planrev.word.writer`)."""
_KPI_HEAD = re.compile("KPI|\uff2b\uff30\uff29|指標", re.IGNORECASE)
_YEAR = re.compile(r"((?:19|20|21)\d{2})")


@dataclass(frozen=True, slots=True)
class _KpiColumns:
    baseline: int | None
    target: int | None
    unit: int | None
    baseline_year: int | None
    target_year: int | None
    ignored: tuple[int, ...]


def _kpi_columns(header: Sequence[str]) -> _KpiColumns | None:
    if len(header) < 2 or not _KPI_HEAD.search(header[0]):
        return None
    baseline = target = unit = None
    baseline_year = target_year = None
    years: list[tuple[int, int]] = []
    ignored: list[int] = []
    for position, raw in enumerate(header[1:], start=1):
        text = raw.strip().translate(_FULLWIDTH_DIGITS)
        match = _YEAR.search(text)
        year = int(match.group(1)) if match else None
        if "単位" in text:
            unit = position
        elif any(word in text for word in ("基準", "現状", "現況", "実績")) and baseline is None:
            baseline, baseline_year = position, year
        elif "目標" in text and target is None:
            target, target_year = position, year
        elif year is not None:
            years.append((position, year))
        else:
            ignored.append(position)
    if baseline is None and years:
        baseline, baseline_year = years.pop(0)
    if target is None and years:
        target, target_year = years.pop()
    ignored.extend(position for position, _ in years)
    if baseline is None and target is None:
        return None
    return _KpiColumns(baseline, target, unit, baseline_year, target_year, tuple(sorted(ignored)))


def _cell_text(cell: Sequence[WordParagraph], which: Literal["old", "new"]) -> str:
    return "\n".join(text for text in (p.text(which) for p in cell) if text)


def _row_exists(row: WordRow, which: Literal["old", "new"]) -> bool:
    if row.status is (RunStatus.INSERT if which == "old" else RunStatus.DELETE):
        return False
    texts = [_cell_text(cell, which) for cell in row.cells]
    other = [_cell_text(cell, "new" if which == "old" else "old") for cell in row.cells]
    # A row whose every word was inserted (or deleted) is a row added (or removed), even when
    # the tool that wrote the file marked only the text (pandoc does).
    return any(texts) or not any(other)


def _table_header(table: WordTable, which: Literal["old", "new"]) -> WordRow | None:
    for row in table.rows:
        if _row_exists(row, which):
            return row
    return None


def _kpi_table(table: WordTable, which: Literal["old", "new"], table_id: str) -> KpiTable | None:
    header = _table_header(table, which)
    if header is None:
        return None
    columns = _kpi_columns([_cell_text(cell, which) for cell in header.cells])
    if columns is None:
        return None
    rows: list[KpiRow] = []
    for row in table.rows:
        if row is header or not _row_exists(row, which):
            continue
        cells = [_cell_text(cell, which) for cell in row.cells]
        if not any(cells):
            continue

        def cell(position: int | None, cells: list[str] = cells) -> str | None:
            if position is None or position >= len(cells) or not cells[position]:
                return None
            return cells[position]

        rows.append(
            KpiRow(
                id=f"{table_id}-r{row.number}",
                indicator=cells[0] if cells else "",
                unit=cell(columns.unit),
                baseline=cell(columns.baseline),
                target=cell(columns.target),
            )
        )
    return KpiTable(
        kind="kpi",
        id=table_id,
        baseline_year=columns.baseline_year,
        target_year=columns.target_year,
        rows=tuple(rows),
    )


# --------------------------------------------------------------------------------------------
# Building the two drafts


Role = Literal["title", "heading", "label", "statement"]


@dataclass(frozen=True, slots=True)
class _Placed:
    role: Role
    level: int | None
    text: str
    bullet: bool
    label: Kind | None
    paragraph: WordParagraph


def _place(side: _Side, numbered_headings: bool) -> _Placed:
    paragraph = side.source.paragraph
    if paragraph.title:
        return _Placed("title", None, side.text, False, None, paragraph)
    level = paragraph.heading_level
    if (
        level is None
        and numbered_headings
        and paragraph.list_format not in (None, "bullet")
        and paragraph.list_level is not None
    ):
        level = paragraph.list_level + 1
    if level is not None:
        return _Placed("heading", level, side.text, False, None, paragraph)
    bullet = paragraph.bullet or side.source.typed_bullet
    label = None if bullet else _label_of(side.text)
    if label is not None:
        return _Placed("label", None, side.text, False, label, paragraph)
    return _Placed("statement", None, side.text, bullet, None, paragraph)


@dataclass(slots=True)
class _Node:
    kind: Literal["pillar", "field", "section"]
    id: str
    title: str
    blocks: list[Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    def freeze(self) -> Any:
        if self.kind == "section":
            return Section(
                id=self.id,
                title=self.title,
                blocks=tuple(self.blocks),
                sections=tuple(child.freeze() for child in self.children),
            )
        if self.kind == "field":
            return Field(
                id=self.id,
                title=self.title,
                blocks=tuple(self.blocks),
                sections=tuple(child.freeze() for child in self.children),
            )
        return Pillar(
            id=self.id,
            title=self.title,
            blocks=tuple(self.blocks),
            fields=tuple(child.freeze() for child in self.children),
        )


class _Tree:
    """Builds one draft's pillar → field → section tree from headings in document order."""

    def __init__(self, base_level: int, report: _Collector) -> None:
        self.base = base_level
        self.report = report
        self.blocks: list[Block] = []
        self.pillars: list[_Node] = []
        self.pillar: _Node | None = None
        self.field: _Node | None = None
        self.sections: list[_Node] = []
        self.kind: Literal["vision", "initiative", "text"] = "text"
        self.implicit = Counter[str]()

    def _implicit(self, kind: Literal["pillar", "field"], paragraph: WordParagraph) -> _Node:
        self.implicit[kind] += 1
        node = _Node(kind, f"w-implicit-{kind}-{self.implicit[kind]}", "")
        what = Msg("柱", "pillar") if kind == "pillar" else Msg("分野", "field")
        self.report.warn(
            "implicit-parent",
            Msg(
                f"上位の見出しがないため、題名のない{what.ja}({node.id})を補いました",
                f"no higher heading: an untitled {what.en} ({node.id}) was added",
            ),
            paragraph,
        )
        return node

    def _need_pillar(self, paragraph: WordParagraph) -> _Node:
        if self.pillar is None:
            self.pillar = self._implicit("pillar", paragraph)
            self.pillars.append(self.pillar)
        return self.pillar

    def _need_field(self, paragraph: WordParagraph) -> _Node:
        if self.field is None:
            pillar = self._need_pillar(paragraph)
            self.field = self._implicit("field", paragraph)
            pillar.children.append(self.field)
        return self.field

    def heading(self, node_id: str, placed: _Placed) -> None:
        depth = (placed.level or 1) - self.base
        self.kind = "text"
        if depth <= 0:
            self.pillar = _Node("pillar", node_id, placed.text)
            self.pillars.append(self.pillar)
            self.field = None
            self.sections = []
        elif depth == 1:
            pillar = self._need_pillar(placed.paragraph)
            self.field = _Node("field", node_id, placed.text)
            pillar.children.append(self.field)
            self.sections = []
        else:
            parent_field = self._need_field(placed.paragraph)
            nesting = depth - 2
            if nesting > len(self.sections):
                self.report.warn(
                    "level-skip",
                    Msg(
                        "見出しの階層が飛んでいます。一つ上の見出しの下に置きます",
                        "a heading level is skipped; the heading is placed under the nearest one",
                    ),
                    placed.paragraph,
                )
                nesting = len(self.sections)
            del self.sections[nesting:]
            node = _Node("section", node_id, placed.text)
            (self.sections[-1] if self.sections else parent_field).children.append(node)
            self.sections.append(node)

    def container(self) -> _Node | None:
        if self.sections:
            return self.sections[-1]
        return self.field or self.pillar

    def add(self, block: Block) -> None:
        container = self.container()
        (container.blocks if container is not None else self.blocks).append(block)

    def statement(self, node_id: str, placed: _Placed) -> None:
        self.add(Statement(kind=self.kind, id=node_id, text=placed.text, bullet=placed.bullet))

    def freeze(self, meta: PlanMeta) -> Plan:
        return Plan(
            meta=meta,
            blocks=tuple(self.blocks),
            pillars=tuple(node.freeze() for node in self.pillars),
        )


# --------------------------------------------------------------------------------------------
# The import


@dataclass(frozen=True, slots=True)
class WordImport:
    """The result of importing a Word document: two drafts, a revision and a report."""

    old: Plan
    """The draft before the tracked changes (all deletions kept, insertions removed)."""
    new: Plan
    """The draft after them (insertions kept, deletions removed)."""
    revision: Revision
    """One change per changed statement, heading or KPI row; no opinion links."""
    candidates: tuple[CommentCandidate, ...]
    """Word comments as opinion candidates, for the user to confirm."""
    report: ImportReport
    """Counts, authors, dates and warnings."""
    document: WordDocument
    """The paragraph model the drafts were made from."""

    def opinion_candidates(self) -> OpinionSet:
        """Return the comments as opinions of the new meeting, each with disposition 未定.

        Nothing links them to changes: :attr:`candidates` says which changes each comment is
        anchored on, for the user to confirm and write into the revision by hand.
        """
        return OpinionSet(
            meeting=self.revision.new,
            opinions=tuple(
                Opinion(
                    id=candidate.opinion_id,
                    text=candidate.comment.text,
                    channel=Channel.WRITTEN,
                    speaker=candidate.comment.author or None,
                    scope=candidate.scope,
                    disposition=Disposition.UNDECIDED,
                )
                for candidate in self.candidates
            ),
        )


_ID_RE = re.compile(ID_PATTERN)
_LABEL_IN_COMMENT = re.compile(
    r"^\s*【?(追加|修正|削除)((?:[①-⑳㉑-㉟㊱-㊿]|\(\d+\))?)】?\s*(?:←|<-|:|：|$)"
)


def _assign_ids(items: Sequence[_Item], report: _Collector) -> None:
    used: set[str] = set()
    generated = {f"w-p{item.key}" for item in items if isinstance(item, _Unit)}
    for item in items:
        if not isinstance(item, _Unit):
            continue
        chosen = f"w-p{item.key}"
        sides = [side for side in (item.old, item.new) if side is not None]
        for side in sides:
            for name in side.source.paragraph.bookmarks:
                decoded = decode_bookmark_id(name)
                if decoded is None:
                    continue
                if decoded in used or (decoded in generated and decoded != chosen):
                    report.warn(
                        "bookmark-id",
                        Msg(
                            f"しおりの id '{decoded}' は重複するため使いません",
                            f"the bookmark id '{decoded}' is a duplicate and is not used",
                        ),
                        side.source.paragraph,
                    )
                    continue
                chosen = decoded
                break
            else:
                continue
            break
        if chosen in used:  # never expected (keys are unique); keep ids unique regardless
            suffix = 2
            while f"{chosen}-{suffix}" in used:
                suffix += 1
            chosen = f"{chosen}-{suffix}"
        used.add(chosen)
        item.id = chosen


def _kind_and_span(
    runs: Sequence[TaggedRun], old_text: str, new_text: str, statement: bool
) -> tuple[ChangeKind, Span | None]:
    old_pos = new_pos = 0
    inserted = deleted = False
    new_first: int | None = None
    new_last = 0
    old_first: int | None = None
    old_last = 0
    for run in runs:
        size = len(run.text)
        if run.status is RunStatus.EQUAL:
            old_pos += size
            new_pos += size
        elif run.status is RunStatus.INSERT:
            inserted = inserted or size > 0
            new_first = new_pos if new_first is None else new_first
            new_pos += size
            new_last = new_pos
        else:
            deleted = deleted or size > 0
            old_first = old_pos if old_first is None else old_first
            old_pos += size
            old_last = old_pos
            new_first = new_pos if new_first is None else new_first
            new_last = max(new_last, new_pos)
    if inserted and not deleted:
        kind = ChangeKind.ADD
    elif deleted and not inserted:
        kind = ChangeKind.DELETE
    else:
        kind = ChangeKind.MODIFY
    if not statement:
        return kind, None
    if kind is ChangeKind.DELETE and old_first is not None:
        return kind, Span(start=old_first, end=old_last)
    if new_first is not None and new_last <= len(new_text):
        return kind, Span(start=new_first, end=new_last)
    return kind, None


def _who(runs: Iterable[TaggedRun]) -> tuple[list[str], list[_dt.datetime]]:
    authors: list[str] = []
    dates: list[_dt.datetime] = []
    for run in runs:
        if run.status is RunStatus.EQUAL:
            continue
        if run.author and run.author not in authors:
            authors.append(run.author)
        if run.date is not None:
            dates.append(run.date)
    return authors, dates


def import_word(
    source: Path | str | bytes,
    *,
    old_meeting: int = 1,
    new_meeting: int | None = None,
    title: str | None = None,
    old_date: _dt.date | None = None,
    new_date: _dt.date | None = None,
    numbered_lists: Literal["statements", "headings"] = "statements",
    strict: bool = False,
) -> WordImport:
    """Import a Word document with tracked changes as an old draft, a new draft and a revision.

    ``old_meeting`` / ``new_meeting`` (default ``old_meeting + 1``) are the meeting numbers of
    the two drafts; ``title`` overrides the plan's name (default: the document's Title
    paragraph, then its properties' title, then the file name); ``numbered_lists="headings"``
    reads numbered (not bulleted) list items as headings of their level, for documents that
    number their chapters with a list instead of heading styles. With ``strict``, any warning
    raises :class:`~planrev.errors.ImportWarningError` instead of being reported.
    """
    document = read_word(source)
    new_meeting = old_meeting + 1 if new_meeting is None else new_meeting
    report = _Collector(document.part)
    items = _items(document, report)
    _assign_ids(items, report)
    numbered_headings = numbered_lists == "headings"

    placements: dict[int, tuple[_Placed | None, _Placed | None]] = {}
    levels: list[int] = []
    for position, item in enumerate(items):
        if isinstance(item, _Unit):
            old = _place(item.old, numbered_headings) if item.old else None
            new = _place(item.new, numbered_headings) if item.new else None
            placements[position] = (old, new)
            levels.extend(p.level for p in (old, new) if p is not None and p.level is not None)
    base = min(levels) if levels else 1
    if not levels:
        report.warn(
            "no-headings",
            Msg(
                "見出しがありません。すべての段落を計画直下の記述として取り込みます"
                "(見出しスタイルを使うか、番号付きの段落が見出しなら --numbered-as-headings を指定してください)",
                "no headings: every paragraph becomes a statement at the plan's top level (use "
                "heading styles, or --numbered-as-headings if numbered paragraphs are headings)",
            ),
            None,
        )
    elif base > 1:
        report.warn(
            "heading-base",
            Msg(
                f"最上位の見出しは見出し{base}です。見出し{base}を柱として読みます",
                f"the top heading level is {base}; level {base} headings are read as pillars",
            ),
            None,
            "info",
        )

    trees = {"old": _Tree(base, report), "new": _Tree(base, report)}
    titles: dict[str, str] = {}
    kpi_ids: set[str] = set()
    for position, item in enumerate(items):
        if isinstance(item, _TableItem):
            table = item.table
            table_id = f"w-t{table.number}"
            any_kpi = False
            for which in _WHICH:
                kpi = _kpi_table(table, which, table_id)
                if kpi is not None:
                    trees[which].add(kpi)
                    any_kpi = True
            if any_kpi:
                kpi_ids.add(table_id)
                _kpi_warnings(table, report)
            elif table.style_id == _OPINION_TABLE_STYLE:
                report.warn(
                    "opinion-table",
                    Msg(
                        f"表{table.number}は planrev が書いた意見の表(★意見)です。取り込みません"
                        "(意見と変更の対応はコメントにあります)",
                        f"table {table.number} is an opinion box (★意見) written by planrev and is "
                        "not imported (the comments say which opinion caused which change)",
                    ),
                    number=table.first_paragraph,
                    line=table.line,
                    level="info",
                )
            else:
                report.warn(
                    "table-skipped",
                    Msg(
                        f"表{table.number}は KPI 表(見出し行が「KPI | 2023 | 2028」や「指標 | 基準値 | "
                        "目標値」)ではないため取り込みません",
                        f"table {table.number} is not a KPI table (header like 'KPI | 2023 | 2028' "
                        "or '指標 | 基準値 | 目標値') and is not imported",
                    ),
                    number=table.first_paragraph,
                    line=table.line,
                )
            continue
        old, new = placements[position]
        for which, placed in (("old", old), ("new", new)):
            if placed is None:
                continue
            tree = trees[which]
            if placed.role == "title":
                if which in titles:
                    tree.statement(item.id, replace(placed, role="statement"))
                    report.warn(
                        "second-title",
                        Msg(
                            "二つ目の「表題」段落は記述として取り込みます",
                            "a second Title paragraph is imported as a statement",
                        ),
                        placed.paragraph,
                    )
                else:
                    titles[which] = placed.text
            elif placed.role == "heading":
                tree.heading(item.id, placed)
            elif placed.role == "label":
                kind: Kind = placed.label or "text"
                tree.kind = kind
                report.warn(
                    "label",
                    Msg(
                        f"「{placed.text}」を見出し語として読み、続く記述を{_KIND_WORDS[kind].ja}とします",
                        f"'{placed.text}' is read as a label: the statements after it are "
                        f"{_KIND_WORDS[kind].en} statements",
                    ),
                    placed.paragraph,
                    "info",
                )
            else:
                tree.statement(item.id, placed)
                if _MARKER.search(placed.text):
                    report.warn(
                        "marker-in-text",
                        Msg(
                            "本文に【追加】などのマーカーが文字として書かれています(そのまま取り込みます)",
                            "the text holds a marker such as 【追加】 as plain text (kept as is)",
                        ),
                        placed.paragraph,
                    )

    name = title or titles.get("new") or titles.get("old") or document.title
    if name is None:
        name = document.source.stem if document.source is not None else "Word"
    if (
        titles.get("old") is not None
        and titles.get("new") is not None
        and titles["old"] != titles["new"]
    ):
        report.warn(
            "title-changed",
            Msg(
                f"表題が変更されています(「{titles['old']}」→「{titles['new']}」)。新しい表題を使います",
                f"the title was changed ('{titles['old']}' → '{titles['new']}'); the new one is used",
            ),
        )
    provisional = name.startswith(("(仮称)", "（仮称）"))
    plan_title = name[4:] if provisional else name
    old_plan = trees["old"].freeze(
        PlanMeta(title=plan_title, provisional=provisional, meeting=old_meeting, date=old_date)
    )
    new_plan = trees["new"].freeze(
        PlanMeta(title=plan_title, provisional=provisional, meeting=new_meeting, date=new_date)
    )

    changes, sources, node_of_paragraph = _changes(items, placements, old_plan, new_plan, report)
    changes, sources, folded = _fold_whole_nodes(changes, sources, old_plan, new_plan)
    candidates = _candidates(
        document,
        changes=changes,
        folded=folded,
        node_of_paragraph=node_of_paragraph,
        old_plan=old_plan,
        new_plan=new_plan,
        report=report,
    )
    changes = _apply_comment_labels(changes, candidates, report)
    revision = Revision(old=old_meeting, new=new_meeting, changes=tuple(changes))

    _paragraph_notes(document, report)
    warnings = (*document.warnings, *report.warnings)
    if strict:
        serious = [w for w in warnings if w.level == "warning"]
        if serious:
            raise ImportWarningError(
                Msg(
                    f"取り込みで警告が{len(serious)}件ありました(厳格モード): {serious[0]}",
                    f"the import found {len(serious)} warnings (strict mode): {serious[0]}",
                ),
                hint=Msg(
                    "警告を確認し、文書を直すか、厳格モードを外して取り込んでください。",
                    "check the warnings; fix the document, or import without strict mode.",
                ),
            )
    import_report = _report(
        document,
        revision=revision,
        sources=sources,
        candidates=candidates,
        warnings=warnings,
        kpi_tables=len(kpi_ids),
    )
    return WordImport(old_plan, new_plan, revision, candidates, import_report, document)


def _kpi_warnings(table: WordTable, report: _Collector) -> None:
    for which in reversed(_WHICH):
        header = _table_header(table, which)
        if header is None:
            continue
        columns = _kpi_columns([_cell_text(cell, which) for cell in header.cells])
        if columns is not None and columns.ignored:
            report.warn(
                "kpi-columns",
                Msg(
                    f"KPI 表{table.number}の列 {', '.join(str(c + 1) for c in columns.ignored)} は"
                    "基準値・目標値・単位のどれでもないため取り込みません",
                    f"KPI table {table.number}: columns "
                    f"{', '.join(str(c + 1) for c in columns.ignored)} are neither baseline, "
                    "target nor unit and are not imported",
                ),
                number=table.first_paragraph,
                line=table.line,
            )
        return


def _changes(
    items: Sequence[_Item],
    placements: dict[int, tuple[_Placed | None, _Placed | None]],
    old_plan: Plan,
    new_plan: Plan,
    report: _Collector,
) -> tuple[list[ChangeRecord], list[ChangeSource], dict[int, str]]:
    old_nodes = index(old_plan)
    new_nodes = index(new_plan)
    changes: list[ChangeRecord] = []
    sources: list[ChangeSource] = []
    node_of_paragraph: dict[int, str] = {}

    def record(
        target: str,
        kind: ChangeKind,
        span: Span | None,
        runs: Iterable[TaggedRun],
        paragraphs: Sequence[int],
        *,
        marks: Iterable[tuple[str | None, _dt.datetime | None]] = (),
    ) -> None:
        change_id = f"c-{target}"
        changes.append(ChangeRecord(id=change_id, kind=kind, target=target, span=span))
        authors, dates = _who(runs)
        for author, date in marks:
            if author and author not in authors:
                authors.append(author)
            if date is not None:
                dates.append(date)
        sources.append(
            ChangeSource(
                change_id,
                tuple(authors),
                min(dates) if dates else None,
                max(dates) if dates else None,
                tuple(paragraphs),
            )
        )

    for position, item in enumerate(items):
        if isinstance(item, _TableItem):
            _table_changes(item.table, old_nodes, new_nodes, record, node_of_paragraph)
            continue
        for number in item.paragraphs:
            node_of_paragraph[number] = item.id
        old, new = placements[position]
        in_old = item.id in old_nodes
        in_new = item.id in new_nodes
        all_runs = list(item.runs if item.runs is not None else item.all_runs)
        marks = [
            (side.source.paragraph.mark_author, side.source.paragraph.mark_date)
            for side in (item.old, item.new)
            if side is not None and side.source.paragraph.mark is not RunStatus.EQUAL
        ]
        paragraph = (item.new or item.old).source.paragraph  # type: ignore[union-attr]
        if not in_old and not in_new:
            for placed in (old, new):
                if (
                    placed is not None
                    and placed.role in ("title", "label")
                    and old
                    and new
                    and old.text != new.text
                ):
                    report.warn(
                        "unrecorded-change",
                        Msg(
                            "表題・見出し語の変更は変更記録に入りません",
                            "changes to the title or to a label are not recorded as changes",
                        ),
                        placed.paragraph,
                    )
            continue
        if in_new and not in_old:
            if item.old is not None:
                report.warn(
                    "role-changed",
                    Msg(
                        "旧版と新版で段落の種類(見出し・記述)が異なります",
                        "the paragraph is a different kind of node in the old and new text",
                    ),
                    paragraph,
                )
            record(item.id, ChangeKind.ADD, None, all_runs, item.paragraphs, marks=marks)
            continue
        if in_old and not in_new:
            if item.new is not None:
                report.warn(
                    "role-changed",
                    Msg(
                        "旧版と新版で段落の種類(見出し・記述)が異なります",
                        "the paragraph is a different kind of node in the old and new text",
                    ),
                    paragraph,
                )
            record(item.id, ChangeKind.DELETE, None, all_runs, item.paragraphs, marks=marks)
            continue
        if item.old is None or item.new is None:  # pragma: no cover - ids are unique per unit
            continue
        if item.old.text == item.new.text:
            if any(run.status is not RunStatus.EQUAL for run in all_runs):
                report.warn(
                    "no-net-change",
                    Msg(
                        "変更履歴はありますが、変更前後で文字が同じため変更として記録しません",
                        "tracked changes leave the text as it was; no change is recorded",
                    ),
                    paragraph,
                    "info",
                )
            continue
        is_statement = isinstance(new_nodes[item.id].node, Statement)
        if item.runs is None:
            record(item.id, ChangeKind.MODIFY, None, all_runs, item.paragraphs, marks=marks)
            continue
        kind, span = _kind_and_span(item.runs, item.old.text, item.new.text, is_statement)
        if (
            kind is ChangeKind.DELETE
            and span is not None
            and span.end is not None
            and span.end > len(item.old.text)
        ):
            span = None
        record(item.id, kind, span, item.runs, item.paragraphs, marks=marks)
    return changes, sources, node_of_paragraph


def _table_changes(
    table: WordTable,
    old_nodes: dict[str, Any],
    new_nodes: dict[str, Any],
    record: Any,
    node_of_paragraph: dict[int, str],
) -> None:
    table_id = f"w-t{table.number}"
    in_old, in_new = table_id in old_nodes, table_id in new_nodes
    if not in_old and not in_new:
        return
    numbers = [p.number for row in table.rows for cell in row.cells for p in cell]
    for number in numbers:
        node_of_paragraph[number] = table_id
    runs_of = {
        row.number: [run for cell in row.cells for p in cell for run in p.runs]
        for row in table.rows
    }
    if in_new != in_old:
        kind = ChangeKind.ADD if in_new else ChangeKind.DELETE
        runs = [run for row in table.rows for run in runs_of[row.number]]
        rows = [(row.author, row.date) for row in table.rows if row.status is not RunStatus.EQUAL]
        record(table_id, kind, None, runs, numbers, marks=rows)
        return
    old_table = old_nodes[table_id].node
    new_table = new_nodes[table_id].node
    if (old_table.baseline_year, old_table.target_year) != (
        new_table.baseline_year,
        new_table.target_year,
    ):
        header = _table_header(table, "new")
        runs = runs_of[header.number] if header is not None else []
        cells = [p.number for cell in header.cells for p in cell] if header is not None else []
        record(table_id, ChangeKind.MODIFY, None, runs, cells)
    for row in table.rows:
        row_id = f"{table_id}-r{row.number}"
        cell_numbers = [p.number for cell in row.cells for p in cell]
        if row_id in old_nodes or row_id in new_nodes:
            for number in cell_numbers:
                node_of_paragraph[number] = row_id
        old_row = old_nodes.get(row_id)
        new_row = new_nodes.get(row_id)
        mark = [(row.author, row.date)] if row.status is not RunStatus.EQUAL else []
        runs = runs_of[row.number]
        if old_row is None and new_row is None:
            continue
        if old_row is None:
            record(row_id, ChangeKind.ADD, None, runs, cell_numbers, marks=mark)
        elif new_row is None:
            record(row_id, ChangeKind.DELETE, None, runs, cell_numbers, marks=mark)
        else:
            before = old_row.node.model_dump(exclude={"id"})
            after = new_row.node.model_dump(exclude={"id"})
            if before == after:
                continue
            inserted = any(run.status is RunStatus.INSERT for run in runs)
            deleted = any(run.status is RunStatus.DELETE for run in runs)
            kind = (
                ChangeKind.ADD
                if inserted and not deleted
                else ChangeKind.DELETE
                if deleted and not inserted
                else ChangeKind.MODIFY
            )
            record(row_id, kind, None, runs, cell_numbers, marks=mark)


def _fold_whole_nodes(
    changes: Sequence[ChangeRecord],
    sources: Sequence[ChangeSource],
    old_plan: Plan,
    new_plan: Plan,
) -> tuple[list[ChangeRecord], list[ChangeSource], dict[str, str]]:
    """Drop the changes of nodes inside a pillar, field or section added (deleted) as a whole.

    The comparison counts everything inside an added section as part of that one addition (as
    the handout marks only its heading), so a record for each node inside would match nothing.
    Their Word paragraphs, authors and dates go to the enclosing change; returns the changes,
    their sources, and the change id each folded node now belongs to.
    """
    old_nodes, new_nodes = index(old_plan), index(new_plan)
    whole = {
        change.target: change
        for change in changes
        if (change.kind is ChangeKind.ADD and change.target not in old_nodes)
        or (change.kind is ChangeKind.DELETE and change.target not in new_nodes)
    }
    folded: dict[str, str] = {}
    for change in changes:
        if change.target not in whole:
            continue
        nodes = old_nodes if change.kind is ChangeKind.DELETE else new_nodes
        located = nodes.get(change.target)
        if located is None:
            continue
        for parent in located.parents:  # outermost first: fold into the outermost addition
            enclosing = whole.get(parent.id)
            if enclosing is not None and enclosing.kind is change.kind:
                folded[change.id] = enclosing.id
                break
    by_id = {source.change_id: source for source in sources}
    for inner, outer in folded.items():
        source, into = by_id[inner], by_id[outer]
        dates = [d for d in (source.first, source.last, into.first, into.last) if d is not None]
        by_id[outer] = replace(
            into,
            authors=tuple(dict.fromkeys((*into.authors, *source.authors))),
            first=min(dates) if dates else None,
            last=max(dates) if dates else None,
            paragraphs=tuple(sorted({*into.paragraphs, *source.paragraphs})),
        )
    targets = {change.id: change.target for change in changes}
    return (
        [change for change in changes if change.id not in folded],
        [by_id[source.change_id] for source in sources if source.change_id not in folded],
        {targets[inner]: outer for inner, outer in folded.items()},
    )


def _comment_id(raw: str, used: set[str]) -> str:
    candidate = f"w-comment-{raw}"
    if not _ID_RE.match(candidate) or candidate in used:
        candidate = f"w-comment-n{len(used) + 1}"
    used.add(candidate)
    return candidate


def _candidates(
    document: WordDocument,
    *,
    changes: Sequence[ChangeRecord],
    folded: dict[str, str],
    node_of_paragraph: dict[int, str],
    old_plan: Plan,
    new_plan: Plan,
    report: _Collector,
) -> tuple[CommentCandidate, ...]:
    change_of = {**folded, **{change.target: change.id for change in changes}}
    old_nodes = index(old_plan)
    new_nodes = index(new_plan)
    used: set[str] = set()
    out: list[CommentCandidate] = []
    for comment in document.comments:
        nodes: list[str] = []
        for number in comment.paragraphs:
            node_id = node_of_paragraph.get(number)
            if node_id is not None and node_id not in nodes:
                nodes.append(node_id)
        # A comment on a KPI cell concerns its row, and a change of the whole table covers it.
        change_ids: list[str] = []
        for node_id in nodes:
            for candidate_target in (node_id, node_id.rsplit("-r", 1)[0]):
                change_id = change_of.get(candidate_target)
                if change_id is not None and change_id not in change_ids:
                    change_ids.append(change_id)
                    break
        scope: str | None = None
        for node_id in nodes:
            located = new_nodes.get(node_id) or old_nodes.get(node_id)
            if located is not None and located.container is not None:
                container = located.container.id
                if container in new_nodes:
                    scope = container
                    break
        if not comment.paragraphs:
            report.warn(
                "comment-unanchored",
                Msg(
                    f"コメント {comment.id}({comment.author or '作成者不明'})は本文のどこにも付いていません",
                    f"comment {comment.id} ({comment.author or 'unknown author'}) is not anchored "
                    "in the text",
                ),
                number=None,
                line=comment.line,
            )
        match = _LABEL_IN_COMMENT.match(comment.text)
        label = f"{match.group(1)}{match.group(2)}" if match else None
        out.append(
            CommentCandidate(
                opinion_id=_comment_id(comment.id, used),
                comment=comment,
                change_ids=tuple(change_ids),
                node_ids=tuple(nodes),
                scope=scope,
                label=label,
            )
        )
    return tuple(out)


def _apply_comment_labels(
    changes: list[ChangeRecord], candidates: Sequence[CommentCandidate], report: _Collector
) -> list[ChangeRecord]:
    """Take labels such as 追加① from comments written as ``追加① ← 意見1: …`` (planrev's own)."""
    labels: dict[str, str] = {}
    for candidate in candidates:
        if candidate.label is None or len(candidate.change_ids) != 1:
            continue
        change_id = candidate.change_ids[0]
        labels.setdefault(change_id, candidate.label)
    out = []
    for change in changes:
        label = labels.get(change.id)
        if label is not None and not label.startswith(change.kind.value):
            report.warn(
                "label-kind",
                Msg(
                    f"コメントのラベル「{label}」が変更の種類({change.kind.value})と合わないため使いません",
                    f"the comment's label '{label}' does not match the change's kind "
                    f"({change.kind.value}) and is not used",
                ),
                number=None,
            )
            label = None
        out.append(change.model_copy(update={"label": label}) if label else change)
    return out


def _paragraph_notes(document: WordDocument, report: _Collector) -> None:
    stripped = [p for p in document.paragraphs() if p.cell is None and _prepare(p).typed_bullet]
    if stripped:
        numbers = ", ".join(str(p.number) for p in stripped[:10])
        more = "…" if len(stripped) > 10 else ""
        report.warn(
            "typed-bullet",
            Msg(
                f"先頭の「・」を箇条書きの印として外しました({len(stripped)}段落: {numbers}{more})",
                f"a leading '・' was taken as a bullet mark and removed ({len(stripped)} "
                f"paragraphs: {numbers}{more})",
            ),
            number=stripped[0].number,
            line=stripped[0].line,
            level="info",
        )
    nested = [p for p in document.paragraphs() if p.list_level and p.heading_level is None]
    if nested:
        report.warn(
            "nested-list",
            Msg(
                f"入れ子の箇条書き({len(nested)}段落)は平らな記述として取り込みます",
                f"nested list items ({len(nested)} paragraphs) are imported as flat statements",
            ),
            number=nested[0].number,
            line=nested[0].line,
            level="info",
        )
    if document.dropped_runs:
        report.warn(
            "inserted-then-deleted",
            Msg(
                f"挿入後に削除された文字({document.dropped_runs}箇所)は旧版にも新版にも含めません",
                f"text inserted and deleted again ({document.dropped_runs} pieces) is in neither "
                "draft",
            ),
            level="info",
        )
    moved = [p for p in document.paragraphs() if any(run.moved for run in p.runs)]
    if moved:
        report.warn(
            "moved",
            Msg(
                f"移動された文字({len(moved)}段落)は、元の場所の削除と新しい場所の追加として記録します",
                f"moved text ({len(moved)} paragraphs) is recorded as deleted at its old place "
                "and added at its new place",
            ),
            number=moved[0].number,
            line=moved[0].line,
        )
    if document.format_changes:
        changed = sorted({change.paragraph for change in document.format_changes})
        shown = ", ".join(str(n) for n in changed[:10]) + ("…" if len(changed) > 10 else "")
        report.warn(
            "format-only",
            Msg(
                f"書式だけの変更履歴 {len(document.format_changes)}箇所(段落 {shown})は取り込みません",
                f"{len(document.format_changes)} formatting-only tracked changes (paragraphs "
                f"{shown}) are not imported",
            ),
            number=changed[0],
            level="info",
        )


def _report(
    document: WordDocument,
    *,
    revision: Revision,
    sources: Sequence[ChangeSource],
    candidates: Sequence[CommentCandidate],
    warnings: Sequence[ImportWarning],
    kpi_tables: int,
) -> ImportReport:
    insertions = deletions = moves = 0
    authors: Counter[str] = Counter()
    dates: list[_dt.datetime] = []
    tables = 0
    for item in document.body:
        if isinstance(item, WordTable):
            tables += 1
            for row in item.rows:
                if row.status is not RunStatus.EQUAL:
                    insertions += row.status is RunStatus.INSERT
                    deletions += row.status is RunStatus.DELETE
                    if row.author:
                        authors[row.author] += 1
                    if row.date is not None:
                        dates.append(row.date)
    paragraphs = 0
    for paragraph in document.paragraphs():
        paragraphs += 1
        if paragraph.mark is not RunStatus.EQUAL:
            insertions += paragraph.mark is RunStatus.INSERT
            deletions += paragraph.mark is RunStatus.DELETE
            if paragraph.mark_author:
                authors[paragraph.mark_author] += 1
            if paragraph.mark_date is not None:
                dates.append(paragraph.mark_date)
        for run in paragraph.runs:
            if run.status is RunStatus.EQUAL:
                continue
            insertions += run.status is RunStatus.INSERT
            deletions += run.status is RunStatus.DELETE
            moves += run.moved
            if run.author:
                authors[run.author] += 1
            if run.date is not None:
                dates.append(run.date)
    kinds = Counter(change.kind.value for change in revision.changes)
    source = str(document.source) if document.source is not None else "<bytes>"
    return ImportReport(
        source=source,
        paragraphs=paragraphs,
        tables=tables,
        kpi_tables=kpi_tables,
        insertions=insertions,
        deletions=deletions,
        moves=moves,
        format_changes=len(document.format_changes),
        changes={kind.value: kinds[kind.value] for kind in ChangeKind if kinds[kind.value]},
        authors=dict(authors.most_common()),
        first_date=min(dates) if dates else None,
        last_date=max(dates) if dates else None,
        sources=tuple(sources),
        candidates=tuple(candidates),
        warnings=tuple(warnings),
    )
