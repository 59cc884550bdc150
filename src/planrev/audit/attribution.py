"""Blame: which meeting, change and opinion made each statement and KPI cell what it is.

:func:`blame` answers, for nodes of the latest draft (or any node of the history), which change
introduced the node — or that it was already in the first draft — and every later change to it,
each with its meeting, label, opinions and reason; for a KPI row or table, also which change gave
each cell its current value. :func:`blame_opinion` answers the reverse: everything one opinion
changed across meetings, and what became of that text afterwards.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planrev.audit.history import History, NotInHistoryError
from planrev.audit.lineage import Appearance, Event, Lineage
from planrev.i18n import Msg
from planrev.model import (
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Opinion,
    Pillar,
    Section,
    Statement,
)
from planrev.model.walk import Node

if TYPE_CHECKING:
    from planrev.comparison import Change
    from planrev.comparison.result import NodeType

__all__ = [
    "Blame",
    "CellBlame",
    "OpinionChange",
    "OpinionTrace",
    "blame",
    "blame_node",
    "blame_opinion",
    "cells_of",
    "node_type",
]


def cells_of(node: Node) -> tuple[tuple[str, str | None], ...]:
    """Return the (attribute, value as text) pairs whose wording blame attributes.

    A statement or note has its ``text``; a footnote its ``mark`` and ``text``; a KPI row its
    ``indicator``, ``unit``, ``baseline`` and ``target``; a KPI table its ``title``,
    ``baseline_year`` and ``target_year``; a pillar, field or section its ``title``.
    """
    if isinstance(node, Statement | Note):
        return (("text", node.text),)
    if isinstance(node, Footnote):
        return (("mark", node.mark), ("text", node.text))
    if isinstance(node, KpiRow):
        return (
            ("indicator", node.indicator),
            ("unit", node.unit),
            ("baseline", node.baseline),
            ("target", node.target),
        )
    if isinstance(node, KpiTable):
        return (
            ("title", node.title),
            ("baseline_year", _text(node.baseline_year)),
            ("target_year", _text(node.target_year)),
        )
    assert isinstance(node, Pillar | Field | Section)
    return (("title", node.title),)


def node_type(node: Node) -> NodeType:
    """Return what kind of node ``node`` is, as comparisons name it."""
    if isinstance(node, Statement):
        return "statement"
    if isinstance(node, KpiRow):
        return "kpi_row"
    if isinstance(node, KpiTable):
        return "kpi"
    if isinstance(node, Note):
        return "note"
    if isinstance(node, Footnote):
        return "footnote"
    if isinstance(node, Section):
        return "section"
    if isinstance(node, Field):
        return "field"
    return "pillar"


def _text(value: int | None) -> str | None:
    return None if value is None else str(value)


@dataclass(frozen=True, slots=True)
class CellBlame:
    """One attribute of a node and the change that gave it its value."""

    name: str
    """The attribute (``text``, ``target``, ``baseline_year`` …)."""
    value: str | None
    """Its value as text; None when blank or unknown."""
    event: Event | None
    """The change that set the value, or None if it is as the first draft had it."""


@dataclass(frozen=True, slots=True)
class Blame:
    """Where one node came from."""

    node_id: str
    """The node's id in the draft it was looked up in."""
    meeting: int
    """The meeting of that draft (the latest draft holding the node)."""
    node: Node
    """The node as that draft holds it."""
    node_type: NodeType
    """What kind of node it is."""
    lineage: Lineage
    """The node followed through the whole history."""
    cells: tuple[CellBlame, ...]
    """Each attribute with the change that set it."""

    @property
    def since(self) -> int:
        """Return the meeting of the first draft holding the node."""
        return self.lineage.first.meeting

    @property
    def introduced(self) -> Event | None:
        """Return the change that added the node, or None if it is in the first draft."""
        return self.lineage.introduced

    @property
    def changes(self) -> tuple[Event, ...]:
        """Return every later change of the node, oldest first."""
        return self.lineage.changes

    @property
    def deleted(self) -> Event | None:
        """Return the change that deleted the node, or None if the latest draft holds it."""
        return self.lineage.deleted

    @property
    def opinions(self) -> tuple[str, ...]:
        """Return the ids of every opinion behind the node's introduction and changes."""
        return tuple(dict.fromkeys(o for event in self.lineage.events for o in event.opinions))


def _cells(lineage: Lineage, appearance: Appearance) -> tuple[CellBlame, ...]:
    setters: dict[str, Event] = {}
    for event in lineage.events:
        if event.meeting > appearance.meeting or event is lineage.deleted:
            continue
        if event is lineage.introduced:
            setters = {name: event for name, _ in cells_of(appearance.node)}
            continue
        for name in event.attributes:
            setters[name] = event
    return tuple(
        CellBlame(name, value, setters.get(name)) for name, value in cells_of(appearance.node)
    )


def _blame(lineage: Lineage, appearance: Appearance) -> Blame:
    return Blame(
        node_id=appearance.id,
        meeting=appearance.meeting,
        node=appearance.node,
        node_type=node_type(appearance.node),
        lineage=lineage,
        cells=_cells(lineage, appearance),
    )


def blame_node(history: History, node_id: str, meeting: int | None = None) -> Blame:
    """Return the blame of the node ``node_id``.

    The node is looked up in the draft of ``meeting``, or by default in the latest draft and then
    in earlier ones (a node deleted along the way is blamed as its last draft held it, with the
    deletion). Raises :class:`~planrev.audit.history.NotInHistoryError` when no draft has it.
    """
    lineage = history.lineage(node_id, meeting)
    appearance = lineage.at(meeting) if meeting is not None else lineage.last
    assert appearance is not None
    return _blame(lineage, appearance)


_BLAMED = (Statement, KpiRow, KpiTable)


def blame(history: History, node_id: str | None = None) -> list[Blame]:
    """Return the blame of ``node_id``, or of every statement and KPI table and row of the
    latest draft (in document order) when ``node_id`` is None.

    With a pillar, field or section id, the node itself and every statement and KPI inside it
    are blamed.
    """
    if node_id is None:
        return [
            _blame(lineage, appearance)
            for appearance, lineage in history.lineages_at(history.meetings[-1])
            if isinstance(appearance.node, _BLAMED)
        ]
    found = blame_node(history, node_id)
    if not isinstance(found.node, Pillar | Field | Section):
        return [found]
    inside = [found]
    for appearance, lineage in history.lineages_at(found.meeting):
        parents = {parent.id for parent in appearance.located.parents}
        if node_id in parents and isinstance(appearance.node, _BLAMED):
            inside.append(_blame(lineage, appearance))
    return inside


@dataclass(frozen=True, slots=True)
class OpinionChange:
    """One change an opinion caused, and what became of its text afterwards."""

    event: Event
    """The change (its meeting, label, kind, node)."""
    lineage: Lineage
    """The node changed, followed through the whole history."""

    @property
    def later(self) -> tuple[Event, ...]:
        """Return the node's changes after this one (its deletion included), oldest first."""
        return tuple(e for e in self.lineage.events if e.meeting > self.event.meeting)

    @property
    def current(self) -> Appearance | None:
        """Return the node as the latest draft holds it, or None if it was deleted."""
        return None if self.lineage.deleted is not None else self.lineage.last


@dataclass(frozen=True, slots=True)
class OpinionTrace:
    """Everything one opinion changed across the history."""

    opinion_id: str
    """The opinion's id."""
    listed: tuple[tuple[int, int, Opinion], ...]
    """(meeting, number, opinion) of each opinion set listing it (usually one)."""
    changes: tuple[OpinionChange, ...]
    """The changes citing it, oldest first (in document order within a meeting)."""


def _lineage_of(history: History) -> dict[int, Lineage]:
    """Return each change (by object identity) with the lineage of the node it concerns."""
    found: dict[int, Lineage] = {}
    for lineage in history.lineages():
        for event in lineage.events:
            if event.via is None:
                found.setdefault(id(event.change), lineage)
    return found


def blame_opinion(history: History, opinion_id: str) -> OpinionTrace:
    """Return everything the opinion ``opinion_id`` changed, across every meeting.

    Raises :class:`~planrev.audit.history.NotInHistoryError` when no opinion set lists it and
    no change cites it.
    """
    listed = tuple(history.find_opinion(opinion_id))
    lineages = _lineage_of(history)
    changes: list[OpinionChange] = []
    for step in history.steps:
        for change in step.comparison.changes:
            if opinion_id not in change.opinions:
                continue
            lineage = lineages.get(id(change))
            if lineage is None:  # pragma: no cover - every change belongs to a lineage
                continue
            changes.append(OpinionChange(_event(lineage, change), lineage))
    if not listed and not changes:
        raise NotInHistoryError(
            Msg(
                f"意見 '{opinion_id}' はどの回の意見ファイルにもありません",
                f"no opinion '{opinion_id}' in any opinions file",
            ),
            hint=Msg(
                "意見ファイルにある id を指定してください。", "give an id from an opinions file."
            ),
        )
    return OpinionTrace(opinion_id, listed, tuple(changes))


def _event(lineage: Lineage, change: Change) -> Event:
    return next(event for event in lineage.events if event.change is change)
