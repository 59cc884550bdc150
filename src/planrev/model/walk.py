"""Traversal of a plan: one walk in document order, used everywhere."""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterator
from typing import NamedTuple, TypeVar

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


_located = tuple.__new__
"""``_located(Located, (node, parents, path))`` makes a Located without a Python ``__new__`` call:
the walk makes one per node."""


def _collect_blocks(
    found: list[Located],
    blocks: tuple[Block, ...],
    parents: tuple[StructuralNode, ...],
    path: tuple[PathPart, ...],
) -> None:
    append = found.append
    for position, block in enumerate(blocks):
        block_path = (*path, "blocks", position)
        append(_located(Located, (block, parents, block_path)))
        if isinstance(block, KpiTable):
            for row_position, row in enumerate(block.rows):
                append(_located(Located, (row, parents, (*block_path, "rows", row_position))))


def _collect_section(
    found: list[Located],
    section: Section,
    parents: tuple[StructuralNode, ...],
    path: tuple[PathPart, ...],
) -> None:
    found.append(_located(Located, (section, parents, path)))
    inner = (*parents, section)
    if section.blocks:
        _collect_blocks(found, section.blocks, inner, path)
    for position, child in enumerate(section.sections):
        _collect_section(found, child, inner, (*path, "sections", position))


T = TypeVar("T")


def per_plan(compute: Callable[[Plan], T]) -> Callable[[Plan], T]:
    """Remember ``compute(plan)`` for as long as ``plan`` lives.

    A plan is frozen, so whatever is derived from it alone never changes: the comparison, the
    audit, the views and the checks all read the same two drafts, and each walk of a
    1,000-section plan builds 20,000 tuples. Entries are kept by ``id(plan)`` with a weak
    reference that drops them when the plan is freed (never across plans that reuse an id).
    The value is shared: callers must not change it.
    """
    memo: dict[int, tuple[weakref.ref[Plan], T]] = {}

    @functools.wraps(compute)
    def remembered(plan: Plan) -> T:
        key = id(plan)
        known = memo.get(key)
        if known is not None and known[0]() is plan:
            return known[1]
        value = compute(plan)

        def forget(reference: weakref.ref[Plan], key: int = key) -> None:
            current = memo.get(key)
            if current is not None and current[0] is reference:
                del memo[key]

        memo[key] = (weakref.ref(plan, forget), value)
        return value

    return remembered


class _Walked(NamedTuple):
    nodes: tuple[Located, ...]
    by_id: dict[str, Located]


@per_plan
def _walked_plan(plan: Plan) -> _Walked:
    nodes = tuple(_collect(plan))
    by_id: dict[str, Located] = {}
    for located in nodes:
        by_id.setdefault(located.node.id, located)
    return _Walked(nodes, by_id)


def collect(plan: Plan) -> list[Located]:
    """Return every node of ``plan`` with an id, in document order (see :func:`walk`)."""
    return list(_walked_plan(plan).nodes)


def _collect(plan: Plan) -> list[Located]:
    found: list[Located] = []
    _collect_blocks(found, plan.blocks, (), ())
    for pillar_position, pillar in enumerate(plan.pillars):
        pillar_path: tuple[PathPart, ...] = ("pillars", pillar_position)
        found.append(_located(Located, (pillar, (), pillar_path)))
        _collect_blocks(found, pillar.blocks, (pillar,), pillar_path)
        for field_position, field in enumerate(pillar.fields):
            field_path = (*pillar_path, "fields", field_position)
            parents = (pillar, field)
            found.append(_located(Located, (field, (pillar,), field_path)))
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
    # Collected first (and kept while the plan lives): nested generators cost a frame per level
    # for every node.
    return iter(_walked_plan(plan).nodes)


def index(plan: Plan) -> dict[str, Located]:
    """Return every node of ``plan`` by id (the first one wins if an id is repeated)."""
    return dict(_walked_plan(plan).by_id)


def find(plan: Plan, node_id: str) -> Located | None:
    """Return the node with id ``node_id``, or None if ``plan`` has none."""
    return _walked_plan(plan).by_id.get(node_id)


def structural(located: Located) -> bool:
    """Return whether the located node is a pillar, field or section."""
    return isinstance(located.node, Pillar | Field | Section)
