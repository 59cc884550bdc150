"""External tools for tests: skip without them on a user's machine, fail in CI.

CI sets ``PLANREV_REQUIRE_TOOLS=1``; then a missing tool fails the test instead of skipping it, so
that a broken CI image cannot pass by skipping everything.
"""

from __future__ import annotations

import os
import shutil

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
