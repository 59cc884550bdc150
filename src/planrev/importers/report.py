"""What an import found, counted by kind: the numbers the command line reports."""

from __future__ import annotations

from collections import Counter

from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg
from planrev.model import (
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    OpinionSet,
    Pillar,
    Plan,
    Revision,
    Section,
    Statement,
    walk,
)

__all__ = [
    "count_plan",
    "describe_counts",
    "describe_opinions",
    "describe_revision",
    "warning_line",
]

_NAMES: tuple[tuple[str, str, str], ...] = (
    ("pillar", "柱", "pillars"),
    ("field", "分野", "fields"),
    ("section", "施策", "sections"),
    ("vision", "めざす姿", "visions"),
    ("initiative", "取組", "initiatives"),
    ("text", "本文", "paragraphs"),
    ("challenge", "現状と課題", "present states and problems"),
    ("direction", "施策の方向性", "policy directions"),
    ("kpi", "KPI表", "KPI tables"),
    ("kpi-row", "KPI指標", "KPI rows"),
    ("note", "注記", "notes"),
    ("footnote", "脚注", "footnotes"),
    ("omitted", "抜粋外", "omitted"),
    ("unknown", "文言不明", "unknown texts"),
)


def count_plan(plan: Plan) -> Counter[str]:
    """Return how many nodes of each kind ``plan`` holds (``unknown``: statements of null text)."""
    counts: Counter[str] = Counter()
    for located in walk(plan):
        node = located.node
        if isinstance(node, Pillar):
            counts["pillar"] += 1
        elif isinstance(node, Field):
            counts["field"] += 1
        elif isinstance(node, Section):
            counts["section"] += 1
        elif isinstance(node, Statement):
            counts[node.kind] += 1
            if node.text is None:
                counts["unknown"] += 1
        elif isinstance(node, KpiTable):
            counts["kpi"] += 1
        elif isinstance(node, KpiRow):
            counts["kpi-row"] += 1
        elif isinstance(node, Note):
            counts["note"] += 1
        elif isinstance(node, Footnote):
            counts["footnote"] += 1
        if isinstance(node, Pillar | Field | Section) and node.omitted:
            counts["omitted"] += 1
    return counts


def describe_counts(counts: Counter[str]) -> Msg:
    """Return the non-zero counts as one line, e.g. ``柱4 分野8 施策13 …``."""
    present = [(ja, en, counts[key]) for key, ja, en in _NAMES if counts[key]]
    return Msg(
        " ".join(f"{ja}{number}" for ja, _, number in present) or "内容なし",
        ", ".join(f"{number} {_english(en, number)}" for _, en, number in present) or "nothing",
    )


def _english(plural: str, number: int) -> str:
    """Return the English name for ``number`` things (``1 note``, ``2 notes``)."""
    if number != 1 or plural == "omitted":
        return plural
    if plural.endswith("ies"):
        return plural[:-3] + "y"
    return plural[:-1] if plural.endswith("s") else plural


def describe_revision(revision: Revision) -> Msg:
    """Return the number of changes of each kind, e.g. ``変更6件(追加4 修正1 削除1)``."""
    kinds = Counter(change.kind.value for change in revision.changes)
    english = {"追加": "additions", "修正": "modifications", "削除": "deletions"}
    total = len(revision.changes)
    return Msg(
        f"変更{total}件" + (f"({' '.join(f'{k}{n}' for k, n in kinds.items())})" if kinds else ""),
        f"{total} {_english('changes', total)}"
        + (
            f" ({', '.join(f'{n} {_english(english[k], n)}' for k, n in kinds.items())})"
            if kinds
            else ""
        ),
    )


def describe_opinions(opinions: OpinionSet) -> Msg:
    """Return the number of opinions by disposition, e.g. ``意見6件(反映5 未定1)``."""
    kinds = Counter(opinion.disposition.value for opinion in opinions.opinions)
    linked = Counter(opinion.disposition.name.lower() for opinion in opinions.opinions)
    return Msg(
        f"意見{len(opinions.opinions)}件"
        + (f"({' '.join(f'{k}{n}' for k, n in kinds.items())})" if kinds else ""),
        f"{len(opinions.opinions)} {_english('opinions', len(opinions.opinions))}"
        + (f" ({', '.join(f'{n} {k}' for k, n in linked.items())})" if linked else ""),
    )


def warning_line(warning: Finding) -> Msg:
    """Return a finding as printed: ``FILE:LINE:COLUMN: 警告: …`` (a Word paragraph ``FILE:¶N``,
    a PDF page ``FILE:pN``) and its hint on a second line."""
    where = str(warning.location) if warning.location is not None else "-"
    word = _LEVEL_WORDS[warning.level]
    ja = f"{where}: {word.ja}: {warning.message.ja}"
    en = f"{where}: {word.en}: {warning.message.en}"
    if warning.hint is not None:
        ja += f"\n  対処: {warning.hint.ja}"
        en += f"\n  hint: {warning.hint.en}"
    return Msg(ja, en)


_LEVEL_WORDS = {
    Level.ERROR: Msg("エラー", "error"),
    Level.WARNING: Msg("警告", "warning"),
    Level.INFO: Msg("お知らせ", "note"),
}
