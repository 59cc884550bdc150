"""Apply a comparison's changes to the old draft, giving the new draft back.

This is the proof that a comparison loses nothing: every node of the new draft is either an
unchanged node of the old draft (kept in its place), a node whose attributes the changes rewrite
(texts rebuilt from the diff spans), a node moved to the place a change names, or a node a change
adds. ``apply(old, compare(old, new)) == new`` is a property the tests check on random drafts.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from planrev.comparison.result import Change, Comparison
from planrev.comparison.text import Op, new_text
from planrev.model import ChangeKind, Field, KpiRow, Pillar, Plan, Section
from planrev.model.walk import Node, PlanIndex, walk

__all__ = ["ApplyError", "apply"]

_LISTS = ("blocks", "pillars", "fields", "sections", "rows")
_TEXT_ATTRIBUTES = {"text", "title", "indicator", "unit", "baseline", "target", "mark"}


class ApplyError(ValueError):
    """Changes that do not fit the draft they are applied to."""


def _bare(node: Node) -> Node:
    """Return ``node`` without its child lists (they are rebuilt separately)."""
    updates = {name: () for name in _LISTS if hasattr(node, name)}
    return node.model_copy(update=updates) if updates else node


def _with_changes(change: Change) -> Node:
    """Return the old node with the change's new attribute values (texts from the spans)."""
    assert change.new_node is not None
    updated = _bare(change.new_node)
    updates: dict[str, Any] = {}
    for diff in change.diffs:
        if diff.name not in _TEXT_ATTRIBUTES or not diff.spans:
            continue
        rebuilt = new_text(diff.spans)
        if not any(span.op is not Op.DELETE for span in diff.spans):
            rebuilt_value: str | None = None if diff.new is None else rebuilt
        else:
            rebuilt_value = rebuilt
        if change.kind is ChangeKind.SPLIT and diff.name == "text":
            # The diff runs over the pieces joined: the first keeps its own text.
            joined = "".join(getattr(n, "text", "") or "" for n in (updated, *change.part_nodes))
            if rebuilt_value != joined:
                raise ApplyError(f"{change.id}: the spans of text do not give the pieces' text")
            continue
        if rebuilt_value != getattr(updated, diff.name):
            raise ApplyError(f"{change.id}: the spans of {diff.name} do not give the new value")
        updates[diff.name] = rebuilt_value
    return updated.model_copy(update=updates) if updates else updated


def apply(old: Plan, comparison: Comparison) -> Plan:
    """Return the draft that results from applying ``comparison``'s changes to ``old``.

    The metadata (meeting, date, stage) is the new draft's: it describes the draft, it is not a
    change of the plan's text.
    """
    by_old: dict[str, Change] = {c.old_id: c for c in comparison.changes if c.old_id}
    renamed = dict(comparison.renamed)
    placed: dict[tuple[str | None, str], list[str]] = defaultdict(list)
    nodes: dict[str, Node] = {}
    deleted: set[str] = set()
    merged = {part for c in comparison.changes if c.kind is ChangeKind.MERGE for part in c.parts}
    for entry in walk(old):
        node_id = entry.id
        if node_id in merged:
            continue  # a further piece of a merge: its text is in the merged statement
        change = by_old.get(node_id)
        if change is None and entry.holder in deleted:
            deleted.add(node_id)  # inside a deleted section or table: deleted with it
            continue
        if change is not None and change.new_id is None:
            deleted.add(node_id)
            continue
        if change is not None:
            assert change.new_id is not None
            nodes[change.new_id] = _with_changes(change)
            if change.move is not None:
                continue  # placed where the change says, below
            new_id = change.new_id
        else:
            new_id = renamed.get(node_id, node_id)
            nodes[new_id] = _bare(entry.node).model_copy(update={"id": new_id})
        new_container = _map(entry.holder, by_old, renamed)
        placed[(new_container, str(entry.path[-2]))].append(new_id)

    for change in comparison.changes:
        if change.new_id is None:
            continue
        if change.old_id is None:
            assert change.new_node is not None
            _add_subtree(change.new_node, change, nodes, placed, comparison)
        elif change.move is not None:
            group = _list_name(change.new_node)
            _insert(placed[(change.container, group)], change.new_id, change.after)
        if change.kind is ChangeKind.SPLIT:
            # The further pieces stand where the new draft has them (after the first piece, or
            # after what was added between them).
            new_index = PlanIndex.of(comparison.new)
            for part in change.part_nodes:
                located = new_index.by_id[part.id]
                nodes[part.id] = _bare(part)
                _insert(placed[(located.holder, "blocks")], part.id, located.after)
    for renumbering in comparison.renumbered:  # no change, but the new draft's numbers
        node = nodes.get(renumbering.new_id)
        if node is not None:
            nodes[renumbering.new_id] = node.model_copy(update={"number": renumbering.new_number})
    return _build(comparison.new, nodes, placed)


def _map(container: str | None, by_old: dict[str, Change], renamed: dict[str, str]) -> str | None:
    if container is None:
        return None
    change = by_old.get(container)
    if change is not None and change.new_id is not None:
        return change.new_id
    return renamed.get(container, container)


def _list_name(node: Node | None) -> str:
    if isinstance(node, Pillar):
        return "pillars"
    if isinstance(node, Field):
        return "fields"
    if isinstance(node, Section):
        return "sections"
    if isinstance(node, KpiRow):
        return "rows"
    return "blocks"


def _insert(siblings: list[str], node_id: str, after: str | None) -> None:
    if after is None:
        siblings.insert(0, node_id)
        return
    if after not in siblings:
        raise ApplyError(f"cannot place {node_id}: {after} is not there")
    siblings.insert(siblings.index(after) + 1, node_id)


def _add_subtree(
    node: Node,
    change: Change,
    nodes: dict[str, Node],
    placed: dict[tuple[str | None, str], list[str]],
    comparison: Comparison,
) -> None:
    """Place an added node and the added nodes inside it (paired ones come by their own change)."""
    paired = {c.new_id for c in comparison.changes if c.old_id and c.new_id}
    paired |= {new for _old, new in comparison.renamed}
    nodes[node.id] = _bare(node)
    _insert(placed[(change.container, _list_name(node))], node.id, change.after)
    stack: list[Node] = [node]
    while stack:
        parent = stack.pop()
        for name in _LISTS:
            for child in getattr(parent, name, ()):
                if child.id in paired:
                    continue
                nodes[child.id] = _bare(child)
                placed[(parent.id, name)].append(child.id)
                stack.append(child)


def _build(
    new: Plan, nodes: dict[str, Node], placed: dict[tuple[str | None, str], list[str]]
) -> Plan:
    def build(node_id: str) -> Node:
        node = nodes[node_id]
        updates = {
            name: tuple(build(child) for child in placed.get((node_id, name), ()))
            for name in _LISTS
            if hasattr(node, name)
        }
        return node.model_copy(update=updates) if updates else node

    return new.model_copy(
        update={
            "blocks": tuple(build(child) for child in placed.get((None, "blocks"), ())),
            "pillars": tuple(build(child) for child in placed.get((None, "pillars"), ())),
        }
    )
