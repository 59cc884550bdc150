"""The comparison's shortcuts give what the plain definitions give.

Each shortcut of the comparison (one walk noting each node's place, subtree ends found by depth,
regex clause boundaries, a translate table for width folding) is checked here against the
straightforward definition it replaces.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from planrev.comparison import compare
from planrev.comparison.structure import _Subtrees
from planrev.comparison.text import (
    _CLAUSE_ENDS,
    _back_to_boundary,
    _forward_to_boundary,
    _width_folded,
    _without_space,
)
from planrev.model import KpiRow, KpiTable, Plan, Section, Statement, walk
from planrev.model.walk import PlanIndex
from planrev.storage.documents import load_draft
from planrev.testing.synthetic import make_plan, revise
from tests.conftest import AOMORI


def _plans() -> list[Plan]:
    plans = [load_draft(AOMORI / "draft-03.yaml")]  # blocks at the top, in pillars and fields
    plans += [make_plan(random.Random(seed), 12) for seed in range(6)]
    return plans


def test_entries_match_their_definition() -> None:
    # The walk finds each node's place as it goes; the definition finds it by its holder's id.
    for plan in _plans():
        entries = PlanIndex.of(plan).nodes
        counters: Counter[str | None] = Counter()
        last_in_list: dict[tuple[str | None, object], str] = {}
        last_child: dict[str | None, str] = {}
        table = None
        assert len(entries) == len(list(walk(plan)))
        for position, (entry, located) in enumerate(zip(entries, walk(plan), strict=True)):
            row = isinstance(located.node, KpiRow)
            if row:
                container = table
            else:
                container = located.container.id if located.container is not None else None
            if isinstance(located.node, KpiTable):
                table = located.id
            group = located.path[-2]
            assert entry.position == position
            assert entry.id == located.id
            assert entry.holder == container
            assert entry.sibling_index == counters[container]
            assert entry.after == last_in_list.get((container, group))
            assert entry.previous == last_child.get(container)
            assert entry.depth == len(located.parents) + row
            counters[container] += 1
            last_in_list[(container, group)] = located.id
            last_child[container] = located.id


def test_subtree_ends_match_their_definition() -> None:
    for plan in _plans():
        plan_index = PlanIndex.of(plan)
        expected: dict[str, int] = {}
        for entry in plan_index.nodes:
            expected[entry.id] = entry.position
            holders = [parent.id for parent in entry.parents]
            if entry.holder is not None and entry.holder not in holders:
                holders.append(entry.holder)
            for holder in holders:
                expected[holder] = entry.position
        # Found on demand, node by node, as the comparison asks.
        subtrees = _Subtrees(plan_index)
        for entry in plan_index.nodes:
            assert subtrees.end(entry) == expected[entry.id]
            assert subtrees.size(entry.id) == expected[entry.id] - entry.position + 1
        assert subtrees.size("no-such-id") == 1


def test_a_plan_is_read_once_and_compared_alike_again() -> None:
    rng = random.Random(7)
    old = make_plan(rng, 20)
    revised = revise(rng, old, rate=0.3)
    assert PlanIndex.of(old) is PlanIndex.of(old)
    first = compare(old, revised.plan, revised.record, revised.opinions)
    again = compare(old, revised.plan, revised.record, revised.opinions)
    assert first.changes == again.changes
    assert first.findings == again.findings
    assert first.renamed == again.renamed


def _plain_back(text: str, position: int) -> int:
    while position > 0 and text[position - 1] not in _CLAUSE_ENDS:
        position -= 1
    return position


def _plain_forward(text: str, position: int) -> int:
    while position < len(text) and text[position] not in _CLAUSE_ENDS:
        position += 1
    return position


def _plain_width_folded(text: str) -> str:
    folded = []
    for char in text:
        decomposition = unicodedata.decomposition(char)
        if decomposition.startswith(("<wide> ", "<narrow> ")):
            folded.append(chr(int(decomposition.split()[1], 16)))
        else:
            folded.append(char)
    return unicodedata.normalize("NFC", "".join(folded))


_TEXT = st.text(
    alphabet=st.sampled_from(
        sorted(_CLAUSE_ENDS) + list("あ漢カｶﾞ１1,.\t\r\x85\u2028\u3099ａA\ud800")
    )
    | st.characters(),
    max_size=24,
)


@given(_TEXT, st.integers(min_value=0, max_value=24))
def test_clause_boundaries_match_their_definition(text: str, position: int) -> None:
    position = min(position, len(text))
    assert _back_to_boundary(text, position) == _plain_back(text, position)
    assert _forward_to_boundary(text, position) == _plain_forward(text, position)


@given(_TEXT)
def test_width_and_space_folding_match_their_definition(text: str) -> None:
    assert _width_folded(text) == _plain_width_folded(text)
    assert _without_space(text) == "".join(char for char in text if not char.isspace())


def _broken_reposts_by_definition(plan: Plan) -> list[tuple[str, str, str | None]]:
    # A re-listing is broken when no statement has its original's id or the original reads
    # differently.
    statements = {
        located.node.id: located.node
        for located in walk(plan)
        if isinstance(located.node, Statement)
    }
    broken = []
    for statement in statements.values():
        if statement.repost is None or statement.repost.of is None:
            continue
        original = statements.get(statement.repost.of)
        if original is None or original.text != statement.text:
            broken.append((statement.id, statement.repost.of, original.id if original else None))
    return broken


def test_broken_reposts_match_their_definition() -> None:
    from planrev.comparison.linking import _broken_reposts
    from planrev.model import Repost

    plans = [load_draft(AOMORI / "draft-03.yaml")]
    for seed in range(4):
        plan = make_plan(random.Random(seed), 10)
        statements = [n.node for n in walk(plan) if isinstance(n.node, Statement)]
        # Re-listings in sync, out of sync, of nothing and of a section.
        edits = {
            statements[1].id: statements[1].model_copy(
                update={"repost": Repost(of=statements[0].id), "text": statements[0].text}
            ),
            statements[3].id: statements[3].model_copy(
                update={"repost": Repost(of=statements[2].id)}
            ),
            statements[5].id: statements[5].model_copy(update={"repost": Repost(of="nothing")}),
            statements[6].id: statements[6].model_copy(
                update={"repost": Repost(of=plan.pillars[0].fields[0].sections[0].id)}
            ),
        }
        changed = _replace_statements(plan, edits)
        plans.append(changed)
    for plan in plans:
        found = [
            (statement.id, of, original.id if original else None)
            for statement, of, original in _broken_reposts(plan)
        ]
        assert found == _broken_reposts_by_definition(plan)
    assert len(_broken_reposts_by_definition(plans[1])) == 3  # all but the one in sync


def _replace_statements(plan: Plan, edits: dict[str, Statement]) -> Plan:
    def blocks(items: tuple) -> tuple:  # type: ignore[type-arg]
        return tuple(
            edits.get(item.id, item) if isinstance(item, Statement) else item for item in items
        )

    def section(node: Section) -> Section:
        return node.model_copy(
            update={"blocks": blocks(node.blocks), "sections": tuple(map(section, node.sections))}
        )

    pillars = tuple(
        pillar.model_copy(
            update={
                "fields": tuple(
                    field.model_copy(
                        update={
                            "blocks": blocks(field.blocks),
                            "sections": tuple(map(section, field.sections)),
                        }
                    )
                    for field in pillar.fields
                )
            }
        )
        for pillar in plan.pillars
    )
    return plan.model_copy(update={"pillars": pillars})
