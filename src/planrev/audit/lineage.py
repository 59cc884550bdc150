"""Nodes followed through a history: each node's appearances and the changes that made it.

:func:`follow` follows every node of a :class:`~planrev.audit.history.History` through its steps —
across re-keys, moves and renames, as the comparison pairs them — and records the change that
introduced each node and every later change; blame, log and the audit's suspect links read the
:class:`Lineage` of each node (:meth:`History.lineages`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import compress, count
from typing import TYPE_CHECKING

from planrev.model import ChangeKind, Plan
from planrev.model.walk import Located, Node, PathPart, PlanIndex, find, kpi_tables

if TYPE_CHECKING:
    from planrev.audit.history import History
    from planrev.comparison import Change

__all__ = ["Appearance", "Event", "Lineage", "Tracks", "changed_lineages", "follow"]


@dataclass(frozen=True, slots=True)
class Event:
    """One change in a node's lineage."""

    meeting: int
    """The meeting whose draft the change produced."""
    previous_meeting: int
    """The meeting of the draft before the change."""
    change: Change = field(repr=False)
    """The comparison's change."""
    via: str | None = None
    """The id of the added or deleted container when the node was added or deleted with it
    (the change is then the container's), or None when the change is the node's own."""

    @property
    def kind(self) -> ChangeKind:
        """Return 追加, 修正 or 削除."""
        return self.change.kind

    @property
    def label(self) -> str:
        """Return the handout label (追加①, 修正 …)."""
        return self.change.label

    @property
    def opinions(self) -> tuple[str, ...]:
        """Return the ids of the opinions behind the change."""
        return self.change.opinions

    @property
    def reason(self) -> str | None:
        """Return the declared reason, or None."""
        return self.change.reason

    @property
    def record_id(self) -> str | None:
        """Return the id of the revision record's declaration, or None if nothing declared it."""
        return self.change.record.id if self.change.record is not None else None

    @property
    def attributes(self) -> tuple[str, ...]:
        """Return the names of the attributes the change rewrote (empty: whole node or move)."""
        if self.via is not None:
            return ()
        return tuple(diff.name for diff in self.change.diffs)


@dataclass(frozen=True, slots=True)
class Appearance:
    """A node as one draft holds it."""

    meeting: int
    """The draft's meeting."""
    located: Located
    """The node and where it sits."""

    @property
    def id(self) -> str:
        """Return the node's id in that draft."""
        return self.located.id

    @property
    def node(self) -> Node:
        """Return the node."""
        return self.located.node


@dataclass(frozen=True, slots=True)
class Lineage:
    """One node followed through the history, across re-keys, moves and renames."""

    key: int
    """A number unique within the history (order of first appearance)."""
    appearances: tuple[Appearance, ...]
    """The node in every draft that holds it, oldest first."""
    introduced: Event | None
    """The change that added the node, or None if it is in the first draft of the history."""
    changes: tuple[Event, ...]
    """The later changes of the node, oldest first (the introduction and deletion excluded)."""
    deleted: Event | None
    """The change that deleted it, or None if the latest draft still holds it."""

    @property
    def first(self) -> Appearance:
        """Return the node's first appearance."""
        return self.appearances[0]

    @property
    def last(self) -> Appearance:
        """Return the node's last appearance."""
        return self.appearances[-1]

    @property
    def ids(self) -> tuple[str, ...]:
        """Return every id the node had, oldest first, without repeats."""
        return tuple(dict.fromkeys(appearance.id for appearance in self.appearances))

    @property
    def events(self) -> tuple[Event, ...]:
        """Return the introduction, the changes and the deletion, oldest first."""
        introduced = (self.introduced,) if self.introduced is not None else ()
        deleted = (self.deleted,) if self.deleted is not None else ()
        return (*introduced, *self.changes, *deleted)

    def at(self, meeting: int) -> Appearance | None:
        """Return the node as the draft of ``meeting`` holds it, or None."""
        return next((a for a in self.appearances if a.meeting == meeting), None)


class Tracks:
    """Every node of a history followed through it, in a compact form (computed once).

    Following every node through a history is mostly bookkeeping of unchanged nodes, so the
    tracks are kept as plain numbers: for each draft, the key of the track of each of its nodes
    (in walk order), with the few events in dicts by key. A :class:`Lineage` is only built for
    the tracks someone asks for: the audit needs only those with changes, blame and log all.
    """

    def __init__(self) -> None:
        self.drafts: list[tuple[int, Sequence[Located], list[int]]] = []
        """Each draft's meeting, nodes in walk order and the track key of each node."""
        self.size = 0
        """How many tracks there are (their keys are 0, 1, … in order of first appearance)."""
        self.introduced: dict[int, Event] = {}
        self.changes: dict[int, list[Event]] = {}
        self.deleted: dict[int, Event] = {}
        self._lineages: dict[int, Lineage] = {}

    def start(self) -> int:
        """Start a track and return its key."""
        self.size += 1
        return self.size - 1

    def lineages(self, keys: Iterable[int]) -> list[Lineage]:
        """Return the lineages of the tracks ``keys``, in that order (each built once)."""
        wanted = list(keys)
        appearances: dict[int, list[Appearance]] = {
            key: [] for key in wanted if key not in self._lineages
        }
        if appearances:
            for meeting, nodes, node_keys in self.drafts:
                # Only the wanted nodes are visited in Python (the selection runs in C).
                for position in compress(count(), map(appearances.__contains__, node_keys)):
                    appearances[node_keys[position]].append(Appearance(meeting, nodes[position]))
            for key, found in appearances.items():
                self._lineages[key] = Lineage(
                    key,
                    tuple(found),
                    self.introduced.get(key),
                    tuple(self.changes.get(key, ())),
                    self.deleted.get(key),
                )
        return [self._lineages[key] for key in wanted]

    def changed(self) -> list[int]:
        """Return the keys of the tracks added or changed along the history, in key order."""
        return sorted(self.introduced.keys() | self.changes.keys())


def _holders(located: Located, tables: Callable[[], dict[tuple[PathPart, ...], str]]) -> list[str]:
    """Return the ids of the nodes holding ``located``, nearest first (a KPI row's table too)."""
    holders = [parent.id for parent in reversed(located.parents)]
    if located.path[-2:-1] == ("rows",):
        holders.insert(0, tables()[located.path[:-2]])
    return holders


def _tables(plan: Plan) -> Callable[[], dict[tuple[PathPart, ...], str]]:
    """Return a function giving the id of each KPI table of ``plan`` by path (found on first use)."""

    @functools.cache
    def tables() -> dict[tuple[PathPart, ...], str]:
        return {item.path: item.node.id for item in kpi_tables(plan)}

    return tables


def _start_all(tracks: Tracks, meeting: int, plan: Plan) -> dict[str, int]:
    """Start a track for each node of the first draft; return the track of each id."""
    found = PlanIndex.of(plan)  # refuses a plan that repeats an id: each id is one node
    tracks.drafts.append((meeting, found.nodes, list(range(len(found.nodes)))))
    tracks.size = len(found.nodes)
    return dict(zip(found.by_id, range(len(found.nodes)), strict=True))


def follow(history: History) -> Tracks:
    """Follow every node of ``history`` through its steps (comparing each step once)."""
    tracks = Tracks()
    current = _start_all(tracks, history.meetings[0], history.drafts[0])
    for step in history.steps:
        comparison = history.comparison(step.new_meeting)
        meeting, previous = step.new_meeting, step.old_meeting
        # The plans' indexes are read as they are (each id is one node; no copies).
        old_nodes = PlanIndex.of(step.old).by_id
        by_new = {c.new_id: c for c in comparison.changes if c.new_id is not None}
        deletions = {
            c.old_id: c for c in comparison.changes if c.new_id is None and c.old_id is not None
        }
        renamed = {new: old for old, new in comparison.renamed}
        # Only a changed, renamed or added node takes the slow path below; the loop is shaped
        # for the thousands of nodes a step leaves as they were (a few dict operations each).
        irregular = by_new.keys() | renamed.keys()
        tables = _tables(step.new)
        nodes = PlanIndex.of(step.new).nodes
        keys: list[int] = []
        tracks.drafts.append((meeting, nodes, keys))
        following: dict[str, int] = {}
        for item in nodes:
            node = item.node
            node_id = node.id
            old = old_nodes.get(node_id)
            # A pairing by id needs the same type on both sides.
            if node_id not in irregular and old is not None and type(old.node) is type(node):
                key = current[node_id]  # every id of the old draft has a track
                keys.append(key)
                following.setdefault(node_id, key)
                continue
            change = by_new.get(node_id)
            partner: str | None
            event: Event | None = None
            if change is not None:
                partner = change.old_id
                event = Event(meeting, previous, change)
            elif node_id in renamed:
                partner = renamed[node_id]
            else:
                partner = None
                holder = next(
                    (
                        by_new[h]
                        for h in _holders(item, tables)
                        if h in by_new and by_new[h].old_id is None
                    ),
                    None,
                )
                if holder is None:  # pragma: no cover - every new node is paired or added
                    raise AssertionError(f"node {node_id} is neither paired nor added")
                event = Event(meeting, previous, holder, via=holder.new_id)
            known = current.get(partner) if partner is not None else None
            if known is None:
                known = tracks.start()
                if event is not None:
                    tracks.introduced[known] = event
            elif event is not None:
                tracks.changes.setdefault(known, []).append(event)
            keys.append(known)
            following.setdefault(node_id, known)
        # What the new draft no longer holds was deleted, alone or with its container. A track
        # the new draft continues is a track of ``following`` (the others there are new); the
        # ids of ``current`` are in the old draft's order, each at its first node.
        continued = set(following.values())
        old_tables = _tables(step.old)
        deleted = tracks.deleted
        for node_id, key in current.items():
            if key in continued or key in deleted:
                continue
            deletion = deletions.get(node_id)
            via = None
            if deletion is None:
                gone = find(step.old, node_id)
                assert gone is not None
                holder_id = next(
                    (h for h in _holders(gone, old_tables) if h in deletions),
                    None,
                )
                if holder_id is None:  # pragma: no cover - every old node is paired or deleted
                    raise AssertionError(f"node {node_id} is neither paired nor deleted")
                deletion, via = deletions[holder_id], holder_id
            deleted[key] = Event(meeting, previous, deletion, via=via)
        current = following
    return tracks


def changed_lineages(history: History) -> list[Lineage]:
    """Return the lineages of the nodes added or changed along ``history``, in key order.

    The lineages of the nodes no step added or changed carry no event that could link an
    opinion, so the audit's suspect links need only these (and none of the others is built).
    """
    tracks = history.tracks()
    return tracks.lineages(tracks.changed())
