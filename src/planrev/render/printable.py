"""Characters no output document may contain as text, made visible instead of dropped."""

from __future__ import annotations

import re

__all__ = ["FORBIDDEN", "picture", "visible"]

FORBIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ufdd0-\ufdef\ufffe\uffff]")
"""Characters HTML and XML (so Word and Excel files) may not contain as text: controls other
than tab and line breaks, and the Unicode non-characters."""


def visible(text: str) -> str:
    """Return ``text`` with the characters documents forbid shown instead of hidden.

    C0 controls become their control pictures (U+0001 → ␁) and DEL becomes ␡; other forbidden
    characters are written as ``\\uXXXX``. Nothing vanishes silently.
    """
    return FORBIDDEN.sub(_picture, text)


def picture(char: str) -> str:
    """Return how one control or forbidden character is shown: a C0 control (a carriage return
    too) as its control picture (U+001B → ␛), DEL as ␡, anything else as ``\\uXXXX``."""
    code = ord(char)
    if code < 0x20:
        return chr(0x2400 + code)
    if code == 0x7F:
        return chr(0x2421)
    return f"\\u{code:04x}"


def _picture(match: re.Match[str]) -> str:
    return picture(match.group())
