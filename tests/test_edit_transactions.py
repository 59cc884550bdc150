"""Editor edits apply whole or not at all, with arguments checked at the boundary."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.edit import Editor
from planrev.errors import DuplicateIdError, EditError
from planrev.model import Opinion, OpinionSet, Plan, Repost, Revision, find
from planrev.model.build import (
    field,
    initiative,
    kpi,
    kpi_row,
    note,
    pillar,
    plan,
    section,
    vision,
)

BASE = plan(
    "T",
    pillar(
        "p",
        "柱",
        field(
            "commerce",
            "商工業・サービス業",
            vision("v", "県内企業の効率化・省力化が進んでいる。"),
            initiative("orig", "リモートワーク拠点が整備され、場所を問わず働くことができる。"),
            section(
                "s",
                "施策",
                initiative("s-1", "行政手続のオンライン化を推進する。"),
                kpi("k", kpi_row("r", "指標", baseline="1", target="2"), baseline_year=2023),
            ),
        ),
        field(
            "infra",
            "デジタル基盤の整備",
            initiative(
                "copy",
                "リモートワーク拠点が整備され、場所を問わず働くことができる。",
                repost=Repost(of="orig"),
            ),
        ),
    ),
    meeting=2,
)

OPINIONS = OpinionSet(
    meeting=3,
    opinions=(
        Opinion(id="op-1", text="省力化を明記すべき"),
        Opinion(id="op-2", text="拠点の整備を急ぐべき"),
        Opinion(id="op-3", text="KPI を見直すべき"),
    ),
)


def _state(editor: Editor) -> tuple[Plan, Revision]:
    return editor.plan, editor.declarations()


def test_citing_an_unknown_opinion_changes_nothing() -> None:
    editor = Editor(BASE, opinions=OPINIONS)
    editor.modify("v", text="県内企業の効率化が進んでいる。", because="op-1")
    before = _state(editor)
    with pytest.raises(EditError, match="op-nope"):
        editor.modify("s-1", text="書き換え", because=["op-2", "op-nope"])
    with pytest.raises(EditError, match="op-nope"):
        editor.delete("orig", because="op-nope")  # the re-listing stays too
    with pytest.raises(EditError, match="op-nope"):
        editor.insert(initiative("new", "新しい取組"), after="orig", because=("op-nope",))
    with pytest.raises(EditError, match="op-nope"):
        editor.replace("s-1", "推進", "加速", because=["op-nope"])
    assert _state(editor) == before
    assert find(editor.plan, "copy") is not None


def test_a_single_string_is_one_opinion_never_its_characters() -> None:
    editor = Editor(BASE)  # no opinions given: any well-formed id is taken
    editor.modify("v", text="県内企業の省力化が進んでいる。", because="op2-x")
    editor.delete("s-1", because=("op-1", "op-1"), reason="統合")
    records = {record.target: record for record in editor.declarations().changes}
    assert records["v"].opinions == ("op2-x",)
    assert records["s-1"].opinions == ("op-1",)
    assert records["s-1"].reason == "統合"


@pytest.mark.parametrize(
    "because",
    [42, [42], ["op-1", None], b"op-1", ["意見1"], [""], {"op-1": 1}.items()],
    ids=["int", "list-of-int", "none-inside", "bytes", "not-an-id", "empty", "pairs"],
)
def test_what_is_not_an_opinion_id_is_refused_before_anything_changes(because: Any) -> None:
    editor = Editor(BASE)
    before = _state(editor)
    with pytest.raises(EditError, match="because"):
        editor.modify("v", text="x", because=because)
    assert _state(editor) == before


def test_a_reason_must_be_text() -> None:
    editor = Editor(BASE)
    with pytest.raises(EditError, match="reason"):
        editor.delete("v", reason=["統合"])  # type: ignore[arg-type]
    assert find(editor.plan, "v") is not None


def test_an_inserted_section_whose_inside_repeats_an_id_is_refused_whole() -> None:
    editor = Editor(BASE)
    before = _state(editor)
    with pytest.raises(EditError, match="'s-1'") as caught:
        editor.insert(section("s2", "新しい施策", initiative("s-1", "重複")), into="commerce")
    assert not isinstance(caught.value, DuplicateIdError)
    assert _state(editor) == before


def test_a_base_that_repeats_an_id_is_refused() -> None:
    doubled = BASE.model_copy(update={"blocks": (note("v", "重複"),)})
    with pytest.raises(DuplicateIdError, match="'v'"):
        Editor(doubled)


def test_an_invalid_meta_is_an_edit_error() -> None:
    with pytest.raises(EditError):
        Editor(BASE, date="not a date")


_IDS = ["p", "commerce", "infra", "v", "orig", "s", "s-1", "k", "r", "copy", "new-1", "nope"]
_BECAUSE = st.one_of(
    st.just(()),
    st.sampled_from(["op-1", "op-2", "op-nope", 42]),
    st.lists(st.sampled_from(["op-1", "op-2", "op-3", "op-nope", None]), max_size=3),
)
_REASON = st.one_of(st.none(), st.sampled_from(["統合", "文言整理", ""]), st.just(["x"]))
_ID = st.sampled_from(_IDS)
_TEXT = st.sampled_from(["効率化", "省力化", "推進", "県内", "拠点", "", "新しい文", "。"])
_PLACE = st.fixed_dictionaries(
    {},
    optional={"into": st.one_of(st.none(), _ID), "after": _ID, "before": _ID},
)


def _edits() -> st.SearchStrategy[tuple[str, tuple[Any, ...], dict[str, Any]]]:
    why = st.fixed_dictionaries({"because": _BECAUSE, "reason": _REASON})
    return st.one_of(
        st.tuples(
            st.just("modify"),
            st.tuples(_ID),
            st.fixed_dictionaries(
                {"because": _BECAUSE, "reason": _REASON},
                optional={"text": st.one_of(_TEXT, st.just(5)), "title": _TEXT, "colour": _TEXT},
            ),
        ),
        st.tuples(st.just("replace"), st.tuples(_ID, _TEXT, _TEXT), why),
        st.tuples(st.just("delete"), st.tuples(_ID), why),
        st.tuples(st.just("explain"), st.tuples(_ID), why),
        st.tuples(
            st.just("set_kpi"),
            st.tuples(_ID),
            st.fixed_dictionaries(
                {"because": _BECAUSE, "target": st.sampled_from(["3", "5", None])}
            ),
        ),
        st.tuples(
            st.just("insert"),
            st.tuples(
                st.builds(initiative, st.sampled_from(["new-1", "new-2", "v", "copy"]), _TEXT)
            ),
            st.builds(lambda place, w: {**place, **w}, _PLACE, why),
        ),
        st.tuples(
            st.just("move"), st.tuples(_ID), st.builds(lambda place, w: {**place, **w}, _PLACE, why)
        ),
    )


@given(st.lists(_edits(), min_size=1, max_size=6))
def test_an_edit_that_raises_leaves_plan_and_revision_as_they_were(
    edits: list[tuple[str, tuple[Any, ...], dict[str, Any]]],
) -> None:
    editor = Editor(BASE, opinions=OPINIONS)
    for name, arguments, options in edits:
        before = _state(editor)
        try:
            getattr(editor, name)(*arguments, **options)
        except EditError:
            assert _state(editor) == before
            continue
        # Applied: whole, with its reasons.
        because = options.get("because", ())
        cited = {because} if isinstance(because, str) else set(because)
        target = arguments[0].id if name == "insert" else arguments[0]
        records = {record.target: record for record in editor.declarations().changes}
        if cited or options.get("reason"):
            assert target in records
            assert cited <= set(records[target].opinions)
            if options.get("reason"):
                assert options["reason"] in (records[target].reason or "")
    editor.result()  # what the edits made always gives a valid record
