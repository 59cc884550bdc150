"""Edits of frozen drafts for tests: replace, remove, insert and move nodes by id.

Models are frozen, so an edit rebuilds the draft from its plain data with the change applied at
the node's path (as :func:`planrev.model.walk` reports it).
"""

from __future__ import annotations

from typing import Any

from planrev.model import Block, Plan, find
from planrev.model.walk import PathPart

__all__ = ["insert_block", "move_block", "remove_node", "replace_node", "with_text"]


def _data(plan: Plan) -> dict[str, Any]:
    data: dict[str, Any] = plan.model_dump(mode="json")
    return data


def _located_path(plan: Plan, node_id: str) -> tuple[PathPart, ...]:
    located = find(plan, node_id)
    if located is None:
        raise KeyError(node_id)
    return located.path


def _parent(data: Any, path: tuple[PathPart, ...]) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


def replace_node(plan: Plan, node_id: str, node: Any) -> Plan:
    """Return ``plan`` with the node ``node_id`` replaced by ``node`` (a model of the same kind)."""
    data = _data(plan)
    path = _located_path(plan, node_id)
    _parent(data, path)[path[-1]] = node.model_dump(mode="json")
    return Plan.model_validate(data)


def with_text(plan: Plan, node_id: str, text: str | None) -> Plan:
    """Return ``plan`` with the text of the statement (or note) ``node_id`` replaced."""
    located = find(plan, node_id)
    assert located is not None
    return replace_node(plan, node_id, located.node.model_copy(update={"text": text}))


def remove_node(plan: Plan, node_id: str) -> Plan:
    """Return ``plan`` without the node ``node_id`` (and what it holds)."""
    data = _data(plan)
    path = _located_path(plan, node_id)
    del _parent(data, path)[path[-1]]
    return Plan.model_validate(data)


def insert_block(plan: Plan, container_id: str | None, position: int, block: Block) -> Plan:
    """Return ``plan`` with ``block`` inserted at ``position`` in the blocks of ``container_id``.

    ``container_id`` None means the plan's own blocks.
    """
    data = _data(plan)
    container = data
    if container_id is not None:
        for part in _located_path(plan, container_id):
            container = container[part]
    container.setdefault("blocks", []).insert(position, block.model_dump(mode="json"))
    return Plan.model_validate(data)


def move_block(plan: Plan, node_id: str, position: int) -> Plan:
    """Return ``plan`` with the block ``node_id`` moved to ``position`` within its own list."""
    data = _data(plan)
    path = _located_path(plan, node_id)
    siblings = _parent(data, path)
    moved = siblings.pop(path[-1])
    siblings.insert(position, moved)
    return Plan.model_validate(data)
