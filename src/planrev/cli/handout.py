"""Commands that make handouts: ``handout`` (the whole set), ``redline``, ``clean``, ``table``
and ``responses`` (one document each).

All of them compare two drafts of a drafts folder (by default the latest draft with the one
before it), render in memory, then write each file atomically, and print what they wrote.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import click

from planrev.cli import command
from planrev.comparison import compare
from planrev.diagnostics import Finding, Level
from planrev.errors import LoadError, Location, ToolMissingError
from planrev.i18n import Msg, current_language
from planrev.model import Field, OpinionSet, Pillar, Plan, Revision, Section, walk
from planrev.presentation import meeting_label
from planrev.render.fonts import find_japanese_font
from planrev.render.outputs import (
    DOCUMENT_NAMES,
    FORMAT_NAMES,
    FORMATS,
    Document,
    Format,
    makes,
    render_cumulative_responses,
    render_outputs,
    write_outputs,
)
from planrev.render.pdf import pdf_unavailable
from planrev.storage.folder import DraftFolder, load_folder
from planrev.views import TableOptions, build_cumulative_responses

F = TypeVar("F", bound=Callable[..., Any])

PathArgument = click.Path(path_type=Path)


@dataclass(frozen=True, slots=True)
class _Selection:
    """The two drafts to compare, with what connects them."""

    old: Plan
    new: Plan
    record: Revision | None
    opinions: OpinionSet | None


def _meetings(folder: DraftFolder) -> list[int]:
    return [d.model.meta.meeting for d in folder.drafts if d.model.meta.meeting is not None]


def _select(folder: DraftFolder, old: int | None, new: int | None) -> _Selection:
    meetings = _meetings(folder)
    listed = "、".join(str(m) for m in meetings)
    for given, option in ((old, "--from"), (new, "--to")):
        if given is not None and given not in meetings:
            raise click.BadParameter(
                str(
                    Msg(
                        f"第{given}回の草案がフォルダにありません(あるのは第{listed}回)",
                        f"the folder has no draft of meeting {given} (it has {listed})",
                    )
                ),
                param_hint=option,
            )
    new_meeting = new if new is not None else meetings[-1]
    if old is None:
        earlier = [m for m in meetings if m < new_meeting]
        old_meeting = earlier[-1] if earlier else new_meeting
    else:
        old_meeting = old
    if old_meeting > new_meeting:
        raise click.BadParameter(
            str(
                Msg(
                    f"--from(第{old_meeting}回)が --to(第{new_meeting}回)より後です",
                    f"--from (meeting {old_meeting}) comes after --to (meeting {new_meeting})",
                )
            ),
            param_hint="--from",
        )
    record = next(
        (
            r.model
            for r in folder.revisions
            if (r.model.old, r.model.new) == (old_meeting, new_meeting)
        ),
        None,
    )
    return _Selection(
        folder.draft(old_meeting),
        folder.draft(new_meeting),
        record,
        folder.opinions_for(new_meeting),
    )


def _parse_formats(text: str | None, documents: Sequence[Document]) -> tuple[list[Format], bool]:
    """Return the formats asked for and whether PDF is optional (formats not given)."""
    if text is None:
        chosen = [f for f in FORMATS if any(makes(d, f) for d in documents)]
        return chosen, True
    names = [part.strip().lower() for part in text.split(",") if part.strip()]
    aliases = {"markdown": "md", "excel": "xlsx", "word": "docx"}
    result: list[Format] = []
    for given in names:
        name = aliases.get(given, given)
        match = next((f for f in FORMATS if f == name), None)
        if match is None:
            raise click.BadParameter(
                str(
                    Msg(
                        f"不明な形式 {name!r}(使えるのは {', '.join(FORMATS)})",
                        f"unknown format {name!r} (use {', '.join(FORMATS)})",
                    )
                ),
                param_hint="--format",
            )
        if not any(makes(d, match) for d in documents):
            wanted = "、".join(DOCUMENT_NAMES[d][0] for d in documents)
            raise click.BadParameter(
                str(
                    Msg(
                        f"{wanted}は {name} 形式では作れません",
                        f"{', '.join(DOCUMENT_NAMES[d][1] for d in documents)} "
                        f"cannot be made as {name}",
                    )
                ),
                param_hint="--format",
            )
        if match not in result:
            result.append(match)
    if not result:
        raise click.BadParameter(
            str(Msg("形式を1つ以上指定してください", "give at least one format")),
            param_hint="--format",
        )
    return result, False


def _parse_only(text: str | None, plans: Sequence[Plan]) -> list[str] | None:
    if text is None:
        return None
    ids = [part.strip() for part in text.split(",") if part.strip()]
    known = {
        located.id
        for plan in plans
        for located in walk(plan)
        if isinstance(located.node, Pillar | Field | Section)
    }
    unknown = [i for i in ids if i not in known]
    if unknown or not ids:
        raise click.BadParameter(
            str(
                Msg(
                    f"柱・分野・施策の id ではありません: {', '.join(unknown) or '(空)'}",
                    f"not the id of a pillar, field or section: {', '.join(unknown) or '(empty)'}",
                )
            ),
            param_hint="--only",
        )
    return ids


def _warn(findings: Sequence[Finding]) -> None:
    label = "注意" if current_language() == "ja" else "warning"
    for finding in findings:
        if finding.level in {Level.ERROR, Level.WARNING}:
            click.echo(f"{label}: {finding.message}", err=True)


def _document_label(document: str, output_format: str) -> str:
    ja, en = DOCUMENT_NAMES[document]
    name = ja if current_language() == "ja" else en
    if output_format == "interactive":
        kind = str(Msg("対話型 HTML", "interactive HTML"))
    else:
        kind = FORMAT_NAMES[output_format]
    return f"{name} ({kind})"


def _run(
    *,
    folder_path: Path,
    out: Path,
    formats_text: str | None,
    only_text: str | None,
    old: int | None,
    new: int | None,
    documents: Sequence[Document],
    table_options: TableOptions | None = None,
    author: str = "事務局",
) -> None:
    folder = load_folder(folder_path)
    selection = _select(folder, old, new)
    formats, pdf_optional = _parse_formats(formats_text, documents)
    only = _parse_only(only_text, (selection.old, selection.new))
    skipped = _check_pdf(formats, pdf_optional)
    old_label, new_label = meeting_label(selection.old.meta), meeting_label(selection.new.meta)
    if selection.old is selection.new:
        click.echo(
            str(
                Msg(
                    f"{new_label}より前の草案がないため、変更のない資料を作ります。",
                    f"no draft before meeting {selection.new.meta.meeting}: the handouts show "
                    "no changes.",
                )
            ),
            err=True,
        )
    comparison = compare(selection.old, selection.new, selection.record, selection.opinions)
    _warn(comparison.findings)
    outputs = render_outputs(
        comparison,
        selection.opinions,
        documents=documents,
        formats=formats,
        only=only,
        table_options=table_options,
        author=author,
    )
    written = write_outputs(outputs, out)
    click.echo(
        str(
            Msg(
                f"{old_label} → {new_label}: {len(written)}個のファイルを {out} に書き出しました",
                f"meeting {selection.old.meta.meeting} → {selection.new.meta.meeting}: wrote "
                f"{len(written)} files to {out}",
            )
        )
    )
    for output, path in zip(outputs, written, strict=True):
        click.echo(f"  {_document_label(output.document, output.format)}: {path}")
    if "pdf" in formats:
        font = find_japanese_font()
        click.echo(
            str(Msg(f"PDF のフォント: {font.describe().ja}", f"PDF font: {font.describe().en}"))
        )
    _say_skipped(skipped)


def _say_skipped(skipped: ToolMissingError | None) -> None:
    if skipped is not None:
        label = "PDF は作りませんでした" if current_language() == "ja" else "PDF skipped"
        click.echo(f"{label}: {skipped}", err=True)


def _check_pdf(formats: list[Format], pdf_optional: bool) -> ToolMissingError | None:
    """Drop PDF from ``formats`` when it cannot be made and was not asked for; say why.

    Raises the problem when PDF was asked for explicitly.
    """
    if "pdf" not in formats:
        return None
    problem = pdf_unavailable()
    if problem is None:
        return None
    if not pdf_optional:
        raise problem
    formats.remove("pdf")
    return problem


def _run_cumulative(folder_path: Path, out: Path, formats_text: str | None) -> None:
    """Write the 意見対応表 over every meeting of a drafts folder."""
    folder = load_folder(folder_path)
    steps = list(folder.steps())
    if not steps:
        raise LoadError(
            Msg(
                "改訂が1つもありません(草案が1つだけです)",
                "no revision: the folder holds one draft",
            ),
            location=Location(folder_path),
        )
    formats, pdf_optional = _parse_formats(formats_text, ("responses",))
    skipped = _check_pdf(formats, pdf_optional)
    parts = []
    for step in steps:
        record = step.revision.model if step.revision else None
        opinions = step.opinions.model if step.opinions else None
        parts.append((compare(step.old.model, step.new.model, record, opinions), opinions))
    view = build_cumulative_responses(parts)
    outputs = render_cumulative_responses(view, formats)
    written = write_outputs(outputs, out)
    click.echo(
        str(
            Msg(
                f"{len(parts)}回分の意見対応表(意見{view.count}件)を {out} に書き出しました",
                f"wrote the 意見対応表 of {len(parts)} revisions ({view.count} opinions) to {out}",
            )
        )
    )
    for path in written:
        click.echo(f"  {path}")
    _say_skipped(skipped)


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
    ]
    for decorate in reversed(decorators):
        function = decorate(function)
    return function


def _author(function: F) -> F:
    return click.option(
        "--author",
        default="事務局",
        show_default=True,
        help="Word の変更履歴とコメントの作成者 / author of the Word tracked changes.",
    )(function)


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
    "(--from/--to で回を指定)。ファイルは一時ファイルに書いてから置き換えるため、途中で失敗"
    "しても書きかけのファイルは残りません。"
)
_COMMON_HELP_EN = (
    "FOLDER is a drafts folder (drafts/aomori-dx). By default the latest draft is compared with "
    "the one before it (choose meetings with --from/--to). Files are written to a temporary "
    "file and renamed, so a failure never leaves a half-written file."
)


@command(
    "handout",
    Msg(
        "配布資料一式(見え消し版・溶け込み版・新旧対照表・意見対応表、対話型の見え消し版)を"
        "作ります。\n\n"
        + _COMMON_HELP_JA
        + "\n\n既定の形式は HTML・PDF・Markdown・Word(見え消し版は変更履歴とコメント付き)・"
        "Excel(意見対応表)・対話型 HTML です。PDF に"
        "は WeasyPrint(Pango ライブラリ)と日本語フォントが要ります。--format を省略したとき"
        "に PDF を作れない環境では PDF だけを飛ばし、その理由を表示します。\n\n"
        "例: planrev handout drafts/aomori-dx --out out",
        "Make the handout set: redline, clean copy, 新旧対照表, 意見対応表 and the interactive "
        "redline.\n\n"
        + _COMMON_HELP_EN
        + "\n\nThe default formats are HTML, PDF, Markdown, Word (the redline with native "
        "tracked changes and comments), Excel (the 意見対応表) and interactive HTML. PDF needs WeasyPrint (the Pango library) and a Japanese font; when --format is "
        "not given and PDF cannot be made, only the PDF is skipped and the reason is printed."
        "\n\nExample: planrev handout drafts/aomori-dx --out out",
    ),
)
@_common
@_table_layout
@_author
def handout(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
    new_heading: str,
    old_heading: str,
    old_first: bool,
    no_remarks: bool,
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
        documents=("redline", "clean", "table", "responses"),
        table_options=options,
        author=author,
    )


@command(
    "redline",
    Msg(
        "見え消し版(変更を記号・下線・取消線で示し、意見の表を添えた版)だけを作ります。\n\n"
        + _COMMON_HELP_JA,
        "Make the redline (見え消し版) only.\n\n" + _COMMON_HELP_EN,
    ),
)
@_common
@_author
def redline(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
    author: str,
) -> None:
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        documents=("redline",),
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
def clean(
    *,
    folder: Path,
    out: Path,
    formats: str | None,
    only: str | None,
    old: int | None,
    new: int | None,
) -> None:
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        documents=("clean",),
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
    all_meetings: bool,
) -> None:
    if all_meetings:
        _run_cumulative(folder, out, formats)
        return
    _run(
        folder_path=folder,
        out=out,
        formats_text=formats,
        only_text=only,
        old=old,
        new=new,
        documents=("responses",),
    )
