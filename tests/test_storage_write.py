"""New YAML files (storage/yaml/write.py): planrev's layout, the same bytes as ruamel's
round-trip dumper, and data that reads back unchanged through both readers."""

from __future__ import annotations

import datetime
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planrev.storage.documents import load_document, schema_header, to_plain
from planrev.storage.yaml import (
    CANONICAL,
    LITERAL_MIN_LENGTH,
    RoundTrip,
    dump_new,
    dump_roundtrip,
    parse_fast,
    parse_roundtrip,
    styled,
)
from planrev.testing.synthetic import make_plan, revise
from tests.conftest import ROOT


def _ruamel_new(data: dict[str, Any], header: str) -> str:
    """What ruamel's round-trip dumper writes for new data: the layout dump_new must match."""
    tree = styled(data)
    tree.yaml_set_start_comment(header)
    return dump_roundtrip(RoundTrip(tree, CANONICAL))


def _documents() -> list[tuple[str, Any]]:
    found = [(path.name, load_document(path)) for path in sorted((ROOT / "drafts").rglob("*.yaml"))]
    rng = random.Random(7)
    plan = make_plan(rng, 120, meeting=1)
    revised = revise(rng, plan, rate=0.1)
    found += [
        ("synthetic plan", plan),
        ("synthetic opinions", revised.opinions),
        ("synthetic revision", revised.record),
    ]
    return found


@pytest.mark.parametrize(("name", "model"), _documents(), ids=lambda value: str(value)[:30])
def test_a_new_file_is_what_ruamel_writes_for_the_same_data(name: str, model: Any) -> None:
    data = to_plain(model, compact=True)
    header = schema_header(model.document)
    written = dump_new(data, header)
    assert written == _ruamel_new(data, header), (
        f"{name}: PyYAML and ruamel write new files differently; check storage/yaml/write.py "
        "against the installed PyYAML"
    )
    assert written.startswith(f"# {header}\n")
    assert "\n  - " in written  # CANONICAL: a sequence item's dash two spaces in


def test_long_texts_are_literal_blocks_and_line_separators_double_quoted() -> None:
    long = "あ" * LITERAL_MIN_LENGTH
    written = dump_new({"a": long, "b": "短い。", "c": "一\u2028二", "d": long + " "})
    assert f"a: |-\n  {long}\n" in written
    assert "b: 短い。\n" in written
    assert 'c: "一\\L二"\n' in written
    assert f"d: '{long} '\n" in written  # a literal block would lose the trailing space


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "on",
        "0o17",
        "1e3",
        "0x1F",
        ".inf",
        "~",
        "null",
        "",
        "true",
        "12",
        "1.5",
        "2023-07-26",
        "2023-7-26 10:00:00",
        "- a",
        "a: b",
        "#x",
        "x #y",
        "'q'",
        '"q"',
        "[1]",
        "{a}",
        "*a",
        "&a",
        "!t",
        "|",
        ">",
        "%",
        "@",
        "`",
        "---",
        "...",
        " lead",
        "trail ",
        "\t",
        "a\nb",
        "第1章\n",
        "\ufeffx",
        "\x85",
        "\x00",
        "😀",
        "１２",
        "①",
        "㈱",
        "髙",
    ],
)
def test_strings_that_look_like_other_types_or_syntax_read_back_as_the_same_string(
    text: str,
) -> None:
    data = {"text": text, "items": [text, {"id": "x", "text": text}]}
    written = dump_new(data)
    assert parse_fast(written) == data
    assert parse_roundtrip(written).tree == data


_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**12), max_value=10**12)
    | st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2200, 12, 31))
    | st.text(st.characters(exclude_categories=("Cs",)), max_size=60),
    lambda children: (
        st.lists(children, max_size=4)
        | st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), children, max_size=4)
    ),
    max_leaves=12,
)


@given(st.dictionaries(st.from_regex(r"[a-z_]{1,10}", fullmatch=True), _values, max_size=5))
def test_any_plain_data_reads_back_unchanged_through_both_readers(data: dict[str, Any]) -> None:
    written = dump_new(data, "header")
    assert parse_fast(written) == data
    assert parse_roundtrip(written).tree == data


def test_a_new_file_saved_unedited_through_ruamel_keeps_its_bytes(tmp_path: Path) -> None:
    model = _documents()[-3][1]
    written = dump_new(to_plain(model, compact=True), schema_header(model.document))
    assert dump_roundtrip(parse_roundtrip(written)) == written


@pytest.mark.parametrize("text", ["一\n𠮷", "\n𠮷野家", "𠮷\u2028", "\\U00020BB7\n𠮷"])
def test_characters_beyond_the_bmp_are_written_as_they_are_in_double_quotes(text: str) -> None:
    written = dump_new({"text": text})
    assert written.startswith('text: "')
    assert "𠮷" in written
    assert "\\U00020BB7" not in written.replace("\\\\U00020BB7", "")
    assert parse_fast(written) == {"text": text}


QUOTE_PRONE = [
    "It's",
    "'q'",
    "'",
    "a'b: c",
    "- 'x'",
    "# 'x'",
    "a: 'b'",
    " 'x",
    "x' ",
    "'\"",
    '"q"',
    'a"b',
    "a: b",
    "#x",
    "x #y",
    "- a",
    "-a",
    "全角「テキスト」",
    "全角'引用'：コロン",
    "一\n二'",
    "前'" * LITERAL_MIN_LENGTH,
    "",
]


@pytest.mark.parametrize("text", QUOTE_PRONE)
def test_quoted_texts_are_written_as_ruamel_writes_them(text: str) -> None:
    # ruamel double-quotes a text holding ' where PyYAML would single-quote it ('It''s: a'):
    # a file planrev created must not change bytes when it is later saved through ruamel.
    data = {"text": text, "items": [text, {"id": "x", "text": text}]}
    assert dump_new(data, "header") == _ruamel_new(data, "header")


_QUOTE_PRONE_TEXT = st.text(
    st.sampled_from(
        [*"'\"：:# -\n\t?,[]{}!&*|>%@`~\\ab1.", "全", "「", "」", "。", "\u3000", "😀"]
    ),
    max_size=50,
)


@given(_QUOTE_PRONE_TEXT | st.text(st.characters(exclude_categories=("Cs",)), max_size=30))
def test_any_text_is_written_as_ruamel_writes_it(text: str) -> None:
    data = {"text": text, "items": [text, {"id": "x", "text": text}]}
    assert dump_new(data, "header") == _ruamel_new(data, "header")
