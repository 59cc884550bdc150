"""The tests' own rules: every subprocess runs through the hang guard, no test reads the clock."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from tests.tools import run_tool

TESTS = Path(__file__).parent


def test_a_hanging_tool_fails_the_test_with_a_message() -> None:
    with pytest.raises(pytest.fail.Exception, match=r"python\S* did not finish within 1 s"):
        run_tool([sys.executable, "-c", "import time; time.sleep(600)"], timeout=1)


def test_a_failing_tool_fails_the_test_with_its_error_output() -> None:
    script = "import sys; sys.stderr.write('broken input'); sys.exit(3)"
    with pytest.raises(pytest.fail.Exception, match=r"(?s)exit code 3.*broken input"):
        run_tool([sys.executable, "-c", script], what="the tool")
    done = run_tool([sys.executable, "-c", script], check=False)
    assert done.returncode == 3


FORBIDDEN = re.compile(
    r"subprocess\.(run|call|check_call|check_output)\(|os\.system\(|perf_counter|"
    r"time\.time\(\)|monotonic\(|timeout=\d"
)
"""Direct subprocess calls (run_tool guards them) and wall-clock readings or limits."""


def test_no_test_runs_a_subprocess_unguarded_or_measures_wall_clock_time() -> None:
    offenders = [
        f"{path.relative_to(TESTS)}:{number}: {line.strip()}"
        for path in sorted(TESTS.rglob("*.py"))
        # tools.py holds the guards; the hostile runner is a harness whose forked children
        # it kills after a hang guard (it reads the clock for that, never to time a test)
        if str(path.relative_to(TESTS))
        not in {"tools.py", "test_test_tools.py", "hostile/runner.py"}
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if FORBIDDEN.search(line)
    ]
    assert offenders == []
