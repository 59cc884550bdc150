"""Opinion sheets into opinions: headings, merged cells, several sheets, places and dispositions."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import Workbook

from planrev.errors import LoadError
from planrev.importers.sheets import Role, SheetOptions, read_opinion_sheet
from planrev.importers.sheets.places import Outcome, PlaceIndex
from planrev.importers.sheets.values import number_id, read_disposition
from planrev.model import Channel, Disposition, Plan
from planrev.storage.documents import load_draft
from tests.sheets_support import (
    COMMITTEE_ROWS,
    DRAFTS,
    TALENT_OPINION,
    committee_workbook,
    public_comment_workbook,
    saved,
)


@pytest.fixture(scope="module")
def draft() -> Plan:
    return load_draft(DRAFTS / "draft-03.yaml")


def _codes(findings: object) -> list[str]:
    return [finding.code for finding in findings]  # type: ignore[attr-defined]


def test_a_committee_sheet_links_its_opinions_to_the_right_parts(
    tmp_path: Path, draft: Plan
) -> None:
    path = saved(committee_workbook(), tmp_path / "意見照会票.xlsx")
    result = read_opinion_sheet(path, draft, meeting=4)
    opinions = result.opinions.opinions
    assert [o.scope for o in opinions] == [
        "admin-field",  # p.12 行政経営分野
        "talent",  # デジタル人材
        "admin-field",  # 自治体のデジタル人材の育成: a line of 質の高い自治体運営
        None,  # 第2章 2(1): the draft has no heading numbers
        "data",  # データの利活用
        "admin-field",  # 頁 12 + 項目 住民の利便性の向上
        "talent",  # 「限られたデジタル人材を最適化」
    ]
    assert result.opinions.meeting == 4
    assert all(o.channel is Channel.WRITTEN for o in opinions)


def test_text_is_kept_exactly_as_the_cell_holds_it(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    opinions = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert opinions[1].text == TALENT_OPINION  # the line break inside the cell
    assert opinions[4].text == COMMITTEE_ROWS[4][3]  # leading 　 and trailing line break
    assert opinions[4].text.startswith("\u3000")
    assert opinions[4].text.endswith("\n")


def test_a_name_merged_down_two_rows_belongs_to_both(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    opinions = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert [o.speaker for o in opinions[:2]] == ["青森 太郎", "青森 太郎"]


def test_the_name_above_a_table_is_the_speaker_of_its_rows(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    opinions = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert [o.speaker for o in opinions[5:]] == ["三沢 一郎", "三沢 一郎"]


def test_numbers_restarting_per_sheet_give_ids_with_the_sheet(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    ids = [o.id for o in read_opinion_sheet(path, draft, meeting=4).opinions.opinions]
    assert ids == ["op-1-1", "op-1-2", "op-1-3", "op-1-4", "op-1-5", "op-2-1", "op-2-2"]


def test_one_sheet_chosen(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    result = read_opinion_sheet(path, draft, meeting=4, options=SheetOptions(sheets=("三沢委員",)))
    assert [o.id for o in result.opinions.opinions] == ["op-1", "op-2"]
    assert "sheet-without-table" not in _codes(result.findings)


def test_an_unknown_sheet_is_refused_with_the_sheets_there(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    with pytest.raises(LoadError) as caught:
        read_opinion_sheet(path, draft, meeting=4, options=SheetOptions(sheets=("委員C",)))
    assert "委員C" in str(caught.value)
    assert "三沢委員" in str(caught.value)


def test_what_is_not_read_is_reported_where_it_is(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    findings = read_opinion_sheet(path, draft, meeting=4).findings
    by_code = {finding.code: finding for finding in findings}
    note = by_code["sheet-row-without-opinion"]  # the ※ line under the table
    assert (note.location.line, note.location.column) == (13, 1)  # type: ignore[union-attr]
    disposition = by_code["sheet-unknown-disposition"]  # 参考とします
    assert (disposition.location.line, disposition.location.column) == (8, 5)  # type: ignore[union-attr]
    assert disposition.subjects == ("op-1-3",)
    place = by_code["sheet-unresolved-place"]  # 第2章 2(1)
    assert (place.location.line, place.location.column) == (9, 3)  # type: ignore[union-attr]
    assert "第2章 2(1)" in str(place.message)
    assert "選択肢" in str(by_code["sheet-without-table"].message)
    # The numbered blank row 11 is a form's empty line, not reported.
    assert not [f for f in findings if f.location is not None and f.location.line == 11]


def test_dispositions_map_only_when_unambiguous(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    opinions = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert [o.disposition for o in opinions[:5]] == [
        Disposition.REFLECTED,
        Disposition.REFLECTED,  # ご意見を踏まえ修正します
        Disposition.UNDECIDED,  # 参考とします: reported
        Disposition.UNDECIDED,  # empty
        Disposition.COVERED,
    ]
    assert opinions[0].response == "めざす姿に追記しました。"
    assert opinions[1].response is None


def test_a_wording_can_be_given_its_meaning(tmp_path: Path, draft: Plan) -> None:
    path = saved(committee_workbook(), tmp_path / "sheet.xlsx")
    options = SheetOptions(dispositions={"参考とします": Disposition.LATER})
    result = read_opinion_sheet(path, draft, meeting=4, options=options)
    assert result.opinions.opinions[2].disposition is Disposition.LATER
    assert "sheet-unknown-disposition" not in _codes(result.findings)


@pytest.mark.parametrize(
    ("written", "expected"),
    [
        ("反映", Disposition.REFLECTED),
        ("一部反映", Disposition.PARTLY),
        ("反映しない", Disposition.NOT_REFLECTED),
        ("記載済み", Disposition.COVERED),
        ("今後検討", Disposition.LATER),
        ("未定", Disposition.UNDECIDED),
        ("", Disposition.UNDECIDED),
        ("ご意見を踏まえ、修正します。", Disposition.REFLECTED),
        ("御意見を踏まえ修正します", Disposition.REFLECTED),
        ("ご意見の趣旨は既に盛り込まれています。", Disposition.COVERED),
        ("一部修正", Disposition.PARTLY),
        ("原案のとおりとします", Disposition.NOT_REFLECTED),
        ("参考", None),
        ("今後の参考とさせていただきます。", None),
        ("その他", None),
        ("検討中", None),
        ("A", None),
    ],
)
def test_disposition_wordings(written: str, expected: Disposition | None) -> None:
    assert read_disposition(written) is expected


@pytest.mark.parametrize(
    ("written", "expected"),
    [("1", "1"), ("①", "1"), ("(1)", "1"), ("（１）", "1"), ("No.3", "3"), ("2-(1)", "2-1"),
     ("ア", None), ("※", None)],
)  # fmt: skip
def test_opinion_numbers(written: str, expected: str | None) -> None:
    assert number_id(written) == expected


def test_a_public_comment_table(tmp_path: Path, draft: Plan) -> None:
    path = saved(public_comment_workbook(), tmp_path / "パブコメ.xlsx")
    result = read_opinion_sheet(path, draft, meeting=4)
    opinions = result.opinions.opinions
    assert [o.id for o in opinions] == ["op-1", "op-2", "op-3"]
    assert [o.scope for o in opinions] == [None, "inclusion", None]  # 全体, title, p.5
    assert [o.disposition for o in opinions] == [
        Disposition.COVERED,
        Disposition.PARTLY,
        Disposition.UNDECIDED,
    ]
    assert opinions[0].response == "第1章に記載しています。"
    assert [o.speaker for o in opinions] == [None, None, None]
    codes = _codes(result.findings)
    assert codes.count("sheet-unresolved-place") == 1  # p.5 only: 全体 is the whole plan
    assert "ページ" in str(result.findings[codes.index("sheet-unresolved-place")].message)


def _table(rows: list[list[str | None]], path: Path) -> Path:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    for values in rows:
        sheet.append(values)
    return saved(workbook, path)


def test_other_headings_mapped_with_an_option(tmp_path: Path, draft: Plan) -> None:
    path = _table(
        [["No", "ご提案", "分野名"], ["1", "提案です", "デジタル人材"]], tmp_path / "t.xlsx"
    )
    with pytest.raises(LoadError, match="意見の表が見つかりません"):
        read_opinion_sheet(path, draft, meeting=4)
    options = SheetOptions(columns={Role.TEXT: "ご提案", Role.PLACE: "分野名"})
    (opinion,) = read_opinion_sheet(path, draft, meeting=4, options=options).opinions.opinions
    assert (opinion.text, opinion.scope) == ("提案です", "talent")


def test_a_heading_named_in_the_option_must_be_there(tmp_path: Path, draft: Plan) -> None:
    path = _table([["番号", "意見"], ["1", "x"]], tmp_path / "t.xlsx")
    with pytest.raises(LoadError, match="ご意見"):
        read_opinion_sheet(
            path, draft, meeting=4, options=SheetOptions(columns={Role.TEXT: "ご意見"})
        )


def test_two_opinion_columns_are_refused_at_their_heading(tmp_path: Path, draft: Plan) -> None:
    path = _table([["番号", "意見の概要", "意見の内容"], ["1", "a", "b"]], tmp_path / "t.xlsx")
    with pytest.raises(LoadError) as caught:
        read_opinion_sheet(path, draft, meeting=4)
    assert (caught.value.location.line, caught.value.location.column) == (1, 3)
    assert "--column" in str(caught.value)


def test_a_second_heading_row_joins_the_first(tmp_path: Path, draft: Plan) -> None:
    path = _table(
        [
            ["番号", "意見", "事務局記入欄", None],
            [None, None, "対応", "考え方"],
            ["1", "意見です", "反映", "直しました"],
        ],
        tmp_path / "t.xlsx",
    )
    (opinion,) = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert (opinion.disposition, opinion.response) == (Disposition.REFLECTED, "直しました")


def test_a_formula_like_text_is_read_as_text(tmp_path: Path, draft: Plan) -> None:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["番号", "意見"])
    sheet.append(["1", None])
    sheet["B2"].value = "=1+1 は数式ではありません"
    sheet["B2"].data_type = "s"
    path = saved(workbook, tmp_path / "t.xlsx")
    (opinion,) = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert opinion.text == "=1+1 は数式ではありません"


def test_ooxml_escapes_are_decoded(tmp_path: Path, draft: Plan) -> None:
    path = _table([["番号", "意見"], ["1", "一行目_x000D_\n二行目"]], tmp_path / "t.xlsx")
    (opinion,) = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert opinion.text == "一行目\r\n二行目"


def test_ids_follow_the_order_when_numbers_repeat(tmp_path: Path, draft: Plan) -> None:
    path = _table([["番号", "意見"], ["1", "a"], ["1", "b"], ["ア", "c"]], tmp_path / "t.xlsx")
    result = read_opinion_sheet(path, draft, meeting=4)
    assert [o.id for o in result.opinions.opinions] == ["op-1", "op-2", "op-3"]
    assert "sheet-ids-in-order" in _codes(result.findings)


def test_a_later_heading_row_starts_a_new_table(tmp_path: Path, draft: Plan) -> None:
    path = _table(
        [
            ["番号", "意見"],
            ["1", "委員会の意見"],
            [None, None],
            ["番号", "該当箇所", "意見の概要"],
            ["2", "データの利活用", "パブコメの意見"],
        ],
        tmp_path / "t.xlsx",
    )
    opinions = read_opinion_sheet(path, draft, meeting=4).opinions.opinions
    assert [(o.text, o.scope) for o in opinions] == [
        ("委員会の意見", None),
        ("パブコメの意見", "data"),
    ]


@pytest.mark.parametrize(
    ("place", "outcome", "scope"),
    [
        ("", Outcome.EMPTY, None),
        ("全体", Outcome.WHOLE, None),
        ("デジタル人材", Outcome.RESOLVED, "talent"),
        ("p.12 行政経営分野", Outcome.RESOLVED, "admin-field"),
        ("行政経営分野 住民の利便性の向上", Outcome.RESOLVED, "admin-field"),
        ("自治体のデジタル人材の育成", Outcome.RESOLVED, "admin-field"),
        ("「限られたデジタル人材を最適化」について", Outcome.RESOLVED, "talent"),
        ("人材", Outcome.AMBIGUOUS, None),
        ("p.3", Outcome.PAGE, None),
        ("12ページ", Outcome.PAGE, None),
        ("第2章 2(1)", Outcome.UNRESOLVED, None),
        ("観光業", Outcome.RESOLVED, "industry-field"),
    ],
)
def test_places(draft: Plan, place: str, outcome: Outcome, scope: str | None) -> None:
    resolution = PlaceIndex(draft).resolve(place)
    assert (resolution.outcome, resolution.scope) == (outcome, scope)


def test_places_by_heading_number_when_titles_carry_numbers(draft: Plan) -> None:
    pillars = list(draft.pillars)
    admin = pillars[2]
    fields = [admin.fields[0].model_copy(update={"title": "1　行政経営分野"})]
    sections = list(fields[0].sections)
    sections[0] = sections[0].model_copy(update={"title": "（1）住民の利便性の向上"})
    sections[2] = sections[2].model_copy(update={"title": "（3）質の高い自治体運営"})
    fields[0] = fields[0].model_copy(update={"sections": tuple(sections)})
    pillars[2] = admin.model_copy(
        update={"title": "第2章　「行政経営」を支えるDX", "fields": tuple(fields)}
    )
    numbered = draft.model_copy(update={"pillars": tuple(pillars)})
    index = PlaceIndex(numbered)
    assert index.resolve("第2章 1(3)").node == "quality"
    assert index.resolve("第２章１（１）").node == "convenience"
    assert index.resolve("第二章 1").node == "admin-field"
    assert index.resolve("住民の利便性の向上").node == "convenience"  # the title without its number
    assert index.resolve("第2章 1(9)").outcome is Outcome.UNRESOLVED
