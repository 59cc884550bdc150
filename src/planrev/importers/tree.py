"""The one tree builder of the importers: plain text, marked text and Word build their plans here.

An importer reads its input into a :class:`PlanTree` — structural :class:`Node` objects (pillar,
field, section by rank) holding :data:`Item` blocks — and the tree gives the finished
:class:`~planrev.model.Plan` with :meth:`PlanTree.plan`. One tree can hold both drafts of a
redline: every node and item says whether it is in the old draft, the new one or both
(:data:`Presence`) and carries its old text beside the new, so the previous draft is the same tree
read on its ``old`` side. A reader of one draft (plain text; Word builds one tree per side) leaves
everything in both.

What every reader shares here:

- the items (号) of a statute's articles, which are text of the article and not headings
  (:func:`article_items`);
- a heading's number apart from its title (:func:`split_heading`: ``第1章　総論`` → ``第1章`` +
  ``　`` + ``総論``); ids are made from the title alone, so renumbering changes no id; the plan
  keeps the number in the node's ``number`` (with its separator) and the rest as its ``title``;
- the plan's own labels as statement kinds (:func:`label_kind`: めざす姿 → vision, 取組 →
  initiative …), one table for every reader; :func:`label_like` for the label-shaped lines that
  are none of them (reported, never guessed), :func:`is_omission` for （略）;
- KPI tables with a baseline and target year and rows old and new (:class:`KpiItem`);
- footnotes and editorial notes as their own items;
- where every node and item came from (:class:`~planrev.errors.Location`: file and line, Word
  paragraph, PDF page), for findings that point at the original document.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as _field
from typing import Literal

from planrev.errors import Location
from planrev.model import KpiRow, Note, Plan, PlanMeta, Repost, Statement
from planrev.model import build as _build
from planrev.model.plan import Block, Field, Pillar, Section

__all__ = [
    "HEADING_STYLES",
    "LABELS",
    "FootnoteItem",
    "Heading",
    "Item",
    "KpiItem",
    "KpiRowItem",
    "Node",
    "NoteItem",
    "PlanTree",
    "Presence",
    "Side",
    "StatementItem",
    "StatementKind",
    "article_items",
    "heading_style",
    "is_omission",
    "label_kind",
    "label_like",
    "split_heading",
]

Side = Literal["old", "new"]
"""Which draft of a redline: the previous one or the new one."""
Presence = Literal["both", "new", "old"]
"""Which drafts a node or item is in: both, only the new one (added) or only the old (deleted)."""
StatementKind = Literal["vision", "initiative", "text", "challenge", "direction"]
"""What a statement is (:class:`planrev.model.StatementKind`)."""

_WS = "[ \t\u3000]"
_TRIM = " \t\u3000"
_KANJI_NUMBER = "[0-9\uff10-\uff19一二三四五六七八九十百〇]+"

HEADING_STYLES: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("第N部", re.compile(rf"^第{_KANJI_NUMBER}部")),
    ("第N章", re.compile(rf"^第{_KANJI_NUMBER}章")),
    ("第N節", re.compile(rf"^第{_KANJI_NUMBER}節")),
    ("\u2160", re.compile(rf"^[\u2160-\u216b]+(?=[.\uff0e、]|{_WS})")),
    ("一", re.compile(rf"^[一二三四五六七八九十]{{1,3}}(?=[、.\uff0e]|{_WS})")),
    ("（N）", re.compile(r"^[（(][0-9\uff10-\uff19]{1,3}[）)]")),
    ("①", re.compile(r"^[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]")),
    ("（ア）", re.compile(r"^[（(][ア-ンｱ-ﾝ][）)]")),
    ("（a）", re.compile(r"^[（(][a-z\uff41-\uff5aA-Z\uff21-\uff3a][）)]")),
    ("ア", re.compile(rf"^[ア-ン](?=[.\uff0e、]|{_WS})")),
    (
        "N-N",
        re.compile(
            rf"^[0-9\uff10-\uff19]{{1,3}}[-\uff0d\u2010\u2212][0-9\uff10-\uff19]{{1,3}}(?={_WS}|[.\uff0e])"
        ),
    ),
    (
        "N",
        re.compile(
            rf"^[0-9\uff10-\uff19]{{1,3}}(?:[.\uff0e](?![0-9\uff10-\uff19]){_WS}*|{_WS}+)(?=\S)"
        ),
    ),
)
"""The Japanese heading styles, each with the pattern of its number at the start of a line."""

_NUMBER = re.compile(
    "|".join(f"(?:{pattern.pattern.removeprefix('^')})" for _, pattern in HEADING_STYLES)
)
_MAX_HEADING = 60
"""The longest line read as a Japanese-style heading; longer numbered lines are paragraphs."""


def heading_style(text: str) -> str | None:
    """Return the Japanese heading style of a line (``第N章``, ``（N）`` …), or None.

    A line is a heading only when short (at most 60 characters) and without 「。」.
    """
    stripped = text.rstrip(" \t").lstrip(_TRIM)
    if not stripped or len(stripped) > _MAX_HEADING or "。" in stripped:
        return None
    for name, pattern in HEADING_STYLES:
        if pattern.match(stripped):
            return name
    return None


_ARTICLE = re.compile(rf"^第{_KANJI_NUMBER}条(?:の{_KANJI_NUMBER})*{_WS}")
"""The first line of a statute's article: ``第十九条　…``, ``第十九条の二　…``."""
_STATUTE_PARAGRAPH = re.compile(rf"^[0-9\uff10-\uff19]{{1,3}}{_WS}+\S.*。")
"""A numbered paragraph (項) of a statute: ``２　…。`` (a sentence, so never a heading)."""
_STRUCTURE_STYLES = frozenset(("第N部", "第N章", "第N節"))
"""Heading styles that stay headings even inside an article (a statute has none there)."""


def article_items(lines: Sequence[str]) -> set[int]:
    """Return the indexes of the lines that are items of a statute's article, not headings.

    A statute's article (``第十九条　…``) lists its items (号: ``一　…``, ``イ　…``, ``（１）…``)
    on the lines right after it, and they are short, without 「。」, like headings. Every line of
    the block that starts with an article — up to the next blank line — is the article's text,
    except the structural headings 第N部/章/節. Once a document has an article, a numbered
    paragraph that is a sentence (``２　…。``, a 項 of 附則) starts such a block too. An empty set
    for a document without articles.
    """
    items: set[int] = set()
    statute = inside = False
    for index, line in enumerate(lines):
        stripped = line.strip(_TRIM)
        if not stripped:
            inside = False
            continue
        if _ARTICLE.match(stripped):
            statute = inside = True
            continue
        if statute and _STATUTE_PARAGRAPH.match(stripped):
            inside = True
            continue
        if inside:
            style = heading_style(line)
            if style is not None and style not in _STRUCTURE_STYLES:
                items.add(index)
    return items


@dataclass(frozen=True, slots=True)
class Heading:
    """A heading as written, split into its number and its title: ``number + separator + title``."""

    number: str
    """The heading's number as written (``第1章``, ``（1）``, ``1.``), or empty when it has none."""
    separator: str
    """What stands between the number and the title (spaces, a full-width space, ``．``)."""
    title: str
    """The title without its number."""

    @property
    def written(self) -> str:
        """Return the heading exactly as written."""
        return self.number + self.separator + self.title

    @property
    def key(self) -> str:
        """Return the title without number and surrounding spaces: what ids are made from."""
        return self.title.strip(_TRIM) or self.written.strip(_TRIM)


def split_heading(text: str) -> Heading:
    """Return ``text`` split into its heading number and title (no number: all of it is title)."""
    stripped = text.strip(_TRIM)
    match = _NUMBER.match(stripped)
    if match is None:
        return Heading("", "", text)
    start = text.index(stripped)
    number_end = start + len(match.group().rstrip(_TRIM))
    rest = text[number_end:]
    title = rest.lstrip(" \t\u3000.\uff0e、")
    if not title.strip(_TRIM):
        return Heading("", "", text)
    return Heading(text[:number_end], rest[: len(rest) - len(title)], title)


LABELS: dict[str, StatementKind] = {
    "本文": "text",
    "めざす姿": "vision",
    "目指す姿": "vision",
    "めざす姿（目標）": "vision",
    "取組": "initiative",
    "取組方針": "initiative",
    "主な取組": "initiative",
    "取組の方向性": "initiative",
    "施策の方向性": "direction",
    "現状と課題": "challenge",
    "現状・課題": "challenge",
    "現状及び課題": "challenge",
}
"""The plan's own labels that say what the statements after them are (めざす姿, 取組 …)."""

_LABEL_TRIM = "【】[]［］<>＜＞〈〉《》()（）■□●○◆◇◎★☆:：・･*＊ \u3000\t"
_LABEL_DECORATION = re.compile(
    r"^(?:[■□◆◇◎●○][ \u3000]*[^■□◆◇◎●○]+|[<＜〈《［\[][^<＜〈《［\[>＞〉》］\]]+[>＞〉》］\]]"
    r"|\*\*[^*]+\*\*)[:：]?$"
)
_MAX_LABEL = 20
_OMISSIONS = frozenset({"略", "省略", "中略", "以下略", "以下省略", "後略", "抜粋のため省略"})


def label_kind(text: str) -> StatementKind | None:
    """Return the statement kind a label line names (``【めざす姿】`` → vision), or None.

    Brackets, box marks, Markdown emphasis and spaces around the label are part of its layout,
    not of the label.
    """
    if len(text) > _MAX_LABEL:
        return None
    return LABELS.get(text.strip(_LABEL_TRIM))


def label_like(text: str) -> bool:
    """Return whether a line looks like a label of the plan (``■重点事項``, ``＜主な事業＞``,
    ``**方針**``) without being one :func:`label_kind` knows: short, marked as a label, no 「。」."""
    stripped = text.strip(" \u3000\t")
    if not stripped or len(stripped) > _MAX_LABEL or "。" in stripped:
        return False
    return label_kind(stripped) is None and _LABEL_DECORATION.match(stripped) is not None


def is_omission(text: str) -> bool:
    """Return whether a line says that a part is left out of an excerpt: （略）, （省略）, 以下略."""
    stripped = text.strip(" \u3000\t")
    if len(stripped) > _MAX_LABEL:
        return False
    return stripped.strip("（）()【】[]［］…・ \u3000") in _OMISSIONS


# --------------------------------------------------------------------------------------------
# Nodes and items


@dataclass(eq=False)
class Node:
    """A pillar (rank 0), field (rank 1) or section (rank 2 and deeper) being built."""

    rank: int
    """0 pillar, 1 field, 2 and deeper sections."""
    heading: Heading
    """The heading of the new draft (or of the old one, for a node only the old draft has)."""
    old_heading: Heading | None = None
    """The heading of the old draft, or None when it is the same."""
    presence: Presence = "both"
    """Which drafts hold the node."""
    location: Location | None = None
    """Where the heading is in the input, or None for a node the input does not show."""
    parent: Node | None = None
    """The enclosing node, or None for a pillar."""
    blocks: list[Item] = _field(default_factory=list)
    """The node's own content, in order."""
    children: list[Node] = _field(default_factory=list)
    """The nodes below, in order."""
    omitted: bool = False
    """True when the draft shows only the title (an excerpt)."""
    id: str = ""
    """The node's id, set by the importer before :meth:`PlanTree.plan`."""

    @property
    def title(self) -> str:
        """Return the new draft's heading as written."""
        return self.heading.written

    def title_on(self, side: Side) -> str:
        """Return the heading as written in the draft of ``side``."""
        return self.heading_on(side).written

    def heading_on(self, side: Side) -> Heading:
        """Return the heading (number and title) in the draft of ``side``."""
        if side == "old" and self.old_heading is not None:
            return self.old_heading
        return self.heading

    def ancestors(self) -> Iterator[Node]:
        """Yield the node, its parent, and so on up to its pillar."""
        node: Node | None = self
        while node is not None:
            yield node
            node = node.parent

    def walk(self) -> Iterator[Node]:
        """Yield the node and every node below it, in document order."""
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(eq=False)
class StatementItem:
    """A statement (めざす姿, 取組 or prose), with its text in each draft."""

    kind: StatementKind | None
    """What the statement is, or None while the importer has not decided (then ``text``)."""
    text: str | None
    """The new draft's text (for a statement only the old draft has: the old text)."""
    old_text: str | None
    """The old draft's text, or None when the input does not show it."""
    bullet: bool
    """Whether the statement is a bullet item."""
    presence: Presence = "both"
    """Which drafts hold the statement."""
    location: Location | None = None
    """Where the statement starts in the input."""
    repost: bool = False
    """Whether the statement re-lists (再掲) one from elsewhere."""
    repost_of: StatementItem | None = None
    """The original statement of a re-listing, when found."""
    repost_source: Node | None = None
    """The node the original belongs to, when only that is known."""
    container: Node | None = None
    """The node holding the statement (set when added to the tree), or None at plan level."""
    id: str = ""
    """The statement's id, set by the importer before :meth:`PlanTree.plan`."""

    def text_on(self, side: Side) -> str | None:
        """Return the text in the draft of ``side`` (None: unknown)."""
        return self.text if side == "new" else self.old_text


@dataclass(eq=False)
class KpiRowItem:
    """One indicator of a KPI table, with its cells in each draft."""

    indicator: str
    """The indicator's name (new draft; the old one's for a row only the old draft has)."""
    baseline: str | None
    """The baseline value as written, or None while blank."""
    target: str | None
    """The target value as written, or None while blank."""
    unit: str | None = None
    """The unit, or None."""
    old: tuple[str, str | None, str | None] | None = None
    """(indicator, baseline, target) in the old draft, or None when the same."""
    presence: Presence = "both"
    """Which drafts hold the row."""
    location: Location | None = None
    """Where the row is in the input."""
    id: str = ""
    """The row's id."""

    def model(self, side: Side) -> KpiRow:
        """Return the row as the draft of ``side`` has it."""
        if side == "old" and self.old is not None:
            indicator, baseline, target = self.old
            return _build.kpi_row(
                self.id,
                indicator or self.indicator,
                unit=self.unit,
                baseline=baseline,
                target=target,
            )
        return _build.kpi_row(
            self.id, self.indicator, unit=self.unit, baseline=self.baseline, target=self.target
        )


@dataclass(eq=False)
class KpiItem:
    """A KPI table: a baseline and a target year, and its rows."""

    title: str
    """The table's heading as shown (``KPI``)."""
    years: tuple[int | None, int | None]
    """The baseline and target years of the new draft (None: not set)."""
    rows: list[KpiRowItem] = _field(default_factory=list)
    """The indicators, in order."""
    old_years: tuple[int | None, int | None] | None = None
    """The years of the old draft, or None when the same."""
    location: Location | None = None
    """Where the table starts in the input."""
    id: str = ""
    """The table's id."""


@dataclass(eq=False)
class NoteItem:
    """An editorial note such as 【体系図を追加】 (its text without the brackets)."""

    text: str
    """The note's text."""
    location: Location | None = None
    """Where the note is in the input."""
    id: str = ""
    """The note's id."""


@dataclass(eq=False)
class FootnoteItem:
    """A footnote: its mark (``※1``, ``(注1)``) and text."""

    mark: str
    """The mark as written."""
    text: str
    """The footnote's text."""
    location: Location | None = None
    """Where the footnote is in the input."""
    id: str = ""
    """The footnote's id."""


Item = StatementItem | KpiItem | NoteItem | FootnoteItem
"""A block of content being built."""


# --------------------------------------------------------------------------------------------
# The tree


class PlanTree:
    """The pillars, fields, sections and blocks of a plan as an importer reads them."""

    def __init__(self) -> None:
        self.roots: list[Node] = []
        """The pillars, in order."""
        self.blocks: list[Item] = []
        """The plan's own blocks (before the first pillar: notes about the whole plan)."""

    def attach(self, node: Node, parent: Node | None) -> Node:
        """Add ``node`` as the last child of ``parent`` (None: as a pillar) and return it."""
        node.parent = parent
        (parent.children if parent is not None else self.roots).append(node)
        return node

    def add(self, container: Node | None, item: Item) -> Item:
        """Add ``item`` at the end of ``container``'s blocks (None: the plan's) and return it."""
        (container.blocks if container is not None else self.blocks).append(item)
        if isinstance(item, StatementItem):
            item.container = container
        return item

    @staticmethod
    def open_parent(current: Node | None, rank: int) -> Node | None:
        """Return the node a new node of ``rank`` goes under, after ``current`` in the input.

        That is the nearest of ``current`` and its ancestors with a lower rank (None: the new
        node is a pillar, or ranks are missing above it; the importer decides how to fill them).
        """
        parent = current
        while parent is not None and parent.rank >= rank:
            parent = parent.parent
        return parent

    def walk(self) -> Iterator[Node]:
        """Yield every node, pillars first, in document order."""
        for root in self.roots:
            yield from root.walk()

    def mark_omitted(self, stated: set[int]) -> None:
        """Mark as omitted the nodes whose identities are in ``stated`` (a （略） line under
        them), and every node with no content whose children are all omitted."""

        def visit(node: Node) -> bool:
            children = [visit(child) for child in node.children]
            if id(node) in stated or (not node.blocks and node.children and all(children)):
                node.omitted = True
            return node.omitted

        for root in self.roots:
            visit(root)

    # -- the finished plan

    def plan(self, meta: PlanMeta, side: Side = "new") -> Plan:
        """Return the draft of ``side`` (ids must be set).

        A node's type is its depth: the tree's roots are pillars, their children fields, and
        everything deeper sections. A heading's number (with its separator) goes to the node's
        ``number``, the rest to its ``title``.
        """
        present = self._present(side)

        def shown(nodes: list[Node]) -> list[Node]:
            return [node for node in nodes if node.presence in ("both", side)]

        def content(node: Node) -> tuple[str, str | None, list[Block]]:
            heading = node.heading_on(side)
            number = heading.number + heading.separator if heading.number else None
            return heading.title, number, self._blocks(node.blocks, side, present)

        def section(node: Node) -> Section:
            title, number, blocks = content(node)
            children = [section(child) for child in shown(node.children)]
            return _build.section(
                node.id, title, *blocks, *children, omitted=node.omitted, number=number
            )

        def field(node: Node) -> Field:
            title, number, blocks = content(node)
            children = [section(child) for child in shown(node.children)]
            return _build.field(
                node.id, title, *blocks, *children, omitted=node.omitted, number=number
            )

        def pillar(node: Node) -> Pillar:
            title, number, blocks = content(node)
            children = [field(child) for child in shown(node.children)]
            return _build.pillar(
                node.id, title, *blocks, *children, omitted=node.omitted, number=number
            )

        return Plan(
            meta=meta,
            blocks=tuple(self._blocks(self.blocks, side, present)),
            pillars=tuple(pillar(node) for node in shown(self.roots)),
        )

    def _present(self, side: Side) -> set[int]:
        """Return the identities of the statements and nodes present on ``side``."""
        present: set[int] = set()

        def blocks(items: list[Item]) -> None:
            for item in items:
                if isinstance(item, StatementItem) and item.presence in ("both", side):
                    present.add(id(item))

        def visit(node: Node) -> None:
            if node.presence not in ("both", side):
                return
            present.add(id(node))
            blocks(node.blocks)
            for child in node.children:
                visit(child)

        blocks(self.blocks)
        for root in self.roots:
            visit(root)
        return present

    def _blocks(self, items: list[Item], side: Side, present: set[int]) -> list[Block]:
        result: list[Block] = []
        for item in items:
            if isinstance(item, StatementItem):
                if item.presence not in ("both", side):
                    continue
                result.append(
                    Statement(
                        kind=item.kind or "text",
                        id=item.id,
                        text=item.text_on(side),
                        bullet=item.bullet,
                        repost=self._repost(item, present),
                    )
                )
            elif isinstance(item, KpiItem):
                years = (
                    item.old_years if side == "old" and item.old_years is not None else item.years
                )
                result.append(
                    _build.kpi(
                        item.id,
                        *(row.model(side) for row in item.rows if row.presence in ("both", side)),
                        baseline_year=years[0],
                        target_year=years[1],
                        title=item.title,
                    )
                )
            elif isinstance(item, NoteItem):
                result.append(Note(kind="note", id=item.id, text=item.text))
            else:
                result.append(_build.footnote(item.id, item.mark, item.text))
        return result

    @staticmethod
    def _repost(item: StatementItem, present: set[int]) -> Repost | None:
        """Return where a re-listing points in a draft: its original, else the original's node."""
        if not item.repost:
            return None
        original = item.repost_of
        if original is not None and id(original) in present:
            return Repost(of=original.id)
        source = item.repost_source
        if source is None and original is not None:
            source = original.container
        if source is not None and id(source) in present:
            return Repost(source=source.id)
        return None
