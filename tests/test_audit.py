"""The audit: every finding type triggered by one change of a clean history, and not without it."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planrev.audit import History, audit, load_folder
from planrev.audit.checks import CODES, AuditReport
from planrev.diagnostics import Finding, Level
from planrev.i18n import set_language
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Disposition,
    OpinionSet,
    Plan,
    Repost,
    Revision,
    Statement,
    find,
    fingerprint,
)
from planrev.model.build import initiative, kpi
from planrev.model.tree import insert_node, remove_node, replace_node
from planrev.storage.documents import dump_document
from planrev.storage.folder import DraftFolder, Sourced
from planrev.testing.history import make_history
from tests.audit_cases import clean_steps, write_folder

Steps = list[tuple[Plan, Revision | None, OpinionSet | None]]


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def _audit(folder: Path, steps: Steps) -> AuditReport:
    return audit(load_folder(write_folder(folder, steps)))


def _codes(report: AuditReport) -> list[str]:
    return [finding.code for finding in report.findings]


def _only(report: AuditReport, code: str) -> Finding:
    found = [finding for finding in report.findings if finding.code == code]
    assert len(found) == 1, report.findings
    return found[0]


def _with_text(plan: Plan, node_id: str, text: str | None) -> Plan:
    located = find(plan, node_id)
    assert located is not None
    assert isinstance(located.node, Statement)
    return replace_node(plan, node_id, located.node.model_copy(update={"text": text}))


def _relabel(record: Revision | None, labels: dict[str, str | None]) -> Revision:
    assert record is not None
    return record.model_copy(
        update={
            "changes": tuple(
                change.model_copy(update={"label": labels[change.target]})
                if change.target in labels
                else change
                for change in record.changes
            )
        }
    )


def _records(record: Revision | None, *extra: ChangeRecord) -> Revision:
    assert record is not None
    return record.model_copy(update={"changes": (*record.changes, *extra)})


def _dispose(answers: OpinionSet | None, opinion_id: str, disposition: Disposition) -> OpinionSet:
    assert answers is not None
    return answers.model_copy(
        update={
            "opinions": tuple(
                o.model_copy(update={"disposition": disposition}) if o.id == opinion_id else o
                for o in answers.opinions
            )
        }
    )


# --------------------------------------------------------------------------------------------
# The clean history and the real example


def test_clean_history_has_no_finding(tmp_path: Path) -> None:
    report = _audit(tmp_path, clean_steps())
    assert report.findings == ()
    assert report.exit_code == 0
    assert report.meetings == (1, 2, 3)


def test_seed_reports_its_real_gaps_and_nothing_else(aomori: Path) -> None:
    report = audit(load_folder(aomori))
    found = {(f.code, f.level, f.subjects, f.meeting) for f in report.findings}
    # The handout shows no label for op-inclusion-2 (未定), and no 事務局の考え方 for any
    # opinion: the 意見対応表 made from it would print （未記入） five times.
    reflected = ("op-admin-1", "op-admin-2", "op-talent-1", "op-data-1", "op-inclusion-1")
    assert found == {
        ("undisposed-opinion", Level.ERROR, ("op-inclusion-2",), 3),
        *(("empty-response", Level.ERROR, (opinion,), 3) for opinion in reflected),
        ("unknown-prior-text", Level.INFO, ("admin-vision-2",), 3),
        ("unknown-prior-text", Level.INFO, ("inclusion-2",), 3),
    }
    assert report.exit_code == 1
    undisposed = report.errors[0]
    assert undisposed.location is not None
    assert undisposed.location.path == aomori / "opinions-03.yaml"
    # The labels are the handout's own: 【追加②】, not 【追加】.
    messages = [f.message.ja for f in report.findings if f.code == "unknown-prior-text"]
    assert messages[0].startswith("【追加②】admin-vision-2")
    assert messages[1].startswith("【修正】inclusion-2")


def test_generated_history_audits_clean_but_for_its_suspect_links(tmp_path: Path) -> None:
    for seed in (3, 5, 9):
        generated = make_history(tmp_path / str(seed), seed)
        report = audit(load_folder(generated.folder))
        assert {f.code for f in report.findings} <= {"suspect-link"}
        suspects = {(f.meeting, opinion) for f in report.findings for opinion in f.subjects[1:-1]}
        assert suspects == generated.suspect_links()
        assert suspects, "the seeds are chosen to have suspect links"


def test_generated_history_without_rewrites_audits_clean(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 0)
    assert generated.suspect_links() == set()
    assert audit(load_folder(generated.folder)).findings == ()


def test_every_code_is_named() -> None:
    for code in CODES:
        assert CODES[code].ja
        assert CODES[code].en


# --------------------------------------------------------------------------------------------
# What the comparison reports, over every step


def test_unexplained_change(tmp_path: Path) -> None:
    steps = clean_steps()
    third, record, answers = steps[2]
    steps[2] = (_with_text(third, "f2-2", "働く人すべてがデジタルを活用できる。"), record, answers)
    finding = _only(_audit(tmp_path, steps), "unexplained-change")
    assert finding.level is Level.ERROR
    assert finding.meeting == 3
    assert finding.subjects == ("f2-2",)
    assert finding.location is not None
    assert finding.location.path == tmp_path / "draft-03.yaml"


def test_unmatched_declaration(tmp_path: Path) -> None:
    steps = clean_steps()
    third, record, answers = steps[2]
    extra = ChangeRecord(id="ghost", kind=ChangeKind.MODIFY, target="s1-1", reason="整理")
    steps[2] = (third, _records(record, extra), answers)
    finding = _only(_audit(tmp_path, steps), "unmatched-declaration")
    assert finding.level is Level.ERROR
    assert finding.location is not None
    assert finding.location.path == tmp_path / "revision-02-03.yaml"


def test_kind_mismatch(tmp_path: Path) -> None:
    steps = clean_steps()
    second, record, answers = steps[1]
    assert record is not None
    changed = record.model_copy(
        update={
            "changes": tuple(
                c.model_copy(update={"kind": ChangeKind.MODIFY}) if c.target == "s1-3" else c
                for c in record.changes
            )
        }
    )
    steps[1] = (second, changed, answers)
    finding = _only(_audit(tmp_path, steps), "kind-mismatch")
    assert finding.level is Level.WARNING


def test_label_mismatch(tmp_path: Path) -> None:
    # Consistent among themselves (one 追加), but the scope holds two 追加: 追加① and 追加②.
    steps = clean_steps()
    second, record, answers = steps[1]
    steps[1] = (second, _relabel(record, {"s1-3": "追加", "s2-2": None}), answers)
    report = _audit(tmp_path, steps)
    finding = _only(report, "label-mismatch")
    assert finding.subjects == ("s1-3",)
    assert "追加①" in finding.message.ja
    assert finding.location is not None
    assert finding.location.path == tmp_path / "revision-01-02.yaml"


def test_unknown_opinion(tmp_path: Path) -> None:
    # A loaded folder refuses such a record; a folder built in a script can still hold one.
    steps = clean_steps()
    second, record, answers = steps[1]
    assert record is not None
    broken = record.model_copy(
        update={
            "changes": tuple(
                c.model_copy(update={"opinions": ("op-nobody",)}) if c.target == "s1-3" else c
                for c in record.changes
            )
        }
    )
    steps[1] = (second, broken, answers)
    report = audit(History(_folder(tmp_path, steps)))
    finding = _only(report, "unknown-opinion")
    assert finding.level is Level.ERROR
    assert "op-nobody" in finding.subjects
    # The opinion that change had cited is now linked to nothing.
    assert "reflected-without-change" in _codes(report)


def test_undisposed_opinion(tmp_path: Path) -> None:
    steps = clean_steps()
    second, record, answers = steps[1]
    steps[1] = (second, record, _dispose(answers, "op2-3", Disposition.UNDECIDED))
    finding = _only(_audit(tmp_path, steps), "undisposed-opinion")
    assert finding.level is Level.ERROR
    assert finding.subjects == ("op2-3",)
    assert finding.location is not None
    assert finding.location.path == tmp_path / "opinions-02.yaml"


def test_reflected_without_change(tmp_path: Path) -> None:
    steps = clean_steps()
    second, record, answers = steps[1]
    steps[1] = (second, record, _dispose(answers, "op2-3", Disposition.REFLECTED))
    finding = _only(_audit(tmp_path, steps), "reflected-without-change")
    assert finding.level is Level.ERROR


def test_unknown_prior_text(tmp_path: Path) -> None:
    steps = clean_steps()
    first, record, answers = steps[0]
    steps[0] = (_with_text(first, "s2-2", None), record, answers)
    report = _audit(tmp_path, steps)
    finding = _only(report, "unknown-prior-text")
    assert finding.level is Level.INFO
    assert finding.location is not None
    assert finding.location.path == tmp_path / "draft-01.yaml"
    assert report.exit_code == 0


def test_missing_record(tmp_path: Path) -> None:
    steps = clean_steps()
    third, _record, answers = steps[2]
    steps[2] = (third, None, answers)
    report = _audit(tmp_path, steps)
    finding = _only(report, "missing-record")
    assert finding.level is Level.WARNING
    assert finding.meeting == 3
    assert "revision-02-03.yaml" in finding.hint.ja if finding.hint else False
    assert _codes(report).count("unexplained-change") == 2


def test_missing_record_not_reported_without_changes(tmp_path: Path) -> None:
    steps = clean_steps()
    second, _record, _answers = steps[1]
    same = second.model_copy(update={"meta": second.meta.model_copy(update={"meeting": 3})})
    steps[2] = (same, None, None)
    assert "missing-record" not in _codes(_audit(tmp_path, steps))


# --------------------------------------------------------------------------------------------
# Labels out of step


@pytest.mark.parametrize(
    ("labels", "code"),
    [
        ({"s1-3": "追加①", "s2-2": "追加①"}, "label-duplicate"),
        ({"s1-3": "追加", "s2-2": "追加"}, "label-duplicate"),
        ({"s1-3": "追加①", "s2-2": "追加③"}, "label-gap"),
        ({"s1-3": "追加①", "s2-2": "追加"}, "label-out-of-rule"),
        ({"s1-3": "追加②", "s2-2": "追加①"}, "label-out-of-rule"),
        ({"s1-3": "追加A", "s2-2": "追加②"}, "label-invalid"),
    ],
)
def test_labels_out_of_step(tmp_path: Path, labels: dict[str, str | None], code: str) -> None:
    steps = clean_steps()
    second, record, answers = steps[1]
    steps[1] = (second, _relabel(record, labels), answers)
    report = _audit(tmp_path, steps)
    finding = _only(report, code)
    assert finding.level is Level.WARNING
    assert finding.location is not None
    assert finding.location.path == tmp_path / "revision-01-02.yaml"
    # One finding says it: no per-change label-mismatch besides.
    assert "label-mismatch" not in _codes(report)


def test_lone_change_with_a_number_is_out_of_rule(tmp_path: Path) -> None:
    steps = clean_steps()
    third, record, answers = steps[2]
    steps[2] = (third, _relabel(record, {"f2-1": "修正①"}), answers)
    finding = _only(_audit(tmp_path, steps), "label-out-of-rule")
    assert "番号を付けず「修正」" in finding.message.ja


def test_labels_in_step_are_not_reported(tmp_path: Path) -> None:
    steps = clean_steps()
    second, record, answers = steps[1]
    steps[1] = (second, _relabel(record, {"s1-3": "追加①", "s2-2": "追加②"}), answers)
    assert _audit(tmp_path, steps).findings == ()


# --------------------------------------------------------------------------------------------
# 再掲


def _with_repost(plan: Plan, text: str | None = None) -> Plan:
    original = find(plan, "s1-1")
    assert original is not None
    assert isinstance(original.node, Statement)
    repost = initiative(
        "f2-r1", text if text is not None else original.node.text, repost=Repost(of="s1-1")
    )
    return insert_node(plan, repost, "f2", "f2-2")


def _reposted(text_2: str | None, text_3: str | None) -> Steps:
    """Return the clean steps with a 再掲 of s1-1 in the drafts of meetings 1–3."""
    steps = clean_steps()
    first, _, _ = steps[0]
    second, record_2, answers_2 = steps[1]
    third, record_3, answers_3 = steps[2]
    steps[0] = (_with_repost(first), None, None)
    declare = ChangeRecord(id="r", kind=ChangeKind.MODIFY, target="f2-r1", reason="文言整理")
    if text_2 is not None:
        steps[1] = (_with_repost(second, text_2), _records(record_2, declare), answers_2)
    else:
        steps[1] = (_with_repost(second), record_2, answers_2)
    base = text_2 if text_2 is not None else None
    if text_3 is not None and text_3 != base:
        steps[2] = (_with_repost(third, text_3), _records(record_3, declare), answers_3)
    else:
        steps[2] = (_with_repost(third, text_3), record_3, answers_3)
    return steps


def test_repost_in_sync_is_not_reported(tmp_path: Path) -> None:
    assert _audit(tmp_path, _reposted(None, None)).findings == ()


def test_repost_out_of_sync(tmp_path: Path) -> None:
    report = _audit(tmp_path, _reposted(None, "行政手続きのオンライン化を推進する"))
    finding = _only(report, "repost-out-of-sync")
    assert finding.level is Level.ERROR
    assert finding.meeting == 3
    assert finding.location is not None
    assert finding.location.path == tmp_path / "draft-03.yaml"


def test_repost_out_of_sync_and_fixed_later_is_information(tmp_path: Path) -> None:
    steps = _reposted("行政手続きのオンライン化を推進する", "行政手続きのオンライン化の推進")
    report = _audit(tmp_path, steps)
    finding = _only(report, "repost-out-of-sync")
    assert finding.level is Level.INFO
    assert finding.meeting == 2
    assert "第3回で解消" in finding.message.ja
    assert report.exit_code == 0


def test_repost_orphaned(tmp_path: Path) -> None:
    # A loaded draft refuses a 再掲 of nothing; a draft built in a script can hold one.
    steps = clean_steps()
    third, record, answers = steps[2]
    orphan = initiative("f2-r1", "データに基づく施策立案", repost=Repost(of="s2-1"))
    steps[2] = (insert_node(third, orphan, "f2", "f2-2"), record, answers)
    declare = ChangeRecord(id="r", kind=ChangeKind.ADD, target="f2-r1", reason="再掲")
    steps[2] = (steps[2][0], _records(record, declare), answers)
    report = audit(History(_folder(tmp_path, steps)))
    finding = _only(report, "repost-orphaned")
    assert finding.level is Level.ERROR
    assert finding.subjects == ("f2-r1",)


# --------------------------------------------------------------------------------------------
# KPI years


def _kpi_years(plan: Plan, table_id: str, baseline: int | None, target: int | None) -> Plan:
    located = find(plan, table_id)
    assert located is not None
    updated = located.node.model_copy(update={"baseline_year": baseline, "target_year": target})
    return replace_node(plan, table_id, updated)


def _every_draft(steps: Steps, table_id: str, baseline: int | None, target: int | None) -> Steps:
    return [(_kpi_years(d, table_id, baseline, target), r, o) for d, r, o in steps]


def test_kpi_years_disagree_within_a_field(tmp_path: Path) -> None:
    report = _audit(tmp_path, _every_draft(clean_steps(), "s2-kpi", 2023, 2030))
    finding = _only(report, "kpi-years-disagree")
    assert finding.level is Level.WARNING
    assert finding.meeting == 3  # reported once, at the latest draft having it
    assert set(finding.subjects) == {"s1-kpi", "s2-kpi"}


def test_blank_kpi_years_do_not_disagree(tmp_path: Path) -> None:
    steps = _every_draft(clean_steps(), "s2-kpi", None, 2028)
    assert _audit(tmp_path, steps).findings == ()


def test_kpi_years_may_differ_between_fields(tmp_path: Path) -> None:
    table = kpi("f2-kpi", baseline_year=2022, target_year=2030)
    steps = [(insert_node(d, table, "f2", "f2-2"), r, o) for d, r, o in clean_steps()]
    assert _audit(tmp_path, steps).findings == ()


def test_kpi_target_before_baseline(tmp_path: Path) -> None:
    steps = _every_draft(clean_steps(), "s1-kpi", 2028, 2023)
    report = _audit(tmp_path, steps)
    finding = _only(report, "kpi-target-before-baseline")
    assert finding.level is Level.ERROR
    assert finding.subjects == ("s1-kpi",)
    assert finding.location is not None
    assert finding.location.path == tmp_path / "draft-03.yaml"
    assert "kpi-years-disagree" in _codes(report)


# --------------------------------------------------------------------------------------------
# Suspect links


def _reworded_later(
    reason: str | None = "事務局による文言整理", opinions: tuple[str, ...] = ()
) -> Steps:
    """Return the clean steps with s1-3 (made by op2-1 at meeting 2) reworded at meeting 3."""
    steps = clean_steps()
    third, record, answers = steps[2]
    text = "マイナンバーカードの利活用を一層推進する。"
    declare = ChangeRecord(
        id="reword", kind=ChangeKind.ADD, target="s1-3", reason=reason, opinions=opinions
    )
    steps[2] = (_with_text(third, "s1-3", text), _records(record, declare), answers)
    return steps


def test_suspect_link_when_the_text_changes_again(tmp_path: Path) -> None:
    report = _audit(tmp_path, _reworded_later())
    finding = _only(report, "suspect-link")
    assert finding.level is Level.WARNING
    assert finding.meeting == 2
    assert finding.subjects == ("s1-3", "op2-1", "s1-3")
    assert "第3回" in finding.message.ja
    assert finding.location is not None
    assert finding.location.path == tmp_path / "revision-01-02.yaml"
    assert report.exit_code == 0


def test_suspect_link_reconfirmed_by_its_fingerprint(tmp_path: Path) -> None:
    steps = _reworded_later()
    third = steps[2][0]
    located = find(third, "s1-3")
    assert located is not None
    current = fingerprint(located.node)
    finding = _only(_audit(tmp_path / "before", steps), "suspect-link")
    assert finding.hint is not None
    assert f"fingerprint: {current}" in finding.hint.ja
    second, record, answers = steps[1]
    assert record is not None
    confirmed = record.model_copy(
        update={
            "changes": tuple(
                c.model_copy(update={"fingerprint": current}) if c.target == "s1-3" else c
                for c in record.changes
            )
        }
    )
    steps[1] = (second, confirmed, answers)
    assert _audit(tmp_path / "after", steps).findings == ()


def test_link_restated_by_the_later_change_is_not_suspect(tmp_path: Path) -> None:
    # Reworded for another opinion: the text op2-1 produced is gone, the link is suspect.
    steps = _reworded_later(reason=None, opinions=("op3-1",))
    finding = _only(_audit(tmp_path / "other", steps), "suspect-link")
    assert finding.subjects == ("s1-3", "op2-1", "s1-3")
    # Reworded for op2-1 again (carried over to meeting 3's opinions): the later change
    # restates the link, nothing is suspect.
    steps = _reworded_later(reason=None, opinions=("op2-1",))
    third, record, answers = steps[2]
    first_answers = steps[1][2]
    assert answers is not None
    assert first_answers is not None
    carried = answers.model_copy(
        update={"opinions": (*answers.opinions, first_answers.opinions[0])}
    )
    steps[2] = (third, record, carried)
    assert _audit(tmp_path / "restated", steps).findings == ()


def test_suspect_link_when_the_text_is_deleted_later(tmp_path: Path) -> None:
    steps = clean_steps()
    third, record, answers = steps[2]
    without, _ = remove_node(third, "s2-2")
    declare = ChangeRecord(id="gone", kind=ChangeKind.DELETE, target="s2-2", reason="統合")
    steps[2] = (without, _records(record, declare), answers)
    finding = _only(_audit(tmp_path, steps), "suspect-link")
    assert "削除" in finding.message.ja
    assert "op2-2" in finding.subjects


def test_deletion_citing_the_opinion_again_is_not_suspect(tmp_path: Path) -> None:
    steps = clean_steps()
    third, record, answers = steps[2]
    first_answers = steps[1][2]
    assert answers is not None
    assert first_answers is not None
    carried = answers.model_copy(
        update={"opinions": (*answers.opinions, first_answers.opinions[1])}
    )
    without, _ = remove_node(third, "s2-2")
    declare = ChangeRecord(id="gone", kind=ChangeKind.DELETE, target="s2-2", opinions=("op2-2",))
    # Two deletions in one scope now: 削除① and 削除② (leave the labels to the rule).
    relabelled = _relabel(_records(record, declare), {"s2-1": None})
    steps[2] = (without, relabelled, carried)
    assert _audit(tmp_path, steps).findings == ()


def test_moving_a_linked_text_is_not_suspect(tmp_path: Path) -> None:
    steps = clean_steps()
    third, record, answers = steps[2]
    without, node = remove_node(third, "s1-3")
    moved = insert_node(without, node, "s2", "s2-2")
    declare = ChangeRecord(id="move", kind=ChangeKind.MOVE, target="s1-3", reason="構成の整理")
    steps[2] = (moved, _records(record, declare), answers)
    assert _audit(tmp_path, steps).findings == ()


def test_text_rewritten_after_recording_is_suspect(tmp_path: Path) -> None:
    # The record's fingerprint says what the text was when the link was made.
    steps = clean_steps()
    second, record, answers = steps[1]
    assert record is not None
    stale = record.model_copy(
        update={
            "changes": tuple(
                c.model_copy(update={"fingerprint": "0123456789ab"}) if c.target == "s2-2" else c
                for c in record.changes
            )
        }
    )
    steps[1] = (second, stale, answers)
    finding = _only(_audit(tmp_path, steps), "suspect-link")
    assert "記録した後" in finding.message.ja


# --------------------------------------------------------------------------------------------
# Helpers


def _folder(tmp_path: Path, steps: Steps) -> DraftFolder:
    """Return a drafts folder built from models, without the checks loading would make."""
    drafts, revisions, opinion_sets = [], [], []
    for draft, record, answers in steps:
        meeting = draft.meta.meeting or 0
        drafts.append(Sourced(draft, tmp_path / f"draft-{meeting:02d}.yaml", dump_document(draft)))
        if record is not None:
            name = f"revision-{record.old:02d}-{record.new:02d}.yaml"
            revisions.append(Sourced(record, tmp_path / name, dump_document(record)))
        if answers is not None:
            name = f"opinions-{meeting:02d}.yaml"
            opinion_sets.append(Sourced(answers, tmp_path / name, dump_document(answers)))
    return DraftFolder(tmp_path, tuple(drafts), tuple(opinion_sets), tuple(revisions))


def _section_added(third_edit: object) -> Steps:
    """Return meetings 1–3: a section added at meeting 2 for op2-1, edited at meeting 3."""
    from planrev.edit import Editor
    from planrev.model.build import section
    from tests.audit_cases import REFLECTED, first_draft, opinions

    first = first_draft()
    answers_2 = opinions(2, ("op2-1", "新しい施策を立てるべき", REFLECTED))
    editor = Editor(first, opinions=answers_2)
    editor.insert(
        section("s3", "新しい施策", initiative("s3-1", "新しい取組を進める。")),
        into="f1",
        because=["op2-1"],
    )
    second, record_2 = editor.result()
    answers_3 = opinions(3)
    editor = Editor(second, opinions=answers_3)
    third_edit(editor)  # type: ignore[operator]
    third, record_3 = editor.result()
    return [(first, None, None), (second, record_2, answers_2), (third, record_3, answers_3)]


def test_text_added_with_its_section_is_followed(tmp_path: Path) -> None:
    steps = _section_added(
        lambda editor: editor.modify("s3-1", text="新しい取組を着実に進める。", reason="整理")
    )
    finding = _only(_audit(tmp_path, steps), "suspect-link")
    assert finding.subjects == ("s3", "op2-1", "s3-1")
    assert finding.hint is not None
    assert "s3 とともに追加" in finding.hint.ja


def test_section_deleted_later_is_one_suspect_link(tmp_path: Path) -> None:
    steps = _section_added(lambda editor: editor.delete("s3", reason="統合"))
    finding = _only(_audit(tmp_path, steps), "suspect-link")
    assert finding.subjects == ("s3", "op2-1", "s3")
