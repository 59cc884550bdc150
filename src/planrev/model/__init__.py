"""The plan model: drafts, opinions and revision records as frozen, typed values.

This package is pure: it imports pydantic and the standard library only (no YAML, no templates,
no diff library, no file I/O). Loading, comparing, auditing and rendering are sibling packages
that depend on it.

The data flow::

    Plan (draft of meeting N) ──┐
    OpinionSet (意見)          ──┼─► Revision (changes N → N+1, each linked to opinions or reasons)
    Plan (draft of meeting N+1) ─┘
"""

from __future__ import annotations

from planrev.model.base import ID_PATTERN, Model, NodeId
from planrev.model.opinions import Channel, Disposition, Opinion, OpinionSet
from planrev.model.plan import (
    Block,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Pillar,
    Plan,
    PlanMeta,
    Repost,
    Section,
    Statement,
    StatementKind,
    StructuralNode,
)
from planrev.model.revision import ChangeKind, ChangeRecord, Revision, Span, fingerprint
from planrev.model.walk import Located, PlanIndex, find, index, walk

__all__ = [
    "ID_PATTERN",
    "Block",
    "ChangeKind",
    "ChangeRecord",
    "Channel",
    "Disposition",
    "Field",
    "Footnote",
    "KpiRow",
    "KpiTable",
    "Located",
    "Model",
    "NodeId",
    "Note",
    "Opinion",
    "OpinionSet",
    "Pillar",
    "Plan",
    "PlanIndex",
    "PlanMeta",
    "Repost",
    "Revision",
    "Section",
    "Span",
    "Statement",
    "StatementKind",
    "StructuralNode",
    "find",
    "fingerprint",
    "index",
    "walk",
]
