"""``planrev.write_handouts``: any handout from a script in one call, as safe as the commands."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

import planrev
from planrev.audit import NothingToCompareError
from planrev.errors import ToolMissingError
from planrev.guard import OutputRefusedError
from planrev.handouts import AuditFailedError, write_cumulative_responses
from planrev.i18n import Msg
from tests.audit_cases import clean_history
from tests.conftest import AOMORI


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "drafts"
    shutil.copytree(AOMORI, target, ignore=shutil.ignore_patterns("source"))
    return target


def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    error = ToolMissingError(Msg("日本語フォントがありません", "no Japanese font"))
    monkeypatch.setattr("planrev.render.pdf.pdf_unavailable", lambda: error)


def test_one_call_writes_the_documents_asked_for(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = planrev.write_handouts(
        str(folder), out, documents=["table", "responses"], formats=["md"]
    )
    assert [(f.document, f.format, f.path.name) for f in result.files] == [
        ("table", "md", "table.md"),
        ("responses", "md", "responses.md"),
    ]
    assert result.paths == (out / "table.md", out / "responses.md")
    assert result.step is not None
    assert (result.step.old_meeting, result.step.new_meeting) == (2, 3)
    assert "新旧対照表" in (out / "table.md").read_text(encoding="utf-8")
    assert {f.code for f in result.audit_errors} == {"undisposed-opinion", "empty-response"}


def test_every_format_the_machine_can_make(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pdf(monkeypatch)
    result = planrev.write_handouts(planrev.load_folder(folder), tmp_path / "out")
    assert result.pdf_skipped is not None
    assert {f.format for f in result.files} == {"html", "md", "docx", "xlsx", "interactive"}
    assert len(result.files) == 14  # the Word redline twice: as printed, and tracked


def test_pdf_asked_for_and_impossible_writes_nothing(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pdf(monkeypatch)
    with pytest.raises(ToolMissingError):
        planrev.write_handouts(folder, tmp_path / "out", formats=["html", "pdf"])
    assert not (tmp_path / "out").exists()


def test_a_step_without_a_revision_record(folder: Path, tmp_path: Path) -> None:
    (folder / "revision-02-03.yaml").unlink()
    history = planrev.load_folder(folder)
    step = history.steps[-1]
    assert step.revision is None
    result = planrev.write_handouts(step, tmp_path / "out", documents=["redline"], formats=["md"])
    assert (tmp_path / "out" / "redline.md").is_file()
    assert result.step is step


def test_existing_files_need_force_and_inputs_are_never_written(
    folder: Path, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    planrev.write_handouts(folder, out, documents=["table"], formats=["md"])
    with pytest.raises(OutputRefusedError, match="既にファイルがあります"):
        planrev.write_handouts(folder, out, documents=["table"], formats=["md"])
    planrev.write_handouts(folder, out, documents=["table"], formats=["md"], force=True)
    (folder / "table.md").symlink_to(folder / "opinions-03.yaml")
    before = (folder / "opinions-03.yaml").read_bytes()
    with pytest.raises(OutputRefusedError, match="入力は --force でも上書きしません"):
        planrev.write_handouts(folder, folder, documents=["table"], formats=["md"], force=True)
    assert (folder / "opinions-03.yaml").read_bytes() == before


def test_strict_refuses_a_history_with_audit_errors(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(AuditFailedError) as refused:
        planrev.write_handouts(folder, tmp_path / "out", formats=["md"], strict=True)
    assert len(refused.value.findings) == 6
    assert not (tmp_path / "out").exists()
    clean = clean_history(tmp_path / "clean")
    result = planrev.write_handouts(clean, tmp_path / "out", formats=["md"], strict=True)
    assert result.audit_errors == ()


def test_one_draft_has_nothing_to_compare(folder: Path, tmp_path: Path) -> None:
    with pytest.raises(NothingToCompareError):
        planrev.write_handouts(folder, tmp_path / "out", old=3, new=3)
    for name in ("draft-02.yaml", "revision-02-03.yaml"):
        (folder / name).unlink()
    with pytest.raises(NothingToCompareError):
        planrev.write_handouts(folder, tmp_path / "out")
    with pytest.raises(NothingToCompareError):
        write_cumulative_responses(folder, tmp_path / "out")
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"documents": ["poster"]}, "不明な資料"),
        ({"formats": ["docx2"]}, "不明な形式"),
        ({"documents": ["table"], "formats": ["xlsx"]}, "新旧対照表は xlsx 形式では作れません"),
        ({"formats": []}, "形式を1つ以上指定してください"),
        ({"only": ["talent-1"]}, "柱・分野・施策の id ではありません"),
        ({"author": "長" * 256}, "作成者は1〜255文字"),
    ],
)
def test_wrong_arguments(
    folder: Path, tmp_path: Path, options: dict[str, object], message: str
) -> None:
    with pytest.raises(ValueError, match=message):
        planrev.write_handouts(folder, tmp_path / "out", **options)  # type: ignore[arg-type]
    assert not (tmp_path / "out").exists()


def test_the_cumulative_responses(folder: Path, tmp_path: Path) -> None:
    result = write_cumulative_responses(folder, tmp_path / "out", formats=["md", "xlsx"])
    assert [f.path.name for f in result.files] == ["responses-all.md", "responses-all.xlsx"]
    assert result.step is None
