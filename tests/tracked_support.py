"""Reading the tracked-changes document back through pandoc and LibreOffice, as
:class:`planrev.word.texts.TextParagraph` lists to compare with the drafts' texts.

pandoc (``--track-changes=accept|reject``, JSON with the ``styles`` extension) reads many
documents per call: :func:`combined_docx` lays out many views one after another in one document
(each starting with its own ``Title`` paragraph), and :func:`split_by_title` cuts the reading
back into one list per view. pandoc drops empty paragraphs, turns a tab into a space, trims
paragraphs and keeps a tracked table row as an empty row: :func:`as_pandoc_reads` applies the
same to the expected texts.

LibreOffice runs a Basic macro (:data:`MACRO`) in a profile of its own: it opens each document,
deletes its comments (LibreOffice 7.4 headless aborts accepting changes in a document with
comments, even one python-docx wrote without any tracked change), runs
``.uno:AcceptAllTrackedChanges`` or ``.uno:RejectAllTrackedChanges`` and saves the result as
.docx; :func:`read_saved_docx` reads its paragraphs (with their styles) and tables back exactly
(empty paragraphs included; only the paragraphs in ``planrev Spacer``, which hold nothing but a
space, are left out). LibreOffice 7.4 keeps a tracked table row, emptied, where it accepts its
deletion or rejects its insertion: rows whose every cell is empty are left out on both sides
(:func:`without_empty_rows`).

Every external call has a generous hang guard (:data:`HANG_GUARD` seconds) and fails the test
with a message when it is reached.
"""

from __future__ import annotations

import io
import json
import re
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest
from lxml import etree

from planrev.views import HandoutView
from planrev.word.elements import WordFonts
from planrev.word.layout import Layout
from planrev.word.ooxml import qn
from planrev.word.package import package
from planrev.word.texts import TextParagraph
from tests.tools import run_tool

# --------------------------------------------------------------------------------------------
# Many views in one document


def combined_docx(views: Sequence[HandoutView]) -> bytes:
    """Return one tracked document holding the tracked layout of every view, one after another
    (each starts with its plan's Title paragraph)."""
    layout = Layout(WordFonts(), author="事務局", when=None)
    for view in views:
        layout.handout(view, "tracked")
    return package(
        layout.body,
        fonts=layout.fonts,
        landscape=False,
        header=(),
        comments=layout.comments,
        author=layout.author,
        when=None,
        title="combined",
        subject="tracked",
    )


def split_by_title(paragraphs: list[TextParagraph]) -> list[list[TextParagraph]]:
    """Return a reading of a combined document cut at each title."""
    parts: list[list[TextParagraph]] = []
    for paragraph in paragraphs:
        if paragraph.kind == "title":
            parts.append([])
        if parts:
            parts[-1].append(paragraph)
    return parts


# --------------------------------------------------------------------------------------------
# pandoc

_KINDS = {
    "Title": "title",
    "planrev Label": "label",
    "planrev Note": "note",
}


def _inlines(inlines: list[Any]) -> str:
    out: list[str] = []
    for inline in inlines:
        kind, content = inline["t"], inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind in ("Emph", "Strong", "Underline", "Strikeout", "SmallCaps"):
            out.append(_inlines(content))
        elif kind == "Span":
            out.append(_inlines(content[1]))
        elif kind in ("Superscript", "Subscript"):
            out.append(_inlines(content))
    return "".join(out)


def _cell(cell: list[Any]) -> str:
    return "\n".join(
        text for _, text in _pandoc_blocks(cell[4], "statement") if isinstance(text, str)
    ).strip()


def _pandoc_blocks(blocks: list[Any], kind: str) -> Iterator[tuple[str, Any]]:
    for block in blocks:
        name, content = block["t"], block.get("c")
        if name in ("Para", "Plain"):
            yield kind, _inlines(content).strip()
        elif name == "Header":
            yield "heading", _inlines(content[2]).strip()
        elif name == "BulletList":
            for item in content:
                yield from _pandoc_blocks(item, kind)
        elif name == "OrderedList":
            for item in content[1]:
                yield from _pandoc_blocks(item, kind)
        elif name == "BlockQuote":
            yield from _pandoc_blocks(content, kind)
        elif name == "Div":
            style = dict(content[0][2]).get("custom-style", "")
            if style == "planrev Spacer":
                continue
            yield from _pandoc_blocks(content[1], _KINDS.get(style, kind))
        elif name == "Table":
            head, bodies = content[3], content[4]
            rows = [row[1] for row in head[1]]
            for body in bodies:
                rows.extend(row[1] for row in body[2])
                rows.extend(row[1] for row in body[3])
            yield "table", [[_cell(cell) for cell in row] for row in rows]


def _kpi_rows(rows: list[list[str]]) -> tuple[tuple[str, ...], ...]:
    """Return a KPI table's rows as the text of a draft has them: header ``KPI | year | year``,
    rows ``indicator | unit | baseline | target`` (the unit column may not be printed)."""
    if not rows:
        return ()
    header = rows[0]
    unit = len(header) == 4 and header[1] == "単位"
    out = [(header[0], *header[2:]) if unit else tuple(header)]
    for row in rows[1:]:
        out.append(tuple(row) if unit else (row[0], "", *row[1:]))
    return tuple(out)


def pandoc_texts(pandoc: str, docx: Path, mode: str) -> list[TextParagraph]:
    """Return the paragraphs of ``docx`` as pandoc reads them with ``--track-changes=mode``."""
    output = run_tool(
        [pandoc, "-f", "docx+styles", f"--track-changes={mode}", "-t", "json", str(docx)],
        what="pandoc",
    ).stdout
    document = json.loads(output)
    out: list[TextParagraph] = []
    title = document.get("meta", {}).get("title")
    if title is not None:  # pandoc takes the first Title paragraph as the document's title
        out.append(TextParagraph("title", _inlines(title["c"]).strip()))
    for kind, value in _pandoc_blocks(document["blocks"], "statement"):
        if kind == "table":
            rows = [row for row in value if any(row)]  # tracked rows stay, emptied
            if rows:  # (and a table whose every row is tracked away stays, empty)
                out.append(TextParagraph("table", rows=_kpi_rows(rows)))
        else:
            out.append(TextParagraph(kind, value))  # type: ignore[arg-type]
    return [p for p in out if p.kind == "table" or p.text]


def as_pandoc_reads(paragraphs: list[TextParagraph]) -> list[TextParagraph]:
    """Return a draft's text as pandoc reads it: tabs as spaces, runs of spaces as one, trimmed,
    no empty paragraphs, no empty table rows."""

    def flat(text: str) -> str:
        return re.sub(r"[ \t]+", " ", text).strip()

    out: list[TextParagraph] = []
    for paragraph in paragraphs:
        if paragraph.kind == "table":
            rows = tuple(
                tuple(flat(cell) for cell in row)
                for row in paragraph.rows
                if any(flat(cell) for cell in row)
            )
            out.append(TextParagraph("table", rows=rows))
        elif flat(paragraph.text):
            out.append(TextParagraph(paragraph.kind, flat(paragraph.text)))
    return out


def without_empty_rows(paragraphs: list[TextParagraph]) -> list[TextParagraph]:
    """Return a draft's text without the KPI rows whose every cell is empty (LibreOffice 7.4
    keeps a tracked row, emptied, where it accepts a deletion or rejects an insertion)."""
    return [
        TextParagraph("table", rows=tuple(row for row in p.rows if any(row)))
        if p.kind == "table"
        else p
        for p in paragraphs
    ]


def pandoc_many(pandoc: str, jobs: Sequence[tuple[Path, str]]) -> list[list[TextParagraph]]:
    """Return :func:`pandoc_texts` of each (document, mode), two pandoc processes at a time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        return list(pool.map(lambda job: pandoc_texts(pandoc, *job), jobs))


# --------------------------------------------------------------------------------------------
# LibreOffice

MACRO = """<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" \
script:language="StarBasic">
Sub Project(inPath As String, outPath As String, mode As String)
  On Error Goto Failed
  Dim args(0) As New com.sun.star.beans.PropertyValue
  args(0).Name = "Hidden"
  args(0).Value = True
  Dim doc As Object
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(inPath), "_blank", 0, args())
  Dim dispatcher As Object
  dispatcher = createUnoService("com.sun.star.frame.DispatchHelper")
  Dim none(0) As New com.sun.star.beans.PropertyValue
  REM LibreOffice 7.4 aborts resolving changes around comments: the comments go first.
  dispatcher.executeDispatch(doc.getCurrentController().getFrame(), _
    ".uno:DeleteAllNotes", "", 0, none())
  If mode = "accept" Then
    dispatcher.executeDispatch(doc.getCurrentController().getFrame(), _
      ".uno:AcceptAllTrackedChanges", "", 0, none())
  ElseIf mode = "reject" Then
    dispatcher.executeDispatch(doc.getCurrentController().getFrame(), _
      ".uno:RejectAllTrackedChanges", "", 0, none())
  End If
  Dim save(0) As New com.sun.star.beans.PropertyValue
  save(0).Name = "FilterName"
  save(0).Value = "MS Word 2007 XML"
  doc.storeToURL(ConvertToURL(outPath), save())
  doc.close(True)
  Exit Sub
Failed:
  Dim g As Integer
  g = FreeFile
  Open outPath &amp; ".error" For Output As #g
  Print #g, "Basic error " &amp; Err &amp; " at line " &amp; Erl &amp; ": " &amp; Error$
  Close #g
End Sub

Sub Run(listPath As String)
  Dim f As Integer, line As String, parts
  f = FreeFile
  Open listPath For Input As #f
  Do While Not EOF(f)
    Line Input #f, line
    If line &lt;&gt; "" Then
      parts = Split(line, Chr(9))
      Project(parts(0), parts(1), parts(2))
    End If
  Loop
  Close #f
  StarDesktop.terminate()
End Sub
</script:module>
"""
"""The Basic macro: ``Run(list)`` projects each ``document<TAB>output<TAB>mode`` line."""

_LO_KINDS = {"Title": "title", "planrev Label": "label", "planrev Note": "note"}
_SPACER = "planrev Spacer"
_REVISIONS = ("ins", "del", "moveFrom", "moveTo")


def _text(item: etree._Element) -> str:
    """Return the text of a paragraph as Word shows it: runs' text, tabs, line breaks."""
    out: list[str] = []
    for node in item.iter(qn("w:t"), qn("w:tab"), qn("w:br"), qn("w:cr")):
        if node.tag == qn("w:t"):
            out.append(node.text or "")
        elif node.tag == qn("w:tab"):
            out.append("\t")
        else:
            out.append("\n")
    return "".join(out)


def read_saved_docx(data: bytes) -> tuple[int, list[TextParagraph]]:
    """Return the tracked changes left in a .docx LibreOffice saved, and its paragraphs."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        body = etree.fromstring(archive.read("word/document.xml")).find(qn("w:body"))
        styles = etree.fromstring(archive.read("word/styles.xml"))
    assert body is not None
    names = {
        style.get(qn("w:styleId")): style.find(qn("w:name")).get(qn("w:val"))  # type: ignore[union-attr]
        for style in styles.iter(qn("w:style"))
        if style.find(qn("w:name")) is not None
    }
    left = sum(1 for name in _REVISIONS for _ in body.iter(qn(f"w:{name}")))
    out: list[TextParagraph] = []
    for item in body:
        if item.tag == qn("w:tbl"):
            grid = [
                ["\n".join(_text(p) for p in cell.iter(qn("w:p"))) for cell in row.iter(qn("w:tc"))]
                for row in item.iter(qn("w:tr"))
            ]
            grid = [row for row in grid if any(row)]  # LibreOffice 7.4 keeps tracked rows, emptied
            if grid:
                out.append(TextParagraph("table", rows=_kpi_rows(grid)))
            continue
        if item.tag != qn("w:p"):
            continue
        style_id = item.find(f"{qn('w:pPr')}/{qn('w:pStyle')}")
        style = names.get(style_id.get(qn("w:val")) if style_id is not None else None, "Normal")
        content = _text(item)
        if style == _SPACER and not content.strip():
            continue
        kind = (
            "heading" if style.lower().startswith("heading") else _LO_KINDS.get(style, "statement")
        )
        out.append(TextParagraph(kind, content))  # type: ignore[arg-type]
    return left, out


def libreoffice_texts(
    soffice: str, jobs: Sequence[tuple[Path, str]]
) -> list[tuple[int, list[TextParagraph]]]:
    """Return, for each (document, mode), the tracked changes left and the paragraphs after
    LibreOffice accepted (``accept``), rejected (``reject``) or kept (``none``) every change;
    one LibreOffice run for all of them."""
    folder = Path(tempfile.mkdtemp(prefix="lo-planrev-tracked-"))
    try:
        profile = folder / "profile"
        run_tool(
            [
                soffice,
                "--headless",
                "--terminate_after_init",
                f"-env:UserInstallation={profile.as_uri()}",
            ],
            what="LibreOffice (making a profile)",
        )
        library = profile / "user" / "basic" / "Standard"
        library.mkdir(parents=True, exist_ok=True)
        (library / "Module1.xba").write_text(MACRO, encoding="utf-8")
        lines = []
        outputs = []
        copies: dict[Path, Path] = {}
        for number, (docx, mode) in enumerate(jobs):
            if docx not in copies:  # LibreOffice leaves lock files beside what it opens
                copies[docx] = folder / f"{len(copies)}.docx"
                shutil.copyfile(docx, copies[docx])
            output = folder / f"{number}-{mode}.docx"
            outputs.append(output)
            lines.append(f"{copies[docx]}\t{output}\t{mode}\n")
        listing = folder / "jobs.txt"
        listing.write_text("".join(lines), encoding="utf-8")
        run_tool(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={profile.as_uri()}",
                f'macro:///Standard.Module1.Run("{listing}")',
            ],
            what="LibreOffice (accept/reject macro)",
        )
        results = []
        for output, (docx, mode) in zip(outputs, jobs, strict=True):
            error = output.with_name(output.name + ".error")
            if error.exists():
                pytest.fail(f"LibreOffice on {docx} ({mode}): {error.read_text().strip()}")
            if not output.exists():
                pytest.fail(f"LibreOffice wrote no projection of {docx} ({mode})")
            results.append(read_saved_docx(output.read_bytes()))
        return results
    finally:
        shutil.rmtree(folder, ignore_errors=True)
