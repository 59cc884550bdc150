"""The 意見対応表 as an Excel workbook (openpyxl; the only module that imports it).

openpyxl sets no row heights, and LibreOffice Calc does not grow a row to fit wrapped text of a
file it opens, so long opinions would be cut off. Every row's height is therefore estimated here:
each cell's text is counted in display columns (East Asian wide and full-width characters count
two, others one), wrapped to its column's width, and the tallest cell gives the row its height.
The estimate errs on the generous side.

No text is ever a formula: every cell is written as a string (:func:`put_text`), and a text a
spreadsheet could take for a formula or a command (starting with ``=``, ``+``, ``-``, ``@``, a
tab or a carriage return) also gets the quote prefix (Excel's and Calc's leading ``'``, not part
of the value), so that editing the cell does not make it one either.
"""

from __future__ import annotations

import io
import math
import unicodedata
import zipfile
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from planrev.render.printable import visible
from planrev.reproducible import FIXED_MOMENT, normalised_zip
from planrev.views import CumulativeResponses, ResponsesView

__all__ = [
    "COLUMNS",
    "Column",
    "cumulative_responses_xlsx",
    "display_width",
    "estimate_lines",
    "put_text",
    "responses_xlsx",
]

FONT_NAME = "游ゴシック"
"""The font the workbook asks for (Excel on Windows has it; Calc substitutes a Japanese font)."""
FONT_SIZE = 10.5
"""Body text size in points."""
LINE_HEIGHT = 16.5
"""Points per wrapped line at FONT_SIZE, generous for Japanese fonts' tall line spacing."""
ROW_PADDING = 5.0
"""Points added to every row's height for the cell margins."""
WIDE_UNITS = 2.1
"""Column-width units one wide (全角) character takes."""
NARROW_UNITS = 1.15
"""Column-width units one narrow (半角) character takes."""
CELL_MARGIN_UNITS = 1.0
"""Column-width units lost to a cell's inner margins."""


@dataclass(frozen=True, slots=True)
class Column:
    """One column of the sheet."""

    heading: str
    """The header cell."""
    width: float
    """The width in Excel's character units."""
    centred: bool = False
    """Whether its cells are centred."""


COLUMNS = (
    Column("番号", 6, centred=True),
    Column("意見者", 14),
    Column("意見", 48),
    Column("対応", 10, centred=True),
    Column("事務局の考え方", 42),
    Column("反映箇所", 26),
)
"""The columns of the 意見対応表, in order."""


def display_width(text: str) -> float:
    """Return the width of ``text`` in column units (wide characters count about two)."""
    return sum(
        WIDE_UNITS if unicodedata.east_asian_width(char) in {"W", "F", "A"} else NARROW_UNITS
        for char in text
    )


def estimate_lines(text: str, width: float) -> int:
    """Return how many lines ``text`` wraps to in a column ``width`` units wide (at least 1)."""
    capacity = max(1.0, width - CELL_MARGIN_UNITS)
    lines = 0
    for paragraph in text.split("\n"):
        lines += max(1, math.ceil(display_width(paragraph) / capacity))
    return max(1, lines)


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a text a spreadsheet could evaluate starts with."""


def put_text(sheet: Worksheet, row: int, column: int, text: str) -> Cell:
    """Write ``text`` into a cell as a string that no spreadsheet evaluates; return the cell.

    Characters documents forbid are shown (:func:`~planrev.render.printable.visible`); the cell's
    type is string, and a text that looks like a formula gets the quote prefix as well.
    """
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # planrev merges no cells
    cell.value = visible(text)
    cell.data_type = "s"  # openpyxl reads "=…" as a formula: never one here
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True
    return cell


def _row(sheet: Worksheet, number: int, values: list[str], *, header: bool = False) -> None:
    thin = Side(style="thin", color="808080")
    lines = 1
    for index, (column, value) in enumerate(zip(COLUMNS, values, strict=True), start=1):
        cell = put_text(sheet, number, index, value)
        cell.font = Font(name=FONT_NAME, size=FONT_SIZE, bold=header)
        cell.alignment = Alignment(
            wrap_text=True,
            vertical="center" if header else "top",
            horizontal="center" if header or column.centred else "left",
        )
        cell.border = Border(left=thin, right=thin, top=thin, bottom=thin)
        if header:
            cell.fill = PatternFill("solid", fgColor="F2F2F2")
        lines = max(lines, estimate_lines(value, column.width))
    sheet.row_dimensions[number].height = round(lines * LINE_HEIGHT + ROW_PADDING, 1)


def responses_xlsx(view: ResponsesView) -> bytes:
    """Return the 意見対応表 as an .xlsx workbook: wrapped cells, widths and heights set."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    _fill(sheet, view, "意見対応表")
    return _package(workbook)


def cumulative_responses_xlsx(view: CumulativeResponses) -> bytes:
    """Return the 意見対応表 over every meeting as a workbook: one sheet per meeting."""
    workbook = Workbook()
    first = workbook.active
    assert first is not None
    for number, part in enumerate(view.parts):
        sheet = first if number == 0 else workbook.create_sheet()
        # Sheet names: at most 31 characters, no []:*?/\ (meeting labels such as 第3回 fit).
        _fill(sheet, part, (part.meeting or f"{number + 1}")[:31])
    return _package(workbook)


def _package(workbook: Workbook) -> bytes:
    """Return the workbook's bytes, equal for equal tables (no "now" in the file).

    ``Workbook.save`` stamps the current time as the modification time; the writer it uses is
    called directly instead, with the document's times and the zip entries' times fixed.
    """
    workbook.properties.creator = "planrev"
    workbook.properties.created = FIXED_MOMENT
    workbook.properties.modified = FIXED_MOMENT
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
        ExcelWriter(workbook, archive).save()
    return normalised_zip(buffer.getvalue())


def _fill(sheet: Worksheet, view: ResponsesView, name: str) -> None:
    sheet.title = name
    for index, column in enumerate(COLUMNS, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = column.width
    title = put_text(sheet, 1, 1, view.title)
    title.font = Font(name=FONT_NAME, size=14, bold=True)
    sheet.row_dimensions[1].height = 24
    subtitle = " ".join(part for part in (view.plan, view.meeting, view.date) if part)
    put_text(sheet, 2, 1, subtitle).font = Font(name=FONT_NAME, size=FONT_SIZE)
    sheet.row_dimensions[2].height = LINE_HEIGHT + ROW_PADDING
    for line, text in enumerate(view.header, start=1):
        cell = put_text(sheet, line, len(COLUMNS), text)
        cell.font = Font(name=FONT_NAME, size=8, color="595959")
        cell.alignment = Alignment(horizontal="right", wrap_text=False)
    header_row = 4
    _row(sheet, header_row, [c.heading for c in COLUMNS], header=True)
    for offset, opinion in enumerate(view.opinions, start=1):
        _row(
            sheet,
            header_row + offset,
            [
                str(opinion.number),
                opinion.who,
                opinion.text,
                opinion.disposition,
                opinion.response,
                "\n".join(opinion.reflected),
            ],
        )
    sheet.freeze_panes = f"A{header_row + 1}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    footer = sheet.oddFooter
    if footer is not None:
        footer.center.text = "&P / &N"
