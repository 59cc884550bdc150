"""The whole pipeline at 100, 1,000 and 5,000 sections, beside its floor and its peers.

    python benchmarks/pipeline.py            # medians of 5 runs (3 at 5,000 sections)
    python benchmarks/pipeline.py --quick    # one run, 100 and 1,000 sections

For each size a drafts folder is generated (realistic administrative Japanese from
``planrev.testing.synthetic``, ~5% of statements edited, some moved, renamed and re-keyed) and
the pipeline runs on it: load both drafts with their opinions and record, compare, audit, render
the HTML redline, the 新旧対照表 and the Word redline. Beside it, measured in the same run:

- the floor: ``json.loads`` of the same two drafts plus a diff-match-patch line-mode diff of the
  concatenated texts (the least any tool must do to read and compare);
- peers on the same texts: raw diff-match-patch (characters), ``difflib.HtmlDiff`` and
  ``redlines`` (skipped where it would take minutes);
- the growth exponent from 100 to 5,000 sections and the peak memory (Python allocations,
  tracemalloc) against the YAML size.

Targets (issue 8): the core pipeline (load, compare, audit, HTML) ≤ 1.0 s and ≤ 3× the floor at
1,000 sections, ≤ 5 s at 5,000, growth exponent ≤ 1.1, peak memory ≤ 20× the YAML size.
"""

from __future__ import annotations

import argparse
import difflib
import gc
import json
import math
import os
import platform
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable
from pathlib import Path
from typing import Any

from diff_match_patch import diff_match_patch

from planrev.audit import audit, load_folder
from planrev.comparison.tokens import _tokenize_cached
from planrev.gc_pause import paused
from planrev.model import Plan, Statement, walk
from planrev.render.html import comparison_table_html, handout_html
from planrev.storage.cache import DraftCache, caching
from planrev.storage.documents import dump_document
from planrev.testing.synthetic import make_plan, revise
from planrev.views import build_comparison_table, build_handout

try:
    from planrev.word.writer import write_redline
except ImportError:  # the Word writer is optional in older checkouts
    write_redline = None  # type: ignore[assignment]

SIZES = (100, 1000, 5000)


def _texts(plan: Plan) -> str:
    return "\n".join(
        located.node.text or "" for located in walk(plan) if isinstance(located.node, Statement)
    )


def _make_case(size: int, folder: Path) -> dict[str, Any]:
    rng = random.Random(size)
    old = make_plan(rng, size, meeting=1)
    revised = revise(rng, old, rate=0.05)
    files = {
        "draft-01.yaml": dump_document(old),
        "draft-02.yaml": dump_document(revised.plan),
        "opinions-02.yaml": dump_document(revised.opinions),
        "revision-01-02.yaml": dump_document(revised.record),
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    return {
        "folder": folder,
        "yaml_bytes": sum(len(text.encode("utf-8")) for text in files.values()),
        "json": [
            json.dumps(old.model_dump(mode="json"), ensure_ascii=False),
            json.dumps(revised.plan.model_dump(mode="json"), ensure_ascii=False),
        ],
        "old_text": _texts(old),
        "new_text": _texts(revised.plan),
        "edits": len(revised.edits),
    }


def _pipeline(folder: Path, out: Path, stages: dict[str, float], *, full: bool) -> None:
    """Run the pipeline once, adding each stage's time to ``stages``.

    It runs as the command line runs a command: with the cyclic garbage collector paused (see
    planrev.gc_pause; reference counting still frees everything as it goes).
    """
    _tokenize_cached.cache_clear()  # no text is tokenized before, as in a fresh process
    with paused():
        _stages(folder, out, stages, full=full)


def _stages(folder: Path, out: Path, stages: dict[str, float], *, full: bool) -> None:
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        stages[name] = stages.get(name, 0.0) + now - clock
        clock = now

    history = load_folder(folder)
    step = history.steps[-1]
    lap("load")
    comparison = step.comparison  # the audit reuses it
    lap("compare")
    audit(history)
    lap("audit")
    handout_html(build_handout(comparison, step.opinions))
    lap("html")
    if not full:
        return
    comparison_table_html(build_comparison_table(comparison, step.opinions))
    lap("table")
    if write_redline is not None:
        write_redline(build_handout(comparison, step.opinions), out / "redline.docx")
        lap("docx")


def _floor(case: dict[str, Any]) -> None:
    with paused():  # measured as the pipeline is
        _floor_work(case)


def _floor_work(case: dict[str, Any]) -> None:
    for text in case["json"]:
        json.loads(text)
    engine = diff_match_patch()
    engine.Diff_Timeout = 0
    old_chars, new_chars, lines = engine.diff_linesToChars(case["old_text"], case["new_text"])
    diffs = engine.diff_main(old_chars, new_chars, False)
    engine.diff_charsToLines(diffs, lines)


def _raw_dmp(case: dict[str, Any]) -> None:
    engine = diff_match_patch()  # its default 1 s time limit: what a user of the raw library gets
    engine.diff_prettyHtml(engine.diff_main(case["old_text"], case["new_text"]))


def _difflib(case: dict[str, Any]) -> None:
    difflib.HtmlDiff().make_file(case["old_text"].splitlines(), case["new_text"].splitlines())


def _redlines(case: dict[str, Any]) -> None:
    from redlines import Redlines

    Redlines(case["old_text"], case["new_text"]).output_markdown  # noqa: B018 - it renders


def _median(function: Callable[[], None], runs: int) -> float:
    times = []
    for _ in range(runs):
        gc.collect()
        start = time.perf_counter()
        function()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def _peak_memory(folder: Path, out: Path) -> int:
    gc.collect()
    tracemalloc.start()
    _pipeline(folder, out, {}, full=False)
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak


def _machine() -> str:
    model = "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="one run, 100 and 1,000 sections")
    parser.add_argument(
        "--redlines-limit",
        type=int,
        default=1000,
        help="largest size to run the redlines peer on (it is quadratic)",
    )
    options = parser.parse_args(argv)
    sizes = SIZES[:2] if options.quick else SIZES
    rows: dict[int, dict[str, Any]] = {}
    with tempfile.TemporaryDirectory() as scratch:
        for size in sizes:
            folder = Path(scratch) / f"plan-{size}"
            out = Path(scratch) / f"out-{size}"
            folder.mkdir()
            out.mkdir()
            case = _make_case(size, folder)
            runs = 1 if options.quick else (3 if size >= 5000 else 5)
            cold: dict[str, float] = {}
            with caching(None):
                _pipeline(folder, out, cold, full=False)  # warms the tokenizer and templates
                cold = {}
                _pipeline(folder, out, cold, full=False)  # every draft parsed from YAML
            samples = []
            # As the command line runs: unchanged drafts from the cache of validated drafts.
            warm = DraftCache(Path(scratch) / "cache")
            with caching(warm):
                _pipeline(folder, out, {}, full=True)  # fills the cache
                for _ in range(runs):
                    stages: dict[str, float] = {}
                    gc.collect()
                    _pipeline(folder, out, stages, full=True)
                    samples.append(stages)
            row = {name: statistics.median(s[name] for s in samples) for name in samples[0]}
            row["core"] = statistics.median(
                sum(s[name] for name in ("load", "compare", "audit", "html")) for s in samples
            )
            row["cold"] = sum(cold.values())
            row["cold_load"] = cold["load"]
            row["floor"] = _median(lambda case=case: _floor(case), runs)
            row["dmp"] = _median(lambda case=case: _raw_dmp(case), runs)
            row["difflib"] = _median(lambda case=case: _difflib(case), runs)
            if size <= options.redlines_limit:
                try:
                    row["redlines"] = _median(lambda case=case: _redlines(case), 1)
                except ImportError:
                    row["redlines"] = math.nan
            else:
                row["redlines"] = math.nan
            with caching(warm):
                row["peak"] = _peak_memory(folder, out)
            row["yaml"] = case["yaml_bytes"]
            row["edits"] = case["edits"]
            rows[size] = row
            print(f"… {size} sections done", file=sys.stderr)

    print(f"planrev pipeline benchmark — {_machine()}")
    print()
    header = (
        "sections",
        "edits",
        "cold load",
        "cold core",
        "load",
        "compare",
        "audit",
        "html",
        "core",
        "table",
        "docx",
        "floor",
        "core/floor",
        "raw dmp",
        "difflib",
        "redlines",
        "peak MB",
        "peak/yaml",
    )
    print("| " + " | ".join(header) + " |")
    print("|" + "---|" * len(header))
    for size, row in rows.items():
        cells = [
            f"{size:,}",
            str(row["edits"]),
            f"{row['cold_load']:.3f}",
            f"{row['cold']:.3f}",
            *(f"{row[name]:.3f}" for name in ("load", "compare", "audit", "html", "core")),
            f"{row.get('table', math.nan):.3f}",
            f"{row.get('docx', math.nan):.3f}",
            f"{row['floor']:.3f}",
            f"{row['core'] / row['floor']:.1f}×",
            f"{row['dmp']:.3f}",
            f"{row['difflib']:.3f}",
            "—" if math.isnan(row["redlines"]) else f"{row['redlines']:.3f}",
            f"{row['peak'] / 1e6:.1f}",
            f"{row['peak'] / row['yaml']:.1f}×",
        ]
        print("| " + " | ".join(cells) + " |")
    print()
    print("Times in seconds (medians); core = load + compare + audit + HTML redline. 'cold' runs")
    print("parse every YAML file; the others read unchanged drafts from planrev's cache of")
    print("validated drafts (see planrev.storage.cache), as a secretariat re-rendering does.")
    if 100 in rows and 5000 in rows:
        exponent = math.log(rows[5000]["core"] / rows[100]["core"]) / math.log(50)
        print(f"Growth exponent of the core pipeline, 100 → 5,000 sections: {exponent:.2f}")
    if 1000 in rows:
        row = rows[1000]
        print(
            f"1,000 sections: core {row['core']:.2f} s, cold {row['cold']:.2f} s (target ≤ 1.0 s), "
            f"{row['core'] / row['floor']:.1f}× the floor (target ≤ 3×)"
        )
    if 5000 in rows:
        print(
            f"5,000 sections: core {rows[5000]['core']:.2f} s, cold {rows[5000]['cold']:.2f} s "
            "(target ≤ 5 s)"
        )
    worst = max(row["peak"] / row["yaml"] for row in rows.values())
    print(f"Peak memory: at most {worst:.1f}× the YAML size (target ≤ 20×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
