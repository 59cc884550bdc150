"""Commands over a plan's whole history: ``audit``, ``blame``, ``log``.

Each reads a drafts folder as one history (:class:`planrev.audit.History`), compares every step
once, and prints text (Japanese, or English with ``--lang en``), JSON (``--json``) or, for the
audit, Markdown or HTML (:mod:`planrev.render.audit`, imported only for those). Comparing many
drafts can take a while: a progress bar is shown on standard error when it does (more than about
a second, and only when standard error is a terminal). A folder of a single draft is a history
of one meeting: its state is audited, and every node dates from it.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path
from types import TracebackType
from typing import Any, TypeVar

import click
from click.shell_completion import CompletionItem

from planrev.audit import History, audit, blame, blame_opinion, load_folder, node_log
from planrev.cli import EXIT_INPUT, EXIT_OK, command, say
from planrev.cli.history_text import (
    audit_lines,
    blame_json,
    blame_lines,
    blame_summary_lines,
    log_json,
    log_lines,
    opinion_json,
    opinion_lines,
    plain_redline,
)
from planrev.cli.terminal import json_text, visible
from planrev.comparison import Op, TextSpan
from planrev.diagnostics import Level
from planrev.errors import PlanrevError
from planrev.guard import guard_outputs
from planrev.i18n import Msg, set_language
from planrev.model import walk
from planrev.storage.documents import write_text_atomic

F = TypeVar("F", bound=Callable[..., Any])

PROGRESS_DELAY = 1.0
"""Seconds of work after which a progress bar appears (on a terminal only)."""

FolderArgument = click.Path(path_type=Path, file_okay=False)


class Progress:
    """A progress bar on standard error that appears only when the work takes a while.

    Called as ``progress(done, total)``; nothing is drawn before :data:`PROGRESS_DELAY` seconds
    have passed, nor ever when standard error is not a terminal (pipes, files, CI logs).
    """

    def __init__(self, label: Msg, *, delay: float = PROGRESS_DELAY) -> None:
        self.label = label
        self.delay = delay
        self.started = time.monotonic()
        self._bar: Any = None
        self._shown = 0

    def __call__(self, done: int, total: int) -> None:
        if self._bar is None:
            if not sys.stderr.isatty() or time.monotonic() - self.started < self.delay:
                return
            self._bar = click.progressbar(length=total, label=str(self.label), file=sys.stderr)
            self._bar.__enter__()
        self._bar.update(done - self._shown)
        self._shown = done

    def __enter__(self) -> Progress:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if self._bar is not None:
            self._bar.__exit__(kind, value, traceback)
            self._bar = None


def _choose_language(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    if value is not None:
        set_language(value)


def language_option(function: F) -> F:
    """Accept ``--lang ja|en`` after the subcommand too (``planrev audit --lang en …``)."""
    return click.option(
        "--lang",
        type=click.Choice(["ja", "en"]),
        default=None,
        is_eager=True,
        expose_value=False,
        callback=_choose_language,
        help="表示言語 / message language (ja, en).",
    )(function)


def json_option(function: F) -> F:
    """Add ``--json``: print JSON instead of text."""
    return click.option("--json", "as_json", is_flag=True, help="JSON で出力 / print JSON.")(
        function
    )


def _echo_json(data: Any) -> None:
    say(json_text(data))


def _folder_ids(ctx: click.Context, opinions: bool) -> list[str]:
    """Return node ids of every draft (or opinion ids) of the folder given so far, or none."""
    folder = ctx.params.get("drafts")
    if folder is None and ctx.args:
        # Completing an option's value, click leaves the arguments unparsed in ctx.args.
        folder = Path(ctx.args[0])
    if folder is None:
        return []
    try:
        loaded = load_folder(folder)
    except PlanrevError:
        return []
    if opinions:
        return [o.id for s in loaded.opinion_sets().values() for o in s.opinions]
    ids: dict[str, None] = {}
    for draft in reversed(loaded.drafts):
        ids.update((located.id, None) for located in walk(draft))
    return list(ids)


def complete_node(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete a NODE argument with the ids of the folder's drafts (latest draft first)."""
    return [CompletionItem(i) for i in _folder_ids(ctx, False) if i.startswith(incomplete)]


def complete_opinion(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete an opinion id with the ids of the folder's opinion files."""
    return [CompletionItem(i) for i in _folder_ids(ctx, True) if i.startswith(incomplete)]


def _prepare(history: History) -> None:
    """Compare every step and follow every node, with a progress bar when it takes a while."""
    with Progress(Msg("草案を比較しています", "comparing drafts")) as progress:
        history.lineages(progress)


# --------------------------------------------------------------------------------------------
# audit


@command(
    "audit",
    Msg(
        "草案フォルダの全履歴を監査し、すべての指摘を一度に表示します。\n\n"
        "各回の変更に理由(意見または注記)があるか、変更記録と草案が合っているか、意見に対応が"
        "決まっているか、ラベルの番号、再掲、KPI の年度、反映後に再び変更された文言(要再確認)"
        "などを調べます。エラー水準の指摘が1件でもあれば終了コード 1、なければ 0 で終わるので、"
        "CI でそのまま使えます。--level で表示する水準を絞れます(終了コードは変わりません)。"
        "--out のファイルが既にあれば --force がなければ上書きせず、草案フォルダのファイルには"
        "--force でも書きません。",
        "Audit the whole history of a drafts folder and report every finding at once.\n\n"
        "Checks that every change has an opinion or a reason, that the records match the drafts, "
        "that every opinion has a disposition, the label numbering, 再掲, KPI years, and texts "
        "changed again after an opinion was reflected (suspect links). Exits 1 when any finding "
        "is of error level, 0 otherwise, so it can run in CI. --level filters what is shown "
        "(not the exit code). --out never replaces an existing file without --force, nor a "
        "file of the drafts folder even with it.",
    ),
)
@click.argument("path", type=FolderArgument)
@json_option
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json", "markdown", "html"]),
    default="text",
    show_default=True,
    help="出力形式(markdown・html は報告書として --out に書くと便利) / output format.",
)
@click.option(
    "--level",
    type=click.Choice([level.value for level in Level]),
    default=Level.INFO.value,
    show_default=True,
    help="表示する最低の水準 / least serious level shown.",
)
@click.option(
    "-o",
    "--out",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="出力先のファイル(既定は標準出力) / write to this file instead of standard output.",
)
@click.option("--force", is_flag=True, help="既存の --out を上書き / overwrite an existing --out.")
@language_option
def audit_command(
    path: Path, as_json: bool, output_format: str, level: str, out: Path | None, force: bool
) -> None:
    history = load_folder(path)
    if out is not None:
        guard_outputs([out], inputs=history.files, force=force)
    with Progress(Msg("草案を比較しています", "comparing drafts")) as progress:
        report = audit(history, progress)
    minimum = Level(level)
    if as_json:
        output_format = "json"
    if output_format == "json":
        text = json_text(report.to_json(minimum)) + "\n"
    elif output_format == "markdown":
        from planrev.render.audit import audit_markdown  # noqa: PLC0415 - templates when asked

        text = audit_markdown(report, minimum)
    elif output_format == "html":
        from planrev.render.audit import audit_html  # noqa: PLC0415 - templates when asked

        text = audit_html(report, minimum)
    else:
        text = "\n".join(audit_lines(report, minimum)) + "\n"
    if out is not None:
        write_text_atomic(out, text)
    else:
        say(text, nl=False)
    sys.exit(EXIT_INPUT if report.exit_code else EXIT_OK)


# --------------------------------------------------------------------------------------------
# blame


@command(
    "blame",
    Msg(
        "最新の草案の各記述・KPI が、どの回のどの変更・どの意見で今の形になったかを表示します。\n\n"
        "NODE を省略すると全記述と KPI を1行ずつ、NODE(記述・KPI・施策などの id)を指定すると"
        "その由来と以後の変更すべて(KPI は値ごと)を表示します。--opinion ID を付けると逆に、"
        "その意見が全会を通じて何を変えたかを表示します。",
        "Show which meeting, change and opinion made each statement and KPI of the latest draft "
        "what it is.\n\n"
        "Without NODE every statement and KPI is listed, one line each; with NODE (the id of a "
        "statement, KPI, section …) its origin and every later change (each KPI cell) are shown. "
        "With --opinion ID, the reverse: everything that opinion changed across meetings.",
    ),
)
@click.argument("drafts", type=FolderArgument)
@click.argument("node", required=False, default=None, shell_complete=complete_node)
@click.option(
    "--opinion",
    "opinion_id",
    default=None,
    shell_complete=complete_opinion,
    metavar="OPINION_ID",
    help="この意見が変えたものを表示 / show what this opinion changed.",
)
@json_option
@language_option
def blame_command(drafts: Path, node: str | None, opinion_id: str | None, as_json: bool) -> None:
    if node is not None and opinion_id is not None:
        raise click.UsageError(
            str(Msg("NODE と --opinion は同時に指定できません", "give NODE or --opinion, not both"))
        )
    history = load_folder(drafts)
    _prepare(history)
    if opinion_id is not None:
        trace = blame_opinion(history, opinion_id)
        if as_json:
            _echo_json(opinion_json(history, trace))
        else:
            say("\n".join(opinion_lines(history, trace)))
        return
    blames = blame(history, node)
    if as_json:
        _echo_json([blame_json(history, item) for item in blames])
    elif node is None:
        say("\n".join(blame_summary_lines(history, blames)))
    else:
        say("\n\n".join("\n".join(blame_lines(history, item)) for item in blames))


# --------------------------------------------------------------------------------------------
# log


def terminal_redline(spans: tuple[TextSpan, ...]) -> str:
    """Return a diff with terminal colours: deletions red and struck, insertions green.

    The text is made visible (:func:`planrev.cli.terminal.visible`) before it is styled.
    """
    parts = []
    for span in spans:
        text = visible(span.text)
        if span.op is Op.EQUAL:
            parts.append(text)
        elif span.op is Op.DELETE:
            parts.append(click.style(text, fg="red", strikethrough=True))
        else:
            parts.append(click.style(text, fg="green", underline=True))
    return "".join(parts)


@command(
    "log",
    Msg(
        "1つの記述(または KPI・施策)の各回の文言と、前の回からの見え消しを表示します。\n\n"
        "id の付け替えや移動があっても同じ記述として追います。端末では色で、それ以外では "
        "[-削除-]{+追加+} の記号で変更を示します(--color/--no-color で指定できます)。",
        "Show one statement's (or KPI's, section's) text at each meeting with the redline from "
        "the meeting before.\n\n"
        "The node is followed through re-keys and moves. Changes are coloured on a terminal and "
        "marked [-deleted-]{+inserted+} otherwise (--color/--no-color to choose).",
    ),
)
@click.argument("drafts", type=FolderArgument)
@click.argument("node", shell_complete=complete_node)
@json_option
@click.option(
    "--color/--no-color",
    "color",
    default=None,
    help="色で表示するか(既定: 端末なら色) / colour the redline (default: on a terminal).",
)
@language_option
def log_command(drafts: Path, node: str, as_json: bool, color: bool | None) -> None:
    history = load_folder(drafts)
    _prepare(history)
    log = node_log(history, node)
    if as_json:
        _echo_json(log_json(history, log))
        return
    colored = sys.stdout.isatty() if color is None else color
    styler = terminal_redline if colored else plain_redline
    # The lines make their user text visible themselves (the styles must stay).
    say("\n".join(log_lines(history, log, styler)), styled=True)
