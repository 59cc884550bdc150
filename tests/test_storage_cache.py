"""The cache of validated documents: opt-in, data only, and harmless whatever is in its folder.

Each attack of issue 19 has a test: planted, symlinked and altered entries, symlinked temporary
names, a folder others can write, a folder that is a link, a folder of another user.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from hypothesis import given
from pydantic import BaseModel

from planrev.errors import SchemaError
from planrev.model import OpinionSet, Plan, Revision
from planrev.storage import cache
from planrev.storage.cache import CacheWarning, DraftCache, caching
from planrev.storage.documents import dump_document, load_draft, loads_document, read_document
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI
from tests.strategies import History, histories

SOURCE = AOMORI / "draft-03.yaml"
SRC = Path(__file__).resolve().parent.parent / "src" / "planrev"


@pytest.fixture
def draft(tmp_path: Path) -> Path:
    path = tmp_path / "drafts" / "draft-03.yaml"
    path.parent.mkdir()
    shutil.copyfile(SOURCE, path)
    return path


@pytest.fixture
def store(tmp_path: Path) -> Iterator[DraftCache]:
    drafts = DraftCache(tmp_path / "cache")
    with caching(drafts):
        yield drafts


def _entries(drafts: DraftCache) -> list[Path]:
    return sorted(drafts.folder.glob("*.json"))


def _one_entry(drafts: DraftCache) -> Path:
    (entry,) = _entries(drafts)
    return entry


def test_a_plain_load_writes_nothing(
    draft: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "home"
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("XDG_CACHE_HOME", str(home / ".cache"))
    monkeypatch.delenv("PLANREV_CACHE_DIR", raising=False)
    assert cache.active() is None
    load_draft(draft)
    load_folder(draft.parent)
    assert not home.exists()


def test_a_second_read_comes_from_the_cache_and_is_equal(
    draft: Path, store: DraftCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    first, text = read_document(draft)
    entry = _one_entry(store)
    assert stat.S_IMODE(entry.stat().st_mode) == 0o600
    assert stat.S_IMODE(store.folder.stat().st_mode) & 0o077 == 0

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a cached draft was parsed again")

    monkeypatch.setattr("planrev.storage.documents.loads_document", refuse)
    again, again_text = read_document(draft)
    assert again == first
    assert again_text == text == draft.read_text(encoding="utf-8")


def test_an_entry_is_json_data_with_a_header(draft: Path, store: DraftCache) -> None:
    model = load_draft(draft)
    header, _, body = _one_entry(store).read_bytes().partition(b"\n")
    form, key, kind, digest = header.split(b" ")
    assert (form, kind) == (b"planrev-cache-1", b"draft")
    assert re.fullmatch(rb"[0-9a-f]{64}", key)
    assert re.fullmatch(rb"[0-9a-f]{64}", digest)
    assert Plan.model_validate(json.loads(body)) == model


def _fields_set(value: Any) -> Any:
    """Return the values of a model tree together with which fields were given in each model."""
    if isinstance(value, BaseModel):
        return (
            type(value).__name__,
            sorted(value.model_fields_set),
            {name: _fields_set(item) for name, item in value},
        )
    if isinstance(value, tuple):
        return [_fields_set(item) for item in value]
    return value


@given(histories())
def test_a_cached_document_is_exactly_the_document_read(history: History) -> None:
    # Entries leave out the fields a file did not give (smaller, and faster to read back): what
    # comes back has the same values and the same given fields as what was read.
    with tempfile.TemporaryDirectory() as folder:
        drafts = DraftCache(folder)
        documents: list[Plan | OpinionSet | Revision] = [
            history.old,
            history.new,
            history.opinions,
            history.revision,
        ]
        for number, document in enumerate(documents):
            for model in (document, loads_document(dump_document(document))):
                data = f"{number} {id(model)}".encode()
                drafts.store(data, model)
                cached = drafts.lookup(data)
                assert cached == model
                assert _fields_set(cached) == _fields_set(model)
                assert cached.model_dump_json() == model.model_dump_json()


def test_no_pickle_or_marshal_in_planrev() -> None:
    for path in SRC.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"^\s*(import|from)\s+(c?pickle|marshal|shelve)\b", text, re.M), path
        assert "__reduce_ex__" not in text, path
        assert "__setstate__" not in text, path


def test_a_changed_file_misses_and_errors_are_never_cached(draft: Path, store: DraftCache) -> None:
    load_draft(draft)
    text = draft.read_text(encoding="utf-8")
    draft.write_text(text.replace("title: 青森県DX推進プラン", "title: 別の計画", 1), "utf-8")
    assert load_draft(draft).meta.title == "別の計画"
    draft.write_text(
        text.replace("title: 青森県DX推進プラン", "titel: 青森県DX推進プラン", 1), "utf-8"
    )
    for _ in range(2):
        with pytest.raises(SchemaError, match="titel"):
            load_draft(draft)
    assert len(_entries(store)) == 2


def test_the_expected_kind_is_still_checked(draft: Path, store: DraftCache) -> None:
    load_draft(draft)
    with pytest.raises(SchemaError, match="revision"):
        read_document(draft, expect=Revision)


@pytest.mark.parametrize(
    "damage",
    [
        pytest.param(lambda raw: b"garbage", id="corrupt"),
        pytest.param(lambda raw: raw[: len(raw) // 2], id="truncated"),
        pytest.param(lambda raw: raw.replace("青森県".encode(), "秋田県".encode()), id="altered"),
        pytest.param(lambda raw: raw.replace(b"planrev-cache-1", b"planrev-cache-9"), id="format"),
        pytest.param(lambda raw: b"", id="empty"),
    ],
)
def test_a_damaged_entry_is_ignored_and_rebuilt(
    draft: Path, store: DraftCache, damage: object
) -> None:
    expected = load_draft(draft)
    entry = _one_entry(store)
    entry.write_bytes(damage(entry.read_bytes()))  # type: ignore[operator]
    assert store.lookup(draft.read_bytes()) is None
    assert load_draft(draft) == expected
    assert store.lookup(draft.read_bytes()) == expected


def test_an_altered_entry_that_still_validates_is_not_used(draft: Path, store: DraftCache) -> None:
    # The body changed into another valid draft, the digest recomputed: the header's key is of
    # other bytes, so it is still refused.
    load_draft(draft)
    entry = _one_entry(store)
    header, _, body = entry.read_bytes().partition(b"\n")
    form, _key, kind, _digest = header.split(b" ")
    forged = body.replace("青森県".encode(), "秋田県".encode())
    import hashlib

    new_digest = hashlib.sha256(forged).hexdigest().encode()
    other_key = b"0" * 64
    entry.write_bytes(b" ".join((form, other_key, kind, new_digest)) + b"\n" + forged)
    assert load_draft(draft).meta.title == "青森県DX推進プラン"


def test_a_foreign_entry_renamed_to_this_key_is_ignored(
    draft: Path, tmp_path: Path, store: DraftCache
) -> None:
    load_draft(draft)
    other = tmp_path / "other.yaml"
    other.write_text(
        draft.read_text(encoding="utf-8").replace("青森県", "秋田県"), encoding="utf-8"
    )
    load_draft(other)
    mine, theirs = (store.folder / f"{cache._key(p.read_bytes())}.json" for p in (draft, other))
    os.replace(theirs, mine)
    assert load_draft(draft).meta.title == "青森県DX推進プラン"


def test_another_planrev_or_pydantic_misses(
    draft: Path, store: DraftCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    import pydantic

    load_draft(draft)
    data = draft.read_bytes()
    assert store.lookup(data) is not None
    monkeypatch.setattr(pydantic, "VERSION", "0.0.0")
    cache._fingerprint.cache_clear()
    try:
        assert store.lookup(data) is None
    finally:
        monkeypatch.undo()
        cache._fingerprint.cache_clear()
    assert store.lookup(data) is not None


def test_an_entry_others_can_write_is_never_read(draft: Path, store: DraftCache) -> None:
    load_draft(draft)
    entry = _one_entry(store)
    entry.chmod(0o620)
    assert store.lookup(draft.read_bytes()) is None
    entry.chmod(0o602)
    assert store.lookup(draft.read_bytes()) is None
    entry.chmod(0o600)
    assert store.lookup(draft.read_bytes()) is not None


def test_a_symlinked_entry_is_never_followed_nor_written_through(
    draft: Path, tmp_path: Path, store: DraftCache
) -> None:
    load_draft(draft)
    entry = _one_entry(store)
    elsewhere = tmp_path / "planted.json"
    elsewhere.write_bytes(entry.read_bytes())  # a sound entry, but behind a link
    elsewhere.chmod(0o600)
    entry.unlink()
    entry.symlink_to(elsewhere)
    before = elsewhere.read_bytes()
    assert store.lookup(draft.read_bytes()) is None
    load_draft(draft)  # rebuilds the entry: the link is replaced, never written through
    assert elsewhere.read_bytes() == before
    assert not entry.is_symlink()
    assert store.lookup(draft.read_bytes()) is not None


def test_a_planted_temporary_name_is_never_written_through(
    draft: Path, tmp_path: Path, store: DraftCache, monkeypatch: pytest.MonkeyPatch
) -> None:
    victim = tmp_path / "private.txt"
    victim.write_text("secret", encoding="utf-8")
    victim.chmod(0o600)
    store.folder.mkdir(mode=0o700)
    # The temporary name is random; make it predictable and plant a link at it.
    monkeypatch.setattr(cache.os, "urandom", lambda size: b"\x00" * size)
    (store.folder / f".tmp-{'00' * 8}").symlink_to(victim)
    assert load_draft(draft).meta.meeting == 3
    assert victim.read_text(encoding="utf-8") == "secret"
    assert _entries(store) == []


@pytest.mark.parametrize("mode", [0o770, 0o707, 0o777])
def test_a_folder_others_can_write_turns_the_cache_off(
    draft: Path, tmp_path: Path, mode: int
) -> None:
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(mode)
    drafts = DraftCache(folder)
    with caching(drafts), warnings.catch_warnings(record=True) as warned:
        warnings.simplefilter("always")
        assert load_draft(draft).meta.meeting == 3
        assert load_draft(draft).meta.meeting == 3
    assert [str(warning.message) for warning in warned if warning.category is CacheWarning]
    assert len(warned) == 1
    assert "others can write" in str(warned[0].message)
    assert drafts.disabled
    assert list(folder.iterdir()) == []


def test_a_folder_that_is_a_link_turns_the_cache_off(draft: Path, tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir(mode=0o700)
    link = tmp_path / "link"
    link.symlink_to(real)
    with caching(DraftCache(link)), pytest.warns(CacheWarning, match="symbolic link"):
        assert load_draft(draft).meta.meeting == 3
    assert list(real.iterdir()) == []


def test_an_entry_swapped_into_a_checked_folder_by_its_path_is_not_used(
    draft: Path, tmp_path: Path, store: DraftCache
) -> None:
    # Entries are opened relative to the checked folder's descriptor, never by a path again.
    load_draft(draft)
    moved = tmp_path / "moved"
    store.folder.rename(moved)
    assert store.lookup(draft.read_bytes()) is None  # a new, empty folder was made
    assert stat.S_IMODE(store.folder.stat().st_mode) & 0o077 == 0


@pytest.mark.skipif(
    not hasattr(os, "geteuid") or os.geteuid() != 0,
    reason="needs root, to give the folder and an entry to another user (CI runs as root)",
)
def test_a_folder_or_entry_of_another_user_is_never_used(draft: Path, tmp_path: Path) -> None:
    nobody = 65534
    drafts = DraftCache(tmp_path / "cache")
    with caching(drafts):
        load_draft(draft)
    entry = _one_entry(drafts)
    os.chown(entry, nobody, nobody)
    assert drafts.lookup(draft.read_bytes()) is None
    os.chown(entry, 0, 0)
    assert drafts.lookup(draft.read_bytes()) is not None
    os.chown(drafts.folder, nobody, nobody)
    with caching(drafts), pytest.warns(CacheWarning, match="belongs to user 65534"):
        assert load_draft(draft).meta.meeting == 3
    assert drafts.disabled


def test_the_oldest_entries_are_evicted_and_stale_temporaries_removed(
    tmp_path: Path, draft: Path
) -> None:
    drafts = DraftCache(tmp_path / "cache")
    drafts.folder.mkdir(mode=0o700)
    stale = drafts.folder / ".tmp-left-by-a-crash"
    stale.write_bytes(b"x")
    os.utime(stale, (1, 1))
    fresh = drafts.folder / ".tmp-being-written"
    fresh.write_bytes(b"x")
    legacy = drafts.folder / "ab"
    legacy.mkdir()
    (legacy / "ab12.Plan.pickle").write_bytes(b"an earlier planrev's pickle")
    text = draft.read_text(encoding="utf-8")
    paths = [tmp_path / f"draft-{meeting}.yaml" for meeting in range(1, 7)]
    for meeting, path in enumerate(paths, start=1):
        path.write_text(text.replace("meeting: 3", f"meeting: {meeting}"), encoding="utf-8")

    def entry(path: Path) -> Path:
        return drafts.folder / f"{cache._key(path.read_bytes())}.json"

    with caching(drafts):
        for used, path in enumerate(paths[:5], start=1):
            load_draft(path)
            os.utime(entry(path), (used, used))
        assert len(_entries(drafts)) == 5
        drafts.max_bytes = 4 * _one_size(drafts) + 100  # room for four
        load_draft(paths[0])  # a hit: now the most recently used
        load_draft(paths[5])  # a new entry: the least recently used two go
    assert set(_entries(drafts)) == {entry(paths[i]) for i in (0, 3, 4, 5)}
    assert not stale.exists()
    assert fresh.exists()
    assert not legacy.exists()


def _one_size(drafts: DraftCache) -> int:
    return max(entry.stat().st_size for entry in _entries(drafts))


def test_the_command_line_uses_the_cache_unless_turned_off(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from planrev.cli import main

    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANREV_CACHE_DIR", str(folder))
    monkeypatch.setenv("PLANREV_CACHE", "0")
    assert CliRunner().invoke(main, ["validate", str(AOMORI)]).exit_code == 0
    assert not folder.exists()
    monkeypatch.delenv("PLANREV_CACHE")
    assert CliRunner().invoke(main, ["validate", str(AOMORI)]).exit_code == 0
    assert len(list(folder.glob("*.json"))) == len(list(AOMORI.glob("*.yaml")))
    assert cache.active() is None  # switched off again after the command
