"""Models pickle compactly (planrev's cache stores drafts as pickles) and come back whole."""

from __future__ import annotations

import copy
import pickle

import pydantic
import pytest

from planrev.model import Plan, Statement
from planrev.storage.documents import load_draft
from tests.conftest import AOMORI


def _statement(**extra: object) -> Statement:
    return Statement.model_validate({"kind": "initiative", "id": "s1", "text": "取組①", **extra})


def test_a_draft_comes_back_equal_with_its_fields_set() -> None:
    draft = load_draft(AOMORI / "draft-03.yaml")
    again = pickle.loads(pickle.dumps(draft, protocol=pickle.HIGHEST_PROTOCOL))
    assert type(again) is Plan
    assert again == draft
    assert again.model_dump(mode="json") == draft.model_dump(mode="json")
    assert again.model_fields_set == draft.model_fields_set
    assert again.model_dump(exclude_unset=True) == draft.model_dump(exclude_unset=True)


def test_an_unpickled_model_is_still_frozen_and_copies_cleanly() -> None:
    given = _statement()
    bulleted = _statement(bullet=True)
    first, second = pickle.loads(pickle.dumps([given, _statement()]))
    assert first == given
    with pytest.raises(pydantic.ValidationError):
        first.text = "changed"  # type: ignore[misc]
    # Models of one class given the same fields share their set of field names; copies with an
    # update get their own, and the others keep theirs.
    assert first.__pydantic_fields_set__ is second.__pydantic_fields_set__
    updated = first.model_copy(update={"text": "取組②"})
    assert updated.text == "取組②"
    assert second.model_fields_set == given.model_fields_set
    assert copy.deepcopy(first) == first
    assert pickle.loads(pickle.dumps(bulleted)).model_fields_set == {"kind", "id", "text", "bullet"}
    assert pickle.loads(pickle.dumps(given)).model_fields_set == {"kind", "id", "text"}


def test_the_pickle_holds_one_call_per_model_not_pydantics_state() -> None:
    draft = load_draft(AOMORI / "draft-03.yaml")
    compact = pickle.dumps(draft, protocol=pickle.HIGHEST_PROTOCOL)
    assert b"_revive" in compact
    assert b"__pydantic_extra__" not in compact  # pydantic's own state: four entries per model


def test_equal_short_texts_are_pickled_once_and_long_ones_kept_whole() -> None:
    from planrev.model import KpiRow

    long_text = "地域の実情に応じたデジタル技術の活用を進め、県民の利便性の向上を図る指標" * 2
    rows = [
        KpiRow.model_validate(
            {"id": f"k{n}", "indicator": long_text, "unit": "".join(["か", "所"])}
        )
        for n in range(3)
    ]
    assert rows[0].unit is not rows[1].unit
    again = pickle.loads(pickle.dumps(rows))
    assert again == rows
    assert again[0].unit is again[1].unit is again[2].unit  # one object: read once
    assert again[0].indicator == long_text
