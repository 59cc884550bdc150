"""Pure edits of a plan's tree: insert, remove and replace nodes by id, returning new plans.

Models are frozen; each function returns a new plan sharing every untouched subtree with the old
one. Nodes live in lists by kind: blocks in a node's ``blocks``; pillars, fields and sections in
their parent's list; KPI rows in their table's ``rows``. ``container`` names the node holding a
list (None for the plan itself) and ``after`` the sibling in the same list that a node follows
(None: first in the list).
"""

from __future__ import annotations

from typing import Any

from planrev.model.plan import (
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Pillar,
    Plan,
    Section,
    Statement,
)
from planrev.model.walk import Node

__all__ = [
    "TreeError",
    "child_list_name",
    "insert_node",
    "placement_of",
    "placements",
    "remove_node",
    "replace_node",
]

Container = Plan | Pillar | Field | Section | KpiTable


class TreeError(ValueError):
    """An edit that does not fit the tree (unknown id, wrong kind of container)."""


def child_list_name(container: Container, node: Node) -> str:
    """Return the name of the list of ``container`` that holds nodes like ``node``."""
    if isinstance(node, Statement | KpiTable | Note | Footnote):
        if isinstance(container, KpiTable):
            raise TreeError("a KPI table holds rows only")
        return "blocks"
    if isinstance(node, KpiRow):
        if not isinstance(container, KpiTable):
            raise TreeError("KPI rows belong in a KPI table")
        return "rows"
    if isinstance(node, Pillar):
        if not isinstance(container, Plan):
            raise TreeError("pillars belong to the plan")
        return "pillars"
    if isinstance(node, Field):
        if not isinstance(container, Pillar):
            raise TreeError("fields belong to a pillar")
        return "fields"
    if isinstance(node, Section):
        if not isinstance(container, Field | Section):
            raise TreeError("sections belong to a field or a section")
        return "sections"
    raise TreeError(f"not a node: {type(node).__name__}")  # pragma: no cover


def _lists(container: Container) -> tuple[str, ...]:
    if isinstance(container, Plan):
        return ("blocks", "pillars")
    if isinstance(container, Pillar):
        return ("blocks", "fields")
    if isinstance(container, Field | Section):
        return ("blocks", "sections")
    return ("rows",)


def _children(container: Container) -> list[tuple[str, tuple[Any, ...]]]:
    return [(name, getattr(container, name)) for name in _lists(container)]


def _rebuild(container: Container, target: str | None, action: Any) -> tuple[Container, bool]:
    """Apply ``action`` to the container with id ``target`` (None: the plan) in the subtree."""
    own_id = None if isinstance(container, Plan) else container.id
    if own_id == target:
        return action(container), True
    for name, items in _children(container):
        for index, item in enumerate(items):
            if isinstance(item, Pillar | Field | Section | KpiTable):
                rebuilt, done = _rebuild(item, target, action)
                if done:
                    updated = (*items[:index], rebuilt, *items[index + 1 :])
                    return container.model_copy(update={name: updated}), True
    return container, False


def _apply(plan: Plan, target: str | None, action: Any) -> Plan:
    rebuilt, done = _rebuild(plan, target, action)
    if not done:
        raise TreeError(f"no container with id '{target}'")
    assert isinstance(rebuilt, Plan)
    return rebuilt


def placement_of(plan: Plan, node_id: str) -> tuple[str | None, str | None]:
    """Return (container id, id of the preceding sibling or None) of the node ``node_id``."""

    def search(container: Container) -> tuple[str | None, str | None] | None:
        own_id = None if isinstance(container, Plan) else container.id
        for _name, items in _children(container):
            previous = None
            for item in items:
                if item.id == node_id:
                    return own_id, previous
                previous = item.id
            for item in items:
                if isinstance(item, Pillar | Field | Section | KpiTable):
                    found = search(item)
                    if found is not None:
                        return found
        return None

    found = search(plan)
    if found is None:
        raise TreeError(f"no node with id '{node_id}'")
    return found


def placements(plan: Plan) -> dict[str, tuple[str | None, str | None]]:
    """Return :func:`placement_of` for every node of ``plan`` at once (one traversal)."""
    found: dict[str, tuple[str | None, str | None]] = {}

    def visit(container: Container) -> None:
        own_id = None if isinstance(container, Plan) else container.id
        for _name, items in _children(container):
            previous = None
            for item in items:
                found.setdefault(item.id, (own_id, previous))
                previous = item.id
                if isinstance(item, Pillar | Field | Section | KpiTable):
                    visit(item)

    visit(plan)
    return found


def insert_node(plan: Plan, node: Node, container: str | None, after: str | None) -> Plan:
    """Return ``plan`` with ``node`` inserted in ``container`` after the sibling ``after``."""

    def action(holder: Container) -> Container:
        name = child_list_name(holder, node)
        items = list(getattr(holder, name))
        if after is None:
            position = 0
        else:
            ids = [item.id for item in items]
            if after not in ids:
                raise TreeError(f"'{after}' is not in the same list of '{container}'")
            position = ids.index(after) + 1
        items.insert(position, node)
        return holder.model_copy(update={name: tuple(items)})

    return _apply(plan, container, action)


def remove_node(plan: Plan, node_id: str) -> tuple[Plan, Node]:
    """Return ``plan`` without the node ``node_id`` (and its subtree), and the removed node."""
    container, _after = placement_of(plan, node_id)
    removed: list[Node] = []

    def action(holder: Container) -> Container:
        updates = {}
        for name, items in _children(holder):
            kept = tuple(item for item in items if item.id != node_id)
            if len(kept) != len(items):
                removed.extend(item for item in items if item.id == node_id)
                updates[name] = kept
        return holder.model_copy(update=updates)

    return _apply(plan, container, action), removed[0]


def replace_node(plan: Plan, node_id: str, node: Node) -> Plan:
    """Return ``plan`` with the node ``node_id`` replaced by ``node`` (same place)."""
    container, _after = placement_of(plan, node_id)

    def action(holder: Container) -> Container:
        updates = {}
        for name, items in _children(holder):
            if any(item.id == node_id for item in items):
                updates[name] = tuple(node if item.id == node_id else item for item in items)
        return holder.model_copy(update=updates)

    return _apply(plan, container, action)
