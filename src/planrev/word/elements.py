"""The building blocks of a written Word document: runs, paragraphs, tables and their fonts.

Stateless helpers that return new OOXML elements (lxml); :mod:`planrev.word.layout` puts them
together. Every text goes through :func:`xml_text`, so characters XML forbids are written as
visible escapes (``\\x01``), never as a corrupt file.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from lxml import etree

from planrev.word.ooxml import element, qn, sub_element, xml_safe_text

__all__ = [
    "GREY",
    "MARGIN_TWIPS",
    "Face",
    "Track",
    "WordFonts",
    "align",
    "break_page_before",
    "cell",
    "font_attributes",
    "indent",
    "paragraph",
    "properties",
    "run",
    "table",
    "xml_text",
]


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


Face = tuple[str, str | None]
"""An East-Asian font and a Latin one (None: the East-Asian one for Latin letters too)."""

Track = Literal["ins", "del"] | None
"""How a run, paragraph mark or table row is tracked: inserted, deleted, or not at all."""

GREY = "F2F2F2"
"""The shading of table headings."""
MARGIN_TWIPS = 1134
"""The page margins: 20 mm in twentieths of a point."""


def xml_text(value: str) -> str:
    """Return ``value`` safe for XML (forbidden characters as visible escapes)."""
    return xml_safe_text(value, mode="escape")


def font_attributes(face: Face) -> dict[str, str]:
    """Return explicit ``w:rFonts`` attributes (theme attributes would override them)."""
    east_asian, latin = face
    return {
        "w:ascii": xml_text(latin or east_asian),
        "w:eastAsia": xml_text(east_asian),
        "w:hAnsi": xml_text(latin or east_asian),
        "w:cs": xml_text(latin or east_asian),
    }


def run(
    text: str,
    face: Face | None,
    *,
    style: str | None = None,
    underline: bool = False,
    strike: bool = False,
    bold: bool = False,
    size: float | None = None,
) -> etree._Element:
    """Return a ``w:r`` with ``text`` (line breaks as ``w:br``, tabs as ``w:tab``) in the fonts
    ``face`` (None: the style's), bold or not, at ``size`` points (None: the style's), underlined
    (``w:u``) or struck through (``w:strike``) or not; in a deletion its ``w:t`` become
    ``w:delText``.

    Bold and size are direct formatting: LibreOffice ignores a character style's size."""
    result = element("w:r")
    if style is not None or face is not None or underline or strike or bold or size is not None:
        rpr = sub_element(result, "w:rPr")
        if style is not None:
            sub_element(rpr, "w:rStyle", {"w:val": style})
        if face is not None:
            sub_element(rpr, "w:rFonts", font_attributes(face))
        if bold:
            sub_element(rpr, "w:b")
        if strike:  # schema order: w:rFonts, w:b, w:strike, w:sz, w:u
            sub_element(rpr, "w:strike")
        if size is not None:
            sub_element(rpr, "w:sz", {"w:val": str(round(size * 2))})
        if underline:
            sub_element(rpr, "w:u", {"w:val": "single"})
    chunk: list[str] = []

    def flush() -> None:
        if chunk:
            node = sub_element(result, "w:t", text=xml_text("".join(chunk)))
            node.set(qn("xml:space"), "preserve")
            chunk.clear()

    for char in text:
        if char == "\n":
            flush()
            sub_element(result, "w:br")
        elif char == "\t":
            flush()
            sub_element(result, "w:tab")
        else:
            chunk.append(char)
    flush()
    return result


def paragraph(style: str | None = None) -> etree._Element:
    """Return an empty ``w:p``, in paragraph style ``style`` if given."""
    result = element("w:p")
    if style is not None:
        sub_element(sub_element(result, "w:pPr"), "w:pStyle", {"w:val": style})
    return result


def properties(target: etree._Element, tag: str) -> etree._Element:
    """Return the properties element ``tag`` (``w:pPr``, ``w:trPr`` …) of ``target``, added as
    its first child if it has none."""
    found = target.find(qn(tag))
    if found is None:
        found = element(tag)
        target.insert(0, found)
    return found


def break_page_before(target: etree._Element) -> None:
    """Start a new page before paragraph ``target`` (which has its style set)."""
    paragraph_properties = properties(target, "w:pPr")
    style = paragraph_properties.find(qn("w:pStyle"))
    # w:pageBreakBefore comes after w:pStyle, w:keepNext and w:keepLines (schema order)
    paragraph_properties.insert(0 if style is None else 1, element("w:pageBreakBefore"))


def align(target: etree._Element, how: str, *, keep_next: bool = False) -> None:
    """Align a paragraph (``left``, ``center``, ``both``), kept with the next one if asked."""
    paragraph_properties = properties(target, "w:pPr")
    if keep_next:
        sub_element(paragraph_properties, "w:keepNext")
    sub_element(paragraph_properties, "w:jc", {"w:val": how})


def indent(target: etree._Element, twips: int) -> None:
    """Indent a paragraph's left edge by ``twips`` (twentieths of a point); 0 leaves it."""
    if twips:
        sub_element(properties(target, "w:pPr"), "w:ind", {"w:left": str(twips)})


def table(
    shares: Sequence[int], style: str, *, landscape: bool
) -> tuple[etree._Element, list[int]]:
    """Return a new bordered table as wide as the text of an A4 page, columns in proportion to
    ``shares``, and the column widths."""
    total = (16838 if landscape else 11906) - 2 * MARGIN_TWIPS
    widths = [total * share // sum(shares) for share in shares]
    result = element("w:tbl")
    properties = sub_element(result, "w:tblPr")
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
    grid = sub_element(result, "w:tblGrid")
    for width in widths:
        sub_element(grid, "w:gridCol", {"w:w": str(width)})
    return result, widths


def cell(
    row: etree._Element, width: int, *, span: int = 1, shade: str | None = None
) -> etree._Element:
    """Append a cell to ``row``; return its (first and only) paragraph."""
    result = sub_element(row, "w:tc")
    properties = sub_element(result, "w:tcPr")
    sub_element(properties, "w:tcW", {"w:w": str(width), "w:type": "dxa"})
    if span > 1:
        sub_element(properties, "w:gridSpan", {"w:val": str(span)})
    if shade is not None:
        sub_element(properties, "w:shd", {"w:val": "clear", "w:color": "auto", "w:fill": shade})
    return sub_element(result, "w:p")
