"""The audit: every finding over a plan's whole history, at once.

For every step of the history the audit reports what the comparison finds (a change with no
opinion and no reason, a declaration that matches no change, a declared kind or label that
differs, an opinion cited but unknown, an opinion without a disposition or disposed 反映 without a
change, a prior text the sources never show), and adds what only the whole history shows:

- ``missing-record``: a step with changes but no revision record;
- ``label-duplicate``, ``label-gap``, ``label-out-of-rule``, ``label-invalid``: declared labels
  out of step within a scope (the same label twice, a number skipped, numbering the seed's rule
  would not give — a lone change numbered, several left unnumbered, numbers out of document
  order —, or a label that is not 追加/修正/削除 with an optional circled number);
- ``repost-orphaned``, ``repost-out-of-sync``: a 再掲 whose original is gone or reads
  differently;
- ``kpi-years-disagree``: KPI tables of one field with different baseline or target years;
  ``kpi-target-before-baseline``: a target year before its baseline year;
- ``empty-response``: an opinion with a disposition but no 事務局の考え方;
- ``not-reflected-with-change``: a change citing an opinion answered 反映しない;
- ``suspect-link``: the text an opinion produced (fingerprinted when the link was made) was
  changed again, or deleted, at a later meeting by a change not citing that opinion — to be
  re-confirmed.

The label checks are in :mod:`planrev.audit.labels`, the opinion checks in
:mod:`planrev.audit.opinions`. The audit reads the history and reports; it renders nothing (the
report as text, Markdown or HTML is made by the command line and :mod:`planrev.render.audit`).

Problems of a draft's state (再掲, KPI years) are reported once, at the latest draft that has
them; a problem that a later draft no longer has is reported as information ("resolved at …")
rather than as an error a secretariat could never fix. Each finding carries, where it can, the
file, line and column it concerns.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planrev.audit.history import History, ProgressCallback
from planrev.audit.labels import label_findings
from planrev.audit.opinions import opinion_findings, suspect_findings
from planrev.diagnostics import Finding, Level
from planrev.errors import Location
from planrev.i18n import Msg
from planrev.model import Field, KpiTable, Pillar, Plan, Section, walk
from planrev.model.walk import PathPart, kpi_tables
from planrev.presentation import plan_name
from planrev.storage.documents import locator

if TYPE_CHECKING:
    from planrev.comparison import Change, Comparison

__all__ = ["CODES", "GAP_CODES", "LEVEL_NAMES", "AuditReport", "at_least", "audit"]

CODES: dict[str, Msg] = {
    "unexplained-change": Msg("理由のない変更", "change with no opinion or reason"),
    "unmatched-declaration": Msg("当たる変更のない変更記録", "declaration matching no change"),
    "kind-mismatch": Msg("変更の種類の食い違い", "declared kind differs"),
    "label-mismatch": Msg("ラベルの食い違い", "declared label differs"),
    "unknown-opinion": Msg("存在しない意見の参照", "unknown opinion cited"),
    "undisposed-opinion": Msg("対応未定の意見", "opinion without disposition"),
    "reflected-without-change": Msg("変更のない「反映」", "reflected opinion without change"),
    "unknown-prior-text": Msg("改訂前の文言が不明", "prior text unknown"),
    "missing-record": Msg("変更記録がない", "no revision record"),
    "label-duplicate": Msg("ラベルの重複", "duplicate labels"),
    "label-gap": Msg("ラベルの番号の抜け", "gap in label numbers"),
    "label-out-of-rule": Msg("規則に合わないラベル", "labels against the numbering rule"),
    "label-invalid": Msg("読めないラベル", "unreadable label"),
    "repost-orphaned": Msg("元の記述がない再掲", "re-listing without original"),
    "repost-out-of-sync": Msg("元の記述と違う再掲", "re-listing out of sync"),
    "kpi-years-disagree": Msg("KPIの年度の不一致", "KPI years disagree"),
    "kpi-target-before-baseline": Msg("目標年が基準年より前", "target year before baseline"),
    "suspect-link": Msg("要再確認の意見の反映", "suspect link: re-confirm"),
    "empty-response": Msg("事務局の考え方が未記入", "response not written"),
    "not-reflected-with-change": Msg(
        "「反映しない」意見による変更", "change citing an opinion not reflected"
    ),
}
"""Every finding code the audit reports, with a short name of what it means."""

GAP_CODES = frozenset(
    {
        "unexplained-change",
        "undisposed-opinion",
        "empty-response",
        "reflected-without-change",
        "not-reflected-with-change",
    }
)
"""The codes of decisions still to be recorded (``planrev todo`` lists these findings): a
change with no opinion and no reason, an opinion with no disposition or no response, and a
disposition its changes contradict (反映 with no change, a change citing 反映しない)."""

LEVEL_NAMES: dict[Level, Msg] = {
    Level.ERROR: Msg("エラー", "error"),
    Level.WARNING: Msg("警告", "warning"),
    Level.INFO: Msg("情報", "info"),
}
"""How each level is named in reports."""

_RANK = {Level.ERROR: 0, Level.WARNING: 1, Level.INFO: 2}
_STATE_CODES = frozenset(
    {"repost-orphaned", "repost-out-of-sync", "kpi-years-disagree", "kpi-target-before-baseline"}
)


def at_least(finding: Finding, minimum: Level) -> bool:
    """Return whether ``finding`` is of level ``minimum`` or more serious."""
    return _RANK[finding.level] <= _RANK[minimum]


@dataclass(frozen=True, slots=True)
class AuditReport:
    """Every finding of an audit, grouped by the meeting they belong to."""

    path: Path
    """The drafts folder audited."""
    title: str
    """The plan's name as printed, e.g. ``(仮称)青森県DX推進プラン``."""
    meetings: tuple[int, ...]
    """The meetings of the drafts audited."""
    findings: tuple[Finding, ...]
    """Every finding, by meeting (the first draft's first), errors first within a meeting."""
    history: History = field(repr=False, compare=False)
    """The history audited."""

    def count(self, level: Level) -> int:
        """Return how many findings are of ``level``."""
        return sum(1 for finding in self.findings if finding.level is level)

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Return the findings of error level."""
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    @property
    def exit_code(self) -> int:
        """Return 1 when any finding is of error level, else 0 (what ``planrev audit`` exits)."""
        return 1 if self.errors else 0

    @property
    def gaps(self) -> tuple[Finding, ...]:
        """Return the findings of decisions still to be recorded (codes in :data:`GAP_CODES`)."""
        return tuple(f for f in self.findings if f.code in GAP_CODES)

    def shown(self, minimum: Level = Level.INFO) -> tuple[Finding, ...]:
        """Return the findings of level ``minimum`` or more serious."""
        return tuple(f for f in self.findings if at_least(f, minimum))

    def by_meeting(self, minimum: Level = Level.INFO) -> dict[int | None, list[Finding]]:
        """Return the shown findings grouped by meeting, in meeting order."""
        groups: dict[int | None, list[Finding]] = {}
        for finding in self.shown(minimum):
            groups.setdefault(finding.meeting, []).append(finding)
        return groups

    def to_json(self, minimum: Level = Level.INFO) -> dict[str, Any]:
        """Return the report as JSON-ready data (messages in the current language)."""
        return {
            "path": str(self.path),
            "plan": self.title,
            "meetings": list(self.meetings),
            "counts": {level.value: self.count(level) for level in Level},
            "exit_code": self.exit_code,
            "findings": [finding.to_json() for finding in self.shown(minimum)],
        }


# --------------------------------------------------------------------------------------------
# Locations


class _Locator:
    """Place findings on a line of the file they concern (each file parsed at most once)."""

    def __init__(self, history: History) -> None:
        self.history = history
        self._files: dict[Path, Callable[[Sequence[str | int]], Location]] = {}
        self._paths: dict[int, dict[str, tuple[PathPart, ...]]] = {}

    def _position(self, file: Path, path: tuple[PathPart, ...]) -> Location:
        if file not in self._files:
            self._files[file] = locator(self.history.source_text(file), file)
        return self._files[file](path)

    def node(self, meeting: int, node_id: str, key: str | None = None) -> Location | None:
        if meeting not in self.history.meetings:
            return None
        file = self.history.draft_file(meeting)
        paths = self._paths.get(meeting)
        if paths is None:
            paths = {}
            for located in walk(self.history.draft(meeting)):
                paths.setdefault(located.id, located.path)
            self._paths[meeting] = paths
        path = paths.get(node_id)
        if path is None:
            return Location(file)
        return self._position(file, (*path, *((key,) if key else ())))

    def opinion(self, meeting: int, opinion_id: str, key: str | None = None) -> Location | None:
        opinions, file = self.history.opinions(meeting), self.history.opinions_file(meeting)
        if opinions is None or file is None:
            return None
        for position, opinion in enumerate(opinions.opinions):
            if opinion.id == opinion_id:
                return self._position(file, ("opinions", position, *((key,) if key else ())))
        return Location(file)

    def record(self, meeting: int, record_id: str, key: str | None = None) -> Location | None:
        try:
            step = self.history.step(meeting)
        except KeyError:
            return None
        if step.revision is None or step.revision_file is None:
            return None
        for position, record in enumerate(step.revision.changes):
            if record.id == record_id:
                return self._position(
                    step.revision_file, ("changes", position, *((key,) if key else ()))
                )
        return Location(step.revision_file)

    def change(
        self, meeting: int, change: Change | None, key: str | None = None
    ) -> Location | None:
        if change is None:
            return None
        if change.new_id is not None:
            return self.node(meeting, change.new_id, key)
        step = self.history.step(meeting)
        return self.node(step.old_meeting, change.old_id or "", key)

    def place(self, finding: Finding, comparison: Comparison | None) -> Finding:
        """Return ``finding`` with the location of what it concerns, when it can be found."""
        meeting = finding.meeting
        if meeting is None or not finding.subjects or finding.location is not None:
            return finding
        code, subjects = finding.code, finding.subjects
        location: Location | None = None
        if code in {"undisposed-opinion", "reflected-without-change"}:
            location = self.opinion(meeting, subjects[0], "disposition")
        elif code == "empty-response":
            location = self.opinion(meeting, subjects[0], "response")
        elif code == "not-reflected-with-change":
            location = self.record(meeting, subjects[0], "opinions")
        elif code == "unmatched-declaration":
            location = self.record(meeting, subjects[0])
        elif code == "kind-mismatch" and len(subjects) > 1:
            location = self.record(meeting, subjects[1], "kind")
        elif code == "unknown-opinion":
            location = self.record(meeting, subjects[0], "opinions")
        elif code in {"label-mismatch", "unexplained-change"} and comparison is not None:
            change = comparison.change(subjects[0])
            if code == "label-mismatch" and change is not None and change.record is not None:
                location = self.record(meeting, change.record.id, "label")
            else:
                location = self.change(meeting, change)
        elif code == "unknown-prior-text" and comparison is not None:
            change = comparison.change(subjects[0])
            if change is not None and change.old_id is not None:
                location = self.node(self.history.step(meeting).old_meeting, change.old_id, "text")
        elif code in {"repost-orphaned", "repost-out-of-sync"}:
            location = self.node(meeting, subjects[0], "repost")
        elif code.startswith("label-"):
            location = self.record(meeting, subjects[0], "label")
        elif code == "kpi-target-before-baseline":
            location = self.node(meeting, subjects[0], "target_year")
        elif code == "kpi-years-disagree":
            location = self.node(meeting, subjects[-1])
        return replace(finding, location=location) if location is not None else finding


# --------------------------------------------------------------------------------------------
# State of a draft: 再掲 and KPI tables


def _kpi_findings(plan: Plan, meeting: int) -> list[Finding]:
    findings: list[Finding] = []
    groups: dict[str | None, list[KpiTable]] = defaultdict(list)
    owners: dict[str | None, str] = {}
    for located in kpi_tables(plan):  # noted by the walk
        table = located.node
        assert isinstance(table, KpiTable)
        # The table's field, else its pillar, else none (a table at the plan's top). Holders
        # run pillar, field, section …: the field, if any, is the second (checked first).
        parents = located.parents
        owner: Pillar | Field | Section | None
        if len(parents) > 1 and type(parents[1]) is Field:
            owner = parents[1]
        else:
            owner = next(
                (p for p in parents if isinstance(p, Field)), parents[0] if parents else None
            )
        owner_id = owner.id if owner is not None else None
        groups[owner_id].append(table)
        owners[owner_id] = owner.title if owner is not None else ""
        if (
            table.baseline_year is not None
            and table.target_year is not None
            and table.target_year < table.baseline_year
        ):
            findings.append(
                Finding(
                    "kpi-target-before-baseline",
                    Level.ERROR,
                    Msg(
                        f"KPI表 {table.id} の目標年({table.target_year})が基準年"
                        f"({table.baseline_year})より前です",
                        f"the KPI table {table.id} has its target year ({table.target_year}) "
                        f"before its baseline year ({table.baseline_year})",
                    ),
                    Msg(
                        "baseline_year と target_year を確認してください(入れ違いの可能性)。",
                        "check baseline_year and target_year (they may be swapped).",
                    ),
                    subjects=(table.id,),
                    meeting=meeting,
                )
            )
    for owner_id, tables in groups.items():
        baselines = {t.baseline_year for t in tables if t.baseline_year is not None}
        targets = {t.target_year for t in tables if t.target_year is not None}
        if len(baselines) <= 1 and len(targets) <= 1:
            continue
        years = "、".join(f"{t.id} {_year(t.baseline_year)}→{_year(t.target_year)}" for t in tables)
        title = owners[owner_id] or ("計画全体" if owner_id is None else owner_id)
        findings.append(
            Finding(
                "kpi-years-disagree",
                Level.WARNING,
                Msg(
                    f"{title}のKPI表で基準年・目標年が揃っていません({years})",
                    f"the KPI tables of {title} disagree on their years ({years})",
                ),
                Msg(
                    "同じ分野のKPIは同じ基準年・目標年にそろえるか、違う理由を確認してください。",
                    "give the KPIs of one field the same baseline and target years, or check "
                    "why they differ.",
                ),
                subjects=tuple(t.id for t in tables),
                meeting=meeting,
            )
        )
    return findings


def _year(year: int | None) -> str:
    return "—" if year is None else str(year)


def _state_findings(history: History) -> list[Finding]:
    """Return the problems of each draft's state, each reported once (see the module)."""
    from planrev.comparison.linking import repost_findings  # noqa: PLC0415 - no diff at import

    seen: dict[tuple[str, tuple[str, ...]], list[Finding]] = {}
    for plan, meeting in zip(history.drafts, history.meetings, strict=True):
        for finding in [*repost_findings(plan, meeting), *_kpi_findings(plan, meeting)]:
            seen.setdefault((finding.code, finding.subjects), []).append(finding)
    latest = history.meetings[-1]
    findings = []
    for found in seen.values():
        last = found[-1]
        assert last.meeting is not None
        if last.meeting == latest:
            findings.append(last)
            continue
        following = history.meetings[history.meetings.index(last.meeting) + 1]
        findings.append(
            replace(
                last,
                level=Level.INFO,
                message=Msg(
                    f"(第{following}回で解消)第{last.meeting}回の草案: {last.message.ja}",
                    f"(resolved at meeting {following}) draft of meeting {last.meeting}: "
                    f"{last.message.en}",
                ),
                hint=None,
            )
        )
    return findings


# --------------------------------------------------------------------------------------------
# The audit


def _missing_record(history: History, meeting: int, comparison: Comparison) -> Finding | None:
    step = history.step(meeting)
    if step.revision is not None or not comparison.changes:
        return None
    return Finding(
        "missing-record",
        Level.WARNING,
        Msg(
            f"第{step.old_meeting}回→第{meeting}回の変更記録がありません"
            f"(変更{len(comparison.changes)}件)",
            f"no revision record from meeting {step.old_meeting} to {meeting} "
            f"({len(comparison.changes)} changes)",
        ),
        Msg(
            f"revision-{step.old_meeting:02d}-{meeting:02d}.yaml を作ってください"
            "(Editor で編集すれば Editor.save が書きます)。",
            f"write revision-{step.old_meeting:02d}-{meeting:02d}.yaml (Editor.save writes "
            "it when you edit with the Editor).",
        ),
        subjects=(),
        meeting=meeting,
        location=Location(history.path),
    )


def audit(history: History, progress: ProgressCallback | None = None) -> AuditReport:
    """Audit a whole history and return every finding at once.

    ``progress`` is called with (steps compared, steps in all) while the comparisons are
    computed (for progress bars).
    """
    history.comparisons(progress)
    locator = _Locator(history)
    findings: list[Finding] = []
    for step in history.steps:
        comparison = step.comparison
        meeting = step.new_meeting
        missing = _missing_record(history, meeting, comparison)
        if missing is not None:
            findings.append(missing)
        labels, covered = label_findings(comparison, meeting)
        for finding in comparison.findings:
            if finding.code in _STATE_CODES:
                continue  # checked on every draft below, reported once
            if finding.code == "label-mismatch" and finding.subjects[0] in covered:
                continue  # the label finding of its scope says it, with the right labels
            findings.append(locator.place(finding, comparison))
        findings.extend(locator.place(finding, comparison) for finding in labels)
    for finding in _state_findings(history):
        findings.append(locator.place(finding, None))
    for finding in opinion_findings(history):
        findings.append(locator.place(finding, None))
    for finding in suspect_findings(history):
        findings.append(
            replace(
                finding,
                location=locator.record(finding.meeting or 0, finding.subjects[0], "fingerprint"),
            )
        )
    order: dict[int | None, int] = {m: position for position, m in enumerate(history.meetings)}
    findings.sort(key=lambda f: (order.get(f.meeting, -1), _RANK[f.level]))
    return AuditReport(
        path=history.path,
        title=plan_name(history.latest.meta),
        meetings=history.meetings,
        findings=tuple(findings),
        history=history,
    )
