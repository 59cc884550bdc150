"""``planrev import word``: a Word document with tracked changes → old draft, new draft, revision.

The command is the click command object :data:`word_command`, attached as ``word`` to the
``import`` group (:mod:`planrev.cli.imports`).
"""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import click

from planrev.cli import _HELP_MESSAGES, PlanrevCommand
from planrev.cli.imports import import_group
from planrev.era import EraDateError, parse_date
from planrev.errors import PlanrevError
from planrev.i18n import Msg, current_language
from planrev.storage.documents import dump_document, loads_document, write_text_atomic
from planrev.word.opening import LIMIT_NAMES, DocxLimits
from planrev.word.structure import WordImport, import_word

__all__ = ["import_texts", "word_command"]

HELP = Msg(
    """変更履歴付きの Word 文書(.docx)を取り込み、旧版・新版の草案と変更記録を作ります。

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

\b
例:
  planrev import word 素案_見え消し.docx --out drafts/aomori-dx --old 2 --new 3""",
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

\b
Example:
  planrev import word draft-redline.docx --out drafts/aomori-dx --old 2 --new 3""",
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
    required=True,
    help="書き出す草案フォルダ / drafts folder to write to (e.g. drafts/aomori-dx).",
)
@click.option(
    "--force", is_flag=True, help="既存のファイルを上書きする / overwrite existing files."
)
@click.option(
    "--old",
    "old",
    type=click.IntRange(min=0),
    default=1,
    show_default=True,
    help="旧版の会議の回 / meeting number of the old draft.",
)
@click.option(
    "--new",
    "new",
    type=click.IntRange(min=1),
    default=None,
    help="新版の会議の回(既定: 旧版+1) / meeting number of the new draft (default: old + 1).",
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
    out: Path,
    force: bool,
    old: int,
    new: int | None,
    title: str | None,
    old_date: _dt.date | None,
    new_date: _dt.date | None,
    write_opinions: bool,
    numbered_as_headings: bool,
    strict: bool,
    as_json: bool,
    limit_options: DocxLimits,
) -> None:
    new = old + 1 if new is None else new
    if new <= old:
        raise click.BadParameter(
            str(Msg("--new は --old より大きくしてください", "--new must be greater than --old")),
            param_hint="--new",
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
        file,
        old_meeting=old,
        new_meeting=new,
        title=title,
        old_date=old_date,
        new_date=new_date,
        numbered_lists="headings" if numbered_as_headings else "statements",
        strict=strict,
        limits=limit_options,
    )
    texts = import_texts(result, file.name, opinions=write_opinions)
    written = []
    for role, name in names.items():
        target = out / name
        write_text_atomic(target, texts[role])
        written.append(target)
    if as_json:
        data = result.report.to_json() | {"written": [str(p) for p in written]}
        click.echo(json.dumps(data, ensure_ascii=False, indent=2))
        return
    for line in result.report.lines():
        click.echo(line)
    click.echo("書き出し:" if current_language() == "ja" else "written:")
    for target in written:
        click.echo(f"  {target}")


_HELP_MESSAGES[id(word_command)] = HELP

import_group.add_command(word_command, "word")
