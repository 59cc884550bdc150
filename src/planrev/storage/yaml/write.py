"""The write-new path: a new planrev YAML file from plain data, in the canonical layout.

A new file has no comments or styles to keep, so it does not need ruamel's round-trip dumper
(≈0.7 MB/s: 1.5 s for a 1,000-section draft, most of ``planrev import … --into``). PyYAML's
emitter writes the same bytes about 2.5 times faster. What it writes is pinned by tests: the same
text as ruamel's round-trip dumper for planrev's drafts (so a file planrev created and a file it
edited look alike), and data that reads back unchanged through :mod:`.fast` and ruamel.

The layout is :data:`CANONICAL` (``- `` two spaces in, its content four). Texts of
:data:`LITERAL_MIN_LENGTH` characters or more are literal block scalars (``|-``) where a literal
block carries them unchanged; other texts with a line break are double-quoted (the only style
that keeps U+0085, U+2028 and U+2029, and the one ruamel chooses for ``\\n``), and so are texts
that cannot be plain and hold a ``'`` (``"It's: a"``), as ruamel quotes them. Every string
planrev's reader or ruamel would take for another type (``0o17``, ``1e3``, ``1_000``,
``2023-07-26``) is quoted, as ruamel quotes them (YAML 1.2: ``yes`` and ``on`` are plain strings).
"""

from __future__ import annotations

import io
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import yaml as pyyaml

from planrev.storage.yaml.fast import CORE_SCHEMA

__all__ = [
    "CANONICAL",
    "LITERAL_MIN_LENGTH",
    "WIDTH",
    "Layout",
    "dump_new",
    "literal_ok",
    "new_style",
]

WIDTH = 1_000_000_000
"""Line width for dumping: high enough that no dumper re-folds a long Japanese line."""

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


def literal_ok(text: str) -> bool:
    """Return whether a literal block scalar carries ``text`` back unchanged."""
    return (
        _NOT_IN_LITERAL.search(text) is None
        and not text.startswith((" ", "\t", "\n"))
        and not text.endswith((" ", "\t"))
        and " \n" not in text
        and "\t\n" not in text
    )


def new_style(text: str, *, block: bool = False) -> str | None:
    """Return the scalar style new content writes ``text`` in: ``"|"``, ``'"'`` or None (the
    dumper's choice of plain or quoted). ``block`` asks for a literal block whatever the length
    (a text that was one stays one)."""
    if (block or len(text) >= LITERAL_MIN_LENGTH) and literal_ok(text):
        return "|"
    if _NEEDS_ESCAPES.search(text):
        # Plain and single-quoted scalars hold them raw, and a reader takes them for line breaks;
        # only double quotes escape them (\N, \L, \P).
        return '"'
    return None


class _NewFileDumper(pyyaml.SafeDumper):  # type: ignore[misc]  # PyYAML ships no types
    """PyYAML's safe dumper in planrev's layout, quoting what YAML 1.2 would read as another type.

    Subclassed so that the representer and resolvers added below stay away from other code using
    PyYAML in the same process.
    """

    def __init__(self, stream: io.StringIO, **options: Any) -> None:
        super().__init__(stream, **options)
        self.double_quoted: list[tuple[int, int]] = []
        """Where the double-quoted scalars are in the stream (start and end offsets)."""

    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # PyYAML writes a sequence inside a mapping at the mapping's indent ("indentless");
        # planrev's layout indents it (CANONICAL.offset).
        super().increase_indent(flow, False)

    def choose_scalar_style(self) -> str:
        style: str = super().choose_scalar_style()
        # ruamel's emitter double-quotes a text that cannot be plain if it holds a quote or a
        # line break: "It's: a" and "一\n二" on one line, where PyYAML would write 'It''s: a'
        # and fold a single-quoted "一\n二" over three lines.
        value = self.event.value
        if style == "'" and not self.event.style and ("'" in value or "\n" in value):
            return '"'
        return style

    def write_double_quoted(self, text: str, split: bool = True) -> None:
        start = self.stream.tell()
        super().write_double_quoted(text, split)
        self.double_quoted.append((start, self.stream.tell()))


_ESCAPE = re.compile(r"\\(?:U([0-9A-F]{8})|.)")
"""An escape sequence in a double-quoted scalar; a backslash of the text is written ``\\\\``, so
reading escapes from the left never mistakes one for the start of another."""


def _astral_as_written(quoted: str) -> str:
    """Put back the characters beyond U+FFFF that PyYAML escapes in a double-quoted scalar
    (``\\U00020BB7``): ruamel, and the person who wrote 𠮷, write them as they are."""
    return _ESCAPE.sub(lambda escape: chr(int(escape[1], 16)) if escape[1] else escape[0], quoted)


def _represent_text(dumper: _NewFileDumper, text: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=new_style(text))


_NewFileDumper.add_representer(str, _represent_text)

_RUAMEL_TYPES: tuple[tuple[str, re.Pattern[str], str], ...] = (
    (
        "tag:yaml.org,2002:int",
        re.compile(r"^[-+]?(?:0b[0-1_]+|0o?[0-7_]+|[0-9_]+|0x[0-9a-fA-F_]+)$"),
        "-+0123456789",
    ),
    (
        "tag:yaml.org,2002:float",
        re.compile(
            r"^[-+]?(?:[0-9][0-9_]*\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[0-9][0-9_]*[eE][-+]?[0-9]+"
            r"|\.[0-9_]+(?:[eE][-+][0-9]+)?)$"
        ),
        "-+0123456789.",
    ),
    ("tag:yaml.org,2002:merge", re.compile(r"^<<$"), "<"),
    ("tag:yaml.org,2002:value", re.compile(r"^=$"), "="),
)
"""What ruamel.yaml's YAML 1.2 reader takes for another type beyond the core schema
(``1_000``, ``0b1``, ``017``, ``<<``, ``=``): quoted too, so that ruamel reads every new file as
planrev does and quotes the same strings as ruamel's dumper."""

# The dumper quotes a string when a resolver would read its plain form as another type. YAML
# 1.1's resolvers (PyYAML's own) are replaced by what planrev's reader and ruamel resolve, so that
# strings are quoted exactly where ruamel quotes them (``yes`` stays plain, as YAML 1.2 reads it).
_NewFileDumper.yaml_implicit_resolvers = {}
for _tag, _pattern, _first in CORE_SCHEMA + _RUAMEL_TYPES:
    _NewFileDumper.add_implicit_resolver(_tag, _pattern, list(_first))


def dump_new(data: Mapping[str, Any], header_comment: str | None = None) -> str:
    """Write plain data (dicts, lists, str, int, float, bool, None, dates) as a new planrev YAML
    file in the canonical layout; ``header_comment`` (without the ``#``) goes on the first lines."""
    stream = io.StringIO()
    dumper = _NewFileDumper(
        stream,
        allow_unicode=True,
        sort_keys=False,
        default_flow_style=False,
        width=WIDTH,
        indent=CANONICAL.mapping,
    )
    try:
        dumper.open()
        dumper.represent(dict(data))
        dumper.close()
    finally:
        dumper.dispose()
    written = stream.getvalue()
    pieces, done = [], 0
    for start, end in dumper.double_quoted:
        pieces += [written[done:start], _astral_as_written(written[start:end])]
        done = end
    body = "".join(pieces) + written[done:]
    if header_comment is None:
        return body
    header = "".join(f"# {line}\n" for line in header_comment.splitlines())
    return header + body
