"""Markers → change records, and the ★意見 tables' labels → links from changes to opinions.

A label in an opinion table (``追加①``) names the marker of that label within the table's part of
the plan (its scope). A label found only elsewhere is linked with a warning; a label that names
no marker, or several, is reported.
"""

from __future__ import annotations

from collections.abc import Sequence

from planrev.i18n import Msg
from planrev.importers.base import Findings
from planrev.importers.marked.lexer import MarkedOpinion
from planrev.importers.marked.union import Change, MarkedNode, MarkedStatement
from planrev.importers.tree import Node, PlanTree
from planrev.model import ChangeKind, ChangeRecord, Disposition, Opinion, Span

__all__ = ["changes_in_order", "link_opinions", "opinion_models"]


def changes_in_order(tree: PlanTree) -> list[Change]:
    """Return every change: the plan's statements', then each node's and its statements'."""
    found: list[Change] = []

    def of_blocks(items: list[object]) -> None:
        for block in items:
            if isinstance(block, MarkedStatement):
                found.extend(sorted(block.changes, key=lambda c: c.offset))

    of_blocks(list(tree.blocks))
    for node in tree.walk():
        if isinstance(node, MarkedNode):
            found.extend(node.changes)
        of_blocks(list(node.blocks))
    return found


def _within(change: Change, scope: Node) -> bool:
    """Return whether ``change`` is in ``scope`` or below it."""
    owner = change.owner
    if isinstance(owner, MarkedNode):
        return scope in owner.ancestors()
    container = owner.container if owner is not None else None
    return container is not None and scope in container.ancestors()


def link_opinions(
    changes: list[Change],
    opinions: list[MarkedOpinion],
    findings: Findings,
    kpi_labels: Sequence[tuple[str, Node | None]] = (),
) -> tuple[ChangeRecord, ...]:
    """Link each change to the opinions whose labels name it; return the change records.

    ``kpi_labels`` are the labels of markers in KPI tables, with the node holding each table:
    a label that names one of them within the opinion table's scope names a KPI change, which
    the revision record does not hold; it is reported, not linked to a marker elsewhere.
    """
    by_label: dict[str | None, list[Change]] = {}
    for change in changes:
        by_label.setdefault(change.label, []).append(change)
    for opinion in opinions:
        scope = opinion.scope
        for label, line, column in opinion.row.labels:
            anywhere = by_label.get(label, [])
            within = [c for c in anywhere if scope is None or _within(c, scope)]
            if not within and any(
                name == label
                and (scope is None or (node is not None and scope in node.ancestors()))
                for name, node in kpi_labels
            ):
                findings.add(
                    "label-kpi",
                    Msg(
                        f"ラベル「{label}」は KPI の表の変更です。KPI の変更は変更記録に入れないため、"
                        "意見は変更に結び付けていません",
                        f"label '{label}' names a change in a KPI table; KPI changes are not in "
                        "the revision record, so the opinion is not linked to a change",
                    ),
                    line,
                    column,
                    hint=Msg(
                        "planrev diff で KPI の変更を確かめ、変更記録に意見とのリンクを書いてください。",
                        "review the KPI change with planrev diff and link the opinion to it in the "
                        "revision record.",
                    ),
                )
                continue
            if not within:
                if len(anywhere) == 1:
                    within = anywhere
                    findings.add(
                        "label-outside-scope",
                        Msg(
                            f"ラベル「{label}」のマーカーはこの意見の表の範囲の外にあります。"
                            "そのマーカーに結び付けました",
                            f"the marker of label '{label}' lies outside this opinion "
                            "table's part of the plan; linked to it",
                        ),
                        line,
                        column,
                    )
                else:
                    findings.add(
                        "label-unknown",
                        Msg(
                            f"ラベル「{label}」に当たるマーカー【{label}】が見つかりません。"
                            "意見は変更に結び付けていません",
                            f"no marker 【{label}】 matches label '{label}'; the opinion is "
                            "not linked to a change",
                        ),
                        line,
                        column,
                    )
                    continue
            if len(within) > 1:
                findings.add(
                    "label-repeated",
                    Msg(
                        f"ラベル「{label}」のマーカーが{len(within)}か所あります。すべてに結び付けました",
                        f"label '{label}' is used by {len(within)} markers; linked to all",
                    ),
                    line,
                    column,
                    hint=Msg(
                        "同じ範囲に同じ種類の変更が複数あるときは 追加①、追加② のように番号を付けます。",
                        "number several changes of one kind in one part: 追加①, 追加②.",
                    ),
                )
            for change in within:
                if opinion not in change.opinions:
                    change.opinions.append(opinion)
    records = []
    for change in changes:
        owner = change.owner
        assert owner is not None
        span = None
        if not change.whole and change.start is not None and isinstance(owner, MarkedStatement):
            text = owner.old_text if change.kind is ChangeKind.DELETE else owner.text
            if text is not None:
                span = Span(start=change.start, end=change.end)
        records.append(
            ChangeRecord(
                id=change.id,
                kind=change.kind,
                target=owner.id,
                label=change.label,
                opinions=tuple(o.id for o in change.opinions),
                reason=change.reason or None,
                span=span,
            )
        )
    return tuple(records)


def opinion_models(tree: PlanTree, opinions: list[MarkedOpinion]) -> tuple[Opinion, ...]:
    """Return the opinions in plan order of their scopes (the plan's own first).

    An opinion placed in a part only the old draft has belongs to the nearest part the new draft
    still has.
    """
    order = {id(node): n for n, node in enumerate(tree.walk())}
    ranked = sorted(
        enumerate(opinions),
        key=lambda item: (
            order.get(id(item[1].scope), -1) if item[1].scope is not None else -1,
            item[0],
        ),
    )
    result = []
    for _, opinion in ranked:
        scope = opinion.scope
        while scope is not None and scope.presence == "old":
            scope = scope.parent
        result.append(
            Opinion(
                id=opinion.id,
                text=opinion.text,
                channel=opinion.channel,
                scope=scope.id if scope is not None else None,
                disposition=Disposition.REFLECTED if opinion.row.labels else Disposition.UNDECIDED,
            )
        )
    return tuple(result)
