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
import gc
import io
import re
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml as pyyaml
from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from planrev.era import format_short
from planrev.errors import Location, YamlSyntaxError
from planrev.i18n import Msg

__all__ = [
    "LITERAL_MIN_LENGTH",
    "Layout",
    "RoundTrip",
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


@contextmanager
def _gc_paused() -> Iterator[None]:
    # Building many small containers triggers the cyclic collector again and again; a big load
    # runs up to 4x slower with it on.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


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


def _construct_int(loader: _FastLoader, node: Any) -> int:
    text = loader.construct_scalar(node)
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return sign * int(digits[2:], 8)
    if digits.startswith("0x"):
        return sign * int(digits[2:], 16)
    return sign * int(digits, 10)  # YAML 1.2: 017 is seventeen, not octal


def _construct_mapping(loader: _FastLoader, node: Any) -> dict[Any, Any]:
    loader.flatten_mapping(node)
    mapping: dict[Any, Any] = {}
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
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
        mapping[key] = loader.construct_object(value_node, deep=True)
    return mapping


_FastLoader.add_constructor("tag:yaml.org,2002:int", _construct_int)
_FastLoader.add_constructor("tag:yaml.org,2002:map", _construct_mapping)


def c_parser_in_use() -> bool:
    """Return whether the fast path really runs LibYAML's C code (PyYAML built with libyaml)."""
    return bool(pyyaml.__with_libyaml__) and issubclass(_FastLoader, pyyaml.CSafeLoader)


def _syntax_error(exc: Exception, path: Path | None) -> YamlSyntaxError:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    line = mark.line + 1 if mark is not None else None
    column = mark.column + 1 if mark is not None else None
    problem = getattr(exc, "problem", None) or str(exc)
    hint = _syntax_hint(problem)
    return YamlSyntaxError(
        Msg(f"YAMLの書式が正しくありません: {problem}", f"invalid YAML: {problem}"),
        location=Location(path, line, column),
        hint=hint,
    )


def _syntax_hint(problem: str) -> Msg:
    if "duplicate key" in problem:
        return Msg(
            "同じキーが2回書かれています。どちらかを消すか、名前を変えてください。",
            "the same key is written twice; remove one or rename it.",
        )
    if "\\t" in problem or "'\\t'" in problem or "cannot start any token" in problem:
        return Msg(
            "字下げにタブは使えません。半角スペースで字下げしてください。",
            "tabs cannot indent YAML; indent with spaces.",
        )
    if "mapping values are not allowed" in problem:
        return Msg(
            "値の中に「: 」(コロンと空白)があります。値を引用符で囲むか、`|-` のブロック形式で書いてください。",
            "a value contains ': '; quote the value or write it as a `|-` block.",
        )
    return Msg(
        "その行と直前の行の字下げ・引用符・括弧の対応を確認してください。",
        "check the indentation, quotes and brackets of that line and the one before it.",
    )


def parse_fast(text: str, path: Path | None = None) -> Any:
    """Parse ``text`` into plain Python data with the C loader (nothing can be written back)."""
    try:
        with _gc_paused():
            return pyyaml.load(text, Loader=_FastLoader)
    except (YAMLError, pyyaml.YAMLError) as exc:
        raise _syntax_error(exc, path) from exc
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


def _roundtrip_yaml(layout: Layout) -> YAML:
    yaml = YAML()
    yaml.constructor.add_constructor("tag:yaml.org,2002:null", _construct_null)
    yaml.representer.add_representer(_Null, _represent_kept_null)
    yaml.representer.add_representer(type(None), _represent_new_null)
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def parse_roundtrip(text: str, path: Path | None = None) -> RoundTrip:
    """Parse ``text`` keeping comments and styles, and guess its indentation."""
    try:
        with _gc_paused():
            tree = _roundtrip_yaml(CANONICAL).load(text)
    except YAMLError as exc:
        raise _syntax_error(exc, path) from exc
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


def sync(tree: Any, old: Any, new: Any, compact: Any) -> Any:
    """Make ``tree`` (round-trip data equal to ``old``) equal to ``new``, touching only differences.

    ``old`` and ``new`` are full plain-data snapshots (every field present); ``compact`` is ``new``
    without default values, used for content that did not exist before so that new items are
    written as briefly as a person would. Lists of mappings with an ``id`` are matched by id, so
    comments stay with their items when others are inserted, removed or moved. Returns the tree to
    use in place of ``tree`` (a different object only when the type changed).
    """
    if old == new:
        return tree
    if isinstance(new, Mapping) and isinstance(tree, CommentedMap) and isinstance(old, Mapping):
        for key in [key for key in tree if key not in new]:
            del tree[key]
        for key, value in new.items():
            if key in old and old[key] == value and (key in tree or key not in compact):
                continue
            if key in tree:
                tree[key] = sync(tree[key], old.get(key), value, _compact_part(compact, key, value))
            else:
                if key not in compact:
                    continue  # still the default, and the file leaves it out
                _insert_key(tree, key, styled(compact[key]), list(new))
        return tree
    if isinstance(new, list) and isinstance(tree, CommentedSeq) and isinstance(old, list):
        compact_items = compact if isinstance(compact, list) else new
        if new and old and _is_keyed_list(new) and _is_keyed_list(old):
            _sync_keyed_list(tree, old, new, compact_items)
            return tree
        if len(old) == len(new):
            for position, (before, after) in enumerate(zip(old, new, strict=True)):
                if before != after:
                    tree[position] = sync(tree[position], before, after, compact_items[position])
            return tree
        return styled(compact_items)
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
    tree: CommentedSeq, old: list[Any], new: list[Any], compact: list[Any]
) -> None:
    new_ids = [item["id"] for item in new]
    wanted = set(new_ids)
    current_old = list(old)
    for position in reversed(range(len(current_old))):
        if current_old[position]["id"] not in wanted:
            del tree[position]
            del current_old[position]
    for position, item_id in enumerate(new_ids):
        found = next(
            (index for index, item in enumerate(current_old) if item["id"] == item_id), None
        )
        if found is None:
            tree.insert(position, styled(compact[position]))
            current_old.insert(position, new[position])
            continue
        if found != position:
            moved = tree[found]
            before = current_old.pop(found)
            del tree[found]
            tree.insert(position, moved)
            current_old.insert(position, before)
        tree[position] = sync(
            tree[position], current_old[position], new[position], compact[position]
        )
        current_old[position] = new[position]


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
