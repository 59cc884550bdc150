"""The ``planrev`` command line: what every command shares.

The command group is :data:`planrev_console.main.main` (importable without the library, so that
``planrev --version`` and ``planrev --help`` start at once); each command's module here registers
it with :func:`command` when imported, and the group imports that module only when the command
runs. Every command prints through :func:`say` (user text with its control characters made
visible, :mod:`planrev.cli.terminal`) and checks where it writes with :func:`planrev.guard.guard_outputs`.

Exit codes (also in ``planrev --help`` and docs/guide/errors.md):

- 0: success;
- 1: the input has errors (a file that cannot be loaded, or findings of error level);
- 2: the command line itself is wrong (unknown option, missing argument, unknown id or meeting);
- 3: an external program or font an output needs is not installed;
- 4: an output could not be written or rendered (an existing file without ``--force``, or one
  of the command's own inputs);
- 70: an internal error of planrev (a bug: please report it with the command you ran).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, NoReturn, TypeVar

import click

from planrev.audit.history import NotInHistoryError
from planrev.cli.terminal import say, visible
from planrev.errors import PlanrevError, RenderError, ToolMissingError
from planrev.gc_pause import paused
from planrev.i18n import Msg, current_language
from planrev.storage.cache import caching
from planrev_console.main import localised, main

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_TOOL = 3
EXIT_OUTPUT = 4
EXIT_INTERNAL = 70

F = TypeVar("F", bound=Callable[..., Any])


def echo_error(error: PlanrevError) -> None:
    """Print one error to standard error, prefixed in the current language."""
    label = "エラー" if current_language() == "ja" else "error"
    say(f"{label}: {error}", err=True)


def exit_code(error: PlanrevError) -> int:
    """Return the exit code for ``error``: 2 for an unknown id or meeting, 3, 4 or 1."""
    if isinstance(error, NotInHistoryError):
        return EXIT_USAGE
    if isinstance(error, ToolMissingError):
        return EXIT_TOOL
    if isinstance(error, RenderError):
        return EXIT_OUTPUT
    return EXIT_INPUT


def fail(error: PlanrevError) -> NoReturn:
    """Print ``error`` and exit with the code its kind calls for."""
    echo_error(error)
    sys.exit(exit_code(error))


INTERNAL_ERROR = Msg(
    "planrev の内部エラーです。PLANREV_DEBUG=1 を付けて再実行すると詳細が表示されます。"
    "実行したコマンドを添えて報告してください。",
    "internal error in planrev. Run again with PLANREV_DEBUG=1 for details, and "
    "please report it with the command you ran.",
)


@contextmanager
def guarded() -> Iterator[None]:
    """Run a command: every error becomes one message and an exit code, never a traceback.

    The cyclic collector is paused meanwhile (:mod:`planrev.gc_pause`): a command is one short
    run over models without reference cycles. Commands read unchanged drafts from the user's
    cache (:mod:`planrev.storage.cache`; ``PLANREV_CACHE=0`` turns it off).
    """
    try:
        with paused(), caching():
            yield
    except PlanrevError as error:
        fail(error)
    except (click.exceptions.Exit, click.exceptions.Abort, click.ClickException):
        raise
    except BrokenPipeError:
        # The reader went away (`planrev summary … | head`): stop quietly, as cat or git do.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        sys.exit(141)
    except KeyboardInterrupt:
        say("中断しました" if current_language() == "ja" else "interrupted", err=True)
        sys.exit(130)
    except OSError as error:
        label = "エラー" if current_language() == "ja" else "error"
        where = f"{error.filename}: " if error.filename else ""
        say(f"{label}: {where}{error.strerror or error}", err=True)
        sys.exit(EXIT_OUTPUT)
    except Exception:  # a bug: say so plainly, keep the traceback for those who ask
        if os.environ.get("PLANREV_DEBUG"):
            import traceback  # noqa: PLC0415 - only a bug needs it

            traceback.print_exc()
        say(str(INTERNAL_ERROR), err=True)
        sys.exit(EXIT_INTERNAL)


_HELP_MESSAGES: dict[int, Msg] = {}
"""Bilingual help of each command, by the command object's id; printed in the run's language."""


def _localise(command: click.Command) -> None:
    message = _HELP_MESSAGES.get(id(command))
    if message is not None:
        command.help = localised(message)


class PlanrevCommand(click.Command):
    """A subcommand with bilingual help."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _localise(self)
        super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        _localise(self)
        return super().get_short_help_str(limit)


class PlanrevGroup(click.Group):
    """A group of subcommands (``planrev import …``) with bilingual help."""

    command_class = PlanrevCommand

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _localise(self)
        super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        _localise(self)
        return super().get_short_help_str(limit)


def command(name: str, help_msg: Msg, **settings: Any) -> Callable[[F], F]:
    """Register a subcommand whose help is shown in the current language."""

    def decorate(function: F) -> F:
        registered = main.command(name, cls=PlanrevCommand, **settings)(function)
        _HELP_MESSAGES[id(registered)] = help_msg
        return function

    return decorate


__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_TOOL",
    "EXIT_USAGE",
    "PlanrevCommand",
    "PlanrevGroup",
    "command",
    "echo_error",
    "exit_code",
    "fail",
    "guarded",
    "main",
    "say",
    "visible",
]
