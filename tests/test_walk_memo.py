"""The per-plan memo behind walk/collect/index/find: shared while a plan lives, dropped after."""

from __future__ import annotations

import gc
import random
import weakref

from planrev.model import Plan, walk
from planrev.model.walk import collect, find, index, per_plan
from planrev.testing.synthetic import make_plan


def test_a_plan_is_walked_once_and_callers_get_their_own_list() -> None:
    plan = make_plan(random.Random(1), 5)
    first = collect(plan)
    first.clear()  # a caller changing its list changes nothing shared
    again = collect(plan)
    assert again == list(walk(plan))
    assert again
    assert [located.node.id for located in again] == list(index(plan))
    assert find(plan, again[-1].id) == again[-1]
    assert find(plan, "no-such-id") is None


def test_the_memo_lets_a_plan_go_and_never_confuses_two_plans() -> None:
    calls: list[int] = []

    @per_plan
    def size(plan: Plan) -> int:
        calls.append(1)
        return len(collect(plan))

    plans = [make_plan(random.Random(seed), seed + 1) for seed in range(20)]
    sizes = [size(plan) for plan in plans]
    assert [size(plan) for plan in plans] == sizes  # remembered: computed once per plan
    assert len(calls) == len(plans)
    reference = weakref.ref(plans[0])
    del plans[:]
    gc.collect()
    assert reference() is None  # the memo holds no strong reference
    # New plans may reuse the ids of freed ones: each still gets its own value.
    for seed in range(20):
        plan = make_plan(random.Random(100 + seed), seed + 2)
        assert size(plan) == len(list(walk(plan)))


def test_the_walk_notes_kpi_tables_relistings_and_whether_ids_repeat() -> None:
    from planrev.model import KpiTable, Repost, Statement
    from planrev.model.walk import ids_unique, kpi_tables, reposting

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
    assert reposting(plan) == (relisting,)
    assert ids_unique(plan)
    twice = plan.model_copy(update={"pillars": (*plan.pillars, plan.pillars[0])})
    assert not ids_unique(twice)
    assert reposting(twice) == (relisting, relisting)
