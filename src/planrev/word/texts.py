"""The text of a draft as a Word handout prints it, paragraph by paragraph: what "accept all" and
"reject all" of the tracked-changes document must give.

:func:`draft_text` is the definition; :func:`clean_copy_text` (the new draft's text: "accept
all" of :func:`planrev.word.writer.tracked_docx`, and the text of the clean copy,
:func:`planrev.word.writer.clean_docx`) and :func:`previous_draft_text` (the old draft's text:
"reject all") apply it to a comparison's two drafts. The tests read the written documents back
through pandoc and LibreOffice and compare them with these lists, paragraph by paragraph.

A draft's text is, in document order:

- ``title``: the plan's name (``(仮称)青森県DX推進プラン``);
- ``heading``: the heading (number and title) of each pillar, field and section, except a part of an excerpt that has
  nothing under it (``omitted`` and no content);
- ``label``: a kind label (めざす姿, 取組, 本文) before a statement whose kind differs from the
  statement before it in the same part (the first statement of a part: unless it is 本文);
- ``statement``: each statement's text, followed by （再掲） when it re-lists another one; a text
  the draft does not know (``text: null``) is an empty paragraph;
- ``note``: an editorial note in brackets (【体系図を追加】), a footnote as ``※1 text``;
- ``table``: each KPI table as rows of cells — the header ``KPI | 2023 | 2028`` (a missing year
  is its label, 基準値 or 目標値), then ``indicator | unit | baseline | target`` per row (an
  empty cell is ``""``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from planrev.comparison import Comparison
from planrev.model import Field, Footnote, KpiTable, Note, Pillar, Plan, Section, Statement, walk
from planrev.presentation import plan_name

__all__ = [
    "KIND_LABELS",
    "ParagraphKind",
    "TextParagraph",
    "clean_copy_text",
    "draft_text",
    "previous_draft_text",
]

ParagraphKind = Literal["title", "heading", "label", "statement", "note", "table"]
"""What a paragraph of a draft's text is."""

KIND_LABELS = {
    "vision": "めざす姿",
    "initiative": "取組",
    "text": "本文",
    "challenge": "現状と課題",
    "direction": "施策の方向性",
}
"""The label printed before statements of each kind."""
REPOST_NOTE = "（再掲）"
"""Printed after a statement that re-lists another one."""
YEAR_LABELS = ("基準値", "目標値")
"""A KPI table's year headings when the draft has no year."""


@dataclass(frozen=True, slots=True)
class TextParagraph:
    """One paragraph (or table) of a draft's text."""

    kind: ParagraphKind
    """What it is."""
    text: str = ""
    """Its text (empty for a table)."""
    rows: tuple[tuple[str, ...], ...] = ()
    """For a table: the header row, then one row of four cells per indicator."""


def _shown(node: Pillar | Field | Section) -> bool:
    """Return whether a part is printed: all but a title of an excerpt with nothing under it."""
    if not node.omitted or node.blocks:
        return True
    children: tuple[Field | Section, ...] = (
        node.fields if isinstance(node, Pillar) else node.sections
    )
    return any(_shown(child) for child in children)


def _kpi(table: KpiTable) -> TextParagraph:
    header = (
        table.title,
        *(
            str(year) if year is not None else label
            for year, label in zip(
                (table.baseline_year, table.target_year), YEAR_LABELS, strict=True
            )
        ),
    )
    rows = tuple(
        (row.indicator, row.unit or "", row.baseline or "", row.target or "") for row in table.rows
    )
    return TextParagraph("table", rows=(header, *rows))


def draft_text(plan: Plan) -> list[TextParagraph]:
    """Return the text of ``plan`` as a handout prints it (see the module's description)."""
    out = [TextParagraph("title", plan_name(plan.meta))]
    hidden: set[str] = set()
    roles: dict[str | None, str] = {}
    for located in walk(plan):
        node = located.node
        if any(parent.id in hidden for parent in located.parents):
            continue
        if isinstance(node, Pillar | Field | Section):
            if not _shown(node):
                hidden.add(node.id)
                continue
            out.append(TextParagraph("heading", node.heading))
        elif isinstance(node, Statement):
            holder = located.container.id if located.container is not None else None
            if node.kind != roles.get(holder, "text"):
                out.append(TextParagraph("label", KIND_LABELS[node.kind]))
            roles[holder] = node.kind
            text = "" if node.text is None else node.text + (REPOST_NOTE if node.repost else "")
            out.append(TextParagraph("statement", text))
        elif isinstance(node, Note):
            out.append(TextParagraph("note", f"【{node.text}】"))
        elif isinstance(node, Footnote):
            out.append(TextParagraph("note", f"{node.mark} {node.text}"))
        elif isinstance(node, KpiTable):
            out.append(_kpi(node))
    return out


def clean_copy_text(comparison: Comparison) -> list[TextParagraph]:
    """Return the new draft's text: what "accept all" of the tracked document gives, and what
    the clean copy prints."""
    return draft_text(comparison.new)


def previous_draft_text(comparison: Comparison) -> list[TextParagraph]:
    """Return the old draft's text: what "reject all" of the tracked document gives."""
    return draft_text(comparison.old)
