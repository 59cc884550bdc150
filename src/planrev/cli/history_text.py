"""Text and JSON output of audits, blame and logs (what ``planrev audit``, ``blame`` and ``log``
print).

Plain functions from results to lines of text (Japanese by default, English with
:func:`planrev.i18n.set_language`) and to JSON-ready data, so that scripts get exactly what the
command line shows. The lines hold user text as it is: the commands print them through
:func:`planrev.cli.say`, which makes control characters visible.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from planrev.audit.attribution import Blame, OpinionChange, OpinionTrace
from planrev.audit.checks import LEVEL_NAMES, AuditReport
from planrev.audit.describe import meetings_span, why_text
from planrev.audit.history import History
from planrev.audit.lineage import Event
from planrev.audit.log import NodeLog, node_text
from planrev.cli.terminal import visible
from planrev.comparison import Op, TextSpan, redline
from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg, current_language
from planrev.model import Disposition, Field, Pillar, Section, Statement
from planrev.model.walk import Located

__all__ = [
    "Styler",
    "audit_lines",
    "blame_json",
    "blame_lines",
    "blame_summary_lines",
    "event_json",
    "log_json",
    "log_lines",
    "opinion_json",
    "opinion_lines",
    "plain_redline",
]

Styler = Callable[[tuple[TextSpan, ...]], str]
"""Turns a diff into one line of text (plain marks, or terminal colours)."""

_KIND_NAMES = {
    "vision": Msg("めざす姿", "vision"),
    "initiative": Msg("取組方針", "initiative"),
    "text": Msg("本文", "text"),
    "challenge": Msg("現状と課題", "present state and problems"),
    "direction": Msg("施策の方向性", "policy direction"),
    "kpi": Msg("KPI表", "KPI table"),
    "kpi_row": Msg("KPI指標", "KPI indicator"),
    "note": Msg("注記", "note"),
    "footnote": Msg("脚注", "footnote"),
    "pillar": Msg("柱", "pillar"),
    "field": Msg("分野", "field"),
    "section": Msg("施策", "section"),
}
_CELL_NAMES = {
    "text": Msg("文言", "text"),
    "title": Msg("題名", "title"),
    "indicator": Msg("指標", "indicator"),
    "unit": Msg("単位", "unit"),
    "baseline": Msg("基準値", "baseline"),
    "target": Msg("目標値", "target"),
    "baseline_year": Msg("基準年", "baseline year"),
    "target_year": Msg("目標年", "target year"),
    "mark": Msg("記号", "mark"),
}
_UNKNOWN = Msg("(文言不明)", "(text unknown)")
_BLANK = Msg("(空欄)", "(blank)")


def plain_redline(spans: tuple[TextSpan, ...]) -> str:
    """Return a diff as ``[-deleted-]{+inserted+}`` text, control characters made visible."""
    return visible(redline(spans))


def _ja() -> bool:
    return current_language() == "ja"


def _why(history: History, event: Event) -> str:
    return why_text(history, event.meeting, event.opinions, event.reason)


def _event_title(event: Event) -> str:
    meeting = f"第{event.meeting}回" if _ja() else f"meeting {event.meeting}"
    title = f"{meeting}【{event.label or event.kind.value}】"
    if event.via is not None:
        title += str(Msg(f"({event.via} とともに)", f" (with {event.via})"))
    elif event.change.move is not None and not event.attributes:
        title += str(Msg("(移動)", " (moved)"))
    return title


def _event_line(history: History, event: Event) -> str:
    return f"{_event_title(event)} ← {_why(history, event)}"


def _where(located: Located) -> str:
    titles = [
        parent.title for parent in located.parents if isinstance(parent, Pillar | Field | Section)
    ]
    return titles[-1] if titles else ""


def _kind_name(blame: Blame) -> str:
    node = blame.node
    key = node.kind if isinstance(node, Statement) else blame.node_type
    return str(_KIND_NAMES[key])


def _shorten(text: str | None, width: int = 40) -> str:
    if text is None:
        return str(_UNKNOWN)
    return text if len(text) <= width else text[:width] + "…"


# --------------------------------------------------------------------------------------------
# Audit


def audit_lines(report: AuditReport, minimum: Level = Level.INFO) -> list[str]:
    """Return the audit report as lines of text, grouped by meeting."""
    ja = _ja()
    first, last = report.meetings[0], report.meetings[-1]
    span = str(meetings_span(first, last))
    lines = [
        f"{report.title} — {report.path}({span})"
        if ja
        else f"{report.title} — {report.path} ({span})"
    ]
    groups = report.by_meeting(minimum)
    if not groups:
        lines.append("  指摘はありません。" if ja else "  No findings.")
    for meeting, findings in groups.items():
        lines.append("")
        lines.append(_meeting_heading(report, meeting))
        for finding in findings:
            lines.extend(_finding_lines(finding))
    counts = [(LEVEL_NAMES[level], report.count(level)) for level in Level]
    lines.append("")
    if ja:
        lines.append("計: " + "、".join(f"{name}{count}件" for name, count in counts))
    else:
        lines.append("Total: " + ", ".join(f"{count} {name}" for name, count in counts))
    return lines


def _meeting_heading(report: AuditReport, meeting: int | None) -> str:
    ja = _ja()
    if meeting is None:
        return "全体" if ja else "Overall"
    if meeting == report.meetings[0]:
        return f"第{meeting}回の草案" if ja else f"Draft of meeting {meeting}"
    position = report.meetings.index(meeting)
    before = report.meetings[position - 1]
    return f"第{before}回 → 第{meeting}回" if ja else f"Meeting {before} → {meeting}"


def _finding_lines(finding: Finding) -> list[str]:
    level = str(LEVEL_NAMES[finding.level])
    lines = [f"  [{level}] {finding.message}  ({finding.code})"]
    if finding.location is not None:
        lines.append(f"      {finding.location}")
    if finding.hint is not None:
        label = "対処" if _ja() else "hint"
        lines.append(f"      {label}: {finding.hint}")
    return lines


# --------------------------------------------------------------------------------------------
# Blame


def event_json(history: History, event: Event) -> dict[str, Any]:
    """Return a lineage event as JSON-ready data."""
    opinions = history.opinions(event.meeting)
    known = {o.id: (n, o) for n, o in enumerate(opinions.opinions, start=1)} if opinions else {}
    return {
        "meeting": event.meeting,
        "previous_meeting": event.previous_meeting,
        "change": event.change.id,
        "record": event.record_id,
        "kind": event.kind.value,
        "label": event.label,
        "opinions": [
            {
                "id": opinion_id,
                "meeting": event.meeting,
                "number": known[opinion_id][0] if opinion_id in known else None,
                "disposition": known[opinion_id][1].disposition.value
                if opinion_id in known
                else None,
            }
            for opinion_id in event.opinions
        ],
        "reason": event.reason,
        "attributes": list(event.attributes),
        "via": event.via,
        "moved": event.change.move is not None and event.via is None,
    }


def blame_json(history: History, blame: Blame) -> dict[str, Any]:
    """Return one node's blame as JSON-ready data."""
    lineage = blame.lineage
    return {
        "id": blame.node_id,
        "meeting": blame.meeting,
        "type": blame.node_type,
        "kind": blame.node.kind if isinstance(blame.node, Statement) else None,
        "text": node_text(blame.node),
        "since": blame.since,
        "ids": [[appearance.meeting, appearance.id] for appearance in lineage.appearances],
        "introduced": event_json(history, lineage.introduced) if lineage.introduced else None,
        "changes": [event_json(history, event) for event in lineage.changes],
        "deleted": event_json(history, lineage.deleted) if lineage.deleted else None,
        "cells": [
            {
                "name": cell.name,
                "value": cell.value,
                "set_by": event_json(history, cell.event) if cell.event else None,
            }
            for cell in blame.cells
        ],
    }


def _origin(history: History, blame: Blame) -> str:
    if blame.introduced is not None:
        return _event_line(history, blame.introduced)
    first = blame.since
    return str(
        Msg(
            f"第{first}回の草案から(それより前の記録はありません)",
            f"in the draft of meeting {first}, the first of the history",
        )
    )


def blame_lines(history: History, blame: Blame) -> list[str]:
    """Return one node's blame in detail: its text, origin, each change and each KPI cell."""
    ja = _ja()
    where = _where(blame.lineage.last.located)
    lines = [f"{blame.node_id}  {_kind_name(blame)}" + (f"({where})" if where else "")]
    text = node_text(blame.node)
    lines.append(f"  {text if text is not None else _UNKNOWN}")
    ids = blame.lineage.ids
    if len(ids) > 1:
        lines.append(("  id: " if ja else "  ids: ") + " → ".join(ids))
    lines.append(("  由来: " if ja else "  origin: ") + _origin(history, blame))
    for event in blame.changes:
        lines.append(("  変更: " if ja else "  change: ") + _event_line(history, event))
    if blame.deleted is not None:
        lines.append(("  削除: " if ja else "  deleted: ") + _event_line(history, blame.deleted))
    if len(blame.cells) > 1:
        for cell in blame.cells:
            name = str(_CELL_NAMES.get(cell.name, Msg(cell.name, cell.name)))
            value = cell.value if cell.value is not None else str(_BLANK)
            setter = (
                _event_title(cell.event)
                if cell.event is not None
                else str(Msg(f"第{blame.since}回から", f"since meeting {blame.since}"))
            )
            lines.append(f"    {name} {value} ← {setter}")
    return lines


def blame_summary_lines(history: History, blames: list[Blame]) -> list[str]:
    """Return one line per node: id, where it came from, its last change, its text."""
    lines = []
    for blame in blames:
        origin = (
            _event_line(history, blame.introduced)
            if blame.introduced is not None
            else str(Msg(f"第{blame.since}回から", f"since meeting {blame.since}"))
        )
        last = (
            "  " + str(Msg("最終変更 ", "last changed ")) + _event_line(history, blame.changes[-1])
            if blame.changes
            else ""
        )
        lines.append(
            f"{blame.node_id}  {origin}{last}  「{_shorten(node_text(blame.node))}」"
            if _ja()
            else f"{blame.node_id}  {origin}{last}  “{_shorten(node_text(blame.node))}”"
        )
    return lines


# --------------------------------------------------------------------------------------------
# Opinions


def _text_at(change: OpinionChange) -> str | None:
    appearance = change.lineage.at(change.event.meeting)
    if appearance is not None:
        return node_text(appearance.node)
    before = change.lineage.at(change.event.previous_meeting)
    return node_text(before.node) if before is not None else None


def opinion_json(history: History, trace: OpinionTrace) -> dict[str, Any]:
    """Return everything one opinion changed as JSON-ready data."""
    return {
        "opinion": trace.opinion_id,
        "listed": [
            {
                "meeting": meeting,
                "number": number,
                "text": opinion.text,
                "disposition": opinion.disposition.value,
                "response": opinion.response,
            }
            for meeting, number, opinion in trace.listed
        ],
        "changes": [
            {
                **event_json(history, change.event),
                "node": change.event.change.new_id or change.event.change.old_id,
                "text": _text_at(change),
                "later": [event_json(history, event) for event in change.later],
                "current": None
                if change.current is None
                else {
                    "meeting": change.current.meeting,
                    "id": change.current.id,
                    "text": node_text(change.current.node),
                },
            }
            for change in trace.changes
        ],
    }


def opinion_lines(history: History, trace: OpinionTrace) -> list[str]:
    """Return everything one opinion changed, as lines of text."""
    ja = _ja()
    lines = [trace.opinion_id]
    for meeting, number, opinion in trace.listed:
        heading = f"第{meeting}回 意見{number}" if ja else f"meeting {meeting}, opinion {number}"
        lines.append(f"  {heading} [{opinion.disposition.value}] {opinion.text}")
        if opinion.response:
            lines.append(("    事務局の考え方: " if ja else "    response: ") + opinion.response)
    if not trace.changes:
        undecided = any(o.disposition is Disposition.UNDECIDED for _, _, o in trace.listed)
        lines.append(
            str(
                Msg(
                    "  この意見による変更はありません" + ("(対応は未定)" if undecided else ""),
                    "  no change cites this opinion"
                    + (" (disposition undecided)" if undecided else ""),
                )
            )
        )
    for change in trace.changes:
        event = change.event
        node = event.change.new_id or event.change.old_id
        lines.append(f"  {_event_title(event)} {node}")
        lines.append(f"    {_text_at(change) or _UNKNOWN}")
        for later in change.later:
            lines.append(("    その後: " if ja else "    later: ") + _event_line(history, later))
        if change.current is not None and change.later:
            lines.append(
                ("    現在: " if ja else "    now: ")
                + (node_text(change.current.node) or str(_UNKNOWN))
            )
    return lines


# --------------------------------------------------------------------------------------------
# Log


def log_json(history: History, log: NodeLog) -> dict[str, Any]:
    """Return a node's log as JSON-ready data (each redline as spans and as marked text)."""
    return {
        "ids": list(log.lineage.ids),
        "entries": [
            {
                "meeting": entry.meeting,
                "id": entry.node_id,
                "text": entry.text,
                "change": event_json(history, entry.event) if entry.event else None,
                "spans": [{"op": span.op.value, "text": span.text} for span in entry.spans],
                "redline": redline(entry.spans) if entry.spans else None,
            }
            for entry in log.entries
        ],
        "deleted": event_json(history, log.deleted) if log.deleted else None,
    }


def log_lines(history: History, log: NodeLog, styler: Styler = plain_redline) -> list[str]:
    """Return a node's text at each meeting with the redline from the meeting before.

    ``styler`` may add terminal colours, so the lines are printed as they are: every piece of
    user text in them is made visible here (and by the styler for the redlines).
    """
    ja = _ja()
    lines = []
    previous_id: str | None = None
    for position, entry in enumerate(log.entries):
        heading = f"第{entry.meeting}回" if ja else f"meeting {entry.meeting}"
        heading += f"  {entry.node_id}"
        if previous_id is not None and previous_id != entry.node_id:
            heading += str(Msg(f"(id 変更: {previous_id} から)", f" (re-keyed from {previous_id})"))
        if entry.event is not None:
            heading += f"  {_event_line(history, entry.event)}"
        lines.append(visible(heading))
        if entry.spans and any(span.op is not Op.EQUAL for span in entry.spans):
            lines.append(f"    {styler(entry.spans)}")
        elif position == 0 or entry.text != log.entries[position - 1].text:
            lines.append(visible(f"    {entry.text if entry.text is not None else _UNKNOWN}"))
        else:
            lines.append(str(Msg("    (文言は変わらず)", "    (text unchanged)")))
        previous_id = entry.node_id
    if log.deleted is not None:
        deleted = ("削除: " if ja else "deleted: ") + _event_line(history, log.deleted)
        lines.append(visible(deleted))
    return lines
