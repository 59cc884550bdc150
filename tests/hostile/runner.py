"""Run ``planrev`` commands, each in a forked child under memory and CPU limits (issue 18).

Usage: ``python -m tests.hostile.runner SPEC.json RESULTS.json``. The spec lists the commands
(``name``, ``args``, ``cwd``, ``stdout``, ``stderr``) and the limits (``memory`` bytes,
``cpu`` seconds). planrev is imported once; each command runs in a child forked from this
process with ``resource.setrlimit(RLIMIT_AS)`` and ``RLIMIT_CPU`` set, so the limits are enforced
by the kernel, not measured by a clock. A child that blocks without using CPU (a FIFO) is killed
after ``hang`` seconds of wall-clock time — a hang guard, not a measure.

Each result: ``exit`` (the exit code, or minus the signal that ended the child), ``cpu``
seconds, ``max_rss_kb`` and ``hung``.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any


def _child(case: dict[str, Any], memory: int, cpu: int) -> None:  # pragma: no cover - child
    code = 99
    try:
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu))
        os.chdir(case["cwd"])
        for number, name in ((1, case["stdout"]), (2, case["stderr"])):
            descriptor = os.open(name, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
            os.dup2(descriptor, number)
            os.close(descriptor)
        stdin = os.open(os.devnull, os.O_RDONLY)
        os.dup2(stdin, 0)
        os.environ.update(case.get("env", {}))
        from planrev.cli import main

        try:
            main.main(args=case["args"], prog_name="planrev", standalone_mode=True)
            code = 0
        except SystemExit as exc:
            code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        traceback.print_exc()
        code = 98
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):
                stream.flush()
        os._exit(code)


def run(spec: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """Run every case of ``spec``; return the results by case name."""
    import planrev.cli  # noqa: F401 - once, before forking

    results: dict[str, dict[str, Any]] = {}
    for case in spec["cases"]:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - child
            _child(case, spec["memory"], spec["cpu"])
        deadline = time.monotonic() + spec["hang"]
        hung = False
        while True:
            done, status, usage = os.wait4(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                hung = True
                os.kill(pid, signal.SIGKILL)
                done, status, usage = os.wait4(pid, 0)
                break
            time.sleep(0.02)
        results[case["name"]] = {
            "exit": os.waitstatus_to_exitcode(status),
            "cpu": round(usage.ru_utime + usage.ru_stime, 2),
            "max_rss_kb": usage.ru_maxrss,
            "hung": hung,
        }
    return results


if __name__ == "__main__":
    specification = json.loads(Path(sys.argv[1]).read_text(encoding="utf-8"))
    Path(sys.argv[2]).write_text(json.dumps(run(specification), indent=1), encoding="utf-8")
