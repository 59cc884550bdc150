"""LibreOffice as an independent renderer: each DOCX converts to PDF (headless, a profile of its
own per run), the PDF's text has what the document says, Japanese is set in a Japanese font, and
the first page renders to PNG.

The PNGs were looked at when this was written (the 見え消し版: markers, insertions underlined,
deletions struck through, notes, opinion boxes, legend; the tracked document: LibreOffice's own
colours for the tracked changes, no markers; KPI tables; the 新旧対照表's 傍線); the ones in
``docs/images/docx-*.png`` are refreshed with ``PLANREV_UPDATE_GOLDEN=1`` — look at them again
then.

Needs LibreOffice and poppler (pdftotext, pdftoppm, pdffonts): skipped without them, failing
instead under ``PLANREV_REQUIRE_TOOLS=1``.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from planrev.views import build_comparison_table, build_handout
from planrev.word.writer import clean_docx, comparison_table_docx, redline_docx, tracked_docx
from tests.conftest import ROOT
from tests.docx_support import (
    Case,
    aomori_case,
    features_case,
    first_page_png,
    libreoffice_convert_all,
)
from tests.tools import require_tool, run_tool

pytestmark = pytest.mark.tools

IMAGES = ROOT / "docs" / "images"
"""Where the documentation keeps one rendered first page per document kind."""


def _redline(case: Case) -> bytes:
    return redline_docx(build_handout(case.comparison, case.opinions))


def _tracked(case: Case) -> bytes:
    return tracked_docx(build_handout(case.comparison, case.opinions, move_origins=True))


def _clean(case: Case) -> bytes:
    return clean_docx(build_handout(case.comparison, case.opinions, mode="clean"))


def _table(case: Case) -> bytes:
    return comparison_table_docx(build_comparison_table(case.comparison, case.opinions))


Writer = Callable[[Case], bytes]

KINDS: dict[str, tuple[Writer, Callable[[], Case], list[str], list[str]]] = {
    # kind: (writer, case, texts the PDF has, texts it must not have)
    "redline": (
        _redline,
        features_case,
        [
            "【追加①】",
            "【削除①】",
            "窓口の混雑の解消",
            "デジタル窓口の設置",
            "★意見",
            "意見2",
            "取消線",
        ],
        [],
    ),
    "tracked": (
        _tracked,
        features_case,
        ["窓口の混雑の解消", "デジタル窓口の設置", "快適に", "廃止する柱"],
        ["【追加", "【削除", "★意見", "※デジタル窓口に統合"],
    ),
    "clean": (
        _clean,
        aomori_case,
        ["(仮称)青森県DX推進プラン", "行政経営分野", "限られたデジタル人材"],
        ["【追加", "★意見", "リモートワーク拠点"],
    ),
    "table": (
        _table,
        features_case,
        ["新旧対照表", "改正後", "改正前", "備考", "窓口の混雑の解消", "（新設）"],
        [],
    ),
}


def _text(pdf: Path) -> str:
    output = run_tool(
        [require_tool("pdftotext"), "-layout", str(pdf), "-"], what="pdftotext"
    ).stdout
    return "".join(output.decode("utf-8").split())


@pytest.fixture(scope="module")
def pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Every kind of Word document, converted to PDF in one LibreOffice run."""
    soffice = require_tool("soffice")
    folder = tmp_path_factory.mktemp("docx-pdf")
    sources = []
    for kind, (writer, make_case, _, _) in KINDS.items():
        docx = folder / f"docx-{kind}.docx"
        docx.write_bytes(writer(make_case()))
        sources.append(docx)
    converted = libreoffice_convert_all(soffice, sources, folder, "pdf")
    return dict(zip(KINDS, converted, strict=True))


@pytest.mark.parametrize("kind", list(KINDS))
def test_libreoffice_renders(kind: str, pdfs: dict[str, Path], tmp_path: Path) -> None:
    pdftoppm = require_tool("pdftoppm")
    pdffonts = require_tool("pdffonts")
    _, _, present, absent = KINDS[kind]
    pdf = pdfs[kind]
    assert pdf.exists()
    text = _text(pdf)
    for expected in present:
        assert "".join(expected.split()) in text, expected
    for unexpected in absent:
        assert unexpected not in text, unexpected
    fonts = run_tool([pdffonts, str(pdf)], what="pdffonts").stdout.decode()
    assert any(name in fonts for name in ("CJK", "IPA", "Mincho", "Gothic")), fonts
    png = first_page_png(pdftoppm, pdf, tmp_path / f"docx-{kind}.png")
    assert png.stat().st_size > 10_000
    if os.environ.get("PLANREV_UPDATE_GOLDEN") == "1":
        IMAGES.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(png, IMAGES / png.name)
