"""Shared OOXML (WordprocessingML) helpers: names, dates, safe text, ids in bookmarks, elements.

Used by the Word reader and the DOCX writer (opening a package safely is
:mod:`planrev.word.opening`):

- names: :data:`NAMESPACES`, :func:`qn` (``"w:ins"`` → Clark notation) and :func:`prefixed`
  (the reverse, for messages);
- tracked-change attributes: :func:`parse_word_date` / :func:`format_word_date` for ``w:date``;
- text that XML cannot carry: :func:`xml_illegal_characters`, :func:`xml_safe_text`;
- node ids in bookmarks: :func:`encode_bookmark_id` / :func:`decode_bookmark_id`, so that a DOCX
  written by planrev carries its node ids and reads back with the same ids;
- building elements: :func:`element` and :func:`sub_element`.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Mapping
from functools import cache
from typing import Literal

from lxml import etree

__all__ = [
    "NAMESPACES",
    "STRICT_W_NS",
    "W_NS",
    "decode_bookmark_id",
    "element",
    "encode_bookmark_id",
    "format_word_date",
    "parse_word_date",
    "prefixed",
    "qn",
    "sub_element",
    "xml_illegal_characters",
    "xml_safe_text",
]

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
"""The WordprocessingML namespace (transitional OOXML, what Word and LibreOffice write)."""

STRICT_W_NS = "http://purl.oclc.org/ooxml/wordprocessingml/main"
"""The namespace of "Strict Open XML", which planrev does not read."""

NAMESPACES: dict[str, str] = {
    "w": W_NS,
    "r": "http://schemas.openxmlformats.org/officeDocument/2006/relationships",
    "m": "http://schemas.openxmlformats.org/officeDocument/2006/math",
    "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006",
    "wp": "http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing",
    "a": "http://schemas.openxmlformats.org/drawingml/2006/main",
    "w14": "http://schemas.microsoft.com/office/word/2010/wordml",
    "w15": "http://schemas.microsoft.com/office/word/2012/wordml",
    "v": "urn:schemas-microsoft-com:vml",
    "xml": "http://www.w3.org/XML/1998/namespace",
}
"""The namespace prefixes planrev uses, as Word writes them."""

_BY_URI = {uri: prefix for prefix, uri in NAMESPACES.items()}


@cache  # a handful of tags, looked up for every element and attribute of a document
def qn(tag: str) -> str:
    """Return ``prefix:name`` (``"w:ins"``) in Clark notation (``"{http://…}ins"``)."""
    prefix, _, name = tag.partition(":")
    return f"{{{NAMESPACES[prefix]}}}{name}"


def prefixed(tag: object) -> str:
    """Return a Clark-notation tag as ``prefix:name`` for messages (unknown URIs kept)."""
    if not isinstance(tag, str):
        return str(tag)
    if tag.startswith("{"):
        uri, _, name = tag[1:].partition("}")
        prefix = _BY_URI.get(uri)
        return f"{prefix}:{name}" if prefix else name
    return tag


def element(
    tag: str, attributes: Mapping[str, str] | None = None, text: str | None = None
) -> etree._Element:
    """Return a new element ``tag`` (``"w:r"``) with ``w:``-style attribute names and text."""
    node = etree.Element(qn(tag), nsmap={"w": W_NS})
    for name, value in (attributes or {}).items():
        node.set(qn(name) if ":" in name else name, value)
    if text is not None:
        node.text = text
    return node


def sub_element(
    parent: etree._Element,
    tag: str,
    attributes: Mapping[str, str] | None = None,
    text: str | None = None,
) -> etree._Element:
    """Append a new element ``tag`` to ``parent`` and return it (see :func:`element`)."""
    node = etree.SubElement(parent, qn(tag))
    for name, value in (attributes or {}).items():
        node.set(qn(name) if ":" in name else name, value)
    if text is not None:
        node.text = text
    return node


# --------------------------------------------------------------------------------------------
# Dates


_DATE = re.compile(
    r"^\s*(\d{4})-(\d{2})-(\d{2})"
    r"(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?)?"
    r"\s*(Z|[+-]\d{2}:?\d{2})?\s*$"
)


def parse_word_date(value: str | None) -> _dt.datetime | None:
    """Return the time of a ``w:date`` attribute, or None when it is absent or unreadable.

    Word writes ``2023-07-26T10:00:00Z`` (local time, marked Z), LibreOffice the same, pandoc
    whatever it was given (``2023-07-26``). A value without a zone is read as UTC, as Word does.
    """
    if not value:
        return None
    match = _DATE.match(value)
    if match is None:
        return None
    year, month, day, hour, minute, second, fraction, zone = match.groups()
    tz: _dt.tzinfo = _dt.UTC
    if zone and zone != "Z":
        digits = zone[1:].replace(":", "")
        offset = _dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
        if offset >= _dt.timedelta(hours=24):
            return None
        tz = _dt.timezone(-offset if zone[0] == "-" else offset)
    micro = int((fraction or "0")[:6].ljust(6, "0"))
    try:
        return _dt.datetime(
            int(year),
            int(month),
            int(day),
            int(hour or 0),
            int(minute or 0),
            int(second or 0),
            micro,
            tzinfo=tz,
        )
    except ValueError:
        return None


def format_word_date(value: _dt.datetime | _dt.date) -> str:
    """Return ``value`` as a ``w:date`` attribute (``2023-07-26T00:00:00Z``); dates at midnight."""
    if not isinstance(value, _dt.datetime):
        value = _dt.datetime(value.year, value.month, value.day, tzinfo=_dt.UTC)
    if value.tzinfo is not None:
        value = value.astimezone(_dt.UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


# --------------------------------------------------------------------------------------------
# Characters XML cannot carry


_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
"""Characters XML 1.0 forbids in text (C0 controls but tab, LF, CR; surrogates; U+FFFE/FFFF)."""


def xml_illegal_characters(text: str) -> list[tuple[int, str]]:
    """Return each character of ``text`` that XML 1.0 forbids, with its index (empty if none)."""
    return [(match.start(), match.group()) for match in _ILLEGAL.finditer(text)]


def xml_safe_text(text: str, *, mode: Literal["escape", "strict"] = "escape") -> str:
    """Return ``text`` ready for an XML text node.

    ``escape`` replaces each forbidden character with a visible escape as Python writes it
    (``\\x01`` for a control character, ``\\ufffe`` or ``\\ud800`` beyond U+00FF), so nothing
    vanishes silently; ``strict`` raises ``ValueError`` naming the first one instead.
    """
    found = xml_illegal_characters(text)
    if not found:
        return text
    if mode == "strict":
        index, char = found[0]
        raise ValueError(f"character U+{ord(char):04X} at index {index} cannot be written to XML")
    return _ILLEGAL.sub(lambda match: _escape(match.group()), text)


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\x{code:02x}" if code <= 0xFF else f"\\u{code:04x}"


# --------------------------------------------------------------------------------------------
# Node ids in bookmarks

BOOKMARK_PREFIX = "_pr_"
"""Bookmarks named ``_pr_…`` carry a planrev node id (the leading ``_`` hides them in Word)."""
MAX_BOOKMARK_NAME = 40
"""Word's limit on a bookmark name's length."""
_ESCAPES = {"-": "_h", ".": "_d", "_": "_u"}
_UNESCAPES = {value[1]: key for key, value in _ESCAPES.items()}
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


def encode_bookmark_id(node_id: str) -> str | None:
    """Return the bookmark name carrying ``node_id``, or None if it would exceed Word's 40 chars.

    Bookmark names may hold only letters, digits and ``_``: ``-`` is written ``_h``, ``.`` ``_d``
    and ``_`` ``_u`` (``admin-vision-1`` → ``_pr_admin_hvision_h1``).
    """
    if not _ID.match(node_id):
        raise ValueError(f"not a planrev id: {node_id!r}")
    name = BOOKMARK_PREFIX + "".join(_ESCAPES.get(char, char) for char in node_id)
    return name if len(name) <= MAX_BOOKMARK_NAME else None


def decode_bookmark_id(name: str) -> str | None:
    """Return the node id a bookmark name carries, or None if it is not a planrev bookmark."""
    if not name.startswith(BOOKMARK_PREFIX):
        return None
    body = name[len(BOOKMARK_PREFIX) :]
    out: list[str] = []
    position = 0
    while position < len(body):
        char = body[position]
        if char == "_":
            following = body[position + 1 : position + 2]
            if following not in _UNESCAPES:
                return None
            out.append(_UNESCAPES[following])
            position += 2
        else:
            out.append(char)
            position += 1
    node_id = "".join(out)
    return node_id if _ID.match(node_id) and len(node_id) <= 200 else None
