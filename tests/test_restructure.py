"""The restructuring generator (moves, splits, merges, section moves, renumbering) and its scorer."""

from __future__ import annotations

import random

import pytest

from planrev.comparison import compare
from planrev.comparison.result import Comparison
from planrev.model import Plan, Section, Statement, find, walk
from planrev.model.walk import repeated_ids
from planrev.testing.measure import similarity
from planrev.testing.restructure import (
    KINDS,
    Restructured,
    Restructuring,
    number_headings,
    observed_restructurings,
    restructure,
    score,
)
from planrev.testing.synthetic import make_plan


def _restructured(seed: int, sections: int, **options: object) -> Restructured:
    rng = random.Random(seed)
    return restructure(rng, make_plan(rng, sections), **options)  # type: ignore[arg-type]


def _text(plan: Plan, node_id: str) -> str:
    located = find(plan, node_id)
    assert located is not None, node_id
    assert isinstance(located.node, Statement)
    assert located.node.text is not None
    return located.node.text


def _section_of(plan: Plan, node_id: str) -> str:
    located = find(plan, node_id)
    assert located is not None
    assert located.container is not None
    return located.container.id


def _field_of(plan: Plan, section_id: str) -> str:
    located = find(plan, section_id)
    assert located is not None
    assert located.container is not None
    return located.container.id


def test_same_seed_same_drafts_and_truth() -> None:
    first, second = _restructured(7, 200), _restructured(7, 200)
    assert first == second
    assert _restructured(8, 200).truth != first.truth


def test_every_kind_is_made_at_1000_sections() -> None:
    made = _restructured(1, 1_000)
    statements = sum(
        1
        for located in walk(made.old)
        if isinstance(located.node, Statement) and isinstance(located.container, Section)
    )
    for kind in ("move", "move_edit", "split", "merge"):
        assert abs(len(made.of_kind(kind)) - statements * 0.05 / 4) <= 2, kind
    assert len(made.of_kind("section_move")) == 10
    assert len(made.of_kind("renumber")) > 10
    assert not repeated_ids(made.old)
    assert not repeated_ids(made.new)


def test_truth_describes_the_drafts() -> None:
    made = _restructured(3, 300)
    old, new = made.old, made.new
    for item in made.of_kind("move"):
        assert _text(old, item.old_ids[0]) == _text(new, item.new_ids[0])
        assert item.old_ids != item.new_ids  # fresh ids: pairing must go by content
        assert find(new, item.old_ids[0]) is None
        assert _section_of(old, item.old_ids[0]) != _section_of(new, item.new_ids[0])
    for item in made.of_kind("move_edit"):
        before, after = _text(old, item.old_ids[0]), _text(new, item.new_ids[0])
        assert before != after
        assert similarity(before, after) >= 0.9
    for item in made.of_kind("split"):
        first, second = (_text(new, new_id) for new_id in item.new_ids)
        assert first.removesuffix("。") + "、" + second == _text(old, item.old_ids[0])
        assert _section_of(new, item.new_ids[0]) == _section_of(new, item.new_ids[1])
    for item in made.of_kind("merge"):
        first, second = (_text(old, old_id) for old_id in item.old_ids)
        assert _text(new, item.new_ids[0]) == first.rstrip("。") + "、" + second
    for item in made.of_kind("section_move"):
        assert _field_of(old, item.old_ids[0]) != _field_of(new, item.new_ids[0])
    for item in made.of_kind("renumber"):
        before, after = (find(plan, item.old_ids[0]) for plan in (old, new))
        assert before is not None
        assert after is not None
        assert isinstance(before.node, Section)
        assert isinstance(after.node, Section)
        assert before.node.title == after.node.title
        assert before.node.number != after.node.number


def test_ids_can_be_kept_for_moves() -> None:
    made = _restructured(3, 300, fresh_ids=False)
    for kind in ("move", "move_edit", "section_move"):
        assert all(item.old_ids == item.new_ids for item in made.of_kind(kind))


def test_headings_are_numbered_per_parent() -> None:
    plan = number_headings(make_plan(random.Random(2), 60))
    pillar = plan.pillars[1]
    assert pillar.number == "第2章\u3000"
    assert pillar.fields[0].number == "第1節\u3000"
    assert [s.number for s in pillar.fields[0].sections[:3]] == ["（1）", "（2）", "（3）"]
    assert pillar.heading == "第2章\u3000" + make_plan(random.Random(2), 60).pillars[1].title


@pytest.mark.slow
def test_5000_sections_are_restructured() -> None:
    made = _restructured(1, 5_000)
    assert len(made.of_kind("section_move")) == 50
    assert not repeated_ids(made.new)


# --- scoring ------------------------------------------------------------------------------------


def test_the_score_counts_the_truth_and_what_compare_found() -> None:
    made = _restructured(4, 200)
    scores = score(compare(made.old, made.new), made)
    assert set(scores) == set(KINDS)
    for kind, figures in scores.items():
        assert figures.expected == len(made.of_kind(kind))
        assert 0 <= figures.correct <= min(figures.expected, figures.found)


def test_moves_under_their_own_ids_are_recognised() -> None:
    made = _restructured(4, 200, fresh_ids=False)
    scores = score(compare(made.old, made.new), made)
    for kind in ("move", "move_edit", "section_move"):
        assert scores[kind].recall == 1.0, kind
        assert scores[kind].precision == 1.0, kind


def test_an_unchanged_draft_shows_no_restructuring() -> None:
    plan = number_headings(make_plan(random.Random(5), 50))
    assert observed_restructurings(compare(plan, plan)) == []


def test_a_renumbering_is_recognised_and_is_no_change() -> None:
    old = number_headings(make_plan(random.Random(6), 20))
    section = old.pillars[0].fields[0].sections[0]
    renumbered = section.model_copy(update={"number": "（9）"})
    field = old.pillars[0].fields[0]
    new = old.model_copy(
        update={
            "pillars": (
                old.pillars[0].model_copy(
                    update={
                        "fields": (
                            field.model_copy(
                                update={"sections": (renumbered, *field.sections[1:])}
                            ),
                            *old.pillars[0].fields[1:],
                        )
                    }
                ),
                *old.pillars[1:],
            )
        }
    )
    comparison = compare(old, new)
    assert comparison.changes == ()
    truth = [Restructuring("renumber", (section.id,), (section.id,))]
    assert score(comparison, truth)["renumber"].recall == 1.0
    assert score(comparison, truth)["renumber"].precision == 1.0
    assert score(Comparison(old, new, changes=()), truth)["renumber"].recall == 0.0


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5])
def test_every_restructuring_is_recognised_at_1000_sections(seed: int) -> None:
    made = _restructured(seed, 1_000)
    scores = score(compare(made.old, made.new), made)
    for kind in KINDS:
        assert (scores[kind].recall or 0.0) >= 0.98, kind
        assert (scores[kind].precision or 0.0) >= 0.98, kind


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_applying_the_comparison_of_a_restructured_pair_gives_the_new_draft(seed: int) -> None:
    from planrev.comparison.apply import apply

    made = _restructured(seed, 300)
    assert apply(made.old, compare(made.old, made.new)) == made.new
