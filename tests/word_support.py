"""Helpers for the Word importer's tests: making .docx files with pandoc and LibreOffice, reading
them back with pandoc, and taking packages apart.

The .docx inputs of the tests are written by tools independent of planrev: pandoc (tracked
changes from Markdown spans ``[text]{.insertion author=… date=…}``) and LibreOffice (a hand-written
flat ODT with ``<text:tracked-changes>`` converted to .docx). pandoc's own
``--track-changes=accept/reject`` reading of the same file is the reference for the new and old
texts.
"""

from __future__ import annotations

import io
import json
import shutil
import tempfile
import zipfile
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from planrev.model import Field, KpiTable, Pillar, Plan, Section, Statement, walk
from tests.tools import run_tool

CASES = Path(__file__).resolve().parent / "cases"
"""The case folders of the tests."""
PANDOC_CASE = CASES / "word_pandoc"
"""A plan excerpt as Markdown with tracked-change spans, and the .docx pandoc made of it."""
LIBREOFFICE_CASE = CASES / "word_libreoffice"
"""A plan excerpt as flat ODT with recorded changes, and the .docx LibreOffice made of it."""


def make_pandoc_docx(pandoc: str, markdown: Path, out: Path) -> Path:
    """Convert a Markdown file to .docx with pandoc; return the .docx."""
    run_tool([pandoc, str(markdown), "-o", str(out)])
    return out


def make_libreoffice_docx(soffice: str, source: Path, folder: Path) -> Path:
    """Convert an ODT or flat ODT to .docx with LibreOffice, in a profile of its own."""
    profile = Path(tempfile.mkdtemp(prefix="lo-planrev-"))
    try:
        run_tool(
            [
                soffice,
                "--headless",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "docx",
                "--outdir",
                str(folder),
                str(source),
            ],
            capture_output=True,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)
    return folder / f"{source.stem}.docx"


# --------------------------------------------------------------------------------------------
# pandoc as the reference reader


def _inline_text(inlines: list[Any]) -> str:
    out: list[str] = []
    for inline in inlines:
        kind = inline["t"]
        content = inline.get("c")
        if kind == "Str":
            out.append(content)
        elif kind in ("Space", "SoftBreak"):
            out.append(" ")
        elif kind == "LineBreak":
            out.append("\n")
        elif kind in (
            "Emph",
            "Strong",
            "Underline",
            "Strikeout",
            "Superscript",
            "Subscript",
        ) or kind in ("SmallCaps",):
            out.append(_inline_text(content))
        elif kind in ("Span", "Link", "Quoted"):
            out.append(_inline_text(content[1]))
        elif kind == "Code":
            out.append(content[1])
    return "".join(out)


def _cell_text(cell: list[Any]) -> str:
    blocks = cell[4]
    return "\n".join(text for text in (_block_text(b) for b in blocks) if text)


def _block_text(block: Any) -> str:
    if block["t"] in ("Para", "Plain"):
        return _inline_text(block["c"])
    if block["t"] == "Header":
        return _inline_text(block["c"][2])
    return ""


def _blocks(blocks: list[Any]) -> Iterator[tuple[str, Any]]:
    for block in blocks:
        kind = block["t"]
        if kind in ("Para", "Plain", "Header"):
            yield "p", _block_text(block)
        elif kind == "BulletList":
            for item in block["c"]:
                yield from _blocks(item)
        elif kind == "OrderedList":
            for item in block["c"][1]:
                yield from _blocks(item)
        elif kind in ("BlockQuote",):
            yield from _blocks(block["c"])
        elif kind == "Div":
            yield from _blocks(block["c"][1])
        elif kind == "Table":
            head, bodies = block["c"][3], block["c"][4]
            rows = [row[1] for row in head[1]]
            for body in bodies:
                rows.extend(row[1] for row in body[2])
                rows.extend(row[1] for row in body[3])
            yield "table", [[_cell_text(cell) for cell in row] for row in rows]


def pandoc_projection(pandoc: str, docx: Path, mode: str) -> list[tuple[str, Any]]:
    """Return pandoc's reading of ``docx`` with ``--track-changes=mode``: paragraph texts in
    document order (empty ones left out) and tables as lists of rows of cell texts."""
    result = run_tool(
        [pandoc, f"--track-changes={mode}", "-t", "json", str(docx)],
        capture_output=True,
    )
    document = json.loads(result.stdout)
    out: list[tuple[str, Any]] = []
    for kind, value in _blocks(document["blocks"]):
        if kind == "p" and not value:
            continue
        out.append((kind, [row for row in value if any(row)] if kind == "table" else value))
    return out


def draft_projection(plan: Plan) -> list[tuple[str, Any]]:
    """Return a draft in the shape of :func:`pandoc_projection` (KPI headers left out)."""
    out: list[tuple[str, Any]] = []
    for located in walk(plan):
        node = located.node
        if isinstance(node, Pillar | Field | Section):
            out.append(("p", node.heading))
        elif isinstance(node, Statement):
            out.append(("p", node.text))
        elif isinstance(node, KpiTable):
            out.append(
                (
                    "table",
                    [[row.indicator, row.baseline or "", row.target or ""] for row in node.rows],
                )
            )
    return out


def comparable(projection: list[tuple[str, Any]], labels: set[str]) -> list[tuple[str, Any]]:
    """Drop label paragraphs (【めざす姿】) and KPI header rows from a pandoc projection."""
    out: list[tuple[str, Any]] = []
    for kind, value in projection:
        if kind == "p" and value in labels:
            continue
        out.append((kind, [list(row) for row in value[1:]] if kind == "table" else value))
    return out


# --------------------------------------------------------------------------------------------
# Packages


def entries(docx: bytes) -> dict[str, bytes]:
    """Return the files of a package by name, in zip order."""
    with zipfile.ZipFile(io.BytesIO(docx)) as archive:
        return {info.filename: archive.read(info) for info in archive.infolist()}


def rezip(docx: bytes, changes: Mapping[str, bytes | None]) -> bytes:
    """Return ``docx`` with some files replaced (bytes) or removed (None)."""
    files = entries(docx)
    for name, data in changes.items():
        if data is None:
            files.pop(name, None)
        else:
            files[name] = data
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def with_body(docx: bytes, body_xml: str) -> bytes:
    """Return ``docx`` with the content of its ``w:body`` replaced by ``body_xml``.

    Used to exercise single OOXML constructs (moves, nested changes …) on a package that a
    real tool wrote; the XML snippet uses the ``w:`` prefix declared by the document.
    """
    document = entries(docx)["word/document.xml"].decode("utf-8")
    start = document.index("<w:body>") + len("<w:body>")
    end = document.index("</w:body>")
    return rezip(
        docx, {"word/document.xml": (document[:start] + body_xml + document[end:]).encode()}
    )
