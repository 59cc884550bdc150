"""CPU time of whole ``planrev`` processes: how fast the command line starts and answers.

    python benchmarks/startup.py             # 11 runs of each command, medians and minimums
    python benchmarks/startup.py --runs 21   # more runs on a busy machine

Each command runs as a new process, as a secretariat's script runs it; its CPU time (user +
system, of the child process: ``resource.getrusage(RUSAGE_CHILDREN)``) is measured, which a
loaded machine inflates much less than wall time. Targets (issue 17): ``planrev --version`` and
``planrev --help`` ≤ 0.15 s, ``planrev validate drafts/aomori-dx`` ≤ 0.4 s, ``planrev diff
drafts/aomori-dx`` ≤ 0.6 s. ``import planrev`` is shown beside them for reference. The exit code
is 1 when a median misses its target.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = "drafts/aomori-dx"

COMMANDS: list[tuple[str, list[str], float | None]] = [
    ("planrev --version", ["--version"], 0.15),
    ("planrev --help", ["--help"], 0.15),
    (f"planrev validate {EXAMPLE}", ["validate", EXAMPLE], 0.4),
    (f"planrev diff {EXAMPLE}", ["diff", EXAMPLE], 0.6),
    (f"planrev summary {EXAMPLE}", ["summary", EXAMPLE], None),
    (f"planrev audit {EXAMPLE}", ["audit", EXAMPLE], None),
]


def _planrev() -> list[str]:
    """Return how to start the installed ``planrev`` script, beside this Python."""
    beside = Path(sys.executable).with_name("planrev")
    if beside.is_file():
        return [str(beside)]
    found = shutil.which("planrev")
    if found is None:
        raise SystemExit("planrev is not installed: pip install -e .")
    return [found]


def cpu_seconds(command: list[str]) -> float:
    """Run ``command`` to its end and return the CPU time (user + system) it took."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(
        command,
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        check=False,
        env={**os.environ, "PLANREV_LANG": "ja"},
    )
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11, help="runs of each command (default 11)")
    options = parser.parse_args(argv)
    script = _planrev()
    rows: list[tuple[str, list[str], float | None]] = [
        *((name, [*script, *arguments], target) for name, arguments, target in COMMANDS),
        ("python -c 'import planrev'", [sys.executable, "-c", "import planrev"], None),
        ("python -c 'pass'", [sys.executable, "-c", "pass"], None),
    ]
    for _, command, _ in rows:  # warm the file cache and the bytecode first
        cpu_seconds(command)
    load = os.getloadavg()[0]
    print(
        f"{os.cpu_count()} cores, {platform.processor() or platform.machine()}, "
        f"Python {platform.python_version()}, load average {load:.1f}, "
        f"{options.runs} runs; CPU seconds (user + system) of the process"
    )
    print()
    print("| command | median | min | target | met |")
    print("| --- | --- | --- | --- | --- |")
    missed = False
    for name, command, target in rows:
        times = [cpu_seconds(command) for _ in range(options.runs)]
        median = statistics.median(times)
        met = "" if target is None else ("yes" if median <= target else "no")
        missed |= met == "no"
        shown = "" if target is None else f"≤ {target:.2f}"
        print(f"| `{name}` | {median:.3f} | {min(times):.3f} | {shown} | {met} |")
    return 1 if missed else 0


if __name__ == "__main__":
    raise SystemExit(main())
