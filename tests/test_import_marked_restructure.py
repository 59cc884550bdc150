"""Reading a Markdown redline that shows moves at both ends (planrev.importers.marked.restructure).

Where a moved part stood (struck, with （…へ移動）) is not a deletion (a moved statement is the
previous draft's statement there); where it landed its ※移動（…から） note is not text. Both are
reported. 【分割】 and 【統合】 give the previous draft its statements back.
"""

from __future__ import annotations

from planrev.comparison import compare
from planrev.importers import import_marked
from planrev.importers.base import Findings, split_lines
from planrev.importers.marked.restructure import drop_move_sources
from planrev.model import (
    ChangeKind,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Plan,
    Section,
    Statement,
    walk,
)
from planrev.render.markdown import handout_markdown
from planrev.views import build_handout
from tests.restructure_case import (
    restructure_comparison,
    restructure_pair,
    section_move_comparison,
)


def _dropped(text: str) -> tuple[list[str], list[str]]:
    findings = Findings(None)
    lines = drop_move_sources(split_lines(text), findings)
    return [line.text for line in lines], [f.code for f in findings.sorted()]


def test_a_moved_section_where_it_stood_is_blank_up_to_the_next_heading_of_its_rank() -> None:
    text = (
        "### 【移動⑤】~~防災~~【/移動⑤】（「産業の分野」へ移動）\n"
        "- ・~~防災の文。~~\n"
        "#### ~~下の節~~\n"
        "- ・~~下の文。~~\n"
        "### 次の節\n"
        "- ・残る文。"
    )
    lines, codes = _dropped(text)
    assert lines == ["", "", "", "", "### 次の節", "- ・残る文。"]
    assert codes == ["move-source"]


def test_a_moved_kpi_table_row_note_footnote_and_statement_where_they_stood() -> None:
    text = (
        "~~KPI~~（「産業」へ移動）\t~~2023~~\t~~2028~~\t単位\n"
        "~~指標~~\t~~10~~\t~~20~~\t~~件~~\n"
        "\n"
        "KPI\t2023\t2028\t単位\n"
        "【移動④】~~バス利用者数~~【/移動④】（「産業」のKPIへ移動）\t【移動④】~~100~~【/移動④】\t\t\n"
        "残る指標\t1\t2\t件\n"
        "【【移動①】~~体系図を追加~~【/移動①】（「産業」へ移動）】\n"
        "【移動②】~~\\※1 用語の説明。~~【/移動②】（第1章第2節（1）へ移動）\n"
        "- ・【修正】~~直した文。~~【/修正】（第1章第2節（1）へ移動）"
    )
    lines, codes = _dropped(text)
    assert lines == ["", "", "", "KPI\t2023\t2028\t単位", "", "残る指標\t1\t2\t件", "", "", ""]
    assert codes == ["move-source"] * 5


def test_the_notes_where_moved_parts_landed_are_taken_off_headings_notes_and_kpi_cells() -> None:
    text = (
        "### 【移動⑤】防災※移動（「暮らしの分野」から）\n"
        "【【移動①】体系図を追加※移動（第1章第1節（1）から）】\n"
        "【移動③】KPI※移動（「交通」から）\t2023\t2028\t単位\n"
        "\\※1\\ 【移動②】用語の説明。※移動（「交通」から）\n"
        "- ・【移動】文。※移動（「交通」から）"
    )
    lines, codes = _dropped(text)
    assert lines == [
        "### 【移動⑤】防災",  # a heading's change is recorded: its marker stays
        "【体系図を追加】",
        "KPI\t2023\t2028\t単位",
        "\\※1\\ 用語の説明。",  # the lexer reads the escaped mark
        "- ・【移動】文。※移動（「交通」から）",  # a statement's: read by the lexer
    ]
    assert codes == ["move-from"] * 4


def test_text_that_only_looks_like_a_move_stays_text() -> None:
    text = "- ・倉庫は新庁舎（第2庁舎へ移動）\n- ・~~一部~~だけ消した文（別館へ移動）"
    lines, codes = _dropped(text)
    assert lines == text.split("\n")
    assert codes == []


def test_the_markdown_redline_of_moved_parts_reads_back_without_their_sources() -> None:
    comparison = section_move_comparison()
    markdown = handout_markdown(build_handout(comparison, move_origins=True))
    read = import_marked(markdown, meeting=2, old_meeting=1)
    codes = [w.code for w in read.warnings]
    assert codes.count("move-source") == 4  # note, footnote, KPI table (with its rows), section
    assert codes.count("move-from") == 5
    for plan in (read.old, read.new):
        for located in walk(plan):
            node = located.node
            if isinstance(node, Section):
                written = node.title
            elif isinstance(node, Statement | Note | Footnote):
                written = node.text or ""
            elif isinstance(node, KpiTable):
                written = node.title
            elif isinstance(node, KpiRow):
                written = node.indicator
            else:
                continue
            assert "へ移動）" not in written, written
            assert "※移動" not in written, written
    # Each moved part is read as what it is, where it landed.
    nodes = [loc.node for loc in walk(read.new)]
    assert [n.text for n in nodes if isinstance(n, Note)] == ["体系図を追加"]
    assert [(n.mark, n.text) for n in nodes if isinstance(n, Footnote)] == [
        ("※1", "デマンド交通とは、予約に応じて運行する交通である。")
    ]
    assert [n.indicator for n in nodes if isinstance(n, KpiRow)] == [
        "デマンド交通の導入市町村数",
        "バス利用者数",
    ]
    assert len([n for n in nodes if isinstance(n, KpiTable)]) == 2
    assert not [n for n in nodes if isinstance(n, Statement) and "\t" in (n.text or "")]
    # The moved section is read once, where it landed, with its statements.
    titles = [loc.node.title for loc in walk(read.new) if isinstance(loc.node, Section)]
    assert titles.count("防災力の向上") == 1


def test_the_markdown_redline_of_a_restructure_reads_back_the_new_draft_and_every_kind() -> None:
    from planrev.model import Pillar
    from tests.restructure_case import restructure_comparison

    comparison = restructure_comparison()
    markdown = handout_markdown(build_handout(comparison, move_origins=True))
    assert markdown.startswith("R5.7.26第2回「地域振興計画」")  # no committee: still a header
    read = import_marked(markdown)
    assert read.new.meta.meeting == 2

    def shape(plan: object) -> list[tuple[str, str | None, str | None]]:
        result: list[tuple[str, str | None, str | None]] = []
        for located in walk(plan):  # type: ignore[arg-type]
            node = located.node
            if isinstance(node, Statement):
                result.append(("statement", None, node.text))
            elif not isinstance(node, Pillar):
                result.append((type(node).__name__, node.number, node.title))  # type: ignore[union-attr]
        return result

    # Numbers stay apart from titles, also after a marker (【追加】（1）デジタル化の推進).
    assert shape(read.new) == shape(comparison.new)
    kinds = [(change.kind, change.label) for change in read.revision.changes]
    assert kinds == [(change.kind, change.label) for change in comparison.changes]


def test_a_statement_moved_unchanged_keeps_its_words_in_the_previous_draft() -> None:
    text = (
        "# 柱\n\n## 分野\n\n### 施策1\n\n- ・~~移した文。~~（「施策2」へ移動）\n\n"
        "### 施策2\n\n- ・【移動】移した文。※移動（「施策1」から）\n"
    )
    read = import_marked(text, meeting=2, title="計画")
    for plan in (read.old, read.new):
        texts = [loc.node.text for loc in walk(plan) if isinstance(loc.node, Statement)]
        assert texts == ["移した文。"]
    assert [c.kind.value for c in read.revision.changes] == ["移動"]


def _texts(plan: Plan) -> list[str | None]:
    return [loc.node.text for loc in walk(plan) if isinstance(loc.node, Statement)]


def test_a_split_reads_back_as_one_statement_in_the_previous_draft() -> None:
    text = "# 柱\n\n## 分野\n\n- ・前半を進めるため【分割】~~、~~。【/分割】\n- ・後半を行う。\n- ・残る文。\n"
    read = import_marked(text, meeting=2, title="計画")
    assert _texts(read.new) == ["前半を進めるため。", "後半を行う。", "残る文。"]
    assert _texts(read.old) == ["前半を進めるため、後半を行う。", "残る文。"]
    assert [(c.kind, c.label) for c in read.revision.changes] == [(ChangeKind.SPLIT, "分割")]


def test_a_merge_reads_back_as_two_statements_in_the_previous_draft() -> None:
    text = "# 柱\n\n## 分野\n\n- ・起業を支援する【統合】~~。~~、【/統合】助言を続ける。\n"
    read = import_marked(text, meeting=2, title="計画")
    assert _texts(read.new) == ["起業を支援する、助言を続ける。"]
    assert _texts(read.old) == ["起業を支援する。", "助言を続ける。"]
    assert [(c.kind, c.label) for c in read.revision.changes] == [(ChangeKind.MERGE, "統合")]


def test_a_merge_whose_first_statement_end_is_not_shown_is_reported() -> None:
    text = "# 柱\n\n## 分野\n\n- ・起業を支援し【統合】~~て~~、【/統合】助言を続ける\n"
    read = import_marked(text, meeting=2, title="計画")
    assert _texts(read.old) == ["起業を支援して助言を続ける"]
    assert [w.code for w in read.warnings] == ["pieces-unread"]


def test_a_split_with_nothing_after_it_is_reported() -> None:
    text = "# 柱\n\n## 分野\n\n- ・前半を進めるため【分割】~~、~~。【/分割】\n"
    read = import_marked(text, meeting=2, title="計画")
    assert _texts(read.old) == ["前半を進めるため、"]
    assert "pieces-unread" in [w.code for w in read.warnings]


def test_the_restructure_redline_reads_back_to_both_drafts_statements() -> None:
    old, new = restructure_pair()
    markdown = handout_markdown(build_handout(restructure_comparison(), move_origins=True))
    markdown = markdown[markdown.index("\n# ") :]  # the case's header is not the seed's
    read = import_marked(markdown, meeting=2, old_meeting=1, title="地域振興計画")
    # The moved statements stand where they landed in both drafts (the handout's from-note does
    # not say where among their old neighbours they stood), so compare as sets.
    assert sorted(map(str, _texts(read.new))) == sorted(map(str, _texts(new)))
    assert sorted(map(str, _texts(read.old))) == sorted(map(str, _texts(old)))
    kinds = [c.kind for c in read.revision.changes]
    for kind in (ChangeKind.SPLIT, ChangeKind.MERGE, ChangeKind.MOVE, ChangeKind.MODIFY):
        assert kind in kinds
    assert ChangeKind.DELETE not in kinds  # neither a move's struck source nor a piece
    # The previous draft's pieces have ids of their own: comparing again finds the 分割 and 統合.
    again = [c.kind for c in compare(read.old, read.new).changes]
    assert ChangeKind.SPLIT in again
    assert ChangeKind.MERGE in again


def test_a_footnote_as_planrevs_markdown_escapes_it_reads_as_a_footnote() -> None:
    text = "# 柱\n\n## 分野\n\n- ・文。\n\n\\※1\\ 用語の説明。\n"
    read = import_marked(text, meeting=2, title="計画")
    notes = [
        (loc.node.mark, loc.node.text) for loc in walk(read.new) if isinstance(loc.node, Footnote)
    ]
    assert notes == [("※1", "用語の説明。")]


def test_a_moved_statement_stands_where_it_stood_in_the_previous_draft() -> None:
    moved = "避難所となる公共施設の耐震化を進め、非常用電源を整備する。"
    edited = "防災情報をスマートフォンで受け取れるよう、登録の呼びかけを進める。"
    text = (
        f"# 柱\n\n## 分野\n\n### 施策1\n\n- ・残る文。\n- ・~~{moved}~~（「施策2」へ移動）\n"
        f"- ・~~{edited}~~（「施策2」へ移動）\n\n"
        f"### 施策2\n\n- ・【移動】{moved}※移動（「施策1」から）\n"
        "- ・防災情報をスマートフォンで受け取れるよう、登録の呼びかけを【修正】一層【/修正】進める。"
        "※移動（「施策1」から）\n"
    )
    read = import_marked(text, meeting=2, title="計画")
    assert _texts(read.old) == ["残る文。", moved, edited]
    assert _texts(read.new) == ["残る文。", moved, edited.replace("を進", "を一層進")]
    assert [c.kind for c in read.revision.changes] == [ChangeKind.MOVE, ChangeKind.MODIFY]
    # Both ends are read: comparing the drafts again finds the moves, and nothing deleted.
    again = compare(read.old, read.new).changes
    assert [c.move is not None for c in again] == [True, True]
    assert ChangeKind.DELETE not in [c.kind for c in again]


def test_a_statement_source_without_its_other_end_is_left_out() -> None:
    text = "# 柱\n\n## 分野\n\n- ・残る文。\n- ・~~どこにもない文。~~（「施策2」へ移動）\n"
    read = import_marked(text, meeting=2, title="計画")
    assert _texts(read.old) == _texts(read.new) == ["残る文。"]
    assert read.revision.changes == ()
    assert [w.code for w in read.warnings] == ["move-source"]


def test_a_statement_source_pairs_only_with_a_statement_marked_as_moved() -> None:
    same = "避難所となる公共施設の耐震化を進め、非常用電源を整備する。"
    text = (
        f"# 柱\n\n## 分野\n\n### 施策1\n\n- ・~~{same}~~（「施策2」へ移動）\n\n"
        f"### 施策2\n\n- ・{same}【追加】加えて、備蓄を進める。【/追加】\n"
    )
    read = import_marked(text, meeting=2, title="計画")
    # Not marked ※移動 where it stands: the struck line is left out, the statement stays in both.
    assert _texts(read.old) == [same]
    assert [c.kind for c in read.revision.changes] == [ChangeKind.ADD]


def test_moved_is_reported_only_when_where_it_stood_is_not_found() -> None:
    landed = "### 施策2\n\n- ・【移動】移した長い文である。※移動（「施策1」から）\n"
    stood = "- ・~~移した長い文である。~~（「施策2」へ移動）\n\n"
    for source, codes in ((stood, ["move-source"]), ("", ["moved"])):
        text = f"# 柱\n\n## 分野\n\n### 施策1\n\n{source}{landed}"
        read = import_marked(text, meeting=2, title="計画")
        assert [w.code for w in read.warnings] == codes
        assert [c.kind for c in read.revision.changes] == [ChangeKind.MOVE]
