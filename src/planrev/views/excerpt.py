"""Excerpts (抜粋): a comparison and its opinions restricted to chosen parts of the plan."""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable

from planrev.comparison import Comparison
from planrev.model import OpinionSet, Plan, walk

__all__ = ["excerpt", "ids_within"]


def ids_within(plans: Iterable[Plan], chosen: frozenset[str]) -> set[str]:
    """Return the ids of the chosen parts and of everything inside them, in any of ``plans``."""
    ids: set[str] = set()
    for plan in plans:
        for located in walk(plan):
            if located.id in chosen or any(parent.id in chosen for parent in located.parents):
                ids.add(located.id)
    return ids


def excerpt(
    comparison: Comparison, opinions: OpinionSet | None, only: Iterable[str] | None
) -> tuple[Comparison, OpinionSet | None]:
    """Return the comparison and opinions restricted to the parts ``only`` names (and inside).

    A change is kept when its node lies in a chosen part (in the old or the new draft); an
    opinion when its box belongs to a chosen part or it caused a kept change. With ``only`` None
    nothing is restricted.
    """
    if only is None:
        return comparison, opinions
    ids = ids_within((comparison.old, comparison.new), frozenset(only))
    changes = tuple(
        change for change in comparison.changes if (change.new_id in ids) or (change.old_id in ids)
    )
    kept_changes = {change.id for change in changes}
    renumbered = tuple(r for r in comparison.renumbered if r.new_id in ids or r.old_id in ids)
    restricted = dataclasses.replace(comparison, changes=changes, renumbered=renumbered)
    if opinions is None:
        return restricted, None
    caused = {
        o for change in comparison.changes if change.id in kept_changes for o in change.opinions
    }
    kept = tuple(
        opinion
        for opinion in opinions.opinions
        if (opinion.scope is not None and opinion.scope in ids) or opinion.id in caused
    )
    return restricted, opinions.model_copy(update={"opinions": kept})
