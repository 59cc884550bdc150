"""Marked-text rules for printed redlines (PDF handouts, printed Word), tested on text.

A printed redline shows what planrev's own redline and Word's tracked changes look like on the
page: an opinion box for the whole plan after the structure diagram, a change's marker once before
passages that are apart, a KPI row marked in its indicator cell, whole inserted paragraphs
underlined with their bullet, marker and ※ note, a plain structure page whose body headings carry
the marks, ※移動 after a reason, the plan's name as a heading, numbered opinion rows and the unit
column before the years. The seed's own reading does not change (byte-identical import).
"""

from __future__ import annotations

from pathlib import Path

from planrev.importers import import_marked
from planrev.importers.marked.inline import lift_marks
from planrev.model import ChangeKind, KpiTable, Span, Statement, find, walk
from planrev.storage.documents import dump_document
from tests.conftest import ROOT, SEED
from tests.test_import_support import assert_consistent

HEADER = "R5.7.26第3回「(仮称)テスト計画」策定委員会\n"
"""The header line every handout here starts with."""


def _statements(plan: object) -> list[str | None]:
    return [loc.node.text for loc in walk(plan) if isinstance(loc.node, Statement)]  # type: ignore[arg-type]


def _one(
    body: str,
) -> tuple[list[str | None], list[str | None], list[tuple[str, Span | None]], list[str]]:
    """Import one bullet of a field; return new and old texts, changes and warning codes."""
    result = import_marked(HEADER + "# 柱\n\n## 分野\n\n" + body + "\n")
    assert_consistent(result, reload=False)
    changes = [(c.kind.value, c.span) for c in result.revision.changes]
    return (
        _statements(result.new),
        _statements(result.old),
        changes,
        [w.code for w in result.warnings],
    )


# --------------------------------------------------------------------------------------------
# A ★意見 box for the whole plan after the structure diagram


STRUCTURE_WITH_BOX = HEADER + (
    "### 柱A\n\n#### 分野A\n\n施策一\n\n施策二\n\n"
    "#### ★意見(事務局が聞き取りしたもの)\n\n意見その一\t追加\n要望だけの意見\t\n\n"
    "# 柱A\n\n## 分野A\n\n### 施策二\n\n- ・【追加】新しい取組\n"
)


def test_an_opinion_box_after_the_structure_diagram_keeps_the_structure_page() -> None:
    result = import_marked(STRUCTURE_WITH_BOX)
    assert_consistent(result)
    (pillar,) = result.new.pillars
    (field,) = pillar.fields
    assert [s.title for s in field.sections] == ["施策一", "施策二"]  # the structure's order
    assert field.sections[0].omitted  # listed on the structure page, not shown
    assert [w.code for w in result.warnings] == []


def test_the_box_on_the_structure_page_holds_the_whole_plans_opinions() -> None:
    result = import_marked(STRUCTURE_WITH_BOX)
    first, second = result.opinions.opinions
    assert (first.text, first.scope) == ("意見その一", None)
    assert second.text == "要望だけの意見"
    (change,) = result.revision.changes
    assert change.opinions == (first.id,)


def test_a_box_followed_by_more_titles_is_no_structure_page() -> None:
    text = HEADER + (
        "# 柱A\n\n## 分野A\n\n★意見(事務局が聞き取りしたもの)\n\n意見\t\n\n## 分野B\n\n# 柱A\n"
    )
    result = import_marked(text)
    # Read by heading levels: the repeated pillar heading continues the same pillar.
    assert [f.title for f in result.new.pillars[0].fields] == ["分野A", "分野B"]
    assert not any(f.omitted for f in result.new.pillars[0].fields)


# --------------------------------------------------------------------------------------------
# A marker printed once before passages that are apart


def test_separate_passages_after_one_marker_are_one_modification() -> None:
    new, old, changes, codes = _one("- ・前【修正】~~旧い~~<u>新しい</u>中~~古~~<u>新</u>後")
    assert (new, old) == (["前新しい中新後"], ["前旧い中古後"])
    assert changes == [("修正", Span(start=1, end=6))]
    assert codes == []


def test_separate_underlined_passages_after_one_addition_marker() -> None:
    new, old, changes, codes = _one("- ・前【追加】<u>一</u>中<u>二</u>後")
    assert (new, old) == (["前一中二後"], ["前中後"])
    assert changes == [("追加", Span(start=1, end=4))]
    assert codes == []


def test_separate_struck_passages_after_one_deletion_marker() -> None:
    new, old, changes, codes = _one("- ・前【削除】~~一~~中~~二~~後")
    assert (new, old) == (["前中後"], ["前一中二後"])
    assert changes == [("削除", Span(start=1, end=4))]
    assert codes == []


def test_an_underline_after_a_deletion_does_not_continue_it() -> None:
    *_, changes, codes = _one("- ・前【削除】~~一~~中<u>強調</u>後")
    assert changes == [("削除", Span(start=1, end=2))]
    assert codes == ["underline-unmarked"]


def test_a_strike_after_a_closed_change_is_still_unmarked() -> None:
    *_, changes, codes = _one("- ・前【追加】一【/追加】中~~二~~後")
    assert [kind for kind, _ in changes] == ["追加", "削除"]
    assert codes == ["strike-unmarked"]


def test_a_wholly_underlined_modification_does_not_show_its_old_text() -> None:
    new, old, changes, codes = _one("- ・【修正】<u>新しい文</u>")
    assert (new, old) == (["新しい文"], [None])  # as 【修正】新しい文: the old text not printed
    assert (changes, codes) == ([("修正", None)], [])


# --------------------------------------------------------------------------------------------
# KPI rows marked in the indicator cell


KPI = HEADER + "# 柱\n\n## 分野\n\nKPI\t2023\t2028\t単位\n"


def _rows(text: str) -> tuple[list[tuple[str, ...]], list[tuple[str, ...]]]:
    result = import_marked(text)

    def rows(plan: object) -> list[tuple[str, ...]]:
        return [
            (row.indicator, row.baseline or "", row.target or "", row.unit or "")
            for loc in walk(plan)  # type: ignore[arg-type]
            if isinstance(loc.node, KpiTable)
            for row in loc.node.rows
        ]

    return rows(result.new), rows(result.old)


def test_a_marker_in_the_indicator_cell_labels_the_rows_change() -> None:
    new, old = _rows(KPI + "【修正①】観光情報の利用率\t20\t~~79~~<u>87</u>\t団体\n")
    assert new == [("観光情報の利用率", "20", "87", "団体")]
    assert old == [("観光情報の利用率", "20", "79", "団体")]


def test_a_whole_added_or_deleted_row_printed_with_its_marks() -> None:
    new, old = _rows(
        KPI + "【追加】<u>新しい指標</u>\t<u>1</u>\t<u>2</u>\t件\n"
        "【削除】~~古い指標~~\t~~3~~\t~~4~~\t件\n"
    )
    assert new == [("新しい指標", "1", "2", "件")]
    assert old == [("古い指標", "3", "4", "件")]


def test_a_hand_written_row_without_decorations_reads_as_before() -> None:
    new, old = _rows(KPI + "【追加】新しい指標\t10\t20\t件\n")
    assert new == [("新しい指標", "10", "20", "件")]
    assert old == []


def test_the_unit_column_may_stand_before_the_years() -> None:
    text = HEADER + "# 柱\n\n## 分野\n\nKPI\t単位\t2023\t2028\n指標\t件\t1\t2\n"
    result = import_marked(text)
    (table,) = [loc.node for loc in walk(result.new) if isinstance(loc.node, KpiTable)]
    assert (table.baseline_year, table.target_year) == (2023, 2028)
    (row,) = table.rows
    assert (row.indicator, row.unit, row.baseline, row.target) == ("指標", "件", "1", "2")
    assert result.warnings == ()


def test_an_opinion_labelled_with_a_kpi_change_is_reported_not_linked_elsewhere() -> None:
    text = HEADER + (
        "# 柱\n\n## 分野一\n\n- ・【修正】~~旧~~<u>新</u>\n\n"
        "## 分野二\n\n★意見(事務局が聞き取りしたもの)\n\n目標を上げるべき\t修正\n\n"
        "KPI\t2023\t2028\n【修正】指標\t1\t~~2~~<u>3</u>\n"
    )
    result = import_marked(text)
    (change,) = result.revision.changes
    assert change.opinions == ()
    assert "label-kpi" in [w.code for w in result.warnings]
    assert "label-outside-scope" not in [w.code for w in result.warnings]


# --------------------------------------------------------------------------------------------
# Whole paragraphs underlined or struck (tracked changes, printed)


def test_marks_over_a_bullet_and_a_marker_open_after_them() -> None:
    assert lift_marks("<u>・【追加①】新しい文</u>") == "・【追加①】<u>新しい文</u>"
    assert lift_marks("・~~【削除】古い文~~") == "・【削除】~~古い文~~"
    assert lift_marks("~~A~~【追加】<u>B</u>") == "~~A~~【追加】<u>B</u>"  # a closing ~~
    assert lift_marks(r"\~~【追加】x") == r"\~~【追加】x"  # escaped: text, not a mark


def test_an_inserted_paragraph_underlined_with_its_bullet_marker_and_note() -> None:
    new, old, changes, codes = _one("<u>・【追加①】新しい取組を進める。※事務局による文言整理</u>")
    assert (new, old, changes, codes) == (["新しい取組を進める。"], [], [("追加", None)], [])
    result = import_marked(
        HEADER + "# 柱\n\n## 分野\n\n<u>・【追加①】新しい取組を進める。※事務局による文言整理</u>\n"
    )
    (change,) = result.revision.changes
    assert (change.kind, change.reason) == (ChangeKind.ADD, "事務局による文言整理")


def test_a_deleted_paragraph_struck_with_its_note() -> None:
    new, old, changes, codes = _one("・【削除】~~古い取組を進める。※関係課との協議による修正~~")
    assert (new, old, changes, codes) == ([], ["古い取組を進める。"], [("削除", None)], [])


# --------------------------------------------------------------------------------------------
# Headings, notes and numbers as printed


def test_a_plain_structure_page_takes_the_body_headings_marks() -> None:
    text = HEADER + (
        "### 柱A\n\n#### 分野A\n\n施策一等\n\n"
        "# 柱A\n\n## 分野A\n\n### 施策一【追加】<u>等</u>\n\n- ・取組\n"
    )
    result = import_marked(text)
    (change,) = result.revision.changes
    section = result.new.pillars[0].fields[0].sections[0]
    assert (change.kind, change.target, change.label) == (ChangeKind.ADD, section.id, "追加")
    old_section = find(result.old, section.id)
    assert old_section is not None
    assert old_section.node.title == "施策一"  # type: ignore[union-attr]
    assert "heading-marker-differs" not in [w.code for w in result.warnings]


def test_a_title_listed_twice_matches_the_body_headings_in_order() -> None:
    text = HEADER + (
        "### 柱A\n\n#### 分野A\n\n同じ題名\n\n別の題名\n\n同じ題名\n\n"
        "# 柱A\n\n## 分野A\n\n### 同じ題名\n\n- ・一つ目\n\n### 別の題名\n\n- ・間\n\n"
        "### 同じ題名\n\n- ・二つ目\n"
    )
    result = import_marked(text)
    first, _, second = result.new.pillars[0].fields[0].sections
    assert [s.text for s in first.blocks] == ["一つ目"]  # type: ignore[union-attr]
    assert [s.text for s in second.blocks] == ["二つ目"]  # type: ignore[union-attr]


def test_moved_after_a_reason_is_not_text_nor_reason() -> None:
    result = import_marked(
        HEADER + "# 柱\n\n## 分野\n\n- ・【修正】移した取組。※関係課との協議による修正※移動\n"
    )
    (change,) = result.revision.changes
    assert change.reason == "関係課との協議による修正"
    assert _statements(result.new) == ["移した取組。"]
    assert _statements(result.old) == [None]  # where it came from is not printed
    (warning,) = result.warnings
    assert (warning.code, warning.location.line) == ("moved", 6)


def test_moved_alone_is_no_reason() -> None:
    result = import_marked(HEADER + "# 柱\n\n## 分野\n\n- ・【修正】移した取組。※移動\n")
    (change,) = result.revision.changes
    assert change.reason is None
    assert _statements(result.new) == ["移した取組。"]


def test_moved_in_an_unchanged_statement_stays_text() -> None:
    result = import_marked(HEADER + "# 柱\n\n## 分野\n\n- ・変わらない取組。※移動\n")
    assert _statements(result.new) == ["変わらない取組。※移動"]
    assert result.warnings == ()


def test_the_plans_name_as_a_heading_is_its_title() -> None:
    text = HEADER + "# (仮称)テスト計画\n\n## 柱\n\n### 分野\n\n- ・取組\n"
    result = import_marked(text)
    assert [p.title for p in result.new.pillars] == ["柱"]
    assert [f.title for f in result.new.pillars[0].fields] == ["分野"]


def test_a_heading_with_another_name_stays_a_part() -> None:
    result = import_marked(HEADER + "# 別の名前\n\n## 分野\n\n- ・取組\n")
    assert [p.title for p in result.new.pillars] == ["別の名前"]


def test_numbered_opinion_rows_lose_their_numbers() -> None:
    text = HEADER + (
        "# 柱\n\n## 分野\n\n- ・【追加】新しい取組\n\n★意見(事務局が聞き取りしたもの)\n"
        "意見1\u3000一つ目の意見\t追加\n意見2\u3000二つ目の意見\t\n"
    )
    result = import_marked(text)
    assert [o.text for o in result.opinions.opinions] == ["一つ目の意見", "二つ目の意見"]


def test_numbers_that_do_not_count_up_are_text() -> None:
    text = HEADER + (
        "# 柱\n\n## 分野\n\n★意見(事務局が聞き取りしたもの)\n"
        "意見3\u3000一つ目\t\n意見7\u3000二つ目\t\n"
    )
    result = import_marked(text)
    assert [o.text for o in result.opinions.opinions] == ["意見3\u3000一つ目", "意見7\u3000二つ目"]


def test_numbers_may_go_on_from_the_tables_before() -> None:
    text = HEADER + "# 柱\n\n## 分野\n\n★意見(事務局が聞き取りしたもの)\n意見56\u3000続きの意見\t\n"
    result = import_marked(text)
    assert [o.text for o in result.opinions.opinions] == ["続きの意見"]


# --------------------------------------------------------------------------------------------
# The seed reads as it did


GOLDEN = ROOT / "tests" / "golden" / "import_marked_seed" / "seed.txt"


def test_the_seed_imports_byte_identically() -> None:
    """The four documents and the warnings of the seed, as written before these rules."""
    result = import_marked(SEED.read_text(encoding="utf-8"), path=Path(SEED.name))
    text = "".join(
        dump_document(getattr(result, name)) for name in ("old", "new", "opinions", "revision")
    ) + "".join(f"{warning}\n" for warning in result.warnings)
    assert text == GOLDEN.read_text(encoding="utf-8")
