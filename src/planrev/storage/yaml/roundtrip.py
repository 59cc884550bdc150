"""The edit path: ruamel's round-trip loader and dumper, for files planrev writes back.

:func:`parse_roundtrip` keeps comments, key order, quoting and block-scalar styles so that
:func:`dump_roundtrip` gives the same bytes back; :func:`sync` applies the difference between two
plain-data snapshots of a document to such a tree, so that a programmatic edit changes only the
lines it must (the comments around what moved are handled in :mod:`.comments`);
new files are :mod:`.write`'s. Only texts that passed the read
path (:mod:`.fast`, which holds them to the limits) are opened here.
"""

from __future__ import annotations

import datetime
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import YAMLError
from ruamel.yaml.representer import RoundTripRepresenter
from ruamel.yaml.scalarstring import DoubleQuotedScalarString, LiteralScalarString

from planrev.era import format_short
from planrev.storage.yaml.comments import give_leads, give_trailer, take_leads, take_trailer
from planrev.storage.yaml.syntax import syntax_error, unreadable
from planrev.storage.yaml.write import CANONICAL, WIDTH, Layout, new_style

__all__ = [
    "RoundTrip",
    "dump_roundtrip",
    "guess_layout",
    "parse_roundtrip",
    "position_of",
    "styled",
    "sync",
]


@dataclass(slots=True)
class RoundTrip:
    """A document read for editing: the comment-keeping tree and the layout to write it back."""

    tree: Any
    """The round-trip tree (CommentedMap at the top for planrev files)."""
    layout: Layout
    """The indentation the file uses."""


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
    yaml.width = WIDTH
    yaml.allow_unicode = True
    yaml.indent(mapping=layout.mapping, sequence=layout.sequence, offset=layout.offset)
    return yaml


def parse_roundtrip(text: str, path: Path | None = None) -> RoundTrip:
    """Parse ``text`` keeping comments and styles, and guess its indentation."""
    try:
        tree = _roundtrip_yaml(CANONICAL).load(text)
    except YAMLError as exc:
        raise syntax_error(exc, path, text) from exc
    except (ValueError, RecursionError) as exc:
        raise unreadable(exc, path) from exc
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
        style = new_style(value, block=isinstance(previous, LiteralScalarString))
        if style == "|":
            return LiteralScalarString(value)
        if style == '"':
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
    comment lines after a mapping or list stay after it (see :func:`take_leads`). ``parent`` and
    ``key`` say where ``tree`` sits (the comments above a list's first item are kept there).
    Returns the tree to use in place of ``tree`` (a different object only when the type changed).
    """
    if old == new:
        return tree
    if isinstance(new, Mapping) and isinstance(tree, CommentedMap) and isinstance(old, Mapping):
        trailer = take_trailer(tree)
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
        give_trailer(tree, trailer)
        return tree
    if isinstance(new, list) and isinstance(tree, CommentedSeq) and isinstance(old, list):
        compact_items = compact if isinstance(compact, list) else new
        if old and _is_keyed_list(new) and _is_keyed_list(old):
            _sync_keyed_list(tree, old, new, compact_items, parent=parent, key=key)
            return tree
        trailer = take_trailer(tree)
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
            give_trailer(tree, trailer, parent, key)
            return tree
        replacement = styled(compact_items)
        give_trailer(replacement, trailer, parent, key)
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
    leads = take_leads(tree, parent, key)
    trailer = take_trailer(tree)
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
    give_leads(tree, leads)
    give_trailer(tree, trailer, parent, key)


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
