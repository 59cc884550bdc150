"""Shared OOXML (WordprocessingML) helpers: the one door to a .docx package and its XML.

Used by the Word reader (:mod:`planrev.word.reader`) and meant for the DOCX writer too:

- names: :data:`NAMESPACES`, :func:`qn` (``"w:ins"`` → Clark notation) and :func:`prefixed`
  (the reverse, for messages);
- reading a package safely: :func:`open_package` checks size, zip sanity and compression ratio,
  lets python-docx resolve the package's relationships (main document, styles, numbering,
  comments), and parses each XML part with :func:`parse_xml` — a parser that loads no DTD,
  resolves no entity and touches no network, and maps every XML error to one
  :class:`~planrev.errors.LoadError` naming the part, line and column (characters that XML
  forbids get their own message);
- tracked-change attributes: :func:`parse_word_date` / :func:`format_word_date` for ``w:date``;
- text that XML cannot carry: :func:`xml_illegal_characters`, :func:`xml_safe_text`;
- node ids in bookmarks: :func:`encode_bookmark_id` / :func:`decode_bookmark_id`, so that a DOCX
  written by planrev carries its node ids and reads back with the same ids;
- building elements: :func:`element` and :func:`sub_element`.
"""

from __future__ import annotations

import datetime as _dt
import io
import re
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import docx  # python-docx: the package, its content types and relationships
from lxml import etree

from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.storage.documents import read_bytes

__all__ = [
    "MAX_DOCX_BYTES",
    "MAX_ENTRIES",
    "MAX_PART_BYTES",
    "MAX_RATIO",
    "MAX_TOTAL_BYTES",
    "NAMESPACES",
    "W_NS",
    "WordPackage",
    "XmlPart",
    "decode_bookmark_id",
    "element",
    "encode_bookmark_id",
    "format_word_date",
    "open_package",
    "parse_word_date",
    "parse_xml",
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

MAX_DOCX_BYTES = 100 * 1024 * 1024
"""The largest .docx file planrev opens (pictures make real files big; text never does)."""
MAX_PART_BYTES = 64 * 1024 * 1024
"""The largest uncompressed XML part planrev parses."""
MAX_TOTAL_BYTES = 1024 * 1024 * 1024
"""The largest total uncompressed size of a package (a guard against zip bombs)."""
MAX_ENTRIES = 10_000
"""The most files a package may hold."""
MAX_RATIO = 200
"""The highest compression ratio accepted for a part larger than 1 MiB (zip bomb guard)."""

_RATIO_FLOOR = 1024 * 1024


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


# --------------------------------------------------------------------------------------------
# XML parsing


@dataclass(frozen=True, slots=True)
class XmlPart:
    """One parsed XML part of a package."""

    name: str
    """The part's name inside the zip, e.g. ``word/document.xml``."""
    root: etree._Element
    """The root element, as parsed (elements keep their ``sourceline``)."""


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )


_CHAR_PROBLEM = re.compile(
    r"invalid (?:xml)?char(?: value)?\s*(\d+)|Char 0x([0-9A-Fa-f]+) out of allowed range",
    re.IGNORECASE,
)


def _location(source: Path | None, line: int | None = None, column: int | None = None) -> Location:
    return Location(source, line, column)


def parse_xml(data: bytes, part: str, source: Path | None) -> etree._Element:
    """Parse the XML part ``part`` of the package at ``source``; every problem is a LoadError."""
    head = data[:4096]
    if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
        raise LoadError(
            Msg(
                f"{part} に DTD(<!DOCTYPE>)があります。Word 文書の XML には現れないものです",
                f"{part} has a DTD (<!DOCTYPE>), which Word documents never contain",
            ),
            location=_location(source, 1),
            hint=Msg(
                "Word または LibreOffice で開き、.docx として保存し直してください。",
                "open the file in Word or LibreOffice and save it again as .docx.",
            ),
        )
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, part, source) from exc
    except ValueError as exc:  # lxml rejects some inputs (e.g. unsupported encodings) this way
        raise LoadError(
            Msg(f"{part} を XML として読めません: {exc}", f"{part} is not readable XML: {exc}"),
            location=_location(source),
            hint=_RESAVE,
        ) from exc
    if root is None:  # pragma: no cover - lxml raises rather than returning None
        raise LoadError(
            Msg(f"{part} が空です", f"{part} is empty"), location=_location(source), hint=_RESAVE
        )
    return root


_RESAVE = Msg(
    "文書が壊れています。Word または LibreOffice で開けるなら、別名で .docx として保存し直してください。",
    "the document is damaged; if Word or LibreOffice can open it, save it again as .docx.",
)


def _syntax_error(exc: etree.XMLSyntaxError, part: str, source: Path | None) -> LoadError:
    line, column = exc.position if exc.position else (None, None)
    reason = (exc.msg or str(exc)).strip()
    char = _CHAR_PROBLEM.search(reason)
    if char is not None:
        code = int(char.group(1)) if char.group(1) else int(char.group(2), 16)
        return LoadError(
            Msg(
                f"{part} の {line}行{column}列に XML では使えない文字(制御文字 U+{code:04X})があります",
                f"{part} line {line} column {column} holds a character XML forbids "
                f"(control character U+{code:04X})",
            ),
            location=_location(source, line, column),
            hint=Msg(
                "文書を作ったプログラムの不具合です。Word で開けるなら該当の文字を消して保存し直してください"
                "(見えない文字のことがあります)。",
                "the program that wrote the document made a mistake; if Word opens it, delete the "
                "character (it may be invisible) and save again.",
            ),
        )
    if "not proper UTF-8" in reason or "encoding" in reason.lower():
        return LoadError(
            Msg(
                f"{part} の {line}行{column}列の文字コードが正しくありません({reason})",
                f"{part} line {line} column {column}: wrong character encoding ({reason})",
            ),
            location=_location(source, line, column),
            hint=_RESAVE,
        )
    return LoadError(
        Msg(
            f"{part} の XML が壊れています({line}行{column}列: {reason})",
            f"{part} is not well-formed XML (line {line} column {column}: {reason})",
        ),
        location=_location(source, line, column),
        hint=_RESAVE,
    )


# --------------------------------------------------------------------------------------------
# The package


@dataclass(frozen=True, slots=True)
class WordPackage:
    """The parts of a .docx package that the reader needs, parsed."""

    source: Path | None
    """The file read, or None for bytes given directly."""
    document: XmlPart
    """The main document part (``word/document.xml``)."""
    styles: XmlPart | None
    """The style definitions, or None if the document has none."""
    numbering: XmlPart | None
    """The list numbering definitions, or None if the document has no lists."""
    comments: XmlPart | None
    """The comments part, or None if the document has no comments."""
    title: str | None
    """The title in the document's properties, or None if empty."""
    parts: tuple[str, ...] = field(default=())
    """The names of every file in the package, in zip order."""


_DOC_MAGIC = b"\xd0\xcf\x11\xe0"
"""The start of an OLE compound file: Word 97-2003 .doc, or an encrypted .docx."""

_NOT_DOCX_HINT = Msg(
    "Word 文書(.docx)を指定してください。Word 97-2003 形式(.doc)やパスワード付きの文書は、"
    "Word で開いて「Word 文書(*.docx)」として保存し直してください。",
    "pass a Word document (.docx). Save a Word 97-2003 (.doc) or password-protected document "
    "again from Word as 'Word Document (*.docx)'.",
)


def _too_large(source: Path | None, size: int, what: Msg) -> LoadError:
    return LoadError(
        Msg(
            f"{what.ja}が大きすぎます({size:,}バイト)",
            f"{what.en} is too large ({size:,} bytes)",
        ),
        location=_location(source),
        hint=Msg(
            f"planrev が読む .docx は {MAX_DOCX_BYTES // (1024 * 1024)} MB まで、文書の XML は "
            f"{MAX_PART_BYTES // (1024 * 1024)} MB までです。画像を除くか文書を分けてください。",
            f"planrev reads .docx files up to {MAX_DOCX_BYTES // (1024 * 1024)} MB with XML parts "
            f"up to {MAX_PART_BYTES // (1024 * 1024)} MB; remove pictures or split the document.",
        ),
    )


def _read_source(source: Path | bytes) -> tuple[bytes, Path | None]:
    if isinstance(source, bytes):
        if len(source) > MAX_DOCX_BYTES:
            raise _too_large(None, len(source), Msg("文書", "the document"))
        return source, None
    path = Path(source)
    data = read_bytes(
        path,
        limit=MAX_DOCX_BYTES,
        too_large=lambda size: _too_large(path, size, Msg("ファイル", "the file")),
    )
    return data, path


_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    ValueError,
    EOFError,
    OSError,
    NotImplementedError,
    RuntimeError,
)
"""What :mod:`zipfile` raises for damaged, encrypted or unsupported archives."""


def _open_zip(data: bytes, source: Path | None) -> zipfile.ZipFile:
    if data.startswith(_DOC_MAGIC):
        raise LoadError(
            Msg(
                "Word 97-2003 形式(.doc)またはパスワード付きの文書です。planrev は読めません",
                "this is a Word 97-2003 (.doc) or password-protected document, which planrev "
                "cannot read",
            ),
            location=_location(source),
            hint=_NOT_DOCX_HINT,
        )
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        infos = archive.infolist()
    except _ZIP_ERRORS as exc:
        raise LoadError(
            Msg(
                "Word 文書(.docx)ではありません(ZIP として読めません)",
                "not a Word document (.docx): it is not a ZIP package",
            ),
            location=_location(source),
            hint=_NOT_DOCX_HINT,
        ) from exc
    if len(infos) > MAX_ENTRIES:
        raise LoadError(
            Msg(
                f"パッケージ内のファイルが多すぎます({len(infos):,}個)",
                f"the package holds too many files ({len(infos):,})",
            ),
            location=_location(source),
            hint=_RESAVE,
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > _RATIO_FLOOR and info.file_size > MAX_RATIO * max(
            info.compress_size, 1
        ):
            raise LoadError(
                Msg(
                    f"{info.filename} の圧縮率が異常です(展開すると {info.file_size:,} バイト)",
                    f"{info.filename} has an abnormal compression ratio ({info.file_size:,} bytes "
                    "uncompressed)",
                ),
                location=_location(source),
                hint=_RESAVE,
            )
    if total > MAX_TOTAL_BYTES:
        raise _too_large(source, total, Msg("展開後の文書", "the uncompressed document"))
    return archive


def _read_entry(archive: zipfile.ZipFile, name: str, source: Path | None) -> bytes:
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise LoadError(
            Msg(f"パッケージに {name} がありません", f"the package has no {name}"),
            location=_location(source),
            hint=_RESAVE,
        ) from exc
    if info.file_size > MAX_PART_BYTES:
        raise _too_large(source, info.file_size, Msg(name, name))
    try:
        with archive.open(info) as stream:
            data = stream.read(MAX_PART_BYTES + 1)
    except _ZIP_ERRORS as exc:
        raise LoadError(
            Msg(f"{name} を展開できません({exc})", f"cannot uncompress {name} ({exc})"),
            location=_location(source),
            hint=_RESAVE,
        ) from exc
    if len(data) > MAX_PART_BYTES:
        raise _too_large(source, len(data), Msg(name, name))
    return data


_RT_OFFICE_DOCUMENT = (
    "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
)
_RT_STYLES = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"
_RT_NUMBERING = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_RT_COMMENTS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/comments"


def _diagnose(archive: zipfile.ZipFile, source: Path | None) -> None:
    """Raise the LoadError of the first XML part that does not parse, if any."""
    for info in archive.infolist():
        lower = info.filename.lower()
        if lower.endswith((".xml", ".rels")):
            parse_xml(_read_entry(archive, info.filename, source), info.filename, source)


def _open_with_python_docx(data: bytes, archive: zipfile.ZipFile, source: Path | None) -> object:
    try:
        return docx.Document(io.BytesIO(data))
    except Exception as exc:  # python-docx raises many kinds; each means "not a readable docx"
        _diagnose(archive, source)
        names = set(archive.namelist())
        if "[Content_Types].xml" not in names or "word/document.xml" not in names:
            missing = (
                "[Content_Types].xml"
                if "[Content_Types].xml" not in names
                else ("word/document.xml")
            )
            raise LoadError(
                Msg(
                    f"Word 文書ではありません(パッケージに {missing} がありません)",
                    f"not a Word document (the package has no {missing})",
                ),
                location=_location(source),
                hint=_NOT_DOCX_HINT,
            ) from exc
        raise LoadError(
            Msg(
                f"Word 文書として開けません({type(exc).__name__}: {exc})",
                f"cannot open the Word document ({type(exc).__name__}: {exc})",
            ),
            location=_location(source),
            hint=Msg(
                "Word 文書(.docx)か確認してください。テンプレート(.dotx)やマクロ付き文書(.docm)は、"
                "Word で .docx として保存し直してください。",
                "check that this is a Word document (.docx); save templates (.dotx) and "
                "macro-enabled documents (.docm) again as .docx.",
            ),
        ) from exc


def _related(part: object, reltype: str) -> str | None:
    """Return the zip name of the part ``part`` relates to by ``reltype``, or None."""
    rels = getattr(part, "rels", {})
    for rel in rels.values():
        if rel.reltype == reltype and not rel.is_external:
            return str(rel.target_part.partname).lstrip("/")
    return None


_RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


def _core_title(document: object, archive: zipfile.ZipFile, source: Path | None) -> str | None:
    """Return the title in the package's core properties, or None if there is none.

    Read from the part itself: python-docx invents a default ("Word Document") when it is absent.
    """
    package = getattr(getattr(document, "part", None), "package", None)
    name = _related(package, _RT_CORE) if package is not None else None
    if name is None or name not in archive.namelist():
        return None
    root = parse_xml(_read_entry(archive, name, source), name, source)
    title = root.find(_DC_TITLE)
    return title.text if title is not None and title.text else None


def open_package(source: Path | str | bytes) -> WordPackage:
    """Open a .docx file (or its bytes) and parse the parts the reader needs.

    Raises :class:`~planrev.errors.LoadError` with a hint for everything that is not a readable
    Word document: a missing file, a file too large, not a ZIP, a ZIP without a main document,
    malformed XML (with part, line and column), characters XML forbids, Strict Open XML.
    """
    data, path = _read_source(source if isinstance(source, bytes) else Path(source))
    archive = _open_zip(data, path)
    with archive:
        document = _open_with_python_docx(data, archive, path)
        main = getattr(document, "part", None)
        main_name = str(main.partname).lstrip("/") if main is not None else "word/document.xml"
        root = parse_xml(_read_entry(archive, main_name, path), main_name, path)
        if root.tag == f"{{{STRICT_W_NS}}}document":
            raise LoadError(
                Msg(
                    "「Strict Open XML」形式の文書は読めません",
                    "documents in 'Strict Open XML' format cannot be read",
                ),
                location=_location(path),
                hint=Msg(
                    "Word で「Word 文書(*.docx)」として保存し直してください。",
                    "save it again from Word as 'Word Document (*.docx)'.",
                ),
            )
        if root.tag != qn("w:document"):
            raise LoadError(
                Msg(
                    f"{main_name} が Word の本文ではありません(ルート要素 {prefixed(root.tag)})",
                    f"{main_name} is not a Word document body (root element {prefixed(root.tag)})",
                ),
                location=_location(
                    path, root.sourceline if isinstance(root.sourceline, int) else None
                ),
                hint=_RESAVE,
            )

        def related(reltype: str) -> XmlPart | None:
            name = _related(main, reltype)
            if name is None or name not in archive.namelist():
                return None
            return XmlPart(name, parse_xml(_read_entry(archive, name, path), name, path))

        return WordPackage(
            source=path,
            document=XmlPart(main_name, root),
            styles=related(_RT_STYLES),
            numbering=related(_RT_NUMBERING),
            comments=related(_RT_COMMENTS),
            title=_core_title(document, archive, path),
            parts=tuple(archive.namelist()),
        )
