"""Audit and history: which opinion caused which change, across every meeting.

- :func:`load_folder` reads a drafts folder as one :class:`History`: its drafts, and each step
  (:class:`HistoryStep`) with its revision record, opinions and comparison (computed once);
  :meth:`History.lineages` follows every node through it;
- :func:`audit` reports every finding over the whole history at once (:class:`AuditReport`);
- :func:`blame` says which meeting, change and opinion made each statement and KPI cell what it
  is, and :func:`blame_opinion` everything one opinion changed;
- :func:`node_log` gives one node's text at each meeting with the redline between them.

The package computes and reports; it renders nothing and imports no diff library until a
comparison is asked for. The report as text is :mod:`planrev.cli.history_text`, as Markdown or
HTML :mod:`planrev.render.audit`.
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
from planrev.audit.checks import CODES, GAP_CODES, AuditReport, audit
from planrev.audit.history import (
    History,
    HistoryStep,
    NothingToCompareError,
    NotInHistoryError,
    load_folder,
)
from planrev.audit.lineage import Appearance, Event, Lineage
from planrev.audit.log import LogEntry, NodeLog, node_log, node_text

__all__ = [
    "CODES",
    "GAP_CODES",
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
    "NothingToCompareError",
    "OpinionChange",
    "OpinionTrace",
    "audit",
    "blame",
    "blame_node",
    "blame_opinion",
    "load_folder",
    "node_log",
    "node_text",
]
