"""The cache of validated documents: hits are equal, changes miss, damage is ignored."""

from __future__ import annotations

from pathlib import Path

import pytest

from planrev.errors import SchemaError
from planrev.model import Plan
from planrev.storage import cache
from planrev.storage.documents import loads_document
from tests.conftest import AOMORI

TEXT = (AOMORI / "draft-03.yaml").read_text(encoding="utf-8")


@pytest.fixture
def cache_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PLANREV_CACHE_DIR", str(folder))
    monkeypatch.delenv("PLANREV_CACHE", raising=False)
    return folder


def test_a_second_read_comes_from_the_cache_and_is_equal(cache_folder: Path) -> None:
    first = loads_document(TEXT)
    entries = list(cache_folder.rglob("*.pickle"))
    assert len(entries) == 1
    assert cache.lookup(TEXT, Plan) == first
    assert loads_document(TEXT) == first


def test_a_changed_text_misses_and_errors_are_never_cached(cache_folder: Path) -> None:
    loads_document(TEXT)
    changed = TEXT.replace("title: 青森県DX推進プラン", "title: 青森県DX推進プラン改", 1)
    assert cache.lookup(changed, Plan) is None
    broken = TEXT.replace("title: 青森県DX推進プラン", "titel: 青森県DX推進プラン", 1)
    for _ in range(2):
        with pytest.raises(SchemaError, match="titel"):
            loads_document(broken)
    assert len(list(cache_folder.rglob("*.pickle"))) == 1


def test_the_expected_kind_is_still_checked(cache_folder: Path) -> None:
    from planrev.model import Revision

    loads_document(TEXT)
    with pytest.raises(SchemaError, match="revision"):
        loads_document(TEXT, None, expect=Revision)


def test_a_damaged_entry_is_ignored_and_replaced(cache_folder: Path) -> None:
    expected = loads_document(TEXT)
    (entry,) = cache_folder.rglob("*.pickle")
    entry.write_bytes(b"not a pickle")
    assert cache.lookup(TEXT, Plan) is None
    assert loads_document(TEXT) == expected
    assert cache.lookup(TEXT, Plan) == expected


def test_the_cache_can_be_turned_off(cache_folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANREV_CACHE", "0")
    loads_document(TEXT)
    assert not cache_folder.exists()


def test_an_unwritable_cache_is_ignored(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PLANREV_CACHE_DIR", str(blocker / "cache"))
    assert loads_document(TEXT).meta.meeting == 3


def test_an_entry_others_can_write_is_never_read(cache_folder: Path) -> None:
    loads_document(TEXT)
    (entry,) = cache_folder.rglob("*.pickle")
    assert oct(entry.stat().st_mode & 0o777) == "0o600"
    entry.chmod(0o622)
    assert cache.lookup(TEXT, Plan) is None
    entry.chmod(0o600)
    entry.parent.chmod(0o777)
    assert cache.lookup(TEXT, Plan) is None
    entry.parent.chmod(0o700)
    assert cache.lookup(TEXT, Plan) is not None


def test_an_entry_of_another_kind_is_a_miss(cache_folder: Path) -> None:
    import pickle

    from planrev.model import Revision

    loads_document(TEXT)
    (entry,) = cache_folder.rglob("*.pickle")
    entry.write_bytes(pickle.dumps({"not": "a plan"}))
    assert cache.lookup(TEXT, Plan, Revision) is None
    assert loads_document(TEXT).meta.meeting == 3


def test_another_pydantic_or_python_misses(cache_folder: Path) -> None:
    import pydantic

    loads_document(TEXT)
    assert cache.lookup(TEXT, Plan) is not None
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pydantic, "VERSION", "0.0.0")
        cache._code_fingerprint.cache_clear()
        assert cache.lookup(TEXT, Plan) is None
    cache._code_fingerprint.cache_clear()
    assert cache.lookup(TEXT, Plan) is not None


def test_a_file_read_again_is_found_by_its_bytes_undecoded(cache_folder: Path) -> None:
    from planrev.storage.documents import read_document, source_text
    from planrev.storage.folder import load_folder

    path = AOMORI / "draft-03.yaml"
    first, first_source = read_document(path, expect=Plan)
    assert first_source == TEXT  # a new file is decoded (and checked)
    assert cache.lookup(path.read_bytes(), Plan) == first  # bytes and text: one entry
    again, again_source = read_document(path, expect=Plan)
    assert again == first
    assert again_source == path.read_bytes()  # from the cache: never decoded
    assert source_text(again_source) == TEXT
    folder = load_folder(AOMORI)
    assert [draft.text for draft in folder.drafts] == [
        draft.path.read_text(encoding="utf-8") for draft in folder.drafts
    ]


def test_a_file_that_is_not_utf8_is_refused_even_after_a_hit(
    cache_folder: Path, tmp_path: Path
) -> None:
    from planrev.errors import LoadError
    from planrev.storage.documents import read_document

    path = tmp_path / "draft.yaml"
    path.write_bytes(TEXT.encode("utf-8"))
    read_document(path)
    path.write_bytes(TEXT.encode("utf-8") + b"\n# \xff\n")
    with pytest.raises(LoadError, match="UTF-8"):
        read_document(path)
