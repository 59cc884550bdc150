"""The 意見対応表 written back into the sheet the opinions came from.

Given the original opinion sheet (.xlsx or CSV) and the opinions of a drafts folder, a copy of
the sheet is made with each opinion's 対応 and 事務局の考え方 filled in (and its 反映箇所, when
the sheet has that column), everything else as it was: titles, merged cells, borders, widths,
the other sheets. A sheet without a 対応 or 考え方 column gets one after its last heading.

Rows are matched to opinions as the import read them: by the id the import gives the row, or
else by the opinion's exact text. A row no opinion matches, and an opinion no row matches, are
reported; nothing is filled by guesswork. A cell is only written when planrev has something to
say: an opinion still 未定 or without a response leaves those cells as the sheet has them.

No text becomes a formula (issue 18): every cell planrev writes is a string, and any string cell
starting with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return (planrev's or the sheet's
own) gets the quote prefix, so that editing it does not make it one either. Formulas the
original sheet itself holds (a numbering ``=ROW()-5``) stay formulas. In a CSV, which has no
cell types, such a text is written with a leading ``'`` (what Excel and Calc take as "text").

The lead will merge :func:`put_safe_text` with :func:`planrev.render.xlsx.put_text`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Mapping, Sequence
from copy import copy
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planrev.diagnostics import Finding, Level
from planrev.errors import Location, RenderError
from planrev.i18n import Msg
from planrev.importers.sheets import SheetImport, SheetLimits, SheetOptions, read_opinion_sheet
from planrev.importers.sheets.columns import Role
from planrev.importers.sheets.reading import SheetRow
from planrev.importers.sheets.workbook import decode_csv, read_bytes_limited, read_xlsx
from planrev.model import Disposition, Opinion, OpinionSet, Plan
from planrev.render.printable import visible

__all__ = ["FORMULA_STARTS", "FilledSheet", "fill_sheet", "put_safe_text", "safe_csv_field"]

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""What a text a spreadsheet could evaluate starts with."""

ADDED_HEADINGS = {Role.DISPOSITION: "対応", Role.RESPONSE: "事務局の考え方"}
"""The headings of the columns added to a sheet that lacks them."""
ADDED_WIDTHS = {Role.DISPOSITION: 12.0, Role.RESPONSE: 40.0}
"""Their widths, in Excel's character units."""


@dataclass(frozen=True, slots=True)
class FilledSheet:
    """A copy of an opinion sheet with the responses filled in."""

    data: bytes
    """The file's bytes (.xlsx, or CSV in the original's encoding)."""
    filled: int
    """How many rows were matched to an opinion."""
    findings: tuple[Finding, ...]
    """Rows and opinions that could not be matched, cells that could not be written."""


def put_safe_text(cell: Any, text: str) -> None:
    """Write ``text`` into an openpyxl cell as a string that no spreadsheet evaluates.

    Characters documents forbid are shown (:func:`~planrev.render.printable.visible`); the
    cell's type is string, and a text that looks like a formula gets the quote prefix too.
    """
    cell.value = visible(text)
    cell.data_type = "s"  # openpyxl takes "=…" for a formula: never one here
    if text.startswith(FORMULA_STARTS):
        cell.quotePrefix = True


def safe_csv_field(text: str) -> str:
    """Return a CSV field no spreadsheet evaluates: a leading ``'`` before a formula-like text."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _match(
    sheet: SheetImport, opinions: OpinionSet, path: Path
) -> tuple[list[tuple[SheetRow, Opinion]], list[Finding]]:
    """Pair each row of the sheet with its opinion: by id, else by the exact text."""
    by_id = {opinion.id: opinion for opinion in opinions.opinions}
    unused = list(opinions.opinions)
    pairs: list[tuple[SheetRow, Opinion]] = []
    findings: list[Finding] = []
    for row, imported in zip(sheet.rows, sheet.opinions.opinions, strict=True):
        same_text = [opinion for opinion in unused if opinion.text == row.text]
        opinion = by_id.get(imported.id)
        if opinion is None or opinion not in unused or (same_text and opinion.text != row.text):
            opinion = same_text[0] if same_text else None
        if opinion is None:
            findings.append(
                Finding(
                    "sheet-row-unmatched",
                    Level.WARNING,
                    Msg(
                        f"シート「{row.sheet}」{row.row}行目の意見に当たる意見が第{opinions.meeting}回の"
                        "意見ファイルにないため、この行は元のままです",
                        f"sheet '{row.sheet}' row {row.row}: no opinion of meeting "
                        f"{opinions.meeting} matches it; the row is left as it was",
                    ),
                    hint=Msg(
                        "意見の文言か id が取り込んだときのままか確認してください。",
                        "check that the opinion's text or id is still as imported.",
                    ),
                    location=row.location(path, Role.TEXT),
                )
            )
            continue
        unused.remove(opinion)
        pairs.append((row, opinion))
    findings.extend(
        Finding(
            "opinion-not-in-sheet",
            Level.WARNING,
            Msg(
                f"意見 {opinion.id} は元の表にないため、書き込んでいません",
                f"opinion {opinion.id} is not in the original sheet, so it is not written",
            ),
            subjects=(opinion.id,),
            meeting=opinions.meeting,
        )
        for opinion in unused
    )
    return pairs, findings


def _new_values(
    row: SheetRow, opinion: Opinion, reflected: Mapping[str, Sequence[str]], wordings: SheetOptions
) -> dict[Role, str]:
    """Return the cells to write for one row: only what planrev knows and the sheet lacks."""
    from planrev.importers.sheets.values import read_disposition  # noqa: PLC0415

    values: dict[Role, str] = {}
    if opinion.disposition is not Disposition.UNDECIDED:
        written = row.cells.get(Role.DISPOSITION, "")
        # The sheet's own wording stays when it already says the same (ご意見を踏まえ修正します).
        if read_disposition(written, wordings.wordings()) is not opinion.disposition:
            values[Role.DISPOSITION] = opinion.disposition.value
    if opinion.response is not None and opinion.response != row.cells.get(Role.RESPONSE):
        values[Role.RESPONSE] = opinion.response
    places = reflected.get(opinion.id, ())
    if places and Role.REFLECTED in row.columns:
        values[Role.REFLECTED] = "\n".join(places)
    return values


def fill_sheet(
    original: Path | str,
    opinions: OpinionSet,
    draft: Plan,
    *,
    reflected: Mapping[str, Sequence[str]] | None = None,
    options: SheetOptions | None = None,
    limits: SheetLimits | None = None,
) -> FilledSheet:
    """Return a copy of the opinion sheet ``original`` with the responses of ``opinions``.

    The sheet is read as :func:`~planrev.importers.sheets.read_opinion_sheet` reads it (with the
    same ``options``), against ``draft``, the draft the opinions answer. ``reflected`` gives,
    by opinion id, where each was reflected (``追加①(行政経営分野)``), for a 反映箇所 column.
    """
    original = Path(original)
    options = options or SheetOptions()
    limits = limits or SheetLimits.from_environment()
    sheet = read_opinion_sheet(
        original, draft, meeting=opinions.meeting, options=options, limits=limits
    )
    pairs, findings = _match(sheet, opinions, original)
    writes = [(row, _new_values(row, opinion, reflected or {}, options)) for row, opinion in pairs]
    data = read_bytes_limited(original, limits.file_bytes)
    if original.suffix.lower() in {".xlsx", ".xlsm"}:
        content, more = _fill_workbook(data, original, writes, limits)
    else:
        content, more = _fill_csv(data, original, writes)
    return FilledSheet(content, len(pairs), (*findings, *more))


def _fill_csv(
    data: bytes, path: Path, writes: Sequence[tuple[SheetRow, dict[Role, str]]]
) -> tuple[bytes, list[Finding]]:
    delimiter = "\t" if path.suffix.lower() in {".tsv", ".txt"} else ","
    text, encoding = decode_csv(data, path, delimiter)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    added = _added_columns(writes, lambda row: len(records[row.heading_row - 1]))
    for (sheet, heading_row), columns in added.items():
        del sheet
        for role, column in columns.items():
            _put(records[heading_row - 1], column, ADDED_HEADINGS[role])
    for row, values in writes:
        for role, value in values.items():
            column = row.columns.get(role) or added[(row.sheet, row.heading_row)][role]
            _put(records[row.row - 1], column, value)
    output = io.StringIO(newline="")
    writer = csv.writer(output, delimiter=delimiter, lineterminator="\r\n")
    writer.writerows([[safe_csv_field(field) for field in record] for record in records])
    codec = {"UTF-8 (BOM)": "utf-8-sig", "UTF-8": "utf-8"}.get(encoding, "cp932")
    try:
        return output.getvalue().encode(codec), []
    except UnicodeEncodeError as exc:
        bad = exc.object[exc.start : exc.end]
        raise RenderError(
            Msg(
                f"{encoding} で書けない文字「{bad}」があります",
                f"a character {bad!r} cannot be written in {encoding}",
            ),
            hint=Msg(
                "元の表を UTF-8 の CSV か .xlsx にして指定するか、その文字を直してください。"
                "何も書き込んでいません。",
                "give the original as a UTF-8 CSV or as .xlsx, or change that character. "
                "Nothing was written.",
            ),
        ) from exc


def _put(record: list[str], column: int, value: str) -> None:
    while len(record) < column:
        record.append("")
    record[column - 1] = value


def _added_columns(
    writes: Sequence[tuple[SheetRow, dict[Role, str]]], width: Callable[[SheetRow], int]
) -> dict[tuple[str, int], dict[Role, int]]:
    """Return, by table (sheet, heading row), the columns to add for 対応 and 考え方 where a
    table lacks them and has something to write there; ``width`` gives a table's last heading
    column."""
    added: dict[tuple[str, int], dict[Role, int]] = {}
    for row, values in writes:
        key = (row.sheet, row.heading_row)
        missing = [role for role in (Role.DISPOSITION, Role.RESPONSE) if role not in row.columns]
        needed = [role for role in missing if role in values]
        if not needed:
            continue
        if key not in added:
            after = max(width(row), *row.columns.values())
            added[key] = {role: after + n for n, role in enumerate(missing, start=1)}
    return added


# --------------------------------------------------------------------------------------------
# Excel


def _fill_workbook(
    data: bytes,
    path: Path,
    writes: Sequence[tuple[SheetRow, dict[Role, str]]],
    limits: SheetLimits,
) -> tuple[bytes, list[Finding]]:
    import openpyxl  # noqa: PLC0415 - heavy, loaded when a sheet is written back

    workbook = openpyxl.load_workbook(io.BytesIO(data))
    findings: list[Finding] = []
    added = _added_columns(writes, lambda row: _last_column(workbook[row.sheet], row.heading_row))
    for (name, heading_row), columns in added.items():
        sheet = workbook[name]
        for role, column in columns.items():
            _add_column(sheet, heading_row, column, role, writes)
    cells: dict[tuple[str, int, int], tuple[SheetRow, str]] = {}
    for row, values in writes:
        for role, value in values.items():
            column = row.columns.get(role) or added[(row.sheet, row.heading_row)][role]
            cells[(row.sheet, row.row, column)] = (row, value)
    for (name, number, column), (row, value) in cells.items():
        sheet = workbook[name]
        target = _writable(sheet, number, column, value, cells)
        if target is None:
            findings.append(_merged_conflict(path, row, column))
            continue
        if target is not False:
            put_safe_text(target, value)
            target.alignment = _wrapped(target)
    for row, values in writes:
        texts = {row.columns[role]: text for role, text in row.cells.items() if role in row.columns}
        for role, value in values.items():
            texts[row.columns.get(role) or added[(row.sheet, row.heading_row)][role]] = value
        _fit_height(workbook[row.sheet], row, texts)
    _protect_strings(workbook, data, path, limits)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue(), findings


def _last_column(sheet: Any, heading_row: int) -> int:
    return max((cell.column for cell in sheet[heading_row] if cell.value is not None), default=0)


def _add_column(
    sheet: Any,
    heading_row: int,
    column: int,
    role: Role,
    writes: Sequence[tuple[SheetRow, dict[Role, str]]],
) -> None:
    """Add a 対応 or 考え方 column to a table, in the look of its 意見 column."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    rows = [row for row, _ in writes if (row.sheet, row.heading_row) == (sheet.title, heading_row)]
    text_column = rows[0].columns[Role.TEXT]
    heading = sheet.cell(row=heading_row, column=column)
    put_safe_text(heading, ADDED_HEADINGS[role])
    copy_style(sheet.cell(row=heading_row, column=text_column), heading)
    for row in rows:
        copy_style(
            sheet.cell(row=row.row, column=text_column), sheet.cell(row=row.row, column=column)
        )
    sheet.column_dimensions[get_column_letter(column)].width = ADDED_WIDTHS[role]


def _writable(
    sheet: Any,
    number: int,
    column: int,
    value: str,
    cells: Mapping[tuple[str, int, int], tuple[SheetRow, str]],
) -> Any:
    """Return the cell to write ``value`` into, False when another write covers it, or None
    when it is part of a merged range whose rows would need different values."""
    for merged in sheet.merged_cells.ranges:
        if not (
            merged.min_row <= number <= merged.max_row
            and merged.min_col <= column <= merged.max_col
        ):
            continue
        spanned = {
            cells[key][1] if (key := (sheet.title, row, merged.min_col)) in cells else None
            for row in range(merged.min_row, merged.max_row + 1)
        }
        if spanned != {value} or column != merged.min_col:
            return None
        if number != merged.min_row:
            return False
        return sheet.cell(row=number, column=column)
    return sheet.cell(row=number, column=column)


def _merged_conflict(path: Path, row: SheetRow, column: int) -> Finding:
    return Finding(
        "sheet-merged-cell",
        Level.WARNING,
        Msg(
            f"シート「{row.sheet}」{row.row}行目 {column}列目は結合されたセルで、結合した行ごとに"
            "書く内容が違うため、書き込んでいません",
            f"sheet '{row.sheet}' row {row.row} column {column} is a merged cell whose rows "
            "would need different values; it is not written",
        ),
        hint=Msg(
            "元の表のセルの結合を解除してから、もう一度書き出してください。",
            "unmerge those cells in the original sheet and write it again.",
        ),
        location=Location(path, row.row, column),
    )


def _wrapped(cell: Any) -> Any:
    from openpyxl.styles import Alignment  # noqa: PLC0415

    old = cell.alignment
    return Alignment(
        horizontal=old.horizontal,
        vertical=old.vertical or "top",
        wrap_text=True,
        shrink_to_fit=old.shrink_to_fit,
        indent=old.indent,
        text_rotation=old.text_rotation,
    )


def _fit_height(sheet: Any, row: SheetRow, texts: Mapping[int, str]) -> None:
    """Make a row tall enough for its wrapped texts (LibreOffice does not grow it on opening)."""
    from openpyxl.utils import get_column_letter  # noqa: PLC0415

    from planrev.render.xlsx import LINE_HEIGHT, ROW_PADDING, estimate_lines  # noqa: PLC0415

    lines = 1
    for column, text in texts.items():
        width = sheet.column_dimensions[get_column_letter(column)].width or 13.0
        lines = max(lines, estimate_lines(text, width))
    needed = round(lines * LINE_HEIGHT + ROW_PADDING, 1)
    current = sheet.row_dimensions[row.row].height
    if needed > (current or 15.0):
        sheet.row_dimensions[row.row].height = needed


def _protect_strings(workbook: Any, data: bytes, path: Path, limits: SheetLimits) -> None:
    """Give the quote prefix to every string cell of the sheet that looks like a formula."""
    from openpyxl.cell.cell import Cell  # noqa: PLC0415

    for grid in read_xlsx(data, path, limits):
        sheet = workbook[grid.name]
        for number, cells in grid.rows.items():
            for column, text in cells.items():
                if not text.startswith(FORMULA_STARTS):
                    continue
                cell = sheet.cell(row=number, column=column)
                if isinstance(cell, Cell) and cell.data_type == "s":
                    cell.quotePrefix = True


def copy_style(source: Any, target: Any) -> None:
    """Give ``target`` the look of ``source`` (font, border, fill, alignment, number format)."""
    target.font = copy(source.font)
    target.border = copy(source.border)
    target.fill = copy(source.fill)
    target.alignment = copy(source.alignment)
    target.number_format = source.number_format
    target.protection = copy(source.protection)


def write_filled_sheet(
    folder: Path | str,
    original: Path | str,
    out: Path | str,
    *,
    meeting: int | None = None,
    options: SheetOptions | None = None,
    force: bool = False,
    limits: SheetLimits | None = None,
) -> FilledSheet:
    """Write the copy of ``original`` filled from the opinions of ``folder`` to ``out``.

    ``meeting`` chooses the opinions (by default the latest meeting's). Their 反映箇所 come
    from the revision that made that meeting's draft, when the folder has it. ``out`` is never
    one of the inputs, and an existing file is replaced only with ``force=True``
    (:class:`~planrev.guard.OutputRefusedError`); it is written whole or not at all.
    """
    from planrev.audit.history import load_folder  # noqa: PLC0415
    from planrev.guard import guard_outputs  # noqa: PLC0415
    from planrev.storage.documents import write_bytes_atomic  # noqa: PLC0415

    original, out = Path(original), Path(out)
    history = load_folder(folder)
    guard_outputs([out], inputs=[original, *history.files], force=force)
    sets = history.opinion_sets()
    chosen = meeting if meeting is not None else max(sets, default=None)
    opinions = sets.get(chosen) if chosen is not None else None
    if opinions is None:
        raise RenderError(
            Msg(
                f"{history.path} に{'' if chosen is None else f'第{chosen}回の'}意見ファイルがありません",
                f"{history.path} holds no opinions"
                + ("" if chosen is None else f" of meeting {chosen}"),
            ),
            hint=Msg(
                "planrev import opinions で意見を取り込むか、--meeting を確かめてください。",
                "import opinions with planrev import opinions, or check --meeting.",
            ),
        )
    reflected: dict[str, tuple[str, ...]] = {}
    try:
        step = history.step(opinions.meeting)
    except KeyError:
        step = None
    if step is not None:
        from planrev.views import build_responses  # noqa: PLC0415

        view = build_responses(step.comparison, opinions)
        reflected = {row.id: row.reflected for row in view.opinions}
    # The draft the opinions answer: that meeting's, or the latest while it is not written yet.
    meeting_drafts = dict(zip(history.meetings, history.drafts, strict=True))
    draft = meeting_drafts.get(opinions.meeting, history.latest)
    filled = fill_sheet(
        original, opinions, draft, reflected=reflected, options=options, limits=limits
    )
    write_bytes_atomic(out, filled.data)
    return filled
