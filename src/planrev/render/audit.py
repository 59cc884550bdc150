"""The audit report as a document: view objects, rendered to Markdown or HTML by templates.

:func:`audit_view` turns an :class:`~planrev.audit.checks.AuditReport` into rows and cells ready to
print, in the report's language; the templates ``audit.md.j2`` and ``audit.html.j2`` (with the
handouts' template environment, :mod:`planrev.render.templating`) only lay them out — loops, no
logic; each escapes for its own format. :func:`audit_markdown` and :func:`audit_html` render it
(``planrev audit --format markdown|html``). The audit itself (:mod:`planrev.audit`) renders
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from planrev.audit.checks import CODES, LEVEL_NAMES, AuditReport
from planrev.audit.describe import meetings_span, why_text
from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg, current_language
from planrev.model import Field, Pillar, Section, walk
from planrev.render.templating import render_template

__all__ = [
    "AuditView",
    "ChangeRow",
    "FindingRow",
    "FindingSection",
    "OpinionRow",
    "StepTrace",
    "audit_html",
    "audit_markdown",
    "audit_view",
]


@dataclass(frozen=True, slots=True)
class FindingRow:
    """One finding, as printed."""

    level: str
    """The level's name (エラー, 警告, 情報)."""
    code: str
    """The finding's code (ASCII letters and ``-``: printed as code, not escaped)."""
    name: str
    """What the code means, briefly."""
    message: str
    """What was found."""
    location: str
    """File, line and column, or empty."""
    hint: str
    """What to do, or empty."""
    code_level: str = "info"
    """The level as a word for styles: ``error``, ``warning`` or ``info``."""


@dataclass(frozen=True, slots=True)
class FindingSection:
    """The findings of one meeting."""

    heading: str
    """E.g. ``第2回 → 第3回``."""
    rows: tuple[FindingRow, ...]
    """Its findings, errors first."""


@dataclass(frozen=True, slots=True)
class ChangeRow:
    """One change of a step and what explains it."""

    label: str
    """The handout label, e.g. ``追加①``."""
    node: str
    """The node's id."""
    scope: str
    """The title of the scope owning the change's opinion table."""
    why: str
    """The opinions (意見N) and reason behind it."""


@dataclass(frozen=True, slots=True)
class OpinionRow:
    """One opinion of a step and what became of it."""

    number: str
    """``意見1`` …"""
    opinion_id: str
    """The opinion's id."""
    disposition: str
    """反映, 今後検討 …"""
    changes: str
    """The labels of the changes it caused, or empty."""


@dataclass(frozen=True, slots=True)
class StepTrace:
    """Which opinion caused which change in one step."""

    heading: str
    """E.g. ``第2回 → 第3回``."""
    changes: tuple[ChangeRow, ...]
    """Every change, in document order."""
    opinions: tuple[OpinionRow, ...]
    """Every opinion the new draft answers."""

    @property
    def change_tables(self) -> tuple[tuple[ChangeRow, ...], ...]:
        """Return the changes as one table, or no table when there are none."""
        return (self.changes,) if self.changes else ()

    @property
    def opinion_tables(self) -> tuple[tuple[OpinionRow, ...], ...]:
        """Return the opinions as one table, or no table when there are none."""
        return (self.opinions,) if self.opinions else ()


@dataclass(frozen=True, slots=True)
class AuditView:
    """Everything the audit report template prints."""

    title: str
    """The document's title."""
    summary: str
    """One line: the folder and meetings audited."""
    verdict: str
    """One line: whether the audit passes (no error) or not."""
    counts: tuple[tuple[str, int], ...]
    """(level name, how many findings)."""
    sections: tuple[FindingSection, ...]
    """The findings, by meeting."""
    traces: tuple[StepTrace, ...]
    """Which opinion caused which change, step by step."""
    labels: dict[str, str]
    """Headings and column names in the report's language."""


_LABELS = {
    "findings": Msg("指摘", "Findings"),
    "none": Msg("指摘はありません。", "No findings."),
    "level": Msg("水準", "Level"),
    "count": Msg("件数", "Count"),
    "finding": Msg("内容", "Finding"),
    "code": Msg("種類", "Kind"),
    "location": Msg("場所", "Location"),
    "hint": Msg("対処", "What to do"),
    "trace": Msg("変更と意見", "Changes and opinions"),
    "changes": Msg("変更", "Changes"),
    "opinions": Msg("意見", "Opinions"),
    "label": Msg("見出し", "Label"),
    "node": Msg("対象", "Node"),
    "scope": Msg("範囲", "Scope"),
    "why": Msg("理由", "Why"),
    "number": Msg("番号", "No."),
    "id": Msg("id", "id"),
    "disposition": Msg("対応", "Disposition"),
    "caused": Msg("変更", "Changes"),
    "no_changes": Msg("変更はありません。", "No changes."),
    "no_opinions": Msg("意見はありません。", "No opinions."),
}


def _text(text: str | None) -> str:
    return text or ""


def _heading(report: AuditReport, meeting: int | None) -> str:
    ja = current_language() == "ja"
    if meeting is None:
        return "全体" if ja else "Overall"
    if meeting == report.meetings[0]:
        return f"第{meeting}回の草案" if ja else f"Draft of meeting {meeting}"
    before = report.meetings[report.meetings.index(meeting) - 1]
    return f"第{before}回 → 第{meeting}回" if ja else f"Meeting {before} → {meeting}"


def _row(finding: Finding) -> FindingRow:
    return FindingRow(
        level=_text(str(LEVEL_NAMES[finding.level])),
        code=finding.code,
        name=_text(str(CODES.get(finding.code, Msg(finding.code, finding.code)))),
        message=_text(str(finding.message)),
        location=_text(str(finding.location) if finding.location else ""),
        hint=_text(str(finding.hint) if finding.hint else ""),
        code_level=finding.level.value,
    )


def _traces(report: AuditReport) -> tuple[StepTrace, ...]:
    history = report.history
    traces = []
    for step in history.steps:
        comparison = step.comparison
        titles = {
            located.id: located.node.title
            for located in walk(step.new)
            if isinstance(located.node, Pillar | Field | Section)
        }
        changes = tuple(
            ChangeRow(
                label=_text(f"【{change.label}】"),
                node=_text(change.target),
                scope=_text(titles.get(change.scope or "", change.scope or "")),
                why=_text(why_text(history, step.new_meeting, change.opinions, change.reason)),
            )
            for change in comparison.changes
        )
        opinions = step.opinions.opinions if step.opinions is not None else ()
        rows = tuple(
            OpinionRow(
                number=_text(
                    f"意見{number}" if current_language() == "ja" else f"opinion {number}"
                ),
                opinion_id=_text(opinion.id),
                disposition=_text(opinion.disposition.value),
                changes=_text(
                    "、".join(
                        f"【{c.label}】{c.target}" for c in comparison.for_opinion(opinion.id)
                    )
                ),
            )
            for number, opinion in enumerate(opinions, start=1)
        )
        traces.append(StepTrace(_heading(report, step.new_meeting), changes, rows))
    return tuple(traces)


def audit_view(report: AuditReport, minimum: Level = Level.INFO) -> AuditView:
    """Return the view of an audit report: every text localised (escaped by each template)."""
    ja = current_language() == "ja"
    first, last = report.meetings[0], report.meetings[-1]
    span = meetings_span(first, last)
    summary = f"{report.path}({span.ja}の草案)" if ja else f"{report.path} (drafts of {span.en})"
    errors = report.count(Level.ERROR)
    verdict = (
        (
            f"エラーが{errors}件あります(終了コード 1)。"
            if errors
            else "エラーはありません(終了コード 0)。"
        )
        if ja
        else (f"{errors} error(s) (exit code 1)." if errors else "No errors (exit code 0).")
    )
    sections = tuple(
        FindingSection(_heading(report, meeting), tuple(_row(f) for f in findings))
        for meeting, findings in report.by_meeting(minimum).items()
    )
    return AuditView(
        title=_text(("監査報告: " if ja else "Audit: ") + report.title),
        summary=_text(summary),
        verdict=verdict,
        counts=tuple((str(LEVEL_NAMES[level]), report.count(level)) for level in Level),
        sections=sections,
        traces=_traces(report),
        labels={key: str(message) for key, message in _LABELS.items()},
    )


def audit_markdown(report: AuditReport, minimum: Level = Level.INFO) -> str:
    """Return the audit report as a Markdown document."""
    text = render_template("audit.md.j2", {"view": audit_view(report, minimum)})
    return text.rstrip("\n") + "\n"


def audit_html(report: AuditReport, minimum: Level = Level.INFO) -> str:
    """Return the audit report as a self-contained HTML document."""
    view = audit_view(report, minimum)
    return render_template("audit.html.j2", {"view": view, "header": (view.title, view.summary)})
