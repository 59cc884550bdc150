"""The wheel ships the templates and static files the renderers need."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.tools import require_module

TEMPLATES = Path(ROOT, "src", "planrev", "render", "templates")


@pytest.mark.slow
def test_the_wheel_holds_every_template(tmp_path: Path) -> None:
    require_module("hatchling")
    subprocess.run(
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
        check=True,
        capture_output=True,
        timeout=300,
    )
    (wheel,) = tmp_path.glob("planrev-*.whl")
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = {
        "planrev/render/templates/" + path.relative_to(TEMPLATES).as_posix()
        for path in TEMPLATES.rglob("*")
        if path.is_file()
    }
    assert expected
    assert expected <= names
