"""Traversal of a plan: one walk in document order, used everywhere.

One walk of a plan finds every node with an id, where it sits, the re-listings (再掲) and the KPI
tables; :class:`PlanIndex` holds what it found. A plan is frozen, so its index never goes stale:
:meth:`PlanIndex.of` builds it on first use and keeps it for as long as the plan lives, and
:func:`walk`, :func:`find`, :func:`index`, :func:`collect` and :func:`kpi_tables` all read it.

Ids name nodes, so a plan that uses one id twice has no index: every reader refuses it with
:class:`planrev.errors.DuplicateIdError` (a plan loaded from a file never does; loading checks
it). :func:`repeated_ids` lists the repeats for the checks that report them.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import ClassVar, Literal

from planrev.errors import DuplicateIdError, Location
from planrev.i18n import Msg
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
"""The node type of each node class (models are closed: no subclasses)."""


def node_type_of(node: Node) -> NodeType:
    """Return the kind of ``node``."""
    return NODE_TYPES[type(node)]


@dataclass(slots=True)
class Located:
    """A node of a plan with where it sits: its parents, its path in the data, and its place
    among its siblings (what comparing drafts reads).

    Read-only by convention: the walk's values are shared by every reader of the plan. (Not a
    frozen dataclass: a frozen one sets each field through ``object.__setattr__``, which made the
    walk of a 1,000-section plan 2.3 times as long and the pipeline miss its target of 3 times
    the floor; see docs/performance.md.)
    """

    node: Node
    """The node itself."""
    id: str
    """The node's id (``node.id``)."""
    parents: tuple[StructuralNode, ...]
    """The structural nodes that contain it, outermost first (the plan itself not included)."""
    path: tuple[PathPart, ...]
    """Where it is in the data, e.g. ``("pillars", 2, "fields", 0, "blocks", 1)``."""
    position: int
    """Its place in the walk (document order), from 0."""
    holder: str | None
    """The id of the node directly holding it: a KPI table for a row, else its structural
    parent; None at the plan's top."""
    sibling_index: int
    """Its place among all the children of ``holder`` (blocks first, then sections …)."""
    after: str | None
    """The id of the node before it in the same list of ``holder``, or None if first."""
    previous: str | None
    """The id of the node before it among all the children of ``holder``, or None if first."""
    depth: int
    """How many nodes hold it (a KPI row counts its table)."""
    node_type: NodeType
    """What kind of node it is."""

    @property
    def container(self) -> StructuralNode | None:
        """Return the nearest structural node holding this one, or None at the plan's top."""
        return self.parents[-1] if self.parents else None


_CHILD_LISTS: dict[type, str] = {
    Plan: "pillars",
    Pillar: "fields",
    Field: "sections",
    Section: "sections",
}
"""The name of the list that holds the ``children`` of each kind of holder."""


class _Walk:
    """One pass over a plan in document order, noting each node, re-listing and KPI table.

    It makes one :class:`Located` per node, its fields given in the order of their definition
    (passing ten keywords per node made the walk a third longer).
    """

    def __init__(self, plan: Plan) -> None:
        self.nodes: list[Located] = []
        self.reposts: list[Statement] = []
        self.tables: list[Located] = []
        self._contents(plan, (), ())

    def _contents(
        self,
        holder: Plan | StructuralNode,
        parents: tuple[StructuralNode, ...],
        path: tuple[PathPart, ...],
    ) -> None:
        """Note what ``holder`` holds (its blocks, then its pillars, fields or sections) and
        everything inside it; ``parents`` end with ``holder`` unless it is the plan."""
        nodes = self.nodes
        holder_id = parents[-1].id if parents else None
        depth = len(parents)
        previous = None
        for position, block in enumerate(holder.blocks):
            located = Located(
                block,
                block.id,
                parents,
                (*path, "blocks", position),
                len(nodes),
                holder_id,
                position,
                previous,
                previous,
                depth,
                NODE_TYPES[type(block)],
            )
            nodes.append(located)
            if type(block) is Statement:
                if block.repost is not None:
                    self.reposts.append(block)
            elif type(block) is KpiTable:
                self.tables.append(located)
                self._rows(located, block)
            previous = block.id
        name = _CHILD_LISTS[type(holder)]
        offset = len(holder.blocks)
        after = None
        children: tuple[StructuralNode, ...] = holder.children
        for position, child in enumerate(children):
            child_path = (*path, name, position)
            nodes.append(
                Located(
                    child,
                    child.id,
                    parents,
                    child_path,
                    len(nodes),
                    holder_id,
                    offset + position,
                    after,
                    previous,
                    depth,
                    NODE_TYPES[type(child)],
                )
            )
            self._contents(child, (*parents, child), child_path)
            after = previous = child.id

    def _rows(self, located: Located, table: KpiTable) -> None:
        """Note the rows of a KPI table, right after the table."""
        nodes = self.nodes
        previous = None
        for position, row in enumerate(table.rows):
            nodes.append(
                Located(
                    row,
                    row.id,
                    located.parents,
                    (*located.path, "rows", position),
                    len(nodes),
                    table.id,
                    position,
                    previous,
                    previous,
                    located.depth + 1,
                    "kpi_row",
                )
            )
            previous = row.id


def _dotted(path: tuple[PathPart, ...]) -> str:
    """Return a path as written in messages: ``pillars[2].fields[0].blocks[1]``."""
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def _repeats(nodes: list[Located]) -> list[tuple[Located, Located]]:
    seen: dict[str, Located] = {}
    repeats = []
    for located in nodes:
        first = seen.setdefault(located.id, located)
        if first is not located:
            repeats.append((first, located))
    return repeats


def repeated_ids(plan: Plan) -> list[tuple[Located, Located]]:
    """Return (first node, later node) for each node whose id an earlier node already has, in
    document order; empty when every id is unique."""
    return _repeats(_Walk(plan).nodes)


@dataclass(frozen=True, slots=True)
class PlanIndex:
    """What one walk of a plan finds: its nodes in document order, by id, and the nodes the
    comparison and the checks look at first.

    Get it with :meth:`of`; every value is shared by the plan's readers and must not be changed.
    """

    nodes: tuple[Located, ...]
    """Every node with an id, in document order: the plan's own blocks, then each pillar followed
    by its blocks and fields, each field followed by its blocks and sections, and so on; KPI rows
    follow their table."""
    by_id: Mapping[str, Located]
    """The same nodes by id (read-only)."""
    reposts: tuple[Statement, ...]
    """The statements that re-list another (再掲), in document order."""
    kpi_tables: tuple[Located, ...]
    """The KPI tables, in document order."""

    _known: ClassVar[dict[int, tuple[weakref.ref[Plan], PlanIndex]]] = {}
    """Index by ``id(plan)``, with a weak reference that drops the entry when the plan is freed."""

    @classmethod
    def of(cls, plan: Plan) -> PlanIndex:
        """Return the index of ``plan``, built on first use and kept while the plan lives.

        Raises :class:`planrev.errors.DuplicateIdError` naming the first repeated id and the
        two places that use it.
        """
        key = id(plan)
        known = cls._known.get(key)
        if known is not None and known[0]() is plan:
            return known[1]
        built = cls.build(plan)
        cls._known[key] = (weakref.ref(plan, functools.partial(_forget, key)), built)
        return built

    def subtree(self, located: Located) -> tuple[Located, ...]:
        """Return ``located`` and every node inside it, in document order (the run of deeper
        nodes that follows it)."""
        nodes, depth = self.nodes, located.depth
        end = located.position + 1
        while end < len(nodes) and nodes[end].depth > depth:
            end += 1
        return nodes[located.position : end]

    @classmethod
    def build(cls, plan: Plan) -> PlanIndex:
        """Walk ``plan`` and return its index (see :meth:`of`, which keeps it)."""
        found = _Walk(plan)
        by_id = {located.id: located for located in found.nodes}
        if len(by_id) != len(found.nodes):
            first, later = _repeats(found.nodes)[0]
            raise DuplicateIdError(
                Msg(
                    f"id '{first.id}' が草案の2か所で使われています"
                    f"({_dotted(first.path)} と {_dotted(later.path)})",
                    f"the id '{first.id}' is used twice in the draft "
                    f"({_dotted(first.path)} and {_dotted(later.path)})",
                ),
                location=Location(None),
                hint=Msg(
                    "id は一意にしてください。片方の id を別の名前に変えてください。",
                    "ids must be unique; rename one of them.",
                ),
            )
        return cls(
            nodes=tuple(found.nodes),
            by_id=MappingProxyType(by_id),
            reposts=tuple(found.reposts),
            kpi_tables=tuple(found.tables),
        )


def _forget(key: int, reference: weakref.ref[Plan]) -> None:
    known = PlanIndex._known.get(key)
    if known is not None and known[0] is reference:
        del PlanIndex._known[key]


def walk(plan: Plan) -> Iterator[Located]:
    """Yield every node of ``plan`` with an id, in document order (see :attr:`PlanIndex.nodes`)."""
    return iter(PlanIndex.of(plan).nodes)


def collect(plan: Plan) -> list[Located]:
    """Return every node of ``plan`` with an id, in document order, as a new list."""
    return list(PlanIndex.of(plan).nodes)


def index(plan: Plan) -> dict[str, Located]:
    """Return every node of ``plan`` by id, as a new dict."""
    return dict(PlanIndex.of(plan).by_id)


def find(plan: Plan, node_id: str) -> Located | None:
    """Return the node with id ``node_id``, or None if ``plan`` has none."""
    return PlanIndex.of(plan).by_id.get(node_id)


def kpi_tables(plan: Plan) -> tuple[Located, ...]:
    """Return the KPI tables of ``plan`` with where they sit, in document order."""
    return PlanIndex.of(plan).kpi_tables


def structural(located: Located) -> bool:
    """Return whether the located node is a pillar, field or section."""
    return isinstance(located.node, Pillar | Field | Section)
