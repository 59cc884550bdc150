"""The wheel ships the static files (styles, script) the renderers need."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.tools import require_module, run_tool

STATIC = Path(ROOT, "src", "planrev", "render", "static")


@pytest.mark.slow
def test_the_wheel_holds_every_static_file(tmp_path: Path) -> None:
    require_module("hatchling")
    run_tool(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "--quiet",
            "--wheel-dir",
            str(tmp_path),
            str(ROOT),
        ],
        capture_output=True,
    )
    (wheel,) = tmp_path.glob("planrev-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "planrev/render/static/" + path.relative_to(STATIC).as_posix()
        for path in STATIC.rglob("*")
        if path.is_file()
    }
    assert expected
    assert expected <= names
