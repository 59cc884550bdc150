"""The PDF front-end on small PDFs written by hand (tests/pdf/minipdf.py): decorations, reading
order, tables, page furniture, what it reports, and the errors it stops with.

Helvetica at 10 pt: a character's box reaches 7.93 pt above the baseline and 2.07 pt below, so a
line 3 pt above the baseline strikes it and one 1 pt below underlines it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from planrev.errors import LoadError
from planrev.importers.pdf import MarkedText, pdf_to_marked, read_pdf
from planrev.importers.pdf.codepoints import repair
from tests.pdf.minipdf import Page, width, write_pdf

HEADER_1 = "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会"


def _marked(tmp_path: Path, *pages: Page) -> MarkedText:
    return pdf_to_marked(write_pdf(tmp_path / "test.pdf", list(pages)))


def _codes(marked: MarkedText) -> list[str]:
    return [finding.code for finding in marked.findings]


# --------------------------------------------------------------------------------------------
# Strike-through and underline


def test_line_through_the_middle_strikes_and_line_at_the_baseline_underlines(
    tmp_path: Path,
) -> None:
    page = Page().text(72, 100, "keep gone keep new keep")
    gone = 72 + width("keep ")
    new = 72 + width("keep gone keep ")
    page.line(gone, 97, gone + width("gone"), 97)
    page.line(new, 101, new + width("new"), 101)
    marked = _marked(tmp_path, page)
    assert marked.text == "keep ~~gone~~ keep <u>new</u> keep\n"
    assert marked.findings == ()


def test_underline_drawn_as_a_thin_rectangle_and_split_at_each_character(tmp_path: Path) -> None:
    page = Page().text(72, 100, "abc def")
    page.rect(72, 100.5, 72 + width("abc"), 101.2, fill=(0.75, 0, 0))  # one thin rectangle
    x = 72 + width("abc ")
    for char in "def":  # one piece per character, with a hairline gap
        page.line(x, 97, x + width(char) - 0.2, 97)
        x += width(char)
    assert _marked(tmp_path, page).text == "<u>abc</u> ~~def~~\n"


def test_dotted_line_of_many_pieces_is_one_line(tmp_path: Path) -> None:
    page = Page().text(72, 100, "dotted")
    x = 72.0
    while x < 72 + 30:
        page.rect(x, 96.6, x + 0.7, 97.3, fill=(0, 0, 0))
        x += 1.5
    assert _marked(tmp_path, page).text.startswith("~~dotted")


def test_wavy_underline_drawn_as_curves_underlines(tmp_path: Path) -> None:
    page = (
        Page().text(72, 100, "plain wavy").wave(72 + width("plain "), 72 + width("plain wavy"), 101)
    )
    assert _marked(tmp_path, page).text == "plain <u>wavy</u>\n"


def test_double_line_is_one_strike(tmp_path: Path) -> None:
    page = Page().text(72, 100, "double")
    page.line(72, 96, 72 + width("double"), 96).line(72, 98, 72 + width("double"), 98)
    marked = _marked(tmp_path, page)
    assert marked.text == "~~double~~\n"


def test_line_over_part_of_a_character_is_reported_with_page_and_line(tmp_path: Path) -> None:
    page = Page().text(72, 100, "partial")
    page.line(72, 97, 72 + width("p") + 2.0, 97)  # "p" and a third of "a"
    marked = _marked(tmp_path, page)
    assert marked.text == "~~p~~artial\n"
    finding = marked.findings[0]
    assert finding.code == "partial-line"
    assert finding.location is not None
    assert (finding.location.page, finding.location.line) == (1, 1)
    assert "「a」" in finding.message.ja


def test_rule_far_longer_than_the_text_is_not_an_underline(tmp_path: Path) -> None:
    page = Page().text(72, 100, "Heading", size=12, bold=True).line(70, 101.5, 520, 101.5)
    page.text(72, 130, "body text that is long enough to be the body")
    marked = _marked(tmp_path, page)
    assert "<u>" not in marked.text
    assert marked.findings == ()


def test_table_border_where_an_underline_would_be_is_reported_not_underlined(
    tmp_path: Path,
) -> None:
    page = Page()
    page.rect(70, 88, 110, 101, stroke=True).rect(110, 88, 150, 101, stroke=True)
    page.text(72, 100.5, "cella").text(112, 100.5, "cellb")
    marked = _marked(tmp_path, page)
    assert marked.text == "cella\tcellb\n"
    assert "underline-or-border" in _codes(marked)


# --------------------------------------------------------------------------------------------
# Reading order and tables


def test_wrapped_paragraph_is_joined_and_a_short_line_ends_it(tmp_path: Path) -> None:
    page = Page()
    words = "word " * 80
    page.text(72, 100, words[:95].rstrip()).text(72, 112, "end of it.")
    page.text(72, 140, "next paragraph")
    page.text(72, 300, "x" * 95)  # the longest line sets the right edge of the text
    marked = _marked(tmp_path, page)
    lines = marked.text.splitlines()
    assert lines[0] == words[:95].rstrip() + "end of it."
    assert lines[2] == "next paragraph"
    assert len(marked.origins) == len(lines)
    assert [(o.page, o.line) for o in marked.origins[:3]] == [(1, 1), (1, 1), (1, 3)]


def test_two_columns_are_read_left_then_right_and_a_broken_paragraph_is_joined(
    tmp_path: Path,
) -> None:
    page = Page().text(72, 60, "Title of the page", size=14, bold=True)
    for row in range(6):
        page.text(72, 100 + 13 * row, f"left{row} " + "l" * 50)
        page.text(320, 104 + 13 * row, f"right{row} " + "r" * 40)
    page.text(72, 300, "after the columns")
    lines = [line for line in _marked(tmp_path, page).text.splitlines() if line]
    assert lines[0] == "# Title of the page"
    # The left column's last line is full: its paragraph goes on at the top of the right column.
    assert lines[1] == "".join(f"left{n} {'l' * 50}" for n in range(6)) + "".join(
        f"right{n} {'r' * 40}" for n in range(6)
    )
    assert lines[2] == "after the columns"


def test_ruled_table_rows_become_tab_separated_without_numbers_and_empty_rows(
    tmp_path: Path,
) -> None:
    page = Page()
    for top in (100, 115, 130, 145):
        page.line(70, top, 300, top)
    for x in (70, 90, 250, 300):
        page.line(x, 100, x, 145)
    page.text(75, 111, "1").text(95, 111, "first opinion").text(255, 111, "label")
    page.text(75, 126, "2").text(95, 126, "second opinion")
    marked = _marked(tmp_path, page)
    assert marked.text == "first opinion\tlabel\nsecond opinion\t\n"
    assert [o.line for o in marked.origins] == [1, 2]


def test_ruled_table_heading_cell_spanning_two_columns_stays_one_cell(tmp_path: Path) -> None:
    page = Page()
    for top in (100, 115, 130, 145):
        page.line(70, top, 400, top)
    for x in (70, 300, 350, 400):
        page.line(x, 100, x, 145)
    page.line(250, 115, 250, 145)
    page.text(75, 111, "KPI").text(305, 111, "2023").text(355, 111, "2028")
    assert _marked(tmp_path, page).text == "KPI\t2023\t2028\n"
    # With indicators, the unheaded column under KPI is their unit: last, headed 単位.
    page.text(75, 126, "rate").text(255, 126, "%").text(305, 126, "10").text(355, 126, "20")
    assert _marked(tmp_path, page).text == "KPI\t2023\t2028\t単位\nrate\t10\t20\t%\n"


def test_row_without_rules_continues_a_wrapped_cell(tmp_path: Path) -> None:
    page = Page()
    page.text(72, 100, "1").text(100, 100, "an opinion that wraps").text(300, 100, "label")
    page.text(100, 111, "onto a second line")
    page.text(72, 122, "2").text(100, 122, "another opinion")
    assert _marked(tmp_path, page).text == (
        "an opinion that wrapsonto a second line\tlabel\nanother opinion\t\n"
    )


def test_chips_each_in_a_frame_of_their_own_are_separate_lines(tmp_path: Path) -> None:
    page = Page()
    for x, word in ((70, "alpha"), (140, "beta"), (210, "gamma")):
        page.rect(x, 90, x + 50, 104, stroke=True).text(x + 4, 100, word)
    assert _marked(tmp_path, page).text == "alpha\n\nbeta\n\ngamma\n"


def test_headings_take_their_level_from_their_size(tmp_path: Path) -> None:
    page = Page().text(72, 60, "Pillar", size=16, bold=True)
    page.text(72, 90, "Field", size=13, bold=True).text(72, 120, "Section", size=11, bold=True)
    page.text(72, 150, "Opinions", bold=True).text(72, 170, "body text")
    page.text(72, 190, "more body text").text(72, 210, "Red emphasis", bold=True, colour=(1, 0, 0))
    lines = [line for line in _marked(tmp_path, page).text.splitlines() if line]
    assert lines == [
        "# Pillar",
        "## Field",
        "### Section",
        "#### Opinions",
        "body text",
        "more body text",
        "Red emphasis",
    ]


def test_a_page_of_a_thousand_lines_is_read_in_order(tmp_path: Path) -> None:
    page = Page()
    for row in range(1000):
        page.text(72 + (row % 2) * 3, 40 + row * 0.76, f"line {row}", size=0.6)
    lines = [line for line in _marked(tmp_path, page).text.splitlines() if line]
    assert lines == [f"line {row}" for row in range(1000)]


# --------------------------------------------------------------------------------------------
# Page furniture


def test_running_header_footer_and_page_numbers_are_left_out(tmp_path: Path) -> None:
    pages = []
    for number in (1, 2, 3):
        page = (
            Page().text(400, 40, f"Printed 2024-01-0{number} 10:00").text(290, 820, f"{number} / 3")
        )
        pages.append(page.text(72, 200, f"content of page {number}"))
    pages[0].text(
        72, 150, "a longer line of the body text on the first page, wider than the others"
    )
    marked = _marked(tmp_path, *pages)
    assert marked.text.splitlines()[3:] == ["", "content of page 2", "", "content of page 3"]
    assert marked.coverage.furniture == 6
    assert [o.page for o in marked.origins][4:] == [2, 2, 3]


def test_meeting_header_line_is_kept_once() -> None:
    from planrev.importers.pdf.seam import is_header_line

    assert is_header_line(HEADER_1)
    assert is_header_line("会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)")
    assert not is_header_line("Printed 2024-01-01")


# --------------------------------------------------------------------------------------------
# What cannot be read


def test_images_and_rotated_text_are_reported_and_counted(tmp_path: Path) -> None:
    page = Page().text(72, 100, "text").image(100, 200, 300, 400).rotated(500, 500, "side")
    marked = _marked(tmp_path, page)
    assert {"image", "unreadable-text"} <= set(_codes(marked))
    assert marked.coverage.image_pages == (1,)
    assert marked.coverage.rotated == 4
    assert marked.coverage.characters == 4
    assert "画像のあるページ 1" in marked.coverage.describe().ja


def test_scanned_pdf_without_text_is_one_clear_error(tmp_path: Path) -> None:
    path = write_pdf(tmp_path / "scan.pdf", [Page().image(0, 0, 595, 842)])
    with pytest.raises(LoadError) as caught:
        pdf_to_marked(path)
    assert caught.value.location.page == 1
    assert "スキャン" in str(caught.value)


@pytest.mark.parametrize("content", [b"", b"not a pdf at all", b"%PDF-1.4\n1 0 obj\n<<"])
def test_a_file_that_is_not_a_pdf_is_one_clear_error(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(content)
    with pytest.raises(LoadError) as caught:
        pdf_to_marked(path)
    assert caught.value.location.path == path


def test_missing_file_is_one_clear_error(tmp_path: Path) -> None:
    with pytest.raises(LoadError, match="ファイルがありません"):
        pdf_to_marked(tmp_path / "missing.pdf")


def test_producer_code_points_are_mapped_back_and_counted() -> None:
    assert repair("⾏政経営‧⻘森\u2003") == ("行政経営・青森\u3000", 4)
    assert repair("行政経営・青森") == ("行政経営・青森", 0)


def test_carrier_spaces_drawn_over_characters_are_not_text(tmp_path: Path) -> None:
    page = Page().text(72, 100, "AB").text(72.5, 100, " ").text(130, 100, " ").text(130, 100, " ")
    page.text(140, 100, "C")
    assert _marked(tmp_path, page).text.startswith("AB")
    assert " " not in _marked(tmp_path, page).text.split("\t")[0]


# --------------------------------------------------------------------------------------------
# Through the marked-text rules


def test_warnings_of_the_marked_rules_point_at_the_pdf_page(tmp_path: Path) -> None:
    page = Page().text(72, 40, "Meeting 3")
    page.text(72, 100, "Field", size=14, bold=True)
    page.text(72, 130, "text with an unmarked strike")
    start = 72 + width("text with an unmarked ")
    page.line(start, 127, start + width("strike"), 127)
    path = write_pdf(tmp_path / "handout.pdf", [page])
    result = read_pdf(path, meeting=3, title="plan")
    warning = next(w for w in result.imported.warnings if w.code == "strike-unmarked")
    assert warning.location.path == path
    assert (warning.location.page, warning.location.line) == (1, 3)
