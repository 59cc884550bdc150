"""Reading ``word/document.xml`` into the paragraph model: :func:`read_word`.

One walk over ``w:body`` numbers the paragraphs (table cells included), tags every piece of text
``equal`` / ``insert`` / ``delete`` from the ``w:ins`` / ``w:del`` / ``w:moveTo`` / ``w:moveFrom``
around it, reads each paragraph's style (heading level, Title, list level and format), collects
the comments' anchors and the formatting-only changes, and reports what it cannot take over
(pictures, text boxes, equations, footnote texts, hidden text …) as findings located by
paragraph. Decorations planrev's own redline writes (markers, （再掲）, ※ reasons in its marker
styles) are recognised and left out of the text. Read with ``formatting=True`` (for hand-made
見え消し, :mod:`planrev.word.formatted`), every run also carries its strike, underline and colours
(:class:`~planrev.word.document.RunFormat`) and decorations are kept as text.
"""

from __future__ import annotations

import datetime as _dt
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from lxml import etree

from planrev.diagnostics import Finding, Level
from planrev.errors import Location
from planrev.i18n import Msg
from planrev.word.document import (
    BodyItem,
    FormatChange,
    RunFormat,
    RunStatus,
    TaggedRun,
    WordComment,
    WordDocument,
    WordFootnote,
    WordParagraph,
    WordRow,
    WordTable,
)
from planrev.word.ooxml import parse_word_date, prefixed, qn
from planrev.word.opening import DocxLimits, NodeBudget, XmlPart, open_package
from planrev.word.styles import (
    Numbering,
    Styles,
    W,
    int_value,
    line_of,
    run_properties,
    value_of,
)

__all__ = ["read_word"]

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
_DECORATION_STYLES = {"planrevMarker", "planrevAnnotation"}
"""Character styles of the decoration planrev writes (see :mod:`planrev.word.writer`)."""
_NUMBER = r"(?:[①-⑳㉑-㉟㊱-㊿]|\(\d+\)|[0-9\uff10-\uff19]+)"
"""A change label's number: ①–⑳, ㉑–㉟, ㊱–㊿, then (51) … (see planrev.comparison.circled)."""
_DECORATION_TEXT = re.compile(
    rf"^(?:【(?:追加|修正|削除|分割|統合|移動){_NUMBER}?】|（再掲）|※.*|（.*へ移動）|【|】)$",
    re.DOTALL,
)
"""What a decoration run holds: a marker, （再掲）, a ※ note, where a moved text went
(（第1章第2節（1）へ移動）), or the brackets of a note."""


@dataclass(frozen=True, slots=True)
class _Mark:
    """Who made a tracked change and when."""

    author: str | None
    """``w:author``, or None."""
    date: _dt.datetime | None
    """``w:date``, or None when absent or unreadable."""


@dataclass(frozen=True, slots=True)
class _State:
    """The tracked changes around a piece of text."""

    insert: _Mark | None = None
    """The insertion it is in, or None."""
    delete: _Mark | None = None
    """The deletion it is in, or None."""
    moved: bool = False
    """Whether the insertion or deletion is a move."""


class _BodyReader:
    """Walks ``w:body`` once, numbering paragraphs and collecting runs, comments and warnings."""

    def __init__(
        self,
        part: XmlPart,
        styles: Styles,
        numbering: Numbering,
        source: Path | None,
        budget: NodeBudget,
        *,
        formatting: bool = False,
    ) -> None:
        self.part = part.name
        self.formatting = formatting
        """Whether runs carry their formatting (and decorations are kept as text)."""
        self.paragraph_style: str | None = None
        """The style of the paragraph being read."""
        self.source = source
        self.budget = budget
        self.styles = styles
        self.numbering = numbering
        self.count = 0
        self.tables = 0
        self.warnings: list[Finding] = []
        self.format_changes: list[FormatChange] = []
        self.open_comments: dict[str, None] = {}  # an ordered set
        self._open_tuple: tuple[str, ...] | None = ()
        """The open comments as the runs carry them (None: to be made again)."""
        self.comment_paragraphs: dict[str, dict[int, None]] = {}  # ordered sets
        self.pending_bookmarks: list[str] = []
        self.dropped = 0
        self.decorations = 0
        self.footnote_references: list[tuple[str, int]] = []
        """Each footnote reference: the footnote's id and the paragraph's number."""
        self._warned: set[tuple[str, int | None]] = set()
        self._bad_dates: set[str] = set()

    # -- warnings

    def warn(
        self,
        code: str,
        message: Msg,
        paragraph: int | None,
        level: Level = Level.WARNING,
    ) -> None:
        paragraph = paragraph or None  # 0: a paragraph of the comments part
        key = (code, paragraph)
        if key in self._warned:
            return
        self._warned.add(key)
        self.warnings.append(
            Finding(code, level, message, location=Location(self.source, paragraph=paragraph))
        )

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
            )
        return _Mark(node.get(_ATTR_AUTHOR), date)

    def format_change(self, node: etree._Element, paragraph: int) -> None:
        mark = self.mark_of(node, paragraph)
        self.format_changes.append(
            FormatChange(paragraph, prefixed(node.tag), mark.author, mark.date, line_of(node))
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
                )

    # -- comments

    def _open_comment(self, comment_id: str | None, paragraph: int | None) -> None:
        if comment_id is None:
            return
        if comment_id not in self.open_comments:
            self.open_comments[comment_id] = None
            self._open_tuple = None
        if paragraph is not None:
            self._touch(comment_id, paragraph)

    def _close_comment(self, comment_id: str | None) -> None:
        if comment_id is not None and comment_id in self.open_comments:
            del self.open_comments[comment_id]
            self._open_tuple = None

    def _comments(self) -> tuple[str, ...]:
        """Return the comments open at this point (shared by the runs until one opens or closes).

        Comments that stay open over much of the document cost one anchor per run and paragraph:
        they are counted against the element budget, so that no document makes this quadratic.
        """
        if self._open_tuple is None:
            self.budget.spend(len(self.open_comments), self.part)
            self._open_tuple = tuple(self.open_comments)
        return self._open_tuple

    def _touch(self, comment_id: str, paragraph: int) -> None:
        if paragraph > 0:  # 0: inside the comments part itself
            self.comment_paragraphs.setdefault(comment_id, {})[paragraph] = None

    # -- paragraphs

    def paragraph(self, node: etree._Element, cell: tuple[int, int, int] | None) -> WordParagraph:
        self.count += 1
        number = self.count
        bookmarks, self.pending_bookmarks = self.pending_bookmarks, []
        if self.open_comments:
            self.budget.spend(len(self.open_comments), self.part)
            for comment_id in self.open_comments:
                self._touch(comment_id, number)
        ppr = node.find(W["pPr"])
        style_id = value_of(ppr, "pStyle")
        self.paragraph_style = style_id
        mark = RunStatus.EQUAL
        mark_info = _Mark(None, None)
        num_id: str | None = None
        ilvl: int | None = None
        outline: int | None = None
        if ppr is not None:
            numpr = ppr.find(W["numPr"])
            if numpr is not None:
                num_id = value_of(numpr, "numId")
                ilvl = int_value(value_of(numpr, "ilvl"))
            outline = int_value(value_of(ppr, "outlineLvl"))
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
            line=line_of(node),
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
        if rpr is not None and not self.formatting and self._decoration(run, rpr, number):
            return
        run_format = (
            self.styles.run_format(
                self.paragraph_style, value_of(rpr, "rStyle"), run_properties(rpr)
            )
            if self.formatting
            else None
        )
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
            elif tag == W["footnoteReference"] and child.get(_ATTR_ID) is not None:
                self.footnote_references.append((child.get(_ATTR_ID) or "", number))
            elif tag in (W["footnoteReference"], W["endnoteReference"]):
                self.warn(
                    "note",
                    Msg(
                        "文末脚注の本文は取り込みません(参照の位置だけがあります)",
                        "endnote texts are not imported",
                    ),
                    number,
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
                )
            elif tag == W["ruby"]:
                base = child.find(W["rubyBase"])
                if base is not None:
                    self._inline(base, state, runs, number, bookmarks)
            if text is None or text == "":
                continue
            self._emit(text, state, runs, deleted_text, run_format)

    def _decoration(self, run: etree._Element, rpr: etree._Element, number: int) -> bool:
        """Return whether ``run`` is a marker or note planrev wrote (【追加①】, ※理由), which is
        not text of the plan; text typed into such a style is kept, with a warning."""
        if value_of(rpr, "rStyle") not in _DECORATION_STYLES:
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
            )
        if value < 0x20 or 0xD800 <= value <= 0xDFFF or value > 0x10FFFF:
            return None
        return chr(value)

    def _emit(
        self,
        text: str,
        state: _State,
        runs: list[TaggedRun],
        deleted_text: bool,
        run_format: RunFormat | None = None,
    ) -> None:
        delete = state.delete
        if deleted_text and delete is None:
            delete = _Mark(None, None)  # w:delText outside w:del: deleted all the same
        insert = state.insert
        if insert is not None and delete is not None:
            self.dropped += 1  # inserted, then deleted: in neither text
            return
        comments = self._comments()
        mark, status = (
            (insert, RunStatus.INSERT)
            if insert is not None
            else (delete, RunStatus.DELETE)
            if delete is not None
            else (None, RunStatus.EQUAL)
        )
        if mark is None:
            runs.append(TaggedRun(text, status, comments=comments, format=run_format))
        else:
            runs.append(
                TaggedRun(text, status, mark.author, mark.date, state.moved, comments, run_format)
            )

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
        return WordTable(
            number, line_of(node), tuple(rows), value_of(node.find(W["tblPr"]), "tblStyle")
        )

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
    """Join neighbouring runs with the same status, author, date, move, comments and format."""
    out: list[TaggedRun] = []
    for _, group in itertools.groupby(
        runs,
        key=lambda run: (run.status, run.author, run.date, run.moved, run.comments, run.format),
    ):
        first, *others = group
        out.append(replace(first, text=first.text + "".join(run.text for run in others)))
    return out


def _read_comments(
    part: XmlPart | None, body: _BodyReader
) -> tuple[list[WordComment], list[Finding]]:
    """Return the comments of ``part`` anchored where ``body`` found them, and findings."""
    if part is None:
        return [], []
    reader = _BodyReader(part, body.styles, body.numbering, body.source, body.budget)
    anchors = body.comment_paragraphs
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
                line=line_of(node),
            )
        )
    return comments, reader.warnings


def _read_headers(parts: Iterable[XmlPart], body: _BodyReader) -> tuple[str, ...]:
    """Return the text of the page headers' paragraphs (tracked changes accepted).

    Only their text is wanted (a handout's header lines); what the body reader would report
    about them (logos, fields …) is not.
    """
    texts: list[str] = []
    for part in parts:
        reader = _BodyReader(part, body.styles, body.numbering, body.source, body.budget)
        for paragraph in part.root.iter(W["p"]):
            runs: list[TaggedRun] = []
            reader._inline(paragraph, _State(), runs, 0, [])
            texts.append("".join(r.text for r in runs if r.status is not RunStatus.DELETE))
    return tuple(texts)


def _read_footnotes(part: XmlPart | None, body: _BodyReader) -> tuple[WordFootnote, ...]:
    """Return the footnotes the body refers to, numbered 1, 2 … in the order of reference;
    report a reference whose footnote the package lacks."""
    texts: dict[str, str] = {}
    if part is not None and body.footnote_references:
        reader = _BodyReader(part, body.styles, body.numbering, body.source, body.budget)
        for node in part.root.iter(W["footnote"]):
            paragraphs = []
            for paragraph in node.iter(W["p"]):
                runs: list[TaggedRun] = []
                reader._inline(paragraph, _State(), runs, 0, [])
                paragraphs.append("".join(r.text for r in runs if r.status is not RunStatus.DELETE))
            texts[node.get(_ATTR_ID) or ""] = "\n".join(paragraphs).strip(" \u3000")
    footnotes: list[WordFootnote] = []
    for footnote, number in body.footnote_references:
        if footnote in texts:
            footnotes.append(WordFootnote(str(len(footnotes) + 1), texts[footnote], number))
            continue
        body.warn(
            "note",
            Msg(
                "脚注の参照がありますが、脚注の本文が文書にないため取り込みません",
                "a footnote reference has no footnote text in the document; it is not imported",
            ),
            number,
        )
    return tuple(footnotes)


def read_word(
    source: Path | str | bytes, *, limits: DocxLimits | None = None, formatting: bool = False
) -> WordDocument:
    """Read a .docx file (or its bytes) into paragraphs with tracked changes.

    With ``formatting``, every run carries its :class:`~planrev.word.document.RunFormat` (runs
    are split where it changes) and the markers and notes in planrev's decoration styles are
    kept as text: the reading a hand-made 見え消し needs (:mod:`planrev.word.formatted`).

    Raises :class:`~planrev.errors.LoadError` with a hint when the input is not a readable Word
    document or exceeds one of ``limits`` (default :class:`~planrev.word.opening.DocxLimits`);
    what can be read but not taken over exactly is in :attr:`WordDocument.warnings`.
    """
    package = open_package(source, limits)
    styles = Styles(package.styles)
    numbering = Numbering(package.numbering, styles)
    reader = _BodyReader(
        package.document, styles, numbering, package.source, package.budget, formatting=formatting
    )
    body = package.document.root.find(W["body"])
    if body is None:
        items: list[BodyItem] = []
        reader.warn(
            "no-body",
            Msg("本文(w:body)がありません", "the document has no body (w:body)"),
            None,
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
            Level.INFO,
        )
    footnotes = _read_footnotes(package.footnotes, reader)
    comments, comment_warnings = _read_comments(package.comments, reader)
    return WordDocument(
        source=package.source,
        part=package.document.name,
        body=tuple(items),
        comments=tuple(comments),
        format_changes=tuple(reader.format_changes),
        warnings=(*reader.warnings, *comment_warnings),
        title=package.title,
        dropped_runs=reader.dropped,
        headers=_read_headers(package.headers, reader),
        footnotes=footnotes,
    )
