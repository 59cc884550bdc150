"""WordprocessingML names, and the style and list definitions a paragraph's role depends on.

:class:`Styles` resolves a paragraph style through ``w:basedOn`` to its name, heading level
(outline level or a ``heading N`` / ``見出し N`` name), Title style and list numbering;
:class:`Numbering` gives a list level's number format (``bullet``, ``decimal`` …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from planrev.word.ooxml import qn
from planrev.word.opening import XmlPart

__all__ = ["Numbering", "Styles", "W", "int_value", "line_of", "value_of"]

W: dict[str, str] = {
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
"""The Clark names of the ``w:`` elements and attributes the reader looks at."""

_HEADING_NAME = re.compile(r"^(?:heading|見出し)\s*([1-9\uff11-\uff19])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "表題", "タイトル"}
_FULLWIDTH_DIGITS = {0xFF10 + digit: 0x30 + digit for digit in range(10)}
"""Full-width digits to ASCII, for reading numbers only (the text itself is never changed)."""


@dataclass(frozen=True, slots=True)
class _Style:
    """One paragraph style's definition."""

    name: str | None
    """Its name (``heading 1``, ``見出し 1`` …)."""
    based_on: str | None
    """The style it is based on."""
    outline: int | None
    """Its outline level (0 = top), if it sets one."""
    num_id: str | None
    """The list it numbers its paragraphs with, if any."""
    ilvl: int | None
    """That list's level."""


def line_of(node: etree._Element) -> int | None:
    """Return the line an element starts on in its part, or None if unknown."""
    line = node.sourceline
    return line if isinstance(line, int) else None


def int_value(value: str | None) -> int | None:
    """Return an attribute's whole number, or None when absent or not a number."""
    if value is None:
        return None
    try:
        return int(value.strip())
    except ValueError:
        return None


def value_of(node: etree._Element | None, child: str) -> str | None:
    """Return the ``w:val`` of ``node``'s child ``w:<child>``, or None."""
    if node is None:
        return None
    found = node.find(W[child])
    return found.get(W["val"]) if found is not None else None


class Styles:
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
                name=value_of(node, "name"),
                based_on=value_of(node, "basedOn"),
                outline=int_value(value_of(ppr, "outlineLvl")),
                num_id=value_of(num, "numId"),
                ilvl=int_value(value_of(num, "ilvl")),
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
        """Return the style's name, or None."""
        for _, style in self.chain(style_id):
            return style.name
        return None

    def heading_level(self, style_id: str | None) -> int | None:
        """Return the heading level (1 = top) the style gives, or None."""
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
        """Return the list (``numId``) and level the style numbers with, or (None, None)."""
        for _, style in self.chain(style_id):
            if style.num_id is not None:
                return style.num_id, style.ilvl
        return None, None


class Numbering:
    """List definitions: the number format of each list and level."""

    def __init__(self, part: XmlPart | None, styles: Styles) -> None:
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
            if int_value(override.get(W["ilvl"])) == level:
                lvl = override.find(W["lvl"])
                if lvl is not None and value_of(lvl, "numFmt") is not None:
                    return value_of(lvl, "numFmt")
        abstract = self.abstract.get(value_of(num, "abstractNumId") or "")
        if abstract is None:
            return None
        for lvl in abstract.iter(W["lvl"]):
            if int_value(lvl.get(W["ilvl"])) == level:
                return value_of(lvl, "numFmt") or "decimal"
        link = value_of(abstract, "numStyleLink")
        if link is not None:
            linked, _ = self.styles.numbering(link)
            if linked is not None:
                return self.format(linked, level, depth + 1)
        return None
