"""``planrev import pdf`` from the command line: the four files, what it read, and bad input.

The small PDFs are written by hand (:mod:`tests.pdf.minipdf`: Helvetica, Latin text), so the
plan's name and meeting come from ``--title`` and ``--meeting``; the R5.7.26 handout made by
``planrev handout`` (a tools test) imports to the same files as ``planrev import marked`` of the
seed.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import Result

from planrev.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT
from planrev.storage.folder import load_folder
from tests.conftest import SEED
from tests.pdf.minipdf import Page, width, write_pdf
from tests.pdf.producers import weasyprint_pdf
from tests.test_import_cli import run
from tests.tools import require_module

FILES = ["draft-02.yaml", "draft-03.yaml", "opinions-03.yaml", "revision-02-03.yaml"]


def _handout(path: Path, *, underline_alone: bool = False) -> Path:
    """Write a one-page handout: a pillar, a field, two bullets (one underlined if asked)."""
    page = Page().text(72, 100, "Pillar", size=16, bold=True)
    page.text(72, 130, "Field", size=13, bold=True)
    page.text(72, 160, "\x95 first initiative").text(72, 180, "\x95 second initiative")
    if underline_alone:
        start = 72 + width("\u2022 second ")
        page.line(start, 181, start + width("initiative"), 181)
    return write_pdf(path, [page])


def _import(pdf: Path, out: Path, *more: str) -> Result:
    return run(
        "import", "pdf", str(pdf), "--out", str(out), "--meeting", "3", "--title", "Plan", *more
    )


def _one_error(result: Result, *words: str) -> None:
    assert result.exit_code == EXIT_INPUT, result.output
    assert result.output.count("エラー:") == 1
    assert "Traceback" not in result.output
    for word in words:
        assert word in result.output


def test_writes_four_files_and_says_how_much_it_read(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = _import(_handout(tmp_path / "h.pdf"), out)
    assert result.exit_code == EXIT_OK, result.output
    assert result.output.startswith("PDF 1ページ: 文字 ")
    assert "を読み取り" in result.output.splitlines()[0]
    assert sorted(p.name for p in out.iterdir()) == FILES
    (old, new) = load_folder(out).drafts
    assert [s.text for s in new.model.pillars[0].fields[0].blocks] == [  # type: ignore[union-attr]
        "first initiative",
        "second initiative",
    ]
    assert (old.model.meta.meeting, new.model.meta.meeting) == (2, 3)


def test_findings_and_warnings_point_at_the_page(tmp_path: Path) -> None:
    pdf = _handout(tmp_path / "h.pdf", underline_alone=True)
    result = _import(pdf, tmp_path / "plan")
    assert result.exit_code == EXIT_OK, result.output
    assert f"{pdf}:p1:4: 警告: マーカーのない下線です" in result.output


def test_strict_fails_on_a_warning_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    result = _import(_handout(tmp_path / "h.pdf", underline_alone=True), out, "--strict")
    assert result.exit_code == EXIT_INPUT
    assert "--strict" in result.output
    assert not out.exists()


def test_refuses_to_overwrite_without_force(tmp_path: Path) -> None:
    pdf = _handout(tmp_path / "h.pdf")
    out = tmp_path / "plan"
    out.mkdir()
    (out / "draft-03.yaml").write_text("keep me\n", encoding="utf-8")
    result = _import(pdf, out)
    assert result.exit_code == EXIT_OUTPUT
    assert "--force" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["draft-03.yaml"]
    assert _import(pdf, out, "--force").exit_code == EXIT_OK
    assert sorted(p.name for p in out.iterdir()) == FILES


def test_never_writes_onto_its_input(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.mkdir()
    pdf = _handout(out / "draft-03.yaml")  # a PDF that happens to bear an output's name
    before = pdf.read_bytes()
    result = _import(pdf, out, "--force")
    assert result.exit_code == EXIT_OUTPUT
    assert "入力" in result.output
    assert pdf.read_bytes() == before
    assert sorted(p.name for p in out.iterdir()) == ["draft-03.yaml"]


def test_out_that_is_a_file_is_refused(tmp_path: Path) -> None:
    out = tmp_path / "plan"
    out.write_text("a file\n", encoding="utf-8")
    result = _import(_handout(tmp_path / "h.pdf"), out)
    assert result.exit_code == EXIT_OUTPUT
    assert out.read_text(encoding="utf-8") == "a file\n"


def test_a_file_that_is_not_a_pdf_is_one_message(tmp_path: Path) -> None:
    text = tmp_path / "handout.pdf"
    text.write_text("見え消し版のテキスト\n", encoding="utf-8")
    result = _import(text, tmp_path / "plan")
    _one_error(result, str(text), "PDF として読めません")
    assert not (tmp_path / "plan").exists()


def test_an_empty_file_is_one_message(tmp_path: Path) -> None:
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    _one_error(_import(empty, tmp_path / "plan"), str(empty))
    assert not (tmp_path / "plan").exists()


def test_an_encrypted_pdf_is_one_message(tmp_path: Path) -> None:
    locked = write_pdf(tmp_path / "locked.pdf", [Page().text(72, 100, "secret")], locked=True)
    _one_error(_import(locked, tmp_path / "plan"), str(locked), "暗号化")
    assert not (tmp_path / "plan").exists()


def test_a_scanned_page_is_one_message(tmp_path: Path) -> None:
    scan = write_pdf(tmp_path / "scan.pdf", [Page().image(0, 0, 595, 842)])
    _one_error(_import(scan, tmp_path / "plan"), f"{scan}:p1", "スキャン")
    assert not (tmp_path / "plan").exists()


def test_a_missing_file_is_one_message(tmp_path: Path) -> None:
    _one_error(_import(tmp_path / "missing.pdf", tmp_path / "plan"), "missing.pdf")


def test_a_text_without_meeting_needs_one(tmp_path: Path) -> None:
    pdf = _handout(tmp_path / "h.pdf")
    result = run("import", "pdf", str(pdf), "--out", str(tmp_path / "plan"))
    _one_error(result, "--meeting")


def test_help_names_the_command() -> None:
    result = run("import", "--help")
    assert result.exit_code == EXIT_OK
    assert "pdf" in result.output
    assert run("import", "pdf", "--help").exit_code == EXIT_OK


@pytest.mark.tools
def test_planrevs_handout_imports_to_the_files_of_the_seed(tmp_path: Path) -> None:
    require_module("weasyprint")
    pdf = weasyprint_pdf(tmp_path / "handout")
    from_pdf = run("import", "pdf", str(pdf), "--out", str(tmp_path / "pdf"))
    from_text = run("import", "marked", str(SEED), "--out", str(tmp_path / "text"))
    assert from_pdf.exit_code == from_text.exit_code == EXIT_OK, from_pdf.output
    for name in FILES:
        assert (tmp_path / "pdf" / name).read_bytes() == (tmp_path / "text" / name).read_bytes()
    assert from_pdf.output.startswith("PDF ")  # the coverage line first
    assert f"{pdf}:p2:" in from_pdf.output  # 【追加②】's extent, on the PDF's page
