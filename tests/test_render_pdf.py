"""PDF handouts: A4 pages with the header on each, page numbers, the Japanese font embedded, the
seed's content in the text, and a clear error instead of a PDF of empty boxes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planrev.render import (
    comparison_table_html,
    handout_html,
    html_to_pdf,
    responses_html,
)
from planrev.render import fonts as fonts_module
from planrev.render.fonts import JapaneseFont
from planrev.views import build_comparison_table, build_handout, build_responses
from tests.render_support import HOSTILE, aomori, check_golden, hostile, seed_items, squeeze
from tests.tools import require_module, require_tool, run_tool

pytestmark = pytest.mark.tools

A4_POINTS = (595, 842)


def _pdfs(comparison, opinions) -> dict[str, bytes]:  # type: ignore[no-untyped-def]
    require_module("weasyprint")
    return {
        "redline": html_to_pdf(handout_html(build_handout(comparison, opinions))),
        "clean": html_to_pdf(handout_html(build_handout(comparison, opinions, mode="clean"))),
        "table": html_to_pdf(comparison_table_html(build_comparison_table(comparison, opinions))),
        "responses": html_to_pdf(responses_html(build_responses(comparison, opinions))),
    }


@pytest.fixture(scope="module")
def aomori_pdfs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    comparison, opinions = aomori()
    folder = tmp_path_factory.mktemp("pdf")
    paths = {}
    for name, data in _pdfs(comparison, opinions).items():
        path = folder / f"{name}.pdf"
        path.write_bytes(data)
        paths[name] = path
    return paths


def _text(path: Path, *options: str) -> str:
    pdftotext = require_tool("pdftotext")
    return run_tool(
        [pdftotext, *options, str(path), "-"],
        capture_output=True,
        text=True,
    ).stdout


def _pages(path: Path) -> list[str]:
    return _text(path).split("\f")[:-1]


@pytest.mark.parametrize("name", ["redline", "clean", "table", "responses"])
def test_aomori_golden_text(aomori_pdfs: dict[str, Path], name: str) -> None:
    check_golden("aomori", f"{name}.pdf.txt", _text(aomori_pdfs[name]))


def test_redline_pdf_prints_everything_the_seed_prints(aomori_pdfs: dict[str, Path]) -> None:
    text = squeeze(_text(aomori_pdfs["redline"]))
    seed = seed_items()
    for line in seed.lines:
        assert line in text, line
    # A table cell's lines and the next cell's interleave in the extracted text: read the opinions
    # with the box's labels (not the 【markers】 of the text) taken out.
    unlabelled = re.sub(r"(?<!【)(追加[①-⑳]?|修正|削除)(?![①-⑳】])", "", text)
    for opinion, label in seed.opinions:
        assert opinion in unlabelled, opinion
        assert label in text
    for marker in seed.markers:
        assert marker in text
    for note in seed.notes:
        assert squeeze(note) in text


@pytest.mark.parametrize("name", ["redline", "clean", "table", "responses"])
def test_every_page_has_the_header_and_its_number(aomori_pdfs: dict[str, Path], name: str) -> None:
    pages = _pages(aomori_pdfs[name])
    assert pages
    for number, page in enumerate(pages, start=1):
        lines = [line.strip() for line in page.splitlines() if line.strip()]
        assert lines[0] == "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会"
        assert lines[1] == "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)"
        assert f"{number}/{len(pages)}" in {squeeze(line) for line in lines}


def test_pages_are_a4(aomori_pdfs: dict[str, Path]) -> None:
    pdfinfo = require_tool("pdftotext").replace("pdftotext", "pdfinfo")
    for name, path in aomori_pdfs.items():
        info = run_tool([pdfinfo, str(path)], capture_output=True, text=True).stdout
        size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+) pts \(A4\)", info)
        assert size is not None, (name, info)
        width, height = round(float(size.group(1))), round(float(size.group(2)))
        expected = A4_POINTS[::-1] if name == "responses" else A4_POINTS
        assert (width, height) == expected, name


def test_fonts_are_embedded(aomori_pdfs: dict[str, Path]) -> None:
    pdffonts = require_tool("pdffonts")
    for name, path in aomori_pdfs.items():
        listing = run_tool([pdffonts, str(path)], capture_output=True, text=True).stdout
        rows = listing.splitlines()[2:]
        assert rows, name
        for row in rows:
            # name, type (may hold spaces), encoding, emb, sub, uni, object, generation
            assert re.search(r"\byes\s+(yes|no)\s+(yes|no)\s+\d+\s+\d+\s*$", row), (name, row)
        assert any("CJK" in row or "planrev-ja" in row or "Gothic" in row for row in rows)


def test_hostile_text_appears_literally(tmp_path: Path) -> None:
    comparison, opinions = hostile()
    for name, data in _pdfs(comparison, opinions).items():
        path = tmp_path / f"{name}.pdf"
        path.write_bytes(data)
        text = squeeze(_text(path))
        for literal in HOSTILE:
            assert squeeze(literal) in text, (name, literal)


def test_the_bundled_font_makes_a_pdf_without_system_fonts(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """On a machine without Japanese system fonts the font from PyPI is used, and embedded."""
    require_module("noto_cjk_sans_jp_regular")
    bundled = fonts_module._package_font()
    assert bundled is not None
    font = JapaneseFont(fonts_module.FAMILY, "package", bundled)
    comparison, opinions = aomori()
    require_module("weasyprint")
    path = tmp_path / "redline.pdf"
    path.write_bytes(html_to_pdf(handout_html(build_handout(comparison, opinions)), font=font))
    listing = run_tool([require_tool("pdffonts"), str(path)], capture_output=True, text=True).stdout
    assert "planrev-ja" in listing
    assert "自らが積極的にデジタル技術の導入を進め" in squeeze(_text(path))
