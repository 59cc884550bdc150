"""The plan index behind walk/collect/index/find: one walk per plan, kept while the plan lives,
and refused for a plan that repeats an id."""

from __future__ import annotations

import gc
import random
import weakref

import pytest

from planrev.comparison import compare
from planrev.errors import DuplicateIdError
from planrev.model import KpiTable, Note, Repost, Statement, walk
from planrev.model.build import note
from planrev.model.walk import PlanIndex, collect, find, index, kpi_tables, repeated_ids
from planrev.testing.synthetic import make_plan


def test_a_plan_is_walked_once_and_callers_get_their_own_list() -> None:
    plan = make_plan(random.Random(1), 5)
    assert PlanIndex.of(plan) is PlanIndex.of(plan)
    first = collect(plan)
    first.clear()  # a caller changing its list changes nothing shared
    again = collect(plan)
    assert again == list(walk(plan))
    assert again
    assert [located.node.id for located in again] == list(index(plan))
    assert find(plan, again[-1].id) == again[-1]
    assert find(plan, "no-such-id") is None
    with pytest.raises(TypeError):
        PlanIndex.of(plan).by_id["x"] = again[0]  # type: ignore[index]


def test_the_index_lets_a_plan_go_and_never_confuses_two_plans() -> None:
    plans = [make_plan(random.Random(seed), seed + 1) for seed in range(20)]
    sizes = [len(PlanIndex.of(plan).nodes) for plan in plans]
    reference = weakref.ref(plans[0])
    del plans[:]
    gc.collect()
    assert reference() is None  # the index holds no strong reference to its plan
    assert sizes == [
        len(PlanIndex.build(make_plan(random.Random(s), s + 1)).nodes) for s in range(20)
    ]
    # New plans may reuse the ids (addresses) of freed ones: each still gets its own index.
    for seed in range(20):
        plan = make_plan(random.Random(100 + seed), seed + 2)
        assert PlanIndex.of(plan).nodes == PlanIndex.build(plan).nodes


def test_the_walk_notes_kpi_tables_and_relistings() -> None:
    plan = make_plan(random.Random(3), 8)
    statement = next(n.node for n in walk(plan) if isinstance(n.node, Statement))
    section = plan.pillars[0].fields[0].sections[0]
    relisting = statement.model_copy(update={"id": "relisting", "repost": Repost(of=statement.id)})
    changed = section.model_copy(update={"blocks": (*section.blocks, relisting)})
    field = (
        plan.pillars[0]
        .fields[0]
        .model_copy(update={"sections": (changed, *plan.pillars[0].fields[0].sections[1:])})
    )
    pillar = plan.pillars[0].model_copy(update={"fields": (field, *plan.pillars[0].fields[1:])})
    plan = plan.model_copy(update={"pillars": (pillar, *plan.pillars[1:])})
    tables = tuple(located for located in walk(plan) if isinstance(located.node, KpiTable))
    assert tables
    assert kpi_tables(plan) == tables
    assert PlanIndex.of(plan).reposts == (relisting,)


def test_a_subtree_is_the_node_and_everything_inside_it() -> None:
    plan = make_plan(random.Random(4), 6)
    plan_index = PlanIndex.of(plan)
    for located in plan_index.nodes:
        inside = {id(node) for node in _inside(located.node)}
        assert {id(found.node) for found in plan_index.subtree(located)} == inside


def _inside(node: object) -> list[object]:
    found = [node]
    for name in ("blocks", "fields", "sections", "rows"):
        for child in getattr(node, name, ()):
            found.extend(_inside(child))
    return found


def test_a_plan_that_repeats_an_id_is_refused_naming_the_id_and_both_places() -> None:
    plan = make_plan(random.Random(5), 4)
    first_block = plan.pillars[0].fields[0].sections[0].blocks[0]
    doubled = plan.model_copy(update={"blocks": (note(first_block.id, "重複"), *plan.blocks)})
    readers = (walk, collect, index, kpi_tables, PlanIndex.of, lambda p: find(p, "x"))
    for reader in readers:
        with pytest.raises(DuplicateIdError) as caught:
            reader(doubled)
        message = caught.value.message
        assert f"'{first_block.id}'" in message.ja
        assert f"'{first_block.id}'" in message.en
        # Both places, in document order: the plan's first block, then inside the first pillar.
        assert "(blocks[0] と pillars[0].fields[0].sections[0].blocks[0])" in message.ja
    for old, new in ((doubled, plan), (plan, doubled)):
        with pytest.raises(DuplicateIdError):
            compare(old, new)
    [(first, later)] = repeated_ids(doubled)
    assert isinstance(first.node, Note)
    assert later.node is first_block
    assert repeated_ids(plan) == []
