"""A drafts folder: the drafts of several meetings with their opinions and revision records.

Every ``*.yaml``/``*.yml`` file directly in the folder must be a planrev document (a broken link
or a FIFO of that name is an error, not skipped; names starting with ``.`` are planrev's own
temporary files and are ignored); which is which is read from its ``document`` key, and drafts are ordered by their meeting number, not by file
name. Cross-file references are checked on loading: a revision's meetings, targets and opinions,
and the scopes of opinions.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Generic, NoReturn, TypeVar

from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.model import OpinionSet, Plan, Revision
from planrev.model.checks import Problem, check_opinion_scopes, check_revision_links
from planrev.storage.documents import DocumentModel, Limits, locate_problem, read_document

__all__ = ["DraftFolder", "Sourced", "Step", "is_drafts_folder", "load_folder", "yaml_files"]

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

    ``limits`` holds every file to the given limits (default: the environment's).
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
    drafts: list[Sourced[Plan]] = []
    opinions: list[Sourced[OpinionSet]] = []
    revisions: list[Sourced[Revision]] = []
    for path in files:
        model: DocumentModel
        model, source = read_document(path, limits=limits)
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
