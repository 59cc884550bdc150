"""The Word importer on committed .docx files written by pandoc and by LibreOffice.

These run everywhere (no external tool needed); ``test_word_tools.py`` regenerates the same kind
of files with the tools and compares against pandoc's own accept/reject reading.

Golden outputs live in ``tests/cases/word_*/expected/``; after an intended change, regenerate
them with ``PLANREV_UPDATE_GOLDEN=1 pytest tests/test_word_reader.py`` and review the diff.
"""

from __future__ import annotations

import datetime as _dt
import os
from pathlib import Path

import pytest

from planrev.cli.word import import_texts
from planrev.i18n import set_language
from planrev.model import ChangeKind, KpiTable, Plan, Section, Statement, index, walk
from planrev.model.checks import (
    check_opinion_scopes,
    check_plan,
    check_revision,
    check_revision_links,
)
from planrev.word import RunStatus, WordParagraph, WordTable, import_word, read_word
from tests.word_support import LIBREOFFICE_CASE, PANDOC_CASE

UTC = _dt.UTC


def _at(day: int, hour: int = 0, minute: int = 0) -> _dt.datetime:
    return _dt.datetime(2023, 7, day, hour, minute, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _japanese() -> object:
    set_language("ja")
    yield
    set_language(None)


def _statement(plan: Plan, node_id: str) -> Statement:
    node = index(plan)[node_id].node
    assert isinstance(node, Statement)
    return node


# --------------------------------------------------------------------------------------------
# The paragraph model


def test_paragraph_model_of_the_pandoc_file() -> None:
    document = read_word(PANDOC_CASE / "input.docx")
    paragraphs = {p.number: p for p in document.paragraphs()}
    # Paragraph 1 is the title, 2 and 3 the pillar and field headings.
    assert paragraphs[1].title
    assert (paragraphs[2].heading_level, paragraphs[3].heading_level) == (1, 2)
    inserted = paragraphs[4]
    assert inserted.bullet
    assert inserted.list_level == 0
    assert [r.status for r in inserted.runs] == [RunStatus.INSERT]
    assert inserted.runs[0].author == "事務局"
    assert inserted.runs[0].date == _at(20, 9)
    middle = paragraphs[5]
    assert [r.status for r in middle.runs] == [
        RunStatus.EQUAL,
        RunStatus.INSERT,
        RunStatus.EQUAL,
    ]
    assert middle.runs[1].text == "人的資源を"
    assert middle.runs[1].date == _at(21, 10, 30)
    tables = [item for item in document.body if isinstance(item, WordTable)]
    assert len(tables) == 1
    cell = tables[0].rows[1].cells[1][0]
    assert [(r.status, r.text, r.author) for r in cell.runs] == [
        (RunStatus.DELETE, "40", "委員A"),
        (RunStatus.INSERT, "45", "委員A"),
    ]
    assert cell.cell == (1, 2, 2)


def test_comments_are_read_with_their_anchors() -> None:
    document = read_word(PANDOC_CASE / "input.docx")
    first, second = document.comments
    assert first.author == "委員B"
    assert first.date == _at(10)
    assert first.text.startswith("追加 ← 意見1: デジタル人材不足は")
    assert first.paragraphs == (22,)
    anchored = next(p for p in document.paragraphs() if p.number == 22)
    assert all(first.id in run.comments for run in anchored.runs)
    assert second.author == "委員C"


def test_paragraph_marks_and_formatting_changes_from_libreoffice() -> None:
    document = read_word(LIBREOFFICE_CASE / "input.docx")
    paragraphs = {p.number: p for p in document.paragraphs()}
    # LibreOffice records a whole inserted (deleted) list item with an inserted (deleted)
    # paragraph mark as well as inserted (deleted) text.
    assert paragraphs[5].mark is RunStatus.INSERT
    assert paragraphs[5].mark_author == "事務局"
    assert paragraphs[10].mark is RunStatus.DELETE
    assert paragraphs[10].mark_date == _at(25, 11)
    # 見出し 3 has no outline level in LibreOffice's styles: its name makes it a heading.
    assert paragraphs[7].style_name == "見出し 3"
    assert paragraphs[7].heading_level == 3
    assert paragraphs[9].list_level == 1
    (change,) = document.format_changes
    assert change.element == "w:rPrChange"
    assert change.author == "事務局"
    assert change.paragraph == 18


# --------------------------------------------------------------------------------------------
# Drafts and revision


def test_pandoc_file_becomes_drafts_and_revision() -> None:
    result = import_word(PANDOC_CASE / "input.docx", old_meeting=2, new_meeting=3)
    old, new, revision = result.old, result.new, result.revision
    assert new.meta.title == "青森県DX推進プラン素案(案)"
    assert new.meta.provisional
    assert [p.title for p in new.pillars] == ["「行政経営」を支えるDX", "各分野を支える基盤整備"]
    assert [f.title for f in new.pillars[1].fields] == [
        "デジタル人材",
        "誰でも安全・安心に使えるデジタル",
        "デジタル基盤の整備",
    ]
    assert isinstance(index(new)["w-p6"].node, Section)
    # The mid-sentence insertion: span in the new text, exactly where the seed's 【追加②】 is.
    middle = _statement(new, "w-p5")
    assert _statement(old, "w-p5").text == middle.text.replace("人的資源を", "")
    change = {c.id: c for c in revision.changes}["c-w-p5"]
    assert change.kind is ChangeKind.ADD
    assert change.span is not None
    assert change.span.start == 68
    assert middle.text is not None
    assert middle.text[change.span.start : change.span.end] == "人的資源を"
    kinds = [(c.target, c.kind.value, c.span is None) for c in revision.changes]
    assert kinds == [
        ("w-p4", "追加", True),
        ("w-p5", "追加", False),
        ("w-t1-r2", "修正", True),
        ("w-t1-r3", "追加", True),
        ("w-p22", "追加", True),
        ("w-p25", "修正", False),
        ("w-p28", "削除", True),
    ]
    assert "w-p4" not in index(old)
    assert "w-p28" not in index(new)
    assert all(not c.opinions for c in revision.changes)
    # The KPI table: years from the header; the changed and the added row.
    table = index(new)["w-t1"].node
    assert isinstance(table, KpiTable)
    assert (table.baseline_year, table.target_year) == (2023, 2028)
    assert [(r.indicator, r.baseline, r.target) for r in table.rows] == [
        ("電子申請の利用率(％)", "45", "80"),
        ("オンライン化した手続数", "120", "300"),
    ]
    old_table = index(old)["w-t1"].node
    assert isinstance(old_table, KpiTable)
    assert [(r.indicator, r.baseline) for r in old_table.rows] == [("電子申請の利用率(％)", "40")]


def test_modification_span_covers_insertion_and_deletion() -> None:
    result = import_word(PANDOC_CASE / "input.docx")
    change = {c.id: c for c in result.revision.changes}["c-w-p25"]
    new_text = _statement(result.new, "w-p25").text
    old_text = _statement(result.old, "w-p25").text
    assert new_text is not None
    assert old_text is not None
    assert change.span is not None
    assert new_text[change.span.start : change.span.end] == (
        "新しい技術を使いこなせない人も取り残されないよう、様々なサポートをする人材が育成され、"
    )
    assert old_text.startswith("高齢者等のデジタルに不慣れな人にも、")


def test_japanese_text_is_kept_exactly() -> None:
    result = import_word(PANDOC_CASE / "input.docx")
    texts = [n.node.text for n in walk(result.new) if isinstance(n.node, Statement)]
    assert "半角ｶﾀｶﾅ・全角\u3000空白・記号①〜⑳を含む文。" in texts
    assert _statement(result.old, "w-p28").text == (
        "リモートワーク拠点が整備され、場所を問わず、自分のライフスタイルに合った働き方ができる。（再掲）"
    )


def test_libreoffice_file_becomes_drafts_and_revision() -> None:
    result = import_word(LIBREOFFICE_CASE / "input.docx")
    new, old = result.new, result.old
    assert new.meta.title == "青森県DX推進プラン"
    assert new.meta.provisional
    # The bookmark _pr_admin_hvision_h1 carries the id admin-vision-1.
    first = _statement(new, "admin-vision-1")
    assert first.kind == "vision"  # after the label 【めざす姿】
    assert _statement(old, "admin-vision-1").text == (
        "行政手続等について、デジタル技術を活用し、政策分野に集中投資できている自治体。"
    )
    # The inserted paragraph (with an inserted paragraph mark) is only in the new draft, the
    # deleted one (with a deleted mark) only in the old draft; their neighbours are intact.
    assert "w-p5" in index(new)
    assert "w-p5" not in index(old)
    assert "w-p10" in index(old)
    assert "w-p10" not in index(new)
    assert _statement(old, "w-p6").text == "県民が安心して行政サービスを利用できる。"
    assert _statement(new, "w-p11").text == "信頼性が高い情報通信基盤が整備されている。"
    kinds = {c.target: c.kind for c in result.revision.changes}
    assert kinds == {
        "admin-vision-1": ChangeKind.ADD,
        "w-p5": ChangeKind.ADD,
        "w-p8": ChangeKind.MODIFY,
        "w-p10": ChangeKind.DELETE,
        "w-t1-r2": ChangeKind.MODIFY,
    }
    table = index(new)["w-t1"].node
    assert isinstance(table, KpiTable)
    assert (table.baseline_year, table.target_year) == (2023, 2028)
    # The formatting-only change is reported, not recorded.
    assert "w-p18" not in kinds
    assert any(w.code == "format-only" for w in result.report.warnings)


def test_drafts_and_revision_are_consistent() -> None:
    for case in (PANDOC_CASE, LIBREOFFICE_CASE):
        result = import_word(case / "input.docx")
        assert check_plan(result.old) == []
        assert check_plan(result.new) == []
        assert check_revision(result.revision) == []
        opinions = result.opinion_candidates()
        assert check_revision_links(result.revision, result.old, result.new, opinions) == []
        assert check_opinion_scopes(opinions, result.new) == []


def test_ids_are_deterministic() -> None:
    first = import_word(PANDOC_CASE / "input.docx")
    second = import_word((PANDOC_CASE / "input.docx").read_bytes())
    assert first.old == second.old
    assert first.new == second.new
    assert first.revision == second.revision


def test_comments_are_candidates_never_links() -> None:
    result = import_word(PANDOC_CASE / "input.docx")
    first, second = result.candidates
    assert first.opinion_id == "w-comment-1"
    assert first.change_ids == ("c-w-p22",)
    assert first.comment.author == "委員B"
    assert first.scope == "w-p20"
    assert second.change_ids == ()
    assert all(not c.opinions for c in result.revision.changes)
    opinions = result.opinion_candidates()
    assert [o.disposition.value for o in opinions.opinions] == ["未定", "未定"]
    assert opinions.opinions[0].speaker == "委員B"
    # The comment starts with a label written the way planrev's DOCX writer writes it.
    assert first.label == "追加"
    assert {c.id: c.label for c in result.revision.changes}["c-w-p22"] == "追加"


def test_report_counts_authors_and_dates() -> None:
    report = import_word(PANDOC_CASE / "input.docx").report
    assert report.changes == {"追加": 4, "修正": 2, "削除": 1}
    assert set(report.authors) == {"事務局", "委員A"}
    assert report.first_date == _at(20, 9)
    assert report.last_date == _at(25, 11)
    sources = {s.change_id: s for s in report.sources}
    assert sources["c-w-t1-r2"].authors == ("委員A",)
    assert sources["c-w-p5"].paragraphs == (5,)


def test_paragraph_numbers_are_in_document_order() -> None:
    document = read_word(LIBREOFFICE_CASE / "input.docx")
    numbers = [p.number for p in document.paragraphs()]
    assert numbers == list(range(1, len(numbers) + 1))
    assert all(isinstance(p, WordParagraph) for p in document.paragraphs())


# --------------------------------------------------------------------------------------------
# Golden files


def _golden(folder: Path, name: str, text: str) -> None:
    path = folder / "expected" / name
    if os.environ.get("PLANREV_UPDATE_GOLDEN"):
        path.parent.mkdir(exist_ok=True)
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"{path} is missing; run with PLANREV_UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8"), f"{path} differs"


@pytest.mark.parametrize("case", [PANDOC_CASE, LIBREOFFICE_CASE], ids=["pandoc", "libreoffice"])
def test_golden_outputs(case: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(case)  # findings name the file as given: a relative path here
    result = import_word(Path("input.docx"), old_meeting=1, new_meeting=2)
    texts = import_texts(result, "input.docx", opinions=True)
    _golden(case, "draft-01.yaml", texts["old"])
    _golden(case, "draft-02.yaml", texts["new"])
    _golden(case, "revision-01-02.yaml", texts["revision"])
    _golden(case, "opinions-02.yaml", texts["opinions"])
    lines = result.report.lines()
    _golden(case, "report.txt", "\n".join(lines) + "\n")
