"""Read a PDF's pages: characters with their positions, and the lines, boxes and images drawn.

The only module that imports pdfminer.six. Each page becomes plain data in page coordinates with
the origin at the top left (``top`` grows downwards, in points): :class:`Glyph` (one character,
its box, baseline, size, weight and colour), :class:`Rule` (a thin drawn line — a stroked line, a
thin filled rectangle, a side of a drawn box or of a border ring), :class:`Fill` (a filled area:
a background or a heading band) and :class:`Picture` (an image). Nothing is interpreted here
beyond what the drawing says; the decorations, the layout and the text come later.

Two producer habits are undone at this stage because they change the characters themselves:
code points written for a shared glyph (:mod:`.codepoints`), and LibreOffice's *carrier spaces*
— invisible space glyphs drawn over other characters or stacked at one place to carry an underline
or strike-through — which are not text.
"""

from __future__ import annotations

import io
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.importers.pdf.bounds import read_pdf_bytes
from planrev.importers.pdf.codepoints import repair

__all__ = ["Fill", "Glyph", "Page", "Picture", "Rule", "read_pages"]

_THIN = 2.5
"""The greatest thickness (points) of a filled shape read as a line rather than an area."""
_CONTROL = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029]")
"""Characters no glyph shows: a text mapping to one of them is not read."""
_BOLD_NAMES = ("bold", "heavy", "black", "semibold", "demibold", "-w6", "-w7", "-w8", "-w9")

Colour = tuple[float, float, float]
BLACK: Colour = (0.0, 0.0, 0.0)
Box = tuple[float, float, float, float]
"""x0, top, x1, bottom."""


@dataclass(slots=True)
class Glyph:
    """One character on a page; ``strike`` and ``underline`` are set by the decoration pass."""

    text: str
    """The character (rarely more than one: a ligature)."""
    x0: float
    """Left edge."""
    x1: float
    """Right edge."""
    top: float
    """Top of the character's box (the em box for CJK fonts)."""
    bottom: float
    """Bottom of the box."""
    baseline: float
    """The baseline the character sits on."""
    size: float
    """The font size in points."""
    bold: bool
    """Whether the font is a bold face."""
    colour: Colour
    """The fill colour as RGB in 0..1."""
    strike: int = 0
    """How many lines cross the character near its middle (0, 1, or 2 for a double line)."""
    underline: int = 0
    """How many lines run under it near the baseline (0, 1 or 2)."""

    @property
    def middle(self) -> float:
        """The horizontal centre of the character."""
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Rule:
    """A thin drawn line, horizontal or vertical, given by its box."""

    x0: float
    """Left edge."""
    top: float
    """Top edge."""
    x1: float
    """Right edge."""
    bottom: float
    """Bottom edge."""
    colour: Colour
    """Its colour."""
    edge: bool = False
    """Whether it is a side of a drawn box (a stroked rectangle or a border ring)."""
    wavy: bool = False
    """Whether it was drawn as a curve (a wavy underline)."""

    @property
    def horizontal(self) -> bool:
        """Whether the line runs left to right."""
        return self.x1 - self.x0 >= self.bottom - self.top - 0.01

    @property
    def y(self) -> float:
        """The vertical centre (of a horizontal line)."""
        return (self.top + self.bottom) / 2

    @property
    def x(self) -> float:
        """The horizontal centre (of a vertical line)."""
        return (self.x0 + self.x1) / 2


@dataclass(frozen=True, slots=True)
class Fill:
    """A filled area larger than a line: a background, a heading band, a table cell's shading."""

    x0: float
    """Left edge."""
    top: float
    """Top edge."""
    x1: float
    """Right edge."""
    bottom: float
    """Bottom edge."""
    colour: Colour
    """The fill colour."""


@dataclass(frozen=True, slots=True)
class Picture:
    """An image drawn on the page (its text, if any, is not read)."""

    x0: float
    """Left edge."""
    top: float
    """Top edge."""
    x1: float
    """Right edge."""
    bottom: float
    """Bottom edge."""


@dataclass(slots=True)
class Page:
    """One page: what is drawn on it, and what could not be read."""

    number: int
    """The page number (1-based)."""
    width: float
    """Page width in points."""
    height: float
    """Page height in points."""
    glyphs: list[Glyph] = field(default_factory=list)
    """The characters, in the order they are drawn."""
    rules: list[Rule] = field(default_factory=list)
    """The thin lines."""
    fills: list[Fill] = field(default_factory=list)
    """The filled areas."""
    pictures: list[Picture] = field(default_factory=list)
    """The images."""
    unreadable: int = 0
    """Characters drawn with no text mapping (shown as ``(cid:N)`` by the library)."""
    rotated: int = 0
    """Characters not set upright (vertical or rotated text), not read."""
    repaired: int = 0
    """Characters whose producer code point was mapped (:mod:`.codepoints`)."""
    carriers: int = 0
    """Invisible carrier spaces left out."""


# --------------------------------------------------------------------------------------------
# pdfminer.six


def read_pages(path: Path) -> Iterator[Page]:
    """Yield the pages of the PDF file at ``path``, one at a time.

    Raises :class:`planrev.errors.LoadError` (with the page, when known) for a file that is not a
    readable PDF: not found, not a regular file, over a limit (:mod:`.bounds`), damaged, or
    encrypted.
    """
    # Imported here: the command line starts without it.
    from pdfminer.converter import PDFPageAggregator  # noqa: PLC0415
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager  # noqa: PLC0415
    from pdfminer.pdfpage import PDFPage  # noqa: PLC0415

    logger = logging.getLogger("pdfminer")
    level = logger.level
    # pdfminer reports font details it works around (a missing FontBBox …) through logging.
    logger.setLevel(logging.ERROR)
    number = 0
    data = read_pdf_bytes(path)
    try:
        with io.BytesIO(data) as stream:
            manager = PDFResourceManager(caching=True)
            device = PDFPageAggregator(manager, laparams=None)
            interpreter = PDFPageInterpreter(manager, device)
            for number, source in enumerate(PDFPage.get_pages(stream), start=1):
                interpreter.process_page(source)
                yield _page(number, device.get_result())
    except OSError as exc:
        raise LoadError(
            Msg(f"PDF を開けません: {exc.strerror or exc}", f"cannot open the PDF: {exc}"),
            location=Location(path),
            hint=Msg(
                "ファイル名と読み取りの権限を確かめてください。", "check the name and permissions."
            ),
        ) from exc
    except LoadError:
        raise
    except Exception as exc:  # pdfminer raises many types for damaged or encrypted files
        raise _unreadable(path, number, exc) from exc
    finally:
        logger.setLevel(level)


def _unreadable(path: Path, page: int, exc: Exception) -> LoadError:
    name = type(exc).__name__
    encrypted = "Encryption" in name or "Password" in name or "NotAllowed" in name
    if encrypted:
        return LoadError(
            Msg("PDF が暗号化されているため読めません", "the PDF is encrypted and cannot be read"),
            location=Location(path),
            hint=Msg(
                "暗号化(パスワード・コピー制限)のない PDF を保存し直して指定してください。",
                "save the PDF again without encryption (password or copy restrictions).",
            ),
        )
    return LoadError(
        Msg(
            f"PDF として読めません({name}: {exc})",
            f"the file cannot be read as a PDF ({name}: {exc})",
        ),
        location=Location(path, page=page or None),
        hint=Msg(
            "PDF が壊れていないか、別のソフトで開けるか確かめてください。",
            "check that the file is a PDF that other programs open.",
        ),
    )


def _page(number: int, layout: Any) -> Page:
    height = float(layout.height)
    page = Page(number, float(layout.width), height)
    shapes: list[Any] = []
    for item in _items(layout):
        kind = type(item).__name__
        if kind == "LTChar":
            _glyph(page, item)
        elif kind in {"LTLine", "LTRect", "LTCurve"}:
            shapes.append(item)
        elif kind == "LTImage":
            page.pictures.append(Picture(item.x0, height - item.y1, item.x1, height - item.y0))
    _shapes(page, shapes)
    _drop_carriers(page)
    return page


def _items(container: Any) -> Iterator[Any]:
    """Yield the page's objects, those inside form XObjects (figures) included."""
    for item in container:
        if type(item).__name__ == "LTFigure":
            yield from _items(item)
        yield item


def _glyph(page: Page, item: Any) -> None:
    a, b, c, d, _, f = item.matrix
    if abs(b) > 1e-3 or abs(c) > 1e-3 or a <= 0 or d <= 0:
        page.rotated += 1
        return
    text = item.get_text()
    if text.startswith("(cid:") or not text or _CONTROL.search(text):
        # No text mapping, or one to a control character (a line break or tab is not a glyph).
        page.unreadable += 1
        return
    text, repaired = repair(text)
    page.repaired += repaired
    name = item.fontname.lower()
    page.glyphs.append(
        Glyph(
            text=text,
            x0=float(item.x0),
            x1=float(item.x1),
            top=page.height - float(item.y1),
            bottom=page.height - float(item.y0),
            baseline=page.height - float(f),
            size=float(item.size),
            bold=any(mark in name for mark in _BOLD_NAMES),
            colour=_rgb(item.graphicstate.ncolor),
        )
    )


def _rgb(colour: object) -> Colour:
    """Return a PDF colour (gray, RGB or CMYK components) as RGB; black when unknown."""
    if isinstance(colour, int | float):
        return (float(colour), float(colour), float(colour))
    if isinstance(colour, tuple | list):
        values = [float(v) for v in colour if isinstance(v, int | float)]
        if len(values) == 1:
            return (values[0], values[0], values[0])
        if len(values) == 3:
            return (values[0], values[1], values[2])
        if len(values) == 4:
            cyan, magenta, yellow, key = values
            return ((1 - cyan) * (1 - key), (1 - magenta) * (1 - key), (1 - yellow) * (1 - key))
    return BLACK


# --------------------------------------------------------------------------------------------
# Shapes: lines, thin rectangles, box outlines, border rings


def _shapes(page: Page, shapes: list[Any]) -> None:
    index = 0
    while index < len(shapes):
        shape = shapes[index]
        if shape.fill and shape.evenodd and index + 1 < len(shapes):
            ring = _ring(page, shape, shapes[index + 1])
            if ring:
                index += 2
                continue
        _shape(page, shape)
        index += 1


def _box(page: Page, shape: Any) -> Box:
    return (
        float(shape.x0),
        page.height - float(shape.y1),
        float(shape.x1),
        page.height - float(shape.y0),
    )


def _shape(page: Page, shape: Any) -> None:
    x0, top, x1, bottom = _box(page, shape)
    width, height = x1 - x0, bottom - top
    kind = type(shape).__name__
    if shape.stroke:
        colour = _rgb(shape.stroking_color)
        half = max(float(shape.linewidth or 0.0), 0.1) / 2
        if kind == "LTRect" and min(width, height) > _THIN:
            for side in (
                (x0, top, x1, top),
                (x0, bottom, x1, bottom),
                (x0, top, x0, bottom),
                (x1, top, x1, bottom),
            ):
                page.rules.append(_stroke(side, half, colour, edge=True))
            return
        if min(width, height) <= _THIN * 2 and max(width, height) > 0.5:
            wavy = kind == "LTCurve" and len(shape.pts) > 4
            if width >= height:
                middle = (top + bottom) / 2
                page.rules.append(_stroke((x0, middle, x1, middle), half, colour, wavy=wavy))
            else:
                middle = (x0 + x1) / 2
                page.rules.append(_stroke((middle, top, middle, bottom), half, colour, wavy=wavy))
            return
    if shape.fill:
        _area(page, (x0, top, x1, bottom), _rgb(shape.non_stroking_color), edge=False)


def _stroke(
    box: Box, half: float, colour: Colour, *, edge: bool = False, wavy: bool = False
) -> Rule:
    """Return the rule a stroke of half-width ``half`` along ``box`` (a line) paints."""
    x0, top, x1, bottom = box
    if x1 - x0 >= bottom - top:
        return Rule(x0, top - half, x1, bottom + half, colour, edge=edge, wavy=wavy)
    return Rule(x0 - half, top, x1 + half, bottom, colour, edge=edge, wavy=wavy)


def _area(page: Page, box: Box, colour: Colour, *, edge: bool) -> None:
    x0, top, x1, bottom = box
    width, height = x1 - x0, bottom - top
    if width <= 0 or height <= 0:
        return
    if min(width, height) <= _THIN and max(width, height) >= 2 * min(width, height):
        page.rules.append(Rule(x0, top, x1, bottom, colour, edge=edge))
    elif max(width, height) <= _THIN:
        page.rules.append(Rule(x0, top, x1, bottom, colour, edge=edge))  # a dot of a dotted line
    elif min(width, height) > _THIN:
        page.fills.append(Fill(x0, top, x1, bottom, colour))


def _ring(page: Page, first: Any, second: Any) -> bool:
    """Read two filled rectangles drawn even-odd as the frame between them; False if not one."""
    if not (second.fill and second.evenodd) or type(first).__name__ != "LTRect":
        return False
    if type(second).__name__ != "LTRect":
        return False
    if _rgb(first.non_stroking_color) != _rgb(second.non_stroking_color):
        return False
    a, b = _box(page, first), _box(page, second)
    outer, inner = (a, b) if _contains(a, b) else (b, a)
    if not _contains(outer, inner):
        return False
    colour = _rgb(first.non_stroking_color)
    ox0, otop, ox1, obottom = outer
    ix0, itop, ix1, ibottom = inner
    for strip in (
        (ox0, otop, ox1, itop),
        (ox0, ibottom, ox1, obottom),
        (ox0, itop, ix0, ibottom),
        (ix1, itop, ox1, ibottom),
    ):
        _area(page, strip, colour, edge=True)
    return True


def _contains(outer: Box, inner: Box) -> bool:
    slack = 0.01
    return (
        outer[0] <= inner[0] + slack
        and outer[1] <= inner[1] + slack
        and outer[2] >= inner[2] - slack
        and outer[3] >= inner[3] - slack
    )


# --------------------------------------------------------------------------------------------
# Carrier spaces


def _drop_carriers(page: Page) -> None:
    """Leave out space glyphs drawn over another character or stacked on another space."""
    spaces = [g for g in page.glyphs if g.text == " "]
    if not spaces:
        return
    by_line: dict[int, list[Glyph]] = {}
    for glyph in page.glyphs:
        by_line.setdefault(round(glyph.baseline), []).append(glyph)
    carriers: set[int] = set()
    for glyph in spaces:
        neighbours = [
            other
            for key in (round(glyph.baseline) - 1, round(glyph.baseline), round(glyph.baseline) + 1)
            for other in by_line.get(key, ())
            if other is not glyph and abs(other.baseline - glyph.baseline) < 0.5
        ]
        width = max(glyph.x1 - glyph.x0, 0.1)
        for other in neighbours:
            overlap = min(glyph.x1, other.x1) - max(glyph.x0, other.x0)
            if other.text == " ":
                if abs(other.x0 - glyph.x0) < 0.2:
                    carriers.add(id(glyph))
                    break
            elif overlap > 0.3 * width:
                carriers.add(id(glyph))
                break
    if carriers:
        page.glyphs = [g for g in page.glyphs if id(g) not in carriers]
        page.carriers += len(carriers)
