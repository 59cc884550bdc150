"""Restructured drafts with ground truth, and a scorer of how a comparison recognised them.

Between 素案 and 案 a plan is reorganised, not just reworded: statements move to other sections
(with or without a few words changed), one paragraph becomes two or two become one, whole
sections move to another field and the headings after them are renumbered. :func:`restructure`
makes such a new draft from a plan of :func:`planrev.testing.synthetic.make_plan` and returns
what it did, in terms of old and new ids (:class:`Restructuring`); :func:`score` says how much
of it a :class:`~planrev.comparison.Comparison` recognised, per kind, as recall and precision.

Nodes the restructuring touches get new ids by default (as an import of a converted document
gives them), so a comparison must recognise them by their content, not by their ids. Headings
carry their number (``第1章``, ``第1節``, ``（1）``, in the ``number`` field) in both drafts. Everything is deterministic for
a given seed, and the new draft is built in one pass: 5,000 sections take about a second.

What a comparison reports is mapped to restructurings in one place,
:func:`observed_restructurings`: moves are changes with a :class:`~planrev.comparison.Move`,
renumberings :attr:`~planrev.comparison.Comparison.renumbered`.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

from planrev.comparison import Change, Comparison
from planrev.model import ChangeKind, Field, Pillar, Plan, Section, Statement, walk
from planrev.model.plan import Block, StructuralNode

__all__ = [
    "KINDS",
    "KindScore",
    "Restructured",
    "Restructuring",
    "RestructuringKind",
    "number_headings",
    "observed_restructurings",
    "restructure",
    "score",
]

RestructuringKind = Literal["move", "move_edit", "split", "merge", "section_move", "renumber"]
"""What happened to a part of the plan between two drafts."""

KINDS: tuple[RestructuringKind, ...] = (
    "move",
    "move_edit",
    "split",
    "merge",
    "section_move",
    "renumber",
)
"""Every kind, in the order reports list them."""


@dataclass(frozen=True, slots=True)
class Restructuring:
    """One restructuring: which old nodes became which new nodes, and how."""

    kind: RestructuringKind
    """``move``: a statement moved to another section, text unchanged; ``move_edit``: moved and
    reworded a little; ``split``: one statement became two (in order); ``merge``: two
    consecutive statements became one; ``section_move``: a section moved to another field with
    its content; ``renumber``: a heading whose number changed because of moves before it (its
    text is otherwise the same)."""
    old_ids: tuple[str, ...]
    """The node ids in the old draft (two for a merge, else one)."""
    new_ids: tuple[str, ...]
    """The node ids in the new draft (two for a split, else one)."""


@dataclass(frozen=True, slots=True)
class Restructured:
    """A pair of drafts and the truth about how the second was made from the first."""

    old: Plan
    """The old draft: the input plan with numbered headings."""
    new: Plan
    """The restructured draft, headings numbered anew."""
    truth: tuple[Restructuring, ...]
    """Everything that was done, grouped by kind in the order of :data:`KINDS`."""

    def of_kind(self, kind: RestructuringKind) -> tuple[Restructuring, ...]:
        """Return the restructurings of one kind."""
        return tuple(item for item in self.truth if item.kind == kind)


# --- numbering ----------------------------------------------------------------------------------


def _label(depth: int, number: int) -> str:
    if depth == 0:
        return f"第{number}章\u3000"
    if depth == 1:
        return f"第{number}節\u3000"
    return f"（{number}）"


def _numbered(node: StructuralNode, depth: int, number: int) -> StructuralNode:
    label = _label(depth, number)
    if isinstance(node, Pillar):
        fields = tuple(_numbered(f, depth + 1, n) for n, f in enumerate(node.fields, 1))
        return node.model_copy(update={"number": label, "fields": fields})
    sections = tuple(_numbered(s, depth + 1, n) for n, s in enumerate(node.sections, 1))
    return node.model_copy(update={"number": label, "sections": sections})


def number_headings(plan: Plan) -> Plan:
    """Return ``plan`` with every heading numbered among its siblings (the ``number`` field).

    Pillars read ``第1章``, fields ``第1節``, sections ``（1）`` (the styles ``planrev import
    plain`` recognises); the titles are kept as they are.
    """
    pillars = tuple(_numbered(p, 0, n) for n, p in enumerate(plan.pillars, 1))
    return plan.model_copy(update={"pillars": pillars})


def _labels(plan: Plan) -> dict[str, str | None]:
    """Return the number of every heading of a numbered plan, by id."""
    return {
        located.id: located.node.number
        for located in walk(plan)
        if isinstance(located.node, Pillar | Field | Section)
    }


# --- the restructuring --------------------------------------------------------------------------


@dataclass(eq=False)
class _SectionDraft:
    node: Section
    id: str
    blocks: list[Block]


@dataclass(eq=False)
class _FieldDraft:
    node: Field
    sections: list[_SectionDraft] = field(default_factory=list)


_SWAPS = (
    ("県民", "住民"),
    ("推進する", "一層推進する"),
    ("図る", "着実に図る"),
    ("支援する", "重点的に支援する"),
    ("整備する", "計画的に整備する"),
    ("進める", "加速する"),
)


def _small_edit(rng: random.Random, text: str) -> str:
    """Return ``text`` with a few words changed (the result stays over 90% similar)."""
    options = [pair for pair in _SWAPS if pair[0] in text]
    if options:
        before, after = rng.choice(options)
        return text.replace(before, after, 1)
    return "引き続き" + text


class _Ids:
    def __init__(self, prefix: str, fresh: bool) -> None:
        self._prefix = prefix
        self._fresh = fresh
        self._serial = 0

    def new(self, kind: str, old: str | None = None) -> str:
        """Return a fresh id (or ``old`` when ids are kept and there is one)."""
        if old is not None and not self._fresh:
            return old
        self._serial += 1
        return f"{self._prefix}{kind}{self._serial:05d}"


def restructure(
    rng: random.Random,
    plan: Plan,
    *,
    rate: float = 0.05,
    section_rate: float | None = None,
    fresh_ids: bool = True,
    prefix: str = "x-",
) -> Restructured:
    """Return ``plan`` (numbered) and a restructured copy (numbered anew), with the truth.

    About ``rate`` of the statements in sections are restructured, a quarter each: moved to a
    random other section, moved with a small edit, split in two at their first 「、」, merged
    with the statement after them. About ``section_rate`` of the sections (default ``rate / 5``)
    move to another field, at a random place; the headings after the places they left and
    entered are renumbered. With ``fresh_ids`` every moved, split or merged node gets a new id
    starting with ``prefix`` (with ``fresh_ids=False`` moved nodes keep theirs); nodes of a
    moved section keep theirs. ``plan`` must not have numbered headings; sections nested in
    sections are carried along unchanged.
    """
    ids = _Ids(prefix, fresh_ids)
    fields: list[_FieldDraft] = []
    pillar_fields: list[list[_FieldDraft]] = []
    for pillar in plan.pillars:
        drafts = [
            _FieldDraft(f, [_SectionDraft(s, s.id, list(s.blocks)) for s in f.sections])
            for f in pillar.fields
        ]
        pillar_fields.append(drafts)
        fields.extend(drafts)
    sections = [section for f in fields for section in f.sections]
    truth: dict[RestructuringKind, list[Restructuring]] = {kind: [] for kind in KINDS}

    # Whole sections first, so that statements moved later land in sections wherever they are.
    moving = rng.sample(
        sections,
        min(
            len(sections),
            round(len(sections) * (rate / 5 if section_rate is None else section_rate)),
        ),
    )
    if len(fields) > 1:
        for section in moving:
            source = next(f for f in fields if any(s is section for s in f.sections))
            destination = rng.choice([f for f in fields if f is not source])
            source.sections = [s for s in source.sections if s is not section]
            destination.sections.insert(rng.randint(0, len(destination.sections)), section)
            section.id = ids.new("sec", section.node.id)
            truth["section_move"].append(
                Restructuring("section_move", (section.node.id,), (section.id,))
            )

    holder = {
        block.id: section
        for section in sections
        for block in section.blocks
        if isinstance(block, Statement) and block.text
    }
    chosen = rng.sample(sorted(holder), len(holder))
    wanted = round(len(holder) * rate)
    plan_of: list[RestructuringKind] = ["move", "move_edit", "split", "merge"]
    counts = {kind: wanted // 4 + (1 if n < wanted % 4 else 0) for n, kind in enumerate(plan_of)}
    used: set[str] = set()
    for statement_id in chosen:
        kind = next((k for k in plan_of if counts[k] > 0), None)
        if kind is None:
            break
        if statement_id in used:
            continue
        section = holder[statement_id]
        at = next(i for i, b in enumerate(section.blocks) if b.id == statement_id)
        statement = section.blocks[at]
        assert isinstance(statement, Statement)
        assert statement.text is not None
        if kind in ("move", "move_edit"):
            if len(sections) < 2:
                continue
            target = rng.choice(sections)
            while target is section:
                target = rng.choice(sections)
            del section.blocks[at]
            new_id = ids.new("mov", statement.id)
            text = statement.text if kind == "move" else _small_edit(rng, statement.text)
            moved = statement.model_copy(update={"id": new_id, "text": text})
            statements = sum(isinstance(b, Statement) for b in target.blocks)
            target.blocks.insert(rng.randint(0, statements), moved)
            used.add(new_id)
            truth[kind].append(Restructuring(kind, (statement.id,), (new_id,)))
        elif kind == "split":
            comma = statement.text.find("、")
            if comma <= 0 or comma >= len(statement.text) - 1:
                continue
            first = statement.model_copy(
                update={"id": ids.new("spl"), "text": statement.text[:comma] + "。"}
            )
            second = statement.model_copy(
                update={"id": ids.new("spl"), "text": statement.text[comma + 1 :]}
            )
            section.blocks[at : at + 1] = [first, second]
            used.update((first.id, second.id))
            truth["split"].append(Restructuring("split", (statement.id,), (first.id, second.id)))
        else:
            after = section.blocks[at + 1] if at + 1 < len(section.blocks) else None
            if (
                not isinstance(after, Statement)
                or after.text is None
                or after.id in used
                or after.repost is not None
            ):
                continue
            merged = statement.model_copy(
                update={
                    "id": ids.new("mrg"),
                    "text": statement.text.rstrip("。") + "、" + after.text,
                }
            )
            section.blocks[at : at + 2] = [merged]
            used.update((after.id, merged.id))
            truth["merge"].append(Restructuring("merge", (statement.id, after.id), (merged.id,)))
        used.add(statement_id)
        counts[kind] -= 1

    new = plan.model_copy(
        update={
            "pillars": tuple(
                pillar.model_copy(
                    update={
                        "fields": tuple(
                            draft.node.model_copy(
                                update={
                                    "sections": tuple(
                                        s.node.model_copy(
                                            update={"id": s.id, "blocks": tuple(s.blocks)}
                                        )
                                        for s in draft.sections
                                    )
                                }
                            )
                            for draft in drafts
                        )
                    }
                )
                for pillar, drafts in zip(plan.pillars, pillar_fields, strict=True)
            )
        }
    )
    old_numbered, new_numbered = number_headings(plan), number_headings(new)
    moved_sections = {item.old_ids[0] for item in truth["section_move"]}
    old_labels, new_labels = _labels(old_numbered), _labels(new_numbered)
    for node_id, label in old_labels.items():
        if node_id not in moved_sections and new_labels.get(node_id, label) != label:
            truth["renumber"].append(Restructuring("renumber", (node_id,), (node_id,)))
    return Restructured(
        old_numbered, new_numbered, tuple(item for kind in KINDS for item in truth[kind])
    )


# --- scoring ------------------------------------------------------------------------------------


_STRUCTURAL = frozenset(("pillar", "field", "section"))


def _moved(change: Change) -> bool:
    return change.move is not None and not change.move.reordered


def observed_restructurings(comparison: Comparison) -> list[Restructuring]:
    """Return the restructurings a comparison reports, in the terms of the ground truth.

    The one mapping from a comparison's changes to :class:`Restructuring`: a paired node moved
    to another container is a ``move`` (``move_edit`` when its text changed too; a
    ``section_move`` for a pillar, field or section); a heading the comparison lists as
    renumbered (and that did not move) is a ``renumber``; a 分割 is a ``split`` (its old statement,
    then its new pieces), a 統合 a ``merge``.
    """
    found: list[Restructuring] = []
    for change in comparison.changes:
        if change.old_id is None or change.new_id is None:
            continue
        if change.kind is ChangeKind.SPLIT:
            found.append(Restructuring("split", (change.old_id,), (change.new_id, *change.parts)))
            continue
        if change.kind is ChangeKind.MERGE:
            found.append(Restructuring("merge", (change.old_id, *change.parts), (change.new_id,)))
            continue
        if not _moved(change):
            continue
        pair = ((change.old_id,), (change.new_id,))
        if change.node_type in _STRUCTURAL:
            found.append(Restructuring("section_move", *pair))
        elif change.text_diff() is not None:
            found.append(Restructuring("move_edit", *pair))
        else:
            found.append(Restructuring("move", *pair))
    for renumbering in comparison.renumbered:
        if not renumbering.moved:
            found.append(Restructuring("renumber", (renumbering.old_id,), (renumbering.new_id,)))
    return found


@dataclass(frozen=True, slots=True)
class KindScore:
    """How well one kind of restructuring was recognised."""

    kind: RestructuringKind
    """The kind."""
    expected: int
    """How many the truth holds."""
    found: int
    """How many the comparison reports."""
    correct: int
    """How many it reports that the truth holds."""

    @property
    def recall(self) -> float | None:
        """Return the share of the truth recognised, or None when the truth holds none."""
        return self.correct / self.expected if self.expected else None

    @property
    def precision(self) -> float | None:
        """Return the share of reported ones that are true, or None when none was reported."""
        return self.correct / self.found if self.found else None


def score(
    comparison: Comparison, truth: Sequence[Restructuring] | Restructured
) -> dict[RestructuringKind, KindScore]:
    """Return recall and precision per kind of the restructurings ``comparison`` recognised.

    A reported restructuring counts when its kind, old ids and new ids are exactly those of the
    truth (see :func:`observed_restructurings` for what counts as reported).
    """
    items = truth.truth if isinstance(truth, Restructured) else truth
    expected = _by_kind(items)
    found = _by_kind(observed_restructurings(comparison))
    return {
        kind: KindScore(
            kind, len(expected[kind]), len(found[kind]), len(expected[kind] & found[kind])
        )
        for kind in KINDS
    }


def _by_kind(items: Iterable[Restructuring]) -> dict[RestructuringKind, set[Restructuring]]:
    grouped: dict[RestructuringKind, set[Restructuring]] = {kind: set() for kind in KINDS}
    for item in items:
        grouped[item.kind].add(item)
    return grouped
