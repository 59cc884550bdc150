"""Where a node of a draft sits: its container and the sibling before it (for deletions)."""

from __future__ import annotations

from planrev.model import Field, KpiTable, Pillar, Plan, Section, find
from planrev.model.walk import Node

__all__ = ["inside", "old_placement", "placement", "stays"]


def placement(plan: Plan, node_id: str) -> tuple[str | None, str | None] | None:
    """Return (container id, id of the preceding sibling or None) of a node, or None when
    ``plan`` has no such node; a KPI row's container is its table.

    This is :func:`planrev.model.tree.placements` for one node, read from the plan's memoized
    walk: only deleted nodes and their siblings are looked up, not every node of both drafts.
    """
    located = find(plan, node_id)
    if located is None:
        return None
    *_, name, position = located.path
    parents = located.parents
    holder: Plan | Pillar | Field | Section | KpiTable = parents[-1] if parents else plan
    holder_id = parents[-1].id if parents else None
    if name == "rows":  # (…, "blocks", table position, "rows", row position)
        assert not isinstance(holder, KpiTable)
        table = holder.blocks[int(located.path[-3])]
        assert isinstance(table, KpiTable)
        holder, holder_id = table, table.id
    siblings: tuple[Node, ...] = getattr(holder, str(name))
    return holder_id, siblings[int(position) - 1].id if position else None


def old_placement(old: Plan, node_id: str) -> tuple[str | None, str | None]:
    """Return :func:`placement` of a node of the old draft, which has it."""
    found = placement(old, node_id)
    if found is None:
        raise KeyError(node_id)
    return found


def inside(plan: Plan, node_id: str, holders: set[str]) -> bool:
    """Return whether a node of ``plan`` lies inside one of ``holders`` (its parts or table)."""
    located = find(plan, node_id)
    if located is None:
        return False
    if any(parent.id in holders for parent in located.parents):
        return True
    container, _ = old_placement(plan, node_id)
    return container in holders


def stays(found: tuple[str | None, str | None] | None, container: str | None) -> bool:
    return found is not None and found[0] == container
