"""What the marked importer does once a handout's body is read.

:class:`~planrev.importers.marked.build.MarkedImporter` reads the tokens into runs of blocks under
their headings; then, in order: :func:`undo_columns` puts a two-column slide's reading order back
(before the runs are merged into their nodes), :func:`resolve_reposts` finds each re-listing's
original, :func:`assign_kinds` gives statements without a label their default kind,
:func:`mark_omitted` flags the parts an excerpt shows only in its structure page, and
:func:`assign_ids` gives every node, block, opinion and change its deterministic id.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from planrev.i18n import Msg
from planrev.importers.base import MARKER, Findings, IdMaker
from planrev.importers.marked.inline import unescape
from planrev.importers.marked.lexer import MarkedOpinion
from planrev.importers.marked.links import changes_in_order
from planrev.importers.marked.union import MarkedNode, MarkedStatement
from planrev.importers.tree import FootnoteItem, Item, KpiItem, NoteItem, PlanTree

__all__ = [
    "Run",
    "Shape",
    "assign_ids",
    "assign_kinds",
    "mark_omitted",
    "plain_title",
    "resolve_reposts",
    "undo_columns",
]

_UNDERLINE_TAG = re.compile(r"</?u>")
Shape = str
"""A block's shape for undoing a two-column layout: paragraph, bullet, kpi or other."""


@dataclass(eq=False)
class Run:
    """Body content under one heading, before it is merged into its node."""

    node: MarkedNode | None
    """The node of the heading (None: before any heading)."""
    line: int
    """The heading's line."""
    blocks: list[tuple[Item, Shape]] = field(default_factory=list)
    """Each block with its shape: ``paragraph``, ``bullet``, ``kpi`` or ``other``."""


def plain_title(title: str) -> str:
    """Return a title without markers, struck text, underline tags and surrounding spaces (for
    matching)."""
    without = _UNDERLINE_TAG.sub("", re.sub(r"~~.+?~~", "", MARKER.sub("", title)))
    return unescape(without).strip(" \t\u3000")


def undo_columns(runs: list[Run], warnings: Findings) -> None:
    """Undo a two-column slide's reading order.

    A PDF of a slide with two sections side by side reads as: heading 1, its paragraph,
    heading 2, its paragraph, then the bullets and KPI table of the first section, then those
    of the second. When k consecutive section headings hold only paragraphs except the last,
    and the last continues with exactly k groups each closed by a KPI table, the groups are
    given to the sections in order (with a warning, so the result is checked).
    """
    index = 0
    while index < len(runs):
        start = index
        while (
            index < len(runs)
            and runs[index].node is not None
            and runs[index].blocks
            and all(shape == "paragraph" for _, shape in runs[index].blocks)
        ):
            index += 1
        heads = runs[start:index]
        if len(heads) >= 1 and index < len(runs) and runs[index].node is not None:
            last = runs[index]
            leading = 0
            while leading < len(last.blocks) and last.blocks[leading][1] == "paragraph":
                leading += 1
            groups: list[list[tuple[Item, Shape]]] = []
            group: list[tuple[Item, Shape]] = []
            for block in last.blocks[leading:]:
                group.append(block)
                if block[1] == "kpi":
                    groups.append(group)
                    group = []
            parents = {id(run.node.parent) for run in [*heads, last] if run.node is not None}
            if (
                leading >= 1
                and not group
                and len(groups) == len(heads) + 1
                and len(parents) == 1
                and all(len(g) >= 2 for g in groups)
            ):
                for run, moved in zip(heads, groups, strict=False):
                    run.blocks.extend(moved)
                last.blocks = last.blocks[:leading] + groups[-1]
                first_block = groups[0][0][0]
                line = first_block.line if isinstance(first_block, MarkedStatement) else last.line
                titles = "、".join(
                    f"「{run.node.title}」" for run in [*heads, last] if run.node is not None
                )
                warnings.add(
                    "columns",
                    Msg(
                        f"{titles}の見出しと本文の後に、取組とKPIのまとまりが{len(groups)}つ続いています。"
                        "2段組の資料の読み取り順とみて、順に各施策に割り当てました",
                        f"the headings and paragraphs of {len(groups)} sections are followed "
                        f"by {len(groups)} groups of items each closed by a KPI table; read as "
                        "a slide with sections side by side, the groups were given to the "
                        "sections in order",
                    ),
                    line,
                    hint=Msg(
                        "各施策の取組とKPIをその見出しの下に並べ替えると、この警告は出ません。",
                        "move each section's items and KPI table under its heading to confirm.",
                    ),
                )
            index += 1
            continue
        index = max(index, start + 1)


def resolve_reposts(tree: PlanTree, statements: list[MarkedStatement], warnings: Findings) -> None:
    """Point each re-listing (再掲) at its original statement, or else at the node its ※ note
    names; when neither is found, report it and keep the mark in the text."""
    by_text: dict[str, MarkedStatement] = {}
    for statement in statements:
        if not statement.repost:
            for text in (statement.text, statement.old_text):
                if text:
                    by_text.setdefault(text, statement)
    titles = [
        (plain_title(node.title), len(node.title), node) for node in tree.walk() if node.title
    ]
    for statement in statements:
        if not statement.repost:
            continue
        key = statement.text if statement.presence != "old" else statement.old_text
        original = by_text.get(key or "")
        if original is not None and original is not statement:
            statement.repost_of = original
            continue
        note = statement.repost_note or ""
        mentioned = [
            (note.find(plain), -length, position, node)
            for position, (plain, length, node) in enumerate(titles)
            if plain and plain in note
        ]
        if mentioned:
            statement.repost_source = min(mentioned, key=lambda m: m[:3])[3]
            continue
        warnings.add(
            "repost-unresolved",
            Msg(
                "（再掲）の元の記述が見つからないため、再掲の印を本文に残しました",
                "the original of this re-listing (再掲) is not found; the mark is kept in the text",
            ),
            statement.line,
            hint=Msg(
                "元の記述と同じ文言にするか、※の注記に元の施策の名前を書いてください。",
                "repeat the original's words exactly, or name its section in the ※ note.",
            ),
        )
        statement.repost = False
        if statement.presence != "old":
            statement.text = (statement.text or "") + statement.repost_mark
        if statement.old_text is not None:
            statement.old_text += statement.repost_mark


def assign_kinds(tree: PlanTree) -> None:
    """Give each statement without a label its default kind.

    In a node with children a statement is a vision (めざす姿); in one without, a paragraph
    is a vision and a bullet an initiative (取組); at plan level, prose.
    """
    for node in tree.walk():
        has_children = bool(node.children)
        for block in node.blocks:
            if isinstance(block, MarkedStatement) and block.kind is None:
                block.kind = "vision" if has_children or not block.bullet else "initiative"
    for block in tree.blocks:
        if isinstance(block, MarkedStatement) and block.kind is None:
            block.kind = "text"


def mark_omitted(tree: PlanTree) -> None:
    """Flag as omitted the nodes only the structure page lists, with nothing under them."""

    def omitted(node: MarkedNode) -> bool:
        return (
            node.from_structure
            and not node.seen
            and not node.blocks
            and all(isinstance(c, MarkedNode) and omitted(c) for c in node.children)
        )

    found = [n for n in tree.walk() if isinstance(n, MarkedNode) and omitted(n)]
    for node in found:
        node.omitted = True


def assign_ids(tree: PlanTree, opinions: list[MarkedOpinion], ids: IdMaker) -> None:
    """Give every node, block, opinion and change its id, from its text."""
    prefixes = {0: "p", 1: "f"}

    def blocks(owner: str, items: list[Item]) -> None:
        for block in items:
            if isinstance(block, MarkedStatement):
                key = block.text if block.presence != "old" else block.old_text
                block.id = ids.make("st", key or "")
            elif isinstance(block, KpiItem):
                block.id = ids.exact(f"{owner}-kpi" if owner else "kpi")
                for row in block.rows:
                    row.id = ids.make("kr", row.indicator)
            elif isinstance(block, NoteItem):
                block.id = ids.make("n", block.text)
            elif isinstance(block, FootnoteItem):
                block.id = ids.make("fn", block.mark + "\x1f" + block.text)

    blocks("", tree.blocks)
    for node in tree.walk():
        # from the title without its number, so that a renumbering keeps the id
        node.id = ids.make(prefixes.get(node.rank, "s"), plain_title(node.heading.title))
        blocks(node.id, node.blocks)
    for opinion in opinions:
        opinion.id = ids.make("op", opinion.text)
    for change in changes_in_order(tree):
        assert change.owner is not None
        change.id = ids.exact(f"ch-{change.owner.id}")
