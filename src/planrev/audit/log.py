"""The history of one node: its text at each meeting and the word-level redline between them.

:func:`node_log` follows a node through every draft that holds it — across re-keys, moves and
renames, as the comparison pairs them — and returns its text at each meeting, the change that led
to each new version, and the word-level diff from the version before.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from planrev.audit.history import History
from planrev.audit.lineage import Event, Lineage
from planrev.i18n import Msg
from planrev.model import Field, Footnote, KpiRow, KpiTable, Note, Pillar, Section, Statement
from planrev.model.walk import Node

if TYPE_CHECKING:
    from planrev.comparison import TextSpan

__all__ = ["LogEntry", "NodeLog", "node_log", "node_text"]


def node_text(node: Node) -> str | None:
    """Return the text a log shows for ``node``; None when its wording is unknown.

    A statement, note or heading shows its text or title as written; a footnote its mark and
    text; a KPI row its indicator, unit and values (``指標(単位): 基準値 40 → 目標値 80``); a KPI
    table its title and years. Labels are in the current language.
    """
    if isinstance(node, Statement):
        return node.text
    if isinstance(node, Note):
        return node.text
    if isinstance(node, Footnote):
        return f"{node.mark}{node.text}"
    if isinstance(node, KpiRow):
        unit = f"({node.unit})" if node.unit else ""
        blank = "—"
        return str(
            Msg(
                f"{node.indicator}{unit}: 基準値 {node.baseline or blank} → "
                f"目標値 {node.target or blank}",
                f"{node.indicator}{unit}: baseline {node.baseline or blank} → "
                f"target {node.target or blank}",
            )
        )
    if isinstance(node, KpiTable):
        baseline = node.baseline_year if node.baseline_year is not None else "—"
        target = node.target_year if node.target_year is not None else "—"
        return str(
            Msg(
                f"{node.title}: 基準年 {baseline} / 目標年 {target}",
                f"{node.title}: baseline year {baseline} / target year {target}",
            )
        )
    assert isinstance(node, Pillar | Field | Section)
    return node.title


@dataclass(frozen=True, slots=True)
class LogEntry:
    """A node as one meeting's draft holds it."""

    meeting: int
    """The draft's meeting."""
    node_id: str
    """The node's id in that draft."""
    text: str | None
    """Its text (:func:`node_text`); None when unknown."""
    event: Event | None
    """The change that made this version (its introduction for the first entry), or None when
    the node is as the previous draft had it (or is in the first draft)."""
    spans: tuple[TextSpan, ...]
    """The word-level diff from the previous version's text; empty for the first entry, when
    the text did not change, or when either text is unknown."""

    @property
    def changed(self) -> bool:
        """Return whether the text differs from the previous version's."""
        return bool(self.spans) and any(span.op.value != "equal" for span in self.spans)


@dataclass(frozen=True, slots=True)
class NodeLog:
    """One node's versions across the history."""

    lineage: Lineage
    """The node followed through the history."""
    entries: tuple[LogEntry, ...]
    """One entry per draft holding the node, oldest first."""

    @property
    def deleted(self) -> Event | None:
        """Return the change that deleted the node, or None if the latest draft holds it."""
        return self.lineage.deleted


def node_log(history: History, node_id: str, meeting: int | None = None) -> NodeLog:
    """Return the text of the node ``node_id`` at each meeting, with the redlines between them.

    The node is looked up as :meth:`History.lineage` does (the latest draft first, unless
    ``meeting`` says which); raises :class:`~planrev.audit.history.NotInHistoryError` if no
    draft has it.
    """
    from planrev.comparison import diff_text  # noqa: PLC0415 - no diff library at import

    lineage = history.lineage(node_id, meeting)
    events = {event.meeting: event for event in (lineage.introduced, *lineage.changes) if event}
    entries: list[LogEntry] = []
    previous: str | None = None
    for position, appearance in enumerate(lineage.appearances):
        text = node_text(appearance.node)
        spans: tuple[TextSpan, ...] = ()
        if position > 0 and previous is not None and text is not None and previous != text:
            spans = diff_text(previous, text)
        entries.append(
            LogEntry(appearance.meeting, appearance.id, text, events.get(appearance.meeting), spans)
        )
        previous = text
    return NodeLog(lineage, tuple(entries))
