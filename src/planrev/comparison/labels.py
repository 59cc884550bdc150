"""Handout labels: 追加①, 追加② where a scope holds several changes of a kind, 追加 where one.

The rule of the R5.7.26 material: a circled number appears only where one scope (the unit that
owns one opinion table) holds more than one change of the same kind; a lone change is just 追加,
修正 or 削除. Numbers follow document order, so the same data always gives the same labels.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable

from planrev.model import ChangeKind

__all__ = ["circled", "label_changes"]


def circled(number: int) -> str:
    """Return ``number`` as a circled numeral: ①–⑳, ㉑–㉟, ㊱–㊿, then ``(51)`` and on."""
    if 1 <= number <= 20:
        return chr(0x2460 + number - 1)
    if 21 <= number <= 35:
        return chr(0x3251 + number - 21)
    if 36 <= number <= 50:
        return chr(0x32B1 + number - 36)
    if number < 1:
        raise ValueError("labels are numbered from 1")
    return f"({number})"


def label_changes(items: Iterable[tuple[str | None, ChangeKind]]) -> list[str]:
    """Return the label of each (scope, kind) pair, the pairs being in document order."""
    pairs = list(items)
    totals = Counter(pairs)
    seen: defaultdict[tuple[str | None, ChangeKind], int] = defaultdict(int)
    labels = []
    for pair in pairs:
        seen[pair] += 1
        kind = pair[1].value
        labels.append(f"{kind}{circled(seen[pair])}" if totals[pair] > 1 else kind)
    return labels
