"""Commands that make handouts: ``handout`` (the whole set), ``redline``, ``clean``, ``table``
and ``responses`` (one document each).

All of them compare two drafts of a drafts folder (by default the latest draft with the one
before it), render in memory, then write each file atomically, and print what they wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TypeVar

import click

from planrev.audit import load_folder
from planrev.cli import command, say
from planrev.diagnostics import Finding, Level
from planrev.handouts import (
    DOCUMENT_NAMES,
    FORMAT_NAMES,
    VARIANT_NAMES,
    WORD_CHOICES,
    HandoutFile,
    Handouts,
    check_author,
    choose_formats,
    write_cumulative_responses,
    write_handouts,
)
from planrev.i18n import Msg, current_language
from planrev.presentation import meeting_label
from planrev.views import HandoutOptions, TableOptions

F = TypeVar("F", bound=Callable[..., Any])

PathArgument = click.Path(path_type=Path)


def _formats(text: str | None, documents: Sequence[str]) -> list[str] | None:
    """Return the formats named in ``--format`` (checked), or None when it is not given."""
    if text is None:
        return None
    names = [part.strip() for part in text.split(",") if part.strip()]
    try:
        choose_formats(names, documents)
    except ValueError as error:
        raise click.BadParameter(str(error.args[0]), param_hint="--format") from None
    return names


def _only(text: str | None) -> list[str] | None:
    return None if text is None else [part.strip() for part in text.split(",")]


def _warn(findings: Iterable[Finding]) -> None:
    label = "注意" if current_language() == "ja" else "warning"
    for finding in findings:
        if finding.level in {Level.ERROR, Level.WARNING}:
            say(f"{label}: {finding.message}", err=True)


def _document_label(file: HandoutFile) -> str:
    kind = f"{FORMAT_NAMES[file.format]}"
    if file.variant:
        kind += f"・{VARIANT_NAMES[file.variant]}"
    return f"{DOCUMENT_NAMES[file.document]} ({kind})"


def _report(result: Handouts, summary: Msg) -> None:
    say(str(summary))
    for file in result.files:
        say(f"  {_document_label(file)}: {file.path}")
    if any(file.format == "pdf" for file in result.files):
        from planrev.render.fonts import find_japanese_font  # noqa: PLC0415 - fonts for PDFs

        font = find_japanese_font().describe()
        say(str(Msg(f"PDF のフォント: {font.ja}", f"PDF font: {font.en}")))
    if result.pdf_skipped is not None:
        label = "PDF は作りませんでした" if current_language() == "ja" else "PDF skipped"
        say(f"{label}: {result.pdf_skipped}", err=True)
    if result.audit_errors:
        count = len(result.audit_errors)
        say(
            str(
                Msg(
                    f"注意: 監査のエラーが{count}件あります(planrev audit {_folder_hint(result)} "
                    "で確認できます。--strict を付けるとエラーがあるときは書き出しません)",
                    f"warning: the audit found {count} error(s) (see planrev audit "
                    f"{_folder_hint(result)}; with --strict nothing is written when it does)",
                )
            ),
            err=True,
        )


def _folder_hint(result: Handouts) -> str:
    return str(result.step.history.path) if result.step is not None else "FOLDER"


def _run(
    *,
    folder_path: Path,
    out: Path,
    formats_text: str | None,
    only_text: str | None,
    old: int | None,
    new: int | None,
    documents: Sequence[str],
    force: bool,
    strict: bool,
    table_options: TableOptions | None = None,
    handout_options: HandoutOptions | None = None,
    word: str = "both",
    author: str = "事務局",
) -> None:
    formats = _formats(formats_text, documents)
    step = load_folder(folder_path).between(old, new)
    _warn(step.comparison.findings)
    try:
        result = write_handouts(
            step,
            out,
            documents=documents,
            formats=formats,
            only=_only(only_text),
            table_options=table_options,
            handout_options=handout_options,
            word=word,
            author=author,
            force=force,
            strict=strict,
        )
    except ValueError as error:  # an --only id that is no pillar, field or section
        raise click.BadParameter(str(error.args[0]), param_hint="--only") from None
    old_label, new_label = meeting_label(step.old.meta), meeting_label(step.new.meta)
    written = len(result.files)
    _report(
        result,
        Msg(
            f"{old_label} → {new_label}: {written}個のファイルを {out} に書き出しました",
            f"meeting {step.old_meeting} → {step.new_meeting}: wrote {written} files to {out}",
        ),
    )


def _run_cumulative(
    folder_path: Path, out: Path, formats_text: str | None, force: bool, strict: bool
) -> None:
    """Write the 意見対応表 over every meeting of a drafts folder."""
    formats = _formats(formats_text, ("responses",))
    history = load_folder(folder_path)
    result = write_cumulative_responses(history, out, formats=formats, force=force, strict=strict)
    steps = len(history.steps)
    opinions = sum(len(step.opinions.opinions) for step in history.steps if step.opinions)
    _report(
        result,
        Msg(
            f"{steps}回分の意見対応表(意見{opinions}件)を {out} に書き出しました",
            f"wrote the 意見対応表 of {steps} revisions ({opinions} opinions) to {out}",
        ),
    )


def _check_author(ctx: click.Context, param: click.Parameter, value: str) -> str:
    try:
        check_author(value)
    except ValueError as error:
        raise click.BadParameter(str(error.args[0])) from None
    return value


# ---- options ------------------------------------------------------------------------------

_FORMAT_HELP = (
    "出力形式をカンマ区切りで(html,pdf,md,docx,xlsx,interactive)。既定はすべてで、PDF は作れる環境"
    "でのみ作る / formats, comma-separated; default: all (PDF where it can be made)."
)


def _common(function: F) -> F:
    decorators = [
        click.argument("folder", type=PathArgument),
        click.option(
            "--out",
            "-o",
            "out",
            type=PathArgument,
            required=True,
            help="書き出すフォルダ / folder to write to.",
        ),
        click.option("--format", "-f", "formats", default=None, help=_FORMAT_HELP),
        click.option(
            "--only",
            default=None,
            help="載せる柱・分野・施策の id(カンマ区切り、抜粋になる) / "
            "ids of the pillars, fields or sections to include (an excerpt).",
        ),
        click.option(
            "--from",
            "old",
            type=int,
            default=None,
            help="比較する前の草案の回(既定: --to の直前) / meeting of the older draft.",
        ),
        click.option(
            "--to",
            "new",
            type=int,
            default=None,
            help="資料にする草案の回(既定: 最新) / meeting of the newer draft (default: latest).",
        ),
        click.option(
            "--force",
            is_flag=True,
            help="既にあるファイルを上書き(入力ファイルには書かない) / overwrite existing files "
            "(never an input).",
        ),
        click.option(
            "--strict",
            is_flag=True,
            help="監査にエラーがあれば書き出さない / write nothing when the audit has errors.",
        ),
    ]
    for decorate in reversed(decorators):
        function = decorate(function)
    return function


def _author(function: F) -> F:
    return click.option(
        "--author",
        default="事務局",
        show_default=True,
        callback=_check_author,
        help="Word の変更履歴とコメントの作成者(255文字まで) / author of the Word tracked "
        "changes (up to 255 characters).",
    )(function)


def _word(function: F) -> F:
    return click.option(
        "--word",
        type=click.Choice(WORD_CHOICES),
        default="both",
        show_default=True,
        help="Word で書く見え消し版: both(両方)、tracked(変更履歴とコメント付き "
        "redline-tracked.docx)、mikeshi(印刷する見え消し版 redline.docx) / which Word "
        "redlines to write: both, tracked (tracked changes), mikeshi (as printed).",
    )(function)


def _print_layout(function: F) -> F:
    decorators = [
        click.option(
            "--no-opinion-numbers",
            is_flag=True,
            help="★意見の表に意見の番号を付けない / leave the opinion numbers out of the boxes.",
        ),
        click.option(
            "--no-legend",
            is_flag=True,
            help="見え消し版の凡例(記号・下線・取消線の意味)を付けない / leave out the legend.",
        ),
        click.option(
            "--no-structure",
            is_flag=True,
            help="体系(柱・分野・施策の一覧)を付けない / leave out the structure overview.",
        ),
        click.option(
            "--page-breaks",
            type=click.Choice(["none", "pillar", "field"]),
            default="none",
            show_default=True,
            help="改ページ: none(内容が要るところだけ)、pillar(柱ごと)、field(柱・分野ごと) / "
            "page breaks: only where needed, before every pillar, or every pillar and field.",
        ),
    ]
    for decorate in reversed(decorators):
        function = decorate(function)
    return function


def _handout_options(
    no_opinion_numbers: bool, no_legend: bool, no_structure: bool, page_breaks: str
) -> HandoutOptions:
    return HandoutOptions(
        opinion_numbers=not no_opinion_numbers,
        legend=not no_legend,
        structure=not no_structure,
        page_breaks=page_breaks,  # type: ignore[arg-type]  # one of the choices
    )


def _table_layout(function: F) -> F:
    decorators = [
        click.option(
            "--new-heading",
            default="改正後",
            show_default=True,
            help="新旧対照表の新しい文言の列見出し / heading of the new-text column.",
        ),
        click.option(
            "--old-heading",
            default="改正前",
            show_default=True,
            help="新旧対照表の古い文言の列見出し / heading of the old-text column.",
        ),
        click.option(
            "--old-first",
            is_flag=True,
            help="古い文言を左の列にする / put the old text in the left column.",
        ),
        click.option(
            "--no-remarks",
            is_flag=True,
            help="備考列(記号と意見番号)を付けない / leave out the remarks column.",
        ),
    ]
    for decorate in reversed(decorators):
        function = decorate(function)
    return function


def _table_options(
    new_heading: str, old_heading: str, old_first: bool, no_remarks: bool
) -> TableOptions:
    return TableOptions(
        new_heading=new_heading,
        old_heading=old_heading,
        new_first=not old_first,
        remarks=not no_remarks,
    )


_COMMON_HELP_JA = (
    "FOLDER は草案フォルダ(drafts/aomori-dx)。既定では最新の草案をその前の回の草案と比べます"
    "(--from/--to で回を指定)。比較には異なる2つの回の草案が要り、草案が1つだけのフォルダや "
    "--from と --to が同じ回では何も作らず終了コード 1 で終わります。既にあるファイルは "
    "--force がなければ上書きせず、入力のファイルには --force でも書きません。ファイルは一時"
    "ファイルに書いてから置き換えるため、途中で失敗しても書きかけのファイルは残りません。"
    "作る前に全履歴を監査し、エラーがあれば件数を表示します(--strict なら書き出さずに終了"
    "コード 1)。"
)
_COMMON_HELP_EN = (
    "FOLDER is a drafts folder (drafts/aomori-dx). By default the latest draft is compared with "
    "the one before it (choose meetings with --from/--to). A comparison needs the drafts of two "
    "different meetings: a folder of one draft, or --from equal to --to, makes nothing and "
    "exits 1. Existing files are replaced only with --force, input files never. Files are "
    "written to a temporary file and renamed, so a failure never leaves a half-written file. "
    "The history is audited first and its errors are counted (with --strict nothing is "
    "written when there are any, exit code 1)."
)


@command(
    "handout",
    Msg(
        "配布資料一式(見え消し版・溶け込み版・新旧対照表・意見対応表、対話型の見え消し版)を"
        "作ります。\n\n"
        + _COMMON_HELP_JA
        + "\n\n既定の形式は HTML・PDF・Markdown・Word・Excel(意見対応表)・対話型 HTML です。"
        "Word の見え消し版は2つ書きます: redline.docx(印刷する見え消し版。記号・下線・取消線・"
        "★意見の表)と redline-tracked.docx(本文だけを Word の変更履歴にしたもの。意見は"
        "コメント。すべて承諾で新しい案、すべて元に戻すで前の案になる)。--word で片方だけに"
        "できます。PDF には WeasyPrint(Pango ライブラリ)と日本語フォントが要ります。--format "
        "を省略したときに PDF を作れない環境では PDF だけを飛ばし、その理由を表示します。\n\n"
        "例: planrev handout drafts/aomori-dx --out out",
        "Make the handout set: redline, clean copy, 新旧対照表, 意見対応表 and the interactive "
        "redline.\n\n"
        + _COMMON_HELP_EN
        + "\n\nThe default formats are HTML, PDF, Markdown, Word, Excel (the 意見対応表) and "
        "interactive HTML. The Word redline is written twice: redline.docx (the printed "
        "見え消し版: markers, underline, strike, opinion boxes) and redline-tracked.docx (the "
        "plan's text as Word tracked changes, the opinions in comments: accept all gives the "
        "new draft, reject all the old one); --word chooses one. PDF needs WeasyPrint (the "
        "Pango library) and a Japanese font; when --format is not given and PDF cannot be "
        "made, only the PDF is skipped and the reason is printed."
        "\n\nExample: planrev handout drafts/aomori-dx --out out",
    ),
)
@_common
@_table_layout
@_print_layout
@_word
@_author
def handout(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
    force: bool,
    strict: bool,
    new_heading: str,
    old_heading: str,
    old_first: bool,
    no_remarks: bool,
    no_opinion_numbers: bool,
    no_legend: bool,
    no_structure: bool,
    page_breaks: str,
    word: str,
    author: str,
) -> None:
    options = _table_options(new_heading, old_heading, old_first, no_remarks)
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        force=force,
        strict=strict,
        documents=("redline", "clean", "table", "responses"),
        table_options=options,
        handout_options=_handout_options(no_opinion_numbers, no_legend, no_structure, page_breaks),
        word=word,
        author=author,
    )


@command(
    "redline",
    Msg(
        "見え消し版(変更を記号・下線・取消線で示し、意見の表を添えた版)だけを作ります。"
        "Word(-f docx)では redline.docx と、変更履歴とコメント付きの redline-tracked.docx を"
        "書きます(--word tracked / mikeshi で片方だけ)。\n\n" + _COMMON_HELP_JA,
        "Make the redline (見え消し版) only. In Word (-f docx): redline.docx as printed and "
        "redline-tracked.docx with tracked changes and comments (--word tracked / mikeshi for "
        "one of them).\n\n" + _COMMON_HELP_EN,
    ),
)
@_common
@_print_layout
@_word
@_author
def redline(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
    force: bool,
    strict: bool,
    no_opinion_numbers: bool,
    no_legend: bool,
    no_structure: bool,
    page_breaks: str,
    word: str,
    author: str,
) -> None:
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        force=force,
        strict=strict,
        documents=("redline",),
        handout_options=_handout_options(no_opinion_numbers, no_legend, no_structure, page_breaks),
        word=word,
        author=author,
    )


@command(
    "clean",
    Msg(
        "溶け込み版(変更を反映した新しい文言だけの版)だけを作ります。\n\n" + _COMMON_HELP_JA,
        "Make the clean copy (溶け込み版) only.\n\n" + _COMMON_HELP_EN,
    ),
)
@_common
@_print_layout
def clean(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
    force: bool,
    strict: bool,
    no_opinion_numbers: bool,
    no_legend: bool,
    no_structure: bool,
    page_breaks: str,
) -> None:
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        force=force,
        strict=strict,
        documents=("clean",),
        handout_options=_handout_options(no_opinion_numbers, no_legend, no_structure, page_breaks),
    )


@command(
    "table",
    Msg(
        "新旧対照表だけを作ります。列の見出しと順序、備考列の有無を変えられます"
        "(例: --new-heading 修正後 --old-heading 修正前)。\n\n" + _COMMON_HELP_JA,
        "Make the 新旧対照表 (old/new comparison table) only; headings, column order and the "
        "remarks column are configurable.\n\n" + _COMMON_HELP_EN,
    ),
)
@_common
@_table_layout
def table(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
    force: bool,
    strict: bool,
    new_heading: str,
    old_heading: str,
    old_first: bool,
    no_remarks: bool,
) -> None:
    options = _table_options(new_heading, old_heading, old_first, no_remarks)
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        force=force,
        strict=strict,
        documents=("table",),
        table_options=options,
    )


@command(
    "responses",
    Msg(
        "意見対応表(意見ごとに番号・意見者・意見・対応・事務局の考え方・反映箇所)だけを"
        "作ります。--all-meetings を付けると、すべての回を通した累積の意見対応表"
        "(responses-all.*、回ごとの表。Excel は回ごとのシート)を作ります。\n\n" + _COMMON_HELP_JA,
        "Make the 意見対応表 (opinion responses) only. With --all-meetings, the cumulative "
        "意見対応表 over every meeting (responses-all.*: a table per meeting; in Excel a sheet per "
        "meeting).\n\n" + _COMMON_HELP_EN,
    ),
)
@_common
@click.option(
    "--all-meetings",
    "all_meetings",
    is_flag=True,
    help="すべての回の意見対応表をまとめる / the cumulative table over every meeting.",
)
def responses(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
    force: bool,
    strict: bool,
    all_meetings: bool,
) -> None:
    if all_meetings:
        _run_cumulative(folder, out, formats, force, strict)
        return
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        force=force,
        strict=strict,
        documents=("responses",),
    )
