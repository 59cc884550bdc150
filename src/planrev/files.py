"""Writing a file all or nothing: through a temporary file in the same folder, then a rename.

A new file gets the permissions the user's umask gives (``0o666`` less the umask, as any program
that creates a file), so that ``umask 077`` keeps a private plan private; a file that is replaced
keeps its own permissions. Nothing here knows planrev's documents: it is the lowest layer, used
by every writer.
"""

from __future__ import annotations

import os
import secrets
import stat
from pathlib import Path

__all__ = ["write_bytes_atomic", "write_text_atomic"]

_ATTEMPTS = 100
"""How many temporary names to try before giving up (each is random; a clash is rare)."""


def write_text_atomic(path: Path | str, text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, all or nothing (see :func:`write_bytes_atomic`)."""
    write_bytes_atomic(path, text.encode("utf-8"))


def write_bytes_atomic(path: Path | str, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing.

    The folder is created if needed. An interrupted or failed write leaves the previous file (if
    any) as it was and removes the temporary file; OSError is raised as it comes.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    keep = stat.S_IMODE(target.stat().st_mode) if target.is_file() else None
    handle, temporary = _create_temporary(target)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        if keep is not None:
            os.chmod(temporary, keep)
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def _create_temporary(target: Path) -> tuple[int, Path]:
    """Create a new, empty file beside ``target``, with the mode the umask gives; return its
    descriptor and path."""
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
    for _ in range(_ATTEMPTS):
        temporary = target.with_name(f".{target.name}.{secrets.token_hex(6)}.tmp")
        try:
            # 0o666: the kernel takes the umask off, as for any file a program creates.
            return os.open(temporary, flags, 0o666), temporary
        except FileExistsError:
            continue
    raise FileExistsError(f"no free temporary name beside {target}")
