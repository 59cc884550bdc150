"""Table views: the 新旧対照表 (old/new comparison table) and the 意見対応表 (opinion responses).

Like the handout view, these are ready to print: every output format lays out the same rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from planrev.comparison import Change, Comparison, Op, Renumbering, TextSpan
from planrev.era import format_long
from planrev.model import (
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    OpinionSet,
    Pillar,
    Plan,
    Section,
    Statement,
    find,
)
from planrev.model.tree import placements
from planrev.model.walk import Node, PlanIndex
from planrev.presentation import header_lines, location_paths, meeting_label, plan_name
from planrev.views.excerpt import excerpt
from planrev.views.handout import build_handout
from planrev.views.objects import OpinionView, Piece
from planrev.views.pieces import moved_from_note, moved_to_note, place_name

__all__ = [
    "ComparisonTable",
    "CumulativeResponses",
    "ResponsesView",
    "TableOptions",
    "TableRow",
    "build_comparison_table",
    "build_cumulative_responses",
    "build_responses",
]

NEW_TABLE_NOTE = "（新設）"
RENUMBERED_REMARK = "番号の変更"
"""The remark of a heading whose number alone changed."""
DELETED_NOTE = "（削除）"
UNKNOWN_NOTE = "（改正前の文言は資料に示されていない）"


@dataclass(frozen=True, slots=True)
class TableOptions:
    """How a 新旧対照表 is laid out; jurisdictions differ."""

    new_heading: str = "改正後"
    """Heading of the column with the new text (修正後, 新, 改正案 …)."""
    old_heading: str = "改正前"
    """Heading of the column with the old text (修正前, 旧, 現行 …)."""
    new_first: bool = True
    """Whether the new text is the left column (the usual Japanese convention)."""
    remarks: bool = True
    """Whether to add a 備考 column with the label and the opinions."""
    remarks_heading: str = "備考"
    """Heading of the remarks column."""
    renumbering: bool = True
    """Whether headings whose number alone changed get a row, the number marked (傍線) on both
    sides and the title kept, as 新旧対照表 show a 条 moved down by an insertion."""


@dataclass(frozen=True, slots=True)
class TableRow:
    """One changed unit: its new and old text, changed passages marked (傍線)."""

    location: str
    """Where the unit is, e.g. ``「行政経営」を支えるDX ＞ 行政経営分野``."""
    new: tuple[Piece, ...]
    """The new text; inserted passages have ``op`` INSERT."""
    old: tuple[Piece, ...]
    """The old text; deleted passages have ``op`` DELETE."""
    remarks: str
    """Label and opinions, e.g. ``追加①（意見1）``."""
    change: str
    """The change's id (empty for a heading only renumbered: no change)."""
    label: str
    """The change's label (empty for a heading only renumbered)."""


@dataclass(frozen=True, slots=True)
class ComparisonTable:
    """A 新旧対照表."""

    title: str
    """``新旧対照表``."""
    plan: str
    """The plan's name."""
    header: tuple[str, str]
    """The handout header lines."""
    options: TableOptions
    """The layout."""
    rows: tuple[TableRow, ...]
    """The changed units in document order."""

    @property
    def columns(self) -> tuple[str, ...]:
        """Return the column keys in order: ``new``, ``old`` (or reversed), maybe ``remarks``."""
        order = ("new", "old") if self.options.new_first else ("old", "new")
        return (*order, "remarks") if self.options.remarks else order

    def heading(self, column: str) -> str:
        """Return the heading of column ``column``."""
        return {
            "new": self.options.new_heading,
            "old": self.options.old_heading,
            "remarks": self.options.remarks_heading,
        }[column]

    def cell(self, row: TableRow, column: str) -> tuple[Piece, ...]:
        """Return the pieces of ``row`` in ``column``."""
        if column == "remarks":
            return (Piece("text", row.remarks),)
        return row.new if column == "new" else row.old


@dataclass(frozen=True, slots=True)
class ResponsesView:
    """An 意見対応表."""

    title: str
    """``意見対応表``."""
    plan: str
    """The plan's name."""
    header: tuple[str, str]
    """The handout header lines."""
    meeting: str
    """``第3回``."""
    date: str
    """``令和5年7月26日`` or empty."""
    opinions: tuple[OpinionView, ...]
    """One row per opinion."""


def _text_of(node: Node | None) -> str | None:
    if isinstance(node, Statement | Note):
        return node.text
    if isinstance(node, Footnote):
        return f"{node.mark} {node.text}"
    if isinstance(node, Pillar | Field | Section):
        return node.heading  # the number (第1章　) as printed, then the title
    if isinstance(node, KpiTable):
        return f"{node.title}（{node.baseline_year or ''}→{node.target_year or ''}）"
    if isinstance(node, KpiRow):
        return _kpi_text(node)
    return None


def _kpi_text(row: KpiRow) -> str:
    unit = f"（{row.unit}）" if row.unit else ""
    return f"{row.indicator}{unit}：{row.baseline or '－'}→{row.target or '－'}"


def _side(spans: Sequence[TextSpan], keep: Op) -> tuple[Piece, ...]:
    """Return the pieces of one side of a diff: the kept text, with ``keep`` spans marked."""
    pieces = []
    for span in spans:
        if span.op is Op.EQUAL:
            pieces.append(Piece("text", span.text))
        elif span.op is keep:
            pieces.append(Piece("text", span.text, keep))
    return tuple(pieces)


def _kpi_sides(change: Change) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """Both sides of a changed KPI row, cell by cell."""
    old_row, new_row = change.old_node, change.new_node
    assert isinstance(old_row, KpiRow)
    assert isinstance(new_row, KpiRow)
    new: list[Piece] = []
    old: list[Piece] = []
    separators = {"indicator": "", "unit": "", "baseline": "：", "target": "→"}
    diffs = {diff.name: diff for diff in change.diffs}
    for name, separator in separators.items():
        old_value, new_value = getattr(old_row, name), getattr(new_row, name)
        if name == "unit":
            old_value = f"（{old_value}）" if old_value else None
            new_value = f"（{new_value}）" if new_value else None
        if separator:
            new.append(Piece("text", separator))
            old.append(Piece("text", separator))
        if name in diffs and name != "unit":
            spans = diffs[name].spans
            new.extend(_side(spans, Op.INSERT) or (Piece("text", "－"),))
            old.extend(_side(spans, Op.DELETE) or (Piece("text", "－"),))
        elif name in diffs:
            if new_value:
                new.append(Piece("text", new_value, Op.INSERT))
            if old_value:
                old.append(Piece("text", old_value, Op.DELETE))
        else:
            fallback = "－" if name in {"baseline", "target"} else ""
            new.append(Piece("text", new_value or fallback))
            old.append(Piece("text", old_value or fallback))
    return tuple(p for p in new if p.text), tuple(p for p in old if p.text)


def _row(
    change: Change,
    locations: dict[str, str],
    numbers: dict[str, int],
    old_plan: Plan | None = None,
) -> TableRow:
    """Return the row of one change; ``locations`` gives each node's place (see _locations)."""
    new_text, old_text = _text_of(change.new_node), _text_of(change.old_node)
    new: tuple[Piece, ...]
    old: tuple[Piece, ...]
    if change.old_id is None:
        new = (Piece("text", new_text or "", Op.INSERT),)
        old = (Piece("note", NEW_TABLE_NOTE),)
    elif change.new_id is None:
        new = (Piece("note", DELETED_NOTE),)
        old = (Piece("text", old_text or "", Op.DELETE),)
    elif isinstance(change.new_node, KpiRow):
        new, old = _kpi_sides(change)
    else:
        diff = change.text_diff()
        if change.prior_unknown:
            new = _unknown_prior(new_text or "", change)
            old = (Piece("note", UNKNOWN_NOTE),)
        elif diff is not None and diff.spans:
            new, old = _side(diff.spans, Op.INSERT), _side(diff.spans, Op.DELETE)
            # a heading's number is not compared: printed as it stands before the title
            new = _numbered(change.new_node, new)
            old = _numbered(change.old_node, old)
        else:
            new = (Piece("text", new_text or ""),)
            old = (Piece("text", old_text or ""),)
    location_id = change.new_id or change.old_id or ""
    remarks = [change.label]
    opinions = [f"意見{numbers[o]}" for o in change.opinions if o in numbers]
    if opinions:
        remarks.append("（" + "、".join(opinions) + "）")
    if change.reason:
        remarks.append(f"※{change.reason}")
    if change.move is not None and not change.move.reordered:
        remarks.append(moved_from_note(change, old_plan) if old_plan is not None else "※移動")
    return TableRow(
        location=locations.get(location_id, "計画全体"),
        new=new,
        old=old,
        remarks="".join(remarks),
        change=change.id,
        label=change.label,
    )


def _numbered(node: Node | None, pieces: tuple[Piece, ...]) -> tuple[Piece, ...]:
    """Return ``pieces`` after the heading number of ``node`` when it is a numbered heading."""
    if isinstance(node, Pillar | Field | Section) and node.number:
        return (Piece("text", node.number), *pieces)
    return pieces


def _move_sources(
    comparison: Comparison, locations: dict[str, str]
) -> list[tuple[tuple[int, int, int], TableRow]]:
    """Return a row for each node moved to another part, where it stood: the old text struck
    (傍線) and, in the new column, where it went (``（第2章第1節（1）へ移動）``).

    The row stands at the start of the part it left (as the new draft places that part).
    """
    new_index = PlanIndex.of(comparison.new)
    old_index = PlanIndex.of(comparison.old)
    pairs = {c.old_id: c.new_id for c in comparison.changes if c.old_id and c.new_id}
    pairs.update(dict(comparison.renamed))
    rows = []
    for change in comparison.changes:
        move = change.move
        if move is None or move.reordered or change.old_id is None:
            continue
        container = move.old_container
        mapped = pairs.get(container, container) if container is not None else None
        located = new_index.by_id.get(mapped) if mapped is not None else None
        position = located.position if located is not None else -1
        old_located = old_index.by_id.get(change.old_id)
        old_position = old_located.position if old_located is not None else 0
        if located is not None and mapped is not None:
            location = locations.get(mapped, "計画全体")
        else:
            location = place_name(comparison.old, container)
        rows.append(
            (
                (position, 2, old_position),
                TableRow(
                    location=location,
                    new=(moved_to_note(change, comparison.new),),
                    old=(Piece("text", _text_of(change.old_node) or "", Op.DELETE),),
                    remarks=change.label,
                    change=f"{change.id}~from",
                    label=change.label,
                ),
            )
        )
    return rows


def _without_number(pieces: tuple[Piece, ...], number: str | None) -> tuple[Piece, ...]:
    """Return ``pieces`` without the unmarked heading ``number`` that :func:`_numbered` put first."""
    if number and pieces and pieces[0] == Piece("text", number):
        return pieces[1:]
    return pieces


def _number_pieces(renumbering: Renumbering) -> tuple[tuple[Piece, ...], tuple[Piece, ...]]:
    """Return the new and the old number of a heading, each marked (傍線)."""
    new = (Piece("text", renumbering.new_number, Op.INSERT),) if renumbering.new_number else ()
    old = (Piece("text", renumbering.old_number, Op.DELETE),) if renumbering.old_number else ()
    return new, old


def _with_numbers(
    ordered: list[tuple[tuple[int, int, int], TableRow]],
    comparison: Comparison,
    locations: dict[str, str],
    *,
    renumbering: bool,
) -> tuple[TableRow, ...]:
    """Return the rows in document order, with the headings' numbers where they changed.

    A heading whose title changed too gets its numbers before its title in its own row; one
    whose number alone changed (and did not move) gets a row of its own: the numbers marked,
    the title kept, the remark :data:`RENUMBERED_REMARK`.
    """
    if not renumbering or not comparison.renumbered:
        ordered.sort(key=lambda item: item[0])
        return tuple(row for _, row in ordered)
    by_change = {row.change: index for index, (_, row) in enumerate(ordered)}
    for item in comparison.renumbered:
        new_number, old_number = _number_pieces(item)
        at = by_change.get(item.new_id)
        if at is not None:
            order, row = ordered[at]
            if not row.new or row.new[0].kind != "note":
                # the row printed each side's number unmarked (:func:`_numbered`): marked now
                new_rest = _without_number(row.new, item.new_number)
                old_rest = _without_number(row.old, item.old_number)
                row = replace(row, new=(*new_number, *new_rest), old=(*old_number, *old_rest))
            ordered[at] = (order, row)
            continue
        if item.moved:
            continue  # the move is the change; its number follows from it
        located = find(comparison.new, item.new_id)
        node = located.node if located is not None else None
        title = node.title if isinstance(node, Pillar | Field | Section) else ""
        ordered.append(
            (
                (item.order, 0, 0),
                TableRow(
                    location=locations.get(item.new_id, "計画全体"),
                    new=(*new_number, Piece("text", title)),
                    old=(*old_number, Piece("text", title)),
                    remarks=RENUMBERED_REMARK,
                    change="",
                    label="",
                ),
            )
        )
    ordered.sort(key=lambda item: item[0])
    return tuple(row for _, row in ordered)


def _unknown_prior(text: str, change: Change) -> tuple[Piece, ...]:
    span = change.span
    if span is None:
        return (Piece("text", text),)
    start = min(span.start, len(text))
    if span.end is None:
        return (Piece("text", text),)
    end = min(span.end, len(text))
    return tuple(
        piece
        for piece in (
            Piece("text", text[:start]),
            Piece("text", text[start:end], Op.INSERT),
            Piece("text", text[end:]),
        )
        if piece.text
    )


def _locations(comparison: Comparison) -> dict[str, str]:
    """Return where each changed node is, in the new draft's titles.

    A deleted node is placed in its old container as the new draft names it (暮らし・まち分野,
    not the old 暮らし分野), its own title added when it is a part of the plan.
    """
    new_paths = location_paths(comparison.new)
    old_paths = location_paths(comparison.old)
    old_places = placements(comparison.old)
    pairs = {c.old_id: c.new_id for c in comparison.changes if c.old_id and c.new_id}
    pairs.update(dict(comparison.renamed))
    locations = dict(new_paths)
    for change in comparison.changes:
        if change.new_id is not None or change.old_id is None:
            continue
        container = old_places.get(change.old_id, (None, None))[0]
        mapped = pairs.get(container, container) if container is not None else None
        base = new_paths.get(mapped) if mapped is not None else None
        if base is None:
            base = old_paths.get(container or "", "計画全体") if container else "計画全体"
        node = change.old_node
        if isinstance(node, Pillar | Field | Section):
            base = node.title if base == "計画全体" else f"{base} ＞ {node.title}"
        locations[change.old_id] = base
    return locations


def build_comparison_table(
    comparison: Comparison,
    opinions: OpinionSet | None = None,
    options: TableOptions | None = None,
    *,
    only: Iterable[str] | None = None,
) -> ComparisonTable:
    """Return the 新旧対照表 of a comparison: one row per changed unit, in document order.

    ``only`` restricts it to the given pillars, fields or sections (an excerpt, 抜粋).
    """
    options = options or TableOptions()
    numbering = opinions
    comparison, _restricted = excerpt(comparison, opinions, only)
    locations = _locations(comparison)
    # Opinions keep the numbers of the whole set (意見3 stays 意見3 in an excerpt).
    numbers = {o.id: n for n, o in enumerate(numbering.opinions if numbering else (), start=1)}
    ordered = [
        (change.order, _row(change, locations, numbers, comparison.old))
        for change in comparison.changes
    ]
    ordered += _move_sources(comparison, locations)
    rows = _with_numbers(
        ordered,
        comparison,
        locations,
        renumbering=options.renumbering,
    )
    meta = comparison.new.meta
    return ComparisonTable(
        title="新旧対照表",
        plan=plan_name(meta),
        header=header_lines(meta, excerpt=True if only is not None else None),
        options=options,
        rows=rows,
    )


def build_responses(
    comparison: Comparison, opinions: OpinionSet | None, *, only: Iterable[str] | None = None
) -> ResponsesView:
    """Return the 意見対応表 of the opinions a comparison's new draft answers.

    ``only`` restricts it to the opinions about the given parts and those that changed them.
    """
    view = build_handout(comparison, opinions, mode="redline", only=only)
    meta = comparison.new.meta
    return ResponsesView(
        title="意見対応表",
        plan=plan_name(meta),
        header=header_lines(meta, excerpt=True if only is not None else None),
        meeting=meeting_label(meta),
        date=format_long(meta.date) if meta.date else "",
        opinions=view.opinions,
    )


@dataclass(frozen=True, slots=True)
class CumulativeResponses:
    """The 意見対応表 of every meeting of a history, one part per revision, oldest first."""

    title: str
    """``意見対応表(累積)``."""
    plan: str
    """The plan's name, as the latest draft gives it."""
    header: tuple[str, str]
    """The latest draft's header lines."""
    parts: tuple[ResponsesView, ...]
    """One 意見対応表 per revision, each with its meeting and date."""

    @property
    def count(self) -> int:
        """Return how many opinions the parts list in all."""
        return sum(len(part.opinions) for part in self.parts)


def build_cumulative_responses(
    steps: Iterable[tuple[Comparison, OpinionSet | None]],
) -> CumulativeResponses:
    """Return the 意見対応表 over every step of a history (each step: comparison, opinions).

    Each part is the step's own 意見対応表 (:func:`build_responses`), so opinions keep the numbers
    they had at their meeting and say where they were reflected in that revision.
    """
    parts = tuple(build_responses(comparison, opinions) for comparison, opinions in steps)
    if not parts:
        raise ValueError("a cumulative 意見対応表 needs at least one revision")
    latest = parts[-1]
    return CumulativeResponses(
        title="意見対応表(累積)",
        plan=latest.plan,
        header=latest.header,
        parts=parts,
    )
