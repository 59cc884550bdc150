"""Short descriptions of what the history holds, in the current language, for every report.

The command line's text (:mod:`planrev.cli.history_text`) and the audit report document
(:mod:`planrev.render.audit`) name meetings and the reasons behind changes the same way.
"""

from __future__ import annotations

from planrev.audit.history import History
from planrev.i18n import Msg, current_language

__all__ = ["meetings_span", "why_text"]


def meetings_span(first: int, last: int) -> Msg:
    """Return ``第2回〜第4回`` (``第3回`` for a single meeting)."""
    if first == last:
        return Msg(f"第{first}回", f"meeting {first}")
    return Msg(f"第{first}回〜第{last}回", f"meetings {first}–{last}")


def _ja() -> bool:
    return current_language() == "ja"


def _opinion_refs(history: History, meeting: int, opinion_ids: tuple[str, ...]) -> str:
    opinions = history.opinions(meeting)
    numbers = (
        {opinion.id: n for n, opinion in enumerate(opinions.opinions, start=1)} if opinions else {}
    )
    parts = []
    for opinion_id in opinion_ids:
        number = numbers.get(opinion_id)
        if number is None:
            parts.append(opinion_id)
        else:
            parts.append(
                f"意見{number}({opinion_id})" if _ja() else f"opinion {number} ({opinion_id})"
            )
    return "、".join(parts) if _ja() else ", ".join(parts)


def why_text(history: History, meeting: int, opinions: tuple[str, ...], reason: str | None) -> str:
    """Return what explains a change: its opinions (意見N with ids) and its reason (※…)."""
    parts = []
    if opinions:
        parts.append(_opinion_refs(history, meeting, opinions))
    if reason:
        parts.append(f"※{reason}")
    if not parts:
        return str(Msg("(理由なし)", "(no reason)"))
    return "、".join(parts) if _ja() else "; ".join(parts)
