"""External tools for tests: skip without them on a user's machine, fail in CI; run them.

CI sets ``PLANREV_REQUIRE_TOOLS=1``; then a missing tool fails the test instead of skipping it, so
that a broken CI image cannot pass by skipping everything.

Every test that runs an external tool (pandoc, soffice, chromium, pdftoppm, pdftotext …) or the
command line in a subprocess does so through :func:`run_tool`: its timeout is a hang guard only,
generous enough for a machine loaded many times over, and a hang or a failure fails the test with
a message that names the command. No test measures wall-clock time.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

TOOLS: dict[str, tuple[str, ...]] = {
    "pandoc": ("pandoc",),
    "soffice": ("soffice", "libreoffice"),
    "chromium": ("chromium", "chromium-browser", "google-chrome"),
    "pdftotext": ("pdftotext",),
    "pdftoppm": ("pdftoppm",),
    "pdffonts": ("pdffonts",),
    "fc-list": ("fc-list",),
}
"""Each tool the tests may need, with the executable names it goes by."""

DEBIAN_PACKAGES: dict[str, str] = {
    "pandoc": "pandoc",
    "soffice": "libreoffice-writer-nogui libreoffice-calc-nogui",
    "chromium": "chromium",
    "pdftotext": "poppler-utils",
    "pdftoppm": "poppler-utils",
    "pdffonts": "poppler-utils",
    "fc-list": "fontconfig",
}
"""The Debian packages that provide each tool (see .ci/run)."""


def required() -> bool:
    """Return whether missing tools must fail the run (CI) rather than skip."""
    return os.environ.get("PLANREV_REQUIRE_TOOLS", "") not in {"", "0"}


def find_tool(name: str) -> str | None:
    """Return the path of tool ``name``, or None if it is not installed."""
    for executable in TOOLS.get(name, (name,)):
        found = shutil.which(executable)
        if found:
            return found
    return None


def require_tool(name: str) -> str:
    """Return the path of tool ``name``; skip the test without it (fail under PLANREV_REQUIRE_TOOLS)."""
    found = find_tool(name)
    if found is not None:
        return found
    package = DEBIAN_PACKAGES.get(name, name)
    message = f"{name} is not installed (Debian: apt-get install {package})"
    if required():
        pytest.fail(f"PLANREV_REQUIRE_TOOLS=1 but {message}")
    pytest.skip(message)
    raise AssertionError("unreachable")  # pragma: no cover


def require_module(name: str) -> None:
    """Skip (or fail under PLANREV_REQUIRE_TOOLS) when Python module ``name`` cannot be imported."""
    try:
        __import__(name)
    except ImportError as exc:
        message = f"Python module {name} is not installed ({exc})"
        if required():
            pytest.fail(f"PLANREV_REQUIRE_TOOLS=1 but {message}")
        pytest.skip(message)


HANG_GUARD = 1800
"""Seconds after which a subprocess is taken to hang: a guard, not a speed test (pandoc took
minutes on this 2-core machine next to CPU-heavy work; nothing a test runs should come near)."""


def _shown(args: Sequence[str | Path]) -> str:
    words = [Path(str(arg)).name if index == 0 else str(arg) for index, arg in enumerate(args)]
    shown = " ".join(words)
    return shown if len(shown) <= 200 else shown[:200] + " …"


def run_tool(
    args: Sequence[str | Path],
    *,
    timeout: float = HANG_GUARD,
    check: bool = True,
    what: str | None = None,
    **options: Any,
) -> subprocess.CompletedProcess[Any]:
    """Run ``args`` as :func:`subprocess.run` does, with output captured (unless ``stdout`` or
    ``stderr`` is given) and a hang guard.

    A run that does not finish within ``timeout`` seconds fails the test with a message naming
    the command (the process is killed); with ``check`` (the default), so does a non-zero exit,
    with the end of its error output. ``what`` names the tool in these messages.
    """
    if "stdout" not in options and "stderr" not in options:
        options.setdefault("capture_output", True)
    name = what or Path(str(args[0])).name
    try:
        result = subprocess.run([str(arg) for arg in args], timeout=timeout, check=False, **options)
    except subprocess.TimeoutExpired:
        pytest.fail(
            f"{name} did not finish within {timeout:g} s (a hang guard, not a speed limit): "
            f"{_shown(args)}"
        )
    if check and result.returncode != 0:
        error = result.stderr if result.stderr is not None else b""
        if isinstance(error, bytes):
            error = error.decode("utf-8", "replace")
        pytest.fail(
            f"{name} failed (exit code {result.returncode}): {_shown(args)}\n{error[-2000:]}"
        )
    return result


def wait_for(process: subprocess.Popen[Any], what: str, *, timeout: float = HANG_GUARD) -> int:
    """Wait for a started process; fail the test with a message if it hangs."""
    try:
        return process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        pytest.fail(f"{what} did not finish within {timeout:g} s (a hang guard)")
