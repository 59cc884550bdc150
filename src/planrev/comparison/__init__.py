"""Comparing drafts: word-level text diffs and structural comparison with labels and links."""

from __future__ import annotations

from planrev.comparison.labels import circled, label_changes
from planrev.comparison.result import (
    AttributeDiff,
    Change,
    Comparison,
    Move,
    NodeType,
    Renumbering,
    redline,
)
from planrev.comparison.structure import compare
from planrev.comparison.text import (
    Difference,
    Op,
    TextSpan,
    classify_difference,
    diff_text,
    new_text,
    old_text,
)

__all__ = [
    "AttributeDiff",
    "Change",
    "Comparison",
    "Difference",
    "Move",
    "NodeType",
    "Op",
    "Renumbering",
    "TextSpan",
    "circled",
    "classify_difference",
    "compare",
    "diff_text",
    "label_changes",
    "new_text",
    "old_text",
    "redline",
]
