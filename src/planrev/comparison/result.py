"""What a comparison of two drafts produces: typed changes with spans, and findings."""

from __future__ import annotations

from dataclasses import dataclass, field

from planrev.comparison.text import Difference, Op, TextSpan
from planrev.diagnostics import Finding, Level
from planrev.model import ChangeKind, ChangeRecord, Plan, Revision, Span
from planrev.model.walk import Node, NodeType

__all__ = ["AttributeDiff", "Change", "Comparison", "Move", "NodeType", "Renumbering"]


@dataclass(frozen=True, slots=True)
class AttributeDiff:
    """The change of one attribute of a node (its text, a title, a KPI cell …)."""

    name: str
    """The attribute: ``text``, ``title``, ``indicator``, ``unit``, ``baseline``, ``target``,
    ``baseline_year``, ``target_year``, ``mark``, ``kind``, ``bullet``, ``repost``, ``omitted``."""
    old: str | None
    """The old value as text; None when absent or unknown."""
    new: str | None
    """The new value as text; None when absent or unknown."""
    spans: tuple[TextSpan, ...]
    """The diff from ``old`` to ``new``; empty when either side is unknown."""

    @property
    def textual(self) -> bool:
        """Return whether the attribute is wording (as opposed to a flag or a kind)."""
        return self.name not in {"kind", "bullet", "repost", "omitted"}


@dataclass(frozen=True, slots=True)
class Move:
    """Where a node moved from."""

    old_container: str | None
    """The id of the node that held it in the old draft (None: the plan itself)."""
    new_container: str | None
    """The id of the node that holds it in the new draft (None: the plan itself)."""
    reordered: bool
    """True when it stayed in the same container but changed place among its siblings."""


@dataclass(frozen=True, slots=True)
class Renumbering:
    """A heading whose number changed (第2章 → 第3章, （3） → （4））: not a change of its wording.

    Listed apart from the changes: a number that follows from an insertion or a move before the
    heading is no decision of the committee, so it has no label and needs no reason. The
    新旧対照表 can show it the way such tables do, with a 傍線 on the number only.
    """

    old_id: str
    """The heading's id in the old draft."""
    new_id: str
    """The heading's id in the new draft."""
    node_type: NodeType
    """``pillar``, ``field`` or ``section``."""
    old_number: str | None
    """The number as the old draft writes it (``（3）``), or None when it had none."""
    new_number: str | None
    """The number as the new draft writes it (``（4）``), or None when it has none."""
    moved: bool = False
    """True when the heading also moved to another container (the move explains the number)."""
    order: int = field(default=0, repr=False, compare=False)
    """The heading's position in the new draft (document order)."""


@dataclass(frozen=True, slots=True)
class Change:
    """One change between two drafts, with its label and what explains it."""

    id: str
    """A stable id: the node's id (the old one for a deletion)."""
    kind: ChangeKind
    """追加, 修正, 削除, 分割, 統合 or 移動."""
    node_type: NodeType
    """What kind of node changed."""
    old_id: str | None
    """The node's id in the old draft, or None for an addition."""
    new_id: str | None
    """The node's id in the new draft, or None for a deletion."""
    old_node: Node | None = field(repr=False)
    """The node in the old draft, or None for an addition."""
    new_node: Node | None = field(repr=False)
    """The node in the new draft, or None for a deletion."""
    diffs: tuple[AttributeDiff, ...] = ()
    """The attributes that changed; empty for a whole node added or deleted."""
    prior_unknown: bool = False
    """True when the old text is unknown (the sources never show it)."""
    move: Move | None = None
    """Where the node moved from, or None if it did not move."""
    nature: Difference = "text"
    """``whitespace`` or ``width`` when the change is only that (still reported, never hidden)."""
    scope: str | None = None
    """The id of the node that owns the change's opinion table and label numbering."""
    label: str = ""
    """The handout label, e.g. ``追加①`` or ``修正``."""
    opinions: tuple[str, ...] = ()
    """The ids of the opinions behind the change (from the revision record)."""
    reason: str | None = None
    """The declared reason when no opinion (or not only an opinion) explains the change."""
    record: ChangeRecord | None = field(default=None, repr=False)
    """The declaration in the revision record that this change matches, or None."""
    span: Span | None = None
    """Where in the new text (old text for a deletion) the change lies, when the diff cannot say
    (a declared span for an unknown prior text) — or None."""
    container: str | None = None
    """Where the node sits in the new draft: the id of the node holding it (None: the plan)."""
    after: str | None = None
    """The id of the sibling it follows in the new draft, or None if it comes first."""
    order: tuple[int, int, int] = field(default=(0, 0, 0), repr=False, compare=False)
    """Document position used to order changes and number labels."""
    parts: tuple[str, ...] = ()
    """The further pieces of a 分割 (the ids of the new statements after the first, which is
    ``new_id``) or of a 統合 (the ids of the old statements after the first, ``old_id``); the
    text diff runs from the old text(s) joined to the new text(s) joined."""
    part_nodes: tuple[Node, ...] = field(default=(), repr=False)
    """The nodes of ``parts`` (new nodes for a split, old nodes for a merge)."""

    @property
    def target(self) -> str:
        """Return the id a revision record names for this change."""
        return self.old_id if self.kind is ChangeKind.DELETE and self.old_id else self.new_id or ""

    @property
    def explained(self) -> bool:
        """Return whether an opinion or a reason explains the change."""
        return bool(self.opinions) or bool(self.reason)

    @property
    def whole_node(self) -> bool:
        """Return whether the whole node was added or deleted."""
        return self.old_id is None or self.new_id is None

    def text_diff(self) -> AttributeDiff | None:
        """Return the diff of the node's main text (``text`` or ``title``), or None."""
        for diff in self.diffs:
            if diff.name in {"text", "title", "indicator"}:
                return diff
        return None


@dataclass(frozen=True, slots=True)
class Comparison:
    """The result of comparing two drafts: changes in document order and findings."""

    old: Plan
    """The draft before."""
    new: Plan
    """The draft after."""
    changes: tuple[Change, ...]
    """Every change, in the order of the new draft (deletions where they stood)."""
    findings: tuple[Finding, ...] = ()
    """What linking the changes with the revision record and the opinions found."""
    renamed: tuple[tuple[str, str], ...] = ()
    """(old id, new id) of nodes that only changed their id: not a change of the plan."""
    renumbered: tuple[Renumbering, ...] = ()
    """Headings whose number changed, in the new draft's order: not changes of the plan (a
    heading whose title changed too is also a change; one that moved is also a move)."""

    def __bool__(self) -> bool:
        return bool(self.changes)

    def change(self, change_id: str) -> Change | None:
        """Return the change with ``change_id``, or None."""
        return next((c for c in self.changes if c.id == change_id), None)

    def by_scope(self) -> dict[str | None, list[Change]]:
        """Return the changes grouped by scope, each group in document order."""
        groups: dict[str | None, list[Change]] = {}
        for change in self.changes:
            groups.setdefault(change.scope, []).append(change)
        return groups

    def for_opinion(self, opinion_id: str) -> list[Change]:
        """Return the changes an opinion caused."""
        return [c for c in self.changes if opinion_id in c.opinions]

    @property
    def errors(self) -> tuple[Finding, ...]:
        """Return the findings of error level."""
        return tuple(f for f in self.findings if f.level is Level.ERROR)

    def to_revision(
        self, old_meeting: int | None = None, new_meeting: int | None = None
    ) -> Revision:
        """Return the revision record of these changes, with the computed labels.

        Declared opinions, reasons, spans and fingerprints are kept; a change nothing declared gets
        an entry without opinions or reason (to be filled in). Meetings default to the drafts' own.
        """
        old_number = old_meeting if old_meeting is not None else self.old.meta.meeting
        new_number = new_meeting if new_meeting is not None else self.new.meta.meeting
        if old_number is None or new_number is None:
            raise ValueError("both drafts need a meeting number (or pass them)")
        records = []
        for change in self.changes:
            declared = change.record
            records.append(
                ChangeRecord(
                    id=declared.id if declared else change.id,
                    kind=change.kind,
                    target=change.target,
                    label=change.label,
                    opinions=change.opinions,
                    reason=change.reason,
                    span=change.span,
                    fingerprint=declared.fingerprint if declared else None,
                )
            )
        return Revision(old=old_number, new=new_number, changes=tuple(records))


def redline(spans: tuple[TextSpan, ...]) -> str:
    """Return spans as plain text with ``[-deleted-]{+inserted+}`` marks (for terminals, tests)."""
    parts = []
    for span in spans:
        if span.op is Op.EQUAL:
            parts.append(span.text)
        elif span.op is Op.DELETE:
            parts.append(f"[-{span.text}-]")
        else:
            parts.append(f"{{+{span.text}+}}")
    return "".join(parts)
