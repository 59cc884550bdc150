"""The read path: LibYAML's C parser and composer, a YAML 1.2 core-schema resolver, plain data.

Every read that writes nothing back comes here (≈8 MB/s on planrev drafts, against ≈1 MB/s for
ruamel's round-trip loader). :func:`parse_fast` holds the text to a node budget before and while
it builds (:attr:`planrev.storage.files.Limits.nodes`): a file with more nodes than the budget is
refused before LibYAML builds its graph, and an alias (``*name``) counts as every node it stands
for, so an alias bomb is refused after a few microseconds instead of expanding exponentially.
:func:`compose` and :func:`position_in` find the line and column of a value for messages.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import yaml as pyyaml

from planrev.errors import LimitError, Location, YamlSyntaxError
from planrev.i18n import Msg
from planrev.storage.files import LIMIT_VARIABLES, Limits
from planrev.storage.yaml.syntax import syntax_error, unreadable

__all__ = [
    "CORE_SCHEMA",
    "WrittenFloat",
    "WrittenInt",
    "c_parser_in_use",
    "compose",
    "locate",
    "parse_fast",
    "position_in",
]


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
    """LibYAML's C loader resolving the YAML 1.2 core schema (plus dates).

    PyYAML resolves YAML 1.1 by default (``yes``/``on`` → true, ``0755`` octal, ``1:20`` → 80):
    planrev files are YAML 1.2, as ruamel reads them, so the implicit types are replaced.
    """


CORE_SCHEMA: tuple[tuple[str, re.Pattern[str], str | tuple[str, ...]], ...] = (
    ("tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), "tTfF"),
    (
        "tag:yaml.org,2002:int",
        re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
            r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
        ),
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ("~", "n", "N", "")),
    (
        "tag:yaml.org,2002:timestamp",
        re.compile(
            r"^(?:[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}"
            r"(?:(?:[Tt]|[ \t]+)[0-9]{1,2}:[0-9]{2}:[0-9]{2}(?:\.[0-9]*)?"
            r"(?:[ \t]*(?:Z|[-+][0-9]{1,2}(?::[0-9]{2})?))?)?)$"
        ),
        "0123456789",
    ),
)
"""The implicit types of planrev's YAML (the YAML 1.2 core schema, plus dates), as PyYAML
resolvers: (tag, pattern of the plain scalar, its possible first characters)."""

_FastLoader.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in CORE_SCHEMA:
    _FastLoader.add_implicit_resolver(_tag, _pattern, list(_first))


def c_parser_in_use() -> bool:
    """Return whether the fast path really runs LibYAML's C code (PyYAML built with libyaml)."""
    return bool(pyyaml.__with_libyaml__) and issubclass(_FastLoader, pyyaml.CSafeLoader)


def _written_int(text: str) -> WrittenInt:
    sign = -1 if text.startswith("-") else 1
    digits = text.lstrip("+-")
    if digits.startswith("0o"):
        return WrittenInt(sign * int(digits[2:], 8), text)
    if digits.startswith("0x"):
        return WrittenInt(sign * int(digits[2:], 16), text)
    return WrittenInt(sign * int(digits, 10), text)  # YAML 1.2: 017 is seventeen, not octal


def _written_float(loader: _FastLoader, node: Any) -> WrittenFloat:
    value = pyyaml.constructor.SafeConstructor.construct_yaml_float(loader, node)
    return WrittenFloat(value, node.value)


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_SEQ = "tag:yaml.org,2002:seq"
_MAP = "tag:yaml.org,2002:map"


def _too_many_nodes(limit: int, path: Path | None, mark: Any, *, alias: bool) -> LimitError:
    where = Location(path, mark.line + 1, mark.column + 1) if mark is not None else Location(path)
    because = (
        Msg(
            "。ここで定義した値(&)を別名(*)が繰り返し使い、展開すると",
            "; the value anchored here (&) is repeated by aliases (*) into",
        )
        if alias
        else Msg("。ここまでで", "; by here there are")
    )
    return LimitError(
        Msg(
            f"YAML の要素が多すぎます{because.ja}上限の {limit:,} 個を超えます",
            f"too many YAML nodes{because.en} more than the limit of {limit:,}",
        ),
        location=where,
        hint=Msg(
            "別名(*)で入れ子を繰り返していないか確認してください。正しい大きなファイルなら、"
            f"環境変数 {LIMIT_VARIABLES['nodes']} で上限を上げられます。",
            "check for aliases (*) that repeat nested content; for a genuine large file raise "
            f"the limit with {LIMIT_VARIABLES['nodes']}.",
        ),
    )


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


class _Builder:
    """Turns LibYAML's node graph into plain data, counting nodes as it goes.

    An anchored collection is built once and shared by its aliases, but counted each time it is
    used: ``count`` is the number of nodes the data stands for once every alias is expanded
    (what validation would walk), and going over ``limit`` stops the build. Recursive aliases
    and tags outside the core schema are refused.
    """

    def __init__(self, loader: _FastLoader, limit: int, path: Path | None) -> None:
        self.loader = loader
        self.limit = limit
        self.path = path
        self.count = 1  # the root
        self.built: dict[int, Any] = {}
        self.sizes: dict[int, int] = {}
        """The expanded node count of each collection built (itself and everything inside)."""
        self.building: set[int] = set()

    def build(self, node: Any) -> Any:
        if isinstance(node, pyyaml.ScalarNode):
            tag = node.tag
            if tag == _STR:
                return node.value
            if tag == _NULL:
                return None
            if tag == _INT:
                try:
                    return _written_int(node.value)
                except ValueError as exc:  # over Python's 4,300 digits
                    raise self._located(
                        node,
                        Msg(
                            f"数が長すぎます({len(node.value):,}桁)",
                            f"the number is too long ({len(node.value):,} digits)",
                        ),
                        Msg(
                            "値を確認してください。数字の並びを文字として残すなら引用符で囲んでください。",
                            "check the value; quote it to keep the digits as text.",
                        ),
                    ) from exc
            if tag == _BOOL:
                return node.value[0] in "tT"
            if tag == _FLOAT:
                return _written_float(self.loader, node)
            if tag == _TIMESTAMP:
                return self._timestamp(node)
            return self._refuse(node)
        key = id(node)
        if key in self.built:
            # An alias: the parent counted it as one node; it stands for all of them.
            self.count += self.sizes[key] - 1
            if self.count > self.limit:
                raise _too_many_nodes(self.limit, self.path, node.start_mark, alias=True)
            return self.built[key]
        if key in self.building:
            raise pyyaml.constructor.ConstructorError(
                None,
                None,
                "found a recursive alias (an anchor used inside itself)",
                node.start_mark,
            )
        self.building.add(key)
        before = self.count
        if isinstance(node, pyyaml.SequenceNode) and node.tag == _SEQ:
            self.count += len(node.value)
            value: Any = [self.build(item) for item in node.value]
        elif isinstance(node, pyyaml.MappingNode) and node.tag == _MAP:
            self.count += 2 * len(node.value)
            value = self._mapping(node)
        else:
            value = self._refuse(node)
        self.building.discard(key)
        self.built[key] = value
        self.sizes[key] = self.count - before + 1
        return value

    def _mapping(self, node: Any) -> dict[Any, Any]:
        mapping: dict[Any, Any] = {}
        for key_node, value_node in node.value:
            key = self.build(key_node)
            _refuse_repeated(mapping, key, node, key_node)
            mapping[key] = self.build(value_node)
        return mapping

    def _timestamp(self, node: Any) -> Any:
        """Return the date (or date and time) ``node`` writes; an impossible one is located."""
        try:
            return self.loader.construct_yaml_timestamp(node)
        except ValueError as exc:
            raise self._located(
                node,
                Msg(
                    f"日付 {node.value} はありえない日付です({exc})",
                    f"the date {node.value} does not exist ({exc})",
                ),
                Msg(
                    "2023-07-26 のように、実在する年・月・日を書いてください。",
                    "write a real year, month and day, such as 2023-07-26.",
                ),
            ) from exc

    def _located(self, node: Any, message: Msg, hint: Msg) -> YamlSyntaxError:
        mark = node.start_mark
        return YamlSyntaxError(
            message, location=Location(self.path, mark.line + 1, mark.column + 1), hint=hint
        )

    @staticmethod
    def _refuse(node: Any) -> Any:
        raise pyyaml.constructor.ConstructorError(
            None, None, f"the tag {node.tag!r} is not part of planrev's YAML", node.start_mark
        )


_NODE_EVENTS = (
    pyyaml.ScalarEvent,
    pyyaml.AliasEvent,
    pyyaml.SequenceStartEvent,
    pyyaml.MappingStartEvent,
)


def _check_node_count(text: str, limit: int, path: Path | None) -> None:
    """Refuse a text of more than ``limit`` nodes before LibYAML builds a graph of them.

    Every node after the first is introduced by a line break or by one of ``,:-[{?``, each of
    which introduces at most two (a key and its value, ``{a, b}``), so twice their count bounds
    the number of nodes; only when that bound is over the limit are the parser's events counted
    one by one (in constant memory), to be exact.
    """
    if 2 * len(text) < limit:
        return
    bound = 1 + 2 * sum(text.count(character) for character in "\n,:-[{?")
    if bound <= limit:
        return
    count = 0
    for event in pyyaml.parse(text, Loader=_FastLoader):
        if isinstance(event, _NODE_EVENTS):
            count += 1
            if count > limit:
                raise _too_many_nodes(limit, path, event.start_mark, alias=False)


def parse_fast(text: str, path: Path | None = None, *, limits: Limits | None = None) -> Any:
    """Parse ``text`` into plain Python data with the C loader (nothing can be written back).

    The text may have at most ``limits.nodes`` nodes, aliases counted expanded (default: the
    environment's :class:`Limits`); more is a :class:`planrev.errors.LimitError`.
    """
    limit = (limits if limits is not None else Limits.from_environment()).nodes
    try:
        _check_node_count(text, limit, path)
        loader = _FastLoader(text)
        try:
            node = loader.get_single_node()
            return None if node is None else _Builder(loader, limit, path).build(node)
        finally:
            loader.dispose()
    except pyyaml.YAMLError as exc:
        raise syntax_error(exc, path, text, byte_offsets=True) from exc
    except (ValueError, RecursionError) as exc:  # e.g. out-of-range timestamps, absurd nesting
        raise unreadable(exc, path) from exc


def compose(text: str) -> Any:
    """Return LibYAML's node graph of ``text`` (marks give lines and columns), or None.

    None when the text is empty or not well-formed YAML. Composing runs no constructor, so it is
    fast enough to place findings in drafts of thousands of sections. Only for texts that
    :func:`parse_fast` read (it holds them to the node limit).
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
