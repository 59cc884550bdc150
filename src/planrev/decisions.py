"""Record the secretariat's decisions on a revision record and its opinions.

Pure functions returning new models, for scripts and for the command line working on the files of
a drafts folder (:class:`planrev.edit.Editor` records the same while it edits a draft):

>>> revision = declare(revision, compare(old, new, revision), "talent-2")  # if undeclared
>>> revision = explain(revision, "talent-2", because="op-4-1", opinions=opinions, draft=new)
>>> opinions = decide(opinions, "op-4-1", "反映", response="ご意見を踏まえ、記述を修正しました。")
>>> for finding in missing(revision, opinions):
...     print(finding)

Every argument is checked before anything is built: a wrong one raises
:class:`planrev.errors.EditError` and the models passed in are, as always, unchanged.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from planrev.audit.opinions import empty_response_finding
from planrev.comparison.linking import describe, undisposed_finding, unexplained_finding
from planrev.diagnostics import Finding
from planrev.errors import EditError
from planrev.i18n import Msg
from planrev.model import (
    ID_PATTERN,
    ChangeKind,
    ChangeRecord,
    Disposition,
    OpinionSet,
    Plan,
    Revision,
    find,
    fingerprint,
)

if TYPE_CHECKING:
    from planrev.comparison import Comparison

__all__ = [
    "decide",
    "declare",
    "disposition_of",
    "explain",
    "missing",
    "opinion_ids",
    "reason_text",
]

_ID = re.compile(ID_PATTERN)


def opinion_ids(because: str | Iterable[str] | None, known: OpinionSet | None) -> tuple[str, ...]:
    """Return ``because`` as opinion ids: a single string is one id, never its characters.

    Raises :class:`EditError` for anything that is not an id, and for an id ``known`` (when
    given) does not list.
    """
    if because is None:
        return ()
    items = (because,) if isinstance(because, str) else because
    if not isinstance(items, Iterable):
        raise EditError(
            Msg(
                f"because には意見の id(文字列かその並び)を指定してください: {because!r}",
                f"because= takes an opinion id or a list of them, not {because!r}",
            )
        )
    ids = tuple(items)
    for opinion_id in ids:
        if not isinstance(opinion_id, str) or not _ID.match(opinion_id):
            raise EditError(
                Msg(
                    f"because の {opinion_id!r} は意見の id ではありません",
                    f"because= holds {opinion_id!r}, which is not an opinion id",
                ),
                hint=Msg(
                    "id は英数字と _ . - でできた名前です(例: op-4-1)。",
                    "an id is letters, digits, _, . and - (e.g. op-4-1).",
                ),
            )
    if known is not None:
        listed = {opinion.id for opinion in known.opinions}
        for opinion_id in ids:
            if opinion_id not in listed:
                raise EditError(
                    Msg(f"意見 '{opinion_id}' はありません", f"no opinion '{opinion_id}'"),
                    hint=Msg(
                        "because には意見ファイルにある id を指定してください。",
                        "because= takes ids from the opinions file.",
                    ),
                )
    return tuple(dict.fromkeys(ids))


def reason_text(reason: object) -> str | None:
    """Return ``reason`` as a reason: None or empty for none, else the text as written."""
    if reason is None or reason == "":
        return None
    if not isinstance(reason, str):
        raise EditError(
            Msg(
                f"reason には理由の文を指定してください: {reason!r}",
                f"reason= takes the reason as text, not {reason!r}",
            )
        )
    return reason


def disposition_of(value: Disposition | str) -> Disposition:
    """Return ``value`` as a disposition: the enum, its Japanese value (反映) or its English name
    (``reflected``, ``partly``, ``not_reflected``, ``covered``, ``later``, ``undecided``)."""
    if isinstance(value, Disposition):
        return value
    if isinstance(value, str):
        for disposition in Disposition:
            if value in {disposition.value, disposition.name, disposition.name.lower()}:
                return disposition
    choices = "、".join(d.value for d in Disposition)
    names = ", ".join(d.name.lower() for d in Disposition)
    raise EditError(
        Msg(f"対応 {value!r} は選べません", f"unknown disposition {value!r}"),
        hint=Msg(f"次のどれかを指定してください: {choices}", f"use one of: {choices} ({names})"),
    )


def _record(revision: Revision, change: str) -> int:
    """Return the position of the change ``change`` names: a change id, else a target id."""
    for position, record in enumerate(revision.changes):
        if record.id == change:
            return position
    targets = [position for position, r in enumerate(revision.changes) if r.target == change]
    if len(targets) == 1:
        return targets[0]
    if targets:
        ids = ", ".join(revision.changes[position].id for position in targets)
        raise EditError(
            Msg(
                f"'{change}' を対象とする変更が複数あります({ids})",
                f"several changes target '{change}' ({ids})",
            ),
            hint=Msg("変更の id で指定してください。", "name the change by its id."),
        )
    raise EditError(
        Msg(
            f"変更記録に '{change}' という変更(または対象)はありません",
            f"the revision record has no change (or target) '{change}'",
        ),
        hint=Msg(
            "変更の id か、変更された記述の id を指定してください。",
            "give a change id, or the id of the changed node.",
        ),
    )


def declare(revision: Revision, comparison: Comparison, change: str) -> Revision:
    """Return ``revision`` with a record for the computed change ``change`` (its id or target)
    that nothing declares yet, as in a draft edited by hand; ``revision`` itself when every
    change of that name is declared or there is none.

    ``comparison`` is :func:`planrev.compare` of the step's drafts with ``revision``. The record
    gets the change's kind, target and label and no reason (for :func:`explain` to fill in); it
    is placed in document order among the declared ones, which keep their places.
    """
    order: dict[str, int] = {}
    found = None
    for position, computed in enumerate(comparison.changes):
        if computed.record is not None:
            order.setdefault(computed.record.id, position)
        elif found is None and change in {computed.id, computed.target}:
            found = (position, computed)
    if found is None:
        return revision
    position, computed = found
    taken = {record.id for record in revision.changes}
    record_id, suffix = computed.id, 2
    while record_id in taken:
        record_id, suffix = f"{computed.id}-{suffix}", suffix + 1
    record = ChangeRecord(
        id=record_id, kind=computed.kind, target=computed.target, label=computed.label or None
    )
    changes = list(revision.changes)
    at = next(
        (n for n, held in enumerate(changes) if order.get(held.id, len(order) + n) > position),
        len(changes),
    )
    changes.insert(at, record)
    return revision.model_copy(update={"changes": tuple(changes)})


def explain(
    revision: Revision,
    change: str,
    *,
    because: str | Iterable[str] | None = (),
    reason: str | None = None,
    opinions: OpinionSet | None = None,
    draft: Plan | None = None,
) -> Revision:
    """Return ``revision`` with opinions and/or a reason attached to one change.

    ``change`` is a change id, or the id of the node it changed (when one change targets it).
    ``because`` opinion ids are added to the change's own; ``reason`` replaces its reason.
    ``opinions``, when given, is what the ids must name. ``draft`` (the new draft) gives the
    fingerprint of the target's text, recorded with a new opinion link (not for a 削除).
    """
    ids = opinion_ids(because, opinions)
    text = reason_text(reason)
    if not ids and text is None:
        raise EditError(
            Msg("結び付ける意見も理由もありません", "no opinion and no reason to attach"),
            hint=Msg(
                "because='意見の id' か reason='理由' を指定してください。",
                "pass because='opinion id' or reason='…'.",
            ),
        )
    position = _record(revision, change)
    record = revision.changes[position]
    update: dict[str, object] = {"opinions": tuple(dict.fromkeys((*record.opinions, *ids)))}
    if text is not None:
        update["reason"] = text
    if ids and draft is not None and record.kind is not ChangeKind.DELETE:
        located = find(draft, record.target)
        if located is not None:
            update["fingerprint"] = fingerprint(located.node)
    changes = list(revision.changes)
    changes[position] = record.model_copy(update=update)
    return revision.model_copy(update={"changes": tuple(changes)})


def decide(
    opinions: OpinionSet,
    opinion: str,
    disposition: Disposition | str | None = None,
    *,
    response: str | None = None,
) -> OpinionSet:
    """Return ``opinions`` with the disposition (対応) and/or the response (事務局の考え方) of
    one opinion set; None leaves that one as it is."""
    chosen = disposition_of(disposition) if disposition is not None else None
    if response is not None and (not isinstance(response, str) or not response.strip()):
        raise EditError(
            Msg("事務局の考え方が空です", "the response is empty"),
            hint=Msg("考え方の文を指定してください。", "give the secretariat's response as text."),
        )
    if chosen is None and response is None:
        raise EditError(
            Msg("設定する対応も考え方もありません", "no disposition and no response to set"),
            hint=Msg(
                "disposition='反映' や response='…' を指定してください。",
                "pass disposition='反映' or response='…'.",
            ),
        )
    positions = [n for n, item in enumerate(opinions.opinions) if item.id == opinion]
    if not positions:
        raise EditError(
            Msg(f"意見 '{opinion}' はありません", f"no opinion '{opinion}'"),
            hint=Msg(
                "意見ファイルにある id を指定してください。", "use an id of the opinions file."
            ),
        )
    update: dict[str, object] = {}
    if chosen is not None:
        update["disposition"] = chosen
    if response is not None:
        update["response"] = response
    listed = list(opinions.opinions)
    listed[positions[0]] = listed[positions[0]].model_copy(update=update)
    return opinions.model_copy(update={"opinions": tuple(listed)})


def missing(revision: Revision | None, opinions: OpinionSet | None) -> list[Finding]:
    """Return what is still to be filled in: changes with no opinion and no reason
    (``unexplained-change``), opinions with no disposition (``undisposed-opinion``) and opinions
    decided but with no response (``empty-response``, the audit's own check), in the order of the files."""
    findings: list[Finding] = []
    if revision is not None:
        findings.extend(
            unexplained_finding(
                describe(record.label, record.kind, record.target), record.id, revision.new
            )
            for record in revision.changes
            if not record.opinions and not record.reason
        )
    meeting = opinions.meeting if opinions is not None else None
    for number, opinion in enumerate(opinions.opinions if opinions is not None else (), start=1):
        if opinion.disposition is Disposition.UNDECIDED:
            findings.append(undisposed_finding(number, opinion, meeting))
        else:
            empty = empty_response_finding(number, opinion, meeting)
            if empty is not None:
                findings.append(empty)
    return findings
