"""Pure edits of a plan's tree: insert, remove and replace nodes by id, returning new plans.

Models are frozen; each function returns a new plan sharing every untouched subtree with the old
one. Nodes live in lists by kind: blocks in a node's ``blocks``; pillars, fields and sections in
their parent's list; KPI rows in their table's ``rows``. ``container`` names the node holding a
list (None for the plan itself) and ``after`` the sibling in the same list that a node follows
(None: first in the list). Nodes are found through the plan's index
(:class:`planrev.model.walk.PlanIndex`), so a plan that repeats an id is refused.
"""

from __future__ import annotations

from collections.abc import Callable
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
from planrev.model.walk import Located, Node, NodeType, PathPart, find, walk

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


_CONTAINERS: frozenset[NodeType] = frozenset(("pillar", "field", "section", "kpi"))
"""The node types that hold a list of other nodes."""


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


def _rebuilt(holder: Any, path: tuple[PathPart, ...], action: Callable[[Any], Any]) -> Any:
    """Return ``holder`` with the node at ``path`` inside it replaced by ``action(node)``."""
    if not path:
        return action(holder)
    name, position = str(path[0]), int(path[1])
    items = getattr(holder, name)
    child = _rebuilt(items[position], path[2:], action)
    return holder.model_copy(update={name: (*items[:position], child, *items[position + 1 :])})


def _located(plan: Plan, node_id: str) -> Located:
    located = find(plan, node_id)
    if located is None:
        raise TreeError(f"no node with id '{node_id}'")
    return located


def _apply(plan: Plan, target: str | None, action: Callable[[Any], Any]) -> Plan:
    """Return ``plan`` with the container ``target`` (None: the plan) replaced by ``action(it)``."""
    path: tuple[PathPart, ...] = ()
    if target is not None:
        located = find(plan, target)
        if located is None or located.node_type not in _CONTAINERS:
            raise TreeError(f"no container with id '{target}'")
        path = located.path
    rebuilt = _rebuilt(plan, path, action)
    assert isinstance(rebuilt, Plan)
    return rebuilt


def placement_of(plan: Plan, node_id: str) -> tuple[str | None, str | None]:
    """Return (container id, id of the preceding sibling or None) of the node ``node_id``."""
    located = _located(plan, node_id)
    return located.holder, located.after


def placements(plan: Plan) -> dict[str, tuple[str | None, str | None]]:
    """Return :func:`placement_of` for every node of ``plan`` at once."""
    return {located.id: (located.holder, located.after) for located in walk(plan)}


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


def _at(plan: Plan, located: Located, replacement: tuple[Node, ...]) -> Plan:
    """Return ``plan`` with the node at ``located`` replaced by ``replacement`` (none, or one)."""
    name, position = str(located.path[-2]), int(located.path[-1])

    def action(holder: Any) -> Any:
        items = getattr(holder, name)
        return holder.model_copy(
            update={name: (*items[:position], *replacement, *items[position + 1 :])}
        )

    rebuilt = _rebuilt(plan, located.path[:-2], action)
    assert isinstance(rebuilt, Plan)
    return rebuilt


def remove_node(plan: Plan, node_id: str) -> tuple[Plan, Node]:
    """Return ``plan`` without the node ``node_id`` (and its subtree), and the removed node."""
    located = _located(plan, node_id)
    return _at(plan, located, ()), located.node


def replace_node(plan: Plan, node_id: str, node: Node) -> Plan:
    """Return ``plan`` with the node ``node_id`` replaced by ``node`` (same place)."""
    return _at(plan, _located(plan, node_id), (node,))
