"""docs/guide/workflow.md is run: every command of its ``sh`` blocks, in order, exits 0.

The commands run in a temporary folder holding a copy of drafts/aomori-dx and of the guide's
example files, so the page's paths work as written. What the guide shows of the opinions file
and of the next-draft import's report is what the commands write and print.
"""

from __future__ import annotations

import re
import shlex
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planrev.cli import EXIT_OK, main
from planrev.model import OpinionSet
from planrev.storage.documents import load_opinions, loads_document
from tests.conftest import AOMORI, ROOT

GUIDE = ROOT / "docs" / "guide" / "workflow.md"

_BLOCK = re.compile(r"^```(\w*)\n(.*?)^```", re.MULTILINE | re.DOTALL)


def sh_blocks(text: str) -> list[list[list[str]]]:
    """Return each ``sh`` block's commands, each split like a shell."""
    blocks: list[list[list[str]]] = []
    for match in _BLOCK.finditer(text):
        if match.group(1) != "sh":
            continue
        joined = match.group(2).replace("\\\n", " ")
        commands = [shlex.split(line, comments=True) for line in joined.splitlines()]
        blocks.append([command for command in commands if command])
    return blocks


def test_the_guide_runs_commands_only() -> None:
    blocks = sh_blocks(GUIDE.read_text(encoding="utf-8"))
    assert len(blocks) >= 6
    for commands in blocks:
        assert commands
        assert all(command[0] == "planrev" for command in commands)
    commands = [command[1] for block in blocks for command in block]
    for needed in ("todo", "import", "explain", "decide", "audit", "handout"):
        assert needed in commands
    assert any("--into" in command for block in blocks for command in block)


@pytest.fixture
def workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    shutil.copytree(
        AOMORI, tmp_path / "drafts" / "aomori-dx", ignore=shutil.ignore_patterns("source")
    )
    shutil.copytree(GUIDE.parent / "examples", tmp_path / "docs" / "guide" / "examples")
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_every_command_of_the_workflow_guide_runs(workspace: Path) -> None:
    runner = CliRunner()
    text = GUIDE.read_text(encoding="utf-8")
    imported = None
    for commands in sh_blocks(text):
        for command in commands:
            result = runner.invoke(main, command[1:])
            assert result.exit_code == EXIT_OK, (shlex.join(command), result.output)
            if "--into" in command and command[1:3] != ["import", "opinions"]:
                # the report the guide shows (a ``text`` block) is what the import printed
                shown = next(
                    m.group(2)
                    for m in _BLOCK.finditer(text)
                    if m.group(1) == "text" and "の草案にしました" in m.group(2)
                )
                for line in shown.splitlines():
                    assert line in result.output, line
            if command[1:3] == ["import", "opinions"]:
                imported = load_opinions(workspace / "drafts" / "aomori-dx" / "opinions-04.yaml")
    # The opinions file the guide shows is what the import wrote (its first opinion).
    shown = next(m.group(2) for m in _BLOCK.finditer(text) if m.group(1) == "yaml")
    expected = loads_document(shown, None, expect=OpinionSet)
    assert imported is not None
    assert imported.meeting == expected.meeting
    assert imported.opinions[0] == expected.opinions[0]
    assert (workspace / "drafts" / "aomori-dx" / "opinions-04.yaml").is_file()
    assert (workspace / "out" / "aomori-dx" / "responses.md").is_file()
    assert "（未記入）" not in (workspace / "out" / "aomori-dx" / "responses.md").read_text(
        encoding="utf-8"
    )
    todo = runner.invoke(main, ["todo", "drafts/aomori-dx", "--check"])
    assert todo.exit_code == EXIT_OK
    assert "未記入の決定はありません" in todo.output
