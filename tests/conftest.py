"""Shared fixtures."""

from __future__ import annotations

import atexit
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

ROOT = Path(__file__).resolve().parent.parent
"""The repository's root."""
AOMORI = ROOT / "drafts" / "aomori-dx"
"""The R5.7.26 example drafts folder."""
SEED = AOMORI / "source" / "R5.7.26-handout-excerpt.txt"
"""The real R5.7.26 excerpt as converted from PDF (a copy of the shared seed file)."""

# Each test session reads and writes its own cache of validated drafts (never the user's),
# removed when the session ends.
if "PLANREV_CACHE_DIR" not in os.environ:
    _CACHE = tempfile.mkdtemp(prefix="planrev-cache-")
    os.environ["PLANREV_CACHE_DIR"] = _CACHE
    atexit.register(shutil.rmtree, _CACHE, ignore_errors=True)

settings.register_profile(
    "ci", max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)

settings.register_profile("dev", max_examples=50, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "dev"))


@pytest.fixture
def aomori() -> Path:
    """Return the path of the R5.7.26 example drafts folder."""
    return AOMORI


@pytest.fixture(autouse=True)
def _japanese_messages(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Run every test with Japanese messages, whatever the machine's locale.

    A test about language choice may change ``PLANREV_LANG`` or call ``set_language``; the choice
    is reset afterwards so that it cannot leak into the next test (the CLI's ``--lang`` sets it
    for the whole process).
    """
    from planrev.i18n import set_language

    monkeypatch.setenv("PLANREV_LANG", "ja")
    set_language(None)
    yield
    set_language(None)
