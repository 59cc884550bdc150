"""``planrev import word``: a Word document → old draft, new draft, revision (and opinions).

A document with tracked changes is read by its changes (:func:`planrev.word.import_word`); a
hand-formatted 見え消し (strike, underline or a given colour, typed markers) through the marked
rules (:func:`planrev.word.formatted.import_formatted`), writing the four files ``import marked``
writes. ``--mode`` chooses; by default the document decides (:func:`choose_mode`).

The command is the click command object :data:`word_command`, attached as ``word`` to the
``import`` group (:mod:`planrev.cli.imports`).
"""

from __future__ import annotations

import dataclasses
import datetime as _dt
import json
from pathlib import Path
from typing import Literal

import click

from planrev.cli import _HELP_MESSAGES, PlanrevCommand
from planrev.cli.imports import (
    import_group,
    out_or_into,
    write_drafts,
    write_import,
    write_next_draft,
)
from planrev.cli.terminal import say
from planrev.diagnostics import Finding, Level
from planrev.era import EraDateError, parse_date
from planrev.errors import ImportWarningError, PlanrevError
from planrev.i18n import Msg, current_language
from planrev.importers.extents import load_extents
from planrev.importers.marked import MarkedImport
from planrev.storage.documents import dump_document, loads_document
from planrev.word.document import WordDocument
from planrev.word.formatted import (
    FormatOptions,
    Mode,
    import_formatted,
    parse_colour,
    read_for_import,
)
from planrev.word.opening import LIMIT_NAMES, DocxLimits
from planrev.word.structure import WordImport, import_word

__all__ = ["import_texts", "word_command"]

MEETING_MAX = 9999
"""The last meeting number a draft can have (:data:`planrev.model.base.Meeting`)."""

HELP = Msg(
    """変更履歴付きの Word 文書(.docx)、または手で書式を付けた見え消し(取り消し線・下線・手入力の
マーカー)を取り込み、旧版・新版の草案と変更記録を作ります。

\b
書き出すファイル(OUT フォルダ、例 drafts/aomori-dx):
  draft-OLD.yaml          変更履歴をすべて元に戻した文言(旧版)
  draft-NEW.yaml          変更履歴をすべて承諾した文言(新版)
  revision-OLD-NEW.yaml   変更された記述ごとの変更(追加・修正・削除)
  opinions-NEW.yaml       --opinions を付けたとき: Word のコメントを意見の候補として(対応は未定)

見出し(見出し 1/2/3…)を柱・分野・施策に、段落と箇条書きを記述に、見出し行が
「KPI | 2023 | 2028」の表を KPI 表にします。Word のコメントは意見の候補として報告するだけで、
変更との対応は自動では付けません。既存のファイルは --force がなければ上書きしません。
大きさの上限(ファイル・部品・XML の要素の数など)を超える文書は、読む前に止めます。正しい
文書なら --limit part-bytes=64M のように上限を上げられます(docs/word.md)。

変更履歴がなく、取り消し線・二重取り消し線(削除)、下線(追加)と【追加①】【修正】【削除】の
マーカーで書いた見え消しは、planrev import marked と同じ規則で読み、draft-OLD.yaml、
draft-NEW.yaml、opinions-NEW.yaml(★意見の表)、revision-OLD-NEW.yaml を書きます(回と日付は
資料の見出し行から。--old/--new で指定も可)。--mode で読み方を指定できます(既定 auto: 文書から
判断)。色で追加・削除を示す文書は --inserted-colour FF0000 のように色を指定します。

--out の代わりに --into FOLDER を付けると、新版(変更履歴をすべて承諾した文言)を既存の草案
フォルダの次の草案(--meeting、既定は最新の回+1)として加え、前の草案との変更を理由が空欄の
変更記録に書きます(docs/import.md)。

\b
例:
  planrev import word 素案_第4回.docx --into drafts/aomori-dx
  planrev import word 素案_見え消し.docx --out drafts/aomori-dx --old 2 --new 3
  planrev import word 手書き見え消し.docx --out drafts/aomori-dx --mode formatted""",
    """Import a Word document (.docx) with tracked changes as an old draft, a new draft and a
revision record.

\b
Files written to the OUT folder (e.g. drafts/aomori-dx):
  draft-OLD.yaml          the text with every change rejected (old draft)
  draft-NEW.yaml          the text with every change accepted (new draft)
  revision-OLD-NEW.yaml   one change (追加/修正/削除) per changed statement
  opinions-NEW.yaml       with --opinions: the Word comments as opinion candidates (未定)

Headings (Heading 1/2/3…, 見出し 1/2/3…) become pillars, fields and sections; paragraphs and
list items become statements; tables with a header row like 'KPI | 2023 | 2028' become KPI
tables. Word comments are reported as opinion candidates and never linked to changes
automatically. Existing files are not overwritten without --force. A document over a size limit
(file, part, XML elements …) is refused before it is read; raise a limit for a genuine document
with e.g. --limit part-bytes=64M (docs/word.md).

A redline made by hand without tracked changes — strike or double strike for deleted text,
underline for added text, markers 【追加①】【修正】【削除】 typed in — is read by the rules of
planrev import marked, writing draft-OLD.yaml, draft-NEW.yaml, opinions-NEW.yaml (the ★意見
tables) and revision-OLD-NEW.yaml (meetings and dates from the handout's header lines, or
--old/--new). --mode chooses how to read (default auto: the document decides). For a document
that marks additions or deletions with a colour, give it, e.g. --inserted-colour FF0000.

With --into FOLDER instead of --out, the new text (every tracked change accepted) is added to
an existing drafts folder as its next draft (--meeting, default the latest + 1), with a revision
record of the changes from the previous draft whose reasons are left empty (docs/import.md).

\b
Examples:
  planrev import word next-draft.docx --into drafts/aomori-dx
  planrev import word draft-redline.docx --out drafts/aomori-dx --old 2 --new 3
  planrev import word hand-redline.docx --out drafts/aomori-dx --mode formatted""",
)


def _date(ctx: click.Context, param: click.Parameter, value: str | None) -> _dt.date | None:
    if value is None:
        return None
    try:
        return parse_date(value)
    except EraDateError as exc:
        raise click.BadParameter(str(exc.message)) from exc


def _limits(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> DocxLimits:
    try:
        return DocxLimits().raised(value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _colours(ctx: click.Context, param: click.Parameter, value: tuple[str, ...]) -> tuple[str, ...]:
    try:
        return tuple(parse_colour(item) for item in value)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from exc


def _default(name: str) -> str:
    """Return a limit's default as the help shows it (sizes in MiB)."""
    value = getattr(DocxLimits(), LIMIT_NAMES[name])
    return (
        f"{value // (1024 * 1024)}M" if name.endswith("bytes") else f"{value:,}".replace(",", "_")
    )


def output_names(old: int, new: int, *, opinions: bool) -> dict[str, str]:
    """Return the file names the import writes, by role."""
    names = {
        "old": f"draft-{old:02d}.yaml",
        "new": f"draft-{new:02d}.yaml",
        "revision": f"revision-{old:02d}-{new:02d}.yaml",
    }
    if opinions:
        names["opinions"] = f"opinions-{new:02d}.yaml"
    return names


def _with_comments(text: str, comments: list[str]) -> str:
    """Insert ``# …`` lines after the first line (the schema hint) of a new YAML file."""
    first, _, rest = text.partition("\n")
    block = "".join(f"# {line}\n" if line else "#\n" for line in comments)
    return f"{first}\n{block}{rest}"


def import_texts(result: WordImport, source_name: str, *, opinions: bool) -> dict[str, str]:
    """Return the YAML text of each file an import writes, by role (``old``, ``new`` …).

    Each text is read back and validated before it is returned, so a file planrev writes is
    always one planrev can load.
    """
    old, new = result.revision.old, result.revision.new
    origin = f"出典: Word 文書 {source_name} を planrev import word で取り込んだもの。"
    texts: dict[str, str] = {
        "old": _with_comments(
            dump_document(result.old),
            [
                origin,
                "旧版: 変更履歴をすべて元に戻した文言(削除された文字を残し、挿入された文字を除く)。",
            ],
        ),
        "new": _with_comments(
            dump_document(result.new),
            [
                origin,
                "新版: 変更履歴をすべて承諾した文言(挿入された文字を残し、削除された文字を除く)。",
            ],
        ),
    }
    revision_notes = [
        origin,
        f"第{old}回 → 第{new}回の変更。意見とのリンク(opinions)は Word からは決められないため空です。",
        "変更ごとの変更者と日時(Word の変更履歴より):",
    ]
    for source in result.report.sources:
        when = source.first.strftime("%Y-%m-%d %H:%M") if source.first else "日時なし"
        who = "、".join(source.authors) if source.authors else "変更者なし"
        revision_notes.append(f"  {source.change_id}: {who} {when}")
    candidates = [c for c in result.candidates if c.change_ids]
    if candidates:
        revision_notes.append(
            "コメントから見た意見の候補(要確認。確認したら opinions に書いてください):"
        )
        for candidate in candidates:
            revision_notes.append(
                f"  {', '.join(candidate.change_ids)} ← {candidate.opinion_id}"
                f"({candidate.comment.author or '作成者不明'})"
            )
    texts["revision"] = _with_comments(dump_document(result.revision), revision_notes)
    if opinions:
        notes = [
            origin,
            "Word のコメントを意見の候補として書き出したもの。対応(disposition)はすべて未定です。",
            "変更とのリンクは自動では付けていません。下の候補を確認し、revision の opinions に書いてください。",
        ]
        for candidate in result.candidates:
            target = ", ".join(candidate.change_ids) or "(変更なし)"
            notes.append(f"  {candidate.opinion_id} → {target}")
        texts["opinions"] = _with_comments(dump_document(result.opinion_candidates()), notes)
    for role, text in texts.items():
        model = loads_document(text)
        wanted = {
            "old": result.old,
            "new": result.new,
            "revision": result.revision,
            "opinions": result.opinion_candidates() if opinions else None,
        }[role]
        if model != wanted:  # pragma: no cover - a bug in planrev, not in the user's input
            raise PlanrevError(
                Msg(
                    f"内部エラー: {role} の YAML を読み戻すと内容が変わります",
                    f"internal error: the {role} YAML does not read back the same",
                )
            )
    return texts


@click.command("word", cls=PlanrevCommand)
@click.argument("file", type=click.Path(path_type=Path, dir_okay=False))
@click.option(
    "--out",
    "out",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="書き出す草案フォルダ / drafts folder to write to (e.g. drafts/aomori-dx).",
)
@click.option(
    "--into",
    "into",
    type=click.Path(path_type=Path, file_okay=False),
    default=None,
    help="新版を次の草案として加える草案フォルダ / drafts folder to add the new text to as its "
    "next draft.",
)
@click.option(
    "--force", is_flag=True, help="既存のファイルを上書きする / overwrite existing files."
)
@click.option(
    "--old",
    "old",
    type=click.IntRange(min=1, max=9999),
    default=None,
    help="旧版の会議の回(既定: 変更履歴は 1、手書式は新版の前の回) / meeting number of the old "
    "draft (default: 1 for tracked changes, the one before the new for hand formatting).",
)
@click.option(
    "--new",
    "--meeting",
    "new",
    type=click.IntRange(min=1, max=9999),
    default=None,
    help="新版の会議の回(既定: 変更履歴は旧版+1、手書式は資料の見出し行) / meeting number of the new "
    "draft (default: old + 1 for tracked changes, the header line for hand formatting).",
)
@click.option(
    "--mode",
    type=click.Choice(["auto", "tracked", "formatted"]),
    default="auto",
    show_default=True,
    help="読み方: 変更履歴(tracked)、手で付けた書式(formatted)、文書から判断(auto) / read tracked "
    "changes, hand formatting, or decide from the document.",
)
@click.option(
    "--inserted-colour",
    "--inserted-color",
    "inserted_colours",
    multiple=True,
    metavar="COLOUR",
    callback=_colours,
    help="追加を示す色(文字色・蛍光ペン・網掛け。FF0000 や yellow。繰り返し可) / a colour (font, "
    "highlight or shading: FF0000, yellow …) that marks inserted text (repeatable).",
)
@click.option(
    "--deleted-colour",
    "--deleted-color",
    "deleted_colours",
    multiple=True,
    metavar="COLOUR",
    callback=_colours,
    help="削除を示す色(繰り返し可) / a colour that marks deleted text (repeatable).",
)
@click.option(
    "--extents",
    type=click.Path(path_type=Path, dir_okay=False),
    default=None,
    help="手書式: 変更の範囲を指定する YAML(import marked と同じ) / hand formatting: YAML side "
    "file stating extents (as for import marked).",
)
@click.option(
    "--title", default=None, help="計画の名前 / the plan's name (default: the document's title)."
)
@click.option(
    "--old-date",
    callback=_date,
    default=None,
    help="旧版の会議の日付(R5.7.26 など) / meeting date of the old draft.",
)
@click.option(
    "--new-date",
    callback=_date,
    default=None,
    help="新版の会議の日付(R5.7.26 など) / meeting date of the new draft.",
)
@click.option(
    "--opinions",
    "write_opinions",
    is_flag=True,
    help="コメントを意見の候補として opinions-NEW.yaml に書く / write comments as opinion candidates.",
)
@click.option(
    "--numbered-as-headings",
    is_flag=True,
    help="番号付きの段落を見出しとして読む / read numbered list items as headings.",
)
@click.option(
    "--strict",
    is_flag=True,
    help="警告があれば取り込まない / fail on any warning.",
)
@click.option(
    "--json", "as_json", is_flag=True, help="報告を JSON で出力 / print the report as JSON."
)
@click.option(
    "--limit",
    "limit_options",
    multiple=True,
    metavar="NAME=N",
    callback=_limits,
    help="大きさの上限を上げる(繰り返し可) / raise a size limit (repeatable): "
    + ", ".join(f"{name}={_default(name)}" for name in LIMIT_NAMES),
)
def word_command(
    *,
    file: Path,
    out: Path | None,
    into: Path | None,
    force: bool,
    old: int | None,
    new: int | None,
    mode: Literal["auto", "tracked", "formatted"],
    inserted_colours: tuple[str, ...],
    deleted_colours: tuple[str, ...],
    extents: Path | None,
    title: str | None,
    old_date: _dt.date | None,
    new_date: _dt.date | None,
    write_opinions: bool,
    numbered_as_headings: bool,
    strict: bool,
    as_json: bool,
    limit_options: DocxLimits,
) -> None:
    target = out_or_into(out, into)
    if into is not None:
        _into(
            file,
            into,
            meeting=new,
            force=force,
            strict=strict,
            title=title,
            date=new_date,
            options=FormatOptions(inserted_colours, deleted_colours, numbered_as_headings),
            limits=limit_options,
            rejected=[
                name
                for name, value in (
                    ("--old", old),
                    ("--extents", extents),
                    ("--old-date", old_date),
                )
                if value is not None
            ]
            + (["--opinions"] if write_opinions else [])
            + (["--json"] if as_json else []),
        )
        return
    out = target
    options = FormatOptions(inserted_colours, deleted_colours, numbered_as_headings)
    chosen: Mode = "tracked" if mode == "tracked" else "formatted"
    findings: tuple[Finding, ...] = ()
    document: WordDocument | None = None
    if mode == "auto":
        chosen, findings, document = read_for_import(file, options, limit_options)
    if chosen == "formatted":
        formatted = import_formatted(
            document if document is not None else file,
            options=options,
            extents=load_extents(extents) if extents is not None else None,
            meeting=new,
            title=title,
            old_meeting=old,
            limits=limit_options,
        )
        if not as_json:
            for finding in findings:
                say(str(finding.message))
        write_import(
            _dated(formatted, old_date, new_date),
            file,
            out,
            strict=strict,
            force=force,
            inputs=[file] if extents is None else [file, extents],
            front_end=findings,
            as_json={"mode": "formatted"} if as_json else None,
        )
        return
    if extents is not None:
        raise click.BadParameter(
            str(
                Msg(
                    "--extents は手で書式を付けた見え消し(--mode formatted)を読むときだけ使えます",
                    "--extents applies to hand-formatted redlines (--mode formatted) only",
                )
            ),
            param_hint="--extents",
        )
    old = 1 if old is None else old
    new = old + 1 if new is None else new
    if new <= old:
        raise click.BadParameter(
            str(Msg("--new は --old より大きくしてください", "--new must be greater than --old")),
            param_hint="--new",
        )
    if new > MEETING_MAX:
        raise click.BadParameter(
            str(
                Msg(
                    f"--new の回({new})は {MEETING_MAX} までです",
                    f"the meeting of --new ({new}) is at most {MEETING_MAX}",
                )
            ),
            param_hint="--new",
        )
    serious = [finding for finding in findings if finding.level is Level.WARNING]
    if strict and serious:
        raise ImportWarningError(
            Msg(
                f"取り込みで警告がありました(厳格モード): {serious[0]}",
                f"the import found a warning (strict mode): {serious[0]}",
            ),
            hint=Msg(
                "警告を確認し、--mode を指定するか、厳格モードを外して取り込んでください。",
                "check the warning; give --mode, or import without strict mode.",
            ),
        )
    names = output_names(old, new, opinions=write_opinions)
    existing = [out / name for name in names.values() if (out / name).exists()]
    if existing and not force:
        raise PlanrevError(
            Msg(
                "既にあるファイルは上書きしません: " + "、".join(str(p) for p in existing),
                "existing files are not overwritten: " + ", ".join(str(p) for p in existing),
            ),
            hint=Msg(
                "上書きしてよければ --force を付けてください。別の --out や --old/--new も選べます。",
                "add --force to overwrite them, or choose another --out or --old/--new.",
            ),
        )
    result = import_word(
        document if document is not None else file,
        old_meeting=old,
        new_meeting=new,
        title=title,
        old_date=old_date,
        new_date=new_date,
        numbered_lists="headings" if numbered_as_headings else "statements",
        strict=strict,
        limits=limit_options,
    )
    if findings:
        result = dataclasses.replace(
            result,
            report=dataclasses.replace(
                result.report, warnings=(*findings, *result.report.warnings)
            ),
        )
    texts = import_texts(result, file.name, opinions=write_opinions)
    written = [out / name for name in names.values()]
    write_drafts(
        {out / name: texts[role] for role, name in names.items()}, inputs=[file], force=force
    )
    if as_json:
        data = (
            {"mode": "tracked"} | result.report.to_json() | {"written": [str(p) for p in written]}
        )
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in result.report.lines():
        click.echo(line)
    click.echo("書き出し:" if current_language() == "ja" else "written:")
    for target in written:
        click.echo(f"  {target}")


def _into(
    file: Path,
    folder: Path,
    *,
    meeting: int | None,
    force: bool,
    strict: bool,
    title: str | None,
    date: _dt.date | None,
    options: FormatOptions,
    limits: DocxLimits,
    rejected: list[str],
) -> None:
    """Add the document's new text (every tracked change accepted, or the hand-formatted
    見え消し's new text) to ``folder`` as its next draft."""
    if rejected:
        raise click.UsageError(
            str(
                Msg(
                    f"--into では {'、'.join(rejected)} は使えません",
                    f"{', '.join(rejected)} do not apply with --into",
                )
            )
        )
    chosen, findings, document = read_for_import(file, options, limits)
    if chosen == "formatted":
        formatted = import_formatted(document, options=options, title=title, limits=limits)
        plan, warnings = formatted.new, [*findings, *formatted.warnings]
    else:
        result = import_word(document, title=title, limits=limits)
        plan, warnings = result.new, [*findings, *result.report.warnings]
    write_next_draft(
        plan,
        file,
        folder,
        meeting=meeting,
        force=force,
        strict=strict,
        warnings=[w for w in warnings if w.level is not Level.INFO],
        date=date.isoformat() if date is not None else None,
        title=title,
    )


def _dated(result: MarkedImport, old: _dt.date | None, new: _dt.date | None) -> MarkedImport:
    """Return ``result`` with the drafts' meeting dates set where given."""
    drafts = {}
    for name, date in (("old", old), ("new", new)):
        if date is not None:
            plan = getattr(result, name)
            drafts[name] = plan.model_copy(
                update={"meta": plan.meta.model_copy(update={"date": date})}
            )
    return dataclasses.replace(result, **drafts)


_HELP_MESSAGES[id(word_command)] = HELP

import_group.add_command(word_command, "word")
