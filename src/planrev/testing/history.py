"""A generated history of several meetings, written as a drafts folder, with its ground truth.

:func:`make_history` starts from :func:`planrev.testing.synthetic.make_plan` and applies
:func:`planrev.testing.synthetic.revise` once per meeting, each time with its own id prefix, and
writes every draft, opinion set and revision record with :func:`planrev.dump_document` — the
folder a secretariat would have after several meetings. The returned :class:`GeneratedHistory`
knows which edit made which node what it is, so tests can check blame, log and audit against it.
Everything is deterministic for a given seed.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from pathlib import Path

from planrev.model import ChangeKind, Plan, Statement, fingerprint, index, walk
from planrev.storage.documents import dump_document, write_text_atomic
from planrev.testing.synthetic import Edit, Revised, make_plan, revise

__all__ = ["GeneratedHistory", "NodeTruth", "TruthEvent", "make_history"]

_CHANGING = frozenset({"reword", "move", "rename", "kpi"})
"""Edits that change a node that already existed (as opposed to add, delete and rekey)."""

_REWRITING = frozenset({"reword", "rename", "kpi", "delete"})
"""Edits after which a node no longer reads as it did (a move or a re-key keeps its text)."""


@dataclass(frozen=True, slots=True)
class TruthEvent:
    """One edit of a node's history, as the generator made it."""

    meeting: int
    """The meeting whose draft the edit produced."""
    kind: str
    """The generator's edit kind (``add``, ``reword``, ``move``, ``rename``, ``kpi``)."""
    node_id: str
    """The node's id in that meeting's draft."""
    opinion: str | None
    """The opinion behind the edit, or None when a reason explains it."""


@dataclass(frozen=True, slots=True)
class NodeTruth:
    """Where a node of the latest draft came from."""

    node_id: str
    """The node's id in the latest draft."""
    introduced: TruthEvent | None
    """The edit that added the node, or None when it was in the first draft."""
    changes: tuple[TruthEvent, ...]
    """The later edits of the node, oldest first (re-keys are not edits of the plan)."""
    ids: tuple[tuple[int, str], ...]
    """(meeting, id) of the node in every draft it is in, oldest first."""


@dataclass(frozen=True, slots=True)
class GeneratedHistory:
    """A generated drafts folder and the truth about how each draft was made."""

    folder: Path
    """The drafts folder written."""
    drafts: tuple[Plan, ...]
    """The drafts, oldest first (meetings 1, 2, …)."""
    revisions: tuple[Revised, ...]
    """What made each draft after the first: ``revisions[i]`` turns ``drafts[i]`` into
    ``drafts[i + 1]``."""

    @property
    def meetings(self) -> tuple[int, ...]:
        """Return the meeting numbers of the drafts."""
        return tuple(draft.meta.meeting or 0 for draft in self.drafts)

    @property
    def latest(self) -> Plan:
        """Return the last draft."""
        return self.drafts[-1]

    def truth(self, node_id: str) -> NodeTruth:
        """Return the history of the node ``node_id`` of the latest draft."""
        current = node_id
        ids = [(self.meetings[-1], node_id)]
        changes: list[TruthEvent] = []
        introduced: TruthEvent | None = None
        for step in range(len(self.revisions) - 1, -1, -1):
            meeting = self.meetings[step + 1]
            edits = [edit for edit in self.revisions[step].edits if edit.target == current]
            previous = current
            for edit in edits:
                if edit.kind == "add":
                    introduced = TruthEvent(meeting, "add", current, edit.opinion)
                elif edit.kind in _CHANGING:
                    changes.append(TruthEvent(meeting, edit.kind, current, edit.opinion))
                elif edit.kind == "rekey" and edit.old_id is not None:
                    previous = edit.old_id
            if introduced is not None:
                break
            current = previous
            ids.append((self.meetings[step], current))
        return NodeTruth(node_id, introduced, tuple(reversed(changes)), tuple(reversed(ids)))

    def statements(self) -> list[str]:
        """Return the ids of the statements of the latest draft, in document order."""
        return [loc.id for loc in walk(self.latest) if isinstance(loc.node, Statement)]

    def edits(self, meeting: int) -> tuple[Edit, ...]:
        """Return the edits that made the draft of ``meeting``."""
        return self.revisions[self.meetings.index(meeting) - 1].edits

    def suspect_links(self) -> set[tuple[int, str]]:
        """Return (meeting, opinion id) of every opinion whose text was changed again later.

        An opinion-caused edit at meeting N makes the text of its node; when the node's text is
        edited again at a later meeting, or the node is deleted, the link is suspect (a move or a
        re-key leaves the text as it was).
        """
        suspects: set[tuple[int, str]] = set()
        for step, revised in enumerate(self.revisions):
            for edit in revised.edits:
                if edit.opinion is None or edit.kind not in {"add", *_CHANGING}:
                    continue
                if self._rewritten_after(step, edit.target):
                    suspects.add((self.meetings[step + 1], edit.opinion))
        return suspects

    def _rewritten_after(self, step: int, node_id: str) -> bool:
        """Return whether the node ``node_id`` made at ``step`` is reworded or deleted later."""
        current = node_id
        for later in range(step + 1, len(self.revisions)):
            for edit in self.revisions[later].edits:
                if edit.old_id != current:
                    continue
                if edit.kind == "rekey":
                    current = edit.target
                elif edit.kind in _REWRITING:
                    return True
        return False


def _fingerprinted(revised: Revised) -> Revised:
    """Return ``revised`` with the fingerprint of each opinion-linked change's new text."""
    nodes = index(revised.plan)
    records = tuple(
        record.model_copy(update={"fingerprint": fingerprint(nodes[record.target].node)})
        if record.opinions and record.kind is not ChangeKind.DELETE and record.target in nodes
        else record
        for record in revised.record.changes
    )
    return Revised(
        revised.plan,
        revised.opinions,
        revised.record.model_copy(update={"changes": records}),
        revised.edits,
    )


def make_history(
    folder: Path | str,
    seed: int,
    *,
    meetings: int = 4,
    sections: int = 12,
    rate: float = 0.12,
    fingerprints: bool = True,
) -> GeneratedHistory:
    """Write a drafts folder of ``meetings`` drafts (meetings 1, 2, …) and return its truth.

    Each draft after the first is :func:`revise` of the one before with about ``rate`` of its
    statements edited; ids of new nodes and opinions carry a prefix of their meeting (``m3-…``).
    Files are ``draft-01.yaml``, ``opinions-02.yaml``, ``revision-01-02.yaml`` and so on. With
    ``fingerprints`` every opinion-linked change records the fingerprint of its new text, as
    :meth:`planrev.edit.Editor.result` does.
    """
    if meetings < 2:
        raise ValueError("a history needs at least two meetings")
    target = Path(folder)
    rng = random.Random(seed)
    drafts = [make_plan(rng, sections, meeting=1)]
    revisions: list[Revised] = []
    for meeting in range(2, meetings + 1):
        revised = revise(rng, drafts[-1], rate=rate, meeting=meeting, prefix=f"m{meeting}-")
        if fingerprints:
            revised = _fingerprinted(revised)
        revisions.append(revised)
        drafts.append(revised.plan)
    for draft in drafts:
        write_text_atomic(target / f"draft-{draft.meta.meeting:02d}.yaml", dump_document(draft))
    for revised in revisions:
        record = revised.record
        write_text_atomic(
            target / f"revision-{record.old:02d}-{record.new:02d}.yaml", dump_document(record)
        )
        write_text_atomic(
            target / f"opinions-{record.new:02d}.yaml", dump_document(revised.opinions)
        )
    return GeneratedHistory(target, tuple(drafts), tuple(revisions))
