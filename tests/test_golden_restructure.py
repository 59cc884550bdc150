"""Golden outputs of a restructured pair (a move, a move with edits, a split, a merge and a
renumbering) in every output format: HTML, Markdown, PDF text, Word and the 新旧対照表.

Update with ``PLANREV_UPDATE_GOLDEN=1`` and review the diff (and the PNGs of
``docs/images/make.sh``-style renders) before committing.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planrev.comparison import Comparison
from planrev.model import ChangeKind
from planrev.render import (
    comparison_table_html,
    comparison_table_markdown,
    handout_html,
    handout_markdown,
)
from planrev.views import build_comparison_table, build_handout
from planrev.word.writer import comparison_table_docx, redline_docx, tracked_docx
from tests.docx_support import parts, pretty_xml
from tests.render_support import check_golden
from tests.restructure_case import restructure_comparison, section_move_comparison
from tests.tools import require_module, require_tool, run_tool

CASE = "restructure"
CASES = {"restructure": restructure_comparison, "restructure_section": section_move_comparison}
"""Each golden case: a move, a move with edits, a split, a merge and a renumbering; a section,
a note, a footnote, a KPI table and a KPI row moved."""


def _texts(case: str = CASE) -> dict[str, str]:
    comparison: Comparison = CASES[case]()
    redline = build_handout(comparison, move_origins=True)
    table = build_comparison_table(comparison)
    return {
        "redline.html": handout_html(redline),
        "clean.html": handout_html(build_handout(comparison, mode="clean")),
        "table.html": comparison_table_html(table),
        "redline.md": handout_markdown(redline),
        "table.md": comparison_table_markdown(table),
    }


def test_the_case_has_every_restructuring() -> None:
    comparison = restructure_comparison()
    kinds = [change.kind for change in comparison.changes]
    assert kinds == [
        ChangeKind.ADD,
        ChangeKind.SPLIT,
        ChangeKind.MERGE,
        ChangeKind.MOVE,
        ChangeKind.MODIFY,
    ]
    assert [r.new_number for r in comparison.renumbered] == ["（2）", "（3）"]


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(
    "name", ["redline.html", "clean.html", "table.html", "redline.md", "table.md"]
)
def test_golden_text(case: str, name: str) -> None:
    check_golden(case, name, _texts(case)[name])


def test_markdown_shows_every_restructuring() -> None:
    redline = _texts()["redline.md"]
    assert "【分割】" in redline
    assert "【統合】" in redline
    assert "（第1章第2節（1）へ移動）" in redline  # where the moved statements stood
    assert "※移動（第1章第1節（1）から）" in redline  # where they went: the old draft's number
    assert "### （2）地域交通の確保" in redline
    table = _texts()["table.md"]
    assert "番号の変更" in table


@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize(
    ("name", "write"),
    [("redline", "redline"), ("table", "table"), ("tracked", "tracked")],
)
def test_golden_word(case: str, name: str, write: str) -> None:
    comparison = CASES[case]()
    if write == "table":
        docx = comparison_table_docx(build_comparison_table(comparison))
    elif write == "tracked":
        docx = tracked_docx(build_handout(comparison, move_origins=True))
    else:
        docx = redline_docx(build_handout(comparison, move_origins=True))
    check_golden(case, f"{name}.document.xml", pretty_xml(parts(docx)["word/document.xml"]))


@pytest.mark.tools
@pytest.mark.parametrize("case", CASES)
@pytest.mark.parametrize("name", ["redline", "table"])
def test_golden_pdf_text(case: str, name: str, tmp_path: Path) -> None:
    require_module("weasyprint")
    from planrev.render import html_to_pdf

    pdf = tmp_path / f"{name}.pdf"
    pdf.write_bytes(html_to_pdf(_texts(case)[f"{name}.html"]))
    text = run_tool([require_tool("pdftotext"), "-layout", str(pdf), "-"], text=True).stdout
    check_golden(case, f"{name}.pdf.txt", text)
    if os.environ.get("PLANREV_RENDER_PNG"):
        out = Path(os.environ["PLANREV_RENDER_PNG"]) / f"{case}-{name}"
        run_tool([require_tool("pdftoppm"), "-png", "-r", "70", str(pdf), str(out)])


def test_the_rendered_files_show_a_move_at_both_ends() -> None:
    from planrev.importers import import_marked
    from planrev.model import Statement, walk
    from planrev.render.outputs import render_outputs

    outputs = {
        (o.document, o.format, o.variant): o.content
        for o in render_outputs(
            restructure_comparison(), None, documents=("redline",), formats=("html", "md")
        )
    }
    for form in ("html", "md"):
        text = outputs[("redline", form, "")]
        assert isinstance(text, str)
        assert "（第1章第2節（1）へ移動）" in text  # where the moved statements stood
        assert "※移動（第1章第1節（1）から）" in text  # where they went
    markdown = outputs[("redline", "md", "")]
    assert isinstance(markdown, str)
    # planrev import marked reads where they stood as neither draft's text, and says so.
    read = import_marked(markdown, meeting=2, old_meeting=1)
    assert [w.code for w in read.warnings].count("move-source") == 2
    texts = [
        located.node.text or ""
        for plan in (read.old, read.new)
        for located in walk(plan)
        if isinstance(located.node, Statement)
    ]
    assert not any("へ移動）" in text for text in texts)


def test_the_tracked_word_document_reads_back_the_moves_at_both_ends() -> None:
    from planrev.model import Statement, walk
    from planrev.word import import_word
    from tests.restructure_case import EDITED, MOVED

    comparison = restructure_comparison()
    read = import_word(tracked_docx(build_handout(comparison, move_origins=True)))

    def texts(plan: object) -> list[str]:
        return [
            located.node.text or ""
            for located in walk(plan)  # type: ignore[arg-type]
            if isinstance(located.node, Statement)
        ]

    old, new = texts(read.old), texts(read.new)
    assert old.index(MOVED) < old.index(EDITED) < len(old) - 1  # where they stood
    assert new[-2:] == [MOVED, EDITED.replace("進める", "一層進める")]  # where they went
    assert not any("【" in text or "へ移動）" in text for text in old + new)


def test_the_printed_word_redline_reads_back_without_the_new_markers_and_notes() -> None:
    from planrev.model import Statement, walk
    from planrev.word import import_word

    read = import_word(redline_docx(build_handout(restructure_comparison(), move_origins=True)))
    texts = [
        located.node.text or ""
        for plan in (read.old, read.new)
        for located in walk(plan)
        if isinstance(located.node, Statement)
    ]
    assert texts
    for marker in ("【分割】", "【統合】", "【移動】", "へ移動）"):
        assert not any(marker in text for text in texts), marker
