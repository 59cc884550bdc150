"""What the command line prints: user text with its control characters made visible.

A draft, an opinion or a file name may hold characters a terminal acts on instead of showing:
ESC starts an escape sequence (colours, cursor moves, a new window title), CR returns to the
start of the line, C1 controls and DEL do the same on some terminals, and the bidirectional
overrides reorder what follows. Every command prints through :func:`say` (text) or
:func:`json_text` (JSON), which show these characters instead of sending them: C0 controls as
their control pictures (ESC → ␛, NUL → ␀, CR → ␍), DEL as ␡, the others as ``\\u202e``-style
escapes — the same marks the HTML, Word and Excel outputs use. Tabs and line breaks stay.
"""

from __future__ import annotations

import json
import re
from typing import Any

import click

__all__ = ["CONTROLS", "json_text", "say", "visible"]

CONTROLS = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028\u2029\u202a-\u202e\u2066-\u2069]"
)
"""Characters a terminal acts on rather than shows: C0 controls but tab and line feed, DEL, C1
controls, the bidirectional marks, embeddings, overrides and isolates, and the Unicode line and
paragraph separators."""


def _picture(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return "\u2421"
    return f"\\u{code:04x}"


def visible(text: str) -> str:
    """Return ``text`` with every character of :data:`CONTROLS` shown instead of acted on."""
    return CONTROLS.sub(_picture, text)


def say(text: str, *, err: bool = False, nl: bool = True, styled: bool = False) -> None:
    """Print ``text`` (to standard error with ``err``) with its control characters visible.

    ``styled`` text carries terminal colours made by :func:`click.style` (the colours were
    chosen: they are kept even when the output is not a terminal), and is printed as it is:
    whoever styled it made the user text in it visible first.
    """
    click.echo(text if styled else visible(text), err=err, nl=nl, color=True if styled else None)


def _escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def json_text(data: Any) -> str:
    """Return ``data`` as indented JSON (Japanese as it is), every control character escaped.

    The escapes are JSON's own (``\\u001b``), so the data read back is exactly what was given.
    """
    return CONTROLS.sub(_escape, json.dumps(data, ensure_ascii=False, indent=2))
