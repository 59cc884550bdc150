"""A content-addressed cache of validated documents, so that reading an unchanged draft again
costs a hash and a JSON validation instead of a YAML parse.

The key is the SHA-256 of the file's text together with a fingerprint of the code that reads it
(the model, the storage layer and the 和暦 table): any change to the text or to that code misses
the cache. Only documents that loaded and validated without error are stored, so errors are
always reported from the YAML itself, with its lines and columns.

Where: ``$PLANREV_CACHE_DIR``, else ``$XDG_CACHE_HOME/planrev``, else ``~/.cache/planrev``.
``PLANREV_CACHE=0`` turns the cache off. A cache that cannot be read or written is ignored.
"""

from __future__ import annotations

import hashlib
import os
from functools import lru_cache
from pathlib import Path

from pydantic import ValidationError

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
    digest = hashlib.sha256(planrev.__version__.encode())
    root = Path(__file__).resolve().parent.parent
    for name in _CODE:
        try:
            digest.update((root / name).read_bytes())
        except OSError:
            digest.update(name.encode())
    return digest.hexdigest()


def _key(text: str) -> str:
    digest = hashlib.sha256()
    digest.update(_code_fingerprint().encode())
    digest.update(text.encode("utf-8", errors="surrogatepass"))
    return digest.hexdigest()


def _entry(key: str, kind: str) -> Path:
    return cache_dir() / key[:2] / f"{key}.{kind}.json"


def lookup(
    text: str, *model_types: type[Plan] | type[OpinionSet] | type[Revision]
) -> Plan | OpinionSet | Revision | None:
    """Return the cached document of one of ``model_types`` for ``text``, or None.

    The text is hashed once whatever the number of kinds tried. None when nothing is cached, or
    the entry is unusable (damaged entries are read from the YAML again and overwritten).
    """
    if not enabled():
        return None
    key = _key(text)
    for model_type in model_types:
        try:
            data = _entry(key, model_type.__name__).read_bytes()
        except OSError:
            continue
        try:
            return model_type.model_validate_json(data)
        except (ValidationError, ValueError):
            return None
    return None


def store(text: str, model: Plan | OpinionSet | Revision) -> None:
    """Remember the validated ``model`` read from ``text`` (silently skipped if impossible)."""
    if not enabled():
        return
    target = _entry(_key(text), type(model).__name__)
    try:
        payload = model.model_dump_json()
        target.parent.mkdir(parents=True, exist_ok=True)
        temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        temporary.write_text(payload, encoding="utf-8")
        os.replace(temporary, target)
    except (OSError, ValueError):  # read-only home, full disk, text JSON cannot carry
        return
