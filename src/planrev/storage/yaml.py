"""The one door to the YAML libraries: fast reads, round-trip reads and writes, node positions.

Two ways in:

- :func:`parse_fast` — LibYAML's C parser *and* C-driven constructor (PyYAML's ``CSafeLoader``)
  with a YAML 1.2 core-schema resolver and the garbage collector paused, for every read that
  writes nothing back (≈8 MB/s on planrev drafts, against ≈3 MB/s for ruamel's ``typ="safe"``,
  whose constructor runs in Python even over its C parser, and ≈1 MB/s for the round-trip
  loader);
- :func:`parse_roundtrip` — ruamel's round-trip loader, which keeps comments, key order, quoting
  and block-scalar styles so that :func:`dump_roundtrip` gives the same bytes back. It is used
  when a file is opened for editing, and to find line and column of a problem after a fast read
  failed validation (errors are rare; reading twice then costs nothing that matters).

:func:`sync` applies the difference between two plain-data snapshots of a document to a round-trip
tree, so that a programmatic edit changes only the lines it must.
"""

from __future__ import annotations

import datetime
import io
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import CommentMark, YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
)
from ruamel.yaml.tokens import CommentToken

from planrev.era import format_short
from planrev.errors import Location, YamlSyntaxError
from planrev.i18n import Msg

__all__ = [
    "LITERAL_MIN_LENGTH",
    "Layout",
    "RoundTrip",
    "WrittenFloat",
    "WrittenInt",
    "c_parser_in_use",
    "dump_new",
    "dump_roundtrip",
    "parse_fast",
    "parse_roundtrip",
    "position_of",
    "sync",
]

_WIDTH = 1_000_000_000
"""Line width for dumping: high enough that ruamel never re-folds a long Japanese line."""

LITERAL_MIN_LENGTH = 40
"""Texts at least this long are written as literal block scalars (``|-``) in new content."""

_NOT_IN_LITERAL = re.compile(
    "[\r\x85\u2028\u2029\ufeff]|[^\n\t\x20-\x7e\x85\xa0-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]"
)
"""Characters a literal block cannot carry unchanged (line-break variants YAML normalises, and
characters YAML can only write escaped)."""

_NEEDS_ESCAPES = re.compile("[\x85\u2028\u2029]")
"""Line-break characters that only a double-quoted scalar carries unchanged."""


@dataclass(frozen=True, slots=True)
class Layout:
    """How a YAML file indents its block collections."""

    mapping: int = 2
    """Indent of a nested mapping."""
    sequence: int = 4
    """Indent of a sequence item's content."""
    offset: int = 2
    """Indent of the ``-`` of a sequence item."""


CANONICAL = Layout()
"""planrev's own layout for files it creates."""


@dataclass(slots=True)
class RoundTrip:
    """A document read for editing: the comment-keeping tree and the layout to write it back."""

    tree: Any
    """The round-trip tree (CommentedMap at the top for planrev files)."""
    layout: Layout
    """The indentation the file uses."""


class WrittenInt(int):
    """An integer read by :func:`parse_fast` that remembers how it was written.

    ``str()`` gives the text of the file (``010``, ``1_000``, ``0x10``), so that a text field
    which accepts numbers (a KPI cell) keeps what the secretariat typed.
    """

    text: str

    def __new__(cls, value: int, text: str) -> WrittenInt:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


class WrittenFloat(float):
    """A float read by :func:`parse_fast` that remembers how it was written (``80.50``, ``1e3``)."""

    text: str

    def __new__(cls, value: float, text: str) -> WrittenFloat:
        number = super().__new__(cls, value)
        number.text = text
        return number

    def __str__(self) -> str:
        return self.text


class _FastLoader(pyyaml.CSafeLoader):  # type: ignore[misc]  # PyYAML ships no types
    """LibYAML's C loader reading the YAML 1.2 core schema (plus dates), refusing duplicate keys.

    PyYAML resolves YAML 1.1 by default (``yes``/``on`` → true, ``0755`` octal, ``1:20`` → 80):
    planrev files are YAML 1.2, as ruamel reads them, so the implicit types are replaced.
    """


_FastLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in (
    ("bool", r"^(?:true|True|TRUE|false|False|FALSE)$", "tTfF"),
    ("int", r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$", "-+0123456789"),
    (
        "float",
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$",
        "-+0123456789.",
    ),
    ("null", r"^(?:~|null|Null|NULL|)$", ["~", "n", "N", ""]),
    (
        "timestamp",
        r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
        r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
        r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$",
        "0123456789",
    ),
):
    _FastLoader.add_implicit_resolver(
        f"tag:yaml.org,2002:{_tag}", re.compile(_pattern), list(_first)
    )


def _construct_int(loader: _FastLoader, node: Any) -> WrittenInt:
    text = loader.construct_scalar(node)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return WrittenInt(sign * int(digits[2:], 8), text)
    if digits.startswith("0x"):
        return WrittenInt(sign * int(digits[2:], 16), text)
    return WrittenInt(sign * int(digits, 10), text)  # YAML 1.2: 017 is seventeen, not octal


def _construct_float(loader: _FastLoader, node: Any) -> WrittenFloat:
    text = loader.construct_scalar(node)
    return WrittenFloat(pyyaml.constructor.SafeConstructor.construct_yaml_float(loader, node), text)


def _refuse_repeated(mapping: dict[Any, Any], key: Any, node: Any, key_node: Any) -> None:
    """Refuse a key already in ``mapping`` (PyYAML would keep the last) or one that is unhashable."""
    try:
        duplicate = key in mapping
    except TypeError as exc:  # an unhashable key, e.g. a list used as a key
        raise pyyaml.constructor.ConstructorError(
            "while constructing a mapping",
            node.start_mark,
            "found an unhashable key",
            key_node.start_mark,
        ) from exc
    if duplicate:
        raise pyyaml.constructor.ConstructorError(
            "while constructing a mapping",
            node.start_mark,
            f'found duplicate key "{key}"',
            key_node.start_mark,
        )


def _construct_mapping(loader: _FastLoader, node: Any) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        _refuse_repeated(mapping, key, node, key_node)
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_FastLoader.add_constructor("tag:yaml.org,2002:float", _construct_float)
_FastLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def c_parser_in_use() -> bool:
    """Return whether the fast path really runs LibYAML's C code (PyYAML built with libyaml)."""
    return bool(pyyaml.__with_libyaml__) and issubclass(_FastLoader, pyyaml.CSafeLoader)


def _syntax_error(exc: Exception, path: Path | None, text: str) -> YamlSyntaxError:
    problem = str(getattr(exc, "problem", None) or exc)
    context = str(getattr(exc, "context", None) or "")
    problem_mark = getattr(exc, "problem_mark", None)
    context_mark = getattr(exc, "context_mark", None)
    mark = problem_mark or context_mark
    if context_mark is not None and (
        "quoted scalar" in context or "flow sequence" in context or "flow mapping" in context
    ):
        mark = context_mark  # where the unclosed quote or bracket opened
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    found = _char_at(text, mark)
    explained, hint = _syntax_explanation(problem, context, found)
    return YamlSyntaxError(
        Msg(explained, f"invalid YAML: {problem}"),
        location=Location(path, line, column),
        hint=hint,
    )


def _char_at(text: str, mark: Any) -> str:
    if mark is None:
        return ""
    lines = text.split("\n")
    if not 0 <= mark.line < len(lines):
        return ""
    line = lines[mark.line]
    return line[mark.column] if 0 <= mark.column < len(line) else ""


_CHECK_AROUND = Msg(
    "その行と直前の行の字下げ・引用符・括弧の対応を確認してください。",
    "check the indentation, quotes and brackets of that line and the one before it.",
)


def _syntax_explanation(problem: str, context: str, found: str) -> tuple[str, Msg]:
    """Return the Japanese message and the hint for a YAML syntax problem."""
    if "duplicate key" in problem:
        key = re.search(r'duplicate key "(.*?)"', problem)
        name = f"「{key.group(1)}」" if key else ""
        return f"キー{name}が2回書かれています", Msg(
            "どちらか一方を消すか、キー名を直してください。",
            "remove one of them, or correct the key's name.",
        )
    if "tab" in problem or "\\t" in problem or found == "\t":
        return "字下げにタブ文字が使われています", Msg(
            "字下げにタブは使えません。半角スペースで字下げしてください。",
            "tabs cannot indent YAML; indent with spaces.",
        )
    if "cannot start any token" in problem:
        return f"値が「{found}」で始まっています", Msg(
            "「@」や「`」で始まる値は引用符で囲んでください(例: '@計画')。",
            "quote a value that starts with @ or ` (e.g. '@plan').",
        )
    if "mapping values are not allowed" in problem:
        return "値の中に「: 」(コロンと空白)があります", Msg(
            "値を引用符で囲むか、`|-` のブロック形式で書いてください。",
            "quote the value or write it as a `|-` block.",
        )
    if "quoted scalar" in context:
        return "引用符が閉じられていません", Msg(
            "この位置で開いた引用符(' または \")を、値の終わりで閉じてください。",
            "close the quote (' or \") opened here at the end of the value.",
        )
    if "flow sequence" in context or "flow mapping" in context:
        return "括弧が閉じられていません", Msg(
            "この位置で開いた「[」または「{」を閉じてください。",
            "close the [ or { opened here.",
        )
    if "expected key" in problem or "'-' indicator" in problem:
        return "字下げが揃っていません", Msg(
            "同じ階層のキーやリストの項目は、同じ数の半角スペースで字下げしてください。",
            "indent keys and list items of the same level by the same number of spaces.",
        )
    if "undefined alias" in problem:
        return "「*」で始まる値は別名(エイリアス)として読まれます", Msg(
            "値を引用符で囲んでください(例: '*注')。", "quote the value (e.g. '*note')."
        )
    if "constructor for the tag" in problem:
        return "「!」で始まる値はタグとして読まれます", Msg(
            "値を引用符で囲んでください(例: '!重要')。", "quote the value (e.g. '!important')."
        )
    if "another document" in problem:
        return "1つのファイルに文書が2つあります(--- の区切り)", Msg(
            "--- の行を消すか、文書ごとにファイルを分けてください。",
            "remove the --- line, or put each document in a file of its own.",
        )
    return f"YAMLの書式が正しくありません: {problem}", _CHECK_AROUND


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


class _Builder:
    """Turns LibYAML's node graph into plain data, faster than PyYAML's generic constructor.

    The same values as the ``_FastLoader`` constructors give (a test keeps them equal), with
    aliases built once and recursive ones refused.
    """

    def __init__(self, loader: _FastLoader) -> None:
        self.loader = loader
        self.built: dict[int, Any] = {}
        self.building: set[int] = set()

    def build(self, node: Any) -> Any:
        if isinstance(node, pyyaml.ScalarNode):
            tag = node.tag
            if tag == _STR:
                return node.value
            if tag == _NULL:
                return None
            if tag == _INT:
                return _construct_int(self.loader, node)
            if tag == _BOOL:
                return node.value[0] in "tT"
            if tag == _FLOAT:
                return _construct_float(self.loader, node)
            if tag == _TIMESTAMP:
                return self.loader.construct_yaml_timestamp(node)
            return self._refuse(node)
        key = id(node)
        if key in self.built:
            return self.built[key]
        if key in self.building:
            raise pyyaml.constructor.ConstructorError(
                None,
                None,
                "found a recursive alias (an anchor used inside itself)",
                node.start_mark,
            )
        self.building.add(key)
        if isinstance(node, pyyaml.SequenceNode) and node.tag == _SEQ:
            value: Any = [self.build(item) for item in node.value]
        elif isinstance(node, pyyaml.MappingNode) and node.tag == _MAP:
            value = self._mapping(node)
        else:
            value = self._refuse(node)
        self.building.discard(key)
        self.built[key] = value
        return value

    def _mapping(self, node: Any) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node)
            _refuse_repeated(mapping, key, node, key_node)
            mapping[key] = self.build(value_node)
        return mapping

    @staticmethod
    def _refuse(node: Any) -> Any:
        raise pyyaml.constructor.ConstructorError(
            None, None, f"the tag {node.tag!r} is not part of planrev's YAML", node.start_mark
        )


def parse_fast(text: str, path: Path | None = None) -> Any:
    """Parse ``text`` into plain Python data with the C loader (nothing can be written back).

    LibYAML composes the node graph in C; :class:`_Builder` turns it into plain data.
    """
    try:
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            return None if node is None else _Builder(loader).build(node)
        finally:
            loader.dispose()
    except (YAMLError, pyyaml.YAMLError) as exc:
        raise _syntax_error(exc, path, text) from exc
    except (ValueError, RecursionError) as exc:  # e.g. out-of-range timestamps, absurd nesting
        raise YamlSyntaxError(
            Msg(f"YAMLとして読めません: {exc}", f"cannot read the YAML: {exc}"),
            location=Location(path),
        ) from exc


class _Null:
    """A null read by the round-trip loader, remembering how it was written (``~``, ``null``, ``)."""

    __slots__ = ("text",)

    def __init__(self, text: str) -> None:
        self.text = text

    def __eq__(self, other: object) -> bool:
        return other is None or isinstance(other, _Null)

    def __hash__(self) -> int:
        return hash(None)


def _construct_null(constructor: Any, node: Any) -> _Null:
    return _Null(node.value)


def _represent_kept_null(representer: Any, data: _Null) -> Any:
    return representer.represent_scalar("tag:yaml.org,2002:null", data.text)


def _represent_new_null(representer: Any, data: None) -> Any:
    # New nulls are written out as `null`: "unknown" should be visible, not an empty value.
    return representer.represent_scalar("tag:yaml.org,2002:null", "null")


class _RoundTripConstructor(RoundTripConstructor):
    """ruamel's round-trip constructor, with nulls that remember how they were written.

    Subclasses (here and below) keep planrev's changes away from other code using ruamel.yaml in
    the same process: ``add_constructor`` and ``add_representer`` change the class they are
    called on.
    """


class _RoundTripRepresenter(RoundTripRepresenter):
    """ruamel's round-trip representer, writing kept nulls as read and new ones as ``null``."""


_RoundTripConstructor.add_constructor("tag:yaml.org,2002:null", _construct_null)
_RoundTripRepresenter.add_representer(_Null, _represent_kept_null)
_RoundTripRepresenter.add_representer(type(None), _represent_new_null)


def _roundtrip_yaml(layout: Layout) -> YAML:
    yaml = YAML()
    yaml.Constructor = _RoundTripConstructor
    yaml.Representer = _RoundTripRepresenter
    # Before anything touches yaml.constructor: the constructor reads preserve_quotes when it is
    # created, and a later setting is silently ignored (quoted scalars then lose their quotes).
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def parse_roundtrip(text: str, path: Path | None = None) -> RoundTrip:
    """Parse ``text`` keeping comments and styles, and guess its indentation."""
    try:
        tree = _roundtrip_yaml(CANONICAL).load(text)
    except YAMLError as exc:
        raise _syntax_error(exc, path, text) from exc
    except (ValueError, RecursionError) as exc:
        raise YamlSyntaxError(
            Msg(f"YAMLとして読めません: {exc}", f"cannot read the YAML: {exc}"),
            location=Location(path),
        ) from exc
    return RoundTrip(tree, guess_layout(text))


def guess_layout(text: str) -> Layout:
    """Return the indentation a YAML text uses (planrev's canonical layout where it shows none).

    The mapping indent is read off the first ``key:`` line followed by a deeper key; the sequence
    indents off the first ``key:`` line followed by a ``- item`` line.
    """
    mapping: int | None = None
    sequence: int | None = None
    offset: int | None = None
    parent: int | None = None
    for line in text.splitlines():
        stripped = line.lstrip(" ")
        if not stripped or stripped.startswith("#"):
            continue
        indent = len(line) - len(stripped)
        if parent is not None:
            if stripped.startswith("- ") or stripped.rstrip() == "-":
                if sequence is None and indent >= parent:
                    offset = indent - parent
                    content = stripped[1:]
                    gap = len(content) - len(content.lstrip(" "))
                    sequence = offset + 1 + gap if content.strip() else offset + 2
            elif mapping is None and indent > parent:
                mapping = indent - parent
            if mapping is not None and sequence is not None:
                break
        is_key_line = stripped.rstrip().endswith(":") and not stripped.startswith(("- ", "#"))
        parent = indent if is_key_line else None
    return Layout(
        mapping=mapping or CANONICAL.mapping,
        sequence=sequence if sequence and sequence > 0 else CANONICAL.sequence,
        offset=offset if offset is not None else CANONICAL.offset,
    )


def dump_roundtrip(document: RoundTrip) -> str:
    """Write a round-trip tree back to text in its own layout."""
    stream = io.StringIO()
    _roundtrip_yaml(document.layout).dump(document.tree, stream)
    return stream.getvalue()


def dump_new(data: Mapping[str, Any], header_comment: str | None = None) -> str:
    """Write plain data as a new planrev YAML file in the canonical layout.

    Long texts become literal block scalars where YAML can carry them unchanged; ``header_comment``
    (without the ``#``) goes on the first line.
    """
    tree = styled(data)
    if header_comment is not None:
        tree.yaml_set_start_comment(header_comment)
    return dump_roundtrip(RoundTrip(tree, CANONICAL))


def _literal_ok(text: str) -> bool:
    """Return whether a literal block scalar carries ``text`` back unchanged."""
    return (
        _NOT_IN_LITERAL.search(text) is None
        and not text.startswith((" ", "\t", "\n"))
        and not text.endswith((" ", "\t"))
        and " \n" not in text
        and "\t\n" not in text
    )


def styled(value: Any, previous: Any = None) -> Any:
    """Return ``value`` as round-trip data, long texts as literal block scalars.

    ``previous`` is the value being replaced: a text that was a block scalar stays one.
    """
    if isinstance(value, Mapping):
        mapping = CommentedMap()
        for key, item in value.items():
            mapping[key] = styled(item)
        return mapping
    if isinstance(value, list | tuple):
        return CommentedSeq(styled(item) for item in value)
    if (
        isinstance(value, datetime.date)
        and isinstance(previous, str)
        and previous
        and not previous[0].isdigit()
    ):
        return format_short(value)  # the file writes dates in the era form: keep to it
    if isinstance(value, str):
        wants_block = isinstance(previous, LiteralScalarString) or len(value) >= LITERAL_MIN_LENGTH
        if wants_block and _literal_ok(value):
            return LiteralScalarString(value)
        if _NEEDS_ESCAPES.search(value):
            # ruamel writes these raw inside plain and single-quoted scalars, where a reader
            # takes them for line breaks; only double quotes escape them (\N, \L, \P).
            return DoubleQuotedScalarString(value)
        return value
    return value


def _is_keyed_list(items: Sequence[Any]) -> bool:
    return all(isinstance(item, Mapping) and "id" in item for item in items)


def sync(
    tree: Any, old: Any, new: Any, compact: Any, *, parent: Any = None, key: Any = None
) -> Any:
    """Make ``tree`` (round-trip data equal to ``old``) equal to ``new``, touching only differences.

    ``old`` and ``new`` are full plain-data snapshots (every field present); ``compact`` is ``new``
    without default values, used for content that did not exist before so that new items are
    written as briefly as a person would. Lists of mappings with an ``id`` are matched by id;
    the comment lines above an item go with it when items are inserted, removed or moved, and the
    comment lines after a mapping or list stay after it (see :func:`_take_leads`). ``parent`` and
    ``key`` say where ``tree`` sits (the comments above a list's first item are kept there).
    Returns the tree to use in place of ``tree`` (a different object only when the type changed).
    """
    if old == new:
        return tree
    if isinstance(new, Mapping) and isinstance(tree, CommentedMap) and isinstance(old, Mapping):
        trailer = _take_trailer(tree)
        for name in [name for name in tree if name not in new]:
            del tree[name]
        for name, value in new.items():
            if name in old and old[name] == value and (name in tree or name not in compact):
                continue
            if name in tree:
                tree[name] = sync(
                    tree[name],
                    old.get(name),
                    value,
                    _compact_part(compact, name, value),
                    parent=tree,
                    key=name,
                )
            else:
                if name not in compact:
                    continue  # still the default, and the file leaves it out
                _insert_key(tree, name, styled(compact[name]), list(new))
        _give_trailer(tree, trailer)
        return tree
    if isinstance(new, list) and isinstance(tree, CommentedSeq) and isinstance(old, list):
        compact_items = compact if isinstance(compact, list) else new
        if old and _is_keyed_list(new) and _is_keyed_list(old):
            _sync_keyed_list(tree, old, new, compact_items, parent=parent, key=key)
            return tree
        trailer = _take_trailer(tree)
        if len(old) == len(new):
            for position, (before, after) in enumerate(zip(old, new, strict=True)):
                if before != after:
                    tree[position] = sync(
                        tree[position],
                        before,
                        after,
                        compact_items[position],
                        parent=tree,
                        key=position,
                    )
            _give_trailer(tree, trailer, parent, key)
            return tree
        replacement = styled(compact_items)
        _give_trailer(replacement, trailer, parent, key)
        return replacement
    return styled(compact if compact is not None else new, previous=tree)


def _compact_part(compact: Any, key: str, full_value: Any) -> Any:
    if isinstance(compact, Mapping) and key in compact:
        return compact[key]
    return full_value


def _insert_key(tree: CommentedMap, key: str, value: Any, order: list[str]) -> None:
    """Insert ``key`` after the nearest key that precedes it in the model's field order."""
    position = 0
    for earlier in order[: order.index(key)]:
        if earlier in tree:
            position = list(tree).index(earlier) + 1
    tree.insert(position, key, value)


def _sync_keyed_list(
    tree: CommentedSeq,
    old: list[Any],
    new: list[Any],
    compact: list[Any],
    *,
    parent: Any = None,
    key: Any = None,
) -> None:
    leads = _take_leads(tree, parent, key)
    trailer = _take_trailer(tree)
    new_ids = [item["id"] for item in new]
    wanted = set(new_ids)
    current_old = list(old)
    for position in reversed(range(len(current_old))):
        if current_old[position]["id"] not in wanted:
            del tree[position]
            del current_old[position]
            del leads[position]
    for position, item_id in enumerate(new_ids):
        found = next(
            (index for index, item in enumerate(current_old) if item["id"] == item_id), None
        )
        if found is None:
            tree.insert(position, styled(compact[position]))
            current_old.insert(position, new[position])
            leads.insert(position, [])
            continue
        if found != position:
            moved = tree[found]
            before = current_old.pop(found)
            lead = leads.pop(found)
            del tree[found]
            tree.insert(position, moved)
            current_old.insert(position, before)
            leads.insert(position, lead)
        tree[position] = sync(
            tree[position],
            current_old[position],
            new[position],
            compact[position],
            parent=tree,
            key=position,
        )
        current_old[position] = new[position]
    _give_leads(tree, leads)
    _give_trailer(tree, trailer, parent, key)


# --------------------------------------------------------------------------------------------
# Comments that belong to an item, or after a collection
#
# ruamel keeps a comment with the token before it: the comment lines above item k of a list are
# stored after the last scalar of item k-1 (as the continuation of that scalar's end-of-line
# comment), and those above item 0 with the key that holds the list. Deleting or moving item k-1
# would then take item k's comments along. Before changing a keyed list, the comment lines above
# each item are detached as plain lines ("leads") and, once the items are in their new order,
# attached to each item's own pre-comment slot; the comment lines after a collection ("trailer")
# are moved to wherever its last scalar now is. End-of-line comments never move.

_BLOCK_SCALARS = (LiteralScalarString, FoldedScalarString)


@dataclass(slots=True)
class _Tail:
    """The place of the comment that follows a node's last scalar."""

    holder: Any
    """The mapping or sequence holding the last scalar."""
    key: Any
    """Its key (mapping) or index (sequence)."""
    after_block: bool
    """Whether the scalar is a block scalar, after which a comment starts a line of its own."""


def _is_block_collection(node: Any) -> bool:
    return isinstance(node, CommentedMap | CommentedSeq) and bool(node) and not node.fa.flow_style()


def _tail(node: Any) -> _Tail | None:
    """Return where the comment after ``node`` is kept, or None if ``node`` is not a block
    collection with content."""
    if not _is_block_collection(node):
        return None
    while True:
        key = next(reversed(node)) if isinstance(node, CommentedMap) else len(node) - 1
        value = node[key]
        if not _is_block_collection(value):
            return _Tail(node, key, isinstance(value, _BLOCK_SCALARS))
        node = value


def _slot(tail: _Tail) -> int:
    # ruamel keeps the comment after a mapping value in slot 2, after a sequence item in slot 0.
    return 2 if isinstance(tail.holder, CommentedMap) else 0


def _tail_token(tail: _Tail) -> Any:
    entry = tail.holder.ca.items.get(tail.key)
    return entry[_slot(tail)] if entry else None


def _column(token: Any) -> int:
    return int(getattr(token.start_mark, "column", 0) or 0)


def _token_lines(token: Any, *, fresh_line: bool) -> list[str]:
    """Return the lines of a comment token; with ``fresh_line`` its first line starts a line
    (its indentation is then kept in the token's column, not in its text)."""
    lines = str(token.value).split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if fresh_line and lines and lines[0].startswith("#"):
        lines[0] = " " * _column(token) + lines[0]
    return lines


def _split_tail(tail: _Tail) -> tuple[str | None, list[str]]:
    """Return the end-of-line comment after the tail (None if none) and the full lines after."""
    token = _tail_token(tail)
    if token is None:
        return None, []
    if tail.after_block:
        return None, _token_lines(token, fresh_line=True)
    lines = _token_lines(token, fresh_line=False)
    if not lines:
        return None, []
    return (lines[0] or None), lines[1:]


def _new_token(text: str, column: int) -> CommentToken:
    return CommentToken(text, CommentMark(column), None)


def _write_tail(tail: _Tail, eol: str | None, lines: list[str]) -> None:
    """Set the comment after the tail to ``eol`` (kept on its line) and the full ``lines``."""
    token = _tail_token(tail)
    entry = tail.holder.ca.items.setdefault(tail.key, [None, None, None, None])
    value = tail.holder[tail.key]
    replacement: CommentToken | None
    if tail.after_block:
        if not lines:
            replacement = None
        else:
            first = lines[0]
            indent = len(first) - len(first.lstrip(" ")) if first.strip() else 0
            text = first[indent:] + "\n" + "".join(line + "\n" for line in lines[1:])
            replacement = _new_token(text, indent)
    elif eol is None and not lines:
        replacement = None
    else:
        text = (eol or "") + "\n" + "".join(line + "\n" for line in lines)
        if token is not None and eol is not None:
            token.value = text  # in place: keeps the column the end-of-line comment is aligned to
            return
        replacement = _new_token(text, 0)
    entry[_slot(tail)] = replacement
    # A flow collection ([a, b]) keeps a second reference to the comment after it.
    if isinstance(value, CommentedMap | CommentedSeq):
        own = value.ca.comment
        if own and own[0] is token:
            own[0] = replacement


def _take_trailer(node: Any) -> list[str]:
    """Detach and return the comment lines after ``node`` (a block collection)."""
    tail = _tail(node)
    if tail is None:
        return []
    eol, lines = _split_tail(tail)
    if lines:
        _write_tail(tail, eol, [])
    return lines


def _give_trailer(node: Any, lines: list[str], parent: Any = None, key: Any = None) -> None:
    """Attach comment ``lines`` after ``node``, or after its key in ``parent`` if it is empty."""
    if not lines:
        return
    tail = _tail(node)
    if tail is None:
        if not isinstance(parent, CommentedMap) or key not in parent:
            return  # an emptied list at the top of a document: nothing to hold the comment
        tail = _Tail(parent, key, after_block=False)
    eol, existing = _split_tail(tail)
    _write_tail(tail, eol, existing + lines)


def _pre_lines(tokens: Any) -> list[str]:
    lines: list[str] = []
    for token in tokens or ():
        if isinstance(token, CommentToken):
            lines.extend(_token_lines(token, fresh_line=True))
    return lines


def _pre_tokens(lines: list[str]) -> list[CommentToken] | None:
    tokens = []
    for line in lines:
        stripped = line.lstrip(" ")
        tokens.append(_new_token(stripped + "\n", len(line) - len(stripped) if stripped else 0))
    return tokens or None


def _take_leads(tree: CommentedSeq, parent: Any, key: Any) -> list[list[str]]:
    """Detach and return the comment lines above each item of ``tree``."""
    leads: list[list[str]] = [[] for _ in tree]
    if not leads:
        return leads
    entry = parent.ca.items.get(key) if isinstance(parent, CommentedMap) else None
    if entry:
        token = entry[2]
        if token is not None and not isinstance(tree, _BLOCK_SCALARS):
            lines = _token_lines(token, fresh_line=False)
            if len(lines) > 1:
                leads[0].extend(lines[1:])
                if lines[0]:
                    token.value = lines[0] + "\n"
                else:
                    entry[2] = None
        if entry[3]:
            leads[0].extend(_pre_lines(entry[3]))
            entry[3] = None
        if tree.ca.comment:
            tree.ca.comment = None  # ruamel's second reference to the same comment
    for position in range(len(tree)):
        if position > 0:
            tail = _tail(tree[position - 1])
            if tail is not None:
                eol, lines = _split_tail(tail)
                if lines:
                    leads[position].extend(lines)
                    _write_tail(tail, eol, [])
        own = tree.ca.items.get(position)
        if own and own[1]:
            leads[position].extend(_pre_lines(own[1]))
            own[1] = None
    return leads


def _give_leads(tree: CommentedSeq, leads: list[list[str]]) -> None:
    """Attach ``leads[k]`` above item k of ``tree``."""
    for position, lines in enumerate(leads):
        tokens = _pre_tokens(lines)
        if tokens is None:
            own = tree.ca.items.get(position)
            if own:
                own[1] = None
            continue
        tree.ca.items.setdefault(position, [None, None, None, None])[1] = tokens


def compose(text: str) -> Any:
    """Return LibYAML's node graph of ``text`` (marks give lines and columns), or None.

    None when the text is empty or not well-formed YAML. Composing runs no constructor, so it is
    fast enough to place findings in drafts of thousands of sections.
    """
    try:
        return pyyaml.compose(text, Loader=_FastLoader)
    except (pyyaml.YAMLError, ValueError, RecursionError):
        return None


def position_in(
    node: Any, path: Sequence[str | int], *, at_key: bool = False
) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the node at ``path`` in a composed graph, or None.

    Path parts that are not in the data (pydantic's union tags) are skipped; where the path
    leaves the data (a missing key) the position of the last node reached is returned. With
    ``at_key`` the position of the last key itself is returned, otherwise that of its value.
    """
    if node is None:
        return None
    found = (node.start_mark.line + 1, node.start_mark.column + 1)
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, pyyaml.MappingNode) and isinstance(part, str):
            pair = next((p for p in node.value if getattr(p[0], "value", None) == part), None)
            if pair is None:
                continue  # a union tag, or a missing key: stay where we are
            mark = pair[0].start_mark if last and at_key else pair[1].start_mark
            found = (mark.line + 1, mark.column + 1)
            node = pair[1]
        elif isinstance(node, pyyaml.SequenceNode) and isinstance(part, int):
            if not 0 <= part < len(node.value):
                break
            node = node.value[part]
            found = (node.start_mark.line + 1, node.start_mark.column + 1)
    return found


def locate(text: str, path: Sequence[str | int], *, at_key: bool = False) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the node at ``path`` in a YAML text, or None."""
    return position_in(compose(text), path, at_key=at_key)


def position_of(
    tree: Any, path: Sequence[str | int], *, at_key: bool = False
) -> tuple[int, int] | None:
    """Return the 1-based (line, column) of the node at ``path`` in a round-trip tree.

    Path parts that are not in the data (pydantic's union tags) are skipped; where the path leaves
    the data (a missing key) the position of the last node reached is returned. With ``at_key`` the
    position of the last key itself is returned (for "unknown key"), otherwise that of its value.
    """
    node = tree
    found: tuple[int, int] | None = None
    if isinstance(tree, CommentedMap | CommentedSeq):
        found = (tree.lc.line + 1, tree.lc.col + 1)
    for depth, part in enumerate(path):
        last = depth == len(path) - 1
        if isinstance(node, CommentedMap) and isinstance(part, str):
            if part not in node:
                continue  # a union tag, or a missing key: stay where we are
            line, column = node.lc.key(part) if last and at_key else node.lc.value(part)
            found = (line + 1, column + 1)
            node = node[part]
        elif isinstance(node, CommentedSeq) and isinstance(part, int):
            if not 0 <= part < len(node):
                break
            line, column = node.lc.item(part)
            found = (line + 1, column + 1)
            node = node[part]
        else:
            continue
    return found
