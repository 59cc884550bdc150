"""Consistency checks on loaded models: unique ids and references that point at something.

Pure functions returning :class:`Problem` values with the path of the offending value in the
data; the storage layer turns a path into a line and column of the file it came from.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Literal

from planrev.errors import DuplicateIdError
from planrev.i18n import Msg
from planrev.model.opinions import OpinionSet
from planrev.model.plan import Field, Pillar, Plan, Section, Statement
from planrev.model.revision import ChangeKind, Revision
from planrev.model.walk import Located, PathPart, collect, find, repeated_ids

ProblemKind = Literal["duplicate", "dangling", "invalid"]


@dataclass(frozen=True, slots=True)
class Problem:
    """One inconsistency, located by its path in the document's data."""

    kind: ProblemKind
    """``duplicate`` (an id used twice), ``dangling`` (a reference to nothing) or ``invalid``."""
    path: tuple[PathPart, ...]
    """Where in the document's data the problem is."""
    message: Msg
    """What is wrong."""
    hint: Msg
    """What to do about it."""


def _duplicates(items: Iterable[tuple[str, tuple[PathPart, ...]]], what: Msg) -> Iterator[Problem]:
    seen: dict[str, tuple[PathPart, ...]] = {}
    for item_id, path in items:
        if item_id in seen:
            yield Problem(
                "duplicate",
                path,
                Msg(
                    f"id '{item_id}' が重複しています({what.ja})",
                    f"duplicate id '{item_id}' ({what.en})",
                ),
                Msg(
                    "id は一意にしてください。片方の id を別の名前に変えてください。",
                    "ids must be unique; rename one of them.",
                ),
            )
        else:
            seen[item_id] = path


def check_plan(plan: Plan) -> list[Problem]:
    """Return every problem inside one draft: repeated ids (only those: no reference can be
    followed then) or 再掲 that point at nothing."""
    try:
        located = collect(plan)
    except DuplicateIdError:
        repeats = repeated_ids(plan)
        firsts = {first.id: first for first, _later in repeats}.values()
        items = [*firsts, *(later for _first, later in repeats)]
        return list(
            _duplicates(((item.id, (*item.path, "id")) for item in items), Msg("草案", "draft"))
        )
    problems: list[Problem] = []
    by_id = {item.id: item for item in located}
    for item in located:
        node = item.node
        if not isinstance(node, Statement) or node.repost is None:
            continue
        repost_path = (*item.path, "repost")
        original = node.repost.of
        if original is not None:
            target = by_id.get(original)
            if target is None or not isinstance(target.node, Statement):
                problems.append(
                    _dangling(
                        (*repost_path, "of"),
                        original,
                        Msg("再掲元の記述", "the re-listed original statement"),
                    )
                )
            elif original == node.id:
                problems.append(
                    Problem(
                        "invalid",
                        (*repost_path, "of"),
                        Msg(
                            f"'{node.id}' が自分自身を再掲しています",
                            f"'{node.id}' re-lists itself",
                        ),
                        Msg(
                            "repost.of には元の記述の id を書いてください。",
                            "set repost.of to the original statement's id.",
                        ),
                    )
                )
        source = node.repost.source
        if source is not None:
            target = by_id.get(source)
            if target is None or not isinstance(target.node, Pillar | Field | Section):
                problems.append(
                    _dangling(
                        (*repost_path, "source"),
                        source,
                        Msg(
                            "再掲元の柱・分野・施策", "the pillar, field or section re-listed from"
                        ),
                    )
                )
    return problems


def _dangling(path: tuple[PathPart, ...], target: str, what: Msg) -> Problem:
    return Problem(
        "dangling",
        path,
        Msg(f"{what.ja}の id '{target}' が見つかりません", f"{what.en} '{target}' does not exist"),
        Msg(
            "id の綴りを確認するか、参照先を追加してください。",
            "check the id's spelling, or add what it refers to.",
        ),
    )


def check_opinions(opinions: OpinionSet) -> list[Problem]:
    """Return repeated opinion ids in one opinions file."""
    return list(
        _duplicates(
            (
                (opinion.id, ("opinions", position, "id"))
                for position, opinion in enumerate(opinions.opinions)
            ),
            Msg("意見", "opinions"),
        )
    )


def check_revision(revision: Revision) -> list[Problem]:
    """Return repeated change ids and impossible meeting numbers in one revision record."""
    problems = list(
        _duplicates(
            (
                (change.id, ("changes", position, "id"))
                for position, change in enumerate(revision.changes)
            ),
            Msg("変更", "changes"),
        )
    )
    if revision.new <= revision.old:
        problems.append(
            Problem(
                "invalid",
                ("new",),
                Msg(
                    f"new ({revision.new}) は old ({revision.old}) より後の回でなければなりません",
                    f"new ({revision.new}) must be a later meeting than old ({revision.old})",
                ),
                Msg(
                    "old に改訂前の回、new に改訂後の回を書いてください。",
                    "write the meeting before the revision in old and the one after it in new.",
                ),
            )
        )
    return problems


def check_opinion_scopes(opinions: OpinionSet, draft: Plan) -> list[Problem]:
    """Return opinions whose ``scope`` names no pillar, field or section of ``draft``."""
    problems = []
    for position, opinion in enumerate(opinions.opinions):
        if opinion.scope is None:
            continue
        target = find(draft, opinion.scope)
        if target is None or not isinstance(target.node, Pillar | Field | Section):
            problems.append(
                _dangling(
                    ("opinions", position, "scope"),
                    opinion.scope,
                    Msg(
                        "意見を載せる柱・分野・施策",
                        "the pillar, field or section listing the opinion",
                    ),
                )
            )
    return problems


def check_revision_links(
    revision: Revision, old: Plan, new: Plan, opinions: OpinionSet | None
) -> list[Problem]:
    """Return changes whose target, opinions or span point at nothing in the drafts."""
    opinion_ids = {opinion.id for opinion in opinions.opinions} if opinions else set()
    problems: list[Problem] = []
    for position, change in enumerate(revision.changes):
        base: tuple[PathPart, ...] = ("changes", position)
        draft = old if change.kind is ChangeKind.DELETE else new
        draft_name = (
            Msg(f"第{revision.old}回の草案", f"the draft of meeting {revision.old}")
            if change.kind is ChangeKind.DELETE
            else Msg(f"第{revision.new}回の草案", f"the draft of meeting {revision.new}")
        )
        target = find(draft, change.target)
        if target is None:
            problems.append(
                _dangling(
                    (*base, "target"),
                    change.target,
                    Msg(f"変更対象({draft_name.ja})", f"the change's target in {draft_name.en}"),
                )
            )
        elif change.span is not None:
            problems.extend(_span_problems(change.span.start, change.span.end, target, base))
        for link_position, opinion_id in enumerate(change.opinions):
            if opinion_id not in opinion_ids:
                problems.append(
                    _dangling(
                        (*base, "opinions", link_position),
                        opinion_id,
                        Msg(f"第{revision.new}回の意見", f"the opinion of meeting {revision.new}"),
                    )
                )
    return problems


def _span_problems(
    start: int, end: int | None, target: Located, base: tuple[PathPart, ...]
) -> list[Problem]:
    text = target.node.text if isinstance(target.node, Statement) else None
    if text is None:
        return [
            Problem(
                "invalid",
                (*base, "span"),
                Msg(
                    f"'{target.id}' は文言を持たない(または不明な)ので span は指定できません",
                    f"'{target.id}' has no known text, so it cannot have a span",
                ),
                Msg(
                    "span を消すか、文言のある記述を target にしてください。",
                    "remove the span, or target a statement with text.",
                ),
            )
        ]
    if start > len(text) or (end is not None and end > len(text)):
        return [
            Problem(
                "invalid",
                (*base, "span"),
                Msg(
                    f"span が '{target.id}' の文言({len(text)}文字)の外を指しています",
                    f"the span lies outside the text of '{target.id}' ({len(text)} characters)",
                ),
                Msg(
                    "start と end は文言の文字数以内にしてください(先頭が0)。",
                    "start and end count characters from 0 and must lie within the text.",
                ),
            )
        ]
    return []
