"""The marked-handout importer: the seed reproduces drafts/aomori-dx, and every construct it reads."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from planrev.errors import LoadError
from planrev.i18n import set_language
from planrev.importers import import_marked, parse_extents, read_marked
from planrev.model import ChangeKind, Disposition, Span, Statement, find
from planrev.storage.documents import dump_document
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI, SEED
from tests.test_import_support import (
    assert_consistent,
    check_golden,
    full_map,
    renamed,
    write_marked,
)

CASES = Path(__file__).parent / "cases"
FEATURES = CASES / "import_marked_features"
SEED_TEXT = SEED.read_text(encoding="utf-8")
ID = re.compile(r"^(ch-)?(p|f|s|st|n|fn|op|kr)-[0-9a-f]{8}(-\d+)?(-kpi(-\d+)?)?$")


def _seed(**options: object) -> object:
    return import_marked(SEED_TEXT, path=SEED, **options)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------
# The seed against the hand-made drafts


def test_seed_imports_to_the_hand_made_drafts() -> None:
    result = read_marked(SEED)
    folder = load_folder(AOMORI)
    new, old = folder.draft(3), folder.draft(2)
    opinions = folder.opinions_for(3)
    revision = folder.revisions[0].model
    assert opinions is not None
    mapping = full_map(result, new, old, opinions, revision)
    for ours, theirs in (
        (result.new, new),
        (result.old, old),
        (result.opinions, opinions),
        (result.revision, revision),
    ):
        assert renamed(ours.model_dump(mode="json"), mapping) == theirs.model_dump(mode="json")


def test_seed_warns_about_the_extent_of_add_2_with_line_and_column() -> None:
    result = read_marked(SEED)
    unknown = [w for w in result.warnings if w.code == "extent-unknown"]
    assert len(unknown) == 1
    warning = unknown[0]
    line = SEED_TEXT.split("\n")[warning.location.line - 1]  # type: ignore[operator]
    assert (warning.location.line, warning.location.column) == (78, 72)
    assert line[warning.location.column - 1 :].startswith("【追加②】人的資源")  # type: ignore[operator]
    assert "追加②" in warning.message.ja
    assert "追加②" in warning.message.en
    assert warning.hint is not None
    assert "【/追加②】" in warning.hint.ja
    assert str(warning).startswith(f"{SEED}:78:72: ")


def test_seed_warnings_are_exactly_the_three_uncertain_readings() -> None:
    result = read_marked(SEED)
    assert [(w.code, w.location.line) for w in result.warnings] == [
        ("extent-unknown", 78),
        ("columns", 92),
        ("delete-unstruck", 165),
    ]


def test_seed_import_is_consistent_and_loads_as_a_folder(tmp_path: Path) -> None:
    result = read_marked(SEED)
    assert_consistent(result)
    write_marked(result, tmp_path / "aomori")
    folder = load_folder(tmp_path / "aomori")
    assert [d.model.meta.meeting for d in folder.drafts] == [2, 3]


def test_seed_metadata_comes_from_the_header_lines() -> None:
    meta = read_marked(SEED).new.meta
    assert meta.title == "青森県DX推進プラン"
    assert meta.provisional
    assert meta.stage == "素案(案)"
    assert meta.committee == "策定委員会"
    assert meta.meeting == 3
    assert meta.date is not None
    assert meta.date.isoformat() == "2023-07-26"
    assert meta.excerpt
    old = read_marked(SEED).old.meta
    assert (old.meeting, old.date, old.stage) == (2, None, "")


def test_seed_header_lines_are_not_content() -> None:
    result = read_marked(SEED)
    texts = dump_document(result.new) + dump_document(result.old)
    assert "会議資料" not in texts
    assert "R5.7.26第3回" not in texts


def test_import_is_deterministic_and_ids_follow_the_scheme() -> None:
    first, second = read_marked(SEED), read_marked(SEED)
    assert first == second
    for model in (first.new, first.old, first.opinions, first.revision):
        for match in re.finditer(r"\bid: (\S+)", dump_document(model)):
            assert ID.search(match.group(1)), match.group(1)


def _mixed(text: str) -> str:
    """Return ``text`` with \\r\\n, \\n and \\r line ends in turn (\\r only before a non-empty line)."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        following = lines[number + 1] if number + 1 < len(lines) else ""
        ending = ("\r\n", "\n", "\r" if following else "\n")[number % 3]
        out.append(line + (ending if number + 1 < len(lines) else ""))
    return "".join(out)


@pytest.mark.parametrize(
    "variant",
    [
        pytest.param(lambda t: t.replace("\n", "\r\n"), id="crlf"),
        pytest.param(lambda t: t.replace("\n", "\r"), id="cr"),
        pytest.param(lambda t: "\ufeff" + t, id="bom"),
        pytest.param(_mixed, id="mixed"),
    ],
)
def test_line_endings_and_bom_do_not_change_the_result(variant: object) -> None:
    plain = import_marked(SEED_TEXT)
    varied = import_marked(variant(SEED_TEXT))  # type: ignore[operator]
    assert (varied.new, varied.old, varied.revision, varied.opinions) == (
        plain.new,
        plain.old,
        plain.revision,
        plain.opinions,
    )
    assert [(w.code, w.location.line, w.location.column) for w in varied.warnings] == [
        (w.code, w.location.line, w.location.column) for w in plain.warnings
    ]


# --------------------------------------------------------------------------------------------
# Stating the extent of 【追加②】


def _admin_vision_2(result: object) -> tuple[Statement, Statement, Span | None]:
    new = result.new  # type: ignore[attr-defined]
    old = result.old  # type: ignore[attr-defined]
    change = next(c for c in result.revision.changes if c.label == "追加②")  # type: ignore[attr-defined]
    new_node = find(new, change.target)
    old_node = find(old, change.target)
    assert new_node is not None
    assert old_node is not None
    assert isinstance(new_node.node, Statement)
    assert isinstance(old_node.node, Statement)
    return new_node.node, old_node.node, change.span


def test_closing_mark_states_the_extent() -> None:
    text = SEED_TEXT.replace("【追加②】人的資源を", "【追加②】人的資源を【/追加②】")
    result = import_marked(text)
    assert "extent-unknown" not in [w.code for w in result.warnings]
    new, old, span = _admin_vision_2(result)
    assert new.text is not None
    assert new.text.endswith("政策分野に人的資源を集中投資できている自治体。")
    assert old.text is not None
    assert old.text.endswith("政策分野に集中投資できている自治体。")
    assert span == Span(start=68, end=73)
    assert_consistent(result)


def test_side_file_states_the_extent() -> None:
    extents = parse_extents("追加②: 人的資源を\n", Path("extents.yaml"))
    with_text = import_marked(SEED_TEXT, extents=extents)
    by_length = import_marked(SEED_TEXT, extents=parse_extents("追加②: {length: 5}\n"))
    closing = import_marked(
        SEED_TEXT.replace("【追加②】人的資源を", "【追加②】人的資源を【/追加②】")
    )
    for result in (with_text, by_length):
        assert "extent-unknown" not in [w.code for w in result.warnings]
        assert (result.new, result.old, result.revision) == (
            closing.new,
            closing.old,
            closing.revision,
        )


def test_side_file_entry_by_line_for_a_repeated_label() -> None:
    ambiguous = parse_extents("追加: 限られた\n", Path("x.yaml"))
    with pytest.raises(LoadError) as caught:
        import_marked(SEED_TEXT, extents=ambiguous)
    assert caught.value.location.path == Path("x.yaml")
    assert "line" in str(caught.value.message.en)
    by_line = parse_extents("追加:\n  - line: 126\n    text: 限られた\n")
    result = import_marked(SEED_TEXT, extents=by_line)
    change = next(c for c in result.revision.changes if c.label == "追加" and c.span is not None)
    assert change.span == Span(start=0, end=4)


def test_side_file_that_does_not_match_the_text_is_an_error() -> None:
    extents = parse_extents("# 範囲\n追加②: 人材を\n", Path("side.yaml"))
    with pytest.raises(LoadError) as caught:
        import_marked(SEED_TEXT, extents=extents)
    assert caught.value.location.path == Path("side.yaml")
    assert caught.value.location.line == 2
    assert "人的資源を" in caught.value.message.ja


def test_unused_side_file_entry_is_a_warning() -> None:
    extents = parse_extents("追加②: 人的資源を\n修正⑨: なにか\n", Path("side.yaml"))
    result = import_marked(SEED_TEXT, extents=extents)
    unused = [w for w in result.warnings if w.code == "extent-unused"]
    assert len(unused) == 1
    assert unused[0].location.path == Path("side.yaml")
    assert unused[0].location.line == 2


@pytest.mark.parametrize(
    ("text", "line"),
    [
        ("- just a list\n", 1),
        ("追加②: []\n", 1),
        ("追加②: {text: a, length: 1}\n", 1),
        ("追加②: {colour: red}\n", 1),
        ("挿入: 人的資源を\n", 1),
        ("追加②: {length: 0}\n", 1),
        ("追加②: ''\n", 1),
        ("追加②: [1, 2\n", None),
    ],
)
def test_bad_side_files_fail_with_a_location(text: str, line: int | None) -> None:
    with pytest.raises(LoadError) as caught:
        parse_extents(text, Path("bad.yaml"))
    assert caught.value.location.path == Path("bad.yaml")
    if line is not None:
        assert caught.value.location.line == line


# --------------------------------------------------------------------------------------------
# The constructs of a marked handout (golden case folder)


def test_feature_case_matches_its_golden_files() -> None:
    handout = FEATURES / "handout.md"
    result = import_marked(handout.read_text(encoding="utf-8"), path=Path(handout.name))
    expected = FEATURES / "expected"
    check_golden(expected / "draft-03.yaml", dump_document(result.old))
    check_golden(expected / "draft-04.yaml", dump_document(result.new))
    check_golden(expected / "opinions-04.yaml", dump_document(result.opinions))
    check_golden(expected / "revision-03-04.yaml", dump_document(result.revision))
    set_language("ja")
    try:
        check_golden(expected / "warnings.txt", "".join(f"{w}\n" for w in result.warnings))
    finally:
        set_language(None)
    assert_consistent(result)


def test_feature_case_reads_each_construct() -> None:
    result = read_marked(FEATURES / "handout.md")
    assert result.warnings == ()
    meta = result.new.meta
    assert (meta.title, meta.stage, meta.committee, meta.meeting) == (
        "テスト計画",
        "素案",
        "推進会議",
        4,
    )
    changes = {c.label: c for c in result.revision.changes if c.label != "追加"}
    # a marker at the start of an item covers the item
    assert changes["追加①"].span is None
    assert find(result.old, changes["追加①"].target) is None
    # a closing mark gives the end
    assert changes["追加②"].span == Span(start=8, end=13)
    # 【修正】~~old~~new gives both texts
    modified_new = find(result.new, changes["修正"].target)
    modified_old = find(result.old, changes["修正"].target)
    assert modified_new is not None
    assert modified_old is not None
    assert modified_new.node.text == "新しい文言"  # type: ignore[union-attr]
    assert modified_old.node.text == "古い文言"  # type: ignore[union-attr]
    # a mid-sentence 【削除】 followed by struck text: the span is in the old text
    deleted = find(result.old, changes["削除"].target)
    assert deleted is not None
    assert deleted.node.text == "文の途中に消えた言葉がある取組。"  # type: ignore[union-attr]
    assert changes["削除"].span == Span(start=5, end=10)
    # a marker on a heading adds the whole section
    section_change = next(
        c for c in result.revision.changes if c.label == "追加" and c.target.startswith("s-")
    )
    assert find(result.old, section_change.target) is None
    assert section_change.opinions
    # labels after a tab, on their own line (two at once), and an empty label
    by_text = {o.text: o for o in result.opinions.opinions}
    assert by_text["意見その二"].id in changes["追加②"].opinions
    assert by_text["意見その二"].id in changes["修正"].opinions
    assert by_text["意見その四"].disposition is Disposition.UNDECIDED
    assert by_text["意見その三"].channel.value == "委員会"
    # めざす姿 / 取組 lines set the kinds of a field without sections
    second_field = result.new.pillars[0].fields[1]
    kinds = [b.kind for b in second_field.blocks]
    assert kinds == ["vision", "initiative", "initiative", "footnote"]
    # 【P】 inside an item is kept verbatim
    assert "途中に【P】を含む取組" in dump_document(result.new)
    # a re-listing of an identical statement points at it
    repost = second_field.blocks[1]
    assert isinstance(repost, Statement)
    assert repost.repost is not None
    assert repost.repost.of is not None


# --------------------------------------------------------------------------------------------
# Small inputs


HEADER = "R5.7.26第3回「(仮称)テスト計画」策定委員会\n"


def test_without_header_the_meeting_must_be_given() -> None:
    with pytest.raises(LoadError) as caught:
        import_marked("# 柱\n\n- ・本文\n", path=Path("a.md"))
    assert caught.value.location.line == 1
    assert "--meeting" in str(caught.value.hint)
    result = import_marked("# 柱\n\n- ・本文\n", path=Path("a.md"), meeting=5)
    assert (result.revision.old, result.revision.new) == (4, 5)
    assert result.new.meta.title == "a"
    assert [w.code for w in result.warnings] == ["title"]


@pytest.mark.parametrize("text", ["", "\n\n", "\ufeff", "  \u3000\t\n"])
def test_empty_input_is_one_clear_error(text: str) -> None:
    with pytest.raises(LoadError) as caught:
        import_marked(text, path=Path("empty.txt"))
    assert caught.value.location.line == 1


def test_old_meeting_must_come_before() -> None:
    with pytest.raises(LoadError):
        import_marked(HEADER + "- ・a\n", old_meeting=3)


def test_a_different_header_line_is_reported_not_kept() -> None:
    text = HEADER + "## 分野\n\n- ・本文\n\nR5.7.26第4回「(仮称)テスト計画」策定委員会\n"
    result = import_marked(text)
    assert [(w.code, w.location.line) for w in result.warnings] == [("header-differs", 6)]
    assert "第4回" not in dump_document(result.new)


def test_structure_page_sets_plan_order_and_omitted_flags() -> None:
    text = (
        HEADER
        + "## 柱A\n\n## 分野A\n\n施策1\n\n施策2\n\n## 柱B\n\n分野B1\n\n分野B2\n\n"
        + "## 分野B2\n\n- ・B2の取組\n\n## 施策2\n\n本文二\n\n- ・取組\n"
    )
    result = import_marked(text)
    assert result.warnings == ()
    pillar_a, pillar_b = result.new.pillars
    assert not pillar_a.omitted
    assert [s.title for s in pillar_a.fields[0].sections] == ["施策1", "施策2"]
    assert pillar_a.fields[0].sections[0].omitted
    assert not pillar_a.fields[0].sections[1].omitted
    assert [f.title for f in pillar_b.fields] == ["分野B1", "分野B2"]
    assert pillar_b.fields[0].omitted
    assert [b.kind for b in pillar_b.fields[1].blocks] == ["initiative"]


def test_unlisted_heading_is_added_with_a_warning() -> None:
    text = HEADER + "## 柱\n\n## 分野\n\n施策\n\n## 分野\n\n### 新しい施策\n\n- ・取組\n"
    result = import_marked(text)
    assert [w.code for w in result.warnings] == ["heading-unlisted"]
    field = result.new.pillars[0].fields[0]
    assert [s.title for s in field.sections] == ["施策", "新しい施策"]


def test_note_split_over_lines_is_joined() -> None:
    result = import_marked(HEADER + "【体系図  \nを追加】\n\n# 柱\n\n- ・a\n")
    assert [b.text for b in result.new.blocks] == ["体系図を追加"]  # type: ignore[union-attr]


def test_unbalanced_bracket_line_is_kept_as_text() -> None:
    result = import_marked(HEADER + "# 柱\n\n【未完の注記\n\n- ・a\n")
    assert [w.code for w in result.warnings] == ["bracket"]
    assert "【未完の注記" in dump_document(result.new)


def test_mid_sentence_delete_without_strike_is_unknown() -> None:
    result = import_marked(HEADER + "# 柱\n\n- ・前半【削除】後半\n")
    assert [w.code for w in result.warnings] == ["extent-unknown"]
    change = result.revision.changes[0]
    assert change.kind is ChangeKind.DELETE
    assert change.span is None
    old = find(result.old, change.target)
    assert old is not None
    assert old.node.text is None  # type: ignore[union-attr]
    assert_consistent(result)


def test_struck_text_without_marker_is_an_unlabelled_deletion() -> None:
    result = import_marked(HEADER + "# 柱\n\n- ・残る~~消える~~文\n")
    assert [w.code for w in result.warnings] == ["strike-unmarked"]
    (change,) = result.revision.changes
    assert (change.kind, change.label, change.span) == (
        ChangeKind.DELETE,
        None,
        Span(start=2, end=5),
    )
    assert_consistent(result)


def test_unknown_label_in_an_opinion_table_is_reported() -> None:
    text = HEADER + "# 柱\n\n- ・【追加】a\n\n★意見\n\n意見\t修正③\n"
    result = import_marked(text)
    assert [w.code for w in result.warnings] == ["label-unknown"]
    assert result.opinions.opinions[0].disposition is Disposition.REFLECTED
    assert result.revision.changes[0].opinions == ()


def test_two_markers_in_a_marked_item_make_the_first_extent_unknown() -> None:
    result = import_marked(HEADER + "# 柱\n\n- ・【追加①】前半【追加②】後半\n")
    assert [w.code for w in result.warnings] == ["extent-unknown", "extent-unknown"]
    assert_consistent(result)


def test_opinion_tables_only_in_sections_set_the_scope_level() -> None:
    text = HEADER + "# 柱\n\n## 分野\n\n### 施策\n\n- ・【追加】a\n\n★意見\n\n意見\t追加\n"
    result = import_marked(text)
    assert result.new.meta.scope_level == "section"
    assert result.old.meta.scope_level == "section"
    assert read_marked(SEED).new.meta.scope_level == "field"


def test_markdown_pipe_table_of_opinions() -> None:
    text = (
        HEADER
        + "# 柱\n\n- ・【追加①】a\n- ・【修正】b\n\n#### ★意見(事務局が聞き取りしたもの)\n\n"
        + "| 意見 | 反映箇所 |\n| --- | --- |\n| 一つ目<br>二行目 | 追加① |\n"
        + "| 二つ目 \\| 縦棒入り | 修正 |\n| 三つ目 |  |\n| 1 | 四つ目 | 追加① |\n| 五つ目 | 別の列 |\n"
    )
    result = import_marked(text)
    assert [(o.text, o.disposition.value) for o in result.opinions.opinions] == [
        ("一つ目\n二行目", "反映"),
        ("二つ目 | 縦棒入り", "反映"),
        ("三つ目", "未定"),
        ("四つ目", "反映"),
        ("五つ目 | 別の列", "未定"),
    ]
    assert [(w.code, w.location.line) for w in result.warnings] == [("label-unreadable", 15)]
    added, modified = result.revision.changes
    assert len(added.opinions) == 2
    assert len(modified.opinions) == 1
    assert_consistent(result)


def test_repeated_page_heading_continues_the_same_node() -> None:
    text = HEADER + "# 柱\n\n## 分野\n\n- ・一枚目\n\n## 分野\n\n" + HEADER + "\n- ・二枚目\n"
    result = import_marked(text)
    (field,) = result.new.pillars[0].fields
    assert [b.text for b in field.blocks] == ["一枚目", "二枚目"]  # type: ignore[union-attr]
    assert result.warnings == ()


def test_unlisted_heading_repeated_on_a_later_page_is_one_section() -> None:
    text = (
        HEADER
        + "## 柱\n\n## 分野\n\n施策\n\n## 分野\n\n### 新しい施策\n\n- ・a\n\n"
        + "## 分野\n\n### 新しい施策\n\n- ・b\n"
    )
    result = import_marked(text)
    field = result.new.pillars[0].fields[0]
    assert [s.title for s in field.sections] == ["施策", "新しい施策"]
    assert [b.text for b in field.sections[1].blocks] == ["a", "b"]  # type: ignore[union-attr]
    assert [w.code for w in result.warnings] == ["heading-unlisted"]


def test_a_move_is_read_at_both_ends_of_planrevs_redline() -> None:
    from planrev.importers.marked import import_marked as read
    from planrev.model import Statement, walk

    text = (
        "# 柱\n\n## 分野A\n\n### 施策1\n\n- ・~~残る記述。~~（「施策2」へ移動）\n\n"
        "- ・そのままの記述。\n\n### 施策2\n\n- ・【移動】残る記述。※移動（「施策1」から）\n"
    )
    result = read(text, meeting=2, title="計画")
    texts = [loc.node.text for loc in walk(result.new) if isinstance(loc.node, Statement)]
    assert texts == ["そのままの記述。", "残る記述。"]
    assert [c.kind.value for c in result.revision.changes] == ["移動"]
    assert "move-source" in [w.code for w in result.warnings]
