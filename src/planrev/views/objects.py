"""The objects a handout view is made of: pieces, lines, KPI tables, opinion boxes and parts.

Templates and writers (HTML, PDF, Markdown, DOCX) only lay out these objects: every decision —
where a marker goes, which text is inserted or struck, which opinions a box lists, what the
header says — is made by :func:`planrev.views.build_handout`, once, for all formats.

Every object is read-only. The four made for every line of a plan — :class:`Piece`,
:class:`LineView`, :class:`KpiView` and :class:`NodeView` — are so by convention only (plain slots
dataclasses, not hashable): a frozen dataclass sets each field through ``object.__setattr__``,
which made the HTML redline of 1,000 sections about a third longer (33 → 25 ms) and the pipeline
miss its target of 3 times the floor (docs/performance.md).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, TypeAlias

from planrev.comparison import Change, Op
from planrev.model import ChangeKind

__all__ = [
    "BlockView",
    "BoxRow",
    "ChangeView",
    "HandoutOptions",
    "HandoutView",
    "Inherited",
    "KpiView",
    "LineView",
    "Mode",
    "NodeView",
    "OpinionBox",
    "OpinionView",
    "PageBreaks",
    "Piece",
    "PieceKind",
    "Status",
    "StructureEntry",
]

Mode = Literal["redline", "clean"]
"""A handout's mode: the 見え消し版 or the 溶け込み版."""
Inherited: TypeAlias = "tuple[Op, Change] | None"
"""The addition or deletion of an ancestor a node is part of, or None."""
PieceKind = Literal["text", "marker", "note"]
"""What a piece is."""
Status = Literal["same", "added", "deleted", "changed", "moved"]
"""Whether a line, table or part is unchanged, new, gone or changed; ``moved``: a part that moved,
shown where it stood in the old draft (only in a view built with ``move_origins=True``)."""


@dataclass(slots=True)
class Piece:
    """A run of a printed line."""

    kind: PieceKind
    """``text``, ``marker`` (【追加①】) or ``note`` (（再掲）, ※reason)."""
    text: str
    """What is printed (for a marker, without its brackets: ``追加①``)."""
    op: Op = Op.EQUAL
    """For text: kept, inserted (underlined) or deleted (struck through)."""
    change: str | None = None
    """The id of the change the piece belongs to, or None."""

    @property
    def inserted(self) -> bool:
        """Return whether the piece is inserted text."""
        return self.kind == "text" and self.op is Op.INSERT

    @property
    def deleted(self) -> bool:
        """Return whether the piece is deleted text."""
        return self.kind == "text" and self.op is Op.DELETE


@dataclass(slots=True)
class LineView:
    """A statement, note or footnote as printed."""

    kind: Literal["statement", "note", "footnote"]
    """What the line is."""
    node_id: str
    """The id of its node (the old id for a deleted line)."""
    pieces: tuple[Piece, ...]
    """The line's content."""
    bullet: bool = False
    """Whether it is printed as a ・ bullet item."""
    role: str = ""
    """For a statement: ``vision``, ``initiative`` or ``text``."""
    changes: tuple[str, ...] = ()
    """The ids of the changes shown on the line."""
    status: Status = "same"
    """Whether the whole line is new, gone, changed or unchanged."""
    old_role: str = ""
    """For a statement whose kind changed: its kind in the old draft (empty: as ``role``)."""

    @property
    def block_type(self) -> str:
        """Return the template's name for this block."""
        return "line"


@dataclass(slots=True)
class KpiView:
    """A KPI table as printed: header cells and rows of cells, each a sequence of pieces."""

    node_id: str
    """The table's id."""
    title: tuple[Piece, ...]
    """The heading cell (``KPI``)."""
    header: tuple[tuple[Piece, ...], ...]
    """The year cells of the header: baseline then target."""
    rows: tuple[tuple[tuple[Piece, ...], ...], ...]
    """Each row: indicator, unit, baseline, target."""
    row_ids: tuple[str, ...]
    """The id of each row."""
    row_status: tuple[str, ...]
    """Each row's status: ``same``, ``added``, ``deleted`` or ``changed``."""
    changes: tuple[str, ...] = ()
    """The ids of the changes shown in the table."""
    status: Status = "same"
    """Whether the whole table is new, gone, changed or unchanged."""

    @property
    def block_type(self) -> str:
        """Return the template's name for this block."""
        return "kpi"


BlockView = LineView | KpiView


@dataclass(frozen=True, slots=True)
class BoxRow:
    """One opinion in an opinion box (★意見)."""

    opinion_id: str
    """The opinion's id."""
    number: int
    """Its number in this handout (意見1, 意見2 …)."""
    text: str
    """The opinion as recorded."""
    labels: tuple[str, ...]
    """The labels of the changes it caused; empty when it changed no text."""
    changes: tuple[str, ...]
    """The ids of those changes."""


@dataclass(frozen=True, slots=True)
class OpinionBox:
    """The opinions listed beside a scope, with the labels they caused."""

    title: str
    """E.g. ``★意見(事務局が聞き取りしたもの)``."""
    rows: tuple[BoxRow, ...]
    """The opinions, in order."""


@dataclass(slots=True)
class NodeView:
    """A pillar, field or section as printed, with its content and sub-nodes."""

    level: int
    """1 for a pillar, 2 for a field, 3 for a section, 4+ for sub-sections."""
    node_id: str
    """The node's id (the old id if deleted)."""
    title: tuple[Piece, ...]
    """The heading."""
    blocks: tuple[BlockView, ...]
    """The content in order."""
    box: OpinionBox | None
    """The opinion box printed after the content, or None."""
    children: tuple[NodeView, ...]
    """The sub-nodes."""
    status: Status = "same"
    """Whether the node is new, gone, retitled or unchanged."""
    omitted: bool = False
    """True when only the title is part of this draft (an excerpt)."""


@dataclass(frozen=True, slots=True)
class StructureEntry:
    """One line of the structure overview (体系図): a pillar, field or section title."""

    level: int
    """1 pillar, 2 field, 3 section."""
    title: str
    """The title as in the new draft."""
    node_id: str
    """The node's id."""


@dataclass(frozen=True, slots=True)
class ChangeView:
    """One change as the annotation panels and tables list it."""

    id: str
    """The change's id."""
    label: str
    """E.g. ``追加①``."""
    kind: ChangeKind
    """追加, 修正 or 削除."""
    location: str
    """Where it is, e.g. ``「行政経営」を支えるDX > 行政経営分野``."""
    opinions: tuple[int, ...]
    """The numbers of the opinions behind it."""
    opinion_ids: tuple[str, ...]
    """Their ids."""
    reason: str | None
    """The declared reason, or None."""
    explained: bool
    """Whether an opinion or a reason explains it."""
    prior_unknown: bool
    """Whether the old text is unknown."""
    moved: bool = False
    """Whether the node moved (to another part, or among its siblings)."""


@dataclass(frozen=True, slots=True)
class OpinionView:
    """One opinion with everything the 意見対応表 prints about it."""

    number: int
    """意見1, 意見2 … in the order of the opinions file."""
    id: str
    """The opinion's id."""
    who: str
    """Who gave it, e.g. ``事務局聞き取り`` or a member's name."""
    text: str
    """The opinion."""
    disposition: str
    """反映, 一部反映 …, 未定."""
    response: str
    """The secretariat's response (empty if not written)."""
    reflected: tuple[str, ...]
    """Where it was reflected: ``追加①(行政経営分野)`` per change."""
    changes: tuple[str, ...]
    """The ids of the changes it caused."""
    scope_title: str
    """The title of the part whose box lists it."""


PageBreaks = Literal["none", "pillar", "field"]
"""Where a printed handout starts a new page besides where the content needs one."""


@dataclass(frozen=True, slots=True)
class HandoutOptions:
    """What a handout shows beyond the plan's text: the choices secretariats make differently.

    The defaults print everything and let the parts flow one after another, as the R5.7.26
    material does.
    """

    opinion_numbers: bool = True
    """Whether each opinion of a box (★意見) shows its number (1, 2 … as in the 意見対応表)."""
    legend: bool = True
    """Whether a redline starts with the legend (what 【追加①】, underline and strike mean)."""
    structure: bool = True
    """Whether the handout starts with the structure overview (体系)."""
    page_breaks: PageBreaks = "none"
    """Where a printed page breaks: only where the content needs it (``none``: a heading is
    kept with its first lines, a KPI table or an opinion box is not split), or also before every
    pillar (``pillar``), or before every pillar and field (``field``)."""


@dataclass(frozen=True, slots=True)
class HandoutView:
    """Everything a handout prints."""

    mode: Mode
    """``redline`` or ``clean``."""
    title: str
    """The plan's name, e.g. ``(仮称)青森県DX推進プラン``."""
    header: tuple[str, str]
    """The two header lines of every page."""
    meeting: str
    """``第3回`` (empty when unknown)."""
    date: str
    """The long era date, e.g. ``令和5年7月26日`` (empty when unknown)."""
    excerpt: bool
    """Whether the handout is an excerpt (抜粋)."""
    structure: tuple[StructureEntry, ...]
    """The structure overview: every pillar, field and section title of the new draft."""
    notes: tuple[LineView, ...]
    """Plan-level blocks (editorial notes such as 【体系図を追加】)."""
    nodes: tuple[NodeView, ...]
    """The pillars with their content, in order."""
    plan_box: OpinionBox | None
    """Opinions about the plan as a whole, or None."""
    changes: tuple[ChangeView, ...]
    """Every change shown, in document order."""
    opinions: tuple[OpinionView, ...]
    """Every opinion, numbered."""
    old_meeting: str = ""
    """``第2回``: the meeting of the draft compared against (empty when unknown)."""
    options: HandoutOptions = HandoutOptions()
    """What the handout shows beyond the plan's text, and where printed pages break."""
    old_title: str = ""
    """The plan's name in the old draft (empty when unknown)."""
    move_origins: bool = False
    """Whether each moved part is also shown where it stood in the old draft (status
    ``moved``, its text deleted), as a document that must give back the old draft needs."""

    @property
    def unexplained(self) -> tuple[ChangeView, ...]:
        """Return the changes no opinion or reason explains."""
        return tuple(change for change in self.changes if not change.explained)


# --------------------------------------------------------------------------------------------
