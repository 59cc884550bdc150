"""The plan history: meetings in order, each step compared once, nodes followed throughout."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

import planrev.comparison as comparison_module
from planrev.audit import NotInHistoryError, audit, blame, load_folder, node_log
from planrev.comparison import Comparison
from planrev.i18n import set_language
from planrev.model import walk
from planrev.storage.documents import load_document
from planrev.testing.history import make_history


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


def test_seed_history(aomori: Path) -> None:
    history = load_folder(aomori)
    assert history.meetings == (2, 3)
    assert [(s.old_meeting, s.new_meeting) for s in history.steps] == [(2, 3)]
    assert history.latest.meta.meeting == 3
    step = history.step(3)
    assert step.revision is not None
    assert step.opinions is not None
    assert history.opinions(3) is step.opinions
    assert history.opinions(2) is None
    assert [(m, n) for m, n, _ in history.find_opinion("op-data-1")] == [(3, 4)]
    assert history.find_opinion("nobody") == []
    assert history.draft_file(2) == aomori / "draft-02.yaml"
    assert step.files == (
        aomori / "draft-02.yaml",
        aomori / "draft-03.yaml",
        aomori / "revision-02-03.yaml",
        aomori / "opinions-03.yaml",
    )


def test_each_step_is_compared_once(aomori: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[int | None] = []
    original = comparison_module.compare

    def counting(*arguments: object, **options: object) -> Comparison:
        result = original(*arguments, **options)  # type: ignore[arg-type]
        calls.append(result.new.meta.meeting)
        return result

    monkeypatch.setattr(comparison_module, "compare", counting)
    history = load_folder(aomori)
    first = history.comparison(3)
    audit(history)
    blame(history)
    node_log(history, "talent-2")
    assert history.steps[0].comparison is first
    assert calls == [3]


def test_progress_is_reported_per_step(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 1, meetings=5)
    seen: list[tuple[int, int]] = []
    load_folder(generated.folder).comparisons(lambda done, total: seen.append((done, total)))
    assert seen == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_generated_history_files(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 7, meetings=4, sections=8)
    names = sorted(path.name for path in tmp_path.iterdir())
    assert names == [
        "draft-01.yaml",
        "draft-02.yaml",
        "draft-03.yaml",
        "draft-04.yaml",
        "opinions-02.yaml",
        "opinions-03.yaml",
        "opinions-04.yaml",
        "revision-01-02.yaml",
        "revision-02-03.yaml",
        "revision-03-04.yaml",
    ]
    history = load_folder(tmp_path)
    assert history.meetings == generated.meetings == (1, 2, 3, 4)
    assert history.drafts == generated.drafts
    assert load_document(tmp_path / "revision-02-03.yaml") == generated.revisions[1].record
    # Ids of new nodes and opinions carry their meeting's prefix.
    for revised, meeting in zip(generated.revisions, (2, 3, 4), strict=True):
        for opinion in revised.opinions.opinions:
            assert opinion.id.startswith(f"m{meeting}-")
        for edit in revised.edits:
            if edit.kind in {"add", "rekey"}:
                assert edit.target.startswith(f"m{meeting}-")


def test_generated_history_is_deterministic(tmp_path: Path) -> None:
    first = make_history(tmp_path / "a", 11)
    second = make_history(tmp_path / "b", 11)
    assert first.drafts == second.drafts
    assert first.revisions == second.revisions
    for name in ("draft-04.yaml", "revision-03-04.yaml", "opinions-04.yaml"):
        assert (tmp_path / "a" / name).read_text() == (tmp_path / "b" / name).read_text()


def test_make_history_needs_two_meetings(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="two meetings"):
        make_history(tmp_path, 1, meetings=1)


def test_lineages_follow_every_node(tmp_path: Path) -> None:
    generated = make_history(tmp_path, 2)
    history = load_folder(generated.folder)
    for meeting in history.meetings:
        nodes = [appearance.id for appearance, _ in history.lineages_at(meeting)]
        assert nodes == [located.id for located in walk(history.draft(meeting))]
    # Every node of the latest draft has one lineage, and ids follow re-keys.
    for node_id in generated.statements():
        lineage = history.lineage(node_id)
        truth = generated.truth(node_id)
        assert [(a.meeting, a.id) for a in lineage.appearances] == list(truth.ids)


def test_lineage_of_a_deleted_node(aomori: Path) -> None:
    history = load_folder(aomori)
    lineage = history.lineage("infra-3")
    assert lineage.deleted is not None
    assert lineage.deleted.meeting == 3
    assert lineage.deleted.reason == "商工業・サービス業の取組方針の削除に伴い削除"
    assert lineage.last.meeting == 2
    assert history.lineage("infra-3", 2) is lineage
    with pytest.raises(NotInHistoryError):
        history.lineage("infra-3", 3)


def test_unknown_node(aomori: Path) -> None:
    with pytest.raises(NotInHistoryError) as caught:
        load_folder(aomori).lineage("no-such-node")
    assert "no-such-node" in caught.value.message.ja
    assert caught.value.hint is not None


def test_nodes_added_with_their_section(tmp_path: Path) -> None:
    from planrev.edit import Editor
    from planrev.model.build import initiative, kpi, kpi_row, section
    from tests.audit_cases import REFLECTED, first_draft, opinions, write_folder

    first = first_draft()
    answers = opinions(2, ("op-new", "新しい施策を立てるべき", REFLECTED))
    editor = Editor(first, opinions=answers)
    editor.insert(
        section(
            "s3",
            "新しい施策",
            initiative("s3-1", "新しい取組"),
            kpi("s3-kpi", kpi_row("s3-k1", "指標"), baseline_year=2023, target_year=2028),
        ),
        into="f1",
        because=["op-new"],
    )
    second, record = editor.result()
    history = load_folder(write_folder(tmp_path, [(first, None, None), (second, record, answers)]))
    for node_id in ("s3-1", "s3-kpi", "s3-k1"):
        lineage = history.lineage(node_id)
        assert lineage.introduced is not None
        assert lineage.introduced.via == "s3"
        assert lineage.introduced.opinions == ("op-new",)
    assert history.lineage("s3").introduced is not None
    assert history.lineage("s3").introduced.via is None  # type: ignore[union-attr]
