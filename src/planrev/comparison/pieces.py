"""Splits and merges: one old statement whose text goes on in two new ones, or two that became one.

After nodes are paired by id and by identical text, the statements still unpaired on both sides
are searched for pieces: two new statements near each other in one container (next to each
other, or with one other unpaired statement between) whose texts joined read like one old statement are a split (分割); two such old statements
whose texts joined read like one new statement are a merge (統合). Candidates come from an index
of rare character trigrams (as for moved nodes), never from all pairs, and are scored by the
Dice overlap of character bigrams of the joined text with the other side.

A join is taken only when it reads at least :data:`PIECES_THRESHOLD` like the other side and
clearly better (by :data:`PIECES_MARGIN`) than either piece alone does: an edited statement
followed by a new one stays an edit and an addition.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from planrev.comparison.result import AttributeDiff, Change, Move
from planrev.comparison.text import Op, TextSpan, diff_text
from planrev.model import ChangeKind, Statement
from planrev.model.walk import Located

__all__ = [
    "PIECES_MARGIN",
    "PIECES_THRESHOLD",
    "Pieces",
    "find_pieces",
    "piece_change",
    "split_at",
]

PIECES_THRESHOLD = 0.8
"""The bigram overlap a joined text needs with the other side to be a split or a merge."""

PIECES_MARGIN = 0.05
"""How much better the joined text must score than the better of its pieces alone."""

_MAX_DOCUMENT_FREQUENCY = 64
_CANDIDATE_TRIGRAMS = 8
_CANDIDATES_SCORED = 8


def _trigrams(text: str) -> set[str]:
    return {text[i : i + 3] for i in range(len(text) - 2)} or {text}


def _bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or {text}


def _dice(first: set[str], second: set[str]) -> float:
    if not first or not second:
        return 0.0
    return 2 * len(first & second) / (len(first) + len(second))


class _Index:
    """Rare-trigram candidates among some texts."""

    def __init__(self, texts: Sequence[str]) -> None:
        self.postings: dict[str, list[int]] = defaultdict(list)
        self.grams = [_bigrams(text) for text in texts]
        for index, text in enumerate(texts):
            for gram in _trigrams(text):
                self.postings[gram].append(index)

    def candidates(self, text: str) -> list[int]:
        postings = self.postings
        grams = sorted(
            (gram for gram in _trigrams(text) if gram in postings),
            key=lambda gram: (len(postings[gram]), gram),
        )
        votes: Counter[int] = Counter()
        for gram in grams[:_CANDIDATE_TRIGRAMS]:
            posting = postings[gram]
            if len(posting) <= _MAX_DOCUMENT_FREQUENCY:
                votes.update(posting)
        return [index for index, _ in votes.most_common(_CANDIDATES_SCORED)]


@dataclass(frozen=True, slots=True)
class Pieces:
    """A split (one old, two new) or a merge (two old, one new) of statements."""

    old: tuple[Located, ...]
    """The old statements, in order (one for a split)."""
    new: tuple[Located, ...]
    """The new statements, in order (one for a merge)."""

    @property
    def split(self) -> bool:
        """Return whether it is a split (else a merge)."""
        return len(self.new) > 1


def _text(entry: Located) -> str:
    node = entry.node
    return node.text or "" if isinstance(node, Statement) else ""


def _runs(entries: Sequence[Located]) -> list[tuple[Located, Located]]:
    """Return the pairs of statements near each other among ``entries`` (the unpaired
    statements of a draft, in document order) in the same container: next to each other, or
    with one other unpaired statement between them (itself edited, split or moved away); what
    lies between may also be nodes already paired elsewhere."""
    return [
        (first, second)
        for gap in (1, 2)
        for first, second in zip(entries, entries[gap:], strict=False)
        if second.holder == first.holder and first.sibling_index < second.sibling_index
    ]


def find_pieces(old_left: Sequence[Located], new_left: Sequence[Located]) -> list[Pieces]:
    """Return the splits and merges among unpaired statements (each statement in one at most).

    ``old_left`` and ``new_left`` are the unpaired nodes of each draft in document order; only
    statements with text are considered.
    """
    olds = [entry for entry in old_left if entry.node_type == "statement" and _text(entry)]
    news = [entry for entry in new_left if entry.node_type == "statement" and _text(entry)]
    if not olds or not news:
        return []
    scored: list[tuple[float, int, Pieces]] = []
    # Splits: each run of two new statements against single old ones.
    new_runs = _runs(news)
    if new_runs:
        index = _Index([_text(entry) for entry in olds])
        for serial, (first, second) in enumerate(new_runs):
            joined = _text(first) + _text(second)
            grams = _bigrams(joined)
            parts = (_bigrams(_text(first)), _bigrams(_text(second)))
            for candidate in index.candidates(joined):
                old_grams = index.grams[candidate]
                score = _dice(grams, old_grams)
                alone = max(_dice(part, old_grams) for part in parts)
                if score >= PIECES_THRESHOLD and score >= alone + PIECES_MARGIN:
                    scored.append((score, serial, Pieces((olds[candidate],), (first, second))))
    # Merges: each single new statement against runs of two old ones.
    old_runs = _runs(olds)
    if old_runs:
        index = _Index([_text(first) + _text(second) for first, second in old_runs])
        for serial, entry in enumerate(news, start=len(new_runs)):
            text = _text(entry)
            grams = _bigrams(text)
            for candidate in index.candidates(text):
                first, second = old_runs[candidate]
                score = _dice(grams, index.grams[candidate])
                alone = max(
                    _dice(grams, _bigrams(_text(first))), _dice(grams, _bigrams(_text(second)))
                )
                if score >= PIECES_THRESHOLD and score >= alone + PIECES_MARGIN:
                    scored.append((score, serial, Pieces((first, second), (entry,))))
    found: list[Pieces] = []
    used: set[str] = set()
    for _score, _serial, pieces in sorted(
        scored, key=lambda item: (-item[0], item[1], item[2].old[0].position)
    ):
        ids = [f"old:{e.id}" for e in pieces.old] + [f"new:{e.id}" for e in pieces.new]
        if any(key in used for key in ids):
            continue
        used.update(ids)
        found.append(pieces)
    return found


def split_at(spans: Sequence[TextSpan], at: int) -> tuple[list[TextSpan], list[TextSpan]]:
    """Split a diff whose new side is two texts joined, at ``at`` characters of the new side.

    Equal and inserted spans are cut where the first new text ends; deleted text at the cut
    stays with the first piece. Both halves keep every old character once between them.
    """
    first: list[TextSpan] = []
    second: list[TextSpan] = []
    seen = 0
    for span in spans:
        if span.op is Op.DELETE:
            (first if seen < at or not second else second).append(span)
            continue
        end = seen + len(span.text)
        if end <= at:
            first.append(span)
        elif seen >= at:
            second.append(span)
        else:
            cut = at - seen
            first.append(TextSpan(span.op, span.text[:cut]))
            second.append(TextSpan(span.op, span.text[cut:]))
        seen = end
    return first, second


def piece_change(pieces: Pieces, scope: str | None, stayed: bool) -> Change:
    """Return the one change of a split or a merge: 分割 or 統合, the diff across the pieces.

    The change is the first new statement's (``new_id``) and the first old one's (``old_id``);
    ``parts`` names the others. ``stayed`` is False when the pieces landed in another container
    than the old statement(s) stood in (the change then also records the move).
    """
    first_old, first_new = pieces.old[0], pieces.new[0]
    old_text = "".join(_text(entry) for entry in pieces.old)
    new_text = "".join(_text(entry) for entry in pieces.new)
    diff = AttributeDiff("text", old_text, new_text, diff_text(old_text, new_text))
    move = None if stayed else Move(first_old.holder, first_new.holder, reordered=False)
    further = pieces.new[1:] if pieces.split else pieces.old[1:]
    return Change(
        id=first_new.id,
        kind=ChangeKind.SPLIT if pieces.split else ChangeKind.MERGE,
        node_type="statement",
        old_id=first_old.id,
        new_id=first_new.id,
        old_node=first_old.node,
        new_node=first_new.node,
        diffs=(diff,),
        move=move,
        scope=scope,
        container=first_new.holder,
        after=first_new.after,
        order=(first_new.position, 0, 0),
        parts=tuple(entry.id for entry in further),
        part_nodes=tuple(entry.node for entry in further),
    )
