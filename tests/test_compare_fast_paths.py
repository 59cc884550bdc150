"""The comparison's shortcuts give what the plain definitions give.

Each shortcut of the comparison (one pass for a draft's entries, one stack pass for subtree ends,
regex clause boundaries, a translate table for width folding) is checked here against the
straightforward definition it replaces, including drafts that repeat an id.
"""

from __future__ import annotations

import random
import unicodedata
from collections import Counter

from hypothesis import given
from hypothesis import strategies as st

from planrev.comparison import compare
from planrev.comparison.structure import _subtree_ends, _Subtrees
from planrev.comparison.text import (
    _CLAUSE_ENDS,
    _back_to_boundary,
    _forward_to_boundary,
    _width_folded,
    _without_space,
)
from planrev.model import Field, KpiRow, KpiTable, Plan, Section, Statement, index, walk
from planrev.model.walk import placements, placements_by_id
from planrev.storage.documents import load_draft
from planrev.testing.synthetic import make_plan, revise
from tests.conftest import AOMORI


def _with_repeated_ids(plan: Plan, seed: int) -> Plan:
    """Return ``plan`` with some statements and sections given the id of another node.

    A section given a field's id holds blocks after the field's sections: one container id then
    has a list of blocks, a list of sections and a list of blocks again.
    """
    rng = random.Random(seed)
    statement_ids = [loc.id for loc in walk(plan) if isinstance(loc.node, Statement)]
    section_ids = [loc.id for loc in walk(plan) if isinstance(loc.node, Section | Field)]

    def section(node: Section) -> Section:
        blocks = tuple(
            block.model_copy(update={"id": rng.choice(statement_ids)})
            if isinstance(block, Statement) and rng.random() < 0.1
            else block
            for block in node.blocks
        )
        update: dict[str, object] = {
            "blocks": blocks,
            "sections": tuple(section(child) for child in node.sections),
        }
        if rng.random() < 0.2:
            update["id"] = rng.choice(section_ids)
        return node.model_copy(update=update)

    pillars = tuple(
        pillar.model_copy(
            update={
                "fields": tuple(
                    field.model_copy(update={"sections": tuple(section(s) for s in field.sections)})
                    for field in pillar.fields
                )
            }
        )
        for pillar in plan.pillars
    )
    return plan.model_copy(update={"pillars": pillars})


def _plans() -> list[Plan]:
    plans = [load_draft(AOMORI / "draft-03.yaml")]  # blocks at the top, in pillars and fields
    for seed in range(6):
        plan = make_plan(random.Random(seed), 12)
        plans.append(plan)
        plans.append(_with_repeated_ids(plan, seed))
    repeating = [plan for plan in plans if len(index(plan)) < len(list(walk(plan)))]
    assert len(repeating) >= 3  # the shortcuts are checked on drafts that repeat ids too
    return plans


def test_entries_match_their_definition() -> None:
    # The walk finds each node's place as it goes (ids unique); placements_by_id is the
    # definition by container id, which the walk falls back to when a plan repeats an id.
    checked = [
        (plan, entries)
        for plan in _plans()
        for entries in (placements(plan), placements_by_id(plan))
    ]
    for plan, entries in checked:
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
            assert entry.container == container
            assert entry.sibling_index == counters[container]
            assert entry.after == last_in_list.get((container, group))
            assert entry.previous == last_child.get(container)
            assert entry.depth == len(located.parents) + row
            counters[container] += 1
            last_in_list[(container, group)] = located.id
            last_child[container] = located.id


def test_subtree_ends_match_their_definition() -> None:
    for plan in _plans():
        entries = placements(plan)
        expected: dict[str, int] = {}
        for entry in entries:
            expected[entry.id] = entry.position
            holders = [parent.id for parent in entry.located.parents]
            if entry.container is not None and entry.container not in holders:
                holders.append(entry.container)
            for holder in holders:
                expected[holder] = entry.position
        assert _subtree_ends(entries) == expected
        # Found on demand, node by node, as the comparison asks.
        unique = len(index(plan)) == len(entries)
        subtrees = _Subtrees(entries, unique)
        last = {entry.id: entry for entry in entries}
        for entry in entries:
            if unique or last[entry.id] is entry:
                assert subtrees.end(entry) == expected[entry.id]
            assert subtrees.size(entry.id) == expected[entry.id] - last[entry.id].position + 1
        assert subtrees.size("no-such-id") == 1


def test_a_plan_is_read_once_and_compared_alike_again() -> None:
    rng = random.Random(7)
    old = make_plan(rng, 20)
    revised = revise(rng, old, rate=0.3)
    assert placements(old) is placements(old)
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
    # An id names the last statement that has it; a re-listing is broken when no statement has
    # its original's id or the original reads differently.
    statements: dict[str, Statement] = {}
    for located in walk(plan):
        if isinstance(located.node, Statement):
            statements[located.node.id] = located.node
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
        plans += [changed, _with_repeated_ids(changed, seed)]
    assert any(len(index(plan)) < len(list(walk(plan))) for plan in plans)
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
