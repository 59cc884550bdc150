"""A plan's history: the drafts of every meeting, each step compared once, and node lineages.

A drafts folder holds the drafts of several meetings (第1回, 第2回, …) with their revision records
and opinions. :class:`History` orders them by meeting and treats them as one history: each
consecutive pair of drafts is a :class:`HistoryStep` whose :class:`~planrev.comparison.Comparison` is
computed once, on first use, and kept. :meth:`History.lineages` follows every node through the
history — across re-keys, moves and renames, as the comparison pairs them — and records the change
that introduced it and every later change; blame, log and the audit's suspect links read them.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import compress, count
from pathlib import Path

from planrev.comparison import Change, Comparison, compare
from planrev.errors import PlanrevError
from planrev.i18n import Msg
from planrev.model import (
    ChangeKind,
    Opinion,
    OpinionSet,
    Plan,
    Revision,
    walk,
)
from planrev.model.walk import Located, Node, PathPart, collect, find, index, kpi_tables
from planrev.storage.folder import DraftFolder, Sourced, Step, load_folder

__all__ = [
    "Appearance",
    "Event",
    "History",
    "HistoryStep",
    "Lineage",
    "NotInHistoryError",
    "ProgressCallback",
]

ProgressCallback = Callable[[int, int], None]
"""Called as ``callback(done, total)`` after each step is compared (for progress bars)."""


class NotInHistoryError(PlanrevError):
    """A node or opinion id that no draft or opinion set of the history holds."""


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """One revision of the history: two consecutive drafts and what connects them."""

    old_meeting: int
    """The meeting of the draft before."""
    new_meeting: int
    """The meeting of the draft after."""
    step: Step
    """The documents (drafts, revision record, opinions) with the files they came from."""
    _history: History = field(repr=False, compare=False)

    @property
    def old(self) -> Plan:
        """Return the draft before."""
        return self.step.old.model

    @property
    def new(self) -> Plan:
        """Return the draft after."""
        return self.step.new.model

    @property
    def revision(self) -> Revision | None:
        """Return the revision record, or None if the folder has none for this step."""
        return self.step.revision.model if self.step.revision is not None else None

    @property
    def opinions(self) -> OpinionSet | None:
        """Return the opinions the new draft answers, or None."""
        return self.step.opinions.model if self.step.opinions is not None else None

    @property
    def comparison(self) -> Comparison:
        """Return the comparison of the two drafts (computed once, then kept)."""
        return self._history.comparison(self.new_meeting)


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


class _Tracks:
    """Every node of a history followed through it, in a compact form (computed once).

    Following every node through a history is mostly bookkeeping of unchanged nodes, so the
    tracks are kept as plain numbers: for each draft, the key of the track of each of its nodes
    (in walk order), with the few events in dicts by key. A :class:`Lineage` is only built for
    the tracks someone asks for: the audit needs only those with changes, blame and log all.
    """

    def __init__(self) -> None:
        self.drafts: list[tuple[int, list[Located], list[int]]] = []
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


class History:
    """The drafts of one plan over several meetings, compared step by step."""

    def __init__(self, folder: DraftFolder) -> None:
        """Make the history of a loaded drafts folder (see :meth:`open`)."""
        self.folder = folder
        """The drafts folder, as loaded."""
        self._steps = tuple(
            HistoryStep(
                step.old.model.meta.meeting or 0, step.new.model.meta.meeting or 0, step, self
            )
            for step in folder.steps()
        )
        self._comparisons: dict[int, Comparison] = {}
        self._tracks: _Tracks | None = None
        self._lineages: tuple[Lineage, ...] | None = None

    @classmethod
    def open(cls, path: Path | str) -> History:
        """Load the drafts folder at ``path`` (every file checked) and return its history."""
        return cls(load_folder(path))

    # ----------------------------------------------------------------------------------------
    # Drafts, steps, opinions

    @property
    def path(self) -> Path:
        """Return the drafts folder's path."""
        return self.folder.path

    @property
    def meetings(self) -> tuple[int, ...]:
        """Return the meeting numbers of the drafts, in order."""
        return tuple(draft.model.meta.meeting or 0 for draft in self.folder.drafts)

    @property
    def drafts(self) -> tuple[Plan, ...]:
        """Return the drafts, in meeting order."""
        return tuple(draft.model for draft in self.folder.drafts)

    @property
    def latest(self) -> Plan:
        """Return the draft of the latest meeting."""
        return self.folder.latest

    def draft(self, meeting: int) -> Plan:
        """Return the draft of ``meeting``; raises KeyError if there is none."""
        return self.folder.draft(meeting)

    def sourced_draft(self, meeting: int) -> Sourced[Plan]:
        """Return the draft of ``meeting`` with its file; raises KeyError if there is none."""
        for draft in self.folder.drafts:
            if draft.model.meta.meeting == meeting:
                return draft
        raise KeyError(meeting)

    @property
    def steps(self) -> tuple[HistoryStep, ...]:
        """Return each pair of consecutive drafts, oldest first."""
        return self._steps

    def step(self, new_meeting: int) -> HistoryStep:
        """Return the step that produced the draft of ``new_meeting``; KeyError if none."""
        for step in self._steps:
            if step.new_meeting == new_meeting:
                return step
        raise KeyError(new_meeting)

    def opinions(self, meeting: int) -> OpinionSet | None:
        """Return the opinions answered by the draft of ``meeting``, or None."""
        return self.folder.opinions_for(meeting)

    def opinion_sets(self) -> dict[int, OpinionSet]:
        """Return every opinion set by the meeting whose draft answers it."""
        return {sourced.model.meeting: sourced.model for sourced in self.folder.opinions}

    def find_opinion(self, opinion_id: str) -> list[tuple[int, int, Opinion]]:
        """Return (meeting, number, opinion) of each opinion set listing ``opinion_id``.

        ``number`` is the opinion's place in its set (意見1, 意見2 …). The list is empty when no
        set has it, and holds more than one entry only if an id is reused across meetings.
        """
        found = []
        for meeting, opinion_set in self.opinion_sets().items():
            for number, opinion in enumerate(opinion_set.opinions, start=1):
                if opinion.id == opinion_id:
                    found.append((meeting, number, opinion))
        return found

    # ----------------------------------------------------------------------------------------
    # Comparisons

    def comparison(self, new_meeting: int) -> Comparison:
        """Return the comparison of the step producing the draft of ``new_meeting`` (cached)."""
        cached = self._comparisons.get(new_meeting)
        if cached is not None:
            return cached
        step = self.step(new_meeting)
        result = compare(step.old, step.new, step.revision, step.opinions)
        self._comparisons[new_meeting] = result
        return result

    def comparisons(self, progress: ProgressCallback | None = None) -> tuple[Comparison, ...]:
        """Return the comparison of every step, oldest first, computing what is not cached.

        ``progress`` is called after each step with (steps done, steps in all).
        """
        results = []
        for done, step in enumerate(self._steps, start=1):
            results.append(self.comparison(step.new_meeting))
            if progress is not None:
                progress(done, len(self._steps))
        return tuple(results)

    # ----------------------------------------------------------------------------------------
    # Lineages

    def lineages(self, progress: ProgressCallback | None = None) -> tuple[Lineage, ...]:
        """Return every node of every draft followed through the history (computed once).

        Lineages are ordered by first appearance; a node is the same node across two drafts
        whenever the comparison pairs them (same id, a re-key, a move, a rename).
        """
        if self._lineages is None:
            tracks = self._followed(progress)
            self._lineages = tuple(tracks.lineages(range(tracks.size)))
        return self._lineages

    def _followed(self, progress: ProgressCallback | None = None) -> _Tracks:
        """Return every node followed through the history, in the compact form (computed once)."""
        if self._tracks is None:
            self.comparisons(progress)
            self._tracks = _build_tracks(self)
        return self._tracks

    def lineage(self, node_id: str, meeting: int | None = None) -> Lineage:
        """Return the lineage of the node ``node_id``.

        With ``meeting``, the node is looked up in that meeting's draft; without, in the latest
        draft first, then in earlier drafts from the latest back (a node deleted along the way).
        Raises :class:`NotInHistoryError` when no draft has it.
        """
        meetings = (meeting,) if meeting is not None else tuple(reversed(self.meetings))
        for wanted in meetings:
            for lineage in self.lineages():
                appearance = lineage.at(wanted)
                if appearance is not None and appearance.id == node_id:
                    return lineage
        where = (
            Msg(f"第{meeting}回の草案", f"the draft of meeting {meeting}")
            if meeting is not None
            else Msg("どの回の草案", "any draft")
        )
        raise NotInHistoryError(
            Msg(
                f"id '{node_id}' は{where.ja}にもありません",
                f"no node '{node_id}' in {where.en}",
            ),
            hint=Msg(
                "草案ファイルにある id(柱・分野・施策・記述・KPI の id)を指定してください。",
                "give the id of a pillar, field, section, statement or KPI in a draft.",
            ),
        )

    def lineages_at(self, meeting: int) -> Iterator[tuple[Appearance, Lineage]]:
        """Yield each node of the draft of ``meeting`` with its lineage, in document order."""
        by_id: dict[str, tuple[Appearance, Lineage]] = {}
        for lineage in self.lineages():
            appearance = lineage.at(meeting)
            if appearance is not None:
                by_id.setdefault(appearance.id, (appearance, lineage))
        for located in walk(self.draft(meeting)):
            found = by_id.get(located.id)
            if found is not None:
                yield found


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


def _types(plan: Plan) -> dict[str, type]:
    """Return the type of each node of ``plan`` by id (of the last node of an id, if repeated).

    A pairing by id needs the same type on both sides.
    """
    nodes = collect(plan)
    by_id = index(plan)
    if len(by_id) == len(nodes):  # ids are unique (always so in a checked draft)
        return {node_id: type(located.node) for node_id, located in by_id.items()}
    return {located.node.id: type(located.node) for located in nodes}


def _start_all(tracks: _Tracks, meeting: int, plan: Plan) -> dict[str, int]:
    """Start a track for each node of the first draft; return the track of each id."""
    nodes = collect(plan)
    tracks.drafts.append((meeting, nodes, list(range(len(nodes)))))
    tracks.size = len(nodes)
    by_id = index(plan)
    if len(by_id) == len(nodes):  # ids are unique (always so in a checked draft)
        return dict(zip(by_id, range(len(nodes)), strict=True))
    current: dict[str, int] = {}
    for key, located in enumerate(nodes):
        current.setdefault(located.node.id, key)  # the first node of an id, as walks do
    return current


def _build_tracks(history: History) -> _Tracks:
    tracks = _Tracks()
    current = _start_all(tracks, history.meetings[0], history.drafts[0])
    for step in history.steps:
        comparison = history.comparison(step.new_meeting)
        meeting, previous = step.new_meeting, step.old_meeting
        old_types = _types(step.old)
        by_new = {c.new_id: c for c in comparison.changes if c.new_id is not None}
        deletions = {
            c.old_id: c for c in comparison.changes if c.new_id is None and c.old_id is not None
        }
        renamed = {new: old for old, new in comparison.renamed}
        # Only a changed, renamed or added node takes the slow path below; the loop is shaped
        # for the thousands of nodes a step leaves as they were (a few dict operations each).
        irregular = by_new.keys() | renamed.keys()
        tables = _tables(step.new)
        nodes = collect(step.new)
        keys: list[int] = []
        tracks.drafts.append((meeting, nodes, keys))
        following: dict[str, int] = {}
        for item in nodes:
            node = item.node
            node_id = node.id
            if node_id not in irregular and old_types.get(node_id) is type(node):
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
    tracks = history._followed()
    return tracks.lineages(tracks.changed())
