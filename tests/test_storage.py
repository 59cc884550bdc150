"""YAML storage: byte-identical round trips, edits that touch only their lines, fast reads."""

from __future__ import annotations

import difflib
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from planrev import load_draft, open_document
from planrev.errors import PlanrevError, WriteError
from planrev.model import Note, OpinionSet, Plan, Revision, Statement, find, walk
from planrev.model.build import initiative, note, plan, vision
from planrev.model.checks import check_plan
from planrev.storage import files
from planrev.storage import yaml as planrev_yaml
from planrev.storage.documents import (
    Document,
    dump_document,
    loads_document,
    to_plain,
    write_text_atomic,
)
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI
from tests.edits import insert_block, move_block, remove_node, with_text
from tests.strategies import (
    histories,
    japanese_text,
    plans,
    with_comments,
    with_quirks,
)

AOMORI_FILES = sorted(AOMORI.glob("*.yaml"))

HEAVY = settings(max_examples=max(settings.default.max_examples // 2, 25))
"""For properties that parse and write YAML several times per example: half the profile's
examples keep the whole suite within its time budget."""


def changed_lines(before: str, after: str) -> list[tuple[int, int]]:
    """Return the line ranges of ``before`` (0-based, end exclusive) that differ in ``after``."""
    matcher = difflib.SequenceMatcher(None, before.split("\n"), after.split("\n"), autojunk=False)
    return [(i1, i2) for tag, i1, i2, _, _ in matcher.get_opcodes() if tag != "equal"]


class Items:
    """Where the sequence items of a YAML text are (the text is parsed once)."""

    def __init__(self, text: str) -> None:
        self.tree = planrev_yaml.parse_roundtrip(text).tree
        self.lines = text.split("\n")

    def span(self, path: tuple[Any, ...]) -> tuple[int, int]:
        """Return the lines (0-based, end exclusive) of the sequence item at ``path``."""
        container = self.tree
        for part in path[:-1]:
            container = container[part]
        start = container.lc.item(path[-1])[0]
        dash = self.lines[start].index("-")
        for number in range(start + 1, len(self.lines)):
            stripped = self.lines[number].lstrip(" ")
            indent = len(self.lines[number]) - len(stripped)
            if stripped and not stripped.startswith("#") and indent <= dash:
                return start, number
        return start, len(self.lines)

    def start(self, path: tuple[Any, ...]) -> int:
        """Return the line (0-based) where the sequence item at ``path`` starts."""
        return self.span(path)[0]


# --------------------------------------------------------------------------------------------
# The fast path


def test_fast_path_uses_the_c_parser() -> None:
    assert planrev_yaml.c_parser_in_use(), (
        "ruamel.yaml.clib is missing: YAML(typ='safe') silently runs in pure Python"
    )


def test_reading_never_builds_the_round_trip_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a read-only load used the slow round-trip parser")

    monkeypatch.setattr(planrev_yaml, "parse_roundtrip", refuse)
    folder = load_folder(AOMORI)
    assert [draft.model.meta.meeting for draft in folder.drafts] == [2, 3]
    load_draft(AOMORI / "draft-03.yaml")


# --------------------------------------------------------------------------------------------
# Byte-identical round trips


@pytest.mark.parametrize("path", AOMORI_FILES, ids=lambda path: path.name)
def test_example_files_round_trip_byte_for_byte(path: Path, tmp_path: Path) -> None:
    original = path.read_bytes()
    document = open_document(path)
    assert document.dumps().encode("utf-8") == original
    copy = tmp_path / path.name
    document.save(copy)
    assert copy.read_bytes() == original


@pytest.mark.parametrize("path", AOMORI_FILES, ids=lambda path: path.name)
def test_example_files_survive_a_no_op_model_replacement(path: Path) -> None:
    document = open_document(path)
    document.model = type(document.model).model_validate(document.model.model_dump())
    assert not document.changed
    assert document.dumps() == path.read_text(encoding="utf-8")


@given(plans())
def test_load_of_dump_is_the_plan(draft: Plan) -> None:
    text = dump_document(draft)
    assert loads_document(text) == draft
    assert dump_document(loads_document(text)) == text


@given(st.data())
def test_commented_drafts_round_trip_byte_for_byte(data: st.DataObject) -> None:
    draft = data.draw(plans(), label="draft")
    text = data.draw(with_comments(dump_document(draft)), label="text")
    loaded = loads_document(text)
    assert loaded == draft
    assert Document(loaded, text, None).dumps() == text


@HEAVY
@given(st.data())
def test_opinions_and_revisions_round_trip(data: st.DataObject) -> None:
    history = data.draw(histories(max_pillars=1), label="history")
    for model in (history.opinions, history.revision):
        text = data.draw(with_comments(dump_document(model)))
        loaded = loads_document(text)
        assert loaded == model
        assert Document(loaded, text, None).dumps() == text


def test_plain_data_of_a_dump_is_the_compact_model() -> None:
    draft = plan("計画", vision("v", "めざす姿"), meeting=3)
    data = planrev_yaml.parse_fast(dump_document(draft))
    assert data == to_plain(draft, compact=True)
    assert "bullet" not in data["blocks"][0]


def test_dump_starts_with_the_schema_line() -> None:
    text = dump_document(plan("計画"))
    assert text.startswith("# yaml-language-server: $schema=../../schemas/draft.schema.json\n")


@pytest.mark.parametrize(
    ("written", "value"),
    [
        ("80", "80"),
        ("80.50", "80.50"),
        ("1,000", "1,000"),
        ("'080'", "080"),
        ("010", "010"),
        ("1e3", "1e3"),
        ("約8割", "約8割"),
        ("''", ""),
        ("null", None),
        ("", None),
    ],
)
def test_kpi_cells_keep_numbers_as_written(written: str, value: str | None) -> None:
    text = (
        "schema_version: 1\ndocument: draft\nmeta:\n  title: 計画\nblocks:\n"
        f"  - kind: kpi\n    id: k\n    rows:\n      - id: r\n        indicator: 指標\n"
        f"        baseline: {written}\n"
    )
    table = loads_document(text).blocks[0]
    assert table.kind == "kpi"
    assert table.rows[0].baseline == value


def test_texts_are_never_normalised() -> None:
    body = "　全角スペースで始まり、半角スペースで終わる \t"
    draft = plan("計画", note("n", body), initiative("i", "①　ＡＢＣ１２３\n二行目　"))
    text = dump_document(draft)
    loaded = loads_document(text)
    assert loaded.blocks[0].text == body
    assert loaded == draft


# --------------------------------------------------------------------------------------------
# Edits through the API


def test_editing_one_statement_changes_only_its_line() -> None:
    path = AOMORI / "draft-03.yaml"
    original = path.read_text(encoding="utf-8")
    document = open_document(path, expect=Plan)
    document.model = with_text(document.model, "talent-2", "限られたデジタル人材を活用する。")
    edited = document.dumps()
    before, after = original.split("\n"), edited.split("\n")
    assert len(before) == len(after)
    differing = [number for number, (a, b) in enumerate(zip(before, after, strict=True)) if a != b]
    assert len(differing) == 1
    assert after[differing[0]] == "            text: 限られたデジタル人材を活用する。"
    assert loads_document(edited) == document.model


def test_filling_in_an_unknown_text_keeps_its_comment() -> None:
    path = AOMORI / "draft-02.yaml"
    original = path.read_text(encoding="utf-8")
    document = open_document(path, expect=Plan)
    document.model = with_text(document.model, "inclusion-2", "様々なサポートをする。")
    edited = document.dumps()
    line = original.split("\n").index(
        "            text: null   # 【修正】前の文言は資料に示されていない"
    )
    assert changed_lines(original, edited) == [(line, line + 1)]
    # The comment keeps its column where the new text leaves room, else one space separates it.
    assert edited.split("\n")[line] == (
        "            text: 様々なサポートをする。 # 【修正】前の文言は資料に示されていない"
    )


def test_a_long_new_text_becomes_a_block_scalar() -> None:
    document = Document(
        plan("計画", initiative("i", "短い")),
        dump_document(plan("計画", initiative("i", "短い"))),
        None,
    )
    long_text = "長い文言" * 20
    document.model = with_text(document.model, "i", long_text)
    assert f"    text: |-\n      {long_text}\n" in document.dumps()


@HEAVY
@given(st.data())
def test_editing_a_statement_touches_only_its_lines(data: st.DataObject) -> None:
    draft = data.draw(plans(), label="draft")
    statements = [item for item in walk(draft) if isinstance(item.node, Statement)]
    assume(statements)
    target = data.draw(st.sampled_from(statements), label="target")
    commented = data.draw(with_comments(dump_document(draft)), label="commented")
    text = data.draw(with_quirks(commented), label="text")
    assert loads_document(text) == draft
    new_text = data.draw(st.none() | japanese_text(), label="new text")
    document = Document(loads_document(text), text, None)
    document.model = with_text(draft, target.id, new_text)
    edited = document.dumps()
    assert loads_document(edited) == document.model
    start, end = Items(text).span(target.path)
    for first, last in changed_lines(text, edited):
        assert start <= first
        assert last <= end


@HEAVY
@given(st.data())
def test_an_edit_undone_gives_the_original_bytes(data: st.DataObject) -> None:
    draft = data.draw(plans(max_pillars=1), label="draft")
    statements = [item for item in walk(draft) if isinstance(item.node, Statement)]
    assume(statements)
    target = data.draw(st.sampled_from(statements), label="target")
    # Comments, but no odd spacing: the edited line itself is rewritten in planrev's spelling.
    text = data.draw(with_comments(dump_document(draft)), label="text")
    document = Document(draft, text, None)
    # A style an edit needed (a `|-` block for a long text, double quotes for NEL/LS/PS) stays
    # with the value afterwards, as ruamel keeps a scalar's style on assignment; edits that need
    # no new style are undone to the byte.
    plain = japanese_text().filter(
        lambda new: (
            len(new) < planrev_yaml.LITERAL_MIN_LENGTH
            and not any(char in new for char in "\x85\u2028\u2029")
        )
    )
    document.model = with_text(draft, target.id, data.draw(st.none() | plain))
    document.dumps()
    document.model = draft
    assert document.dumps() == text


def test_saving_twice_after_one_edit_is_stable(tmp_path: Path) -> None:
    path = tmp_path / "draft-03.yaml"
    path.write_bytes((AOMORI / "draft-03.yaml").read_bytes())
    document = open_document(path, expect=Plan)
    document.model = with_text(document.model, "data-2", "新しい文言")
    document.save()
    first = path.read_bytes()
    assert not document.changed
    document.save()
    assert path.read_bytes() == first
    assert open_document(path).dumps().encode() == first


# --------------------------------------------------------------------------------------------
# Comments stay with their blocks when blocks are inserted, deleted or moved


def _comments_of(items: Items | str, draft: Plan, node_id: str) -> tuple[str, str]:
    """Return the line above block ``node_id`` and the line holding its ``id:`` key."""
    if isinstance(items, str):
        items = Items(items)
    located = find(draft, node_id)
    assert located is not None
    start = items.start(located.path)
    id_line = next(line for line in items.lines[start:] if line.lstrip(" -").startswith("id:"))
    return items.lines[start - 1], id_line


def test_a_comment_above_a_block_stays_when_the_block_before_it_is_deleted() -> None:
    path = AOMORI / "draft-02.yaml"
    document = open_document(path, expect=Plan)
    document.model = remove_node(document.model, "infra-2")
    edited = document.dumps()
    above, _ = _comments_of(edited, document.model, "infra-3")
    assert (
        above
        == "          # 商工業・サービス業の取組方針の再掲。元の記述は抜粋の外にある(source で施策を指す)。"
    )
    assert "プランに掲げるめざす姿" not in edited
    assert loads_document(edited) == document.model


def test_a_comment_above_a_block_moves_with_it() -> None:
    path = AOMORI / "draft-02.yaml"
    original = path.read_text(encoding="utf-8")
    document = open_document(path, expect=Plan)
    document.model = move_block(document.model, "infra-3", 0)
    edited = document.dumps()
    above, _ = _comments_of(edited, document.model, "infra-3")
    assert (
        above.strip()
        == "# 商工業・サービス業の取組方針の再掲。元の記述は抜粋の外にある(source で施策を指す)。"
    )
    assert sorted(original.split("\n")) == sorted(edited.split("\n"))


def test_a_comment_above_a_block_stays_above_it_when_a_block_is_inserted_before_it() -> None:
    path = AOMORI / "draft-02.yaml"
    document = open_document(path, expect=Plan)
    located = find(document.model, "infra-3")
    assert located is not None
    document.model = insert_block(
        document.model, "digital-infrastructure", 2, initiative("infra-new", "新しい取組")
    )
    edited = document.dumps()
    above, _ = _comments_of(edited, document.model, "infra-3")
    assert above.strip().startswith("# 商工業・サービス業の取組方針の再掲")
    above_new, _ = _comments_of(edited, document.model, "infra-new")
    assert not above_new.strip().startswith("#")


def test_the_comment_after_the_last_field_stays_at_the_end() -> None:
    text = dump_document(plan("計画", note("a", "A"), note("b", "B"))) + "# 終わりのコメント\n"
    document = Document(loads_document(text), text, None)
    document.model = remove_node(document.model, "b")
    assert document.dumps().endswith("    text: A\n# 終わりのコメント\n")


def _block_lists(draft: Plan) -> list[tuple[str | None, tuple[str, ...]]]:
    """Return each list of blocks with two or more blocks: (container id, block ids)."""
    lists: list[tuple[str | None, tuple[str, ...]]] = []
    if len(draft.blocks) >= 2:
        lists.append((None, tuple(block.id for block in draft.blocks)))
    for located in walk(draft):
        blocks = getattr(located.node, "blocks", ())
        if len(blocks) >= 2 and not isinstance(located.node, Note):
            lists.append((located.id, tuple(block.id for block in blocks)))
    return lists


def _annotate(text: str, draft: Plan, ids: tuple[str, ...]) -> str:
    """Put ``# lead <id>`` above and ``# eol <id>`` beside the id of each block in ``ids``."""
    items = Items(text)
    lines = items.lines
    marks: dict[int, str] = {}
    eols: dict[int, str] = {}
    for block_id in ids:
        located = find(draft, block_id)
        assert located is not None
        start = items.start(located.path)
        dash = lines[start].index("-")
        marks[start] = " " * dash + f"# lead {block_id}"
        id_line = next(
            number
            for number in range(start, len(lines))
            if lines[number].lstrip(" -").startswith("id:")
        )
        eols[id_line] = f"  # eol {block_id}"
    result = []
    for number, line in enumerate(lines):
        if number in marks:
            result.append(marks[number])
        result.append(line + eols.get(number, ""))
    return "\n".join(result)


@HEAVY
@given(st.data())
def test_comments_follow_their_blocks_through_inserts_deletes_and_moves(
    data: st.DataObject,
) -> None:
    draft = data.draw(plans(max_pillars=1, max_sections=1, max_blocks=5), label="draft")
    lists = _block_lists(draft)
    assume(lists)
    container, ids = data.draw(st.sampled_from(lists), label="list")
    text = _annotate(dump_document(draft), draft, ids)
    assert loads_document(text) == draft
    kept = data.draw(st.lists(st.sampled_from(ids), unique=True), label="kept order")
    edited_model = draft
    for block_id in ids:
        if block_id not in kept:
            edited_model = remove_node(edited_model, block_id)
    for position, block_id in enumerate(kept):
        edited_model = move_block(edited_model, block_id, position)
    used = {item.id for item in walk(draft)}
    for number in range(data.draw(st.integers(0, 2), label="inserts")):
        position = data.draw(st.integers(0, len(kept) + number), label="insert at")
        new_id = f"inserted-{number}"
        assume(new_id not in used)
        edited_model = insert_block(edited_model, container, position, note(new_id, "新"))
    assume(not check_plan(edited_model))  # a deleted block may have been re-listed (再掲)
    document = Document(draft, text, None)
    document.model = edited_model
    edited = document.dumps()
    assert loads_document(edited) == edited_model
    items = Items(edited)
    for block_id in kept:
        above, id_line = _comments_of(items, edited_model, block_id)
        assert above.strip() == f"# lead {block_id}"
        assert id_line.endswith(f"  # eol {block_id}")
    for block_id in set(ids) - set(kept):
        assert f"# lead {block_id}\n" not in edited


def test_a_comment_between_keys_survives_when_the_list_before_it_is_replaced() -> None:
    text = (
        "schema_version: 1\ndocument: revision\nold: 2\nnew: 3\nchanges:\n"
        "  - id: c1\n    kind: 追加\n    target: t\n    opinions:\n      - a\n"
        "    # 理由のメモ\n    reason: 理由\n"
        "  # 次の変更のメモ\n  - id: c2\n    kind: 削除\n    target: u\n"
    )
    document = Document(loads_document(text), text, None)
    revision = document.model
    assert isinstance(revision, Revision)
    first = revision.changes[0].model_copy(update={"opinions": ("a", "b")})
    document.model = revision.model_copy(update={"changes": (first, revision.changes[1])})
    edited = document.dumps()
    assert (
        "      - a\n      - b\n    # 理由のメモ\n    reason: 理由\n  # 次の変更のメモ\n" in edited
    )


# --------------------------------------------------------------------------------------------
# BOM, line endings, null styles, layouts


def test_a_byte_order_mark_is_kept(tmp_path: Path) -> None:
    original = "\ufeff" + (AOMORI / "opinions-03.yaml").read_text(encoding="utf-8")
    path = tmp_path / "opinions.yaml"
    path.write_text(original, encoding="utf-8", newline="")
    document = open_document(path, expect=OpinionSet)
    assert document.dumps() == original
    opinion = document.model.opinions[1].model_copy(update={"response": "検討します"})
    document.model = document.model.model_copy(
        update={"opinions": (document.model.opinions[0], opinion, *document.model.opinions[2:])}
    )
    edited = document.dumps()
    assert edited.startswith("\ufeff# yaml-language-server")
    assert loads_document(edited) == document.model


@pytest.mark.parametrize("path", AOMORI_FILES, ids=lambda path: path.name)
def test_crlf_files_round_trip_and_stay_crlf(path: Path, tmp_path: Path) -> None:
    original = path.read_text(encoding="utf-8").replace("\n", "\r\n")
    copy = tmp_path / path.name
    copy.write_bytes(original.encode("utf-8"))
    document = open_document(copy)
    assert document.dumps() == original
    assert document.model == loads_document(path.read_text(encoding="utf-8"))


def test_an_edited_crlf_file_keeps_crlf_everywhere(tmp_path: Path) -> None:
    original = (AOMORI / "draft-03.yaml").read_text(encoding="utf-8").replace("\n", "\r\n")
    path = tmp_path / "draft.yaml"
    path.write_bytes(original.encode("utf-8"))
    document = open_document(path, expect=Plan)
    document.model = insert_block(
        document.model, "talent", 1, initiative("talent-x", "追加\n二行目" * 10)
    )
    document.model = with_text(document.model, "talent-2", "新しい文言")
    document.save()
    saved = path.read_bytes().decode("utf-8")
    assert "\n" not in saved.replace("\r\n", "")
    assert changed_lines(original.replace("\r\n", "\n"), saved.replace("\r\n", "\n")) != []
    assert loads_document(saved) == document.model


NULLS = (
    "schema_version: 1\ndocument: draft\nmeta:\n  title: 計画\n  meeting: ~\n  date:\n"
    "blocks:\n  - kind: vision\n    id: a\n    text: null\n  - kind: vision\n    id: b\n"
    "    text: Null\n  - kind: vision\n    id: c\n    text: ~\n  - kind: vision\n    id: d\n"
    "    text:\n"
)


def test_null_styles_are_kept_when_something_else_changes() -> None:
    document = Document(loads_document(NULLS), NULLS, None)
    document.model = with_text(document.model, "c", "文言")
    edited = document.dumps()
    assert edited == NULLS.replace("    text: ~\n", "    text: 文言\n")


def test_a_new_unknown_text_is_written_as_null() -> None:
    document = Document(loads_document(NULLS), NULLS, None)
    document.model = insert_block(document.model, None, 4, vision("e", None))
    assert document.dumps() == NULLS + "  - kind: vision\n    id: e\n    text: null\n"


LAYOUT_4_2_0 = """\
schema_version: 1
document: draft
meta:
    title: 計画
    meeting: 3
pillars:
- id: p
  title: 柱
  fields:
  - id: f
    title: 分野
    blocks:
    - kind: vision
      id: v1
      text: 一つ目   # コメント
    - kind: vision
      id: v2
      text: 二つ目
"""

LAYOUT_2_4_2 = """\
schema_version: 1
document: draft
meta:
  title: 計画
  meeting: 3
pillars:
  - id: p
    title: 柱
    fields:
      - id: f
        title: 分野
        blocks:
          - kind: vision
            id: v1
            text: 一つ目   # コメント
          - kind: vision
            id: v2
            text: 二つ目
"""


@pytest.mark.parametrize(
    ("text", "layout"),
    [(LAYOUT_4_2_0, (4, 2, 0)), (LAYOUT_2_4_2, (2, 4, 2))],
    ids=["4-2-0", "2-4-2"],
)
def test_layouts_are_guessed_and_kept_for_new_content(
    text: str, layout: tuple[int, int, int]
) -> None:
    guessed = planrev_yaml.guess_layout(text)
    assert (guessed.mapping, guessed.sequence, guessed.offset) == layout
    document = Document(loads_document(text), text, None)
    assert document.dumps() == text
    document.model = insert_block(document.model, "f", 1, initiative("new", "新しい取組"))
    edited = document.dumps()
    v1 = (
        text.index("    - kind: vision\n      id: v2")
        if layout[1] == 2
        else text.index("          - kind: vision\n            id: v2")
    )
    item_indent = " " * (4 + layout[2]) if layout[1] == 2 else " " * 10
    body_indent = item_indent + " " * (layout[1] - layout[2])
    inserted = (
        f"{item_indent}- kind: initiative\n{body_indent}id: new\n{body_indent}text: 新しい取組\n"
    )
    assert edited == text[:v1] + inserted + text[v1:]


def test_guess_layout_falls_back_to_the_canonical_layout() -> None:
    assert planrev_yaml.guess_layout("a: 1\n") == planrev_yaml.CANONICAL


# --------------------------------------------------------------------------------------------
# Saving


def test_save_refuses_to_overwrite_a_file_changed_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text(dump_document(plan("計画", note("n", "メモ"))), encoding="utf-8")
    document = open_document(path, expect=Plan)
    path.write_text(path.read_text(encoding="utf-8") + "# 別の人の編集\n", encoding="utf-8")
    document.model = with_text(document.model, "n", "新しいメモ")
    with pytest.raises(PlanrevError, match="読み込んだ後に変更されています"):
        document.save()
    assert path.read_text(encoding="utf-8").endswith("# 別の人の編集\n")
    document.save(overwrite_modified=True)
    assert loads_document(path.read_text(encoding="utf-8")) == document.model


def test_save_without_a_path_is_an_error() -> None:
    document = Document(plan("計画"), dump_document(plan("計画")), None)
    with pytest.raises(PlanrevError, match="保存先が指定されていません"):
        document.save()


def test_atomic_write_leaves_the_old_file_when_it_fails(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "draft.yaml"
    path.write_text("old\n", encoding="utf-8")

    def broken_replace(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(files.os, "replace", broken_replace)
    with pytest.raises(WriteError, match="disk full") as caught:
        write_text_atomic(path, "new\n")
    assert str(caught.value).startswith(f"{path}: ")  # the real file, not the temporary one
    assert path.read_text(encoding="utf-8") == "old\n"
    assert os.listdir(tmp_path) == ["draft.yaml"]


def test_atomic_write_creates_folders_and_writes_exact_bytes(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b" / "draft.yaml"
    write_text_atomic(path, "改行\r\nそのまま\n")
    assert path.read_bytes() == "改行\r\nそのまま\n".encode()
    assert os.listdir(path.parent) == ["draft.yaml"]


# --------------------------------------------------------------------------------------------
# Folders


def test_a_folder_orders_drafts_by_meeting_not_by_file_name(tmp_path: Path) -> None:
    for path in AOMORI_FILES:
        name = {"draft-02.yaml": "z-old.yaml", "draft-03.yaml": "a-new.yml"}.get(
            path.name, path.name
        )
        (tmp_path / name).write_bytes(path.read_bytes())
    (tmp_path / ".hidden.yaml").write_text("not: planrev\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("メモ\n", encoding="utf-8")
    folder = load_folder(tmp_path)
    assert [draft.path.name for draft in folder.drafts] == ["z-old.yaml", "a-new.yml"]
    assert folder.latest.meta.meeting == 3
    assert folder.draft(2).meta.meeting == 2
    with pytest.raises(KeyError):
        folder.draft(4)
    steps = list(folder.steps())
    assert len(steps) == 1
    assert steps[0].revision is not None
    assert steps[0].opinions is not None
    assert folder.opinions_for(3) is not None
    assert folder.opinions_for(2) is None


@HEAVY
@given(histories(max_pillars=1))
def test_generated_histories_load_as_folders(history: Any) -> None:
    import tempfile

    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        for file_name, model in (
            ("old.yaml", history.old),
            ("new.yaml", history.new),
            ("opinions.yaml", history.opinions),
            ("revision.yaml", history.revision),
        ):
            (folder / file_name).write_text(dump_document(model), encoding="utf-8")
        loaded = load_folder(folder)
    assert [draft.model for draft in loaded.drafts] == [history.old, history.new]
    assert loaded.opinions[0].model == history.opinions
    assert loaded.revisions[0].model == history.revision


# --------------------------------------------------------------------------------------------
# Hand-written files


HAND_WRITTEN = """\
---
# 手で書いたファイル: 値の前の空白、行末の空白、引用符、エスケープ
schema_version:   1
document: "draft"
meta:
  title:    '青森県DX推進プラン'
  meeting: 3   \n\
blocks:
  - kind: note
    id:     n1
    text: "エスケープ\\e\\/と\\u00e9"
  - kind: vision
    id: v1
    text: 変える文
  - kind: vision
    id: v2
    text:   'そのまま'
"""


def test_a_hand_written_file_round_trips_byte_for_byte() -> None:
    document = Document(loads_document(HAND_WRITTEN), HAND_WRITTEN, None)
    assert document.dumps() == HAND_WRITTEN
    note = document.model.blocks[0]
    assert isinstance(note, Note)
    assert note.text == "エスケープ\x1b/とé"


def test_an_edit_keeps_the_spelling_of_the_lines_it_does_not_touch() -> None:
    document = Document(loads_document(HAND_WRITTEN), HAND_WRITTEN, None)
    document.model = with_text(document.model, "v1", "変えた文")
    edited = document.dumps()
    assert edited == HAND_WRITTEN.replace("    text: 変える文\n", "    text: 変えた文\n")


def test_dumps_does_not_mark_the_document_saved() -> None:
    text = dump_document(plan("計画", note("n", "メモ")))
    document = Document(loads_document(text), text, None)
    document.model = with_text(document.model, "n", "新しいメモ")
    first = document.dumps()
    assert document.changed
    assert document.dumps() == first
    assert document.changed


def test_planrev_does_not_change_ruamel_for_other_code() -> None:
    import io

    from ruamel.yaml import YAML

    open_document(AOMORI / "draft-02.yaml").dumps()  # exercise planrev's round trip first
    stream = io.StringIO()
    YAML().dump({"a": None}, stream)
    assert stream.getvalue() == "a:\n"
    assert YAML(typ="safe").load("a: 80.50") == {"a": 80.5}
    assert type(YAML(typ="safe").load("a: 1")["a"]) is int
