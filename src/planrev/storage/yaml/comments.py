"""Comments that belong to an item, or after a collection, kept in place through an edit.

ruamel keeps a comment with the token before it: the comment lines above item k of a list are
stored after the last scalar of item k-1 (as the continuation of that scalar's end-of-line
comment), and those above item 0 with the key that holds the list. Deleting or moving item k-1
would then take item k's comments along. Before changing a keyed list, the comment lines above
each item are detached as plain lines ("leads") and, once the items are in their new order,
attached to each item's own pre-comment slot; the comment lines after a collection ("trailer")
are moved to wherever its last scalar now is. End-of-line comments never move.

ruamel has no public API to read or move comments, so this module reads its comment store,
and only through :func:`comment_entry`, :func:`comment_slots`, :func:`collection_comment` and
:func:`clear_collection_comment`: the layout they assume (four slots per key, which slot holds
what) is checked against the installed ruamel.yaml by ``tests/test_storage_ruamel_assumptions.py``,
and ruamel.yaml is pinned below its next release series in pyproject.toml.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

__all__ = [
    "clear_collection_comment",
    "collection_comment",
    "comment_entry",
    "comment_slots",
    "give_leads",
    "give_trailer",
    "take_leads",
    "take_trailer",
]

SLOTS = 4
"""How many comment slots ruamel keeps per key or index."""

MAPPING_VALUE_SLOT = 2
"""The slot of the comment after a mapping value (end of line, then the lines that follow)."""

SEQUENCE_ITEM_SLOT = 0
"""The slot of the comment after a sequence item."""

BEFORE_ITEM_SLOT = 1
"""The slot of the comment lines above a sequence item."""

BEFORE_VALUE_SLOT = 3
"""The slot of the comment lines between a key and its (block) value."""


def comment_entry(node: Any, key: Any) -> list[Any] | None:
    """Return ruamel's comment slots of ``key`` in ``node`` (a CommentedMap or CommentedSeq), or
    None when it has none. With :func:`comment_slots`, the one place that reads ruamel's per-key
    comment store (``CommentedBase.ca.items``)."""
    found: list[Any] | None = node.ca.items.get(key)
    return found


def comment_slots(node: Any, key: Any) -> list[Any]:
    """Return ruamel's comment slots of ``key`` in ``node``, adding empty ones if it has none."""
    slots: list[Any] = node.ca.items.setdefault(key, [None] * SLOTS)
    return slots


def collection_comment(node: Any) -> list[Any] | None:
    """Return the comment ruamel keeps on ``node`` itself (a second reference for flow
    collections and for the comment above a list's first item), or None."""
    own: list[Any] | None = node.ca.comment
    return own


def clear_collection_comment(node: Any) -> None:
    """Drop the comment ruamel keeps on ``node`` itself."""
    node.ca.comment = None


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
    return MAPPING_VALUE_SLOT if isinstance(tail.holder, CommentedMap) else SEQUENCE_ITEM_SLOT


def _tail_token(tail: _Tail) -> Any:
    entry = comment_entry(tail.holder, tail.key)
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
    entry = comment_slots(tail.holder, tail.key)
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
        own = collection_comment(value)
        if own and own[0] is token:
            own[0] = replacement


def take_trailer(node: Any) -> list[str]:
    """Detach and return the comment lines after ``node`` (a block collection)."""
    tail = _tail(node)
    if tail is None:
        return []
    eol, lines = _split_tail(tail)
    if lines:
        _write_tail(tail, eol, [])
    return lines


def give_trailer(node: Any, lines: list[str], parent: Any = None, key: Any = None) -> None:
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


def take_leads(tree: CommentedSeq, parent: Any, key: Any) -> list[list[str]]:
    """Detach and return the comment lines above each item of ``tree``."""
    leads: list[list[str]] = [[] for _ in tree]
    if not leads:
        return leads
    entry = comment_entry(parent, key) if isinstance(parent, CommentedMap) else None
    if entry:
        token = entry[MAPPING_VALUE_SLOT]
        if token is not None and not isinstance(tree, _BLOCK_SCALARS):
            lines = _token_lines(token, fresh_line=False)
            if len(lines) > 1:
                leads[0].extend(lines[1:])
                if lines[0]:
                    token.value = lines[0] + "\n"
                else:
                    entry[MAPPING_VALUE_SLOT] = None
        if entry[BEFORE_VALUE_SLOT]:
            leads[0].extend(_pre_lines(entry[BEFORE_VALUE_SLOT]))
            entry[BEFORE_VALUE_SLOT] = None
        if collection_comment(tree):
            clear_collection_comment(tree)  # ruamel's second reference to the same comment
    for position in range(len(tree)):
        if position > 0:
            tail = _tail(tree[position - 1])
            if tail is not None:
                eol, lines = _split_tail(tail)
                if lines:
                    leads[position].extend(lines)
                    _write_tail(tail, eol, [])
        own = comment_entry(tree, position)
        if own and own[BEFORE_ITEM_SLOT]:
            leads[position].extend(_pre_lines(own[BEFORE_ITEM_SLOT]))
            own[BEFORE_ITEM_SLOT] = None
    return leads


def give_leads(tree: CommentedSeq, leads: list[list[str]]) -> None:
    """Attach ``leads[k]`` above item k of ``tree``."""
    for position, lines in enumerate(leads):
        tokens = _pre_tokens(lines)
        if tokens is None:
            own = comment_entry(tree, position)
            if own:
                own[BEFORE_ITEM_SLOT] = None
            continue
        comment_slots(tree, position)[BEFORE_ITEM_SLOT] = tokens
