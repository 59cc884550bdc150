"""Audit and history: which opinion caused which change, across every meeting.

- :class:`History` reads a drafts folder as one history, compares each step once and follows
  every node through it (:meth:`History.lineages`);
- :func:`audit` reports every finding over the whole history at once (:class:`AuditReport`);
- :func:`blame` says which meeting, change and opinion made each statement and KPI cell what it
  is, and :func:`blame_opinion` everything one opinion changed;
- :func:`node_log` gives one node's text at each meeting with the redline between them;
- :func:`render_markdown` renders an audit report as a Markdown document.
"""

from __future__ import annotations

from planrev.audit.attribution import (
    Blame,
    CellBlame,
    OpinionChange,
    OpinionTrace,
    blame,
    blame_node,
    blame_opinion,
)
from planrev.audit.checks import CODES, AuditReport, audit
from planrev.audit.history import (
    Appearance,
    Event,
    History,
    HistoryStep,
    Lineage,
    NotInHistoryError,
)
from planrev.audit.log import LogEntry, NodeLog, node_log, node_text
from planrev.audit.report import render_markdown

__all__ = [
    "CODES",
    "Appearance",
    "AuditReport",
    "Blame",
    "CellBlame",
    "Event",
    "History",
    "HistoryStep",
    "Lineage",
    "LogEntry",
    "NodeLog",
    "NotInHistoryError",
    "OpinionChange",
    "OpinionTrace",
    "audit",
    "blame",
    "blame_node",
    "blame_opinion",
    "node_log",
    "node_text",
    "render_markdown",
]
