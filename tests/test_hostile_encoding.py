"""Hostile text through every output: markup, control characters, zero-width and combining
characters, CRLF, a BOM inside a text, emoji, right-to-left marks.

Outputs stay valid (no character HTML or XML forbids, the YAML reads back exactly, pandoc and
LibreOffice open the Word files, openpyxl and LibreOffice the Excel file) and still show the text:
what a format cannot carry is shown visibly (␁, \\ufffe), never dropped.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from planrev.comparison import Comparison, compare
from planrev.model import Disposition, Opinion, OpinionSet
from planrev.model.build import field, initiative, kpi, kpi_row, pillar, plan
from planrev.render.outputs import render_outputs
from planrev.storage.documents import Document, dump_document, loads_document
from tests.docx_support import libreoffice_convert_all
from tests.tools import require_tool, run_tool

HOSTILE = (
    "制御\x01\x0b\x1f\x7f\ufffe字、幅ゼロ\u200b\u200d\ufeff、結合か\u3099e\u0301、"
    "改行\r\n次、絵文字😀、RTL\u200f、<script>alert(1)</script>{{ x }}~~|**【追加】"
)
"""Everything at once, inside one statement."""

PLAIN_PART = "結合か\u3099e\u0301"
"""A part every format must show exactly as written (combining characters kept, not composed)."""

_FORBIDDEN_IN_HTML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")


def _comparison() -> tuple[Comparison, OpinionSet]:
    old = plan(
        "計画",
        pillar(
            "p",
            "柱",
            field(
                "f",
                "分野",
                initiative("a", "前" + HOSTILE),
                initiative("b", "消える" + HOSTILE),
                kpi(
                    "k",
                    kpi_row("r", "指標" + HOSTILE, baseline="1", target="2"),
                    baseline_year=2023,
                    target_year=2028,
                ),
            ),
        ),
        meeting=1,
    )
    new = plan(
        "計画",
        pillar(
            "p",
            "柱",
            field(
                "f",
                "分野",
                initiative("a", "後" + HOSTILE),
                initiative("c", "新規" + HOSTILE),
                kpi(
                    "k",
                    kpi_row("r", "指標" + HOSTILE, baseline="1", target="3"),
                    baseline_year=2023,
                    target_year=2028,
                ),
            ),
        ),
        meeting=2,
    )
    opinions = OpinionSet(
        meeting=2,
        opinions=(
            Opinion(
                id="o1",
                text="意見" + HOSTILE,
                scope="f",
                disposition=Disposition.REFLECTED,
                response="考え方" + HOSTILE,
            ),
        ),
    )
    return compare(old, new, None, opinions), opinions


def test_yaml_keeps_hostile_text_exactly() -> None:
    comparison, opinions = _comparison()
    for model in (comparison.old, comparison.new, opinions):
        text = dump_document(model)
        assert loads_document(text) == model
        assert Document(model, text, None).dumps() == text


@pytest.fixture(scope="module")
def outputs() -> dict[str, str | bytes]:
    comparison, opinions = _comparison()
    formats = ("html", "md", "docx", "xlsx", "interactive")
    return {o.name: o.content for o in render_outputs(comparison, opinions, formats=formats)}


def test_html_outputs_hold_no_forbidden_character_and_show_the_text(
    outputs: dict[str, str | bytes],
) -> None:
    for name, content in outputs.items():
        if not name.endswith(".html"):
            continue
        assert isinstance(content, str)
        assert _FORBIDDEN_IN_HTML.search(content) is None, name
        assert "<script>alert(1)</script>" not in content, name
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in content or "\\u003cscript" in content
        assert PLAIN_PART in content, name
        assert "制御␁␋␟␡\\ufffe字" in content or name == "interactive.html", name


def test_markdown_keeps_the_text(outputs: dict[str, str | bytes]) -> None:
    redline = outputs["redline.md"]
    assert isinstance(redline, str)
    assert PLAIN_PART in redline
    # Control characters are shown, never written raw (an ESC would act on a terminal); the
    # redline's escaping reads them back exactly (planrev.render.markdown.unescape).
    assert "\x01" not in redline
    assert "制御␁␋␟␡\\ufffe字" in redline


def test_word_files_are_well_formed_and_show_the_text(outputs: dict[str, str | bytes]) -> None:
    from lxml import etree

    for name in ("redline.docx", "clean.docx", "table.docx"):
        content = outputs[name]
        assert isinstance(content, bytes)
        with zipfile.ZipFile(io.BytesIO(content)) as package:
            for part in package.namelist():
                if part.endswith(".xml"):
                    etree.fromstring(package.read(part))  # raises if not well-formed
            document = package.read("word/document.xml").decode("utf-8")
        assert PLAIN_PART in document, name
        assert "\\x01" in document, name


def test_excel_file_opens_and_shows_the_text(outputs: dict[str, str | bytes]) -> None:
    import openpyxl

    content = outputs["responses.xlsx"]
    assert isinstance(content, bytes)
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    cells = [str(cell.value) for row in workbook.active.iter_rows() for cell in row if cell.value]
    assert any(PLAIN_PART in cell and "␁" in cell for cell in cells)


@pytest.mark.tools
def test_pandoc_reads_the_word_redline(outputs: dict[str, str | bytes], tmp_path: Path) -> None:
    pandoc = require_tool("pandoc")
    path = tmp_path / "redline.docx"
    path.write_bytes(outputs["redline.docx"])  # type: ignore[arg-type]
    for mode in ("accept", "reject"):
        result = run_tool(
            [pandoc, f"--track-changes={mode}", "-t", "plain", "--wrap=none", str(path)],
            capture_output=True,
            text=True,
        )
        assert PLAIN_PART in result.stdout
        assert ("後" if mode == "accept" else "前") + "制御" in result.stdout


@pytest.mark.tools
def test_libreoffice_opens_the_word_and_excel_files(
    outputs: dict[str, str | bytes], tmp_path: Path
) -> None:
    soffice = require_tool("soffice")
    names = ("redline.docx", "responses.xlsx")
    for name in names:
        (tmp_path / name).write_bytes(outputs[name])  # type: ignore[arg-type]
    # One LibreOffice run converts both (it starts in seconds, each file takes a fraction).
    pdfs = libreoffice_convert_all(soffice, [tmp_path / name for name in names], tmp_path, "pdf")
    for name, pdf in zip(names, pdfs, strict=True):
        assert pdf.stat().st_size > 1000, name
