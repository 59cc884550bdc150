"""Excerpts: restricting a handout to chosen parts restricts its changes and opinions too."""

from __future__ import annotations

import planrev
from planrev.comparison import compare
from planrev.storage.folder import load_folder
from planrev.views import build_comparison_table, build_handout, build_responses
from tests.conftest import AOMORI


def _comparison() -> tuple[planrev.comparison.Comparison, planrev.OpinionSet]:
    step = next(load_folder(AOMORI).steps())
    assert step.revision is not None
    assert step.opinions is not None
    comparison = compare(step.old.model, step.new.model, step.revision.model, step.opinions.model)
    return comparison, step.opinions.model


def test_only_restricts_changes_opinions_and_says_excerpt() -> None:
    comparison, opinions = _comparison()
    view = build_handout(comparison, opinions, only=["talent"])
    assert [change.id for change in view.changes] == ["talent-2"]
    assert [(o.number, o.id) for o in view.opinions] == [(3, "op-talent-1")]  # numbers kept
    assert view.header[1].endswith("(抜粋)")
    assert [node.title[0].text for node in view.nodes] == ["各分野を支える基盤整備"]
    table = build_comparison_table(comparison, opinions, only=["talent"])
    assert [(row.change, row.remarks) for row in table.rows] == [("talent-2", "追加（意見3）")]
    responses = build_responses(comparison, opinions, only=["inclusion"])
    assert [o.id for o in responses.opinions] == ["op-inclusion-1", "op-inclusion-2"]


def test_without_only_nothing_is_restricted() -> None:
    comparison, opinions = _comparison()
    view = build_handout(comparison, opinions)
    assert len(view.changes) == len(comparison.changes)
    assert len(view.opinions) == len(opinions.opinions)


def test_a_chosen_pillar_shows_everything_inside_it() -> None:
    comparison, opinions = _comparison()
    view = build_handout(comparison, opinions, only=["foundation"])
    (pillar,) = view.nodes
    assert [field.node_id for field in pillar.children] == [
        "talent",
        "data",
        "inclusion",
        "digital-infrastructure",
    ]
    assert [change.id for change in view.changes] == [
        "talent-2",
        "data-2",
        "inclusion-2",
        "infra-3",
    ]


def test_deleted_rows_are_placed_with_the_new_titles() -> None:
    from planrev.comparison import compare
    from planrev.model.build import field, initiative, pillar, plan

    old = plan(
        "T",
        pillar(
            "p",
            "暮らしを支えるDX",
            field("f", "暮らし分野", initiative("a", "消える"), initiative("b", "残る")),
        ),
        meeting=1,
    )
    new = plan(
        "T",
        pillar("p", "暮らしを支えるDX", field("f", "暮らし・まち分野", initiative("b", "残る"))),
        meeting=2,
    )
    rows = build_comparison_table(compare(old, new)).rows
    assert [(row.change, row.location) for row in rows] == [
        ("f", "暮らしを支えるDX ＞ 暮らし・まち分野"),
        ("a", "暮らしを支えるDX ＞ 暮らし・まち分野"),
    ]
