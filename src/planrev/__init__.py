"""planrev: plan drafts as data, and the documents a plan-drafting committee's secretariat hands out.

Drafts, opinions (意見) and revision records are typed, frozen models (:mod:`planrev.model`)
stored as human-editable YAML::

    import planrev

    history = planrev.load_folder("drafts/aomori-dx")   # every draft, opinion and record
    step = history.steps[-1]                            # 第2回 → 第3回
    for change in step.comparison.changes:               # 追加①, 修正 … with their reasons
        print(change.label, change.target, change.opinions, change.reason)
    report = planrev.audit(history)                     # every finding of every meeting
    planrev.write_handouts(history, "out")              # 見え消し版, 新旧対照表, 意見対応表 …

The names below are the whole public surface (a test pins them); everything else is reached
through its module (:mod:`planrev.model`, :mod:`planrev.comparison`, :mod:`planrev.edit`,
:mod:`planrev.importers`, :mod:`planrev.render`, …). Importing planrev loads the models, the
storage layer and the audit, which every command needs; the diff library is loaded by the first
comparison, and the libraries of the output formats (openpyxl, WeasyPrint, python-docx, lxml,
markupsafe) when an output is made — so that ``planrev validate`` pays for none of them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from planrev.audit import (
    AuditReport,
    History,
    HistoryStep,
    audit,
    blame,
    blame_opinion,
    load_folder,
    node_log,
)
from planrev.diagnostics import Finding, Level
from planrev.errors import LoadError, PlanrevError
from planrev.handouts import write_handouts
from planrev.model import ChangeKind, ChangeRecord, Disposition, Opinion, OpinionSet, Plan, Revision
from planrev.storage.documents import load_draft, open_document

if TYPE_CHECKING:
    from planrev.comparison import Comparison, TextSpan

__version__ = "0.1.0"


def compare(
    old: Plan,
    new: Plan,
    record: Revision | None = None,
    opinions: OpinionSet | None = None,
    *,
    scope_level: str | None = None,
) -> Comparison:
    """Compare two drafts and return their changes, labelled and linked to their reasons.

    ``record`` is the revision record declaring which opinions or reasons explain which change;
    ``opinions`` are the opinions the new draft answers (without them every change is reported
    unexplained). This is :func:`planrev.comparison.compare`, whose module is loaded on the
    first call.
    """
    from planrev.comparison import compare as compare_drafts  # noqa: PLC0415 - see the module

    return compare_drafts(old, new, record, opinions, scope_level=scope_level)


def diff_text(old: str, new: str) -> tuple[TextSpan, ...]:
    """Return the word-level diff of two Japanese texts, as spans in order.

    This is :func:`planrev.comparison.diff_text`, whose module is loaded on the first call.
    """
    from planrev.comparison import diff_text as diff  # noqa: PLC0415 - see the module

    return diff(old, new)


__all__ = [
    "AuditReport",
    "ChangeKind",
    "ChangeRecord",
    "Disposition",
    "Finding",
    "History",
    "HistoryStep",
    "Level",
    "LoadError",
    "Opinion",
    "OpinionSet",
    "Plan",
    "PlanrevError",
    "Revision",
    "__version__",
    "audit",
    "blame",
    "blame_opinion",
    "compare",
    "diff_text",
    "load_draft",
    "load_folder",
    "node_log",
    "open_document",
    "write_handouts",
]
