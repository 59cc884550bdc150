"""The package around a written Word document: page, styles, bullets, header, footer, comments
and properties.

:func:`package` puts a body (the elements :mod:`planrev.word.layout` made) into python-docx's
default package and returns the .docx bytes. Only public python-docx API is used: the parts'
``element`` trees, ``core_properties`` and ``Part``/``relate_to`` for the comments part.

Fonts: Japanese text is set in MS 明朝 (headings MS ゴシック; Word's names, with a full-width
"MS") through ``w:rFonts w:eastAsia`` on the document defaults, the styles and every run, with the
language ``ja-JP``; LibreOffice without those fonts substitutes Noto Serif CJK JP / Noto Sans CJK
JP (or IPAex) through fontconfig. :class:`~planrev.word.elements.WordFonts` chooses others.

The output is deterministic: the package's properties carry the data's date (never "now") and
the zip entries a fixed time, so that the same body always gives the same bytes.
"""

from __future__ import annotations

import datetime as _dt
import io
from collections.abc import Sequence
from typing import Any, Literal

import docx
from docx.enum.section import WD_ORIENT
from docx.opc.constants import CONTENT_TYPE as CT
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.shared import Mm
from lxml import etree

from planrev.reproducible import FIXED_MOMENT, normalised_zip
from planrev.word.elements import Face, WordFonts, font_attributes, run, xml_text
from planrev.word.ooxml import W_NS, element, format_word_date, qn, sub_element

__all__ = [
    "ANNOTATION_STYLE",
    "BOX_STYLE",
    "COMPARISON_STYLE",
    "CORE_PROPERTY_LIMIT",
    "KPI_STYLE",
    "LABEL_STYLE",
    "LEGEND_STYLE",
    "MARKER_STYLE",
    "NOTE_STYLE",
    "SPACER_STYLE",
    "STRUCTURE_STYLE",
    "package",
]

MARKER_STYLE = "planrevMarker"
"""The id of the character style of markers (【追加①】); the importer skips runs in it."""
ANNOTATION_STYLE = "planrevAnnotation"
"""The id of the character style of notes (（再掲）, ※理由); the importer skips runs in it."""
LABEL_STYLE = "planrevLabel"
"""The id of the paragraph style of kind labels (めざす姿, 取組, 本文)."""
NOTE_STYLE = "planrevNote"
"""The id of the paragraph style of editorial notes and footnotes."""
BOX_STYLE = "planrevOpinions"
"""The id of the table style of opinion boxes (★意見)."""
KPI_STYLE = "planrevKpi"
"""The id of the table style of KPI tables."""
COMPARISON_STYLE = "planrevComparison"
"""The id of the table style of the 新旧対照表."""
LEGEND_STYLE = "planrevLegend"
"""The id of the table style of a 見え消し版's legend box (what 【追加①】, 下線, 取消線 mean)."""
STRUCTURE_STYLE = "planrevStructure"
"""The id of the table style of a 見え消し版's structure overview (体系)."""
SPACER_STYLE = "planrevSpacer"
"""The id of the paragraph style of the small empty paragraph after a table (Word needs one
between two tables) and at the end of a tracked document: not text of the plan."""

CORE_PROPERTY_LIMIT = 255
"""The most characters a core property (title, subject, author) may hold (python-docx's limit)."""


def package(
    body: Sequence[etree._Element],
    *,
    fonts: WordFonts,
    landscape: bool,
    header: Sequence[str],
    comments: Sequence[Sequence[str]],
    author: str,
    when: _dt.date | _dt.datetime | None,
    title: str,
    subject: str,
) -> bytes:
    """Return the .docx bytes of a document: ``body`` on A4 pages (landscape or portrait) with
    planrev's styles, ``header`` lines on every page and the page number at the foot, one comment
    per item of ``comments`` (its paragraphs; comment ``n`` is the ``n``-th), and the properties
    ``title``, ``subject``, ``author`` and ``when``.

    ``author`` must have at most :data:`CORE_PROPERTY_LIMIT` characters (the caller checks);
    ``title`` and ``subject`` are shortened to it in the properties only.
    """
    document = docx.Document()
    _page(document, landscape=landscape)
    _styles(document, fonts)
    _bullets(document, fonts)
    _settings(document)
    section = document.element.body.find(qn("w:sectPr"))
    assert section is not None  # python-docx's template always has one
    for node in body:
        section.addprevious(node)
    _header_footer(document, header, (fonts.mincho, fonts.latin))
    if comments:
        _comments_part(document, comments, author, when, (fonts.mincho, fonts.latin))
    _core_properties(document, title=title, subject=subject, author=author, when=when)
    etree.cleanup_namespaces(document.element)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalised_zip(buffer.getvalue())


def _header_footer(document: Any, lines: Sequence[str], face: Face) -> None:
    """The header lines in every page's header (right), the page number in the footer."""
    section = document.sections[0]
    section.header.is_linked_to_previous = False
    section.footer.is_linked_to_previous = False
    header = section.header.part.element
    for old in header.findall(qn("w:p")):
        header.remove(old)
    for line in (line for line in lines if line):
        paragraph = sub_element(header, "w:p")
        sub_element(sub_element(paragraph, "w:pPr"), "w:pStyle", {"w:val": "Header"})
        paragraph.append(run(line, face))
    if header.find(qn("w:p")) is None:
        sub_element(header, "w:p")  # a header holds at least one paragraph
    footer = section.footer.part.element
    for old in footer.findall(qn("w:p")):
        footer.remove(old)
    paragraph = sub_element(footer, "w:p")
    sub_element(sub_element(paragraph, "w:pPr"), "w:pStyle", {"w:val": "Footer"})
    number = sub_element(paragraph, "w:fldSimple", {"w:instr": " PAGE "})
    number.append(run("1", face))


def _comments_part(
    document: Any,
    comments: Sequence[Sequence[str]],
    author: str,
    when: _dt.date | _dt.datetime | None,
    face: Face,
) -> None:
    """Add ``word/comments.xml`` with the comments, numbered from 0 in order."""
    root = etree.Element(qn("w:comments"), nsmap={"w": W_NS})
    for number, paragraphs in enumerate(comments):
        attributes = {
            "w:id": str(number),
            "w:author": xml_text(author),
            "w:initials": xml_text(author[:2]),
        }
        if when is not None:
            attributes["w:date"] = format_word_date(when)
        node = sub_element(root, "w:comment", attributes)
        for index, line in enumerate(paragraphs):
            paragraph = sub_element(node, "w:p")
            if index == 0:
                reference = run("", None, style="CommentReference")
                sub_element(reference, "w:annotationRef")
                paragraph.append(reference)
            paragraph.append(run(line, face))
    blob = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True)
    part = Part(PackURI("/word/comments.xml"), CT.WML_COMMENTS, blob, document.part.package)
    document.part.relate_to(part, RT.COMMENTS)


def _page(document: Any, *, landscape: bool) -> None:
    """A4, portrait or landscape, 20 mm margins."""
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (
        (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    )
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(20))
    section.header_distance = Mm(8)
    section.footer_distance = Mm(8)


Properties = Sequence[tuple[str, dict[str, str]]]
"""Child elements of ``w:pPr`` or ``w:rPr``: tag and attributes, in schema order."""


def _style(
    styles: etree._Element,
    style_id: str,
    name: str,
    kind: Literal["paragraph", "character", "table"],
    *,
    based_on: str | None = None,
    next_style: str | None = None,
    paragraph: Properties = (),
    run: Properties = (),
    face: Face | None = None,
    gallery: bool = True,
    default: bool = False,
) -> None:
    """Define style ``style_id`` (replacing the template's) with explicit properties."""
    for old in styles.findall(qn("w:style")):
        if old.get(qn("w:styleId")) == style_id:
            styles.remove(old)
    style = sub_element(styles, "w:style", {"w:type": kind, "w:styleId": style_id})
    if default:
        style.set(qn("w:default"), "1")
    if style_id.startswith("planrev"):
        style.set(qn("w:customStyle"), "1")
    sub_element(style, "w:name", {"w:val": name})
    if based_on is not None:
        sub_element(style, "w:basedOn", {"w:val": based_on})
    if next_style is not None:
        sub_element(style, "w:next", {"w:val": next_style})
    if gallery:
        sub_element(style, "w:qFormat")
    if paragraph:
        properties = sub_element(style, "w:pPr")
        for tag, attributes in paragraph:
            sub_element(properties, tag, attributes)
    items = list(run)
    if face is not None:
        items.append(("w:rFonts", font_attributes(face)))
    if items:
        properties = sub_element(style, "w:rPr")
        for tag, attributes in sorted(items, key=lambda item: _RPR_ORDER.index(item[0])):
            sub_element(properties, tag, attributes)
    if kind == "table":
        margins = sub_element(sub_element(style, "w:tblPr"), "w:tblCellMar")
        for side in ("left", "right"):
            sub_element(margins, f"w:{side}", {"w:w": "85", "w:type": "dxa"})


_RPR_ORDER = ["w:rFonts", "w:b", "w:color", "w:sz", "w:szCs"]
"""The schema order of the ``w:rPr`` children the styles use."""


def _half_points(size: float) -> str:
    return str(round(size * 2))


def _styles(document: Any, fonts: WordFonts) -> None:
    """Set the document defaults (fonts, size, ja-JP) and define the styles planrev uses."""
    styles = document.styles.element
    mincho: Face = (fonts.mincho, fonts.latin)
    gothic: Face = (fonts.gothic, fonts.latin)
    size = _half_points(fonts.size)
    defaults = styles.find(qn("w:docDefaults"))
    if defaults is None:  # pragma: no cover - the template has them
        defaults = element("w:docDefaults")
        styles.insert(0, defaults)
    for old in list(defaults):
        defaults.remove(old)
    run_defaults = sub_element(sub_element(defaults, "w:rPrDefault"), "w:rPr")
    sub_element(run_defaults, "w:rFonts", font_attributes(mincho))
    sub_element(run_defaults, "w:kern", {"w:val": "2"})
    sub_element(run_defaults, "w:sz", {"w:val": size})
    sub_element(run_defaults, "w:szCs", {"w:val": size})
    sub_element(
        run_defaults, "w:lang", {"w:val": "en-US", "w:eastAsia": "ja-JP", "w:bidi": "ar-SA"}
    )
    paragraph_defaults = sub_element(sub_element(defaults, "w:pPrDefault"), "w:pPr")
    sub_element(
        paragraph_defaults, "w:spacing", {"w:after": "0", "w:line": "300", "w:lineRule": "auto"}
    )
    sub_element(paragraph_defaults, "w:jc", {"w:val": "both"})

    _style(styles, "Normal", "Normal", "paragraph", face=mincho, default=True)
    _style(
        styles,
        "Title",
        "Title",
        "paragraph",
        based_on="Normal",
        next_style="Normal",
        paragraph=[("w:spacing", {"w:after": "240"}), ("w:jc", {"w:val": "center"})],
        run=[("w:b", {}), ("w:sz", {"w:val": _half_points(fonts.size + 5.5)})],
        face=gothic,
    )
    for level in range(1, 10):  # 柱, 分野, 施策, then nested sections
        extra = {1: 4.5, 2: 3.0, 3: 1.5}.get(level, 0.5)
        _style(
            styles,
            f"Heading{level}",
            f"heading {level}",
            "paragraph",
            based_on="Normal",
            next_style="Normal",
            paragraph=[
                ("w:keepNext", {}),
                ("w:spacing", {"w:before": "240" if level <= 2 else "160", "w:after": "60"}),
                ("w:jc", {"w:val": "left"}),
                ("w:outlineLvl", {"w:val": str(level - 1)}),
            ],
            run=[("w:b", {}), ("w:sz", {"w:val": _half_points(fonts.size + extra)})],
            face=gothic,
        )
    _style(styles, "ListBullet", "List Bullet", "paragraph", based_on="Normal")
    bullet = styles.findall(qn("w:style"))[-1]
    numbering = sub_element(sub_element(bullet, "w:pPr"), "w:numPr")
    sub_element(numbering, "w:numId", {"w:val": str(_BULLET_NUM_ID)})
    _style(
        styles,
        LABEL_STYLE,
        "planrev Label",
        "paragraph",
        based_on="Normal",
        next_style="Normal",
        paragraph=[("w:keepNext", {}), ("w:spacing", {"w:before": "120"})],
        run=[("w:b", {})],
        face=gothic,
    )
    _style(
        styles,
        NOTE_STYLE,
        "planrev Note",
        "paragraph",
        based_on="Normal",
        run=[("w:sz", {"w:val": _half_points(fonts.size - 1)})],
    )
    _style(
        styles,
        SPACER_STYLE,
        "planrev Spacer",
        "paragraph",
        based_on="Normal",
        paragraph=[("w:spacing", {"w:after": "0", "w:line": "240", "w:lineRule": "auto"})],
        run=[("w:sz", {"w:val": "12"}), ("w:szCs", {"w:val": "12"})],
        gallery=False,
    )
    _style(
        styles,
        MARKER_STYLE,
        "planrev Marker",
        "character",
        run=[("w:b", {}), ("w:color", {"w:val": "C00000"})],
        face=gothic,
    )
    _style(
        styles,
        ANNOTATION_STYLE,
        "planrev Annotation",
        "character",
        run=[("w:color", {"w:val": "404040"})],
    )
    _style(
        styles,
        "CommentReference",
        "annotation reference",
        "character",
        run=[("w:sz", {"w:val": "18"})],
        gallery=False,
    )
    for table_style, name in (
        (KPI_STYLE, "planrev KPI"),
        (BOX_STYLE, "planrev Opinions"),
        (COMPARISON_STYLE, "planrev Comparison"),
        (LEGEND_STYLE, "planrev Legend"),
        (STRUCTURE_STYLE, "planrev Structure"),
    ):
        _style(styles, table_style, name, "table", gallery=False)
    _style(
        styles,
        "Header",
        "header",
        "paragraph",
        based_on="Normal",
        paragraph=[("w:jc", {"w:val": "right"})],
        run=[("w:sz", {"w:val": _half_points(fonts.size - 1.5)})],
        gallery=False,
    )
    _style(
        styles,
        "Footer",
        "footer",
        "paragraph",
        based_on="Normal",
        paragraph=[("w:jc", {"w:val": "center"})],
        gallery=False,
    )


def _settings(document: Any) -> None:
    """Do not stretch a justified line that ends in a line break (a statement with ``\n``)."""
    settings = document.settings.element
    compat = settings.find(qn("w:compat"))
    if compat is None:
        compat = element("w:compat")
        # w:compat comes after the proofing, tab and spacing settings and before w:rsids
        anchor = settings.find(qn("w:rsids"))
        if anchor is not None:
            anchor.addprevious(compat)
        else:
            settings.append(compat)
    compat.insert(0, element("w:doNotExpandShiftReturn"))


_BULLET_NUM_ID = 90
"""The numbering instance of the ・ bullets (clear of the template's own)."""


def _bullets(document: Any, fonts: WordFonts) -> None:
    """Add the ・ bullet list that the List Bullet style uses."""
    numbering = document.part.numbering_part.element
    abstract = element("w:abstractNum", {"w:abstractNumId": str(_BULLET_NUM_ID)})
    sub_element(abstract, "w:multiLevelType", {"w:val": "singleLevel"})
    level = sub_element(abstract, "w:lvl", {"w:ilvl": "0"})
    sub_element(level, "w:start", {"w:val": "1"})
    sub_element(level, "w:numFmt", {"w:val": "bullet"})
    sub_element(level, "w:suff", {"w:val": "nothing"})
    sub_element(level, "w:lvlText", {"w:val": "・"})
    sub_element(level, "w:lvlJc", {"w:val": "left"})
    sub_element(sub_element(level, "w:pPr"), "w:ind", {"w:left": "210", "w:hanging": "210"})
    sub_element(sub_element(level, "w:rPr"), "w:rFonts", font_attributes((fonts.mincho, None)))
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # every w:abstractNum comes before the first w:num
        first_num.addprevious(abstract)
    else:  # pragma: no cover - the template has numbering instances
        numbering.append(abstract)
    instance = sub_element(numbering, "w:num", {"w:numId": str(_BULLET_NUM_ID)})
    sub_element(instance, "w:abstractNumId", {"w:val": str(_BULLET_NUM_ID)})


def _core_properties(
    document: Any, *, title: str, subject: str, author: str, when: _dt.date | _dt.datetime | None
) -> None:
    """Set the package's core properties, dated from the data (never "now")."""
    core = document.core_properties
    core.title = _shortened(xml_text(title))
    core.subject = _shortened(xml_text(subject))
    core.author = xml_text(author or "planrev")
    core.last_modified_by = xml_text(author or "planrev")
    core.comments = "planrev"
    core.keywords = ""
    core.category = ""
    core.revision = 1
    moment = FIXED_MOMENT
    if isinstance(when, _dt.datetime):
        moment = when.astimezone(_dt.UTC).replace(tzinfo=None) if when.tzinfo else when
    elif when is not None:
        moment = _dt.datetime(when.year, when.month, when.day)
    core.created = moment
    core.modified = moment
    # python-docx's template carries a thumbnail of its own sample page: drop it.
    package = document.part.package
    for key, relationship in list(package.rels.items()):
        if relationship.reltype == RT.THUMBNAIL:
            del package.rels[key]


def _shortened(value: str) -> str:
    """Return ``value`` cut to :data:`CORE_PROPERTY_LIMIT` characters, ending in ``…`` if cut (a
    property repeats the document's title, which the body prints whole)."""
    if len(value) <= CORE_PROPERTY_LIMIT:
        return value
    return value[: CORE_PROPERTY_LIMIT - 1] + "…"
