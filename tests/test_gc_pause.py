"""The cyclic collector is paused only inside a command, and always switched back on."""

from __future__ import annotations

import gc
from pathlib import Path

from click.testing import CliRunner

from planrev.cli import main
from planrev.gc_pause import paused

EXAMPLE = Path(__file__).resolve().parents[1] / "drafts" / "aomori-dx"


def test_a_command_leaves_the_collector_on() -> None:
    assert gc.isenabled()
    result = CliRunner().invoke(main, ["validate", str(EXAMPLE)])
    assert result.exit_code == 0, result.output
    assert gc.isenabled()


def test_a_failing_command_leaves_the_collector_on(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["validate", str(tmp_path / "missing")])
    assert result.exit_code != 0
    assert gc.isenabled()


def test_the_pause_restores_the_collector_after_an_exception() -> None:
    try:
        with paused():
            assert not gc.isenabled()
            raise RuntimeError
    except RuntimeError:
        pass
    assert gc.isenabled()


def test_the_pause_leaves_a_caller_s_pause_alone() -> None:
    gc.disable()
    try:
        with paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()
