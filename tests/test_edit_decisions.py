"""Recording decisions from Python: part of a sentence replaced, opinions and reasons attached to
changes, dispositions and responses set, and what is still missing listed."""

from __future__ import annotations

import pytest

from planrev.decisions import decide, declare, disposition_of, explain, missing
from planrev.edit import Editor
from planrev.errors import EditError
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Disposition,
    Opinion,
    OpinionSet,
    Revision,
    Span,
    Statement,
    find,
    fingerprint,
)
from planrev.model.checks import check_revision_links
from planrev.storage.documents import load_draft, load_opinions, load_revision
from tests.conftest import AOMORI
from tests.test_edit_transactions import BASE, OPINIONS

SENTENCE = "県内企業の効率化・省力化が進んでいる。"  # the text of "v" in BASE


def _record(editor: Editor, target: str) -> ChangeRecord:
    return next(record for record in editor.result()[1].changes if record.target == target)


def test_replacing_inside_a_sentence_gives_an_addition_with_its_span() -> None:
    editor = Editor(BASE, opinions=OPINIONS)
    editor.replace("v", "効率化・省力化が", "効率化・省力化・自動化が", because="op-1")
    record = _record(editor, "v")
    assert record.kind is ChangeKind.ADD
    assert record.label == "追加"
    assert record.opinions == ("op-1",)
    new_text = find(editor.plan, "v").node.text  # type: ignore[union-attr]
    assert new_text == "県内企業の効率化・省力化・自動化が進んでいる。"
    assert record.span == Span(start=new_text.index("・自動化"), end=new_text.index("が"))
    assert new_text[record.span.start : record.span.end] == "・自動化"  # type: ignore[union-attr]
    new, revision = editor.result()
    assert check_revision_links(revision, BASE, new, OPINIONS) == []


def test_replacing_a_word_gives_a_modification_and_deleting_one_a_deletion() -> None:
    editor = Editor(BASE)
    editor.replace("v", "効率化", "効率性", reason="用語の統一")
    editor.replace("s-1", "行政手続の", "", reason="簡潔に")
    modified, deleted = _record(editor, "v"), _record(editor, "s-1")
    assert modified.kind is ChangeKind.MODIFY
    assert modified.span == Span(start=SENTENCE.index("化"), end=SENTENCE.index("化") + 1)
    assert deleted.kind is ChangeKind.DELETE
    old_text = find(BASE, "s-1").node.text  # type: ignore[union-attr]
    assert deleted.span is not None
    assert old_text[deleted.span.start : deleted.span.end] == "行政手続の"  # in the old text
    new, revision = editor.result()
    assert check_revision_links(revision, BASE, new, None) == []
    assert editor.comparison().errors == ()


def test_a_second_edit_of_the_same_wording_drops_the_span() -> None:
    editor = Editor(BASE)
    editor.replace("v", "効率化", "効率性", reason="用語の統一")
    editor.replace("v", "省力化", "自動化", reason="用語の統一")
    assert _record(editor, "v").span is None
    editor.replace("s-1", "推進", "加速", reason="強調")
    editor.modify("s-1", text="行政手続のオンライン化を加速する。", reason="強調")
    assert _record(editor, "s-1").span is None


def test_replacing_a_relisted_sentence_carries_the_same_span_to_the_relisting() -> None:
    editor = Editor(BASE)
    editor.replace("orig", "場所を問わず", "場所や時間を問わず", reason="表現の拡充")
    original, copy = _record(editor, "orig"), _record(editor, "copy")
    assert original.kind is copy.kind is ChangeKind.ADD
    assert copy.span == original.span is not None
    assert copy.reason == "商工業・サービス業の取組方針の修正に伴い修正"


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("ない語", "x", "ありません"),
        ("化", "x", "2か所"),
        ("", "x", "old"),
    ],
)
def test_a_replacement_must_name_one_place(old: str, new: str, message: str) -> None:
    editor = Editor(BASE)
    with pytest.raises(EditError, match=message):
        editor.replace("v", old, new)
    assert editor.plan.model_dump() == Editor(BASE).plan.model_dump()


def test_a_replacement_needs_a_known_wording() -> None:
    unknown = Statement(kind="vision", id="u", text=None)
    draft = BASE.model_copy(update={"blocks": (unknown,)})
    with pytest.raises(EditError, match="modify"):
        Editor(draft).replace("u", "a", "b")


def test_headings_and_kpi_indicators_can_be_replaced_in_part() -> None:
    editor = Editor(BASE)
    editor.replace("commerce", "サービス業", "サービス産業", reason="名称変更")
    editor.replace("r", "指標", "成果指標", reason="名称変更")
    plan = editor.plan
    assert find(plan, "commerce").node.title == "商工業・サービス産業"  # type: ignore[union-attr]
    assert find(plan, "r").node.indicator == "成果指標"  # type: ignore[union-attr]
    assert _record(editor, "r").span is None  # a span is a place in a statement's text


def test_explain_attaches_opinions_to_a_change_already_made() -> None:
    editor = Editor(BASE, opinions=OPINIONS)
    editor.delete("orig", reason="事業の見直し")
    editor.explain("copy", because="op-2")  # the re-listing deleted with its original
    record = _record(editor, "copy")
    assert record.opinions == ("op-2",)
    assert record.reason == "商工業・サービス業の取組方針の削除に伴い削除"
    before = editor.declarations()
    with pytest.raises(EditError, match="v"):
        editor.explain("v", because="op-1")  # not changed
    with pytest.raises(EditError):
        editor.explain("copy")  # nothing to attach
    assert editor.declarations() == before


def test_the_editor_lists_what_is_missing() -> None:
    editor = Editor(BASE, opinions=OPINIONS)
    editor.modify("v", text="県内企業の省力化が進んでいる。")
    codes = [(finding.code, finding.subjects) for finding in editor.missing()]
    assert codes == [
        ("unexplained-change", ("v",)),
        ("undisposed-opinion", ("op-1",)),
        ("undisposed-opinion", ("op-2",)),
        ("undisposed-opinion", ("op-3",)),
    ]


# --------------------------------------------------------------------------------------------
# planrev.decisions on the records of a folder


REVISION = Revision(
    old=2,
    new=3,
    changes=(
        ChangeRecord(id="c-v", kind=ChangeKind.MODIFY, target="v"),
        ChangeRecord(id="c-s", kind=ChangeKind.DELETE, target="s-1", reason="統合"),
        ChangeRecord(id="c-n", kind=ChangeKind.ADD, target="new", opinions=("op-1",)),
    ),
)


def test_explain_by_change_id_or_target_adds_opinions_and_sets_the_reason() -> None:
    new = Editor(BASE).plan
    by_target = explain(REVISION, "v", because="op-2", opinions=OPINIONS, draft=new)
    record = by_target.changes[0]
    assert record.opinions == ("op-2",)
    assert record.fingerprint == fingerprint(find(new, "v").node)  # type: ignore[union-attr]
    by_id = explain(by_target, "c-v", because=["op-2", "op-3"], reason="文言整理")
    assert by_id.changes[0].opinions == ("op-2", "op-3")
    assert by_id.changes[0].reason == "文言整理"
    assert by_id.changes[1:] == REVISION.changes[1:]
    deleted = explain(REVISION, "c-s", because="op-1", opinions=OPINIONS, draft=new)
    assert deleted.changes[1].fingerprint is None  # a deletion has no text after it


@pytest.mark.parametrize(
    ("change", "because", "reason", "message"),
    [
        ("nothing", "op-1", None, "nothing"),
        ("v", "op-nope", None, "op-nope"),
        ("v", (), None, "意見も理由も"),
        ("v", [1], None, "because"),
    ],
)
def test_explain_refuses_what_it_cannot_attach(
    change: str, because: object, reason: str | None, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        explain(REVISION, change, because=because, reason=reason, opinions=OPINIONS)  # type: ignore[arg-type]


def test_explain_asks_for_a_change_id_when_several_changes_target_the_node() -> None:
    twice = REVISION.model_copy(
        update={
            "changes": (
                *REVISION.changes,
                ChangeRecord(id="c-v2", kind=ChangeKind.MODIFY, target="v"),
            )
        }
    )
    with pytest.raises(EditError, match="c-v, c-v2"):
        explain(twice, "v", reason="x")


def test_decide_sets_disposition_and_response() -> None:
    decided = decide(OPINIONS, "op-1", "反映", response="ご意見を踏まえ修正しました。")
    assert decided.opinions[0].disposition is Disposition.REFLECTED
    assert decided.opinions[0].response == "ご意見を踏まえ修正しました。"
    assert decided.opinions[1:] == OPINIONS.opinions[1:]
    later = decide(decided, "op-1", "later")
    assert later.opinions[0].disposition is Disposition.LATER
    assert later.opinions[0].response == "ご意見を踏まえ修正しました。"  # kept
    assert disposition_of("NOT_REFLECTED") is Disposition.NOT_REFLECTED
    assert disposition_of(Disposition.COVERED) is Disposition.COVERED


@pytest.mark.parametrize(
    ("opinion", "disposition", "response", "message"),
    [
        ("op-nope", "反映", None, "op-nope"),
        ("op-1", "採用", None, "採用"),
        ("op-1", None, None, "対応も考え方も"),
        ("op-1", "反映", "　", "考え方が空"),
    ],
)
def test_decide_refuses_what_it_cannot_set(
    opinion: str, disposition: str | None, response: str | None, message: str
) -> None:
    with pytest.raises(EditError, match=message):
        decide(OPINIONS, opinion, disposition, response=response)


def test_missing_lists_changes_and_opinions_still_to_fill_in() -> None:
    opinions = OpinionSet(
        meeting=3,
        opinions=(
            Opinion(id="a", text="x", disposition=Disposition.REFLECTED, response="対応しました"),
            Opinion(id="b", text="x"),
            Opinion(id="c", text="x", disposition=Disposition.LATER),
            Opinion(id="d", text="x", disposition=Disposition.COVERED, response=" "),
        ),
    )
    found = missing(REVISION, opinions)
    assert [(f.code, f.subjects, f.meeting) for f in found] == [
        ("unexplained-change", ("c-v",), 3),
        ("undisposed-opinion", ("b",), 3),
        ("empty-response", ("c",), 3),
        ("empty-response", ("d",), 3),
    ]
    assert "【修正】v" in found[0].message.ja
    assert "意見3" in found[2].message.ja
    assert missing(None, None) == []


def test_filling_in_every_gap_leaves_nothing_missing() -> None:
    opinions = load_opinions(AOMORI / "opinions-03.yaml")
    revision = load_revision(AOMORI / "revision-02-03.yaml")
    for record in revision.changes:
        if not record.opinions and not record.reason:
            revision = explain(revision, record.id, reason="文言整理")
    for opinion in opinions.opinions:
        opinions = decide(opinions, opinion.id, opinion.disposition, response="考え方")
        if opinion.disposition is Disposition.UNDECIDED:
            opinions = decide(opinions, opinion.id, "今後検討")
    assert missing(revision, opinions) == []


def test_declare_adds_a_record_for_an_undeclared_change_in_document_order() -> None:
    from planrev import compare

    old = load_draft(AOMORI / "draft-02.yaml")
    new = load_draft(AOMORI / "draft-03.yaml")
    full = load_revision(AOMORI / "revision-02-03.yaml")
    partial = full.model_copy(
        update={"changes": tuple(c for c in full.changes if c.target != "data-2")}
    )
    declared = declare(partial, compare(old, new, partial), "data-2")
    assert [c.target for c in declared.changes] == [c.target for c in full.changes]
    record = next(c for c in declared.changes if c.target == "data-2")
    assert (record.kind, record.opinions, record.reason) == (ChangeKind.ADD, (), None)
    # Every change of that name declared already, or none at all: nothing to add.
    assert declare(full, compare(old, new, full), "data-2") == full
    assert declare(partial, compare(old, new, partial), "no-such") == partial
