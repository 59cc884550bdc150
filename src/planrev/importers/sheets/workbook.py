"""Spreadsheets as grids of text: Excel workbooks (.xlsx) and CSV files, read within limits.

Everything a sheet can do to exhaust time or memory is bounded before or while it is read:

- the file is read as a regular file of at most :attr:`SheetLimits.file_bytes`;
- an .xlsx package's parts are checked from the zip directory before openpyxl opens it: each
  part's inflated size, their total and their number (a zip bomb stops here), and no XML part
  may declare a DTD (entity expansion);
- cells are read with openpyxl's read-only mode, its claimed dimensions ignored (a sheet that
  says ``A1:XFD1048576`` is not padded out), and every cell and row read, empty ones included,
  is counted against :attr:`SheetLimits.cells` and :attr:`SheetLimits.rows`.

Cell text is kept as written: only the file format's own escapes are decoded (``_x000D_`` is a
carriage return in OOXML, not text). Numbers read as they are stored (``1`` from 1 or 1.0), and
a formula as the value it last showed (what Excel saved with it).
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from dataclasses import dataclass, fields, replace
from pathlib import Path, PurePosixPath
from typing import Any
from xml.parsers import expat

from planrev.errors import LoadError, Location, PlanrevError
from planrev.i18n import Msg
from planrev.storage.files import read_bytes

__all__ = [
    "LIMIT_VARIABLES",
    "CellRange",
    "Grid",
    "SheetLimits",
    "decode_csv",
    "read_bytes_limited",
    "read_grids",
]


@dataclass(frozen=True, slots=True)
class SheetLimits:
    """The limits every spreadsheet read is held to; exceeding one stops the read with a message.

    An opinion sheet of a thousand opinions is about 20,000 cells and 1 MB; each default is
    fifty times that or more.
    """

    file_bytes: int = 32 * 1024 * 1024
    """The largest .xlsx or CSV file read, in bytes."""
    part_bytes: int = 64 * 1024 * 1024
    """The largest inflated part of an .xlsx package (a sheet's XML, the shared strings)."""
    total_bytes: int = 256 * 1024 * 1024
    """The largest inflated size of all parts of an .xlsx package together."""
    parts: int = 10_000
    """The most parts (files) in an .xlsx package."""
    cells: int = 1_000_000
    """The most cells read from one file, empty cells before the last one of a row included."""
    rows: int = 200_000
    """The most rows read from one file, empty rows before the last one of a sheet included."""

    @classmethod
    def from_environment(cls, **overrides: int) -> SheetLimits:
        """Return the defaults, changed by the ``PLANREV_MAX_SHEET_*`` variables, then ``overrides``."""
        values: dict[str, int] = {}
        for name, variable in LIMIT_VARIABLES.items():
            raw = os.environ.get(variable, "").strip()
            if not raw:
                continue
            value = int(raw) if raw.isascii() and raw.isdigit() else 0
            if value < 1:
                raise PlanrevError(
                    Msg(
                        f"環境変数 {variable} の値 '{raw}' は正の整数ではありません",
                        f"the environment variable {variable}='{raw}' is not a positive whole number",
                    ),
                    hint=Msg(
                        f"{variable} を消すか、1 以上の整数にしてください。",
                        f"unset {variable} or set it to a whole number of 1 or more.",
                    ),
                )
            values[name] = value
        return replace(cls(**values), **overrides)


LIMIT_VARIABLES = {
    "file_bytes": "PLANREV_MAX_SHEET_FILE_BYTES",
    "part_bytes": "PLANREV_MAX_SHEET_PART_BYTES",
    "total_bytes": "PLANREV_MAX_SHEET_TOTAL_BYTES",
    "parts": "PLANREV_MAX_SHEET_PARTS",
    "cells": "PLANREV_MAX_SHEET_CELLS",
    "rows": "PLANREV_MAX_SHEET_ROWS",
}
"""The environment variable that raises (or lowers) each limit of :class:`SheetLimits`."""

assert set(LIMIT_VARIABLES) == {item.name for item in fields(SheetLimits)}


def _over_limit(path: Path, name: str, what: Msg, limit: int) -> LoadError:
    variable = LIMIT_VARIABLES[name]
    return LoadError(
        Msg(
            f"{what.ja}が上限({limit:,})を超えています",
            f"{what.en} exceeds the limit ({limit:,})",
        ),
        location=Location(path),
        hint=Msg(
            f"ファイルが正しいか確認してください。正しい大きな表なら、環境変数 {variable} で上限を上げられます。",
            f"check that this is the right file; for a genuine large sheet raise the limit with {variable}.",
        ),
    )


@dataclass(frozen=True, slots=True)
class CellRange:
    """A rectangle of cells (a merged range); rows and columns count from 1."""

    min_row: int
    """The first row."""
    min_column: int
    """The first column."""
    max_row: int
    """The last row."""
    max_column: int
    """The last column."""

    def __contains__(self, cell: object) -> bool:
        if not isinstance(cell, tuple) or len(cell) != 2:
            return False
        row, column = cell
        return bool(
            self.min_row <= row <= self.max_row and self.min_column <= column <= self.max_column
        )


@dataclass(frozen=True, slots=True)
class Grid:
    """One sheet (or a CSV file) as text: the cells that hold something, by row and column."""

    name: str
    """The sheet's name (a CSV file's name)."""
    position: int
    """The sheet's place in the workbook, from 1."""
    rows: dict[int, dict[int, str]]
    """The text of every cell that is not empty, by row and then column (both from 1), as
    written; rows in order. A merged range's text is in every row the range spans (see
    :func:`span_merges`)."""
    merges: tuple[CellRange, ...] = ()
    """The merged ranges."""

    def text(self, row: int, column: int) -> str:
        """Return the text of a cell, or the empty string."""
        return self.rows.get(row, {}).get(column, "")


# --------------------------------------------------------------------------------------------
# Reading the file


def read_bytes_limited(path: Path, limit: int) -> bytes:
    """Read a regular file's bytes, stopping at ``limit``; refuse folders, FIFOs and devices."""
    return read_bytes(
        path,
        limit=limit,
        too_large=lambda _size: _over_limit(
            path, "file_bytes", Msg("ファイルの大きさ", "the file's size"), limit
        ),
    )


CSV_SUFFIXES = {".csv": ",", ".tsv": "\t", ".txt": "\t"}
"""The CSV-like file names read, with their delimiter."""
XLSX_SUFFIXES = {".xlsx", ".xlsm"}
"""The Excel file names read."""


def read_grids(path: Path, limits: SheetLimits) -> tuple[list[Grid], str | None]:
    """Return the sheets of an .xlsx or CSV file and, for CSV, the encoding it was read in."""
    suffix = path.suffix.lower()
    if suffix not in XLSX_SUFFIXES and suffix not in CSV_SUFFIXES:
        raise LoadError(
            Msg(
                f"この種類のファイル({suffix or '拡張子なし'})は読めません",
                f"cannot read this kind of file ({suffix or 'no suffix'})",
            ),
            location=Location(path),
            hint=Msg(
                "Excel の表は .xlsx で、それ以外は CSV(.csv)で保存して指定してください"
                "(古い .xls は Excel で「名前を付けて保存」→ .xlsx)。",
                "save the sheet as .xlsx, or as CSV (.csv); an old .xls can be saved as .xlsx "
                "from Excel.",
            ),
        )
    data = read_bytes_limited(path, limits.file_bytes)
    if suffix in XLSX_SUFFIXES:
        return read_xlsx(data, path, limits), None
    text, encoding = decode_csv(data, path, CSV_SUFFIXES[suffix])
    return [read_csv(text, path, CSV_SUFFIXES[suffix], limits)], encoding


class _Budget:
    """Counts the rows and cells read from one file against the limits."""

    def __init__(self, path: Path, limits: SheetLimits) -> None:
        self.path = path
        self.limits = limits
        self.rows = 0
        self.cells = 0

    def spend(self, cells: int) -> None:
        """Count one row of ``cells`` cells."""
        self.rows += 1
        if self.rows > self.limits.rows:
            raise _over_limit(
                self.path, "rows", Msg("行数", "the number of rows"), self.limits.rows
            )
        self.spend_cells(cells)

    def spend_cells(self, cells: int) -> None:
        """Count ``cells`` cells."""
        self.cells += cells
        if self.cells > self.limits.cells:
            raise _over_limit(
                self.path, "cells", Msg("セルの数", "the number of cells"), self.limits.cells
            )


# --------------------------------------------------------------------------------------------
# CSV


_ENCODINGS = (("utf-8", "UTF-8"), ("cp932", "Shift_JIS (CP932)"))
"""The encodings a CSV may be in, tried in this order (a BOM settles it at once)."""


def decode_csv(data: bytes, path: Path, delimiter: str = ",") -> tuple[str, str]:
    """Return a CSV file's text and the name of its encoding: UTF-8 (with or without a BOM) or
    Shift_JIS as Japanese Excel writes it (CP932).

    UTF-8 is tried first: Japanese text in CP932 is practically never valid UTF-8, while UTF-8
    text often decodes as CP932 into nonsense. Bytes neither reads stop the import with the row
    and column of the cell holding them (as far as the encoding that read further places it).
    """
    if data.startswith(codecs.BOM_UTF8):
        body = data[len(codecs.BOM_UTF8) :]
        try:
            return body.decode("utf-8"), "UTF-8 (BOM)"
        except UnicodeDecodeError as exc:
            raise _undecodable(body, exc, "UTF-8", path, delimiter) from exc
    failures: list[tuple[UnicodeDecodeError, str, str]] = []
    for codec, name in _ENCODINGS:
        try:
            return data.decode(codec), name
        except UnicodeDecodeError as exc:
            failures.append((exc, codec, name))
    error, _, name = max(failures, key=lambda failure: failure[0].start)
    raise _undecodable(data, error, name, path, delimiter)


def _undecodable(
    data: bytes, exc: UnicodeDecodeError, name: str, path: Path, delimiter: str
) -> LoadError:
    before = data[: exc.start].decode(exc.encoding)
    records = list(csv.reader(io.StringIO(before, newline=""), delimiter=delimiter))
    row = max(1, len(records))
    column = len(records[-1]) if records else 1
    if before.endswith(("\n", "\r")):
        row, column = row + 1, 1
    bad = data[exc.start : min(exc.end + 1, exc.start + 4)].hex(" ")
    return LoadError(
        Msg(
            f"文字コードを判定できません: {name} として読めないバイト({bad})があります",
            f"unknown encoding: bytes that are not {name} ({bad})",
        ),
        location=Location(path, row, column),
        hint=Msg(
            "ファイルを UTF-8 か Shift_JIS の CSV として保存し直すか、.xlsx で指定してください。",
            "save the file again as a UTF-8 or Shift_JIS CSV, or give the .xlsx.",
        ),
    )


def read_csv(text: str, path: Path, delimiter: str, limits: SheetLimits) -> Grid:
    """Return a CSV text as a grid (line breaks inside quoted cells kept as written)."""
    rows: dict[int, dict[int, str]] = {}
    budget = _Budget(path, limits)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        for row_number, record in enumerate(reader, start=1):
            budget.spend(len(record))
            cells = {column: value for column, value in enumerate(record, start=1) if value}
            if cells:
                rows[row_number] = cells
    except csv.Error as exc:
        raise LoadError(
            Msg(f"CSV として読めません: {exc}", f"not a readable CSV: {exc}"),
            location=Location(path, reader.line_num),
            hint=Msg(
                '引用符(")の対応を確認してください。',
                'check the quotes (") around cells.',
            ),
        ) from exc
    return Grid(path.name, 1, rows)


# --------------------------------------------------------------------------------------------
# Excel


_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_RELATIONSHIPS = "http://schemas.openxmlformats.org/package/2006/relationships"
_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
_CELL_REFERENCE = re.compile(r"^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$")


_BROKEN = (
    KeyError,
    LookupError,
    ValueError,
    TypeError,
    AttributeError,
    SyntaxError,  # xml.etree's ParseError
    EOFError,
    OSError,
    zipfile.BadZipFile,
)
"""What openpyxl raises on a package it cannot read (it has no error type of its own)."""


def _not_a_workbook(path: Path, data: bytes) -> LoadError:
    if data.startswith(b"\xd0\xcf\x11\xe0"):
        return LoadError(
            Msg(
                "古い Excel 形式(.xls)か、パスワード付きのファイルです",
                "an old Excel file (.xls) or a password-protected one",
            ),
            location=Location(path),
            hint=Msg(
                "Excel で開き、パスワードを外して .xlsx で保存してから指定してください。",
                "open it in Excel, remove the password and save it as .xlsx.",
            ),
        )
    return LoadError(
        Msg("Excel の .xlsx ファイルとして読めません", "not a readable Excel .xlsx file"),
        location=Location(path),
        hint=Msg(
            "Excel で開けるか確認し、.xlsx で保存し直してください。",
            "check that Excel opens it, and save it again as .xlsx.",
        ),
    )


class _StopParseError(Exception):
    """Raised by the XML handlers to end a parse early (the prolog has been seen)."""


class _DoctypeError(Exception):
    """Raised when an XML part declares a DTD."""


def _scan_part(archive: zipfile.ZipFile, name: str, *, whole: bool) -> list[str]:
    """Refuse a DTD in part ``name``; return its merged ranges when ``whole`` (a worksheet)."""
    merges: list[str] = []
    parser = expat.ParserCreate(namespace_separator=" ")

    def doctype(*_: Any) -> None:
        raise _DoctypeError

    def start(tag: str, attributes: dict[str, str]) -> None:
        if not whole:
            raise _StopParseError
        if tag == f"{_MAIN} mergeCell" and "ref" in attributes:
            merges.append(attributes["ref"])

    parser.StartDoctypeDeclHandler = doctype
    parser.EntityDeclHandler = doctype
    parser.StartElementHandler = start
    with archive.open(name) as stream:
        try:
            while chunk := stream.read(1 << 16):
                parser.Parse(chunk, False)
            parser.Parse(b"", True)
        except _StopParseError:
            pass
    return merges


def _parse_small(archive: zipfile.ZipFile, name: str) -> list[tuple[str, dict[str, str]]]:
    """Return the elements of a small XML part (the workbook, its relationships) in order."""
    elements: list[tuple[str, dict[str, str]]] = []
    parser = expat.ParserCreate(namespace_separator=" ")
    parser.StartElementHandler = lambda tag, attributes: elements.append((tag, attributes))
    parser.Parse(archive.read(name), True)
    return elements


def _sheet_parts(archive: zipfile.ZipFile) -> dict[str, str]:
    """Return the part of each worksheet of the package, by sheet name."""
    root = next(
        (
            attributes["Target"].lstrip("/")
            for tag, attributes in _parse_small(archive, "_rels/.rels")
            if tag == f"{_PACKAGE_RELATIONSHIPS} Relationship"
            and attributes.get("Type", "").endswith("/officeDocument")
        ),
        "xl/workbook.xml",
    )
    base = PurePosixPath(root).parent
    rels_name = str(base / "_rels" / (PurePosixPath(root).name + ".rels"))
    targets = {
        attributes.get("Id", ""): attributes.get("Target", "")
        for tag, attributes in _parse_small(archive, rels_name)
        if tag == f"{_PACKAGE_RELATIONSHIPS} Relationship"
    }
    parts: dict[str, str] = {}
    for tag, attributes in _parse_small(archive, root):
        if tag != f"{_MAIN} sheet":
            continue
        target = targets.get(attributes.get(f"{_RELATIONSHIPS} id", ""), "")
        if target:
            part = target.lstrip("/") if target.startswith("/") else str(base / target)
            parts[attributes.get("name", "")] = os.path.normpath(part)
    return parts


def _range(reference: str) -> CellRange | None:
    first, _, last = reference.partition(":")
    corners = [_CELL_REFERENCE.match(corner) for corner in (first, last or first)]
    if corners[0] is None or corners[1] is None:
        return None
    from openpyxl.utils import column_index_from_string  # noqa: PLC0415 - heavy, used here only

    (c1, r1), (c2, r2) = (match.groups() for match in corners if match is not None)
    columns = sorted((column_index_from_string(c1.upper()), column_index_from_string(c2.upper())))
    rows = sorted((int(r1), int(r2)))
    return CellRange(rows[0], columns[0], rows[1], columns[1])


def check_package(data: bytes, path: Path, limits: SheetLimits) -> dict[str, list[str]]:
    """Check an .xlsx package before openpyxl opens it; return each sheet's merged ranges.

    Refuses what is not a zip package, parts whose inflated sizes (from the zip directory)
    exceed the limits, and any XML part that declares a DTD.
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise _not_a_workbook(path, data) from exc
    with archive:
        infos = archive.infolist()
        if len(infos) > limits.parts:
            raise _over_limit(path, "parts", Msg("部品の数", "the number of parts"), limits.parts)
        total = 0
        for info in infos:
            if info.file_size > limits.part_bytes:
                raise _over_limit(
                    path,
                    "part_bytes",
                    Msg(
                        f"部品 {info.filename} の展開後の大きさ",
                        f"the inflated part {info.filename}",
                    ),
                    limits.part_bytes,
                )
            total += info.file_size
        if total > limits.total_bytes:
            raise _over_limit(
                path,
                "total_bytes",
                Msg("展開後の合計の大きさ", "the package's inflated size"),
                limits.total_bytes,
            )
        try:
            parts = _sheet_parts(archive)
            sheet_parts = set(parts.values())
            merges: dict[str, list[str]] = {}
            for info in infos:
                if info.filename.endswith((".xml", ".rels", ".vml")):
                    found = _scan_part(archive, info.filename, whole=info.filename in sheet_parts)
                    merges[info.filename] = found
        except _DoctypeError as exc:
            raise LoadError(
                Msg(
                    "ファイルの中に DTD(文書型宣言)があります。安全のため読みません",
                    "the file declares a DTD (document type); it is not read, for safety",
                ),
                location=Location(path),
                hint=Msg(
                    "Excel で開いて保存し直したファイルを指定してください。",
                    "open the file in Excel, save it again and give that file.",
                ),
            ) from exc
        except (KeyError, expat.ExpatError, zipfile.BadZipFile, OSError, EOFError) as exc:
            raise _not_a_workbook(path, data) from exc
    return {name: merges.get(part, []) for name, part in parts.items()}


def _text(value: object) -> str:
    """Return a cell value as text: strings as written (OOXML escapes decoded), numbers plainly."""
    if isinstance(value, str):
        return _ESCAPE.sub(lambda match: chr(int(match.group(1), 16)), value)
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def read_xlsx(data: bytes, path: Path, limits: SheetLimits) -> list[Grid]:
    """Return every worksheet of an .xlsx package as a grid (chart sheets have no cells)."""
    merges = check_package(data, path, limits)
    import openpyxl  # noqa: PLC0415 - heavy, loaded when a workbook is read

    try:
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except _BROKEN as exc:
        raise _not_a_workbook(path, data) from exc
    grids: list[Grid] = []
    budget = _Budget(path, limits)
    try:
        for position, sheet in enumerate(workbook.worksheets, start=1):
            ranges = tuple(
                found for found in map(_range, merges.get(sheet.title, [])) if found is not None
            )
            rows = span_merges(_sheet_rows(sheet, budget), ranges, budget)
            grids.append(Grid(sheet.title, position, rows, ranges))
    except PlanrevError:
        raise
    except _BROKEN as exc:
        raise _not_a_workbook(path, data) from exc
    finally:
        workbook.close()
    return grids


def span_merges(
    rows: dict[int, dict[int, str]], merges: tuple[CellRange, ...], budget: _Budget
) -> dict[int, dict[int, str]]:
    """Return ``rows`` with each merged range's text in every row the range spans.

    A merged cell's text is stored in its top-left cell only, yet a member's name merged down
    three rows belongs to each of them. The text is given to each row in the range's first
    column (the columns a range spans sideways are one cell: they stay empty). Every cell so
    filled counts against the cell limit.
    """
    last = max(rows, default=0)
    for merged in merges:
        text = rows.get(merged.min_row, {}).get(merged.min_column)
        if not text:
            continue
        for row in range(merged.min_row + 1, min(merged.max_row, last) + 1):
            budget.spend_cells(1)
            rows.setdefault(row, {}).setdefault(merged.min_column, text)
    return dict(sorted(rows.items()))


def _sheet_rows(sheet: Any, budget: _Budget) -> dict[int, dict[int, str]]:
    rows: dict[int, dict[int, str]] = {}
    if not hasattr(sheet, "reset_dimensions"):  # a chart sheet or the like: no cells
        return rows
    # The dimensions a file states can be anything (A1:XFD1048576): read only the cells it has.
    sheet.reset_dimensions()
    for row_number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
        budget.spend(len(values))
        cells = {}
        for column, value in enumerate(values, start=1):
            if value is not None and (text := _text(value)):
                cells[column] = text
        if cells:
            rows[row_number] = cells
    return rows
