"""The extents side file: where a change whose end the handout does not show ends.

A small YAML mapping from a marker's label to what the change covers, read beside a marked-up
handout (``planrev import marked FILE --extents SIDE.yaml``)::

    # 【追加②】の挿入は「人的資源を」まで
    追加②: 人的資源を

    # 同じラベルが2か所にあるときは、マーカーの行番号で区別する
    追加:
      - line: 61
        text: 限られたデジタル人材を
      - line: 84
        length: 12

An extent is the text the change covers, starting right after the marker (``text``, which must
match the handout exactly), or its length in characters (``length``). ``line`` (the marker's line
in the handout) is needed only when a label is used at more than one marker.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planrev.errors import LoadError, Location
from planrev.i18n import Msg
from planrev.importers.base import LABEL
from planrev.storage import yaml as _yaml
from planrev.storage.documents import read_text

__all__ = ["Extent", "Extents", "load_extents", "parse_extents"]

_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x84\x86-\x9f\ufffe\uffff]")
"""Characters YAML does not allow in a document (reported with line and column)."""


@dataclass(frozen=True, slots=True)
class Extent:
    """What one change covers, starting right after its marker."""

    label: str
    """The marker's label as written, e.g. ``追加②``."""
    text: str | None
    """The covered text exactly as in the handout, or None when ``length`` gives it."""
    length: int | None
    """The covered length in characters, or None when ``text`` gives it."""
    line: int | None
    """The marker's line in the handout, or None when the label is used once."""
    location: Location
    """Where the entry is in the side file."""

    @property
    def size(self) -> int:
        """Return the number of characters covered."""
        return len(self.text) if self.text is not None else (self.length or 0)


@dataclass(frozen=True, slots=True)
class Extents:
    """The entries of one side file."""

    entries: tuple[Extent, ...] = ()
    """Every entry, in file order."""
    path: Path | None = None
    """The side file, or None."""

    def for_label(self, label: str) -> list[Extent]:
        """Return the entries for ``label``."""
        return [entry for entry in self.entries if entry.label == label]


def _error(message: Msg, location: Location) -> LoadError:
    return LoadError(
        message,
        location=location,
        hint=Msg(
            "「追加②: 人的資源を」のように、ラベルと、マーカーの直後から変更が及ぶ文字列を書いて"
            "ください(詳しくは docs/import.md)。",
            "write a label and the text the change covers right after its marker, e.g. "
            "`追加②: 人的資源を` (see docs/import.md).",
        ),
    )


class _Positions:
    """Finds where a value is in the side file; parses for positions only when an error needs one."""

    def __init__(self, text: str, path: Path | None) -> None:
        self.text = text
        self.path = path

    def __call__(self, parts: Sequence[str | int]) -> Location:
        tree = _yaml.parse_roundtrip(self.text, self.path).tree
        found = _yaml.position_of(tree, parts)
        return Location(self.path, *found) if found is not None else Location(self.path, 1, 1)


def _entry(label: str, value: Any, where_is: _Positions, path: list[str | int]) -> Extent:
    where = where_is(path)
    if isinstance(value, str):
        if not value:
            raise _error(
                Msg(f"「{label}」の範囲が空です", f"the extent of '{label}' is empty"), where
            )
        return Extent(label, value, None, None, where)
    if not isinstance(value, Mapping):
        raise _error(
            Msg(
                f"「{label}」の範囲は文字列か、text/length/line を持つ対応でなければなりません",
                f"the extent of '{label}' must be a text or a mapping with text/length/line",
            ),
            where,
        )
    unknown = [key for key in value if key not in {"text", "length", "line"}]
    if unknown:
        raise _error(
            Msg(
                f"「{label}」に不明なキー {unknown[0]!r} があります(使えるのは text, length, line)",
                f"unknown key {unknown[0]!r} for '{label}' (allowed: text, length, line)",
            ),
            where_is([*path, str(unknown[0])]),
        )
    text, length, line = value.get("text"), value.get("length"), value.get("line")
    if (text is None) == (length is None):
        raise _error(
            Msg(
                f"「{label}」には text か length のどちらか一方を書いてください",
                f"give exactly one of text or length for '{label}'",
            ),
            where,
        )
    if text is not None and (not isinstance(text, str) or not text):
        raise _error(
            Msg(f"「{label}」の text は空でない文字列です", f"the text of '{label}' must be text"),
            where_is([*path, "text"]),
        )
    for key, number in (("length", length), ("line", line)):
        if number is not None and (
            isinstance(number, bool) or not isinstance(number, int) or number < 1
        ):
            raise _error(
                Msg(
                    f"「{label}」の {key} は1以上の整数です",
                    f"the {key} of '{label}' must be a whole number of at least 1",
                ),
                where_is([*path, key]),
            )
    return Extent(label, text, length, line, where)


def parse_extents(text: str, path: Path | None = None) -> Extents:
    """Read an extents side file from ``text`` (``path`` is used in messages only)."""
    text = text.removeprefix("\ufeff")
    control = _CONTROL.search(text)
    if control is not None:
        before = text[: control.start()]
        line = before.count("\n") + 1
        column = control.start() - (before.rfind("\n") + 1) + 1
        raise _error(
            Msg(
                f"YAML に書けない制御文字 U+{ord(control.group()):04X} があります",
                f"control character U+{ord(control.group()):04X} is not allowed in YAML",
            ),
            Location(path, line, column),
        )
    tree = _yaml.parse_fast(text, path)
    where_is = _Positions(text, path)
    if tree is None:
        return Extents((), path)
    if not isinstance(tree, Mapping):
        raise _error(
            Msg(
                "範囲ファイルの先頭は「ラベル: 範囲」の対応でなければなりません",
                "an extents file must be a mapping of labels to extents",
            ),
            Location(path, 1, 1),
        )
    entries: list[Extent] = []
    for label, value in tree.items():
        if not isinstance(label, str):
            raise _error(
                Msg(
                    f"ラベル {label!r} は文字列でなければなりません",
                    f"label {label!r} must be text",
                ),
                where_is([]),
            )
        if LABEL.match(label) is None:
            raise _error(
                Msg(
                    f"「{label}」は変更のラベル(追加、追加①、修正、削除 など)ではありません",
                    f"'{label}' is not a change label (追加, 追加①, 修正, 削除 …)",
                ),
                where_is([label]),
            )
        if isinstance(value, Sequence) and not isinstance(value, str):
            if not value:
                raise _error(
                    Msg(f"「{label}」の範囲が空です", f"the extent of '{label}' is empty"),
                    where_is([label]),
                )
            for position, item in enumerate(value):
                entries.append(_entry(label, item, where_is, [label, position]))
        else:
            entries.append(_entry(label, value, where_is, [label]))
    return Extents(tuple(entries), path)


def load_extents(path: Path | str) -> Extents:
    """Read the extents side file at ``path``."""
    path = Path(path)
    return parse_extents(read_text(path), path)
