"""``planrev import opinions`` and ``planrev export opinions``: opinion sheets in and out.

``import opinions`` reads a committee opinion sheet (意見照会票) or a public-comment table (.xlsx or
CSV) into a drafts folder's ``opinions-NN.yaml``; ``export opinions`` writes the 意見対応表 back
into a copy of that sheet. The rules are in docs/import-opinions.md.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

import click

import planrev.cli.imports  # noqa: F401 - registers the ``import`` group this module adds to
from planrev.cli import _HELP_MESSAGES as _HELP
from planrev.cli import EXIT_INPUT, PlanrevGroup, echo_error, main, say
from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg
from planrev.importers.sheets import (
    SheetOptions,
    SheetWarningsError,
    import_opinions,
    parse_role,
)
from planrev.importers.sheets.columns import Role
from planrev.model import Channel, Disposition

PathArgument = click.Path(path_type=Path)

import_group = cast(click.Group, main.commands["import"])


def _columns(values: Sequence[str]) -> dict[Role, str]:
    columns: dict[Role, str] = {}
    for value in values:
        name, separator, heading = value.partition("=")
        role = parse_role(name)
        if not separator or role is None or not heading.strip():
            roles = "、".join(role.value for role in Role)
            raise click.BadParameter(
                str(
                    Msg(
                        f"'{value}' は 役割=見出し の形ではありません(役割: {roles})",
                        f"'{value}' is not ROLE=HEADING (roles: {roles}, or number, speaker, "
                        "place, text, disposition, response, reflected)",
                    )
                ),
                param_hint="--column",
            )
        columns[role] = heading
    return columns


def _dispositions(values: Sequence[str]) -> dict[str, Disposition]:
    dispositions: dict[str, Disposition] = {}
    for value in values:
        wording, separator, name = value.rpartition("=")
        try:
            disposition = Disposition(name.strip())
        except ValueError:
            disposition = None
        if not separator or not wording.strip() or disposition is None:
            listed = "、".join(item.value for item in Disposition)
            raise click.BadParameter(
                str(
                    Msg(
                        f"'{value}' は 書き方=対応 の形ではありません(対応: {listed})",
                        f"'{value}' is not WORDING=DISPOSITION (dispositions: {listed})",
                    )
                ),
                param_hint="--disposition",
            )
        dispositions[wording] = disposition
    return dispositions


def _options(
    sheets: Sequence[str], columns: Sequence[str], dispositions: Sequence[str], channel: str
) -> SheetOptions:
    return SheetOptions(
        sheets=tuple(sheets),
        columns=_columns(columns),
        dispositions=_dispositions(dispositions),
        channel=Channel(channel),
    )


def _print_findings(findings: Sequence[Finding]) -> None:
    shown = [finding for finding in findings if finding.level is not Level.INFO]
    notes = [finding for finding in findings if finding.level is Level.INFO]
    if not shown:
        say(str(Msg("警告なし", "no warnings")))
    else:
        say(str(Msg(f"警告{len(shown)}件:", f"{len(shown)} warnings:")))
        for finding in shown:
            say("  " + str(finding).replace("\n", "\n    "))
    for finding in notes:
        say(str(Msg(f"  参考: {finding}", f"  note: {finding}")))


def _report(summary: Msg, findings: Sequence[Finding], written: Path) -> None:
    say(str(summary))
    _print_findings(findings)
    say(str(Msg(f"書き込みました: {written}", f"wrote {written}")))


_SHEET_OPTIONS = (
    click.option(
        "--sheet",
        "sheets",
        multiple=True,
        help="読むシートの名前(複数可。既定: すべて) / sheet to read (repeatable; default: all).",
    ),
    click.option(
        "--column",
        "columns",
        multiple=True,
        metavar="ROLE=HEADING",
        help="見出しの指定(例: 意見=ご意見) / map a heading to a role (e.g. 意見=ご意見).",
    ),
    click.option(
        "--disposition",
        "dispositions",
        multiple=True,
        metavar="WORDING=DISPOSITION",
        help="対応の書き方の意味(例: A=反映) / what a 対応 wording means (e.g. A=反映).",
    ),
)


def _sheet_options(function: click.decorators.FC) -> click.decorators.FC:
    for option in reversed(_SHEET_OPTIONS):
        function = option(function)
    return function


@import_group.command("opinions")
@click.argument("file", type=PathArgument)
@click.option(
    "--into",
    "folder",
    type=PathArgument,
    required=True,
    help="意見を入れる草案フォルダ / drafts folder to add the opinions to.",
)
@click.option(
    "--meeting",
    type=click.IntRange(min=1, max=9999),
    required=True,
    help="意見に答える草案の回 / meeting whose draft answers the opinions.",
)
@_sheet_options
@click.option(
    "--channel",
    type=click.Choice([channel.value for channel in Channel]),
    default=Channel.WRITTEN.value,
    show_default=True,
    help="意見の受け取り方 / how the opinions were received.",
)
@click.option("--strict", is_flag=True, help="警告があれば失敗 / fail on any warning.")
@click.option(
    "--force", is_flag=True, help="その回の意見ファイルを置き換える / replace that meeting's file."
)
def opinions_in(
    *,
    file: Path,
    folder: Path,
    meeting: int,
    sheets: tuple[str, ...],
    columns: tuple[str, ...],
    dispositions: tuple[str, ...],
    channel: str,
    strict: bool,
    force: bool,
) -> None:
    options = _options(sheets, columns, dispositions, channel)
    try:
        result = import_opinions(
            file, folder, meeting=meeting, options=options, force=force, strict=strict
        )
    except SheetWarningsError as error:
        _print_findings(error.findings)
        echo_error(error)
        sys.exit(EXIT_INPUT)
    sheet = result.sheet
    encoding = f"({sheet.encoding})" if sheet.encoding else ""
    say(str(Msg(f"{file} を読みました{encoding}", f"read {file}{encoding}")))
    counts: dict[str, int] = {}
    for opinion in sheet.opinions.opinions:
        counts[opinion.disposition.value] = counts.get(opinion.disposition.value, 0) + 1
    placed = sum(1 for opinion in sheet.opinions.opinions if opinion.scope is not None)
    breakdown = "、".join(f"{name} {count}" for name, count in counts.items())
    total = len(sheet.opinions.opinions)
    summary = Msg(
        f"  意見{total}件({breakdown})、うち意見欄が決まったもの {placed}件",
        f"  {total} opinions ({breakdown}); {placed} placed in an opinion box",
    )
    _report(summary, sheet.findings, result.path)


_HELP[id(opinions_in)] = Msg(
    "委員の意見照会票やパブリックコメントの表(.xlsx / CSV)を、草案フォルダの意見ファイル"
    "(opinions-NN.yaml)に取り込みます。\n\n"
    "列は見出しで見つけます: 番号(No.)、委員名(意見者・氏名)、該当箇所(ページ・頁・項目)、"
    "意見(意見の概要・意見の内容)、対応(対応区分)、考え方(県の考え方・事務局の考え方)。"
    "別の見出しは --column 意見=ご意見 のように指定します。表の上の題名・日付の行、結合したセル、"
    "セル内の改行、複数のシートを読みます(--sheet で選べます)。CSV は UTF-8(BOM 付きも)と "
    "Shift_JIS を自動で見分けます。\n\n"
    "該当箇所は --meeting の回の草案(まだなければ最新の草案)の分野・施策に結び付け、その意見欄"
    "(scope)にします。結び付けられない該当箇所と、意味の決まらない対応(「参考」など)は警告し、"
    "推測しません。既にある意見ファイルは --force がなければ置き換えません。失敗したときは"
    "フォルダを一切変えません。詳しくは docs/import-opinions.md。",
    "Import a committee opinion sheet (意見照会票) or a public-comment table (.xlsx / CSV) into "
    "a drafts folder's opinions file (opinions-NN.yaml).\n\n"
    "Columns are found by their headings: 番号 (No.), 委員名 (意見者, 氏名), 該当箇所 (ページ, 頁, "
    "項目), 意見 (意見の概要, 意見の内容), 対応 (対応区分), 考え方 (県の考え方, 事務局の考え方); map "
    "others with --column 意見=ご意見. Title and date rows above the table, merged cells, line "
    "breaks in cells and several sheets are read (choose with --sheet). A CSV's encoding, UTF-8 "
    "(with or without BOM) or Shift_JIS, is detected.\n\n"
    "Each 該当箇所 is linked to a field or section of the draft of --meeting (or the latest "
    "draft while that one is not written), which becomes the opinion's box (scope). Places "
    "that cannot be linked and 対応 wordings that are not clear (参考 …) are warned about, never "
    "guessed. An existing opinions file is replaced only with --force; on any failure the "
    "folder is left exactly as it was. See docs/import-opinions.md.",
)


@main.group("export", cls=PlanrevGroup)
def export_group() -> None:
    pass


EXPORT_SUMMARY = Msg(
    "草案フォルダの内容を、元の資料の形に書き出します。",
    "Write a drafts folder's data back into the layout of the original material.",
)
"""The first sentence of ``planrev export --help`` (also in the front door's table)."""

_HELP[id(export_group)] = Msg(
    EXPORT_SUMMARY.ja + "\n\nopinions: 意見対応表を、取り込んだ元の意見照会票の形に書き出します。",
    EXPORT_SUMMARY.en
    + "\n\nopinions: the 意見対応表 in the layout of the opinion sheet it was imported from.",
)


@export_group.command("opinions")
@click.argument("folder", type=PathArgument)
@click.option(
    "--original",
    type=PathArgument,
    required=True,
    help="取り込んだ元の表(.xlsx / CSV) / the sheet the opinions were imported from.",
)
@click.option("--out", type=PathArgument, required=True, help="書き出すファイル / file to write.")
@click.option(
    "--meeting",
    type=click.IntRange(min=1, max=9999),
    default=None,
    help="意見の回(既定: 最新) / the opinions' meeting (default: the latest).",
)
@_sheet_options
@click.option("--force", is_flag=True, help="既存のファイルを上書き / overwrite an existing file.")
def opinions_out(
    *,
    folder: Path,
    original: Path,
    out: Path,
    meeting: int | None,
    sheets: tuple[str, ...],
    columns: tuple[str, ...],
    dispositions: tuple[str, ...],
    force: bool,
) -> None:
    from planrev.render.sheet_writeback import write_filled_sheet  # noqa: PLC0415 - openpyxl

    options = _options(sheets, columns, dispositions, Channel.WRITTEN.value)
    filled = write_filled_sheet(
        folder, original, out, meeting=meeting, options=options, force=force
    )
    summary = Msg(
        f"{original} の {filled.filled}行に対応・考え方を書きました",
        f"filled the responses of {filled.filled} rows of {original}",
    )
    _report(summary, filled.findings, out)


_HELP[id(opinions_out)] = Msg(
    "意見対応表を、取り込んだ元の意見照会票(.xlsx / CSV)の形に書き出します。\n\n"
    "--original の表の写しに、FOLDER の意見ファイルから対応・事務局の考え方(表に反映箇所の列が"
    "あれば反映箇所も)を書き込み、--out に保存します。元の表の題名・結合・罫線・列幅・ほかの"
    "シートはそのままです。対応・考え方の列がない表には列を足します。行と意見は、取り込んだときの "
    "id か意見の文言で対応させ、対応しない行・意見は警告します。数式に見える文字(= + - @ で"
    "始まるもの)は数式にならない文字列として書きます。既存のファイルは --force がなければ"
    "上書きしません。",
    "Write the 意見対応表 into the layout of the opinion sheet (.xlsx / CSV) it was imported "
    "from.\n\n"
    "A copy of the --original sheet gets each opinion's 対応 and 事務局の考え方 from FOLDER's "
    "opinions (and 反映箇所, if the sheet has that column) and is saved as --out. Titles, "
    "merged cells, borders, widths and other sheets stay as they were; a sheet without 対応 or "
    "考え方 columns gets them added. Rows are matched to opinions by the id the import gave "
    "them or by the opinion's text; rows and opinions that do not match are warned about. "
    "Text that looks like a formula (starting with = + - @) is written as a string that is "
    "never evaluated. An existing file is overwritten only with --force.",
)
