"""The ``planrev`` command group: answers ``--version`` and ``--help`` without the library.

Each command lives in a module of :mod:`planrev.cli` that registers it on :data:`main` when
imported; :data:`COMMANDS` says which module that is and gives the command's one-line summary,
so that ``planrev --help`` lists every command without importing any of them. Running a command
imports its module (and so the library) and runs it inside :func:`planrev.cli.guarded`, which
turns every error into one message and an exit code.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import Any

import click

from planrev_console.language import Msg, current_language, set_language

__all__ = ["COMMANDS", "HELP", "CommandEntry", "Launcher", "main"]


@dataclass(frozen=True, slots=True)
class CommandEntry:
    """Where a command is defined, and its summary for ``planrev --help``."""

    modules: tuple[str, ...]
    """The modules that register the command (and its subcommands) when imported."""
    summary: Msg
    """The first sentence of the command's help (a test checks that they agree)."""


COMMANDS: dict[str, CommandEntry] = {
    "audit": CommandEntry(
        ("planrev.cli.audit",),
        Msg(
            "草案フォルダの全履歴を監査し、すべての指摘を一度に表示します。",
            "Audit the whole history of a drafts folder and report every finding at once.",
        ),
    ),
    "blame": CommandEntry(
        ("planrev.cli.audit",),
        Msg(
            "最新の草案の各記述・KPI が、どの回のどの変更・どの意見で今の形になったかを表示します。",
            "Show which meeting, change and opinion made each statement and KPI of the latest "
            "draft what it is.",
        ),
    ),
    "clean": CommandEntry(
        ("planrev.cli.handout",),
        Msg(
            "溶け込み版(変更を反映した新しい文言だけの版)だけを作ります。",
            "Make the clean copy (溶け込み版) only.",
        ),
    ),
    "decide": CommandEntry(
        ("planrev.cli.decide",),
        Msg(
            "意見の対応(反映・一部反映・反映しない…)と事務局の考え方を記録します。",
            "Record an opinion's disposition (対応) and the secretariat's response (考え方).",
        ),
    ),
    "diff": CommandEntry(
        ("planrev.cli.diff",),
        Msg(
            "2つの草案(または草案フォルダの2つの回、または2つのテキストファイル)の差分を表示します。",
            "Show the changes between two drafts (or two meetings of a drafts folder, or two "
            "text files).",
        ),
    ),
    "handout": CommandEntry(
        ("planrev.cli.handout",),
        Msg(
            "配布資料一式(見え消し版・溶け込み版・新旧対照表・意見対応表、対話型の見え消し版)を"
            "作ります。",
            "Make the handout set: redline, clean copy, 新旧対照表, 意見対応表 and the "
            "interactive redline.",
        ),
    ),
    "explain": CommandEntry(
        ("planrev.cli.decide",),
        Msg(
            "変更記録の1つの変更に、理由となる意見や注記を結び付けます。",
            "Attach opinions and/or a reason to one change of a revision record.",
        ),
    ),
    "export": CommandEntry(
        ("planrev.cli.opinions",),
        Msg(
            "草案フォルダの内容を、元の資料の形に書き出します。",
            "Write a drafts folder's data back into the layout of the original material.",
        ),
    ),
    "import": CommandEntry(
        ("planrev.cli.imports", "planrev.cli.word", "planrev.cli.opinions", "planrev.cli.pdf"),
        Msg(
            "既存の資料を草案(YAML)に取り込みます。",
            "Import existing documents as drafts (YAML).",
        ),
    ),
    "log": CommandEntry(
        ("planrev.cli.audit",),
        Msg(
            "1つの記述(または KPI・施策)の各回の文言と、前の回からの見え消しを表示します。",
            "Show one statement's (or KPI's, section's) text at each meeting with the redline "
            "from the meeting before.",
        ),
    ),
    "redline": CommandEntry(
        ("planrev.cli.handout",),
        Msg(
            "見え消し版(変更を記号・下線・取消線で示し、意見の表を添えた版)だけを作ります。",
            "Make the redline (見え消し版) only.",
        ),
    ),
    "responses": CommandEntry(
        ("planrev.cli.handout",),
        Msg(
            "意見対応表(意見ごとに番号・意見者・意見・対応・事務局の考え方・反映箇所)だけを"
            "作ります。",
            "Make the 意見対応表 (opinion responses) only.",
        ),
    ),
    "schema": CommandEntry(
        ("planrev.cli.basic",),
        Msg(
            "草案・意見・変更記録の YAML の JSON Schema を出力します。",
            "Print the JSON Schema of the draft, opinions or revision YAML.",
        ),
    ),
    "summary": CommandEntry(
        ("planrev.cli.basic",),
        Msg(
            "草案フォルダの概要(各回の草案、変更とその理由、意見の対応状況)を表示します。",
            "Summarise a drafts folder: the drafts of each meeting, the changes with their "
            "reasons, and what became of each opinion.",
        ),
    ),
    "table": CommandEntry(
        ("planrev.cli.handout",),
        Msg(
            "新旧対照表だけを作ります。",
            "Make the 新旧対照表 (old/new comparison table) only; headings, column order and "
            "the remarks column are configurable.",
        ),
    ),
    "todo": CommandEntry(
        ("planrev.cli.decide",),
        Msg(
            "まだ記録していない決定(理由のない変更、対応や考え方のない意見など)を一覧します。",
            "List the decisions still to be recorded (changes with no reason, opinions with no "
            "disposition or response, …).",
        ),
    ),
    "validate": CommandEntry(
        ("planrev.cli.basic",),
        Msg(
            "草案・意見・変更記録のファイル、または草案フォルダを検証します。",
            "Validate draft, opinions and revision files, or whole drafts folders.",
        ),
    ),
}
"""Every command of ``planrev``, by name."""

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
  4  出力を書き込めない・作れない(既にあるファイルを --force なしで、または入力ファイルに)
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
  4  an output could not be written or rendered (an existing file without --force, or an input)
  70 internal error of planrev (a bug: please report it with the command you ran)

Japanese messages are the default; use --lang ja/en or PLANREV_LANG.""",
)
"""The help of ``planrev`` itself."""


def unwrapped(text: str) -> str:
    """Mark every paragraph of a Japanese help text not to be re-wrapped.

    Japanese has no spaces between words, so click's wrapper would cut lines at hyphens inside
    paths (``drafts/aomori-`` / ``dx``); the terminal wraps the lines instead.
    """
    paragraphs = text.split("\n\n")
    return "\n\n".join(
        paragraph if paragraph.startswith("\b") else "\b\n" + paragraph for paragraph in paragraphs
    )


def localised(message: Msg) -> str:
    """Return a help text in the current language, ready for click's formatter."""
    return unwrapped(message.ja) if current_language() == "ja" else message.en


class Launcher(click.Group):
    """The ``planrev`` group: commands are imported when they run, listed from :data:`COMMANDS`."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        entry = COMMANDS.get(cmd_name)
        if entry is not None:
            # Every module of the entry, even when the command is there already: ``import``'s
            # subcommands come from several modules, and one of them may have been imported
            # alone (importing a module twice costs nothing).
            for module in entry.modules:
                importlib.import_module(module)
        return self.commands.get(cmd_name)

    def format_help_text(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.help = localised(HELP)
        super().format_help_text(ctx, formatter)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, str(COMMANDS[name].summary)) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def invoke(self, ctx: click.Context) -> Any:
        # The library is loaded from here on: the command's module needs it anyway.
        from planrev.cli import guarded  # noqa: PLC0415

        with guarded():
            return super().invoke(ctx)


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    if value is not None:
        set_language(value)
    return value


@click.group(cls=Launcher, context_settings={"help_option_names": ["-h", "--help"]})
@click.option(
    "--lang",
    type=click.Choice(["ja", "en"]),
    default=None,
    is_eager=True,
    expose_value=False,
    callback=_choose_language,
    help="表示言語 / message language (ja, en).",
)
@click.version_option(package_name="planrev", prog_name="planrev")
def main() -> None:
    """Run a planrev command (the help shown is :data:`HELP`)."""
