"""Opening a .docx package safely: the one door through which the Word reader reads a file.

A .docx is a ZIP of XML parts. Before anything is decompressed or parsed, :func:`open_package`
checks the package against :class:`DocxLimits` using the ZIP directory alone — the file's size,
the number of files, every part's inflated size, their total and their compression ratio — so
that a small file cannot expand into gigabytes. It then reads ``[Content_Types].xml`` and the
relationships itself to find the main document, its styles, numbering, comments and properties.
(python-docx, the writer's door, loads and parses every part of a package before a caller can
look at it; the reader needs none of that.)

Every XML part is parsed by :func:`parse_xml`: no DTD is accepted anywhere in any part, no entity
is resolved, nothing is fetched, and the elements are counted while they are parsed, against one
budget for the whole package (:class:`NodeBudget`), so parsing stops as soon as the document is
larger than the limit. Every problem is one :class:`~planrev.errors.LoadError` naming the file,
the part and, for malformed XML, the line and column; a limit that is exceeded is named with the
option that raises it.
"""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, fields, replace
from pathlib import Path

from lxml import etree

from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.storage.documents import read_bytes
from planrev.word.ooxml import STRICT_W_NS, prefixed, qn

__all__ = [
    "LIMIT_NAMES",
    "DocxLimits",
    "NodeBudget",
    "WordPackage",
    "XmlPart",
    "open_package",
    "parse_xml",
]

_MIB = 1024 * 1024


@dataclass(frozen=True, slots=True)
class DocxLimits:
    """How large a .docx may be before planrev refuses it; every limit can be raised.

    The defaults leave ample room for real plans: a generated plan of 1,000 sections (about
    16,500 paragraphs) written by planrev is a 0.4 MB file with a 6 MB main part of 166,000
    elements.
    """

    file_bytes: int = 100 * _MIB
    """The size of the .docx file (pictures make real files big; text never does)."""
    part_bytes: int = 32 * _MIB
    """The inflated size of any one part of the package."""
    total_bytes: int = 256 * _MIB
    """The inflated size of all parts together."""
    xml_nodes: int = 1_000_000
    """The elements of all XML parts together (and the paragraphs comments are anchored on)."""
    entries: int = 10_000
    """The number of files in the package."""
    paragraphs: int = 20_000
    """The paragraphs of the main document, table cells included. Each becomes a statement or a
    heading to write out as YAML (about 0.5 ms of CPU apiece, besides 1 µs per character): a
    document at this limit and at ``part_bytes`` imports in about 22 s of CPU and 450 MB."""
    ratio: int = 200
    """The compression ratio of a part larger than 1 MiB (a zip bomb's is in the thousands)."""

    def raised(self, options: Iterable[str]) -> DocxLimits:
        """Return these limits with ``NAME=N`` options applied (``part-bytes=64M``, ``xml-nodes=2000000``).

        ``N`` is a whole number, optionally followed by ``K``, ``M`` or ``G`` (binary multiples).
        Raises ``ValueError`` with a bilingual message for an unknown name or a bad number.
        """
        changes: dict[str, int] = {}
        for option in options:
            name, separator, value = option.partition("=")
            field = LIMIT_NAMES.get(name.strip())
            if not separator or field is None:
                known = ", ".join(LIMIT_NAMES)
                raise ValueError(
                    str(
                        Msg(
                            f"上限「{option}」は 名前=数 の形で、名前は {known} のどれかです",
                            f"a limit is NAME=N with NAME one of {known}, not '{option}'",
                        )
                    )
                )
            changes[field] = _amount(value.strip(), option)
        return replace(self, **changes)


LIMIT_NAMES: dict[str, str] = {
    field.name.replace("_", "-"): field.name for field in fields(DocxLimits)
}
"""The limits by the name options use (``part-bytes``) → :class:`DocxLimits` field."""

_AMOUNT = re.compile(r"^([0-9][0-9_,]*)([KMG]i?B?)?$", re.IGNORECASE)
_MULTIPLES = {"": 1, "K": 1024, "M": _MIB, "G": 1024 * _MIB}


def _amount(text: str, option: str) -> int:
    match = _AMOUNT.match(text)
    if match is None or int(match.group(1).replace("_", "").replace(",", "")) < 1:
        raise ValueError(
            str(
                Msg(
                    f"上限「{option}」の値は1以上の整数です(K、M、G を付けられます)",
                    f"the value of '{option}' must be a whole number of at least 1 (K, M, G allowed)",
                )
            )
        )
    unit = (match.group(2) or "")[:1].upper()
    return int(match.group(1).replace("_", "").replace(",", "")) * _MULTIPLES[unit]


_LIMIT_WORDS: dict[str, Msg] = {
    "file_bytes": Msg("ファイルの大きさ", "the file's size"),
    "part_bytes": Msg("展開後の大きさ", "the inflated size"),
    "total_bytes": Msg("展開後の合計の大きさ", "the inflated size of all parts"),
    "xml_nodes": Msg("XML の要素の数", "the number of XML elements"),
    "entries": Msg("パッケージ内のファイルの数", "the number of files in the package"),
    "ratio": Msg("圧縮率", "the compression ratio"),
    "paragraphs": Msg("本文の段落の数", "the number of paragraphs in the body"),
}


def limit_error(
    limits: DocxLimits, name: str, actual: int, source: Path | None, part: str | None = None
) -> LoadError:
    """Return the error for ``actual`` over the limit ``name`` (a :class:`DocxLimits` field)."""
    limit = getattr(limits, name)
    option = name.replace("_", "-")
    what = _LIMIT_WORDS[name]
    where = Msg(f"{part} の", f"{part}: ") if part is not None else Msg("", "")
    return LoadError(
        Msg(
            f"{where.ja}{what.ja}が大きすぎます({actual:,}、上限 {option} は {limit:,})",
            f"{where.en}{what.en} is too large ({actual:,}; the limit {option} is {limit:,})",
        ),
        location=Location(source),
        hint=Msg(
            f"正しい文書なら、--limit {option}=… で上限を上げられます"
            f"(Python では limits=DocxLimits({name}=…))。そうでなければ、画像を除くか文書を分けてください。",
            f"if the document is genuine, raise the limit with --limit {option}=… (in Python: "
            f"limits=DocxLimits({name}=…)); otherwise remove pictures or split the document.",
        ),
    )


class NodeBudget:
    """The elements (and comment anchors) one package may still hold; spending past it fails."""

    def __init__(self, limits: DocxLimits, source: Path | None) -> None:
        self.limits = limits
        self.source = source
        self.spent = 0
        """How much has been spent so far."""

    def spend(self, count: int, part: str | None) -> None:
        """Count ``count`` more elements of ``part``; raise the limit's error past the budget."""
        self.spent += count
        if self.spent > self.limits.xml_nodes:
            raise limit_error(self.limits, "xml_nodes", self.spent, self.source, part)


# --------------------------------------------------------------------------------------------
# XML parts


@dataclass(frozen=True, slots=True)
class XmlPart:
    """One parsed XML part of a package."""

    name: str
    """The part's name inside the zip, e.g. ``word/document.xml``."""
    root: etree._Element
    """The root element, as parsed (elements keep their ``sourceline``)."""


_CHUNK = 1024 * 1024
"""How much XML is parsed between two counts of the elements."""
_DTD_MARKS = tuple(
    mark.encode(encoding)
    for mark in ("<!DOCTYPE", "<!ENTITY")
    for encoding in ("ascii", "utf-16-le", "utf-16-be")
)
"""A DTD's declarations, in the encodings an XML part may use."""

_CHAR_PROBLEM = re.compile(
    r"invalid (?:xml)?char(?: value)?\s*(\d+)|Char 0x([0-9A-Fa-f]+) out of allowed range",
    re.IGNORECASE,
)

_RESAVE = Msg(
    "文書が壊れています。Word または LibreOffice で開けるなら、別名で .docx として保存し直してください。",
    "the document is damaged; if Word or LibreOffice can open it, save it again as .docx.",
)


def _dtd_error(part: str, source: Path | None) -> LoadError:
    return LoadError(
        Msg(
            f"{part} に DTD(<!DOCTYPE>・<!ENTITY>)があります。Word 文書の XML には現れないものです",
            f"{part} has a DTD (<!DOCTYPE>, <!ENTITY>), which Word documents never contain",
        ),
        location=Location(source),
        hint=Msg(
            "Word または LibreOffice で開き、.docx として保存し直してください。",
            "open the file in Word or LibreOffice and save it again as .docx.",
        ),
    )


def parse_xml(
    data: bytes, part: str, source: Path | None, budget: NodeBudget | None = None
) -> etree._Element:
    """Parse the XML part ``part`` of the package at ``source``; every problem is a LoadError.

    A DTD anywhere in the part is refused before parsing. With ``budget``, the elements are
    counted while they are parsed and parsing stops once the budget is spent.
    """
    if any(mark in data for mark in _DTD_MARKS):
        raise _dtd_error(part, source)
    parser = etree.XMLPullParser(
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        dtd_validation=False,
        huge_tree=False,
        remove_blank_text=False,
    )
    try:
        for start in range(0, len(data), _CHUNK):
            parser.feed(data[start : start + _CHUNK])
            count = sum(1 for _ in parser.read_events())
            if budget is not None:
                budget.spend(count, part)
        root = parser.close()
        if budget is not None:
            budget.spend(sum(1 for _ in parser.read_events()), part)
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(exc, part, source) from exc
    except ValueError as exc:  # lxml rejects some inputs (e.g. unsupported encodings) this way
        raise LoadError(
            Msg(f"{part} を XML として読めません: {exc}", f"{part} is not readable XML: {exc}"),
            location=Location(source),
            hint=_RESAVE,
        ) from exc
    docinfo = root.getroottree().docinfo
    if docinfo.internalDTD is not None or docinfo.doctype:
        raise _dtd_error(part, source)
    return root


def _syntax_error(exc: etree.XMLSyntaxError, part: str, source: Path | None) -> LoadError:
    line, column = exc.position if exc.position else (None, None)
    reason = (exc.msg or str(exc)).strip()
    where = Location(source, line, column)
    char = _CHAR_PROBLEM.search(reason)
    if char is not None:
        code = int(char.group(1)) if char.group(1) else int(char.group(2), 16)
        return LoadError(
            Msg(
                f"{part} の {line}行{column}列に XML では使えない文字(制御文字 U+{code:04X})があります",
                f"{part} line {line} column {column} holds a character XML forbids "
                f"(control character U+{code:04X})",
            ),
            location=where,
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
            location=where,
            hint=_RESAVE,
        )
    return LoadError(
        Msg(
            f"{part} の XML が壊れています({line}行{column}列: {reason})",
            f"{part} is not well-formed XML (line {line} column {column}: {reason})",
        ),
        location=where,
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
    parts: tuple[str, ...]
    """The names of every file in the package, in zip order."""
    budget: NodeBudget
    """What is left of the element budget, for the reader's own counting."""
    headers: tuple[XmlPart, ...] = ()
    """The page headers of the main document, by part name (``word/header1.xml`` …)."""
    footnotes: XmlPart | None = None
    """The footnotes part, or None if the document has no footnotes."""


_DOC_MAGIC = b"\xd0\xcf\x11\xe0"
"""The start of an OLE compound file: Word 97-2003 .doc, or an encrypted .docx."""

_NOT_DOCX_HINT = Msg(
    "Word 文書(.docx)を指定してください。Word 97-2003 形式(.doc)やパスワード付きの文書は、"
    "Word で開いて「Word 文書(*.docx)」として保存し直してください。",
    "pass a Word document (.docx). Save a Word 97-2003 (.doc) or password-protected document "
    "again from Word as 'Word Document (*.docx)'.",
)

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

_RATIO_FLOOR = 1024 * 1024
"""Parts up to this size may have any compression ratio (small XML compresses very well)."""


def _read_source(source: Path | bytes, limits: DocxLimits) -> tuple[bytes, Path | None]:
    if isinstance(source, bytes):
        if len(source) > limits.file_bytes:
            raise limit_error(limits, "file_bytes", len(source), None)
        return source, None
    path = Path(source)
    data = read_bytes(
        path,
        limit=limits.file_bytes,
        too_large=lambda size: limit_error(limits, "file_bytes", size, path),
    )
    return data, path


def _open_zip(data: bytes, source: Path | None, limits: DocxLimits) -> zipfile.ZipFile:
    """Open the ZIP and check it against ``limits`` from its directory alone."""
    if data.startswith(_DOC_MAGIC):
        raise LoadError(
            Msg(
                "Word 97-2003 形式(.doc)またはパスワード付きの文書です。planrev は読めません",
                "this is a Word 97-2003 (.doc) or password-protected document, which planrev "
                "cannot read",
            ),
            location=Location(source),
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
            location=Location(source),
            hint=_NOT_DOCX_HINT,
        ) from exc
    if len(infos) > limits.entries:
        raise limit_error(limits, "entries", len(infos), source)
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > limits.part_bytes:
            raise limit_error(limits, "part_bytes", info.file_size, source, info.filename)
        ratio = info.file_size // max(info.compress_size, 1)
        if info.file_size > _RATIO_FLOOR and ratio > limits.ratio:
            raise limit_error(limits, "ratio", ratio, source, info.filename)
    if total > limits.total_bytes:
        raise limit_error(limits, "total_bytes", total, source)
    return archive


def _read_entry(archive: zipfile.ZipFile, name: str, source: Path | None) -> bytes:
    """Return a part's bytes (at most its size in the ZIP directory, which was checked)."""
    try:
        with archive.open(name) as stream:
            return stream.read()
    except _ZIP_ERRORS as exc:
        raise LoadError(
            Msg(f"{name} を展開できません({exc})", f"cannot uncompress {name} ({exc})"),
            location=Location(source),
            hint=_RESAVE,
        ) from exc


_CT = "{http://schemas.openxmlformats.org/package/2006/content-types}"
_REL = "{http://schemas.openxmlformats.org/package/2006/relationships}Relationship"
_RT = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
_RT_OFFICE_DOCUMENT = _RT + "officeDocument"
_RT_STRICT_OFFICE_DOCUMENT = (
    "http://purl.oclc.org/ooxml/officeDocument/relationships/officeDocument"
)
_RT_STYLES = _RT + "styles"
_RT_NUMBERING = _RT + "numbering"
_RT_COMMENTS = _RT + "comments"
_RT_FOOTNOTES = _RT + "footnotes"
_RT_HEADER = _RT + "header"
_RT_CORE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/core-properties"
_MAIN_TYPES = {
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
}
"""The content type of a .docx main document (templates and macro documents have others)."""
_DC_TITLE = "{http://purl.org/dc/elements/1.1/}title"


class _Package:
    """The package's XML parts, parsed and counted, and its relationships."""

    def __init__(self, archive: zipfile.ZipFile, source: Path | None, limits: DocxLimits) -> None:
        self.source = source
        self.names = archive.namelist()
        self.budget = NodeBudget(limits, source)
        if "[Content_Types].xml" not in self.names:
            raise self._missing("[Content_Types].xml")
        types = self._parse(archive, "[Content_Types].xml")
        defaults = {
            (node.get("Extension") or "").lower(): node.get("ContentType") or ""
            for node in types.iter(f"{_CT}Default")
        }
        self.types = {
            name: defaults.get(posixpath.splitext(name)[1][1:].lower(), "") for name in self.names
        }
        for node in types.iter(f"{_CT}Override"):
            name = (node.get("PartName") or "").lstrip("/")
            if name in self.types:
                self.types[name] = node.get("ContentType") or ""
        self.roots: dict[str, etree._Element] = {"[Content_Types].xml": types}
        for name in self.names:
            content_type = self.types[name]
            if name not in self.roots and (
                name.lower().endswith((".xml", ".rels")) or content_type.endswith("xml")
            ):
                self.roots[name] = self._parse(archive, name)

    def _parse(self, archive: zipfile.ZipFile, name: str) -> etree._Element:
        return parse_xml(_read_entry(archive, name, self.source), name, self.source, self.budget)

    def _missing(self, name: str) -> LoadError:
        return LoadError(
            Msg(
                f"Word 文書ではありません(パッケージに {name} がありません)",
                f"not a Word document (the package has no {name})",
            ),
            location=Location(self.source),
            hint=_NOT_DOCX_HINT,
        )

    def related(self, owner: str | None, reltype: str) -> str | None:
        """Return the part ``owner`` (None: the package) relates to by ``reltype``, or None."""
        found = self._targets(owner, reltype)
        return found[0] if found else None

    def related_all(self, owner: str, reltype: str) -> list[str]:
        """Return the parsed parts ``owner`` relates to by ``reltype``, sorted by name."""
        return sorted({name for name in self._targets(owner, reltype) if name in self.roots})

    def _targets(self, owner: str | None, reltype: str) -> list[str]:
        """Return the internal targets of ``owner``'s relationships of ``reltype``, in order."""
        folder, base = posixpath.split(owner) if owner is not None else ("", "")
        rels = self.roots.get(posixpath.join(folder, "_rels", f"{base}.rels"))
        if rels is None:
            return []
        targets = []
        for node in rels.iter(_REL):
            if node.get("Type") != reltype or node.get("TargetMode") == "External":
                continue
            target = node.get("Target") or ""
            if target.startswith("/"):
                targets.append(target.lstrip("/"))
            else:
                targets.append(posixpath.normpath(posixpath.join(folder, target)))
        return targets

    def main(self) -> str:
        """Return the name of the main document part."""
        name = self.related(None, _RT_OFFICE_DOCUMENT) or self.related(
            None, _RT_STRICT_OFFICE_DOCUMENT
        )
        if name is None or name not in self.roots:
            raise self._missing(name or "word/document.xml")
        if self.types.get(name) not in _MAIN_TYPES:
            raise LoadError(
                Msg(
                    f"Word 文書として開けません({name} の種類は {self.types.get(name) or '不明'})",
                    f"cannot open the Word document ({name} is of type "
                    f"{self.types.get(name) or 'unknown'})",
                ),
                location=Location(self.source),
                hint=Msg(
                    "Word 文書(.docx)か確認してください。テンプレート(.dotx)やマクロ付き文書(.docm)は、"
                    "Word で .docx として保存し直してください。",
                    "check that this is a Word document (.docx); save templates (.dotx) and "
                    "macro-enabled documents (.docm) again as .docx.",
                ),
            )
        return name

    def part(self, name: str | None) -> XmlPart | None:
        """Return the parsed part ``name``, or None when there is none."""
        if name is None or name not in self.roots:
            return None
        return XmlPart(name, self.roots[name])

    def title(self) -> str | None:
        """Return the title in the package's core properties, or None if there is none."""
        core = self.part(self.related(None, _RT_CORE))
        if core is None:
            return None
        title = core.root.find(_DC_TITLE)
        return title.text if title is not None and title.text else None


def open_package(source: Path | str | bytes, limits: DocxLimits | None = None) -> WordPackage:
    """Open a .docx file (or its bytes) and parse the parts the reader needs.

    Raises :class:`~planrev.errors.LoadError` with a hint for everything that is not a readable
    Word document: a missing file, a package over one of ``limits`` (default
    :class:`DocxLimits`), not a ZIP, a ZIP without a main document, a DTD, malformed XML (with
    part, line and column), characters XML forbids, Strict Open XML.
    """
    limits = limits if limits is not None else DocxLimits()
    data, path = _read_source(source if isinstance(source, bytes) else Path(source), limits)
    archive = _open_zip(data, path, limits)
    with archive:
        package = _Package(archive, path, limits)
    main_name = package.main()
    root = package.roots[main_name]
    if root.tag == f"{{{STRICT_W_NS}}}document":
        raise LoadError(
            Msg(
                "「Strict Open XML」形式の文書は読めません",
                "documents in 'Strict Open XML' format cannot be read",
            ),
            location=Location(path),
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
            location=Location(path, root.sourceline if isinstance(root.sourceline, int) else None),
            hint=_RESAVE,
        )
    paragraphs = sum(1 for _ in root.iter(qn("w:p")))
    if paragraphs > limits.paragraphs:
        raise limit_error(limits, "paragraphs", paragraphs, path, main_name)
    return WordPackage(
        source=path,
        document=XmlPart(main_name, root),
        styles=package.part(package.related(main_name, _RT_STYLES)),
        numbering=package.part(package.related(main_name, _RT_NUMBERING)),
        comments=package.part(package.related(main_name, _RT_COMMENTS)),
        title=package.title(),
        parts=tuple(package.names),
        budget=package.budget,
        headers=tuple(
            XmlPart(name, package.roots[name])
            for name in package.related_all(main_name, _RT_HEADER)
        ),
        footnotes=package.part(package.related(main_name, _RT_FOOTNOTES)),
    )
