"""Messages for YAML that cannot be read, from either parser (LibYAML or ruamel)."""

from __future__ import annotations

import re
import unicodedata
from pathlib import Path
from typing import Any

from planrev.errors import Location, YamlSyntaxError
from planrev.i18n import Msg

__all__ = ["syntax_error", "unreadable"]

_CONTROL_NAMES = {0x00: "NUL", 0x1B: "ESC", 0x7F: "DEL"}


def _reader_error(
    exc: Exception, path: Path | None, text: str, *, byte_offsets: bool
) -> YamlSyntaxError | None:
    """Return the message for a character YAML cannot hold (NUL, ESC, DEL …), or None.

    Both libraries raise a ``ReaderError`` with the character's offset in the text (LibYAML
    counts UTF-8 bytes, ruamel characters); neither gives a line, so it is counted here.
    """
    position = getattr(exc, "position", None)
    character = getattr(exc, "character", None)
    if type(exc).__name__ != "ReaderError" or not isinstance(position, int):
        return None
    if byte_offsets:
        position = len(text.encode("utf-8")[:position].decode("utf-8", errors="ignore"))
    if isinstance(character, int):
        code = character
    elif 0 <= position < len(text):
        code = ord(text[position])
    else:
        return None
    line = text.count("\n", 0, position) + 1
    column = position - (text.rfind("\n", 0, position) + 1) + 1
    name = _CONTROL_NAMES.get(code) or unicodedata.name(chr(code), "")
    shown = f"U+{code:04X}" + (f" ({name})" if name else "")
    return YamlSyntaxError(
        Msg(
            f"YAML に書けない制御文字 {shown} があります",
            f"a control character YAML cannot hold: {shown}",
        ),
        location=Location(path, line, column),
        hint=Msg(
            f"その文字を消すか、二重引用符の中で \\u{code:04X} のようにエスケープして書いてください。",
            f"remove it, or write it escaped inside double quotes (\\u{code:04X}).",
        ),
    )


def syntax_error(
    exc: Exception, path: Path | None, text: str, *, byte_offsets: bool = False
) -> YamlSyntaxError:
    """Return the located, explained error for a YAML library's exception ``exc`` on ``text``.

    ``byte_offsets``: the library gives a bad character's offset in UTF-8 bytes (LibYAML).
    """
    unreadable_character = _reader_error(exc, path, text, byte_offsets=byte_offsets)
    if unreadable_character is not None:
        return unreadable_character
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
    explained, hint = _explanation(problem, context, found)
    return YamlSyntaxError(
        Msg(explained, f"invalid YAML: {problem}"),
        location=Location(path, line, column),
        hint=hint,
    )


def unreadable(exc: Exception, path: Path | None) -> YamlSyntaxError:
    """Return the error for a value no parser can turn into data (an impossible date …)."""
    return YamlSyntaxError(
        Msg(f"YAMLとして読めません: {exc}", f"cannot read the YAML: {exc}"),
        location=Location(path),
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

_TAB = re.compile(r"\btabs?\b|\\t")
"""A problem about a tab (not any message containing "tab", such as "unacceptable")."""


def _explanation(problem: str, context: str, found: str) -> tuple[str, Msg]:
    """Return the Japanese message and the hint for a YAML syntax problem."""
    if "duplicate key" in problem:
        key = re.search(r'duplicate key "(.*?)"', problem)
        name = f"「{key.group(1)}」" if key else ""
        return f"キー{name}が2回書かれています", Msg(
            "どちらか一方を消すか、キー名を直してください。",
            "remove one of them, or correct the key's name.",
        )
    if _TAB.search(problem) or found == "\t":
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
