"""The editing API: edits with reasons, 再掲 cascades, records, saving with comments kept."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

import planrev
from planrev.edit import Editor
from planrev.errors import EditError, PlanrevError
from planrev.model import ChangeKind, Repost, find
from planrev.model.build import field, initiative, kpi, kpi_row, pillar, plan, section
from tests.conftest import AOMORI

BASE = plan(
    "T",
    pillar(
        "p",
        "P",
        field(
            "commerce",
            "商工業・サービス業",
            initiative("orig", "リモートワーク拠点が整備され、場所を問わず働くことができる。"),
            initiative("keep", "そのまま"),
            section(
                "s",
                "施策",
                kpi(
                    "k",
                    kpi_row("r", "指標", baseline="1", target="2"),
                    baseline_year=2023,
                    target_year=2028,
                ),
            ),
        ),
        field(
            "infra",
            "デジタル基盤の整備",
            initiative(
                "copy",
                "リモートワーク拠点が整備され、場所を問わず働くことができる。",
                repost=Repost(of="orig"),
            ),
        ),
    ),
    meeting=2,
)


def test_delete_cascades_to_the_relisting_with_the_seeds_reason() -> None:
    editor = Editor(BASE)
    editor.delete("orig", reason="事業の見直し")
    new, record = editor.result()
    assert find(new, "copy") is None
    changes = {c.target: c for c in record.changes}
    assert changes["orig"].kind is ChangeKind.DELETE
    assert changes["copy"].kind is ChangeKind.DELETE
    assert changes["copy"].reason == "商工業・サービス業の取組方針の削除に伴い削除"
    assert new.meta.meeting == 3


def test_modify_cascades_to_the_relisting() -> None:
    editor = Editor(BASE)
    editor.modify(
        "orig",
        text="サテライトオフィスが整備され、場所を問わず働くことができる。",
        because=["op-1"],
    )
    new, record = editor.result()
    copy = find(new, "copy")
    assert copy is not None
    assert copy.node.text == "サテライトオフィスが整備され、場所を問わず働くことができる。"  # type: ignore[union-attr]
    reasons = {c.target: (c.opinions, c.reason) for c in record.changes}
    assert reasons["orig"] == (("op-1",), None)
    assert reasons["copy"] == ((), "商工業・サービス業の取組方針の修正に伴い修正")
    assert editor.comparison().findings == ()


def test_insert_move_and_kpi_edits_give_computed_kinds_and_labels() -> None:
    editor = Editor(BASE)
    editor.insert(initiative("new1", "新しい取組を進める。"), after="keep", because=["op-2"])
    editor.insert(initiative("new2", "もう一つの取組。"), into="commerce", reason="追記")
    editor.set_kpi("r", target="5", because=["op-3"])
    editor.move("keep", before="orig", reason="並べ替え")
    _new, record = editor.result()
    got = [(c.target, c.kind.value, c.label) for c in record.changes]
    assert got == [
        ("keep", "移動", "移動"),  # reordered, text unchanged
        ("new1", "追加", "追加①"),
        ("new2", "追加", "追加②"),
        ("r", "修正", "修正"),
    ]


def test_failed_edits_raise_and_leave_the_draft_unchanged() -> None:
    editor = Editor(BASE)
    before = editor.plan
    with pytest.raises(EditError, match=r"nothing|変更する項目"):
        editor.modify("keep")
    with pytest.raises(EditError):
        editor.modify("nope", text="x")
    with pytest.raises(EditError):
        editor.insert(initiative("keep", "重複"), after="orig")
    with pytest.raises(EditError):
        editor.move("s", into="s")
    with pytest.raises(EditError):
        editor.move("keep", after="does-not-exist")
    with pytest.raises(EditError):
        editor.modify("keep", colour="red")
    assert editor.plan == before


def test_because_is_checked_against_the_opinions() -> None:
    opinions = planrev.storage.documents.load_opinions(AOMORI / "opinions-03.yaml")
    editor = Editor.open(AOMORI / "draft-03.yaml", opinions=opinions)
    with pytest.raises(EditError, match="op-nope"):
        editor.modify("talent-2", text="x", because=["op-nope"])


def test_save_keeps_comments_and_changes_only_the_edited_lines(tmp_path: Path) -> None:
    editor = Editor.open(AOMORI / "draft-03.yaml", meeting=4, date="R5.9.1")
    editor.modify(
        "talent-2",
        text="限られたデジタル人材を最適化して活用する仕組みを構築する。",
        reason="文言整理",
    )
    draft_path, record_path = editor.save(tmp_path / "draft-04.yaml", tmp_path / "rev.yaml")
    before = (AOMORI / "draft-03.yaml").read_text(encoding="utf-8").splitlines()
    after = draft_path.read_text(encoding="utf-8").splitlines()
    changed = [
        line
        for line in difflib.unified_diff(before, after, lineterm="", n=0)
        if line.startswith(("+", "-")) and not line.startswith(("+++", "---"))
    ]
    assert changed == [
        "-  meeting: 3",
        "-  date: R5.7.26   # 和暦でも西暦(2023-07-26)でも書ける",
        "+  meeting: 4",
        "+  date: R5.9.1    # 和暦でも西暦(2023-07-26)でも書ける",
        "-            text: 限られたデジタル人材を最適化して活用するための仕組みを構築する。",
        "+            text: 限られたデジタル人材を最適化して活用する仕組みを構築する。",
    ]
    saved = planrev.storage.documents.load_revision(record_path)
    assert [(c.target, c.reason) for c in saved.changes] == [("talent-2", "文言整理")]
    with pytest.raises(PlanrevError, match=r"上書き|not overwritten"):
        editor.save(draft_path, record_path)
