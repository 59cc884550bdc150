"""Writing outputs all or nothing: through a temporary file in the same folder and a rename."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from planrev.storage.documents import write_text_atomic

__all__ = ["write_atomic", "write_bytes_atomic"]


def write_bytes_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to ``path`` through a temporary file and a rename: all or nothing."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())
        mode = path.stat().st_mode & 0o777 if path.exists() else 0o644
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def write_atomic(path: Path, content: str | bytes) -> None:
    """Write text (UTF-8) or bytes to ``path`` atomically."""
    if isinstance(content, str):
        write_text_atomic(path, content)
    else:
        write_bytes_atomic(path, content)
