"""The handout commands: what they write, what they say, and what they never leave behind."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from planrev.cli import EXIT_OUTPUT, EXIT_TOOL, EXIT_USAGE, main
from planrev.errors import RenderError, ToolMissingError
from planrev.i18n import Msg, set_language
from planrev.render import outputs as outputs_module
from tests.conftest import AOMORI

ALL_FILES = {
    "redline.html",
    "clean.html",
    "table.html",
    "responses.html",
    "redline.pdf",
    "clean.pdf",
    "table.pdf",
    "responses.pdf",
    "redline.md",
    "clean.md",
    "table.md",
    "responses.md",
    "redline.docx",
    "redline-tracked.docx",
    "clean.docx",
    "table.docx",
    "responses.xlsx",
    "interactive.html",
}


@pytest.fixture(autouse=True)
def _japanese() -> object:
    set_language("ja")
    yield None
    set_language(None)


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _no_pdf(monkeypatch: pytest.MonkeyPatch) -> None:
    error = ToolMissingError(Msg("日本語フォントがありません", "no Japanese font"))
    monkeypatch.setattr("planrev.render.pdf.pdf_unavailable", lambda: error)


def test_handout_writes_the_set_without_pdf_where_it_cannot(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pdf(monkeypatch)
    code, out, err = _run("handout", str(AOMORI), "--out", str(tmp_path))
    assert code == 0, err
    assert {p.name for p in tmp_path.iterdir()} == {n for n in ALL_FILES if not n.endswith(".pdf")}
    assert "第2回 → 第3回: 14個のファイル" in out
    assert "見え消し版 (HTML):" in out
    assert "意見対応表 (Excel):" in out
    assert "見え消し版 (Word):" in out
    assert "PDF は作りませんでした: 日本語フォントがありません" in err
    assert "注意: 意見6(op-inclusion-2)の対応(disposition)が決まっていません" in err


@pytest.mark.tools
def test_handout_writes_every_format(tmp_path: Path) -> None:
    from tests.tools import require_module

    require_module("weasyprint")
    code, out, err = _run("handout", str(AOMORI), "--out", str(tmp_path))
    assert code == 0, err
    assert {p.name for p in tmp_path.iterdir()} == ALL_FILES
    assert "PDF のフォント:" in out
    for name in ALL_FILES:
        assert str(tmp_path / name) in out


def test_asking_for_pdf_without_a_font_fails_and_writes_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _no_pdf(monkeypatch)
    out_dir = tmp_path / "out"
    code, _, err = _run("handout", str(AOMORI), "--out", str(out_dir), "--format", "html,pdf")
    assert code == EXIT_TOOL
    assert "日本語フォントがありません" in err
    assert not out_dir.exists()


def test_word_redline_has_the_chosen_author(tmp_path: Path) -> None:
    import zipfile

    code, _, err = _run(
        "redline", str(AOMORI), "--out", str(tmp_path), "--format", "word", "--author", "企画調整課"
    )
    assert code == 0, err
    assert {p.name for p in tmp_path.iterdir()} == {"redline.docx", "redline-tracked.docx"}
    with zipfile.ZipFile(tmp_path / "redline-tracked.docx") as package:
        document = package.read("word/document.xml").decode("utf-8")
    assert 'w:author="企画調整課"' in document
    assert 'w:author="事務局"' not in document


def test_a_failing_render_leaves_no_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def broken(*args: object, **kwargs: object) -> str:
        raise RenderError(Msg("壊れました", "broken"))

    monkeypatch.setattr(outputs_module, "responses_markdown", broken)
    out_dir = tmp_path / "out"
    code, _, err = _run("handout", str(AOMORI), "--out", str(out_dir), "--format", "html,md")
    assert code == EXIT_OUTPUT
    assert "壊れました" in err
    assert not out_dir.exists()


def test_a_failing_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "redline.md"
    target.write_text("前の版", encoding="utf-8")

    def failing_fsync(descriptor: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("os.fsync", failing_fsync)
    code, _, err = _run("redline", str(AOMORI), "--out", str(tmp_path), "--format", "md", "--force")
    assert code == EXIT_OUTPUT
    assert "No space left on device" in err
    assert target.read_text(encoding="utf-8") == "前の版"
    assert [p.name for p in tmp_path.iterdir()] == ["redline.md"]


def test_single_documents_and_formats(tmp_path: Path) -> None:
    code, _out, err = _run("table", str(AOMORI), "-o", str(tmp_path), "-f", "md,html")
    assert code == 0, err
    assert {p.name for p in tmp_path.iterdir()} == {"table.md", "table.html"}
    code, _out, err = _run("responses", str(AOMORI), "-o", str(tmp_path), "-f", "xlsx")
    assert code == 0, err
    assert (tmp_path / "responses.xlsx").exists()
    code, _out, err = _run("clean", str(AOMORI), "-o", str(tmp_path), "-f", "markdown")
    assert code == 0, err
    assert "【追加" not in (tmp_path / "clean.md").read_text(encoding="utf-8")
    code, _out, err = _run("redline", str(AOMORI), "-o", str(tmp_path), "-f", "interactive")
    assert code == 0, err
    assert (tmp_path / "interactive.html").exists()


def test_table_layout_options(tmp_path: Path) -> None:
    code, _, err = _run(
        "table",
        str(AOMORI),
        "-o",
        str(tmp_path),
        "-f",
        "md",
        "--new-heading",
        "修正後",
        "--old-heading",
        "修正前",
        "--old-first",
        "--no-remarks",
    )
    assert code == 0, err
    assert "| 修正前 | 修正後 |" in (tmp_path / "table.md").read_text(encoding="utf-8")


def test_only_makes_an_excerpt(tmp_path: Path) -> None:
    code, _, err = _run("handout", str(AOMORI), "-o", str(tmp_path), "-f", "md", "--only", "talent")
    assert code == 0, err
    redline = (tmp_path / "redline.md").read_text(encoding="utf-8")
    assert "(抜粋)" in redline.splitlines()[1]
    assert "【追加】限られたデジタル人材" in redline
    assert "自らが積極的に" not in redline
    table = (tmp_path / "table.md").read_text(encoding="utf-8")
    assert "限られたデジタル人材" in table
    assert "自らが積極的に" not in table
    responses = (tmp_path / "responses.md").read_text(encoding="utf-8")
    assert "デジタル人材不足" in responses
    assert "空いた時間で" not in responses


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "docx2"], "不明な形式"),
        (["--only", "nonexistent"], "柱・分野・施策の id ではありません"),
        (["--only", "talent-1"], "柱・分野・施策の id ではありません"),
        (["--to", "9"], "第9回の草案がフォルダにありません"),
    ],
)
def test_usage_errors(tmp_path: Path, args: list[str], message: str) -> None:
    code, _, err = _run("handout", str(AOMORI), "-o", str(tmp_path / "out"), *args)
    assert code == EXIT_USAGE
    assert message in err
    assert not (tmp_path / "out").exists()


def test_a_format_the_document_does_not_have(tmp_path: Path) -> None:
    code, _, err = _run("table", str(AOMORI), "-o", str(tmp_path), "-f", "xlsx")
    assert code == EXIT_USAGE
    assert "新旧対照表は xlsx 形式では作れません" in err


def test_meetings_can_be_chosen(tmp_path: Path) -> None:
    code, _out, err = _run(
        "redline", str(AOMORI), "-o", str(tmp_path), "-f", "md", "--from", "2", "--to", "3"
    )
    assert code == 0, err
    assert "【追加①】" in (tmp_path / "redline.md").read_text(encoding="utf-8")


def test_a_folder_with_errors_is_reported_not_rendered(tmp_path: Path) -> None:
    folder = tmp_path / "drafts"
    shutil.copytree(AOMORI, folder, ignore=shutil.ignore_patterns("source"))
    draft = folder / "draft-03.yaml"
    draft.write_text(draft.read_text(encoding="utf-8").replace("meeting: 3", "meeting: [3"))
    code, _, err = _run("handout", str(folder), "-o", str(tmp_path / "out"))
    assert code == 1
    assert "draft-03.yaml" in err
    assert not (tmp_path / "out").exists()


def test_english_messages(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _no_pdf(monkeypatch)
    code, out, err = _run("--lang", "en", "handout", str(AOMORI), "-o", str(tmp_path), "-f", "md")
    assert code == 0, err
    assert "meeting 2 → 3: wrote 4 files" in out
    assert "redline (Markdown):" in out
    assert "warning: opinion 6" in err or "warning:" in err


def test_help_is_bilingual() -> None:
    code, out, _ = _run("handout", "--help")
    assert code == 0
    assert "配布資料一式" in out
    code, out, _ = _run("--lang", "en", "handout", "--help")
    assert "Make the handout set" in out
