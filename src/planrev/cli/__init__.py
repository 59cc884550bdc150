"""The ``planrev`` command line.

Exit codes (also in ``planrev --help`` and docs/errors.md):

- 0: success;
- 1: the input has errors (a file that cannot be loaded, or findings of error level);
- 2: the command line itself is wrong (unknown option, missing argument);
- 3: an external program or font an output needs is not installed;
- 4: an output could not be written or rendered;
- 70: an internal error of planrev (a bug: please report it with the command you ran).
"""

from __future__ import annotations

import os
import sys
import traceback
from collections.abc import Callable
from typing import Any, TypeVar

import click

from planrev import __version__
from planrev.errors import LoadError, PlanrevError, RenderError, ToolMissingError
from planrev.gc_pause import paused
from planrev.i18n import Msg, current_language, set_language
from planrev.storage.cache import caching

EXIT_OK = 0
EXIT_INPUT = 1
EXIT_USAGE = 2
EXIT_TOOL = 3
EXIT_OUTPUT = 4
EXIT_INTERNAL = 70

F = TypeVar("F", bound=Callable[..., Any])

HELP = Msg(
    """planrev — 計画の草案をデータとして管理し、見え消し版・新旧対照表・意見対応表を作ります。

草案(drafts/<計画名>/*.yaml)を読み、検証し、比較し、配布資料を出力します。
各コマンドの使い方は `planrev コマンド --help` で表示されます。

\b
終了コード:
  0  成功
  1  入力にエラーがある(読み込めないファイル、エラー水準の指摘)
  2  コマンドラインの誤り(不明なオプション、引数の不足)
  3  出力に必要な外部プログラムやフォントがない
  4  出力を書き込めない・作れない
  70 planrev の内部エラー(不具合です。実行したコマンドを添えて報告してください)

英語の表示: --lang en または環境変数 LANG=en_US.UTF-8""",
    """planrev — plan drafts as data: redline handouts, 新旧対照表 and 意見対応表.

Reads drafts (drafts/<plan>/*.yaml), validates, compares and renders them.
Run `planrev COMMAND --help` for each command.

\b
Exit codes:
  0  success
  1  the input has errors (a file that cannot be loaded, findings of error level)
  2  the command line is wrong (unknown option, missing argument)
  3  an external program or font an output needs is missing
  4  an output could not be written or rendered
  70 internal error of planrev (a bug: please report it with the command you ran)

Japanese messages are the default; use --lang ja/en or PLANREV_LANG.""",
)


def echo_error(error: PlanrevError) -> None:
    """Print one error to standard error, prefixed in the current language."""
    label = "エラー" if current_language() == "ja" else "error"
    click.echo(f"{label}: {error}", err=True)


def fail(error: PlanrevError) -> None:
    """Print ``error`` and exit with the code its kind calls for."""
    echo_error(error)
    if isinstance(error, ToolMissingError):
        sys.exit(EXIT_TOOL)
    if isinstance(error, RenderError):
        sys.exit(EXIT_OUTPUT)
    sys.exit(EXIT_INPUT)


_HELP_MESSAGES: dict[int, Msg] = {}
"""Bilingual help of each command, by the command object's id; printed in the run's language."""


def _localise(command: click.Command) -> None:
    message = _HELP_MESSAGES.get(id(command))
    if message is not None:
        command.help = _unwrapped(str(message)) if current_language() == "ja" else str(message)


def _unwrapped(text: str) -> str:
    """Mark every paragraph of a Japanese help text not to be re-wrapped.

    Japanese has no spaces between words, so click's wrapper would cut lines at hyphens inside
    paths (``drafts/aomori-`` / ``dx``); the terminal wraps the lines instead.
    """
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        paragraph if paragraph.startswith("\b") else "\b\n" + paragraph for paragraph in paragraphs
    )


class PlanrevCommand(click.Command):
    """A subcommand with bilingual help."""

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _localise(self)
        super().format_help_text(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        _localise(self)
        return super().get_short_help_str(limit)


class PlanrevGroup(click.Group):
    """The top-level group: maps planrev errors to messages and exit codes, never tracebacks."""

    command_class = PlanrevCommand

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        _localise(self)
        super().format_help_text(ctx, formatter)

    def invoke(self, ctx: click.Context) -> Any:
        try:
            # A command is one short run over models without reference cycles; the cyclic
            # collector would only re-walk every loaded draft again and again (planrev.gc_pause).
            # Commands read unchanged drafts from the user's cache (PLANREV_CACHE=0 turns it off).
            with paused(), caching():
                return super().invoke(ctx)
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
            click.echo("中断しました" if current_language() == "ja" else "interrupted", err=True)
            sys.exit(130)
        except OSError as error:
            label = "エラー" if current_language() == "ja" else "error"
            where = f"{error.filename}: " if error.filename else ""
            click.echo(f"{label}: {where}{error.strerror or error}", err=True)
            sys.exit(EXIT_OUTPUT)
        except Exception:  # a bug: say so plainly, keep the traceback for those who ask
            if os.environ.get("PLANREV_DEBUG"):
                traceback.print_exc()
            message = Msg(
                "planrev の内部エラーです。PLANREV_DEBUG=1 を付けて再実行すると詳細が表示されます。"
                "実行したコマンドを添えて報告してください。",
                "internal error in planrev. Run again with PLANREV_DEBUG=1 for details, and "
                "please report it with the command you ran.",
            )
            click.echo(str(message), err=True)
            sys.exit(EXIT_INTERNAL)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        set_language(value)
    return value


@click.group(cls=PlanrevGroup, help=None, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_choose_language,
    help="表示言語 / message language (ja, en).",
)
@click.version_option(__version__, prog_name="planrev")
def main() -> None:
    pass


_HELP_MESSAGES[id(main)] = HELP


def command(name: str, help_msg: Msg, **settings: Any) -> Callable[[F], F]:
    """Register a subcommand whose help is shown in the current language."""

    def decorate(function: F) -> F:
        registered = main.command(name, cls=PlanrevCommand, **settings)(function)
        _HELP_MESSAGES[id(registered)] = help_msg
        return function

    return decorate


# Subcommands register themselves on import.
from planrev.cli import audit, basic, diff, handout  # noqa: E402,F401

from planrev.cli import imports  # noqa: E402,F401  # isort: skip

__all__ = [
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_OK",
    "EXIT_OUTPUT",
    "EXIT_TOOL",
    "EXIT_USAGE",
    "LoadError",
    "command",
    "echo_error",
    "fail",
    "main",
]

# The Word importer attaches itself to the ``import`` group registered above.
from planrev.cli import word  # noqa: E402,F401
