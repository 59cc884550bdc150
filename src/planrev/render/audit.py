"""The audit report as a document: view objects, rendered to Markdown or HTML in Python.

:func:`audit_view` turns an :class:`~planrev.audit.checks.AuditReport` into rows and cells ready to
print, in the report's language; :func:`audit_markdown` and :func:`audit_html` only lay them out
(``planrev audit --format markdown|html``), the HTML on the same renderer as the handouts
(:mod:`planrev.render.markup`: every value made visible, then escaped by markupsafe), the
Markdown with :func:`markdown_cell`. The audit itself (:mod:`planrev.audit`) renders nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from planrev.audit.checks import CODES, LEVEL_NAMES, AuditReport
from planrev.audit.describe import meetings_span, why_text
from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg, current_language
from planrev.model import Field, Pillar, Section, walk
from planrev.render.markup import page, text
from planrev.render.printable import visible

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
    "markdown_cell",
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


@dataclass(frozen=True, slots=True)
class AuditView:
    """Everything the audit report prints."""

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
    """Return the view of an audit report: every text localised (escaped by each renderer)."""
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


# ---- Markdown ------------------------------------------------------------------------------------

_MARKDOWN_SPECIAL = str.maketrans({char: f"\\{char}" for char in "\\`*_[]<>|~#"})


def markdown_cell(value: object) -> str:
    """Return text safe inside a Markdown table cell (marks escaped, lines as ``<br>``)."""
    if value is None or value == "":
        return ""
    return "<br>".join(line.translate(_MARKDOWN_SPECIAL) for line in str(value).split("\n"))


def _md(value: object) -> str:
    # Escaped first, then the characters documents forbid made visible (their pictures and
    # ``\\uXXXX`` are printed as they are).
    return visible(markdown_cell(value))


def _md_table(headings: tuple[str, ...], rows: list[tuple[str, ...]], align: str = "") -> str:
    rule = " | ".join("---" for _ in headings)
    if align:
        rule = align
    lines = [f"| {' | '.join(headings)} |", f"| {rule} |"]
    lines += [f"| {' | '.join(cells)} |" for cells in rows]
    return "\n".join(lines) + "\n"


def audit_markdown(report: AuditReport, minimum: Level = Level.INFO) -> str:
    """Return the audit report as a Markdown document."""
    view = audit_view(report, minimum)
    labels = view.labels
    parts = [f"# {_md(view.title)}\n\n{_md(view.summary)}\n\n{_md(view.verdict)}\n\n"]
    parts.append(
        _md_table(
            (labels["level"], labels["count"]),
            [(_md(name), _md(count)) for name, count in view.counts],
            "--- | ---:",
        )
    )
    parts.append(f"\n## {labels['findings']}\n\n")
    for section in view.sections:
        parts.append(f"### {_md(section.heading)}\n\n")
        parts.append(
            _md_table(
                tuple(labels[key] for key in ("level", "finding", "code", "location", "hint")),
                [
                    (
                        _md(row.level),
                        _md(row.message),
                        f"{_md(row.name)}<br>`{row.code}`",
                        _md(row.location),
                        _md(row.hint),
                    )
                    for row in section.rows
                ],
            )
            + "\n"
        )
    if not view.sections:
        parts.append(f"{labels['none']}\n\n")
    parts.append(f"## {labels['trace']}\n\n")
    for trace in view.traces:
        parts.append(f"### {_md(trace.heading)}\n\n#### {labels['changes']}\n\n")
        if trace.changes:
            parts.append(
                _md_table(
                    tuple(labels[key] for key in ("label", "node", "scope", "why")),
                    [
                        (_md(row.label), _md(row.node), _md(row.scope), _md(row.why))
                        for row in trace.changes
                    ],
                )
            )
        else:
            parts.append(f"{labels['no_changes']}\n")
        parts.append(f"\n#### {labels['opinions']}\n\n")
        if trace.opinions:
            parts.append(
                _md_table(
                    tuple(labels[key] for key in ("number", "id", "disposition", "caused")),
                    [
                        (
                            _md(row.number),
                            _md(row.opinion_id),
                            _md(row.disposition),
                            _md(row.changes),
                        )
                        for row in trace.opinions
                    ],
                )
            )
        else:
            parts.append(f"{labels['no_opinions']}\n")
        parts.append("\n")
    return "".join(parts).rstrip("\n") + "\n"


# ---- HTML ----------------------------------------------------------------------------------------

_AUDIT_STYLE = """@page { size: A4 landscape; }
table.audit { width: 100%; border-collapse: collapse; margin: 0.5em 0 1.5em; }
table.audit th, table.audit td { border: 1px solid #999; padding: 0.25em 0.5em; \
vertical-align: top; text-align: left; white-space: pre-wrap; }
table.audit th { background: #eef2f7; }
tr.level-error td.level { color: #b00020; font-weight: bold; }
tr.level-warning td.level { color: #8a5a00; font-weight: bold; }
p.verdict { font-weight: bold; }
code { font-size: 0.9em; }
"""


def _html_table(kind: str, headings: tuple[str, ...], rows: str) -> str:
    cells = "".join(f"<th>{text(heading)}</th>" for heading in headings)
    return (
        f'<table class="audit {kind}">\n<thead><tr>{cells}</tr></thead>\n'
        f"<tbody>\n{rows}</tbody>\n</table>\n"
    )


def _html_cells(*values: object) -> str:
    return "".join(f"<td>{text(value)}</td>" for value in values)


def _finding_html(row: FindingRow) -> str:
    return (
        f'<tr class="level-{text(row.code_level)}"><td class="level">{text(row.level)}</td>'
        f"<td>{text(row.message)}</td><td>{text(row.name)}<br><code>{text(row.code)}</code></td>"
        f"{_html_cells(row.location, row.hint)}</tr>\n"
    )


def _trace_html(trace: StepTrace, labels: dict[str, str]) -> str:
    html = f"<h3>{text(trace.heading)}</h3>\n<h4>{text(labels['changes'])}</h4>\n"
    if trace.changes:
        html += _html_table(
            "changes",
            tuple(labels[key] for key in ("label", "node", "scope", "why")),
            "".join(
                f"<tr>{_html_cells(row.label, row.node, row.scope, row.why)}</tr>\n"
                for row in trace.changes
            ),
        )
    else:
        html += f"<p>{text(labels['no_changes'])}</p>\n"
    html += f"<h4>{text(labels['opinions'])}</h4>\n"
    if trace.opinions:
        html += _html_table(
            "opinions",
            tuple(labels[key] for key in ("number", "id", "disposition", "caused")),
            "".join(
                f"<tr>{_html_cells(row.number, row.opinion_id, row.disposition, row.changes)}</tr>\n"
                for row in trace.opinions
            ),
        )
    else:
        html += f"<p>{text(labels['no_opinions'])}</p>\n"
    return html


def audit_html(report: AuditReport, minimum: Level = Level.INFO) -> str:
    """Return the audit report as a self-contained HTML document."""
    view = audit_view(report, minimum)
    labels = view.labels
    body = (
        f'<main>\n<h1>{text(view.title)}</h1>\n<p class="summary">{text(view.summary)}</p>\n'
        f'<p class="verdict">{text(view.verdict)}</p>\n'
    )
    body += _html_table(
        "counts",
        (labels["level"], labels["count"]),
        "".join(f"<tr>{_html_cells(name, count)}</tr>\n" for name, count in view.counts),
    )
    body += f"<h2>{text(labels['findings'])}</h2>\n"
    for section in view.sections:
        body += f"<h3>{text(section.heading)}</h3>\n" + _html_table(
            "findings",
            tuple(labels[key] for key in ("level", "finding", "code", "location", "hint")),
            "".join(_finding_html(row) for row in section.rows),
        )
    if not view.sections:
        body += f"<p>{text(labels['none'])}</p>\n"
    body += f"<h2>{text(labels['trace'])}</h2>\n"
    body += "".join(_trace_html(trace, labels) for trace in view.traces)
    return page(
        title=view.title,
        body_class="audit",
        header=(view.title, view.summary),
        body=body + "</main>\n",
        style=_AUDIT_STYLE,
    )
