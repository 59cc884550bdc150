"""The PDF front-end's reading of printed redlines: where paragraphs end, tables that go on over
a page, underlines drawn in pieces, the text area, and the page's own ``~`` and ``<``.

Small PDFs are written by hand (:mod:`tests.pdf.minipdf`, Helvetica); the Japanese line-breaking
cases are laid-out lines built directly (Helvetica has no Japanese), read by :func:`emit`.
"""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

from planrev.importers.pdf import pdf_to_marked, read_pdf
from planrev.importers.pdf.emit import emit
from planrev.importers.pdf.layout import TextItem
from planrev.importers.pdf.page import Glyph, Page, _glyph
from tests.pdf.minipdf import Page as PdfPage
from tests.pdf.minipdf import width, write_pdf

# --------------------------------------------------------------------------------------------
# The page's own characters


def test_the_pages_own_tilde_and_angle_bracket_are_text(tmp_path: Path) -> None:
    page = PdfPage().text(72, 100, "Pillar", size=16, bold=True)
    page.text(72, 130, "a~~b~~ <u>c</u> ~ <")
    path = write_pdf(tmp_path / "h.pdf", [page])
    marked = pdf_to_marked(path)
    assert "a\\~\\~b\\~\\~ \\<u>c\\</u> \\~ \\<" in marked.text
    result = read_pdf(path, meeting=3, title="Plan")
    (pillar,) = result.imported.new.pillars
    assert [b.text for b in pillar.blocks] == ["a~~b~~ <u>c</u> ~ <"]  # type: ignore[union-attr]
    assert result.imported.warnings == ()


def test_a_character_mapped_to_a_control_character_is_not_read() -> None:
    page = Page(1, 595.0, 842.0)

    def char(text: str) -> SimpleNamespace:
        return SimpleNamespace(
            matrix=(10, 0, 0, 10, 72, 700),
            get_text=lambda: text,
            fontname="Helvetica",
            x0=72,
            x1=78,
            y0=698,
            y1=708,
            size=10,
            graphicstate=SimpleNamespace(ncolor=0),
        )

    for text in ("a", "\n", "\t", "\u2028", "b"):
        _glyph(page, char(text))
    assert [g.text for g in page.glyphs] == ["a", "b"]
    assert page.unreadable == 3


# --------------------------------------------------------------------------------------------
# Where a paragraph ends


def test_a_line_that_leaves_room_for_the_next_word_ends_its_paragraph(tmp_path: Path) -> None:
    page = PdfPage().text(72, 300, "x" * 60)  # the text area: 300 pt wide
    page.text(72, 100, "x" * 57).text(72, 112, "a word")  # 15 pt short; "a " is 8
    page.text(72, 140, "x" * 57).text(72, 152, "wrapped")  # 15 pt short; "wrapped " is 37
    lines = pdf_to_marked(write_pdf(tmp_path / "p.pdf", [page])).text.split("\n")
    assert "x" * 57 in lines
    assert "a word" in lines
    assert "x" * 57 + "wrapped" in lines


def test_a_page_without_body_text_leaves_the_text_area_as_it_is(tmp_path: Path) -> None:
    first = PdfPage().text(72, 100, "w" * 40).text(72, 112, "goes on here.")
    first.text(72, 140, "w" * 40)
    second = PdfPage().text(290, 820, "2")  # a page number alone (a blank page)
    lines = pdf_to_marked(write_pdf(tmp_path / "p.pdf", [first, second])).text.split("\n")
    assert "w" * 40 + "goes on here." in lines


def test_punctuation_hanging_past_the_margin_is_not_the_margin(tmp_path: Path) -> None:
    page = PdfPage().text(72, 100, "w" * 40).text(72, 112, "goes on here")
    page.text(72, 140, "w" * 40 + "." * 12)  # full stops hanging past the last character
    lines = pdf_to_marked(write_pdf(tmp_path / "p.pdf", [page])).text.split("\n")
    assert "w" * 40 + "goes on here" in lines


def _line(
    text: str, number: int, *, top: float, page: int = 1, short: float | None = None
) -> TextItem:
    """Return a laid-out line of ``text`` (10 pt, CJK one em wide, Latin 0.55 em) ending
    ``short`` em before the right edge of its column (None: a column 250 pt wide)."""
    glyphs = []
    x = 50.0
    for char in text:
        advance = 5.5 if char.isascii() else 10.0
        glyphs.append(Glyph(char, x, x + advance, top, top + 10, top + 8.8, 10.0, False, (0, 0, 0)))
        x += advance
    right = 300.0 if short is None else x + short * 10
    return TextItem([glyphs], page, right=right, left=50.0, line=number, page_wide=True)


def _paragraphs(*lines: TextItem) -> list[str]:
    return [line for line in emit(list(lines)).lines if line]


def test_a_japanese_line_short_of_a_character_that_may_not_start_a_line_goes_on() -> None:
    # る。 cannot be split: the line breaker left 1.5 em where 2 were needed.
    first = _line("取組を進め", 1, top=100, short=1.5)
    assert _paragraphs(first, _line("る。", 2, top=115)) == ["取組を進める。"]
    # A character that would have fitted (1 em in 2): the paragraph had ended.
    first = _line("取組を進める。", 1, top=100, short=2.0)
    assert _paragraphs(first, _line("防災の取組", 2, top=115)) == ["取組を進める。", "防災の取組"]


def _wrapped_pairs(short: float, count: int = 25) -> list[TextItem]:
    """Return ``count`` paragraphs of two lines, the first ``short`` em short of the margin."""
    lines = []
    for n in range(count):
        lines.append(_line("計画の取組を進める", 2 * n + 1, top=100 + 30 * n, short=short))
        lines.append(_line("ことができる。", 2 * n + 2, top=115 + 30 * n))
    return lines


def test_a_producer_that_sets_wrapped_lines_flush_ends_a_paragraph_at_a_short_line() -> None:
    # Justified text: every wrapped line ends at the margin. A line 1.9 em short before a number
    # that is 2.2 em wide ended its paragraph: the producer would have stretched a wrapped one.
    last = _line("移した取組。※移動", 100, top=900, short=1.9)
    following = _line("2030年度までに", 101, top=915)
    flush = _paragraphs(*_wrapped_pairs(0.0), last, following)
    assert flush[-2:] == ["移した取組。※移動", "2030年度までに"]
    # Ragged text (WeasyPrint): the same two lines read as one wrapped paragraph.
    ragged = _paragraphs(*_wrapped_pairs(1.2), last, following)
    assert ragged[-1] == "移した取組。※移動2030年度までに"


# --------------------------------------------------------------------------------------------
# Tables and underlines


def _table(page: PdfPage, rows: list[tuple[str, str, str]], top: float) -> PdfPage:
    bottom = top + 15 * len(rows)
    for n in range(len(rows) + 1):
        page.line(70, top + 15 * n, 400, top + 15 * n)
    for x in (70, 300, 350, 400):
        page.line(x, top, x, bottom)
    for n, (first, second, third) in enumerate(rows):
        baseline = top + 15 * n + 11
        page.text(75, baseline, first).text(305, baseline, second).text(355, baseline, third)
    return page


def test_a_table_that_goes_on_over_the_page_is_one_table(tmp_path: Path) -> None:
    first = _table(PdfPage(), [("KPI", "2023", "2028"), ("rate", "10", "20")], 700)
    second = _table(PdfPage(), [("KPI", "2023", "2028"), ("share", "30", "40")], 80)
    marked = pdf_to_marked(write_pdf(tmp_path / "t.pdf", [first, second]))
    # The heading row the next page repeats is read once; the rows are one table.
    assert marked.text == "KPI\t2023\t2028\nrate\t10\t20\nshare\t30\t40\n"
    assert [(o.page, o.line) for o in marked.origins] == [(1, 1), (1, 2), (2, 2)]


def test_tables_with_other_columns_on_the_next_page_stay_apart(tmp_path: Path) -> None:
    first = _table(PdfPage(), [("KPI", "2023", "2028"), ("rate", "10", "20")], 700)
    second = PdfPage()
    for top in (80, 95):
        second.line(70, top, 200, top)
    for x in (70, 200):
        second.line(x, 80, x, 95)
    second.line(130, 80, 130, 95).text(75, 91, "other").text(135, 91, "table")
    marked = pdf_to_marked(write_pdf(tmp_path / "t.pdf", [first, second]))
    assert marked.text == "KPI\t2023\t2028\nrate\t10\t20\n\nother\ttable\n"


def test_underline_pieces_a_fraction_of_a_point_apart_are_one_underline(tmp_path: Path) -> None:
    page = PdfPage().text(72, 100, "keep added words keep")
    start = 72 + width("keep ")
    middle = start + width("added ")
    end = start + width("added words")
    # Drawn per run at its font's height: the second piece 0.2 pt higher than the first.
    page.line(middle - 1, 100.74, end, 100.74).line(start, 100.96, middle, 100.96)
    assert pdf_to_marked(write_pdf(tmp_path / "u.pdf", [page])).text == (
        "keep <u>added words</u> keep\n"
    )
