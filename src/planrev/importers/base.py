"""What the text importers share: lines, findings, deterministic ids and the line-level syntax.

Text fidelity: nothing here changes the user's characters. Only syntax is taken off a line — the
line terminator, Markdown's trailing hard-break spaces, a heading's ``#`` marks, a bullet's mark
and the separator (ASCII spaces, tabs or one run of full-width spaces) between a mark and its text.
"""

from __future__ import annotations

import hashlib
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planrev.diagnostics import Finding, Level
from planrev.errors import LoadError, Location
from planrev.i18n import Msg

__all__ = [
    "BULLET",
    "FOOTNOTE",
    "HEADING",
    "LABEL",
    "MARKER",
    "Findings",
    "IdMaker",
    "Line",
    "digest",
    "split_lines",
    "strip_break",
    "unbalanced_brackets",
]

_BOM = "\ufeff"
_NEWLINE = re.compile(r"\r\n|\r|\n")
_SEPARATOR = "[ \t\u3000]"

HEADING = re.compile(rf"^ {{0,3}}(?P<marks>#{{1,6}})(?:{_SEPARATOR}+(?P<title>.*?))?[ \t]*$")
"""A Markdown ATX heading: ``## 行政経営分野`` (closing ``#`` marks are kept as text)."""

BULLET = re.compile(
    rf"^(?P<indent>[ \t]*)(?:(?:[-*+]{_SEPARATOR}+)?[・•●○]|[-*+](?={_SEPARATOR}|$))"
    rf"{_SEPARATOR}*(?P<text>.*)$"
)
"""A bullet item: ``- ・…``, ``・…``, ``- …``, ``* …``, ``• …``."""

FOOTNOTE = re.compile(
    rf"^(?P<mark>※[0-9\uff10-\uff19]+|[（(]注[0-9\uff10-\uff19]*[）)]|注[0-9\uff10-\uff19]+|\[\^[^\]\s]+\]:)"
    rf"{_SEPARATOR}*(?P<text>.*)$"
)
"""A footnote line: ``※1 …``, ``(注1) …``, ``注1 …`` or Markdown's ``[^1]: …``."""

_NUMBER = "[\u2460-\u2473\u3251-\u325f\u32b1-\u32bf]|[0-9\uff10-\uff19]{1,3}"
LABEL = re.compile(rf"^(?P<kind>追加|修正|削除|分割|統合|移動)(?P<number>{_NUMBER})?$")
"""A change label as the handout shows it: 追加, 追加①, 修正2 …"""

MARKER = re.compile(
    rf"【(?P<close>/)?(?P<kind>追加|修正|削除|分割|統合|移動)(?P<number>{_NUMBER})?】"
)
"""A change marker 【追加①】, or the closing mark 【/追加①】 that ends its extent."""

_OPEN_BRACKETS = "【「『（(［[\u3014〈《｛{"
_CLOSE_BRACKETS = "】」』）)］]\u3015〉》｝}"
_PAIRS = dict(zip(_CLOSE_BRACKETS, _OPEN_BRACKETS, strict=True))


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the input, without its line terminator."""

    number: int
    """The line number (1-based)."""
    text: str
    """The line as written."""


def split_lines(text: str) -> list[Line]:
    """Split ``text`` into lines at ``\\r\\n``, ``\\r`` or ``\\n`` (mixed endings are fine).

    A leading byte-order mark is an encoding detail, not text, and is dropped.
    """
    text = text.removeprefix(_BOM)
    parts = _NEWLINE.split(text)
    if parts and parts[-1] == "":
        parts.pop()
    return [Line(number, part) for number, part in enumerate(parts, start=1)]


def strip_break(text: str) -> str:
    """Return ``text`` without trailing ASCII spaces and tabs (Markdown's hard-break syntax)."""
    return text.rstrip(" \t")


def digest(*parts: str) -> str:
    """Return 8 hex digits identifying ``parts`` (the same parts always give the same digits)."""
    return hashlib.sha1("\x1f".join(parts).encode("utf-8"), usedforsecurity=False).hexdigest()[:8]


class IdMaker:
    """Deterministic, unique ids: ``<prefix>-<8 hex digits of the key>``, ``-2``, ``-3`` on repeats."""

    def __init__(self) -> None:
        self._used: set[str] = set()
        self._next: dict[str, int] = {}
        """The next suffix to try for each wanted id (keeps many repeats linear)."""

    def make(self, prefix: str, key: str) -> str:
        """Return a new id for ``key`` (typically the node's text)."""
        return self.exact(f"{prefix}-{digest(key)}")

    def exact(self, wanted: str) -> str:
        """Return ``wanted``, or ``wanted-2``, ``wanted-3`` … if it is taken."""
        candidate, number = wanted, self._next.get(wanted, 1)
        if number > 1:
            candidate = f"{wanted}-{number}"
        while candidate in self._used:
            number += 1
            candidate = f"{wanted}-{number}"
        self._used.add(candidate)
        self._next[wanted] = number + 1
        return candidate


class Findings:
    """The findings of one import, collected in input order, each located in the original input.

    Lines are those of the text read. With ``origins`` (one location per line, for text a Word or
    PDF front-end made), a finding or error on line *n* points at ``origins[n - 1]`` — the Word
    paragraph or PDF page the line came from — instead of the intermediate text.
    """

    def __init__(self, path: Path | None, origins: Sequence[Location] | None = None) -> None:
        self.path = path
        """The input file, or None."""
        self.origins = origins
        """Where each line of the text came from, or None when the text is the input itself."""
        self._items: list[tuple[int, int, Finding]] = []

    def locate(self, line: int, column: int | None = 1) -> Location:
        """Return where ``line``:``column`` of the text is in the original input."""
        if self.origins is None:
            return Location(self.path, line, column)
        if not self.origins:
            return Location(self.path)
        return self.origins[min(max(line, 1), len(self.origins)) - 1]

    def where(self, line: int, column: int | None = None) -> Msg:
        """Return how a message names ``line`` (and ``column``) of the text: ``74行目``,
        ``78行72列``, or the line's origin."""
        if self.origins is None:
            if column is None:
                return Msg(f"{line}行目", f"line {line}")
            return Msg(f"{line}行{column}列", f"line {line}, column {column}")
        origin = str(self.locate(line))
        return Msg(origin, origin)

    def add(
        self,
        code: str,
        message: Msg,
        line: int,
        column: int | None = 1,
        hint: Msg | None = None,
    ) -> None:
        """Record one warning at ``line``:``column`` of the text."""
        finding = Finding(code, Level.WARNING, message, hint, location=self.locate(line, column))
        self._items.append((line, column or 0, finding))

    def add_at(self, code: str, message: Msg, location: Location, hint: Msg | None = None) -> None:
        """Record one warning about another file (e.g. the extents side file), after the text's."""
        finding = Finding(code, Level.WARNING, message, hint, location=location)
        self._items.append((sys.maxsize, location.line or 0, finding))

    def error(self, line: int, column: int, message: Msg, hint: Msg) -> LoadError:
        """Return the error for input that cannot be imported at all, found at ``line``:``column``."""
        return LoadError(message, location=self.locate(line, column), hint=hint)

    def sorted(self) -> tuple[Finding, ...]:
        """Return the findings ordered by line and column of the text (stable for equal places)."""
        return tuple(item[2] for item in sorted(self._items, key=lambda item: item[:2]))

    def __len__(self) -> int:
        return len(self._items)


def unbalanced_brackets(text: str) -> list[tuple[int, str]]:
    """Return the 0-based positions and characters of brackets in ``text`` that are not matched.

    Only brackets that Japanese plans pair (【】「」『』（）() ［］[] 亀甲括弧 〈〉《》｛｝{}) are checked.
    """
    stack: list[tuple[int, str]] = []
    lonely: list[tuple[int, str]] = []
    for position, char in enumerate(text):
        if char in _OPEN_BRACKETS:
            stack.append((position, char))
        elif char in _PAIRS:
            if stack and stack[-1][1] == _PAIRS[char]:
                stack.pop()
            else:
                lonely.append((position, char))
    return sorted(lonely + stack)
