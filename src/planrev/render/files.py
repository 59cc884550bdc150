"""Writing outputs all or nothing: through a temporary file in the same folder and a rename.

New files get the permissions of the user's umask (:mod:`planrev.files`).
"""

from __future__ import annotations

from pathlib import Path

from planrev.files import write_bytes_atomic, write_text_atomic

__all__ = ["write_atomic", "write_bytes_atomic"]


def write_atomic(path: Path | str, content: str | bytes) -> None:
    """Write text (UTF-8) or bytes to ``path`` atomically."""
    if isinstance(content, str):
        write_text_atomic(path, content)
    else:
        write_bytes_atomic(path, content)
