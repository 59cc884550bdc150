"""Reading and writing planrev YAML documents: drafts, opinions and revision records.

Every read validates the whole document and stops at the first problem with one message naming
file, line and column (:class:`planrev.errors.LoadError`). Reads that write nothing back take the
fast path; :func:`open_document` keeps the comment-preserving tree so that :meth:`Document.save`
changes only the lines an edit touched.
"""

from __future__ import annotations

import difflib
import os
import re
import tempfile
import types
import typing
from collections.abc import Callable, Mapping, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from planrev.era import EraDateError
from planrev.errors import (
    DanglingReferenceError,
    DuplicateIdError,
    LoadError,
    Location,
    PlanrevError,
    SchemaError,
)
from planrev.i18n import Msg
from planrev.model import OpinionSet, Plan, Revision
from planrev.model.checks import Problem, check_opinions, check_plan, check_revision
from planrev.storage import cache
from planrev.storage import yaml as _yaml

__all__ = [
    "DOCUMENT_KINDS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "Document",
    "DocumentModel",
    "dump_document",
    "load_document",
    "load_draft",
    "load_opinions",
    "load_revision",
    "loads_document",
    "locate_problem",
    "locator",
    "open_document",
    "read_bytes",
    "read_document",
    "read_text",
    "schema_header",
    "source_text",
    "to_plain",
    "write_bytes_atomic",
    "write_text_atomic",
]

DocumentModel = Plan | OpinionSet | Revision
"""Any top-level planrev document."""

M = TypeVar("M", Plan, OpinionSet, Revision)

DOCUMENT_KINDS: dict[str, type[Plan] | type[OpinionSet] | type[Revision]] = {
    "draft": Plan,
    "opinions": OpinionSet,
    "revision": Revision,
}
"""The value of the ``document`` key of each kind of file, and its model."""

SCHEMA_VERSION = 1
"""The file-format version this planrev reads and writes."""

MAX_FILE_BYTES = 32 * 1024 * 1024
"""The largest YAML file planrev reads (a 5,000-section plan is a few MB)."""

MAX_LINE_CHARS = 200_000
"""The longest line planrev reads; longer ones are not plan text but broken or hostile input."""

_BOM = "\ufeff"


SCHEMA_FOLDER = "../../schemas"
"""Where new files point editors for their JSON Schema: a ``schemas/`` folder (written by
``planrev schema --out schemas``) beside ``drafts/``, drafts living in ``drafts/<plan>/``."""


def schema_header(kind: str, schema_folder: str = SCHEMA_FOLDER) -> str:
    """Return the editor hint put on the first line of a new file of ``kind``."""
    return f"yaml-language-server: $schema={schema_folder}/{kind}.schema.json"


# --------------------------------------------------------------------------------------------
# Reading


def read_text(path: Path, *, check_lines: bool = True) -> str:
    """Read a UTF-8 text file, refusing what is too big, not UTF-8, or has absurdly long lines.

    ``check_lines=False`` leaves the line checks to :func:`loads_document`, which skips them for a
    text it read before.
    """
    return decode(read_bytes(path), path, check_lines=check_lines)


def read_bytes(
    path: Path,
    *,
    limit: int = MAX_FILE_BYTES,
    too_large: Callable[[int], LoadError] | None = None,
) -> bytes:
    """Read a file's bytes, refusing a missing file, a folder and a file over ``limit`` bytes.

    ``too_large`` builds the error for a file over the limit (given its size); by default it
    speaks of drafts.
    """
    try:
        if path.is_dir():
            raise LoadError(
                Msg("ファイルではなくフォルダです", "this is a folder, not a file"),
                location=Location(path),
            )
        size = path.stat().st_size
        if size > limit:
            raise (
                too_large(size)
                if too_large is not None
                else LoadError(
                    Msg(
                        f"ファイルが大きすぎます({size:,}バイト、上限{limit:,}バイト)",
                        f"the file is too large ({size:,} bytes; the limit is {limit:,})",
                    ),
                    location=Location(path),
                    hint=Msg(
                        "計画を複数の草案ファイルに分けるか、ファイルが正しいか確認してください。",
                        "check that this is the right file.",
                    ),
                )
            )
        return path.read_bytes()
    except FileNotFoundError as exc:
        raise LoadError(
            Msg("ファイルがありません", "no such file"),
            location=Location(path),
            hint=Msg("パスを確認してください。", "check the path."),
        ) from exc
    except OSError as exc:
        raise LoadError(
            Msg(f"ファイルを読めません: {exc.strerror}", f"cannot read the file: {exc.strerror}"),
            location=Location(path),
        ) from exc


def decode(data: bytes, path: Path | None, *, check_lines: bool = True) -> str:
    """Decode UTF-8 bytes, reporting the line and column of the first invalid byte.

    Then, unless ``check_lines`` is false, refuse absurdly deep nesting and long lines.
    """
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        before = data[: exc.start]
        line = before.count(b"\n") + 1
        column = len(before[before.rfind(b"\n") + 1 :].decode("utf-8", errors="replace")) + 1
        raise LoadError(
            Msg("UTF-8 として読めない文字があります", "the file is not valid UTF-8"),
            location=Location(path, line, column),
            hint=Msg(
                "ファイルを UTF-8 で保存し直してください(Shift_JIS などは読めません)。",
                "save the file as UTF-8 (Shift_JIS and other encodings are not read).",
            ),
        ) from exc
    if check_lines:
        _check_lines(text, path)
    return text


MAX_DEPTH = 100
"""The deepest nesting planrev reads (a plan nests a dozen levels; 10,000 is hostile input)."""

_TOO_INDENTED = re.compile(rf"^ {{{4 * MAX_DEPTH + 1},}}\S", re.MULTILINE)
"""A line indented deeper than any planrev file nests (found by the regex engine, not a loop)."""
_BRACKET = re.compile(r"[\[\]{}]")


def _check_depth(text: str, path: Path | None) -> None:
    """Refuse absurdly deep nesting before a parser spends seconds (or its stack) on it."""
    deep_line = _TOO_INDENTED.search(text)
    too_deep = deep_line.start() if deep_line is not None else None
    depth = 0
    worst = 0
    worst_at = 0
    if "[" in text or "{" in text:
        for match in _BRACKET.finditer(text):
            depth += 1 if match.group() in "[{" else -1
            if depth > worst:
                worst, worst_at = depth, match.start()
    if too_deep is None and worst <= MAX_DEPTH:
        return
    offset = worst_at if worst > MAX_DEPTH else too_deep or 0
    line = text.count("\n", 0, offset) + 1
    raise LoadError(
        Msg(
            f"入れ子が深すぎます(上限{MAX_DEPTH}段)", f"nesting too deep (the limit is {MAX_DEPTH})"
        ),
        location=Location(path, line, 1),
        hint=Msg(
            "ファイルが壊れていないか確認してください。", "check that the file is not damaged."
        ),
    )


def _check_lines(text: str, path: Path | None) -> None:
    _check_depth(text, path)
    if len(text) <= MAX_LINE_CHARS:
        return
    lines = text.split("\n")
    longest = max(lines, key=len)
    length = len(longest)
    if length <= MAX_LINE_CHARS:
        return
    number = next(n for n, line in enumerate(lines, start=1) if len(line) == length)
    raise LoadError(
        Msg(
            f"行が長すぎます({length:,}文字、上限{MAX_LINE_CHARS:,}文字)",
            f"the line is too long ({length:,} characters; the limit is {MAX_LINE_CHARS:,})",
        ),
        location=Location(path, number, 1),
        hint=Msg(
            "ファイルが壊れていないか確認してください。",
            "check that the file is not damaged.",
        ),
    )


def _top_level(data: Any, text: str, path: Path | None, expect: str | None) -> str:
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
        problem = (
            Msg("'document' キーがありません", "the 'document' key is missing")
            if kind is None
            else Msg(
                f"document '{kind}' は planrev の文書の種類ではありません",
                f"document '{kind}' is not a kind of planrev document",
            )
        )
        raise SchemaError(
            problem,
            location=_locate(text, path, ("document",)),
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
            location=_locate(text, path, ("document",)),
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
    if version != SCHEMA_VERSION:
        newer = isinstance(version, int) and not isinstance(version, bool) and version > 1
        raise SchemaError(
            Msg(
                f"schema_version {version} は読めません(このplanrevは {SCHEMA_VERSION})",
                f"cannot read schema_version {version} (this planrev reads {SCHEMA_VERSION})",
            ),
            location=_locate(text, path, ("schema_version",)),
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


def _locate(
    text: str, path: Path | None, data_path: tuple[str | int, ...], *, at_key: bool = False
) -> Location:
    position = _yaml.locate(text, data_path, at_key=at_key)
    return Location(path, *position) if position else Location(path)


@overload
def loads_document(
    text: str, path: Path | None = None, *, expect: None = None
) -> DocumentModel: ...
@overload
def loads_document(text: str, path: Path | None, *, expect: type[M]) -> M: ...


def loads_document(
    text: str, path: Path | None = None, *, expect: type[M] | None = None
) -> DocumentModel:
    """Parse and validate a planrev document from ``text`` (``path`` is used in messages only).

    A text read and validated before comes from the cache (:mod:`planrev.storage.cache`).
    """
    candidates = _candidates(expect)
    cached: DocumentModel | None = cache.lookup(text, *candidates)
    if cached is not None:
        return cached  # its text passed every check below when it was stored
    return _validated(text, path, expect)


def _candidates(
    expect: type[Plan] | type[OpinionSet] | type[Revision] | None,
) -> tuple[type[Plan] | type[OpinionSet] | type[Revision], ...]:
    return (expect,) if expect is not None else (Plan, OpinionSet, Revision)


def _validated(text: str, path: Path | None, expect: type[M] | None) -> DocumentModel:
    """Check, parse and validate a text the cache does not know, then remember it."""
    _check_lines(text, path)
    body = text.removeprefix(_BOM)
    data = _yaml.parse_fast(body, path)
    expected_kind = _kind_name(expect) if expect is not None else None
    kind = _top_level(data, body, path, expected_kind)
    model_type = DOCUMENT_KINDS[kind]
    try:
        model = model_type.model_validate(data)
    except ValidationError as exc:
        raise _schema_error(exc, body, path, model_type) from exc
    problems = _problems(model)
    if problems:
        raise locate_problem(problems[0], body, path)
    cache.store(text, model)
    return model


def read_document(
    path: Path, *, expect: type[M] | None = None
) -> tuple[DocumentModel, str | bytes]:
    """Read the planrev document at ``path``; return it with the file's text or bytes.

    A file read before is found in the cache by its bytes, which are then returned undecoded
    (decoding and hashing the text again would cost as much as the lookup); a new file is decoded
    and its text returned. Either decodes to the file's text (see :func:`source_text`).
    """
    data = read_bytes(path)
    cached: DocumentModel | None = cache.lookup(data, *_candidates(expect))
    if cached is not None:
        return cached, data
    text = decode(data, path, check_lines=False)  # _validated checks the lines
    return _validated(text, path, expect), text


def source_text(source: str | bytes) -> str:
    """Return the text of what :func:`read_document` returned beside a document."""
    return source if isinstance(source, str) else source.decode("utf-8")


def _kind_name(model_type: type[BaseModel]) -> str:
    return next(name for name, known in DOCUMENT_KINDS.items() if known is model_type)


def _problems(model: DocumentModel) -> list[Problem]:
    if isinstance(model, Plan):
        return check_plan(model)
    if isinstance(model, OpinionSet):
        return check_opinions(model)
    return check_revision(model)


def locator(text: str, path: Path | None) -> Callable[[Sequence[str | int]], Location]:
    """Return a function placing a data path of the document ``text`` (read from ``path``).

    The text is parsed once, here; each call then gives the line and column of the value at
    that path (or of the last node reached on it), or the file alone if the text is not YAML.
    """
    tree = _yaml.compose(text)

    def locate(data_path: Sequence[str | int]) -> Location:
        position = _yaml.position_in(tree, data_path)
        return Location(path, *position) if position else Location(path)

    return locate


def locate_problem(problem: Problem, text: str, path: Path | None) -> LoadError:
    """Return the error to raise for ``problem`` found in the document read from ``text``."""
    error_type: type[LoadError] = {
        "duplicate": DuplicateIdError,
        "dangling": DanglingReferenceError,
        "invalid": SchemaError,
    }[problem.kind]
    return error_type(
        problem.message, location=_locate(text, path, problem.path), hint=problem.hint
    )


@overload
def load_document(path: Path | str, *, expect: None = None) -> DocumentModel: ...
@overload
def load_document(path: Path | str, *, expect: type[M]) -> M: ...


def load_document(path: Path | str, *, expect: type[M] | None = None) -> DocumentModel:
    """Read and validate the planrev document at ``path`` (fast path: nothing is written back)."""
    return read_document(Path(path), expect=expect)[0]


def load_draft(path: Path | str) -> Plan:
    """Read a draft file."""
    return load_document(path, expect=Plan)


def load_opinions(path: Path | str) -> OpinionSet:
    """Read an opinions file."""
    return load_document(path, expect=OpinionSet)


def load_revision(path: Path | str) -> Revision:
    """Read a revision-record file."""
    return load_document(path, expect=Revision)


# --------------------------------------------------------------------------------------------
# Validation messages


def _schema_error(
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
        location=_locate(text, path, loc, at_key=first["type"] == "extra_forbidden"),
        hint=hint,
    )


_TAGS = ("vision", "initiative", "text", "kpi", "note", "footnote")
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
            Msg(f"整数が必要です({where})", f"a whole number is required ({where})"),
            Msg("半角数字で書いてください(例: 3)。", "write it in ASCII digits (e.g. 3)."),
        )
    if kind in {"bool_type", "bool_parsing"}:
        return (
            Msg(f"true か false が必要です({where})", f"true or false is required ({where})"),
            Msg("true または false と書いてください。", "write true or false."),
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


# --------------------------------------------------------------------------------------------
# Writing


def to_plain(model: BaseModel, *, compact: bool) -> dict[str, Any]:
    """Return a model as YAML-ready plain data (enums as their values, tuples as lists).

    ``compact`` leaves out values equal to their defaults, except the ``schema_version`` and
    ``document`` keys every file carries.
    """
    data = model.model_dump(mode="python", exclude_defaults=compact)
    if compact and isinstance(model, Plan | OpinionSet | Revision):
        data = {"schema_version": model.schema_version, "document": model.document} | data
    return typing.cast(dict[str, Any], _plain(data))


def _plain(value: Any) -> Any:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(item) for item in value]
    return value


def dump_document(model: DocumentModel) -> str:
    """Return a new YAML file for ``model`` in planrev's canonical layout."""
    return _yaml.dump_new(to_plain(model, compact=True), schema_header(model.document))


def write_text_atomic(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 through a temporary file and a rename: all or nothing."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing.

    An interrupted or failed write leaves the previous file (if any) as it was.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if path.exists():
            os.chmod(temporary, path.stat().st_mode & 0o777)
        else:
            os.chmod(temporary, 0o644)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


class Document(Generic[M]):
    """A document opened for editing: its model, and the text it came from with its comments.

    Replace :attr:`model` with an edited copy (models are frozen) and call :meth:`save`; only the
    lines of what changed are rewritten, comments and layout stay as they were.
    """

    def __init__(self, model: M, text: str, path: Path | None) -> None:
        self.path = path
        """The file the document was read from, or None."""
        self.model: M = model
        """The current model; assign an edited copy to change the document."""
        self._bom = text.startswith(_BOM)
        body = text.removeprefix(_BOM)
        # Files written on Windows: edit with LF inside, write CRLF back.
        self._crlf = "\r\n" in body and body.count("\n") == body.count("\r\n")
        self._body = body.replace("\r\n", "\n") if self._crlf else body
        """The text as of the last sync, without BOM, with LF line ends."""
        self._saved_model: M = model
        self._saved_text = text
        self._tree_model: M = model
        """The model the round-trip tree holds."""
        self._emitted: str | None = None
        """What ruamel writes for the tree as it is (computed when first needed)."""
        self._roundtrip = _yaml.parse_roundtrip(self._body, path)

    @property
    def changed(self) -> bool:
        """Return whether :attr:`model` differs from what was read or last saved."""
        return bool(self.model != self._saved_model)

    def dumps(self) -> str:
        """Return the document's text with the current model's changes applied.

        An unedited document gives back the text it was read from, byte for byte. After an edit,
        the lines the edit did not touch keep their bytes too, even where ruamel would write them
        differently (spaces after a colon, escapes in quoted texts, a ``---`` line).
        """
        if self.model != self._tree_model:
            before = self._emitted
            if before is None:
                before = _yaml.dump_roundtrip(self._roundtrip)
            self._roundtrip.tree = _yaml.sync(
                self._roundtrip.tree,
                to_plain(self._tree_model, compact=False),
                to_plain(self.model, compact=False),
                to_plain(self.model, compact=True),
            )
            self._tree_model = self.model
            after = _yaml.dump_roundtrip(self._roundtrip)
            self._body = _keep_untouched_lines(self._body, before, after)
            self._emitted = after
        body = self._body.replace("\n", "\r\n") if self._crlf else self._body
        return (_BOM if self._bom else "") + body

    def save(self, path: Path | str | None = None, *, overwrite_modified: bool = False) -> Path:
        """Write the document to ``path`` (default: where it was read from), atomically.

        Refuses to overwrite the file it was read from if someone changed that file since it was
        read, unless ``overwrite_modified`` is true.
        """
        target = Path(path) if path is not None else self.path
        if target is None:
            raise PlanrevError(Msg("保存先が指定されていません", "no path to save to"))
        if (
            not overwrite_modified
            and self.path is not None
            and target.resolve() == self.path.resolve()
            and target.exists()
            and read_text(target) != self._saved_text
        ):
            raise PlanrevError(
                Msg(
                    "ファイルは読み込んだ後に変更されています。上書きしませんでした",
                    "the file changed on disk since it was read; not overwritten",
                ),
                hint=Msg(
                    "もう一度開いてから編集するか、overwrite_modified=True を指定してください。",
                    "open it again, or pass overwrite_modified=True.",
                ),
            )
        text = self.dumps()
        write_text_atomic(target, text)
        self._saved_text = text
        self._saved_model = self.model
        self.path = target
        return target


def _keep_untouched_lines(original: str, before: str, after: str) -> str:
    """Return ``after`` with the lines an edit did not touch spelt as in ``original``.

    ``before`` and ``after`` are what ruamel writes for the document before and after an edit;
    ``original`` is the text the document had before the edit, which ruamel may spell
    differently (``id:   a``, ``"\\e"``, ``---``). Lines equal in ``before`` and ``after`` are
    taken from ``original`` where they can be paired with it line by line; the result is checked
    to read as ``after`` does, and ``after`` is returned if it does not.
    """
    if original == before:
        return after
    old_lines, before_lines, after_lines = (
        original.split("\n"),
        before.split("\n"),
        after.split("\n"),
    )
    to_original: dict[int, int] = {}
    covered: set[int] = set()  # original lines that ruamel writes differently, line count changed
    pairing = difflib.SequenceMatcher(None, old_lines, before_lines, autojunk=False)
    for tag, old_start, old_end, start, end in pairing.get_opcodes():
        if tag == "equal" or (tag == "replace" and old_end - old_start == end - start):
            to_original.update({start + k: old_start + k for k in range(end - start)})
        elif tag == "replace":
            covered.update(range(old_start, old_end))
    result: list[str] = []
    position = 0  # the next original line not yet used or skipped

    def copy_until(stop: int) -> None:
        # Original lines ruamel drops (a `---` line) are kept where they were.
        nonlocal position
        result.extend(old_lines[line] for line in range(position, stop) if line not in covered)
        position = max(position, stop)

    edit = difflib.SequenceMatcher(None, before_lines, after_lines, autojunk=False)
    for tag, start, end, new_start, new_end in edit.get_opcodes():
        if tag != "equal":
            result.extend(after_lines[new_start:new_end])
            for replaced in range(start, end):
                if replaced in to_original:
                    position = max(position, to_original[replaced] + 1)
            continue
        for offset in range(end - start):
            paired = to_original.get(start + offset)
            if paired is None or paired < position:
                result.append(after_lines[new_start + offset])
                continue
            copy_until(paired)
            result.append(old_lines[paired])
            position = paired + 1
    copy_until(len(old_lines))
    patched = "\n".join(result)
    try:
        same = _yaml.parse_fast(patched) == _yaml.parse_fast(after)
    except PlanrevError:
        same = False
    return patched if same else after


@overload
def open_document(path: Path | str, *, expect: None = None) -> Document[Any]: ...
@overload
def open_document(path: Path | str, *, expect: type[M]) -> Document[M]: ...


def open_document(path: Path | str, *, expect: type[M] | None = None) -> Document[Any]:
    """Open a planrev file for editing, keeping its comments and layout."""
    path = Path(path)
    text = read_text(path)
    model = (
        loads_document(text, path) if expect is None else loads_document(text, path, expect=expect)
    )
    return Document(model, text, path)
