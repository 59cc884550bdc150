"""The R5.7.26 handout as PDF from three producers imports to the data of the seed.

The reference is ``planrev import marked`` of the seed (drafts/aomori-dx/source/…txt): the same
new and old drafts, revision and opinions, ids included (they are made from the texts). Each
producer draws the page differently — WeasyPrint strokes its underlines, Chromium fills thin
rectangles and writes radicals (⾏) for ideographs, LibreOffice strokes each run, draws carrier
spaces and sets two sections in columns — so each is a test of its own.
"""

from __future__ import annotations

import pytest

from planrev.importers import MarkedImport, read_marked
from planrev.importers.pdf import PdfImport, read_pdf
from tests.conftest import SEED
from tests.pdf.producers import chromium_pdf, libreoffice_pdf, weasyprint_pdf
from tests.tools import require_module, require_tool

pytestmark = pytest.mark.tools


@pytest.fixture(scope="module")
def seed() -> MarkedImport:
    return read_marked(SEED)


@pytest.fixture(scope="module")
def weasyprint(tmp_path_factory: pytest.TempPathFactory) -> PdfImport:
    require_module("weasyprint")
    return read_pdf(weasyprint_pdf(tmp_path_factory.mktemp("weasyprint")))


@pytest.fixture(scope="module")
def chromium(tmp_path_factory: pytest.TempPathFactory) -> PdfImport:
    program = require_tool("chromium")
    return read_pdf(chromium_pdf(program, tmp_path_factory.mktemp("chromium")))


@pytest.fixture(scope="module")
def libreoffice(tmp_path_factory: pytest.TempPathFactory) -> PdfImport:
    program = require_tool("soffice")
    return read_pdf(libreoffice_pdf(program, tmp_path_factory.mktemp("libreoffice")))


def _assert_same_data(result: PdfImport, seed: MarkedImport) -> None:
    imported = result.imported
    for name in ("new", "old", "revision", "opinions"):
        assert getattr(imported, name) == getattr(seed, name), name


def _extent_warning_on_page_2(result: PdfImport) -> None:
    warnings = [w for w in result.imported.warnings if w.code == "extent-unknown"]
    assert len(warnings) == 1
    assert warnings[0].location.page == 2
    assert warnings[0].location.path == result.marked.origins[0].path


def test_weasyprint_handout_imports_to_the_seed(weasyprint: PdfImport, seed: MarkedImport) -> None:
    _assert_same_data(weasyprint, seed)
    _extent_warning_on_page_2(weasyprint)
    assert [w.code for w in weasyprint.imported.warnings] == ["extent-unknown"]


def test_weasyprint_handout_marks_insertions_and_deletions(weasyprint: PdfImport) -> None:
    text = weasyprint.marked.text
    assert "・【追加①】<u>自らが積極的にデジタル技術の導入を進め、" in text
    assert "【削除】~~リモートワーク拠点が整備され、場所を問わず、" in text
    assert "ことができる。~~（再掲）※商工業・サービス業の取組方針の削除に伴い削除" in text
    assert "空いた時間で丁寧に対応できる体制は？\t追加②" in text
    assert text.count("KPI\t2023\t2028") == 3
    assert text.count("R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会") == 1


def test_weasyprint_handout_leaves_the_title_block_and_page_numbers_out(
    weasyprint: PdfImport,
) -> None:
    furniture = [f for f in weasyprint.marked.findings if f.code == "furniture"]
    assert {str(f.message.ja).split("「")[1].split("」")[0] for f in furniture} >= {
        "見え消し版",
        "第3回 令和5年7月26日",
        "体系",
    }
    assert all(f.location is not None and f.location.page == 1 for f in furniture)
    coverage = weasyprint.marked.coverage
    assert coverage.pages >= 2
    assert f" / {coverage.pages}" not in weasyprint.marked.text
    assert coverage.unreadable == coverage.rotated == 0
    assert coverage.image_pages == ()


def test_weasyprint_origins_give_a_page_and_line_for_every_line(weasyprint: PdfImport) -> None:
    marked = weasyprint.marked
    assert len(marked.origins) == len(marked.text.splitlines())
    pages = [origin.page for origin in marked.origins]
    assert pages == sorted(pages)
    assert pages[0] == 1
    assert pages[-1] == marked.coverage.pages
    deleted = next(n for n, line in enumerate(marked.text.splitlines()) if "【削除】" in line)
    assert marked.origins[deleted].page == marked.coverage.pages  # the last item of the excerpt


def test_chromium_print_imports_to_the_seed(chromium: PdfImport, seed: MarkedImport) -> None:
    _assert_same_data(chromium, seed)
    _extent_warning_on_page_2(chromium)
    # Chromium writes radicals (⾏) and the hyphenation point (‧) for 行 and ・: mapped back.
    assert chromium.marked.coverage.repaired > 100
    assert "⾏" not in chromium.marked.text
    assert {f.code for f in chromium.marked.findings} == {"code-points", "furniture"}


def test_libreoffice_word_mikeshi_imports_to_the_seed(
    libreoffice: PdfImport, seed: MarkedImport
) -> None:
    _assert_same_data(libreoffice, seed)
    _extent_warning_on_page_2(libreoffice)


def test_libreoffice_columns_are_read_one_after_the_other(libreoffice: PdfImport) -> None:
    lines = [line for line in libreoffice.marked.text.splitlines() if line]
    start = lines.index("## 住民の利便性の向上")
    assert lines[start : start + 5] == [
        "## 住民の利便性の向上",
        "いつでも、どこでも、わかりやすく、短時間で、手軽に、必要な行政サービスを受けることができる",
        "・行政手続きのオンライン化の推進",
        "・公金収納のキャッシュレス化の推進",
        "KPI\t2023\t2028",
    ]
    assert lines[start + 5] == "## 質の高い自治体運営"
    # The vision statement breaks from the left column to the right one, and is joined again.
    assert lines[start + 6].endswith(
        "マインドを持ち続け、複雑化・高度化する行政課題に正面から向き合い、"
        "質の高い行政サービスを提供することができる自治体"
    )


def test_libreoffice_strike_double_strike_and_colour(libreoffice: PdfImport) -> None:
    text = libreoffice.marked.text
    # 取消線 then 二重取消線: one struck run; the carrier spaces LibreOffice draws are not text.
    assert (
        "【削除】リモートワーク拠点が整備され、~~場所を問わず、自分のライフスタイルに合わせて働くことができる。~~"
        "（再掲）※" in text
    )
    assert "地域全体のDXの推進" in text
    hint = [f for f in libreoffice.marked.findings if f.code == "colour-extent"]
    assert len(hint) == 1
    assert "人的資源を" in hint[0].message.ja
    assert hint[0].location is not None
    assert hint[0].location.page == 2


def test_libreoffice_header_in_every_page_is_kept_once(libreoffice: PdfImport) -> None:
    text = libreoffice.marked.text
    assert text.startswith(
        "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会\n\n"
        "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)\n"
    )
    assert text.count("会議資料「") == 1
    assert libreoffice.marked.coverage.furniture >= 5 + 4 * 2  # page numbers, repeated headers
