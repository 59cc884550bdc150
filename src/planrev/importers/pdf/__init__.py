"""Import a marked-up handout published as PDF: its struck and underlined text read from the page.

The PDF front-end turns the pages into *marked text* — the syntax ``planrev import marked`` reads
(docs/import.md), with ``<u>…</u>`` for underlined text — and one origin (page and line on the
page) per line of it; the marked-text rules then make the four documents, as from a text file::

    read_pages  →  decorate  →  layout  →  remove_furniture  →  emit  →  marked-text rules
    (page.py)      (decorations.py) (layout.py) (furniture.py)    (emit.py)  (seam.py)

:func:`pdf_to_marked` is the front-end alone; :func:`read_pdf` runs both. What the front-end
could not read with certainty is a :class:`planrev.diagnostics.Finding` with its page and line;
:class:`Coverage` says how much of the document was read. docs/import-pdf.md has the rules.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from planrev.diagnostics import Finding, Level
from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.importers.extents import load_extents
from planrev.importers.marked import MarkedImport
from planrev.importers.pdf.decorations import decorate, merge_rules
from planrev.importers.pdf.emit import emit
from planrev.importers.pdf.furniture import remove_furniture
from planrev.importers.pdf.layout import Item, TextItem, layout
from planrev.importers.pdf.notes import Note
from planrev.importers.pdf.page import Page, read_pages
from planrev.importers.pdf.seam import import_marked_text, is_header_line

__all__ = ["Coverage", "MarkedText", "PdfImport", "pdf_to_marked", "read_pdf"]


@dataclass(frozen=True, slots=True)
class Coverage:
    """How much of a PDF was read."""

    pages: int
    """The number of pages."""
    characters: int
    """Characters read (in the text, or left out as page furniture)."""
    unreadable: int
    """Characters drawn without a text mapping: not read."""
    rotated: int
    """Characters set vertically or rotated: not read."""
    image_pages: tuple[int, ...]
    """The pages with images (text in an image is not read)."""
    empty_pages: tuple[int, ...]
    """The pages without any text (blank or scanned)."""
    furniture: int
    """Lines left out as running headers, footers, page numbers or the title block."""
    repaired: int
    """Characters written by the producer as look-alike code points, mapped back."""

    def describe(self) -> Msg:
        """Return one line for the command line: pages, characters read, pages with images."""
        total = self.characters + self.unreadable + self.rotated
        ja = f"PDF {self.pages}ページ: 文字 {self.characters:,}/{total:,} を読み取り"
        en = f"PDF of {self.pages} pages: {self.characters:,} of {total:,} characters read"
        if self.image_pages:
            pages = "、".join(str(p) for p in self.image_pages)
            ja += f"、画像のあるページ {pages}(画像の中の文字は読みません)"
            en += f"; images on pages {', '.join(str(p) for p in self.image_pages)} (not read)"
        if self.empty_pages:
            ja += f"、文字のないページ {'、'.join(str(p) for p in self.empty_pages)}"
            en += f"; pages without text: {', '.join(str(p) for p in self.empty_pages)}"
        return Msg(ja, en)


@dataclass(frozen=True, slots=True)
class MarkedText:
    """A PDF as marked text: the text, where each line came from, and what was uncertain."""

    text: str
    """The marked text (docs/import.md), with ``<u>…</u>`` for underlined text."""
    origins: tuple[Location, ...]
    """One place in the PDF (path, page, line on the page) per line of ``text``."""
    findings: tuple[Finding, ...]
    """What the front-end could not read with certainty, in page order."""
    coverage: Coverage
    """How much of the PDF was read."""


@dataclass(frozen=True, slots=True)
class PdfImport:
    """The four documents read from a PDF handout, with the front-end's findings."""

    imported: MarkedImport
    """The documents and the marked rules' warnings (located on the PDF's pages)."""
    marked: MarkedText
    """The intermediate marked text, its origins, findings and coverage."""


def pdf_to_marked(path: Path | str) -> MarkedText:
    """Read the PDF at ``path`` into marked text with one origin per line.

    Raises :class:`planrev.errors.LoadError` for a file that is not a readable PDF, or that has
    no text at all (a scanned document).
    """
    path = Path(path)
    pages: list[Page] = []
    laid_out: list[list[Item]] = []
    notes: list[Note] = []
    for page in read_pages(path):
        notes.extend(decorate(page))
        laid_out.append(layout(page, merge_rules(page.rules)))
        notes.extend(_page_notes(page))
        # The glyphs live on in the items; the rest of the page is not needed any more.
        page.rules, page.fills = [], []
        pages.append(page)
    if not any(page.glyphs for page in pages):
        raise LoadError(
            Msg(
                "PDF に読み取れる文字がありません(スキャンした画像だけの PDF は読めません)",
                "the PDF has no text to read (scanned, image-only PDFs are not read)",
            ),
            location=Location(path, page=1 if pages else None),
            hint=Msg(
                "文字を選択・コピーできる PDF(Word などから保存したもの)を指定してください。",
                "use a PDF whose text can be selected (saved from Word or similar).",
            ),
        )
    _widen(laid_out)
    kept, furniture, furniture_notes = remove_furniture(
        laid_out, [page.height for page in pages], is_header_line
    )
    notes.extend(furniture_notes)
    emitted = emit([item for items in kept for item in items])
    notes.extend(emitted.notes)
    origins = tuple(Location(path, page=page, line=line) for page, line in emitted.places)
    coverage = Coverage(
        pages=len(pages),
        characters=sum(len(page.glyphs) for page in pages),
        unreadable=sum(page.unreadable for page in pages),
        rotated=sum(page.rotated for page in pages),
        image_pages=tuple(page.number for page in pages if page.pictures),
        empty_pages=tuple(page.number for page in pages if not page.glyphs),
        furniture=furniture,
        repaired=sum(page.repaired for page in pages),
    )
    findings = tuple(
        sorted(
            (_finding(note, path, laid_out) for note in notes),
            key=lambda f: (f.location.page or 0, f.location.line or 0) if f.location else (0, 0),
        )
    )
    return MarkedText("\n".join(emitted.lines) + "\n", origins, findings, coverage)


def read_pdf(
    path: Path | str,
    *,
    extents: Path | str | None = None,
    meeting: int | None = None,
    title: str | None = None,
    old_meeting: int | None = None,
) -> PdfImport:
    """Read the marked-up handout PDF at ``path``: the four documents and what was uncertain.

    The options are those of :func:`planrev.importers.read_marked`.
    """
    path = Path(path)
    marked = pdf_to_marked(path)
    imported = import_marked_text(
        marked.text,
        marked.origins,
        path=path,
        extents=load_extents(extents) if extents is not None else None,
        meeting=meeting,
        title=title,
        old_meeting=old_meeting,
    )
    return PdfImport(imported, marked)


def _widen(pages: list[list[Item]]) -> None:
    """Give lines set across the page the document's widest text area as their right edge.

    A page with a few short lines would otherwise take its longest line for the right margin,
    and that line for a wrapped one. A page without body text (its text area unknown, 0) takes
    the document's left edge too.
    """
    wide = [i for items in pages for i in items if isinstance(i, TextItem) and i.page_wide]
    widest = max((i.right for i in wide), default=0.0)
    leftmost = min((i.left for i in wide if i.right), default=0.0)
    for item in wide:
        if not item.right:
            item.left = leftmost
        item.right = widest


def _page_notes(page: Page) -> list[Note]:
    notes = []
    if page.pictures:
        area = sum((p.x1 - p.x0) * (p.bottom - p.top) for p in page.pictures)
        share = min(area / (page.width * page.height), 1.0)
        notes.append(
            Note(
                "image",
                Msg(
                    f"画像が{len(page.pictures)}個あります(ページの {share:.0%})。画像の中の文字は読み取りません",
                    f"{len(page.pictures)} image(s) cover {share:.0%} of the page; text in "
                    "images is not read",
                ),
                Msg(
                    "画像に計画の文言があれば、その部分をテキストで補ってください。",
                    "if an image holds plan text, add that text by hand.",
                ),
                page.number,
                min(p.top for p in page.pictures),
                Level.WARNING if not page.glyphs or share > 0.3 else Level.INFO,
            )
        )
    if page.unreadable or page.rotated:
        notes.append(
            Note(
                "unreadable-text",
                Msg(
                    f"文字コードの分からない文字が{page.unreadable}字、縦書きや回転した文字が"
                    f"{page.rotated}字あり、読み取っていません",
                    f"{page.unreadable} characters without a text mapping and {page.rotated} "
                    "vertical or rotated characters are not read",
                ),
                Msg(
                    "フォントを埋め込んだ横書きの PDF を作り直すか、その部分を手で補ってください。",
                    "make the PDF again with embedded fonts and horizontal text, or add the text "
                    "by hand.",
                ),
                page.number,
            )
        )
    if page.repaired:
        notes.append(
            Note(
                "code-points",
                Msg(
                    f"{page.repaired}字が部首などの別の符号で書かれていたため、表示どおりの文字に直しました"
                    "(⾏→行、‧→・ など)",
                    f"{page.repaired} characters were written as look-alike code points "
                    "(radicals and the like) and were mapped to the characters shown",
                ),
                None,
                page.number,
                level=Level.INFO,
            )
        )
    return notes


def _finding(note: Note, path: Path, pages: list[list[Item]]) -> Finding:
    line = None
    if note.top is not None and 0 < note.page <= len(pages):
        for item in pages[note.page - 1]:
            bottom = item.bottom
            top = item.top
            if top - 1 <= note.top <= bottom + 1:
                line = item.line
                break
    return Finding(
        note.code,
        note.level,
        note.message,
        note.hint,
        location=Location(path, page=note.page, line=line),
    )
