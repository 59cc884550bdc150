"""WordprocessingML names, and the style and list definitions a paragraph's role depends on.

:class:`Styles` resolves a paragraph style through ``w:basedOn`` to its name, heading level
(outline level or a ``heading N`` / ``見出し N`` name), Title style and list numbering, and a
run's strike, underline, colour and highlight through its character style, its paragraph style
and the document defaults (:meth:`Styles.run_format`); :class:`Numbering` gives a list level's
number format (``bullet``, ``decimal`` …).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from planrev.word.document import RunFormat
from planrev.word.ooxml import qn
from planrev.word.opening import XmlPart

__all__ = [
    "HIGHLIGHTS",
    "Numbering",
    "RunProperties",
    "Styles",
    "W",
    "int_value",
    "line_of",
    "run_properties",
    "value_of",
]

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
        "footnote",
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
        "strike",
        "dstrike",
        "u",
        "color",
        "highlight",
        "shd",
        "fill",
        "docDefaults",
        "rPrDefault",
    )
}
"""The Clark names of the ``w:`` elements and attributes the reader looks at."""

_HEADING_NAME = re.compile(r"^(?:heading|見出し)\s*([1-9\uff11-\uff19])$", re.IGNORECASE)
_TITLE_NAMES = {"title", "表題", "タイトル"}
_FULLWIDTH_DIGITS = {0xFF10 + digit: 0x30 + digit for digit in range(10)}
"""Full-width digits to ASCII, for reading numbers only (the text itself is never changed)."""


HIGHLIGHTS: dict[str, str] = {
    "black": "000000",
    "blue": "0000FF",
    "cyan": "00FFFF",
    "green": "00FF00",
    "magenta": "FF00FF",
    "red": "FF0000",
    "yellow": "FFFF00",
    "white": "FFFFFF",
    "darkBlue": "000080",
    "darkCyan": "008080",
    "darkGreen": "008000",
    "darkMagenta": "800080",
    "darkRed": "800000",
    "darkYellow": "808000",
    "darkGray": "808080",
    "lightGray": "C0C0C0",
}
"""The colours ``w:highlight`` names (Word's highlight colours), as RRGGBB."""
_HEX = re.compile(r"^[0-9A-Fa-f]{6}$")
_OFF = ("0", "false", "off")


@dataclass(frozen=True, slots=True)
class RunProperties:
    """What one ``w:rPr`` sets of the formatting a hand-made 見え消し shows changes with.

    None means not set here: the value comes from the level below (character style, paragraph
    style, document defaults).
    """

    strike: bool | None = None
    """``w:strike``."""
    double_strike: bool | None = None
    """``w:dstrike``."""
    underline: str | None = None
    """``w:u``'s value (``single``, ``double``, ``wave`` …; ``none`` when turned off)."""
    colour: str | None = None
    """``w:color``: RRGGBB in capitals, or ``auto``."""
    highlight: str | None = None
    """``w:highlight`` as RRGGBB, or ``none``."""
    shading: str | None = None
    """``w:shd``'s fill: RRGGBB in capitals, or ``auto``."""


_UNSET = RunProperties()


def _toggle(node: etree._Element | None) -> bool | None:
    if node is None:
        return None
    return node.get(W["val"], "true").strip().lower() not in _OFF


def _colour(value: str | None) -> str | None:
    if value is None:
        return None
    return value.upper() if _HEX.match(value) else "auto"


def run_properties(rpr: etree._Element | None) -> RunProperties:
    """Return what the run properties ``rpr`` set (all None for None)."""
    if rpr is None:
        return _UNSET
    underline = rpr.find(W["u"])
    highlight = value_of(rpr, "highlight")
    shading = rpr.find(W["shd"])
    return RunProperties(
        strike=_toggle(rpr.find(W["strike"])),
        double_strike=_toggle(rpr.find(W["dstrike"])),
        underline=None if underline is None else underline.get(W["val"], "single"),
        colour=_colour(value_of(rpr, "color")),
        highlight=None if highlight is None else HIGHLIGHTS.get(highlight, "none"),
        shading=None if shading is None else _colour(shading.get(W["fill"])),
    )


@dataclass(frozen=True, slots=True)
class _Style:
    """One paragraph or character style's definition."""

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
    run: RunProperties = _UNSET
    """The run properties it sets."""


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
    """Paragraph and character styles: names, heading levels, list numbering and run formatting
    through ``w:basedOn``."""

    def __init__(self, part: XmlPart | None) -> None:
        self.styles: dict[str, _Style] = {}
        self.characters: dict[str, _Style] = {}
        """The character styles."""
        self.default: str | None = None
        self.run_defaults = _UNSET
        """The document's default run properties (``w:docDefaults``)."""
        self._formats: dict[tuple[str | None, str | None, RunProperties], RunFormat] = {}
        if part is None:
            return
        defaults = part.root.find(W["docDefaults"])
        if defaults is not None:
            holder = defaults.find(W["rPrDefault"])
            if holder is not None:
                self.run_defaults = run_properties(holder.find(W["rPr"]))
        for node in part.root.iter(W["style"]):
            kind = node.get(W["type"])
            if kind not in (None, "paragraph", "character"):
                continue
            style_id = node.get(W["styleId"])
            if style_id is None:
                continue
            ppr = node.find(W["pPr"])
            num = ppr.find(W["numPr"]) if ppr is not None else None
            table = self.characters if kind == "character" else self.styles
            table[style_id] = _Style(
                name=value_of(node, "name"),
                based_on=value_of(node, "basedOn"),
                outline=int_value(value_of(ppr, "outlineLvl")),
                num_id=value_of(num, "numId"),
                ilvl=int_value(value_of(num, "ilvl")),
                run=run_properties(node.find(W["rPr"])),
            )
            if (
                kind != "character"
                and node.get(W["default"]) in ("1", "true", "on")
                and self.default is None
            ):
                self.default = style_id

    def chain(self, style_id: str | None) -> Iterator[tuple[str, _Style]]:
        """Yield the paragraph style and the styles it is based on (cycles and depth guarded)."""
        return _chain(self.styles, style_id if style_id is not None else self.default)

    def run_format(
        self, paragraph_style: str | None, character_style: str | None, direct: RunProperties
    ) -> RunFormat:
        """Return a run's strike, underline, colour and highlight, and which styles set them.

        Each property comes from the run's own properties (``direct``), else its character
        style (through ``w:basedOn``), else its paragraph style, else the document defaults.
        Strike and double strike are toggles: set by both styles and not by the run, they cancel
        out, as in Word.
        """
        key = (paragraph_style, character_style, direct)
        found = self._formats.get(key)
        if found is None:
            found = self._resolve(paragraph_style, character_style, direct)
            self._formats[key] = found
        return found

    def _resolve(
        self, paragraph_style: str | None, character_style: str | None, direct: RunProperties
    ) -> RunFormat:
        levels: list[tuple[str | None, RunProperties]] = [(None, direct)]
        levels += [(s.name or i, s.run) for i, s in _chain(self.characters, character_style)]
        character_levels = len(levels)
        levels += [(s.name or i, s.run) for i, s in self.chain(paragraph_style)]
        inherited: list[tuple[str, str]] = []
        values: dict[str, str | None] = {}
        for name in ("underline", "colour", "highlight", "shading"):
            value: str | None = getattr(self.run_defaults, name)
            source: str | None = "docDefaults"
            for style, properties in levels:
                if getattr(properties, name) is not None:
                    value, source = getattr(properties, name), style
                    break
            if value in ("none", "auto"):
                value = None
            values[name] = value
            if value is not None and source is not None:
                inherited.append((name, source))
        toggles: dict[str, bool] = {}
        for name in ("strike", "double_strike"):
            own: bool | None = getattr(direct, name)
            if own is not None:
                toggles[name] = own
                continue
            explicit = [
                found
                for chain in (levels[1:character_levels], levels[character_levels:])
                if (found := _nearest(chain, name)) is not None
            ]
            if explicit:
                setters = [style for style, on in explicit if on]
                toggles[name] = len(setters) % 2 == 1
            else:
                toggles[name] = bool(getattr(self.run_defaults, name))
                setters = ["docDefaults"]
            if toggles[name]:
                inherited += [(name, style) for style in setters]
        return RunFormat(
            strike=toggles["strike"],
            double_strike=toggles["double_strike"],
            underline=values["underline"],
            colour=values["colour"],
            highlight=values["highlight"],
            shading=values["shading"],
            inherited=tuple(inherited),
        )

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


def _chain(styles: dict[str, _Style], style_id: str | None) -> Iterator[tuple[str, _Style]]:
    """Yield the style ``style_id`` of ``styles`` and those it is based on (cycles guarded)."""
    seen: set[str] = set()
    current = style_id
    while current is not None and current not in seen and len(seen) < 32:
        seen.add(current)
        style = styles.get(current)
        if style is None:
            return
        yield current, style
        current = style.based_on


def _nearest(levels: list[tuple[str | None, RunProperties]], name: str) -> tuple[str, bool] | None:
    """Return the style of one chain that sets the toggle ``name`` nearest, and its value."""
    for style, properties in levels:
        value = getattr(properties, name)
        if value is not None:
            return style or "", bool(value)
    return None


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
