"""Where a change or an opinion is, by title: the new draft's title, else the old one's."""

from __future__ import annotations

import random

from planrev.comparison import compare
from planrev.model import Plan
from planrev.testing.synthetic import make_plan, revise
from planrev.views import build_handout


def _titles(old: Plan, new: Plan) -> dict[str, str]:
    # The definition: every pillar, field and section of both drafts, the new draft's title last.
    titles: dict[str, str] = {}
    for plan in (old, new):
        for pillar in plan.pillars:
            titles[pillar.id] = pillar.title
            for field in pillar.fields:
                titles[field.id] = field.title
                stack = list(field.sections)
                while stack:
                    section = stack.pop()
                    titles[section.id] = section.title
                    stack.extend(section.sections)
    return titles


def test_locations_and_scope_titles_come_from_either_draft() -> None:
    checked = 0
    for seed in range(30):
        rng = random.Random(seed)
        old = make_plan(rng, 12)
        revised = revise(rng, old, rate=0.4)
        comparison = compare(old, revised.plan, revised.record, revised.opinions)
        view = build_handout(comparison, revised.opinions)
        titles = _titles(old, revised.plan)
        for change, shown in zip(comparison.changes, view.changes, strict=True):
            assert shown.location == (titles.get(change.scope or "", "") or "計画全体")
            checked += 1
        for opinion, shown in zip(revised.opinions.opinions, view.opinions, strict=True):
            assert shown.scope_title == titles.get(opinion.scope or "", "計画全体")
    assert checked > 100


def test_a_deleted_field_is_placed_by_its_title_in_the_old_draft() -> None:
    old = make_plan(random.Random(4), 12)
    pillar = old.pillars[0]
    gone = pillar.fields[-1]
    new = old.model_copy(
        update={
            "pillars": (
                pillar.model_copy(update={"fields": pillar.fields[:-1]}),
                *old.pillars[1:],
            )
        }
    )
    comparison = compare(old, new)
    view = build_handout(comparison)
    (deleted,) = [
        c for c, v in zip(comparison.changes, view.changes, strict=True) if c.id == gone.id
    ]
    assert deleted.scope == gone.id
    assert {v.location for v in view.changes if v.id == gone.id} == {gone.title}
