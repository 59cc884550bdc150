"""A content-addressed cache of validated documents, so that reading an unchanged draft again
costs a hash and an unpickling instead of a YAML parse and a validation.

The key is the SHA-256 of the file's text together with a fingerprint of the code that reads it
(the model, the storage layer and the 和暦 table, the versions of pydantic and Python): any
change to the text or to that code misses the cache. Only documents that loaded and validated without error are stored, so errors are
always reported from the YAML itself, with its lines and columns.

Entries are pickles of the frozen models (unpickling a 1,000-section draft takes half the time of
validating its JSON). A pickle can run code when it is read, so an entry is only read from a
folder and a file that belong to the current user and that nobody else can write (the cache
folder is created readable by its owner only); anything else is ignored as a miss.

Where: ``$PLANREV_CACHE_DIR``, else ``$XDG_CACHE_HOME/planrev``, else ``~/.cache/planrev``.
``PLANREV_CACHE=0`` turns the cache off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
import pickle
import stat
import sys
from functools import lru_cache
from pathlib import Path

import pydantic

import planrev
from planrev.model import OpinionSet, Plan, Revision

__all__ = ["cache_dir", "enabled", "lookup", "store"]

_CODE = (
    "model/__init__.py",
    "model/base.py",
    "model/plan.py",
    "model/opinions.py",
    "model/revision.py",
    "model/checks.py",
    "model/walk.py",
    "storage/documents.py",
    "storage/yaml.py",
    "storage/cache.py",
    "era.py",
)


def enabled() -> bool:
    """Return whether the cache is on (``PLANREV_CACHE=0`` turns it off)."""
    return os.environ.get("PLANREV_CACHE", "1") not in {"0", "false", "no", "off"}


def cache_dir() -> Path:
    """Return the folder the cache lives in."""
    explicit = os.environ.get("PLANREV_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "planrev"


@lru_cache(maxsize=1)
def _code_fingerprint() -> str:
    # The pickles depend on planrev's models, on pydantic's way of pickling them and on Python.
    digest = hashlib.sha256(planrev.__version__.encode())
    digest.update(f"|pydantic {pydantic.VERSION}|python {sys.version}|".encode())
    root = Path(__file__).resolve().parent.parent
    for name in _CODE:
        try:
            digest.update((root / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def _key(content: str | bytes) -> str:
    # A file's bytes and the text they decode to have the same key: a file read again is looked
    # up by its bytes, without decoding them.
    digest = hashlib.sha256()
    digest.update(_code_fingerprint().encode())
    digest.update(
        content if isinstance(content, bytes) else content.encode("utf-8", errors="surrogatepass")
    )
    return digest.hexdigest()


def _entry(key: str, kind: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.{kind}.pickle"


def _private(path: Path, status: os.stat_result) -> bool:
    """Return whether ``path`` belongs to the current user and nobody else can write it."""
    getuid = getattr(os, "getuid", None)
    if getuid is None:  # Windows: the user's profile folder is private already
        return True
    return status.st_uid == getuid() and not status.st_mode & (stat.S_IWGRP | stat.S_IWOTH)


def _read_private(path: Path) -> bytes | None:
    try:
        with path.open("rb") as stream:
            if not _private(path, os.fstat(stream.fileno())) or not _private(
                path.parent, path.parent.stat()
            ):
                return None
            return stream.read()
    except OSError:
        return None


def lookup(
    content: str | bytes, *model_types: type[Plan] | type[OpinionSet] | type[Revision]
) -> Plan | OpinionSet | Revision | None:
    """Return the cached document of one of ``model_types`` for ``content``, or None.

    ``content`` is a document's text or the UTF-8 bytes of its file (the same entry). It is
    hashed once whatever the number of kinds tried. None when nothing is cached, or
    the entry is unusable (damaged entries are read from the YAML again and overwritten).
    """
    if not enabled():
        return None
    key = _key(content)
    for model_type in model_types:
        data = _read_private(_entry(key, model_type.__name__))
        if data is None:
            continue
        try:
            model = pickle.loads(data)
        except Exception:
            return None
        return model if type(model) is model_type else None
    return None


def store(text: str, model: Plan | OpinionSet | Revision) -> None:
    """Remember the validated ``model`` read from ``text`` (silently skipped if impossible)."""
    if not enabled():
        return
    target = _entry(_key(text), type(model).__name__)
    try:
        payload = pickle.dumps(model, protocol=pickle.HIGHEST_PROTOCOL)
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        descriptor = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(descriptor, "wb") as stream:
            stream.write(payload)
        os.replace(temporary, target)
    except (OSError, pickle.PicklingError, RecursionError):  # read-only home, full disk, …
        return
