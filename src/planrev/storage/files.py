"""Reading input files within limits, and writing output files all or nothing.

Reads accept regular files only (a FIFO would hang, a device such as ``/dev/zero`` never ends, a
broken link is an error, not an absent file) and count the bytes actually read, so a file that
grows or lies about its size still stops at the limit. Each limit has a default, an environment
variable and a keyword argument (:class:`Limits`); docs/guide/errors.md lists them.

Writes go through a new file beside the target (created with ``O_EXCL``, never through a link)
and a rename, so an interrupted write leaves the previous file as it was. New files get the
permissions the user's umask gives (never a chmod to 0644); a replaced file keeps its mode.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import stat
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import BinaryIO

from planrev.errors import LimitError, LoadError, Location, PlanrevError, WriteError
from planrev.i18n import Msg

__all__ = [
    "LIMIT_VARIABLES",
    "Limits",
    "check_import_lines",
    "check_shape",
    "create_exclusive",
    "decode",
    "raise_hint",
    "read_at_most",
    "read_bytes",
    "read_text",
    "temporary_name",
    "write_bytes_atomic",
    "write_text_atomic",
]


@dataclass(frozen=True, slots=True)
class Limits:
    """The limits every read of a YAML file (or a PDF) is held to; exceeding one is a
    :class:`LimitError`.

    A plan of 10x the largest real plan known (16,000 blocks, about 4 MB of YAML and 200,000
    YAML nodes) stays well inside each default; at each limit, reading stays within 1 GB.
    """

    file_bytes: int = 32 * 1024 * 1024
    """The largest file read, in bytes (a 5,000-section plan is about 7 MB)."""
    line_chars: int = 200_000
    """The longest line, in characters."""
    depth: int = 100
    """The deepest nesting of YAML collections (a plan nests a dozen levels)."""
    nodes: int = 1_000_000
    """The most YAML nodes (keys, values, list items) in one file, each alias (``*name``)
    counted as the nodes it stands for: an alias bomb stops here before anything expands it."""
    import_lines: int = 50_000
    """The most non-blank lines of a text or Markdown document to import (``planrev import
    plain``, ``marked``): each becomes a heading or a statement to write out, so this
    bounds an import's time and memory (at the limit about 12 s of CPU and 450 MB; a plan of
    16,000 blocks is about 30,000 lines)."""
    pdf_bytes: int = 100 * 1024 * 1024
    """The largest PDF read, in bytes (pictures make real handouts large; text never does)."""
    pdf_inflated: int = 256 * 1024 * 1024
    """The inflated size of all the compressed streams of a PDF together: a small PDF cannot
    expand into gigabytes (a page of text is a few kilobytes)."""

    @classmethod
    def from_environment(cls, **overrides: int) -> Limits:
        """Return the defaults, changed by the ``PLANREV_MAX_*`` variables, then by ``overrides``."""
        values: dict[str, int] = {}
        for name, variable in LIMIT_VARIABLES.items():
            raw = os.environ.get(variable)
            if raw is None or raw.strip() == "":
                continue
            try:
                value = int(raw.strip().replace("_", ""))
            except ValueError:
                value = 0
            if value < 1:
                raise PlanrevError(
                    Msg(
                        f"環境変数 {variable} の値 '{raw}' は正の整数ではありません",
                        f"the environment variable {variable}='{raw}' is not a positive whole number",
                    ),
                    hint=Msg(
                        f"{variable} を消すか、1 以上の整数にしてください。",
                        f"unset {variable} or set it to a whole number of 1 or more.",
                    ),
                )
            values[name] = value
        return replace(cls(**values), **overrides)


LIMIT_VARIABLES = {
    "file_bytes": "PLANREV_MAX_FILE_BYTES",
    "line_chars": "PLANREV_MAX_LINE_CHARS",
    "depth": "PLANREV_MAX_DEPTH",
    "nodes": "PLANREV_MAX_YAML_NODES",
    "import_lines": "PLANREV_MAX_IMPORT_LINES",
    "pdf_bytes": "PLANREV_MAX_PDF_BYTES",
    "pdf_inflated": "PLANREV_MAX_PDF_INFLATED_BYTES",
}
"""The environment variable that raises (or lowers) each limit of :class:`Limits`."""

assert set(LIMIT_VARIABLES) == {field.name for field in fields(Limits)}


def _resolve(limits: Limits | None) -> Limits:
    return limits if limits is not None else Limits.from_environment()


def raise_hint(name: str) -> Msg:
    variable = LIMIT_VARIABLES[name]
    return Msg(
        f"ファイルが正しいか確認してください。正しい大きなファイルなら、環境変数 {variable} で上限を上げられます。",
        f"check that this is the right file; for a genuine large file raise the limit with {variable}.",
    )


# --------------------------------------------------------------------------------------------
# Reading

_KINDS = (
    (stat.S_ISFIFO, Msg("名前付きパイプ(FIFO)", "a named pipe (FIFO)")),
    (stat.S_ISCHR, Msg("デバイス", "a device")),
    (stat.S_ISBLK, Msg("デバイス", "a device")),
    (stat.S_ISSOCK, Msg("ソケット", "a socket")),
)


def _not_regular(path: Path, mode: int) -> LoadError:
    if stat.S_ISDIR(mode):
        return LoadError(
            Msg("ファイルではなくフォルダです", "this is a folder, not a file"),
            location=Location(path),
        )
    what = next((kind for test, kind in _KINDS if test(mode)), Msg("特殊なファイル", "special"))
    return LoadError(
        Msg(
            f"通常のファイルではありません({what.ja})",
            f"not a regular file ({what.en})",
        ),
        location=Location(path),
        hint=Msg(
            "planrev は通常のファイルだけを読みます。内容をファイルに保存してから指定してください。",
            "planrev reads regular files only; save the content to a file and pass that.",
        ),
    )


def _default_too_large(path: Path, size: int, limit: int) -> LoadError:
    return LimitError(
        Msg(
            f"ファイルが大きすぎます({size:,}バイト以上、上限{limit:,}バイト)",
            f"the file is too large ({size:,} bytes or more; the limit is {limit:,})",
        ),
        location=Location(path),
        hint=raise_hint("file_bytes"),
    )


def read_bytes(
    path: Path | str,
    *,
    limit: int | None = None,
    too_large: Callable[[int], LoadError] | None = None,
) -> bytes:
    """Read a regular file's bytes, stopping at ``limit`` bytes (default :attr:`Limits.file_bytes`).

    Refuses a missing file, a broken link, a folder, a FIFO, a device or a socket. The bytes
    are counted as they are read: a file that claims a small size but keeps giving bytes stops
    at the limit too. ``too_large`` builds the error for a file over the limit (given the bytes
    seen); by default it names the limit and how to raise it.
    """
    path = Path(path)
    if limit is None:
        limit = Limits.from_environment().file_bytes
    try:
        status = path.stat()
    except FileNotFoundError as exc:
        if path.is_symlink():
            raise LoadError(
                Msg(
                    f"リンク先のファイルがありません(リンク先: {os.readlink(path)})",
                    f"the link points at nothing (target: {os.readlink(path)})",
                ),
                location=Location(path),
                hint=Msg(
                    "リンクを消すか、リンク先のファイルを戻してください。",
                    "remove the link or restore the file it points at.",
                ),
            ) from exc
        raise LoadError(
            Msg("ファイルがありません", "no such file"),
            location=Location(path),
            hint=Msg("パスを確認してください。", "check the path."),
        ) from exc
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if not stat.S_ISREG(status.st_mode):
        raise _not_regular(path, status.st_mode)

    def over(size: int) -> LoadError:
        return too_large(size) if too_large is not None else _default_too_large(path, size, limit)

    if status.st_size > limit:
        raise over(status.st_size)
    try:
        # O_NONBLOCK: a file swapped for a FIFO after the check above cannot hang the open.
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        descriptor = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
        with os.fdopen(descriptor, "rb") as stream:
            opened = os.fstat(stream.fileno())
            if not stat.S_ISREG(opened.st_mode):
                raise _not_regular(path, opened.st_mode)
            data = read_at_most(stream, limit + 1, opened.st_size)
    except OSError as exc:
        raise _unreadable(path, exc) from exc
    if len(data) > limit:
        raise over(len(data))
    return data


def read_at_most(stream: BinaryIO, limit: int, size: int) -> bytes:
    """Return the bytes of ``stream`` up to its end or ``limit`` bytes, whichever comes first.

    ``size`` is what the file claims to hold: reading asks for that much and then for more in
    chunks, so a file that lies about its size still stops at ``limit``, and no buffer of
    ``limit`` bytes is made for a small file.
    """
    chunks: list[bytes] = []
    total = 0
    request = min(limit, max(size, 0) + 1)
    probe = 64 * 1024  # past the claimed size: look for the end in small, growing steps
    while total < limit:
        chunk = stream.read(request)
        if not chunk:
            break
        chunks.append(chunk)
        total += len(chunk)
        request = min(limit - total, probe)
        probe = min(2 * probe, 16 * 1024 * 1024)
    return b"".join(chunks)


def _unreadable(path: Path, exc: OSError) -> LoadError:
    reason = exc.strerror or str(exc)
    return LoadError(
        Msg(f"ファイルを読めません: {reason}", f"cannot read the file: {reason}"),
        location=Location(path),
    )


def read_text(path: Path | str, *, check_lines: bool = True, limits: Limits | None = None) -> str:
    """Read a UTF-8 text file within ``limits`` (see :func:`read_bytes` and :func:`decode`).

    ``check_lines=False`` leaves the nesting and line-length checks to the caller.
    """
    limits = _resolve(limits)
    path = Path(path)
    return decode(
        read_bytes(path, limit=limits.file_bytes), path, check_lines=check_lines, limits=limits
    )


def decode(
    data: bytes, path: Path | None, *, check_lines: bool = True, limits: Limits | None = None
) -> str:
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
        check_shape(text, path, limits)
    return text


_BRACKET = re.compile(r"[\[\]{}]")


def _check_depth(text: str, path: Path | None, depth_limit: int) -> None:
    """Refuse absurdly deep nesting before a parser spends seconds (or its stack) on it."""
    too_indented = re.compile(rf"^ {{{4 * depth_limit + 1},}}\S", re.MULTILINE)
    deep_line = too_indented.search(text)
    too_deep = deep_line.start() if deep_line is not None else None
    depth = 0
    worst = 0
    worst_at = 0
    if "[" in text or "{" in text:
        for match in _BRACKET.finditer(text):
            depth += 1 if match.group() in "[{" else -1
            if depth > worst:
                worst, worst_at = depth, match.start()
    if too_deep is None and worst <= depth_limit:
        return
    offset = worst_at if worst > depth_limit else too_deep or 0
    line = text.count("\n", 0, offset) + 1
    raise LimitError(
        Msg(
            f"入れ子が深すぎます(上限{depth_limit}段)",
            f"nesting too deep (the limit is {depth_limit})",
        ),
        location=Location(path, line, 1),
        hint=raise_hint("depth"),
    )


def check_shape(text: str, path: Path | None, limits: Limits | None = None) -> None:
    """Refuse nesting deeper than :attr:`Limits.depth` and lines longer than
    :attr:`Limits.line_chars` (found by C loops, not per-line Python code)."""
    limits = _resolve(limits)
    _check_depth(text, path, limits.depth)
    if len(text) <= limits.line_chars:
        return
    lines = text.split("\n")
    longest = max(lines, key=len)
    length = len(longest)
    if length <= limits.line_chars:
        return
    number = next(n for n, line in enumerate(lines, start=1) if len(line) == length)
    raise LimitError(
        Msg(
            f"行が長すぎます({length:,}文字、上限{limits.line_chars:,}文字)",
            f"the line is too long ({length:,} characters; the limit is {limits.line_chars:,})",
        ),
        location=Location(path, number, 1),
        hint=raise_hint("line_chars"),
    )


def check_import_lines(text: str, path: Path | None, limits: Limits | None = None) -> None:
    """Refuse a document to import of more than :attr:`Limits.import_lines` non-blank lines."""
    limit = _resolve(limits).import_lines
    if text.count("\n") < limit:
        return
    count = 0
    for number, line in enumerate(text.split("\n"), start=1):
        if line.strip():
            count += 1
            if count > limit:
                raise LimitError(
                    Msg(
                        f"取り込む文書の行が多すぎます(空でない行が上限の{limit:,}行を超えます)",
                        f"too many lines to import (more than {limit:,} non-blank lines)",
                    ),
                    location=Location(path, number, 1),
                    hint=raise_hint("import_lines"),
                )


# --------------------------------------------------------------------------------------------
# Writing

TEMPORARY_PREFIX = ".planrev-"
"""How the names of planrev's temporary files and folders start (``.planrev-<random>.tmp``)."""

TEMPORARY_SUFFIX = ".tmp"


def temporary_name() -> str:
    """Return a new unpredictable name for a temporary file or folder."""
    return f"{TEMPORARY_PREFIX}{secrets.token_hex(8)}{TEMPORARY_SUFFIX}"


def create_exclusive(folder: Path, *, mode: int = 0o666) -> tuple[int, Path]:
    """Create a new file in ``folder`` that did not exist, never through a link.

    Return its descriptor (open for writing) and path. ``mode`` is filtered by the umask.
    """
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    flags |= getattr(os, "O_CLOEXEC", 0)
    while True:
        candidate = folder / temporary_name()
        try:
            return os.open(candidate, flags, mode), candidate
        except FileExistsError:  # pragma: no cover - 64 random bits
            continue


def write_text_atomic(path: Path | str, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8 through a temporary file and a rename: all or nothing."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing.

    An interrupted or failed write leaves the previous file (if any) as it was. A new file gets
    the permissions of the user's umask; a replaced file keeps its own. A failure is reported
    with ``path``, never the temporary file's name.
    """
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor, temporary = create_exclusive(path.parent)
    except OSError as exc:
        raise _unwritable(path, exc) from exc
    try:
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        # A replaced file keeps its mode; a new one keeps what the umask chose.
        with contextlib.suppress(FileNotFoundError):
            os.chmod(temporary, stat.S_IMODE(os.stat(path).st_mode))
        os.replace(temporary, path)
    except OSError as exc:
        temporary.unlink(missing_ok=True)
        raise _unwritable(path, exc) from exc
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _unwritable(path: Path, exc: OSError) -> WriteError:
    reason = exc.strerror or str(exc)
    return WriteError(
        Msg(f"書き込めません: {reason}", f"cannot write: {reason}"),
        path=path,
        hint=Msg(
            "書き込み先のフォルダ・空き容量・権限を確認してください。",
            "check the folder, the free space and the permissions.",
        ),
    )
