"""Hostile sheets: zip bombs, absurd dimensions, millions of cells, DTDs, devices.

Each is refused (or read correctly) with one located message, within bounded time and memory:
the command line runs in a subprocess under ``resource.setrlimit`` (never a wall-clock
assertion).
"""

from __future__ import annotations

import io
import os
import re
import resource
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from openpyxl import Workbook

from planrev.errors import LoadError
from planrev.importers.sheets import SheetLimits, read_opinion_sheet
from planrev.storage.documents import load_draft
from tests.sheets_support import DRAFTS, drafts_copy
from tests.tools import run_tool

SHEET = "xl/worksheets/sheet1.xml"
MEMORY = 1536 * 1024 * 1024
"""The address space the command may use (Python, pydantic and openpyxl take a few hundred MB)."""
CPU_SECONDS = 60


def _workbook_bytes() -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["番号", "意見"])
    sheet.append(["1", "意見です"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _replaced(data: bytes, replacements: dict[str, bytes]) -> bytes:
    """Return the package with some parts replaced (each compressed)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, replacements.get(info.filename, source.read(info)))
    return buffer.getvalue()


def _sheet_xml(rows: str, dimension: str = "A1:B2") -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        f'<dimension ref="{dimension}"/><sheetData>{rows}</sheetData></worksheet>'
    ).encode()


_HEADING = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>番号</t></is></c>'
    '<c r="B1" t="inlineStr"><is><t>意見</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>1</t></is></c>'
    '<c r="B2" t="inlineStr"><is><t>意見です</t></is></c></row>'
)


def _limited() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))
    resource.setrlimit(resource.RLIMIT_CPU, (CPU_SECONDS, CPU_SECONDS))


def _import(tmp_path: Path, data: bytes) -> subprocess.CompletedProcess[str]:
    sheet = tmp_path / "hostile.xlsx"
    sheet.write_bytes(data)
    folder = drafts_copy(tmp_path)
    environment = {**os.environ, "PLANREV_LANG": "ja"}
    return run_tool(
        [
            sys.executable,
            "-c",
            "from planrev_console.main import main; main()",
            "import",
            "opinions",
            str(sheet),
            "--into",
            str(folder),
            "--meeting",
            "4",
        ],
        capture_output=True,
        text=True,
        preexec_fn=_limited,
        env=environment,
        check=False,
    )


def test_a_zip_bomb_is_refused_from_the_zip_directory(tmp_path: Path) -> None:
    bomb = _sheet_xml(_HEADING + "<!--" + " " * (80 * 1024 * 1024) + "-->")
    data = _replaced(_workbook_bytes(), {SHEET: bomb})
    assert len(data) < 1024 * 1024
    result = _import(tmp_path, data)
    assert result.returncode == 1, result.stderr
    assert SHEET in result.stderr
    assert "PLANREV_MAX_SHEET_PART_BYTES" in result.stderr


def test_absurd_dimensions_are_ignored(tmp_path: Path) -> None:
    data = _replaced(_workbook_bytes(), {SHEET: _sheet_xml(_HEADING, "A1:XFD1048576")})
    result = _import(tmp_path, data)
    assert result.returncode == 0, result.stderr
    assert "意見1件" in result.stdout


def test_millions_of_empty_cells_stop_at_the_cell_limit(tmp_path: Path) -> None:
    row = "".join(f'<c r="{letter}{{n}}" s="0"/>' for letter in "CDEFGHIJKLMNOPQRSTUV")
    rows = "".join(f'<row r="{n}">{row.format(n=n)}</row>' for n in range(3, 60_003))
    data = _replaced(_workbook_bytes(), {SHEET: _sheet_xml(_HEADING + rows)})
    result = _import(tmp_path, data)
    assert result.returncode == 1, result.stderr
    assert "セルの数" in result.stderr
    assert "PLANREV_MAX_SHEET_CELLS" in result.stderr


def test_a_cell_far_down_stops_at_the_row_limit(tmp_path: Path) -> None:
    far = '<row r="1048576"><c r="XFD1048576" t="inlineStr"><is><t>x</t></is></c></row>'
    data = _replaced(_workbook_bytes(), {SHEET: _sheet_xml(_HEADING + far)})
    result = _import(tmp_path, data)
    assert result.returncode == 1, result.stderr
    assert "行数" in result.stderr


def test_a_dtd_anywhere_is_refused(tmp_path: Path) -> None:
    evil = (
        b'<?xml version="1.0"?>\n<!-- padding -->'
        + b" " * 10_000
        + b'<!DOCTYPE x [<!ENTITY a "aaaa">]>'
        + _sheet_xml(_HEADING).split(b"\n", 1)[1]
    )
    data = _replaced(_workbook_bytes(), {SHEET: evil})
    result = _import(tmp_path, data)
    assert result.returncode == 1, result.stderr
    assert "DTD" in result.stderr


def test_limits_can_be_raised_or_lowered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    draft = load_draft(DRAFTS / "draft-03.yaml")
    path = tmp_path / "t.xlsx"
    path.write_bytes(_workbook_bytes())
    with pytest.raises(LoadError, match="PLANREV_MAX_SHEET_CELLS"):
        read_opinion_sheet(path, draft, meeting=4, limits=SheetLimits(cells=3))
    monkeypatch.setenv("PLANREV_MAX_SHEET_FILE_BYTES", "100")
    with pytest.raises(LoadError, match="PLANREV_MAX_SHEET_FILE_BYTES"):
        read_opinion_sheet(path, draft, meeting=4)
    monkeypatch.setenv("PLANREV_MAX_SHEET_FILE_BYTES", "many")
    with pytest.raises(Exception, match="PLANREV_MAX_SHEET_FILE_BYTES"):
        read_opinion_sheet(path, draft, meeting=4)


def test_a_fifo_or_device_is_refused_at_once(tmp_path: Path) -> None:
    draft = load_draft(DRAFTS / "draft-03.yaml")
    fifo = tmp_path / "pipe.csv"
    os.mkfifo(fifo)
    with pytest.raises(LoadError, match="通常のファイルではありません"):
        read_opinion_sheet(fifo, draft, meeting=4)
    link = tmp_path / "zero.csv"
    link.symlink_to("/dev/zero")
    with pytest.raises(LoadError, match="通常のファイルではありません"):
        read_opinion_sheet(link, draft, meeting=4)


def test_merged_ranges_far_down_do_not_fill_rows_that_are_not_there(tmp_path: Path) -> None:
    merges = '<mergeCells count="1"><mergeCell ref="A2:A1048576"/></mergeCells>'
    xml = _sheet_xml(_HEADING).replace(b"</sheetData>", b"</sheetData>" + merges.encode())
    data = _replaced(_workbook_bytes(), {SHEET: xml})
    result = _import(tmp_path, data)
    assert result.returncode == 0, result.stderr
    assert re.search("意見1件", result.stdout)
