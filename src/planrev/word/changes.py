"""The two drafts and their units → the revision: one change per changed statement, heading or
KPI row, who made it and when, and the comments as opinion candidates.

A statement or heading is added when only the new draft has it, deleted when only the old one
does, modified when its texts differ (its span covers the tracked insertions and deletions). A
KPI table's rows are compared cell by cell. Changes inside a node added or deleted as a whole
fold into that node's change. A comment is a candidate opinion of the changes its range covers;
a label it starts with (``追加① ← 意見1: …``, as planrev writes them) names its change.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any

from planrev.diagnostics import Level
from planrev.i18n import Msg
from planrev.model import ChangeKind, ChangeRecord, Plan, Span, Statement, index
from planrev.model.base import ID_PATTERN
from planrev.word.document import RunStatus, TaggedRun, WordDocument
from planrev.word.report import ChangeSource, Collector, CommentCandidate
from planrev.word.tables import table_header
from planrev.word.units import Placed, TableItem, UnitItem

__all__ = ["apply_comment_labels", "candidates", "fold_whole_nodes", "record_changes"]

_ID_RE = re.compile(ID_PATTERN)
_LABEL_IN_COMMENT = re.compile(
    r"^\s*【?(追加|修正|削除|分割|統合|移動)((?:[①-⑳㉑-㉟㊱-㊿]|\(\d+\))?)】?\s*(?:←|<-|:|：|$)"
)


def _kind_and_span(
    runs: Sequence[TaggedRun], old_text: str, new_text: str, statement: bool
) -> tuple[ChangeKind, Span | None]:
    old_pos = new_pos = 0
    inserted = deleted = False
    new_first: int | None = None
    new_last = 0
    old_first: int | None = None
    old_last = 0
    for run in runs:
        size = len(run.text)
        if run.status is RunStatus.EQUAL:
            old_pos += size
            new_pos += size
        elif run.status is RunStatus.INSERT:
            inserted = inserted or size > 0
            new_first = new_pos if new_first is None else new_first
            new_pos += size
            new_last = new_pos
        else:
            deleted = deleted or size > 0
            old_first = old_pos if old_first is None else old_first
            old_pos += size
            old_last = old_pos
            new_first = new_pos if new_first is None else new_first
            new_last = max(new_last, new_pos)
    if inserted and not deleted:
        kind = ChangeKind.ADD
    elif deleted and not inserted:
        kind = ChangeKind.DELETE
    else:
        kind = ChangeKind.MODIFY
    if not statement:
        return kind, None
    if kind is ChangeKind.DELETE and old_first is not None:
        return kind, Span(start=old_first, end=old_last)
    if new_first is not None and new_last <= len(new_text):
        return kind, Span(start=new_first, end=new_last)
    return kind, None


def _who(runs: Iterable[TaggedRun]) -> tuple[list[str], list[_dt.datetime]]:
    authors: list[str] = []
    dates: list[_dt.datetime] = []
    for run in runs:
        if run.status is RunStatus.EQUAL:
            continue
        if run.author and run.author not in authors:
            authors.append(run.author)
        if run.date is not None:
            dates.append(run.date)
    return authors, dates


def record_changes(
    items: Sequence[UnitItem],
    placements: dict[int, tuple[Placed | None, Placed | None]],
    old_plan: Plan,
    new_plan: Plan,
    report: Collector,
) -> tuple[list[ChangeRecord], list[ChangeSource], dict[int, str]]:
    old_nodes = index(old_plan)
    new_nodes = index(new_plan)
    changes: list[ChangeRecord] = []
    sources: list[ChangeSource] = []
    node_of_paragraph: dict[int, str] = {}

    def record(
        target: str,
        kind: ChangeKind,
        span: Span | None,
        runs: Iterable[TaggedRun],
        paragraphs: Sequence[int],
        *,
        marks: Iterable[tuple[str | None, _dt.datetime | None]] = (),
    ) -> None:
        change_id = f"c-{target}"
        changes.append(ChangeRecord(id=change_id, kind=kind, target=target, span=span))
        authors, dates = _who(runs)
        for author, date in marks:
            if author and author not in authors:
                authors.append(author)
            if date is not None:
                dates.append(date)
        sources.append(
            ChangeSource(
                change_id,
                tuple(authors),
                min(dates) if dates else None,
                max(dates) if dates else None,
                tuple(paragraphs),
            )
        )

    for position, item in enumerate(items):
        if isinstance(item, TableItem):
            _table_changes(item, old_nodes, new_nodes, record, node_of_paragraph)
            continue
        for number in item.paragraphs:
            node_of_paragraph[number] = item.id
        old, new = placements[position]
        in_old = item.id in old_nodes
        in_new = item.id in new_nodes
        all_runs = list(item.runs if item.runs is not None else item.all_runs)
        marks = [
            (side.source.paragraph.mark_author, side.source.paragraph.mark_date)
            for side in (item.old, item.new)
            if side is not None and side.source.paragraph.mark is not RunStatus.EQUAL
        ]
        paragraph = (item.new or item.old).source.paragraph  # type: ignore[union-attr]
        if not in_old and not in_new:
            for placed in (old, new):
                if (
                    placed is not None
                    and placed.role in ("title", "label")
                    and old
                    and new
                    and old.text != new.text
                ):
                    report.warn(
                        "unrecorded-change",
                        Msg(
                            "表題・見出し語の変更は変更記録に入りません",
                            "changes to the title or to a label are not recorded as changes",
                        ),
                        placed.paragraph,
                    )
            continue
        if in_new != in_old:
            if (item.old if in_new else item.new) is not None:
                report.warn(
                    "role-changed",
                    Msg(
                        "旧版と新版で段落の種類(見出し・記述)が異なります",
                        "the paragraph is a different kind of node in the old and new text",
                    ),
                    paragraph,
                )
            kind = ChangeKind.ADD if in_new else ChangeKind.DELETE
            record(item.id, kind, None, all_runs, item.paragraphs, marks=marks)
            continue
        if item.old is None or item.new is None:  # pragma: no cover - ids are unique per unit
            continue
        if item.old.text == item.new.text:
            if any(run.status is not RunStatus.EQUAL for run in all_runs):
                report.warn(
                    "no-net-change",
                    Msg(
                        "変更履歴はありますが、変更前後で文字が同じため変更として記録しません",
                        "tracked changes leave the text as it was; no change is recorded",
                    ),
                    paragraph,
                    Level.INFO,
                )
            continue
        is_statement = isinstance(new_nodes[item.id].node, Statement)
        if item.runs is None:
            record(item.id, ChangeKind.MODIFY, None, all_runs, item.paragraphs, marks=marks)
            continue
        kind, span = _kind_and_span(item.runs, item.old.text, item.new.text, is_statement)
        if (
            kind is ChangeKind.DELETE
            and span is not None
            and span.end is not None
            and span.end > len(item.old.text)
        ):
            span = None
        record(item.id, kind, span, item.runs, item.paragraphs, marks=marks)
    return changes, sources, node_of_paragraph


def _table_changes(
    item: TableItem,
    old_nodes: dict[str, Any],
    new_nodes: dict[str, Any],
    record: Any,
    node_of_paragraph: dict[int, str],
) -> None:
    table, table_id = item.table, item.id
    in_old, in_new = table_id in old_nodes, table_id in new_nodes
    if not in_old and not in_new:
        return
    numbers = [p.number for row in table.rows for cell in row.cells for p in cell]
    for number in numbers:
        node_of_paragraph[number] = table_id
    runs_of = {
        row.number: [run for cell in row.cells for p in cell for run in p.runs]
        for row in table.rows
    }
    if in_new != in_old:
        kind = ChangeKind.ADD if in_new else ChangeKind.DELETE
        runs = [run for row in table.rows for run in runs_of[row.number]]
        rows = [(row.author, row.date) for row in table.rows if row.status is not RunStatus.EQUAL]
        record(table_id, kind, None, runs, numbers, marks=rows)
        return
    old_table = old_nodes[table_id].node
    new_table = new_nodes[table_id].node
    if (old_table.baseline_year, old_table.target_year) != (
        new_table.baseline_year,
        new_table.target_year,
    ):
        header = table_header(table, "new")
        runs = runs_of[header.number] if header is not None else []
        cells = [p.number for cell in header.cells for p in cell] if header is not None else []
        record(table_id, ChangeKind.MODIFY, None, runs, cells)
    for row in table.rows:
        row_id = item.row_ids.get(row.number, f"{table_id}-r{row.number}")
        cell_numbers = [p.number for cell in row.cells for p in cell]
        if row_id in old_nodes or row_id in new_nodes:
            for number in cell_numbers:
                node_of_paragraph[number] = row_id
        old_row = old_nodes.get(row_id)
        new_row = new_nodes.get(row_id)
        mark = [(row.author, row.date)] if row.status is not RunStatus.EQUAL else []
        runs = runs_of[row.number]
        if old_row is None and new_row is None:
            continue
        if old_row is None:
            record(row_id, ChangeKind.ADD, None, runs, cell_numbers, marks=mark)
        elif new_row is None:
            record(row_id, ChangeKind.DELETE, None, runs, cell_numbers, marks=mark)
        else:
            before = old_row.node.model_dump(exclude={"id"})
            after = new_row.node.model_dump(exclude={"id"})
            if before == after:
                continue
            inserted = any(run.status is RunStatus.INSERT for run in runs)
            deleted = any(run.status is RunStatus.DELETE for run in runs)
            kind = (
                ChangeKind.ADD
                if inserted and not deleted
                else ChangeKind.DELETE
                if deleted and not inserted
                else ChangeKind.MODIFY
            )
            record(row_id, kind, None, runs, cell_numbers, marks=mark)


def fold_whole_nodes(
    changes: Sequence[ChangeRecord],
    sources: Sequence[ChangeSource],
    old_plan: Plan,
    new_plan: Plan,
) -> tuple[list[ChangeRecord], list[ChangeSource], dict[str, str]]:
    """Drop the changes of nodes inside a pillar, field or section added (deleted) as a whole.

    The comparison counts everything inside an added section as part of that one addition (as
    the handout marks only its heading), so a record for each node inside would match nothing.
    Their Word paragraphs, authors and dates go to the enclosing change; returns the changes,
    their sources, and the change id each folded node now belongs to.
    """
    old_nodes, new_nodes = index(old_plan), index(new_plan)
    whole = {
        change.target: change
        for change in changes
        if (change.kind is ChangeKind.ADD and change.target not in old_nodes)
        or (change.kind is ChangeKind.DELETE and change.target not in new_nodes)
    }
    folded: dict[str, str] = {}
    for change in changes:
        if change.target not in whole:
            continue
        nodes = old_nodes if change.kind is ChangeKind.DELETE else new_nodes
        located = nodes.get(change.target)
        if located is None:
            continue
        for parent in located.parents:  # outermost first: fold into the outermost addition
            enclosing = whole.get(parent.id)
            if enclosing is not None and enclosing.kind is change.kind:
                folded[change.id] = enclosing.id
                break
    by_id = {source.change_id: source for source in sources}
    for inner, outer in folded.items():
        source, into = by_id[inner], by_id[outer]
        dates = [d for d in (source.first, source.last, into.first, into.last) if d is not None]
        by_id[outer] = replace(
            into,
            authors=tuple(dict.fromkeys((*into.authors, *source.authors))),
            first=min(dates) if dates else None,
            last=max(dates) if dates else None,
            paragraphs=tuple(sorted({*into.paragraphs, *source.paragraphs})),
        )
    targets = {change.id: change.target for change in changes}
    return (
        [change for change in changes if change.id not in folded],
        [by_id[source.change_id] for source in sources if source.change_id not in folded],
        {targets[inner]: outer for inner, outer in folded.items()},
    )


def _comment_id(raw: str, used: set[str]) -> str:
    candidate = f"w-comment-{raw}"
    if not _ID_RE.match(candidate) or candidate in used:
        candidate = f"w-comment-n{len(used) + 1}"
    used.add(candidate)
    return candidate


def candidates(
    document: WordDocument,
    *,
    changes: Sequence[ChangeRecord],
    folded: dict[str, str],
    node_of_paragraph: dict[int, str],
    old_plan: Plan,
    new_plan: Plan,
    report: Collector,
) -> tuple[CommentCandidate, ...]:
    change_of = {**folded, **{change.target: change.id for change in changes}}
    old_nodes = index(old_plan)
    new_nodes = index(new_plan)
    used: set[str] = set()
    out: list[CommentCandidate] = []
    for comment in document.comments:
        nodes: list[str] = []
        for number in comment.paragraphs:
            node_id = node_of_paragraph.get(number)
            if node_id is not None and node_id not in nodes:
                nodes.append(node_id)
        # A comment on a KPI cell concerns its row, and a change of the whole table covers it.
        change_ids: list[str] = []
        for node_id in nodes:
            for candidate_target in (node_id, node_id.rsplit("-r", 1)[0]):
                change_id = change_of.get(candidate_target)
                if change_id is not None and change_id not in change_ids:
                    change_ids.append(change_id)
                    break
        scope: str | None = None
        for node_id in nodes:
            located = new_nodes.get(node_id) or old_nodes.get(node_id)
            if located is not None and located.container is not None:
                container = located.container.id
                if container in new_nodes:
                    scope = container
                    break
        if not comment.paragraphs:
            report.warn(
                "comment-unanchored",
                Msg(
                    f"コメント {comment.id}({comment.author or '作成者不明'})は本文のどこにも付いていません",
                    f"comment {comment.id} ({comment.author or 'unknown author'}) is not anchored "
                    "in the text",
                ),
                number=None,
            )
        match = _LABEL_IN_COMMENT.match(comment.text)
        label = f"{match.group(1)}{match.group(2)}" if match else None
        out.append(
            CommentCandidate(
                opinion_id=_comment_id(comment.id, used),
                comment=comment,
                change_ids=tuple(change_ids),
                node_ids=tuple(nodes),
                scope=scope,
                label=label,
            )
        )
    return tuple(out)


def apply_comment_labels(
    changes: list[ChangeRecord], candidates: Sequence[CommentCandidate], report: Collector
) -> list[ChangeRecord]:
    """Take labels such as 追加① from comments written as ``追加① ← 意見1: …`` (planrev's own)."""
    labels: dict[str, str] = {}
    for candidate in candidates:
        if candidate.label is None or len(candidate.change_ids) != 1:
            continue
        change_id = candidate.change_ids[0]
        labels.setdefault(change_id, candidate.label)
    out = []
    for change in changes:
        label = labels.get(change.id)
        if label is not None and not label.startswith(change.kind.value):
            report.warn(
                "label-kind",
                Msg(
                    f"コメントのラベル「{label}」が変更の種類({change.kind.value})と合わないため使いません",
                    f"the comment's label '{label}' does not match the change's kind "
                    f"({change.kind.value}) and is not used",
                ),
                number=None,
            )
            label = None
        out.append(change.model_copy(update={"label": label}) if label else change)
    return out
