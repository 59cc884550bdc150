"""A drafts folder: the drafts of several meetings with their opinions and revision records.

Every ``*.yaml``/``*.yml`` file directly in the folder must be a planrev document (a broken link
or a FIFO of that name is an error, not skipped; names starting with ``.`` are planrev's own
temporary files and are ignored); which is which is read from its ``document`` key, and drafts are ordered by their meeting number, not by file
name. Cross-file references are checked on loading: a revision's meetings, targets and opinions,
and the scopes of opinions.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, NoReturn, TypeVar

from planrev.errors import LoadError, Location, WriteError
from planrev.i18n import Msg
from planrev.model import OpinionSet, Plan, Revision
from planrev.model.checks import Problem, check_opinion_scopes, check_revision_links
from planrev.storage import journal
from planrev.storage.documents import (
    DocumentModel,
    Limits,
    loads_document,
    locate_problem,
    read_document,
)
from planrev.storage.files import TEMPORARY_PREFIX, TEMPORARY_SUFFIX

__all__ = [
    "DraftFolder",
    "Sourced",
    "Step",
    "is_drafts_folder",
    "load_folder",
    "write_folder",
    "yaml_files",
]

T = TypeVar("T", Plan, OpinionSet, Revision)


@dataclass(frozen=True, slots=True)
class Sourced(Generic[T]):
    """A document together with the file it was read from."""

    model: T
    """The document."""
    path: Path
    """The file it came from."""
    source: str = field(repr=False, compare=False)
    """The file's text (kept to place later cross-file problems on a line)."""

    @property
    def text(self) -> str:
        """Return the file's text (the same as :attr:`source`)."""
        return self.source


@dataclass(frozen=True, slots=True)
class Step:
    """One revision of the history: a draft, the next one, and what connects them."""

    old: Sourced[Plan]
    """The draft before."""
    new: Sourced[Plan]
    """The draft after."""
    revision: Sourced[Revision] | None
    """The revision record from ``old`` to ``new``, or None if there is none yet."""
    opinions: Sourced[OpinionSet] | None
    """The opinions the new draft answers, or None if there are none."""


@dataclass(frozen=True, slots=True)
class DraftFolder:
    """The documents of one plan's folder, drafts in meeting order."""

    path: Path
    """The folder."""
    drafts: tuple[Sourced[Plan], ...]
    """The drafts, ordered by meeting number."""
    opinions: tuple[Sourced[OpinionSet], ...]
    """The opinion sets, ordered by meeting number."""
    revisions: tuple[Sourced[Revision], ...]
    """The revision records, ordered by meetings."""

    def draft(self, meeting: int) -> Plan:
        """Return the draft of ``meeting``; raises KeyError if there is none."""
        for draft in self.drafts:
            if draft.model.meta.meeting == meeting:
                return draft.model
        raise KeyError(meeting)

    @property
    def latest(self) -> Plan:
        """Return the draft of the latest meeting."""
        return self.drafts[-1].model

    def opinions_for(self, meeting: int) -> OpinionSet | None:
        """Return the opinions answered by the draft of ``meeting``, or None."""
        return next((o.model for o in self.opinions if o.model.meeting == meeting), None)

    def steps(self) -> Iterator[Step]:
        """Yield each pair of consecutive drafts with its revision record and opinions."""
        for old, new in zip(self.drafts, self.drafts[1:], strict=False):
            old_meeting, new_meeting = old.model.meta.meeting, new.model.meta.meeting
            revision = next(
                (
                    r
                    for r in self.revisions
                    if (r.model.old, r.model.new) == (old_meeting, new_meeting)
                ),
                None,
            )
            opinions = next((o for o in self.opinions if o.model.meeting == new_meeting), None)
            yield Step(old, new, revision, opinions)


def yaml_files(folder: Path) -> list[Path]:
    """Return the YAML files directly in ``folder``, sorted by name.

    Every name ending in ``.yaml``/``.yml`` that is not a folder counts, broken links included
    (reading one then says what is wrong); names starting with ``.`` do not.
    """
    return sorted(
        path
        for path in folder.iterdir()
        if path.suffix.lower() in {".yaml", ".yml"}
        and not path.name.startswith(".")
        and not path.is_dir()
    )


def is_drafts_folder(folder: Path) -> bool:
    """Return whether ``folder`` directly holds YAML files (rather than plan folders)."""
    return folder.is_dir() and bool(yaml_files(folder))


def load_folder(folder: Path | str, *, limits: Limits | None = None) -> DraftFolder:
    """Read every document of a drafts folder and check the references between them.

    ``limits`` holds every file to the given limits (default: the environment's). A write that
    was interrupted (see :func:`write_folder`) is finished or undone first; the folder is read
    under a shared lock, so a concurrent :func:`write_folder` is seen whole or not at all.
    """
    folder = Path(folder)
    if not folder.is_dir():
        raise LoadError(
            Msg("フォルダがありません", "no such folder"),
            location=Location(folder),
            hint=Msg(
                "草案ファイル(*.yaml)を入れたフォルダを指定してください。",
                "pass a folder holding draft files (*.yaml).",
            ),
        )
    if journal.pending(folder):
        with journal.locked(folder, exclusive=True):
            journal.recover(folder)
    with journal.locked(folder, exclusive=False):
        files = yaml_files(folder)
        if not files:
            raise LoadError(
                Msg("フォルダに YAML ファイルがありません", "the folder holds no YAML files"),
                location=Location(folder),
                hint=Msg(
                    "草案(document: draft)を1つ以上入れてください。",
                    "add at least one draft (document: draft).",
                ),
            )
        read = [(path, *read_document(path, limits=limits)) for path in files]
    return _assemble(folder, read)


def _assemble(folder: Path, documents: list[tuple[Path, DocumentModel, str]]) -> DraftFolder:
    """Return the folder of ``documents`` (path, model, text), checking the references between
    them."""
    drafts: list[Sourced[Plan]] = []
    opinions: list[Sourced[OpinionSet]] = []
    revisions: list[Sourced[Revision]] = []
    for path, model, source in documents:
        if isinstance(model, Plan):
            drafts.append(Sourced(model, path, source))
        elif isinstance(model, OpinionSet):
            opinions.append(Sourced(model, path, source))
        else:
            revisions.append(Sourced(model, path, source))
    if not drafts:
        raise LoadError(
            Msg(
                "フォルダに草案(document: draft)がありません",
                "the folder holds no draft (document: draft)",
            ),
            location=Location(folder),
        )
    _check_meetings(drafts, opinions, revisions)
    drafts.sort(key=lambda d: d.model.meta.meeting or 0)
    opinions.sort(key=lambda o: o.model.meeting)
    revisions.sort(key=lambda r: (r.model.old, r.model.new))
    loaded = DraftFolder(folder, tuple(drafts), tuple(opinions), tuple(revisions))
    _check_links(loaded)
    return loaded


def write_folder(
    folder: Path | str, files: Mapping[str, str | None], *, limits: Limits | None = None
) -> DraftFolder:
    """Write ``files`` into the drafts folder ``folder`` as one transaction; return the result.

    ``files`` maps a file name in the folder (``draft-04.yaml``) to its new text, or to None to
    remove that file; the folder's other files stay. The whole resulting folder is validated
    first, as :func:`load_folder` would read it (a problem raises its :class:`LoadError` naming
    the real file, and nothing is written). Then the files are replaced so that an interrupted
    write leaves the old set or, once the next read or write of the folder has finished it, the
    new set, never a mix (see :mod:`planrev.storage.journal`). A folder that does not exist is
    created whole. New files get the user's umask; replaced files keep their mode.
    """
    folder = Path(folder)
    changes = {_plain_name(folder, name): text for name, text in files.items()}
    if not folder.exists():
        return _create_folder(folder, changes, limits)
    with journal.locked(folder, exclusive=True):
        journal.recover(folder)
        result = _validate(folder, changes, limits)
        journal.commit(
            folder,
            {
                name: None if text is None else text.encode("utf-8")
                for name, text in changes.items()
            },
        )
    return result


def _plain_name(folder: Path, name: str) -> str:
    """Return ``name`` if it names a YAML file directly in a folder, else raise."""
    plain = Path(name)
    if plain.name != name or name.startswith(".") or plain.suffix.lower() not in {".yaml", ".yml"}:
        raise WriteError(
            Msg(
                f"'{name}' はフォルダ直下の YAML ファイルの名前ではありません",
                f"'{name}' is not the name of a YAML file directly in the folder",
            ),
            path=folder / name,
        )
    return name


def _validate(
    folder: Path, changes: Mapping[str, str | None], limits: Limits | None
) -> DraftFolder:
    """Return the folder as it will be once ``changes`` are made, validated."""
    documents: list[tuple[Path, DocumentModel, str]] = []
    kept = {path.name: path for path in yaml_files(folder)} if folder.exists() else {}
    for name in sorted({*kept, *changes}):
        path = folder / name
        if name in changes:
            text = changes[name]
            if text is not None:
                documents.append((path, loads_document(text, path, limits=limits), text))
        else:
            documents.append((path, *read_document(path, limits=limits)))
    return _assemble(folder, documents)


def _create_folder(
    folder: Path, changes: Mapping[str, str | None], limits: Limits | None
) -> DraftFolder:
    """Create ``folder`` holding ``changes``: written beside it, then renamed into place.

    The parent folder is locked meanwhile, so a staging folder for the same name found then was
    left by an interrupted creation, and is removed.
    """
    result = _validate(folder, changes, limits)
    parent = folder.parent
    prefix = f"{TEMPORARY_PREFIX}{folder.name}-"
    try:
        parent.mkdir(parents=True, exist_ok=True)
        with journal.locked(parent, exclusive=True):
            for stale in parent.glob(f"{prefix}*{TEMPORARY_SUFFIX}"):
                shutil.rmtree(stale, ignore_errors=True)
            staging = Path(tempfile.mkdtemp(prefix=prefix, suffix=TEMPORARY_SUFFIX, dir=parent))
            try:
                # mkdtemp makes the folder 0700; the new folder gets what the umask gives.
                staging.chmod(0o777 & ~_umask())
                journal.commit(
                    staging,
                    {
                        name: text.encode("utf-8")
                        for name, text in changes.items()
                        if text is not None
                    },
                )
                os.rename(staging, folder)
            except BaseException:
                shutil.rmtree(staging, ignore_errors=True)
                raise
    except OSError as exc:
        raise journal.failed(folder, exc) from exc
    return result


def _umask() -> int:
    # Read without changing it where Linux shows it; else set and restore (a tiny race).
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("Umask:"):
                return int(line.split()[1], 8)
    except (OSError, ValueError):
        pass
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _fail(
    problem: Problem, source: Sourced[Plan] | Sourced[OpinionSet] | Sourced[Revision]
) -> NoReturn:
    raise locate_problem(problem, source.text, source.path)


def _check_meetings(
    drafts: list[Sourced[Plan]],
    opinions: list[Sourced[OpinionSet]],
    revisions: list[Sourced[Revision]],
) -> None:
    seen: dict[int, Path] = {}
    for draft in drafts:
        meeting = draft.model.meta.meeting
        if meeting is None:
            _fail(
                Problem(
                    "invalid",
                    ("meta", "meeting"),
                    Msg(
                        "フォルダ内の草案には meta.meeting(第何回の草案か)が必要です",
                        "a draft in a folder needs meta.meeting (which meeting it belongs to)",
                    ),
                    Msg(
                        "meta に meeting: 3 のように回の番号を書いてください。",
                        "add e.g. `meeting: 3` under meta.",
                    ),
                ),
                draft,
            )
            continue
        if meeting in seen:
            _fail(
                Problem(
                    "duplicate",
                    ("meta", "meeting"),
                    Msg(
                        f"第{meeting}回の草案が2つあります(もう一つ: {seen[meeting].name})",
                        f"two drafts for meeting {meeting} (the other: {seen[meeting].name})",
                    ),
                    Msg(
                        "どちらかの meta.meeting を直すか、古い方をフォルダから出してください。",
                        "fix one meta.meeting, or move the stale file out of the folder.",
                    ),
                ),
                draft,
            )
        seen[meeting] = draft.path
    opinion_meetings: dict[int, Path] = {}
    for opinion_set in opinions:
        meeting = opinion_set.model.meeting
        if meeting in opinion_meetings:
            other = opinion_meetings[meeting].name
            _fail(
                Problem(
                    "duplicate",
                    ("meeting",),
                    Msg(
                        f"第{meeting}回の意見ファイルが2つあります(もう一つ: {other})",
                        f"two opinion files for meeting {meeting} (the other: {other})",
                    ),
                    Msg("1つのファイルにまとめてください。", "merge them into one file."),
                ),
                opinion_set,
            )
        opinion_meetings[meeting] = opinion_set.path
    for revision in revisions:
        for key in ("old", "new"):
            meeting = getattr(revision.model, key)
            if meeting not in seen:
                _fail(
                    Problem(
                        "dangling",
                        (key,),
                        Msg(
                            f"第{meeting}回の草案がフォルダにありません",
                            f"the folder has no draft of meeting {meeting}",
                        ),
                        Msg(
                            "草案ファイルを追加するか、回の番号を直してください。",
                            "add that draft, or fix the meeting number.",
                        ),
                    ),
                    revision,
                )


def _check_links(folder: DraftFolder) -> None:
    by_meeting = {draft.model.meta.meeting: draft for draft in folder.drafts}
    for opinion_set in folder.opinions:
        answering = by_meeting.get(opinion_set.model.meeting, folder.drafts[-1])
        for problem in check_opinion_scopes(opinion_set.model, answering.model):
            _fail(problem, opinion_set)
    for revision in folder.revisions:
        old = by_meeting[revision.model.old].model
        new = by_meeting[revision.model.new].model
        opinions = folder.opinions_for(revision.model.new)
        for problem in check_revision_links(revision.model, old, new, opinions):
            _fail(problem, revision)
