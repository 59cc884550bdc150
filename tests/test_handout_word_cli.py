"""The Word redlines and the print options on the command line and in ``write_handouts``:
``--word both|tracked|mikeshi`` chooses ``redline.docx`` (見え消し版 as printed) and
``redline-tracked.docx`` (tracked changes); ``--no-opinion-numbers``, ``--no-legend``,
``--no-structure`` and ``--page-breaks`` reach every format through ``HandoutOptions``; an author
Word cannot store is refused at the option."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

import planrev
from planrev.cli import EXIT_USAGE, main
from planrev.i18n import set_language
from planrev.views import HandoutOptions
from tests.conftest import AOMORI


@pytest.fixture(autouse=True)
def _japanese() -> object:
    set_language("ja")
    yield None
    set_language(None)


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    target = tmp_path / "drafts"
    shutil.copytree(AOMORI, target, ignore=shutil.ignore_patterns("source"))
    return target


def _run(*args: str) -> tuple[int, str, str]:
    result = CliRunner().invoke(main, list(args))
    return result.exit_code, result.stdout, result.stderr


def _document(path: Path) -> str:
    with zipfile.ZipFile(io.BytesIO(path.read_bytes())) as package:
        return package.read("word/document.xml").decode("utf-8")


@pytest.mark.parametrize(
    ("word", "files"),
    [
        ("both", {"redline.docx", "redline-tracked.docx"}),
        ("tracked", {"redline-tracked.docx"}),
        ("mikeshi", {"redline.docx"}),
    ],
)
def test_word_chooses_the_redlines(
    folder: Path, tmp_path: Path, word: str, files: set[str]
) -> None:
    out = tmp_path / "out"
    code, stdout, err = _run("redline", str(folder), "-o", str(out), "-f", "docx", "--word", word)
    assert code == 0, err
    assert {p.name for p in out.iterdir()} == files
    if "redline-tracked.docx" in files:
        assert "見え消し版 (Word・変更履歴): " in stdout
        tracked = _document(out / "redline-tracked.docx")
        assert "<w:ins " in tracked
        assert "planrevMarker" not in tracked
    if "redline.docx" in files:
        assert "見え消し版 (Word): " in stdout
        printed = _document(out / "redline.docx")
        assert "<w:ins " not in printed
        assert "<w:strike/>" in printed
        assert "planrevMarker" in printed


def test_handout_writes_both_word_redlines_by_default(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = _run("handout", str(folder), "-o", str(out), "-f", "docx")
    assert code == 0, err
    assert {p.name for p in out.iterdir()} == {
        "redline.docx",
        "redline-tracked.docx",
        "clean.docx",
        "table.docx",
    }


def test_an_unknown_word_choice_is_refused(folder: Path, tmp_path: Path) -> None:
    code, _, err = _run("handout", str(folder), "-o", str(tmp_path / "o"), "--word", "both,x")
    assert code == EXIT_USAGE
    assert "--word" in err
    assert not (tmp_path / "o").exists()
    with pytest.raises(ValueError, match="不明な Word の種類"):
        planrev.write_handouts(folder, tmp_path / "o", formats=["docx"], word="print")
    assert not (tmp_path / "o").exists()


def test_print_options_reach_html_and_word(folder: Path, tmp_path: Path) -> None:
    plain, bare = tmp_path / "plain", tmp_path / "bare"
    assert _run("redline", str(folder), "-o", str(plain), "-f", "html,docx")[0] == 0
    code, _, err = _run(
        "redline",
        str(folder),
        "-o",
        str(bare),
        "-f",
        "html,docx",
        "--no-opinion-numbers",
        "--no-legend",
        "--no-structure",
        "--page-breaks",
        "field",
    )
    assert code == 0, err
    html = (plain / "redline.html").read_text(encoding="utf-8")
    assert '<div class="legend">' in html
    assert '<div class="structure">' in html
    assert '<td class="number">' in html
    html = (bare / "redline.html").read_text(encoding="utf-8")
    assert '<div class="legend">' not in html
    assert '<div class="structure">' not in html
    assert '<td class="number">' not in html
    assert 'class="handout redline breaks-field"' in html
    word = _document(plain / "redline.docx")
    assert "planrevLegend" in word
    assert "planrevStructure" in word
    assert "意見1" in word
    assert "pageBreakBefore" not in word
    word = _document(bare / "redline.docx")
    assert "planrevLegend" not in word
    assert "planrevStructure" not in word
    assert "意見1" not in word
    assert word.count("<w:pageBreakBefore/>") == 5  # two pillars, three fields
    tracked = _document(bare / "redline-tracked.docx")
    assert tracked.count("<w:pageBreakBefore/>") == 5


def test_print_options_on_handout_and_clean(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    code, _, err = _run(
        "handout",
        str(folder),
        "-o",
        str(out),
        "-f",
        "html",
        "--no-structure",
        "--page-breaks",
        "pillar",
    )
    assert code == 0, err
    for name in ("redline.html", "clean.html"):
        html = (out / name).read_text(encoding="utf-8")
        assert '<div class="structure">' not in html, name
        assert "breaks-pillar" in html, name
    code, _, err = _run(
        "clean", str(folder), "-o", str(tmp_path / "c"), "-f", "html", "--no-structure"
    )
    assert code == 0, err
    assert '<div class="structure">' not in (tmp_path / "c" / "clean.html").read_text("utf-8")


def test_unknown_page_breaks_are_refused(folder: Path, tmp_path: Path) -> None:
    code, _, err = _run(
        "redline", str(folder), "-o", str(tmp_path / "o"), "--page-breaks", "chapter"
    )
    assert code == EXIT_USAGE
    assert "--page-breaks" in err
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("command", ["handout", "redline"])
def test_an_author_over_255_characters_is_refused_at_the_option(
    folder: Path, tmp_path: Path, command: str
) -> None:
    out = tmp_path / "out"
    code, _, err = _run(command, str(folder), "-o", str(out), "-f", "docx", "--author", "長" * 256)
    assert code == EXIT_USAGE
    assert "--author" in err
    assert "256文字" in err
    assert not out.exists()


def test_write_handouts_takes_the_options(folder: Path, tmp_path: Path) -> None:
    result = planrev.write_handouts(
        folder,
        tmp_path / "out",
        documents=["redline"],
        formats=["docx", "html"],
        handout_options=HandoutOptions(legend=False),
        word="tracked",
    )
    assert [(f.format, f.variant, f.path.name) for f in result.files] == [
        ("html", "", "redline.html"),
        ("docx", "tracked", "redline-tracked.docx"),
    ]
    assert '<div class="legend">' not in (tmp_path / "out" / "redline.html").read_text("utf-8")


def test_the_tracked_file_is_guarded_like_the_others(folder: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "redline-tracked.docx").write_bytes(b"mine")
    code, _, err = _run("redline", str(folder), "-o", str(out), "-f", "docx")
    assert code != 0
    assert "redline-tracked.docx" in err
    assert (out / "redline-tracked.docx").read_bytes() == b"mine"
    assert not (out / "redline.docx").exists()
