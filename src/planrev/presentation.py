"""Display names computed from a plan's metadata: the plan's name and the handout header lines.

Shared by the command line and every rendered document so that all of them write
``R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会`` the same way.
"""

from __future__ import annotations

from planrev.era import format_long, format_short
from planrev.model import Field, Pillar, Plan, PlanMeta, Section, walk

__all__ = [
    "EXCERPT_MARK",
    "PROVISIONAL_MARK",
    "header_lines",
    "long_date",
    "meeting_label",
    "plan_name",
]

PROVISIONAL_MARK = "(仮称)"
"""Shown before a provisional plan name, as the R5.7.26 material writes it."""
EXCERPT_MARK = "(抜粋)"
"""Shown after the title of a handout that is an excerpt."""


def plan_name(meta: PlanMeta) -> str:
    """Return the plan's name as printed, e.g. ``(仮称)青森県DX推進プラン``."""
    return f"{PROVISIONAL_MARK if meta.provisional else ''}{meta.title}"


def meeting_label(meta: PlanMeta) -> str:
    """Return ``第3回`` for the draft's meeting, or an empty text when it has none."""
    return f"第{meta.meeting}回" if meta.meeting is not None else ""


def header_lines(meta: PlanMeta, *, excerpt: bool | None = None) -> tuple[str, str]:
    """Return the two header lines of a handout of this draft.

    ``R5.7.26第3回「(仮称)青森県DX推進プラン」策定委員会`` and
    ``会議資料「(仮称)青森県DX推進プラン素案(案)」(抜粋)``; ``excerpt`` overrides the draft's own
    excerpt flag (a handout restricted to some fields is an excerpt).
    """
    date = format_short(meta.date) if meta.date is not None else ""
    first = f"{date}{meeting_label(meta)}「{plan_name(meta)}」{meta.committee}"
    is_excerpt = meta.excerpt if excerpt is None else excerpt
    second = f"会議資料「{plan_name(meta)}{meta.stage}」{EXCERPT_MARK if is_excerpt else ''}"
    return first, second


def location_paths(plan: Plan) -> dict[str, str]:
    """Return, for every node id, the titles of the nodes holding it: ``柱 ＞ 分野 ＞ 施策``."""
    paths: dict[str, str] = {}
    for located in walk(plan):
        titles = [parent.title for parent in located.parents]
        if isinstance(located.node, Pillar | Field | Section):
            titles.append(located.node.title)
        paths[located.id] = " ＞ ".join(titles) or "計画全体"
    return paths


def long_date(meta: PlanMeta) -> str:
    """Return the meeting date in the long era form (令和5年7月26日), or an empty text."""
    return format_long(meta.date) if meta.date is not None else ""
