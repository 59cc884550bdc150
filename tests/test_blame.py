"""Blame: which meeting, change and opinion made each statement and KPI cell what it is."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from planrev.audit import NotInHistoryError, blame, blame_node, blame_opinion, load_folder
from planrev.i18n import set_language
from planrev.model import KpiRow, KpiTable, Statement, walk
from planrev.testing.history import make_history

SEEDS = (0, 1, 2, 3, 4, 5)


@pytest.fixture(autouse=True)
def _japanese() -> Iterator[None]:
    set_language("ja")
    yield
    set_language(None)


@pytest.mark.parametrize("seed", SEEDS)
def test_blame_matches_the_generated_truth(tmp_path: Path, seed: int) -> None:
    generated = make_history(tmp_path, seed, meetings=4)
    history = load_folder(generated.folder)
    blamed = {item.node_id: item for item in blame(history)}
    statements = generated.statements()
    assert statements, "the generated plan has statements"
    for node_id in statements:
        truth = generated.truth(node_id)
        found = blamed[node_id]
        if truth.introduced is None:
            assert found.introduced is None, node_id
            assert found.since == 1
        else:
            assert found.introduced is not None, node_id
            assert found.introduced.meeting == truth.introduced.meeting
            assert found.introduced.opinions == _opinions(truth.introduced.opinion)
            assert found.introduced.via is None
            assert found.since == truth.introduced.meeting
        assert [(e.meeting, e.opinions) for e in found.changes] == [
            (e.meeting, _opinions(e.opinion)) for e in truth.changes
        ], node_id
        # Every change has an opinion or a reason: none is unexplained.
        for event in found.lineage.events:
            assert event.opinions or event.reason
        assert [(a.meeting, a.id) for a in found.lineage.appearances] == list(truth.ids)


def _opinions(opinion: str | None) -> tuple[str, ...]:
    return (opinion,) if opinion else ()


@pytest.mark.parametrize("seed", SEEDS)
def test_blame_of_kpi_cells(tmp_path: Path, seed: int) -> None:
    generated = make_history(tmp_path, seed, meetings=4)
    history = load_folder(generated.folder)
    edits = {
        (meeting, edit.target): edit
        for meeting in generated.meetings[1:]
        for edit in generated.edits(meeting)
        if edit.kind == "kpi"
    }
    for item in blame(history):
        if not isinstance(item.node, KpiRow):
            continue
        cells = {cell.name: cell for cell in item.cells}
        assert cells["target"].value == item.node.target
        setters = [m for (m, target) in edits if target == item.node_id]
        target_event = cells["target"].event
        if setters:
            assert target_event is not None
            assert target_event.meeting == max(setters)
            assert target_event.opinions == _opinions(edits[(max(setters), item.node_id)].opinion)
        else:
            assert target_event is None
        assert cells["indicator"].event is None  # the generator never renames an indicator


def test_blame_lists_statements_and_kpis_of_the_latest_draft(aomori: Path) -> None:
    history = load_folder(aomori)
    blamed = blame(history)
    expected = [
        located.id
        for located in walk(history.latest)
        if isinstance(located.node, Statement | KpiTable | KpiRow)
    ]
    assert [item.node_id for item in blamed] == expected
    assert all(item.meeting == 3 for item in blamed)


def test_blame_of_the_seed(aomori: Path) -> None:
    history = load_folder(aomori)
    talent = blame_node(history, "talent-2")
    assert talent.introduced is not None
    assert (talent.introduced.meeting, talent.introduced.label) == (3, "追加")
    assert talent.introduced.opinions == ("op-talent-1",)
    assert talent.introduced.record_id == "talent-add"
    assert talent.changes == ()
    assert talent.opinions == ("op-talent-1",)

    unchanged = blame_node(history, "convenience-1")
    assert unchanged.introduced is None
    assert unchanged.changes == ()
    assert unchanged.since == 2
    assert unchanged.cells[0].event is None

    modified = blame_node(history, "inclusion-2")
    assert modified.introduced is None
    assert [(e.meeting, e.label, e.opinions) for e in modified.changes] == [
        (3, "修正", ("op-inclusion-1",))
    ]
    assert modified.cells[0].name == "text"
    assert modified.cells[0].event is modified.changes[0]

    inserted = blame_node(history, "admin-vision-2")
    assert [(e.label, e.opinions) for e in inserted.changes] == [("追加②", ("op-admin-2",))]


def test_blame_of_a_deleted_node(aomori: Path) -> None:
    deleted = blame_node(load_folder(aomori), "infra-3")
    assert deleted.meeting == 2
    assert deleted.deleted is not None
    assert deleted.deleted.label == "削除"
    assert deleted.deleted.opinions == ()


def test_blame_of_a_section_covers_what_it_holds(aomori: Path) -> None:
    items = blame(load_folder(aomori), "quality")
    assert [item.node_id for item in items] == [
        "quality",
        "quality-vision",
        "quality-1",
        "quality-2",
        "quality-3",
        "quality-4",
        "quality-5",
        "quality-kpi",
    ]


def test_blame_of_an_opinion(aomori: Path) -> None:
    history = load_folder(aomori)
    trace = blame_opinion(history, "op-admin-1")
    assert [(m, n, o.id) for m, n, o in trace.listed] == [(3, 1, "op-admin-1")]
    assert [(c.event.meeting, c.event.label, c.event.change.new_id) for c in trace.changes] == [
        (3, "追加①", "admin-vision-1")
    ]
    assert trace.changes[0].later == ()
    assert trace.changes[0].current is not None

    undecided = blame_opinion(history, "op-inclusion-2")
    assert undecided.changes == ()
    assert undecided.listed[0][2].disposition.value == "未定"

    with pytest.raises(NotInHistoryError):
        blame_opinion(history, "op-nobody")


@pytest.mark.parametrize("seed", SEEDS[:3])
def test_blame_of_every_generated_opinion(tmp_path: Path, seed: int) -> None:
    generated = make_history(tmp_path, seed)
    history = load_folder(generated.folder)
    for meeting in generated.meetings[1:]:
        for edit in generated.edits(meeting):
            if edit.opinion is None:
                continue
            trace = blame_opinion(history, edit.opinion)
            changed = [
                (c.event.meeting, c.event.change.new_id or c.event.change.old_id)
                for c in trace.changes
            ]
            assert changed == [(meeting, edit.target)]
        extras = [
            o
            for o in generated.revisions[generated.meetings.index(meeting) - 1].opinions.opinions
            if o.disposition.value == "今後検討"
        ]
        for opinion in extras:
            assert blame_opinion(history, opinion.id).changes == ()
