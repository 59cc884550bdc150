"""``planrev explain``, ``planrev decide`` and ``planrev todo``: the secretariat's decisions.

- ``explain FOLDER CHANGE --because op-1,op-2 | --reason TEXT`` attaches opinions and/or a reason
  to one change of a revision record (:func:`planrev.decisions.explain`);
- ``decide FOLDER OPINION --disposition 反映 --response TEXT`` sets an opinion's 対応 and
  事務局の考え方 (:func:`planrev.decisions.decide`);
- ``todo FOLDER`` lists the decisions still to be recorded: exactly the audit's findings whose
  codes are :data:`planrev.audit.GAP_CODES`.

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

from planrev.cli import EXIT_INPUT, command, say
from planrev.decisions import decide, explain
from planrev.errors import EditError, LoadError, Location
from planrev.i18n import Msg
from planrev.model import OpinionSet, Revision
from planrev.storage.documents import Document
from planrev.storage.folder import DraftFolder, Sourced, load_folder, write_folder

FolderArgument = click.Path(path_type=Path, file_okay=False)

T = TypeVar("T", OpinionSet, Revision)

__all__ = ["decide_command", "explain_command", "todo_command"]


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


def _revision(folder: DraftFolder, meeting: int | None, change: str) -> Sourced[Revision]:
    """Return the revision record to edit: that of ``meeting`` (its new draft), else the latest."""
    if not folder.revisions:
        raise LoadError(
            Msg(
                "フォルダに変更記録(revision-*.yaml)がありません",
                "the folder has no revision record",
            ),
            location=Location(folder.path),
            hint=Msg(
                "次の草案を取り込むと変更記録ができます(planrev import … --into)。",
                "importing the next draft writes one (planrev import … --into).",
            ),
        )
    if meeting is None:
        return folder.revisions[-1]
    for revision in folder.revisions:
        if revision.model.new == meeting:
            return revision
    listed = "、".join(str(r.model.new) for r in folder.revisions)
    raise LoadError(
        Msg(
            f"第{meeting}回の草案への変更記録がありません(変更 '{change}')",
            f"no revision record leads to the draft of meeting {meeting} (change '{change}')",
        ),
        location=Location(folder.path),
        hint=Msg(f"--meeting には次のどれかを: {listed}", f"--meeting takes one of: {listed}"),
    )


@command(
    "explain",
    Msg(
        "変更記録の1つの変更に、理由となる意見や注記を結び付けます。",
        "Attach opinions and/or a reason to one change of a revision record.",
    ),
)
@click.argument("folder", type=FolderArgument)
@click.argument("change")
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
    record = _revision(loaded, meeting, change)
    revision = record.model
    try:
        edited = explain(
            revision,
            change,
            because=_ids(because),
            reason=reason,
            opinions=loaded.opinions_for(revision.new),
            draft=loaded.draft(revision.new),
        )
    except EditError as error:
        raise _located(error, record.path) from error
    if edited == revision:
        say(str(Msg(f"変更はありません: {record.path}", f"nothing changed: {record.path}")))
        return
    written = _save(loaded, record, edited)
    after = next(c for c in edited.changes if change in {c.id, c.target})
    why = "、".join(after.opinions)
    if after.reason:
        why = f"{why}、※{after.reason}" if why else f"※{after.reason}"
    label = after.label or after.kind.value
    say(f"【{label}】{after.target} ← {why}")
    say(str(Msg(f"書き込みました: {written}", f"wrote {written}")))


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
        "意見の対応(反映・一部反映・反映しない…)と事務局の考え方を記録します。",
        "Record an opinion's disposition (対応) and the secretariat's response (考え方).",
    ),
)
@click.argument("folder", type=FolderArgument)
@click.argument("opinion")
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
        "まだ記録していない決定(理由のない変更、対応や考え方のない意見など)を一覧します。",
        "List the decisions still to be recorded (changes with no reason, opinions with no "
        "disposition or response, …).",
    ),
)
@click.argument("folder", type=FolderArgument)
@click.option(
    "--check", is_flag=True, help="残りがあれば終了コード 1 / exit 1 when anything is left."
)
def todo_command(folder: Path, check: bool) -> None:
    from planrev.audit import audit  # noqa: PLC0415 - the comparisons are needed only here
    from planrev.audit import load_folder as load_history  # noqa: PLC0415

    report = audit(load_history(folder))
    gaps = report.gaps
    if not gaps:
        say(str(Msg("未記入の決定はありません", "nothing left to record")))
        return
    say(str(Msg(f"未記入の決定が{len(gaps)}件あります:", f"{len(gaps)} decisions to record:")))
    for finding in gaps:
        say(f"[{finding.code}] " + str(finding).replace("\n", "\n    "))
    if check:
        raise SystemExit(EXIT_INPUT)
