"""Reading and writing planrev YAML documents: drafts, opinions and revision records.

Every read validates the whole document and stops at the first problem with one message naming
file, line and column (:class:`planrev.errors.LoadError`), within the limits of
:class:`planrev.storage.files.Limits`. A file read again inside :func:`planrev.storage.cache.caching`
comes from the cache of validated documents. :func:`open_document` also keeps the
comment-preserving tree so that :meth:`Document.save` changes only the lines an edit touched.
"""

from __future__ import annotations

import difflib
import typing
from collections.abc import Callable, Sequence
from enum import Enum
from pathlib import Path
from typing import Any, Generic, TypeVar, overload

from pydantic import BaseModel, ValidationError

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
from planrev.storage.files import (
    Limits,
    check_shape,
    decode,
    read_bytes,
    read_text,
    write_bytes_atomic,
    write_text_atomic,
)
from planrev.storage.messages import (
    DOCUMENT_KINDS,
    SCHEMA_VERSION,
    check_top_level,
    location_of,
    schema_error,
)

__all__ = [
    "DOCUMENT_KINDS",
    "MAX_FILE_BYTES",
    "MAX_LINE_CHARS",
    "SCHEMA_VERSION",
    "Document",
    "DocumentModel",
    "Limits",
    "decode",
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
    "to_plain",
    "write_bytes_atomic",
    "write_text_atomic",
]

DocumentModel = Plan | OpinionSet | Revision
"""Any top-level planrev document."""

M = TypeVar("M", Plan, OpinionSet, Revision)

MAX_FILE_BYTES = Limits().file_bytes
"""The default limit on the size of a file (see :class:`Limits` to raise it)."""

MAX_LINE_CHARS = Limits().line_chars
"""The default limit on the length of a line (see :class:`Limits` to raise it)."""

_BOM = "\ufeff"


SCHEMA_FOLDER = "../../schemas"
"""Where new files point editors for their JSON Schema: a ``schemas/`` folder (written by
``planrev schema --out schemas``) beside ``drafts/``, drafts living in ``drafts/<plan>/``."""


def schema_header(kind: str, schema_folder: str = SCHEMA_FOLDER) -> str:
    """Return the editor hint put on the first line of a new file of ``kind``."""
    return f"yaml-language-server: $schema={schema_folder}/{kind}.schema.json"


# --------------------------------------------------------------------------------------------
# Reading


@overload
def loads_document(
    text: str, path: Path | None = None, *, expect: None = None, limits: Limits | None = None
) -> DocumentModel: ...
@overload
def loads_document(
    text: str, path: Path | None, *, expect: type[M], limits: Limits | None = None
) -> M: ...


def loads_document(
    text: str,
    path: Path | None = None,
    *,
    expect: type[M] | None = None,
    limits: Limits | None = None,
) -> DocumentModel:
    """Parse and validate a planrev document from ``text`` (``path`` is used in messages only).

    ``expect`` refuses a document of another kind; ``limits`` defaults to the environment's
    (:meth:`Limits.from_environment`).
    """
    limits = limits if limits is not None else Limits.from_environment()
    check_shape(text, path, limits)
    body = text.removeprefix(_BOM)
    data = _yaml.parse_fast(body, path, limits=limits)
    expected_kind = _kind_name(expect) if expect is not None else None
    kind = check_top_level(data, body, path, expected_kind)
    model_type = DOCUMENT_KINDS[kind]
    try:
        model = model_type.model_validate(data)
    except ValidationError as exc:
        raise schema_error(exc, body, path, model_type) from exc
    problems = _problems(model)
    if problems:
        raise locate_problem(problems[0], body, path)
    return model


def read_document(
    path: Path | str, *, expect: type[M] | None = None, limits: Limits | None = None
) -> tuple[DocumentModel, str]:
    """Read the planrev document at ``path``; return it with the file's text.

    Inside :func:`planrev.storage.cache.caching`, a file read before comes from the cache.
    """
    path = Path(path)
    limits = limits if limits is not None else Limits.from_environment()
    data = read_bytes(path, limit=limits.file_bytes)
    drafts = cache.active()
    if drafts is not None:
        cached = drafts.lookup(data, *((expect,) if expect is not None else ()))
        if cached is not None:
            return cached, data.decode("utf-8")  # it decoded when it was stored
    text = decode(data, path, check_lines=False)  # loads_document checks the lines
    model = loads_document(text, path, expect=expect, limits=limits)
    if drafts is not None:
        drafts.store(data, model)
    return model, text


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
        problem.message, location=location_of(text, path, problem.path), hint=problem.hint
    )


@overload
def load_document(
    path: Path | str, *, expect: None = None, limits: Limits | None = None
) -> DocumentModel: ...
@overload
def load_document(path: Path | str, *, expect: type[M], limits: Limits | None = None) -> M: ...


def load_document(
    path: Path | str, *, expect: type[M] | None = None, limits: Limits | None = None
) -> DocumentModel:
    """Read and validate the planrev document at ``path`` (see :func:`read_document`)."""
    return read_document(path, expect=expect, limits=limits)[0]


def load_draft(path: Path | str, *, limits: Limits | None = None) -> Plan:
    """Read a draft file."""
    return load_document(path, expect=Plan, limits=limits)


def load_opinions(path: Path | str, *, limits: Limits | None = None) -> OpinionSet:
    """Read an opinions file."""
    return load_document(path, expect=OpinionSet, limits=limits)


def load_revision(path: Path | str, *, limits: Limits | None = None) -> Revision:
    """Read a revision-record file."""
    return load_document(path, expect=Revision, limits=limits)


# --------------------------------------------------------------------------------------------
# Writing


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
def open_document(
    path: Path | str, *, expect: None = None, limits: Limits | None = None
) -> Document[Any]: ...
@overload
def open_document(
    path: Path | str, *, expect: type[M], limits: Limits | None = None
) -> Document[M]: ...


def open_document(
    path: Path | str, *, expect: type[M] | None = None, limits: Limits | None = None
) -> Document[Any]:
    """Open a planrev file for editing, keeping its comments and layout."""
    path = Path(path)
    limits = limits if limits is not None else Limits.from_environment()
    text = read_text(path, limits=limits)
    model = (
        loads_document(text, path, limits=limits)
        if expect is None
        else loads_document(text, path, expect=expect, limits=limits)
    )
    return Document(model, text, path)
