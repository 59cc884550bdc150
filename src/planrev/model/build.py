"""Terse builders for tests, examples and scripts; the importers' tree
(:mod:`planrev.importers.tree`) makes its plans with them too.

>>> from planrev.model.build import plan, pillar, field, section, vision, initiative
>>> draft = plan("青森県DX推進プラン", pillar("admin", "「行政経営」を支えるDX",
...     field("admin-field", "行政経営分野", vision("v1", "自治体。"))), meeting=3)
"""

from __future__ import annotations

import datetime as _dt
from typing import Any

from planrev.model.plan import (
    Block,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Pillar,
    Plan,
    PlanMeta,
    Repost,
    Section,
    Statement,
)

__all__ = [
    "challenge",
    "direction",
    "field",
    "footnote",
    "initiative",
    "kpi",
    "kpi_row",
    "note",
    "pillar",
    "plan",
    "section",
    "text",
    "vision",
]

Content = Block | Section | Field | Pillar


def _split(children: tuple[Content, ...]) -> tuple[list[Block], list[Any]]:
    blocks: list[Block] = []
    nodes: list[Any] = []
    for child in children:
        if isinstance(child, Statement | KpiTable | Note | Footnote):
            if nodes:
                raise ValueError("blocks must come before sub-nodes")
            blocks.append(child)
        else:
            nodes.append(child)
    return blocks, nodes


def plan(
    title: str,
    *children: Pillar | Block,
    meeting: int | None = None,
    date: _dt.date | str | None = None,
    **meta: Any,
) -> Plan:
    """Return a draft of ``title`` holding ``children`` (plan-level blocks first, then pillars)."""
    blocks = [child for child in children if not isinstance(child, Pillar)]
    pillars = [child for child in children if isinstance(child, Pillar)]
    return Plan(
        meta=PlanMeta.model_validate({"title": title, "meeting": meeting, "date": date, **meta}),
        blocks=tuple(blocks),
        pillars=tuple(pillars),
    )


def pillar(
    node_id: str,
    title: str,
    *children: Block | Field,
    omitted: bool = False,
    number: str | None = None,
) -> Pillar:
    """Return a pillar holding blocks, then fields (``number``: its heading's number, e.g. ``第1章　``)."""
    blocks, fields = _split(children)
    return Pillar(
        id=node_id,
        number=number,
        title=title,
        blocks=tuple(blocks),
        fields=tuple(fields),
        omitted=omitted,
    )


def field(
    node_id: str,
    title: str,
    *children: Block | Section,
    omitted: bool = False,
    number: str | None = None,
) -> Field:
    """Return a field holding blocks, then sections (``number`` as for :func:`pillar`)."""
    blocks, sections = _split(children)
    return Field(
        id=node_id,
        number=number,
        title=title,
        blocks=tuple(blocks),
        sections=tuple(sections),
        omitted=omitted,
    )


def section(
    node_id: str,
    title: str,
    *children: Block | Section,
    omitted: bool = False,
    number: str | None = None,
) -> Section:
    """Return a section holding blocks, then sub-sections (``number`` as for :func:`pillar`)."""
    blocks, sections = _split(children)
    return Section(
        id=node_id,
        number=number,
        title=title,
        blocks=tuple(blocks),
        sections=tuple(sections),
        omitted=omitted,
    )


def vision(
    node_id: str, body: str | None, *, bullet: bool = True, repost: Repost | None = None
) -> Statement:
    """Return a vision statement (めざす姿)."""
    return Statement(kind="vision", id=node_id, text=body, bullet=bullet, repost=repost)


def initiative(
    node_id: str, body: str | None, *, bullet: bool = True, repost: Repost | None = None
) -> Statement:
    """Return an initiative (取組)."""
    return Statement(kind="initiative", id=node_id, text=body, bullet=bullet, repost=repost)


def challenge(node_id: str, body: str | None, *, bullet: bool = False) -> Statement:
    """Return a statement of the present state and its problems (現状と課題)."""
    return Statement(kind="challenge", id=node_id, text=body, bullet=bullet)


def direction(node_id: str, body: str | None, *, bullet: bool = True) -> Statement:
    """Return a policy direction (施策の方向性)."""
    return Statement(kind="direction", id=node_id, text=body, bullet=bullet)


def text(node_id: str, body: str | None, *, bullet: bool = False) -> Statement:
    """Return a prose paragraph (本文)."""
    return Statement(kind="text", id=node_id, text=body, bullet=bullet)


def kpi(
    node_id: str,
    *rows: KpiRow,
    baseline_year: int | None = None,
    target_year: int | None = None,
    title: str = "KPI",
) -> KpiTable:
    """Return a KPI table."""
    return KpiTable(
        kind="kpi",
        id=node_id,
        title=title,
        baseline_year=baseline_year,
        target_year=target_year,
        rows=rows,
    )


def kpi_row(
    node_id: str,
    indicator: str,
    *,
    unit: str | None = None,
    baseline: str | None = None,
    target: str | None = None,
) -> KpiRow:
    """Return one KPI indicator."""
    return KpiRow(id=node_id, indicator=indicator, unit=unit, baseline=baseline, target=target)


def note(node_id: str, body: str) -> Note:
    """Return an editorial note (shown as 【body】)."""
    return Note(kind="note", id=node_id, text=body)


def footnote(node_id: str, mark: str, body: str) -> Footnote:
    """Return a footnote."""
    return Footnote(kind="footnote", id=node_id, mark=mark, text=body)
