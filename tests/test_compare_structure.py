"""Structural comparison: pairing, classification, labels, moves, KPI cells, linking, apply."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import planrev
from planrev.comparison import compare, label_changes, redline
from planrev.comparison.apply import apply
from planrev.comparison.labels import circled
from planrev.model import ChangeKind, ChangeRecord, Disposition, Opinion, OpinionSet, Revision
from planrev.model.build import field, initiative, kpi, kpi_row, pillar, plan, section, vision
from planrev.storage.folder import load_folder
from planrev.testing.synthetic import make_plan, revise
from tests.conftest import AOMORI


def _aomori() -> planrev.comparison.Comparison:
    folder = load_folder(AOMORI)
    step = next(folder.steps())
    assert step.revision is not None
    assert step.opinions is not None
    return compare(step.old.model, step.new.model, step.revision.model, step.opinions.model)


def test_aomori_yields_exactly_the_seeds_changes_and_labels() -> None:
    comparison = _aomori()
    got = [
        (c.label, c.kind.value, c.target, c.scope, c.opinions, c.reason) for c in comparison.changes
    ]
    assert got == [
        ("追加①", "追加", "admin-vision-1", "admin-field", ("op-admin-1",), None),
        ("追加②", "追加", "admin-vision-2", "admin-field", ("op-admin-2",), None),
        ("追加", "追加", "talent-2", "talent", ("op-talent-1",), None),
        ("追加", "追加", "data-2", "data", ("op-data-1",), None),
        ("修正", "修正", "inclusion-2", "inclusion", ("op-inclusion-1",), None),
        (
            "削除",
            "削除",
            "infra-3",
            "digital-infrastructure",
            (),
            "商工業・サービス業の取組方針の削除に伴い削除",
        ),
    ]


def test_aomori_findings_are_the_seeds_real_gaps() -> None:
    comparison = _aomori()
    codes = sorted((f.code, f.subjects) for f in comparison.findings)
    assert codes == [
        ("undisposed-opinion", ("op-inclusion-2",)),
        ("unknown-prior-text", ("admin-vision-2",)),
        ("unknown-prior-text", ("inclusion-2",)),
    ]


def test_aomori_revision_record_round_trips() -> None:
    folder = load_folder(AOMORI)
    step = next(folder.steps())
    assert step.revision is not None
    assert _aomori().to_revision() == step.revision.model


def test_unknown_prior_text_takes_the_declared_kind_and_span() -> None:
    change = _aomori().change("admin-vision-2")
    assert change is not None
    assert change.prior_unknown
    assert change.kind is ChangeKind.ADD
    assert change.span is not None
    assert change.span.end is None


def test_compare_of_a_draft_with_itself_is_empty() -> None:
    draft = planrev.load_draft(AOMORI / "draft-03.yaml")
    comparison = compare(draft, draft)
    assert comparison.changes == ()
    assert not comparison


OLD = plan(
    "T",
    pillar(
        "p1",
        "柱1",
        field(
            "f1",
            "分野1",
            vision("v1", "県民の利便性を高める"),
            initiative("i1", "業務の効率化を図る"),
            section(
                "s1",
                "施策1",
                initiative("a", "あいう"),
                initiative("b", "かきく"),
                kpi(
                    "k1",
                    kpi_row("r1", "指標", baseline="10", target="20"),
                    kpi_row("r0", "旧指標"),
                    baseline_year=2023,
                    target_year=2028,
                ),
            ),
            section("s2", "施策2", initiative("c", "さしす"), initiative("c2", "消える")),
        ),
    ),
    meeting=1,
)
NEW = plan(
    "T",
    pillar(
        "p1",
        "柱1",
        field(
            "f1",
            "分野1改",
            vision("v1", "住民の利便性を高める"),
            section(
                "s1",
                "施策1",
                initiative("b", "かきく"),
                initiative("a", "あいう"),
                initiative("i1x", "業務の効率性を図る"),
                kpi(
                    "k1",
                    kpi_row("r1", "指標", baseline="10", target="30"),
                    kpi_row("r2", "新指標"),
                    baseline_year=2023,
                    target_year=2030,
                ),
            ),
            section("s3", "施策3", initiative("d", "たちつ"), initiative("c", "さしす")),
        ),
    ),
    meeting=2,
)


def test_every_kind_of_change_is_found_in_document_order() -> None:
    comparison = compare(OLD, NEW)
    summary = [(c.label, c.id, c.node_type) for c in comparison.changes]
    assert summary == [
        ("追加①", "f1", "field"),  # title: only an insertion
        ("修正①", "v1", "statement"),  # 県民 → 住民
        ("移動①", "a", "statement"),  # reordered (b moved before a? the lighter one moves)
        ("修正②", "i1x", "statement"),  # re-keyed, moved into s1 and reworded
        ("修正③", "k1", "kpi"),  # target year
        ("修正④", "r1", "kpi_row"),  # a cell
        ("削除①", "r0", "kpi_row"),
        ("追加②", "r2", "kpi_row"),
        ("削除②", "s2", "section"),  # one change for the section and its lines
        ("追加③", "s3", "section"),
        ("移動②", "c", "statement"),  # moved from the deleted s2 into the new s3
    ]


def test_word_level_spans_and_cells() -> None:
    comparison = compare(OLD, NEW)
    v1 = comparison.change("v1")
    assert v1 is not None
    assert redline(v1.diffs[0].spans) == "[-県民-]{+住民+}の利便性を高める"
    i1 = comparison.change("i1x")
    assert i1 is not None
    assert i1.old_id == "i1"
    assert i1.move is not None
    assert (i1.move.old_container, i1.move.new_container) == ("f1", "s1")
    assert redline(i1.diffs[0].spans) == "業務の[-効率化-]{+効率性+}を図る"
    row = comparison.change("r1")
    assert row is not None
    assert [(d.name, redline(d.spans)) for d in row.diffs] == [("target", "[-20-]{+30+}")]
    table = comparison.change("k1")
    assert table is not None
    assert [(d.name, d.old, d.new) for d in table.diffs] == [("target_year", "2028", "2030")]


def test_rekeyed_node_without_other_change_is_a_rename_not_a_change() -> None:
    old = plan("T", pillar("p", "P", field("f", "F", initiative("a", "同じ文言の取組を進める。"))))
    new = plan("T", pillar("p", "P", field("f", "F", initiative("z", "同じ文言の取組を進める。"))))
    comparison = compare(old, new)
    assert comparison.changes == ()
    assert comparison.renamed == (("a", "z"),)
    assert apply(old, comparison) == new


def test_classification_follows_the_seed() -> None:
    def kind(old_text: str, new_text: str) -> ChangeKind:
        old = plan("T", pillar("p", "P", field("f", "F", initiative("a", old_text))))
        new = plan("T", pillar("p", "P", field("f", "F", initiative("a", new_text))))
        (change,) = compare(old, new).changes
        return change.kind

    assert kind("政策分野に集中投資", "政策分野に人的資源を集中投資") is ChangeKind.ADD
    assert kind("政策分野に人的資源を集中投資", "政策分野に集中投資") is ChangeKind.DELETE
    assert kind("県民の利便性", "住民の利便性") is ChangeKind.MODIFY


def test_label_numbering_rule() -> None:
    add, mod = ChangeKind.ADD, ChangeKind.MODIFY
    assert label_changes([("a", add), ("a", add), ("b", add), ("a", mod)]) == [
        "追加①",
        "追加②",
        "追加",
        "修正",
    ]
    assert [circled(n) for n in (1, 20, 21, 35, 36, 50, 51)] == [
        "①",
        "⑳",
        "㉑",
        "㉟",
        "㊱",
        "㊿",
        "(51)",
    ]
    with pytest.raises(ValueError, match="from 1"):
        circled(0)


def test_section_scope_level_numbers_per_section() -> None:
    old = plan(
        "T",
        pillar(
            "p",
            "P",
            field(
                "f",
                "F",
                section("s1", "S1", initiative("a", "あ")),
                section("s2", "S2", initiative("b", "い")),
            ),
        ),
    )
    new = plan(
        "T",
        pillar(
            "p",
            "P",
            field(
                "f",
                "F",
                section("s1", "S1", initiative("a", "あ"), initiative("a2", "追加する。")),
                section("s2", "S2", initiative("b", "い"), initiative("b2", "追加する二。")),
            ),
        ),
    )
    by_field = [c.label for c in compare(old, new).changes]
    by_section = [c.label for c in compare(old, new, scope_level="section").changes]
    assert by_field == ["追加①", "追加②"]
    assert by_section == ["追加", "追加"]


def test_linking_reports_every_gap_at_once() -> None:
    old = plan(
        "T",
        pillar(
            "p", "P", field("f", "F", initiative("a", "県民の利便性"), initiative("b", "そのまま"))
        ),
        meeting=1,
    )
    new = plan(
        "T",
        pillar(
            "p",
            "P",
            field(
                "f",
                "F",
                initiative("a", "住民の利便性"),
                initiative("b", "そのまま"),
                initiative("c", "新しい取組"),
            ),
        ),
        meeting=2,
    )
    opinions = OpinionSet(
        meeting=2,
        opinions=(
            Opinion(id="o1", text="住民と書くべき", disposition=Disposition.REFLECTED),
            Opinion(id="o2", text="検討してほしい"),
            Opinion(id="o3", text="反映済みのはず", disposition=Disposition.REFLECTED),
        ),
    )
    record = Revision(
        old=1,
        new=2,
        changes=(
            ChangeRecord(
                id="x1", kind=ChangeKind.MODIFY, target="a", label="修正②", opinions=("o1",)
            ),
            ChangeRecord(id="x2", kind=ChangeKind.ADD, target="b", reason="誤記"),
            ChangeRecord(id="x3", kind=ChangeKind.DELETE, target="zz", opinions=("o9",)),
        ),
    )
    comparison = compare(old, new, record, opinions)
    codes = sorted(f.code for f in comparison.findings)
    assert codes == [
        "label-mismatch",  # 修正② declared, the rule gives 修正
        "reflected-without-change",  # o3
        "undisposed-opinion",  # o2
        "unexplained-change",  # c
        "unknown-opinion",  # o9
        "unmatched-declaration",  # x2 (b did not change)
        "unmatched-declaration",  # x3 (zz does not exist)
    ]
    linked = comparison.change("a")
    assert linked is not None
    assert linked.opinions == ("o1",)


def test_kind_mismatch_is_a_warning() -> None:
    old = plan("T", pillar("p", "P", field("f", "F", initiative("a", "県民の利便性"))), meeting=1)
    new = plan("T", pillar("p", "P", field("f", "F", initiative("a", "住民の利便性"))), meeting=2)
    record = Revision(
        old=1, new=2, changes=(ChangeRecord(id="x", kind=ChangeKind.ADD, target="a", reason="r"),)
    )
    (finding,) = compare(old, new, record).findings
    assert finding.code == "kind-mismatch"
    assert finding.level.value == "warning"


def test_repost_findings() -> None:
    from planrev.model import Repost

    base = plan(
        "T",
        pillar(
            "p",
            "P",
            field(
                "f",
                "F",
                initiative("orig", "元の文言"),
                initiative("copy", "元の文言", repost=Repost(of="orig")),
            ),
        ),
        meeting=1,
    )
    out_of_sync = plan(
        "T",
        pillar(
            "p",
            "P",
            field(
                "f",
                "F",
                initiative("orig", "新しい文言"),
                initiative("copy", "元の文言", repost=Repost(of="orig")),
            ),
        ),
        meeting=2,
    )
    codes = [f.code for f in compare(base, out_of_sync).findings]
    assert "repost-out-of-sync" in codes
    assert "repost-out-of-sync" not in [f.code for f in compare(base, base).findings]


def test_apply_rebuilds_the_new_draft() -> None:
    assert apply(OLD, compare(OLD, NEW)) == NEW
    comparison = _aomori()
    assert apply(comparison.old, comparison) == comparison.new


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1), size=st.sampled_from([3, 12, 40]))
def test_property_apply_gives_the_new_draft_and_truth_is_found(seed: int, size: int) -> None:
    rng = random.Random(seed)
    old = make_plan(rng, size)
    revised = revise(rng, old, rate=0.2)
    comparison = compare(old, revised.plan, revised.record, revised.opinions)
    assert apply(old, comparison) == revised.plan
    # Every declared edit is matched and nothing is unexplained on consistent data. The one
    # honest ambiguity: a line added that reads almost like a line deleted (in another section,
    # or in the same one) is paired with it as a reworded line, moved or not (修正, not 追加).
    for finding in comparison.findings:
        assert finding.code == "kind-mismatch", finding
        change = comparison.change(finding.subjects[0])
        assert change is not None
        assert change.kind == "修正"
        assert change.old_id is not None
        assert change.old_id != change.new_id
        deleted = {edit.target for edit in revised.edits if edit.kind == "delete"}
        assert change.old_id in deleted, (change.old_id, deleted)
    found = {c.target for c in comparison.changes} | {c.old_id for c in comparison.changes}
    for edit in revised.edits:
        if edit.kind != "rekey":
            assert edit.target in found, edit


@settings(max_examples=25, deadline=None)
@given(seed=st.integers(min_value=0, max_value=2**32 - 1))
def test_property_labels_are_stable(seed: int) -> None:
    rng = random.Random(seed)
    old = make_plan(rng, 10)
    revised = revise(rng, old, rate=0.3)
    first = [c.label for c in compare(old, revised.plan, revised.record, revised.opinions).changes]
    second = [c.label for c in compare(old, revised.plan, revised.record, revised.opinions).changes]
    assert first == second


def test_whitespace_and_width_only_changes_are_reported_as_such(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from planrev.cli import main
    from planrev.storage.documents import dump_document

    old = plan(
        "T",
        pillar(
            "p",
            "P",
            field("f", "F", initiative("a", "目標は80%とする。"), initiative("b", "県民 の利便性")),
        ),
        meeting=1,
    )
    new = plan(
        "T",
        pillar(
            "p",
            "P",
            field(
                "f", "F", initiative("a", "目標は８０％とする。"), initiative("b", "県民の利便性")
            ),
        ),
        meeting=2,
    )
    changes = {c.id: c for c in compare(old, new).changes}
    assert changes["a"].nature == "width"
    assert changes["b"].nature == "whitespace"
    # Never hidden: both are changes, and the command says what kind they are.
    (tmp_path / "old.yaml").write_text(dump_document(old), encoding="utf-8")
    (tmp_path / "new.yaml").write_text(dump_document(new), encoding="utf-8")
    result = CliRunner().invoke(
        main, ["diff", str(tmp_path / "old.yaml"), str(tmp_path / "new.yaml")]
    )
    assert "(全角・半角だけの違い)" in result.output
    assert "(空白だけの違い)" in result.output
