"""What a document that does not fit the planrev format is told: located, explained messages.

:func:`check_top_level` checks what every file starts with (its kind and format version) before
anything else; :func:`schema_error` turns pydantic's validation errors into one message naming
the first problem, its line and column, and what to write instead.
"""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from planrev.era import EraDateError
from planrev.errors import Location, SchemaError
from planrev.i18n import Msg
from planrev.model import OpinionSet, Plan, Revision
from planrev.model.base import YEAR_RANGE
from planrev.storage import yaml as _yaml

__all__ = [
    "DOCUMENT_KINDS",
    "SCHEMA_VERSION",
    "check_top_level",
    "location_of",
    "schema_error",
]

DOCUMENT_KINDS: dict[str, type[Plan] | type[OpinionSet] | type[Revision]] = {
    "draft": Plan,
    "opinions": OpinionSet,
    "revision": Revision,
}
"""The value of the ``document`` key of each kind of file, and its model."""

SCHEMA_VERSION = 1
"""The file-format version this planrev reads and writes."""


def check_top_level(data: Any, text: str, path: Path | None, expect: str | None) -> str:
    """Check the top level of a parsed document and return its kind."""
    if data is None:
        raise SchemaError(
            Msg("ファイルが空です", "the file is empty"),
            location=Location(path, 1, 1),
            hint=Msg(
                "document: draft などから始まる planrev の YAML を書いてください。",
                "write a planrev YAML document starting with e.g. `document: draft`.",
            ),
        )
    if not isinstance(data, Mapping):
        raise SchemaError(
            Msg(
                "先頭はキーと値の対応(マッピング)でなければなりません",
                "the top level must be a mapping of keys to values",
            ),
            location=Location(path, 1, 1),
            hint=Msg(
                "schema_version: 1 と document: draft などのキーで始めてください。",
                "start with keys such as `schema_version: 1` and `document: draft`.",
            ),
        )
    kinds = ", ".join(DOCUMENT_KINDS)
    kind = data.get("document")
    if not isinstance(kind, str) or kind not in DOCUMENT_KINDS:
        if kind is None:
            problem = Msg("'document' キーがありません", "the 'document' key is missing")
        elif isinstance(kind, list | dict):
            problem = Msg(
                "document にはリストや対応表ではなく、文書の種類の名前を1つ書きます",
                "document must name one kind of document, not a list or a mapping",
            )
        else:
            problem = Msg(
                f"document '{kind}' は planrev の文書の種類ではありません",
                f"document '{kind}' is not a kind of planrev document",
            )
        raise SchemaError(
            problem,
            location=location_of(text, path, ("document",)),
            hint=Msg(
                f"document には {kinds} のどれかを書いてください。",
                f"set document to one of: {kinds}.",
            ),
        )
    if expect is not None and kind != expect:
        raise SchemaError(
            Msg(
                f"{expect} のファイルが必要ですが、これは {kind} のファイルです",
                f"expected a {expect} file, but this is a {kind} file",
            ),
            location=location_of(text, path, ("document",)),
            hint=Msg("指定したファイルを確認してください。", "check which file you passed."),
        )
    version = data.get("schema_version")
    if version is None:
        raise SchemaError(
            Msg("'schema_version' キーがありません", "the 'schema_version' key is missing"),
            location=Location(path, 1, 1),
            hint=Msg(
                "ファイルの先頭に schema_version: 1 と書いてください。",
                "write `schema_version: 1` at the top of the file.",
            ),
        )
    whole_number = isinstance(version, int) and not isinstance(version, bool)
    if not whole_number or version != SCHEMA_VERSION:
        newer = whole_number and version > SCHEMA_VERSION
        shown: object
        if isinstance(version, bool):
            shown = "true" if version else "false"
        else:
            shown = version if isinstance(version, int | float | str) else type(version).__name__
        raise SchemaError(
            Msg(
                f"schema_version {shown} は読めません(このplanrevは {SCHEMA_VERSION})",
                f"cannot read schema_version {shown} (this planrev reads {SCHEMA_VERSION})",
            ),
            location=location_of(text, path, ("schema_version",)),
            hint=(
                Msg(
                    "新しい planrev で書かれたファイルです。planrev を更新してください。",
                    "the file was written by a newer planrev; upgrade planrev.",
                )
                if newer
                else Msg("schema_version: 1 と書いてください。", "write `schema_version: 1`.")
            ),
        )
    return str(kind)


def location_of(
    text: str, path: Path | None, data_path: tuple[str | int, ...], *, at_key: bool = False
) -> Location:
    """Return the location of the value (or, with ``at_key``, the key) at ``data_path``."""
    position = _yaml.locate(text, data_path, at_key=at_key)
    return Location(path, *position) if position else Location(path)


def schema_error(
    exc: ValidationError, text: str, path: Path | None, model_type: type[BaseModel]
) -> SchemaError:
    errors = exc.errors(include_url=False)
    # A misspelt key shows up as "unknown key" and "missing key" at once: the typo is the news,
    # and the missing key it explains is not another problem.
    first = min(errors, key=lambda error: error["type"] != "extra_forbidden")
    loc = tuple(first["loc"])
    message, hint = _explain(first, model_type)
    if first["type"] == "extra_forbidden":
        close = _close_key(first, model_type)
        errors = [
            error
            for error in errors
            if not (error["type"] == "missing" and tuple(error["loc"]) == (*loc[:-1], close))
        ]
    if first["type"] in {"union_tag_invalid", "union_tag_not_found"}:
        loc = (*loc, "kind")
    more = len(errors) - 1
    if more:
        message = Msg(
            f"{message.ja}(ほかに{more}件の問題があります)",
            f"{message.en} ({more} more problem{'s' if more > 1 else ''} in this file)",
        )
    return SchemaError(
        message,
        location=location_of(text, path, loc, at_key=first["type"] == "extra_forbidden"),
        hint=hint,
    )


_TAGS = ("vision", "initiative", "challenge", "direction", "text", "kpi", "note", "footnote")
"""The block kinds, in the order the format describes them."""


def _close_key(error: ErrorDetails, model_type: type[BaseModel]) -> str | None:
    """Return the allowed key an unknown key is probably a misspelling of, or None."""
    loc = tuple(error["loc"])
    allowed = _allowed_keys(model_type, loc[:-1])
    close = difflib.get_close_matches(str(loc[-1]), allowed.split(", "), n=1) if allowed else []
    return close[0] if close else None


def _where(loc: tuple[Any, ...]) -> str:
    """Return a dotted path of the data, without pydantic's union tags."""
    parts = [
        str(part)
        for position, part in enumerate(loc)
        if not (part in _TAGS and position + 1 < len(loc) and isinstance(loc[position - 1], int))
    ]
    return ".".join(parts) or "(top)"


def _explain(error: ErrorDetails, model_type: type[BaseModel]) -> tuple[Msg, Msg]:
    kind = error["type"]
    loc = tuple(error["loc"])
    where = _where(loc)
    key = loc[-1] if loc else ""
    value = error.get("input")
    context = error.get("ctx") or {}
    if kind == "extra_forbidden":
        allowed = _allowed_keys(model_type, loc[:-1])
        close = _close_key(error, model_type)
        guess = (
            Msg(f"('{close}' の書き間違いでは?)", f" (did you mean '{close}'?)")
            if close
            else Msg("", "")
        )
        return (
            Msg(f"未知のキー '{key}' です{guess.ja}", f"unknown key '{key}'{guess.en}"),
            Msg(
                f"キー名を確認してください。ここで使えるキー: {allowed}",
                f"check the key's spelling; keys allowed here: {allowed}",
            )
            if allowed
            else Msg("キー名を確認してください。", "check the key's spelling."),
        )
    if kind == "missing":
        return (
            Msg(
                f"必須のキー '{key}' がありません({where})",
                f"the required key '{key}' is missing ({where})",
            ),
            Msg(f"'{key}: …' を書き加えてください。", f"add '{key}: …'."),
        )
    if kind in {"union_tag_invalid", "union_tag_not_found"}:
        tags = context.get("expected_tags") or ", ".join(f"'{tag}'" for tag in _TAGS)
        found = context.get("tag", "")
        return (
            Msg(
                f"kind '{found}' は不明です({where})" if found else f"'kind' がありません({where})",
                f"unknown kind '{found}' ({where})" if found else f"'kind' is missing ({where})",
            ),
            Msg(f"kind には次のどれかを書いてください: {tags}", f"set kind to one of: {tags}"),
        )
    if kind == "string_pattern_mismatch":
        return (
            Msg(
                f"id '{value}' に使えない文字があります({where})",
                f"the id '{value}' has characters ids cannot have ({where})",
            ),
            Msg(
                "id には半角英数字と _ . - だけを使い、英数字で始めてください(例: admin-vision-1)。",
                "use ASCII letters, digits, _ . - only, starting with a letter or digit "
                "(e.g. admin-vision-1).",
            ),
        )
    if kind in {"enum", "literal_error"}:
        expected = str(context.get("expected", ""))
        return (
            Msg(
                f"'{value}' はここでは使えない値です({where})",
                f"'{value}' is not allowed here ({where})",
            ),
            Msg(
                f"次のどれかを書いてください: {expected.replace(' or ', ', ')}",
                f"use one of: {expected}",
            ),
        )
    if kind == "string_type":
        return (
            Msg(f"文字列が必要です({where})", f"a text is required ({where})"),
            Msg(
                "値を引用符で囲んでください(例: '2028')。リストや対応表は書けません。",
                "quote the value (e.g. '2028'); a list or mapping is not allowed here.",
            ),
        )
    if kind in {"int_type", "int_parsing", "int_from_float"}:
        return (
            Msg(
                f"整数が必要です({where}、'{value}' は使えません)",
                f"a whole number is required ({where}; not '{value}')",
            ),
            Msg(
                "引用符や小数点を付けずに半角数字で書いてください(例: 3)。",
                "write it in ASCII digits, without quotes or a decimal point (e.g. 3).",
            ),
        )
    if kind in {"greater_than_equal", "less_than_equal"}:
        bound = context.get("ge", context.get("le"))
        side = Msg("以上", "at least") if kind == "greater_than_equal" else Msg("以下", "at most")
        return (
            Msg(
                f"{where} は {bound} {side.ja}でなければなりません('{value}' は範囲外です)",
                f"{where} must be {side.en} {bound} ('{value}' is out of range)",
            ),
            Msg(
                f"値を確認してください(年は {YEAR_RANGE[0]}〜{YEAR_RANGE[1]}、回は 1 から)。",
                f"check the value (years {YEAR_RANGE[0]}–{YEAR_RANGE[1]}, meetings from 1).",
            ),
        )
    if kind in {"bool_type", "bool_parsing"}:
        return (
            Msg(
                f"true か false が必要です({where}、'{value}' は使えません)",
                f"true or false is required ({where}; not '{value}')",
            ),
            Msg(
                "true または false と書いてください(yes・no・on・off は使えません)。",
                "write true or false (yes, no, on and off are not booleans in planrev files).",
            ),
        )
    if kind in {"tuple_type", "list_type"}:
        return (
            Msg(f"リストが必要です({where})", f"a list is required ({where})"),
            Msg(
                "各要素を「- 」で始まる行で書いてください。",
                "write each item on a line starting with '- '.",
            ),
        )
    if kind in {"model_type", "model_attributes_type", "dict_type"}:
        return (
            Msg(
                f"キーと値の対応(マッピング)が必要です({where})", f"a mapping is required ({where})"
            ),
            Msg("「キー: 値」の形で書いてください。", "write it as 'key: value' lines."),
        )
    if kind == "value_error":
        cause = context.get("error")
        if isinstance(cause, EraDateError):
            return (
                Msg(
                    f"日付が正しくありません({where}): {cause.message.ja}",
                    f"invalid date ({where}): {cause.message.en}",
                ),
                Msg(
                    "R5.7.26、令和5年7月26日、2023-07-26 のいずれかの形で、実在する日付を書いてください。",
                    "write an existing date as R5.7.26, 令和5年7月26日 or 2023-07-26.",
                ),
            )
        reason = str(cause if cause is not None else error["msg"])
        return (
            Msg(f"値が正しくありません({where}): {reason}", f"invalid value ({where}): {reason}"),
            Msg("値を確認してください。", "check the value."),
        )
    return (
        Msg(
            f"値が正しくありません({where}): {error['msg']}",
            f"invalid value ({where}): {error['msg']}",
        ),
        Msg("planrev schema で書式を確認してください。", "see `planrev schema` for the format."),
    )


def _allowed_keys(model_type: type[BaseModel], loc: tuple[Any, ...]) -> str:
    """Return the keys allowed by the model that validates the mapping at ``loc``."""
    current: Any = model_type
    for part in loc:
        current = _step(current, part)
        if current is None:
            return ""
    if isinstance(current, type) and issubclass(current, BaseModel):
        return ", ".join(current.model_fields)
    return ""


def _step(annotation: Any, part: Any) -> Any:
    """Follow one loc part through a type annotation; None when it cannot be followed."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        if isinstance(part, str) and part in annotation.model_fields:
            return _unwrap(annotation.model_fields[part].annotation)
        return None
    origin = typing.get_origin(annotation)
    arguments = typing.get_args(annotation)
    if origin in {tuple, list} and isinstance(part, int) and arguments:
        return _unwrap(arguments[0])
    if origin in {typing.Union, types.UnionType} and isinstance(part, str):
        for argument in arguments:
            option = _unwrap(argument)
            if isinstance(option, type) and issubclass(option, BaseModel):
                tag = option.model_fields.get("kind")
                if tag is not None and part in typing.get_args(tag.annotation):
                    return option
    return None


def _unwrap(annotation: Any) -> Any:
    while typing.get_origin(annotation) is typing.Annotated:
        annotation = typing.get_args(annotation)[0]
    arguments = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
    if typing.get_origin(annotation) in {typing.Union, types.UnionType} and len(arguments) == 1:
        return _unwrap(arguments[0])
    return annotation
