"""An opt-in cache of validated documents as JSON data, so an unchanged draft is not parsed again.

Reading a 1,000-section draft from YAML (parse, validate, check ids) takes about eight times as
long as reading its cache entry (docs/performance.md has the figures). The command line turns the cache on for each command
(:func:`caching`); a library call uses it only inside ``with caching():``, so a plain
``load_draft`` writes nothing under the user's home.

What is stored: one file per document read, named by the SHA-256 of the file's bytes together
with a fingerprint of the code that reads it (planrev's version, pydantic's version, the source of
the models and of the storage layer, and the JSON Schema of the documents). It holds a header
line (format, that key, the document's kind, the SHA-256 of the body) and the model as JSON
(``model_dump_json``, without the fields the file did not give). Reading it back is ``model_validate_json``: data only, validated like any
input; nothing in an entry can construct anything but a planrev model.

Why a bad entry does no harm:

- a corrupt, truncated, altered, stale or foreign entry fails the header or digest check, or
  validation, and is ignored (then rewritten); it is never an error, and an entry is only
  found under the key of the file's current bytes;
- the folder is created 0700 and checked on every use through a descriptor held open (owned by
  the effective user, not writable by group or others, not a symlink): a folder that fails is
  not used (one warning) and the command goes on without a cache;
- entries are opened with ``O_NOFOLLOW`` and checked with ``fstat`` (a regular file of the user,
  not writable by others); new entries are written to a fresh name (``O_CREAT | O_EXCL |
  O_NOFOLLOW``, mode 0600) and renamed into place, so no planted link is ever written through;
- the folder is kept under a size bound (:data:`DEFAULT_MAX_BYTES`), the least recently used
  entries removed first; temporary files left by an interrupted write, and the pickles an
  earlier planrev kept in two-letter subfolders, are removed.

Where: ``$PLANREV_CACHE_DIR``, else ``$XDG_CACHE_HOME/planrev``, else ``~/.cache/planrev``.
``PLANREV_CACHE=0`` turns it off; ``PLANREV_CACHE_MAX_BYTES`` changes the size bound.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import re
import stat
import time
import warnings
from collections.abc import Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib import metadata
from pathlib import Path

import pydantic

from planrev.model import OpinionSet, Plan, Revision
from planrev.storage.files import read_at_most

__all__ = [
    "DEFAULT_MAX_BYTES",
    "CacheWarning",
    "DraftCache",
    "active",
    "caching",
    "default_cache",
]

DEFAULT_MAX_BYTES = 256 * 1024 * 1024
"""The size bound of the cache folder (about 60 drafts of 5,000 sections)."""

_FORMAT = b"planrev-cache-1"
_ENTRY_SUFFIX = ".json"
_TEMPORARY_PREFIX = ".tmp-"
_STALE_TEMPORARY_SECONDS = 3600.0
"""A temporary file this old was left by an interrupted write (a live write takes milliseconds)."""

_SOURCES = (
    "model/__init__.py",
    "model/base.py",
    "model/plan.py",
    "model/opinions.py",
    "model/revision.py",
    "model/checks.py",
    "model/walk.py",
    "storage/documents.py",
    "storage/files.py",
    "storage/cache.py",
    "storage/yaml/fast.py",
    "era.py",
)
"""The code a cached verdict depends on: a change to any of it misses every entry."""

_POSIX = (
    hasattr(os, "O_NOFOLLOW")
    and os.open in os.supports_dir_fd
    and os.stat in os.supports_dir_fd
    and os.scandir in os.supports_fd
)


class CacheWarning(UserWarning):
    """The cache folder cannot be used safely; planrev goes on without a cache."""


_KINDS: dict[str, type[Plan] | type[OpinionSet] | type[Revision]] = {
    "draft": Plan,
    "opinions": OpinionSet,
    "revision": Revision,
}


@cache
def _fingerprint() -> bytes:
    digest = hashlib.sha256()
    try:
        version = metadata.version("planrev")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare checkout
        version = "unknown"
    digest.update(f"planrev {version}|pydantic {pydantic.VERSION}|".encode())
    root = Path(__file__).resolve().parent.parent
    for name in _SOURCES:
        try:
            digest.update((root / name).read_bytes())
        except OSError:
            digest.update(f"missing {name}".encode())
    for kind, model_type in _KINDS.items():
        schema = json.dumps(model_type.model_json_schema(), sort_keys=True, ensure_ascii=False)
        digest.update(f"|{kind}|{schema}".encode())
    return digest.digest()


def _key(data: bytes) -> str:
    digest = hashlib.sha256(_fingerprint())
    digest.update(data)
    return digest.hexdigest()


@dataclass(frozen=True, slots=True)
class _Entry:
    name: str
    size: int
    used: float


class DraftCache:
    """A folder of validated documents as JSON, keyed by the bytes of the files they came from.

    Every failure to read or write an entry is a miss, never an error. A folder that is not
    safe to use (see the module docstring) turns this cache off with one :class:`CacheWarning`.
    """

    def __init__(self, folder: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> None:
        self.folder = Path(folder)
        """Where the entries are."""
        self.max_bytes = max_bytes
        """The size bound of the folder's entries; the least recently used go first."""
        self._disabled = not _POSIX
        self._warned = False

    @property
    def disabled(self) -> bool:
        """Return whether the cache has been turned off (unsafe folder, or not a POSIX system)."""
        return self._disabled

    # ----------------------------------------------------------------------------------------
    # The folder

    @contextlib.contextmanager
    def _opened(self) -> Iterator[int | None]:
        """Yield a descriptor of the checked folder, or None when it cannot be used."""
        if self._disabled:
            yield None
            return
        if self.folder.is_symlink():
            self._refuse("it is a symbolic link")
            yield None
            return
        try:
            self.folder.mkdir(mode=0o700, parents=True, exist_ok=True)
            descriptor = os.open(
                self.folder, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW | os.O_CLOEXEC
            )
        except OSError as exc:
            self._refuse(f"it cannot be opened ({exc.strerror or exc})")
            yield None
            return
        try:
            problem = _unsafe(os.fstat(descriptor))
            if problem is None:
                # The descriptor is the folder that was checked, whatever happens to its path.
                yield descriptor
            else:
                self._refuse(problem)
                yield None
        finally:
            os.close(descriptor)

    def _refuse(self, problem: str) -> None:
        self._disabled = True
        if not self._warned:
            self._warned = True
            warnings.warn(
                f"planrev: the cache folder {self.folder} is not used: {problem}; "
                "going on without a cache (set PLANREV_CACHE_DIR to a private folder, "
                "or PLANREV_CACHE=0)",
                CacheWarning,
                stacklevel=4,
            )

    # ----------------------------------------------------------------------------------------
    # Reading

    def lookup(
        self, data: bytes, *model_types: type[Plan] | type[OpinionSet] | type[Revision]
    ) -> Plan | OpinionSet | Revision | None:
        """Return the validated document read from a file of bytes ``data``, or None.

        None when nothing is cached for these bytes, the entry is unusable, or the document is
        not of one of ``model_types`` (any kind when none are given).
        """
        with self._opened() as folder:
            if folder is None:
                return None
            key = _key(data)
            raw = _read_entry(folder, key + _ENTRY_SUFFIX, self.max_bytes)
            if raw is None:
                return None
            model = _decode(raw, key)
            if model is None or (model_types and type(model) not in model_types):
                return None
            with contextlib.suppress(OSError):  # remember the use, for eviction
                os.utime(key + _ENTRY_SUFFIX, dir_fd=folder, follow_symlinks=False)
            return model

    # ----------------------------------------------------------------------------------------
    # Writing

    def store(self, data: bytes, model: Plan | OpinionSet | Revision) -> None:
        """Remember ``model``, validated from a file of bytes ``data`` (skipped if impossible)."""
        with self._opened() as folder:
            if folder is None:
                return
            key = _key(data)
            # Fields the file left out are left out here too: the model read back is the same,
            # down to which fields were given, and the JSON is smaller (15%) and faster to read.
            body = model.model_dump_json(exclude_unset=True).encode("utf-8")
            header = b" ".join(
                (_FORMAT, key.encode(), model.document.encode(), _digest(body).encode())
            )
            payload = header + b"\n" + body
            if len(payload) > self.max_bytes // 4:
                return  # one entry must not push out everything else
            temporary = f"{_TEMPORARY_PREFIX}{os.urandom(8).hex()}"
            try:
                descriptor = os.open(
                    temporary,
                    os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | os.O_CLOEXEC,
                    0o600,
                    dir_fd=folder,
                )
                try:
                    with os.fdopen(descriptor, "wb") as stream:
                        stream.write(payload)
                    os.rename(temporary, key + _ENTRY_SUFFIX, src_dir_fd=folder, dst_dir_fd=folder)
                except BaseException:
                    with contextlib.suppress(OSError):
                        os.unlink(temporary, dir_fd=folder)
                    raise
                self._evict(folder)
            except OSError:  # a full disk, a read-only folder …
                return

    def _evict(self, folder: int) -> None:
        """Remove the least recently used entries over the size bound, and stale temporaries."""
        entries: list[_Entry] = []
        now = time.time()
        with os.scandir(folder) as found:
            for item in found:
                try:
                    status = item.stat(follow_symlinks=False)
                except OSError:
                    continue
                if item.name.startswith(_TEMPORARY_PREFIX):
                    if now - status.st_mtime > _STALE_TEMPORARY_SECONDS:
                        with contextlib.suppress(OSError):
                            os.unlink(item.name, dir_fd=folder)
                elif item.name.endswith(_ENTRY_SUFFIX):
                    entries.append(_Entry(item.name, status.st_size, status.st_mtime))
                elif _LEGACY_FOLDER.fullmatch(item.name) and stat.S_ISDIR(status.st_mode):
                    _remove_legacy(folder, item.name)
        total = sum(entry.size for entry in entries)
        for entry in sorted(entries, key=lambda entry: entry.used):
            if total <= self.max_bytes:
                break
            with contextlib.suppress(OSError):
                os.unlink(entry.name, dir_fd=folder)
                total -= entry.size


_LEGACY_FOLDER = re.compile("[0-9a-f]{2}")
"""Earlier planrev versions kept pickles in ``<2 hex digits>/<key>.<Kind>.pickle``."""


def _remove_legacy(folder: int, name: str) -> None:
    """Remove an earlier version's folder of pickles (never read), without following links."""
    with contextlib.suppress(OSError):
        inner = os.open(name, os.O_RDONLY | os.O_DIRECTORY | os.O_NOFOLLOW, dir_fd=folder)
        try:
            with os.scandir(inner) as found:
                for item in found:
                    if item.name.endswith((".pickle", ".tmp")):
                        os.unlink(item.name, dir_fd=inner)
        finally:
            os.close(inner)
        os.rmdir(name, dir_fd=folder)


def _unsafe(status: os.stat_result) -> str | None:
    """Return why a folder or file with ``status`` must not be used, or None if it may."""
    if status.st_uid != os.geteuid():
        return f"it belongs to user {status.st_uid}, not to you ({os.geteuid()})"
    if status.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return f"others can write to it (mode {stat.S_IMODE(status.st_mode):o})"
    return None


def _read_entry(folder: int, name: str, limit: int) -> bytes | None:
    """Return the bytes of entry ``name`` if it is a regular file of the user's, else None."""
    try:
        descriptor = os.open(
            name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | os.O_CLOEXEC, dir_fd=folder
        )
    except OSError:  # missing, or a symlink (ELOOP)
        return None
    with os.fdopen(descriptor, "rb") as stream:
        status = os.fstat(stream.fileno())
        if not stat.S_ISREG(status.st_mode) or _unsafe(status) is not None:
            return None
        if status.st_size > limit:
            return None
        try:
            return read_at_most(stream, limit, status.st_size)
        except OSError:
            return None


def _digest(body: bytes) -> str:
    return hashlib.sha256(body).hexdigest()


def _decode(raw: bytes, key: str) -> Plan | OpinionSet | Revision | None:
    """Return the document in an entry's bytes, or None if they are not a sound entry for
    ``key``."""
    header, newline, body = raw.partition(b"\n")
    parts = header.split(b" ")
    if not newline or len(parts) != 4:
        return None
    form, entry_key, kind, digest = parts
    model_type = _KINDS.get(kind.decode("ascii", errors="replace"))
    if form != _FORMAT or entry_key != key.encode() or model_type is None:
        return None
    if digest != _digest(body).encode():
        return None
    try:
        return model_type.model_validate_json(body)
    except ValueError:  # pydantic's ValidationError is a ValueError
        return None


# --------------------------------------------------------------------------------------------
# Which cache is on

_ACTIVE: ContextVar[DraftCache | None] = ContextVar("planrev_draft_cache", default=None)


def active() -> DraftCache | None:
    """Return the cache reads use now, or None (the default: no cache)."""
    return _ACTIVE.get()


def default_folder() -> Path:
    """Return the folder of the user's cache (see the module docstring)."""
    explicit = os.environ.get("PLANREV_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "planrev"


def default_cache() -> DraftCache | None:
    """Return the user's cache as the environment sets it, or None if ``PLANREV_CACHE=0``."""
    if os.environ.get("PLANREV_CACHE", "1").strip().lower() in {"0", "false", "no", "off"}:
        return None
    raw = os.environ.get("PLANREV_CACHE_MAX_BYTES", "").strip()
    max_bytes = int(raw) if raw.isdigit() and int(raw) > 0 else DEFAULT_MAX_BYTES
    return DraftCache(default_folder(), max_bytes=max_bytes)


_DEFAULT = object()


@contextlib.contextmanager
def caching(cache: DraftCache | object | None = _DEFAULT) -> Iterator[DraftCache | None]:
    """Use ``cache`` for every document read inside the block (default: :func:`default_cache`).

    ``caching(None)`` turns the cache off inside the block. Yields the cache in use.
    """
    chosen = default_cache() if cache is _DEFAULT else cache
    if chosen is not None and not isinstance(chosen, DraftCache):
        raise TypeError(f"caching() takes a DraftCache or None, not {type(chosen).__name__}")
    token = _ACTIVE.set(chosen)
    try:
        yield chosen
    finally:
        _ACTIVE.reset(token)
