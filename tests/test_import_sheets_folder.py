"""``planrev import opinions`` into a drafts folder: written whole or not at all; CSV encodings."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from planrev.errors import LoadError, WriteError
from planrev.importers.sheets import SheetWarningsError, import_opinions, read_opinion_sheet
from planrev.model import Disposition, Plan
from planrev.storage.documents import load_draft, load_opinions
from planrev.storage.folder import load_folder
from planrev_console.main import main
from tests.sheets_support import (
    DRAFTS,
    committee_workbook,
    drafts_copy,
    public_comment_workbook,
    saved,
    snapshot,
)
from tests.tools import run_tool


@pytest.fixture(scope="module")
def draft() -> Plan:
    return load_draft(DRAFTS / "draft-03.yaml")


def _run(*arguments: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["--lang", "ja", *arguments])
    return result.exit_code, result.output


def test_the_command_writes_the_meetings_opinions_file(tmp_path: Path) -> None:
    sheet = saved(committee_workbook(), tmp_path / "意見照会票.xlsx")
    folder = drafts_copy(tmp_path)
    code, output = _run("import", "opinions", str(sheet), "--into", str(folder), "--meeting", "4")
    assert code == 0, output
    assert "意見7件" in output
    assert "iken" not in output
    assert "意見照会票.xlsx:8:5" in output
    written = load_opinions(folder / "opinions-04.yaml")
    assert written.meeting == 4
    assert [o.scope for o in written.opinions][:2] == ["admin-field", "talent"]
    load_folder(folder)  # the folder is valid


def test_an_existing_opinions_file_is_kept_without_force(tmp_path: Path) -> None:
    sheet = saved(committee_workbook(), tmp_path / "s.xlsx")
    folder = drafts_copy(tmp_path)
    (folder / "opinions-04.yaml").write_text(
        "schema_version: 1\ndocument: opinions\nmeeting: 4\n", encoding="utf-8"
    )
    before = snapshot(folder)
    code, output = _run("import", "opinions", str(sheet), "--into", str(folder), "--meeting", "4")
    assert code == 4
    assert "--force" in output
    assert snapshot(folder) == before
    code, output = _run(
        "import", "opinions", str(sheet), "--into", str(folder), "--meeting", "4", "--force"
    )
    assert code == 0, output
    assert len(load_opinions(folder / "opinions-04.yaml").opinions) == 7


def test_the_existing_file_of_that_meeting_is_the_one_replaced(tmp_path: Path) -> None:
    sheet = saved(public_comment_workbook(), tmp_path / "pc.xlsx")
    folder = drafts_copy(tmp_path)
    (folder / "comments.yaml").write_text(
        "schema_version: 1\ndocument: opinions\nmeeting: 4\n", encoding="utf-8"
    )
    result = import_opinions(sheet, folder, meeting=4, force=True)
    assert result.path == folder / "comments.yaml"
    assert not (folder / "opinions-04.yaml").exists()


def test_a_replacement_that_breaks_the_folder_changes_nothing_even_forced(tmp_path: Path) -> None:
    # The revision record cites op-admin-1 …: opinions without them would leave it dangling.
    sheet = saved(committee_workbook(), tmp_path / "s.xlsx")
    folder = drafts_copy(tmp_path, with_opinions=True)
    before = snapshot(folder)
    code, output = _run(
        "import", "opinions", str(sheet), "--into", str(folder), "--meeting", "3", "--force"
    )
    assert code == 1, output
    assert "revision-02-03.yaml" in output
    assert "何も書き込んでいません" in output
    assert snapshot(folder) == before


def test_a_failing_write_changes_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sheet = saved(committee_workbook(), tmp_path / "s.xlsx")
    folder = drafts_copy(tmp_path)
    (folder / "opinions-04.yaml").write_text(
        "schema_version: 1\ndocument: opinions\nmeeting: 4\n", encoding="utf-8"
    )
    before = snapshot(folder)

    def full(*arguments: object, **keywords: object) -> None:
        raise OSError(28, "No space left on device")

    # The last step of any atomic replacement: it fails as a full disk would.
    monkeypatch.setattr(os, "replace", full)
    monkeypatch.setattr(os, "rename", full)
    with pytest.raises(WriteError, match="No space"):
        import_opinions(sheet, folder, meeting=4, force=True)
    monkeypatch.undo()
    assert snapshot(folder) == before


def test_strict_refuses_a_sheet_with_warnings_and_shows_them(tmp_path: Path) -> None:
    sheet = saved(committee_workbook(), tmp_path / "s.xlsx")
    folder = drafts_copy(tmp_path)
    before = snapshot(folder)
    with pytest.raises(SheetWarningsError) as caught:
        import_opinions(sheet, folder, meeting=4, strict=True)
    assert "sheet-unknown-disposition" in [f.code for f in caught.value.findings]
    code, output = _run(
        "import", "opinions", str(sheet), "--into", str(folder), "--meeting", "4", "--strict"
    )
    assert code == 1
    assert "参考とします" in output
    assert "--strict" in output
    assert snapshot(folder) == before


def test_a_missing_or_wrong_file_is_one_located_message(tmp_path: Path) -> None:
    folder = drafts_copy(tmp_path)
    for name, data, expected in [
        ("nothing.xlsx", None, "ファイルがありません"),
        ("old.xls", b"\xd0\xcf\x11\xe0" + bytes(100), "読めません"),
        ("broken.xlsx", b"PK\x03\x04 not really", "xlsx"),
        ("locked.xlsx", b"\xd0\xcf\x11\xe0" + bytes(100), "パスワード"),
    ]:
        path = tmp_path / name
        if data is not None:
            path.write_bytes(data)
        code, output = _run(
            "import", "opinions", str(path), "--into", str(folder), "--meeting", "4"
        )
        assert code == 1, (name, output)
        assert expected in output, (name, output)
        assert "Traceback" not in output


@pytest.mark.parametrize(
    ("codec", "name"),
    [("cp932", "Shift_JIS (CP932)"), ("utf-8", "UTF-8"), ("utf-8-sig", "UTF-8 (BOM)")],
)
def test_csv_in_each_encoding_japanese_excel_writes(
    tmp_path: Path, draft: Plan, codec: str, name: str
) -> None:
    text = (
        "「(仮称)青森県DX推進プラン」意見照会票\r\n"
        "\r\n"
        "番号,委員名,該当箇所,意見,対応\r\n"
        '①,髙橋 委員,デジタル人材,"人材の確保が大事\r\n二行目も",反映\r\n'
        "②,㈱青森,データの利活用,データ整理を,\r\n"
    )
    path = tmp_path / "iken.csv"
    path.write_bytes(text.encode(codec))
    result = read_opinion_sheet(path, draft, meeting=4)
    assert result.encoding == name
    first, second = result.opinions.opinions
    assert first.text == "人材の確保が大事\r\n二行目も"  # kept as the file has it
    assert (first.speaker, first.scope, first.disposition) == (
        "髙橋 委員",
        "talent",
        Disposition.REFLECTED,
    )
    assert (second.speaker, second.scope) == ("㈱青森", "data")


def test_undecodable_csv_bytes_are_reported_at_their_row_and_column(
    tmp_path: Path, draft: Plan
) -> None:
    data = "番号,意見\r\n1,正しい行\r\n2,".encode("cp932") + b"\x85\xff" + b"\r\n"
    path = tmp_path / "bad.csv"
    path.write_bytes(data)
    with pytest.raises(LoadError) as caught:
        read_opinion_sheet(path, draft, meeting=4)
    assert (caught.value.location.line, caught.value.location.column) == (3, 2)
    assert "Shift_JIS" in str(caught.value) or "UTF-8" in str(caught.value)


def test_a_bom_csv_with_bad_bytes_says_utf8(tmp_path: Path, draft: Plan) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(codecs.BOM_UTF8 + "番号,意見\n1,".encode() + b"\xff\n")
    with pytest.raises(LoadError, match="UTF-8") as caught:
        read_opinion_sheet(path, draft, meeting=4)
    assert (caught.value.location.line, caught.value.location.column) == (2, 2)


def test_the_command_module_loads_no_spreadsheet_library_until_a_sheet_is_read() -> None:
    import json
    import sys

    script = "import json, sys\nimport planrev.cli.opinions\nprint(json.dumps(sorted(sys.modules)))"
    result = run_tool([sys.executable, "-c", script], capture_output=True, text=True)
    loaded = {name.split(".")[0] for name in json.loads(result.stdout)}
    assert loaded.isdisjoint({"openpyxl", "weasyprint", "docx", "markupsafe"})
