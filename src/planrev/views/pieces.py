"""Pieces of printed text made from the comparison's spans: text, markers and notes."""

from __future__ import annotations

from collections.abc import Sequence

from planrev.comparison import Change, Op, TextSpan
from planrev.comparison.pieces import split_at
from planrev.model import ChangeKind, Field, KpiTable, Pillar, Plan, Section, Statement
from planrev.model.walk import PlanIndex
from planrev.views.objects import Mode, Piece

__all__ = [
    "REPOST",
    "marked",
    "merge",
    "moved_from_note",
    "moved_to_note",
    "note_pieces",
    "own_spans",
    "owned",
    "place_name",
    "text_pieces",
    "whole_pieces",
    "with_span",
]


def text_pieces(spans: Sequence[TextSpan], change: str | None, mode: Mode) -> list[Piece]:
    pieces = []
    for span in spans:
        if mode == "clean":
            if span.op is Op.DELETE:
                continue
            pieces.append(Piece("text", span.text))
        else:
            pieces.append(
                Piece("text", span.text, span.op, change if span.op is not Op.EQUAL else None)
            )
    return pieces


def marked(
    spans: Sequence[TextSpan], change: Change | None, mode: Mode, *, at_start: bool = False
) -> list[Piece]:
    """Return the pieces of a text with the change's marker before its first changed span."""
    pieces = text_pieces(spans, change.id if change else None, mode)
    if change is None or mode == "clean":
        return merge(pieces)
    marker = Piece("marker", change.label, change=change.id)
    if at_start:
        return [marker, *merge(pieces)]
    for index, piece in enumerate(pieces):
        if piece.op is not Op.EQUAL:
            return merge([*pieces[:index], marker, *pieces[index:]])
    return [marker, *merge(pieces)]


def merge(pieces: list[Piece]) -> list[Piece]:
    merged: list[Piece] = []
    for piece in pieces:
        if not piece.text:
            continue
        last = merged[-1] if merged else None
        if (
            last is not None
            and last.kind == piece.kind == "text"
            and last.op is piece.op
            and last.change == piece.change
        ):
            merged[-1] = Piece("text", last.text + piece.text, piece.op, piece.change)
        else:
            merged.append(piece)
    return merged


def owned(pieces: list[Piece], change: Change | None) -> list[Piece]:
    """Return ``pieces`` with their inserted and deleted text attributed to ``change``.

    A KPI row's marker sits in its first cell only; the changed text of its other cells still
    belongs to the row's change (outputs link or highlight it by that id).
    """
    if change is None:
        return pieces
    return [
        Piece(p.kind, p.text, p.op, change.id)
        if p.kind == "text" and p.op is not Op.EQUAL and p.change is None
        else p
        for p in pieces
    ]


def whole_pieces(text: str, op: Op, change: Change | None, mode: Mode) -> list[Piece]:
    return marked([TextSpan(op, text)] if text else [], change, mode, at_start=True)


def with_span(text: str, change: Change, mode: Mode) -> list[Piece]:
    """Pieces of a new text whose prior text is unknown: marker at the declared span."""
    if mode == "clean":
        return [Piece("text", text)]
    marker = Piece("marker", change.label, change=change.id)
    span = change.span
    if span is None:
        return [marker, Piece("text", text)]
    start = min(span.start, len(text))
    end = len(text) if span.end is None else min(span.end, len(text))
    pieces = [Piece("text", text[:start]), marker]
    if span.end is not None:
        pieces += [Piece("text", text[start:end], Op.INSERT, change.id), Piece("text", text[end:])]
    else:
        # The sources do not show where the insertion ends: mark its start only, never guess.
        pieces.append(Piece("text", text[start:]))
    return merge(pieces)


REPOST = Piece("note", "（再掲）")
"""The note after a reposted statement."""


def own_spans(
    change: Change, spans: Sequence[TextSpan], node_id: str
) -> tuple[Sequence[TextSpan], bool]:
    """Return the part of a change's diff that a statement prints, and whether it is the first.

    A 分割's diff runs over its new statements joined; each prints its own part (the first
    with the marker). Any other change prints the whole diff.
    """
    if change.kind is not ChangeKind.SPLIT or not isinstance(change.new_node, Statement):
        return spans, True
    first, rest = split_at(spans, len(change.new_node.text or ""))
    return (first, True) if node_id == change.new_id else (rest, False)


def place_name(plan: Plan, holder: str | None) -> str:
    """Return how a note names a place of ``plan``: the part holding a moved node.

    The headings' numbers run together when the part and every part holding it are numbered
    (``第2章第1節（3）``); otherwise the part's title in 「」 (``「地域交通の確保」``). The plan's
    top is ``計画全体``; a KPI table (holding a moved row) is named by its part and its title
    (``「地域交通の確保」のKPI``).
    """
    located = PlanIndex.of(plan).by_id.get(holder) if holder is not None else None
    if located is not None and isinstance(located.node, KpiTable):  # a KPI row's table
        part = located.parents[-1].id if located.parents else None
        return f"{place_name(plan, part)}の{located.node.title}"
    if located is None or not isinstance(located.node, Pillar | Field | Section):
        return "計画全体"
    chain = (*located.parents, located.node)
    numbers = [node.number.strip(" \t\u3000") for node in chain if node.number]
    if len(numbers) == len(chain) and all(numbers):
        return "".join(numbers)
    return f"「{located.node.title}」"


def moved_from_note(change: Change, old: Plan) -> str:
    """Return the note after a moved node where it landed: ``※移動（第1章第2節（3）から）``."""
    origin = place_name(old, change.move.old_container) if change.move is not None else ""
    return f"※移動（{origin}から）" if origin else "※移動"


def moved_to_note(change: Change, new: Plan) -> Piece:
    """Return the note after a moved node where it stood: ``（第2章第1節（1）へ移動）``."""
    place = place_name(new, change.move.new_container) if change.move is not None else "別の場所"
    return Piece("note", f"（{place}へ移動）", change=change.id)


def note_pieces(
    node: Statement, change: Change | None, mode: Mode, old: Plan | None = None
) -> list[Piece]:
    """Return the notes after a statement: （再掲）, ※reason, and ※移動 with where it came from
    (the old draft ``old`` names the place)."""
    notes = []
    if node.repost is not None:
        notes.append(REPOST)
    if mode == "redline" and change is not None:
        if change.reason:
            notes.append(Piece("note", f"※{change.reason}", change=change.id))
        if change.move is not None and not change.move.reordered:
            note = moved_from_note(change, old) if old is not None else "※移動"
            notes.append(Piece("note", note, change=change.id))
    return notes
