"""The plan model: frozen, closed, discriminated by kind, pure, and walked one way."""

from __future__ import annotations

import datetime as dt
import json
import typing
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import BaseModel, TypeAdapter, ValidationError

from planrev import model as model_package
from planrev.era import EraDateError
from planrev.model import (
    Block,
    ChangeKind,
    ChangeRecord,
    Channel,
    Disposition,
    Field,
    Footnote,
    KpiRow,
    KpiTable,
    Note,
    Opinion,
    OpinionSet,
    Pillar,
    Plan,
    PlanMeta,
    Repost,
    Revision,
    Section,
    Span,
    Statement,
    StatementKind,
    find,
    index,
    walk,
)
from planrev.model.base import Model
from planrev.model.build import (
    field,
    footnote,
    initiative,
    kpi,
    kpi_row,
    note,
    pillar,
    plan,
    section,
    text,
    vision,
)
from planrev.model.checks import (
    check_opinion_scopes,
    check_opinions,
    check_plan,
    check_revision,
    check_revision_links,
)
from planrev.model.walk import repeated_ids
from tests.strategies import TRICKY_IDS, histories, node_ids, plans

MINIMAL: dict[type[BaseModel], dict[str, Any]] = {
    Plan: {"meta": {"title": "計画"}},
    PlanMeta: {"title": "計画"},
    Pillar: {"id": "p", "title": "柱"},
    Field: {"id": "f", "title": "分野"},
    Section: {"id": "s", "title": "施策"},
    Statement: {"kind": "vision", "id": "v", "text": "めざす姿"},
    Repost: {"of": "v"},
    KpiTable: {"kind": "kpi", "id": "k"},
    KpiRow: {"id": "r", "indicator": "指標"},
    Note: {"kind": "note", "id": "n", "text": "体系図を追加"},
    Footnote: {"kind": "footnote", "id": "fn", "mark": "※1", "text": "注"},
    Opinion: {"id": "o", "text": "意見"},
    OpinionSet: {"meeting": 3},
    Revision: {"old": 2, "new": 3},
    ChangeRecord: {"id": "c", "kind": "追加", "target": "v"},
    Span: {"start": 0},
}
"""The smallest valid data of every model."""


def all_models() -> list[type[BaseModel]]:
    """Return every model class of planrev.model (found by walking the subclasses of Model)."""
    found: list[type[BaseModel]] = []
    pending: list[type[BaseModel]] = [Model]
    while pending:
        current = pending.pop()
        for subclass in current.__subclasses__():
            if subclass.__module__.startswith("planrev.model") and subclass not in found:
                found.append(subclass)
                pending.append(subclass)
    return sorted(found, key=lambda cls: cls.__name__)


def test_every_model_has_minimal_data() -> None:
    assert set(all_models()) == set(MINIMAL)


@pytest.mark.parametrize("model", sorted(MINIMAL, key=lambda cls: cls.__name__), ids=str)
def test_models_are_frozen(model: type[BaseModel]) -> None:
    instance = model.model_validate(MINIMAL[model])
    name = next(iter(MINIMAL[model]))
    with pytest.raises(ValidationError) as caught:
        setattr(instance, name, getattr(instance, name))
    assert caught.value.errors()[0]["type"] == "frozen_instance"


@pytest.mark.parametrize("model", sorted(MINIMAL, key=lambda cls: cls.__name__), ids=str)
def test_models_reject_unknown_keys(model: type[BaseModel]) -> None:
    with pytest.raises(ValidationError) as caught:
        model.model_validate({**MINIMAL[model], "titel": "typo"})
    errors = caught.value.errors()
    assert [(error["type"], error["loc"]) for error in errors] == [("extra_forbidden", ("titel",))]


@pytest.mark.parametrize("model", sorted(MINIMAL, key=lambda cls: cls.__name__), ids=str)
def test_every_field_says_what_it_is(model: type[BaseModel]) -> None:
    for name, info in model.model_fields.items():
        assert info.description, f"{model.__name__}.{name} has no attribute docstring"
        assert "\n\n" not in info.description


def test_models_are_hashable_values() -> None:
    first = plan("計画", pillar("p", "柱", field("f", "分野", vision("v", "文"))))
    second = plan("計画", pillar("p", "柱", field("f", "分野", vision("v", "文"))))
    assert first == second
    assert hash(first) == hash(second)
    assert first != first.model_copy(update={"blocks": (note("n", "メモ"),)})


BLOCKS = TypeAdapter(Block)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"kind": "vision", "id": "a", "text": "x"}, Statement),
        ({"kind": "initiative", "id": "a", "text": None}, Statement),
        ({"kind": "text", "id": "a", "text": "x"}, Statement),
        ({"kind": "kpi", "id": "a"}, KpiTable),
        ({"kind": "note", "id": "a", "text": "x"}, Note),
        ({"kind": "footnote", "id": "a", "mark": "※", "text": "x"}, Footnote),
    ],
)
def test_blocks_are_chosen_by_kind(data: dict[str, Any], expected: type[BaseModel]) -> None:
    block = BLOCKS.validate_python(data)
    assert type(block) is expected
    assert block.kind == data["kind"]


def test_an_unknown_kind_is_one_error_naming_the_kinds() -> None:
    with pytest.raises(ValidationError) as caught:
        BLOCKS.validate_python({"kind": "table", "id": "a"})
    (error,) = caught.value.errors()
    assert error["type"] == "union_tag_invalid"
    for kind in ("vision", "initiative", "challenge", "direction", "text", "kpi", "note"):
        assert kind in error["ctx"]["expected_tags"]


def test_a_missing_kind_is_one_error() -> None:
    with pytest.raises(ValidationError) as caught:
        BLOCKS.validate_python({"id": "a", "text": "x"})
    assert [error["type"] for error in caught.value.errors()] == ["union_tag_not_found"]


def test_a_block_is_checked_against_its_own_kind_only() -> None:
    with pytest.raises(ValidationError) as caught:
        BLOCKS.validate_python({"kind": "note", "id": "a", "text": "x", "bullet": True})
    assert [(error["type"], error["loc"]) for error in caught.value.errors()] == [
        ("extra_forbidden", ("note", "bullet"))
    ]


def test_a_statement_text_may_be_unknown_but_must_be_given() -> None:
    assert Statement(kind="vision", id="v", text=None).text is None
    with pytest.raises(ValidationError) as caught:
        Statement.model_validate({"kind": "vision", "id": "v"})
    assert caught.value.errors()[0]["type"] == "missing"


def test_statement_kinds_match_the_enum() -> None:
    assert {kind.value for kind in StatementKind} == {
        "vision",
        "initiative",
        "text",
        "challenge",
        "direction",
    }
    assert set(typing.get_args(Statement.model_fields["kind"].annotation)) == {
        kind.value for kind in StatementKind
    }


def test_enumerations_hold_the_japanese_words() -> None:
    assert [kind.value for kind in ChangeKind] == ["追加", "修正", "削除", "分割", "統合", "移動"]
    assert [value.value for value in Disposition] == [
        "反映",
        "一部反映",
        "反映しない",
        "記載済み",
        "今後検討",
        "未定",
    ]
    assert Channel.HEARD.value == "事務局聞き取り"
    assert Opinion(id="o", text="x").disposition is Disposition.UNDECIDED


# --------------------------------------------------------------------------------------------
# Purity


def test_the_model_package_exports_what_it_lists() -> None:
    for name in model_package.__all__:
        assert hasattr(model_package, name)


# --------------------------------------------------------------------------------------------
# Values


@given(node_ids())
def test_generated_ids_are_valid(node_id: str) -> None:
    assert Note(kind="note", id=node_id, text="x").id == node_id


@pytest.mark.parametrize("node_id", TRICKY_IDS)
def test_ids_that_look_like_other_values_are_ids(node_id: str) -> None:
    assert Note(kind="note", id=node_id, text="x").id == node_id


@pytest.mark.parametrize(
    "node_id",
    ["", "-a", "_a", ".a", "a b", "a/b", "a:b", "行政", "ａ", "a\n", "x" * 201, "a#b"],
)
def test_bad_ids_are_rejected(node_id: str) -> None:
    with pytest.raises(ValidationError):
        Note(kind="note", id=node_id, text="x")


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("R5.7.26", dt.date(2023, 7, 26)),
        ("令和5年7月26日", dt.date(2023, 7, 26)),
        ("令和元年5月1日", dt.date(2019, 5, 1)),
        ("2023-07-26", dt.date(2023, 7, 26)),
        (dt.date(2023, 7, 26), dt.date(2023, 7, 26)),
        (None, None),
    ],
)
def test_meeting_dates_accept_era_and_iso(written: Any, expected: dt.date | None) -> None:
    assert PlanMeta.model_validate({"title": "計画", "date": written}).date == expected


def test_a_meeting_date_outside_its_era_is_rejected_with_the_era_error() -> None:
    with pytest.raises(ValidationError) as caught:
        PlanMeta.model_validate({"title": "計画", "date": "R1.4.30"})
    (error,) = caught.value.errors()
    assert isinstance(error["ctx"]["error"], EraDateError)


@pytest.mark.parametrize(
    ("written", "expected"),
    [(80, "80"), (2.5, "2.5"), ("1,000", "1,000"), ("約8割", "約8割"), (None, None), ("", "")],
)
def test_kpi_cells_are_texts(written: Any, expected: str | None) -> None:
    assert KpiRow(id="r", indicator="指標", baseline=written).baseline == expected


def test_kpi_cells_reject_booleans() -> None:
    with pytest.raises(ValidationError):
        KpiRow.model_validate({"id": "r", "indicator": "指標", "target": True})


def test_text_refuses_lone_surrogates_on_every_path() -> None:
    data = {"kind": "text", "id": "s", "text": "旧\ud800文。"}
    message = "lone surrogate U\\+D800 at character 2"
    with pytest.raises(ValidationError, match=message):
        Statement.model_validate(data)
    with pytest.raises(ValidationError, match=message) as strings:
        Statement.model_validate_strings(data)
    assert strings.value.errors()[0]["loc"] == ("text",)
    with pytest.raises(ValidationError, match="json_invalid"):  # JSON parsing refuses it
        Statement.model_validate_json('{"kind": "text", "id": "s", "text": "\\ud800"}')
    text = "全角「テキスト」😀 \"'"
    valid = Statement.model_validate_json(json.dumps({**data, "text": text}, ensure_ascii=False))
    assert valid.text == text
    assert Statement.model_validate_strings({**data, "text": text}).text == text


def test_text_is_a_string_in_the_json_schema() -> None:
    schema = Statement.model_json_schema()["properties"]["text"]
    assert schema["anyOf"] == [{"type": "string"}, {"type": "null"}]


def test_a_repost_needs_a_target() -> None:
    assert Repost(source="commerce").of is None
    with pytest.raises(ValidationError, match="再掲"):
        Repost()


@pytest.mark.parametrize(("start", "end"), [(-1, None), (3, 2), (-2, -1)])
def test_spans_must_be_ordered(start: int, end: int | None) -> None:
    with pytest.raises(ValidationError):
        Span(start=start, end=end)


def test_a_span_may_have_an_unknown_end() -> None:
    assert Span(start=68).end is None
    assert Span(start=3, end=3).end == 3


# --------------------------------------------------------------------------------------------
# Builders and traversal


def sample() -> Plan:
    return plan(
        "青森県DX推進プラン",
        note("diagram", "体系図を追加"),
        pillar(
            "admin",
            "「行政経営」を支えるDX",
            field(
                "admin-field",
                "行政経営分野",
                vision("v1", "自治体。"),
                section(
                    "convenience",
                    "住民の利便性の向上",
                    initiative("i1", "オンライン化"),
                    kpi("k", kpi_row("r1", "指標", unit="%"), baseline_year=2023, target_year=2028),
                    section("deep", "深い施策", text("t1", "本文")),
                ),
            ),
        ),
        pillar("base", "基盤", field("talent", "デジタル人材", footnote("fn", "※1", "注記"))),
        meeting=3,
        date="R5.7.26",
        provisional=True,
    )


def test_builders_make_valid_models() -> None:
    draft = sample()
    assert draft.meta.date == dt.date(2023, 7, 26)
    assert draft.meta.provisional
    assert Plan.model_validate(draft.model_dump()) == draft
    assert check_plan(draft) == []


def test_builders_refuse_blocks_after_sub_nodes() -> None:
    with pytest.raises(ValueError, match="blocks must come before"):
        field("f", "分野", section("s", "施策"), vision("v", "後ろのめざす姿"))


def test_walk_is_in_document_order() -> None:
    assert [item.id for item in walk(sample())] == [
        "diagram",
        "admin",
        "admin-field",
        "v1",
        "convenience",
        "i1",
        "k",
        "r1",
        "deep",
        "t1",
        "base",
        "talent",
        "fn",
    ]


def test_walk_reports_parents_and_paths() -> None:
    located = {item.id: item for item in walk(sample())}
    assert located["diagram"].container is None
    assert located["diagram"].path == ("blocks", 0)
    assert [parent.id for parent in located["t1"].parents] == [
        "admin",
        "admin-field",
        "convenience",
        "deep",
    ]
    assert located["r1"].path == (
        "pillars",
        0,
        "fields",
        0,
        "sections",
        0,
        "blocks",
        1,
        "rows",
        0,
    )
    assert located["deep"].container is not None
    assert located["deep"].container.id == "convenience"


def _follow(draft: Plan, path: tuple[str | int, ...]) -> Any:
    node: Any = draft
    for part in path:
        node = node[part] if isinstance(part, int) else getattr(node, part)
    return node


@given(plans())
def test_every_path_leads_to_its_node(draft: Plan) -> None:
    ids = []
    for located in walk(draft):
        assert _follow(draft, located.path) is located.node
        for depth, parent in enumerate(located.parents):
            assert isinstance(parent, Pillar | Field | Section)
            if depth == 0:
                assert isinstance(parent, Pillar)
        ids.append(located.id)
    assert len(ids) == len(set(ids))
    assert list(index(draft)) == ids


def test_find_and_index() -> None:
    draft = sample()
    located = find(draft, "i1")
    assert located is not None
    assert isinstance(located.node, Statement)
    assert located.node.text == "オンライン化"
    assert find(draft, "missing") is None


# --------------------------------------------------------------------------------------------
# Checks


@given(plans(), st.data())
def test_a_repeated_id_is_found(draft: Plan, data: st.DataObject) -> None:
    ids = [item.id for item in walk(draft)]
    if not ids:
        return
    repeated = data.draw(st.sampled_from(ids))
    doubled = draft.model_copy(update={"blocks": (*draft.blocks, note(repeated, "重複"))})
    problems = check_plan(doubled)
    # The plan's own blocks come first in document order: the later occurrence is reported.
    [(first, later)] = repeated_ids(doubled)
    assert first.id == later.id == repeated
    assert problems[0].kind == "duplicate"
    assert repeated in problems[0].message.ja
    assert problems[0].path == (*later.path, "id")
    assert [problem.kind for problem in problems].count("duplicate") == 1


@given(plans())
def test_generated_plans_are_consistent(draft: Plan) -> None:
    assert check_plan(draft) == []


@given(histories())
def test_generated_histories_are_consistent(history: Any) -> None:
    assert check_opinions(history.opinions) == []
    assert check_revision(history.revision) == []
    assert check_opinion_scopes(history.opinions, history.new) == []
    assert check_revision_links(history.revision, history.old, history.new, history.opinions) == []


def test_reposts_must_point_at_a_statement_or_a_section() -> None:
    draft = plan(
        "計画",
        pillar(
            "p",
            "柱",
            field(
                "f",
                "分野",
                vision("v", "元"),
                vision("self", "自分", repost=Repost(of="self")),
                vision("to-field", "分野を指す", repost=Repost(of="f")),
                vision("missing", "ない", repost=Repost(of="nothing")),
                vision("bad-source", "ない", repost=Repost(source="v")),
                vision("ok", "再掲", repost=Repost(of="v", source="f")),
            ),
        ),
    )
    problems = check_plan(draft)
    assert [(problem.kind, problem.path[-1]) for problem in problems] == [
        ("invalid", "of"),
        ("dangling", "of"),
        ("dangling", "of"),
        ("dangling", "source"),
    ]


def test_a_revision_must_go_forward() -> None:
    problems = check_revision(Revision(old=3, new=3))
    assert [(problem.kind, problem.path) for problem in problems] == [("invalid", ("new",))]


def test_revision_links_are_checked_against_the_right_draft() -> None:
    old = plan("計画", vision("gone", "削除される"), meeting=2)
    new = plan("計画", vision("added", "追加された文"), meeting=3)
    opinions = OpinionSet(meeting=3, opinions=(Opinion(id="o1", text="意見"),))
    revision = Revision.model_validate(
        {
            "old": 2,
            "new": 3,
            "changes": [
                {"id": "a", "kind": "追加", "target": "added", "opinions": ["o1"]},
                {"id": "b", "kind": "削除", "target": "gone"},
                {"id": "c", "kind": "削除", "target": "added"},
                {"id": "d", "kind": "修正", "target": "gone", "opinions": ["o2"]},
                {"id": "e", "kind": "追加", "target": "added", "span": {"start": 2, "end": 99}},
            ],
        }
    )
    problems = check_revision_links(revision, old, new, opinions)
    assert [(problem.kind, problem.path) for problem in problems] == [
        ("dangling", ("changes", 2, "target")),
        ("dangling", ("changes", 3, "target")),
        ("dangling", ("changes", 3, "opinions", 0)),
        ("invalid", ("changes", 4, "span")),
    ]


def test_a_span_needs_a_known_text() -> None:
    new = plan("計画", vision("v", None), meeting=3)
    revision = Revision.model_validate(
        {
            "old": 2,
            "new": 3,
            "changes": [{"id": "a", "kind": "修正", "target": "v", "span": {"start": 0}}],
        }
    )
    (problem,) = check_revision_links(revision, plan("計画", meeting=2), new, None)
    assert problem.kind == "invalid"
    assert "span" in problem.message.en
