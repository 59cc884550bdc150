"""The audit's checks of opinions: answers that say nothing, links that contradict the answer,
and links to be re-confirmed.

- ``empty-response``: an opinion with a disposition but no 事務局の考え方 (the 意見対応表 would
  print （未記入）);
- ``not-reflected-with-change``: a change citing an opinion answered 反映しない;
- ``suspect-link``: the text an opinion produced (fingerprinted when the link was made) was
  changed again, or deleted, at a later meeting by a change not citing that opinion.

(``undisposed-opinion`` and ``reflected-without-change`` come with each step's comparison.)
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from planrev.audit.lineage import Event, Lineage, changed_lineages
from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg
from planrev.model import Disposition, Opinion, fingerprint

if TYPE_CHECKING:
    from planrev.audit.history import History

__all__ = ["Opinions", "empty_response_finding", "opinion_findings", "suspect_findings"]

_REFLECTING = frozenset({Disposition.REFLECTED, Disposition.PARTLY})


class Opinions:
    """Each meeting's opinions by id: disposition and number (意見1, 意見2 …), looked up once."""

    def __init__(self, history: History) -> None:
        self.dispositions: dict[int, dict[str, Disposition]] = {}
        self.numbers: dict[int, dict[str, int]] = {}
        for meeting in history.meetings:
            opinions = history.opinions(meeting)
            listed = opinions.opinions if opinions is not None else ()
            self.dispositions[meeting] = {o.id: o.disposition for o in listed}
            self.numbers[meeting] = {o.id: n for n, o in enumerate(listed, start=1)}

    def describe(self, meeting: int, opinion_ids: Iterable[str]) -> Msg:
        numbers = self.numbers.get(meeting, {})
        ja = "、".join(f"意見{numbers[o]}({o})" if o in numbers else o for o in opinion_ids)
        en = ", ".join(f"opinion {numbers[o]} ({o})" if o in numbers else o for o in opinion_ids)
        return Msg(ja, en)


def suspect_findings(history: History) -> list[Finding]:
    findings: list[Finding] = []
    opinions = Opinions(history)
    # Only a node some step added or changed has an event that can link an opinion.
    for lineage in changed_lineages(history):
        for event in lineage.events:
            finding = _suspect(history, opinions, lineage, event)
            if finding is not None:
                findings.append(finding)
    return findings


def _suspect(
    history: History, opinions: Opinions, lineage: Lineage, event: Event
) -> Finding | None:
    change = event.change
    if change.new_node is None or not event.opinions:
        return None
    appearance = lineage.at(event.meeting)
    if appearance is None:
        return None
    dispositions = opinions.dispositions.get(event.meeting, {})
    later = [e for e in lineage.events if e.meeting > event.meeting]
    linked = [
        o
        for o in event.opinions
        if dispositions.get(o, Disposition.REFLECTED) in _REFLECTING
        and not any(o in e.opinions for e in later)
    ]
    if not linked:
        return None
    record = change.record
    # A node added with its section (``via``) is text the opinion produced too; the record's
    # fingerprint is the section's, so the node's own text at that meeting is the baseline.
    baseline = (
        record.fingerprint
        if event.via is None and record is not None and record.fingerprint is not None
        else fingerprint(appearance.node)
    )
    deleted = (
        lineage.deleted
        if lineage.deleted is not None and lineage.deleted.meeting > event.meeting
        else None
    )
    if event.via is not None and deleted is not None and deleted.via is not None:
        return None  # deleted with its section: the section's own finding says it
    current = None if deleted is not None else fingerprint(lineage.last.node)
    if deleted is None and current == baseline:
        return None
    node_id = appearance.id
    what = opinions.describe(event.meeting, linked)
    head = Msg(
        f"第{event.meeting}回【{event.label}】{node_id}: {what.ja}を反映した文言が",
        f"meeting {event.meeting} [{event.label}] {node_id}: the text reflecting {what.en}",
    )
    record_file = history.step(event.meeting).revision_file
    file_name = record_file.name if record_file is not None else ""
    record_id = record.id if record is not None else change.id
    if deleted is not None:
        message = Msg(
            f"{head.ja}、第{deleted.meeting}回【{deleted.label}】で削除されています(要再確認)",
            f"{head.en} was deleted at meeting {deleted.meeting} [{deleted.label}] "
            "(suspect: re-confirm)",
        )
        hint = Msg(
            "意見の対応(disposition・事務局の考え方)を見直してください。削除がこの意見に沿う"
            "ものなら、その回の意見ファイルにもこの意見を載せ、削除の変更記録の opinions に"
            "挙げると確認済みになります。",
            "review the opinion's disposition and response. If the deletion follows the "
            "opinion, list the opinion in that meeting's opinions file too and cite it in the "
            "deletion's record: that re-confirms the link.",
        )
    else:
        rewrites = [e for e in later if e.attributes]
        if rewrites:
            where = "、".join(f"第{e.meeting}回【{e.label}】" for e in rewrites)
            where_en = ", ".join(f"meeting {e.meeting} [{e.label}]" for e in rewrites)
            message = Msg(
                f"{head.ja}、その後{where}で変更されています(要再確認)",
                f"{head.en} was changed again at {where_en} (suspect: re-confirm)",
            )
        else:
            message = Msg(
                f"{head.ja}、変更を記録した後に書き換えられています(要再確認)",
                f"{head.en} was rewritten after the link was recorded (suspect: re-confirm)",
            )
        hint = (
            _restate_hint(event.via)
            if event.via is not None
            else Msg(
                f"今の文言が意見の趣旨に沿っているか確認し、沿っていれば {file_name} の変更 "
                f"{record_id} に fingerprint: {current} と書いてください(確認済みになります)。",
                f"check that the current text still answers the opinion; if so, write "
                f"`fingerprint: {current}` in change {record_id} of {file_name} (that re-confirms "
                "the link).",
            )
        )
    return Finding(
        "suspect-link",
        Level.WARNING,
        message,
        hint,
        subjects=(record_id, *linked, node_id),
        meeting=event.meeting,
    )


def _restate_hint(container: str) -> Msg:
    return Msg(
        f"この記述は {container} とともに追加されました。今の文言が意見の趣旨に沿っているか確認し、"
        "沿っていれば、書き換えた回の意見ファイルにもこの意見を載せ、その変更の変更記録の "
        "opinions に挙げると確認済みになります。",
        f"the node was added with {container}. Check that the current text still answers the "
        "opinion; if so, list the opinion in the opinions file of the meeting that rewrote it "
        "and cite it in that change's record: that re-confirms the link.",
    )


def empty_response_finding(number: int, opinion: Opinion, meeting: int | None) -> Finding | None:
    """Return the finding of opinion ``number`` being decided with no response (事務局の考え方),
    or None when it has one or is still undecided (:func:`planrev.comparison.linking.undisposed_finding` says that).

    The one check of ``empty-response``: :func:`opinion_findings` and
    :func:`planrev.decisions.missing` both use it.
    """
    if opinion.disposition is Disposition.UNDECIDED:
        return None
    if opinion.response is not None and opinion.response.strip():
        return None
    return Finding(
        "empty-response",
        Level.ERROR,
        Msg(
            f"意見{number}({opinion.id})は「{opinion.disposition.value}」ですが、"
            "事務局の考え方(response)がありません。意見対応表に（未記入）と出ます",
            f"opinion {number} ({opinion.id}) is disposed "
            f"{opinion.disposition.value} but has no response: the 意見対応表 "
            "would print （未記入）",
        ),
        Msg(
            "response に事務局の考え方を書いてください。",
            "write the secretariat's response under response.",
        ),
        subjects=(opinion.id,),
        meeting=meeting,
    )


def opinion_findings(history: History) -> list[Finding]:
    """Return ``empty-response`` and ``not-reflected-with-change`` findings of every meeting."""
    findings: list[Finding] = []
    for meeting, opinion_set in history.opinion_sets().items():
        for number, opinion in enumerate(opinion_set.opinions, start=1):
            finding = empty_response_finding(number, opinion, meeting)
            if finding is not None:
                findings.append(finding)
    for step in history.steps:
        if step.opinions is None:
            continue
        listed = {o.id: (n, o) for n, o in enumerate(step.opinions.opinions, start=1)}
        for change in step.comparison.changes:
            for opinion_id in change.opinions:
                if opinion_id not in listed:
                    continue  # unknown-opinion says it
                number, opinion = listed[opinion_id]
                if opinion.disposition is not Disposition.NOT_REFLECTED:
                    continue
                record = change.record.id if change.record is not None else change.id
                findings.append(
                    Finding(
                        "not-reflected-with-change",
                        Level.ERROR,
                        Msg(
                            f"【{change.label}】{change.target} は意見{number}({opinion_id})に"
                            "よる変更とされていますが、その意見は「反映しない」です",
                            f"[{change.label}] {change.target} cites opinion {number} "
                            f"({opinion_id}), which is disposed 反映しない (not reflected)",
                        ),
                        Msg(
                            "意見の disposition を直すか、変更記録の opinions からこの意見を"
                            "外してください。",
                            "fix the opinion's disposition, or remove it from the change's "
                            "opinions in the revision record.",
                        ),
                        subjects=(record, opinion_id),
                        meeting=step.new_meeting,
                    )
                )
    return findings
