"""Measures of a comparison on real document pairs: how much it marks, what it fails to pair, and
where its change boundaries fall.

:func:`measure` takes a :class:`~planrev.comparison.Comparison` of two drafts and returns a
:class:`PairMeasure`:

- **marked characters against a character-level minimum.** The comparison marks every
  character of a node added or deleted whole (its subtree included) and every character of the
  changed spans of a node it paired. The minimum is the number of characters a minimal
  character diff of the two whole documents marks (``len(old) + len(new) − 2 × LCS`` of the
  documents' texts, :func:`document_text`): no diff can mark fewer without recognising moves,
  so a comparison that pairs moved text can mark less than it (a ratio under 1). Target ≤ 1.3.
- **similar paragraphs shown as a deletion plus an addition.** Paragraphs (statements, notes,
  footnotes) deleted whole — alone or inside a deleted section — paired one to one with
  paragraphs added whole, when their similarity (``2 × LCS / (len(a) + len(b))`` of their
  characters) is at least 0.9. Target 0: such a paragraph is the same paragraph, moved or
  lightly edited.
- **change boundaries inside words.** Where each run of changes starts and ends in the old and
  the new text of a paired node, checked against the words of a tokenizer given by the caller
  (the benchmark uses SudachiPy, which planrev itself does not use).

Used by ``benchmarks/realdata.py`` and by tests that assert the targets on real pairs.
"""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence, Set
from dataclasses import dataclass, field
from itertools import accumulate

from planrev.comparison import Change, Comparison, Op, TextSpan
from planrev.comparison.text import diff_characters
from planrev.model import Footnote, KpiRow, Note, Plan, Statement, walk
from planrev.model.walk import Node

__all__ = [
    "SIMILAR",
    "PairMeasure",
    "SimilarPair",
    "boundaries_inside_words",
    "change_boundaries",
    "document_text",
    "marked_characters",
    "measure",
    "minimum_marked",
    "node_text",
    "similar_pairs_shown_apart",
    "similarity",
]

SIMILAR = 0.9
"""Two paragraphs at least this similar are the same paragraph (moved or lightly edited)."""

Words = Callable[[str], Iterable[str]]
"""A tokenizer: the words of a text, which joined give the text back."""


def node_text(node: Node) -> str:
    """Return the characters a reader reads for one node (without its children)."""
    if isinstance(node, Statement):
        return node.text or ""
    if isinstance(node, Note):
        return node.text
    if isinstance(node, Footnote):
        return node.mark + node.text
    if isinstance(node, KpiRow):
        return "".join(
            part or "" for part in (node.indicator, node.unit, node.baseline, node.target)
        )
    return node.title  # a heading or a KPI table


def document_text(plan: Plan) -> str:
    """Return the text of every node of ``plan`` in document order, one node a line."""
    return "\n".join(node_text(located.node) for located in walk(plan))


def _marked(spans: Iterable[TextSpan]) -> int:
    return sum(len(span.text) for span in spans if span.op is not Op.EQUAL)


def minimum_marked(old: Plan, new: Plan) -> int:
    """Return the characters a minimal character diff of the two documents marks.

    Line breaks between nodes are not counted (no comparison marks them).
    """
    spans = diff_characters(document_text(old), document_text(new))
    return sum(len(span.text) - span.text.count("\n") for span in spans if span.op is not Op.EQUAL)


def similarity(first: str, second: str) -> float:
    """Return ``2 × LCS / (len(first) + len(second))`` of two texts' characters (1.0: equal)."""
    if not first and not second:
        return 1.0
    common = sum(len(span.text) for span in diff_characters(first, second) if span.op is Op.EQUAL)
    return 2 * common / (len(first) + len(second))


class _Subtrees:
    """The nodes under each node of one draft (a KPI table's rows included)."""

    def __init__(self, plan: Plan) -> None:
        self.nodes: dict[str, Node] = {}
        self._children: dict[str | None, list[str]] = defaultdict(list)
        for entry in walk(plan):
            self.nodes[entry.id] = entry.node
            self._children[entry.holder].append(entry.id)

    def under(self, node_id: str, paired: Set[str] = frozenset()) -> list[Node]:
        """Return the node ``node_id`` and every node under it, in document order, leaving out
        the nodes in ``paired`` and what they hold (changes of their own)."""
        found: list[Node] = []
        stack = [node_id]
        while stack:
            current = stack.pop()
            found.append(self.nodes[current])
            stack.extend(
                child for child in reversed(self._children.get(current, ())) if child not in paired
            )
        return found


def _whole(
    change: Change, old: _Subtrees, new: _Subtrees, paired: tuple[Set[str], Set[str]]
) -> list[Node]:
    """Return the nodes a whole addition or deletion holds (none for a paired node).

    Nodes under it that are paired with a node of the other draft (moved into an added section,
    or out of a deleted one) are not part of it: they are changes (or no change) of their own.
    """
    if change.old_id is None and change.new_id is not None:
        return new.under(change.new_id, paired[1])
    if change.new_id is None and change.old_id is not None:
        return old.under(change.old_id, paired[0])
    return []


def _paired(comparison: Comparison, old: _Subtrees, new: _Subtrees) -> tuple[set[str], set[str]]:
    """Return the ids of the old and the new nodes paired with a node of the other draft."""
    old_ids = {c.old_id for c in comparison.changes if c.old_id and c.new_id}
    new_ids = {c.new_id for c in comparison.changes if c.old_id and c.new_id}
    old_ids.update(old_id for old_id, _ in comparison.renamed)
    new_ids.update(new_id for _, new_id in comparison.renamed)
    gone = {c.old_id for c in comparison.changes if c.new_id is None}
    came = {c.new_id for c in comparison.changes if c.old_id is None}
    # A node under the same id in both drafts is paired unless a change says it was not.
    same = (old.nodes.keys() & new.nodes.keys()) - gone - came
    return old_ids | same, new_ids | same


def marked_characters(comparison: Comparison) -> int:
    """Return the characters the comparison marks as inserted or deleted.

    A node added or deleted whole marks all its text and its subtree's; a paired node marks the
    changed spans of its textual attributes (both values whole when a side is unknown).
    """
    old, new = _Subtrees(comparison.old), _Subtrees(comparison.new)
    paired = _paired(comparison, old, new)
    total = 0
    for change in comparison.changes:
        whole = _whole(change, old, new, paired)
        if whole:
            total += sum(len(node_text(node)) for node in whole)
            continue
        for diff in change.diffs:
            if not diff.textual:
                continue
            if diff.spans:
                total += _marked(diff.spans)
            else:
                total += len(diff.old or "") + len(diff.new or "")
    return total


@dataclass(frozen=True, slots=True)
class SimilarPair:
    """A paragraph deleted whole and a paragraph added whole that read nearly the same."""

    old_id: str
    """The deleted paragraph's id in the old draft."""
    new_id: str
    """The added paragraph's id in the new draft."""
    similarity: float
    """Their similarity (see :func:`similarity`)."""


_PARAGRAPHS = (Statement, Note, Footnote)


def similar_pairs_shown_apart(
    comparison: Comparison, threshold: float = SIMILAR
) -> list[SimilarPair]:
    """Return the paragraphs deleted whole that match a paragraph added whole (one to one).

    Paragraphs are statements, notes and footnotes, also inside a section added or deleted
    whole. Best matches are taken first; only pairs at least ``threshold`` similar count.
    """
    old, new = _Subtrees(comparison.old), _Subtrees(comparison.new)
    paired = _paired(comparison, old, new)
    deleted: list[tuple[str, str]] = []
    added: list[tuple[str, str]] = []
    for change in comparison.changes:
        for node in _whole(change, old, new, paired):
            text = node_text(node)
            if isinstance(node, _PARAGRAPHS) and text:
                (added if change.old_id is None else deleted).append((node.id, text))
    # Similarity ≥ t needs the shorter text to be at least t / (2 − t) of the longer one.
    ratio = threshold / (2 - threshold)
    added.sort(key=lambda item: len(item[1]))
    lengths = [len(text) for _, text in added]
    candidates: list[SimilarPair] = []
    for old_id, old_text in deleted:
        low = bisect.bisect_left(lengths, len(old_text) * ratio)
        high = bisect.bisect_right(lengths, len(old_text) / ratio)
        grams = _bigrams(old_text)
        for new_id, new_text in added[low:high]:
            if _dice(grams, _bigrams(new_text)) < threshold - 0.3:
                continue  # far apart: skip the exact measure
            value = similarity(old_text, new_text)
            if value >= threshold:
                candidates.append(SimilarPair(old_id, new_id, value))
    candidates.sort(key=lambda pair: (-pair.similarity, pair.old_id, pair.new_id))
    taken_old: set[str] = set()
    taken_new: set[str] = set()
    found: list[SimilarPair] = []
    for pair in candidates:
        if pair.old_id in taken_old or pair.new_id in taken_new:
            continue
        taken_old.add(pair.old_id)
        taken_new.add(pair.new_id)
        found.append(pair)
    return found


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _dice(first: set[str], second: set[str]) -> float:
    return 2 * len(first & second) / (len(first) + len(second))


def change_boundaries(spans: Sequence[TextSpan]) -> tuple[list[int], list[int]]:
    """Return where each run of changes starts and ends: offsets in the old text, in the new.

    A run is what lies between two equal spans; each run gives its start and its end on both
    sides (the same offset twice for an insertion point).
    """
    old_marks: list[int] = []
    new_marks: list[int] = []
    old_at = new_at = 0
    start: tuple[int, int] | None = None
    for span in (*spans, TextSpan(Op.EQUAL, "")):
        if span.op is Op.EQUAL:
            if start is not None:
                old_marks += [start[0], old_at]
                new_marks += [start[1], new_at]
                start = None
            old_at += len(span.text)
            new_at += len(span.text)
            continue
        if start is None:
            start = (old_at, new_at)
        if span.op is Op.DELETE:
            old_at += len(span.text)
        else:
            new_at += len(span.text)
    return old_marks, new_marks


def _word_ends(text: str, words: Words) -> set[int]:
    pieces = list(words(text))
    if "".join(pieces) != text:
        raise ValueError("the tokenizer's words do not join back to the text")
    return {0, *accumulate(len(piece) for piece in pieces)}


def boundaries_inside_words(comparison: Comparison, words: Words) -> tuple[int, int]:
    """Return (boundaries inside a word, all boundaries) of the comparison's text diffs.

    Every run of changes in a paired node's textual attribute has a start and an end in the old
    text and in the new text; one falls inside a word when ``words`` does not cut the text there.
    """
    inside = total = 0
    for change in comparison.changes:
        for diff in change.diffs:
            if not diff.textual or not diff.spans:
                continue
            old_marks, new_marks = change_boundaries(diff.spans)
            for text, marks in ((diff.old or "", old_marks), (diff.new or "", new_marks)):
                if not marks:
                    continue
                ends = _word_ends(text, words)
                total += len(marks)
                inside += sum(1 for mark in marks if mark not in ends)
    return inside, total


@dataclass(frozen=True, slots=True)
class PairMeasure:
    """The measures of one comparison."""

    marked: int
    """Characters the comparison marks (:func:`marked_characters`)."""
    minimum: int
    """Characters a minimal character diff of the documents marks (:func:`minimum_marked`)."""
    similar_apart: tuple[SimilarPair, ...]
    """Similar paragraphs shown as a deletion plus an addition."""
    boundaries: int = 0
    """Change boundaries checked (0 when no tokenizer was given)."""
    inside_words: int = 0
    """Those inside a word of the tokenizer."""
    changes: dict[str, int] = field(default_factory=dict)
    """How many changes of each kind (追加, 修正, 削除, 分割, 統合, 移動; a node moved and
    reworded is a 修正)."""

    @property
    def ratio(self) -> float:
        """Return marked / minimum (1.0 when both are 0)."""
        if not self.minimum:
            return 1.0 if not self.marked else float("inf")
        return self.marked / self.minimum


def measure(comparison: Comparison, words: Words | None = None) -> PairMeasure:
    """Return every measure of ``comparison`` (boundaries only when ``words`` is given)."""
    inside, total = boundaries_inside_words(comparison, words) if words else (0, 0)
    kinds: dict[str, int] = defaultdict(int)
    for change in comparison.changes:
        kinds[change.kind.value] += 1
    return PairMeasure(
        marked=marked_characters(comparison),
        minimum=minimum_marked(comparison.old, comparison.new),
        similar_apart=tuple(similar_pairs_shown_apart(comparison)),
        boundaries=total,
        inside_words=inside,
        changes=dict(kinds),
    )
