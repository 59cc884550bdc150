"""Models take numbers and flags only as what they are: no coercion from text, floats or bools."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import ValidationError

from planrev.model import OpinionSet, Plan, Revision
from planrev.model.base import YEAR_RANGE


def _plan(**meta: Any) -> dict[str, Any]:
    return {"meta": {"title": "計画", **meta}}


@pytest.mark.parametrize(
    "data",
    [
        {"schema_version": True, **_plan()},
        {"schema_version": 1.0, **_plan()},
        _plan(meeting=3.0),
        _plan(meeting="3"),
        _plan(meeting=True),
        _plan(meeting=0),
        _plan(meeting=-1),
        _plan(provisional="yes"),
        _plan(provisional=1),
        _plan(excerpt="true"),
        {**_plan(), "blocks": [{"kind": "kpi", "id": "k", "baseline_year": YEAR_RANGE[0] - 1}]},
        {**_plan(), "blocks": [{"kind": "kpi", "id": "k", "target_year": YEAR_RANGE[1] + 1}]},
        {**_plan(), "blocks": [{"kind": "kpi", "id": "k", "target_year": "2028"}]},
        {**_plan(), "blocks": [{"kind": "initiative", "id": "s", "text": "t", "bullet": "no"}]},
    ],
)
def test_a_plan_refuses_values_of_the_wrong_kind(data: dict[str, Any]) -> None:
    with pytest.raises(ValidationError):
        Plan.model_validate(data)


def test_a_plan_takes_the_values_it_should() -> None:
    plan = Plan.model_validate(
        {
            **_plan(meeting=3, provisional=True),
            "blocks": [{"kind": "kpi", "id": "k", "baseline_year": 2023, "target_year": 2028}],
        }
    )
    assert plan.meta.meeting == 3
    assert plan.schema_version == 1


@pytest.mark.parametrize(
    "change",
    [
        {"span": {"start": "68"}},
        {"span": {"start": -1}},
        {"span": {"start": 5, "end": 4}},
        {"span": {"start": 1.5}},
    ],
)
def test_a_revision_refuses_bad_spans(change: dict[str, Any]) -> None:
    data = {
        "old": 2,
        "new": 3,
        "changes": [{"id": "c", "kind": "追加", "target": "s", **change}],
    }
    with pytest.raises(ValidationError):
        Revision.model_validate(data)


@pytest.mark.parametrize("meeting", [0, -3, 2.0, "2", None])
def test_opinions_need_a_meeting_from_1(meeting: object) -> None:
    with pytest.raises(ValidationError):
        OpinionSet.model_validate({"meeting": meeting})
    with pytest.raises(ValidationError):
        Revision.model_validate({"old": meeting, "new": 3})
