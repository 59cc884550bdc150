"""The union tree of a marked handout: what it shows, old and new, and the changes it marks.

The tree is the shared :class:`~planrev.importers.tree.PlanTree`; a handout's headings and
statements carry more while they are read — the heading as written (markers included), the
changes marked in them, the re-listing note — in the subclasses here.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from planrev.importers.marked.lexer import MarkedOpinion, Source
from planrev.importers.tree import Node, StatementItem
from planrev.model import ChangeKind

__all__ = ["Change", "MarkedNode", "MarkedStatement"]


@dataclass(eq=False)
class Change:
    """One marker 【追加①】 (or unmarked struck text) and what it covers."""

    kind: ChangeKind
    """追加, 修正 or 削除."""
    label: str | None
    """The label as written (``追加①``), or None for struck text without a marker."""
    line: int
    """The marker's line in the text."""
    column: int
    """The marker's column in the text."""
    offset: int
    """Where the marker is in the shown text (orders changes within a statement)."""
    whole: bool = False
    """Whether the change covers its whole statement or heading."""
    start: int | None = None
    """Where the change starts in the new text (a deletion: the old text), or None."""
    end: int | None = None
    """Where it ends, or None when the text does not show it."""
    reason: str | None = None
    """The ※ note of the statement it is in, or None."""
    owner: MarkedStatement | MarkedNode | None = None
    """The statement or heading the marker is in."""
    opinions: list[MarkedOpinion] = field(default_factory=list)
    """The opinions whose labels name it."""
    id: str = ""
    """The change's id."""


@dataclass(eq=False)
class MarkedNode(Node):
    """A heading of the handout (or of its structure page)."""

    from_structure: bool = False
    """Whether the structure page (体系) lists it."""
    raw: str = ""
    """The heading as written, markers included."""
    seen: bool = False
    """Whether the body shows it."""
    changes: list[Change] = field(default_factory=list)
    """The changes marked in the heading."""


@dataclass(eq=False)
class MarkedStatement(StatementItem):
    """A statement of the handout, with its markers read."""

    source: Source | None = None
    """The statement's lines in the text."""
    changes: list[Change] = field(default_factory=list)
    """The changes marked in it, in order."""
    repost_mark: str = ""
    """The text taken off the end for the re-listing (（再掲） and spaces), put back if unresolved."""
    repost_note: str | None = None
    """The ※ note after （再掲）, or None."""

    @property
    def line(self) -> int:
        """Return the statement's first line in the text."""
        assert self.source is not None
        return self.source.line
