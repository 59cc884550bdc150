"""What changed between two paired nodes: their attributes diffed one by one.

Texts are diffed word by word (:func:`planrev.comparison.text.diff_text`), other values as whole
values; a change whose text diffs only insert (only delete) is an addition (a deletion) of words.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from operator import attrgetter

from planrev.comparison.result import AttributeDiff
from planrev.comparison.text import Op, TextSpan, classify_difference, diff_text
from planrev.model import (
    ChangeKind,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Pillar,
    Section,
    Statement,
)
from planrev.model.walk import Node

__all__ = ["COMPARED", "LEAVES", "classify", "diff_nodes", "nature", "same_attributes"]


def _value(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def _value_spans(old: str | None, new: str | None) -> tuple[TextSpan, ...]:
    if old is None and new is None:
        return ()
    if old is None:
        return (TextSpan(Op.INSERT, new),) if new else ()
    if new is None:
        return (TextSpan(Op.DELETE, old),) if old else ()
    return diff_text(old, new)


def _attributes(node: Node) -> list[tuple[str, object]]:
    if isinstance(node, Statement):
        repost = None
        if node.repost is not None:
            repost = node.repost.of or node.repost.source
        return [
            ("text", node.text),
            ("kind", node.kind),
            ("bullet", node.bullet),
            ("repost", repost),
        ]
    if isinstance(node, Note):
        return [("text", node.text)]
    if isinstance(node, Footnote):
        return [("mark", node.mark), ("text", node.text)]
    if isinstance(node, KpiRow):
        return [
            ("indicator", node.indicator),
            ("unit", node.unit),
            ("baseline", node.baseline),
            ("target", node.target),
        ]
    if isinstance(node, KpiTable):
        return [
            ("title", node.title),
            ("baseline_year", node.baseline_year),
            ("target_year", node.target_year),
        ]
    return [("title", node.title), ("omitted", node.omitted)]


COMPARED: dict[type, Callable[[Node], object]] = {
    Statement: attrgetter("text", "kind", "bullet", "repost"),
    Note: attrgetter("text"),
    Footnote: attrgetter("mark", "text"),
    KpiRow: attrgetter("indicator", "unit", "baseline", "target"),
    KpiTable: attrgetter("title", "baseline_year", "target_year"),
    Pillar: attrgetter("title", "omitted"),
    Field: attrgetter("title", "omitted"),
    Section: attrgetter("title", "omitted"),
}
"""What :func:`_attributes` reads of each node type, read in one call (the raw ``repost``: equal
reposts give equal attributes)."""

LEAVES: frozenset[type] = frozenset((Statement, Note, Footnote, KpiRow))
"""Node types holding no other node: equal fields (pydantic keeps them in ``__dict__``) mean equal
attributes, and two dicts compare in C."""


def same_attributes(old: Node, new: Node) -> bool:
    """Return True if two nodes have the same attributes; False if they may differ."""
    node_class = type(new)
    if node_class is not type(old):
        return False
    if node_class in LEAVES:
        return old.__dict__ == new.__dict__
    compared = COMPARED.get(node_class)
    return compared is not None and compared(old) == compared(new)


def diff_nodes(old: Node, new: Node) -> tuple[list[AttributeDiff], bool]:
    """Return the attribute diffs of two paired nodes, and whether the old text is unknown."""
    if same_attributes(old, new):
        return [], False
    diffs = []
    prior_unknown = False
    for (name, old_value), (_, new_value) in zip(_attributes(old), _attributes(new), strict=True):
        if old_value == new_value:
            continue
        old_text, new_text = _value(old_value), _value(new_value)
        if name == "text" and old_text is None and isinstance(old, Statement):
            prior_unknown = True
            diffs.append(AttributeDiff(name, None, new_text, ()))
            continue
        if name == "text" and new_text is None:
            diffs.append(AttributeDiff(name, old_text, None, ()))
            continue
        diffs.append(AttributeDiff(name, old_text, new_text, _value_spans(old_text, new_text)))
    return diffs, prior_unknown


def classify(diffs: Iterable[AttributeDiff]) -> ChangeKind:
    inserts = deletes = False
    for diff in diffs:
        if not diff.textual or not diff.spans:
            return ChangeKind.MODIFY
        inserts |= any(span.op is Op.INSERT for span in diff.spans)
        deletes |= any(span.op is Op.DELETE for span in diff.spans)
    if inserts and not deletes:
        return ChangeKind.ADD
    if deletes and not inserts:
        return ChangeKind.DELETE
    return ChangeKind.MODIFY


def nature(diffs: list[AttributeDiff]) -> str:
    natures = {
        classify_difference(diff.old, diff.new)
        for diff in diffs
        if diff.textual and diff.old is not None and diff.new is not None
    }
    if len(natures) == 1 and len(natures) == len(diffs):
        return natures.pop()
    return "text"
