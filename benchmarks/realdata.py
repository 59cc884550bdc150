#!/usr/bin/env python3
"""Measure planrev's comparison on real revisions: every consecutive pair of versions of the two
statutes in ``tests/realdata/laws/``.

Usage (from the repository root, with the ``bench`` extra installed)::

    python benchmarks/realdata.py [--pairs] [--show-apart N] [--json PATH]

Each version is imported with :func:`planrev.importers.import_plain` (as it is, no options) and
each pair compared with :func:`planrev.compare`; :func:`planrev.testing.measure.measure` gives,
per pair and in total:

- the characters the comparison marks, against the characters a minimal character diff of the
  two documents marks (target ≤ 1.3×);
- the paragraphs deleted whole that are at least 90% similar to a paragraph added whole: the
  same paragraph shown as a deletion plus an addition (target 0);
- the change boundaries of the word diffs that fall inside a word of SudachiPy
  (sudachidict_core, split mode C), a tokenizer planrev does not use.

``--pairs`` prints one row per pair (else only one row per statute and the total);
``--show-apart N`` prints up to N of the similar paragraphs shown apart.
"""

from __future__ import annotations

import argparse
import itertools
import json
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sudachipy import Dictionary, SplitMode

from planrev import compare
from planrev.importers import import_plain
from planrev.model import Plan, find
from planrev.testing.measure import PairMeasure, measure, node_text

LAWS = Path(__file__).resolve().parent.parent / "tests" / "realdata" / "laws"
"""The statutes, one folder each, one file per version (names sort by date)."""

RATIO_TARGET = 1.3
"""Characters marked against the minimum."""


@dataclass
class Row:
    """The figures of one pair, or a sum of pairs."""

    name: str
    pairs: int
    marked: int
    minimum: int
    apart: int
    inside: int
    boundaries: int
    changes: dict[str, int]
    seconds: float

    @property
    def ratio(self) -> float:
        """Return marked / minimum."""
        return self.marked / self.minimum if self.minimum else 1.0

    def add(self, other: Row) -> None:
        """Add another row's figures to this one."""
        self.pairs += other.pairs
        self.marked += other.marked
        self.minimum += other.minimum
        self.apart += other.apart
        self.inside += other.inside
        self.boundaries += other.boundaries
        self.seconds += other.seconds
        for kind, count in other.changes.items():
            self.changes[kind] = self.changes.get(kind, 0) + count


def sudachi_words() -> object:
    """Return a function giving the words of a text as SudachiPy (mode C) cuts it."""
    tokenizer = Dictionary(dict="core").tokenizer(mode=SplitMode.C)

    def words(text: str) -> list[str]:
        # Sudachi refuses inputs over 49,149 bytes: cut long texts at line ends first.
        pieces: list[str] = []
        for line in text.splitlines(keepends=True):
            pieces += [m.surface() for m in tokenizer.tokenize(line)] if line else []
        return pieces

    return words


def version_names(versions: Sequence[Path]) -> list[str]:
    """Return each version's date, with b, c … after a date an earlier version already has."""
    names: list[str] = []
    for path in versions:
        date = path.stem.split("_")[1]
        repeats = sum(1 for name in names if name.startswith(date))
        names.append(date + ("" if not repeats else chr(ord("a") + repeats)))
    return names


def load(path: Path) -> Plan:
    """Import one version as a plain plan."""
    return import_plain(path.read_text(encoding="utf-8"), path=path).plan


def _kinds(changes: dict[str, int]) -> str:
    return " ".join(
        f"{kind}{changes[kind]}"
        for kind in ("追加", "修正", "削除", "分割", "統合", "移動")
        if kind in changes
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the measurement and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pairs", action="store_true", help="one row per pair")
    parser.add_argument("--show-apart", type=int, default=0, metavar="N", help="print N examples")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    args = parser.parse_args(argv)
    words = sudachi_words()
    laws = sorted(path for path in LAWS.iterdir() if path.is_dir())
    rows: list[Row] = []
    totals: list[Row] = []
    total = Row("total", 0, 0, 0, 0, 0, 0, {}, 0.0)
    shown = 0
    for law in laws:
        versions = sorted(law.glob("*.txt"))
        plans = [load(path) for path in versions]
        names = version_names(versions)
        law_total = Row(law.name, 0, 0, 0, 0, 0, 0, {}, 0.0)
        for index, (old, new) in enumerate(itertools.pairwise(plans)):
            started = time.process_time()
            comparison = compare(old, new)
            seconds = time.process_time() - started
            figures: PairMeasure = measure(comparison, words)  # type: ignore[arg-type]
            name = f"{names[index]}→{names[index + 1]}"
            row = Row(
                f"{law.name} {name}",
                1,
                figures.marked,
                figures.minimum,
                len(figures.similar_apart),
                figures.inside_words,
                figures.boundaries,
                dict(figures.changes),
                seconds,
            )
            rows.append(row)
            law_total.add(row)
            for pair in figures.similar_apart:
                if shown >= args.show_apart:
                    break
                shown += 1
                old_node, new_node = find(old, pair.old_id), find(new, pair.new_id)
                assert old_node is not None
                assert new_node is not None
                print(f"{row.name}: {pair.similarity:.3f}")
                print(f"  old: {node_text(old_node.node)[:120]}")
                print(f"  new: {node_text(new_node.node)[:120]}")
        totals.append(law_total)
        total.add(law_total)

    print(
        f"{total.pairs} consecutive version pairs of {len(laws)} statutes "
        f"(tests/realdata/laws), imported with import_plain, compared with compare"
    )
    print()
    print(
        "| versions | changes | marked chars | minimum | marked / minimum | similar ¶ shown "
        "deleted + added | boundaries inside words (Sudachi C) | compare CPU s |"
    )
    print("|---|---|---:|---:|---:|---:|---:|---:|")
    for row in [*(rows if args.pairs else []), *totals, total]:
        name = f"**{row.name}**" if row is total else row.name
        if row.pairs > 1:
            name += f" ({row.pairs} pairs)"
        print(
            f"| {name} | {_kinds(row.changes)} | {row.marked:,} | {row.minimum:,} "
            f"| {row.ratio:.3f}x | {row.apart} | {row.inside} / {row.boundaries} "
            f"| {row.seconds:.2f} |"
        )
    worst = max(rows, key=lambda row: row.ratio)
    print()
    print(
        f"targets: marked / minimum ≤ {RATIO_TARGET}x per pair — worst {worst.ratio:.3f}x "
        f"({worst.name}), {'met' if worst.ratio <= RATIO_TARGET else 'NOT met'}; "
        f"similar paragraphs shown apart = 0 — {total.apart}, "
        f"{'met' if total.apart == 0 else 'NOT met'}"
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                [row.__dict__ for row in [*rows, *totals, total]], ensure_ascii=False, indent=2
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
