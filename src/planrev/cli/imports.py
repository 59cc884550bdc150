"""``planrev import marked`` and ``planrev import plain``: existing documents into drafts."""

from __future__ import annotations

import json
import sys
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import click

from planrev.cli import _HELP_MESSAGES as _HELP
from planrev.cli import EXIT_INPUT, EXIT_OUTPUT, PlanrevGroup, echo_error, main
from planrev.diagnostics import Finding, Level
from planrev.era import EraDateError, parse_date
from planrev.errors import ImportWarningError, LoadError, PlanrevError
from planrev.guard import guard_folder, guard_outputs
from planrev.i18n import Msg
from planrev.importers.marked import MarkedImport, read_marked
from planrev.importers.plain import import_plain, read_plain
from planrev.importers.report import (
    count_plan,
    describe_counts,
    describe_opinions,
    describe_revision,
    warning_line,
)
from planrev.model import OpinionSet, Plan, Revision
from planrev.storage.documents import dump_document, read_text, write_text_atomic
from planrev.storage.folder import write_folder

PathArgument = click.Path(path_type=Path)


@main.group("import", cls=PlanrevGroup)
def import_group() -> None:
    pass


_HELP[id(import_group)] = Msg(
    "既存の資料を草案(YAML)に取り込みます。\n\n"
    "marked: 見え消し版の資料(テキスト/Markdown)から、草案・改訂前の草案・変更記録・意見の4ファイルを作ります。\n\n"
    "plain: 見え消しのない計画(テキスト/Markdown)から草案を1つ作ります。\n\n"
    "規則の詳細は docs/import.md にあります。",
    "Import existing documents as drafts (YAML).\n\n"
    "marked: a marked-up handout (text/Markdown) into the new draft, the previous draft, the "
    "revision record and the opinions.\n\n"
    "plain: a plan without edit marks (text/Markdown) into one draft.\n\n"
    "The rules are in docs/import.md.",
)


def _register(command: click.Command, message: Msg) -> None:
    _HELP[id(command)] = message


def _print_warnings(warnings: Sequence[Finding]) -> None:
    if not warnings:
        click.echo(str(Msg("警告なし", "no warnings")))
        return
    click.echo(str(Msg(f"警告{len(warnings)}件:", f"{len(warnings)} warnings:")))
    for warning in warnings:
        click.echo(str(warning_line(warning)))


def _refuse_existing(targets: Sequence[Path], force: bool) -> None:
    existing = [path for path in targets if path.exists()]
    if existing and not force:
        names = "、".join(str(path) for path in existing)
        echo_error(
            PlanrevError(
                Msg(f"既にファイルがあります: {names}", f"files already exist: {names}"),
                hint=Msg(
                    "上書きするなら --force を付けてください。何も書き込んでいません。",
                    "add --force to overwrite. Nothing was written.",
                ),
            )
        )
        sys.exit(EXIT_OUTPUT)
    for path in targets:
        if path.is_dir():
            echo_error(
                PlanrevError(
                    Msg(f"{path} はフォルダです", f"{path} is a folder"),
                    hint=Msg("何も書き込んでいません。", "nothing was written."),
                )
            )
            sys.exit(EXIT_OUTPUT)


def write_drafts(targets: Mapping[Path, str], *, inputs: Sequence[Path], force: bool) -> None:
    """Write the texts of ``targets`` (files of one drafts folder) all or nothing.

    Never onto one of ``inputs`` (even with ``force``: exit code 4), onto an existing file only
    with ``force`` (else exit code 4). A YAML file goes through
    :func:`planrev.storage.folder.write_folder`: the whole folder as it will be is validated
    first (a problem is a :class:`~planrev.errors.LoadError` naming the file, exit code 1, and
    nothing is written), then the files are replaced together, so that an interrupted import
    leaves the old set or the new set, never a mix.
    """
    folders = {path.parent for path in targets}
    for folder in folders:
        guard_folder(folder, inputs=inputs)
    guard_outputs(targets, inputs=inputs, force=True)
    _refuse_existing(list(targets), force)
    for folder in sorted(folders):
        here = {path: text for path, text in targets.items() if path.parent == folder}
        documents = {path.name: text for path, text in here.items() if path.suffix.lower() in _YAML}
        if documents:
            try:
                write_folder(folder, documents)
            except LoadError as exc:
                note = Msg(
                    f"取り込んだ結果のフォルダ {folder} が検証に通らないため、何も書き込んでいません。",
                    f"the folder {folder} as the import would leave it does not validate; "
                    "nothing was written.",
                )
                exc.hint = (
                    note
                    if exc.hint is None
                    else Msg(exc.hint.ja + note.ja, f"{exc.hint.en} {note.en}")
                )
                raise
        for path, text in here.items():
            if path.name not in documents:
                write_text_atomic(path, text)


_YAML = {".yaml", ".yml"}


def strict_failure(warnings: Sequence[Finding]) -> None:
    echo_error(
        ImportWarningError(
            Msg(
                f"警告が{len(warnings)}件あるため、--strict により何も書き込みませんでした",
                f"{len(warnings)} warnings and --strict: nothing was written",
            ),
            hint=Msg(
                "警告の箇所を直すか、--strict を外してください。",
                "fix the places warned about, or drop --strict.",
            ),
        )
    )
    sys.exit(EXIT_INPUT)


@import_group.command("marked")
@click.argument("file", type=PathArgument)
@click.option(
    "--out",
    "out",
    type=PathArgument,
    default=None,
    help="書き出す草案フォルダ / drafts folder to write (drafts/NAME).",
)
@click.option(
    "--into",
    "into",
    type=PathArgument,
    default=None,
    help="次の草案として加える草案フォルダ / drafts folder to add the new draft to as its next.",
)
@click.option(
    "--extents",
    type=PathArgument,
    default=None,
    help="変更の範囲を指定する YAML / YAML side file stating extents.",
)
@click.option("--strict", is_flag=True, help="警告があれば失敗 / fail on any warning.")
@click.option("--force", is_flag=True, help="既存のファイルを上書き / overwrite existing files.")
@click.option(
    "--meeting",
    type=click.IntRange(min=1, max=9999),
    default=None,
    help="回の番号 / meeting number.",
)
@click.option(
    "--old-meeting",
    type=click.IntRange(min=1, max=9999),
    default=None,
    help="改訂前の回(既定: 前の回) / previous meeting (default: the one before).",
)
@click.option("--title", default=None, help="計画の名称 / the plan's name.")
def marked(
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
    target = out_or_into(out, into)
    if into is not None:
        if old_meeting is not None or extents is not None:
            raise click.UsageError(
                str(
                    Msg(
                        "--into では --old-meeting と --extents は使えません(比べるのはフォルダの草案です)",
                        "--old-meeting and --extents do not apply with --into (the folder's "
                        "draft is compared)",
                    )
                )
            )
        # The handout's own meeting is not needed (the folder decides); the marked rules need
        # one to build their drafts when the header line does not give it.
        result = read_marked(file, title=title, meeting=meeting or next_meeting(into))
        # The plan's name is the folder's.
        warnings = [w for w in result.warnings if w.level is not Level.INFO and w.code != "title"]
        write_next_draft(
            result.new, file, into, meeting=meeting, force=force, strict=strict, warnings=warnings
        )
        return
    result = read_marked(
        file, extents=extents, meeting=meeting, title=title, old_meeting=old_meeting
    )
    write_import(result, file, target, strict=strict, force=force)


def next_meeting(folder: Path) -> int:
    """Return the meeting after the latest draft of the drafts folder ``folder``."""
    from planrev.storage.folder import load_folder  # noqa: PLC0415

    return (load_folder(folder).latest.meta.meeting or 0) + 1


def out_or_into(out: Path | None, into: Path | None) -> Path:
    """Return the one of ``--out`` and ``--into`` given; a usage error unless exactly one is."""
    if (out is None) == (into is None):
        raise click.UsageError(
            str(
                Msg(
                    "--out(新しく書き出す)か --into(既存のフォルダに次の草案として加える)の"
                    "どちらか一方を指定してください",
                    "give either --out (write new files) or --into (add the next draft to an "
                    "existing folder), not both",
                )
            )
        )
    return out if out is not None else into  # type: ignore[return-value]


def write_next_draft(
    plan: Plan,
    file: Path,
    folder: Path,
    *,
    meeting: int | None,
    force: bool,
    strict: bool,
    warnings: Sequence[Finding],
    date: str | None = None,
    stage: str | None = None,
    title: str | None = None,
) -> None:
    """Print what was read and add ``plan`` to ``folder`` as its next draft (``--into``).

    Shared by ``import plain``, ``import marked``, ``import pdf`` and ``import word``. With
    ``strict`` any of ``warnings`` stops before anything is written (exit code 1); so does any
    failure, leaving the folder exactly as it was.
    """
    from planrev.importers.nextdraft import import_next_draft  # noqa: PLC0415

    click.echo(str(Msg(f"{file} を読みました", f"read {file}")))
    click.echo(f"  {describe_counts(count_plan(plan))}")
    _print_warnings(warnings)
    if strict and warnings:
        strict_failure(warnings)
    parsed = None
    if date is not None:
        try:
            parsed = parse_date(date)
        except EraDateError as exc:
            raise click.BadParameter(str(exc.message), param_hint="--date") from exc
    guard_folder(folder, inputs=[file])
    result = import_next_draft(
        folder,
        plan,
        source=file.name,
        meeting=meeting,
        force=force,
        date=parsed,
        stage=stage,
        title=title,
    )
    kinds = Counter(change.kind.value for change in result.revision.changes)
    breakdown = " ".join(f"{kind}{kinds[kind]}" for kind in ("追加", "修正", "削除") if kinds[kind])
    total = len(result.revision.changes)
    click.echo(
        str(
            Msg(
                f"第{result.previous}回の草案と比べ、第{result.meeting}回の草案にしました"
                + ("(置き換え)" if result.replaced else ""),
                f"compared with the draft of meeting {result.previous}; this is the draft of "
                f"meeting {result.meeting}" + (" (replaced)" if result.replaced else ""),
            )
        )
    )
    click.echo(
        str(
            Msg(
                f"  変更{total}件" + (f"({breakdown})" if total else ""),
                f"  {total} changes" + (f" ({breakdown})" if total else ""),
            )
        )
    )
    click.echo(
        str(
            Msg(
                f"  前の草案の id を引き継いだもの {result.kept}、新しい id {len(result.new_ids)}"
                + (
                    f"({'、'.join(result.new_ids[:10])}"
                    + ("…" if len(result.new_ids) > 10 else "")
                    + ")"
                    if result.new_ids
                    else ""
                ),
                f"  {result.kept} nodes kept their ids, {len(result.new_ids)} new ids"
                + (
                    f" ({', '.join(result.new_ids[:10])}"
                    + ("…" if len(result.new_ids) > 10 else "")
                    + ")"
                    if result.new_ids
                    else ""
                ),
            )
        )
    )
    if result.kinds_kept or result.omitted_kept:
        click.echo(
            str(
                Msg(
                    f"  前の草案から引き継いだもの: 種類(めざす姿・取組){result.kinds_kept}件、"
                    f"抜粋外の見出し{result.omitted_kept}件",
                    f"  carried over from the previous draft: {result.kinds_kept} statement "
                    f"kinds, {result.omitted_kept} headings outside the excerpt",
                )
            )
        )
    if result.unknown_kinds:
        shown = "、".join(result.unknown_kinds[:10]) + (
            "…" if len(result.unknown_kinds) > 10 else ""
        )
        click.echo(
            str(
                Msg(
                    f"  種類が文書から分からない新しい記述 {len(result.unknown_kinds)}件({shown})は"
                    "本文(text)としました。めざす姿・取組なら kind を直してください",
                    f"  {len(result.unknown_kinds)} new statements whose kind the document does "
                    f"not show ({shown}) are text; set kind if they are visions or initiatives",
                )
            )
        )
    for dropped in result.dropped:
        click.echo(
            str(
                Msg(
                    f"  置き換えた変更記録の {dropped.id}({dropped.kind.value} {dropped.target})は"
                    "当たる変更がなくなったため除きました",
                    f"  the replaced record's {dropped.id} ({dropped.kind.value} "
                    f"{dropped.target}) matches no change any more and was left out",
                )
            )
        )
    for name in (result.draft_name, result.revision_name):
        click.echo(str(Msg(f"書き込みました: {folder / name}", f"wrote {folder / name}")))
    if total:
        click.echo(
            str(
                Msg(
                    f"各変更の理由(reason)か意見(opinions)を {result.revision_name} に書いてください。"
                    f"未記入の変更は planrev audit {folder} で確認できます。",
                    f"write each change's reason or opinions in {result.revision_name}; "
                    f"planrev audit {folder} lists those still missing.",
                )
            )
        )


def write_import(
    result: MarkedImport,
    file: Path,
    out: Path,
    *,
    strict: bool,
    force: bool,
    inputs: Sequence[Path] = (),
    front_end: Sequence[Finding] = (),
    as_json: dict[str, Any] | None = None,
) -> list[Path]:
    """Print what a marked import read and write its four files into ``out``; return them.

    Shared by ``import marked``, ``import pdf`` and ``import word`` for hand-formatted documents.
    ``inputs`` are never written onto (even with ``force``); ``front_end`` are the findings of
    the front-end that made the marked text (a PDF's or a Word document's), which ``strict``
    counts too. With ``strict``, any warning stops before anything is written (exit code 1);
    existing files stop it too unless ``force`` (exit code 4). With ``as_json`` (extra fields,
    possibly none), the report is one JSON object instead of text.
    """
    old_number, new_number = result.revision.old, result.revision.new
    outputs: list[tuple[Path, Plan | OpinionSet | Revision]] = [
        (out / f"draft-{old_number:02d}.yaml", result.old),
        (out / f"draft-{new_number:02d}.yaml", result.new),
        (out / f"opinions-{new_number:02d}.yaml", result.opinions),
        (out / f"revision-{old_number:02d}-{new_number:02d}.yaml", result.revision),
    ]
    if as_json is None:
        _echo_marked(file, result)
    serious = [
        warning for warning in [*front_end, *result.warnings] if warning.level is not Level.INFO
    ]
    if strict and serious:
        strict_failure(serious)
    targets = [path for path, _ in outputs]
    write_drafts(
        {path: dump_document(model) for path, model in outputs},
        inputs=[file, *inputs],
        force=force,
    )
    if as_json is not None:
        kinds = Counter(change.kind.value for change in result.revision.changes)
        data = {
            "source": str(file),
            "old": old_number,
            "new": new_number,
            "changes": dict(kinds),
            "opinions": len(result.opinions.opinions),
            "warnings": [warning.to_json() for warning in [*front_end, *result.warnings]],
            "written": [str(path) for path in targets],
        }
        click.echo(json.dumps(as_json | data, ensure_ascii=False, indent=2))
        return targets
    for path in targets:
        click.echo(str(Msg(f"書き込みました: {path}", f"wrote {path}")))
    return targets


def _echo_marked(file: Path, result: MarkedImport) -> None:
    """Print the counts and warnings of a marked import."""
    old_number, new_number = result.revision.old, result.revision.new
    click.echo(str(Msg(f"{file} を読みました", f"read {file}")))
    click.echo(
        str(
            Msg(
                f"  第{new_number}回の草案: {describe_counts(count_plan(result.new)).ja}",
                f"  draft of meeting {new_number}: {describe_counts(count_plan(result.new)).en}",
            )
        )
    )
    click.echo(
        str(
            Msg(
                f"  第{old_number}回の草案(逆算): {describe_counts(count_plan(result.old)).ja}",
                f"  derived draft of meeting {old_number}: "
                f"{describe_counts(count_plan(result.old)).en}",
            )
        )
    )
    click.echo(f"  {describe_revision(result.revision)}")
    click.echo(f"  {describe_opinions(result.opinions)}")
    _print_warnings(result.warnings)


_register(
    marked,
    Msg(
        "見え消し版の資料(テキスト/Markdown)を取り込み、草案フォルダに4つのファイルを書きます。\n\n"
        "FILE は R5.7.26 の資料のような見え消し版(【追加①】などのマーカー、~~取り消し線~~、"
        "★意見の表)。--out のフォルダに draft-NN.yaml(改訂前・改訂後)、opinions-NN.yaml、"
        "revision-NN-NN.yaml を書きます。既存のファイルは --force がなければ上書きしません。\n\n"
        "本文から範囲が分からない変更(文の途中の【追加②】など)は警告になります。範囲は本文の"
        "閉じ印【/追加②】か --extents の YAML で指定できます。--strict は警告があれば何も書かずに"
        "終了コード1で終わります。\n\n"
        "--out の代わりに --into FOLDER を付けると、改訂後の文言を既存の草案フォルダの次の草案"
        "(--meeting、既定は最新の回+1)として加え、前の草案との変更を理由が空欄の変更記録に書きます"
        "(docs/import.md)。",
        "Import a marked-up handout (text/Markdown) and write four files to a drafts folder.\n\n"
        "FILE is a redline like the R5.7.26 material (markers such as 【追加①】, ~~struck~~ text, "
        "★意見 opinion tables). The folder --out receives draft-NN.yaml (previous and new), "
        "opinions-NN.yaml and revision-NN-NN.yaml; existing files are kept unless --force.\n\n"
        "A change whose extent the text does not show (a mid-sentence 【追加②】) is a warning; "
        "state the extent with a closing mark 【/追加②】 or an --extents YAML. With --strict any "
        "warning stops the import with exit code 1 and nothing written.\n\n"
        "With --into FOLDER instead of --out, the new text is added to an existing drafts folder "
        "as its next draft (--meeting, default the latest + 1), with a revision record of the "
        "changes from the previous draft whose reasons are left empty (docs/import.md).",
    ),
)


@import_group.command("plain")
@click.argument("file", type=PathArgument)
@click.option(
    "--out",
    "out",
    type=PathArgument,
    default=None,
    help="書き出す草案ファイル / draft file to write (drafts/NAME/draft-NN.yaml).",
)
@click.option(
    "--into",
    "into",
    type=PathArgument,
    default=None,
    help="次の草案として加える草案フォルダ / drafts folder to add the draft to as its next.",
)
@click.option(
    "--meeting",
    type=click.IntRange(min=1, max=9999),
    default=None,
    help="回の番号 / meeting number.",
)
@click.option("--title", default=None, help="計画の名称 / the plan's name.")
@click.option("--date", default=None, help="会議の日付(R5.7.26 など) / meeting date.")
@click.option(
    "--stage",
    default=None,
    help="段階(素案 など。--into の既定は前の草案と同じ) / draft stage (--into: the previous one's).",
)
@click.option("--strict", is_flag=True, help="警告があれば失敗 / fail on any warning.")
@click.option("--force", is_flag=True, help="既存のファイルを上書き / overwrite an existing file.")
def plain(
    *,
    file: Path,
    out: Path | None,
    into: Path | None,
    meeting: int | None,
    title: str | None,
    date: str | None,
    stage: str | None,
    strict: bool,
    force: bool,
) -> None:
    out = out_or_into(out, into)
    if into is not None:
        from planrev.importers.nextdraft import without_header_lines  # noqa: PLC0415

        # The plan's name is the folder's: a leading heading stays a heading, and the
        # warnings about the name do not apply.
        read = import_plain(without_header_lines(read_text(file)), path=file, title="-")
        named = {"title", "title-differs"}
        write_next_draft(
            read.plan,
            file,
            into,
            meeting=meeting,
            force=force,
            strict=strict,
            warnings=[
                w for w in read.warnings if w.level is not Level.INFO and w.code not in named
            ],
            date=date,
            stage=stage,
            title=title,
        )
        return
    result = read_plain(file, title=title, meeting=meeting, date=date, stage=stage or "")
    click.echo(str(Msg(f"{file} を読みました", f"read {file}")))
    click.echo(f"  {describe_counts(count_plan(result.plan))}")
    _print_warnings(result.warnings)
    if strict and result.warnings:
        strict_failure(result.warnings)
    write_drafts({out: dump_document(result.plan)}, inputs=[file], force=force)
    click.echo(str(Msg(f"書き込みました: {out}", f"wrote {out}")))


_register(
    plain,
    Msg(
        "見え消しのない計画(テキスト/Markdown)を草案として取り込みます。\n\n"
        "見出し(第1部、第1章、1、（1）、①、（ア）、Markdown の #)は、現れた順に柱・分野・施策・"
        "その下の施策の階層になり、見出しの番号(第1章 など)は題名と分けて記録します。"
        "めざす姿・取組 などの見出し語の下の記述はその種類に、KPI の表(Markdown の表、タブ区切り)は"
        "KPI 表になります。段落は本文、箇条書きは箇条書きの本文、※1 などは脚注、1行だけの【…】は"
        "注記になります。読めなかったもの・知らない見出し語は行番号つきで報告します。"
        "文言は一字一句そのまま取り込みます。\n\n"
        "--out の代わりに --into FOLDER を付けると、既存の草案フォルダの次の草案(--meeting、"
        "既定は最新の回+1)として加えます。前の草案の記述と比較の仕組みで対応付けて id を引き継ぎ、"
        "新しい記述には読める id を付け、変更を理由が空欄の変更記録に書きます。既にある回は --force "
        "がなければ置き換えず(最新の回だけ)、失敗したときはフォルダを一切変えません(docs/import.md)。",
        "Import a plan without edit marks (text/Markdown) as a draft.\n\n"
        "Heading styles (第1部, 第1章, 1, （1）, ①, （ア）, Markdown #) become pillar, field, "
        "section and nested sections in the order they first appear; heading numbers (第1章) are "
        "kept apart from the titles. Statements under labels such as めざす姿 and 取組 take their "
        "kinds, KPI tables (Markdown tables, tab-separated) become KPI tables. Paragraphs become "
        "text, bullets bullet statements, ※1 and the like footnotes, a line of one 【…】 a note. "
        "What is not read and unknown labels are reported with their lines. Text is kept exactly "
        "as written.\n\n"
        "With --into FOLDER instead of --out, the plan is added to an existing drafts folder as "
        "its next draft (--meeting, default the latest + 1): its blocks are paired with the "
        "previous draft's by the comparison engine and keep their ids, new ones get readable "
        "ids, and the changes are written as a revision record with empty reasons. An existing "
        "meeting is replaced only with --force (the latest only); on any failure the folder is "
        "left exactly as it was (docs/import.md).",
    ),
)
