"""Paragraphs → units: each statement or heading as its old paragraph, its new one, or both.

A tracked paragraph mark joins paragraphs in one projection and not in the other (a paragraph
split or joined). Reading the body as chains of paragraphs between tables, :func:`units_of`
projects each chain twice — the old paragraphs (deleted text and marks kept, inserted ones
removed) and the new ones — and pairs them: paragraphs that share unchanged or moved text are
one unit; a paragraph only one projection has is a unit of its own (added or deleted).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from planrev.i18n import Msg
from planrev.importers.tree import StatementKind, label_kind
from planrev.word.document import RunStatus, TaggedRun, WordDocument, WordParagraph, WordTable
from planrev.word.report import Collector

__all__ = [
    "WHICH",
    "Placed",
    "Projection",
    "Raw",
    "Role",
    "TableItem",
    "Unit",
    "UnitItem",
    "Which",
    "place",
    "prepare",
    "units_of",
]

_BULLET_PREFIX = re.compile(r"^[・･][ \u3000]*")


@dataclass(slots=True)
class Raw:
    """A body paragraph prepared for pairing (leading ・ taken off statements)."""

    paragraph: WordParagraph
    """The paragraph."""
    runs: tuple[TaggedRun, ...]
    """Its runs, without a typed leading ・."""
    typed_bullet: bool
    """Whether a leading ・ was taken off (a bullet typed rather than a list item)."""

    @property
    def old(self) -> str:
        """Return the paragraph's old text."""
        return "".join(r.text for r in self.runs if r.status is not RunStatus.INSERT)

    @property
    def new(self) -> str:
        """Return the paragraph's new text."""
        return "".join(r.text for r in self.runs if r.status is not RunStatus.DELETE)


def prepare(paragraph: WordParagraph) -> Raw:
    """Return ``paragraph`` ready for pairing: a typed ・ before a statement's text taken off."""
    runs = paragraph.runs
    if paragraph.heading_level is not None or paragraph.title or paragraph.list_format:
        return Raw(paragraph, runs, False)
    union = "".join(run.text for run in runs)
    match = _BULLET_PREFIX.match(union)
    if match is None:
        return Raw(paragraph, runs, False)
    remaining = match.end()
    stripped: list[TaggedRun] = []
    for run in runs:
        if remaining >= len(run.text):
            remaining -= len(run.text)
            continue
        stripped.append(replace(run, text=run.text[remaining:]) if remaining else run)
        remaining = 0
    return Raw(paragraph, tuple(stripped), True)


@dataclass(frozen=True, slots=True)
class Projection:
    """One paragraph of one projection: raw paragraphs joined by missing paragraph marks."""

    members: tuple[int, ...]
    """The positions in the chain of the paragraphs it joins."""
    text: str
    """Its text."""
    source: Raw
    """The first of them with text (its style gives the role)."""


@dataclass(slots=True)
class Unit:
    """A statement or heading of the union: its old paragraph, its new paragraph, or both."""

    key: int
    """The number of its first paragraph with text (what ``w-p<N>`` ids use)."""
    old: Projection | None
    """Its old paragraph, or None when added."""
    new: Projection | None
    """Its new paragraph, or None when deleted."""
    runs: tuple[TaggedRun, ...] | None
    """The runs of a one-to-one pair (None for a split or join)."""
    paragraphs: tuple[int, ...]
    """The numbers of the Word paragraphs that give it text."""
    all_runs: tuple[TaggedRun, ...] = ()
    """Every run of those paragraphs."""
    id: str = ""
    """Its id."""


@dataclass(slots=True)
class TableItem:
    """A table of the body, between the chains of paragraphs."""

    table: WordTable
    """The table."""
    id: str = ""
    """The table's id (``w-t<K>``, or the planrev id its header's bookmark carries)."""
    row_ids: dict[int, str] = field(default_factory=dict)
    """Each row's id by its number (``w-t<K>-r<R>``, or the id its bookmark carries)."""


UnitItem = Unit | TableItem
"""A unit or a table, in body order."""
Which = Literal["old", "new"]
"""A projection: the old text (reject all) or the new text (accept all)."""
WHICH: tuple[Which, ...] = ("old", "new")
"""Both projections, old first."""


def _sides(chain: Sequence[Raw], which: Literal["old", "new"]) -> list[Projection]:
    present = (
        {RunStatus.EQUAL, RunStatus.DELETE}
        if which == "old"
        else {RunStatus.EQUAL, RunStatus.INSERT}
    )
    groups: list[list[int]] = []
    current: list[int] = []
    for position, raw in enumerate(chain):
        current.append(position)
        if raw.paragraph.mark in present:
            groups.append(current)
            current = []
    if current:
        groups.append(current)
    sides = []
    for group in groups:
        texts = [getattr(chain[i], which) for i in group]
        text = "".join(texts)
        if not text:
            continue
        source = next(chain[i] for i, part in zip(group, texts, strict=True) if part)
        sides.append(Projection(tuple(group), text, source))
    return sides


def _pair_chain(chain: Sequence[Raw], report: Collector) -> list[Unit]:
    olds = _sides(chain, "old")
    news = _sides(chain, "new")
    old_of = {member: number for number, side in enumerate(olds) for member in side.members}
    new_of = {member: number for number, side in enumerate(news) for member in side.members}
    parent: dict[tuple[str, int], tuple[str, int]] = {}

    def find(node: tuple[str, int]) -> tuple[str, int]:
        parent.setdefault(node, node)
        while parent[node] != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for position in range(len(olds)):
        find(("o", position))
    for position in range(len(news)):
        find(("n", position))
    for position, raw in enumerate(chain):
        if raw.old and raw.new:
            left, right = find(("o", old_of[position])), find(("n", new_of[position]))
            if left != right:
                parent[max(left, right)] = min(left, right)
    components: dict[tuple[str, int], tuple[list[int], list[int]]] = {}
    for position in range(len(olds)):
        components.setdefault(find(("o", position)), ([], []))[0].append(position)
    for position in range(len(news)):
        components.setdefault(find(("n", position)), ([], []))[1].append(position)

    def first_content(members: Iterable[int], side: Literal["old", "new", "both"]) -> int:
        """Return the first member with text on ``side`` (``both``: on both sides at once).

        Keys chosen this way never collide: a pair's key has text on both sides (and links only
        its own pair), a one-sided unit's key has text on one side only.
        """
        ordered = sorted(members)
        for member in ordered:
            raw = chain[member]
            if side == "both":
                if raw.old and raw.new:
                    return member
            elif getattr(raw, side):
                return member
        for member in ordered:
            if chain[member].old or chain[member].new:
                return member
        return ordered[0]

    units: list[Unit] = []
    for old_indexes, new_indexes in components.values():
        old_sides = [olds[i] for i in sorted(old_indexes)]
        new_sides = [news[i] for i in sorted(new_indexes)]
        members = sorted({m for s in (*old_sides, *new_sides) for m in s.members})
        numbers = tuple(chain[m].paragraph.number for m in members)
        if len(old_sides) <= 1 and len(new_sides) <= 1:
            old = old_sides[0] if old_sides else None
            new = new_sides[0] if new_sides else None
            content_side: Literal["old", "new", "both"] = (
                "both" if old is not None and new is not None else "old" if new is None else "new"
            )
            key_member = first_content(members, content_side)
            runs: tuple[TaggedRun, ...] | None = None
            if old is not None and new is not None:
                runs = tuple(
                    run
                    for m in members
                    for run in chain[m].runs
                    if (run.status is RunStatus.DELETE and m in old.members)
                    or (run.status is RunStatus.INSERT and m in new.members)
                    or (run.status is RunStatus.EQUAL and m in old.members and m in new.members)
                )
            units.append(Unit(chain[key_member].paragraph.number, old, new, runs, numbers))
            continue
        # A paragraph split in two, or two joined: pair the first parts, the rest stand alone.
        primary_members = set(old_sides[0].members) | set(new_sides[0].members)
        key_member = first_content(primary_members, "both")
        report.warn(
            "split-join",
            Msg(
                f"段落の分割・結合があります(旧{len(old_sides)}段落 → 新{len(new_sides)}段落)。"
                "最初の段落どうしを修正、残りを追加・削除として記録します",
                f"paragraphs were split or joined ({len(old_sides)} old → {len(new_sides)} new); "
                "the first ones are paired as a modification, the rest recorded as added or "
                "deleted",
            ),
            chain[key_member].paragraph,
        )
        units.append(
            Unit(
                chain[key_member].paragraph.number,
                old_sides[0],
                new_sides[0],
                None,
                tuple(chain[m].paragraph.number for m in sorted(primary_members)),
            )
        )
        for side in old_sides[1:]:
            member = first_content(side.members, "old")
            units.append(
                Unit(
                    chain[member].paragraph.number,
                    side,
                    None,
                    None,
                    tuple(chain[m].paragraph.number for m in side.members),
                )
            )
        for side in new_sides[1:]:
            member = first_content(side.members, "new")
            units.append(
                Unit(
                    chain[member].paragraph.number,
                    None,
                    side,
                    None,
                    tuple(chain[m].paragraph.number for m in side.members),
                )
            )
    by_number = {raw.paragraph.number: raw for raw in chain}
    for unit in units:
        # The paragraphs that give the unit text (a paragraph joined on only for its mark does
        # not belong to it), and their runs.
        old_members = {chain[m].paragraph.number for m in unit.old.members} if unit.old else set()
        new_members = {chain[m].paragraph.number for m in unit.new.members} if unit.new else set()
        unit.paragraphs = (
            tuple(
                n
                for n in unit.paragraphs
                if (n in old_members and by_number[n].old)
                or (n in new_members and by_number[n].new)
            )
            or unit.paragraphs
        )
        unit.all_runs = tuple(run for n in unit.paragraphs for run in by_number[n].runs)
    units.sort(key=lambda unit: unit.key)
    return units


SPACER_STYLE = "planrevSpacer"
"""The paragraph style of the empty spacers planrev's Word writer puts around tables."""


def units_of(document: WordDocument, report: Collector) -> list[UnitItem]:
    """Return the document's units and tables in body order."""
    items: list[UnitItem] = []
    chain: list[Raw] = []

    def flush() -> None:
        if chain:
            items.extend(_pair_chain(chain, report))
            chain.clear()

    for item in document.body:
        if isinstance(item, WordTable):
            flush()
            items.append(TableItem(item))
        elif item.style_id == SPACER_STYLE:
            flush()  # a spacer planrev writes around tables: not text of the plan
        else:
            chain.append(prepare(item))
    flush()
    return items


Role = Literal["title", "heading", "label", "statement"]
"""What a paragraph is to the plan: its title, a heading, a label (めざす姿 …) or a statement."""


@dataclass(frozen=True, slots=True)
class Placed:
    """One projection of a unit with its role."""

    role: Role
    """The paragraph's role."""
    level: int | None
    """A heading's level (1 = top)."""
    text: str
    """The paragraph's text in this projection."""
    bullet: bool
    """Whether a statement is a bullet item."""
    label: StatementKind | None
    """The statement kind a label names."""
    paragraph: WordParagraph
    """The paragraph whose style gave the role."""


def place(side: Projection, numbered_headings: bool) -> Placed:
    """Return the role of a projection: by the Title style, a heading level, a label, or else a
    statement (``numbered_headings``: numbered list items are headings of their level)."""
    paragraph = side.source.paragraph
    if paragraph.title:
        return Placed("title", None, side.text, False, None, paragraph)
    level = paragraph.heading_level
    if (
        level is None
        and numbered_headings
        and paragraph.list_format not in (None, "bullet")
        and paragraph.list_level is not None
    ):
        level = paragraph.list_level + 1
    if level is not None:
        return Placed("heading", level, side.text, False, None, paragraph)
    bullet = paragraph.bullet or side.source.typed_bullet
    label = None if bullet else label_kind(side.text)
    if label is not None:
        return Placed("label", None, side.text, False, label, paragraph)
    return Placed("statement", None, side.text, bullet, None, paragraph)
