"""Restructured drafts compared: renumbered headings and moves of every node type."""

from __future__ import annotations

from planrev.comparison import Op, Renumbering, compare
from planrev.comparison.structure import MOVED_SIMILARITY_THRESHOLD
from planrev.model import ChangeKind, Plan, Section
from planrev.model.build import field, footnote, initiative, kpi, kpi_row, pillar, plan, section

_LONG = "地域の交通事業者と連携し、高齢者の移動手段を確保するため、デマンド交通の導入を支援する。"
_OTHER = "中小企業のデジタル化を進めるため、専門人材の派遣と設備投資への補助を組み合わせて行う。"


def _numbered(node: Section, number: str) -> Section:
    return node.model_copy(update={"number": number})


def _draft(meeting: int, *sections: Section) -> Plan:
    return plan("計画", pillar("p1", "柱", field("f1", "分野", *sections)), meeting=meeting)


def test_a_number_changed_by_an_insertion_is_a_renumbering_not_a_change() -> None:
    first = _numbered(section("s1", "交通", initiative("a", _LONG)), "（1）")
    second = _numbered(section("s2", "産業", initiative("b", _OTHER)), "（2）")
    inserted = _numbered(section("s0", "防災", initiative("c", "避難所を整備する。")), "（1）")
    old = _draft(1, first, second)
    new = _draft(2, inserted, _numbered(first, "（2）"), _numbered(second, "（3）"))
    comparison = compare(old, new)
    assert [(c.kind, c.id) for c in comparison.changes] == [(ChangeKind.ADD, "s0")]
    assert [(r.old_id, r.old_number, r.new_number) for r in comparison.renumbered] == [
        ("s1", "（1）", "（2）"),
        ("s2", "（2）", "（3）"),
    ]
    assert not any(r.moved for r in comparison.renumbered)


def test_a_renamed_and_renumbered_heading_changes_its_title_only() -> None:
    old = _draft(1, _numbered(section("s1", "交通の確保", initiative("a", _LONG)), "（1）"))
    new = _draft(2, _numbered(section("s1", "移動の確保", initiative("a", _LONG)), "（2）"))
    comparison = compare(old, new)
    (change,) = comparison.changes
    assert [diff.name for diff in change.diffs] == ["title"]
    assert comparison.renumbered == (
        Renumbering("s1", "s1", "section", "（1）", "（2）", moved=False),
    )


def test_a_section_moved_under_a_new_id_keeps_its_subtree_and_notes_its_number() -> None:
    moving = _numbered(section("s2", "産業", initiative("b", _OTHER)), "（2）")
    old = plan(
        "計画",
        pillar(
            "p1",
            "柱",
            field(
                "f1",
                "分野",
                _numbered(section("s1", "交通", initiative("a", _LONG)), "（1）"),
                moving,
            ),
            field(
                "f2",
                "別分野",
                _numbered(section("s3", "防災", initiative("c", "避難所。")), "（1）"),
            ),
        ),
        meeting=1,
    )
    moved = moving.model_copy(update={"id": "x-s2", "number": "（2）"})
    new = plan(
        "計画",
        pillar(
            "p1",
            "柱",
            field("f1", "分野", _numbered(section("s1", "交通", initiative("a", _LONG)), "（1）")),
            field(
                "f2",
                "別分野",
                _numbered(section("s3", "防災", initiative("c", "避難所。")), "（1）"),
                moved,
            ),
        ),
        meeting=2,
    )
    comparison = compare(old, new)
    (change,) = comparison.changes
    assert (change.kind, change.old_id, change.new_id) == (ChangeKind.MOVE, "s2", "x-s2")
    assert change.move is not None
    assert (change.move.old_container, change.move.new_container) == ("f1", "f2")
    assert comparison.renumbered == ()  # same number in its new place


def _moved_block_drafts(old_block: object, new_block: object) -> tuple[Plan, Plan]:
    old = _draft(
        1,
        section("s1", "交通", initiative("a", _LONG), old_block),  # type: ignore[arg-type]
        section("s2", "産業", initiative("b", _OTHER)),
    )
    new = _draft(
        2,
        section("s1", "交通", initiative("a", _LONG)),
        section("s2", "産業", initiative("b", _OTHER), new_block),  # type: ignore[arg-type]
    )
    return old, new


def test_footnotes_and_kpi_tables_moved_under_new_ids_are_one_move_each() -> None:
    for old_block, new_block in (
        (
            footnote("n1", "※1", "デマンド交通：利用者の予約に応じて運行する乗合の交通。"),
            footnote("x-n1", "※1", "デマンド交通：利用者の予約に応じて運行する乗合型の交通。"),
        ),
        (
            kpi("k1", kpi_row("r1", "デマンド交通の導入市町村数", baseline="3", target="10")),
            kpi("x-k1", kpi_row("x-r1", "デマンド交通の導入市町村数", baseline="3", target="12")),
        ),
    ):
        comparison = compare(*_moved_block_drafts(old_block, new_block))
        kinds = {change.kind for change in comparison.changes}
        assert ChangeKind.ADD not in kinds
        assert ChangeKind.DELETE not in kinds
        moved = [c for c in comparison.changes if c.move is not None]
        assert len(moved) == 1
        assert moved[0].old_id == old_block.id  # type: ignore[attr-defined]


def test_a_moved_statement_below_the_threshold_is_a_deletion_and_an_addition() -> None:
    edited = (
        "地域の交通事業者と連携し、通学する生徒の移動手段を確保するため、スクールバスを運行する。"
    )
    for new_text, paired in ((_LONG.replace("支援する", "着実に支援する"), True), (edited, False)):
        comparison = compare(
            *_moved_block_drafts(initiative("m", _LONG), initiative("x-m", new_text))
        )
        kinds = sorted(change.kind.value for change in comparison.changes)
        assert kinds == (["修正"] if paired else ["削除", "追加"]), new_text
    assert 0.5 < MOVED_SIMILARITY_THRESHOLD < 0.9


def test_the_comparison_table_marks_only_the_number_of_a_renumbered_heading() -> None:
    from planrev.views.tables import RENUMBERED_REMARK, TableOptions, build_comparison_table

    first = _numbered(section("s1", "交通", initiative("a", _LONG)), "（1）")
    second = _numbered(section("s2", "産業", initiative("b", _OTHER)), "（2）")
    inserted = _numbered(section("s0", "防災", initiative("c", "避難所を整備する。")), "（1）")
    renamed = _numbered(section("s2", "産業振興", initiative("b", _OTHER)), "（3）")
    comparison = compare(
        _draft(1, first, second), _draft(2, inserted, _numbered(first, "（2）"), renamed)
    )
    table = build_comparison_table(comparison)
    shown = [
        (
            [(p.text, p.op) for p in row.new],
            [(p.text, p.op) for p in row.old],
            row.remarks,
        )
        for row in table.rows
        if row.change != "s0"
    ]
    assert shown == [
        (
            [("（2）", Op.INSERT), ("交通", Op.EQUAL)],
            [("（1）", Op.DELETE), ("交通", Op.EQUAL)],
            RENUMBERED_REMARK,
        ),
        (
            [("（3）", Op.INSERT), ("産業", Op.EQUAL), ("振興", Op.INSERT)],
            [("（2）", Op.DELETE), ("産業", Op.EQUAL)],
            "追加②",  # 振興 inserted; the number is no change of its own
        ),
    ]
    assert [row.change for row in table.rows][:1] == ["s0"]
    plain = build_comparison_table(comparison, options=TableOptions(renumbering=False))
    assert [row.change for row in plain.rows] == ["s0", "s2"]
    assert build_comparison_table(comparison, only=["s0"]).rows[0].change == "s0"
    assert len(build_comparison_table(comparison, only=["s0"]).rows) == 1


def _moved_statement() -> tuple[Plan, Plan]:
    traffic = _numbered(
        section("s1", "交通", initiative("a", _LONG), initiative("m", _OTHER)), "（1）"
    )
    industry = _numbered(section("s2", "産業", initiative("b", "商店街を支援する。")), "（1）")
    old = plan(
        "計画",
        pillar("p1", "柱", field("f1", "分野", traffic), field("f2", "別分野", industry)),
        meeting=1,
    )
    moved = initiative("x-m", _OTHER.replace("行う", "着実に行う"))
    new = plan(
        "計画",
        pillar(
            "p1",
            "柱",
            field("f1", "分野", _numbered(section("s1", "交通", initiative("a", _LONG)), "（1）")),
            field(
                "f2",
                "別分野",
                _numbered(
                    section("s2", "産業", initiative("b", "商店街を支援する。"), moved), "（1）"
                ),
            ),
        ),
        meeting=2,
    )
    numbered = {"p1": "第1章\u3000", "f1": "第1節\u3000", "f2": "第2節\u3000"}

    def number(draft: Plan) -> Plan:
        pillar_ = draft.pillars[0]
        fields = tuple(f.model_copy(update={"number": numbered[f.id]}) for f in pillar_.fields)
        top = pillar_.model_copy(update={"number": numbered["p1"], "fields": fields})
        return draft.model_copy(update={"pillars": (top,)})

    return number(old), number(new)


def test_a_move_is_noted_at_both_ends_in_the_handout_and_the_table() -> None:
    from planrev.views import build_handout
    from planrev.views.objects import LineView
    from planrev.views.tables import build_comparison_table

    comparison = compare(*_moved_statement())
    (change,) = comparison.changes
    assert change.kind is ChangeKind.MODIFY
    view = build_handout(comparison, move_origins=True)
    lines = [
        line
        for pillar_view in view.nodes
        for field_view in pillar_view.children
        for section_view in field_view.children
        for line in section_view.blocks
        if isinstance(line, LineView)
    ]
    notes = {line.node_id: [p.text for p in line.pieces if p.kind == "note"] for line in lines}
    assert notes["x-m"] == ["※移動（第1章第1節（1）から）"]
    assert notes["m"] == ["（第1章第2節（1）へ移動）"]
    origin = next(line for line in lines if line.node_id == "m")
    assert origin.status == "moved"
    assert all(p.deleted for p in origin.pieces if p.kind == "text")
    table = build_comparison_table(comparison)
    assert [(row.location.split(" ＞ ")[-1], row.remarks) for row in table.rows] == [
        ("交通", change.label),
        ("産業", change.label + "※移動（第1章第1節（1）から）"),
    ]
    source = table.rows[0]
    assert [p.text for p in source.new] == ["（第1章第2節（1）へ移動）"]
    assert [(p.text, p.op) for p in source.old] == [(_OTHER, Op.DELETE)]


_FIRST = "地域の交通事業者と連携し、高齢者の移動手段を確保する。"
_SECOND = "デマンド交通の導入を支援し、運行の費用の一部を補助する。"


def test_a_statement_split_in_two_is_one_split_with_a_diff_across_the_pieces() -> None:
    from planrev.comparison import redline
    from planrev.views import build_handout
    from planrev.views.objects import LineView

    old = _draft(1, section("s1", "交通", initiative("a", _FIRST.rstrip("。") + "、" + _SECOND)))
    new = _draft(1, section("s1", "交通", initiative("x1", _FIRST), initiative("x2", _SECOND)))
    new = new.model_copy(update={"meta": new.meta.model_copy(update={"meeting": 2})})
    comparison = compare(old, new)
    (change,) = comparison.changes
    assert (change.kind, change.old_id, change.new_id, change.parts) == (
        ChangeKind.SPLIT,
        "a",
        "x1",
        ("x2",),
    )
    assert change.label == "分割"
    diff = change.text_diff()
    assert diff is not None
    assert redline(diff.spans) == _FIRST.rstrip("。") + "[-、-]{+。+}" + _SECOND
    record = comparison.to_revision()
    assert [(r.kind, r.target) for r in record.changes] == [(ChangeKind.SPLIT, "x1")]
    view = build_handout(comparison)
    lines = [b for b in view.nodes[0].children[0].children[0].blocks if isinstance(b, LineView)]
    printed = [
        "".join(
            f"【{p.text}】" if p.kind == "marker" else f"[-{p.text}-]" if p.deleted else p.text
            for p in line.pieces
        )
        for line in lines
    ]
    assert printed[0] == _FIRST.rstrip("。") + "【分割】[-、-]。"  # marked where it changed
    assert printed[1] == _SECOND  # its own part, no second marker
    assert [line.changes for line in lines] == [("x1",), ("x1",)]


def test_two_statements_merged_are_one_merge() -> None:
    old = _draft(1, section("s1", "交通", initiative("a", _FIRST), initiative("b", _SECOND)))
    merged = _FIRST.rstrip("。") + "、" + _SECOND
    new = _draft(2, section("s1", "交通", initiative("x", merged)))
    comparison = compare(old, new)
    (change,) = comparison.changes
    assert (change.kind, change.old_id, change.new_id, change.parts) == (
        ChangeKind.MERGE,
        "a",
        "x",
        ("b",),
    )
    assert change.label == "統合"


def test_an_edit_followed_by_a_new_statement_is_not_a_split() -> None:
    old = _draft(1, section("s1", "交通", initiative("a", _LONG)))
    edited = _LONG.replace("支援する", "重点的に支援する")
    added = "あわせて、運転手の確保に向けた研修を実施する。"
    new = _draft(2, section("s1", "交通", initiative("x1", edited), initiative("x2", added)))
    changes = compare(old, new).changes
    assert [(c.kind, c.old_id, c.new_id) for c in changes] == [
        (ChangeKind.ADD, "a", "x1"),  # 重点的に inserted
        (ChangeKind.ADD, None, "x2"),
    ]


def test_split_at_cuts_the_new_side_and_keeps_every_old_character() -> None:
    from planrev.comparison import TextSpan
    from planrev.comparison.pieces import split_at

    spans = [
        TextSpan(Op.EQUAL, "確保"),
        TextSpan(Op.DELETE, "、"),
        TextSpan(Op.INSERT, "。"),
        TextSpan(Op.EQUAL, "導入"),
    ]
    first, rest = split_at(spans, 3)
    assert first == [
        TextSpan(Op.EQUAL, "確保"),
        TextSpan(Op.DELETE, "、"),
        TextSpan(Op.INSERT, "。"),
    ]
    assert rest == [TextSpan(Op.EQUAL, "導入")]
    first, rest = split_at([TextSpan(Op.EQUAL, "確保導入")], 2)
    assert (first, rest) == ([TextSpan(Op.EQUAL, "確保")], [TextSpan(Op.EQUAL, "導入")])


def test_a_split_declared_in_the_record_reconciles_and_its_label_is_valid() -> None:
    from planrev.audit.labels import _parse_label

    old = _draft(1, section("s1", "交通", initiative("a", _FIRST.rstrip("。") + "、" + _SECOND)))
    new = _draft(2, section("s1", "交通", initiative("x1", _FIRST), initiative("x2", _SECOND)))
    record = compare(old, new).to_revision()
    record = record.model_copy(
        update={
            "changes": tuple(c.model_copy(update={"reason": "読みやすさ"}) for c in record.changes)
        }
    )
    again = compare(old, new, record)
    assert again.changes[0].reason == "読みやすさ"
    assert [f.code for f in again.findings] == []
    assert _parse_label("分割") == ("分割", None)
    assert _parse_label("統合②") == ("統合", 2)
