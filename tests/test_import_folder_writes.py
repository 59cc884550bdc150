"""Every import writes into a drafts folder all or nothing, and never onto its input (issue 18).

The whole folder as the import would leave it is validated first: a result that would break the
folder (even with ``--force``) is exit code 1 with the file and line named, and no byte of the
folder changes. An input named as the output is refused even with ``--force``.
"""

from __future__ import annotations

import hashlib
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from planrev.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, main
from planrev.storage.folder import load_folder
from tests.conftest import AOMORI, ROOT, SEED
from tests.tools import run_tool, wait_for
from tests.word_support import PANDOC_CASE


def run(*arguments: str) -> Result:
    return CliRunner().invoke(main, list(arguments))


def _fingerprint(folder: Path) -> dict[str, str]:
    """Return every file of ``folder`` (hidden ones too) with a digest of its bytes."""
    return {
        path.name: hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.iterdir())
        if path.is_file()
    }


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "drafts"
    shutil.copytree(AOMORI, target, ignore=shutil.ignore_patterns("source"))
    return target


PLAIN = "第1章 総則\n\n本文です。\n"


def test_import_plain_never_writes_onto_its_input(tmp_path: Path) -> None:
    source = tmp_path / "plan.yaml"  # a text file whose name happens to end in .yaml
    source.write_text(PLAIN, encoding="utf-8")
    for out in (source, tmp_path / "link.yaml"):
        if out != source:
            out.symlink_to(source)
        result = run("import", "plain", str(source), "--out", str(out), "--force")
        assert result.exit_code == EXIT_OUTPUT, result.output
        assert "入力は --force でも上書きしません" in result.output
        assert source.read_text(encoding="utf-8") == PLAIN


def test_import_plain_that_would_break_the_folder_writes_nothing(
    folder: Path, tmp_path: Path
) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(PLAIN, encoding="utf-8")
    before = _fingerprint(folder)
    out = folder / "draft-03.yaml"
    result = run("import", "plain", str(source), "--out", str(out), "--meeting", "3", "--force")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "opinions-03.yaml:10:12:" in result.output  # the opinion's scope is no longer there
    assert "検証に通らないため、何も書き込んでいません" in result.output
    assert "Traceback" not in result.output
    assert _fingerprint(folder) == before


def test_import_plain_into_a_folder_keeps_it_valid(folder: Path, tmp_path: Path) -> None:
    source = tmp_path / "plan.txt"
    source.write_text(PLAIN, encoding="utf-8")
    out = folder / "draft-09.yaml"
    result = run("import", "plain", str(source), "--out", str(out), "--meeting", "9")
    assert result.exit_code == EXIT_OK, result.output
    assert [draft.model.meta.meeting for draft in load_folder(folder).drafts] == [2, 3, 9]


def test_import_marked_that_would_break_the_folder_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    out.mkdir()
    shutil.copy(AOMORI / "draft-03.yaml", out / "other.yaml")  # a second draft of meeting 3
    before = _fingerprint(out)
    result = run("import", "marked", str(SEED), "--out", str(out), "--force")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "other.yaml" in result.output
    assert "Traceback" not in result.output
    assert _fingerprint(out) == before


def test_import_word_that_would_break_the_folder_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    out.mkdir()
    shutil.copy(AOMORI / "draft-03.yaml", out / "other.yaml")
    before = _fingerprint(out)
    docx = PANDOC_CASE / "input.docx"
    result = run("import", "word", str(docx), "--out", str(out), "--old", "2", "--new", "3")
    assert result.exit_code == EXIT_INPUT, result.output
    assert "other.yaml" in result.output
    assert _fingerprint(out) == before


def test_import_word_never_writes_onto_its_input(tmp_path: Path) -> None:
    out = tmp_path / "drafts"
    out.mkdir()
    source = out / "draft-01.yaml"  # a Word document under the name of an output
    shutil.copy(PANDOC_CASE / "input.docx", source)
    data = source.read_bytes()
    result = run("import", "word", str(source), "--out", str(out), "--force")
    assert result.exit_code == EXIT_OUTPUT, result.output
    assert "入力は --force でも上書きしません" in result.output
    assert source.read_bytes() == data


def _import_marked(out: Path, title: str) -> list[str]:
    return [
        sys.executable,
        "-c",
        "from planrev.cli import main; main()",
        "import",
        "marked",
        str(SEED),
        "--out",
        str(out),
        "--title",
        title,
        "--force",
    ]


def test_a_killed_import_leaves_the_old_set_or_the_new_set(tmp_path: Path) -> None:
    sets = []
    for title in ("旧の名前", "新の名前"):
        out = tmp_path / title
        run_tool(_import_marked(out, title), what="planrev import marked", cwd=ROOT)
        sets.append(_fingerprint(out))
    folder = tmp_path / "drafts"
    shutil.copytree(tmp_path / "旧の名前", folder)
    rng = random.Random(18)
    for attempt in range(8):
        title = ("旧の名前", "新の名前")[attempt % 2]
        process = subprocess.Popen(
            _import_marked(folder, title),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        time.sleep(rng.uniform(0.3, 1.5))
        process.send_signal(signal.SIGKILL)
        wait_for(process, "the killed import")
        load_folder(folder)  # finishes or undoes what the kill interrupted
        assert _fingerprint(folder) in sets
        assert not [path for path in folder.iterdir() if path.name.startswith(".")]
