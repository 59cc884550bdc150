"""A drafter's next draft, re-typed in Markdown, plain text or Word, reads as the plan it is.

The documents are made by :mod:`tests.drafter_support` from the latest draft of
drafts/aomori-dx: typed heading numbers, ・ bullets, the plan's own labels, KPI tables,
【体系図を追加】 and （略） under the parts the excerpt leaves out. Imported, they compare with
the draft with no change at all (ids differ: the comparison pairs by content).
"""

from __future__ import annotations

import io
from pathlib import Path

import docx
import pytest
from click.testing import CliRunner

from planrev.cli import EXIT_OK, main
from planrev.comparison import compare
from planrev.importers import import_plain
from planrev.importers.kpi import kpi_columns, kpi_year
from planrev.importers.tree import heading_style, is_omission, label_kind, label_like
from planrev.model import Footnote, KpiTable, Note, Plan, Statement, walk
from planrev.model import build as b
from planrev.storage.documents import load_draft
from planrev.views.handout import build_handout
from planrev.word import import_word
from planrev.word.texts import draft_text
from tests.drafter_support import drafter_docx, drafter_markdown, drafter_text, with_footnotes

ROOT = Path(__file__).parent.parent
LATEST = ROOT / "drafts" / "aomori-dx" / "draft-03.yaml"


@pytest.fixture(scope="module")
def latest() -> Plan:
    return load_draft(LATEST)


def _docx(build: object) -> bytes:
    buffer = io.BytesIO()
    build.save(buffer)  # type: ignore[attr-defined]
    return buffer.getvalue()


def test_the_markdown_form_of_the_latest_draft_compares_with_no_change(latest: Plan) -> None:
    result = import_plain(drafter_markdown(latest))
    assert result.warnings == ()
    assert compare(latest, result.plan).changes == ()
    plan = result.plan
    assert plan.meta.title == latest.meta.title
    assert plan.meta.provisional
    # the numbers are kept apart from the titles, and printed again before them
    pillar = plan.pillars[2]
    assert (pillar.number, pillar.title) == ("第3章　", "「行政経営」を支えるDX")
    assert pillar.fields[0].sections[0].heading == "（1）住民の利便性の向上"
    # the labels gave the kinds; （略） gave the excerpt's omitted parts
    kinds = [(n.node.kind, n.node.bullet) for n in walk(plan) if isinstance(n.node, Statement)]
    assert kinds == [
        (n.node.kind, n.node.bullet) for n in walk(latest) if isinstance(n.node, Statement)
    ]
    omitted = sum(getattr(n.node, "omitted", False) for n in walk(plan))
    assert omitted == sum(getattr(n.node, "omitted", False) for n in walk(latest)) == 15
    assert isinstance(plan.blocks[0], Note)
    assert plan.blocks[0].text == "体系図を追加"


def test_the_plain_text_form_with_tab_separated_kpi_tables_compares_with_no_change(
    latest: Plan,
) -> None:
    result = import_plain(drafter_text(latest), title="(仮称)青森県DX推進プラン")
    assert result.warnings == ()
    assert compare(latest, result.plan).changes == ()
    tables = [n.node for n in walk(result.plan) if isinstance(n.node, KpiTable)]
    assert [(t.baseline_year, t.target_year) for t in tables] == [(2023, 2028)] * 3


@pytest.mark.parametrize("heading_styles", [True, False], ids=["heading-styles", "typed-only"])
def test_the_word_form_of_the_latest_draft_compares_with_no_change(
    latest: Plan, heading_styles: bool
) -> None:
    result = import_word(drafter_docx(latest, heading_styles=heading_styles), old_meeting=3)
    assert compare(latest, result.new).changes == ()
    assert result.revision.changes == ()
    section = result.new.pillars[2].fields[0].sections[1]
    assert (section.number, section.title) == ("（2）", "情報セキュリティ対策")
    codes = {w.code for w in result.report.warnings}
    assert "unknown-label" not in codes
    assert ("typed-headings" in codes) is not heading_styles


DRAFTED = """\
# (仮称)青森県DX推進プラン

【体系図を追加】

第1章　「行政経営」を支えるDX

1　行政経営分野

■めざす姿

・自らが積極的にデジタル技術の導入を進める自治体。

（1）住民の利便性の向上

①現状と課題

窓口に来なければできない手続が残っている。

②施策の方向性

・行政手続きのオンライン化の推進
・公金収納のキャッシュレス化の推進※1

※1　キャッシュレス化は令和6年度から。

KPI

| 指標 | 単位 | 現状値（R5） | 目標値（令和10年度） |
| --- | --- | --- | --- |
| オンライン化した手続の割合 | ％ | 40 | 80 |
| キャッシュレス収納の件数 | 件 |  | 1,000 |

※数値は速報値

（2）情報セキュリティ対策

【取組】

・庁内ネットワークの強靱性の向上

指標	2023	2028
監査の実施回数	1	4

■重点事項

| 区分 | 内容 |
| --- | --- |
| 備考 | なし |

```
code
```
"""


def test_cli_import_plain_reads_kinds_numbers_and_kpi_tables(tmp_path: Path) -> None:
    source = tmp_path / "next.md"
    source.write_text(DRAFTED, encoding="utf-8")
    out = tmp_path / "draft-04.yaml"
    result = CliRunner().invoke(
        main,
        ["import", "plain", str(source), "--out", str(out), "--meeting", "4"],
        env={"PLANREV_LANG": "ja"},
    )
    assert result.exit_code == EXIT_OK, result.output
    plan = load_draft(out)
    assert plan.meta.title == "青森県DX推進プラン"
    field = plan.pillars[0].fields[0]
    assert (field.number, field.title) == ("1　", "行政経営分野")
    assert [(s.kind, s.text) for s in field.blocks if isinstance(s, Statement)] == [
        ("vision", "自らが積極的にデジタル技術の導入を進める自治体。")
    ]
    convenience = field.sections[0]
    assert (convenience.number, convenience.title) == ("（1）", "住民の利便性の向上")
    issues, direction = convenience.sections
    assert (issues.number, issues.title) == ("①", "現状と課題")
    assert [(s.kind, s.bullet) for s in issues.blocks if isinstance(s, Statement)] == [
        ("challenge", False)
    ]
    statements = [s for s in direction.blocks if isinstance(s, Statement)]
    assert [s.kind for s in statements] == ["direction", "direction"]
    footnotes = [f for f in direction.blocks if isinstance(f, Footnote)]
    assert [(f.mark, f.text) for f in footnotes] == [
        ("※1", "キャッシュレス化は令和6年度から。"),
        ("※", "数値は速報値"),
    ]
    kpi = next(k for k in direction.blocks if isinstance(k, KpiTable))
    assert (kpi.baseline_year, kpi.target_year) == (2023, 2028)
    assert [(r.indicator, r.unit, r.baseline, r.target) for r in kpi.rows] == [
        ("オンライン化した手続の割合", "％", "40", "80"),
        ("キャッシュレス収納の件数", "件", None, "1,000"),
    ]
    security = field.sections[1]
    assert [s.kind for s in security.blocks if isinstance(s, Statement)] == [
        "initiative",
        "text",  # ■重点事項 is not a label planrev knows: it and what follows are text
        "text",  # the code block, kept as text and reported
    ]
    tab = next(k for k in security.blocks if isinstance(k, KpiTable))
    assert [(r.indicator, r.baseline, r.target) for r in tab.rows] == [("監査の実施回数", "1", "4")]
    # every construct not read is reported with its file and line
    lines = DRAFTED.splitlines()
    unknown = lines.index("■重点事項") + 1
    table = lines.index("| 区分 | 内容 |") + 1
    fence = lines.index("```") + 1
    assert f"{source}:{unknown}:1: 警告: 「■重点事項」は見出し語" in result.output
    assert f"{source}:{table}:1: 警告: 表(2行)は KPI 表" in result.output
    assert f"{source}:{fence}:1: 警告: コードブロックは読み取らず" in result.output


def test_word_reports_unknown_labels_by_paragraph_and_reads_notes_and_footnotes() -> None:
    document = docx.Document()
    document.add_heading("第1章　行政経営", level=1)
    document.add_paragraph("【体系図を追加】")
    document.add_paragraph("■重点事項")
    document.add_paragraph("・県の取組")
    document.add_paragraph("※1　脚注の本文。")
    document.add_paragraph("※数値は速報値")
    document.add_heading("第2章　産業", level=1)
    document.add_paragraph("（略）")
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("区分", "内容", "備考")):
        table.cell(0, column).text = text
    result = import_word(_docx(document))
    admin, industry = result.new.pillars
    assert (admin.number, admin.title) == ("第1章　", "行政経営")
    assert [type(block).__name__ for block in admin.blocks] == [
        "Note",
        "Statement",
        "Statement",
        "Footnote",
        "Footnote",
    ]
    assert [(f.mark, f.text) for f in admin.blocks if isinstance(f, Footnote)] == [
        ("※1", "脚注の本文。"),
        ("※", "数値は速報値"),
    ]
    assert industry.omitted
    assert industry.blocks == ()
    found = {(w.code, w.location.paragraph) for w in result.report.warnings}
    assert ("unknown-label", 3) in found
    assert ("table-skipped", 9) in found


def test_word_kpi_table_reads_era_years_from_its_header() -> None:
    document = docx.Document()
    document.add_heading("行政経営", level=1)
    table = document.add_table(rows=2, cols=3)
    for column, text in enumerate(("指標", "現状値（R5）", "目標値（令和10年度）")):
        table.cell(0, column).text = text
    for column, text in enumerate(("利用率", "40", "80")):
        table.cell(1, column).text = text
    kpi = import_word(_docx(document)).new.pillars[0].blocks[0]
    assert isinstance(kpi, KpiTable)
    assert (kpi.baseline_year, kpi.target_year) == (2023, 2028)
    assert [(r.indicator, r.baseline, r.target) for r in kpi.rows] == [("利用率", "40", "80")]


def test_a_renumbering_is_not_a_change_and_handouts_print_the_number() -> None:
    old = b.plan("計画", b.pillar("p", "総論", b.text("t", "本文。"), number="第1章　"))
    new = b.plan("計画", b.pillar("p", "総論", b.text("t", "本文。"), number="第2章　"))
    comparison = compare(old, new)
    assert comparison.changes == ()
    view = build_handout(comparison, mode="clean")
    assert "".join(p.text for p in view.nodes[0].title) == "第2章　総論"
    assert [p.text for p in draft_text(new) if p.kind == "heading"] == ["第2章　総論"]
    assert [e.title for e in view.structure] == ["第2章　総論"]


def test_a_changed_title_keeps_its_number_before_the_marked_title() -> None:
    old = b.plan("計画", b.pillar("p", "総論", b.text("t", "本文。"), number="第1章　"))
    new = b.plan("計画", b.pillar("p", "総論と各論", b.text("t", "本文。"), number="第1章　"))
    view = build_handout(compare(old, new), mode="redline")
    pieces = view.nodes[0].title
    assert pieces[0].text.startswith("第1章　")
    assert not pieces[0].inserted
    assert any(p.inserted and p.text == "と各論" for p in pieces)
    assert "".join(p.text for p in pieces if p.kind == "text") == "第1章　総論と各論"


@pytest.mark.parametrize(
    ("line", "style"),
    [
        ("\u2160\u3000総論", "\u2160"),
        ("一、総論", "一"),
        ("ア\u3000情報化", "ア"),
        ("1-1 計画の趣旨", "N-N"),
        ("一人ひとりの取組", None),
        ("アクセスの向上", None),
    ],
)
def test_more_heading_styles(line: str, style: str | None) -> None:
    assert heading_style(line) == style


@pytest.mark.parametrize(
    ("text", "year"),
    [("2023", 2023), ("R5", 2023), ("令和10年度", 2028), ("H30", 2018), ("令和元年度", 2019)],
)
def test_kpi_years_in_either_calendar(text: str, year: int) -> None:
    assert kpi_year(text) == year
    columns = kpi_columns(["指標", text, "目標値"])
    assert columns is not None
    assert columns.baseline_year == year


def test_labels_omissions_and_label_like_lines() -> None:
    assert label_kind("■めざす姿") == "vision"
    assert label_kind("**主な取組**") == "initiative"
    assert label_kind("【施策の方向性】") == "direction"
    assert label_kind("＜現状と課題＞") == "challenge"
    assert label_like("■重点事項")
    assert label_like("＜主な事業＞")
    assert not label_like("■めざす姿")
    assert not label_like("県の取組を進める。")
    assert is_omission("（略）")
    assert is_omission("（省略）")
    assert not is_omission("略称")


def test_a_section_with_only_omitted_children_is_omitted() -> None:
    result = import_plain("第1章　産業\n\n1　商工業\n\n（略）\n\n2　観光\n\n（略）\n", title="計画")
    pillar = result.plan.pillars[0]
    assert pillar.omitted
    assert all(field.omitted for field in pillar.fields)


def test_the_example_of_the_user_guide_reads_as_it_says() -> None:
    guide = (ROOT / "docs" / "import.md").read_text(encoding="utf-8")
    section = guide[guide.index("### Reading a drafter's plan") :]
    example = section[section.index("```markdown\n") + 12 : section.index("\n```\n")]
    result = import_plain(example + "\n")
    assert result.warnings == ()
    pillar = result.plan.pillars[0]
    assert (pillar.number, pillar.title) == ("第3章　", "「行政経営」を支えるDX")
    section_node = pillar.fields[0].sections[0]
    assert (section_node.number, section_node.title) == ("（1）", "住民の利便性の向上")
    kinds = [s.kind for s in section_node.blocks if isinstance(s, Statement)]
    assert kinds == ["vision", "initiative"]
    kpi = next(k for k in section_node.blocks if isinstance(k, KpiTable))
    assert (kpi.baseline_year, kpi.target_year, len(kpi.rows)) == (2023, 2028, 1)


def test_a_marked_handout_keeps_heading_numbers_apart_too() -> None:
    from planrev.importers.marked import import_marked
    from planrev.render.markdown import handout_markdown

    old = b.plan("計画", b.pillar("p", "総論", b.text("t", "本文。"), number="第1章　"), meeting=1)
    new = b.plan(
        "計画", b.pillar("p", "総論と各論", b.text("t", "本文。"), number="第1章　"), meeting=2
    )
    text = handout_markdown(build_handout(compare(old, new)))
    assert "第1章　総論【追加】と各論" in text
    result = import_marked(text, meeting=2)
    assert (result.new.pillars[0].number, result.new.pillars[0].title) == ("第1章　", "総論と各論")
    assert (result.old.pillars[0].number, result.old.pillars[0].title) == ("第1章　", "総論")
    [change] = [c for c in result.revision.changes if c.target == result.new.pillars[0].id]
    assert change.kind.value == "追加"


def test_word_footnotes_made_with_the_footnote_tool_are_footnotes(latest: Plan) -> None:
    data = with_footnotes(
        drafter_docx(latest),
        {
            "行政手続きのオンライン化の推進": "マイナポータルからの申請を含む。",
            "データに基づく施策立案": "EBPM(証拠に基づく政策立案)。",
        },
    )
    result = import_word(data, old_meeting=3)
    notes = [
        (located.container.id if located.container else None, located.node)
        for located in walk(result.new)
        if isinstance(located.node, Footnote)
    ]
    convenience = result.new.pillars[2].fields[0].sections[0]
    quality = result.new.pillars[2].fields[0].sections[2]
    assert [(holder, n.mark, n.text) for holder, n in notes] == [
        (convenience.id, "1", "マイナポータルからの申請を含む。"),
        (quality.id, "2", "EBPM(証拠に基づく政策立案)。"),
    ]
    # the footnote follows the statement that refers to it; the statement's text is unchanged
    blocks = list(convenience.blocks)
    position = next(
        i
        for i, block in enumerate(blocks)
        if getattr(block, "text", "") == "行政手続きのオンライン化の推進"
    )
    assert isinstance(blocks[position + 1], Footnote)
    changes = compare(latest, result.new).changes
    assert [(c.kind.value, c.node_type) for c in changes] == [("追加", "footnote")] * 2
    assert "note" not in {w.code for w in result.report.warnings}


def test_word_reads_a_tab_separated_kpi_block_typed_in_paragraphs() -> None:
    document = docx.Document()
    document.add_heading("（1）住民の利便性の向上", level=1)
    document.add_paragraph("【主な取組】")
    document.add_paragraph("・行政手続きのオンライン化の推進")
    document.add_paragraph("KPI\t2023\t2028")
    document.add_paragraph("オンライン申請の割合\t40\t80")
    document.add_paragraph("キャッシュレス収納の件数\t\t1,000")
    document.add_paragraph("県民への周知を進める。")
    result = import_word(_docx(document))
    blocks = result.new.pillars[0].blocks
    assert [type(block).__name__ for block in blocks] == ["Statement", "KpiTable", "Statement"]
    kpi = blocks[1]
    assert isinstance(kpi, KpiTable)
    assert (kpi.baseline_year, kpi.target_year) == (2023, 2028)
    assert [(r.indicator, r.baseline, r.target) for r in kpi.rows] == [
        ("オンライン申請の割合", "40", "80"),
        ("キャッシュレス収納の件数", None, "1,000"),
    ]
    assert compare(result.old, result.new).changes == ()


def test_cli_import_word_of_the_drafters_document(latest: Plan, tmp_path: Path) -> None:
    source = tmp_path / "第4回素案.docx"
    source.write_bytes(drafter_docx(latest))
    out = tmp_path / "folder"
    result = CliRunner().invoke(
        main,
        ["import", "word", str(source), "--out", str(out), "--old", "3", "--new", "4"],
        env={"PLANREV_LANG": "ja"},
    )
    assert result.exit_code == EXIT_OK, result.output
    new = load_draft(out / "draft-04.yaml")
    assert compare(latest, new).changes == ()
    assert new.pillars[2].fields[0].number == "1　"


def test_the_comparison_table_prints_heading_numbers_and_marks_a_changed_one() -> None:
    from planrev.views.tables import build_comparison_table

    old = b.plan("計画", b.pillar("p", "総論", b.text("t", "本文。"), number="第1章　"), meeting=1)
    new = b.plan(
        "計画",
        b.pillar("p", "総論と各論", b.text("t", "本文。"), number="第2章　"),
        b.pillar("q", "資料", number="第3章　"),
        meeting=2,
    )
    rows = build_comparison_table(compare(old, new)).rows
    texts = [("".join(p.text for p in row.new), "".join(p.text for p in row.old)) for row in rows]
    assert texts[0] == ("第2章　総論と各論", "第1章　総論")
    assert texts[1][0] == "第3章　資料"
    # the title's own diff, and a 傍線 on the number that changed (issue 14: renumbering)
    assert [p.text for p in rows[0].new if p.inserted] == ["第2章\u3000", "と各論"]


def test_marked_ids_survive_a_renumbering() -> None:
    from planrev.importers.marked import import_marked

    first = import_marked("## 第1章　総論\n\n- ・本文。\n", meeting=2, title="計画")
    second = import_marked("## 第2章　総論\n\n- ・本文。\n", meeting=2, title="計画")
    assert first.new.pillars[0].id == second.new.pillars[0].id
    assert second.new.pillars[0].number == "第2章　"


def _edited(latest: Plan) -> Plan:
    """Return the latest draft with three known edits, and with its chapters in a new order
    (the drafter's numbers change with it: 第3章 becomes 第1章 …)."""
    admin = latest.pillars[2]
    field = admin.fields[0]
    convenience = field.sections[0]
    blocks = list(convenience.blocks)
    blocks[1] = blocks[1].model_copy(update={"text": "行政手続きのオンライン化の一層の推進"})
    blocks.insert(3, b.initiative("new-1", "窓口のデジタル化の推進"))
    quality = field.sections[2]
    quality_blocks = [x for x in quality.blocks if getattr(x, "id", "") != "quality-2"]
    field = field.model_copy(
        update={
            "sections": (
                convenience.model_copy(update={"blocks": tuple(blocks)}),
                field.sections[1],
                quality.model_copy(update={"blocks": tuple(quality_blocks)}),
            )
        }
    )
    admin = admin.model_copy(update={"fields": (field,)})
    pillars = (admin, latest.pillars[3], latest.pillars[0], latest.pillars[1])
    return latest.model_copy(update={"pillars": pillars})


@pytest.mark.parametrize("form", ["markdown", "word"])
def test_known_edits_give_exactly_those_changes_and_renumbering_none(
    latest: Plan, form: str
) -> None:
    edited = _edited(latest)
    if form == "markdown":
        plan = import_plain(drafter_markdown(edited)).plan
    else:
        plan = import_word(drafter_docx(edited), old_meeting=3).new
    assert plan.pillars[0].number == "第1章　"
    assert plan.pillars[0].title == latest.pillars[2].title  # was 第3章

    # exactly the changes of the edits themselves (compared directly), none from the numbers:
    # one statement with inserted words, one added, one deleted, two pillars reordered
    def summary(plan: Plan) -> list[tuple[str, str, str, bool, list[str]]]:
        return sorted(
            (
                c.kind.value,
                c.node_type,
                c.old_id or "",
                c.move is not None,
                [d.name for d in c.diffs],
            )
            for c in compare(latest, plan).changes
        )

    assert summary(plan) == summary(edited)
    assert len(summary(plan)) == 5
    assert not any(d.name == "title" for c in compare(latest, plan).changes for d in c.diffs)


def test_a_kpi_header_ends_the_paragraph_before_it() -> None:
    result = import_plain(
        "1　施策\n\n・取組の一つ目\nKPI\t2023\t2028\n利用率\t40\t80\n", title="計画"
    )
    blocks = result.plan.pillars[0].blocks
    assert [type(block).__name__ for block in blocks] == ["Statement", "KpiTable"]
    assert blocks[0].text == "取組の一つ目"  # type: ignore[union-attr]


def test_word_reports_numbered_paragraphs_without_a_heading_style() -> None:
    document = docx.Document()
    document.add_heading("第1章　行政経営", level=1)
    document.add_paragraph("（1）住民の利便性の向上")
    document.add_paragraph("・行政手続きのオンライン化の推進")
    result = import_word(_docx(document))
    found = {(w.code, w.location.paragraph) for w in result.report.warnings}
    assert ("numbered-statements", 2) in found
    texts = [b.text for b in result.new.pillars[0].blocks if isinstance(b, Statement)]
    assert texts == ["（1）住民の利便性の向上", "行政手続きのオンライン化の推進"]


@pytest.mark.parametrize("form", ["docx", "md"])
def test_the_drafters_document_imported_into_the_folder_is_the_next_draft_with_no_change(
    latest: Plan, tmp_path: Path, form: str
) -> None:
    # Issue 13's done-when: the drafter's re-typing (numbered headings, ・ bullets, labels, KPI
    # tables made with Word's table tool, footnotes) becomes draft 4 with 0 changes, every id kept.
    import shutil

    from planrev.storage.folder import load_folder

    folder = tmp_path / "aomori-dx"
    shutil.copytree(ROOT / "drafts" / "aomori-dx", folder, ignore=shutil.ignore_patterns("source"))
    source = tmp_path / f"第4回素案.{form}"
    if form == "docx":
        source.write_bytes(drafter_docx(latest))
        command = ["import", "word", str(source), "--into", str(folder)]
    else:
        source.write_text(drafter_markdown(latest), encoding="utf-8")
        command = ["import", "plain", str(source), "--into", str(folder)]
    result = CliRunner().invoke(main, command, env={"PLANREV_LANG": "ja"})
    assert result.exit_code == EXIT_OK, result.output
    steps = load_folder(folder).drafts
    assert [d.model.meta.meeting for d in steps] == [2, 3, 4]
    new = steps[-1].model
    assert compare(latest, new).changes == ()
    assert [loc.id for loc in walk(new)] == [loc.id for loc in walk(latest)]
    assert (
        "変更0件" in result.output
        or "変更なし" in result.output
        or "変更はありません" in result.output
    )
