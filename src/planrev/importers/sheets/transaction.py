"""STAND-IN for ``planrev.storage.folder.write_folder`` until the storage branch lands.

Same signature and contract as the storage layer's transactional folder write: the whole
resulting folder is validated first (a problem raises its :class:`LoadError` naming the real
file, and nothing is written), then the files are replaced. This stand-in validates a copy of
the folder in a scratch folder and then replaces each file atomically (enough for the one file
``planrev import opinions`` writes); the storage layer's version also makes a set of several
files one transaction and recovers an interrupted one. Swap it by changing the one import in
:mod:`planrev.importers.sheets` (marked ``SWAP``) and delete this module.
"""

from __future__ import annotations

import dataclasses
import tempfile
from collections.abc import Mapping
from pathlib import Path

from planrev.errors import LoadError
from planrev.storage.documents import write_text_atomic
from planrev.storage.folder import DraftFolder, load_folder, yaml_files

__all__ = ["write_folder"]


def write_folder(
    folder: Path | str, files: Mapping[str, str | None], *, limits: object | None = None
) -> DraftFolder:
    """Write ``files`` into the drafts folder ``folder`` after validating the result; return it.

    ``files`` maps a file name in the folder to its new text, or to None to remove that file.
    ``limits`` is accepted for the storage layer's signature and not used here.
    """
    del limits
    folder = Path(folder)
    for name in files:
        plain = Path(name)
        if plain.name != name or name.startswith(".") or plain.suffix not in {".yaml", ".yml"}:
            raise ValueError(f"{name!r} is not the name of a YAML file directly in the folder")
    with tempfile.TemporaryDirectory(prefix="planrev-check-") as scratch:
        copy = Path(scratch)
        for path in yaml_files(folder):
            if path.name not in files:
                (copy / path.name).write_bytes(path.read_bytes())
        for name, text in files.items():
            if text is not None:
                (copy / name).write_text(text, encoding="utf-8")
        try:
            load_folder(copy)
        except LoadError as error:
            raise _relocated(error, copy, folder) from error
    for name, text in files.items():
        if text is None:
            (folder / name).unlink(missing_ok=True)
        else:
            write_text_atomic(folder / name, text)
    return load_folder(folder)


def _relocated(error: LoadError, scratch: Path, folder: Path) -> LoadError:
    """Return ``error`` naming the folder's file instead of its scratch copy."""
    where = error.location
    if where.path is None or where.path.parent != scratch:
        where = dataclasses.replace(where, path=folder)
    else:
        where = dataclasses.replace(where, path=folder / where.path.name)
    return type(error)(error.message, location=where, hint=error.hint)
