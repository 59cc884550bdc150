"""The audit's checks of declared labels: numbering within each scope, as the seed's rule gives.

A circled number appears only where one scope holds more than one change of a kind (追加①,
追加②); a lone change is just 追加. :func:`label_findings` reports the declared labels of one step
that are out of step with that rule: ``label-duplicate``, ``label-gap``, ``label-out-of-rule``
and ``label-invalid``.
"""

from __future__ import annotations

import functools
import re
from collections import defaultdict
from typing import TYPE_CHECKING

from planrev.diagnostics import Finding, Level
from planrev.i18n import Msg
from planrev.model import Field, Pillar, Plan, Section, walk

if TYPE_CHECKING:
    from planrev.comparison import Change, Comparison

__all__ = ["label_findings"]

_LABEL = re.compile(r"^(追加|修正|削除|分割|統合|移動)(.*)$")
_PAREN = re.compile(r"^\((\d+)\)$")


@functools.cache
def _circled_numbers() -> dict[str, int]:
    """Return the number of each circled label suffix: ① → 1 … (the comparison's own marks)."""
    from planrev.comparison import circled  # noqa: PLC0415 - the audit imports no diff library

    return {circled(number): number for number in range(1, 51)}


def _parse_label(label: str) -> tuple[str, int | None] | None:
    """Return (kind, number or None) of a label such as 追加②, or None if it is not one."""
    match = _LABEL.match(label)
    if match is None:
        return None
    kind, suffix = match.groups()
    if not suffix:
        return kind, None
    numbers = _circled_numbers()
    if suffix in numbers:
        return kind, numbers[suffix]
    paren = _PAREN.match(suffix)
    if paren is not None and int(paren.group(1)) > 50:
        return kind, int(paren.group(1))
    return None


def _scope_name(plan: Plan, scope: str | None) -> Msg:
    if scope is None:
        return Msg("計画全体", "the plan as a whole")
    for located in walk(plan):
        if located.id == scope and isinstance(located.node, Pillar | Field | Section):
            return Msg(f"{located.node.title}({scope})", f"{located.node.title} ({scope})")
    return Msg(scope, scope)


def label_findings(comparison: Comparison, meeting: int) -> tuple[list[Finding], set[str]]:
    """Return the findings about declared labels of one step, and the changes they cover."""
    findings: list[Finding] = []
    covered: set[str] = set()
    groups: dict[tuple[str | None, str], list[tuple[Change, str, int | None]]] = defaultdict(list)
    for change in comparison.changes:
        record = change.record
        if record is None or record.label is None:
            continue
        parsed = _parse_label(record.label)
        if parsed is None:
            covered.add(change.id)
            findings.append(
                Finding(
                    "label-invalid",
                    Level.WARNING,
                    Msg(
                        f"変更記録 {record.id} のラベル「{record.label}」は、追加・修正・削除・分割・統合・移動に"
                        "①②…を付けた形ではありません",
                        f"the label {record.label!r} of {record.id} is not 追加, 修正, 削除, 分割, 統合 or 移動 "
                        "with an optional circled number",
                    ),
                    Msg(
                        f"label を消せば自動で付番されます(この変更は「{change.label}」)。",
                        f"remove the label to have it numbered ({change.label} here).",
                    ),
                    subjects=(record.id,),
                    meeting=meeting,
                )
            )
            continue
        groups[(change.scope, parsed[0])].append((change, record.label, parsed[1]))
    for (scope, kind), items in groups.items():
        where = _scope_name(comparison.new, scope)
        problem = _label_problem(kind, items, where)
        if problem is None:
            continue
        code, message = problem
        covered.update(change.id for change, _, _ in items)
        expected = "、".join(f"{change.target} → {change.label}" for change, _, _ in items)
        findings.append(
            Finding(
                code,
                Level.WARNING,
                message,
                Msg(
                    f"規則どおりのラベル: {expected}(label を消せば自動で付番されます)。",
                    f"the rule gives: {expected} (remove the labels to have them numbered).",
                ),
                subjects=tuple(change.record.id for change, _, _ in items if change.record),
                meeting=meeting,
            )
        )
    return findings, covered


def _label_problem(
    kind: str, items: list[tuple[Change, str, int | None]], where: Msg
) -> tuple[str, Msg] | None:
    """Return (code, message) of what is wrong with the declared labels of one scope and kind."""
    labels = [label for _, label, _ in items]
    shown = "、".join(labels)
    numbers = [number for _, _, number in items if number is not None]
    plain = len(items) - len(numbers)
    if len(items) == 1:
        if numbers:
            return "label-out-of-rule", Msg(
                f"{where.ja}の{kind}は1つだけなので、番号を付けず「{kind}」とします(記録は"
                f"「{shown}」)",
                f"{where.en} has a single {kind}: it is labelled {kind} without a number "
                f"(the record says {shown})",
            )
        return None
    duplicates = sorted({label for label in labels if labels.count(label) > 1})
    if duplicates:
        return "label-duplicate", Msg(
            f"{where.ja}でラベル「{'」「'.join(duplicates)}」が重複しています(記録: {shown})",
            f"{where.en} uses the label {', '.join(duplicates)} more than once "
            f"(the record: {shown})",
        )
    if plain:
        return "label-out-of-rule", Msg(
            f"{where.ja}には{kind}が{len(items)}つあるので、文書の順に{kind}①、{kind}②…と"
            f"番号を付けます(記録: {shown})",
            f"{where.en} has {len(items)} changes of kind {kind}: they are numbered "
            f"{kind}①, {kind}② … in document order (the record: {shown})",
        )
    missing = [n for n in range(1, max(numbers) + 1) if n not in numbers]
    if missing:
        marks = {number: mark for mark, number in _circled_numbers().items()}
        gaps = "、".join(f"{kind}{marks[n]}" for n in missing)
        return "label-gap", Msg(
            f"{where.ja}のラベルに{gaps}が抜けています(記録: {shown})",
            f"{where.en} skips {gaps} (the record: {shown})",
        )
    if numbers != sorted(numbers):
        return "label-out-of-rule", Msg(
            f"{where.ja}のラベルの番号が文書の順になっていません(記録: {shown})",
            f"the label numbers of {where.en} do not follow document order (the record: {shown})",
        )
    return None
