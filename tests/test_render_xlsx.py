"""The 意見対応表 as XLSX: cell values and sizes (golden), estimated row heights, and LibreOffice
Calc showing every opinion whole."""

from __future__ import annotations

import io
import json
import os
import uuid
from pathlib import Path

import pytest
from openpyxl import load_workbook

from planrev.model import Disposition, Opinion, OpinionSet
from planrev.render import responses_xlsx
from planrev.render.xlsx import COLUMNS, LINE_HEIGHT, display_width, estimate_lines
from planrev.views import build_responses
from tests.render_support import HOSTILE, aomori, check_golden, hostile, squeeze
from tests.tools import require_tool, run_tool


def _describe(data: bytes) -> dict[str, object]:
    """Return the workbook's cell values, wrapping, column widths and row heights."""
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook.active
    assert sheet is not None
    cells = []
    for row in sheet.iter_rows():
        for cell in row:
            if cell.value is not None:
                cells.append(
                    {
                        "cell": cell.coordinate,
                        "value": cell.value,
                        "wrap": bool(cell.alignment.wrap_text),
                    }
                )
    return {
        "title": sheet.title,
        "columns": {letter: sheet.column_dimensions[letter].width for letter in "ABCDEF"},
        "rows": {
            str(number): sheet.row_dimensions[number].height
            for number in range(1, sheet.max_row + 1)
        },
        "freeze": sheet.freeze_panes,
        "print_titles": sheet.print_title_rows,
        "orientation": sheet.page_setup.orientation,
        "cells": cells,
    }


def test_aomori_golden() -> None:
    comparison, opinions = aomori()
    data = responses_xlsx(build_responses(comparison, opinions))
    described = json.dumps(_describe(data), ensure_ascii=False, indent=1)
    check_golden("aomori", "responses.xlsx.json", described + "\n")


def test_the_same_table_gives_the_same_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    import time
    import zipfile

    from planrev.render.xlsx import cumulative_responses_xlsx
    from planrev.views import CumulativeResponses

    comparison, opinions = aomori()
    view = build_responses(comparison, opinions)
    first = responses_xlsx(view)
    later = 4_102_444_800.0  # a render on 2100-01-01 writes the same file as one today
    monkeypatch.setattr(time, "time", lambda: later)
    monkeypatch.setattr(time, "localtime", lambda *_: time.gmtime(later))
    assert responses_xlsx(view) == first
    with zipfile.ZipFile(io.BytesIO(first)) as package:
        assert {info.date_time for info in package.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = package.read("docProps/core.xml").decode()
    assert core.count("2000-01-01T00:00:00Z") == 2
    assert load_workbook(io.BytesIO(first)).properties.modified.year == 2000
    cumulative = CumulativeResponses(title="t", plan="p", header=("a", "b"), parts=(view, view))
    assert cumulative_responses_xlsx(cumulative) == cumulative_responses_xlsx(cumulative)


def test_every_opinion_row_is_tall_enough_for_its_text() -> None:
    comparison, opinions = aomori()
    view = build_responses(comparison, opinions)
    sheet = load_workbook(io.BytesIO(responses_xlsx(view))).active
    assert sheet is not None
    for offset, opinion in enumerate(view.opinions, start=5):
        lines = estimate_lines(opinion.text, COLUMNS[2].width)
        height = sheet.row_dimensions[offset].height
        assert height is not None
        assert height >= lines * LINE_HEIGHT
        assert sheet.cell(row=offset, column=3).alignment.wrap_text


def test_widths_count_wide_characters_double() -> None:
    assert display_width("ab") < display_width("あ") * 1.2
    assert display_width("\uff21\uff22") == display_width("あい")  # full-width A, B
    assert estimate_lines("", 10) == 1
    assert estimate_lines("あ" * 100, 21) > estimate_lines("a" * 100, 21)
    assert estimate_lines("一\n二\n三", 40) == 3


def test_hostile_text_is_kept_literally() -> None:
    comparison, opinions = hostile()
    sheet = load_workbook(io.BytesIO(responses_xlsx(build_responses(comparison, opinions)))).active
    assert sheet is not None
    values = "".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value)
    for literal in HOSTILE:
        assert literal in values


def test_control_characters_do_not_break_the_file() -> None:
    comparison, _ = aomori()
    opinions = OpinionSet(
        meeting=3,
        opinions=(Opinion(id="x", text="制御\x01文字\x1f", disposition=Disposition.LATER),),
    )
    sheet = load_workbook(io.BytesIO(responses_xlsx(build_responses(comparison, opinions)))).active
    assert sheet is not None
    assert sheet.cell(row=5, column=3).value == "制御␁文字␟"


def _long_opinions() -> OpinionSet:
    sentence = (
        "デジタル人材の確保に向けて、外部人材の活用とUIJターンの促進を一体的に進めるべきである。"
    )
    return OpinionSet(
        meeting=3,
        opinions=tuple(
            Opinion(
                id=f"long-{n}",
                text=sentence * n + f"（意見{n}の終わり）",
                disposition=Disposition.PARTLY,
                response=f"ご意見を踏まえ、記述を見直しました。{'検討します。' * n}（考え方{n}の終わり）",
            )
            for n in (1, 3, 6, 10)
        ),
    )


@pytest.mark.tools
@pytest.mark.parametrize("case", ["aomori", "long"])
def test_calc_shows_every_opinion_whole(tmp_path: Path, case: str) -> None:
    """Calc does not grow rows of a file it opens: text beyond a row's height is clipped and
    missing from the PDF it prints. Every opinion and response must be there in full."""
    soffice = require_tool("soffice")
    pdftotext = require_tool("pdftotext")
    comparison, opinions = aomori()
    if case == "long":
        opinions = _long_opinions()
    view = build_responses(comparison, opinions)
    source = tmp_path / "responses.xlsx"
    source.write_bytes(responses_xlsx(view))
    profile = f"file:///tmp/lo-planrev-{os.getpid()}-{uuid.uuid4().hex}"
    run_tool(
        [
            soffice,
            f"-env:UserInstallation={profile}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(source),
        ],
        capture_output=True,
    )
    pdf = tmp_path / "responses.pdf"
    assert pdf.exists()
    text = squeeze(run_tool([pdftotext, str(pdf), "-"], capture_output=True, text=True).stdout)
    for opinion in view.opinions:
        assert squeeze(opinion.text) in text, opinion.number
        if opinion.response:
            assert squeeze(opinion.response) in text, opinion.number
