#!/usr/bin/env python3
"""Time ``diff_text`` on one very long statement: 20,000, 60,000 and 150,000 characters.

Usage (from the repository root)::

    python benchmarks/long_text.py [--runs N]

Three shapes of edit, each at three sizes, best CPU time of ``--runs`` runs (default 3), the
tokenizer's cache cleared before each run:

- ``rewritten``: two unrelated texts of plan sentences (:func:`planrev.testing.synthetic.sentence`),
  every clause different — the worst case of a minimal diff, whose cost grows with length ×
  changes;
- ``random kanji``: two unrelated strings of 2,000 kanji, no punctuation (no clause to anchor on);
- ``edits``: one text with a two-character replacement every 100 characters.

The growth exponent is ``log(t₁₅₀ₖ / t₂₀ₖ) / log(150,000 / 20,000)``: 1.0 is linear, 2.0 quadratic.
"""

from __future__ import annotations

import argparse
import math
import random
import sys
import time
from collections.abc import Callable, Sequence

from planrev.comparison import diff_text, new_text, old_text
from planrev.comparison import tokens as planrev_tokens
from planrev.testing.synthetic import sentence

SIZES = (20_000, 60_000, 150_000)
_KANJI = [chr(point) for point in range(0x4E00, 0x4E00 + 2000)]


def _sentences(length: int, seed: int) -> str:
    rng = random.Random(seed)
    text = ""
    while len(text) < length:
        text += sentence(rng)
    return text[:length]


def rewritten(length: int) -> tuple[str, str]:
    """Return two unrelated texts of plan sentences."""
    return _sentences(length, 1), _sentences(length, 2)


def random_kanji(length: int) -> tuple[str, str]:
    """Return two unrelated strings of kanji without punctuation."""
    first, second = random.Random(1), random.Random(2)
    return (
        "".join(first.choice(_KANJI) for _ in range(length)),
        "".join(second.choice(_KANJI) for _ in range(length)),
    )


def edits(length: int) -> tuple[str, str]:
    """Return a text and a copy with a two-character replacement every 100 characters."""
    old = _sentences(length, 1)
    new = "".join(
        old[at : at + 100] if at + 2 > len(old) else "住民" + old[at + 2 : at + 100]
        for at in range(0, len(old), 100)
    )
    return old, new


SHAPES: tuple[tuple[str, Callable[[int], tuple[str, str]]], ...] = (
    ("rewritten", rewritten),
    ("random kanji", random_kanji),
    ("edits", edits),
)


def best_time(old: str, new: str, runs: int) -> float:
    """Return the best CPU time of ``diff_text(old, new)`` over ``runs`` cold runs."""
    best = math.inf
    for _ in range(runs):
        planrev_tokens._tokenize_cached.cache_clear()
        started = time.process_time()
        spans = diff_text(old, new)
        best = min(best, time.process_time() - started)
        if (old_text(spans), new_text(spans)) != (old, new):
            raise AssertionError("the spans do not rebuild the texts")
    return best


def main(argv: Sequence[str] | None = None) -> int:
    """Print the table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    diff_text("県民の参加", "住民の参画")  # load MeCab before anything is timed
    print("| statement | " + " | ".join(f"{size:,} chars" for size in SIZES) + " | growth |")
    print("|---|" + "---:|" * (len(SIZES) + 1))
    for name, make in SHAPES:
        times = [best_time(*make(size), args.runs) for size in SIZES]
        growth = math.log(times[-1] / times[0]) / math.log(SIZES[-1] / SIZES[0])
        print(f"| {name} | " + " | ".join(f"{t:.2f} s" for t in times) + f" | {growth:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
