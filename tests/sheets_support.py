"""Opinion sheets for the tests, made with openpyxl in the layouts real ones have.

- :func:`committee_sheet`: a 意見照会票 as a committee's secretariat sends it round: merged title
  rows, a date line, a heading row with a wrapped 該当箇所 heading, a member's name merged down
  two rows, wrapped opinions with line breaks, a numbered blank row, a note under the table; a
  second sheet per member with the name above the table (委員名：…) and 頁 + 項目 columns; a
  third sheet that is a list for drop-downs, not a table.
- :func:`public_comment_sheet`: a パブリックコメント result table (意見の概要 / 県の考え方).
"""

from __future__ import annotations

import io
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

DRAFTS = Path(__file__).resolve().parent.parent / "drafts" / "aomori-dx"

TALENT_OPINION = (
    "デジタル人材不足は回復の兆しがなく、即戦力がある人材の奪い合いとなっている。\n"
    "外部の副業人材の活用(週数時間の勤務)、UIJターンなどが現実的だと考える。"
)
"""An opinion with a line break inside its cell (Alt+Enter)."""

COMMITTEE_ROWS = [
    # 番号, 委員名, 該当箇所, 意見, 対応, 考え方
    (
        "①",
        "青森 太郎",
        "p.12 行政経営分野",
        "民間の働き方を支援するためには、行政側も民間へ負担を減らすことが重要",
        "反映",
        "めざす姿に追記しました。",
    ),
    ("②", None, "デジタル人材", TALENT_OPINION, "ご意見を踏まえ修正します", None),
    (
        "③",
        "弘前 花子",
        "自治体のデジタル人材の育成",
        "市町村職員の研修を県が支援してほしい",
        "参考とします",
        None,
    ),
    ("④", "弘前 花子", "第2章 2(1)", "KPI の目標値を早く示してほしい", None, None),
    (
        "⑤",
        "八戸 次郎",
        "データの利活用",
        "\u3000データをきちんと整理、経営判断に使うことを進めるべき\n",
        "記載済み",
        None,
    ),
]
"""The rows of the committee sheet's first table (the name of ② is merged from ①)."""

MEMBER_ROWS = [
    # No., 頁, 項目, 意見
    ("1", "12", "住民の利便性の向上", "窓口に来なくてよい手続を増やしてほしい"),
    ("2", "20", "「限られたデジタル人材を最適化」", "人材の配置の仕組みを具体的に"),
]
"""The rows of the second sheet (one member's own sheet; numbers restart at 1)."""

_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_WRAP = Alignment(wrap_text=True, vertical="top")


def _boxed(sheet: object, row: int, values: list[str | None]) -> None:
    for column, value in enumerate(values, start=1):
        cell = sheet.cell(row=row, column=column)  # type: ignore[attr-defined]
        if value is not None:
            cell.value = value
        cell.border = _BOX
        cell.alignment = _WRAP


def committee_workbook() -> Workbook:
    """Return the 意見照会票 workbook (three sheets)."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "意見照会票"
    sheet["A1"] = "「(仮称)青森県DX推進プラン」素案(案)に対する意見照会票"
    sheet["A1"].font = Font(bold=True, size=14)
    sheet.merge_cells("A1:F1")
    sheet["A2"] = "第3回策定委員会(R5.7.26)資料について"
    sheet.merge_cells("A2:F2")
    sheet["F3"] = "令和5年8月10日"
    sheet["F3"].alignment = Alignment(horizontal="right")
    _boxed(
        sheet,
        5,
        ["番号", "委員名", "該当箇所\n(ページ・項目)", "意見の内容", "対応", "事務局の考え方"],
    )
    for offset, values in enumerate(COMMITTEE_ROWS):
        _boxed(sheet, 6 + offset, list(values))
    sheet.merge_cells("B6:B7")
    _boxed(sheet, 11, ["6", None, None, None, None, None])
    sheet["A13"] = "※対応・事務局の考え方の欄は事務局が記入します。"
    for letter, width in zip("ABCDEF", (6, 12, 20, 48, 12, 40), strict=True):
        sheet.column_dimensions[letter].width = width

    member = workbook.create_sheet("三沢委員")
    member["A1"] = "意見照会票"
    member["A2"] = "委員名：三沢 一郎"
    _boxed(member, 4, ["No.", "頁", "項目", "意見", "対応区分", "考え方"])
    for offset, row in enumerate(MEMBER_ROWS):
        _boxed(member, 5 + offset, [*row, None, None])

    choices = workbook.create_sheet("選択肢")
    for row, value in enumerate(("反映", "一部反映", "反映しない", "記載済み", "今後検討"), 1):
        choices.cell(row=row, column=1, value=value)
    choices.sheet_state = "hidden"
    return workbook


def public_comment_workbook() -> Workbook:
    """Return a パブリックコメント result table."""
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "パブリックコメント"
    sheet["A1"] = "「(仮称)青森県DX推進プラン(案)」に対する意見募集の結果について"
    sheet.merge_cells("A1:E1")
    sheet["A3"] = "1 意見募集期間 令和5年9月1日～9月30日"
    sheet["A4"] = "2 意見の件数 3件(2人)"
    _boxed(sheet, 6, ["番号", "該当箇所", "意見の概要", "対応区分", "県の考え方"])
    rows = [
        ("1", "全体", "計画の目標をもっと分かりやすく", "記載済み", "第1章に記載しています。"),
        (
            "2",
            "誰でも安全・安心に使えるデジタル",
            "高齢者向けの講習会を",
            "一部反映",
            "取組に追記しました。",
        ),
        ("3", "p.5", "用語集を付けてほしい", "参考", "今後の参考とさせていただきます。"),
    ]
    for offset, values in enumerate(rows):
        _boxed(sheet, 7 + offset, list(values))
    return workbook


def saved(workbook: Workbook, path: Path) -> Path:
    """Save ``workbook`` to ``path`` and return the path."""
    buffer = io.BytesIO()
    workbook.save(buffer)
    path.write_bytes(buffer.getvalue())
    return path


def drafts_copy(tmp_path: Path, *, with_opinions: bool = False) -> Path:
    """Return a copy of drafts/aomori-dx (without its opinions file unless asked)."""
    folder = tmp_path / "aomori-dx"
    folder.mkdir()
    for source in DRAFTS.glob("*.yaml"):
        if source.name.startswith("opinions") and not with_opinions:
            continue
        if source.name.startswith("revision") and not with_opinions:
            continue
        (folder / source.name).write_bytes(source.read_bytes())
    return folder


def snapshot(folder: Path) -> dict[str, bytes]:
    """Return every file of ``folder`` with its bytes (to check a folder did not change)."""
    return {path.name: path.read_bytes() for path in sorted(folder.iterdir())}
