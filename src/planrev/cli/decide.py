"""``planrev explain``, ``planrev decide`` and ``planrev todo``: the secretariat's decisions.

- ``explain FOLDER CHANGE --because op-1,op-2 | --reason TEXT`` attaches opinions and/or a reason
  to one change of a revision record (:func:`planrev.decisions.explain`);
- ``decide FOLDER OPINION --disposition 反映 --response TEXT`` sets an opinion's 対応 and
  事務局の考え方 (:func:`planrev.decisions.decide`);
- ``todo FOLDER`` lists the decisions still to be recorded: exactly the audit's findings whose
  codes are :data:`planrev.audit.GAP_CODES`.

A change the draft shows but no record declares yet (a draft edited by hand) gets its record
from the comparison, in document order; a step with no revision record at all gets a new file
``revision-NN-MM.yaml``.

``explain`` and ``decide`` edit one file of the folder through its round-trip document (comments
and layout kept, only the lines of what changed rewritten) and write it with
:func:`planrev.storage.folder.write_folder`: the whole resulting folder is validated first, and the
file is replaced atomically. A wrong id or value stops with one message naming the file, exit 1,
and the folder unchanged.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TypeVar

import click
from click.shell_completion import CompletionItem

from planrev.cli import EXIT_INPUT, command, say
from planrev.cli.terminal import json_text
from planrev.decisions import decide, declare, explain
from planrev.errors import EditError, LoadError, Location, PlanrevError, WriteError
from planrev.i18n import Msg
from planrev.model import OpinionSet, Revision
from planrev.storage.documents import Document, dump_document
from planrev.storage.folder import DraftFolder, Sourced, Step, load_folder, write_folder

FolderArgument = click.Path(path_type=Path, file_okay=False)

T = TypeVar("T", OpinionSet, Revision)

__all__ = ["decide_command", "explain_command", "todo_command"]


def _folder_of(ctx: click.Context) -> DraftFolder | None:
    folder = ctx.params.get("folder")
    try:
        return load_folder(folder) if folder is not None else None
    except PlanrevError:
        return None


def complete_change(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete a CHANGE with the change ids and targets of the latest revision record."""
    loaded = _folder_of(ctx)
    if loaded is None or not loaded.revisions:
        return []
    names: dict[str, None] = {}
    for record in loaded.revisions[-1].model.changes:
        names.update({record.id: None, record.target: None})
    return [CompletionItem(name) for name in names if name.startswith(incomplete)]


def complete_opinion(
    ctx: click.Context, param: click.Parameter, incomplete: str
) -> list[CompletionItem]:
    """Complete an OPINION with the ids of the folder's opinions files."""
    loaded = _folder_of(ctx)
    if loaded is None:
        return []
    ids = dict.fromkeys(o.id for sourced in loaded.opinions for o in sourced.model.opinions)
    return [CompletionItem(i) for i in ids if i.startswith(incomplete)]


def _located(error: EditError, path: Path) -> LoadError:
    """Return ``error`` placed on the file it concerns."""
    return LoadError(error.message, location=Location(path), hint=error.hint)


def _save(folder: DraftFolder, sourced: Sourced[T], model: T) -> Path:
    """Write ``model`` over the file of ``sourced``, keeping its comments and layout."""
    document = Document(sourced.model, sourced.text, sourced.path)
    document.model = model
    write_folder(folder.path, {sourced.path.name: document.dumps()})
    return sourced.path


def _ids(values: Sequence[str]) -> tuple[str, ...]:
    """Return the opinion ids of repeated and comma-separated ``--because`` values."""
    ids: list[str] = []
    for value in values:
        ids.extend(part.strip() for part in value.replace("、", ",").split(","))
    return tuple(ids)


def _step(folder: DraftFolder, meeting: int | None, change: str) -> Step:
    """Return the step whose record to edit: the one leading to ``meeting``, else the latest."""
    steps = list(folder.steps())
    if not steps:
        raise LoadError(
            Msg(
                "フォルダに草案が1つしかなく、変更がありません",
                "the folder holds a single draft: there are no changes",
            ),
            location=Location(folder.path),
            hint=Msg(
                "次の草案を取り込むと変更記録ができます(planrev import … --into)。",
                "importing the next draft writes one (planrev import … --into).",
            ),
        )
    if meeting is None:
        return steps[-1]
    for step in steps:
        if step.new.model.meta.meeting == meeting:
            return step
    listed = "、".join(str(step.new.model.meta.meeting) for step in steps)
    raise LoadError(
        Msg(
            f"第{meeting}回の草案への変更はありません(変更 '{change}')",
            f"no draft of meeting {meeting} follows another (change '{change}')",
        ),
        location=Location(folder.path),
        hint=Msg(f"--meeting には次のどれかを: {listed}", f"--meeting takes one of: {listed}"),
    )


def _declared(revision: Revision, change: str) -> bool:
    return any(change in {record.id, record.target} for record in revision.changes)


def _declare(step: Step, revision: Revision, change: str) -> Revision:
    """Return ``revision`` with a record for the change ``change`` the drafts show but nothing
    declares yet (see :func:`planrev.decisions.declare`)."""
    from planrev.comparison import compare  # noqa: PLC0415 - only undeclared changes need it

    opinions = step.opinions.model if step.opinions is not None else None
    return declare(revision, compare(step.old.model, step.new.model, revision, opinions), change)


@command(
    "explain",
    Msg(
        "変更記録の1つの変更に、理由となる意見や注記を結び付けます。\n\n"
        "CHANGE は変更記録の変更の id か、変わった記述の id です。--because の意見は変更の意見に"
        "書き足し(カンマ区切り・くり返し可)、--reason は注記を置き換えます。意見と結び付けると"
        "今の文言の指紋(fingerprint)も記録します。変更記録にまだない変更(草案を直接書き換えた"
        "もの)は、比較して記録に加えます。既定では最新の草案への変更記録を、--meeting N で第N回の"
        "草案への変更記録を書き換えます。コメントと書式はそのままで、書き込む前にフォルダ全体を"
        "検証します。誤った id はファイルを示して終了コード 1、フォルダは変わりません。\n\n"
        "例: planrev explain drafts/aomori-dx talent-3 --because op-1,op-2",
        "Attach opinions and/or a reason to one change of a revision record.\n\n"
        "CHANGE is the change's id or the id of the node it changed. --because adds opinion ids "
        "(comma-separated, repeatable); --reason replaces the reason. Linking an opinion records "
        "the text's fingerprint. A change the record does not declare yet (a draft edited by "
        "hand) is added from the comparison. The latest revision record is edited by default, "
        "the one leading to meeting N with --meeting N. Comments and layout are kept; the whole "
        "folder is validated before writing. A wrong id names the file, exits 1 and changes "
        "nothing.\n\n"
        "Example: planrev explain drafts/aomori-dx talent-3 --because op-1,op-2",
    ),
)
@click.argument("folder", type=FolderArgument)
@click.argument("change", shell_complete=complete_change)
@click.option(
    "--because",
    "because",
    multiple=True,
    metavar="ID[,ID…]",
    help="理由となる意見の id(カンマ区切り・複数可) / opinion ids (comma-separated, repeatable).",
)
@click.option("--reason", default=None, help="注記(意見によらない理由) / the reason as text.")
@click.option(
    "--meeting",
    type=click.IntRange(min=1),
    default=None,
    help="変更後の草案の回(既定: 最新) / meeting of the changed draft (default: the latest).",
)
def explain_command(
    folder: Path, change: str, because: tuple[str, ...], reason: str | None, meeting: int | None
) -> None:
    loaded = load_folder(folder)
    step = _step(loaded, meeting, change)
    old_meeting = step.old.model.meta.meeting or 0
    new_meeting = step.new.model.meta.meeting or 0
    sourced = step.revision
    path = (
        sourced.path
        if sourced is not None
        else loaded.path / f"revision-{old_meeting:02d}-{new_meeting:02d}.yaml"
    )
    revision = sourced.model if sourced is not None else Revision(old=old_meeting, new=new_meeting)
    if not _declared(revision, change):
        revision = _declare(step, revision, change)
    try:
        edited = explain(
            revision,
            change,
            because=_ids(because),
            reason=reason,
            opinions=step.opinions.model if step.opinions is not None else None,
            draft=step.new.model,
        )
    except EditError as error:
        raise _located(error, path) from error
    if sourced is not None and edited == sourced.model:
        say(str(Msg(f"変更はありません: {path}", f"nothing changed: {path}")))
        return
    if sourced is not None:
        _save(loaded, sourced, edited)
    elif path.exists():
        raise WriteError(
            Msg(
                "この名前のファイルは既にありますが、この回の変更記録ではありません",
                "a file of this name exists but is not this step's revision record",
            ),
            path=path,
        )
    else:
        write_folder(loaded.path, {path.name: dump_document(edited)})
    after = next(c for c in edited.changes if change in {c.id, c.target})
    why = "、".join(after.opinions)
    if after.reason:
        why = f"{why}、※{after.reason}" if why else f"※{after.reason}"
    label = after.label or after.kind.value
    say(f"【{label}】{after.target} ← {why}")
    say(str(Msg(f"書き込みました: {path}", f"wrote {path}")))


def _opinion_file(folder: DraftFolder, meeting: int | None, opinion: str) -> Sourced[OpinionSet]:
    """Return the opinions file holding ``opinion`` (of ``meeting`` when given)."""
    if not folder.opinions:
        raise LoadError(
            Msg(
                "フォルダに意見ファイル(opinions-*.yaml)がありません",
                "the folder has no opinions file",
            ),
            location=Location(folder.path),
            hint=Msg(
                "planrev import opinions で意見を取り込んでください。",
                "import the opinions first (planrev import opinions).",
            ),
        )
    candidates = [
        sourced
        for sourced in folder.opinions
        if (meeting is None or sourced.model.meeting == meeting)
        and any(item.id == opinion for item in sourced.model.opinions)
    ]
    if len(candidates) == 1:
        return candidates[0]
    if candidates:
        names = "、".join(sourced.path.name for sourced in candidates)
        raise LoadError(
            Msg(
                f"意見 '{opinion}' は複数のファイルにあります({names})",
                f"opinion '{opinion}' is in several files ({names})",
            ),
            location=Location(folder.path),
            hint=Msg("--meeting で回を指定してください。", "choose one with --meeting."),
        )
    where = (
        folder.opinions[0]
        if len(folder.opinions) == 1
        else next((s for s in folder.opinions if s.model.meeting == meeting), None)
    )
    raise LoadError(
        Msg(f"意見 '{opinion}' はありません", f"no opinion '{opinion}'"),
        location=Location(where.path if where is not None else folder.path),
        hint=Msg(
            "意見ファイルにある id を指定してください(planrev todo で一覧できます)。",
            "use an id of the opinions file (planrev todo lists those still open).",
        ),
    )


@command(
    "decide",
    Msg(
        "意見の対応(反映・一部反映・反映しない…)と事務局の考え方を記録します。\n\n"
        "--disposition は 反映/一部反映/反映しない/記載済み/今後検討/未定(または reflected, "
        "partly, not_reflected, covered, later, undecided)、--response は意見対応表に載る事務局の"
        "考え方です。片方だけでも指定できます。同じ id の意見が複数の回の意見ファイルにあるときは "
        "--meeting で回を選びます。コメントと書式はそのままで、書き込む前にフォルダ全体を検証します。"
        "誤った id・対応はファイルを示して終了コード 1、フォルダは変わりません。\n\n"
        "例: planrev decide drafts/aomori-dx op-1 --disposition 反映 --response ご意見を踏まえ修正しました。",
        "Record an opinion's disposition (対応) and the secretariat's response (考え方).\n\n"
        "--disposition is one of 反映/一部反映/反映しない/記載済み/今後検討/未定 (or reflected, "
        "partly, not_reflected, covered, later, undecided); --response is the text of the "
        "意見対応表. Either may be given alone. When two meetings' opinions files hold the id, "
        "choose with --meeting. Comments and layout are kept; the whole folder is validated "
        "before writing. A wrong id or disposition names the file, exits 1 and changes nothing."
        "\n\nExample: planrev decide drafts/aomori-dx op-1 --disposition 反映 --response …",
    ),
)
@click.argument("folder", type=FolderArgument)
@click.argument("opinion", shell_complete=complete_opinion)
@click.option(
    "--disposition",
    default=None,
    help="対応: 反映/一部反映/反映しない/記載済み/今後検討/未定 / the disposition.",
)
@click.option("--response", default=None, help="事務局の考え方 / the secretariat's response.")
@click.option(
    "--meeting",
    type=click.IntRange(min=1),
    default=None,
    help="意見ファイルの回(同じ id が複数の回にあるとき) / the opinions' meeting, if ambiguous.",
)
def decide_command(
    folder: Path, opinion: str, disposition: str | None, response: str | None, meeting: int | None
) -> None:
    loaded = load_folder(folder)
    sourced = _opinion_file(loaded, meeting, opinion)
    try:
        edited = decide(sourced.model, opinion, disposition, response=response)
    except EditError as error:
        raise _located(error, sourced.path) from error
    if edited == sourced.model:
        say(str(Msg(f"変更はありません: {sourced.path}", f"nothing changed: {sourced.path}")))
        return
    written = _save(loaded, sourced, edited)
    after = next(item for item in edited.opinions if item.id == opinion)
    say(f"{after.id} [{after.disposition.value}] {after.response or ''}".rstrip())
    say(str(Msg(f"書き込みました: {written}", f"wrote {written}")))


@command(
    "todo",
    Msg(
        "まだ記録していない決定(理由のない変更、対応や考え方のない意見など)を一覧します。\n\n"
        "planrev audit のエラーのうち、explain と decide で埋めるもの(unexplained-change、"
        "undisposed-opinion、empty-response、reflected-without-change、"
        "not-reflected-with-change)を、ファイルと行の位置つきで、監査と同じ順に表示します。"
        "--check を付けると、残りがあれば終了コード 1 で終わります。",
        "List the decisions still to be recorded (changes with no reason, opinions with no "
        "disposition or response, …).\n\n"
        "These are the planrev audit errors explain and decide fill in (unexplained-change, "
        "undisposed-opinion, empty-response, reflected-without-change, "
        "not-reflected-with-change), with file and line, in the audit's order. With --check the "
        "command exits 1 while any is left.",
    ),
)
@click.argument("folder", type=FolderArgument)
@click.option(
    "--check", is_flag=True, help="残りがあれば終了コード 1 / exit 1 when anything is left."
)
@click.option("--json", "as_json", is_flag=True, help="結果を JSON で出力 / print JSON.")
def todo_command(folder: Path, check: bool, as_json: bool) -> None:
    from planrev.audit import audit  # noqa: PLC0415 - the comparisons are needed only here
    from planrev.audit import load_folder as load_history  # noqa: PLC0415

    report = audit(load_history(folder))
    gaps = report.gaps
    if as_json:
        say(json_text({"path": str(report.path), "gaps": [f.to_json() for f in gaps]}))
    elif not gaps:
        say(str(Msg("未記入の決定はありません", "nothing left to record")))
    else:
        say(str(Msg(f"未記入の決定が{len(gaps)}件あります:", f"{len(gaps)} decisions to record:")))
        for finding in gaps:
            say(f"[{finding.code}] " + str(finding).replace("\n", "\n    "))
    if check and gaps:
        raise SystemExit(EXIT_INPUT)
