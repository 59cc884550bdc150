"""``planrev import pdf``: a marked-up handout published as PDF → the four files of a drafts folder.

The command is :data:`pdf_command`, attached as ``pdf`` to the ``import`` group
(:mod:`planrev.cli.imports`) with the arguments and options of ``import marked``: the PDF
front-end (:mod:`planrev.importers.pdf`) reads the pages into marked text, the marked rules make
the four documents, and they are written as ``import marked`` writes them.
"""

from __future__ import annotations

from pathlib import Path

import click

from planrev.cli import _HELP_MESSAGES, PlanrevCommand, say
from planrev.cli.imports import (
    import_group,
    next_meeting,
    out_or_into,
    strict_failure,
    write_import,
    write_next_draft,
)
from planrev.cli.imports import marked as marked_command
from planrev.diagnostics import Level
from planrev.i18n import Msg
from planrev.importers.report import warning_line

__all__ = ["pdf_command"]

HELP = Msg(
    "見え消し版の資料の PDF を取り込み、草案フォルダに4つのファイルを書きます。\n\n"
    "ページに描かれた取り消し線と下線を読み取り(取り消し線は削除、下線は追加の範囲)、"
    "【追加①】などのマーカー、★意見の表、KPI の表とあわせて、import marked と同じ規則で"
    "draft-NN.yaml(改訂前・改訂後)、opinions-NN.yaml、revision-NN-NN.yaml を書きます。"
    "最初に読み取れた量(ページ数と文字数)を、次に確実に読めなかった箇所(ページと行)を表示します。"
    "既存のファイルは --force がなければ上書きしません。\n\n"
    "スキャンした画像だけの PDF、暗号化された PDF は読めません。範囲が分からない変更は"
    "警告になり、--extents の YAML で範囲を指定できます。--strict は警告があれば何も書かずに"
    "終了コード1で終わります。規則は docs/import-pdf.md にあります。",
    "Import a marked-up handout published as PDF and write four files to a drafts folder.\n\n"
    "Struck and underlined text is read from the lines drawn on the page (struck: deleted, "
    "underlined: the extent of an insertion); with the markers (【追加①】), the ★意見 tables and "
    "the KPI tables, the rules of import marked make draft-NN.yaml (previous and new), "
    "opinions-NN.yaml and revision-NN-NN.yaml. The command prints how much of the PDF it read "
    "(pages, characters), then what it could not read with certainty (page and line). Existing "
    "files are kept unless --force.\n\n"
    "Scanned (image-only) and encrypted PDFs are not read. A change whose extent the page does "
    "not show is a warning; state it with an --extents YAML. With --strict any warning stops "
    "the import with exit code 1 and nothing written. The rules are in docs/import-pdf.md.",
)


@click.command("pdf", cls=PlanrevCommand, params=list(marked_command.params))
def pdf_command(
    *,
    file: Path,
    out: Path | None,
    into: Path | None,
    extents: Path | None,
    strict: bool,
    force: bool,
    meeting: int | None,
    old_meeting: int | None,
    title: str | None,
) -> None:
    # Imported here: pdfminer.six is loaded only when a PDF is read.
    from planrev.importers.pdf import read_pdf  # noqa: PLC0415

    target = out_or_into(out, into)
    if into is not None and (old_meeting is not None or extents is not None):
        raise click.UsageError(
            str(
                Msg(
                    "--into では --old-meeting と --extents は使えません",
                    "--old-meeting and --extents do not apply with --into",
                )
            )
        )
    if into is not None and meeting is None:
        meeting = next_meeting(into)
    result = read_pdf(file, extents=extents, meeting=meeting, title=title, old_meeting=old_meeting)
    marked = result.marked
    say(str(marked.coverage.describe()))
    for finding in marked.findings:
        say(str(warning_line(finding)))
    if into is not None:
        front_end = [f for f in marked.findings if f.level is not Level.INFO]
        if strict and front_end:
            strict_failure(front_end)
        write_next_draft(
            result.imported.new,
            file,
            into,
            meeting=meeting,
            force=force,
            strict=strict,
            warnings=[w for w in result.imported.warnings if w.level is not Level.INFO],
            title=title,
        )
        return
    inputs = [file] if extents is None else [file, extents]
    write_import(
        result.imported,
        file,
        target,
        strict=strict,
        force=force,
        inputs=inputs,
        front_end=[f for f in marked.findings if f.level is not Level.INFO],
    )


_HELP_MESSAGES[id(pdf_command)] = HELP

import_group.add_command(pdf_command, "pdf")
