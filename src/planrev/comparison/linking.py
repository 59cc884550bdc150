"""Reconcile computed changes with the revision record and the opinions.

Each computed change is matched to the record's declaration for the same node: it takes the
declared opinions, reason and span (and, where the old text is unknown, the declared kind). What
does not reconcile becomes a finding: a change nothing explains, a declaration that matches no
change, a declared kind or label that differs from the computed one, an opinion without a
disposition or disposed "reflected" without a change, a 再掲 out of step with its original.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from planrev.comparison.labels import label_changes
from planrev.comparison.result import Change
from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg
from planrev.model import (
    ChangeKind,
    ChangeRecord,
    Disposition,
    Opinion,
    OpinionSet,
    Plan,
    Revision,
    Statement,
)
from planrev.model.walk import PlanIndex

__all__ = [
    "change_findings",
    "describe",
    "label_findings",
    "link",
    "repost_findings",
    "undisposed_finding",
    "unexplained_finding",
]

_REFLECTING = {Disposition.REFLECTED, Disposition.PARTLY}


def describe(label: str | None, kind: ChangeKind, target: str) -> str:
    """Return a change as messages name it: 【追加②】talent-3 (the kind when not yet labelled)."""
    return f"【{label or kind.value}】{target}"


def _describe(change: Change) -> str:
    return describe(change.label, change.kind, change.target)


def unexplained_finding(described: str, subject: str, meeting: int | None) -> Finding:
    """Return the finding of a change (``described`` by :func:`describe`) nothing explains."""
    return Finding(
        "unexplained-change",
        Level.ERROR,
        Msg(
            f"{described}: 理由(意見または注記)のない変更です",
            f"{described}: a change with no opinion and no reason",
        ),
        Msg(
            "変更記録に opinions(意見の id)か reason(理由)を書いてください。",
            "declare it in the revision record with opinions or a reason.",
        ),
        subjects=(subject,),
        meeting=meeting,
    )


def undisposed_finding(number: int, opinion: Opinion, meeting: int | None) -> Finding:
    """Return the finding of opinion ``number`` (意見1 …) having no disposition yet."""
    return Finding(
        "undisposed-opinion",
        Level.ERROR,
        Msg(
            f"意見{number}({opinion.id})の対応(disposition)が決まっていません",
            f"opinion {number} ({opinion.id}) has no disposition",
        ),
        Msg(
            "disposition に 反映/一部反映/反映しない/記載済み/今後検討 のどれかを書き、"
            "response に事務局の考え方を書いてください。",
            "set disposition (反映, 一部反映, 反映しない, 記載済み, 今後検討) and "
            "write the secretariat's response.",
        ),
        subjects=(opinion.id,),
        meeting=meeting,
    )


def link(
    old: Plan,
    new: Plan,
    changes: list[Change],
    record: Revision | None,
    opinions: OpinionSet | None,
) -> tuple[list[Change], list[Finding]]:
    """Attach declarations and labels to changes; return the updated changes and the findings.

    ``changes`` are in document order. Each change is labelled (:func:`label_changes`) by its
    scope and its kind once the record has had its say on the kind.
    """
    meeting = new.meta.meeting
    findings: list[Finding] = []
    declarations: dict[str, list[ChangeRecord]] = {}
    for declared in record.changes if record else ():
        declarations.setdefault(declared.target, []).append(declared)
    matched: set[str] = set()
    updates: list[dict[str, Any]] = []
    """What the record changes of each change (the change itself is rebuilt once, labelled)."""
    for change in changes:
        candidates = [
            *declarations.get(change.target, []),
            *(
                declarations.get(change.old_id, [])
                if change.old_id and change.old_id != change.target
                else []
            ),
        ]
        if not candidates:
            updates.append({})
            continue
        declared = candidates[0]
        matched.update(c.id for c in candidates)
        opinion_ids = tuple(dict.fromkeys(o for c in candidates for o in c.opinions))
        reasons = [c.reason for c in candidates if c.reason]
        kind = change.kind
        if change.prior_unknown:
            kind = declared.kind  # the diff cannot say; the record does
        elif declared.kind is not change.kind:
            findings.append(
                Finding(
                    "kind-mismatch",
                    Level.WARNING,
                    Msg(
                        f"{change.target}: 変更記録では「{declared.kind.value}」ですが、"
                        f"比較の結果は「{change.kind.value}」です",
                        f"{change.target}: the record says {declared.kind.value}, "
                        f"the comparison finds {change.kind.value}",
                    ),
                    Msg(
                        "変更記録の kind を直すか、草案の文言を確認してください。",
                        "fix the record's kind, or check the draft's wording.",
                    ),
                    subjects=(change.id, declared.id),
                    meeting=meeting,
                )
            )
        updates.append(
            {
                "kind": kind,
                "opinions": opinion_ids,
                "reason": "、".join(reasons) or None,
                "record": declared,
                "span": declared.span if declared.span is not None else change.span,
            }
        )
    labels = label_changes(
        (change.scope, update.get("kind", change.kind))
        for change, update in zip(changes, updates, strict=True)
    )
    linked = [
        replace(change, label=label, **update)
        for change, update, label in zip(changes, updates, labels, strict=True)
    ]
    for declared in record.changes if record else ():
        if declared.id not in matched:
            findings.append(
                Finding(
                    "unmatched-declaration",
                    Level.ERROR,
                    Msg(
                        f"変更記録 {declared.id}({declared.kind.value} {declared.target})に"
                        "当たる変更が草案にありません",
                        f"the record's change {declared.id} ({declared.kind.value} "
                        f"{declared.target}) matches no change between the drafts",
                    ),
                    Msg(
                        "草案にその変更を反映するか、変更記録から削除してください。",
                        "make the change in the draft, or remove the declaration.",
                    ),
                    subjects=(declared.id,),
                    meeting=meeting,
                )
            )
    findings.extend(_opinion_findings(linked, record, opinions, meeting))
    findings.extend(repost_findings(new, meeting))
    return linked, findings


def change_findings(changes: list[Change], meeting: int | None) -> list[Finding]:
    """Return changes nothing explains and changes whose prior text is unknown.

    Called once the changes are labelled, so that the messages name them as the handout does
    (【追加②】, not 【追加】).
    """
    return [*_unexplained(changes, meeting), *_unknown_prior(changes, meeting)]


def _unexplained(changes: list[Change], meeting: int | None) -> list[Finding]:
    return [
        unexplained_finding(_describe(change), change.id, meeting)
        for change in changes
        if not change.explained
    ]


def _opinion_findings(
    changes: list[Change],
    record: Revision | None,
    opinions: OpinionSet | None,
    meeting: int | None,
) -> list[Finding]:
    findings: list[Finding] = []
    known = {opinion.id for opinion in opinions.opinions} if opinions else set()
    linked = {opinion_id for change in changes for opinion_id in change.opinions}
    for declared in record.changes if record and opinions is not None else ():
        for opinion_id in declared.opinions:
            if opinion_id not in known:
                findings.append(
                    Finding(
                        "unknown-opinion",
                        Level.ERROR,
                        Msg(
                            f"変更記録 {declared.id} が存在しない意見 {opinion_id} を挙げています",
                            f"the record's change {declared.id} cites an unknown opinion "
                            f"{opinion_id}",
                        ),
                        Msg("意見の id を確認してください。", "check the opinion id."),
                        subjects=(declared.id, opinion_id),
                        meeting=meeting,
                    )
                )
    for number, opinion in enumerate(opinions.opinions if opinions else (), start=1):
        if opinion.disposition is Disposition.UNDECIDED:
            findings.append(undisposed_finding(number, opinion, meeting))
        elif opinion.disposition in _REFLECTING and opinion.id not in linked:
            findings.append(
                Finding(
                    "reflected-without-change",
                    Level.ERROR,
                    Msg(
                        f"意見{number}({opinion.id})は「{opinion.disposition.value}」ですが、"
                        "この意見による変更がありません",
                        f"opinion {number} ({opinion.id}) is disposed "
                        f"{opinion.disposition.value} but caused no change",
                    ),
                    Msg(
                        "変更記録でこの意見を変更に結び付けるか、disposition を直してください。",
                        "link it to its change in the revision record, or fix the disposition.",
                    ),
                    subjects=(opinion.id,),
                    meeting=meeting,
                )
            )
    return findings


def _unknown_prior(changes: list[Change], meeting: int | None) -> list[Finding]:
    return [
        Finding(
            "unknown-prior-text",
            Level.INFO,
            Msg(
                f"{_describe(change)}: 改訂前の文言が不明です(資料に示されていない)",
                f"{_describe(change)}: the text before the change is unknown",
            ),
            Msg(
                "改訂前の草案に文言が分かれば、text に書くと見え消しで示せます。",
                "if the old wording is known, write it in the old draft to show it struck out.",
            ),
            subjects=(change.id,),
            meeting=meeting,
        )
        for change in changes
        if change.prior_unknown
    ]


def _broken_reposts(plan: Plan) -> list[tuple[Statement, str, Statement | None]]:
    """Return the re-listings of ``plan`` whose original is gone (None) or reads differently."""
    plan_index = PlanIndex.of(plan)
    broken: list[tuple[Statement, str, Statement | None]] = []
    for statement in plan_index.reposts:
        of = statement.repost.of if statement.repost is not None else None
        if of is None:
            continue
        located = plan_index.by_id.get(of)
        original = located.node if located is not None else None
        if type(original) is not Statement:
            broken.append((statement, of, None))
        elif original.text != statement.text:
            broken.append((statement, of, original))
    return broken


def repost_findings(plan: Plan, meeting: int | None) -> list[Finding]:
    """Return re-listings (再掲) whose original is gone or reads differently."""
    findings = []
    for statement, of, original in _broken_reposts(plan):
        if original is None:
            findings.append(
                Finding(
                    "repost-orphaned",
                    Level.ERROR,
                    Msg(
                        f"再掲 {statement.id} の元の記述 {of} がありません",
                        f"the re-listing {statement.id} points at {of}, which is gone",
                    ),
                    Msg(
                        "元の記述を削除したなら、再掲も削除してください。",
                        "if the original was deleted, delete the re-listing too.",
                    ),
                    subjects=(statement.id,),
                    meeting=meeting,
                )
            )
        else:
            findings.append(
                Finding(
                    "repost-out-of-sync",
                    Level.ERROR,
                    Msg(
                        f"再掲 {statement.id} の文言が元の記述 {original.id} と違います",
                        f"the re-listing {statement.id} reads differently from its original "
                        f"{original.id}",
                    ),
                    Msg(
                        "元の記述に合わせて再掲の文言を直してください。",
                        "make the re-listing read as its original.",
                    ),
                    subjects=(statement.id, original.id),
                    meeting=meeting,
                )
            )
    return findings


def label_findings(changes: list[Change], meeting: int | None) -> list[Finding]:
    """Return declared labels that differ from the computed ones."""
    findings = []
    for change in changes:
        declared = change.record.label if change.record else None
        if declared is not None and declared != change.label:
            findings.append(
                Finding(
                    "label-mismatch",
                    Level.WARNING,
                    Msg(
                        f"{change.target}: 変更記録のラベル「{declared}」は、番号の付け方の規則では"
                        f"「{change.label}」です",
                        f"{change.target}: the record's label {declared} should be {change.label} "
                        "by the numbering rule",
                    ),
                    Msg(
                        "label を消せば自動で付番されます。",
                        "remove the label to have it numbered automatically.",
                    ),
                    subjects=(change.id,),
                    meeting=meeting,
                )
            )
    return findings
