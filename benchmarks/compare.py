#!/usr/bin/env python3
"""Benchmark planrev's comparison and its word-level text diff beside other diff methods.

Usage (from the repository root, with the ``bench`` extra installed)::

    python benchmarks/compare.py [--quick] [--runs N] [--seed S] [--json PATH]
                                 [--show-misses] [--instructions] [--cache DIR | --no-cache]

It generates plans of 100, 1,000 and 5,000 sections (:mod:`planrev.testing.synthetic`) with about
5% of their statements edited, and prints ONE Markdown table:

- ``compare`` of each pair of drafts: median wall and CPU time of several runs, and the growth
  exponent of the CPU time from 100 to 5,000 sections (1.0 is linear);
- ``diff_text`` over every edited text of those drafts plus the hand-written pairs of
  :mod:`handwritten`, beside raw diff-match-patch (characters, with and without semantic cleanup),
  difflib (``SequenceMatcher`` on characters) and ``redlines`` on the same pairs, taking turns in
  the same run (median CPU time, and the median of each run's ratio to raw diff-match-patch);
- readability per method: the share of change boundaries on word boundaries as SudachiPy
  (sudachidict_core, split mode C; mode A beside it) cuts the text — a tokenizer other than
  planrev's MeCab + IPA dictionary —, the unchanged islands of at most 2 characters between two
  changes per pair, the characters marked relative to a minimal character diff (raw
  diff-match-patch without cleanup), the boundaries that cut a number, and whether every pair's
  spans rebuild both texts exactly.

A second table scores the restructured drafts of :mod:`planrev.testing.restructure` (plans of
1,000 and 5,000 sections, 5% of the statements moved, moved with edits, split or merged, 1% of
the sections moved, the headings after them renumbered): for each kind, how many were made and
the recall and precision of ``compare`` (:func:`planrev.testing.restructure.score`), and the
time of ``compare`` on the 5,000-section pair against the pair with ordinary edits.

``--instructions`` also counts the instructions ``compare`` executes at each size under
``valgrind --tool=callgrind`` (slow: minutes), a growth figure that does not depend on what else
the machine is doing.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import hashlib
import json
import math
import os
import pickle
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from diff_match_patch import diff_match_patch
from redlines.processor import WholeDocumentProcessor
from sudachipy import Dictionary, SplitMode

import planrev
from planrev.comparison import Op, compare, diff_text
from planrev.comparison import tokens as planrev_tokens
from planrev.model import Plan, walk
from planrev.testing.restructure import KINDS, KindScore, Restructured, restructure, score
from planrev.testing.synthetic import Revised, make_plan, revise

sys.path.insert(0, str(Path(__file__).resolve().parent))
from handwritten import HAND_PAIRS

SIZES = (100, 1_000, 5_000)
"""Plan sizes in sections."""
EDIT_RATE = 0.05
"""Share of statements edited in each revision."""

Span = tuple[str, str]
"""One span of a diff: ``"="``, ``"-"`` or ``"+"`` and its text."""
Pair = tuple[str, str]


# --- the data ---------------------------------------------------------------------------------


def make_drafts(seed: int, size: int) -> tuple[Plan, Revised]:
    """Return a synthetic plan of ``size`` sections and its revision (deterministic)."""
    rng = random.Random(seed * 100_003 + size)
    plan = make_plan(rng, size)
    return plan, revise(rng, plan, rate=EDIT_RATE)


def _source_digest() -> str:
    """Return a digest of planrev's source (the cache key's version).

    All of it: the generator uses the model, the tree edits and ``diff_text`` (to classify its
    rewordings in the revision record).
    """
    root = Path(planrev.__file__).parent
    digest = hashlib.sha256(platform.python_version().encode())
    for path in sorted(root.rglob("*.py")):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def cached_drafts(seed: int, size: int, cache: Path | None) -> tuple[Plan, Revised]:
    """Return :func:`make_drafts`, from ``cache`` when it was made there by the same code.

    Generating the 5,000-section pair takes about a minute (each synthetic edit rebuilds the
    tree); the drafts depend only on the seed, the size and the generator's code.
    """
    if cache is None:
        return make_drafts(seed, size)
    path = cache / f"drafts-{_source_digest()}-{seed}-{size}.pickle"
    if path.exists():
        with path.open("rb") as stream:
            loaded: tuple[Plan, Revised] = pickle.load(stream)  # our own cache
        return loaded
    drafts = make_drafts(seed, size)
    cache.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.tmp")
    with partial.open("wb") as stream:
        pickle.dump(drafts, stream, protocol=pickle.HIGHEST_PROTOCOL)
    partial.replace(path)
    return drafts


def texts_of(plan: Plan) -> dict[tuple[str, str], str]:
    """Return every text attribute of a plan (statement texts, titles) by node id."""
    found: dict[tuple[str, str], str] = {}
    for located in walk(plan):
        for name in ("text", "title", "indicator"):
            value = getattr(located.node, name, None)
            if isinstance(value, str) and value:
                found[(located.id, name)] = value
    return found


def edited_pairs(old: Plan, new: Plan) -> list[Pair]:
    """Return the (old, new) texts of every node whose text changed between two drafts."""
    before, after = texts_of(old), texts_of(new)
    return [
        (text, after[key]) for key, text in before.items() if key in after and after[key] != text
    ]


# --- the methods --------------------------------------------------------------------------------

_dmp = diff_match_patch()
_dmp.Diff_Timeout = 0  # the same setting as planrev: no deadline, results independent of speed
_DMP_OPS = {0: "=", -1: "-", 1: "+"}
_PLANREV_OPS = {Op.EQUAL: "=", Op.DELETE: "-", Op.INSERT: "+"}
_redlines = WholeDocumentProcessor()


@dataclass(frozen=True)
class Method:
    """A diff method: a timed call and a conversion of its result into spans."""

    name: str
    run: Callable[[str, str], object]
    spans: Callable[[str, str, object], list[Span]]


def _planrev_spans(_old: str, _new: str, result: object) -> list[Span]:
    return [(_PLANREV_OPS[span.op], span.text) for span in result]  # type: ignore[attr-defined]


def _dmp_raw(old: str, new: str) -> object:
    return _dmp.diff_main(old, new, False)


def _dmp_semantic(old: str, new: str) -> object:
    diffs = _dmp.diff_main(old, new, False)
    _dmp.diff_cleanupSemantic(diffs)
    return diffs


def _dmp_spans(_old: str, _new: str, result: object) -> list[Span]:
    return [(_DMP_OPS[op], text) for op, text in result]  # type: ignore[attr-defined]


def _difflib(old: str, new: str) -> object:
    return difflib.SequenceMatcher(None, old, new, autojunk=False).get_opcodes()


def _difflib_spans(old: str, new: str, result: object) -> list[Span]:
    spans: list[Span] = []
    for tag, i1, i2, j1, j2 in result:  # type: ignore[attr-defined]
        if tag == "equal":
            spans.append(("=", old[i1:i2]))
        else:
            spans += [("-", old[i1:i2]), ("+", new[j1:j2])]
    return spans


def _redlines_run(old: str, new: str) -> object:
    return _redlines.process(old, new)


def _redlines_spans(_old: str, _new: str, result: object) -> list[Span]:
    # redlines cuts text at white space; its tokens are what it shows (and they are not always
    # the input: paragraph breaks become markers, leading and trailing space is stripped).
    spans: list[Span] = []
    for operation in result:  # type: ignore[attr-defined]
        tag, i1, i2, j1, j2 = operation.opcodes
        source = "".join(operation.source_chunk.text[i1:i2])
        test = "".join(operation.test_chunk.text[j1:j2])
        if tag == "equal":
            spans.append(("=", source))
        else:
            spans += [("-", source), ("+", test)]
    return spans


METHODS = (
    Method("planrev diff_text", diff_text, _planrev_spans),
    Method("dmp raw", _dmp_raw, _dmp_spans),
    Method("dmp + semantic", _dmp_semantic, _dmp_spans),
    Method("difflib chars", _difflib, _difflib_spans),
    Method("redlines", _redlines_run, _redlines_spans),
)
BASELINE = "dmp raw"
"""The minimal character diff: times and marked characters are given relative to it."""


# --- the readability judge ----------------------------------------------------------------------


class Judge:
    """Word boundaries as SudachiPy cuts a text (a tokenizer planrev does not use)."""

    def __init__(self) -> None:
        dictionary = Dictionary(dict="core")
        self._tokenizers = {
            "C": dictionary.tokenizer(mode=SplitMode.C),
            "A": dictionary.tokenizer(mode=SplitMode.A),
        }
        self._cache: dict[tuple[str, str], frozenset[int]] = {}

    def words(self, text: str, mode: str) -> list[str]:
        """Return the words of ``text``."""
        return [morpheme.surface() for morpheme in self._tokenizers[mode].tokenize(text)]

    def boundaries(self, text: str, mode: str) -> frozenset[int]:
        """Return the offsets in ``text`` where a word starts or ends (0 and the end included)."""
        key = (text, mode)
        found = self._cache.get(key)
        if found is None:
            offsets = {0, len(text)}
            for morpheme in self._tokenizers[mode].tokenize(text):
                offsets.add(morpheme.end())
            found = self._cache[key] = frozenset(offsets)
        return found


_NUMBER = re.compile(r"[0-9０-９]+(?:[,，.．][0-9０-９]+)*")


def _inside_number(text: str, position: int) -> bool:
    return any(m.start() < position < m.end() for m in _NUMBER.finditer(text))


# --- measuring a method -------------------------------------------------------------------------


def normalise(spans: Iterable[Span]) -> list[Span]:
    """Drop empty spans and merge neighbours with the same operation."""
    result: list[Span] = []
    for op, text in spans:
        if not text:
            continue
        if result and result[-1][0] == op:
            result[-1] = (op, result[-1][1] + text)
        else:
            result.append((op, text))
    return result


@dataclass
class Readability:
    """Readability figures of one method over the corpus."""

    boundaries: int = 0
    on_words: dict[str, int] = field(default_factory=lambda: {"C": 0, "A": 0})
    in_numbers: int = 0
    islands: int = 0
    marked: int = 0
    pairs: int = 0
    broken: int = 0
    misses: list[tuple[str, str, list[Span]]] = field(default_factory=list)

    def add(self, old: str, new: str, spans: list[Span], judge: Judge) -> None:
        """Measure one pair's spans."""
        self.pairs += 1
        rebuilt_old = "".join(text for op, text in spans if op != "+")
        rebuilt_new = "".join(text for op, text in spans if op != "-")
        if (rebuilt_old, rebuilt_new) != (old, new):
            self.broken += 1
        spans = normalise(spans)
        self.marked += sum(len(text) for op, text in spans if op != "=")
        # An equality strictly inside the list sits between two changes.
        self.islands += sum(1 for op, text in spans[1:-1] if op == "=" and len(text) <= 2)
        missed = False
        for old_marks, new_marks in _runs(spans):
            for text, marks in ((rebuilt_old, old_marks), (rebuilt_new, new_marks)):
                for position in marks:
                    self.boundaries += 1
                    for mode in ("C", "A"):
                        if position in judge.boundaries(text, mode):
                            self.on_words[mode] += 1
                        elif mode == "C":
                            missed = True
                    if _inside_number(text, position):
                        self.in_numbers += 1
                        missed = True
        if missed or any(op == "=" and len(text) <= 2 for op, text in spans[1:-1]):
            self.misses.append((old, new, spans))


def _runs(spans: Sequence[Span]) -> list[tuple[set[int], set[int]]]:
    """Return, for each run of changes, its boundary offsets in the old and the new text."""
    runs: list[tuple[set[int], set[int]]] = []
    old_at = new_at = 0
    start: tuple[int, int] | None = None
    for op, text in [*spans, ("=", "")]:
        if op == "=":
            if start is not None:
                runs.append(({start[0], old_at}, {start[1], new_at}))
                start = None
            old_at += len(text)
            new_at += len(text)
            continue
        if start is None:
            start = (old_at, new_at)
        if op == "-":
            old_at += len(text)
        else:
            new_at += len(text)
    return runs


# --- timing -------------------------------------------------------------------------------------


def _clear_planrev_caches() -> None:
    # Cold runs: tokenisations of earlier runs must not make later runs look faster.
    planrev_tokens._tokenize_cached.cache_clear()


CHUNK = 25
"""Pairs timed together before the next method takes its turn."""


def time_methods(pairs: Sequence[Pair], runs: int) -> dict[str, list[float]]:
    """Return each method's total CPU time over the pairs, once per run.

    The methods take turns every :data:`CHUNK` pairs (in rotated order), so a burst of load on
    a shared machine hits them all alike; CPU time leaves out the time the process waited.
    """
    chunks = [pairs[start : start + CHUNK] for start in range(0, len(pairs), CHUNK)]
    times: dict[str, list[float]] = {method.name: [] for method in METHODS}
    for run in range(runs):
        _clear_planrev_caches()
        gc.collect()
        totals = dict.fromkeys(times, 0.0)
        for number, chunk in enumerate(chunks):
            turn = (run + number) % len(METHODS)
            for method in METHODS[turn:] + METHODS[:turn]:
                call = method.run
                started = time.process_time()
                for old, new in chunk:
                    call(old, new)
                totals[method.name] += time.process_time() - started
        for name, total in totals.items():
            times[name].append(total)
    return times


def time_compare(
    drafts: dict[int, tuple[Plan, Revised]], runs: int
) -> dict[int, list[tuple[float, float]]]:
    """Return the wall and CPU time of ``compare`` at each size, once per run."""
    times: dict[int, list[tuple[float, float]]] = {size: [] for size in drafts}
    for _ in range(runs):
        for size, (old, revised) in drafts.items():
            _clear_planrev_caches()
            # Fresh copies of both drafts: planrev remembers each live draft's walk, and a
            # comparison of drafts compared before would not walk them again.
            old_copy, new_copy = pickle.loads(pickle.dumps((old, revised.plan)))
            gc.collect()
            wall, cpu = time.perf_counter(), time.process_time()
            compare(old_copy, new_copy, revised.record, revised.opinions)
            times[size].append((time.perf_counter() - wall, time.process_time() - cpu))
            del old_copy, new_copy
    return times


RESTRUCTURED_SIZES = (1_000, 5_000)
"""Plan sizes of the restructuring figures."""


def make_restructured(seed: int, size: int) -> Restructured:
    """Return a plan of ``size`` sections and a restructured draft of it (5%, deterministic)."""
    rng = random.Random(seed * 100_003 + size + 1)
    return restructure(rng, make_plan(rng, size), rate=EDIT_RATE)


def score_restructurings(
    seed: int, runs: int
) -> tuple[dict[int, dict[str, KindScore]], dict[int, float]]:
    """Return the recall and precision of each restructuring kind per size, and the median CPU
    time of ``compare`` on each restructured pair."""
    scores: dict[int, dict[str, KindScore]] = {}
    seconds: dict[int, float] = {}
    for size in RESTRUCTURED_SIZES:
        pair = make_restructured(seed, size)
        times = []
        for _ in range(runs):
            _clear_planrev_caches()
            old, new = pickle.loads(pickle.dumps((pair.old, pair.new)))
            gc.collect()
            started = time.process_time()
            comparison = compare(old, new)
            times.append(time.process_time() - started)
        seconds[size] = statistics.median(times)
        scores[size] = dict(score(comparison, pair))
    return scores, seconds


def _share(value: float | None) -> str:
    return "–" if value is None else f"{100 * value:.1f}%"


def restructuring_table(
    scores: dict[int, dict[str, KindScore]], seconds: dict[int, float], baseline: float
) -> list[str]:
    """Return the Markdown lines of the restructuring figures."""
    sizes = list(scores)
    lines = [
        "| restructuring | "
        + " | ".join(f"{size:,} sections: made | recall | precision" for size in sizes)
        + " |",
        "|---|" + "---:|---:|---:|" * len(sizes),
    ]
    for kind in KINDS:
        cells = []
        for size in sizes:
            figure = scores[size][kind]
            cells += [str(figure.expected), _share(figure.recall), _share(figure.precision)]
        lines.append(f"| {kind} | " + " | ".join(cells) + " |")
    large = sizes[-1]
    lines += [
        "",
        f"compare of the restructured {large:,}-section pair: {seconds[large]:.3f} s CPU "
        f"(median), {seconds[large] / baseline:.2f}x the {large:,}-section pair with "
        f"{EDIT_RATE:.0%} ordinary edits above (target ≤ 1.5x)",
    ]
    return lines


def count_instructions(seed: int, size: int, cache: Path | None) -> int:
    """Return the instructions ``compare`` executes on the drafts of ``size`` (callgrind)."""
    counts = []
    for with_compare in (False, True):
        command = [
            "valgrind",
            "--tool=callgrind",
            "--callgrind-out-file=/dev/null",
            sys.executable,
            __file__,
            "--child",
            str(seed),
            str(size),
            "1" if with_compare else "0",
            *(["--cache", str(cache)] if cache else ["--no-cache"]),
        ]
        done = subprocess.run(command, capture_output=True, text=True, check=True)
        match = re.search(r"refs:\s+([\d,]+)", done.stderr)
        if match is None:
            raise RuntimeError(f"no instruction count from valgrind:\n{done.stderr}")
        counts.append(int(match.group(1).replace(",", "")))
    return counts[1] - counts[0]


def _child(seed: int, size: int, with_compare: bool, cache: Path | None) -> None:
    diff_text("県民の参加", "住民の参画")  # load the tokenizer in both runs
    old, revised = cached_drafts(seed, size, cache)
    if with_compare:
        compare(old, revised.plan, revised.record, revised.opinions)


# --- the report ---------------------------------------------------------------------------------


def machine() -> dict[str, str]:
    """Describe the machine the figures come from."""
    model = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text(encoding="utf-8").splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return {
        "cpus": str(os.cpu_count()),
        "cpu": model,
        "python": platform.python_version(),
        "system": f"{platform.system()} {platform.release()}",
        "load": f"{load:.2f}",
    }


def _pct(part: int, whole: int) -> str:
    return f"{100 * part / whole:.2f}%" if whole else "–"


def _sections(plan: Plan) -> int:
    return sum(1 for located in walk(plan) if type(located.node).__name__ == "Section")


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print its table."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="3 runs instead of 7")
    parser.add_argument("--runs", type=int, help="timed runs (medians are reported)")
    parser.add_argument("--seed", type=int, default=1, help="seed of the synthetic plans")
    parser.add_argument("--json", type=Path, help="also write every figure to this JSON file")
    parser.add_argument(
        "--show-misses", action="store_true", help="print planrev's off-word boundaries and islands"
    )
    parser.add_argument(
        "--instructions", action="store_true", help="count compare's instructions with callgrind"
    )
    parser.add_argument(
        "--cache",
        type=Path,
        default=Path(os.environ.get("XDG_CACHE_HOME", Path.home() / ".cache"))
        / "planrev-benchmarks",
        help="where generated drafts are kept between runs (default: %(default)s)",
    )
    parser.add_argument("--no-cache", action="store_true", help="always generate the drafts")
    parser.add_argument("--child", nargs=3, type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    cache = None if args.no_cache else args.cache
    if args.child:
        _child(args.child[0], args.child[1], bool(args.child[2]), cache)
        return 0
    runs = args.runs or (3 if args.quick else 7)

    diff_text("県民の参加", "住民の参画")  # load MeCab before anything is timed
    drafts = {size: cached_drafts(args.seed, size, cache) for size in SIZES}
    synthetic = [
        pair for old, revised in drafts.values() for pair in edited_pairs(old, revised.plan)
    ]
    pairs = synthetic + list(HAND_PAIRS)

    judge = Judge()
    readability: dict[str, Readability] = {}
    hand: dict[str, Readability] = {}
    for method in METHODS:
        figures = readability[method.name] = Readability()
        hand_figures = hand[method.name] = Readability()
        for index, (old, new) in enumerate(pairs):
            spans = method.spans(old, new, method.run(old, new))
            figures.add(old, new, spans, judge)
            if index >= len(synthetic):
                hand_figures.add(old, new, spans, judge)

    text_times = time_methods(pairs, runs)
    compare_times = time_compare(drafts, runs)
    restructured, restructured_seconds = score_restructurings(args.seed, runs)
    instructions = (
        {size: count_instructions(args.seed, size, cache) for size in SIZES}
        if args.instructions
        else {}
    )

    median = {name: statistics.median(values) for name, values in text_times.items()}
    ratios = {
        name: statistics.median(
            mine / base for mine, base in zip(values, text_times[BASELINE], strict=True)
        )
        for name, values in text_times.items()
    }
    compare_wall = {
        size: statistics.median(wall for wall, _ in values)
        for size, values in compare_times.items()
    }
    compare_cpu = {
        size: statistics.median(cpu for _, cpu in values) for size, values in compare_times.items()
    }
    sections = {size: _sections(old) for size, (old, _) in drafts.items()}
    small, large = SIZES[0], SIZES[-1]
    scale = math.log(sections[large] / sections[small])
    growth = math.log(compare_cpu[large] / compare_cpu[small]) / scale
    instruction_growth = (
        math.log(instructions[large] / instructions[small]) / scale if instructions else None
    )
    base = readability[BASELINE]
    planrev = readability["planrev diff_text"]
    info = machine()

    names = [method.name for method in METHODS]
    rows: list[tuple[str, list[str], str, str]] = []

    def row(measure: str, cells: list[str], target: str = "", met: bool | None = None) -> None:
        rows.append((measure, cells, target, "" if met is None else ("yes" if met else "**no**")))

    def only(value: str) -> list[str]:
        return [value] + [""] * (len(names) - 1)

    for size in SIZES:
        limit = 1.0 if size == 1_000 else None
        row(
            f"compare, {sections[size]:,} sections: median s, wall (CPU)",
            only(f"{compare_wall[size]:.3f} ({compare_cpu[size]:.3f})"),
            "≤ 1 s" if limit else "",
            compare_wall[size] <= limit if limit else None,
        )
    row(
        f"compare growth exponent {small:,}→{large:,} (CPU time)",
        only(f"{growth:.2f}"),
        "≈ 1 (≤ 1.2)",
        growth <= 1.2,
    )
    if instructions:
        for size in SIZES:
            row(
                f"compare, {sections[size]:,} sections: instructions",
                only(f"{instructions[size] / 1e9:.2f} G"),
            )
        assert instruction_growth is not None
        row(
            f"compare growth exponent {small:,}→{large:,} (instructions)",
            only(f"{instruction_growth:.2f}"),
            "≈ 1 (≤ 1.2)",
            instruction_growth <= 1.2,
        )
    row(
        f"text diff of {len(pairs):,} pairs: median CPU ms",
        [f"{1000 * median[name]:.1f}" for name in names],
    )
    row(
        "time relative to dmp raw (median of runs)",
        [f"{ratios[name]:.2f}x" for name in names],
        "≤ 2x",
        ratios["planrev diff_text"] <= 2.0,
    )
    row(
        "boundaries on words, Sudachi mode C",
        [_pct(readability[name].on_words["C"], readability[name].boundaries) for name in names],
        "≥ 99.5%",
        planrev.on_words["C"] >= 0.995 * planrev.boundaries,
    )
    row(
        "boundaries on words, Sudachi mode A",
        [_pct(readability[name].on_words["A"], readability[name].boundaries) for name in names],
    )
    row(
        "  hand-written pairs only, mode C",
        [_pct(hand[name].on_words["C"], hand[name].boundaries) for name in names],
    )
    row(
        "boundaries inside a number",
        [str(readability[name].in_numbers) for name in names],
        "0",
        planrev.in_numbers == 0,
    )
    row(
        "islands ≤ 2 chars between changes, per pair",
        [f"{readability[name].islands / readability[name].pairs:.3f}" for name in names],
        "≤ 0.02",
        planrev.islands <= 0.02 * planrev.pairs,
    )
    row(
        "characters marked relative to dmp raw",
        [f"{readability[name].marked / base.marked:.3f}x" for name in names],
        "≤ 1.15x",
        planrev.marked <= 1.15 * base.marked,
    )
    row(
        "pairs whose spans rebuild both texts",
        [f"{r.pairs - r.broken}/{r.pairs}" for r in (readability[name] for name in names)],
        "all",
        planrev.broken == 0,
    )

    print(
        f"planrev benchmark — {info['cpus']} CPUs ({info['cpu']}), Python {info['python']}, "
        f"{info['system']}, load average {info['load']} at start"
    )
    print(
        f"{len(synthetic):,} synthetic edited texts from plans of "
        f"{', '.join(f'{sections[s]:,}' for s in SIZES)} sections (seed {args.seed}, "
        f"{EDIT_RATE:.0%} edits) + {len(HAND_PAIRS)} hand-written pairs; "
        f"medians of {runs} runs; judge: SudachiPy + sudachidict_core"
    )
    print()
    header = ["measure", *names, "target", "met"]
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join(["---"] + ["---:"] * len(names) + ["---", "---"]) + "|")
    for measure, cells, target, met in rows:
        print("| " + " | ".join([measure, *cells, target, met]) + " |")

    print()
    print(
        f"Restructured drafts (planrev.testing.restructure, seed {args.seed}, {EDIT_RATE:.0%} of "
        "statements moved, moved with edits, split or merged; sections moved; headings "
        "renumbered): recall and precision of compare"
    )
    print()
    for line in restructuring_table(
        restructured, restructured_seconds, compare_cpu[RESTRUCTURED_SIZES[-1]]
    ):
        print(line)

    if args.show_misses:
        print("\nplanrev: pairs with a boundary off Sudachi's mode C words or an island")
        for old, new, spans in planrev.misses:
            shown = "".join(
                text if op == "=" else (f"[-{text}-]" if op == "-" else f"{{+{text}+}}")
                for op, text in spans
            )
            cuts = " / ".join("|".join(judge.words(text, "C")) for text in (old, new))
            print(f"  {shown}\n    sudachi C: {cuts}")

    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "machine": info,
                    "runs": runs,
                    "seed": args.seed,
                    "pairs": {"synthetic": len(synthetic), "handwritten": len(HAND_PAIRS)},
                    "sections": sections,
                    "compare_seconds": {
                        size: [{"wall": wall, "cpu": cpu} for wall, cpu in values]
                        for size, values in compare_times.items()
                    },
                    "compare_instructions": instructions,
                    "restructured": {
                        size: {
                            kind: {
                                "expected": figure.expected,
                                "found": figure.found,
                                "correct": figure.correct,
                            }
                            for kind, figure in figures.items()
                        }
                        for size, figures in restructured.items()
                    },
                    "restructured_compare_seconds": restructured_seconds,
                    "text_seconds": text_times,
                    "readability": {
                        name: {
                            "boundaries": r.boundaries,
                            "on_words": r.on_words,
                            "in_numbers": r.in_numbers,
                            "islands": r.islands,
                            "marked": r.marked,
                            "pairs": r.pairs,
                            "broken": r.broken,
                        }
                        for name, r in readability.items()
                    },
                    "table": [
                        {
                            "measure": m,
                            "cells": dict(zip(names, c, strict=True)),
                            "target": t,
                            "met": ok,
                        }
                        for m, c, t, ok in rows
                    ],
                },
                ensure_ascii=False,
                indent=2,
            )
            + "\n",
            encoding="utf-8",
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
