"""The printed handout's layout (issue 15): parts flow one after another, headings stay with their
first lines, opinion boxes are never split, the R5.7.26 excerpt fits in as many A4 pages as the
original, and the options secretariats differ on (opinion numbers, legend, structure overview,
page breaks) work in the HTML, the PDF and the Word document."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest
from lxml import etree

from planrev.render import handout_html, html_to_pdf
from planrev.views import HandoutOptions, build_handout
from planrev.word.ooxml import W_NS
from planrev.word.writer import redline_docx
from tests.docx_support import parts
from tests.render_support import aomori, squeeze
from tests.tools import require_module, require_tool, run_tool

MM = 72 / 25.4
"""Points per millimetre."""
TOP, BOTTOM = 24 * MM, 18 * MM
"""The page margins of handout.css (@page): the header sits above, the page number below."""
XHTML = "{http://www.w3.org/1999/xhtml}"


@dataclass(frozen=True)
class Page:
    """One page of a PDF as pdftotext sees it: its size and its lines of body text."""

    height: float
    lines: tuple[tuple[float, float, str], ...]
    """(top, bottom, text) of each line between the margins, top to bottom."""

    @property
    def fill(self) -> float:
        """Return how much of the text area the body text reaches down to (0 to 1)."""
        bottom = max((line[1] for line in self.lines), default=TOP)
        return (bottom - TOP) / (self.height - TOP - BOTTOM)


def _pages(pdf: bytes, folder: Path) -> list[Page]:
    path = folder / "handout.pdf"
    path.write_bytes(pdf)
    layout = run_tool(
        [require_tool("pdftotext"), "-bbox-layout", str(path), "-"],
        capture_output=True,
    ).stdout
    root = etree.fromstring(layout)
    pages = []
    for page in root.iter(f"{XHTML}page"):
        height = float(page.get("height", "0"))
        lines = []
        for line in page.iter(f"{XHTML}line"):
            top, bottom = float(line.get("yMin", "0")), float(line.get("yMax", "0"))
            if top >= TOP - 2 and bottom <= height - BOTTOM + 2:
                words = "".join(word.text or "" for word in line.iter(f"{XHTML}word"))
                lines.append((top, bottom, words))
        pages.append(Page(height, tuple(sorted(lines))))
    return pages


def _redline_pdf(options: HandoutOptions | None = None) -> bytes:
    require_module("weasyprint")
    comparison, opinions = aomori()
    return html_to_pdf(handout_html(build_handout(comparison, opinions, options=options)))


@pytest.mark.tools
def test_the_seed_excerpt_fits_five_pages_none_less_than_a_third_full(tmp_path: Path) -> None:
    pages = _pages(_redline_pdf(), tmp_path)
    assert 1 <= len(pages) <= 5
    for number, page in enumerate(pages[:-1], start=1):
        assert page.fill >= 1 / 3, (number, page.fill)
    # Parts flow: the first pillar starts on the first page, under the structure overview.
    first = " ".join(text for _, _, text in pages[0].lines)
    assert "体系" in first
    assert "「行政経営」を支えるDX" in first


@pytest.mark.tools
def test_headings_stay_with_their_first_lines_and_boxes_are_whole(tmp_path: Path) -> None:
    pages = _pages(_redline_pdf(), tmp_path)
    comparison, opinions = aomori()
    view = build_handout(comparison, opinions)
    titles = set()
    for node in view.nodes:
        stack = [node]
        while stack:
            current = stack.pop()
            titles.add(squeeze("".join(p.text for p in current.title)))
            stack.extend(current.children)
    for number, page in enumerate(pages, start=1):
        last = squeeze(page.lines[-1][2]) if page.lines else ""
        assert last not in titles, (number, last)  # a heading never ends a page
    # Every opinion box prints its title and all its rows on one page.
    boxes = [node.box for node in _walk(view.nodes) if node.box is not None and node.box.rows]
    assert boxes
    for box in boxes:
        first_row = squeeze(box.rows[0].text)[:12]
        last_row = squeeze(box.rows[-1].text)[:12]
        holding = [
            number
            for number, page in enumerate(pages)
            if first_row in squeeze("".join(text for _, _, text in page.lines))
        ]
        assert len(holding) == 1, box.title
        text = squeeze("".join(line[2] for line in pages[holding[0]].lines))
        assert last_row in text


def _walk(nodes):  # type: ignore[no-untyped-def]
    for node in nodes:
        yield node
        yield from _walk(node.children)


@pytest.mark.tools
@pytest.mark.parametrize("breaks", ["pillar", "field"])
def test_page_breaks_before_pillars_or_fields_when_asked(tmp_path: Path, breaks: str) -> None:
    pages = _pages(_redline_pdf(HandoutOptions(page_breaks=breaks)), tmp_path)  # type: ignore[arg-type]
    starts = [squeeze(page.lines[0][2]) for page in pages if page.lines]
    assert "「行政経営」を支えるDX" in starts
    assert "各分野を支える基盤整備" in starts
    if breaks == "field":
        # The first field follows its pillar's heading; the next ones start pages of their own.
        assert "データの利活用" in starts
        assert "デジタル人材" not in starts
    else:
        assert "データの利活用" not in starts
    assert len(pages) > len(_pages(_redline_pdf(), tmp_path))


def test_html_leaves_out_what_the_options_leave_out() -> None:
    comparison, opinions = aomori()
    full = handout_html(build_handout(comparison, opinions))
    assert '<div class="legend">' in full
    assert '<div class="structure">' in full
    assert '<td class="number">1</td>' in full
    assert 'class="handout redline"' in full
    bare = handout_html(
        build_handout(
            comparison,
            opinions,
            options=HandoutOptions(
                opinion_numbers=False, legend=False, structure=False, page_breaks="field"
            ),
        )
    )
    assert '<div class="legend">' not in bare
    assert '<div class="structure">' not in bare
    assert '<td class="number">' not in bare
    assert 'class="handout redline breaks-field"' in bare
    assert "空いた時間で丁寧に対応できる体制は？" in bare


def test_word_follows_the_options() -> None:
    comparison, opinions = aomori()

    def document(options: HandoutOptions) -> etree._Element:
        data = redline_docx(build_handout(comparison, opinions, options=options))
        return etree.fromstring(parts(data)["word/document.xml"])

    def texts(root: etree._Element) -> str:
        return "".join(node.text or "" for node in root.iter(f"{{{W_NS}}}t"))

    plain = document(HandoutOptions())
    assert "意見1" in texts(plain)
    assert not list(plain.iter(f"{{{W_NS}}}pageBreakBefore"))
    bare = document(HandoutOptions(opinion_numbers=False, page_breaks="pillar"))
    assert "意見1" not in texts(bare)
    assert len(list(bare.iter(f"{{{W_NS}}}pageBreakBefore"))) == 2  # the two pillars shown
    fields = document(HandoutOptions(page_breaks="field"))
    broken = [
        "".join(t.text or "" for t in mark.getparent().getparent().iter(f"{{{W_NS}}}t"))
        for mark in fields.iter(f"{{{W_NS}}}pageBreakBefore")
    ]
    # Every pillar, and every field but the first of its pillar (which follows its heading).
    assert broken == [
        "「行政経営」を支えるDX",
        "各分野を支える基盤整備",
        "データの利活用",
        "誰でも安全・安心に使えるデジタル",
        "デジタル基盤の整備",
    ]
