"""The ``planrev`` front door: its table of commands agrees with the commands themselves."""

from __future__ import annotations

import importlib
import sys

import pytest
from click.testing import CliRunner

from planrev.cli import _HELP_MESSAGES
from planrev.i18n import Msg
from planrev_console.main import COMMANDS, main
from tests.tools import run_tool


def _help_of(name: str) -> Msg:
    command = main.get_command(None, name)  # type: ignore[arg-type]  # no context needed
    assert command is not None, name
    message = _HELP_MESSAGES.get(id(command))
    assert message is not None, f"{name} has no bilingual help"
    return message


@pytest.mark.parametrize("name", sorted(COMMANDS))
def test_each_summary_opens_its_commands_help(name: str) -> None:
    message = _help_of(name)
    summary = COMMANDS[name].summary
    assert message.ja.startswith(summary.ja), name
    assert message.en.startswith(summary.en), name


def test_the_table_lists_every_command_and_nothing_else() -> None:
    for entry in COMMANDS.values():
        for module in entry.modules:
            importlib.import_module(module)
    assert set(main.commands) == set(COMMANDS)


@pytest.mark.parametrize("language", ["ja", "en"])
def test_help_lists_every_command_with_its_summary(language: str) -> None:
    result = CliRunner().invoke(main, ["--lang", language, "--help"], terminal_width=200)
    assert result.exit_code == 0
    for name, entry in COMMANDS.items():
        summary = entry.summary.ja if language == "ja" else entry.summary.en
        assert f"  {name}" in result.output
        assert summary in result.output


def test_an_unknown_command_is_a_usage_error() -> None:
    result = CliRunner().invoke(main, ["nonsense"])
    assert result.exit_code == 2
    assert "nonsense" in result.output


def test_version() -> None:
    from importlib.metadata import version

    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output == f"planrev, version {version('planrev')}\n"


def test_every_import_subcommand_is_there_after_one_module_was_imported_alone() -> None:
    # A script (or a test) that imported one command module must still reach the others that
    # share the command's name: ``import``'s subcommands come from four modules. A process of
    # its own, so that nothing else has imported them before.
    script = (
        "import sys; import planrev.cli.imports; from click.testing import CliRunner; "
        "from planrev_console.main import main; "
        "codes = [CliRunner().invoke(main, ['import', s, '--help']).exit_code "
        "for s in ('marked', 'plain', 'word', 'opinions', 'pdf')]; "
        "sys.exit(max(codes))"
    )
    run_tool([sys.executable, "-c", script], what="a planrev script")
