"""Writing into a drafts folder is one transaction: validated first, then all or nothing."""

from __future__ import annotations

import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from planrev.errors import LoadError, SchemaError, WriteError
from planrev.storage import journal
from planrev.storage.folder import load_folder, write_folder
from tests.conftest import AOMORI, ROOT
from tests.tools import wait_for


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    copy = tmp_path / "aomori"
    shutil.copytree(AOMORI, copy)
    return copy


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(folder)): path.read_bytes()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


def _retitled(folder: Path, name: str, title: str) -> str:
    text = (folder / name).read_text(encoding="utf-8")
    assert "title: 青森県DX推進プラン" in text
    return text.replace("title: 青森県DX推進プラン", f"title: {title}", 1)


def test_files_are_replaced_added_and_removed_together(folder: Path) -> None:
    before = _snapshot(folder)
    new_text = _retitled(folder, "draft-03.yaml", "青森県DX推進プラン(改)")
    copy_name = "draft-03-copy.yml"
    result = write_folder(folder, {"draft-03.yaml": new_text, "notes.yaml": None, copy_name: None})
    assert (folder / "draft-03.yaml").read_text(encoding="utf-8") == new_text
    assert set(_snapshot(folder)) == set(before)  # nothing stray
    assert result.draft(3).meta.title == "青森県DX推進プラン(改)"
    assert load_folder(folder).draft(3) == result.draft(3)


def test_an_invalid_result_writes_nothing_and_names_the_real_file(folder: Path) -> None:
    before = _snapshot(folder)
    broken = (folder / "draft-03.yaml").read_text(encoding="utf-8").replace("meta:", "mate:", 1)
    with pytest.raises(SchemaError) as caught:
        write_folder(folder, {"draft-03.yaml": broken})
    assert caught.value.location.path == folder / "draft-03.yaml"
    assert _snapshot(folder) == before


def test_a_result_that_breaks_another_file_is_refused(folder: Path) -> None:
    # Removing a draft the revision record points at: each file alone is fine, the set is not.
    before = _snapshot(folder)
    with pytest.raises(LoadError, match="第2回の草案がフォルダにありません"):
        write_folder(folder, {"draft-02.yaml": None})
    assert _snapshot(folder) == before


@pytest.mark.parametrize("name", ["../escape.yaml", "sub/draft.yaml", ".hidden.yaml", "a.txt"])
def test_only_yaml_files_directly_in_the_folder_can_be_written(folder: Path, name: str) -> None:
    with pytest.raises(WriteError):
        write_folder(folder, {name: "schema_version: 1\n"})


def test_a_failed_write_leaves_the_folder_unchanged(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = _snapshot(folder)
    calls = []
    real_fsync = os.fsync

    def full_disk(descriptor: int) -> None:
        calls.append(descriptor)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        real_fsync(descriptor)

    monkeypatch.setattr(journal.os, "fsync", full_disk)
    changes = {
        "draft-03.yaml": _retitled(folder, "draft-03.yaml", "改"),
        "draft-02.yaml": _retitled(folder, "draft-02.yaml", "改"),
    }
    with pytest.raises(WriteError, match="No space left on device") as caught:
        write_folder(folder, changes)
    assert caught.value.path.parent == folder
    assert not caught.value.path.name.startswith(".")  # the real file, never a temporary one
    assert _snapshot(folder) == before


def test_an_interruption_after_the_commit_is_finished_by_the_next_read(
    folder: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    changes = {
        "draft-03.yaml": _retitled(folder, "draft-03.yaml", "改3"),
        "draft-02.yaml": _retitled(folder, "draft-02.yaml", "改2"),
    }
    real_replace = os.replace

    def dies_after_one(source: object, target: object) -> None:
        real_replace(source, target)  # type: ignore[arg-type]
        raise KeyboardInterrupt  # the process stops between two renames

    monkeypatch.setattr(journal.os, "replace", dies_after_one)
    with pytest.raises(KeyboardInterrupt):
        write_folder(folder, changes)
    monkeypatch.undo()
    assert journal.pending(folder)
    loaded = load_folder(folder)
    assert {loaded.draft(2).meta.title, loaded.draft(3).meta.title} == {"改2", "改3"}
    assert not journal.pending(folder)


def test_stray_temporary_files_are_removed_by_the_next_run(folder: Path) -> None:
    before = _snapshot(folder)
    (folder / ".planrev-0123456789abcdef.tmp").write_bytes(b"half a draft")
    load_folder(folder)
    assert _snapshot(folder) == before


def test_files_keep_the_umask_and_replaced_files_their_mode(folder: Path) -> None:
    (folder / "draft-02.yaml").chmod(0o640)
    previous = os.umask(0o077)
    try:
        write_folder(
            folder,
            {
                "draft-02.yaml": _retitled(folder, "draft-02.yaml", "改"),
                "opinions-03.yaml": (folder / "opinions-03.yaml").read_text(encoding="utf-8")
                + "# 追記\n",
            },
        )
        created = folder.parent / "created"
        write_folder(created, {"draft.yaml": (folder / "draft-03.yaml").read_text("utf-8")})
    finally:
        os.umask(previous)
    assert stat.S_IMODE((folder / "draft-02.yaml").stat().st_mode) == 0o640
    assert stat.S_IMODE((folder / "opinions-03.yaml").stat().st_mode) == 0o644  # as it was
    assert stat.S_IMODE((created / "draft.yaml").stat().st_mode) == 0o600
    assert stat.S_IMODE(created.stat().st_mode) == 0o700


def test_a_new_folder_appears_whole(tmp_path: Path) -> None:
    target = tmp_path / "plans" / "new"
    texts = {path.name: path.read_text(encoding="utf-8") for path in AOMORI.glob("*.yaml")}
    result = write_folder(target, texts)
    assert sorted(path.name for path in target.iterdir()) == sorted(texts)
    assert [path.name for path in target.parent.iterdir()] == ["new"]
    assert result.latest == load_folder(AOMORI).latest


_WRITER = textwrap.dedent(
    """
    import sys
    from pathlib import Path
    from planrev.storage.folder import write_folder

    folder = Path(sys.argv[1])
    sets = [
        {p.name[2:]: p.read_text(encoding="utf-8") for p in Path(sys.argv[i]).iterdir()}
        for i in (2, 3)
    ]
    print("ready", flush=True)
    turn = 0
    while True:
        turn = 1 - turn
        write_folder(folder, sets[turn])
    """
)


def test_a_killed_write_leaves_the_old_set_or_the_new_set(tmp_path: Path) -> None:
    folder = tmp_path / "aomori"
    shutil.copytree(AOMORI, folder)
    names = ("draft-02.yaml", "draft-03.yaml", "opinions-03.yaml", "revision-02-03.yaml")
    sets = []
    for index, mark in enumerate(("A", "B")):
        source = tmp_path / f"set-{mark}"
        source.mkdir()
        for name in names:
            text = (AOMORI / name).read_text(encoding="utf-8") + f"# {mark}\n" * (100 + index)
            (source / f"x-{name}").write_text(text, encoding="utf-8")
        sets.append({name: (source / f"x-{name}").read_bytes() for name in names})
    rng = random.Random(19)
    for _ in range(12):
        process = subprocess.Popen(
            [
                sys.executable,
                "-c",
                _WRITER,
                str(folder),
                *(str(tmp_path / f"set-{m}") for m in "AB"),
            ],
            cwd=ROOT,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert process.stdout is not None
        assert process.stdout.readline().strip() == "ready"
        time.sleep(rng.uniform(0.0, 0.3))
        process.send_signal(signal.SIGKILL)
        wait_for(process, "the killed writer")
        process.stdout.close()
        load_folder(folder)  # finishes or undoes what the kill interrupted
        now = {name: (folder / name).read_bytes() for name in names}
        assert now in sets
        assert not [path for path in folder.iterdir() if path.name.startswith(".")]
