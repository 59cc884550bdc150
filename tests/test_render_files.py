"""Outputs are written whole or not at all, and new files keep the user's umask."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from planrev.files import write_bytes_atomic, write_text_atomic
from tests.conftest import AOMORI
from tests.tools import run_tool

pytestmark = pytest.mark.skipif(os.name != "posix", reason="permission bits are POSIX")


@contextmanager
def _umask(mask: int) -> Iterator[None]:
    previous = os.umask(mask)
    try:
        yield
    finally:
        os.umask(previous)


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.mark.parametrize(("mask", "expected"), [(0o077, 0o600), (0o022, 0o644), (0o002, 0o664)])
def test_new_files_get_the_mode_the_umask_gives(tmp_path: Path, mask: int, expected: int) -> None:
    target = tmp_path / "sub" / "redline.html"
    with _umask(mask):
        write_text_atomic(target, "見え消し")
    assert target.read_text(encoding="utf-8") == "見え消し"
    assert _mode(target) == expected
    assert [p.name for p in target.parent.iterdir()] == ["redline.html"]


def test_a_replaced_file_keeps_its_own_mode(tmp_path: Path) -> None:
    target = tmp_path / "responses.xlsx"
    target.write_bytes(b"old")
    target.chmod(0o640)
    with _umask(0o022):
        write_bytes_atomic(target, b"new")
    assert target.read_bytes() == b"new"
    assert _mode(target) == 0o640


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "table.md"
    target.write_text("old", encoding="utf-8")

    def full(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full)
    with pytest.raises(OSError, match="No space left"):
        write_bytes_atomic(target, b"new")
    assert target.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["table.md"]


@pytest.mark.slow
def test_handout_files_keep_a_private_umask(tmp_path: Path) -> None:
    out = tmp_path / "out"
    script = "from planrev.cli import main; main()"
    command = (
        f"umask 077 && exec {sys.executable} -c '{script}' handout {AOMORI} --out {out} "
        "--format html,md,docx,xlsx,interactive"
    )
    run_tool(["sh", "-c", command], capture_output=True)
    written = sorted(out.iterdir())
    assert len(written) >= 10
    for path in written:
        assert _mode(path) == 0o600, path.name
