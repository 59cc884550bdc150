"""``planrev import word``."""

from __future__ import annotations

import datetime as _dt
import json
from pathlib import Path

import click
import pytest
from click.testing import CliRunner, Result

from planrev.cli import main
from planrev.i18n import set_language
from planrev.storage.documents import load_draft
from planrev.storage.folder import load_folder
from tests.word_support import LIBREOFFICE_CASE, PANDOC_CASE

PANDOC_DOCX = PANDOC_CASE / "input.docx"


def _command() -> list[str]:
    return ["import", "word"]


def run(*args: str, lang: str = "ja") -> Result:
    """Run ``planrev --lang LANG import word ARGS``."""
    try:
        return CliRunner().invoke(main, [f"--lang={lang}", *_command(), *args])
    finally:
        set_language(None)


def test_the_command_is_registered() -> None:
    group = main.commands.get("import")
    assert isinstance(group, click.Group)
    assert "word" in group.commands
    assert "import-word" not in main.commands


def test_writes_drafts_and_revision(tmp_path: Path) -> None:
    out = tmp_path / "drafts" / "plan"
    result = run(str(PANDOC_DOCX), "--out", str(out), "--old", "2", "--new", "3")
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in out.iterdir()) == [
        "draft-02.yaml",
        "draft-03.yaml",
        "revision-02-03.yaml",
    ]
    assert "取り込み" in result.output
    assert "変更 7件" in result.output
    assert "c-w-p22 ← 委員B" in result.output
    folder = load_folder(out)  # cross-file checks: targets of changes exist in the drafts
    (step,) = folder.steps()
    assert step.revision is not None
    assert len(step.revision.model.changes) == 7


def test_opinion_candidates_file(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = run(str(LIBREOFFICE_CASE / "input.docx"), "--out", str(out), "--opinions")
    assert result.exit_code == 0, result.output
    text = (out / "opinions-02.yaml").read_text(encoding="utf-8")
    assert "\ndisposition:" not in text  # the default, 未定, is not written
    assert "w-comment-0 → c-w-p8" in text
    folder = load_folder(out)
    assert len(folder.opinions[0].model.opinions) == 2
    revision = folder.revisions[0].model
    assert all(not change.opinions for change in revision.changes)


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    assert run(str(PANDOC_DOCX), "--out", str(out)).exit_code == 0
    draft = out / "draft-02.yaml"
    draft.write_text("# 手で直したファイル\n", encoding="utf-8")
    result = run(str(PANDOC_DOCX), "--out", str(out))
    assert result.exit_code == 1
    assert "上書きしません" in result.stderr
    assert "--force" in result.stderr
    assert draft.read_text(encoding="utf-8") == "# 手で直したファイル\n"
    result = run(str(PANDOC_DOCX), "--out", str(out), "--force")
    assert result.exit_code == 0
    assert load_draft(draft).meta.meeting == 2


def test_bad_file_gives_one_message_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "bad.docx"
    bad.write_text("これは Word 文書ではありません", encoding="utf-8")
    out = tmp_path / "plan"
    result = run(str(bad), "--out", str(out))
    assert result.exit_code == 1
    assert result.stderr.startswith("エラー: ")
    assert "対処" in result.stderr
    assert "Traceback" not in result.stderr + result.output
    assert not out.exists()


def test_english(tmp_path: Path) -> None:
    result = run(str(PANDOC_DOCX), "--out", str(tmp_path / "plan"), lang="en")
    assert result.exit_code == 0
    assert "imported:" in result.output
    assert "7 changes" in result.output
    bad = tmp_path / "bad.docx"
    bad.write_bytes(b"PK\x03\x04broken")
    result = run(str(bad), "--out", str(tmp_path / "other"), lang="en")
    assert result.exit_code == 1
    assert result.stderr.startswith("error: ")
    assert "hint" in result.stderr


def test_json_report(tmp_path: Path) -> None:
    result = run(str(PANDOC_DOCX), "--out", str(tmp_path / "plan"), "--json")
    assert result.exit_code == 0
    data = json.loads(result.output)
    assert data["changes"] == {"追加": 4, "修正": 2, "削除": 1}
    assert data["candidates"][0]["changes"] == ["c-w-p22"]
    assert len(data["written"]) == 3


def test_dates_and_title(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = run(
        str(PANDOC_DOCX),
        "--out",
        str(out),
        "--new-date",
        "R5.7.26",
        "--old-date",
        "2023-06-01",
        "--title",
        "青森県DX推進プラン",
    )
    assert result.exit_code == 0, result.output
    new = load_draft(out / "draft-02.yaml")
    assert new.meta.date == _dt.date(2023, 7, 26)
    assert new.meta.title == "青森県DX推進プラン"
    assert load_draft(out / "draft-01.yaml").meta.date == _dt.date(2023, 6, 1)


@pytest.mark.parametrize(
    "args",
    [["--old", "3", "--new", "3"], ["--new-date", "R5.2.30"]],
    ids=["meetings", "date"],
)
def test_usage_errors(tmp_path: Path, args: list[str]) -> None:
    result = run(str(PANDOC_DOCX), "--out", str(tmp_path / "plan"), *args)
    assert result.exit_code == 2
    assert not (tmp_path / "plan").exists()


def test_strict(tmp_path: Path) -> None:
    result = run(str(LIBREOFFICE_CASE / "input.docx"), "--out", str(tmp_path / "a"))
    assert result.exit_code == 0
    # The LibreOffice case has only notes (info), so strict mode passes it.
    result = run(str(LIBREOFFICE_CASE / "input.docx"), "--out", str(tmp_path / "b"), "--strict")
    assert result.exit_code == 0, result.output


def test_help_is_bilingual() -> None:
    assert "変更履歴付き" in run("--help").output
    assert "tracked changes" in run("--help", lang="en").output
