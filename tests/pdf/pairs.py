"""Generated plan pairs in one handout, and what importing its PDF must give back.

:func:`combined` makes ``count`` small plan pairs with :mod:`planrev.testing.synthetic` (a plan
and its revision: rewordings, insertions, deletions, moves, renamed sections, KPI cells) and puts
them side by side in one plan, one pillar per pair, so that one PDF holds them all. Each pair's
opinions belong to its field, as in the R5.7.26 handout (labels are numbered per field; a box for
the whole plan would list 追加① of several fields, which the page cannot tell apart).

:func:`differences` compares an import with the truth and returns what differs, by name:

- ``new``: every statement's text of the new draft, in order;
- ``old``: the same of the old draft, moved statements included: the page shows a move at both
  ends (struck where it stood with （…へ移動）, where it now stands with ※移動), and the import
  puts the statement where it stood;
- ``changes``: every change of a statement or heading with its label, kind, the text it touches,
  its opinions and its reason (a heading's reason is not printed: compared without it);
- ``kpi``: the KPI changes, which the marked rules read into the drafts but not into the
  revision record: comparing the imported drafts finds them again, with their labels.
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterator
from dataclasses import dataclass

from planrev.comparison import Comparison, compare
from planrev.importers import MarkedImport
from planrev.model import (
    Field,
    KpiRow,
    OpinionSet,
    Pillar,
    Plan,
    Revision,
    Section,
    Statement,
    walk,
)
from planrev.testing.synthetic import make_plan, revise

__all__ = ["Pairs", "combined", "differences"]


@dataclass(frozen=True, slots=True)
class Pairs:
    """Plan pairs side by side: the comparison to render, and how many pairs it holds."""

    comparison: Comparison
    """The old and new plan of every pair, with the revision and opinions."""
    opinions: OpinionSet
    """Every pair's opinions, each in its pair's field."""
    count: int
    """The number of pairs."""


def _unique_titles(plan: Plan) -> bool:
    """Return whether no two parts under one parent share a title.

    Without a structure page (planrev's Word redline has none) a heading repeated under one
    parent is read as the same part continued on the next page, as the seed's are.
    """
    for located in walk(plan):
        titles = [child.title for child in getattr(located.node, "children", ())]
        if len(titles) != len(set(titles)):
            return False
    return True


def _retitled(plan: Plan, number: int) -> Plan:
    """Return ``plan`` (one pillar, one field) with the pair's number in its pillar and field."""
    (pillar,) = plan.pillars
    (field,) = pillar.fields
    field = field.model_copy(update={"title": f"{field.title.removesuffix('1')}{number}"})
    pillar = pillar.model_copy(update={"title": f"{pillar.title}{number}", "fields": (field,)})
    return plan.model_copy(update={"pillars": (pillar,)})


@dataclass(frozen=True, slots=True)
class _Pair:
    prefix: str
    old: Plan
    new: Plan
    revision: Revision
    opinions: OpinionSet


def _pairs(seed: int, sections: tuple[int, int]) -> Iterator[_Pair]:
    """Yield generated pairs from ``seed`` on (every tenth a bigger one, see :func:`combined`)."""
    number = 0
    for attempt in itertools.count(seed):
        rng = random.Random(attempt)
        prefix = f"g{attempt}-"
        big = number % 25 == 24
        old = make_plan(rng, 7 if big else rng.randint(*sections), prefix=prefix)
        revised = revise(rng, old, rate=0.5 if big else 0.3, prefix=prefix)
        if _unique_titles(old) and _unique_titles(revised.plan):
            number += 1
            yield _Pair(prefix, old, revised.plan, revised.record, revised.opinions)


def _side_by_side(pairs: list[_Pair]) -> tuple[Comparison, OpinionSet]:
    olds: list[Pillar] = []
    news: list[Pillar] = []
    records = []
    opinions = []
    for number, pair in enumerate(pairs, start=1):
        old, new = _retitled(pair.old, number), _retitled(pair.new, number)
        olds.extend(old.pillars)
        news.extend(new.pillars)
        records.extend(pair.revision.changes)
        scope = new.pillars[0].fields[0].id
        opinions.extend(o.model_copy(update={"scope": scope}) for o in pair.opinions.opinions)
    meta = pairs[0].old.meta
    old_plan = Plan(meta=meta, pillars=tuple(olds))
    new_plan = Plan(meta=meta.model_copy(update={"meeting": 2}), pillars=tuple(news))
    opinion_set = OpinionSet(meeting=2, opinions=tuple(opinions))
    revision = Revision(old=1, new=2, changes=tuple(records))
    return compare(old_plan, new_plan, revision, opinion_set), opinion_set


def _prefix(node_id: str) -> str:
    """Return the pair an id belongs to (``g12-``)."""
    return node_id.split("-", 1)[0] + "-"


def combined(count: int, *, seed: int = 0, sections: tuple[int, int] = (1, 2)) -> Pairs:
    """Return ``count`` generated plan pairs side by side (pair *n* from ``seed`` + *n* on).

    Most pairs have ``sections`` sections with 30 % of their statements edited; every 25th has
    7 sections with half of them edited, enough for the generator to rename a section too.
    Pairs of parts with one title under one parent are skipped (see :func:`_unique_titles`), and
    so are pairs whose deleted and added statements the comparison pairs up across two pairs (a
    move from one field to another, which a field's ★意見 box cannot label unambiguously).
    """
    source = _pairs(seed, sections)
    chosen = list(itertools.islice(source, count))
    while True:
        comparison, opinions = _side_by_side(chosen)
        crossing = {
            prefix
            for change in comparison.changes
            if change.old_id is not None
            and change.new_id is not None
            and _prefix(change.old_id) != _prefix(change.new_id)
            for prefix in (_prefix(change.old_id), _prefix(change.new_id))
        }
        if not crossing:
            return Pairs(comparison, opinions, count)
        kept = [pair for pair in chosen if pair.prefix not in crossing]
        chosen = kept + list(itertools.islice(source, count - len(kept)))


def _texts(plan: Plan, leave_out: frozenset[str] = frozenset()) -> list[str | None]:
    """Return the plan's wording in order: titles, statements, KPI rows (cells joined by tabs)."""
    texts: list[str | None] = []
    for located in walk(plan):
        node = located.node
        if located.id in leave_out:
            continue
        if isinstance(node, Statement):
            texts.append(node.text)
        elif isinstance(node, Pillar | Field | Section):
            texts.append(node.title)
        elif isinstance(node, KpiRow):
            cells = (node.indicator, node.unit, node.baseline, node.target)
            texts.append("\t".join(cell or "" for cell in cells))
    return texts


Row = tuple[str | None, str, str | None, tuple[str, ...], str | None]


def _changes(revision: Revision, old: Plan, new: Plan, opinions: OpinionSet) -> list[Row]:
    """Each change as (label, kind, the text it touches, opinion texts, reason): no ids."""
    old_nodes = {loc.id: loc.node for loc in walk(old)}
    new_nodes = {loc.id: loc.node for loc in walk(new)}
    said = {opinion.id: opinion.text for opinion in opinions.opinions}
    rows = []
    for change in revision.changes:
        node = (old_nodes if change.kind.value == "削除" else new_nodes)[change.target]
        text = node.text if isinstance(node, Statement) else getattr(node, "title", None)
        reason = change.reason if isinstance(node, Statement) else None
        rows.append(
            (
                change.label,
                change.kind.value,
                text,
                tuple(said[o] for o in change.opinions),
                reason,
            )
        )
    return rows


def differences(pairs: Pairs, imported: MarkedImport) -> list[str]:
    """Return the names of what ``imported`` does not give back of ``pairs`` (see the module)."""
    truth = pairs.comparison
    found = []
    if _texts(imported.new) != _texts(truth.new):
        found.append("new")
    # Both ends of a move are printed: a moved statement stands where it stood in the old draft.
    if _texts(imported.old) != _texts(truth.old):
        found.append("old")
    expected = [
        row
        for row, change in zip(
            _changes(truth.to_revision(), truth.old, truth.new, pairs.opinions),
            truth.changes,
            strict=True,
        )
        if change.node_type not in {"kpi", "kpi_row"}
    ]
    if _changes(imported.revision, imported.old, imported.new, imported.opinions) != expected:
        found.append("changes")
    again = compare(imported.old, imported.new)
    if [(c.label, c.kind, c.node_type) for c in again.changes if c.node_type.startswith("kpi")] != [
        (c.label, c.kind, c.node_type) for c in truth.changes if c.node_type.startswith("kpi")
    ]:
        found.append("kpi")
    return found
