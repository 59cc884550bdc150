"""The DOCX writer: golden XML, the tracked document's changes and comments, the 見え消し版's
formatting, fonts, page, bad characters.

Golden files compare the XML text of the parts (``word/document.xml``, ``word/comments.xml``,
``word/header1.xml``), indented one element per line, never the zip's bytes. After an intended
change, regenerate them with ``PLANREV_UPDATE_GOLDEN=1 pytest tests/test_docx_writer.py``, review
the diff and look at the rendered pages (``tests/test_docx_libreoffice.py``).
"""

from __future__ import annotations

import datetime as _dt
import os
from collections import Counter
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from planrev.comparison import compare
from planrev.errors import RenderError
from planrev.model import KpiTable, Statement, index
from planrev.model import build as b
from planrev.views import HandoutOptions, TableOptions, build_comparison_table, build_handout
from planrev.word import import_word
from planrev.word.ooxml import W_NS, decode_bookmark_id, qn, xml_safe_text
from planrev.word.opening import open_package
from planrev.word.writer import (
    WordFonts,
    clean_docx,
    comparison_table_docx,
    redline_docx,
    tracked_docx,
    write_clean,
    write_comparison_table,
    write_redline,
    write_tracked,
)
from tests.docx_support import GOLDEN, Case, aomori_case, features_case, parts, pretty_xml
from tests.tracked_cases import moves_case

NS = {"w": W_NS}


@pytest.fixture(scope="module")
def aomori() -> Case:
    return aomori_case()


@pytest.fixture(scope="module")
def features() -> Case:
    return features_case()


@pytest.fixture(scope="module")
def moves() -> Case:
    return moves_case()


def _tracked(case: Case, **options: object) -> bytes:
    view = build_handout(case.comparison, case.opinions, move_origins=True)
    return tracked_docx(view, **options)  # type: ignore[arg-type]


def _redline(case: Case, **options: object) -> bytes:
    return redline_docx(build_handout(case.comparison, case.opinions), **options)  # type: ignore[arg-type]


def _clean(case: Case) -> bytes:
    return clean_docx(build_handout(case.comparison, case.opinions, mode="clean"))


def _table(case: Case, options: TableOptions | None = None) -> bytes:
    return comparison_table_docx(build_comparison_table(case.comparison, case.opinions, options))


def _xml(docx: bytes, name: str = "word/document.xml") -> etree._Element:
    return etree.fromstring(parts(docx)[name])


# --------------------------------------------------------------------------------------------
# Golden XML


def _check_golden(docx: bytes, stem: str, names: tuple[str, ...]) -> None:
    files = parts(docx)
    update = os.environ.get("PLANREV_UPDATE_GOLDEN") == "1"
    for name in names:
        golden = GOLDEN / f"{stem}.{Path(name).stem}.xml"
        text = pretty_xml(files[name])
        if update:
            golden.parent.mkdir(parents=True, exist_ok=True)
            golden.write_text(text, encoding="utf-8")
        assert golden.exists(), f"{golden} is missing; run with PLANREV_UPDATE_GOLDEN=1"
        assert text == golden.read_text(encoding="utf-8"), f"{name} differs from {golden.name}"


TRACKED_PARTS = ("word/document.xml", "word/comments.xml", "word/header1.xml")


def test_golden_aomori_tracked(aomori: Case) -> None:
    _check_golden(_tracked(aomori), "aomori-tracked", TRACKED_PARTS)


def test_golden_aomori_redline(aomori: Case) -> None:
    _check_golden(_redline(aomori), "aomori-redline", ("word/document.xml", "word/header1.xml"))


def test_golden_aomori_clean(aomori: Case) -> None:
    _check_golden(_clean(aomori), "aomori-clean", ("word/document.xml",))


def test_golden_aomori_table(aomori: Case) -> None:
    _check_golden(_table(aomori), "aomori-table", ("word/document.xml", "word/header1.xml"))


def test_golden_features_tracked(features: Case) -> None:
    _check_golden(_tracked(features), "features-tracked", TRACKED_PARTS)


def test_golden_features_redline(features: Case) -> None:
    _check_golden(_redline(features), "features-redline", ("word/document.xml",))


def test_golden_moves_tracked(moves: Case) -> None:
    _check_golden(_tracked(moves), "moves-tracked", ("word/document.xml", "word/comments.xml"))


def test_golden_features_table(features: Case) -> None:
    _check_golden(_table(features), "features-table", ("word/document.xml",))


# --------------------------------------------------------------------------------------------
# Determinism and the package


def test_output_is_deterministic(aomori: Case, features: Case, moves: Case) -> None:
    for case in (aomori, features, moves):
        assert _tracked(case) == _tracked(case)
        assert _redline(case) == _redline(case)
        assert _clean(case) == _clean(case)
        assert _table(case) == _table(case)


def test_properties_are_dated_from_the_data(aomori: Case) -> None:
    core = parts(_redline(aomori))["docProps/core.xml"].decode()
    assert "2023-07-26T00:00:00Z" in core
    assert "<dc:title>(仮称)青森県DX推進プラン</dc:title>" in core
    assert "<dc:creator>事務局</dc:creator>" in core
    assert "docProps/thumbnail.jpeg" not in parts(_redline(aomori))["_rels/.rels"].decode()


def test_a4_pages(aomori: Case) -> None:
    size = _xml(_redline(aomori)).find(".//w:sectPr/w:pgSz", NS)
    assert size is not None
    assert (size.get(qn("w:w")), size.get(qn("w:h"))) == ("11906", "16838")
    size = _xml(_table(aomori)).find(".//w:sectPr/w:pgSz", NS)
    assert size is not None
    assert (size.get(qn("w:w")), size.get(qn("w:h")), size.get(qn("w:orient"))) == (
        "16838",
        "11906",
        "landscape",
    )


def test_header_lines_and_page_number(aomori: Case) -> None:
    docx = _redline(aomori)
    header = "".join(_xml(docx, "word/header1.xml").itertext())
    assert header == (
        "R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会"
        "会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)"
    )
    footer = _xml(docx, "word/footer1.xml")
    assert footer.find(".//w:fldSimple", NS) is not None


def test_east_asian_fonts_on_styles_and_runs(aomori: Case) -> None:
    docx = _redline(aomori, fonts=WordFonts(mincho="游明朝", gothic="游ゴシック"))
    styles = _xml(docx, "word/styles.xml")
    defaults = styles.find("w:docDefaults/w:rPrDefault/w:rPr", NS)
    assert defaults is not None
    fonts = defaults.find("w:rFonts", NS)
    assert fonts is not None
    assert fonts.get(qn("w:eastAsia")) == "游明朝"
    assert not [name for name in fonts.attrib if "Theme" in name]
    language = defaults.find("w:lang", NS)
    assert language is not None
    assert language.get(qn("w:eastAsia")) == "ja-JP"
    by_id = {s.get(qn("w:styleId")): s for s in styles.findall("w:style", NS)}
    for style_id in ("Heading1", "Heading2", "Heading3", "Heading4", "Title", "planrevMarker"):
        style_fonts = by_id[style_id].find("w:rPr/w:rFonts", NS)
        assert style_fonts is not None
        assert style_fonts.get(qn("w:eastAsia")) == "游ゴシック", style_id
    runs = _xml(docx).findall(".//w:r", NS)
    texts = [
        r for r in runs if r.find("w:t", NS) is not None or r.find("w:delText", NS) is not None
    ]
    assert texts
    assert all(
        r.find("w:rPr/w:rFonts", NS) is not None
        and r.find("w:rPr/w:rFonts", NS).get(qn("w:eastAsia")) in {"游明朝", "游ゴシック"}  # type: ignore[union-attr]
        for r in texts
    )


def test_default_fonts_are_word_s_own_names() -> None:
    fonts = WordFonts()
    assert fonts.mincho == "\uff2d\uff33 明朝"  # full-width "MS", as Word names it
    assert fonts.gothic == "\uff2d\uff33 ゴシック"


# --------------------------------------------------------------------------------------------
# The tracked document


def _marks(root: etree._Element) -> list[etree._Element]:
    return [
        *root.iter(qn("w:ins")),
        *root.iter(qn("w:del")),
        *root.iter(qn("w:moveFrom")),
        *root.iter(qn("w:moveTo")),
    ]


def test_tracked_changes_have_author_date_and_unique_ids(features: Case, moves: Case) -> None:
    for case in (features, moves):
        root = _xml(_tracked(case, author="企画課"))
        marks = _marks(root)
        assert len(marks) > 20
        ranges = [*root.iter(qn("w:moveFromRangeStart")), *root.iter(qn("w:moveToRangeStart"))]
        ids = [mark.get(qn("w:id")) for mark in [*marks, *ranges]]
        assert len(ids) == len(set(ids))
        assert {mark.get(qn("w:author")) for mark in [*marks, *ranges]} == {"企画課"}
        assert {mark.get(qn("w:date")) for mark in marks} == {"2023-07-26T00:00:00Z"}
        bookmarks = [m.get(qn("w:name")) for m in root.iter(qn("w:bookmarkStart"))]
        assert len(bookmarks) == len(set(bookmarks))


def test_date_can_be_given() -> None:
    case = features_case()
    docx = _tracked(case, date=_dt.datetime(2023, 7, 20, 9, 30, tzinfo=_dt.UTC))
    assert {m.get(qn("w:date")) for m in _marks(_xml(docx))} == {"2023-07-20T09:30:00Z"}


def test_no_date_when_the_draft_has_none() -> None:
    old = b.plan("計画", b.pillar("p", "柱", b.field("f", "分野", b.initiative("a", "甲。"))))
    new = b.plan("計画", b.pillar("p", "柱", b.field("f", "分野", b.initiative("a", "甲乙。"))))
    docx = tracked_docx(build_handout(compare(old, new, None, None), move_origins=True))
    marks = _marks(_xml(docx))
    assert marks
    assert all(mark.get(qn("w:date")) is None for mark in marks)
    assert "2000-01-01T00:00:00Z" in parts(docx)["docProps/core.xml"].decode()


def test_the_tracked_document_needs_the_view_of_moves(moves: Case) -> None:
    with pytest.raises(ValueError, match="move_origins=True"):
        tracked_docx(build_handout(moves.comparison, moves.opinions))
    with pytest.raises(ValueError, match="move_origins=True"):
        tracked_docx(build_handout(moves.comparison, moves.opinions, mode="clean"))


def test_only_the_plan_s_text_is_tracked(features: Case, aomori: Case) -> None:
    for case in (features, aomori):
        root = _xml(_tracked(case))
        styles = {s.get(qn("w:val")) for s in root.iter(qn("w:rStyle"))}
        assert "planrevMarker" not in styles  # no 【追加①】
        text = "".join(root.itertext())
        for decoration in ("★意見", "※デジタル窓口に統合", "※商工業", "【追加", "【削除"):
            assert decoration not in text
        assert not [t for t in root.iter(qn("w:tbl")) if "★意見" in "".join(t.itertext())]


def test_deleted_text_is_del_text_and_inserted_is_text(features: Case) -> None:
    root = _xml(_tracked(features))
    for deletion in [*root.iter(qn("w:del")), *root.iter(qn("w:moveFrom"))]:
        assert deletion.find(".//w:t", NS) is None
    for insertion in [*root.iter(qn("w:ins")), *root.iter(qn("w:moveTo"))]:
        assert insertion.find(".//w:delText", NS) is None
    deleted = "".join(t.text or "" for t in root.iter(qn("w:delText")))
    assert "窓口の混雑の解消" in deleted
    assert "廃止する柱" in deleted


def _paragraph_with(root: etree._Element, text: str) -> etree._Element:
    for paragraph in root.iter(qn("w:p")):
        if text in "".join(t.text or "" for t in paragraph.iter(qn("w:t"), qn("w:delText"))):
            return paragraph
    raise AssertionError(text)


def test_whole_paragraphs_mark_their_paragraph_mark(features: Case) -> None:
    root = _xml(_tracked(features))
    added = _paragraph_with(root, "デジタル窓口の設置")
    assert added.find("w:pPr/w:rPr/w:ins", NS) is not None
    assert all(run.getparent().tag == qn("w:ins") for run in added.findall(".//w:r", NS))  # type: ignore[union-attr]
    deleted = _paragraph_with(root, "窓口の混雑の解消")
    assert deleted.find("w:pPr/w:rPr/w:del", NS) is not None
    assert all(run.getparent().tag == qn("w:del") for run in deleted.findall(".//w:r", NS))  # type: ignore[union-attr]
    changed = _paragraph_with(root, "快適に")
    assert changed.find("w:pPr/w:rPr", NS) is None
    heading = _paragraph_with(root, "廃止する柱")
    assert heading.find("w:pPr/w:rPr/w:del", NS) is not None


def test_an_unknown_old_text_is_the_new_text_inserted(aomori: Case) -> None:
    root = _xml(_tracked(aomori))
    paragraph = _paragraph_with(root, "人的資源を集中投資")  # 【追加②】: the old text is unknown
    assert paragraph.find("w:pPr/w:rPr", NS) is None  # reject leaves the unknown (empty) text
    assert all(run.getparent().tag == qn("w:ins") for run in paragraph.findall(".//w:r", NS))  # type: ignore[union-attr]


def test_moves_are_move_from_and_move_to_with_paired_ranges(moves: Case) -> None:
    root = _xml(_tracked(moves))

    def marks_of(text: str) -> list[str]:
        return [
            etree.QName(p.find("w:pPr/w:rPr", NS)[0]).localname  # type: ignore[index]
            for p in root.iter(qn("w:p"))
            if "".join(p.itertext()) == text
        ]

    # moved out of a deleted section: where it went first, then where it stood
    assert marks_of("施策三から移す取組。") == ["moveTo", "moveFrom"]
    origin = [p for p in root.iter(qn("w:p")) if "".join(p.itertext()) == "施策三から移す取組。"][1]
    assert origin.find("w:moveFrom/w:r/w:delText", NS) is not None
    # the section moved as a whole, with its content
    assert marks_of("施策二") == ["moveFrom", "moveTo"]
    assert marks_of("本文。") == ["moveFrom", "moveTo"]
    starts = {
        side: [e.get(qn("w:name")) for e in root.iter(qn(f"w:{side}RangeStart"))]
        for side in ("moveFrom", "moveTo")
    }
    assert starts["moveFrom"]
    assert sorted(starts["moveFrom"]) == sorted(starts["moveTo"])
    for side in ("moveFrom", "moveTo"):
        opened = [e.get(qn("w:id")) for e in root.iter(qn(f"w:{side}RangeStart"))]
        closed = [e.get(qn("w:id")) for e in root.iter(qn(f"w:{side}RangeEnd"))]
        assert opened == closed
    # a KPI row moved among its siblings: deleted where it stood, inserted where it went
    table = next(t for t in root.iter(qn("w:tbl")) if "指標一" in "".join(t.itertext()))
    rows = ["".join(row.itertext()) for row in table.findall("w:tr", NS)]
    marks = [row.find("w:trPr", NS) for row in table.findall("w:tr", NS)]
    tracked = [m[-1].tag if m is not None and len(m) else None for m in marks]
    assert [(r[:3], t) for r, t in zip(rows, tracked, strict=True) if "指標" in r] == [
        ("指標一", qn("w:del")),
        ("指標二", None),
        ("指標一", qn("w:ins")),
    ]


def test_kpi_rows_are_tracked_rows_with_changes_in_cells(features: Case) -> None:
    root = _xml(_tracked(features))
    table = next(t for t in root.iter(qn("w:tbl")) if "オンライン申請率" in "".join(t.itertext()))
    rows = table.findall("w:tr", NS)
    header = ["".join(c.itertext()) for c in rows[0].findall("w:tc", NS)]
    assert header == ["KPI", "単位", "2023", "2028"]
    statuses = [
        "ins"
        if row.find("w:trPr/w:ins", NS) is not None
        else "del"
        if row.find("w:trPr/w:del", NS) is not None
        else ""
        for row in rows
    ]
    assert statuses == ["", "", "del", "ins"]
    target = rows[1].findall("w:tc", NS)[3]
    assert [t.text for t in target.iter(qn("w:delText"))] == ["60"]
    assert [t.text for t in target.findall("w:p/w:ins/w:r/w:t", NS)] == ["70"]


def test_year_headers_are_labelled_when_a_year_is_missing(features: Case, moves: Case) -> None:
    for document in (_tracked(features), _clean(features)):
        table = next(
            t for t in _xml(document).iter(qn("w:tbl")) if "新しい指標" in "".join(t.itertext())
        )
        header = table.findall("w:tr", NS)[0]
        assert ["".join(c.itertext()) for c in header.findall("w:tc", NS)] == [
            "KPI",
            "基準値",
            "目標値",
        ]
    # a year added: the label deleted, the year inserted, in the cell
    table = next(
        t for t in _xml(_tracked(moves)).iter(qn("w:tbl")) if "指標一" in "".join(t.itertext())
    )
    target = table.findall("w:tr", NS)[0].findall("w:tc", NS)[-1]
    assert [t.text for t in target.iter(qn("w:delText"))] == ["目標値"]
    assert [t.text for t in target.findall("w:p/w:ins/w:r/w:t", NS)] == ["2028"]


def test_labels_mark_where_the_kind_changes_in_either_draft(features: Case, moves: Case) -> None:
    def labels(root: etree._Element) -> list[tuple[str, str]]:
        found = []
        for paragraph in root.iter(qn("w:p")):
            if paragraph.find("w:pPr/w:pStyle[@w:val='planrevLabel']", NS) is None:
                continue
            mark = paragraph.find("w:pPr/w:rPr/*", NS)
            tracked = etree.QName(mark).localname if mark is not None else ""
            found.append(("".join(paragraph.itertext()), tracked))
        return found

    assert [text for text, _ in labels(_xml(_tracked(features)))] == [
        "めざす姿",
        "取組",
        "本文",
        "取組",
        "取組",
        "めざす姿",
        "取組",
    ]
    # 分野二の姿 was a vision and is an initiative: the old label deleted, the new inserted
    found = labels(_xml(_tracked(moves)))
    assert ("めざす姿", "del") in found
    assert found[found.index(("めざす姿", "del")) + 1] == ("取組", "ins")


# --------------------------------------------------------------------------------------------
# Comments


def _comment_texts(docx: bytes) -> dict[str | None, str]:
    comments = _xml(docx, "word/comments.xml")
    return {
        c.get(qn("w:id")): "\n".join("".join(p.itertext()) for p in c.findall("w:p", NS))
        for c in comments.findall("w:comment", NS)
    }


def test_one_comment_per_change_anchored_on_it(aomori: Case) -> None:
    docx = _tracked(aomori)
    root = _xml(docx)
    texts = _comment_texts(docx)
    assert list(texts.values()) == [
        "追加① ← 意見1: 民間の働き方を支援するためには、行政側も民間へ負担を減らし、"
        "県内企業の効率化・省力化を進めることが重要",
        "追加② ← 意見2: 空いた時間で丁寧に対応できる体制は？\n"
        "（改訂前の文言は資料になく不明です。全文を挿入として示しています）",
        "追加 ← 意見3: " + aomori.opinions.opinions[2].text,  # type: ignore[union-attr]
        "追加 ← 意見4: データをきちんと整理、経営判断に使うことを進めるべき",
        "修正 ← 意見5: サポート人材の育成も大事\n"
        "（改訂前の文言は資料になく不明です。全文を挿入として示しています）",
        "削除 ← ※商工業・サービス業の取組方針の削除に伴い削除",
    ]
    assert {c.get(qn("w:author")) for c in _xml(docx, "word/comments.xml")} == {"事務局"}
    references = [e.get(qn("w:id")) for e in root.iter(qn("w:commentReference"))]
    assert references == list(texts)
    # A paragraph added or deleted as a whole has its comment at a point (LibreOffice joins
    # paragraphs around a comment range wrongly); a change inside a paragraph, over a range.
    starts = [e.get(qn("w:id")) for e in root.iter(qn("w:commentRangeStart"))]
    ends = [e.get(qn("w:id")) for e in root.iter(qn("w:commentRangeEnd"))]
    assert starts == ends
    deleted = _paragraph_with(root, "リモートワーク拠点")
    assert deleted.find(".//w:commentRangeStart", NS) is None
    assert deleted.find("w:del/w:r/w:commentReference", NS) is not None


def test_several_opinions_and_a_reason_in_one_comment(features: Case, moves: Case) -> None:
    texts = list(_comment_texts(_tracked(features)).values())
    assert "削除① ← 意見2: 窓口のデジタル化を。\n※デジタル窓口に統合" in texts
    assert "追加① ← （意見・理由の記録なし）" in texts
    assert any(text.endswith("\n※移動") for text in _comment_texts(_tracked(moves)).values())


def test_a_kpi_comment_spans_the_row(features: Case) -> None:
    root = _xml(_tracked(features))
    table = next(t for t in root.iter(qn("w:tbl")) if "オンライン申請率" in "".join(t.itertext()))
    row = table.findall("w:tr", NS)[1]
    cells = row.findall("w:tc", NS)
    assert cells[0].find(".//w:commentRangeStart", NS) is not None
    assert cells[3].find(".//w:commentRangeEnd", NS) is not None


# --------------------------------------------------------------------------------------------
# The 見え消し版


def _runs(root: etree._Element, what: str) -> list[str]:
    return [
        "".join(r.itertext())
        for r in root.iter(qn("w:r"))
        if r.find(f"w:rPr/{what}", NS) is not None
    ]


def test_the_redline_is_character_formatting(features: Case) -> None:
    docx = _redline(features)
    root = _xml(docx)
    assert not _marks(root)
    assert "word/comments.xml" not in parts(docx)
    underlined = _runs(root, "w:u[@w:val='single']")
    struck = _runs(root, "w:strike")
    for inserted in ("・まち", "快適に", "デジタル窓口の設置", "新しい柱", "70"):
        assert inserted in underlined
    for deleted in ("窓口の混雑の解消", "廃止する柱", "60", "窓口の待ち時間"):
        assert deleted in struck
    assert not set(underlined) & set(struck)
    markers = _runs(root, "w:rStyle[@w:val='planrevMarker']")
    assert "【追加①】" in markers
    assert "【削除①】" in markers
    assert "※デジタル窓口に統合" in _runs(root, "w:rStyle[@w:val='planrevAnnotation']")
    assert len(root.findall(".//w:tblStyle[@w:val='planrevOpinions']", NS)) == 2


def test_the_redline_shows_legend_and_structure_as_the_options_say(aomori: Case) -> None:
    def tables(options: HandoutOptions) -> list[str]:
        view = build_handout(aomori.comparison, aomori.opinions, options=options)
        root = _xml(redline_docx(view))
        return [
            style.get(qn("w:val")) or ""
            for style in root.iter(qn("w:tblStyle"))
            if style.get(qn("w:val")) in {"planrevLegend", "planrevStructure"}
        ]

    assert tables(HandoutOptions()) == ["planrevLegend", "planrevStructure"]
    assert tables(HandoutOptions(legend=False)) == ["planrevStructure"]
    assert tables(HandoutOptions(legend=False, structure=False)) == []
    root = _xml(redline_docx(build_handout(aomori.comparison, aomori.opinions)))
    legend = next(
        t
        for t in root.iter(qn("w:tbl"))
        if t.find("w:tblPr/w:tblStyle[@w:val='planrevLegend']", NS) is not None
    )
    assert "第2回の案からの変更を示しています。" in "".join(legend.itertext())
    assert _runs(legend, "w:u[@w:val='single']") == ["下線"]
    assert _runs(legend, "w:strike") == ["取消線"]


# --------------------------------------------------------------------------------------------
# The clean copy and the 新旧対照表


def test_clean_copy_has_only_the_new_text(features: Case) -> None:
    docx = _clean(features)
    root = _xml(docx)
    assert not _marks(root)
    assert "word/comments.xml" not in parts(docx)
    text = "".join(root.itertext())
    assert "【" not in text.replace("【体系図を追加】", "")
    for gone in ("窓口の混雑の解消", "廃止する柱", "古い施策", "★意見", "※デジタル窓口に統合"):
        assert gone not in text
    for kept in ("暮らし・まち分野", "快適に", "デジタル窓口の設置", "1,000", "新しい取組"):
        assert kept in text


def test_clean_copy_from_a_redline_view_is_the_same(features: Case) -> None:
    redline_view = build_handout(features.comparison, features.opinions)
    assert "".join(_xml(clean_docx(redline_view)).itertext()) == "".join(
        _xml(_clean(features)).itertext()
    )


def test_comparison_table_underlines_the_changes(features: Case) -> None:
    root = _xml(_table(features))
    (table,) = root.iter(qn("w:tbl"))
    rows = table.findall("w:tr", NS)
    assert rows[0].find("w:trPr/w:tblHeader", NS) is not None
    assert ["".join(c.itertext()) for c in rows[0].findall("w:tc", NS)] == [
        "改正後",
        "改正前",
        "備考",
    ]
    underlined = [
        "".join(r.itertext()) for r in table.iter(qn("w:r")) if r.find("w:rPr/w:u", NS) is not None
    ]
    assert "・まち" in underlined
    assert "快適に" in underlined
    assert "窓口の混雑の解消" in underlined
    assert not _marks(root)


def test_comparison_table_headings_and_columns_are_configurable(features: Case) -> None:
    options = TableOptions(new_heading="修正後", old_heading="修正前", remarks=False)
    root = _xml(_table(features, options))
    (table,) = root.iter(qn("w:tbl"))
    head = table.findall("w:tr", NS)[0]
    assert ["".join(c.itertext()) for c in head.findall("w:tc", NS)] == ["修正後", "修正前"]
    assert len(table.findall("w:tblGrid/w:gridCol", NS)) == 2


def test_comparison_table_without_changes() -> None:
    draft = b.plan("計画", b.pillar("p", "柱"), meeting=1)
    table = build_comparison_table(compare(draft, draft, None, None))
    assert "変更はありません。" in "".join(_xml(comparison_table_docx(table)).itertext())


# --------------------------------------------------------------------------------------------
# Characters XML forbids, and writing files


BAD = "\x00\x01\x08\x0b\x0c\x1f\ufffe\uffff"


def test_lone_surrogates_never_reach_a_writer() -> None:
    # No file can store a lone surrogate, so the model refuses one in any text.
    with pytest.raises(ValueError, match="lone surrogate U\\+D800"):
        b.initiative("a", "旧\ud800文。")


def test_forbidden_characters_are_escaped_never_corrupt(tmp_path: Path) -> None:
    old = b.plan(
        f"計画{BAD}",
        b.pillar("p", f"柱{BAD}", b.field("f", "分野", b.initiative("a", f"旧{BAD}文。"))),
        meeting=1,
    )
    new = b.plan(
        f"計画{BAD}",
        b.pillar("p", f"柱{BAD}", b.field("f", "分野", b.initiative("a", f"新{BAD}文。"))),
        meeting=2,
    )
    view = build_handout(compare(old, new, None, None), move_origins=True)
    path = write_tracked(view, tmp_path / "bad.docx", author=f"事務局{BAD}")
    package = open_package(path)  # parses every part it needs: no LoadError
    text = "".join(package.document.root.itertext())
    assert "新\\x00\\x01\\x08\\x0b\\x0c\\x1f\\ufffe\\uffff文。" in text
    result = import_word(path)
    statement = index(result.new)["a"].node
    assert isinstance(statement, Statement)
    assert statement.text == "新\\x00\\x01\\x08\\x0b\\x0c\\x1f\\ufffe\\uffff文。"
    for name, data in parts(path.read_bytes()).items():
        if name.endswith((".xml", ".rels")):
            etree.fromstring(data)  # every part is well-formed XML
    write_clean(view, tmp_path / "bad-clean.docx")
    write_redline(view, tmp_path / "bad-redline.docx")
    write_comparison_table(
        build_comparison_table(compare(old, new, None, None)), tmp_path / "t.docx"
    )
    for name in ("bad-clean.docx", "bad-redline.docx", "t.docx"):
        open_package(tmp_path / name)


@settings(max_examples=30, deadline=None)
@given(
    text=st.text(
        alphabet=st.one_of(
            st.characters(codec="utf-8"),
            st.sampled_from([*BAD, "\n", "\t", "\r", "【", "】", "・", "※"]),
        ),
        min_size=1,
        max_size=30,
    ).filter(lambda t: t.strip() != "")
)
def test_any_text_reads_back_escaped(text: str) -> None:
    old = b.plan("計画", b.pillar("p", "柱", b.field("f", "分野", b.initiative("a", "元の文。"))))
    new = b.plan("計画", b.pillar("p", "柱", b.field("f", "分野", b.initiative("a", text))))
    docx = tracked_docx(build_handout(compare(old, new, None, None), move_origins=True))
    result = import_word(docx)
    statement = index(result.new)["a"].node
    assert isinstance(statement, Statement)
    assert statement.text == xml_safe_text(text)


def test_write_functions_write_whole_files(tmp_path: Path, aomori: Case) -> None:
    view = build_handout(aomori.comparison, aomori.opinions, move_origins=True)
    assert write_tracked(view, tmp_path / "tracked.docx").read_bytes() == _tracked(aomori)
    target = tmp_path / "new folder" / "見え消し.docx"
    assert write_redline(view, target) == target
    assert target.read_bytes() == _redline(aomori)
    assert [p.name for p in target.parent.iterdir()] == ["見え消し.docx"]
    with pytest.raises(RenderError) as caught:
        write_redline(view, tmp_path / "new folder")  # a folder, not a file
    assert "new folder" in str(caught.value)
    assert sorted(p.name for p in target.parent.iterdir()) == ["見え消し.docx"]


def test_every_statement_once_with_its_id(aomori: Case) -> None:
    # Every statement of both drafts is written once, bookmarked with its id; excerpt titles
    # with nothing under them are left out.
    root = _xml(_tracked(aomori))
    ids = Counter(
        decode_bookmark_id(m.get(qn("w:name")) or "") for m in root.iter(qn("w:bookmarkStart"))
    )
    for plan in (aomori.comparison.old, aomori.comparison.new):
        for located in index(plan).values():
            if isinstance(located.node, Statement):
                assert ids[located.id] == 1, located.id
    assert ids["commerce"] == 0  # 商工業・サービス業: an excerpt title only
    tables = [
        loc for loc in index(aomori.comparison.new).values() if isinstance(loc.node, KpiTable)
    ]
    assert len(list(root.iter(qn("w:tbl")))) == len(tables)  # and no opinion box
    boxes = _xml(_redline(aomori)).findall(".//w:tblStyle[@w:val='planrevOpinions']", NS)
    assert len(boxes) == 4
