"""The handout view: a comparison turned into headings, lines, tables and opinion boxes to print.

Templates and writers (HTML, PDF, Markdown, DOCX) only lay out these objects: every decision —
where a marker goes, which text is inserted or struck, which opinions a box lists, what the
header says — is made here, once, for all formats.

A line is a sequence of pieces: text (equal, inserted or deleted), markers (【追加①】) and notes
(（再掲）, ※reason). In a redline (``mode="redline"``) deleted text stays, struck; in a clean copy
(``mode="clean"``) only the new text is shown, without marks or opinion boxes.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Literal

from planrev.comparison import Change, Comparison, Op, TextSpan
from planrev.era import format_long
from planrev.model import (
    ChangeKind,
    Channel,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Opinion,
    OpinionSet,
    Pillar,
    Plan,
    Section,
    Statement,
    walk,
)
from planrev.model.walk import Node, find, structural
from planrev.presentation import header_lines, meeting_label, plan_name
from planrev.views.excerpt import excerpt as restrict_to
from planrev.views.excerpt import ids_within
from planrev.views.objects import (
    BlockView,
    BoxRow,
    ChangeView,
    HandoutOptions,
    HandoutView,
    Inherited,
    KpiView,
    LineView,
    Mode,
    NodeView,
    OpinionBox,
    OpinionView,
    Piece,
    Status,
    StructureEntry,
)
from planrev.views.pieces import (
    REPOST,
    marked,
    merge,
    moved_from_note,
    moved_to_note,
    note_pieces,
    own_spans,
    owned,
    text_pieces,
    whole_pieces,
    with_span,
)
from planrev.views.placing import inside as _inside
from planrev.views.placing import old_placement as _old_placement
from planrev.views.placing import placement as _placement
from planrev.views.placing import stays as _stays

__all__ = ["box_title", "build_handout"]


def box_title(channels: Iterable[Channel]) -> str:
    """Return the heading of an opinion box for opinions received through ``channels``."""
    kinds = set(channels)
    if kinds == {Channel.HEARD}:
        return "★意見(事務局が聞き取りしたもの)"
    if kinds == {Channel.MEETING}:
        return "★意見(委員会での発言)"
    if kinds == {Channel.WRITTEN}:
        return "★意見(書面によるもの)"
    return "★意見"


class _Builder:
    def __init__(
        self,
        comparison: Comparison,
        opinions: OpinionSet | None,
        mode: Mode,
        only: frozenset[str] | None,
        numbering: OpinionSet | None = None,
        *,
        move_origins: bool = False,
    ) -> None:
        self.comparison = comparison
        self.mode = mode
        self.moves: dict[str, Change] = (
            {c.old_id: c for c in comparison.changes if c.move is not None and c.old_id}
            if move_origins and mode == "redline"
            else {}
        )
        """With ``move_origins``: the moved nodes by old id, each also shown where it stood."""
        self.only = only
        self.by_new = {c.new_id: c for c in comparison.changes if c.new_id is not None}
        self.by_new.update(
            (part, c) for c in comparison.changes if c.kind is ChangeKind.SPLIT for part in c.parts
        )
        self.deleted_after: dict[tuple[str | None, str | None], list[Change]] = {}
        self.opinions = list(opinions.opinions) if opinions else []
        source = numbering if numbering is not None else opinions
        everyone = source.opinions if source is not None else ()
        self.numbers = {opinion.id: n for n, opinion in enumerate(everyone, start=1)}
        self.by_scope: dict[str | None, list[Opinion]] = {}
        for opinion in self.opinions:
            self.by_scope.setdefault(opinion.scope, []).append(opinion)
        self.caused: dict[str, list[Change]] = {}
        for change in comparison.changes:
            for opinion_id in change.opinions:
                self.caused.setdefault(opinion_id, []).append(change)
        self.survivors = {c.old_id for c in comparison.changes if c.old_id and c.new_id}
        """Old ids of nodes still in the new draft (changed or moved)."""
        self.wanted: set[str] | None = None
        """With ``only``: the ids shown (chosen parts, everything inside, and their ancestors)."""
        if only is not None:
            plans = (comparison.old, comparison.new)
            self.wanted = ids_within(plans, only)
            for plan in plans:
                for located in walk(plan):
                    if located.id in only:
                        self.wanted.update(parent.id for parent in located.parents)
        self._cells: dict[str, tuple[Piece, ...]] = {}
        """The pieces of unchanged KPI cells by text (see :meth:`plain`)."""
        self._index_deletions()
        self.holders = {container for container, _ in self.deleted_after}
        """The ids of the containers (nodes, KPI tables) deleted nodes are printed in."""
        self.followed = {after for _, after in self.deleted_after}
        """The ids of the nodes deleted nodes are printed after."""
        self.everything = only is None
        """Whether every node is shown (no excerpt): what :meth:`_wanted` says of each, read once."""

    def title(self, node_id: str) -> str | None:
        """Return the title of a pillar, field or section (as in the new draft, else as in the
        old one), or None if neither draft has one of that id."""
        for plan in (self.comparison.new, self.comparison.old):
            located = find(plan, node_id)
            if located is not None and structural(located):
                return located.node.title  # type: ignore[union-attr]
        return None

    def _index_deletions(self) -> None:
        """File each deletion under the new container and sibling it followed in the old draft."""
        if self.mode == "clean":
            return
        old, new = self.comparison.old, self.comparison.new
        pairs = {c.old_id: c.new_id for c in self.comparison.changes if c.old_id and c.new_id}
        pairs.update(dict(self.comparison.renamed))
        gone = {c.old_id for c in self.comparison.changes if c.old_id and c.new_id is None}
        gone.update(self.moves)
        for change in self.comparison.changes:
            if change.old_id is None:
                continue
            if change.new_id is not None and (
                change.old_id not in self.moves or _inside(old, change.old_id, gone)
            ):
                continue  # not moved, or shown inside the moved or deleted part holding it
            container, previous = _old_placement(old, change.old_id)
            new_container = pairs.get(container, container) if container else None

            # Walk back to the nearest sibling still in the same container of the new draft (a
            # sibling that moved away cannot anchor the deletion: it is printed elsewhere).
            while previous is not None and not _stays(
                _placement(new, pairs.get(previous, previous)), new_container
            ):
                _, previous = _old_placement(old, previous)
            after = pairs.get(previous, previous) if previous else None
            self.deleted_after.setdefault((new_container, after), []).append(change)
        if self.moves:  # a move is listed where it went: put each origin where it stood
            position = {located.id: n for n, located in enumerate(walk(old))}
            for found in self.deleted_after.values():
                found.sort(key=lambda change: position.get(change.old_id or "", 0))

    # ---- lines ------------------------------------------------------------------------------

    def same_statement(self, node: Statement) -> LineView:
        """Return the line of an unchanged statement (what :meth:`statement` returns for it)."""
        text = node.text or ""
        pieces: tuple[Piece, ...] = (Piece("text", text),) if text else ()
        if node.repost is not None:
            pieces += (REPOST,)
        return LineView("statement", node.id, pieces, node.bullet, node.kind)

    def statement(
        self, node: Statement, change: Change | None, inherited: Inherited = None
    ) -> LineView:
        mode = self.mode
        status: Status = "same"
        if inherited is not None:
            op, parent = inherited
            status = "added" if op is Op.INSERT else "deleted"
            pieces = whole_pieces(node.text or "", op, None, mode)
            pieces = [
                Piece(p.kind, p.text, p.op, parent.id if p.kind == "text" else None) for p in pieces
            ]
            if node.repost is not None:
                pieces.append(REPOST)
            return LineView(
                "statement",
                node.id,
                tuple(merge(pieces)),
                bullet=node.bullet,
                role=node.kind,
                status=status,
            )
        if change is None:
            pieces = [Piece("text", node.text or "")]
        elif change.new_id is None:
            status = "deleted"
            pieces = whole_pieces(node.text or "", Op.DELETE, change, mode)
        elif change.old_id is None:
            status = "added"
            pieces = whole_pieces(node.text or "", Op.INSERT, change, mode)
        else:
            status = "changed"
            diff = next((d for d in change.diffs if d.name == "text"), None)
            if change.prior_unknown or (diff is not None and not diff.spans):
                pieces = with_span(node.text or "", change, mode)
            elif diff is not None:
                spans, first = own_spans(change, diff.spans, node.id)
                pieces = (
                    marked(spans, change, mode) if first else text_pieces(spans, change.id, mode)
                )
            else:
                pieces = marked([TextSpan(Op.EQUAL, node.text or "")], change, mode, at_start=True)
        pieces += note_pieces(node, change, mode, self.comparison.old)
        old_node = change.old_node if change is not None else None
        return LineView(
            "statement",
            node.id,
            tuple(merge(pieces)),
            bullet=node.bullet,
            role=node.kind,
            changes=(change.id,) if change and mode == "redline" else (),
            status=status,
            old_role=old_node.kind
            if isinstance(old_node, Statement) and old_node.kind != node.kind
            else "",
        )

    def simple_line(
        self,
        kind: Literal["note", "footnote"],
        node: Note | Footnote,
        change: Change | None,
        inherited: Inherited = None,
    ) -> LineView:
        text = node.text if isinstance(node, Note) else f"{node.mark} {node.text}"
        status: Status = "same"
        if inherited is not None:
            op, parent = inherited
            status = "added" if op is Op.INSERT else "deleted"
            pieces = [Piece("text", text, op if self.mode == "redline" else Op.EQUAL, parent.id)]
            if self.mode == "clean" and op is Op.DELETE:
                pieces = []
        elif change is None:
            pieces = [Piece("text", text)]
        elif change.new_id is None:
            status, pieces = "deleted", whole_pieces(text, Op.DELETE, change, self.mode)
        elif change.old_id is None:
            status, pieces = "added", whole_pieces(text, Op.INSERT, change, self.mode)
        else:
            status = "changed"
            diff = next((d for d in change.diffs if d.name == "text"), None)
            spans = diff.spans if diff and diff.spans else [TextSpan(Op.EQUAL, node.text)]
            prefix = [Piece("text", f"{node.mark} ")] if isinstance(node, Footnote) else []
            pieces = prefix + marked(spans, change, self.mode) + self._from(change)
        return LineView(
            kind,
            node.id,
            tuple(merge(pieces)),
            changes=(change.id,) if change and self.mode == "redline" else (),
            status=status,
        )

    def plain(self, text: str | None) -> tuple[Piece, ...]:
        """Return the pieces of an unchanged KPI cell, one tuple shared by equal cells: tables
        repeat their heading, years and units, and pieces are read-only."""
        if not text:
            return ()
        found = self._cells.get(text)
        if found is None:
            found = self._cells[text] = (Piece("text", text),)
        return found

    def _from(self, change: Change | None) -> list[Piece]:
        """Return the note where a moved node landed (``※移動（…から）``), if it moved."""
        if self.mode != "redline" or change is None or change.move is None:
            return []
        if change.move.reordered or change.old_id is None or change.new_id is None:
            return []
        return [Piece("note", moved_from_note(change, self.comparison.old), change=change.id)]

    def kpi(self, table: KpiTable, change: Change | None, whole: Op | None) -> KpiView:
        mode = self.mode
        plain = self.plain
        if change is None and whole is None and table.id not in self.holders:
            table_rows = table.rows
            same_ids = tuple([row.id for row in table_rows])
            if self.by_new.keys().isdisjoint(same_ids):
                # Most tables: nothing in them changed, every cell is printed as written.
                return KpiView(
                    table.id,
                    plain(table.title),
                    (plain(_year(table.baseline_year)), plain(_year(table.target_year))),
                    tuple(
                        [
                            (
                                plain(row.indicator),
                                plain(row.unit),
                                plain(row.baseline),
                                plain(row.target),
                            )
                            for row in table_rows
                        ]
                    ),
                    same_ids,
                    ("same",) * len(table_rows),
                )
        changes: list[str] = []

        def cell(
            value: str | None, name: str, item_change: Change | None, own: Op | None, marker: bool
        ) -> tuple[Piece, ...]:
            text = value or ""
            if item_change is None and own is None:
                return plain(text)  # most cells: unchanged
            if own is not None and mode == "redline":
                return (
                    tuple(
                        owned(
                            whole_pieces(text, own, item_change if marker else None, mode),
                            item_change,
                        )
                    )
                    if text or marker
                    else ()
                )
            diff = (
                next((d for d in item_change.diffs if d.name == name), None)
                if item_change
                else None
            )
            if diff is not None and diff.spans:
                return tuple(
                    owned(marked(diff.spans, item_change if marker else None, mode), item_change)
                )
            if marker and item_change is not None and mode == "redline":
                return (
                    Piece("marker", item_change.label, change=item_change.id),
                    Piece("text", text),
                )
            return plain(text)

        if change is not None and mode == "redline":
            changes.append(change.id)
        own = whole if mode == "redline" else None
        title = cell(table.title, "title", change, own, marker=change is not None)
        title += tuple(self._from(change))
        header = (
            cell(_year(table.baseline_year), "baseline_year", change, own, marker=False),
            cell(_year(table.target_year), "target_year", change, own, marker=False),
        )
        rows: list[tuple[tuple[Piece, ...], ...]] = []
        row_ids = []
        statuses = []
        for row, row_change, row_op in self._rows(table, old=whole is Op.DELETE):
            if row_change is not None and mode == "redline":
                changes.append(row_change.id)
            op = own or row_op
            if row_change is None and op is None:  # most rows: unchanged, cells as written
                rows.append(
                    (
                        plain(row.indicator),
                        plain(row.unit),
                        plain(row.baseline),
                        plain(row.target),
                    )
                )
                row_ids.append(row.id)
                statuses.append("same")
                continue
            first = True
            cells = []
            for name in ("indicator", "unit", "baseline", "target"):
                cells.append(
                    cell(
                        getattr(row, name),
                        name,
                        row_change,
                        op if mode == "redline" else None,
                        marker=first and row_change is not None,
                    )
                )
                if first and row_change is not None and row_change.move is not None:
                    away = op is Op.DELETE and mode == "redline"  # where it stood
                    note = [moved_to_note(row_change, self.comparison.new)] if away else []
                    cells[0] += tuple(note or self._from(row_change))
                first = False
            rows.append(tuple(cells))
            row_ids.append(row.id)
            statuses.append(
                "added"
                if row_op is Op.INSERT
                else ("moved" if row_change and row_change.new_id else "deleted")
                if row_op is Op.DELETE
                else "changed"
                if row_change
                else "same"
            )
        status_text = (
            "added"
            if whole is Op.INSERT
            else "deleted"
            if whole is Op.DELETE
            else "changed"
            if changes
            else "same"
        )
        status: Status = status_text  # type: ignore[assignment]
        return KpiView(
            table.id,
            title,
            header,
            tuple(rows),
            tuple(row_ids),
            tuple(statuses),
            tuple(changes),
            status,
        )

    def _rows(
        self, table: KpiTable, *, old: bool = False
    ) -> list[tuple[KpiRow, Change | None, Op | None]]:
        """Return the rows of ``table`` with their changes; the deleted and moved-away rows
        where they stood, unless the table is one of the old draft (``old``: it has them)."""
        result: list[tuple[KpiRow, Change | None, Op | None]] = []
        if old:
            return [(row, self.by_new.get(row.id), None) for row in table.rows]
        for deleted in self.deleted_after.get((table.id, None), []):
            if isinstance(deleted.old_node, KpiRow):
                result.append((deleted.old_node, deleted, Op.DELETE))
        for row in table.rows:
            change = self.by_new.get(row.id)
            op = Op.INSERT if change is not None and change.old_id is None else None
            result.append((row, change, op))
            for deleted in self.deleted_after.get((table.id, row.id), []):
                if isinstance(deleted.old_node, KpiRow):
                    result.append((deleted.old_node, deleted, Op.DELETE))
        return result

    # ---- blocks and nodes -----------------------------------------------------------------

    def block(
        self,
        node: Node,
        change: Change | None,
        whole: Op | None = None,
        inherited: Inherited = None,
    ) -> BlockView:
        if isinstance(node, Statement):
            return self.statement(node, change, inherited)
        if isinstance(node, KpiTable):
            if inherited is not None:
                return self.kpi(node, None, inherited[0])
            return self.kpi(node, change, whole)
        if isinstance(node, Note):
            return self.simple_line("note", node, change, inherited)
        assert isinstance(node, Footnote)
        return self.simple_line("footnote", node, change, inherited)

    def blocks(self, container: str | None, blocks: Sequence[Node]) -> list[BlockView]:
        by_new, deleted_after, followed = self.by_new, self.deleted_after, self.followed
        result = self._deleted_blocks(container, None) if container in self.holders else []
        for node in blocks:
            node_id = node.id
            change = by_new.get(node_id)
            if change is None and type(node) is Statement:  # closed models: no subclasses
                result.append(self.same_statement(node))  # most lines: unchanged text
            else:
                whole = Op.INSERT if change is not None and change.old_id is None else None
                result.append(self.block(node, change, whole))
            # Few blocks are followed by a deletion.
            if node_id in followed and (container, node_id) in deleted_after:
                result += self._deleted_blocks(container, node_id)
        return result

    def _deleted_blocks(self, container: str | None, after: str | None) -> list[BlockView]:
        return [
            self.block(c.old_node, c, Op.DELETE)
            if c.new_id is None
            else self._origin(c.old_node, c)
            for c in self._deleted(container, after)
            if c.old_node is not None and _is_block(c.old_node)
        ]

    def _origin(self, node: Node, change: Change) -> BlockView:
        """Return a moved block as it stood in the old draft: its text deleted, status moved,
        a line noting where it went."""
        block = self.block(node, None, None, (Op.DELETE, change))
        note = moved_to_note(change, self.comparison.new)
        if isinstance(block, LineView):
            return replace(block, status="moved", pieces=(*block.pieces, note))
        title = (*block.title, note)
        return replace(block, status="moved", title=title, changes=(change.id, *block.changes))

    def _moved_node(
        self, node: Pillar | Field | Section, level: int, inherited: Inherited, change: Change
    ) -> NodeView:
        """Return a moved part as it stood in the old draft, its title noting where it went."""
        view = self.node(node, level, None, inherited)
        note = moved_to_note(change, self.comparison.new)
        return replace(view, status="moved", title=(*view.title, note))

    def _deleted(self, container: str | None, after: str | None) -> list[Change]:
        found = self.deleted_after.get((container, after))
        return [c for c in found if c.old_node is not None] if found else []

    def node(
        self,
        node: Pillar | Field | Section,
        level: int,
        deleted: Change | None = None,
        inherited: Inherited = None,
    ) -> NodeView:
        """Return the view of a node: ``deleted`` is its own deletion, ``inherited`` the addition
        or deletion of an ancestor it is part of."""
        mode = self.mode
        change = deleted or self.by_new.get(node.id)
        status: Status = "same"
        if inherited is not None:
            op, parent = inherited
            status = "added" if op is Op.INSERT else "deleted"
            title = [Piece("text", node.title, op if mode == "redline" else Op.EQUAL, parent.id)]
        elif deleted is not None:
            status = "deleted" if deleted.new_id is None else "moved"
            title = whole_pieces(node.title, Op.DELETE, deleted, mode)
            if status == "moved":
                title.append(moved_to_note(deleted, self.comparison.new))
            inherited = (Op.DELETE, deleted)
        elif change is not None and change.old_id is None:
            status = "added"
            title = whole_pieces(node.title, Op.INSERT, change, mode)
            inherited = (Op.INSERT, change)
        elif change is not None:
            status = "changed"
            diff = next((d for d in change.diffs if d.name == "title"), None)
            spans = diff.spans if diff and diff.spans else [TextSpan(Op.EQUAL, node.title)]
            title = marked(spans, change, mode)
            if change.move is not None and not change.move.reordered and mode == "redline":
                title.append(
                    Piece("note", moved_from_note(change, self.comparison.old), change=change.id)
                )
        else:
            title = [Piece("text", node.title)] if node.title else []  # as _merge leaves it
        if node.number:  # printed before the title; a renumbering alone is no change
            whole = {"added": Op.INSERT, "deleted": Op.DELETE, "moved": Op.DELETE}.get(status)
            op = whole if whole is not None and mode == "redline" else Op.EQUAL
            at = 1 if title and title[0].kind == "marker" else 0
            owner = title[at].change if len(title) > at else None
            title.insert(at, Piece("text", node.number, op, owner))
        if inherited is not None:
            content: list[BlockView] = []
            moves = self.moves
            for block in node.blocks:
                if inherited[0] is Op.DELETE and block.id in self.survivors:
                    if block.id in moves:  # shown here too, as it stood
                        content.append(self._origin(block, moves[block.id]))
                    elif not moves:
                        continue  # moved elsewhere: shown where it went
                    else:  # inside a moved part: as it stood
                        content.append(self.block(block, None, None, inherited))
                    continue
                own = self.by_new.get(block.id) if inherited[0] is Op.INSERT else None
                content.append(self.block(block, own, None, None if own else inherited))
            if inherited[0] is Op.INSERT:
                children = [
                    self.node(
                        child, level + 1, None, None if self.by_new.get(child.id) else inherited
                    )
                    for child in node.children
                    if self._wanted(child)
                ]
            else:  # the parts moved elsewhere are shown where they went (and, with
                # move_origins, here as they stood)
                children = [
                    self.node(child, level + 1, None, inherited)
                    if child.id not in moves
                    else self._moved_node(child, level + 1, inherited, moves[child.id])
                    for child in node.children
                    if self._wanted(child) and (moves or child.id not in self.survivors)
                ]
        else:
            content = self.blocks(node.id, node.blocks)
            children = [
                self.node(c.old_node, level + 1, c)
                for c in self._deleted(node.id, None)
                if isinstance(c.old_node, Pillar | Field | Section)
            ]
            everything, followed = self.everything, self.followed
            for child in node.children:
                if everything or self._wanted(child):
                    children.append(self.node(child, level + 1))
                # Few children are followed by a deletion.
                if child.id in followed and (node.id, child.id) in self.deleted_after:
                    children += [
                        self.node(c.old_node, level + 1, c)
                        for c in self._deleted(node.id, child.id)
                        if isinstance(c.old_node, Pillar | Field | Section)
                    ]
        box = (
            self.box(node.id) if mode == "redline" and status not in {"deleted", "moved"} else None
        )
        if mode == "clean" and status == "deleted":
            content, children = [], []
        return NodeView(
            level,
            node.id,
            tuple(merge(title) if status != "same" else title),
            tuple(content),
            box,
            tuple(children),
            status,
            node.omitted,
        )

    def _wanted(self, node: Pillar | Field | Section) -> bool:
        """Return whether an excerpt shows the node: chosen, inside or holding a chosen node."""
        if self.wanted is not None:
            return node.id in self.wanted
        if self.only is None:
            return True
        if node.id in self.only:
            return True
        return any(self._wanted(child) for child in node.children)

    def box(self, scope: str | None) -> OpinionBox | None:
        listed = self.by_scope.get(scope)
        if not listed:
            return None
        rows = []
        for opinion in listed:
            caused = self.caused.get(opinion.id, [])
            rows.append(
                BoxRow(
                    opinion.id,
                    self.numbers[opinion.id],
                    opinion.text,
                    tuple(c.label for c in caused),
                    tuple(c.id for c in caused),
                )
            )
        return OpinionBox(box_title(o.channel for o in listed), tuple(rows))

    # ---- lists ------------------------------------------------------------------------------

    def change_views(self) -> list[ChangeView]:
        return [
            ChangeView(
                id=change.id,
                label=change.label,
                kind=change.kind,
                location=self.location(change),
                opinions=tuple(self.numbers[o] for o in change.opinions if o in self.numbers),
                opinion_ids=change.opinions,
                reason=change.reason,
                explained=change.explained,
                prior_unknown=change.prior_unknown,
                moved=change.move is not None,
            )
            for change in self.comparison.changes
        ]

    def location(self, change: Change) -> str:
        return self.title(change.scope or "") or "計画全体"

    def opinion_views(self) -> list[OpinionView]:
        views = []
        for opinion in self.opinions:
            caused = self.caused.get(opinion.id, [])
            views.append(
                OpinionView(
                    number=self.numbers[opinion.id],
                    id=opinion.id,
                    who=_who(opinion),
                    text=opinion.text,
                    disposition=opinion.disposition.value,
                    response=opinion.response or "",
                    reflected=tuple(f"{c.label}({self.location(c)})" for c in caused),
                    changes=tuple(c.id for c in caused),
                    scope_title=_or_whole_plan(self.title(opinion.scope or "")),
                )
            )
        return views


def _year(value: int | None) -> str | None:
    return None if value is None else str(value)


def _is_block(node: Node | None) -> bool:
    return isinstance(node, Statement | KpiTable | Note | Footnote)


def _or_whole_plan(title: str | None) -> str:
    return "計画全体" if title is None else title


def _who(opinion: Opinion) -> str:
    if opinion.speaker:
        return opinion.speaker
    return opinion.channel.value


def _structure(plan: Plan) -> list[StructureEntry]:
    entries = []
    for pillar in plan.pillars:
        entries.append(StructureEntry(1, pillar.heading, pillar.id))
        for item in pillar.fields:
            entries.append(StructureEntry(2, item.heading, item.id))
            for section in item.sections:
                entries.append(StructureEntry(3, section.heading, section.id))
    return entries


def build_handout(
    comparison: Comparison,
    opinions: OpinionSet | None = None,
    *,
    mode: Mode = "redline",
    only: Iterable[str] | None = None,
    options: HandoutOptions | None = None,
    move_origins: bool = False,
) -> HandoutView:
    """Return the view of a handout of ``comparison``'s new draft.

    ``mode`` is ``redline`` (見え消し版: changes marked, opinion boxes) or ``clean`` (溶け込み版).
    ``only`` restricts the content to the given pillars, fields or sections (ids); the handout is
    then an excerpt (抜粋). ``options`` chooses what is shown beyond the plan's text (default:
    everything, parts flowing one after another). With ``move_origins`` a redline also shows
    each moved part where it stood in the old draft (status ``moved``, its text deleted), as a
    document that must give back the old draft needs (the Word tracked-changes document).
    """
    chosen = frozenset(only) if only is not None else None
    numbering = opinions  # opinions keep their numbers in an excerpt (意見3 stays 意見3)
    comparison, opinions = restrict_to(comparison, opinions, chosen)
    builder = _Builder(comparison, opinions, mode, chosen, numbering, move_origins=move_origins)
    new = comparison.new
    nodes: list[NodeView] = []
    for change in builder._deleted(None, None):
        if isinstance(change.old_node, Pillar):
            nodes.append(builder.node(change.old_node, 1, change))
    for pillar in new.pillars:
        if builder._wanted(pillar):
            nodes.append(builder.node(pillar, 1))
        for change in builder._deleted(None, pillar.id):
            if isinstance(change.old_node, Pillar):
                nodes.append(builder.node(change.old_node, 1, change))
    notes = [line for line in builder.blocks(None, new.blocks) if isinstance(line, LineView)]
    excerpt = new.meta.excerpt or chosen is not None
    old_meta = comparison.old.meta
    return HandoutView(
        mode=mode,
        title=plan_name(new.meta),
        header=header_lines(new.meta, excerpt=excerpt),
        meeting=meeting_label(new.meta),
        date=format_long(new.meta.date) if new.meta.date else "",
        excerpt=excerpt,
        structure=tuple(_structure(new)),
        notes=tuple(notes),
        nodes=tuple(nodes),
        plan_box=builder.box(None) if mode == "redline" else None,
        changes=tuple(builder.change_views()) if mode == "redline" else (),
        opinions=tuple(builder.opinion_views()),
        old_meeting=meeting_label(old_meta),
        options=options or HandoutOptions(),
        old_title=plan_name(old_meta),
        move_origins=move_origins and mode == "redline",
    )
