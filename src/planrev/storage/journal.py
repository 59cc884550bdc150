"""Replacing a set of files in one folder all or nothing: new files, a journal, renames.

A transaction writes each new file under a temporary name in the folder itself (so the rename
that puts it in place never crosses a file system), flushes them, then commits by renaming a
journal into place: ``.planrev-<random>.journal``, listing which temporary file becomes which
file and which files go. Only then are the renames made, and the journal removed.

- Killed before the commit: the old files are untouched; the temporary files left behind are
  removed by the next :func:`recover` (every read and write of the folder runs it first).
- Killed after the commit: the next :func:`recover` finishes the renames from the journal.

Readers hold a shared lock on the folder while they read and writers an exclusive one
(``flock`` on the folder itself, no lock file), so no planrev process reads a folder half
replaced. Temporary files and journals start with ``.``: :func:`planrev.storage.folder.yaml_files`
never lists them. New files get the permissions of the user's umask; a replaced file keeps its
mode. Errors name the real file, never a temporary name.
"""

from __future__ import annotations

import contextlib
import json
import os
import stat
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

from planrev.errors import WriteError
from planrev.i18n import Msg
from planrev.storage.files import TEMPORARY_PREFIX, TEMPORARY_SUFFIX, create_exclusive

try:
    import fcntl
except ImportError:  # pragma: no cover - Windows: no locks, the journal still holds
    fcntl = None  # type: ignore[assignment]

__all__ = ["JOURNAL_SUFFIX", "commit", "failed", "locked", "pending", "recover"]

JOURNAL_SUFFIX = ".journal"
_FORMAT = "planrev-transaction-1"


def pending(folder: Path) -> bool:
    """Return whether ``folder`` holds a journal or temporary files of an interrupted write."""
    try:
        return any(name.startswith(TEMPORARY_PREFIX) for name in os.listdir(folder))
    except OSError:
        return False


@contextlib.contextmanager
def locked(folder: Path, *, exclusive: bool) -> Iterator[None]:
    """Hold a lock on ``folder`` for the block: shared to read, exclusive to write."""
    if fcntl is None:  # pragma: no cover
        yield
        return
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
        yield
    finally:
        os.close(descriptor)  # releases the lock


def _sync_folder(folder: Path) -> None:
    descriptor = os.open(folder, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
    try:
        os.fsync(descriptor)
    finally:
        os.close(descriptor)


def _journals(folder: Path) -> list[Path]:
    return sorted(
        path
        for path in folder.iterdir()
        if path.name.startswith(TEMPORARY_PREFIX) and path.name.endswith(JOURNAL_SUFFIX)
    )


def recover(folder: Path) -> None:
    """Finish a committed transaction in ``folder`` and remove what an uncommitted one left.

    Call it holding :func:`locked` (exclusive). Raises :class:`WriteError` if a committed
    transaction cannot be finished (the folder is read-only, say).
    """
    try:
        for journal in _journals(folder):
            _apply(folder, _read_journal(journal))
            journal.unlink()
            _sync_folder(folder)
        for path in folder.iterdir():
            if path.name.startswith(TEMPORARY_PREFIX) and path.name.endswith(TEMPORARY_SUFFIX):
                path.unlink(missing_ok=True)
    except OSError as exc:
        raise failed(folder, exc) from exc


def _read_journal(journal: Path) -> dict[str, Any]:
    try:
        data = json.loads(journal.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        data = None
    if not isinstance(data, dict) or data.get("format") != _FORMAT:
        # Journals are renamed into place only once written in full: this one is not planrev's.
        raise WriteError(
            Msg(
                "途中で止まった書き込みの記録が読めません",
                "the journal of an interrupted write cannot be read",
            ),
            path=journal,
            hint=Msg(
                "このファイルを確認してから消してください。",
                "check this file, then remove it.",
            ),
        )
    return data


def _apply(folder: Path, journal: Mapping[str, Any]) -> None:
    for temporary, final in journal.get("write", []):
        source = folder / Path(temporary).name
        if source.exists():
            os.replace(source, folder / Path(final).name)
    for name in journal.get("remove", []):
        (folder / Path(name).name).unlink(missing_ok=True)


def commit(folder: Path, files: Mapping[str, bytes | None]) -> None:
    """Replace files of ``folder`` as one transaction: ``files`` maps a file name to its new
    bytes, or to None to remove it. Call it holding :func:`locked` (exclusive), after
    :func:`recover`."""
    written: list[tuple[Path, str]] = []
    try:
        for name, data in files.items():
            if data is None:
                continue
            target = folder / name
            try:
                descriptor, temporary = create_exclusive(folder)
                written.append((temporary, name))
                with os.fdopen(descriptor, "wb") as stream:
                    stream.write(data)
                    stream.flush()
                    os.fsync(stream.fileno())
                with contextlib.suppress(FileNotFoundError):
                    os.chmod(temporary, stat.S_IMODE(os.stat(target).st_mode))
            except OSError as exc:
                raise failed(target, exc) from exc
        journal: dict[str, Any] = {
            "format": _FORMAT,
            "write": [[temporary.name, name] for temporary, name in written],
            "remove": [name for name, data in files.items() if data is None],
        }
        try:
            descriptor, temporary = create_exclusive(folder, mode=0o600)
            written.append((temporary, ""))
            with os.fdopen(descriptor, "wb") as stream:
                stream.write(json.dumps(journal, ensure_ascii=False).encode("utf-8"))
                stream.flush()
                os.fsync(stream.fileno())
            committed = temporary.with_suffix(JOURNAL_SUFFIX)
            os.rename(temporary, committed)  # the commit
            _sync_folder(folder)
        except OSError as exc:
            raise failed(folder, exc) from exc
    except BaseException:
        for temporary, _name in written:
            temporary.unlink(missing_ok=True)
        raise
    # Committed: from here on, an interruption is finished by the next recover().
    try:
        _apply(folder, journal)
        _sync_folder(folder)
        committed.unlink()
    except OSError as exc:
        raise failed(folder, exc) from exc


def failed(path: Path, exc: OSError) -> WriteError:
    """Return the error for a write to ``path`` that failed with ``exc``."""
    reason = exc.strerror or str(exc)
    return WriteError(
        Msg(f"書き込めません: {reason}", f"cannot write: {reason}"),
        path=path,
        hint=Msg(
            "空き容量と権限を確認して、もう一度実行してください(途中までの書き込みは次の実行で片付きます)。",
            "check the free space and the permissions, then run again "
            "(what was half written is cleaned up by the next run).",
        ),
    )
