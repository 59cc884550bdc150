"""A drafts folder read as one history: the drafts of every meeting, each step compared once.

A drafts folder holds the drafts of several meetings (第1回, 第2回, …) with their revision records
and opinions. :func:`load_folder` reads it as a :class:`History`: the drafts in meeting order,
and each consecutive pair as a :class:`HistoryStep` holding the two drafts, the revision record
and the opinions (each None when the folder has none) and the files they came from; the step's
:class:`~planrev.comparison.Comparison` is computed once, on first use, and kept.
:meth:`History.lineages` follows every node through the history (:mod:`planrev.audit.lineage`).

A comparison needs two different drafts: :meth:`History.between` — which every command that
compares uses — refuses a folder of a single draft and a pair of one meeting with
:class:`NothingToCompareError`, and a meeting no draft has with :class:`NotInHistoryError`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planrev.audit.lineage import Appearance, Lineage, Tracks, follow
from planrev.errors import PlanrevError
from planrev.i18n import Msg
from planrev.model import Opinion, OpinionSet, Plan, Revision, walk
from planrev.storage.folder import DraftFolder, Sourced
from planrev.storage.folder import load_folder as read_folder

if TYPE_CHECKING:
    from planrev.comparison import Comparison

__all__ = [
    "History",
    "HistoryStep",
    "NotInHistoryError",
    "NothingToCompareError",
    "ProgressCallback",
    "load_folder",
]

ProgressCallback = Callable[[int, int], None]
"""Called as ``callback(done, total)`` after each step is compared (for progress bars)."""


class NotInHistoryError(PlanrevError):
    """A node id, opinion id or meeting that no draft or opinion set of the history holds."""


class NothingToCompareError(PlanrevError):
    """A comparison asked of one draft: a folder of a single draft, or two equal meetings."""


@dataclass(frozen=True, slots=True)
class HistoryStep:
    """Two drafts of the history and what connects them (usually consecutive meetings)."""

    old_meeting: int
    """The meeting of the draft before."""
    new_meeting: int
    """The meeting of the draft after."""
    old: Plan
    """The draft before."""
    new: Plan
    """The draft after."""
    revision: Revision | None
    """The revision record from ``old`` to ``new``, or None if the folder has none."""
    opinions: OpinionSet | None
    """The opinions the new draft answers, or None if the folder has none."""
    old_file: Path
    """The file of the draft before."""
    new_file: Path
    """The file of the draft after."""
    revision_file: Path | None
    """The file of the revision record, or None."""
    opinions_file: Path | None
    """The file of the opinions, or None."""
    _history: History = field(repr=False, compare=False)

    @property
    def comparison(self) -> Comparison:
        """Return the comparison of the two drafts (computed once, then kept)."""
        return self._history.compare(self)

    @property
    def history(self) -> History:
        """Return the history the step belongs to."""
        return self._history

    @property
    def files(self) -> tuple[Path, ...]:
        """Return every file the step was read from."""
        optional = (self.revision_file, self.opinions_file)
        return (self.old_file, self.new_file, *(path for path in optional if path is not None))


class History:
    """The drafts of one plan over several meetings, compared step by step."""

    def __init__(self, folder: DraftFolder) -> None:
        """Make the history of a drafts folder as the storage layer read it (see
        :func:`load_folder`)."""
        self._folder = folder
        sources: list[Sourced[Any]] = [*folder.drafts, *folder.opinions, *folder.revisions]
        self._sources = {sourced.path: sourced for sourced in sources}
        self._comparisons: dict[tuple[int, int], Comparison] = {}
        self._steps = tuple(
            self._step(old.model.meta.meeting or 0, new.model.meta.meeting or 0)
            for old, new in zip(folder.drafts, folder.drafts[1:], strict=False)
        )
        self._tracks: Tracks | None = None
        self._lineages: tuple[Lineage, ...] | None = None

    # ----------------------------------------------------------------------------------------
    # Drafts, files, opinions

    @property
    def path(self) -> Path:
        """Return the drafts folder's path."""
        return self._folder.path

    @property
    def meetings(self) -> tuple[int, ...]:
        """Return the meeting numbers of the drafts, in order."""
        return tuple(draft.model.meta.meeting or 0 for draft in self._folder.drafts)

    @property
    def drafts(self) -> tuple[Plan, ...]:
        """Return the drafts, in meeting order."""
        return tuple(draft.model for draft in self._folder.drafts)

    @property
    def latest(self) -> Plan:
        """Return the draft of the latest meeting."""
        return self._folder.latest

    @property
    def revisions(self) -> tuple[Revision, ...]:
        """Return every revision record of the folder, ordered by meetings."""
        return tuple(revision.model for revision in self._folder.revisions)

    @property
    def files(self) -> tuple[Path, ...]:
        """Return every file the history was read from: drafts, opinions, revision records."""
        return tuple(self._sources)

    def draft(self, meeting: int) -> Plan:
        """Return the draft of ``meeting``; raises :class:`NotInHistoryError` if there is none."""
        return self._sourced_draft(meeting).model

    def draft_file(self, meeting: int) -> Path:
        """Return the file of the draft of ``meeting`` (:class:`NotInHistoryError` if none)."""
        return self._sourced_draft(meeting).path

    def _sourced_draft(self, meeting: int) -> Sourced[Plan]:
        for draft in self._folder.drafts:
            if draft.model.meta.meeting == meeting:
                return draft
        listed = "、".join(f"第{m}回" for m in self.meetings)
        raise NotInHistoryError(
            Msg(
                f"第{meeting}回の草案がフォルダにありません(あるのは{listed})",
                f"the folder has no draft of meeting {meeting} (it has "
                f"{', '.join(str(m) for m in self.meetings)})",
            ),
            hint=Msg(
                f"{self.path} にある回を指定してください。",
                f"give a meeting of a draft in {self.path}.",
            ),
        )

    def source_text(self, path: Path) -> str:
        """Return the text of a file the history was read from (to place findings on lines)."""
        return self._sources[path].text

    def opinions(self, meeting: int) -> OpinionSet | None:
        """Return the opinions answered by the draft of ``meeting``, or None."""
        return self._folder.opinions_for(meeting)

    def opinions_file(self, meeting: int) -> Path | None:
        """Return the file of the opinions answered by the draft of ``meeting``, or None."""
        return next((o.path for o in self._folder.opinions if o.model.meeting == meeting), None)

    def opinion_sets(self) -> dict[int, OpinionSet]:
        """Return every opinion set by the meeting whose draft answers it."""
        return {sourced.model.meeting: sourced.model for sourced in self._folder.opinions}

    def find_opinion(self, opinion_id: str) -> list[tuple[int, int, Opinion]]:
        """Return (meeting, number, opinion) of each opinion set listing ``opinion_id``.

        ``number`` is the opinion's place in its set (意見1, 意見2 …). The list is empty when no
        set has it, and holds more than one entry only if an id is reused across meetings.
        """
        found = []
        for meeting, opinion_set in self.opinion_sets().items():
            for number, opinion in enumerate(opinion_set.opinions, start=1):
                if opinion.id == opinion_id:
                    found.append((meeting, number, opinion))
        return found

    # ----------------------------------------------------------------------------------------
    # Steps

    def _step(self, old: int, new: int) -> HistoryStep:
        revision = next(
            (r for r in self._folder.revisions if (r.model.old, r.model.new) == (old, new)), None
        )
        opinions = next((o for o in self._folder.opinions if o.model.meeting == new), None)
        old_draft, new_draft = self._sourced_draft(old), self._sourced_draft(new)
        return HistoryStep(
            old,
            new,
            old_draft.model,
            new_draft.model,
            revision.model if revision is not None else None,
            opinions.model if opinions is not None else None,
            old_draft.path,
            new_draft.path,
            revision.path if revision is not None else None,
            opinions.path if opinions is not None else None,
            self,
        )

    @property
    def steps(self) -> tuple[HistoryStep, ...]:
        """Return each pair of consecutive drafts, oldest first (none for a single draft)."""
        return self._steps

    def step(self, new_meeting: int) -> HistoryStep:
        """Return the step that produced the draft of ``new_meeting``; KeyError if none."""
        for step in self._steps:
            if step.new_meeting == new_meeting:
                return step
        raise KeyError(new_meeting)

    def between(self, old: int | None = None, new: int | None = None) -> HistoryStep:
        """Return the step from the draft of meeting ``old`` to the draft of meeting ``new``.

        ``new`` defaults to the latest meeting and ``old`` to the meeting before ``new``. Two
        consecutive drafts give the step of :attr:`steps`; any other pair is compared with the
        revision record the folder has for exactly these two meetings, if any. Raises
        :class:`NotInHistoryError` for a meeting no draft has, and
        :class:`NothingToCompareError` when there is only one draft to compare: a folder of a
        single draft, ``old`` equal to ``new``, or no draft before ``new``. ``old`` after
        ``new`` is refused the same way (a comparison runs forward).
        """
        meetings = self.meetings
        new_meeting = meetings[-1] if new is None else new
        self._sourced_draft(new_meeting)
        if old is None:
            earlier = [m for m in meetings if m < new_meeting]
            if not earlier:
                raise _nothing_to_compare(self, None, new_meeting)
            old_meeting = earlier[-1]
        else:
            self._sourced_draft(old)
            old_meeting = old
        if old_meeting >= new_meeting:
            raise _nothing_to_compare(self, old_meeting, new_meeting)
        for step in self._steps:
            if (step.old_meeting, step.new_meeting) == (old_meeting, new_meeting):
                return step
        return self._step(old_meeting, new_meeting)

    # ----------------------------------------------------------------------------------------
    # Comparisons

    def compare(self, step: HistoryStep) -> Comparison:
        """Return the comparison of ``step`` (computed once, then kept)."""
        key = (step.old_meeting, step.new_meeting)
        cached = self._comparisons.get(key)
        if cached is None:
            from planrev.comparison import compare  # noqa: PLC0415 - only a comparison needs it

            cached = compare(step.old, step.new, step.revision, step.opinions)
            self._comparisons[key] = cached
        return cached

    def comparison(self, new_meeting: int) -> Comparison:
        """Return the comparison of the step producing the draft of ``new_meeting`` (cached)."""
        return self.compare(self.step(new_meeting))

    def comparisons(self, progress: ProgressCallback | None = None) -> tuple[Comparison, ...]:
        """Return the comparison of every step, oldest first, computing what is not cached.

        ``progress`` is called after each step with (steps done, steps in all).
        """
        results = []
        for done, step in enumerate(self._steps, start=1):
            results.append(step.comparison)
            if progress is not None:
                progress(done, len(self._steps))
        return tuple(results)

    # ----------------------------------------------------------------------------------------
    # Lineages

    def tracks(self, progress: ProgressCallback | None = None) -> Tracks:
        """Return every node followed through the history, in compact form (computed once)."""
        if self._tracks is None:
            self.comparisons(progress)
            self._tracks = follow(self)
        return self._tracks

    def lineages(self, progress: ProgressCallback | None = None) -> tuple[Lineage, ...]:
        """Return every node of every draft followed through the history (computed once).

        Lineages are ordered by first appearance; a node is the same node across two drafts
        whenever the comparison pairs them (same id, a re-key, a move, a rename).
        """
        if self._lineages is None:
            tracks = self.tracks(progress)
            self._lineages = tuple(tracks.lineages(range(tracks.size)))
        return self._lineages

    def lineage(self, node_id: str, meeting: int | None = None) -> Lineage:
        """Return the lineage of the node ``node_id``.

        With ``meeting``, the node is looked up in that meeting's draft; without, in the latest
        draft first, then in earlier drafts from the latest back (a node deleted along the way).
        Raises :class:`NotInHistoryError` when no draft has it.
        """
        meetings = (meeting,) if meeting is not None else tuple(reversed(self.meetings))
        for wanted in meetings:
            for lineage in self.lineages():
                appearance = lineage.at(wanted)
                if appearance is not None and appearance.id == node_id:
                    return lineage
        where = (
            Msg(f"第{meeting}回の草案", f"the draft of meeting {meeting}")
            if meeting is not None
            else Msg("どの回の草案", "any draft")
        )
        raise NotInHistoryError(
            Msg(
                f"id '{node_id}' は{where.ja}にもありません",
                f"no node '{node_id}' in {where.en}",
            ),
            hint=Msg(
                "草案ファイルにある id(柱・分野・施策・記述・KPI の id)を指定してください。",
                "give the id of a pillar, field, section, statement or KPI in a draft.",
            ),
        )

    def lineages_at(self, meeting: int) -> Iterator[tuple[Appearance, Lineage]]:
        """Yield each node of the draft of ``meeting`` with its lineage, in document order."""
        by_id: dict[str, tuple[Appearance, Lineage]] = {}
        for lineage in self.lineages():
            appearance = lineage.at(meeting)
            if appearance is not None:
                by_id.setdefault(appearance.id, (appearance, lineage))
        for located in walk(self.draft(meeting)):
            found = by_id.get(located.id)
            if found is not None:
                yield found


def _nothing_to_compare(history: History, old: int | None, new: int) -> NothingToCompareError:
    if len(history.meetings) == 1:
        message = Msg(
            f"フォルダの草案は第{new}回の1つだけで、比較する前の草案がありません",
            f"the folder holds one draft (meeting {new}): there is no earlier draft to compare",
        )
    elif old is None:
        message = Msg(
            f"第{new}回より前の草案がフォルダにありません",
            f"the folder has no draft before meeting {new}",
        )
    elif old == new:
        message = Msg(
            f"比較元と比較先が同じ第{new}回の草案です",
            f"the draft to compare from and to is the same (meeting {new})",
        )
    else:
        message = Msg(
            f"第{old}回は第{new}回より後の回です。比較は前の回から後の回へ行います",
            f"meeting {old} comes after meeting {new}: compare an earlier draft with a later one",
        )
    listed = "、".join(f"第{m}回" for m in history.meetings)
    return NothingToCompareError(
        message,
        hint=Msg(
            f"比較には2つの異なる回の草案が要ります(このフォルダにあるのは{listed})。"
            "--from に前の回、--to に後の回を指定してください。",
            "a comparison needs the drafts of two different meetings (this folder has "
            f"{', '.join(str(m) for m in history.meetings)}): give the earlier one as --from "
            "and the later one as --to.",
        ),
    )


def load_folder(path: Path | str) -> History:
    """Read every document of the drafts folder at ``path`` and return its history.

    Every file is validated and the references between them are checked (a
    :class:`~planrev.errors.LoadError` names the file, line and column of the first problem).
    """
    return History(read_folder(path))
