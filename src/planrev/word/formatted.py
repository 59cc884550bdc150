"""Hand-formatted 見え消し in Word: character formatting instead of tracked changes.

Many secretariats make a redline by hand: 取消線 or 二重取消線 for deleted text, 下線 (or a
colour) for added text, and the markers 【追加①】【修正】【削除】 and notes （再掲）※… typed in.
This module is the Word front-end of the marked-text rules (:mod:`planrev.importers.marked`):
it turns the document into marked text — headings by style or outline level as ``#``, bulleted
list items as ``- ``, tables as tab-separated rows, struck runs as ``~~…~~``, underlined runs as
``<u>…</u>``, every other character escaped — with one :class:`~planrev.errors.Location`
(the Word paragraph) per line, and imports that text once with
:func:`~planrev.importers.marked.import_marked`. Every rule about markers, extents, （再掲）,
opinion tables and ids is the marked reader's; nothing here decides what a change is.

What the front-end itself reports (besides what the reader reports and what the marked rules
warn about): formatting that comes from a style rather than from the run
(``format-from-style``), a document without headings (``no-headings``), Word comments it does
not import (``comments``), and, when choosing how to read a document (:func:`choose_mode`,
:func:`read_for_import`), one that has both tracked changes and hand formatting
(``mixed-changes``) or only one of formatting and markers (``mode``).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from planrev.diagnostics import Finding, Level
from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.importers.base import MARKER
from planrev.importers.extents import Extents
from planrev.importers.marked import MarkedImport, escape, import_marked, is_header_line
from planrev.word.document import (
    RunFormat,
    RunStatus,
    TaggedRun,
    WordDocument,
    WordParagraph,
    WordTable,
)
from planrev.word.opening import DocxLimits
from planrev.word.package import LEGEND_STYLE, STRUCTURE_STYLE
from planrev.word.paragraphs import read_word
from planrev.word.styles import HIGHLIGHTS

__all__ = [
    "FormatOptions",
    "MarkedText",
    "Mode",
    "choose_mode",
    "has_tracked_changes",
    "import_formatted",
    "marked_text",
    "parse_colour",
    "read_for_import",
    "typed_markers",
]

Mode = Literal["tracked", "formatted"]
"""How a Word document shows its changes: Word's tracked changes, or character formatting."""

_HIGHLIGHT_NAMES = {name.lower(): value for name, value in HIGHLIGHTS.items()}
"""Word's highlight colours by name (case, ``-`` and ``_`` ignored), as RRGGBB."""
_HEX = re.compile(r"^#?([0-9A-Fa-f]{6})$")
_BRACKETS = re.compile(r"【[^【】\n]*】")
"""A bracketed marker, closing mark or note: syntax of the marked text, never formatted."""
_PROPERTY_WORDS = {
    "strike": Msg("取り消し線", "strike-through"),
    "double_strike": Msg("二重取り消し線", "double strike-through"),
    "underline": Msg("下線", "underline"),
    "colour": Msg("文字の色", "font colour"),
    "highlight": Msg("蛍光ペンの色", "highlight"),
    "shading": Msg("網掛けの色", "shading"),
}


def parse_colour(value: str) -> str:
    """Return a colour option's value as RRGGBB in capitals.

    ``value`` is six hex digits (``FF0000``, ``#ff0000``) or one of Word's highlight colour names
    (``yellow``, ``green``, ``darkRed`` …, case ignored). Raises ``ValueError`` with a bilingual
    message otherwise.
    """
    text = value.strip()
    match = _HEX.match(text)
    if match is not None:
        return match.group(1).upper()
    named = _HIGHLIGHT_NAMES.get(text.replace("-", "").replace("_", "").lower())
    if named is not None:
        return named
    names = ", ".join(HIGHLIGHTS)
    raise ValueError(
        str(
            Msg(
                f"色「{value}」は RRGGBB の16進6桁(FF0000 など)か、蛍光ペンの色の名前({names})で書いてください",
                f"write the colour '{value}' as six hex digits RRGGBB (e.g. FF0000) or a highlight "
                f"name ({names})",
            )
        )
    )


@dataclass(frozen=True, slots=True)
class FormatOptions:
    """How a hand-formatted 見え消し shows its changes, beyond strike and underline."""

    inserted_colours: tuple[str, ...] = ()
    """Colours (RRGGBB or a highlight name, see :func:`parse_colour`) that mark inserted text: a
    run whose font colour, highlight or shading is one of them is read like underlined text."""
    deleted_colours: tuple[str, ...] = ()
    """Colours that mark deleted text: such a run is read like struck text."""
    numbered_as_headings: bool = False
    """Whether numbered (not bulleted) list items are headings of their list level."""

    def __post_init__(self) -> None:
        # Colours may be given in any form parse_colour reads; they are compared as RRGGBB.
        for name in ("inserted_colours", "deleted_colours"):
            object.__setattr__(self, name, tuple(parse_colour(c) for c in getattr(self, name)))


_RunKind = Literal["insert", "delete"] | None


def _kind(run_format: RunFormat | None, options: FormatOptions) -> tuple[_RunKind, set[str]]:
    """Return whether a run reads as deleted, inserted or plain, and the properties that say so.

    Strike wins over underline (struck and underlined text is deleted text).
    """
    if run_format is None:
        return None, set()
    colours = {
        name: value
        for name in ("colour", "highlight", "shading")
        if (value := getattr(run_format, name)) is not None
    }
    deleted = {name for name in ("strike", "double_strike") if getattr(run_format, name)}
    deleted |= {name for name, value in colours.items() if value in options.deleted_colours}
    if deleted:
        return "delete", deleted
    inserted = {"underline"} if run_format.underline is not None else set()
    inserted |= {name for name, value in colours.items() if value in options.inserted_colours}
    if inserted:
        return "insert", inserted
    return None, set()


@dataclass(frozen=True, slots=True)
class MarkedText:
    """A Word document as marked text, with where each line came from."""

    text: str
    """The marked text (lines end with ``\\n``)."""
    origins: tuple[Location, ...]
    """One location per line of :attr:`text`: the Word paragraph (or just the file, for the page
    headers' lines)."""
    findings: tuple[Finding, ...]
    """What the front-end reports (style formatting, no headings)."""
    title: str | None
    """The text of the document's Title paragraph, or None."""
    header_lines: int
    """How many of the lines are header lines of the handout (from the page headers or body)."""


@dataclass
class _Writer:
    """Collects lines of marked text and their origins."""

    source: Path | None
    options: FormatOptions
    lines: list[str] = field(default_factory=list)
    origins: list[Location] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    _styled: set[tuple[int, str]] = field(default_factory=set)

    def add(self, text: str, paragraph: int | None) -> None:
        """Add ``text`` (possibly several lines) from ``paragraph``."""
        where = Location(self.source, paragraph=paragraph)
        for line in text.split("\n"):
            self.lines.append(line)
            self.origins.append(where)

    def add_pieces(self, pieces: Iterable[tuple[str, int | None]]) -> None:
        """Add text made of pieces from several paragraphs (None: between paragraphs); each
        line's origin is the paragraph it starts in."""
        line: list[str] = []
        origin: int | None = None
        started = False
        for text, paragraph in pieces:
            for index, part in enumerate(text.split("\n")):
                if index:
                    self.add("".join(line), origin)
                    line, started = [], False
                if paragraph is not None and not started:
                    origin, started = paragraph, True
                line.append(part)
        self.add("".join(line), origin)

    def runs(self, paragraph: WordParagraph) -> str:
        """Return the paragraph's runs as marked text (lines joined with ``\\n``).

        Struck runs are written ``~~…~~``, underlined runs ``<u>…</u>``, neighbours of one kind
        together. Brackets 【…】 (markers, closing marks, notes) and line breaks stay outside
        the marks, wherever the runs split them: they are the marked text's own syntax.
        """
        kinds: list[_RunKind] = []
        for run in paragraph.runs:
            kind, why = _kind(run.format, self.options)
            self._check_style(paragraph, run, why)
            kinds += [kind] * len(run.text)
        text = "".join(run.text for run in paragraph.runs)
        for match in _BRACKETS.finditer(text):
            kinds[match.start() : match.end()] = [None] * (match.end() - match.start())
        for index, character in enumerate(text):
            if character == "\n":
                kinds[index] = None
        out: list[str] = []
        start = 0
        for index in range(1, len(text) + 1):
            if index == len(text) or kinds[index] != kinds[start]:
                out.append(_wrap(kinds[start], text[start:index]))
                start = index
        return "".join(out)

    def _check_style(self, paragraph: WordParagraph, run: TaggedRun, why: set[str]) -> None:
        """Report formatting that makes a change but comes only from a style."""
        if not why or run.format is None or not run.text.strip():
            return
        styles = {name: style for name, style in run.format.inherited if name in why}
        if len(styles) < len(why):
            return  # the run itself sets (part of) the formatting
        for name, style in styles.items():
            key = (paragraph.number, style)
            if key in self._styled:
                continue
            self._styled.add(key)
            words = _PROPERTY_WORDS[name]
            where = (
                Msg("文書の既定の書式", "the document defaults")
                if style == "docDefaults"
                else Msg(f"スタイル「{style}」", f"the style '{style}'")
            )
            self.findings.append(
                Finding(
                    "format-from-style",
                    Level.WARNING,
                    Msg(
                        f"「{run.text[:20]}」の{words.ja}は文字に直接付けたものではなく、{where.ja}に"
                        "よるものです。変更の印として読みました",
                        f"the {words.en} of '{run.text[:20]}' comes from {where.en}, not from the "
                        "text itself; it was read as a change mark",
                    ),
                    Msg(
                        "変更の印でなければ、スタイルから外してください。変更の印なら、文字に直接書式を"
                        "付けるとこの警告は出ません。",
                        "if it is not a change mark, take it out of the style; format the text "
                        "itself to mark a change and this warning goes away.",
                    ),
                    location=Location(self.source, paragraph=paragraph.number),
                )
            )


def _wrap(kind: _RunKind, text: str) -> str:
    """Return ``text`` escaped, and struck (``~~``) or underlined (``<u>``) as ``kind`` says."""
    if kind is None or not text.strip():
        return escape(text)
    if kind == "delete":
        return f"~~{escape(text)}~~"
    return f"<u>{escape(text)}</u>"


def _heading_level(paragraph: WordParagraph, options: FormatOptions) -> int | None:
    """Return the paragraph's heading level (1 = top), or None when it is not a heading."""
    if paragraph.heading_level is not None:
        return paragraph.heading_level
    if options.numbered_as_headings and paragraph.list_format is not None and not paragraph.bullet:
        return (paragraph.list_level or 0) + 1
    return None


def _paragraph_line(paragraph: WordParagraph, text: str, level: int | None) -> str:
    """Return the paragraph as a line of marked text: a heading, a bullet or plain."""
    if level is not None:
        return "#" * min(level, 6) + " " + text
    if paragraph.bullet:
        return "  " * (paragraph.list_level or 0) + "- " + text
    return text


def marked_text(document: WordDocument, options: FormatOptions | None = None) -> MarkedText:
    """Return ``document`` as marked text with one origin per line.

    The page headers' handout lines (``R5.7.26第3回「…」策定委員会``, ``会議資料「…」``) come first;
    then every body paragraph as a line followed by a blank line (Title paragraphs are left out:
    see :attr:`MarkedText.title`), and every table as one line per row, its cells separated by
    tabs (rows with no text left out). Raises :class:`~planrev.errors.LoadError` when the
    document has tracked changes (those are read by :func:`planrev.word.import_word`).
    """
    options = options if options is not None else FormatOptions()
    if has_tracked_changes(document):
        raise LoadError(
            Msg(
                "この文書には Word の変更履歴があります。手で書式を付けた見え消しとしては読めません",
                "the document has tracked changes; it cannot be read as a hand-formatted redline",
            ),
            location=Location(document.source),
            hint=Msg(
                "変更履歴として読むなら --mode tracked。手書式の見え消しとして読むなら、Word で変更履歴を"
                "すべて承諾してから取り込んでください。",
                "read it with --mode tracked, or accept all tracked changes in Word first to read "
                "it as a hand-formatted redline.",
            ),
        )
    writer = _Writer(document.source, options)
    headers = 0
    for line in document.headers:
        if is_header_line(line):
            writer.add(escape(line), None)
            writer.add("", None)
            headers += 1
    title: str | None = None
    headings = 0
    for item in document.body:
        if isinstance(item, WordTable):
            _table(writer, item)
            continue
        if item.title:
            title = title or item.text("new") or None
            continue
        text = writer.runs(item)
        headers += is_header_line(text)
        if text.strip():
            level = _heading_level(item, options)
            headings += level is not None
            writer.add(_paragraph_line(item, text, level), item.number)
        writer.add("", item.number)
    if document.comments:
        writer.findings.append(
            Finding(
                "comments",
                Level.INFO,
                Msg(
                    f"Word のコメント{len(document.comments)}件は取り込みません(意見は ★意見 の表から"
                    "読みます)",
                    f"the {len(document.comments)} Word comments are not imported (opinions are "
                    "read from the ★意見 tables)",
                ),
                location=Location(document.source),
            )
        )
    if not headings:
        writer.findings.append(
            Finding(
                "no-headings",
                Level.WARNING,
                Msg(
                    "見出しの段落がありません。柱・分野・施策が読めません",
                    "the document has no heading paragraphs; pillars, fields and sections "
                    "cannot be read",
                ),
                Msg(
                    "柱・分野・施策の題名に見出しスタイル(見出し 1/2/3)かアウトラインレベルを付けてください。",
                    "give the titles of pillars, fields and sections a heading style (Heading "
                    "1/2/3) or an outline level.",
                ),
                location=Location(document.source),
            )
        )
    return MarkedText(
        text="".join(f"{line}\n" for line in writer.lines),
        origins=tuple(writer.origins),
        findings=tuple(writer.findings),
        title=title,
        header_lines=headers,
    )


def _table(writer: _Writer, table: WordTable) -> None:
    """Write ``table`` as tab-separated rows (a cell's paragraphs as lines), between blanks.

    planrev's own legend (見え消し版の見方) and structure overview (体系) tables are left out:
    they describe the handout, they are not text of the plan."""
    if table.style_id in _DECORATION_TABLES:
        return
    first = table.first_paragraph
    writer.add("", first)
    for row in table.rows:
        pieces: list[tuple[str, int | None]] = []
        for column, cell in enumerate(row.cells):
            if column:
                pieces.append(("\t", None))
            for index, paragraph in enumerate(cell):
                if index:
                    pieces.append(("\n", None))
                pieces.append((writer.runs(paragraph), paragraph.number))
        if any(text.strip() for text, number in pieces if number is not None):
            writer.add_pieces(pieces)
    writer.add("", first)


_DECORATION_TABLES = frozenset({LEGEND_STYLE, STRUCTURE_STYLE})
"""The table styles of planrev's legend and structure overview (:mod:`planrev.word.writer`)."""


def has_tracked_changes(document: WordDocument) -> bool:
    """Return whether ``document`` has tracked insertions, deletions or moves."""
    if document.dropped_runs:
        return True
    for item in document.body:
        if isinstance(item, WordTable) and any(r.status is not RunStatus.EQUAL for r in item.rows):
            return True
    return any(
        paragraph.mark is not RunStatus.EQUAL
        or any(run.status is not RunStatus.EQUAL for run in paragraph.runs)
        for paragraph in document.paragraphs()
    )


def typed_markers(document: WordDocument) -> int:
    """Return how many markers 【追加①】【/追加①】 the text of ``document`` holds."""
    return sum(
        1 for paragraph in document.paragraphs() for _ in MARKER.finditer(paragraph.text("new"))
    )


def _formatted_runs(document: WordDocument, options: FormatOptions) -> int:
    """Return how many runs with text are formatted as changes."""
    return sum(
        1
        for paragraph in document.paragraphs()
        for run in paragraph.runs
        if run.text.strip() and _kind(run.format, options)[0] is not None
    )


def choose_mode(
    document: WordDocument, options: FormatOptions | None = None
) -> tuple[Mode, tuple[Finding, ...]]:
    """Return how to read ``document`` (read with ``formatting=True``), and why, as findings.

    Tracked changes when it has any; hand formatting when it has none but has struck,
    underlined (or coloured, with ``options``) runs and typed markers 【追加】【修正】【削除】;
    otherwise tracked changes (a document without changes). A document with both tracked
    changes and hand formatting is read as tracked changes, with a warning.
    """
    options = options if options is not None else FormatOptions()
    tracked = has_tracked_changes(document)
    formatted, markers = _formatted_runs(document, options), typed_markers(document)
    where = Location(document.source)
    if tracked and formatted and markers:
        return "tracked", (
            Finding(
                "mixed-changes",
                Level.WARNING,
                Msg(
                    f"変更履歴と、手で付けた見え消しの書式(取り消し線・下線など{formatted}箇所とマーカー"
                    f"{markers}個)の両方があります。変更履歴として読み、取り消し線・下線は変更として"
                    "読んでいません",
                    f"the document has both tracked changes and hand-made redline formatting "
                    f"({formatted} struck or underlined runs, {markers} markers); it was read by "
                    "its tracked changes, and strike and underline were not read as changes",
                ),
                Msg(
                    "手書式の見え消しとして読むなら、Word で変更履歴をすべて承諾してから --mode formatted "
                    "で取り込んでください。",
                    "to read it as a hand-formatted redline, accept all tracked changes in Word and "
                    "import it with --mode formatted.",
                ),
                location=where,
            ),
        )
    if tracked:
        return "tracked", ()
    if formatted and markers:
        return "formatted", (
            Finding(
                "mode",
                Level.INFO,
                Msg(
                    f"変更履歴がなく、取り消し線・下線など{formatted}箇所とマーカー{markers}個があるので、"
                    "手で書式を付けた見え消しとして読みました",
                    f"no tracked changes, but {formatted} struck or underlined runs and {markers} "
                    "markers: read as a hand-formatted redline",
                ),
                location=where,
            ),
        )
    if formatted or markers:
        return "tracked", (
            Finding(
                "mode",
                Level.WARNING,
                Msg(
                    "変更履歴がありません。"
                    + (
                        f"取り消し線・下線など{formatted}箇所がありますがマーカーがない"
                        if formatted
                        else f"マーカー{markers}個がありますが取り消し線・下線がない"
                    )
                    + "ため、見え消しとしては読まず、変更のない文書として読みました",
                    "no tracked changes; "
                    + (
                        f"{formatted} struck or underlined runs but no markers"
                        if formatted
                        else f"{markers} markers but no struck or underlined text"
                    )
                    + ": read as a document without changes, not as a hand-formatted redline",
                ),
                Msg(
                    "手で書式を付けた見え消しなら --mode formatted を付けてください。",
                    "add --mode formatted if it is a hand-formatted redline.",
                ),
                location=where,
            ),
        )
    return "tracked", ()


def read_for_import(
    source: Path | str | bytes,
    options: FormatOptions | None = None,
    limits: DocxLimits | None = None,
) -> tuple[Mode, tuple[Finding, ...], WordDocument]:
    """Read ``source`` and decide how to import it (:func:`choose_mode`).

    Return the mode, the findings about the choice and the document read for that mode: without
    formatting for tracked changes (:func:`planrev.word.import_word`), with it for hand
    formatting (:func:`import_formatted`). A document with tracked changes and no typed markers
    is read once; any other is read again with its formatting to decide.
    """
    plain = read_word(source, limits=limits)
    if has_tracked_changes(plain) and not typed_markers(plain):
        return "tracked", (), plain
    document = read_word(source, limits=limits, formatting=True)
    mode, findings = choose_mode(document, options)
    return mode, findings, plain if mode == "tracked" else document


def import_formatted(
    source: Path | str | bytes | WordDocument,
    *,
    options: FormatOptions | None = None,
    extents: Extents | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
    limits: DocxLimits | None = None,
) -> MarkedImport:
    """Import a hand-formatted Word 見え消し as the marked reader imports text.

    ``source`` is a .docx file, its bytes, or a document already read with
    ``read_word(..., formatting=True)``. ``extents``, ``meeting``, ``title`` and ``old_meeting``
    are those of :func:`~planrev.importers.marked.import_marked`; without header lines and
    ``title``, the plan's name is the document's Title paragraph, else its properties' title.
    The result's warnings are the reader's, the front-end's and the marked rules', each located
    by Word paragraph. Raises :class:`~planrev.errors.LoadError` for a document that cannot be
    read, or has tracked changes.
    """
    document = (
        source
        if isinstance(source, WordDocument)
        else read_word(source, limits=limits, formatting=True)
    )
    marked = marked_text(document, options)
    if title is None and not marked.header_lines:
        title = marked.title or document.title
    result = import_marked(
        marked.text,
        path=document.source,
        origins=marked.origins,
        extents=extents,
        meeting=meeting,
        title=title,
        old_meeting=old_meeting,
    )
    return replace(
        result, warnings=_in_order((*document.warnings, *marked.findings, *result.warnings))
    )


def _in_order(findings: Iterable[Finding]) -> tuple[Finding, ...]:
    """Return ``findings`` ordered by paragraph (the document's own ones first), stably."""

    def paragraph(finding: Finding) -> int:
        location = finding.location
        return location.paragraph or 0 if location is not None else 0

    return tuple(sorted(findings, key=paragraph))
