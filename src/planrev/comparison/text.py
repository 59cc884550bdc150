"""Japanese-readable text diffs: the one door to diff-match-patch.

:func:`diff_text` changes whole words: both texts are cut into word tokens
(:mod:`planrev.comparison.tokens`), each distinct token is encoded as one private-use character, and
diff-match-patch diffs the encoded strings — so every change boundary falls on a word boundary —
before the result is decoded. Unchanged runs between two changes are then folded into the changes
around them when they are tiny (one or two characters) or small beside both changes, so a
rewritten phrase reads as one replacement instead of confetti. Folding moves no boundary: a run
is folded whole or not at all. (diff-match-patch's own semantic cleanup is not used: it folds
every run no longer than the changes around it, which marks whole sentences where a shared phrase
could stay readable, and run on decoded text its lossless pass slides boundaries off words.)

Only the part of the texts between their common prefix and suffix, widened to clause boundaries
(、。 brackets, white space), is tokenised: a long statement with one edit costs little more than
a short one. A differing part of more than :data:`EXACT_TOKENS` words a side (a statement of
thousands of characters rewritten throughout) would cost time proportional to its length times
its changes; it is first matched clause by clause, as diff-match-patch's line mode does with
lines, so the cost grows about linearly (:func:`_anchored_token_diff`).

``Diff_Timeout`` is 0 (no time limit): results never depend on the machine's speed. Texts are
diffed one statement at a time, never a whole document in one call (:func:`diff_characters`, a
minimal character diff for measuring, is the exception).

The diffs are computed by ``fast_diff_match_patch`` (Google's C++ diff-match-patch, the same
algorithm) when it is installed, else by the ``diff-match-patch`` Python package; both give the
same diffs (tests/test_compare_text.py checks them against each other).
"""

from __future__ import annotations

import bisect
import itertools
import re
import unicodedata
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum
from typing import Literal

from diff_match_patch import diff_match_patch

from planrev.comparison.tokens import tokenize

try:
    import fast_diff_match_patch
except ImportError:  # pragma: no cover - a dependency; its absence only makes diffs slower
    fast_diff_match_patch = None

__all__ = [
    "Difference",
    "Op",
    "TextSpan",
    "classify_difference",
    "diff_characters",
    "diff_text",
    "longest_increasing",
    "new_text",
    "old_text",
]

ISLAND_CHARS = 2
"""Unchanged runs this short between two changes are folded into the changes."""

SEMANTIC_RATIO = 3
"""An unchanged run between two changes is also folded when both changes are at least this many
times longer than it: a rewritten sentence reads as one replacement, not as fragments held
together by shared particles, while a phrase the two versions share stays unmarked."""

EXACT_TOKENS = 2_000
"""The longest differing stretch (in words, on either side) diffed as one minimal diff; longer
ones are cut at unchanged clauses first (see :func:`_anchored_token_diff`). A minimal diff costs
time proportional to length × changes, so one statement of tens of thousands of characters
rewritten throughout would take minutes; statements of a plan are far below this size."""

_PRIVATE_USE = [(0xE000, 0xF8FF), (0xF0000, 0xFFFFD), (0x100000, 0x10FFFD)]

_engine = diff_match_patch()
_engine.Diff_Timeout = 0  # no deadline: the same input always gives the same diff

_DMP_EQUAL, _DMP_INSERT, _DMP_DELETE = 0, 1, -1


def _python_diff(old: str, new: str) -> list[tuple[int, str]]:
    """Return diff-match-patch's diff of two texts (no cleanup, no time limit)."""
    return [(operation, text) for operation, text in _engine.diff_main(old, new, False)]


def _native_diff(old: str, new: str) -> list[tuple[int, str]]:
    """Return :func:`_python_diff` of two texts, computed by the C++ diff-match-patch."""
    diffs: list[tuple[int, str]] = []
    old_at = new_at = 0
    for operation, length in fast_diff_match_patch.diff(
        old, new, timelimit=0, checklines=False, cleanup="No"
    ):
        if operation == "=":
            diffs.append((_DMP_EQUAL, old[old_at : old_at + length]))
            old_at += length
            new_at += length
        elif operation == "-":
            diffs.append((_DMP_DELETE, old[old_at : old_at + length]))
            old_at += length
        else:
            diffs.append((_DMP_INSERT, new[new_at : new_at + length]))
            new_at += length
    return diffs


_diff = _python_diff if fast_diff_match_patch is None else _native_diff


class Op(StrEnum):
    """What a span of a diff does."""

    EQUAL = "equal"
    """Text in both the old and the new version."""
    INSERT = "insert"
    """Text only in the new version."""
    DELETE = "delete"
    """Text only in the old version."""


@dataclass(frozen=True, slots=True)
class TextSpan:
    """One run of a diff: an operation and its text."""

    op: Op
    """Whether the text is kept, inserted or deleted."""
    text: str
    """The text (never empty)."""


Difference = Literal["none", "whitespace", "width", "text"]
"""How two texts differ: not at all, only in white space, only in character width (full-width
versus half-width forms), or in their wording."""


def old_text(spans: tuple[TextSpan, ...] | list[TextSpan]) -> str:
    """Return the old text a diff was made from (its equal and deleted spans)."""
    return "".join(span.text for span in spans if span.op is not Op.INSERT)


def new_text(spans: tuple[TextSpan, ...] | list[TextSpan]) -> str:
    """Return the new text a diff was made from (its equal and inserted spans)."""
    return "".join(span.text for span in spans if span.op is not Op.DELETE)


def _code_points() -> list[int]:
    return [point for start, end in _PRIVATE_USE for point in range(start, end + 1)]


_CODES: list[int] | None = None


def _encode(
    old_tokens: Sequence[str], new_tokens: Sequence[str]
) -> tuple[str, str, dict[str, str]]:
    """Encode each distinct token as one private-use character, in order of first appearance.

    Returns both encoded texts and the table from code back to token.
    """
    global _CODES  # noqa: PLW0603 - built once, on first use
    if _CODES is None:
        _CODES = _code_points()
    codes = _CODES
    # Distinct tokens in order of first appearance, old text first (dicts keep insertion order).
    distinct = dict.fromkeys(old_tokens)
    distinct.update(dict.fromkeys(new_tokens))
    if len(distinct) > len(codes):
        raise OverflowError("too many distinct tokens")
    table = {token: chr(code) for token, code in zip(distinct, codes, strict=False)}
    code_of = table.__getitem__
    decode = {code: token for token, code in table.items()}
    return "".join(map(code_of, old_tokens)), "".join(map(code_of, new_tokens)), decode


def _decode(diffs: list[tuple[int, str]], decode: dict[str, str]) -> list[tuple[int, str]]:
    token_of = decode.__getitem__
    return [(operation, "".join(map(token_of, encoded))) for operation, encoded in diffs]


def _common_prefix(old: str, new: str) -> int:
    return _engine.diff_commonPrefix(old, new)  # type: ignore[no-any-return]


def _common_suffix(old: str, new: str) -> int:
    return _engine.diff_commonSuffix(old, new)  # type: ignore[no-any-return]


def _token_diff(old: str, new: str) -> list[tuple[int, str]]:
    """Diff two texts word by word (the core; no prefix or suffix trimming, no cleanup)."""
    old_tokens, new_tokens = tokenize(old), tokenize(new)
    if max(len(old_tokens), len(new_tokens)) <= EXACT_TOKENS:
        return _exact_token_diff(old_tokens, new_tokens)
    return _anchored_token_diff(old_tokens, new_tokens)


def _exact_token_diff(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, str]]:
    """Diff two token sequences with diff-match-patch on their codes (a minimal diff)."""
    if not old or not new:
        return [(_DMP_DELETE, "".join(old)), (_DMP_INSERT, "".join(new))]
    try:
        old_encoded, new_encoded, decode = _encode(old, new)
    except OverflowError:  # over a million distinct tokens: diff their characters
        return _diff("".join(old), "".join(new))
    return _decode(_diff(old_encoded, new_encoded), decode)


def _clauses(tokens: Sequence[str]) -> list[int]:
    """Return the token offsets where each clause of ``tokens`` starts, and the end offset.

    A clause ends after a token holding a clause boundary (、。 brackets, white space).
    """
    starts = [0]
    for index, token in enumerate(tokens):
        if _CLAUSE_END.search(token) and index + 1 < len(tokens):
            starts.append(index + 1)
    starts.append(len(tokens))
    return starts


def longest_increasing(values: Sequence[int]) -> list[int]:
    """Return the indices of a longest strictly increasing subsequence of ``values``, in order.

    Patience sorting, O(n log n); of several longest ones, the one ending with the smallest value.
    """
    tails: list[int] = []
    tail_at: list[int] = []
    previous = [-1] * len(values)
    for index, value in enumerate(values):
        place = bisect.bisect_left(tails, value)
        if place == len(tails):
            tails.append(value)
            tail_at.append(index)
        else:
            tails[place] = value
            tail_at[place] = index
        previous[index] = tail_at[place - 1] if place else -1
    chain: list[int] = []
    at = tail_at[-1] if tail_at else -1
    while at >= 0:
        chain.append(at)
        at = previous[at]
    return chain[::-1]


def _anchors(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Return the longest chain of clauses found once in each list, in the same order (patience
    diff's anchors), as (old index, new index) pairs."""
    old_counts: Counter[str] = Counter(old)
    new_counts: Counter[str] = Counter(new)
    position_in_new = {clause: index for index, clause in enumerate(new)}
    candidates = [
        (old_index, position_in_new[clause])
        for old_index, clause in enumerate(old)
        if old_counts[clause] == 1 and new_counts[clause] == 1
    ]
    return [candidates[at] for at in longest_increasing([new_index for _, new_index in candidates])]


def _matched(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, int]]:
    """Return the items a minimal diff of two sequences keeps, as (old index, new index) pairs.

    For sequences of at most :data:`EXACT_TOKENS` items (fewer distinct items than codes).
    """
    old_encoded, new_encoded, _ = _encode(old, new)
    pairs: list[tuple[int, int]] = []
    old_at = new_at = 0
    for operation, encoded in _diff(old_encoded, new_encoded):
        count = len(encoded)
        if operation == _DMP_EQUAL:
            pairs += zip(range(old_at, old_at + count), range(new_at, new_at + count), strict=True)
        if operation != _DMP_INSERT:
            old_at += count
        if operation != _DMP_DELETE:
            new_at += count
    return pairs


def _clause_matches(old: list[str], new: list[str]) -> list[tuple[int, int]]:
    """Return the clauses two texts keep, as (old index, new index) pairs in order.

    A minimal diff of the clauses when there are at most :data:`EXACT_TOKENS` of them; else the
    clauses found once in each text (patience anchors), with a minimal diff of the clauses
    between two anchors wherever those are short enough.
    """
    if max(len(old), len(new)) <= EXACT_TOKENS:
        return _matched(old, new)
    matches: list[tuple[int, int]] = []
    old_at = new_at = 0
    for old_anchor, new_anchor in [*_anchors(old, new), (len(old), len(new))]:
        old_gap, new_gap = old[old_at:old_anchor], new[new_at:new_anchor]
        if old_gap and new_gap and max(len(old_gap), len(new_gap)) <= EXACT_TOKENS:
            matches += [(old_at + i, new_at + j) for i, j in _matched(old_gap, new_gap)]
        if old_anchor < len(old):
            matches.append((old_anchor, new_anchor))
        old_at, new_at = old_anchor + 1, new_anchor + 1
    return matches


def _anchored_token_diff(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, str]]:
    """Diff two long token sequences in time near-linear in their length.

    The texts are cut into clauses, and the clauses both keep (:func:`_clause_matches`) anchor
    the diff, as diff-match-patch's line mode does with lines. The words between two kept
    clauses are diffed exactly when they number at most :data:`EXACT_TOKENS` a side, else in
    proportional pieces of that size (a valid diff, not always the smallest: only thousands of
    words rewritten throughout get there).
    """
    old_starts, new_starts = _clauses(old), _clauses(new)
    old_clauses = ["".join(old[a:b]) for a, b in itertools.pairwise(old_starts)]
    new_clauses = ["".join(new[a:b]) for a, b in itertools.pairwise(new_starts)]
    diffs: list[tuple[int, str]] = []
    old_at = new_at = 0  # clause indices
    ends = (len(old_clauses), len(new_clauses))
    for old_clause, new_clause in [*_clause_matches(old_clauses, new_clauses), ends]:
        if old_clause > old_at or new_clause > new_at:
            diffs += _bounded_token_diff(
                old[old_starts[old_at] : old_starts[old_clause]],
                new[new_starts[new_at] : new_starts[new_clause]],
            )
        if old_clause < len(old_clauses):
            diffs.append((_DMP_EQUAL, old_clauses[old_clause]))
        old_at, new_at = old_clause + 1, new_clause + 1
    return diffs


def _bounded_token_diff(old: Sequence[str], new: Sequence[str]) -> list[tuple[int, str]]:
    """Diff two token sequences exactly, in pieces of at most :data:`EXACT_TOKENS` tokens."""
    pieces = -(-max(len(old), len(new)) // EXACT_TOKENS)
    if pieces <= 1:
        return _exact_token_diff(old, new)
    diffs: list[tuple[int, str]] = []
    for piece in range(pieces):
        diffs += _exact_token_diff(
            old[len(old) * piece // pieces : len(old) * (piece + 1) // pieces],
            new[len(new) * piece // pieces : len(new) * (piece + 1) // pieces],
        )
    return diffs


def _change_sizes(diffs: list[tuple[int, str]]) -> list[int]:
    """Return, for each entry of a merged diff, the size of the change run it belongs to.

    The size of a run is its longer side (deleted or inserted characters); equalities get 0.
    """
    sizes = [0] * len(diffs)
    position = 0
    while position < len(diffs):
        if diffs[position][0] == _DMP_EQUAL:
            position += 1
            continue
        end = position
        deleted = inserted = 0
        while end < len(diffs) and diffs[end][0] != _DMP_EQUAL:
            if diffs[end][0] == _DMP_DELETE:
                deleted += len(diffs[end][1])
            else:
                inserted += len(diffs[end][1])
            end += 1
        for index in range(position, end):
            sizes[index] = max(deleted, inserted)
        position = end
    return sizes


def _cleanup(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Fold unchanged runs between two changes into them when they would read as confetti.

    An unchanged run is folded when it is at most :data:`ISLAND_CHARS` long, or when both changes
    around it are at least :data:`SEMANTIC_RATIO` times longer than it. Runs are folded whole, so
    every boundary stays where the word diff put it; folding repeats until nothing changes
    (folding makes changes longer, which can make the next run small beside them).
    """
    diffs = _merge(diffs)
    while True:
        sizes = _change_sizes(diffs)
        result: list[tuple[int, str]] = []
        folded = False
        for index, (operation, text) in enumerate(diffs):
            if (
                operation == _DMP_EQUAL
                and 0 < index < len(diffs) - 1
                and (
                    len(text) <= ISLAND_CHARS
                    or SEMANTIC_RATIO * len(text) <= min(sizes[index - 1], sizes[index + 1])
                )
            ):
                # After merging, an equality inside the list sits between two changes.
                result.append((_DMP_DELETE, text))
                result.append((_DMP_INSERT, text))
                folded = True
            else:
                result.append((operation, text))
        if not folded:
            return diffs
        diffs = _merge(result)


def _merge(diffs: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Merge runs of changes into one deletion followed by one insertion, drop empty runs."""
    result: list[tuple[int, str]] = []
    deleted: list[str] = []
    inserted: list[str] = []

    def flush() -> None:
        if deleted:
            result.append((_DMP_DELETE, "".join(deleted)))
            deleted.clear()
        if inserted:
            result.append((_DMP_INSERT, "".join(inserted)))
            inserted.clear()

    for operation, text in diffs:
        if not text:
            continue
        if operation == _DMP_DELETE:
            deleted.append(text)
        elif operation == _DMP_INSERT:
            inserted.append(text)
        else:
            flush()
            if result and result[-1][0] == _DMP_EQUAL:
                result[-1] = (_DMP_EQUAL, result[-1][1] + text)
            else:
                result.append((_DMP_EQUAL, text))
    flush()
    return result


# Not ASCII or full-width commas and periods: they sit inside numbers (1,000 / 3.5).
_CLAUSE_ENDS = frozenset("、。！？!?「」『』（）()【】・\n\u3000 ")


_CLAUSE_END = re.compile("[" + "".join(re.escape(char) for char in sorted(_CLAUSE_ENDS)) + "]")
_UP_TO_LAST_CLAUSE_END = re.compile(f"(?s:.*){_CLAUSE_END.pattern}")
"""Everything up to the last clause boundary (greedy: the regex engine scans back in C)."""


def _back_to_boundary(text: str, position: int) -> int:
    """Move ``position`` back to just after a clause boundary (or to 0)."""
    found = _UP_TO_LAST_CLAUSE_END.match(text, 0, position)
    return found.end() if found else 0


def _forward_to_boundary(text: str, position: int) -> int:
    """Move ``position`` forward to just before a clause boundary (or to the end)."""
    found = _CLAUSE_END.search(text, position)
    return found.start() if found else len(text)


def diff_text(old: str, new: str) -> tuple[TextSpan, ...]:
    """Return the word-level diff of two texts, as spans in order.

    Joining the equal and deleted spans gives ``old`` exactly; joining the equal and inserted
    spans gives ``new`` exactly. Within a changed run the deletion comes before the insertion.
    """
    if old == new:
        return (TextSpan(Op.EQUAL, old),) if old else ()
    # Only the differing middle is tokenised, widened to clause boundaries so that the words at
    # its edges are cut as the whole clause would cut them.
    prefix = _common_prefix(old, new)
    suffix = _common_suffix(old[prefix:], new[prefix:])
    start = _back_to_boundary(old, prefix)
    old_end = _forward_to_boundary(old, len(old) - suffix)
    new_end = _forward_to_boundary(new, len(new) - suffix)
    # The common suffix may have been widened differently in old and new: keep it equal.
    tail = min(len(old) - old_end, len(new) - new_end)
    old_end, new_end = len(old) - tail, len(new) - tail
    middle = _token_diff(old[start:old_end], new[start:new_end])
    diffs = [(_DMP_EQUAL, old[:start]), *middle, (_DMP_EQUAL, old[old_end:])]
    diffs = _cleanup(diffs)
    return tuple(TextSpan(_OPS[operation], text) for operation, text in diffs if text)


_OPS = {_DMP_EQUAL: Op.EQUAL, _DMP_INSERT: Op.INSERT, _DMP_DELETE: Op.DELETE}


def diff_characters(old: str, new: str) -> tuple[TextSpan, ...]:
    """Return a minimal character-level diff of two texts (no words, no cleanup).

    Its changed spans hold the fewest characters any diff can mark: ``len(old) + len(new)``
    minus twice their longest common subsequence. It is the yardstick the measures of
    :mod:`planrev.testing.measure` compare :func:`diff_text` with, not a readable diff.
    """
    return tuple(TextSpan(_OPS[operation], text) for operation, text in _diff(old, new) if text)


def _without_space(text: str) -> str:
    # str.split() cuts at exactly the characters str.isspace() accepts.
    return "".join(text.split())


_WIDTH_FOLDS_KEPT = 1 << 16
"""At most this many characters are remembered (a hostile text may hold a million distinct ones)."""


class _WidthFolds(dict[int, str]):
    """Code point → its ordinary form (itself when it is no width variant), learnt on demand.

    Used as a :meth:`str.translate` table: each distinct character is looked up in the Unicode
    database once, then translated in C.
    """

    def __missing__(self, point: int) -> str:
        char = chr(point)
        decomposition = unicodedata.decomposition(char)
        if decomposition.startswith(("<wide> ", "<narrow> ")):
            char = chr(int(decomposition.split()[1], 16))
        if len(self) < _WIDTH_FOLDS_KEPT:
            self[point] = char
        return char


_WIDTH_FOLDS = _WidthFolds()


def _width_folded(text: str) -> str:
    """Return ``text`` with full-width and half-width forms replaced by their ordinary forms.

    Only characters Unicode marks as width variants (``<wide>``, ``<narrow>``) change: ``１`` →
    ``1``, ``（`` → ``(``, ``ｱ`` → ``ア`` (``ｶﾞ`` → ``ガ``); ``①`` or ``㍻`` are other characters,
    not other widths, and stay.
    """
    return unicodedata.normalize("NFC", text.translate(_WIDTH_FOLDS))


def classify_difference(old: str, new: str) -> Difference:
    """Say how two texts differ: ``none``, only in ``whitespace``, only in ``width``, or ``text``.

    Width covers full-width versus half-width forms of the same character (``１`` and ``1``,
    ``（`` and ``(``, ``ｱ`` and ``ア``); it is tested after white space, so a text differing in
    both counts as ``width``. The texts themselves are never changed.
    """
    if old == new:
        return "none"
    if _without_space(old) == _without_space(new):
        return "whitespace"
    if _without_space(_width_folded(old)) == _without_space(_width_folded(new)):
        return "width"
    return "text"
