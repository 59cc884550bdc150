"""Word tables → KPI tables, in the old and the new draft.

A table whose header row reads like ``KPI | 2023 | 2028`` or ``指標 | 基準値 | 目標値`` (see
:func:`planrev.importers.kpi.kpi_columns`) is a KPI table; each later row is an indicator. Rows
inserted or deleted as a whole (``w:trPr/w:ins``, ``w:del``, or every word tracked) exist in one
draft only. Ids: the table ``w-t<K>`` (K counts the document's tables from 1), a row
``w-t<K>-r<R>`` (R its row in the Word table; the header is row 1), unless a bookmark in the first
cell carries a planrev id (see :func:`planrev.word.structure.import_word`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from planrev.i18n import Msg
from planrev.importers.kpi import kpi_columns
from planrev.importers.tree import KpiItem, KpiRowItem
from planrev.word.document import RunStatus, WordParagraph, WordRow, WordTable
from planrev.word.report import Collector
from planrev.word.units import WHICH, Which

__all__ = ["kpi_table", "kpi_warnings", "table_header"]


def _cell_text(cell: Sequence[WordParagraph], which: Which) -> str:
    return "\n".join(text for text in (p.text(which) for p in cell) if text)


def _row_exists(row: WordRow, which: Which) -> bool:
    if row.status is (RunStatus.INSERT if which == "old" else RunStatus.DELETE):
        return False
    texts = [_cell_text(cell, which) for cell in row.cells]
    other = [_cell_text(cell, "new" if which == "old" else "old") for cell in row.cells]
    # A row whose every word was inserted (or deleted) is a row added (or removed), even when
    # the tool that wrote the file marked only the text (pandoc does).
    return any(texts) or not any(other)


def table_header(table: WordTable, which: Which) -> WordRow | None:
    """Return the table's first row in the draft ``which``, or None when it has none there."""
    for row in table.rows:
        if _row_exists(row, which):
            return row
    return None


def kpi_table(
    table: WordTable, which: Which, table_id: str, row_ids: Mapping[int, str] | None = None
) -> KpiItem | None:
    """Return ``table`` as a KPI table of the draft ``which``, or None if it is not one there;
    ``row_ids`` gives the rows' ids by row number (default ``<table_id>-r<R>``)."""
    header = table_header(table, which)
    if header is None:
        return None
    columns = kpi_columns([_cell_text(cell, which) for cell in header.cells])
    if columns is None:
        return None
    rows: list[KpiRowItem] = []
    for row in table.rows:
        if row is header or not _row_exists(row, which):
            continue
        cells = [_cell_text(cell, which) for cell in row.cells]
        if not any(cells):
            continue

        def cell(position: int | None, cells: list[str] = cells) -> str | None:
            if position is None or position >= len(cells) or not cells[position]:
                return None
            return cells[position]

        rows.append(
            KpiRowItem(
                cells[0] if cells else "",
                cell(columns.baseline),
                cell(columns.target),
                cell(columns.unit),
                id=(row_ids or {}).get(row.number, f"{table_id}-r{row.number}"),
            )
        )
    return KpiItem("KPI", (columns.baseline_year, columns.target_year), rows, id=table_id)


def kpi_warnings(table: WordTable, report: Collector) -> None:
    """Report the columns of a KPI table that are not read."""
    for which in reversed(WHICH):
        header = table_header(table, which)
        if header is None:
            continue
        columns = kpi_columns([_cell_text(cell, which) for cell in header.cells])
        if columns is not None and columns.ignored:
            report.warn(
                "kpi-columns",
                Msg(
                    f"KPI 表{table.number}の列 {', '.join(str(c + 1) for c in columns.ignored)} は"
                    "基準値・目標値・単位のどれでもないため取り込みません",
                    f"KPI table {table.number}: columns "
                    f"{', '.join(str(c + 1) for c in columns.ignored)} are neither baseline, "
                    "target nor unit and are not imported",
                ),
                number=table.first_paragraph,
            )
        return
