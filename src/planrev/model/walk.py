"""Traversal of a plan: one walk in document order, used everywhere."""

from __future__ import annotations

from collections.abc import Iterator
from typing import NamedTuple

from planrev.model.plan import (
    Block,
    Field,
    KpiRow,
    KpiTable,
    Pillar,
    Plan,
    Section,
    StructuralNode,
)

PathPart = str | int
"""One step of a path into the data: a key or a list index."""

Node = StructuralNode | Block | KpiRow
"""Anything in a plan that has an id."""


class Located(NamedTuple):
    """A node of a plan together with where it sits."""

    node: Node
    """The node itself."""
    parents: tuple[StructuralNode, ...]
    """The structural nodes that contain it, outermost first (the plan itself not included)."""
    path: tuple[PathPart, ...]
    """Where it is in the data, e.g. ``("pillars", 2, "fields", 0, "blocks", 1)``."""

    @property
    def id(self) -> str:
        """Return the node's id."""
        return self.node.id

    @property
    def container(self) -> StructuralNode | None:
        """Return the nearest structural node holding this one, or None at the plan's top."""
        return self.parents[-1] if self.parents else None


def _collect_blocks(
    found: list[Located],
    blocks: tuple[Block, ...],
    parents: tuple[StructuralNode, ...],
    path: tuple[PathPart, ...],
) -> None:
    for position, block in enumerate(blocks):
        block_path = (*path, "blocks", position)
        found.append(Located(block, parents, block_path))
        if isinstance(block, KpiTable):
            for row_position, row in enumerate(block.rows):
                found.append(Located(row, parents, (*block_path, "rows", row_position)))


def _collect_section(
    found: list[Located],
    section: Section,
    parents: tuple[StructuralNode, ...],
    path: tuple[PathPart, ...],
) -> None:
    found.append(Located(section, parents, path))
    inner = (*parents, section)
    if section.blocks:
        _collect_blocks(found, section.blocks, inner, path)
    for position, child in enumerate(section.sections):
        _collect_section(found, child, inner, (*path, "sections", position))


def collect(plan: Plan) -> list[Located]:
    """Return every node of ``plan`` with an id, in document order (see :func:`walk`)."""
    found: list[Located] = []
    _collect_blocks(found, plan.blocks, (), ())
    for pillar_position, pillar in enumerate(plan.pillars):
        pillar_path: tuple[PathPart, ...] = ("pillars", pillar_position)
        found.append(Located(pillar, (), pillar_path))
        _collect_blocks(found, pillar.blocks, (pillar,), pillar_path)
        for field_position, field in enumerate(pillar.fields):
            field_path = (*pillar_path, "fields", field_position)
            parents = (pillar, field)
            found.append(Located(field, (pillar,), field_path))
            _collect_blocks(found, field.blocks, parents, field_path)
            for section_position, section in enumerate(field.sections):
                _collect_section(
                    found, section, parents, (*field_path, "sections", section_position)
                )
    return found


def walk(plan: Plan) -> Iterator[Located]:
    """Yield every node of ``plan`` with an id, in document order.

    The order is the order of a printed plan: the plan's own blocks, then each pillar followed by
    its blocks and fields, each field followed by its blocks and sections, and so on; KPI rows
    follow their table.
    """
    # Collected into a list first: nested generators cost a frame per level for every node.
    return iter(collect(plan))


def index(plan: Plan) -> dict[str, Located]:
    """Return every node of ``plan`` by id (the first one wins if an id is repeated)."""
    found: dict[str, Located] = {}
    for located in collect(plan):
        found.setdefault(located.node.id, located)
    return found


def find(plan: Plan, node_id: str) -> Located | None:
    """Return the node with id ``node_id``, or None if ``plan`` has none."""
    for located in walk(plan):
        if located.id == node_id:
            return located
    return None


def structural(located: Located) -> bool:
    """Return whether the located node is a pillar, field or section."""
    return isinstance(located.node, Pillar | Field | Section)
