"""Traversal of a plan: one walk in document order, used everywhere."""

from __future__ import annotations

import functools
import operator
import weakref
from collections.abc import Callable, Iterator
from typing import Literal, NamedTuple, TypeVar

from planrev.model.plan import (
    Block,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Pillar,
    Plan,
    Section,
    Statement,
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
"""``_located(Located, (node, parents, path))`` makes a Located (or a Placement) without a Python
``__new__`` call: the walk makes two per node."""

NodeType = Literal["pillar", "field", "section", "statement", "kpi", "kpi_row", "note", "footnote"]
"""The kind of a node, as comparisons and their outputs name it."""

NODE_TYPES: dict[type, NodeType] = {
    Pillar: "pillar",
    Field: "field",
    Section: "section",
    Statement: "statement",
    KpiTable: "kpi",
    KpiRow: "kpi_row",
    Note: "note",
    Footnote: "footnote",
}
"""The node type of each node class."""


def node_type_of(node: Node) -> NodeType:
    """Return the kind of ``node``."""
    node_type = NODE_TYPES.get(type(node))
    if node_type is not None:
        return node_type
    for kind, name in NODE_TYPES.items():  # pragma: no cover - a subclass of a node type
        if isinstance(node, kind):
            return name
    raise TypeError(type(node))  # pragma: no cover


class Placement(NamedTuple):
    """A node of a plan with where it sits among its siblings: what comparing drafts reads."""

    located: Located
    """The node with its parents and path."""
    position: int
    """Its place in the walk (document order)."""
    container: str | None
    """Id of the node directly holding it: a KPI table for a row, else its structural parent."""
    sibling_index: int
    """Its place among the children of ``container``."""
    after: str | None
    """The id of the node before it in the same list of its container, or None if first."""
    node: Node
    """The node itself."""
    id: str
    """The node's id (read often: kept rather than looked up)."""
    node_type: NodeType
    """What kind of node it is."""
    previous: str | None
    """The id of the node before it among all the children of ``container``, or None."""
    depth: int
    """How many nodes hold it (a KPI row counts its table)."""


class _Collector:
    """One walk of a plan that records each node's :class:`Located` and its :class:`Placement`,
    and notes the re-listing statements and the KPI tables: the comparison reads the placements
    of every node of both drafts, the checks read the re-listings and tables, and finding them
    while the walk is at each node costs far less than another pass each."""

    __slots__ = ("found", "placed", "reposts", "tables")

    def __init__(self) -> None:
        self.found: list[Located] = []
        self.placed: list[Placement] = []
        self.reposts: list[Statement] = []
        self.tables: list[Located] = []

    def blocks(
        self,
        blocks: tuple[Block, ...],
        parents: tuple[StructuralNode, ...],
        path: tuple[PathPart, ...],
        container: str | None,
    ) -> str | None:
        """Collect the blocks of ``container`` (the first of its children); return the last id."""
        found, placed = self.found, self.placed
        depth = len(parents)
        previous = None
        for position, block in enumerate(blocks):
            block_path = (*path, "blocks", position)
            located = _located(Located, (block, parents, block_path))
            node_id = block.id
            node_type = NODE_TYPES.get(type(block)) or node_type_of(block)
            placed.append(
                _located(
                    Placement,
                    (
                        located,
                        len(found),
                        container,
                        position,
                        previous,
                        block,
                        node_id,
                        node_type,
                        previous,
                        depth,
                    ),
                )
            )
            found.append(located)
            if node_type == "statement":
                if block.repost is not None:  # type: ignore[union-attr]
                    self.reposts.append(block)  # type: ignore[arg-type]
            elif node_type == "kpi":
                self.tables.append(located)
                row_previous = None
                for row_position, row in enumerate(block.rows):  # type: ignore[union-attr]
                    row_located = _located(
                        Located, (row, parents, (*block_path, "rows", row_position))
                    )
                    row_id = row.id
                    placed.append(
                        _located(
                            Placement,
                            (
                                row_located,
                                len(found),
                                node_id,
                                row_position,
                                row_previous,
                                row,
                                row_id,
                                "kpi_row",
                                row_previous,
                                depth + 1,
                            ),
                        )
                    )
                    found.append(row_located)
                    row_previous = row_id
            previous = node_id
        return previous

    def node(
        self,
        node: StructuralNode,
        node_type: NodeType,
        parents: tuple[StructuralNode, ...],
        path: tuple[PathPart, ...],
        *,
        sibling_index: int,
        after: str | None,
        previous: str | None,
    ) -> None:
        """Collect a pillar, field or section placed as given, then everything inside it."""
        located = _located(Located, (node, parents, path))
        node_id = node.id
        self.placed.append(
            _located(
                Placement,
                (
                    located,
                    len(self.found),
                    parents[-1].id if parents else None,
                    sibling_index,
                    after,
                    node,
                    node_id,
                    node_type,
                    previous,
                    len(parents),
                ),
            )
        )
        self.found.append(located)
        inner = (*parents, node)
        blocks = node.blocks
        last = self.blocks(blocks, inner, path, node_id) if blocks else None
        if type(node) is Pillar:
            children: tuple[StructuralNode, ...] = node.fields
            child_type: NodeType = "field"
            name = "fields"
        else:
            children = node.sections  # type: ignore[union-attr]
            child_type = "section"
            name = "sections"
        offset = len(blocks)
        before = None
        for position, child in enumerate(children):
            self.node(
                child,
                child_type,
                inner,
                (*path, name, position),
                sibling_index=offset + position,
                after=before,
                previous=last,
            )
            before = last = child.id


def _collect(plan: Plan) -> _Collector:
    collector = _Collector()
    last = collector.blocks(plan.blocks, (), (), None)
    offset = len(plan.blocks)
    before = None
    for position, pillar in enumerate(plan.pillars):
        collector.node(
            pillar,
            "pillar",
            (),
            ("pillars", position),
            sibling_index=offset + position,
            after=before,
            previous=last,
        )
        before = last = pillar.id
    return collector


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
    placements: tuple[Placement, ...]
    reposts: tuple[Statement, ...]
    tables: tuple[Located, ...]
    unique: bool
    """Whether no two nodes have the same id (always so in a checked draft)."""


_PLACEMENT_ID = operator.itemgetter(6)
"""``Placement.id``, read in C."""


@per_plan
def _walked_plan(plan: Plan) -> _Walked:
    collector = _collect(plan)
    nodes = tuple(collector.found)
    placed = collector.placed
    by_id = dict(zip(map(_PLACEMENT_ID, placed), nodes, strict=True))
    unique = len(by_id) == len(nodes)
    if not unique:
        # A repeated id (only in a plan that was never checked): the first node of an id is the
        # one found, and placements are defined by id, so siblings are found as the definition
        # finds them.
        by_id = {}
        for located in nodes:
            by_id.setdefault(located.node.id, located)
        placed = _placements_by_id(nodes)
    return _Walked(
        nodes, by_id, tuple(placed), tuple(collector.reposts), tuple(collector.tables), unique
    )


def collect(plan: Plan) -> list[Located]:
    """Return every node of ``plan`` with an id, in document order (see :func:`walk`)."""
    return list(_walked_plan(plan).nodes)


def placements(plan: Plan) -> tuple[Placement, ...]:
    """Return the nodes of ``plan`` in document order, with where each sits (see
    :class:`Placement`; found by the same, memoized walk)."""
    return _walked_plan(plan).placements


def kpi_tables(plan: Plan) -> tuple[Located, ...]:
    """Return the KPI tables of ``plan`` with where they sit, in document order."""
    return _walked_plan(plan).tables


def ids_unique(plan: Plan) -> bool:
    """Return whether no two nodes of ``plan`` have the same id (always so in a checked draft)."""
    return _walked_plan(plan).unique


def reposting(plan: Plan) -> tuple[Statement, ...]:
    """Return the statements of ``plan`` that re-list another (再掲), in document order."""
    return _walked_plan(plan).reposts


def placements_by_id(plan: Plan) -> tuple[Placement, ...]:
    """Return :func:`placements` as defined: siblings found by their container's id (what the
    walk finds faster when ids are unique)."""
    return tuple(_placements_by_id(_walked_plan(plan).nodes))


def _placements_by_id(nodes: tuple[Located, ...]) -> list[Placement]:
    # A container's children come in document order one list after another (blocks, then
    # sections), so the sibling before a node in its list is the last child seen of its container
    # whenever that child is in the same list. Lists left behind are remembered by (container,
    # list) only to stay exact when a draft repeats an id.
    placed: list[Placement] = []
    last: dict[str | None, tuple[str, PathPart, int]] = {}
    """Container → (the last child seen, the list it is in, children seen so far)."""
    closed: dict[tuple[str | None, PathPart], str] = {}
    """(container, list) → its last child, for lists of a container left behind."""
    table: str | None = None
    for position, located in enumerate(nodes):
        node, parents, path = located
        node_type = node_type_of(node)
        node_id = node.id
        depth = len(parents)
        if node_type == "kpi_row":
            container = table  # rows follow their table in the walk
            depth += 1
        else:
            container = parents[-1].id if parents else None
            if node_type == "kpi":
                table = node_id
        group = path[-2]  # the list holding it: blocks, sections, rows …
        seen = last.get(container)
        if seen is None:
            previous = after = None
            sibling_index = 0
        else:
            previous, previous_group, sibling_index = seen
            if previous_group == group:
                after = previous
            else:
                closed[(container, previous_group)] = previous
                after = closed.get((container, group))
        last[container] = (node_id, group, sibling_index + 1)
        placed.append(
            Placement(
                located,
                position,
                container,
                sibling_index,
                after,
                node,
                node_id,
                node_type,
                previous,
                depth,
            )
        )
    return placed


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
